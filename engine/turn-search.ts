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
  /** What the loop walks: the graph as slots (turnSlots). */
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
  /** The longest step the search takes (ds): an edge, then a turn. */
  private readonly stepDs: number;
  private readonly offers = new SeedOffers();
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
    const slots = turnSlots(model, direction);
    ({ order: this.order, slotOf: this.slotOf, first: this.slotFirst, head: this.slotHead, ds: this.slotDs, m: this.slotM, row: this.slotRow, cost: this.turnCost } = slots);
    this.labelDs = new Uint32Array(m).fill(UNREACHED);
    this.labelM = new Float64Array(m);
    if (this.order) {
      this.slotLabel = new Uint32Array(m).fill(UNREACHED);
      this.slotLabelM = new Float64Array(m);
    } else {
      this.slotLabel = this.labelDs;
      this.slotLabelM = this.labelM;
    }
    this.slotLabelI32 = new Int32Array(this.slotLabel.buffer);
    this.stepDs = slots.stepDs;
    this.heap = new TurnQueue(m, slots.stepDs);
    this.touched = new Uint32Array(m);
    this.targetMark = new Uint32Array(m);
  }

  /** Runs from (forward) or towards (reverse) the seeds. Returns the number of settled edges. */
  run(seeds: TurnSeeds, options: TurnSearchOptions = {}): number {
    const cutoff = turnCutoffDs(options);
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

    this.keepSeeds(seeds);
    const offers = this.offers;
    heap.reserve(Math.max(offers.collect(this.model, forward, seeds, cutoff), this.stepDs));
    for (let i = 0; i < offers.edge.length; i++) {
      const f = offers.edge[i], t = offers.ds[i], len = offers.m[i];
      const k = slotOf ? slotOf[f] : f;
      if (t < label[k] || (t === label[k] && len < labelM[k])) {
        if (label[k] === UNREACHED) this.touched[this.touchedCount++] = k;
        label[k] = t;
        labelM[k] = len;
        heap.push(k, t);
      }
    }

    const gen = ++this.generation;
    const mark = this.targetMark;
    let targetsLeft = markTurnTargets(options.targetEdges, this.model.edgeCount, slotOf, (k) => {
      if (mark[k] === gen) return false;
      mark[k] = gen;
      return true;
    });

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
      if ((settled & 0xffff) === 0) {
        // Kept before a look at the signal: an aborted run's labels are reset by the next run.
        this.touchedCount = touchedCount;
        throwIfAborted(options.signal);
      }
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

/** The cutoff (ds) a run's options ask for, checked; labels stay below 2³¹ ds (68 years), so that they read as int32 in the loops. */
export function turnCutoffDs(options: TurnSearchOptions): number {
  const cutoffDs = options.cutoffDs ?? MAX_CUTOFF_DS;
  if (!(cutoffDs >= 0 && cutoffDs < UNREACHED)) throw new InvalidInputError(`cutoffDs must be a non-negative time, got ${cutoffDs}`, "cutoffDs", cutoffDs);
  return Math.min(cutoffDs, INT32_MAX);
}

/**
 * What an edge-based search walks, as a forward search over "slots": forward, slot = edge and the
 * graph as it is; reverse, slot = the edge's place in the in-edge CSR (`order` maps it back,
 * `slotOf` there), so that the edges into a node, which a reverse search labels together, lie side
 * by side in memory as a forward search's edges out of a node do. Per slot: the node it leads to,
 * its time, length and turn-table row; per node, its first slot out; the turn table's costs.
 */
export interface TurnSlots {
  readonly order: Uint32Array | null;
  readonly slotOf: Uint32Array | null;
  readonly first: Uint32Array;
  readonly head: Uint32Array;
  readonly ds: Uint32Array;
  readonly m: Float32Array;
  readonly row: Uint32Array;
  readonly cost: Int32Array;
  /** The longest step a search takes (ds): an edge, then a turn. */
  readonly stepDs: number;
}

const slotsKept = { forward: new WeakMap<TurnGraph, TurnSlots>(), reverse: new WeakMap<TurnGraph, TurnSlots>() };

/** A graph's slots for a search in `direction`, laid out once per graph and direction and shared by its searches (none writes them). */
export function turnSlots(model: TurnGraph, direction: TurnDirection): TurnSlots {
  let slots = slotsKept[direction].get(model);
  if (!slots) slotsKept[direction].set(model, (slots = layOutSlots(model, direction)));
  return slots;
}

function layOutSlots(model: TurnGraph, direction: TurnDirection): TurnSlots {
  const m = model.edgeCount;
  const rows = model.turnRows(direction);
  let span = 0;
  for (let e = 0; e < m; e++) if (model.timeDs[e] > span) span = model.timeDs[e];
  let turn = 0;
  for (const c of rows.cost) if (c > turn) turn = c;
  const stepDs = span + turn;
  if (direction === "forward") {
    return { order: null, slotOf: null, first: model.firstOut, head: model.head, ds: model.timeDs, m: model.lengthM, row: rows.start, cost: rows.cost, stepDs };
  }
  const order = model.inEdge;
  const slotOf = new Uint32Array(m);
  const head = new Uint32Array(m);
  const ds = new Uint32Array(m);
  const len = new Float32Array(m);
  const row = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const e = order[k];
    slotOf[e] = k;
    head[k] = model.tail[e];
    ds[k] = model.timeDs[e];
    len[k] = model.lengthM[e];
    row[k] = rows.start[e];
  }
  return { order, slotOf, first: model.firstIn, head, ds, m: len, row, cost: rows.cost, stepDs };
}

/**
 * The labels a run's seeds offer, in the order a search offers them (node seeds, then edge seeds):
 * edge ids (not slots), times (ds, rounded) and lengths (m). A node seed offers each edge out of
 * its node (forward) or into it (reverse) with no turn; an edge seed the edges it turns onto
 * (forward) or from (reverse), each with its turn. Offers beyond the cutoff are left out. Reused
 * from run to run.
 */
export class SeedOffers {
  readonly edge: number[] = [];
  readonly ds: number[] = [];
  readonly m: number[] = [];

  /** Collects the seeds' offers (each seed checked against the graph); returns the spread of their times (ds, 0 for none). */
  collect(model: TurnGraph, forward: boolean, seeds: TurnSeeds, cutoff: number): number {
    const { firstOut, head, tail, firstIn, inEdge } = model;
    const n = model.nodeCount;
    const m = model.edgeCount;
    this.edge.length = this.ds.length = this.m.length = 0;
    let min = Infinity;
    let max = -Infinity;
    const offer = (f: number, t: number, len: number) => {
      if (t > cutoff) return;
      this.edge.push(f);
      this.ds.push(t);
      this.m.push(len);
      if (t < min) min = t;
      if (t > max) max = t;
    };
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
    return this.edge.length > 0 ? max - min : 0;
  }
}

/**
 * Marks a run's target edges (checked against the graph) by slot, `mark` answering whether the
 * slot was not yet marked; returns how many distinct targets, or −1 for none (run to the cutoff).
 */
export function markTurnTargets(targets: ArrayLike<number> | undefined, edgeCount: number, slotOf: Uint32Array | null, mark: (slot: number) => boolean): number {
  if (!targets || targets.length === 0) return -1;
  let count = 0;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    if (!(t >= 0 && t < edgeCount)) throw new InvalidInputError(`target edge ${t} is not in the graph`, "targetEdges", t);
    if (mark(slotOf ? slotOf[t] : t)) count++;
  }
  return count;
}
