/**
 * Many-to-many times on a contraction hierarchy with buckets (Knopp et al. 2007): one upward
 * search backward from each target leaves, at every node it settles, a bucket entry (target, time,
 * length); one upward search forward from a source then meets them all by scanning the buckets of
 * the nodes it settles. Both searches stall on demand (a node reached faster from above is not
 * expanded). Sources and targets are full-graph nodes, taken to and from the core as CoreSearch does,
 * so the times and lengths equal a CoreSearch's `timeAt` and `lengthAt` at the targets.
 */
import { coreSeeds, type CoreView } from "./core.ts";
import type { Hierarchy, HierarchyEdges } from "./hierarchy.ts";
import { NodeHeap } from "./heap.ts";
import { UNREACHED } from "./units.ts";

/** A search that only climbs: `climb` edges from each node, stalled through `stallBy`. */
class UpwardSearch {
  readonly timeDs: Uint32Array;
  readonly lengthM: Float64Array;
  /** Nodes settled and not stalled, in order; valid until the next run. */
  readonly settled: Uint32Array;
  settledCount = 0;
  private readonly stamp: Uint32Array;
  private readonly heap: NodeHeap;
  private generation = 0;

  constructor(n: number, private readonly climb: HierarchyEdges, private readonly stallBy: HierarchyEdges) {
    this.timeDs = new Uint32Array(n);
    this.lengthM = new Float64Array(n);
    this.settled = new Uint32Array(n);
    this.stamp = new Uint32Array(n);
    this.heap = new NodeHeap(n);
  }

  run(sources: ArrayLike<number>, offsetsDs: ArrayLike<number>, offsetsM: ArrayLike<number>): void {
    const gen = ++this.generation;
    const { timeDs: time, lengthM: len, stamp, heap, settled } = this;
    heap.clear();
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      const t = offsetsDs[i];
      const m = offsetsM[i];
      if (stamp[s] === gen && (t > time[s] || (t === time[s] && m >= len[s]))) continue;
      stamp[s] = gen;
      time[s] = t;
      len[s] = m;
      heap.push(s, t);
    }
    const { firstOut, head, timeDs: w, lengthM: wm } = this.climb;
    const stall = this.stallBy;
    let count = 0;
    while (heap.length > 0) {
      const u = heap.pop();
      const tu = time[u];
      const mu = len[u];
      let stalled = false;
      for (let e = stall.firstOut[u], end = stall.firstOut[u + 1]; e < end; e++) {
        const x = stall.head[e];
        if (stamp[x] !== gen) continue;
        const t = time[x] + stall.timeDs[e];
        if (t < tu || (t === tu && len[x] + stall.lengthM[e] < mu)) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      settled[count++] = u;
      for (let e = firstOut[u], end = firstOut[u + 1]; e < end; e++) {
        const x = head[e];
        const t = tu + w[e];
        const m = mu + wm[e];
        if (stamp[x] !== gen || t < time[x]) {
          stamp[x] = gen;
          time[x] = t;
          len[x] = m;
          heap.push(x, t);
        } else if (t === time[x] && m < len[x]) len[x] = m; // as fast and shorter, as the plain search keeps
      }
    }
    this.settledCount = count;
  }
}

/**
 * Set the targets once (`setTargets`), then read one source's times and lengths to all of them per
 * `run`: by target (`timeDs[k]`, `lengthM[k]` for target k) or by node, as from a CoreSearch
 * (`timeAt`, `lengthAt`). Buffers are sized once; a run allocates nothing.
 */
export class BucketMatrix {
  /** Time (ds) from the last run's sources to each target, UNREACHED where none reaches it. */
  timeDs = new Uint32Array(0);
  /** Length (m) of that fastest path (of several as fast, the shortest); NaN where unreached. */
  lengthM = new Float64Array(0);
  /** Target index of each full-graph node, -1 for a node that is no target. */
  private readonly column: Int32Array;
  private targets: ArrayLike<number> = [];
  private cutoffDs = UNREACHED - 1;
  private readonly forward: UpwardSearch;
  private readonly backward: UpwardSearch;
  private bucketStart = new Uint32Array(0);
  private bucketTarget = new Uint32Array(0);
  private bucketDs = new Uint32Array(0);
  private bucketM = new Float64Array(0);
  /** Targets on chains by core edge: pairs (target, entry) flattened. */
  private chainTargets = new Map<number, number[]>();
  private readonly src: number[] = [];
  private readonly off: number[] = [];
  private readonly offM: number[] = [];
  /** The last run's sources on chains: (edge, atDs, atM, t0, m0) five numbers each. */
  private readonly chainSeeds: number[] = [];
  private readonly keepChainSeed = (edge: number, atDs: number, atM: number, t0: number, m0: number): void => {
    this.chainSeeds.push(edge, atDs, atM, t0, m0);
  };

  constructor(readonly hierarchy: Hierarchy, readonly view: CoreView) {
    const n = hierarchy.nodeCount;
    this.column = new Int32Array(view.coreOf.length).fill(-1);
    this.forward = new UpwardSearch(n, hierarchy.up, hierarchy.down);
    this.backward = new UpwardSearch(n, hierarchy.down, hierarchy.up);
  }

