/**
 * A contraction hierarchy over the core graph (Geisberger et al. 2008): the core's nodes are
 * contracted one by one, least important first, and a shortcut u→w stands in for u→v→w wherever
 * no other path is as good without v. A search from either end then only climbs to more important
 * nodes, and settles a few hundred nodes where a plain search settles the whole core.
 *
 * "As good" is the plain search's order: less time, and of paths as fast the shorter (lengths ride
 * along with times in every edge and shortcut), so the hierarchy's trips are the plain search's.
 */
import type { Adjacency, RoadGraph } from "./graph.ts";
import { NodeHeap } from "./heap.ts";
import { coreView } from "./core.ts";
import { CorruptDataError, throwIfAborted } from "./errors.ts";
import { ShrinkingGraph, type NodeLists } from "./shrinking-graph.ts";

/** One direction of the hierarchy's edges, per node, as compressed sparse rows. */
export interface HierarchyEdges {
  readonly firstOut: Uint32Array;
  readonly head: Uint32Array;
  readonly timeDs: Uint32Array;
  /** Length (m); 64-bit, as the search sums them, so a shortcut is its two halves' exact sum. */
  readonly lengthM: Float64Array;
}

export interface Hierarchy {
  /** Core nodes (the ids of the core view it was built over). */
  readonly nodeCount: number;
  /** Contraction order: 0 for the first node contracted (least important). */
  readonly rank: Uint32Array;
  /** Edges u→v with rank[v] > rank[u], listed at u: what a forward search climbs. */
  readonly up: HierarchyEdges;
  /** Edges u→v with rank[u] > rank[v], listed at v with head u: what a backward search climbs. */
  readonly down: HierarchyEdges;
  /** checksum of the core graph it was built over (hierarchyFingerprint), so a stale one is refused. */
  readonly fingerprint: number;
}

export interface HierarchyOptions {
  /** Nodes a witness search may settle before it gives up (and the shortcut is kept). Default 60. */
  witnessSettleLimit?: number;
  /**
   * The same limit while only counting shortcuts for a node's priority. Default 10. Measured on the
   * GENERATED Uusimaa-sized core (90k nodes, 317k edges): 60, as when contracting, built in 48 s
   * against 16 s for 5, for 10 % fewer shortcuts. Wall times are too noisy on a shared machine to
   * tune further by, so then by the edges witness searches relax (the build's work): 10, with the
   * weights of the priority below, 178 M relaxations and 664k hierarchy edges, against 215 M and
   * 759k for 5 with edge difference and contracted neighbours weighed alike. Lower limits add so
   * many shortcuts that the top of the hierarchy grows dense and the build slower again.
   */
  estimateSettleLimit?: number;
  /** Told the nodes contracted so far, every 1024 of them. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** FNV-1a over the core graph's structure, times and lengths: which graph a hierarchy belongs to. */
function hierarchyFingerprint(adj: Adjacency): number {
  let h = 0x811c9dc5;
  const mix = (a: Uint32Array) => {
    for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a[i], 0x01000193);
  };
  mix(adj.firstOut);
  mix(adj.head);
  mix(adj.timeDs);
  mix(new Uint32Array(adj.lengthM.buffer, adj.lengthM.byteOffset, adj.lengthM.length));
  return h >>> 0;
}

/** A bounded Dijkstra over the live graph that never enters one node: is there a path as good without it? */
class WitnessSearch {
  private readonly timeDs: Uint32Array;
  private readonly lengthM: Float64Array;
  private readonly stamp: Uint32Array;
  /** Generation stamps marking the current run's targets. */
  private readonly target: Uint32Array;
  private readonly heap: NodeHeap;
  private generation = 0;

  constructor(n: number) {
    this.target = new Uint32Array(n);
    this.timeDs = new Uint32Array(n);
    this.lengthM = new Float64Array(n);
    this.stamp = new Uint32Array(n);
    this.heap = new NodeHeap(n);
  }

