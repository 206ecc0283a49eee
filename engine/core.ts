/**
 * The core graph: road graphs from OSM are mostly shape points (about 77 % of nodes in the real
 * Helsinki and Tampere extracts have exactly two neighbours). The core keeps only junctions, dead
 * ends and other nodes where something changes, and joins them with edges that each stand for a
 * whole chain of shape points. Searching the core is several times faster; the time at any chain
 * node is read off afterwards from the two core nodes at its chain's ends (OSRM does the same).
 */
import { reverseAdjacency, type Adjacency, type RoadGraph } from "./graph.ts";
import { TravelTimeSearch, type SearchOptions } from "./search.ts";
import { WasmSearch, wasmSearchAvailable } from "./wasm-search.ts";
import { InvalidInputError } from "./errors.ts";
import { MAX_CUTOFF_DS, UNREACHED } from "./units.ts";

/** A core view of one direction of one profile. */
export interface CoreView {
  /** The core graph, over core ids. */
  readonly adj: Adjacency;
  /** Node of each core id. */
  readonly coreNode: Uint32Array;
  /** Core id of each node, -1 for a chain node. */
  readonly coreOf: Int32Array;
  /** Tail core id of each core edge. */
  readonly edgeTail: Uint32Array;
  /** A chain node's places on core edges: entries entryStart[x] .. entryStart[x + 1] - 1. */
  readonly entryStart: Uint32Array;
  /** The core edge the entry lies on. */
  readonly entryEdge: Uint32Array;
  /** Time (ds) from that core edge's tail to the chain node. */
  readonly entryDs: Uint32Array;
  /** Length (m) from that core edge's tail to the chain node. */
  readonly entryM: Float32Array;
}

/**
 * Marks the nodes that must stay in the core (1): every node except those with exactly two
 * neighbours a ≠ b whose edges run straight through (in from a exactly when out to b, and in from b
 * exactly when out to a, no parallel edges). A loop made only of chain nodes keeps one of them.
 */
export function coreMask(adj: Adjacency): Uint8Array {
  const n = adj.nodeCount;
  const rev = reverseAdjacency(adj);
  const core = new Uint8Array(n).fill(1);
  const { firstOut, head } = adj;
  const rFirstOut = rev.firstOut, rHead = rev.head;
  // Plain loops, no closure per node: under tsx (esbuild keepNames) each closure made costs a
  // defineProperty call, and this runs over every node of a country-sized graph.
  for (let v = 0; v < n; v++) {
    const o0 = firstOut[v], o1 = firstOut[v + 1];
    const i0 = rFirstOut[v], i1 = rFirstOut[v + 1];
    const outs = o1 - o0, ins = i1 - i0;
    if (outs < 1 || outs > 2 || ins < 1 || ins > 2) continue;
    // The distinct neighbours a and b, in or out; a loop or a third neighbour keeps v in the core.
    let a = -1, b = -1, ok = true;
    for (let k = 0; k < outs + ins && ok; k++) {
      const x = k < outs ? head[o0 + k] : rHead[i0 + k - outs];
      if (x === v) ok = false;
      else if (a < 0 || a === x) a = x;
      else if (b < 0 || b === x) b = x;
      else ok = false;
    }
    if (!ok || a < 0 || b < 0) continue;
    let inA = 0, inB = 0, outA = 0, outB = 0;
    for (let e = o0; e < o1; e++) {
      if (head[e] === a) outA++;
      else if (head[e] === b) outB++;
    }
    for (let e = i0; e < i1; e++) {
      if (rHead[e] === a) inA++;
      else if (rHead[e] === b) inB++;
    }
    if (inA > 1 || inB > 1 || outA > 1 || outB > 1) continue;
    if (inA === outB && inB === outA) core[v] = 0;
  }
  // Walk every chain from the core; chain nodes no walk reaches lie on pure loops: keep one each.
  const seen = new Uint8Array(n);
  for (let u = 0; u < n; u++) if (core[u]) walkChains(adj, core, seen, u);
  for (let v = 0; v < n; v++) {
    if (!core[v] && !seen[v]) {
      core[v] = 1;
      walkChains(adj, core, seen, v);
    }
  }
  return core;
}

