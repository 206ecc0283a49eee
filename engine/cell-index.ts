/**
 * The cells of a grid as the core sees them, for travelTimeSurface's cell loops. A linked cell's
 * time is the least of a few terms, each a core node's time plus a constant: the core node itself
 * where the cell's road ends at one, else the tail of each core edge whose chain passes that end,
 * plus the time along the chain to it, along the cell's own road and over its connector.
 * Kept two ways round: per core node the cells it serves (CellIndex: a search that reaches a few
 * nodes touches their cells only), and per cell its terms (CellTerms: a search that reaches most of
 * the core reads every cell's terms in order, writing each cell once).
 */
import type { RoadGraph } from "./graph.ts";
import type { PointLink } from "./snap.ts";
import { pointLinks } from "./snap.ts";
import type { CoreView } from "./core.ts";
import type { Links } from "./surface.ts";

export interface CellIndex {
  /** Terms of core id u: start[u] .. start[u + 1] - 1. */
  readonly start: Uint32Array;
  readonly cell: Uint32Array;
  readonly extraDs: Uint32Array;
  /** Per core edge, the cells with a term through a chain node on it (CSR: chainStart, chainCell). */
  readonly chainStart: Uint32Array;
  readonly chainCell: Uint32Array;
  /** Linked cells sorted by their road (links.edge), to find those on a target's road. */
  readonly byEdge: Uint32Array;
}

/** The same terms per cell: cell c's are pairs (core id, extra ds) at terms[2k], terms[2k + 1] for k in start[c] .. start[c + 1] - 1. */
export interface CellTerms {
  readonly start: Uint32Array;
  readonly terms: Uint32Array;
}

/**
 * How a cell's centre joins the roads, as any place does (snap.ts pointLinks): going to a target it
 * leaves its road, coming from one it arrives on it.
 */
export function cellLinks(graph: RoadGraph, links: Links, cell: number, profile: string, toTargets: boolean): PointLink[] {
  return pointLinks(graph, { edge: links.edge[cell], twin: links.twin[cell], t: links.t[cell] }, profile, toTargets ? "out" : "in");
}

/** The cell index of these links for a core view and direction. */
export function buildCellIndex(graph: RoadGraph, links: Links, view: CoreView, profile: string, toTargets: boolean): CellIndex {
  const n = links.edge.length;
  const { coreOf, entryStart, entryEdge, entryDs, edgeTail } = view;
  const start = new Uint32Array(view.coreNode.length + 1);
  const chainStart = new Uint32Array(view.adj.head.length + 1);
  let cell = new Uint32Array(0);
  let extraDs = new Uint32Array(0);
  let chainCell = new Uint32Array(0);
  // Pass 0 counts the terms per core id and core edge, pass 1 writes them.
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < n; c++) {
      if (links.edge[c] < 0) continue;
      // Each way the cell joins the roads (its road's end ahead, the other end on a two-way road or
      // the node it lies on), each a node and the time to it, rounded as the search's offsets are.
      for (const l of cellLinks(graph, links, c, profile, toTargets)) {
        const node = l.node;
        const ds = Math.round(l.offsetDs) + links.connectorDs[c];
        const u = coreOf[node];
        const j0 = u >= 0 ? 0 : entryStart[node];
        const j1 = u >= 0 ? 1 : entryStart[node + 1];
        for (let j = j0; j < j1; j++) {
          const core = u >= 0 ? u : edgeTail[entryEdge[j]];
          const ce = u >= 0 ? -1 : entryEdge[j];
          if (pass === 0) {
            start[core + 1]++;
            if (ce >= 0) chainStart[ce + 1]++;
          } else {
            const k = start[core]++;
            cell[k] = c;
            extraDs[k] = u >= 0 ? ds : ds + entryDs[j];
            if (ce >= 0) chainCell[chainStart[ce]++] = c;
          }
        }
      }
    }
    if (pass === 0) {
      for (let x = 0; x + 1 < start.length; x++) start[x + 1] += start[x];
      for (let x = 0; x + 1 < chainStart.length; x++) chainStart[x + 1] += chainStart[x];
      cell = new Uint32Array(start[start.length - 1]);
      extraDs = new Uint32Array(cell.length);
      chainCell = new Uint32Array(chainStart[chainStart.length - 1]);
    }
  }
  // Pass 1 moved each start to its end, which is the next one's start: shifted back by one.
  start.copyWithin(1, 0, start.length - 1);
  start[0] = 0;
  chainStart.copyWithin(1, 0, chainStart.length - 1);
  chainStart[0] = 0;
  return { start, cell, extraDs, chainStart, chainCell, byEdge: cellsByRoad(links) };
}