  /**
   * Searches from `source` without entering `avoid`, until `maxDs`, `settleLimit` settled nodes,
   * or every head of `avoid`'s out-edges other than `source` is settled.
   */
  run(g: ShrinkingGraph, source: number, avoid: number, maxDs: number, settleLimit: number): void {
    const gen = ++this.generation;
    const { timeDs: time, lengthM: len, stamp, heap, target } = this;
    const { at, count, node, timeDs: edgeDs, lengthM: edgeM } = g.outs;
    let targetsLeft = 0;
    for (let i = at[avoid], end = i + count[avoid]; i < end; i++) {
      const w = node[i];
      if (w !== source && target[w] !== gen) {
        target[w] = gen;
        targetsLeft++;
      }
    }
    heap.clear();
    stamp[source] = gen;
    time[source] = 0;
    len[source] = 0;
    heap.push(source, 0);
    let settled = 0;
    while (heap.length > 0 && heap.peekKey() <= maxDs && settled++ < settleLimit) {
      const u = heap.pop();
      if (target[u] === gen && --targetsLeft === 0) break;
      const tu = time[u];
      const mu = len[u];
      for (let i = at[u], end = i + count[u]; i < end; i++) {
        const x = node[i];
        if (x === avoid) continue;
        const t = tu + edgeDs[i];
        const m = mu + edgeM[i];
        if (stamp[x] !== gen || t < time[x]) {
          stamp[x] = gen;
          time[x] = t;
          len[x] = m;
          heap.push(x, t);
        } else if (t === time[x] && m < len[x]) len[x] = m;
      }
    }
  }

  /** True when the last run found a path to x at least as good as (t, m). */
  covers(x: number, t: number, m: number): boolean {
    if (this.stamp[x] !== this.generation) return false;
    const tx = this.timeDs[x];
    return tx < t || (tx === t && this.lengthM[x] <= m);
  }
}

/** Keys are priorities shifted up, as the heap's keys are unsigned. */
const PRIORITY_BIAS = 1 << 20;

/**
 * Builds the hierarchy over a core graph (forward view). Nodes are contracted in order of edge
 * difference (shortcuts added minus edges removed, three times) plus contracted neighbours, kept lazily: a
 * node's priority is recomputed when it comes off the queue and when a neighbour is contracted.
 */
export function buildHierarchy(adj: Adjacency, options: HierarchyOptions = {}): Hierarchy {
  const n = adj.nodeCount;
  const limit = options.witnessSettleLimit ?? 60;
  const simLimit = options.estimateSettleLimit ?? 10;
  const rev = new Uint32Array(n);
  for (let e = 0; e < adj.head.length; e++) rev[adj.head[e]]++;
  const g = new ShrinkingGraph(n, (v) => adj.firstOut[v + 1] - adj.firstOut[v] + 2, (v) => rev[v] + 2);
  for (let u = 0; u < n; u++) {
    for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++) {
      if (adj.head[e] !== u) g.addOrImprove(u, adj.head[e], adj.timeDs[e], adj.lengthM[e]);
    }
  }
  const witness = new WitnessSearch(n);
  const deleted = new Uint32Array(n);
  const rank = new Uint32Array(n);
  const queue = new NodeHeap(n);
  const order: number[] = [];

  /** Shortcuts that contracting v needs; added to the graph when `apply`. */
  const contract = (v: number, apply: boolean): number => {
    // v's own lists stay where they are while shortcuts go in (only u's and w's grow), but the
    // lists' arrays may be replaced as they grow: read them through g each time.
    const { outs, ins } = g;
    const o0 = outs.at[v], on = outs.count[v];
    const i0 = ins.at[v], inN = ins.count[v];
    let maxOut = 0;
    for (let b = 0; b < on; b++) maxOut = Math.max(maxOut, outs.timeDs[o0 + b]);
    let shortcuts = 0;
    for (let a = 0; a < inN; a++) {
      const u = ins.node[i0 + a];
      const t1 = ins.timeDs[i0 + a];
      const m1 = ins.lengthM[i0 + a];
      if (on === 0 || (on === 1 && outs.node[o0] === u)) continue;
      witness.run(g, u, v, t1 + maxOut, apply ? limit : simLimit);
      for (let b = 0; b < on; b++) {
        const w = outs.node[o0 + b];
        if (w === u) continue;
        const t = t1 + outs.timeDs[o0 + b];
        const m = m1 + outs.lengthM[o0 + b];
        if (witness.covers(w, t, m)) continue;
        shortcuts++;
        if (apply) g.addOrImprove(u, w, t, m);
      }
    }
    return shortcuts;
  };
  // Edge difference weighed three times the contracted neighbours: fewer shortcuts (see estimateSettleLimit).
  const priority = (v: number) => 3 * (contract(v, false) - g.ins.count[v] - g.outs.count[v]) + deleted[v] + PRIORITY_BIAS;

  for (let v = 0; v < n; v++) queue.push(v, priority(v));
  while (queue.length > 0) {
    const v = queue.pop();
    const p = priority(v);
    if (queue.length > 0 && p > queue.peekKey()) {
      queue.push(v, p); // its priority rose since it was queued: not its turn yet
      continue;
    }
    if ((order.length & 0x3ff) === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(order.length, n);
    }
    contract(v, true);
    g.detach(v);
    rank[v] = order.length;
    order.push(v);
    const neighbours = new Set<number>();
    for (const lists of [g.ins, g.outs]) for (let i = lists.at[v], end = i + lists.count[v]; i < end; i++) neighbours.add(lists.node[i]);
    for (const x of neighbours) {
      deleted[x]++;
      queue.push(x, priority(x)); // lowers its key when it fell; a rise is caught when it comes off
    }
  }
  return {
    nodeCount: n,
    rank,
    up: rows(n, g.outs),
    down: rows(n, g.ins),
    fingerprint: hierarchyFingerprint(adj),
  };
}

