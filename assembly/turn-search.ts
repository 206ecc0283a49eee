// The turns model's edge-based search in WebAssembly (AssemblyScript): engine/turn-search.ts's
// settle loop over slots and engine/turn-queue.ts's ring of buckets, step for step, over arrays that
// engine/wasm-turn-search.ts lays out in this module's one linear memory. Compiled by
// scripts/build-wasm.mjs into engine/turn-search-wasm.ts; the TypeScript TurnSearch stays the
// reference it is tested equal to (test/engine/wasm-turn-search.test.ts): the same labels, lengths,
// touched order and settled counts, because the queue pops in the same order (each bucket holds one
// key, most recently pushed first, as TurnQueue's do).
//
// Why: as TypeScript the loop took 2.6-2.7 times the plain core search (itself WebAssembly); as
// WebAssembly, with buckets linked one way and a slot's row and next slots in one record, 1.39-1.53
// times pinned; with the slot record below, 1.28-1.37 (benchmarks/RESULTS.md, the turns section).
//
// Why the slot record holds the queue link and the turn row: sampled (perf, Tampere), about a third
// of the loop's time went on three loads that miss the cache per settled slot: its record, its
// turn-table row and its queue link, each in its own array. In one 32-byte record, 32-aligned, a pop reads one cache line; its label is
// not read (it is the bucket's key), and a push reads a link only for a slot already labelled (one
// never labelled is not queued). Measured pinned, side by side with the three arrays in one process:
// 11-12 % less time per search on Tampere's core (12-17 % reverse), 5-6 % on central Helsinki's,
// whose state fits the L2 cache (there the pop's unpredictable scan of its sparse ring weighs more:
// skipping empty buckets four at a time or by a bitmap of filled ones was slower still).
//
// Sums of times are taken in 64 bits, so no sum wraps: every comparison is the exact one the
// TypeScript search makes on doubles. Labels are below 2^31 (the cutoff is), read as i32 with -1
// for UNREACHED, as the TypeScript loop reads them.

import { array, i32At, setI32 } from "./memory";

const NOT_QUEUED: i32 = -2;

// Where each array starts: memory word k holds the byte address of array k, written by
// engine/wasm-turn-search.ts (its ARRAY table, in the same order; word 0 unused). Per slot, a record
// of eight words: its time (ds), the first and end slot out of the node it leads to, the queue's link
// (the next slot in its bucket, -1 last, NOT_QUEUED when not queued; a queued slot's key is its
// label), and its turn row (i32 costs, negative where forbidden, one per slot out): the costs
// themselves when there are at most ROW_INLINE, else the row's start in the table of longer rows
// less the first slot out (so that the row's cost for slot f is at that plus f either way; the node
// itself is not needed). The table of longer rows. Per slot: label (i32, -1 unreached), touched
// list, target marks. The ring of buckets (i32, first item, -1 empty). With lengths: slot length
// (f32) and label length (f64) per slot. Reverse only: the edge id of each slot, and labels and
// label lengths by edge id (what the search hands out).
const SLOT: u32 = 1;
const COST: u32 = 2;
const LABEL: u32 = 3;
const TOUCHED: u32 = 4;
const MARK: u32 = 5;
const BUCKETS: u32 = 6;
const SLOT_M: u32 = 7;
const LABEL_M: u32 = 8;
const ORDER: u32 = 9;
const EDGE_LABEL: u32 = 10;
const EDGE_LABEL_M: u32 = 11;

/** A slot's record: 32 bytes (2^5), laid out 32-aligned so that each sits in one cache line. */
const RECORD_SHIFT: u32 = 5;
/** Byte offset of the queue's link in a record. */
const LINK_AT: usize = 12;
/** Byte offset of the turn row in a record: its costs, or where it starts in the table of longer rows. */
const ROW_AT: usize = 16;
/** Costs a record holds (its last four words): rows of up to four cover 99.9 % of the real cores' slots. */
const ROW_INLINE: u32 = 4;

/** Address of slot `id`'s queue link. */
@inline function linkOf(slot: usize, id: u32): usize {
  return slot + (<usize>id << RECORD_SHIFT) + LINK_AT;
}

