/**
 * `palveluverkko loads`: catchments and loads of one service (a level, or a type with --type):
 * per point its catchment, load against capacity, the nearest-first assignment with overflow and
 * its 2SFCA supply ratio; per municipality the 2SFCA index and how many points lie within each
 * threshold; with --scenario, the same after the changes and who moves from which point to which.
 * JSON is the very JSON GET/POST /api/loads answers; the figures are the study's.
 */
import { readScenario } from "../../data/scenario-file.ts";
import { loads, loadsView } from "../../study/index.ts";
import { InvalidInputError, isServiceLevel, show, type ScenarioChange } from "../../engine/index.ts";
import { csvLine, emit, printNotes } from "./output.ts";
import { openStudy, type StudyCliOptions } from "./study.ts";

export interface LoadsOptions extends StudyCliOptions {
  level?: string;
  type?: string;
  scenario?: string;
  catchment?: number;
  /** Need weights per population group: "65+=2,0-14=1.5". */
  need?: string;
  format: "csv" | "json";
}

/** `group=weight,group=weight` as a record; InvalidInputError naming --need for anything else. */
function needWeights(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  return Object.fromEntries(
    text.split(",").map((kv) => {
      const [group, weight] = kv.split("=");
      const w = Number(weight);
      if (!group?.trim() || weight === undefined || weight.trim() === "" || !(Number.isFinite(w) && w >= 0)) throw new InvalidInputError(`--need: ${show(kv)} is not group=weight (a number 0 or more)`, "need", kv);
      return [group.trim(), w];
    }),
  );
}

type View = ReturnType<typeof loadsView>;

/** Sections: points (base, and after when there is a scenario), municipalities, moves. */
function csv(v: View): string {
  const after = new Map((v.scenario?.points ?? []).map((p) => [p.id, p]));
  const ids = [...new Set([...v.base.points.map((p) => p.id), ...after.keys()])];
  const before = new Map(v.base.points.map((p) => [p.id, p]));
  const scen = v.scenario !== null;
  let text = csvLine([
    "id", "name", "capacity", "catchment_people", "load_pct", "assigned_people", "overflow_in", "overflow_out", "fca_ratio",
    ...(scen ? ["scenario_catchment_people", "scenario_load_pct", "scenario_assigned_people", "scenario_overflow_in", "scenario_overflow_out"] : []),
  ]);
  for (const id of ids) {
    const b = before.get(id);
    const a = after.get(id);
    text += csvLine([
      id, (b ?? a)!.name, (a ?? b)!.capacity, b?.catchment_people ?? null, b?.load_pct ?? null, b?.assigned_people ?? null, b?.overflow_in ?? null, b?.overflow_out ?? null, b?.fca_ratio ?? null,
      ...(scen ? [a?.catchment_people ?? null, a?.load_pct ?? null, a?.assigned_people ?? null, a?.overflow_in ?? null, a?.overflow_out ?? null] : []),
    ]);
  }
  const t = v.thresholds_min;
  text += "\n" + csvLine([...(scen ? ["side"] : []), "code", "name", "population", "fca_index", ...t.map((m) => `mean_points_within_${m}_min`), ...t.map((m) => `people_with_none_within_${m}_min`)]);
  const sides = v.scenario ? ([["base", v.base], ["scenario", v.scenario]] as const) : ([["base", v.base]] as const);
  for (const [side, s] of sides) {
    for (const a of s.areas) text += csvLine([...(scen ? [side] : []), a.code, a.name, a.population, a.fca_index, ...a.mean_points_within, ...a.people_with_none_within]);
  }
  if (scen) {
    text += "\n" + csvLine(["from_id", "to_id", "people"]);
    for (const m of v.moves) text += csvLine([m.from ?? "(none in reach)", m.to ?? "(none in reach)", m.people]);
  }
  return text;
}

export async function loadsCommand(opts: LoadsOptions): Promise<void> {
  if (opts.level !== undefined && opts.type !== undefined) throw new InvalidInputError("give --level or --type, not both", "type", opts.type);
  const level = (opts.level ?? "L").toUpperCase();
  if (opts.type === undefined && !isServiceLevel(level)) throw new InvalidInputError(`--level: ${show(opts.level)} is not L, A or E`, "level", opts.level);
  const scenario = opts.scenario ? await readScenario(opts.scenario) : null;
  const study = await openStudy({ ...opts, region: scenario?.region ?? opts.region }, scenario?.services);
  const changes: readonly ScenarioChange[] = scenario?.changes ?? [];
  const r = loads(study, { service: opts.type !== undefined ? { type: opts.type } : { level: level as "L" | "A" | "E" }, changes, thresholdsMin: opts.thresholds, catchmentMin: opts.catchment, need: needWeights(opts.need) });
  printNotes(study.notes(r.thresholdsMin), opts.quiet);
  const view = loadsView(study, r);
  await emit(opts.format === "json" ? JSON.stringify(view, null, 2) + "\n" : csv(view), opts.out);
}
