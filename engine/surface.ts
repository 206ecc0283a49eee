/**
 * Travel-time surfaces: the time from every cell of a grid to the nearest of a set of places (for
 * planners: from where people live to the nearest service), by road. Each cell centre joins the
 * road network at its nearest main-component road, covering that stretch at CONNECTOR_KMH; a
 * cell farther than `maxConnectorM` from any road is unreachable, never given a made-up time.
 * One search from all places at once serves every cell, in either direction.
 */
import type { RoadGraph } from "./graph.ts";
import type { SnapIndex, Snap } from "./snap.ts";
import { pointLinks } from "./snap.ts";
import { CoreSearch, coreView } from "./core.ts";
import { cellCentreLonLat, cellCount, type Grid } from "./grid.ts";
import { throwIfAborted } from "./errors.ts";
import { CONNECTOR_KMH, MAX_CUTOFF_DS, UNREACHED, timeDsFor } from "./units.ts";

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
  for (let cell = 0; cell < n; cell++) {
    if ((cell & 0xfff) === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(cell, n);
    }
    setLink(links, cell, snapIndex.snap(...cellCentreLonLat(grid, cell), cap));
  }
  options.onProgress?.(n, n);
  return { grid, ...links };
}

function emptyLinks(n: number): Links {
  return { edge: new Int32Array(n).fill(-1), twin: new Int32Array(n).fill(-1), t: new Float32Array(n), connectorDs: new Uint32Array(n) };
}

function setLink(links: Links, i: number, s: Snap | null): void {
  if (!s) return;
  links.edge[i] = s.edge;
  links.twin[i] = s.twin;
  links.t[i] = s.t;
  links.connectorDs[i] = timeDsFor(s.distanceM, CONNECTOR_KMH);
}

/**
 * Links for a list of places (WGS84 lon/lat), e.g. municipal centres, so their times come from
 * the same search and door-to-door rules as the cells'. A place with no road within the cap, or
 * given as null, gets edge -1 (never reached).
 */
export function linkPlaces(snapIndex: SnapIndex, places: readonly ({ readonly lon: number; readonly lat: number } | null)[], maxConnectorM = DEFAULT_MAX_CONNECTOR_M): Links {
  const links = emptyLinks(places.length);
  places.forEach((p, i) => p && setLink(links, i, snapIndex.snap(p.lon, p.lat, maxConnectorM)));
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
 */
export function travelTimeSurface(graph: RoadGraph, links: Links, targets: readonly SurfaceTarget[], options: SurfaceOptions = {}): Uint32Array {
  const profile = options.profile ?? "car";
  const cutoff = options.cutoffDs ?? MAX_CUTOFF_DS;
  const n = links.edge.length;
  const out = options.out ?? new Uint32Array(n);
  out.fill(UNREACHED);
  if (targets.length === 0) return out;
  // "to": a reverse search from the targets, so node times are "from this node to the nearest target".
  const toTargets = (options.direction ?? "to") === "to";
  const search = options.search ?? new CoreSearch(coreView(graph, profile, toTargets ? "reverse" : "forward"));
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

  const w = graph.timeDs[graph.profileIndex(profile)];
  const tail = graph.edgeTail();
  const head = graph.head;
  for (let cell = 0; cell < n; cell++) {
    const e = links.edge[cell];
    if (e < 0) continue;
    const tc = links.t[cell];
    const tw = links.twin[cell];
    // Going to a target, the cell's road is left forwards at its head or backwards (on the twin)
    // at its tail; coming from one, it is entered at its tail forwards or at its head on the twin.
    const ahead = toTargets ? head[e] : tail[e];
    const behind = toTargets ? tail[e] : head[e];
    const aheadDs = toTargets ? (1 - tc) * w[e] : tc * w[e];
    let best = UNREACHED;
    const ta = search.timeAt(ahead);
    if (ta !== UNREACHED) best = ta + Math.round(aheadDs);
    if (tw >= 0) {
      const tb = search.timeAt(behind);
      const behindDs = Math.round(toTargets ? tc * w[tw] : (1 - tc) * w[tw]);
      if (tb !== UNREACHED && tb + behindDs < best) best = tb + behindDs;
    }
    // A target on the same road is reached along it without passing a node.
    const here = onEdge.size > 0 ? onEdge.get(e) : undefined;
    if (here) {
      for (const target of here) {
        const first = toTargets ? tc : target.snap.t;
        const second = toTargets ? target.snap.t : tc;
        const along = second >= first ? (second - first) * w[e] : tw >= 0 ? (first - second) * w[tw] : Infinity;
        if (along + target.connectorDs < best) best = Math.round(along) + target.connectorDs;
      }
    }
    if (best === UNREACHED) continue;
    best += links.connectorDs[cell];
    if (best <= cutoff) out[cell] = best;
  }
  return out;
}
