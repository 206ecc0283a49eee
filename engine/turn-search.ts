/**
 * Edge-based Dijkstra over a TurnGraph (the full graph's TurnModel, or its core): the state is a directed edge, so what a turn costs (or
 * whether it is allowed) can depend on the edge a car arrives by. Two directions:
 *
 * - forward (from a place out): the label of edge f is the time a car *enters* f at its tail, the
 *   turn onto it paid. Entering f costs label(e) + time(e) + turn(e, f) from e into f's tail.
 * - reverse (towards a place; "from people to a service"): the label of edge e is the time from
 *   *arriving at e's head* to the target. It is label(f) + time(f) + turn(e, f) over f out of e's head.
 *
 * Either way a label is final once settled, and a place part-way along edge e at t (0 at its tail,
 * 1 at its head) is read off e's label with no turn to evaluate: forward label(e) + t·time(e),
 * reverse (1 − t)·time(e) + label(e). Seeds at a node start (or end) with no turn; seeds on an edge
 * pay the turn from (or onto) it. The search owns its buffers and resets only what it touched.
 */
import { TurnQueue } from "./turn-queue.ts";
import { InvalidInputError, throwIfAborted } from "./errors.ts";
import { MAX_CUTOFF_DS, UNREACHED } from "./units.ts";
import { FORBIDDEN, type TurnGraph } from "./turns.ts";
import type { TurnRows } from "./turn-table.ts";

const INT32_MAX = 0x7fffffff;

export type TurnDirection = "forward" | "reverse";

/**
 * Where a search starts (forward) or what it searches towards (reverse): nodes, with the time (ds)
 * and length (m) already covered there; and edges, forward arrived at the edge's head having
 * covered `edgeDs` (the car then turns off it), reverse to be entered with `edgeDs` still to go
 * along it after entering (the car turns onto it).
 */
export interface TurnSeeds {
  nodes?: ArrayLike<number>;
  nodeDs?: ArrayLike<number>;
  nodeM?: ArrayLike<number>;
  edges?: ArrayLike<number>;
  edgeDs?: ArrayLike<number>;
  edgeM?: ArrayLike<number>;
}

export interface TurnSearchOptions {
  /** Labels beyond this time (ds) are not kept. Default 180 min. */
  cutoffDs?: number;
  /** Stop once all these edges are settled. */
  targetEdges?: ArrayLike<number>;
  /**
   * Keep each label's length (labelM, and the lengths read back). Default true; false when only
   * times are wanted (a surface): the times are the same, the run a little faster, lengths NaN.
   */
  trackLength?: boolean;
  signal?: AbortSignal;
}

/**
 * Reading a search's labels at nodes and at points along edges of the full graph, whatever ran
 * the search: TurnSearch itself, or TurnCoreSearch on the core.
 */
export abstract class TurnLabels {
  abstract readonly model: TurnGraph;
  abstract readonly direction: TurnDirection;
  /**
   * The last run's seeds as times at nodes, read back by nodeDs and nodeM: a node seed at its node;
   * an edge seed forward at the edge's head (arrived there), reverse at its tail (about to enter).
   */
  protected seedNodes: number[] = [];
  protected seedDs: number[] = [];
  protected seedM: number[] = [];
  /** The length (m) that goes with the last `label` or `edgeDs` read. */
  lastM = 0;

  /** Label (ds) of full-graph edge e, UNREACHED when none; sets lastM to its length. */
  protected abstract label(e: number): number;

  /** Records the seeds as times at nodes (see seedNodes). */
  protected keepSeeds(seeds: TurnSeeds): void {
    const { head, tail } = this.model;
    const forward = this.direction === "forward";
    this.seedNodes = [];
    this.seedDs = [];
    this.seedM = [];
    const keep = (v: number, ds: ArrayLike<number> | undefined, m: ArrayLike<number> | undefined, i: number) => {
      this.seedNodes.push(v);
      this.seedDs.push(ds ? Math.round(ds[i]) : 0);
      this.seedM.push(m ? m[i] : 0);
    };
    const nodes = seeds.nodes ?? [];
    for (let i = 0; i < nodes.length; i++) keep(nodes[i], seeds.nodeDs, seeds.nodeM, i);
    const edges = seeds.edges ?? [];
    for (let i = 0; i < edges.length; i++) keep(forward ? head[edges[i]] : tail[edges[i]], seeds.edgeDs, seeds.edgeM, i);
  }

