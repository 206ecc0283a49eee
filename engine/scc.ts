/**
 * Strongly connected components (iterative Tarjan over CSR), so that snapping only lands on roads
 * from which every other such road can be reached and back: no dead-end islands, no one-way traps.
 */

/** Returns a mask with 1 for every node in the largest strongly connected component. O(n + m). */
export function largestSccMask(n: number, firstOut: Uint32Array, head: Uint32Array): Uint8Array {
  const comp = sccLabels(n, firstOut, head);
  const size = new Uint32Array(comp.count);
  for (let i = 0; i < n; i++) size[comp.labels[i]]++;
  let best = 0;
  for (let c = 1; c < comp.count; c++) if (size[c] > size[best]) best = c;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = comp.labels[i] === best ? 1 : 0;
  return mask;
}

/** Component label per node (0..count-1). */
export function sccLabels(n: number, firstOut: Uint32Array, head: Uint32Array): { labels: Uint32Array; count: number } {
  const UNVISITED = 0xffffffff;
  const index = new Uint32Array(n).fill(UNVISITED);
  const low = new Uint32Array(n);
  const labels = new Uint32Array(n).fill(UNVISITED);
  const stack = new Uint32Array(n);
  const onStack = new Uint8Array(n);
  const callNode = new Uint32Array(n);
  const callEdge = new Uint32Array(n);
  let sp = 0;
  let next = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== UNVISITED) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = firstOut[root];
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const u = callNode[depth];
      const e = callEdge[depth];
      if (e < firstOut[u + 1]) {
        callEdge[depth] = e + 1;
        const v = head[e];
        if (index[v] === UNVISITED) {
          index[v] = low[v] = next++;
          stack[sp++] = v;
          onStack[v] = 1;
          depth++;
          callNode[depth] = v;
          callEdge[depth] = firstOut[v];
        } else if (onStack[v] && index[v] < low[u]) {
          low[u] = index[v];
        }
        continue;
      }
      if (low[u] === index[u]) {
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          labels[w] = count;
        } while (w !== u);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[u] < low[parent]) low[parent] = low[u];
      }
    }
  }
  return { labels, count };
}
