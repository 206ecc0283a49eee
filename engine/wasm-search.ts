/**
 * The search CoreSearch runs: TravelTimeSearch's multi-source Dijkstra with a cutoff, targets and
 * trackPath, and CoreSearch.expand's fill-in of every node, compiled to WebAssembly
 * (assembly/core-search.ts, embedded in core-search-wasm.ts). Same results at every node as the
 * TypeScript search, its reference (test/engine/wasm-search.test.ts); 1.5-2x faster, within ~1.1x
 * of the same loop in C++ (benchmarks/RESULTS.md).
 *
 * One module instance per search, with its own linear memory: a copy of the adjacency's firstOut,
 * head and timeDs (head and time of each edge side by side) and the per-node state (times, touched list, heap, target marks). What only some
 * runs need is laid out on first use, at the start of a run (when the last run's results are given
 * up anyway): edge lengths, path lengths and parent edges for the first trackPath run, the core
 * view's node arrays for the run after the first `fill` (which answers false until then).
 */
import type { Adjacency } from "./graph.ts";
import { eachSeed, markTargets, runCutoff, type SearchOptions } from "./search.ts";
import { InvalidInputError, throwIfAborted } from "./errors.ts";
import { UNREACHED } from "./units.ts";
import { CORE_SEARCH_WASM } from "./core-search-wasm.ts";
import { ABORT_CHECK_EVERY, WasmMemory, wasmModule } from "./wasm-memory.ts";

/** The core view's arrays `fill` reads (engine/core.ts CoreView). */
export interface FillArrays {
  readonly coreOf: Int32Array;
  readonly entryStart: Uint32Array;
  readonly entryEdge: Uint32Array;
  readonly entryDs: Uint32Array;
  readonly edgeTail: Uint32Array;
}

/** A source part-way along a core edge: at `atDs` from its tail, starting at time `t0`. */
export interface EdgeSeed {
  readonly edge: number;
  readonly atDs: number;
  readonly t0: number;
}

interface Exports {
  reachedCount(): number;
  targetsRemaining(): number;
  queued(): number;
  reset(): void;
  seed(node: number, t0: number): void;
  settle(cutoff: number, gen: number, targets: number, limit: number): number;
  settleTrack(cutoff: number, gen: number, targets: number, limit: number): number;
  fill(n: number, out: number, cutoff: number, seedCount: number): void;
}

/**
 * The arrays the module reads, each at the byte address held in memory word ARRAY[name] (the same
 * order as assembly/core-search.ts's constants).
 */
const ARRAY = {
  firstOut: 0,
  edges: 1,
  time: 2,
  touched: 3,
  heap: 4,
  pos: 5,
  mark: 6,
  edgeM: 7,
  lengthAt: 8,
  parent: 9,
  coreOf: 10,
  entryStart: 11,
  entryEdge: 12,
  entryDs: 13,
  edgeTail: 14,
  seeded: 15,
  seeds: 16,
} as const;
type ArrayName = keyof typeof ARRAY;

/** Whether this host runs the WebAssembly search (Node, workers and browsers do). */
export function wasmSearchAvailable(): boolean {
  return wasmModule(CORE_SEARCH_WASM) !== null;
}

export class WasmSearch {
  /** Time (ds) per node from the nearest source; UNREACHED where not reached. Valid until the next run. */
  timeDs!: Uint32Array;
  /** With trackPath: length (m) of the fastest path per reached node (empty before the first trackPath run). */
  lengthM = new Float64Array(0);
  /** With trackPath: the edge each reached node was last improved by; -1 at a source. */
  parentEdge = new Int32Array(0);
  private touched!: Uint32Array;
  private targetMark!: Uint32Array;
  private generation = 0;
  private settled = 0;
  /** Whether the current run keeps path lengths and parent edges. */
  private tracking = false;
  /** The module's memory: the arrays, and fill's output ("out"). */
  private readonly mem: WasmMemory<ArrayName | "out">;
  private readonly ex: Exports;
  /** Seeds the seeds array holds (`seedsWanted`: the next run lays out room for that many). */
  private seedCapacity = 0;
  private seedsWanted = 0;
  private fillFrom: FillArrays | null = null;
  private fillWanted: FillArrays | null = null;
  private fillOut = new Uint32Array(0);
  private seededFlags = new Uint8Array(0);
  private seedWords = new Uint32Array(0);

  constructor(readonly adj: Adjacency) {
    const module = wasmModule(CORE_SEARCH_WASM);
    if (!module) throw new InvalidInputError("this host has no WebAssembly: search with TravelTimeSearch", "WebAssembly", typeof WebAssembly);
    const k = adj.nodeCount;
    const m = adj.head.length;
    this.mem = new WasmMemory(ARRAY, 4 * (k + 1 + 2 * m + 6 * k));
    this.mem.copy("firstOut", adj.firstOut);
    // Each edge's head and weight side by side (the module reads them as one 8-byte record).
    const edges = new Uint32Array(this.mem.memory.buffer, this.mem.place("edges", 8 * m), 2 * m);
    for (let e = 0; e < m; e++) {
      edges[2 * e] = adj.head[e];
      edges[2 * e + 1] = adj.timeDs[e];
    }
    for (const name of ["time", "touched", "pos", "mark"] as const) this.mem.place(name, 4 * k);
    this.mem.place("heap", 8 * k);
    new Uint32Array(this.mem.memory.buffer, this.mem.at.time, k).fill(UNREACHED);
    this.ex = new WebAssembly.Instance(module, { env: { memory: this.mem.memory } }).exports as unknown as Exports;
    this.views();
  }

