/**
 * What the web map draws besides the figures: a basemap made of the project's own data (the
 * graph's main roads, the municipal areas, the extract's water), so no tile server is needed, and a
 * scenario's bands.
 * The basemap layers depend only on the loaded workspace, so each is built once and kept.
 */
import { z } from "zod";
import { basename } from "node:path";
import { roadLines, RANK_NAMES, areaOutlines, simplifyIndices, simplifyPath, isochrones, toWgs, cellCentre, cellSquare, type Rings, type ServiceLevel } from "../../engine/index.ts";
import { noteJson, type Study, type ScenarioRun } from "../../study/index.ts";
import type * as S from "./schemas.ts";
import { responseSchemas } from "./schemas.ts";
import type { WaterPolygon, WaterStats } from "../../data/osm/index.ts";

/** Five decimals of a degree: about a metre, plenty for drawing, and a third shorter than full doubles. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** Boundary files are already generalised (Statistics Finland's at 1:1 M); 20 m more costs nothing visible. */
const BOUNDARY_TOLERANCE_M = 20;

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

const waterCache = new WeakMap<Study, z.output<typeof mapWater>>();

/** The workspace's water as GeoJSON polygons (built once per workspace). */
export function mapWaterView(ws: Study): z.output<typeof mapWater> {
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

const roadsCache = new WeakMap<Study, z.output<typeof S.mapRoads>>();
const areasCache = new WeakMap<Study, z.output<typeof S.mapAreas>>();

/** The graph's ranked roads as GeoJSON lines (built once per workspace). */
export function mapRoadsView(ws: Study): z.output<typeof S.mapRoads> {
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
        attribution: ws.attribution,
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
export function mapAreasView(ws: Study): z.output<typeof S.mapAreas> {
  let view = areasCache.get(ws);
  if (!view) {
    const s = ws.inputs;
    const approximate = !s.boundaries;
    const rings: readonly Rings[] = s.boundaries ?? areaOutlines(s.grid, s.areaOfCell, s.areas.length);
    // Cell outlines run along cell edges: anything under a tenth of a cell off the chord is a collinear point.
    const tolerance = approximate ? s.grid.cellSizeM / 10 : BOUNDARY_TOLERANCE_M;
    const people = ws.areaPopulation();
    view = {
      type: "FeatureCollection",
      features: s.areas.map((a, i) => ({
        type: "Feature" as const,
        properties: { code: a.code, name_fi: a.name, name_sv: a.nameSv, population: people[i], partial: a.coverage.partial, inside_pct: Math.round(a.coverage.inside * 1000) / 10 },
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

/** The populated grid cells as GeoJSON squares (WGS84) with their people: the app's population layer. */
export function mapPopulationView(ws: Study): z.output<typeof S.mapPopulation> {
  const { grid, population } = ws.inputs;
  const features: z.output<typeof S.mapPopulation>["features"] = [];
  for (let c = 0; c < population.length; c++) {
    if (!(population[c] > 0)) continue;
    const ring = cellSquare(...cellCentre(grid, c), grid.cellSizeM).map(([px, py]) => toWgs(px, py).map(round5) as [number, number]);
    features.push({ type: "Feature", properties: { cell: c, population: Math.round(population[c] * 10) / 10 }, geometry: { type: "Polygon", coordinates: [ring] } });
  }
  const total = features.reduce((n, f) => n + f.properties.population, 0);
  return { type: "FeatureCollection", features, palveluverkko: { cell_size_m: grid.cellSizeM, cells: features.length, population: Math.round(total), source: ws.inputs.populationSource } };
}

/** A scenario's bands for one level, shaped as /api/isochrones answers the base's. */
export function scenarioIsochrones(ws: Study, run: ScenarioRun, level: ServiceLevel, thresholdsMin: readonly number[]): z.output<typeof S.isochroneCollection> {
  const bands = ws.scenarioIsochrones(run, level, thresholdsMin);
  return {
    type: "FeatureCollection",
    features: bands.features.map((f) => ({ ...f, properties: { level, threshold_min: f.properties.threshold_min } })),
    palveluverkko: { level, roads: ws.roads, generated: ws.generated, profile: ws.profile, thresholds_min: ws.thresholds(thresholdsMin), crs: "EPSG:4326", notes: run.notes.map(noteJson) },
  };
}