/** Marks `seen` every chain node on the chains leaving core node `u`. */
function walkChains(adj: Adjacency, core: Uint8Array, seen: Uint8Array, u: number): void {
  for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++) {
    let prev = u;
    let cur = adj.head[e];
    while (!core[cur] && !seen[cur]) {
      seen[cur] = 1;
      const next = nextOnChain(adj, cur, prev);
      prev = cur;
      cur = next;
    }
  }
}

/** The out-neighbour of chain node `cur` that is not `prev` (a chain node has one, by construction). */
function nextOnChain(adj: Adjacency, cur: number, prev: number): number {
  for (let e = adj.firstOut[cur]; e < adj.firstOut[cur + 1]; e++) if (adj.head[e] !== prev) return adj.head[e];
  return adj.head[adj.firstOut[cur]];
}

/** The out-edge of chain node `cur` that does not lead back to `prev`. */
function nextEdge(adj: Adjacency, cur: number, prev: number): number {
  for (let e = adj.firstOut[cur]; e < adj.firstOut[cur + 1]; e++) if (adj.head[e] !== prev) return e;
  return adj.firstOut[cur];
}

/** Builds the core view of an adjacency for a core mask. O(n + m). */
export function buildCoreView(adj: Adjacency, core: Uint8Array): CoreView {
  const n = adj.nodeCount;
  const coreOf = new Int32Array(n).fill(-1);
  let k = 0;
  for (let v = 0; v < n; v++) if (core[v]) coreOf[v] = k++;
  const coreNode = new Uint32Array(k);
  for (let v = 0; v < n; v++) if (core[v]) coreNode[coreOf[v]] = v;

  // Pass 1: count core edges per core node and entries per chain node.
  const firstOut = new Uint32Array(k + 1);
  const entryStart = new Uint32Array(n + 1);
  for (let c = 0; c < k; c++) {
    const u = coreNode[c];
    for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++) {
      firstOut[c + 1]++;
      let prev = u;
      let cur = adj.head[e];
      while (!core[cur]) {
        entryStart[cur + 1]++;
        const next = nextOnChain(adj, cur, prev);
        prev = cur;
        cur = next;
      }
    }
  }
  for (let c = 0; c < k; c++) firstOut[c + 1] += firstOut[c];
  for (let v = 0; v < n; v++) entryStart[v + 1] += entryStart[v];
  const m = firstOut[k];
  const entries = entryStart[n];
  const head = new Uint32Array(m);
  const timeDs = new Uint32Array(m);
  const lengthM = new Float32Array(m);
  const edgeTail = new Uint32Array(m);
  const entryEdge = new Uint32Array(entries);
  const entryDs = new Uint32Array(entries);
  const entryM = new Float32Array(entries);
  const fill = entryStart.slice(0, n);

  // Pass 2: walk again, summing times and lengths along each chain.
  let ce = 0;
  for (let c = 0; c < k; c++) {
    const u = coreNode[c];
    for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++, ce++) {
      let t = adj.timeDs[e];
      let len = adj.lengthM[e];
      let prev = u;
      let cur = adj.head[e];
      while (!core[cur]) {
        const slot = fill[cur]++;
        entryEdge[slot] = ce;
        entryDs[slot] = t;
        entryM[slot] = len;
        const next = nextEdge(adj, cur, prev);
        t += adj.timeDs[next];
        len += adj.lengthM[next];
        prev = cur;
        cur = adj.head[next];
      }
      head[ce] = coreOf[cur];
      timeDs[ce] = t;
      lengthM[ce] = len;
      edgeTail[ce] = c;
    }
  }
  return { adj: { nodeCount: k, firstOut, head, timeDs, lengthM }, coreNode, coreOf, edgeTail, entryStart, entryEdge, entryDs, entryM };
}

const INT32_MAX = 0x7fffffff;

const views = new WeakMap<RoadGraph, { mask?: Uint8Array; byKey: Map<string, CoreView> }>();

