/**
 * The peers this engine is measured against, each on the very same graph:
 * - a textbook Dijkstra as most JavaScript would write it (array-of-arrays adjacency, a binary heap
 *   of [time, node] pairs with lazy deletion, a fresh distance array per query);
 * - ngraph.path (A* without a heuristic, i.e. Dijkstra) over ngraph.graph, single pair only;
 * - graphology-shortest-path's Dijkstra over a graphology DirectedGraph.
 */
import createGraph from "ngraph.graph";
import path from "ngraph.path";
import { DirectedGraph } from "graphology";
import { dijkstra } from "graphology-shortest-path";
import type { Adjacency } from "../engine/graph.ts";

export type PlainGraph = [number, number][][];

/** Array-of-arrays adjacency: out[u] = [[v, timeDs], ...]. */
export function toPlain(adj: Adjacency): PlainGraph {
  const out: PlainGraph = [];
  for (let u = 0; u < adj.nodeCount; u++) {
    const list: [number, number][] = [];
    for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++) list.push([adj.head[e], adj.timeDs[e]]);
    out.push(list);
  }
  return out;
}

/** Textbook one-to-all Dijkstra with a cutoff; returns the distance array (Infinity = unreached). */
export function plainDijkstra(g: PlainGraph, source: number, cutoff: number): number[] {
  const dist = new Array<number>(g.length).fill(Infinity);
  const heap: [number, number][] = [[0, source]];
  dist[source] = 0;
  while (heap.length > 0) {
    const [d, u] = heapPop(heap);
    if (d > dist[u]) continue;
    for (const [v, w] of g[u]) {
      const nd = d + w;
      if (nd < dist[v] && nd <= cutoff) {
        dist[v] = nd;
        heapPush(heap, [nd, v]);
      }
    }
  }
  return dist;
}

function heapPush(h: [number, number][], item: [number, number]): void {
  h.push(item);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p][0] <= h[i][0]) break;
    [h[p], h[i]] = [h[i], h[p]];
    i = p;
  }
}

function heapPop(h: [number, number][]): [number, number] {
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l][0] < h[m][0]) m = l;
      if (r < h.length && h[r][0] < h[m][0]) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
  return top;
}

/** An ngraph.graph of the adjacency (parallel edges collapsed to the fastest) and its path finder. */
export function toNgraph(adj: Adjacency): { find: (from: number, to: number) => number } {
  const g = createGraph<unknown, number>();
  for (let u = 0; u < adj.nodeCount; u++) g.addNode(u);
  for (let u = 0; u < adj.nodeCount; u++) {
    const best = new Map<number, number>();
    for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++) {
      const v = adj.head[e];
      best.set(v, Math.min(best.get(v) ?? Infinity, adj.timeDs[e]));
    }
    for (const [v, w] of best) g.addLink(u, v, w);
  }
  const finder = path.aStar(g, { oriented: true, distance: (_a, _b, link) => link.data });
  return {
    /** Travel time (ds) of the path ngraph.path finds, Infinity when none. */
    find(from, to) {
      const nodes = finder.find(from, to);
      if (nodes.length === 0) return from === to ? 0 : Infinity;
      let t = 0;
      // ngraph.path returns the path from `to` back to `from`.
      for (let i = nodes.length - 1; i > 0; i--) t += g.getLink(nodes[i].id, nodes[i - 1].id)!.data;
      return t;
    },
  };
}

/**
 * A graphology DirectedGraph of the adjacency (parallel edges collapsed to the fastest) with
 * graphology-shortest-path's Dijkstra: bidirectional for a pair, singleSource for one-to-all
 * (which has no cutoff and returns every path, so it is run only on the smaller graphs).
 */
export function toGraphology(adj: Adjacency): { pair: (from: number, to: number) => number; oneToAll: (from: number) => number } {
  const g = new DirectedGraph<Record<string, never>, { w: number }>();
  for (let u = 0; u < adj.nodeCount; u++) g.addNode(String(u));
  for (let u = 0; u < adj.nodeCount; u++) {
    const best = new Map<number, number>();
    for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++) best.set(adj.head[e], Math.min(best.get(adj.head[e]) ?? Infinity, adj.timeDs[e]));
    for (const [v, w] of best) if (v !== u) g.addDirectedEdge(String(u), String(v), { w });
  }
  const cost = (nodes: string[]) => {
    let t = 0;
    for (let i = 1; i < nodes.length; i++) t += g.getDirectedEdgeAttribute(nodes[i - 1], nodes[i], "w");
    return t;
  };
  return {
    /** Travel time (ds) of the path graphology finds, Infinity when none. */
    pair(from, to) {
      if (from === to) return 0;
      const nodes = dijkstra.bidirectional(g, String(from), String(to), "w");
      return nodes ? cost(nodes) : Infinity;
    },
    /** Number of nodes reached from `from` (graphology computes all their paths). */
    oneToAll(from) {
      return Object.keys(dijkstra.singleSource(g, String(from), "w")).length;
    },
  };
}