  /**
   * Time (ds) at a node: forward, the earliest arrival there (over its in-edges, or as a seed);
   * reverse, the least time from leaving it (over its out-edges, or as a target). UNREACHED when
   * none. Its length (nodeM's) is left in lastM.
   */
  nodeDs(v: number): number {
    return this.atNode(v, false);
  }

  /** Length (m) of the path nodeDs reads (of several as fast, the shortest); NaN when unreached. */
  nodeM(v: number): number {
    return this.atNode(v, true);
  }

  private atNode(v: number, wantM: boolean): number {
    const { firstOut, firstIn, inEdge, timeDs: w, lengthM: len } = this.model;
    let best = UNREACHED;
    let bestM = NaN;
    let l: number;
    for (let i = 0; i < this.seedNodes.length; i++) {
      if (this.seedNodes[i] !== v) continue;
      const t = this.seedDs[i], m = this.seedM[i];
      if (t < best || (t === best && m < bestM)) (best = t), (bestM = m);
    }
    if (this.direction === "forward") {
      for (let k = firstIn[v]; k < firstIn[v + 1]; k++) {
        const e = inEdge[k];
        if ((l = this.label(e)) === UNREACHED) continue;
        const t = l + w[e], m = this.lastM + len[e];
        if (t < best || (t === best && m < bestM)) (best = t), (bestM = m);
      }
    } else {
      for (let f = firstOut[v]; f < firstOut[v + 1]; f++) {
        if ((l = this.label(f)) === UNREACHED) continue;
        const t = l + w[f], m = this.lastM + len[f];
        if (t < best || (t === best && m < bestM)) (best = t), (bestM = m);
      }
    }
    this.lastM = bestM;
    return wantM ? bestM : best;
  }

  /**
   * Time (ds) at a point part-way along edge e (t from 0 at its tail to 1 at its head): forward,
   * reaching it along e; reverse, from it along the rest of e to the target. UNREACHED when e is
   * not labelled; the length (m) in lastM.
   */
  edgeDs(e: number, t: number): number {
    const label = this.label(e);
    if (label === UNREACHED) return UNREACHED;
    const share = this.direction === "forward" ? t : 1 - t;
    this.lastM += share * this.model.lengthM[e];
    return label + share * this.model.timeDs[e];
  }

  /** edgeDs with its length, or null when e is not labelled. */
  atEdge(e: number, t: number): { timeDs: number; lengthM: number } | null {
    const timeDs = this.edgeDs(e, t);
    return timeDs === UNREACHED ? null : { timeDs, lengthM: this.lastM };
  }
}