/** The core view of a graph for a profile and direction, built once and kept with the graph. */
export function coreView(graph: RoadGraph, profile: string, direction: "forward" | "reverse"): CoreView {
  let cached = views.get(graph);
  if (!cached) {
    cached = { byKey: new Map() };
    views.set(graph, cached);
  }
  const key = `${profile}/${direction}`;
  let view = cached.byKey.get(key);
  if (!view) {
    // Which nodes are chain nodes depends on topology only, so one mask serves every view.
    cached.mask ??= coreMask(graph.forward(graph.profiles[0]));
    view = buildCoreView(direction === "forward" ? graph.forward(profile) : graph.reverse(profile), cached.mask);
    cached.byKey.set(key, view);
  }
  return view;
}

/**
 * Sources in full-graph node ids, as core sources: a core node as it is; a chain node as the far
 * end of each core edge it lies on, reached along the rest of that edge, and told to `onChain` (the
 * chain nodes between it and that end are reached without a core node). Offsets are rounded to
 * whole deciseconds, as a search starts from them. Appends to `src`, `off` and `offM`.
 */
export function coreSeeds(
  v: CoreView,
  sources: ArrayLike<number>,
  offsetsDs: ArrayLike<number> | undefined,
  offsetsM: ArrayLike<number> | undefined,
  src: number[],
  off: number[],
  offM: number[],
  onChain: (edge: number, atDs: number, atM: number, t0: number, m0: number) => void,
): void {
  const total = v.adj.timeDs;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i];
    const t0 = offsetsDs ? Math.round(offsetsDs[i]) : 0;
    if (t0 < 0) throw new InvalidInputError(`offsetsDs must not be negative, got ${offsetsDs![i]}`, "offsetsDs", offsetsDs![i]);
    const m0 = offsetsM ? offsetsM[i] : 0;
    const c = v.coreOf[s];
    if (c >= 0) {
      src.push(c);
      off.push(t0);
      offM.push(m0);
      continue;
    }
    for (let j = v.entryStart[s]; j < v.entryStart[s + 1]; j++) {
      const ce = v.entryEdge[j];
      src.push(v.adj.head[ce]);
      off.push(t0 + total[ce] - v.entryDs[j]);
      offM.push(m0 + v.adj.lengthM[ce] - v.entryM[j]);
      onChain(ce, v.entryDs[j], v.entryM[j], t0, m0);
    }
  }
}

/** A seed that starts on a chain: chain nodes beyond it on the same core edge can be reached without a core node. */
interface ChainSeed {
  edge: number;
  atDs: number;
  atM: number;
  t0: number;
  m0: number;
}

/** How a CoreSearch searches. */
export interface CoreSearchOptions {
  /**
   * Search in TypeScript (TravelTimeSearch, and expand's flat loop) rather than WebAssembly
   * (WasmSearch): the reference the WebAssembly search is tested equal to, and the way on a host
   * without WebAssembly, which takes it anyway.
   */
  typescript?: boolean;
}

/**
 * Multi-source search on the core, with times at any node of the full graph read off on demand
 * (`timeAt`, `lengthAt`) or all at once (`expand`). Same sources, offsets, cutoff and targets as
 * TravelTimeSearch, in full-graph node ids; results equal a full-graph search (proven in tests).
 * Searches in WebAssembly (wasm-search.ts) where the host has it, else in TypeScript.
 */
export class CoreSearch {
  private readonly inner: TravelTimeSearch | WasmSearch;
  /** The inner search when it is the WebAssembly one. */
  private readonly wasm: WasmSearch | null;
  private chainSeeds = new Map<number, ChainSeed[]>();
  /** The chain seeds of `chainSeeds` in one list, for WasmSearch.fill. */
  private readonly seedList: ChainSeed[] = [];
  /** Whether the last run kept path lengths (`lengthAt` is NaN otherwise). */
  private tracked = false;
  private cutoffDs = MAX_CUTOFF_DS;
  private coreSources: number[] = [];
  private coreOffsets: number[] = [];
  private coreOffsetsM: number[] = [];
  private coreTargets: number[] = [];
  /** The inner search's times, read as int32 by `expand` (made again when the WebAssembly memory grows). */
  private coreTimes32: Int32Array;
  /** 1 on the core edges in chainSeeds (cleared at the next run), for the flat loop of `expand`. */
  private readonly seeded: Uint8Array;

