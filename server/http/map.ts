/**
 * What the web map draws besides the figures: a basemap made of the project's own data (the
 * graph's main roads, the municipal areas), so no tile server is needed, and a scenario's bands.
 * The basemap layers depend only on the loaded workspace, so each is built once and kept.
 */
import type { z } from "zod";
import { roadLines, RANK_NAMES } from "../../engine/roadlines.ts";
import { areaOutlines } from "../../engine/outlines.ts";
import { simplifyPath } from "../../engine/simplify.ts";
import { isochrones } from "../../engine/isochrones.ts";
import { toWgs } from "../../engine/projection.ts";
import type { Rings } from "../../engine/rasterize.ts";
import type { ServiceLevel } from "../../engine/services.ts";
import type { Workspace, ScenarioRun } from "./workspace.ts";
import type * as S from "./schemas.ts";

/** Boundary files are already generalised (Statistics Finland's at 1:1 M); 20 m more costs nothing visible. */
const BOUNDARY_TOLERANCE_M = 20;

/** Five decimals of a degree: about a metre, plenty for drawing, and a third shorter than full doubles. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

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