let touchedCount: u32 = 0;
let queued: u32 = 0;
/** The smallest key queued is >= cur (TurnQueue's cur). */
let cur: u32 = 0;
/** Ring size - 1 (a power of two minus one); the engine side sizes the ring so no run outgrows it. */
let mask: u32 = 1;
let targetsLeft: i32 = -1;

/** Targets the last run did not settle (-1: it ran to the cutoff). */
export function targetsRemaining(): i32 {
  return targetsLeft;
}

/** Slots still queued (0 once a run has run out). */
export function queuedCount(): u32 {
  return queued;
}

/** A ring of `size` buckets (a power of two) now at BUCKETS, every one empty; the queue must be empty. */
export function setRing(size: u32): void {
  mask = size - 1;
}

/**
 * Forgets the last run: labels back to -1 (and, reverse, the labels by edge to UNREACHED) on the
 * slots it labelled, and the queue emptied (every queued slot is a labelled one).
 */
export function reset(reverse: bool): void {
  const slot = array(SLOT);
  const label = array(LABEL);
  const touched = array(TOUCHED);
  const buckets = array(BUCKETS);
  const order = reverse ? array(ORDER) : 0;
  const edgeLabel = reverse ? array(EDGE_LABEL) : 0;
  // A run that ran out left nothing queued: then no record need be read.
  const some = queued > 0;
  for (let i: u32 = 0; i < touchedCount; i++) {
    const k = <u32>i32At(touched, i);
    const q = linkOf(slot, k);
    if (some && load<i32>(q) != NOT_QUEUED) {
      setI32(buckets, <u32>i32At(label, k) & mask, -1);
      store<i32>(q, NOT_QUEUED);
    }
    setI32(label, k, -1);
    if (reverse) setI32(edgeLabel, <u32>i32At(order, k), -1);
  }
  touchedCount = 0;
  queued = 0;
}

/**
 * TurnQueue.push: queues slot `id` with key `k`, or lowers its key; `old` is its label before (its
 * key when queued). During a run every key pushed is at least the last one popped (cur), so only
 * seeds move cur down. A bucket is a list linked one way: lowering a key finds the slot's
 * predecessor by walking its bucket, which holds the few slots of one decisecond, so that neither
 * a push nor a pop writes into another slot's link (TurnQueue's doubly linked lists keep the same
 * order: most recently pushed first). Returns 1 when the slot was not queued before, else 0 (the
 * settle loop keeps the count of queued slots in a local).
 */
@inline function push(slot: usize, buckets: usize, ring: u32, id: u32, k: u32, old: i32): u32 {
  const q = linkOf(slot, id);
  // A slot never labelled is not queued: its link is not read (most pushes), only written.
  const after = old < 0 ? NOT_QUEUED : load<i32>(q);
  let added: u32 = 1;
  if (after != NOT_QUEUED) {
    if (<u32>old <= k) return 0;
    // Unlink from its bucket.
    let at = buckets + (<usize>(<u32>old & ring) << 2);
    for (let x = load<i32>(at); x != <i32>id; x = load<i32>(at)) at = linkOf(slot, <u32>x);
    store<i32>(at, after);
    added = 0;
  }
  const b = buckets + (<usize>(k & ring) << 2);
  store<i32>(q, load<i32>(b));
  store<i32>(b, <i32>id);
  return added;
}

/**
 * TurnSearch's `offer` for a seed: slot k gets time t (the caller has checked t <= cutoff) and
 * length len (kept when `track`) if that beats its label, as the TypeScript search's offer decides.
 */
export function offer(k: u32, t: u32, len: f64, track: bool): void {
  const label = array(LABEL);
  const labelM = track ? array(LABEL_M) : 0;
  const old = i32At(label, k);
  const at = labelM + (<usize>k << 3);
  if (old >= 0 && !(t < <u32>old || (t == <u32>old && track && len < load<f64>(at)))) return;
  if (old < 0) setI32(array(TOUCHED), touchedCount++, <i32>k);
  setI32(label, k, <i32>t);
  if (track) store<f64>(at, len);
  if (queued == 0 || t < cur) cur = t;
  queued += push(array(SLOT), array(BUCKETS), mask, k, t, old);
}

/** Marks slot k a target of run `gen`; true when it was not yet one (TurnSearch counts targets so). */
export function markTarget(k: u32, gen: u32): bool {
  const mark = array(MARK);
  if (<u32>i32At(mark, k) == gen) return false;
  setI32(mark, k, <i32>gen);
  return true;
}

