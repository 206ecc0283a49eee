/**
 * Snapping places to the road network: a Flatbush index over the road segments of the largest
 * strongly connected component, nearest segment by exact point-to-segment distance. A snapped
 * place sits part-way along an edge; `pointLinks` says how it joins the graph in either direction.
 */
import Flatbush from "flatbush";
import type { RoadGraph } from "./graph.ts";
import { InvalidInputError } from "./errors.ts";
import { EARTH_RADIUS_M } from "./units.ts";
import { CLASS_INDEX } from "./profiles.ts";

const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;

/**
 * Roads no place joins from the side: motorways and their ramps (no access but at junctions) and
 * ferry crossings (a cell in the sea near a ferry line is not reachable). Places near them snap to
 * the nearest other road; the graph still routes over them.
 */
const NOT_ENTERED_FROM_SIDE = new Set([CLASS_INDEX.motorway, CLASS_INDEX.motorway_link, CLASS_INDEX.ferry]);

export interface Snap {
  /** Edge (forward index) the place snapped to, from tail u to head v. */
  readonly edge: number;
  /** The reverse twin v → u, or -1 on a one-way road. */
  readonly twin: number;
  /** Position along the edge: 0 at its tail, 1 at its head. */
  readonly t: number;
  /** Straight-line distance (m) from the place to the snapped point. */
  readonly distanceM: number;
  /** The snapped point. */
  readonly lon: number;
  readonly lat: number;
}

/** A way into or out of a snapped point: a graph node and the time (ds) and length (m) between them. */
export interface PointLink {
  readonly node: number;
  readonly offsetDs: number;
  readonly offsetM: number;
}

export class SnapIndex {
  private readonly index: Flatbush;
  /** Edge id per indexed segment. */
  private readonly edges: Uint32Array;
  private readonly tail: Uint32Array;
  private readonly cosRef: number;

