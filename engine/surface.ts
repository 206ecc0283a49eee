/**
 * Travel-time surfaces: the time from every cell of a grid to the nearest of a set of places (for
 * planners: from where people live to the nearest service), by road. Each cell centre joins the
 * road network at its nearest main-component road, covering that stretch at CONNECTOR_KMH (walking speed on a walking or cycling graph, modes.ts connectorKmh); a
 * cell farther than `maxConnectorM` from any road is unreachable, never given a made-up time.
 * One search from all places at once serves every cell, in either direction.
 */
import type { RoadGraph } from "./graph.ts";
import type { SnapIndex, Snap } from "./snap.ts";
import { pointLinks } from "./snap.ts";
import { buildCellIndex, buildCellTerms, cellLinks, firstOnEdge, type CellIndex, type CellTerms } from "./cell-index.ts";
import { CoreSearch, coreView, type CoreView } from "./core.ts";
import { cellCentreLonLat, cellCount, type Grid } from "./grid.ts";
import { throwIfAborted } from "./errors.ts";
import { MAX_CUTOFF_DS, UNREACHED, timeDsFor } from "./units.ts";
import { connectorKmh } from "./modes.ts";

/** Farthest a cell centre may lie from a road (m) and still count as reachable. */
export const DEFAULT_MAX_CONNECTOR_M = 1000;

/** How each of a list of places (grid cells, municipal centres) joins the road network. */
export interface Links {
  /** Snapped edge per place, -1 where no road lies within the cap. */
  readonly edge: Int32Array;
  readonly twin: Int32Array;
  /** Position along the edge (0 at its tail). */
  readonly t: Float32Array;
  /** Connector time (ds) from the cell centre to the road. */
  readonly connectorDs: Uint32Array;
}

/** How each cell of a grid joins the road network: computed once per graph and grid. */
export interface CellLinks extends Links {
  readonly grid: Grid;
}