/**
 * TurnSearch.run's loop: settles slots from the queue until it is empty, every target is settled
 * (`targets` of them, marked `gen`; -1 for none), or `limit` slots are settled (the caller then
 * looks at its abort signal and calls again). Returns the slots settled.
 */
export function settle(cutoff: u32, gen: u32, targets: i32, limit: u32): u32 {
  return settleLoop(false, cutoff, gen, targets, limit);
}

/** `settle` keeping each label's length (f64, summed as the TypeScript search sums): of several as fast, the shortest. */
export function settleTrack(cutoff: u32, gen: u32, targets: i32, limit: u32): u32 {
  return settleLoop(true, cutoff, gen, targets, limit);
}

/** The loop of both: inlined with `track` a constant, so `settle` holds none of the length code. */
@inline function settleLoop(track: bool, cutoff: u32, gen: u32, targets: i32, limit: u32): u32 {
  const slot = array(SLOT);
  const cost = array(COST);
  const label = array(LABEL);
  const touched = array(TOUCHED);
  const mark = array(MARK);
  const buckets = array(BUCKETS);
  const slotM = track ? array(SLOT_M) : 0;
  const labelM = track ? array(LABEL_M) : 0;
  const cut = <u64>cutoff;
  const ring = mask;
  let count = touchedCount;
  let left = targets;
  let at = cur;
  let n = queued;
  let settled: u32 = 0;
  while (n > 0) {
    // Pop: the first item of the first non-empty bucket from cur on.
    while (i32At(buckets, at & ring) < 0) at++;
    const b = buckets + (<usize>(at & ring) << 2);
    const e = <u32>load<i32>(b);
    const se = slot + (<usize>e << RECORD_SHIFT);
    store<i32>(b, load<i32>(se, LINK_AT));
    store<i32>(se, NOT_QUEUED, LINK_AT);
    n--;
    settled++;
    if (left > 0 && <u32>i32At(mark, e) == gen && --left == 0) break;
    // Its label is the bucket's key, at (keys queued lie within one turn of the ring from cur on).
    const through = <u64>at + <u64>load<u32>(se);
    if (through <= cut) {
      const throughM = track ? load<f64>(labelM + (<usize>e << 3)) + <f64>load<f32>(slotM + (<usize>e << 2)) : 0;
      const first = load<u32>(se, 4);
      const end = load<u32>(se, 8);
      // The row's cost of slot f sits at costs + 4 f (wrapping harmlessly): in the record, or in the turn table.
      const costs = end - first <= ROW_INLINE ? se + ROW_AT - (<usize>first << 2) : cost + (<usize>load<u32>(se, ROW_AT) << 2);
      for (let f = first; f < end; f++) {
        const c = load<i32>(costs + (<usize>f << 2));
        if (c < 0) continue;
        const t = through + <u64>c;
        if (t > cut) continue;
        const old = i32At(label, f);
        if (old >= 0) {
          if (t > <u64>old) continue;
          if (t == <u64>old && (!track || throughM >= load<f64>(labelM + (<usize>f << 3)))) continue;
        } else setI32(touched, count++, <i32>f);
        setI32(label, f, <i32>t);
        if (track) store<f64>(labelM + (<usize>f << 3), throughM);
        n += push(slot, buckets, ring, f, <u32>t, old);
      }
    }
    if (settled == limit) break;
  }
  cur = at;
  queued = n;
  touchedCount = count;
  targetsLeft = left;
  return settled;
}

/** Reverse: the labels (and lengths, when `track`) of the slots the run labelled written back by edge id. */
export function byEdge(track: bool): void {
  const label = array(LABEL);
  const touched = array(TOUCHED);
  const order = array(ORDER);
  const edgeLabel = array(EDGE_LABEL);
  const labelM = track ? array(LABEL_M) : 0;
  const edgeLabelM = track ? array(EDGE_LABEL_M) : 0;
  for (let i: u32 = 0; i < touchedCount; i++) {
    const k = <u32>i32At(touched, i);
    const e = <u32>i32At(order, k);
    setI32(edgeLabel, e, i32At(label, k));
    if (track) store<f64>(edgeLabelM + (<usize>e << 3), load<f64>(labelM + (<usize>k << 3)));
  }
}