  /** Searches backward from each target (full-graph nodes) and fills the buckets. */
  setTargets(targets: ArrayLike<number>): void {
    const v = this.view;
    const n = this.hierarchy.nodeCount;
    const nodes: number[] = [], ks: number[] = [], ds: number[] = [], ms: number[] = [];
    const src: number[] = [], off: number[] = [], offM: number[] = [];
    this.chainTargets = new Map();
    for (let k = 0; k < this.targets.length; k++) this.column[this.targets[k]] = -1;
    this.targets = targets;
    for (let k = 0; k < targets.length; k++) {
      const x = targets[k];
      this.column[x] = k;
      src.length = off.length = offM.length = 0;
      const c = v.coreOf[x];
      if (c >= 0) {
        src.push(c);
        off.push(0);
        offM.push(0);
      }
      // A chain node is reached from its core edges' tails, a stretch of each edge later.
      for (let j = v.entryStart[x]; j < v.entryStart[x + 1]; j++) {
        const ce = v.entryEdge[j];
        src.push(v.edgeTail[ce]);
        off.push(v.entryDs[j]);
        offM.push(v.entryM[j]);
        const list = this.chainTargets.get(ce);
        if (list) list.push(k, j);
        else this.chainTargets.set(ce, [k, j]);
      }
      const b = this.backward;
      b.run(src, off, offM);
      for (let i = 0; i < b.settledCount; i++) {
        const u = b.settled[i];
        nodes.push(u);
        ks.push(k);
        ds.push(b.timeDs[u]);
        ms.push(b.lengthM[u]);
      }
    }
    // Bucket entries grouped by node (a counting sort), for the forward scans.
    const start = new Uint32Array(n + 1);
    for (const u of nodes) start[u + 1]++;
    for (let u = 0; u < n; u++) start[u + 1] += start[u];
    const fill = start.slice(0, n);
    const total = nodes.length;
    this.bucketTarget = new Uint32Array(total);
    this.bucketDs = new Uint32Array(total);
    this.bucketM = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      const slot = fill[nodes[i]]++;
      this.bucketTarget[slot] = ks[i];
      this.bucketDs[slot] = ds[i];
      this.bucketM[slot] = ms[i];
    }
    this.bucketStart = start;
    this.timeDs = new Uint32Array(targets.length);
    this.lengthM = new Float64Array(targets.length);
  }

  /** Time (ds) to a target node from the last run's sources, UNREACHED beyond the cutoff (or for a node that is no target). */
  timeAt(node: number): number {
    const k = this.column[node];
    return k >= 0 && this.timeDs[k] <= this.cutoffDs ? this.timeDs[k] : UNREACHED;
  }

  /** Length (m) of the fastest path to a target node (of several as fast, the shortest), NaN when unreached. */
  lengthAt(node: number): number {
    const k = this.column[node];
    return k >= 0 && this.timeDs[k] <= this.cutoffDs ? this.lengthM[k] : NaN;
  }

  /** Times and lengths from sources (full-graph nodes, with offsets) to every target; past `cutoffDs` read as unreached. */
  run(sources: ArrayLike<number>, offsetsDs: ArrayLike<number>, offsetsM: ArrayLike<number>, cutoffDs = UNREACHED - 1): void {
    this.cutoffDs = cutoffDs;
    const { src, off, offM, chainSeeds } = this;
    src.length = off.length = offM.length = chainSeeds.length = 0;
    coreSeeds(this.view, sources, offsetsDs, offsetsM, src, off, offM, this.keepChainSeed);
    const time = this.timeDs.fill(UNREACHED);
    const len = this.lengthM.fill(NaN);
    const f = this.forward;
    f.run(src, off, offM);
    const { bucketStart, bucketTarget, bucketDs, bucketM } = this;
    for (let i = 0; i < f.settledCount; i++) {
      const u = f.settled[i];
      const tu = f.timeDs[u];
      const mu = f.lengthM[u];
      for (let b = bucketStart[u], end = bucketStart[u + 1]; b < end; b++) {
        const k = bucketTarget[b];
        const t = tu + bucketDs[b];
        const m = mu + bucketM[b];
        if (t < time[k] || (t === time[k] && m < len[k])) {
          time[k] = t;
          len[k] = m;
        }
      }
    }
    // A source on a chain reaches the targets further along the same chain without a core node.
    const v = this.view;
    for (let s = 0; s < chainSeeds.length; s += 5) {
      const list = this.chainTargets.get(chainSeeds[s]);
      if (!list) continue;
      const atDs = chainSeeds[s + 1], atM = chainSeeds[s + 2], t0 = chainSeeds[s + 3], m0 = chainSeeds[s + 4];
      for (let i = 0; i < list.length; i += 2) {
        const k = list[i];
        const j = list[i + 1];
        if (atDs > v.entryDs[j]) continue;
        const t = t0 + v.entryDs[j] - atDs;
        const m = m0 + v.entryM[j] - atM;
        if (t < time[k] || (t === time[k] && m < len[k])) {
          time[k] = t;
          len[k] = m;
        }
      }
    }
  }
}
