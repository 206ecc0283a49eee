/**
 * What the web map draws besides the figures: a basemap made of the project's own data (the
 * graph's main roads, the municipal areas, the extract's water), so no tile server is needed, and a
 * scenario's bands.
 * The basemap layers depend only on the loaded workspace, so each is built once and kept.
 */
import { z } from "zod";
import { basename } from "node:path";
import { roadLines, RANK_NAMES } from "../../engine/roadlines.ts";
import { areaOutlines } from "../../engine/outlines.ts";
import { simplifyIndices, simplifyPath } from "../../engine/simplify.ts";
import { isochrones } from "../../engine/isochrones.ts";
import { toWgs } from "../../engine/projection.ts";
import type { Rings } from "../../engine/rasterize.ts";
import type { ServiceLevel } from "../../engine/services.ts";
import type { Workspace, ScenarioRun } from "./workspace.ts";
import type * as S from "./schemas.ts";
import { responseSchemas } from "./schemas.ts";
import type { WaterPolygon, WaterStats } from "../../data/osm/water.ts";

/** Boundary files are already generalised (Statistics Finland's at 1:1 M); 20 m more costs nothing visible. */
const BOUNDARY_TOLERANCE_M = 20;

/** Five decimals of a degree: about a metre, plenty for drawing, and a third shorter than full doubles. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** Most vertices the water layer may send; the smallest polygons are left out past it (a big region). */
export const MAX_WATER_DISPLAY_VERTICES = 300_000;

/** The water the map draws, simplified once when the workspace opens; notes say why there is none. */
export interface WaterLayer {
  readonly polygons: readonly WaterPolygon[];
  /** The OSM file the water was read from; null when none was. */
  readonly source: string | null;
  readonly notes: readonly string[];
  readonly toleranceM: number;
  readonly vertices: number;
}

/** No water, and why. */
export function noWater(note: string): WaterLayer {
  return { polygons: [], source: null, notes: [note], toleranceM: 0, vertices: 0 };
}

/**
 * Water polygons simplified for drawing: Douglas–Peucker in a local equirectangular view (metres),
 * at 1/5000 of the water's extent within [2, 30] m as the roads are; rings that collapse and
 * polygons smaller than a few tolerances square are left out, then the smallest past MAX_WATER_DISPLAY_VERTICES.
 */
export function waterLayer(path: string, read: { polygons: readonly WaterPolygon[]; stats: WaterStats }): WaterLayer {
  const notes: string[] = [];
  const all = read.polygons.flatMap((p) => p.rings[0]);
  const lat0 = all.length > 0 ? all.reduce((s, c) => s + c[1], 0) / all.length : 60;
  const mx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const my = 110_574;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of all) (x0 = Math.min(x0, x)), (y0 = Math.min(y0, y)), (x1 = Math.max(x1, x)), (y1 = Math.max(y1, y));
  const toleranceM = all.length > 0 ? Math.min(30, Math.max(2, Math.hypot((x1 - x0) * mx, (y1 - y0) * my) / 5000)) : 0;
  const minAreaM2 = 16 * toleranceM * toleranceM;
  const kept: { polygon: WaterPolygon; areaM2: number; vertices: number }[] = [];
  for (const p of read.polygons) {
    const rings: [number, number][][] = [];
    for (const ring of p.rings) {
      const m = ring.map(([x, y]) => [x * mx, y * my] as [number, number]);
      const idx = simplifyIndices(m.map((c) => c[0]), m.map((c) => c[1]), toleranceM);
      const out = idx.map((i) => [round5(ring[i][0]), round5(ring[i][1])] as [number, number]);
      if (out.length < 4) {
        if (rings.length === 0) break; // the outer ring collapsed: nothing to draw
        continue;
      }
      rings.push(out);
    }
    if (rings.length === 0) continue;
    const areaM2 = Math.abs(ringArea(rings[0])) * mx * my;
    if (areaM2 < minAreaM2) continue;
    kept.push({ polygon: { source: p.source, rings }, areaM2, vertices: rings.reduce((n, r) => n + r.length, 0) });
  }
  kept.sort((a, b) => b.areaM2 - a.areaM2);
  let vertices = 0;
  let cut = kept.length;
  for (let i = 0; i < kept.length; i++) {
    if (vertices + kept[i].vertices > MAX_WATER_DISPLAY_VERTICES) {
      cut = i;
      break;
    }
    vertices += kept[i].vertices;
  }
  if (cut < kept.length) notes.push(`${kept.length - cut} of the smallest water polygons left out to keep the layer within ${MAX_WATER_DISPLAY_VERTICES} vertices.`);
  const st = read.stats;
  if (read.polygons.length === 0) notes.push(`${basename(path)} holds no water areas (natural=water, waterway=riverbank, landuse=reservoir or basin) nor coastline: a roads-only extract draws no water.`);
  if (st.sea === "coastline does not end at the extract's edge") notes.push("The coastline does not end at the extract's edge (an extract cut by a polygon?): the sea is not drawn.");
  if (st.openRings > 0) notes.push(`${st.openRings} ring(s) of water relations whose ways do not close left out.`);
  if (st.overLimit > 0) notes.push(`${st.overLimit} water way(s) past the read limit left out.`);
  return { polygons: kept.slice(0, cut).map((k) => k.polygon), source: basename(path), notes, toleranceM, vertices };
}