export interface LinkOptions {
  maxConnectorM?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Snaps every cell centre of the grid to the road network. */
export function linkCells(snapIndex: SnapIndex, grid: Grid, options: LinkOptions = {}): CellLinks {
  const n = cellCount(grid);
  const cap = options.maxConnectorM ?? DEFAULT_MAX_CONNECTOR_M;
  const links = emptyLinks(n);
  const kmh = connectorKmh(snapIndex.graph);
  for (let cell = 0; cell < n; cell++) {
    if ((cell & 0xfff) === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(cell, n);
    }
    setLink(links, cell, snapIndex.snap(...cellCentreLonLat(grid, cell), cap), kmh);
  }
  options.onProgress?.(n, n);
  return { grid, ...links };
}

function emptyLinks(n: number): Links {
  return { edge: new Int32Array(n).fill(-1), twin: new Int32Array(n).fill(-1), t: new Float32Array(n), connectorDs: new Uint32Array(n) };
}

function setLink(links: Links, i: number, s: Snap | null, kmh: number): void {
  if (!s) return;
  links.edge[i] = s.edge;
  links.twin[i] = s.twin;
  links.t[i] = s.t;
  links.connectorDs[i] = timeDsFor(s.distanceM, kmh);
}

/**
 * Links for a list of places (WGS84 lon/lat), e.g. municipal centres, so their times come from
 * the same search and door-to-door rules as the cells'. A place with no road within the cap, or
 * given as null, gets edge -1 (never reached).
 */
export function linkPlaces(snapIndex: SnapIndex, places: readonly ({ readonly lon: number; readonly lat: number } | null)[], maxConnectorM = DEFAULT_MAX_CONNECTOR_M): Links {
  const links = emptyLinks(places.length);
  const kmh = connectorKmh(snapIndex.graph);
  places.forEach((p, i) => p && setLink(links, i, snapIndex.snap(p.lon, p.lat, maxConnectorM), kmh));
  return links;
}

/** A destination on the network (e.g. a service point), snapped, with its own connector time. */
export interface SurfaceTarget {
  readonly snap: Snap;
  readonly connectorDs: number;
}

export interface SurfaceOptions {
  profile?: string;
  /**
   * "to": from each cell to the nearest target (people to a service; the default).
   * "from": from the nearest target out to each cell (isochrones of a municipal centre).
   */
  direction?: "to" | "from";
  /** Cells slower than this are UNREACHED. Default 180 min. */
  cutoffDs?: number;
  /** Reuse a search (and its buffers) across calls. */
  search?: CoreSearch;
  /** Write into this array instead of allocating one. */
  out?: Uint32Array;
}

/**
 * Time (ds) from each cell to the nearest target, door to door (both connectors included);
 * UNREACHED beyond the cutoff, for cells off the network, and where no target exists.
 *
 * After the search, each cell's time is the least of its terms (engine/cell-index.ts), read from
 * the core times: where the search reached most of the core, cell by cell over every cell's terms
 * in order (CellTerms); else per core node reached, handing its time to the cells it serves
 * (CellIndex), so cells the search never came near cost nothing. The few cells where a target lies
 * on their own road, or where the search started part-way along a chain, are then computed one by
 * one (`cellTime`, the plain reference both loops are tested equal to).
 */
export function travelTimeSurface(graph: RoadGraph, links: Links, targets: readonly SurfaceTarget[], options: SurfaceOptions = {}): Uint32Array {
  const out = options.out ?? new Uint32Array(links.edge.length);
  if (targets.length === 0) return out.fill(UNREACHED);
  const p = searchTargets(graph, links, targets, options);
  const { search, cutoff } = p;
  const index = cellIndex(graph, links, search.view, p.profile, p.toTargets);
  const times = search.coreTimes();
  const reached = search.reachedCore();
  // Core times past 2^31 would read negative as int32: such a cutoff takes the loop per node.
  if (2 * reached.length >= search.view.coreNode.length && cutoff < INT32_MAX) {
    cellsFromTerms(out, cellTerms(index, links.edge.length), new Int32Array(times.buffer, times.byteOffset, times.length), cutoff);
  } else {
    out.fill(UNREACHED);
    const { start, cell, extraDs } = index;
    for (let r = 0; r < reached.length; r++) {
      const u = reached[r];
      const t = times[u];
      for (let k = start[u], end = start[u + 1]; k < end; k++) {
        const v = t + extraDs[k];
        const c = cell[k];
        if (v < out[c] && v <= cutoff) out[c] = v;
      }
    }
  }
  for (const ce of search.seededCoreEdges()) {
    for (let k = index.chainStart[ce]; k < index.chainStart[ce + 1]; k++) out[index.chainCell[k]] = cellTime(p, index.chainCell[k]);
  }
  const { byEdge } = index;
  for (const e of p.onEdge.keys()) {
    for (let k = firstOnEdge(byEdge, links.edge, e); k < byEdge.length && links.edge[byEdge[k]] === e; k++) out[byEdge[k]] = cellTime(p, byEdge[k]);
  }
  return out;
}

const INT32_MAX = 0x7fffffff;

/**
 * Every cell's time, the least of its terms over the core times read as int32 (UNREACHED reads
 * -1): one pass over the terms in order, each cell written once. `cutoff` below INT32_MAX.
 */
function cellsFromTerms(out: Uint32Array, cellTerms: CellTerms, times: Int32Array, cutoff: number): void {
  const { start, terms } = cellTerms;
  const n = start.length - 1;
  let k = 0;
  for (let c = 0; c < n; c++) {
    const end = 2 * start[c + 1];
    let best = INT32_MAX;
    for (; k < end; k += 2) {
      const t = times[terms[k]];
      if (t >= 0) {
        const v = t + terms[k + 1];
        if (v < best) best = v;
      }
    }
    // -1 stored into a Uint32Array is UNREACHED.
    out[c] = best <= cutoff ? best : -1;
  }
}

/** The same surface cell by cell (`cellTime` for every cell): the plain reference the fast path is tested equal to. */
export function plainTravelTimeSurface(graph: RoadGraph, links: Links, targets: readonly SurfaceTarget[], options: SurfaceOptions = {}): Uint32Array {
  const out = options.out ?? new Uint32Array(links.edge.length);
  out.fill(UNREACHED);
  if (targets.length === 0) return out;
  const p = searchTargets(graph, links, targets, options);
  for (let c = 0; c < out.length; c++) out[c] = cellTime(p, c);
  return out;
}

/** Runs the one search from (or to) all targets; what the cells' times are then read from. */
function searchTargets(graph: RoadGraph, links: Links, targets: readonly SurfaceTarget[], options: SurfaceOptions): PlainCell {
  const profile = options.profile ?? "car";
  const cutoff = options.cutoffDs ?? MAX_CUTOFF_DS;
  // "to": a reverse search from the targets, so node times are "from this node to the nearest target".
  const toTargets = (options.direction ?? "to") === "to";
  const search = options.search ?? keptSearch(coreView(graph, profile, toTargets ? "reverse" : "forward"));
  const nodes: number[] = [];
  const offsets: number[] = [];
  const onEdge = new Map<number, SurfaceTarget[]>();
  for (const target of targets) {
    for (const l of pointLinks(graph, target.snap, profile, toTargets ? "in" : "out")) {
      nodes.push(l.node);
      offsets.push(l.offsetDs + target.connectorDs);
    }
    const list = onEdge.get(target.snap.edge);
    if (list) list.push(target);
    else onEdge.set(target.snap.edge, [target]);
  }
  search.run(nodes, offsets, { cutoffDs: cutoff });
  return { graph, links, search, profile, toTargets, cutoff, onEdge };
}

/** What `cellTime` reads: the finished search and the targets by the road they lie on. */
interface PlainCell {
  readonly graph: RoadGraph;
  readonly links: Links;
  readonly search: CoreSearch;
  readonly profile: string;
  readonly toTargets: boolean;
  readonly cutoff: number;
  readonly onEdge: ReadonlyMap<number, readonly SurfaceTarget[]>;
}

/** One cell's time after the search, read node by node (`CoreSearch.timeAt`): the reference for the fast path. */
function cellTime(p: PlainCell, cell: number): number {
  const { graph, links, search, toTargets } = p;
  const e = links.edge[cell];
  if (e < 0) return UNREACHED;
  const w = graph.timeColumn(p.profile);
  const tc = links.t[cell];
  const tw = links.twin[cell];
  let best = UNREACHED;
  for (const l of cellLinks(graph, links, cell, p.profile, toTargets)) {
    const t = search.timeAt(l.node);
    if (t !== UNREACHED && t + Math.round(l.offsetDs) < best) best = t + Math.round(l.offsetDs);
  }
  // A target on the same road is reached along it without passing a node.
  for (const target of p.onEdge.get(e) ?? []) {
    const along = alongSameRoadDs(w, e, tw, tc, target.snap.t, toTargets);
    if (along + target.connectorDs < best) best = Math.round(along) + target.connectorDs;
  }
  if (best === UNREACHED) return UNREACHED;
  best += links.connectorDs[cell];
  return best <= p.cutoff ? best : UNREACHED;
}

/**
 * Time (ds, unrounded) between a cell at `cellT` and a target at `targetT` on the same road e (its
 * twin tw, -1 when one-way), along it without passing a node: from the cell to the target when
 * `toTargets`, else back. Infinity when the one-way runs the other way.
 */
export function alongSameRoadDs(w: Uint32Array, e: number, tw: number, cellT: number, targetT: number, toTargets: boolean): number {
  const first = toTargets ? cellT : targetT;
  const second = toTargets ? targetT : cellT;
  return second >= first ? (second - first) * w[e] : tw >= 0 ? (first - second) * w[tw] : Infinity;
}

const searches = new WeakMap<CoreView, CoreSearch>();

/**
 * The search a surface runs when the caller brings none, one per core view, kept with it: its
 * buffers are not allocated again per surface. A surface reads its results before it returns.
 */
function keptSearch(view: CoreView): CoreSearch {
  let search = searches.get(view);
  if (!search) searches.set(view, (search = new CoreSearch(view)));
  return search;
}

const cellIndexes = new WeakMap<Links, WeakMap<CoreView, { to?: CellIndex; from?: CellIndex }>>();

/**
 * What travelTimeSurface keeps per graph, cell links, profile and direction: the core view and
 * the cell index. Plain typed arrays, so a pool of workers can share one copy (data/parallel.ts).
 */
export interface SurfaceParts {
  readonly view: CoreView;
  readonly index: CellIndex;
}

/** Builds (or finds kept) the parts of surfaces over these links: the search's core view and the cell index. */
export function surfaceParts(graph: RoadGraph, links: Links, profile = "car", direction: "to" | "from" = "to"): SurfaceParts {
  const view = coreView(graph, profile, direction === "to" ? "reverse" : "forward");
  return { view, index: cellIndex(graph, links, view, profile, direction === "to") };
}

/**
 * Keeps parts built elsewhere (in another thread, from shared memory) with these links, so a
 * surface searched with a CoreSearch over `parts.view` uses `parts.index` instead of building its own.
 */
export function adoptSurfaceParts(links: Links, parts: SurfaceParts, direction: "to" | "from"): void {
  keptFor(links, parts.view)[direction] = parts.index;
}

/** The cell indexes kept for these links and core view, by direction. */
function keptFor(links: Links, view: CoreView): { to?: CellIndex; from?: CellIndex } {
  let byView = cellIndexes.get(links);
  if (!byView) cellIndexes.set(links, (byView = new WeakMap()));
  let kept = byView.get(view);
  if (!kept) byView.set(view, (kept = {}));
  return kept;
}

/** The cell index of these links for a core view and direction, built once and kept with the links. */
function cellIndex(graph: RoadGraph, links: Links, view: CoreView, profile: string, toTargets: boolean): CellIndex {
  return (keptFor(links, view)[toTargets ? "to" : "from"] ??= buildCellIndex(graph, links, view, profile, toTargets));
}

const cellTermsKept = new WeakMap<CellIndex, CellTerms>();

/** The index's terms per cell, built at the first surface that reads them and kept with the index. */
function cellTerms(index: CellIndex, cells: number): CellTerms {
  let terms = cellTermsKept.get(index);
  if (!terms) cellTermsKept.set(index, (terms = buildCellTerms(index, cells)));
  return terms;
}
