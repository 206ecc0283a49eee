/**
 * A binary min-heap of node ids keyed by integer time, with decrease-key through a position index.
 * Sized once for a graph; a search clears it in O(items left), so queries allocate nothing.
 */
export class NodeHeap {
  private readonly ids: Uint32Array;
  private readonly keys: Uint32Array;
  /** Position + 1 of each node in the heap, 0 when absent. */
  private readonly pos: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.ids = new Uint32Array(capacity);
    this.keys = new Uint32Array(capacity);
    this.pos = new Uint32Array(capacity);
  }

  clear(): void {
    for (let i = 0; i < this.length; i++) this.pos[this.ids[i]] = 0;
    this.length = 0;
  }

  /** Inserts a node, or lowers its key if it is already queued with a larger one. */
  push(id: number, key: number): void {
    const ids = this.ids;
    const keys = this.keys;
    const pos = this.pos;
    let i = pos[id] - 1;
    if (i < 0) i = this.length++;
    else if (keys[i] <= key) return;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent];
      if (pk <= key) break;
      ids[i] = ids[parent];
      keys[i] = pk;
      pos[ids[i]] = i + 1;
      i = parent;
    }
    ids[i] = id;
    keys[i] = key;
    pos[id] = i + 1;
  }

  peekKey(): number {
    return this.keys[0];
  }

  /** Removes and returns the node with the smallest key. The heap must not be empty. */
  pop(): number {
    const ids = this.ids;
    const keys = this.keys;
    const pos = this.pos;
    const top = ids[0];
    pos[top] = 0;
    const n = --this.length;
    if (n > 0) {
      const id = ids[n];
      const key = keys[n];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let child = 2 * i + 1;
        const right = child + 1;
        if (right < n && keys[right] < keys[child]) child = right;
        if (keys[child] >= key) break;
        ids[i] = ids[child];
        keys[i] = keys[child];
        pos[ids[i]] = i + 1;
        i = child;
      }
      ids[i] = id;
      keys[i] = key;
      pos[id] = i + 1;
    }
    return top;
  }
}