export class TurnSearch extends TurnLabels {
  /** Label per edge (see the file's comment); UNREACHED where not reached. Valid until the next run. */
  readonly labelDs: Uint32Array;
  /** Length (m) of the fastest path per labelled edge (of several as fast, the shortest), same convention. */
  readonly labelM: Float64Array;
  /**
   * What the loop walks, as a forward search over "slots": forward, slot = edge and the graph as
   * it is; reverse, slot = the edge's place in the in-edge CSR (`order` maps it back), so that the
   * edges into a node, which a reverse search labels together, lie side by side in memory as a
   * forward search's edges out of a node do. Per slot: the node it leads to, its time, length and
   * turn-table row; per node, its first slot out.
   */
  private readonly order: Uint32Array | null;
  private readonly slotOf: Uint32Array | null;
  private readonly slotFirst: Uint32Array;
  private readonly slotHead: Uint32Array;
  private readonly slotDs: Uint32Array;
  private readonly slotM: Float32Array;
  private readonly slotRow: Uint32Array;
  /** Labels by slot (labelDs itself going forward), also read as int32 (UNREACHED is −1; every time is below 2³¹). */
  private readonly slotLabel: Uint32Array;
  private readonly slotLabelI32: Int32Array;
  private readonly slotLabelM: Float64Array;
  private readonly turnCost: Int32Array;
  private readonly heap: TurnQueue;
  /** Slots the last run labelled. */
  private readonly touched: Uint32Array;
  private touchedCount = 0;
  private readonly targetMark: Uint32Array;
  private generation = 0;
  /** Whether the last run kept lengths (TurnSearchOptions.trackLength); labelM is stale when not. */
  lengthsKept = true;
  constructor(readonly model: TurnGraph, readonly direction: TurnDirection) {
    super();
    const m = model.edgeCount;
    const rows = model.turnRows(direction);
    this.turnCost = rows.cost;
    this.labelDs = new Uint32Array(m).fill(UNREACHED);
    this.labelM = new Float64Array(m);
    if (direction === "forward") {
      this.order = this.slotOf = null;
      this.slotFirst = model.firstOut;
      this.slotHead = model.head;
      this.slotDs = model.timeDs;
      this.slotM = model.lengthM;
      this.slotRow = rows.start;
      this.slotLabel = this.labelDs;
      this.slotLabelM = this.labelM;
    } else {
      const order = (this.order = model.inEdge);
      this.slotOf = new Uint32Array(m);
      for (let k = 0; k < m; k++) this.slotOf[order[k]] = k;
      this.slotFirst = model.firstIn;
      this.slotHead = Uint32Array.from(order, (e) => model.tail[e]);
      this.slotDs = Uint32Array.from(order, (e) => model.timeDs[e]);
      this.slotM = Float32Array.from(order, (e) => model.lengthM[e]);
      this.slotRow = Uint32Array.from(order, (e) => rows.start[e]);
      this.slotLabel = new Uint32Array(m).fill(UNREACHED);
      this.slotLabelM = new Float64Array(m);
    }
    this.slotLabelI32 = new Int32Array(this.slotLabel.buffer);
    // The longest step the search takes: an edge, then a turn.
    let span = 0;
    for (let e = 0; e < m; e++) if (model.timeDs[e] > span) span = model.timeDs[e];
    let turn = 0;
    for (const c of rows.cost) if (c > turn) turn = c;
    this.heap = new TurnQueue(m, span + turn);
    this.touched = new Uint32Array(m);
    this.targetMark = new Uint32Array(m);
  }

