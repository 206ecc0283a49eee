/**
 * `palveluverkko report`: a report a planner can hand to a board, as PDF, XLSX, CSV, GeoJSON or
 * GeoPackage, in Finnish, Swedish or English. Of the region (as `levels` computes it), of a
 * scenario against its base (--scenario, as `scenario`), or of groupings compared (--groupings or
 * --grouping-file, as `compare`). Every format is rendered from one report model, so they agree.
 */
import { InvalidInputError } from "../../engine/index.ts";
import { readScenario } from "../../data/scenario-file.ts";
import { isTextFormat, renderReport, writeReport, type Lang, type ReportFormat, type ReportKind, type ReportModel } from "../../data/export/index.ts";
import { buildReport, checkPer, compare, MAX_CUTOFF_MIN, type Note } from "../../study/index.ts";
import { precheckGroupings, resolveGroupings } from "./compare.ts";
import { openStudy, type StudyCliOptions } from "./study.ts";
import { printNotes } from "./output.ts";

export interface ReportOptions extends StudyCliOptions {
  per: "municipality" | "unit";
  format: ReportFormat;
  lang: Lang;
  /** A scenario file: the report shows it against its base (its region and services win). */
  scenario?: string;
  /** Built-in groupings to compare, comma-separated: a comparison report. */
  groupings?: string;
  groupingFile?: string[];
  title?: string;
  /** Service types for the groups tables (any kind of report). */
  types?: string[];
  /** A language group for the groups tables (any kind of report). */
  language?: string;
}

function kindOf(opts: ReportOptions): ReportKind {
  const comparing = opts.groupings !== undefined || (opts.groupingFile ?? []).length > 0;
  if (opts.scenario !== undefined && comparing) throw new InvalidInputError("--scenario and --groupings make two reports; give one of them", "scenario", opts.scenario);
  return opts.scenario !== undefined ? "scenario" : comparing ? "comparison" : "region";
}

/** Builds the report model the options ask for (exported for tests), with the notes it carries. */
export async function reportModel(opts: ReportOptions, date = new Date()): Promise<{ model: ReportModel; notes: Note[] }> {
  const kind = kindOf(opts);
  // Types and a language group go to every kind (study/report.ts).
  const common = { date, title: opts.title, per: opts.per, types: opts.types, language: opts.language };
  if (kind === "scenario") {
    const scenario = await readScenario(opts.scenario!);
    const study = await openStudy({ ...opts, region: scenario.region ?? opts.region }, scenario.services);
    checkPer(study, opts.per);
    // Every change is checked against the base before anything is computed.
    const run = study.runScenario(scenario.changes, opts.thresholds);
    return { model: buildReport(study, { ...common, scenario: { run, name: scenario.name } }), notes: run.notes };
  }
  if (kind === "comparison") {
    const region = await precheckGroupings(opts);
    // The compared groupings are the report's units; the study's own only when asked for (--per unit).
    // As `compare`: searched to the longest cutoff, so the measures are censored as little as can be.
    const study = await openStudy({ ...opts, region, grouping: opts.per === "unit" ? opts.grouping : null }, opts.services, MAX_CUTOFF_MIN);
    const groupings = await resolveGroupings(study, opts.groupings, opts.groupingFile);
    checkPer(study, opts.per);
    const comparison = compare(study, groupings, opts.thresholds);
    return { model: buildReport(study, { ...common, comparison }), notes: comparison.notes };
  }
  const study = await openStudy(opts);
  checkPer(study, opts.per);
  return { model: buildReport(study, { ...common, thresholdsMin: opts.thresholds }), notes: study.notes(opts.thresholds) };
}

/** Computes what the options ask for and writes the report (to --out; CSV and GeoJSON may go to stdout). */
export async function reportCommand(opts: ReportOptions): Promise<void> {
  if (!opts.out && !isTextFormat(opts.format)) throw new InvalidInputError(`--format ${opts.format} is binary: give --out FILE`, "out", opts.out);
  const { model, notes } = await reportModel(opts);
  printNotes(notes, opts.quiet);
  if (opts.out) await writeReport(opts.out, model, opts.format, opts.lang);
  else process.stdout.write(await renderReport(model, opts.format, opts.lang));
}
