/**
 * The turns model's edge-based search (TurnSearch.run) compiled to WebAssembly
 * (assembly/turn-search.ts, embedded in turn-search-wasm.ts): the same labels and lengths at every
 * edge, settled counts and target stops as the TypeScript search, its reference
 * (test/engine/wasm-turn-search.test.ts). TurnCoreSearch runs it on the core where the host has
 * WebAssembly.
 *
 * One module instance per search, with its own linear memory: a copy of the graph as slot records
 * (turn-search.ts turnSlots; per slot 32 bytes, one cache line: its time, the slots out of the node
 * it leads to, the queue's link, and its turn row, or where a longer row lies in a table of those),
 * and the per-slot state (label, touched list, target mark), plus the ring of buckets; reverse, the
 * slot → edge map and labels by edge id: 44 bytes per slot besides the ring on the real cores
 * (41.6-42.8 with the turn table and the queue's links apart). Slot lengths and label lengths are
 * laid out at the first run that keeps lengths.
 */
import { TURN_SEARCH_WASM } from "./turn-search-wasm.ts";
import { ABORT_CHECK_EVERY, WasmMemory, wasmModule } from "./wasm-memory.ts";
import { InvalidInputError, throwIfAborted } from "./errors.ts";
import { ringSize } from "./turn-queue.ts";
import { markTurnTargets, SeedOffers, turnCutoffDs, turnSlots, type TurnDirection, type TurnSearchOptions, type TurnSeeds, type TurnSlots } from "./turn-search.ts";
import type { TurnGraph } from "./turns.ts";

interface Exports {
  targetsRemaining(): number;
  queuedCount(): number;
  setRing(size: number): void;
  reset(reverse: boolean): void;
  offer(slot: number, t: number, len: number, track: boolean): void;
  markTarget(slot: number, gen: number): number;
  settle(cutoff: number, gen: number, targets: number, limit: number): number;
  settleTrack(cutoff: number, gen: number, targets: number, limit: number): number;
  byEdge(track: boolean): void;
}

/** Each array's word in the memory's address table (assembly/turn-search.ts's constants, same order). */
const ARRAY = {
  slot: 1,
  cost: 2,
  label: 3,
  touched: 4,
  mark: 5,
  buckets: 6,
  slotM: 7,
  labelM: 8,
  order: 9,
  edgeLabel: 10,
  edgeLabelM: 11,
} as const;
type ArrayName = keyof typeof ARRAY;

const NOT_QUEUED = -2;
/** Int32 words per slot record (assembly/turn-search.ts: 32 bytes, 32-aligned, one cache line). */
const RECORD_WORDS = 8;
/** Turn rows of at most this many costs sit in the record (the rest of the record's words). */
const ROW_INLINE = 4;

/** Whether this host runs the WebAssembly turn search (Node, workers and browsers do). */
export function wasmTurnSearchAvailable(): boolean {
  return wasmModule(TURN_SEARCH_WASM) !== null;
}

export class WasmTurnSearch {
  /** Label per edge id (TurnSearch's convention); UNREACHED where not reached. Valid until the next run. */
  labelDs!: Uint32Array;
  /** Length (m) per labelled edge when the last run kept lengths (empty before the first such run). */
  labelM = new Float64Array(0);
  /** Whether the last run kept lengths (TurnSearchOptions.trackLength); labelM is stale when not. */
  lengthsKept = false;
  private readonly slots: TurnSlots;
  private readonly mem: WasmMemory<ArrayName>;
  private readonly ex: Exports;
  private readonly offers = new SeedOffers();
  private ringSize = 0;
  private generation = 0;

  constructor(
    readonly model: TurnGraph,
    readonly direction: TurnDirection,
  ) {
    const module = wasmModule(TURN_SEARCH_WASM);
    if (!module) throw new InvalidInputError("this host has no WebAssembly: search with TurnSearch", "WebAssembly", typeof WebAssembly);
    const slots = (this.slots = turnSlots(model, direction));
    const m = model.edgeCount;
    const { records, longRows } = slotRecords(slots);
    const mem = (this.mem = new WasmMemory(ARRAY, records.byteLength + longRows.byteLength + 4 * (3 * m + (slots.order ? 2 * m : 0)) + 32));
    mem.copy("slot", records, records.BYTES_PER_ELEMENT * RECORD_WORDS);
    mem.copy("cost", longRows);
    mem.fill("label", m, -1);
    mem.place("touched", 4 * m);
    mem.place("mark", 4 * m);
    if (slots.order) {
      mem.copy("order", slots.order);
      mem.fill("edgeLabel", m, -1);
    }
    this.ex = new WebAssembly.Instance(module, { env: { memory: mem.memory } }).exports as unknown as Exports;
    this.reserve(slots.stepDs);
  }