/** Compressed rows of each node's remaining edges (those to higher ranks). */
function rows(n: number, lists: NodeLists): HierarchyEdges {
  const firstOut = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) firstOut[v + 1] = firstOut[v] + lists.count[v];
  const m = firstOut[n];
  const head = new Uint32Array(m);
  const timeDs = new Uint32Array(m);
  const lengthM = new Float64Array(m);
  for (let v = 0; v < n; v++) {
    const from = lists.at[v];
    const to = from + lists.count[v];
    head.set(lists.node.subarray(from, to), firstOut[v]);
    timeDs.set(lists.timeDs.subarray(from, to), firstOut[v]);
    lengthM.set(lists.lengthM.subarray(from, to), firstOut[v]);
  }
  return { firstOut, head, timeDs, lengthM };
}

const kept = new WeakMap<RoadGraph, Map<string, Hierarchy>>();

/**
 * The hierarchy kept for a graph and profile (built here or adopted from a file), if any. One,
 * over the forward core view, serves both directions: a trip to a place climbs the same shortcuts.
 */
export function keptHierarchy(graph: RoadGraph, profile: string): Hierarchy | undefined {
  return kept.get(graph)?.get(profile);
}

/** The hierarchy for a graph and profile: the kept one, or built now (seconds at region size) and kept. */
export function hierarchyFor(graph: RoadGraph, profile: string, options: HierarchyOptions = {}): Hierarchy {
  const known = keptHierarchy(graph, profile);
  if (known) return known;
  const h = buildHierarchy(coreView(graph, profile, "forward").adj, options);
  keepHierarchy(graph, profile, h);
  return h;
}

/** Keeps a hierarchy (e.g. read from a file) for a graph and profile; CorruptDataError when it was built over another graph. */
export function keepHierarchy(graph: RoadGraph, profile: string, h: Hierarchy): void {
  const adj = coreView(graph, profile, "forward").adj;
  if (h.nodeCount !== adj.nodeCount || h.fingerprint !== hierarchyFingerprint(adj)) {
    throw new CorruptDataError(`the hierarchy was built over another graph or profile than this ${profile} graph (fingerprint ${h.fingerprint})`, "fingerprint", h.fingerprint);
  }
  let byProfile = kept.get(graph);
  if (!byProfile) kept.set(graph, (byProfile = new Map()));
  byProfile.set(profile, h);
}