  /** Remembers a source on a chain, for the chain nodes between it and its core edge's head. */
  private readonly keepChainSeed = (edge: number, atDs: number, atM: number, t0: number, m0: number): void => {
    const seed = { edge, atDs, atM, t0, m0 };
    const list = this.chainSeeds.get(edge);
    if (list) list.push(seed);
    else this.chainSeeds.set(edge, [seed]);
    this.seedList.push(seed);
    this.seeded[edge] = 1;
  };

  constructor(
    readonly view: CoreView,
    options: CoreSearchOptions = {},
  ) {
    this.wasm = !options.typescript && wasmSearchAvailable() ? new WasmSearch(view.adj) : null;
    this.inner = this.wasm ?? new TravelTimeSearch(view.adj);
    this.seeded = new Uint8Array(view.adj.head.length);
    const t = this.inner.timeDs;
    this.coreTimes32 = new Int32Array(t.buffer, t.byteOffset, t.length);
  }

  /** Which search runs: "wasm" (WebAssembly) or "typescript" (the reference). */
  get engine(): "wasm" | "typescript" {
    return this.wasm ? "wasm" : "typescript";
  }

  /** Number of core nodes the last run settled. */
  settledCount(): number {
    return this.inner.settledCount();
  }

  /** The last run's time (ds) per core id, UNREACHED where not reached. Valid until the next run. */
  coreTimes(): Uint32Array {
    return this.inner.timeDs;
  }

  /** Core ids the last run reached. Valid until the next run. */
  reachedCore(): Uint32Array {
    return this.inner.reachedNodes();
  }

  /**
   * Core edges on which the last run started part-way (a source on a chain node): the times of
   * the chain nodes beyond such a start are not read off the edge's tail alone (`timeAt` is exact).
   */
  seededCoreEdges(): IterableIterator<number> {
    return this.chainSeeds.keys();
  }

  run(sources: ArrayLike<number>, offsetsDs?: ArrayLike<number>, options: SearchOptions = {}): void {
    const v = this.view;
    this.cutoffDs = options.cutoffDs ?? MAX_CUTOFF_DS;
    for (const ce of this.chainSeeds.keys()) this.seeded[ce] = 0;
    this.chainSeeds.clear();
    this.seedList.length = 0;
    this.tracked = options.trackPath === true;
    const src = (this.coreSources.length = 0, this.coreSources);
    const off = (this.coreOffsets.length = 0, this.coreOffsets);
    const offM = (this.coreOffsetsM.length = 0, this.coreOffsetsM);
    coreSeeds(v, sources, offsetsDs, options.offsetsM, src, off, offM, this.keepChainSeed);
    let targets: number[] | undefined;
    if (options.targets && options.targets.length > 0) {
      targets = (this.coreTargets.length = 0, this.coreTargets);
      for (let i = 0; i < options.targets.length; i++) {
        const t = options.targets[i];
        const c = v.coreOf[t];
        if (c >= 0) targets.push(c);
        else for (let j = v.entryStart[t]; j < v.entryStart[t + 1]; j++) targets.push(v.edgeTail[v.entryEdge[j]]);
      }
    }
    // One options shape for every call, whatever the caller's object holds.
    this.inner.run(src, off, { cutoffDs: this.cutoffDs, targets, trackPath: options.trackPath, offsetsM: offM, signal: options.signal });
  }

  /** Time (ds) to a node of the full graph from the nearest source, UNREACHED beyond the cutoff. */
  timeAt(node: number): number {
    const v = this.view;
    const c = v.coreOf[node];
    if (c >= 0) return this.inner.timeDs[c];
    let best = UNREACHED;
    const times = this.inner.timeDs;
    for (let j = v.entryStart[node]; j < v.entryStart[node + 1]; j++) {
      const ce = v.entryEdge[j];
      const tt = times[v.edgeTail[ce]];
      if (tt !== UNREACHED && tt + v.entryDs[j] < best) best = tt + v.entryDs[j];
      const seeds = this.chainSeeds.size > 0 ? this.chainSeeds.get(ce) : undefined;
      if (seeds) for (const s of seeds) if (s.atDs <= v.entryDs[j] && s.t0 + v.entryDs[j] - s.atDs < best) best = s.t0 + v.entryDs[j] - s.atDs;
    }
    return best <= this.cutoffDs ? best : UNREACHED;
  }

