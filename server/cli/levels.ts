/**
 * `palveluverkko levels`: travel time from where people live (and from each municipal centre) to
 * the nearest L, A and E service, per municipality or regional unit: population-weighted mean,
 * median, P90 and maximum, and people per band. CSV, JSON, or GeoJSON (bands and points).
 */
import type { AnalysisResult } from "../../engine/analysis.ts";
import type { AreaStats } from "../../engine/accessibility.ts";
import { isochrones } from "../../engine/isochrones.ts";
import { LEVELS, type ServiceLevel } from "../../engine/services.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import type { Study } from "../../data/study.ts";
import { csvLine, emit } from "./output.ts";
import { openStudy, printNotes, runAnalysis, runNotes, type StudyCliOptions } from "./study.ts";

export interface LevelsOptions extends StudyCliOptions {
  per: "municipality" | "unit";
  format: "csv" | "json" | "geojson";
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** Column name of band k: people_0_15_min, people_15_30_min, ..., people_over_180_min. */
export function bandColumns(thresholds: readonly number[]): string[] {
  return [...thresholds.map((t, i) => `people_${i === 0 ? 0 : thresholds[i - 1]}_${t}_min`), `people_over_${thresholds[thresholds.length - 1]}_min`];
}

export interface LevelRow {
  level: ServiceLevel;
  id: string;
  name: string;
  stats: AreaStats;
  centreMin: number | null;
}

/** Rows per level and area (or unit), then one row per level over every area ("all"). */
export function levelRows(study: Study, result: AnalysisResult, per: "municipality" | "unit"): LevelRow[] {
  const rows: LevelRow[] = [];
  for (const level of LEVELS) {
    if (per === "unit") {
      if (!study.units || !result.perUnit) throw new InvalidInputError("--per unit needs a grouping (--grouping)", "per", per);
      study.units.forEach((u, i) => rows.push({ level, id: u.id, name: u.name, stats: result.perUnit![level][i], centreMin: null }));
    } else {
      study.areas.forEach((a, i) => rows.push({ level, id: a.code, name: a.name, stats: result.perArea[level][i], centreMin: result.centreMin[level][i] }));
    }
    rows.push({ level, id: "all", name: "all areas", stats: result.overall[level], centreMin: null });
  }
  return rows;
}

export async function levelsCommand(opts: LevelsOptions): Promise<void> {
  const opened = await openStudy(opts);
  const { study, roads } = opened;
  const result = runAnalysis(opened, opts);
  const notes = runNotes(opened, result, opts.maxSnap);
  printNotes(notes, opts.quiet);

  const about = {
    roads,
    profile: opts.profile,
    thresholds_min: result.thresholdsMin,
    cell_size_m: study.grid.cellSizeM,
    services: { set: study.services.id, source: study.services.source, used: result.placed.length, left_out: result.unplaced.map((p) => p.id) },
    population: { source: study.populationSource, outside_grid: study.populationOutsideGrid, in_no_area: study.populationInNoArea },
    areas: study.areasSource,
    grouping: study.grouping?.id ?? null,
    notes,
  };
  if (opts.format === "geojson") {
    const features = LEVELS.flatMap((level) =>
      isochrones(study.grid, result.surfaces[level], { thresholdsMin: result.thresholdsMin }).features.map((f) => ({ ...f, properties: { level, ...f.properties } })),
    );
    const points = study.services.points.map((p) => ({
      type: "Feature" as const,
      properties: { kind: "service_point", id: p.id, name_fi: p.name.fi, name_sv: p.name.sv, level: p.level, open: p.open, municipality: p.municipality },
      geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] },
    }));
    await emit(JSON.stringify({ type: "FeatureCollection", features: [...features, ...points], palveluverkko: about }) + "\n", opts.out);
    return;
  }
  const rows = levelRows(study, result, opts.per);
  if (opts.format === "json") {
    const json = rows.map((r) => ({
      level: r.level,
      id: r.id,
      name: r.name,
      population: r.stats.population,
      reached: r.stats.reached,
      beyond: r.stats.beyond,
      mean_min: round1(r.stats.meanMin),
      median_min: round1(r.stats.medianMin),
      p90_min: round1(r.stats.p90Min),
      max_min: round1(r.stats.maxMin),
      centre_min: round1(r.centreMin),
      bands: r.stats.bands.map((b) => ({ threshold_min: b.thresholdMin, people: b.people, cumulative: b.cumulative })),
    }));
    await emit(JSON.stringify({ ...about, rows: json }, null, 2) + "\n", opts.out);
    return;
  }
  const header = ["level", opts.per === "unit" ? "unit" : "code", "name", "population", "reached", "beyond", "mean_min", "median_min", "p90_min", "max_min", "centre_min", ...bandColumns(result.thresholdsMin)];
  const text =
    csvLine(header) +
    rows
      .map((r) =>
        csvLine([
          r.level,
          r.id,
          r.name,
          r.stats.population,
          r.stats.reached,
          r.stats.beyond,
          round1(r.stats.meanMin),
          round1(r.stats.medianMin),
          round1(r.stats.p90Min),
          round1(r.stats.maxMin),
          round1(r.centreMin),
          ...r.stats.bands.map((b) => b.people),
        ]),
      )
      .join("");
  await emit(text, opts.out);
}
