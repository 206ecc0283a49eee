/**
 * `palveluverkko scenario`: the base service set and the scenario side by side, per municipality
 * (or unit) and level: figures before and after, and who crosses a band boundary, which way, by
 * how many minutes. GeoJSON gives the cells whose time changed, per level, and the changed points.
 * Means are over the people within the last threshold, so they sit next to the people beyond it:
 * a closure that pushes people past the cutoff can lower a mean while making things worse.
 */
import { applyChanges, changedPoints } from "../../engine/scenario.ts";
import { diffSurfaces, changedCellsGeoJson, type AreaDiff } from "../../engine/diff.ts";
import { groupAreas, type AreaStats } from "../../engine/accessibility.ts";
import { LEVELS, type ServiceLevel } from "../../engine/services.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { DS_PER_MIN } from "../../engine/units.ts";
import { readScenario } from "../../data/scenario-file.ts";
import { csvLine, emit } from "./output.ts";
import { openStudy, printNotes, runAnalysis, runNotes, type StudyCliOptions } from "./study.ts";

export interface ScenarioOptions extends Omit<StudyCliOptions, "region" | "services"> {
  scenario: string;
  per: "municipality" | "unit";
  format: "csv" | "json" | "geojson";
}

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const within = (s: AreaStats, t: number) => s.bands.find((b) => b.thresholdMin === t)?.cumulative ?? 0;

export async function scenarioCommand(opts: ScenarioOptions): Promise<void> {
  const scenario = await readScenario(opts.scenario);
  const cli = { ...opts, region: scenario.region, services: scenario.services };
  if (opts.per === "unit" && cli.grouping === "none") throw new InvalidInputError("--per unit needs a grouping (--grouping)", "per", opts.per);
  const opened = await openStudy(cli);
  const { study } = opened;
  const basePoints = study.services.points;
  // Every change is checked against the base before anything is computed.
  const points = applyChanges(basePoints, scenario.changes);
  const before = runAnalysis(opened, cli, basePoints);
  const after = runAnalysis(opened, cli, points);
  printNotes(runNotes(opened, after, opts.maxSnap), opts.quiet);

  const thresholds = after.thresholdsMin;
  const units = opts.per === "unit" ? study.units : null;
  if (opts.per === "unit" && !units) throw new InvalidInputError("--per unit needs a grouping (--grouping)", "per", opts.per);
  const areaOfCell = units ? groupAreas(study.areaOfCell, unitOf(units, study.areas.length)) : study.areaOfCell;
  const names = units ? units.map((u) => ({ id: u.id, name: u.name })) : study.areas.map((a) => ({ id: a.code, name: a.name }));
  const statsOf = (r: typeof before, level: ServiceLevel) => (units ? r.perUnit![level] : r.perArea[level]);

  const rows: { level: ServiceLevel; id: string; name: string; base: AreaStats; scen: AreaStats; diff: AreaDiff }[] = [];
  for (const level of LEVELS) {
    const diffs = diffSurfaces(before.surfaces[level], after.surfaces[level], study.population, areaOfCell, names.length, thresholds);
    const all = diffSurfaces(before.surfaces[level], after.surfaces[level], study.population, groupAreas(areaOfCell, names.map(() => 0)), 1, thresholds)[0];
    names.forEach((a, i) => rows.push({ level, id: a.id, name: a.name, base: statsOf(before, level)[i], scen: statsOf(after, level)[i], diff: diffs[i] }));
    rows.push({ level, id: "all", name: "all areas", base: before.overall[level], scen: after.overall[level], diff: all });
  }
  const about = {
    scenario: { id: scenario.id, name: scenario.name, base: study.services.id, changes: scenario.changes.length, changed_points: changedPoints(basePoints, points) },
    roads: opened.roads,
    profile: opts.profile,
    thresholds_min: thresholds,
    population: study.populationSource,
    areas: study.areasSource,
  };

  if (opts.format === "geojson") {
    const cutoffDs = thresholds[thresholds.length - 1] * DS_PER_MIN;
    const cells = LEVELS.flatMap((level) =>
      changedCellsGeoJson(study.grid, before.surfaces[level], after.surfaces[level], study.population, cutoffDs).features.map((f) => ({ ...f, properties: { level, ...f.properties } })),
    );
    const changed = new Set(about.scenario.changed_points);
    const pts = points
      .filter((p) => changed.has(p.id))
      .map((p) => ({
        type: "Feature" as const,
        properties: { kind: "service_point", id: p.id, name_fi: p.name.fi, level: p.level, open: p.open, was: basePoints.find((b) => b.id === p.id) ?? null },
        geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] },
      }));
    await emit(JSON.stringify({ type: "FeatureCollection", features: [...cells, ...pts], palveluverkko: about }) + "\n", opts.out);
    return;
  }
  if (opts.format === "json") {
    const json = rows.map((r) => ({
      level: r.level,
      id: r.id,
      name: r.name,
      population: r.base.population,
      base: { beyond: r.base.beyond, mean_min: r1(r.base.meanMin), p90_min: r1(r.base.p90Min), max_min: r1(r.base.maxMin), within_min: Object.fromEntries(thresholds.map((t) => [t, within(r.base, t)])) },
      scenario: { beyond: r.scen.beyond, mean_min: r1(r.scen.meanMin), p90_min: r1(r.scen.p90Min), max_min: r1(r.scen.maxMin), within_min: Object.fromEntries(thresholds.map((t) => [t, within(r.scen, t)])) },
      worse: r.diff.worse,
      better: r.diff.better,
      changed: r.diff.changed,
      added_minutes_at_least: Math.round(r.diff.addedMinutesAtLeast),
      saved_minutes_at_least: Math.round(r.diff.savedMinutesAtLeast),
      transitions: r.diff.transitions,
    }));
    await emit(JSON.stringify({ ...about, rows: json }, null, 2) + "\n", opts.out);
    return;
  }
  const header = [
    "level", units ? "unit" : "code", "name", "population",
    "base_beyond", "scenario_beyond", "base_mean_min", "scenario_mean_min", "base_p90_min", "scenario_p90_min",
    "people_worse_band", "people_better_band", "people_time_changed", "added_person_minutes_at_least", "saved_person_minutes_at_least",
    ...thresholds.flatMap((t) => [`base_within_${t}_min`, `scenario_within_${t}_min`]),
  ];
  const text =
    csvLine(header) +
    rows
      .map((r) =>
        csvLine([
          r.level, r.id, r.name, r.base.population,
          r.base.beyond, r.scen.beyond, r1(r.base.meanMin), r1(r.scen.meanMin), r1(r.base.p90Min), r1(r.scen.p90Min),
          r.diff.worse, r.diff.better, r.diff.changed, Math.round(r.diff.addedMinutesAtLeast), Math.round(r.diff.savedMinutesAtLeast),
          ...thresholds.flatMap((t) => [within(r.base, t), within(r.scen, t)]),
        ]),
      )
      .join("");
  await emit(text, opts.out);
}

function unitOf(units: readonly { members: readonly number[] }[], areaCount: number): number[] {
  const out = new Array<number>(areaCount).fill(-1);
  units.forEach((u, i) => u.members.forEach((m) => (out[m] = i)));
  return out;
}
