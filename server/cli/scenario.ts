/**
 * `palveluverkko scenario`: the base service set and the scenario side by side, per municipality
 * (or unit) and level: figures before and after, and who crosses a band boundary, which way, by
 * how many minutes. JSON is the very JSON POST /api/scenarios/run answers; GeoJSON gives the
 * cells whose time changed, per level, and the changed points. The run is the study's.
 * Means are over the people within the last threshold, so they sit next to the people beyond it:
 * a closure that pushes people past the cutoff can lower a mean while making things worse.
 */
import { changedCellsGeoJson, LEVELS, DS_PER_MIN } from "../../engine/index.ts";
import { readScenario } from "../../data/scenario-file.ts";
import type { DiffRow } from "../../data/export/index.ts";
import { checkPer, diffRows, noteJson, scenarioView } from "../../study/index.ts";
import { csvLine, emit, printNotes } from "./output.ts";
import { openStudy, type StudyCliOptions } from "./study.ts";

export interface ScenarioOptions extends Omit<StudyCliOptions, "services"> {
  scenario: string;
  per: "municipality" | "unit";
  format: "csv" | "json" | "geojson";
  /** A language code: also its speakers' figures and band crossings under the scenario. */
  language?: string;
}

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function csv(rows: readonly (DiffRow & { language?: string })[], per: "municipality" | "unit", thresholds: readonly number[], withLanguage = false): string {
  const header = [
    ...(withLanguage ? ["language"] : []), "level", per === "unit" ? "unit" : "code", "name", "population",
    "base_beyond", "scenario_beyond", "base_mean_min", "scenario_mean_min", "base_p90_min", "scenario_p90_min",
    "people_worse_band", "people_better_band", "people_time_changed", "added_person_minutes_at_least", "saved_person_minutes_at_least",
    ...thresholds.flatMap((t) => [`base_within_${t}_min`, `scenario_within_${t}_min`]),
  ];
  return (
    csvLine(header) +
    rows
      .map((r) =>
        csvLine([
          ...(withLanguage ? [r.language ?? null] : []), r.level, r.id, r.name.fi, r.population,
          r.base.beyond, r.scenario.beyond, r1(r.base.meanMin), r1(r.scenario.meanMin), r1(r.base.p90Min), r1(r.scenario.p90Min),
          r.worse, r.better, r.changed, Math.round(r.addedPersonMinAtLeast), Math.round(r.savedPersonMinAtLeast),
          ...thresholds.flatMap((_, k) => [r.base.within[k], r.scenario.within[k]]),
        ]),
      )
      .join("")
  );
}

export async function scenarioCommand(opts: ScenarioOptions): Promise<void> {
  const scenario = await readScenario(opts.scenario);
  const study = await openStudy({ ...opts, region: scenario.region ?? opts.region }, scenario.services);
  checkPer(study, opts.per);
  // Every change is checked against the base before anything is computed (and a language without people).
  if (opts.language !== undefined) study.subsets.languagePopulation(opts.language);
  const run = study.runScenario(scenario.changes, opts.thresholds);
  printNotes(run.notes, opts.quiet);
  const thresholds = run.figures.thresholdsMin;
  const about = { scenario: { id: scenario.id, name: scenario.name, base: study.inputs.services.id } };

  if (opts.format === "geojson") {
    const cutoffDs = thresholds[thresholds.length - 1] * DS_PER_MIN;
    const base = study.base.surfaces;
    const { population, grid } = study.inputs;
    const cells = LEVELS.flatMap((level) =>
      changedCellsGeoJson(grid, base[level], run.cells[level], population, cutoffDs).features.map((f) => ({ ...f, properties: { level, ...f.properties } })),
    );
    const changed = new Set(run.changedPoints);
    const basePoints = study.inputs.services.points;
    const pts = run.points
      .filter((p) => changed.has(p.id))
      .map((p) => ({
        type: "Feature" as const,
        properties: { kind: "service_point", id: p.id, name_fi: p.name.fi, level: p.level, open: p.open, was: basePoints.find((b) => b.id === p.id) ?? null },
        geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] },
      }));
    const meta = { ...about, roads: study.roads, generated: study.generated, profile: study.profile, model: study.model, thresholds_min: thresholds, changed_points: run.changedPoints, notes: run.notes.map(noteJson) };
    await emit(JSON.stringify({ type: "FeatureCollection", features: [...cells, ...pts], palveluverkko: meta }) + "\n", opts.out);
    return;
  }
  if (opts.format === "json") {
    await emit(JSON.stringify({ ...about, ...scenarioView(study, run, opts.per, opts.language) }, null, 2) + "\n", opts.out);
    return;
  }
  const rows: (DiffRow & { language?: string })[] = diffRows(study.inputs, study.figures(thresholds), run.figures, run.diff, opts.per);
  if (opts.language !== undefined) {
    const lang = study.subsets.languageRun(opts.language, run);
    rows.push(...diffRows(study.inputs, lang.base, lang.scenario, lang.diff, opts.per).map((r) => ({ ...r, language: opts.language })));
  }
  await emit(csv(rows, opts.per, thresholds, opts.language !== undefined), opts.out);
}
