/**
 * The edge-based search's priority queue: Dial's bucket queue. Keys are whole deciseconds and a
 * search only ever pushes keys from the one it last popped up to that plus the longest step (an
 * edge's time and a turn), so a ring of buckets one per decisecond, wider than the longest step,
 * holds every queued key in a bucket of its own value. Push, decrease-key and pop are O(1) (each
 * bucket a doubly linked list in typed arrays); pop walks past empty buckets, at most the search's
 * whole span of times once. The ring widens itself when seeds far apart need it. Sized once per
 * graph; a search clears it in O(items left), so queries allocate nothing.
 */
export class TurnQueue {
  /** First item per bucket, −1 when empty. */
  private buckets: Int32Array;
  private mask: number;
  private readonly next: Int32Array;
  /** Previous item in the bucket; −1 first in it, NOT_QUEUED when absent. */
  private readonly prev: Int32Array;
  private readonly key: Uint32Array;
  /** The smallest key queued is ≥ cur; the largest ≤ top. */
  private cur = 0;
  private top = 0;
  length = 0;

  /** capacity: items (ids below it); span: the longest step a search takes (ds). */
  constructor(capacity: number, span: number) {
    this.next = new Int32Array(capacity);
    this.prev = new Int32Array(capacity).fill(NOT_QUEUED);
    this.key = new Uint32Array(capacity);
    const size = ringSize(span + 1);
    this.buckets = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  clear(): void {
    while (this.length > 0) this.pop();
  }

  /**
   * Makes room for keys `span` apart while the queue is empty: a search calls it before seeding with
   * the seeds' spread, so that no run widens the ring midway (which would reorder items of the same
   * key) and the WebAssembly search, sized by the same rule, pops in the same order.
   */
  reserve(span: number): void {
    if (this.length > 0 || span <= this.mask) return;
    const size = ringSize(span + 1);
    this.buckets = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** Inserts an item, or lowers its key if it is queued with a larger one. */
  push(id: number, k: number): void {
    const prev = this.prev;
    if (prev[id] !== NOT_QUEUED) {
      if (this.key[id] <= k) return;
      this.unlink(id);
    }
    if (this.length === 0) this.cur = this.top = k;
    else if (k < this.cur) this.cur = k;
    else if (k > this.top) this.top = k;
    if (this.top - this.cur > this.mask) this.widen(this.top - this.cur + 1);
    const b = k & this.mask;
    const first = this.buckets[b];
    this.next[id] = first;
    prev[id] = -1;
    if (first >= 0) prev[first] = id;
    this.buckets[b] = id;
    this.key[id] = k;
    this.length++;
  }

  /** Removes and returns an item with the smallest key. The queue must not be empty. */
  pop(): number {
    const buckets = this.buckets;
    const mask = this.mask;
    let cur = this.cur;
    while (buckets[cur & mask] < 0) cur++;
    this.cur = cur;
    const id = buckets[cur & mask];
    const after = this.next[id];
    buckets[cur & mask] = after;
    if (after >= 0) this.prev[after] = -1;
    this.prev[id] = NOT_QUEUED;
    this.length--;
    return id;
  }

  private unlink(id: number): void {
    const before = this.prev[id];
    const after = this.next[id];
    if (before >= 0) this.next[before] = after;
    else this.buckets[this.key[id] & this.mask] = after;
    if (after >= 0) this.prev[after] = before;
    this.prev[id] = NOT_QUEUED;
    this.length--;
  }

  /** A ring for keys `span` apart (seeds far apart): the queued items moved into it. */
  private widen(span: number): void {
    const items: number[] = [];
    for (const first of this.buckets) for (let id = first; id >= 0; id = this.next[id]) items.push(id);
    const size = ringSize(span);
    this.buckets = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    const [cur, top] = [this.cur, this.top];
    this.length = 0;
    for (const id of items) {
      this.prev[id] = NOT_QUEUED;
      this.push(id, this.key[id]);
    }
    [this.cur, this.top] = [cur, top];
  }
}

const NOT_QUEUED = -2;

/** The power of two ≥ n (at least 2). */
export function ringSize(n: number): number {
  let size = 2;
  while (size < n) size *= 2;
  return size;
}