/**
 * The index's terms per cell (`cells` of them), by a counting pass over the index. A cell's terms
 * through the same core node are one, the least: a cell on a two-way chain reaches each of the
 * chain's two core ends through both ends of its road, so it has half as many.
 */
export function buildCellTerms(index: CellIndex, cells: number): CellTerms {
  const { start: nodeStart, cell, extraDs } = index;
  const all = new Uint32Array(cells + 1);
  for (let k = 0; k < cell.length; k++) all[cell[k] + 1]++;
  for (let c = 0; c < cells; c++) all[c + 1] += all[c];
  const next = all.slice(0, cells);
  const pairs = new Uint32Array(2 * cell.length);
  for (let u = 0; u + 1 < nodeStart.length; u++) {
    for (let k = nodeStart[u], end = nodeStart[u + 1]; k < end; k++) {
      const j = 2 * next[cell[k]]++;
      pairs[j] = u;
      pairs[j + 1] = extraDs[k];
    }
  }
  // In place: each cell's distinct core nodes moved to the front of what is kept so far.
  const start = new Uint32Array(cells + 1);
  let kept = 0;
  for (let c = 0; c < cells; c++) {
    const first = kept;
    for (let k = all[c]; k < all[c + 1]; k++) {
      const u = pairs[2 * k];
      const ds = pairs[2 * k + 1];
      let j = first;
      while (j < kept && pairs[2 * j] !== u) j++;
      if (j === kept) {
        pairs[2 * kept] = u;
        pairs[2 * kept + 1] = ds;
        kept++;
      } else if (ds < pairs[2 * j + 1]) pairs[2 * j + 1] = ds;
    }
    start[c + 1] = kept;
  }
  return { start, terms: pairs.slice(0, 2 * kept) };
}

/** Cells a grid may have for the sort keys of cellsByRoad (road × CELL_SPAN + cell stays exact in a double). */
const CELL_SPAN = 2 ** 24;

/** The linked cells sorted by their road, then by cell. */
function cellsByRoad(links: Links): Uint32Array {
  const n = links.edge.length;
  let linked = 0;
  for (let c = 0; c < n; c++) if (links.edge[c] >= 0) linked++;
  const byEdge = new Uint32Array(linked);
  if (n > CELL_SPAN) {
    for (let c = 0, k = 0; c < n; c++) if (links.edge[c] >= 0) byEdge[k++] = c;
    return byEdge.sort((a, b) => links.edge[a] - links.edge[b] || a - b);
  }
  // As numbers, a native sort: several times faster than a comparator's.
  const keys = new Float64Array(linked);
  for (let c = 0, k = 0; c < n; c++) if (links.edge[c] >= 0) keys[k++] = links.edge[c] * CELL_SPAN + c;
  keys.sort();
  for (let k = 0; k < linked; k++) byEdge[k] = keys[k] % CELL_SPAN;
  return byEdge;
}

/** The first position in `byEdge` whose cell lies on road `e` (or past the last cell before it). */
export function firstOnEdge(byEdge: Uint32Array, edge: Int32Array, e: number): number {
  let lo = 0;
  let hi = byEdge.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edge[byEdge[mid]] < e) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
