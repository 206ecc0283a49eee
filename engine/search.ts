/**
 * Multi-source Dijkstra with a cutoff over one Adjacency (a forward or reverse view of a profile).
 * Fills a Uint32Array of times in deciseconds, UNREACHED beyond the cutoff. The search owns its
 * buffers and resets only what the last run touched, so repeated queries allocate nothing.
 */
import type { Adjacency } from "./graph.ts";
import { NodeHeap } from "./heap.ts";
import { InvalidInputError, throwIfAborted } from "./errors.ts";
import { MAX_CUTOFF_DS, UNREACHED } from "./units.ts";

export interface SearchOptions {
  /** Stop expanding beyond this time (deciseconds). Default 180 min. */
  cutoffDs?: number;
  /** Stop as soon as all these nodes are settled (e.g. a snapped destination's ends). */
  targets?: ArrayLike<number>;
  /** Also record, per node, the length (m) of the fastest path (of several as fast, the shortest) and the edge it arrived by. */
  trackPath?: boolean;
  /** With trackPath: the length (m) already covered at each source, like offsetsDs for time. */
  offsetsM?: ArrayLike<number>;
  signal?: AbortSignal;
}

export class TravelTimeSearch {
  /** Time (ds) per node from the nearest source; UNREACHED where not reached. Valid until the next run. */
  readonly timeDs: Uint32Array;
  /** With trackPath: length (m) of the fastest path per reached node. */
  readonly lengthM: Float64Array;
  /** With trackPath: the edge (index into the adjacency) each reached node was last improved by; -1 at a source. */
  readonly parentEdge: Int32Array;
  private readonly heap: NodeHeap;
  /** Generation stamps marking the current run's targets, so marking and clearing cost nothing per node. */
  private readonly targetMark: Uint32Array;
  private generation = 0;
  private readonly touched: Uint32Array;
  private touchedCount = 0;
  private settled = 0;
  /** Whether the current run keeps path lengths and parent edges. */
  private tracking = false;

  constructor(readonly adj: Adjacency) {
    const n = adj.nodeCount;
    this.timeDs = new Uint32Array(n).fill(UNREACHED);
    this.lengthM = new Float64Array(n);
    this.parentEdge = new Int32Array(n).fill(-1);
    this.heap = new NodeHeap(n);
    this.touched = new Uint32Array(n);
    this.targetMark = new Uint32Array(n);
  }

  /** Nodes whose time the last run set (reached within the cutoff, or labelled before a target stop). */
  reachedNodes(): Uint32Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  /** How many nodes the last run settled (final times). */
  settledCount(): number {
    return this.settled;
  }

  private reset(): void {
    const t = this.timeDs;
    for (let i = 0; i < this.touchedCount; i++) t[this.touched[i]] = UNREACHED;
    this.touchedCount = 0;
    this.heap.clear();
    this.settled = 0;
  }

  /**
   * Runs from `sources`, each starting at `offsetsDs[i]` (default 0): the time already spent reaching
   * that node, e.g. from a snapped point part-way along an edge. Returns the number of settled nodes.
   */
  run(sources: ArrayLike<number>, offsetsDs?: ArrayLike<number>, options: SearchOptions = {}): number {
    const cutoff = runCutoff(options);
    this.reset();
    this.tracking = options.trackPath === true;
    const gen = ++this.generation;
    const targetsLeft = markTargets(options.targets, this.targetMark, gen);
    eachSeed(sources, offsetsDs, options, cutoff, this.timeDs, this.lengthM, this.label);
    this.settled = this.settle(cutoff, targetsLeft, gen, options.signal, this.tracking);
    return this.settled;
  }

  /** Labels a source (eachSeed has checked it improves on the node's label). */
  private readonly label = (s: number, t0: number, m0: number): void => {
    if (this.timeDs[s] === UNREACHED) this.touched[this.touchedCount++] = s;
    this.timeDs[s] = t0;
    if (this.tracking) {
      this.lengthM[s] = m0;
      this.parentEdge[s] = -1;
    }
    this.heap.push(s, t0); // (a source already queued at this time stays as it is)
  };

