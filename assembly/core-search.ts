// The core search in WebAssembly (AssemblyScript): engine/search.ts's Dijkstra and engine/heap.ts's
// indexed binary heap line for line, and engine/core.ts's fill-in of every node (CoreSearch.expand),
// over arrays that engine/wasm-search.ts lays out in this module's one linear memory. Compiled by
// scripts/build-wasm.mjs into engine/core-search-wasm.ts; the TypeScript search stays the
// reference it is tested equal to (test/engine/wasm-search.test.ts).
//
// Why: the same loop as JavaScript runs 1.5-2.4x slower than as C++ (typed-array bounds checks,
// uint32 sums taken as doubles); as WebAssembly, within about 1.1x (benchmarks/RESULTS.md).
//
// No sum of times wraps at 2^32 whatever the cutoff (the search compares an edge's weight with the
// room left below the cutoff; the fill-in sums in 64 bits): every comparison is the exact one the
// TypeScript search makes on doubles.

import { array, setU32, u32At } from "./memory";

const UNREACHED: u32 = 0xffffffff;

// Where each array starts: memory word k holds the byte address of array k, written by
// engine/wasm-search.ts (its ARRAY table, in the same order). Per core edge, 8 bytes: head, weight
// (firstOut has k + 1 words). Per core node: time, touched list, heap slots, positions (+1, 0 when
// absent), target marks; a heap slot is 8 bytes: key (low word), node id (high word), moved as
// one 64-bit word. With trackPath: edge lengths (f32), path length per node (f64), parent edge per
// node. For `fill`: the core view's coreOf (n, i32), entryStart (n + 1), entryEdge, entryDs,
// edgeTail (m), a byte per core edge (1: a source lies part-way along it), and the seeds of such
// sources, three words each: edge, atDs, t0.
//
// Why edges and heap slots in pairs: one base address less to hold each (TurboFan keeps about 11
// values in registers and spills the rest), a pair read in one cache line, and a heap item moved
// with one load and one store; core.cpp lays them out alike.
const FIRST_OUT: u32 = 0;
const EDGES: u32 = 1;
const TIME: u32 = 2;
const TOUCHED: u32 = 3;
const HEAP: u32 = 4;
const POS: u32 = 5;
const MARK: u32 = 6;
const EDGE_M: u32 = 7;
const LENGTH_AT: u32 = 8;
const PARENT: u32 = 9;
const CORE_OF: u32 = 10;
const ENTRY_START: u32 = 11;
const ENTRY_EDGE: u32 = 12;
const ENTRY_DS: u32 = 13;
const EDGE_TAIL: u32 = 14;
const SEEDED: u32 = 15;
const SEEDS: u32 = 16;

let touchedCount: u32 = 0;
let heapLength: u32 = 0;
let targetsLeft: i32 = -1;

/** Heap slot i: key in the low word, node id in the high word. */
@inline function slotAt(heap: usize, i: u32): u64 {
  return load<u64>(heap + (<usize>i << 3));
}

/** Nodes the last run labelled (the first `reachedCount()` words of the touched list). */
export function reachedCount(): u32 {
  return touchedCount;
}

/** Targets the last run did not settle (-1: it ran to the cutoff). */
export function targetsRemaining(): i32 {
  return targetsLeft;
}

/** Nodes still queued (0 once a run has run out). */
export function queued(): u32 {
  return heapLength;
}

/** Forgets the last run: times back to UNREACHED at the nodes it labelled, the heap emptied. */
export function reset(): void {
  const time = array(TIME);
  const touched = array(TOUCHED);
  const heap = array(HEAP);
  const pos = array(POS);
  for (let i: u32 = 0; i < touchedCount; i++) setU32(time, u32At(touched, i), UNREACHED);
  touchedCount = 0;
  for (let i: u32 = 0; i < heapLength; i++) setU32(pos, <u32>(slotAt(heap, i) >> 32), 0);
  heapLength = 0;
}

// The heap's arrays come in as arguments (locals once inlined), so the hot loop keeps every base
// address and the heap's length in registers.

/** Puts a slot (key and id) at heap position i. */
@inline function putAt(heap: usize, pos: usize, i: u32, slot: u64): void {
  store<u64>(heap + (<usize>i << 3), slot);
  setU32(pos, <u32>(slot >> 32), i + 1);
}

/** NodeHeap.push on the heap of `length` items: inserts a node, or lowers its key if it is queued with a larger one. Returns the new length. */
@inline function push(heap: usize, pos: usize, length: u32, id: u32, key: u32): u32 {
  let i = <i32>u32At(pos, id) - 1;
  if (i < 0) i = <i32>(length++);
  else if (<u32>slotAt(heap, i) <= key) return length;
  while (i > 0) {
    const parentAt = (i - 1) >> 1;
    const ps = slotAt(heap, parentAt);
    if (<u32>ps <= key) break;
    putAt(heap, pos, i, ps);
    i = parentAt;
  }
  putAt(heap, pos, i, (<u64>id << 32) | <u64>key);
  return length;
}

