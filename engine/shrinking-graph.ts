/**
 * The graph a contraction hierarchy is built in: each node's live edges out and in, with their far
 * end, time and length side by side in typed arrays (a witness search walks them in order, not by
 * edge id across the whole graph), and room to grow as shortcuts are added. A node's edges are
 * taken off its neighbours' lists when it is contracted; its own lists then hold exactly its edges
 * to the nodes contracted after it.
 */

/** Per-node lists of (far node, time, length), each node's entries contiguous from `at[v]`. */
export class NodeLists {
  readonly at: Uint32Array;
  readonly count: Uint32Array;
  private readonly cap: Uint32Array;
  node: Uint32Array;
  timeDs: Uint32Array;
  lengthM: Float64Array;
  private end = 0;

  /** Room for `room(v)` entries at each node to begin with. */
  constructor(n: number, room: (v: number) => number) {
    this.at = new Uint32Array(n);
    this.count = new Uint32Array(n);
    this.cap = new Uint32Array(n);
    for (let v = 0; v < n; v++) {
      this.at[v] = this.end;
      this.cap[v] = room(v);
      this.end += this.cap[v];
    }
    this.node = new Uint32Array(this.end);
    this.timeDs = new Uint32Array(this.end);
    this.lengthM = new Float64Array(this.end);
  }

  push(v: number, x: number, t: number, m: number): void {
    if (this.count[v] === this.cap[v]) this.move(v);
    const i = this.at[v] + this.count[v]++;
    this.node[i] = x;
    this.timeDs[i] = t;
    this.lengthM[i] = m;
  }

  /** Index of v's entry for x, or -1. */
  find(v: number, x: number): number {
    for (let i = this.at[v], end = i + this.count[v]; i < end; i++) if (this.node[i] === x) return i;
    return -1;
  }

  /** Removes entry i of v's list (the last entry takes its place). */
  removeAt(v: number, i: number): void {
    const last = this.at[v] + --this.count[v];
    this.node[i] = this.node[last];
    this.timeDs[i] = this.timeDs[last];
    this.lengthM[i] = this.lengthM[last];
  }

  /** Moves v's full list to the end with twice the room (the old space is left unused). */
  private move(v: number): void {
    const cap = Math.max(4, 2 * this.cap[v]);
    if (this.end + cap > this.node.length) {
      const size = Math.max(2 * this.node.length, this.end + cap);
      const widen = <T extends Uint32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
      this.node = widen(this.node, new Uint32Array(size));
      this.timeDs = widen(this.timeDs, new Uint32Array(size));
      this.lengthM = widen(this.lengthM, new Float64Array(size));
    }
    const from = this.at[v];
    const k = this.count[v];
    this.node.copyWithin(this.end, from, from + k);
    this.timeDs.copyWithin(this.end, from, from + k);
    this.lengthM.copyWithin(this.end, from, from + k);
    this.at[v] = this.end;
    this.cap[v] = cap;
    this.end += cap;
  }
}

export class ShrinkingGraph {
  /** Out-edges: far node = head. */
  readonly outs: NodeLists;
  /** In-edges: far node = tail. */
  readonly ins: NodeLists;

  constructor(n: number, outRoom: (v: number) => number, inRoom: (v: number) => number) {
    this.outs = new NodeLists(n, outRoom);
    this.ins = new NodeLists(n, inRoom);
  }

  /** Adds u→w, or improves the existing u→w when this one is better (faster, or as fast and shorter). */
  addOrImprove(u: number, w: number, t: number, m: number): void {
    const i = this.outs.find(u, w);
    if (i < 0) {
      this.outs.push(u, w, t, m);
      this.ins.push(w, u, t, m);
      return;
    }
    if (t < this.outs.timeDs[i] || (t === this.outs.timeDs[i] && m < this.outs.lengthM[i])) {
      const j = this.ins.find(w, u);
      this.outs.timeDs[i] = this.ins.timeDs[j] = t;
      this.outs.lengthM[i] = this.ins.lengthM[j] = m;
    }
  }

  /** Takes v's edges off its neighbours' lists. */
  detach(v: number): void {
    const { outs, ins } = this;
    for (let i = ins.at[v], end = i + ins.count[v]; i < end; i++) {
      const u = ins.node[i];
      outs.removeAt(u, outs.find(u, v));
    }
    for (let i = outs.at[v], end = i + outs.count[v]; i < end; i++) {
      const w = outs.node[i];
      ins.removeAt(w, ins.find(w, v));
    }
  }
}
