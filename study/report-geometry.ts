/**
 * The report's geometry in EPSG:3067, taken from the same surfaces as its figures: isochrone bands
 * per level (a view of the cells, engine/isochrones.ts), the populated cells with their minutes,
 * the service points, and the municipal boundaries when they were given. Map services (the OGC
 * API) take the same, with the municipalities and units as polygons even without boundaries.
 */
import {
  nestRings, cellCentre, cellCount, isochrones, toEtrs, type LevelSurfaces, LEVELS, type ServiceLevel, type ServicePoint, DS_PER_MIN,
  areaPolygons, groupAreas,
} from "../engine/index.ts";
import type { BandShape, CellColumns, Position, ReportModel, ReportMunicipality, ReportPoint } from "../data/export/index.ts";
import type { StudyInputs } from "./inputs.ts";

/** Surfaces with the thresholds they are shown at. */
export interface ShownSurfaces {
  readonly surfaces: LevelSurfaces;
  readonly thresholdsMin: readonly number[];
}

function bands(study: StudyInputs, r: ShownSurfaces, variant: BandShape["variant"]): BandShape[] {
  const out: BandShape[] = [];
  for (const level of LEVELS) {
    const fc = isochrones(study.grid, r.surfaces[level], { thresholdsMin: r.thresholdsMin, crs: "EPSG:3067" });
    for (const f of fc.features) {
      const k = r.thresholdsMin.indexOf(f.properties.threshold_min);
      out.push({ level, variant, thresholdMin: f.properties.threshold_min, fromMin: k > 0 ? r.thresholdsMin[k - 1] : 0, polygons: f.geometry.coordinates });
    }
  }
  return out;
}

/** Minutes per populated cell, NaN beyond the last threshold (or unreached). */
function minutes(r: ShownSurfaces, cells: Uint32Array): Record<ServiceLevel, Float64Array> {
  const cutoffDs = r.thresholdsMin[r.thresholdsMin.length - 1] * DS_PER_MIN;
  const out = {} as Record<ServiceLevel, Float64Array>;
  for (const level of LEVELS) {
    const s = r.surfaces[level];
    out[level] = Float64Array.from(cells, (c) => (s[c] <= cutoffDs ? s[c] / DS_PER_MIN : NaN));
  }
  return out;
}

/** The cells where people live (a report's cells; empty cells carry no figure). */
function cellColumns(study: StudyInputs, r: ShownSurfaces, base: ShownSurfaces | null): CellColumns {
  const ids: number[] = [];
  for (let c = 0; c < cellCount(study.grid); c++) if (study.population[c] > 0) ids.push(c);
  const cell = Uint32Array.from(ids);
  const x = new Float64Array(ids.length);
  const y = new Float64Array(ids.length);
  ids.forEach((c, i) => ([x[i], y[i]] = cellCentre(study.grid, c)));
  return {
    cellSizeM: study.grid.cellSizeM,
    cell,
    x,
    y,
    population: Uint32Array.from(ids, (c) => study.population[c]),
    municipality: ids.map((c) => (study.areaOfCell[c] >= 0 ? study.areas[study.areaOfCell[c]].code : null)),
    minutes: minutes(r, cell),
    baseMinutes: base ? minutes(base, cell) : null,
  };
}

function reportPoints(points: readonly ServicePoint[], basePoints: readonly ServicePoint[] | null, changed: readonly string[]): ReportPoint[] {
  const inBase = new Set((basePoints ?? points).map((p) => p.id));
  const changedIds = new Set(changed);
  return points.map((p) => {
    const [x, y] = toEtrs(p.lon, p.lat);
    const status = !inBase.has(p.id) ? "added" : changedIds.has(p.id) ? "changed" : "unchanged";
    return { id: p.id, name: { fi: p.name.fi, sv: p.name.sv }, level: p.level, open: p.open, municipality: p.municipality, lon: p.lon, lat: p.lat, x, y, status };
  });
}


/**
 * Each municipality of the study as polygons (EPSG:3067): its boundary when boundaries were given
 * (`approximate` false), else the outline of the cells it was given (nearest centre).
 */
export function municipalityShapes(study: StudyInputs): { polygons: Position[][][][]; approximate: boolean } {
  const rings = study.boundaries;
  if (!rings) return { polygons: areaPolygons(study.grid, study.areaOfCell, study.areas.length), approximate: true };
  return { polygons: study.areas.map((_, i) => nestRings(rings[i].map((ring) => ring.map(([px, py]) => [px, py] as Position)))), approximate: false };
}

/**
 * Each unit of the study's grouping as polygons (EPSG:3067): the outline of the cells its
 * members hold, which are the cells its figures count; null when the study has no grouping.
 */
export function unitShapes(study: StudyInputs): Position[][][][] | null {
  if (!study.units) return null;
  const unitOfArea = new Array<number>(study.areas.length).fill(-1);
  study.units.forEach((u, i) => u.members.forEach((m) => (unitOfArea[m] = i)));
  return areaPolygons(study.grid, groupAreas(study.areaOfCell, unitOfArea), study.units.length);
}

/** The municipalities on the grid with their boundaries (only those: a boundary file of all Finland would otherwise fill the report); null for nearest-centre areas. */
function municipalities(study: StudyInputs): ReportMunicipality[] | null {
  if (!study.boundaries) return null;
  const { polygons } = municipalityShapes(study);
  return study.areas.map((a, i) => ({ code: a.code, name: { fi: a.name, sv: a.nameSv, en: a.name }, polygons: polygons[i] }));
}

/** Bands (the result's, and for a scenario also the base's), populated cells, points and boundaries. */
export function reportGeometry(
  study: StudyInputs,
  result: ShownSurfaces,
  base: ShownSurfaces | null,
  points: readonly ServicePoint[],
  basePoints: readonly ServicePoint[] | null,
  changedPoints: readonly string[],
): ReportModel["geometry"] {
  const g = study.grid;
  return {
    extent: [g.x0, g.y0, g.x0 + g.cols * g.cellSizeM, g.y0 + g.rows * g.cellSizeM],
    bands: base ? [...bands(study, base, "base"), ...bands(study, result, "scenario")] : bands(study, result, null),
    cells: cellColumns(study, result, base),
    points: reportPoints(points, basePoints, changedPoints),
    basePoints: basePoints ? reportPoints(basePoints, null, []) : null,
    municipalities: municipalities(study),
  };
}
