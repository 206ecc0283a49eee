/**
 * The JSON the API answers with, from the workspace's plain data. Field names and rounding follow
 * `palveluverkko levels --format json` and `scenario --format json`, so the CLI and the API give
 * the same numbers under the same names.
 */
import type { z } from "zod";
import type { LevelFigures } from "../../engine/analysis.ts";
import type { AreaStats } from "../../engine/accessibility.ts";
import type { AreaDiff } from "../../engine/diff.ts";
import { LEVELS, type ServiceLevel } from "../../engine/services.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { GROUPINGS, MUNICIPALITIES, REGION_IDS } from "../../data/facts/index.ts";
import { REGIONS } from "../../data/download.ts";
import type { Workspace, LevelDiffs, ScenarioRun } from "./workspace.ts";
import type * as S from "./schemas.ts";

type Per = "municipality" | "unit";
type Rows<T> = Record<ServiceLevel, T[]>;

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** The rows' ids and names: municipalities (code, Finnish name) or the grouping's units. */
function rowNames(ws: Workspace, per: Per): { id: string; name: string }[] {
  if (per === "unit") {
    if (!ws.study.units) throw new InvalidInputError("per=unit needs a grouping, and this workspace has none", "per", per);
    return ws.study.units.map((u) => ({ id: u.id, name: u.name }));
  }
  return ws.study.areas.map((a) => ({ id: a.code, name: a.name }));
}

function figureRow(id: string, name: string, s: AreaStats, centreMin: number | null): z.output<typeof S.figureRow> {
  return {
    id,
    name,
    population: s.population,
    reached: s.reached,
    beyond: s.beyond,
    mean_min: round1(s.meanMin),
    median_min: round1(s.medianMin),
    p90_min: round1(s.p90Min),
    max_min: round1(s.maxMin),
    centre_min: round1(centreMin),
    bands: s.bands.map((b) => ({ threshold_min: b.thresholdMin, people: b.people, cumulative: b.cumulative })),
  };
}

/** Per level: a row per municipality (or unit), then the "all" row. */
export function figureRows(ws: Workspace, f: LevelFigures, per: Per): Rows<z.output<typeof S.figureRow>> {
  const names = rowNames(ws, per);
  const out = {} as Rows<z.output<typeof S.figureRow>>;
  for (const level of LEVELS) {
    const stats = per === "unit" ? f.perUnit![level] : f.perArea[level];
    out[level] = names.map((n, i) => figureRow(n.id, n.name, stats[i], per === "unit" ? null : f.centreMin[level][i]));
    out[level].push(figureRow("all", "all areas", f.overall[level], null));
  }
  return out;
}

function diffRow(id: string, name: string, d: AreaDiff): z.output<typeof S.diffRow> {
  return {
    id,
    name,
    population: d.population,
    worse: d.worse,
    better: d.better,
    changed: d.changed,
    added_minutes_at_least: Math.round(d.addedMinutesAtLeast),
    saved_minutes_at_least: Math.round(d.savedMinutesAtLeast),
    transitions: d.transitions,
  };
}

/** Per level: a diff row per municipality (or unit), then the "all" row. */
export function diffRows(ws: Workspace, d: LevelDiffs, per: Per): Rows<z.output<typeof S.diffRow>> {
  const names = rowNames(ws, per);
  const out = {} as Rows<z.output<typeof S.diffRow>>;
  for (const level of LEVELS) {
    const diffs = per === "unit" ? d.perUnit![level] : d.perArea[level];
    out[level] = [...names.map((n, i) => diffRow(n.id, n.name, diffs[i])), diffRow("all", "all areas", d.overall[level])];
  }
  return out;
}

/** What every figure reply says about where its inputs come from. */
function about(ws: Workspace, per: Per, thresholdsMin: number[]) {
  return { roads: ws.roads, generated: ws.generated, profile: ws.profile, per, thresholds_min: thresholdsMin };
}

/** Refuses per=unit when the workspace has no grouping, before any work is done. */
export function checkPer(ws: Workspace, per: Per): void {
  rowNames(ws, per);
}