  /** The typed-array views on the memory, made again after it grows (growing detaches the old buffer). */
  private views(): void {
    const b = this.mem.memory.buffer;
    const k = this.adj.nodeCount;
    const at = this.mem.at;
    this.timeDs = new Uint32Array(b, at.time, k);
    this.touched = new Uint32Array(b, at.touched, k);
    this.targetMark = new Uint32Array(b, at.mark, k);
    if (at.lengthAt !== undefined) {
      this.lengthM = new Float64Array(b, at.lengthAt, k);
      this.parentEdge = new Int32Array(b, at.parent, k);
    }
    if (this.fillFrom) {
      this.fillOut = new Uint32Array(b, at.out, this.fillFrom.coreOf.length);
      this.seededFlags = new Uint8Array(b, at.seeded, this.adj.head.length);
      this.seedWords = new Uint32Array(b, at.seeds, 3 * this.seedCapacity);
    }
  }

  /** Nodes whose time the last run set (reached within the cutoff, or labelled before a target stop). */
  reachedNodes(): Uint32Array {
    return this.touched.subarray(0, this.ex.reachedCount());
  }

  /** How many nodes the last run settled (final times). */
  settledCount(): number {
    return this.settled;
  }

  /** Same contract as TravelTimeSearch.run. */
  run(sources: ArrayLike<number>, offsetsDs?: ArrayLike<number>, options: SearchOptions = {}): number {
    const cutoff = runCutoff(options);
    const track = options.trackPath === true;
    if (track && this.mem.at.lengthAt === undefined) this.layOutTrack();
    if (this.fillWanted) this.layOutFill(this.fillWanted);
    const ex = this.ex;
    ex.reset();
    this.settled = 0;
    this.tracking = track;
    // Generation stamps mark this run's targets; 0 is never a generation (the marks start at 0).
    const gen = (this.generation = (this.generation + 1) >>> 0 || 1);
    let targetsLeft = markTargets(options.targets, this.targetMark, gen);
    eachSeed(sources, offsetsDs, options, cutoff, this.timeDs, this.lengthM, this.label);
    for (;;) {
      this.settled += track ? ex.settleTrack(cutoff, gen, targetsLeft, ABORT_CHECK_EVERY) : ex.settle(cutoff, gen, targetsLeft, ABORT_CHECK_EVERY);
      targetsLeft = ex.targetsRemaining();
      if (targetsLeft === 0 || ex.queued() === 0) break;
      throwIfAborted(options.signal);
    }
    return this.settled;
  }

  /** Labels a source (eachSeed has checked it improves on the node's label). */
  private readonly label = (s: number, t0: number, m0: number): void => {
    this.ex.seed(s, t0); // (a source already queued at this time stays as it is)
    if (this.tracking) {
      this.lengthM[s] = m0;
      this.parentEdge[s] = -1;
    }
  };

  private layOutTrack(): void {
    const k = this.adj.nodeCount;
    this.mem.copy("edgeM", this.adj.lengthM);
    this.mem.place("lengthAt", 8 * k);
    this.mem.place("parent", 4 * k);
    this.views();
  }

  /**
   * Every full-graph node's time into `out`, as CoreSearch.expand (`seeds`: the last run's sources
   * part-way along core edges). False, with nothing written, until a run has laid out the view's
   * arrays: the first call asks for them.
   */
  fill(view: FillArrays, out: Uint32Array, cutoffDs: number, seeds: readonly EdgeSeed[]): boolean {
    if (this.fillFrom !== view || seeds.length > this.seedCapacity) {
      this.fillWanted = view;
      this.seedsWanted = Math.max(16, 2 * seeds.length);
      return false;
    }
    const words = this.seedWords;
    const flags = this.seededFlags;
    let count = 0;
    for (const s of seeds) {
      // A seed starting at or past 2^32 ds never beats the cutoff, and one with no time (NaN) never counts: both are left out.
      if (!(Number.isInteger(s.t0) && s.t0 >= 0 && s.t0 < UNREACHED)) continue;
      words[3 * count] = s.edge;
      words[3 * count + 1] = s.atDs;
      words[3 * count + 2] = s.t0;
      flags[s.edge] = 1;
      count++;
    }
    this.ex.fill(view.coreOf.length, this.mem.at.out!, cutoffDs, count);
    for (let i = 0; i < count; i++) flags[words[3 * i]] = 0;
    out.set(this.fillOut);
    return true;
  }

  private layOutFill(view: FillArrays): void {
    this.fillWanted = null;
    if (this.fillFrom !== view) {
      this.mem.copy("coreOf", view.coreOf);
      this.mem.copy("entryStart", view.entryStart);
      this.mem.copy("entryEdge", view.entryEdge);
      this.mem.copy("entryDs", view.entryDs);
      this.mem.copy("edgeTail", view.edgeTail);
      this.mem.place("seeded", this.adj.head.length);
      this.mem.place("out", 4 * view.coreOf.length);
      this.fillFrom = view;
    }
    if (this.seedsWanted > this.seedCapacity) {
      // The old room is left unused: sources on chain nodes are few, and this happens a few times at most.
      this.mem.place("seeds", 12 * this.seedsWanted);
      this.seedCapacity = this.seedsWanted;
    }
    this.views();
  }
}
