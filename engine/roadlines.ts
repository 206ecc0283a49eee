/**
 * The roads of a graph as a basemap: the edges of the main road classes, one line per stretch
 * between junctions (both directions of a two-way road drawn once), simplified for drawing.
 * Classes come in ranks, most important first; a big region keeps only the ranks that fit a
 * vertex budget, so the map of Lapland carries its main roads and not every village street.
 */
import type { RoadGraph } from "./graph.ts";
import { WAY_CLASS_TAGS } from "./modes.ts";
import { simplifyIndices } from "./simplify.ts";
import { EARTH_RADIUS_M } from "./units.ts";

/** Basemap ranks by road class; links take their road's rank; classes not listed are not drawn. */
export const ROAD_RANKS: Readonly<Record<string, number>> = {
  motorway: 0, motorway_link: 0,
  trunk: 1, trunk_link: 1,
  primary: 2, primary_link: 2,
  secondary: 3, secondary_link: 3,
  tertiary: 4, tertiary_link: 4,
  // Streets: drawn only when everything above leaves room (a town, not a county).
  unclassified: 5, residential: 5, living_street: 5,
};
/** Name of each rank, as the map styles it. */
export const RANK_NAMES = ["motorway", "trunk", "primary", "secondary", "tertiary", "street"] as const;

export interface RoadLinesOptions {
  /** Simplification tolerance (m); default from the graph's extent: 1/5000 of its diagonal, within [2, 30]. */
  toleranceM?: number;
  /** Most vertices over all lines; whole ranks are left out, least important first, to stay within. */
  maxVertices?: number;
}

export interface RoadLine {
  readonly rank: number;
  /** WGS84 [lon, lat], at least two. */
  readonly coordinates: [number, number][];
}

export interface RoadLines {
  readonly lines: RoadLine[];
  /** Ranks drawn, and ranks the graph has but the budget left out. */
  readonly ranks: number[];
  readonly omitted: number[];
  readonly toleranceM: number;
  readonly vertices: number;
}

/** Default vertex budget: about 4 MB of GeoJSON, under 1 MB compressed. */
export const DEFAULT_MAX_ROAD_VERTICES = 200_000;

/** Merged, simplified lines of the graph's ranked roads (see ROAD_RANKS). */
export function roadLines(graph: RoadGraph, options: RoadLinesOptions = {}): RoadLines {
  const rankOfClass = Int8Array.from(WAY_CLASS_TAGS, (tag) => ROAD_RANKS[tag] ?? -1);
  const { firstOut, head, roadClass, nodeCount } = graph;

  // One undirected edge per road stretch: u < v, or a one-way edge with no twin.
  const ends: number[] = [];
  const ranks: number[] = [];
  for (let u = 0; u < nodeCount; u++) {
    for (let e = firstOut[u], end = firstOut[u + 1]; e < end; e++) {
      const v = head[e];
      const rank = rankOfClass[roadClass[e]];
      if (rank < 0 || u === v || (u > v && graph.findEdge(v, u) >= 0)) continue;
      ends.push(u, v);
      ranks.push(rank);
    }
  }
  const m = ranks.length;
  // Incident edges per node (CSR).
  const start = new Uint32Array(nodeCount + 1);
  for (let k = 0; k < 2 * m; k++) start[ends[k] + 1]++;
  for (let i = 0; i < nodeCount; i++) start[i + 1] += start[i];
  const fill = start.slice(0, nodeCount);
  const incident = new Uint32Array(2 * m);
  for (let k = 0; k < 2 * m; k++) incident[fill[ends[k]]++] = k >> 1;
  // A line ends where the road forks, ends, or changes rank.
  const isStop = (n: number) => start[n + 1] - start[n] !== 2 || ranks[incident[start[n]]] !== ranks[incident[start[n] + 1]];

  const used = new Uint8Array(m);
  const chains: { rank: number; nodes: number[] }[] = [];
  const walk = (from: number, first: number) => {
    const nodes = [from];
    let at = from;
    let k = first;
    for (;;) {
      used[k] = 1;
      at = ends[2 * k] === at ? ends[2 * k + 1] : ends[2 * k];
      nodes.push(at);
      if (at === from || isStop(at)) break;
      const a = incident[start[at]];
      k = a === k ? incident[start[at] + 1] : a;
      if (used[k]) break;
    }
    chains.push({ rank: ranks[first], nodes });
  };
  for (let n = 0; n < nodeCount; n++) {
    if (start[n] === start[n + 1] || !isStop(n)) continue;
    for (let i = start[n]; i < start[n + 1]; i++) if (!used[incident[i]]) walk(n, incident[i]);
  }
  for (let k = 0; k < m; k++) if (!used[k]) walk(ends[2 * k], k); // rings with no junction (roundabouts)

  // Simplify in local metres (equirectangular about the middle latitude; exact enough for drawing).
  const bbox = graph.mainBbox();
  const midLat = Number.isFinite(bbox[1]) ? (bbox[1] + bbox[3]) / 2 : 60;
  const mPerDeg = (EARTH_RADIUS_M * Math.PI) / 180;
  const kx = mPerDeg * Math.cos((midLat * Math.PI) / 180);
  const diagM = Number.isFinite(bbox[0]) ? Math.hypot((bbox[2] - bbox[0]) * kx, (bbox[3] - bbox[1]) * mPerDeg) : 0;
  const toleranceM = options.toleranceM ?? Math.min(30, Math.max(2, diagM / 5000));
  const lines: RoadLine[] = chains.map(({ rank, nodes }) => {
    const xs = nodes.map((n) => graph.lonE7[n] * 1e-7 * kx);
    const ys = nodes.map((n) => graph.latE7[n] * 1e-7 * mPerDeg);
    return { rank, coordinates: simplifyIndices(xs, ys, toleranceM).map((i) => [graph.lon(nodes[i]), graph.lat(nodes[i])]) };
  });

  // Keep whole ranks in order of importance while they fit; the first rank present always.
  const perRank = new Array<number>(RANK_NAMES.length).fill(0);
  for (const l of lines) perRank[l.rank] += l.coordinates.length;
  const budget = options.maxVertices ?? DEFAULT_MAX_ROAD_VERTICES;
  const present = perRank.flatMap((v, r) => (v > 0 ? [r] : []));
  let total = 0;
  let cut = present.length;
  for (let i = 0; i < present.length; i++) {
    if (i > 0 && total + perRank[present[i]] > budget) {
      cut = i;
      break;
    }
    total += perRank[present[i]];
  }
  const kept = present.slice(0, cut);
  return { lines: lines.filter((l) => l.rank <= kept[kept.length - 1]), ranks: kept, omitted: present.slice(cut), toleranceM, vertices: total };
}