  /** Length (m) of the fastest path to a node (of several as fast, the shortest), NaN when unreached or the run was without trackPath. */
  lengthAt(node: number): number {
    if (!this.tracked) return NaN;
    const v = this.view;
    const c = v.coreOf[node];
    if (c >= 0) return this.inner.timeDs[c] === UNREACHED ? NaN : this.inner.lengthM[c];
    let best = UNREACHED;
    let bestM = NaN;
    const times = this.inner.timeDs;
    for (let j = v.entryStart[node]; j < v.entryStart[node + 1]; j++) {
      const ce = v.entryEdge[j];
      const tail = v.edgeTail[ce];
      const tt = times[tail];
      // The fastest; of several as fast, the shortest (as the search keeps them).
      const better = (t: number, m: number) => t < best || (t === best && m < bestM);
      if (tt !== UNREACHED && better(tt + v.entryDs[j], this.inner.lengthM[tail] + v.entryM[j])) {
        best = tt + v.entryDs[j];
        bestM = this.inner.lengthM[tail] + v.entryM[j];
      }
      const seeds = this.chainSeeds.get(ce);
      if (seeds) {
        for (const s of seeds) {
          if (s.atDs <= v.entryDs[j] && better(s.t0 + v.entryDs[j] - s.atDs, s.m0 + v.entryM[j] - s.atM)) {
            best = s.t0 + v.entryDs[j] - s.atDs;
            bestM = s.m0 + v.entryM[j] - s.atM;
          }
        }
      }
    }
    return best <= this.cutoffDs ? bestM : NaN;
  }

  /**
   * Times for every node of the full graph, into `out` (allocated when absent): `timeAt` for
   * every node, as one flat loop over the view's arrays; only a chain node on a core edge where
   * the run started part-way goes through `timeAt` itself. In WebAssembly from the second call on
   * (the first asks the search to lay out the view's arrays at its next run), else `flatExpand`.
   */
  expand(out?: Uint32Array): Uint32Array {
    const result = out ?? new Uint32Array(this.view.coreOf.length);
    if (this.wasm?.fill(this.view, result, this.cutoffDs, this.seedList)) return result;
    return this.flatExpand(result);
  }

  /** `expand` in TypeScript: the flat loop WasmSearch.fill is tested equal to. */
  flatExpand(out?: Uint32Array): Uint32Array {
    const { coreOf, entryStart, entryEdge, entryDs, edgeTail } = this.view;
    const n = coreOf.length;
    const result = out ?? new Uint32Array(n);
    const cutoff = this.cutoffDs;
    // Times past 2^31 would read negative in the int32 view below; such a cutoff takes the plain path.
    if (cutoff > INT32_MAX - 1) return this.plainExpand(result);
    // The core times as int32 (UNREACHED reads -1), so the loop adds and compares small integers
    // only; -1 stored into `result` is UNREACHED again.
    const t = this.inner.timeDs;
    if (this.coreTimes32.buffer !== t.buffer) this.coreTimes32 = new Int32Array(t.buffer, t.byteOffset, t.length);
    const times = this.coreTimes32;
    const seeded = this.chainSeeds.size > 0 ? this.seeded : null;
    let j = 0;
    for (let x = 0; x < n; x++) {
      const end = entryStart[x + 1];
      const c = coreOf[x];
      if (c >= 0) {
        result[x] = times[c];
        continue; // a core node has no entries: j is already `end`
      }
      let best = INT32_MAX;
      let exact = false;
      for (; j < end; j++) {
        const ce = entryEdge[j];
        if (seeded !== null && seeded[ce] === 1) exact = true;
        const tt = times[edgeTail[ce]];
        if (tt >= 0) {
          const t = tt + entryDs[j];
          if (t < best) best = t;
        }
      }
      if (exact) result[x] = this.timeAt(x);
      else result[x] = best <= cutoff ? best : -1;
    }
    return result;
  }

  /** `expand` node by node through `timeAt`: the plain reference the flat loop is tested equal to. */
  plainExpand(out?: Uint32Array): Uint32Array {
    const n = this.view.coreOf.length;
    const result = out ?? new Uint32Array(n);
    for (let x = 0; x < n; x++) result[x] = this.timeAt(x);
    return result;
  }
}
