// The turns model's edge-based search in WebAssembly (AssemblyScript): engine/turn-search.ts's
// settle loop over slots and engine/turn-queue.ts's ring of buckets, step for step, over arrays that
// engine/wasm-turn-search.ts lays out in this module's one linear memory. Compiled by
// scripts/build-wasm.mjs into engine/turn-search-wasm.ts; the TypeScript TurnSearch stays the
// reference it is tested equal to (test/engine/wasm-turn-search.test.ts): the same labels, lengths,
// touched order and settled counts, because the queue pops in the same order (each bucket holds one
// key, most recently pushed first, as TurnQueue's do).
//
// Why: as TypeScript the loop took 2.6-2.7 times the plain core search (itself WebAssembly); as
// WebAssembly, with buckets linked one way and a slot's row and next slots in one record, 1.2-1.5
// times (benchmarks/RESULTS.md, the turns section).
//
// Sums of times are taken in 64 bits, so no sum wraps: every comparison is the exact one the
// TypeScript search makes on doubles. Labels are below 2^31 (the cutoff is), read as i32 with -1
// for UNREACHED, as the TypeScript loop reads them.

import { array, i32At, setI32 } from "./memory";

const NOT_QUEUED: i32 = -2;

// Where each array starts: memory word k holds the byte address of array k, written by
// engine/wasm-turn-search.ts (its ARRAY table, in the same order; word 0 unused). Per slot, four words: its time
// (ds), the first and end slot out of the node it leads to, and its turn-table row's start less that
// first slot (so that the row's cost for slot f is at that plus f; the node itself is not needed).
// The turn table (i32, negative where forbidden). Per slot: label (i32, -1 unreached), touched list,
// target marks, and the queue's link (the next slot in its bucket, -1 last, NOT_QUEUED when not
// queued; a queued slot's key is its label). The ring of buckets (i32, first item,
// -1 empty). With lengths: slot length (f32) and label length (f64) per slot. Reverse only: the
// edge id of each slot, and labels and label lengths by edge id (what the search hands out).
const SLOT: u32 = 1;
const COST: u32 = 2;
const LABEL: u32 = 3;
const TOUCHED: u32 = 4;
const MARK: u32 = 5;
const QUEUE: u32 = 6;
const BUCKETS: u32 = 7;
const SLOT_M: u32 = 8;
const LABEL_M: u32 = 9;
const ORDER: u32 = 10;
const EDGE_LABEL: u32 = 11;
const EDGE_LABEL_M: u32 = 12;

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
  const label = array(LABEL);
  const touched = array(TOUCHED);
  const queue = array(QUEUE);
  const buckets = array(BUCKETS);
  const order = reverse ? array(ORDER) : 0;
  const edgeLabel = reverse ? array(EDGE_LABEL) : 0;
  for (let i: u32 = 0; i < touchedCount; i++) {
    const k = <u32>i32At(touched, i);
    if (i32At(queue, k) != NOT_QUEUED) {
      setI32(buckets, <u32>i32At(label, k) & mask, -1);
      setI32(queue, k, NOT_QUEUED);
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
 * order: most recently pushed first).
 */
@inline function push(queue: usize, buckets: usize, id: u32, k: u32, old: i32): void {
  const q = queue + (<usize>id << 2);
  const after = load<i32>(q);
  if (after != NOT_QUEUED) {
    if (<u32>old <= k) return;
    // Unlink from its bucket.
    let at = buckets + (<usize>(<u32>old & mask) << 2);
    for (let x = load<i32>(at); x != <i32>id; x = load<i32>(at)) at = queue + (<usize>x << 2);
    store<i32>(at, after);
    queued--;
  }
  const b = buckets + (<usize>(k & mask) << 2);
  store<i32>(q, load<i32>(b));
  store<i32>(b, <i32>id);
  queued++;
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
  push(array(QUEUE), array(BUCKETS), k, t, old);
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
  const queue = array(QUEUE);
  const buckets = array(BUCKETS);
  const slotM = track ? array(SLOT_M) : 0;
  const labelM = track ? array(LABEL_M) : 0;
  const cut = <u64>cutoff;
  const ring = mask;
  let count = touchedCount;
  let left = targets;
  let at = cur;
  let settled: u32 = 0;
  while (queued > 0) {
    // Pop: the first item of the first non-empty bucket from cur on.
    while (i32At(buckets, at & ring) < 0) at++;
    const b = buckets + (<usize>(at & ring) << 2);
    const e = <u32>load<i32>(b);
    const qe = queue + (<usize>e << 2);
    store<i32>(b, load<i32>(qe));
    store<i32>(qe, NOT_QUEUED);
    queued--;
    settled++;
    if (left > 0 && <u32>i32At(mark, e) == gen && --left == 0) break;
    const se = slot + (<usize>e << 4);
    const through = <u64>i32At(label, e) + <u64>load<u32>(se);
    if (through <= cut) {
      const throughM = track ? load<f64>(labelM + (<usize>e << 3)) + <f64>load<f32>(slotM + (<usize>e << 2)) : 0;
      const end = load<u32>(se, 8);
      // The row's cost of slot f sits at costs + 4 f (the row's start less the first slot out, wrapping harmlessly).
      const costs = cost + (<usize>load<u32>(se, 12) << 2);
      for (let f = load<u32>(se, 4); f < end; f++) {
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
        push(queue, buckets, f, <u32>t, old);
      }
    }
    if (settled == limit) break;
  }
  cur = at;
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