  /**
   * Dijkstra from the queued sources, with numbers and the search's own typed arrays only (the
   * callers' option objects stay out of the hot loop). `targetsLeft` -1 runs to the cutoff. With
   * `track`, also each node's path length and parent edge (of the fastest paths, the shortest).
   */
  private settle(cutoff: number, targetsLeft: number, gen: number, signal: AbortSignal | undefined, track: boolean): number {
    const { firstOut, head, timeDs: w, lengthM: len } = this.adj;
    const time = this.timeDs;
    const heap = this.heap;
    const touched = this.touched;
    const mark = this.targetMark;
    const lengthAt = this.lengthM;
    const parent = this.parentEdge;
    // Counted in a local, stored once at the end rather than on every node reached.
    let touchedCount = this.touchedCount;
    let settled = 0;
    while (heap.length > 0) {
      const u = heap.pop();
      settled++;
      if (mark[u] === gen && --targetsLeft === 0) break;
      if ((settled & 0xffff) === 0) {
        // Stored before a throw, so the next run's reset clears what this one labelled.
        this.touchedCount = touchedCount;
        throwIfAborted(signal);
      }
      const tu = time[u];
      for (let e = firstOut[u], end = firstOut[u + 1]; e < end; e++) {
        const v = head[e];
        const tv = tu + w[e];
        const old = time[v];
        if (tv < old && tv <= cutoff) {
          if (old === UNREACHED) touched[touchedCount++] = v;
          time[v] = tv;
          if (track) {
            lengthAt[v] = lengthAt[u] + len[e];
            parent[v] = e;
          }
          heap.push(v, tv);
        } else if (track && tv === old && lengthAt[u] + len[e] < lengthAt[v]) {
          // As fast, and shorter: of the fastest paths the shortest, whichever way it is searched.
          // (v is not settled yet: every edge takes at least 1 ds, so it settles after u.)
          lengthAt[v] = lengthAt[u] + len[e];
          parent[v] = e;
        }
      }
    }
    this.touchedCount = touchedCount;
    return settled;
  }
}

/** A run's cutoff (ds) from its options, checked: a non-negative time below UNREACHED. */
export function runCutoff(options: SearchOptions): number {
  const cutoff = options.cutoffDs ?? MAX_CUTOFF_DS;
  if (!(cutoff >= 0 && cutoff < UNREACHED)) throw new InvalidInputError(`cutoffDs must be a non-negative time, got ${cutoff}`, "cutoffDs", cutoff);
  return cutoff;
}

/**
 * Marks a run's distinct targets with the generation stamp `gen` (so marking and clearing cost
 * nothing per node); returns how many there are, or -1 when there are none: the run goes to the
 * cutoff. A target outside the graph is refused.
 */
export function markTargets(targets: ArrayLike<number> | undefined, mark: Uint32Array, gen: number): number {
  if (!targets || targets.length === 0) return -1;
  let count = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (!(t >= 0 && t < mark.length)) throw new InvalidInputError(`target node ${t} is not in the graph`, "targets", t);
    if (mark[t] !== gen) {
      mark[t] = gen;
      count++;
    }
  }
  return count;
}

/**
 * Hands `label` each source that starts a run, with its offset rounded to whole deciseconds and
 * its length offset: a source outside the graph is refused; one beyond the cutoff, or no better
 * than the node's label so far (no earlier; with trackPath, as early and no shorter), is left out.
 */
export function eachSeed(
  sources: ArrayLike<number>,
  offsetsDs: ArrayLike<number> | undefined,
  options: SearchOptions,
  cutoff: number,
  time: Uint32Array,
  lengthAt: Float64Array,
  label: (s: number, t0: number, m0: number) => void,
): void {
  const n = time.length;
  const track = options.trackPath === true;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i];
    if (!(s >= 0 && s < n && Number.isInteger(s))) throw new InvalidInputError(`source node ${s} is not in the graph`, "sources", s);
    const t0 = offsetsDs ? Math.round(offsetsDs[i]) : 0;
    const m0 = options.offsetsM ? options.offsetsM[i] : 0;
    if (t0 > cutoff || t0 > time[s] || (t0 === time[s] && !(track && m0 < lengthAt[s]))) continue;
    label(s, t0, m0);
  }
}