  /** Bytes of the module's memory in use: its copy of the graph and turn table, and the search's state. */
  get memoryBytes(): number {
    return this.mem.bytes;
  }

  /** Runs from (forward) or towards (reverse) the seeds; TurnSearch.run's contract. Returns the number of settled edges. */
  run(seeds: TurnSeeds, options: TurnSearchOptions = {}): number {
    const cutoff = turnCutoffDs(options);
    const track = options.trackLength !== false;
    if (track && this.mem.at.labelM === undefined) this.layOutLengths();
    const ex = this.ex;
    const reverse = this.slots.order !== null;
    ex.reset(reverse);
    const offers = this.offers;
    this.reserve(Math.max(offers.collect(this.model, !reverse, seeds, cutoff), this.slots.stepDs));
    const slotOf = this.slots.slotOf;
    for (let i = 0; i < offers.edge.length; i++) {
      const f = offers.edge[i];
      ex.offer(slotOf ? slotOf[f] : f, offers.ds[i], offers.m[i], track);
    }
    // Generation stamps mark this run's targets; 0 is never a generation (the marks start at 0).
    const gen = (this.generation = (this.generation + 1) >>> 0 || 1);
    let targetsLeft = markTurnTargets(options.targetEdges, this.model.edgeCount, slotOf, (k) => ex.markTarget(k, gen) !== 0);
    let settled = 0;
    for (;;) {
      settled += track ? ex.settleTrack(cutoff, gen, targetsLeft, ABORT_CHECK_EVERY) : ex.settle(cutoff, gen, targetsLeft, ABORT_CHECK_EVERY);
      targetsLeft = ex.targetsRemaining();
      if (targetsLeft === 0 || ex.queuedCount() === 0) break;
      throwIfAborted(options.signal);
    }
    if (reverse) ex.byEdge(track);
    this.lengthsKept = track;
    return settled;
  }

  /** A ring of buckets for keys `span` apart (TurnQueue.reserve's rule), laid out anew when the one there is too small; the queue is empty. */
  private reserve(span: number): void {
    if (span < this.ringSize) return;
    const size = ringSize(span + 1);
    // The old ring is left unused: a ring outgrows its first size only for seeds far apart in time, a few times at most.
    this.mem.fill("buckets", size, -1);
    this.ringSize = size;
    this.ex.setRing(size);
    this.views();
  }

  private layOutLengths(): void {
    const m = this.model.edgeCount;
    this.mem.copy("slotM", this.slots.m);
    this.mem.place("labelM", 8 * m);
    if (this.slots.order) this.mem.place("edgeLabelM", 8 * m);
    this.views();
  }

  /** The typed-array views on the memory, made again after it grows (growing detaches the old buffer). */
  private views(): void {
    const b = this.mem.memory.buffer;
    const at = this.mem.at;
    const m = this.model.edgeCount;
    const reverse = this.slots.order !== null;
    this.labelDs = new Uint32Array(b, reverse ? at.edgeLabel : at.label, m);
    const lengths = reverse ? at.edgeLabelM : at.labelM;
    if (lengths !== undefined) this.labelM = new Float64Array(b, lengths, m);
  }
}

/**
 * Each slot's record (assembly/turn-search.ts): its time (ds), the first and end slot out of the
 * node it leads to, its queue link (NOT_QUEUED), and its turn row: the row's costs when it has at
 * most ROW_INLINE, else the row's start in `longRows` (the longer rows, in slot order) less the
 * first slot out.
 */
function slotRecords(slots: TurnSlots): { records: Int32Array; longRows: Int32Array } {
  const m = slots.head.length;
  const degree = (s: number) => slots.first[slots.head[s] + 1] - slots.first[slots.head[s]];
  let long = 0;
  for (let s = 0; s < m; s++) if (degree(s) > ROW_INLINE) long += degree(s);
  const records = new Int32Array(RECORD_WORDS * m);
  const longRows = new Int32Array(long);
  for (let s = 0, at = 0; s < m; s++) {
    const first = slots.first[slots.head[s]];
    const d = degree(s);
    const row = slots.cost.subarray(slots.row[s], slots.row[s] + d);
    const r = RECORD_WORDS * s;
    records[r] = slots.ds[s];
    records[r + 1] = first;
    records[r + 2] = first + d;
    records[r + 3] = NOT_QUEUED;
    if (d <= ROW_INLINE) records.set(row, r + 4);
    else {
      records[r + 4] = at - first;
      longRows.set(row, at);
      at += d;
    }
  }
  return { records, longRows };
}