  /** Runs from (forward) or towards (reverse) the seeds. Returns the number of settled edges. */
  run(seeds: TurnSeeds, options: TurnSearchOptions = {}): number {
    const cutoffDs = options.cutoffDs ?? MAX_CUTOFF_DS;
    if (!(cutoffDs >= 0 && cutoffDs < UNREACHED)) throw new InvalidInputError(`cutoffDs must be a non-negative time, got ${cutoffDs}`, "cutoffDs", cutoffDs);
    // Labels stay below 2³¹ ds (68 years), so that they read as int32 in the loop below.
    const cutoff = Math.min(cutoffDs, INT32_MAX);
    const model = this.model;
    const { firstOut, head, tail, firstIn, inEdge } = model;
    const n = model.nodeCount;
    const m = model.edgeCount;
    const forward = this.direction === "forward";
    this.lengthsKept = options.trackLength !== false;
    const order = this.order;
    const slotOf = this.slotOf;
    const label = this.slotLabel;
    const labelM = this.slotLabelM;
    const heap = this.heap;
    for (let i = 0; i < this.touchedCount; i++) {
      const k = this.touched[i];
      label[k] = UNREACHED;
      if (order) this.labelDs[order[k]] = UNREACHED;
    }
    this.touchedCount = 0;
    heap.clear();

    /** Offers edge f (a graph edge id) the label t with length len. */
    const offer = (f: number, t: number, len: number) => {
      if (t > cutoff) return;
      const k = slotOf ? slotOf[f] : f;
      if (t < label[k] || (t === label[k] && len < labelM[k])) {
        if (label[k] === UNREACHED) this.touched[this.touchedCount++] = k;
        label[k] = t;
        labelM[k] = len;
        heap.push(k, t);
      }
    };

    this.keepSeeds(seeds);
    const nodes = seeds.nodes ?? [];
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i];
      if (!(v >= 0 && v < n && Number.isInteger(v))) throw new InvalidInputError(`seed node ${v} is not in the graph`, "nodes", v);
      const t = seeds.nodeDs ? Math.round(seeds.nodeDs[i]) : 0;
      const len = seeds.nodeM ? seeds.nodeM[i] : 0;
      if (forward) for (let f = firstOut[v]; f < firstOut[v + 1]; f++) offer(f, t, len);
      else for (let k = firstIn[v]; k < firstIn[v + 1]; k++) offer(inEdge[k], t, len);
    }
    const edges = seeds.edges ?? [];
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i];
      if (!(e >= 0 && e < m && Number.isInteger(e))) throw new InvalidInputError(`seed edge ${e} is not in the graph`, "edges", e);
      const t = seeds.edgeDs ? Math.round(seeds.edgeDs[i]) : 0;
      const len = seeds.edgeM ? seeds.edgeM[i] : 0;
      if (forward) {
        const v = head[e];
        for (let f = firstOut[v]; f < firstOut[v + 1]; f++) {
          const c = model.turnDs(e, f);
          if (c !== FORBIDDEN) offer(f, t + c, len);
        }
      } else {
        const u = tail[e];
        for (let k = firstIn[u]; k < firstIn[u + 1]; k++) {
          const g = inEdge[k];
          const c = model.turnDs(g, e);
          if (c !== FORBIDDEN) offer(g, t + c, len);
        }
      }
    }

    const gen = ++this.generation;
    const mark = this.targetMark;
    let targetsLeft = -1;
    const targets = options.targetEdges;
    if (targets && targets.length > 0) {
      targetsLeft = 0;
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        if (!(t >= 0 && t < m)) throw new InvalidInputError(`target edge ${t} is not in the graph`, "targetEdges", t);
        const k = slotOf ? slotOf[t] : t;
        if (mark[k] !== gen) {
          mark[k] = gen;
          targetsLeft++;
        }
      }
    }

    // The hot loop, one for both directions over slots: turn costs read from the table (FORBIDDEN
    // is negative), nothing allocated, and the labels read as int32 (UNREACHED is −1 there), so
    // that V8 keeps every number a small integer.
    const at = this.slotLabelI32;
    const { slotFirst: first, slotHead: to, slotDs: w, slotM: len, slotRow: rowStart, turnCost } = this;
    const touched = this.touched;
    const track = this.lengthsKept;
    let touchedCount = this.touchedCount;
    let settled = 0;
    while (heap.length > 0) {
      const e = heap.pop();
      settled++;
      if (targetsLeft > 0 && mark[e] === gen && --targetsLeft === 0) break;
      if ((settled & 0xffff) === 0) throwIfAborted(options.signal);
      const through = at[e] + w[e];
      if (through > cutoff) continue;
      const throughM = track ? labelM[e] + len[e] : 0;
      const v = to[e];
      const begin = first[v];
      const row = rowStart[e] - begin;
      for (let f = begin, end = first[v + 1]; f < end; f++) {
        const c = turnCost[row + f];
        if (c < 0) continue;
        const t = through + c;
        const old = at[f];
        if (t > cutoff || (old >= 0 && (t > old || (t === old && (!track || throughM >= labelM[f]))))) continue;
        if (old < 0) touched[touchedCount++] = f;
        at[f] = t;
        if (track) labelM[f] = throughM;
        heap.push(f, t);
      }
    }
    this.touchedCount = touchedCount;
    // Reverse: the labels back from slots to edge ids.
    if (order) {
      for (let i = 0; i < touchedCount; i++) {
        const k = touched[i];
        this.labelDs[order[k]] = label[k];
        if (track) this.labelM[order[k]] = labelM[k];
      }
    }
    return settled;
  }

  protected label(e: number): number {
    this.lastM = this.lengthsKept ? this.labelM[e] : NaN;
    return this.labelDs[e];
  }
}