/**
 * NodeHeap.pop: removes the node with the smallest key from a heap left with `n` items (the caller
 * has read it and lowered the length). The same steps, with the child chosen by a select.
 */
@inline function dropTop(heap: usize, pos: usize, n: u32): void {
  setU32(pos, <u32>(slotAt(heap, 0) >> 32), 0);
  if (n > 0) {
    const last = slotAt(heap, n);
    const key = <u32>last;
    // Slot n, just past the heap, gets a key no item has (every key is within the cutoff, below
    // UNREACHED): a right child at n then never wins, so the loop need not ask whether it is in
    // the heap. (A push takes slot n over as an item.)
    store<u64>(heap + (<usize>n << 3), <u64>UNREACHED);
    let i: u32 = 0;
    const half = n >> 1;
    while (i < half) {
      // The smaller child chosen without a branch (it goes either way at random, so a branch
      // would be mispredicted half the time): 20-25 % off the whole search, here and in
      // core.cpp alike.
      const left: u32 = 2 * i + 1;
      const sl = slotAt(heap, left);
      const sr = slotAt(heap, left + 1);
      const takeRight = <u32>(<u32>sr < <u32>sl);
      const cs = select<u64>(sr, sl, takeRight);
      if (<u32>cs >= key) break;
      putAt(heap, pos, i, cs);
      i = left + takeRight;
    }
    putAt(heap, pos, i, last);
  }
}

/** Labels a source at time t0 (the caller has checked it improves on the node's time and is within the cutoff). */
export function seed(node: u32, t0: u32): void {
  const time = array(TIME);
  if (u32At(time, node) == UNREACHED) setU32(array(TOUCHED), touchedCount++, node);
  setU32(time, node, t0);
  heapLength = push(array(HEAP), array(POS), heapLength, node, t0);
}

/**
 * TravelTimeSearch.settle: Dijkstra from the queued sources until the heap is empty, every target
 * is settled (`targets` of them, marked `gen`; -1 for none), or `limit` nodes are settled (the
 * caller then looks at its abort signal and calls again). Returns the nodes settled.
 */
export function settle(cutoff: u32, gen: u32, targets: i32, limit: u32): u32 {
  return targets < 0 ? settleLoop(false, false, cutoff, gen, targets, limit) : settleLoop(false, true, cutoff, gen, targets, limit);
}

/**
 * `settle` with trackPath: also each node's path length (f64, summed as the TypeScript search
 * sums) and the edge it was last improved by; of several paths as fast, the shortest.
 */
export function settleTrack(cutoff: u32, gen: u32, targets: i32, limit: u32): u32 {
  return settleLoop(true, true, cutoff, gen, targets, limit);
}

/**
 * The loop of both: inlined with `track` and `targeted` constants, so `settle` holds none of the
 * path code, and a run to the cutoff (targets < 0) reads no target mark: one load less per settled
 * node and three values less to keep in registers (TurboFan spills what does not fit).
 */
@inline function settleLoop(track: bool, targeted: bool, cutoff: u32, gen: u32, targets: i32, limit: u32): u32 {
  const firstOut = array(FIRST_OUT);
  const edges = array(EDGES);
  const time = array(TIME);
  const touched = array(TOUCHED);
  const mark = targeted ? array(MARK) : 0;
  const heap = array(HEAP);
  const pos = array(POS);
  const edgeM = track ? array(EDGE_M) : 0;
  const lengthAt = track ? array(LENGTH_AT) : 0;
  const parent = track ? array(PARENT) : 0;
  // The next free word of the touched list, an address (its base need not be kept as well).
  let next = touched + (<usize>touchedCount << 2);
  let left = targets;
  let length = heapLength;
  // Settles still allowed before the caller looks at its abort signal (limit >= 1).
  let budget = limit;
  while (length > 0) {
    const u = <u32>(slotAt(heap, 0) >> 32);
    dropTop(heap, pos, --length);
    budget--;
    if (targeted && u32At(mark, u) == gen && --left == 0) break;
    const tu = u32At(time, u);
    // Exact in 32 bits: a node is settled within the cutoff (tu <= cutoff), so an edge of weight
    // w leads within it exactly when w <= room, and then tu + w <= cutoff < 2^32 cannot wrap.
    const room = cutoff - tu;
    const mu = track ? load<f64>(lengthAt + (<usize>u << 3)) : 0;
    // Edge records walked by address: head at +0, weight at +4 (each one load, no index arithmetic).
    const end = edges + (<usize>u32At(firstOut, u + 1) << 3);
    for (let at = edges + (<usize>u32At(firstOut, u) << 3); at < end; at += 8) {
      const w = load<u32>(at, 4);
      if (w > room) continue;
      const v = load<u32>(at);
      const tv = tu + w;
      const old = u32At(time, v);
      const e = track ? <u32>((at - edges) >> 3) : 0;
      const mv = track ? mu + <f64>load<f32>(edgeM + (<usize>e << 2)) : 0;
      if (tv < old) {
        if (old == UNREACHED) {
          store<u32>(next, v);
          next += 4;
        }
        setU32(time, v, tv);
        if (track) {
          store<f64>(lengthAt + (<usize>v << 3), mv);
          setU32(parent, v, e);
        }
        length = push(heap, pos, length, v, tv);
      } else if (track && tv == old && mv < load<f64>(lengthAt + (<usize>v << 3))) {
        // As fast, and shorter (v is not settled yet: every edge takes at least 1 ds).
        store<f64>(lengthAt + (<usize>v << 3), mv);
        setU32(parent, v, e);
      }
    }
    if (budget == 0) break;
  }
  touchedCount = <u32>((next - touched) >> 2);
  heapLength = length;
  if (targeted) targetsLeft = left;
  else targetsLeft = -1;
  return limit - budget;
}