  constructor(readonly graph: RoadGraph) {
    const g = graph;
    const tail = g.edgeTail();
    this.tail = tail;
    let latSum = 0;
    for (let i = 0; i < g.nodeCount; i++) latSum += g.latE7[i];
    this.cosRef = Math.cos(((g.nodeCount ? latSum / g.nodeCount : 0) / 1e7) * (Math.PI / 180));
    // One segment per road: skip v → u when u → v is indexed too.
    const keep: number[] = [];
    for (let e = 0; e < g.edgeCount; e++) {
      const u = tail[e];
      const v = g.head[e];
      if (!g.mainComponent[u] || !g.mainComponent[v] || u === v || NOT_ENTERED_FROM_SIDE.has(g.roadClass[e])) continue;
      if (u > v && g.findEdge(v, u) >= 0) continue;
      keep.push(e);
    }
    this.edges = Uint32Array.from(keep);
    this.index = new Flatbush(Math.max(1, keep.length));
    for (const e of keep) {
      const x1 = this.x(tail[e]), y1 = this.y(tail[e]);
      const x2 = this.x(g.head[e]), y2 = this.y(g.head[e]);
      this.index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
    }
    if (keep.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** Index-space x of a node: degrees of longitude scaled to the graph's mean latitude. */
  private x(node: number): number {
    return (this.graph.lonE7[node] / 1e7) * this.cosRef;
  }

  private y(node: number): number {
    return this.graph.latE7[node] / 1e7;
  }

  /** Number of road segments that places can snap to. */
  get size(): number {
    return this.edges.length;
  }

  /**
   * The nearest point on a main-component road to (lon, lat), or null when none lies within
   * `maxDistanceM`. Distances use a local equirectangular projection at the query's latitude
   * (error well under 0.1 % at the few-kilometre scale snapping works at).
   */
  snap(lon: number, lat: number, maxDistanceM = Infinity): Snap | null {
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new InvalidInputError(`Invalid coordinates (${lon}, ${lat}): expected WGS84 lon,lat`, "lonlat", `${lon},${lat}`);
    }
    if (this.edges.length === 0) return null;
    const g = this.graph;
    const cosQ = Math.cos(lat * (Math.PI / 180));
    // True distance >= ratio * index-space distance, so the search can stop once ratio * box distance > best.
    const ratio = Math.min(1, cosQ / this.cosRef) * M_PER_DEG;
    const qx = lon * this.cosRef;
    const qy = lat;
    let best = Infinity;
    let bestSeg = -1;
    let bestT = 0;
    const kx = cosQ * M_PER_DEG;
    const edges = this.edges;
    const tail = this.tail;
    const maxIndexDist = Number.isFinite(maxDistanceM) ? maxDistanceM / ratio : Infinity;
    this.index.neighbors(qx, qy, 1, maxIndexDist, (seg) => {
      const e = edges[seg];
      const u = tail[e];
      const v = g.head[e];
      const ax = (g.lonE7[u] / 1e7 - lon) * kx, ay = (g.latE7[u] / 1e7 - lat) * M_PER_DEG;
      const bx = (g.lonE7[v] / 1e7 - lon) * kx, by = (g.latE7[v] / 1e7 - lat) * M_PER_DEG;
      // Lower bound from the segment's box in index space: once past `best`, nothing nearer remains.
      const bxMin = Math.min(this.x(u), this.x(v)), bxMax = Math.max(this.x(u), this.x(v));
      const byMin = Math.min(this.y(u), this.y(v)), byMax = Math.max(this.y(u), this.y(v));
      const dx = qx < bxMin ? bxMin - qx : qx > bxMax ? qx - bxMax : 0;
      const dy = qy < byMin ? byMin - qy : qy > byMax ? qy - byMax : 0;
      if (Math.hypot(dx, dy) * ratio > best) return true;
      const sx = bx - ax, sy = by - ay;
      const len2 = sx * sx + sy * sy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * sx + ay * sy) / len2)) : 0;
      const d = Math.hypot(ax + t * sx, ay + t * sy);
      if (d < best) {
        best = d;
        bestSeg = seg;
        bestT = t;
      }
      return false;
    });
    if (bestSeg < 0 || best > maxDistanceM) return null;
    const e = edges[bestSeg];
    const u = tail[e];
    const v = g.head[e];
    const lonS = g.lon(u) + bestT * (g.lon(v) - g.lon(u));
    const latS = g.lat(u) + bestT * (g.lat(v) - g.lat(u));
    return { edge: e, twin: g.findEdge(v, u), t: bestT, distanceM: best, lon: lonS, lat: latS };
  }
}

/**
 * How a snapped point joins the graph for one profile.
 * `out`: leaving the point (seeds of a forward search from it; how a person reaches the network
 * on the way to a service). `in`: arriving at it (seeds of a reverse search from a service;
 * where a forward search's times are read off for a destination).
 */
export function pointLinks(graph: RoadGraph, snap: Pick<Snap, "edge" | "twin" | "t">, profile: string, direction: "out" | "in"): PointLink[] {
  const w = graph.timeColumn(profile);
  const { edge: e, twin, t } = snap;
  const u = graph.edgeTail()[e];
  const v = graph.head[e];
  const len = graph.lengthM[e];
  const links: PointLink[] = [];
  if (direction === "out") {
    links.push({ node: v, offsetDs: (1 - t) * w[e], offsetM: (1 - t) * len });
    if (twin >= 0) links.push({ node: u, offsetDs: t * w[twin], offsetM: t * graph.lengthM[twin] });
    // A place on the tail node of a one-way road is on every road through that node, not only
    // this one: it leaves from the node itself, never forced down the one-way first.
    else if (t === 0) links.push({ node: u, offsetDs: 0, offsetM: 0 });
  } else {
    links.push({ node: u, offsetDs: t * w[e], offsetM: t * len });
    if (twin >= 0) links.push({ node: v, offsetDs: (1 - t) * w[twin], offsetM: (1 - t) * graph.lengthM[twin] });
    // And a place on its head node is reached at the node, not only by the whole one-way.
    else if (t === 1) links.push({ node: v, offsetDs: 0, offsetM: 0 });
  }
  return links;
}
