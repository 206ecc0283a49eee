/**
 * `palveluverkko levels`: travel time from where people live (and from each municipal centre) to
 * the nearest L, A and E service (and, asked, of each service type), per municipality or regional unit: population-weighted mean,
 * median, P90 and maximum, and people per band. CSV, JSON (the very JSON GET /api/accessibility
 * answers), or GeoJSON (bands and points). The figures and notes are the study's.
 */
import { LEVELS } from "../../engine/index.ts";
import { accessibilityView, checkPer, figureRows, noteJson, typeRows, typesAsked, type Study } from "../../study/index.ts";
import type { FigureRow, TypeFigureRow } from "../../data/export/index.ts";
import { csvLine, emit, printNotes } from "./output.ts";
import { openStudy, type StudyCliOptions } from "./study.ts";

export interface LevelsOptions extends StudyCliOptions {
  per: "municipality" | "unit";
  format: "csv" | "json" | "geojson";
  /** Service type ids (or "all") to give figures for besides the levels. */
  types?: string[];
  /** A language code: also its speakers' figures to services offered in it. */
  language?: string;
  /** A population group (age band) of the grid: also its people's figures. */
  group?: string;
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** Column name of band k: people_0_15_min, people_15_30_min, ..., people_over_180_min. */
function bandColumns(thresholds: readonly number[]): string[] {
  return [...thresholds.map((t, i) => `people_${i === 0 ? 0 : thresholds[i - 1]}_${t}_min`), `people_over_${thresholds[thresholds.length - 1]}_min`];
}

/** The rows as CSV; with service types asked, a `type` column after `level`, each row filling one of the two. */
type Row = (FigureRow | TypeFigureRow) & { language?: string; group?: string };

function csv(rows: readonly Row[], per: "municipality" | "unit", thresholds: readonly number[], withTypes: boolean, withLanguage: boolean, withGroup: boolean): string {
  const header = [
    ...(withGroup ? ["group"] : []), ...(withLanguage ? ["language"] : []), "level", ...(withTypes ? ["type"] : []), per === "unit" ? "unit" : "code", "name", "population", "reached", "beyond", "mean_min", "median_min", "p90_min", "max_min", "centre_min",
    "coverage_inside_pct", "coverage_land_pct", "coverage_people_pct", "partial", ...bandColumns(thresholds),
  ];
  const pct = (share: number | null | undefined) => (share === null || share === undefined ? null : Math.round(share * 1000) / 10);
  return (
    csvLine(header) +
    rows
      .map((r) =>
        csvLine([
          ...(withGroup ? [r.group ?? null] : []), ...(withLanguage ? [r.language ?? null] : []), "level" in r ? r.level : null, ...(withTypes ? ["type" in r ? r.type : null] : []),
          r.id, r.name.fi, r.population, r.reached, r.beyond, round1(r.meanMin), round1(r.medianMin), round1(r.p90Min), round1(r.maxMin), round1(r.centreMin),
          pct(r.coverage?.inside), pct(r.coverage?.land), pct(r.coverage?.people), r.coverage ? (r.coverage.partial ? "yes" : "no") : null, ...r.bands,
        ]),
      )
      .join("")
  );
}

export async function levelsCommand(opts: LevelsOptions): Promise<void> {
  const study = await openStudy(opts);
  checkPer(study, opts.per);
  const thresholds = study.thresholds(opts.thresholds);
  const types = typesAsked(study, opts.types);
  if (opts.language !== undefined) study.subsets.languagePopulation(opts.language); // a language without people is refused before any work
  if (opts.group !== undefined) study.subsets.groupPopulation(opts.group); // and a group the grid does not give
  const notes = study.notes(thresholds);
  printNotes(notes, opts.quiet);
  if (opts.format === "json") {
    await emit(JSON.stringify(accessibilityView(study, opts.per, thresholds, { types, language: opts.language, group: opts.group }), null, 2) + "\n", opts.out);
    return;
  }
  if (opts.format === "geojson") {
    const features = LEVELS.flatMap((level) => study.isochrones(level, thresholds, "EPSG:4326").features.map((f) => ({ ...f, properties: { level, ...f.properties } })));
    const points = study.inputs.services.points.map((p) => ({
      type: "Feature" as const,
      properties: { kind: "service_point", id: p.id, name_fi: p.name.fi, name_sv: p.name.sv, level: p.level, open: p.open, municipality: p.municipality },
      geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] },
    }));
    const { levels: _rows, ...about } = accessibilityView(study, opts.per, thresholds);
    await emit(JSON.stringify({ type: "FeatureCollection", features: [...features, ...points], palveluverkko: { ...about, notes: notes.map(noteJson) } }) + "\n", opts.out);
    return;
  }
  const rows: Row[] = [...figureRows(study.inputs, study.figures(thresholds), opts.per), ...typeRows(study.inputs, study.subsets.typeFigures(types, thresholds), opts.per)];
  if (opts.language !== undefined) rows.push(...languageRows(study, opts.language, types, thresholds, opts.per));
  if (opts.group !== undefined) rows.push(...figureRows(study.inputs, study.subsets.groupFigures(opts.group, thresholds), opts.per).map((r) => ({ ...r, group: opts.group })));
  await emit(csv(rows, opts.per, thresholds, types.length > 0, opts.language !== undefined, opts.group !== undefined), opts.out);
}

/** A language's rows: its speakers to services offered in it, per level and type, each marked with the language. */
function languageRows(study: Study, lang: string, types: readonly string[], thresholds: readonly number[], per: "municipality" | "unit"): Row[] {
  const f = study.subsets.languageFigures(lang, types, thresholds);
  return [...figureRows(study.inputs, f.levels, per), ...typeRows(study.inputs, f.types, per)].map((r) => ({ ...r, language: lang }));
}