/**
 * CoreSearch.timeAt for chain node x after a run with `seedCount` sources part-way along core
 * edges: the best over its entries of the edge tail's time plus the way along, and of each seed on
 * the same edge behind it; UNREACHED past the cutoff.
 */
function exactTime(x: u32, cutoff: u64, seedCount: u32): u32 {
  const entryStart = array(ENTRY_START);
  const entryEdge = array(ENTRY_EDGE);
  const entryDs = array(ENTRY_DS);
  const edgeTail = array(EDGE_TAIL);
  const time = array(TIME);
  const seeds = array(SEEDS);
  let best = <u64>UNREACHED;
  const end = u32At(entryStart, x + 1);
  for (let j = u32At(entryStart, x); j < end; j++) {
    const ce = u32At(entryEdge, j);
    const along = <u64>u32At(entryDs, j);
    const tt = u32At(time, u32At(edgeTail, ce));
    if (tt != UNREACHED && <u64>tt + along < best) best = <u64>tt + along;
    for (let s: u32 = 0; s < seedCount; s++) {
      const at = seeds + <usize>s * 12;
      if (load<u32>(at) != ce) continue;
      const atDs = <u64>load<u32>(at, 4);
      const t0 = <u64>load<u32>(at, 8);
      if (atDs <= along && t0 + along - atDs < best) best = t0 + along - atDs;
    }
  }
  return best <= cutoff ? <u32>best : UNREACHED;
}

/**
 * CoreSearch.expand: every full-graph node's time into `out` (n words): a core node's own, a chain
 * node's the best over its entries (through `exactTime` where a source lies on the entry's edge).
 */
export function fill(n: u32, out: usize, cutoff: u32, seedCount: u32): void {
  if (seedCount > 0) fillLoop(true, n, out, cutoff, seedCount);
  else fillLoop(false, n, out, cutoff, 0);
}

/** The loop of `fill`, inlined with `anySeeded` a constant: without seeds it looks at no seed flag. */
@inline function fillLoop(anySeeded: bool, n: u32, out: usize, cutoff: u32, seedCount: u32): void {
  const coreOf = array(CORE_OF);
  const entryStart = array(ENTRY_START);
  const entryEdge = array(ENTRY_EDGE);
  const entryDs = array(ENTRY_DS);
  const edgeTail = array(EDGE_TAIL);
  const time = array(TIME);
  const seeded = anySeeded ? array(SEEDED) : 0;
  const cut = <u64>cutoff;
  // Byte offsets into the per-node and per-entry arrays (4 bytes a step) rather than indexes: no
  // shift per access, and measured a third faster than indexes at 505k nodes.
  const nb = <usize>n << 2;
  let jb = <usize>load<u32>(entryStart) << 2;
  for (let xb: usize = 0; xb < nb; xb += 4) {
    const endb = <usize>load<u32>(entryStart + xb, 4) << 2;
    const c = load<i32>(coreOf + xb);
    if (c >= 0) {
      store<u32>(out + xb, u32At(time, c));
      continue; // a core node has no entries: jb is already at its end
    }
    let best = <u64>UNREACHED;
    let exact = false;
    for (; jb < endb; jb += 4) {
      const ce = load<u32>(entryEdge + jb);
      if (anySeeded && load<u8>(seeded + <usize>ce) == 1) exact = true;
      // An unreached tail (UNREACHED) gives t >= UNREACHED >= best, so it needs no test: the
      // minimum is taken without a branch (a select, as g++ makes of core.cpp's loop), which
      // spares a mispredicted branch per entry.
      const t = <u64>u32At(time, u32At(edgeTail, ce)) + <u64>load<u32>(entryDs + jb);
      best = select<u64>(t, best, t < best);
    }
    store<u32>(out + xb, anySeeded && exact ? exactTime(<u32>(xb >> 2), cut, seedCount) : best <= cut ? <u32>best : UNREACHED);
  }
}