export function accessibilityView(ws: Workspace, per: Per, thresholdsMin: readonly number[]): z.output<typeof S.accessibility> {
  checkPer(ws, per);
  const f = ws.figures(thresholdsMin);
  const s = ws.study;
  return {
    ...about(ws, per, f.thresholdsMin),
    cell_size_m: s.grid.cellSizeM,
    services: { set: s.services.id, source: s.services.source, used: ws.base.placed.length, left_out: ws.base.unplaced.map((p) => p.id) },
    population: { source: s.populationSource, outside_grid: s.populationOutsideGrid, in_no_area: s.populationInNoArea },
    areas: s.areasSource,
    grouping: s.grouping?.id ?? null,
    notes: ws.notes(),
    levels: figureRows(ws, f, per),
  };
}

export function scenarioView(ws: Workspace, run: ScenarioRun, changes: number, per: Per): z.output<typeof S.scenarioRun> {
  return {
    ...about(ws, per, run.figures.thresholdsMin),
    changes,
    changed_points: run.changedPoints,
    figures: figureRows(ws, run.figures, per),
    diff: diffRows(ws, run.diff, per),
  };
}

export function regionsView(ws: Workspace): z.output<typeof S.regionList> {
  return {
    active: ws.region,
    grouping: ws.study.grouping?.id ?? null,
    regions: REGION_IDS.map((id) => ({
      id,
      name: { fi: REGIONS[id].nameFi, en: REGIONS[id].nameEn },
      active: id === ws.region,
      municipalities: MUNICIPALITIES.filter((m) => m.region === id).map((m) => m.code),
      groupings: GROUPINGS.filter((g) => g.region === id).map((g) => ({
        id: g.id,
        name: g.name,
        source: g.source,
        units: g.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], hub: u.hub ?? null })),
      })),
    })),
  };
}

export function municipalitiesView(ws: Workspace): z.output<typeof S.municipalityList> {
  const people = ws.areaPopulation();
  const unitOf = new Map<number, string>();
  ws.study.units?.forEach((u) => u.members.forEach((m) => unitOf.set(m, u.id)));
  return {
    areas: ws.study.areasSource,
    municipalities: ws.study.areas.map((a, i) => ({
      index: i,
      code: a.code,
      name: { fi: a.name, sv: a.nameSv },
      centre: a.centre ? { lon: a.centre.lon, lat: a.centre.lat } : null,
      population: people[i],
      unit: unitOf.get(i) ?? null,
    })),
  };
}

/** Snap distance (m) of each base point that is on the network. */
function snapDistances(ws: Workspace): Map<string, number> {
  return new Map(ws.base.placed.map((p) => [p.point.id, Math.round(p.target.snap.distanceM)]));
}

export function servicePointsView(ws: Workspace): z.output<typeof S.servicePointList> {
  const snapM = snapDistances(ws);
  const set = ws.study.services;
  return {
    set: { id: set.id, name: set.name, source: set.source },
    points: set.points.map((p) => ({ id: p.id, name: { fi: p.name.fi, sv: p.name.sv }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: p.open, snap_m: snapM.get(p.id) ?? null })),
  };
}

export function servicePointsGeoJson(ws: Workspace): z.output<typeof S.servicePointCollection> {
  const snapM = snapDistances(ws);
  return {
    type: "FeatureCollection",
    features: ws.study.services.points.map((p) => ({
      type: "Feature" as const,
      properties: { id: p.id, name_fi: p.name.fi, name_sv: p.name.sv, municipality: p.municipality, level: p.level, open: p.open, snap_m: snapM.get(p.id) ?? null },
      geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] as [number, number] },
    })),
  };
}

export function isochronesView(ws: Workspace, level: ServiceLevel, thresholdsMin: readonly number[], crs: "EPSG:4326" | "EPSG:3067"): z.output<typeof S.isochroneCollection> {
  const bands = ws.isochrones(level, thresholdsMin, crs);
  return {
    ...bands,
    features: bands.features.map((f) => ({ ...f, properties: { level, threshold_min: f.properties.threshold_min } })),
    palveluverkko: { level, roads: ws.roads, generated: ws.generated, profile: ws.profile, thresholds_min: [...thresholdsMin].sort((a, b) => a - b), crs },
  };
}