/** Signed area of a ring in its own units squared. */
function ringArea(ring: readonly (readonly [number, number])[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

const polygonCoordinates = z.array(z.array(z.tuple([z.number(), z.number()])));

export const mapWater = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({ kind: z.enum(["water", "sea"]).describe("An inland water area (lake, pond, river area, reservoir), or the sea closed from the coastline."), source: z.string().describe("The OSM object: way/ID, relation/ID, or coastline.") }),
        geometry: z.object({ type: z.literal("Polygon"), coordinates: polygonCoordinates.describe("Outer ring first, then holes (islands).") }),
      }),
    ),
    palveluverkko: z.object({
      source: z.string().nullable().describe("The OSM file the water was read from; null when there is none (generated roads, a built graph)."),
      tolerance_m: z.number().describe("Simplification tolerance, metres."),
      vertices: z.number().int(),
      notes: z.array(z.string()).describe("Why there is no water, or what was left out."),
    }),
  })
  .describe("Water areas of the OSM extract the roads came from, as simplified WGS84 polygons; empty, with a note, when the roads did not come from an OSM file.")
  .register(responseSchemas, { id: "MapWater" });

const waterCache = new WeakMap<Workspace, z.output<typeof mapWater>>();

/** The workspace's water as GeoJSON polygons (built once per workspace). */
export function mapWaterView(ws: Workspace): z.output<typeof mapWater> {
  let view = waterCache.get(ws);
  if (!view) {
    const w = ws.water;
    view = {
      type: "FeatureCollection",
      features: w.polygons.map((p) => ({
        type: "Feature" as const,
        properties: { kind: p.source === "coastline" ? ("sea" as const) : ("water" as const), source: p.source },
        geometry: { type: "Polygon" as const, coordinates: p.rings },
      })),
      palveluverkko: { source: w.source, tolerance_m: Math.round(w.toleranceM * 10) / 10, vertices: w.vertices, notes: [...w.notes] },
    };
    waterCache.set(ws, view);
  }
  return view;
}

const roadsCache = new WeakMap<Workspace, z.output<typeof S.mapRoads>>();
const areasCache = new WeakMap<Workspace, z.output<typeof S.mapAreas>>();

/** The graph's ranked roads as GeoJSON lines (built once per workspace). */
export function mapRoadsView(ws: Workspace): z.output<typeof S.mapRoads> {
  let view = roadsCache.get(ws);
  if (!view) {
    const r = roadLines(ws.parts.graph);
    view = {
      type: "FeatureCollection",
      features: r.lines.map((l) => ({
        type: "Feature" as const,
        properties: { rank: l.rank, class: RANK_NAMES[l.rank] },
        geometry: { type: "LineString" as const, coordinates: l.coordinates.map(([lon, lat]) => [round5(lon), round5(lat)] as [number, number]) },
      })),
      palveluverkko: {
        roads: ws.roads,
        generated: ws.generated,
        classes: r.ranks.map((k) => RANK_NAMES[k]),
        omitted: r.omitted.map((k) => RANK_NAMES[k]),
        tolerance_m: Math.round(r.toleranceM * 10) / 10,
        vertices: r.vertices,
      },
    };
    roadsCache.set(ws, view);
  }
  return view;
}

/** Municipal borders as lines: the boundary file's rings, or cell-edge outlines of nearest-centre areas (built once). */
export function mapAreasView(ws: Workspace): z.output<typeof S.mapAreas> {
  let view = areasCache.get(ws);
  if (!view) {
    const s = ws.study;
    const approximate = !s.boundaries;
    const rings: readonly Rings[] = s.boundaries ?? areaOutlines(s.grid, s.areaOfCell, s.areas.length);
    // Cell outlines run along cell edges: anything under a tenth of a cell off the chord is a collinear point.
    const tolerance = approximate ? s.grid.cellSizeM / 10 : BOUNDARY_TOLERANCE_M;
    const people = ws.areaPopulation();
    view = {
      type: "FeatureCollection",
      features: s.areas.map((a, i) => ({
        type: "Feature" as const,
        properties: { code: a.code, name_fi: a.name, name_sv: a.nameSv, population: people[i] },
        geometry: {
          type: "MultiLineString" as const,
          coordinates: rings[i]
            .map((ring) => simplifyPath(ring as readonly (readonly [number, number])[], tolerance).map(([x, y]) => toWgs(x, y).map(round5) as [number, number]))
            .filter((ring) => ring.length >= 2),
        },
      })),
      palveluverkko: { source: s.areasSource, approximate },
    };
    areasCache.set(ws, view);
  }
  return view;
}

/** A scenario's bands for one level, shaped as /api/isochrones answers the base's. */
export function scenarioIsochrones(ws: Workspace, run: ScenarioRun, level: ServiceLevel, thresholdsMin: readonly number[]): z.output<typeof S.isochroneCollection> {
  const bands = isochrones(ws.study.grid, run.cells[level], { thresholdsMin });
  return {
    type: "FeatureCollection",
    features: bands.features.map((f) => ({ ...f, properties: { level, threshold_min: f.properties.threshold_min } })),
    palveluverkko: { level, roads: ws.roads, generated: ws.generated, profile: ws.profile, thresholds_min: [...thresholdsMin].sort((a, b) => a - b), crs: "EPSG:4326" },
  };
}
