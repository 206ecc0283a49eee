/**
 * `palveluverkko report`: a report a planner can hand to a board, as PDF, XLSX, CSV, GeoJSON or
 * GeoPackage, in Finnish, Swedish or English. Of the region (as `levels` computes it), of a
 * scenario against its base (--scenario, as `scenario`), or of groupings compared (--groupings or
 * --grouping-file, as `compare`). Every format is rendered from one report model, so they agree.
 */
import { applyChanges, changedPoints } from "../../engine/scenario.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { readMunicipalityAreas } from "../../data/areas/index.ts";
import { readScenario } from "../../data/scenario-file.ts";
import { buildReport, type ReportInput, type ReportKind, type ReportModel } from "../../data/export/report-model.ts";
import { isTextFormat, renderReport, writeReport, type ReportFormat } from "../../data/export/report.ts";
import type { Lang } from "../../data/export/i18n.ts";
import { compareOnStudy, resolveGroupings } from "./compare.ts";
import { openStudy, printNotes, runAnalysis, runNotes, type OpenStudy, type StudyCliOptions } from "./study.ts";

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
}

function kindOf(opts: ReportOptions): ReportKind {
  const comparing = opts.groupings !== undefined || (opts.groupingFile ?? []).length > 0;
  if (opts.scenario !== undefined && comparing) throw new InvalidInputError("--scenario and --groupings make two reports; give one of them", "scenario", opts.scenario);
  return opts.scenario !== undefined ? "scenario" : comparing ? "comparison" : "region";
}

/** Boundaries again, as rings for the maps (the study keeps only which cell is in which area). */
async function boundariesOf(opened: OpenStudy, file: string | undefined): Promise<ReportInput["boundaries"]> {
  if (!file) return null;
  return readMunicipalityAreas(file, { codes: opened.study.areas.map((a) => a.code) });
}

/** Builds the report model the options ask for (exported for tests and the HTTP API). */
export async function reportModel(opts: ReportOptions, date = new Date()): Promise<{ model: ReportModel; notes: string[] }> {
  const kind = kindOf(opts);
  const common = { date, title: opts.title, profile: opts.profile, per: opts.per };
  if (kind === "scenario") {
    const scenario = await readScenario(opts.scenario!);
    const cli = { ...opts, region: scenario.region, services: scenario.services };
    if (opts.per === "unit" && cli.grouping === "none") throw new InvalidInputError("--per unit needs a grouping (--grouping)", "per", opts.per);
    const opened = await openStudy(cli);
    const basePoints = opened.study.services.points;
    // Every change is checked against the base before anything is computed.
    const points = applyChanges(basePoints, scenario.changes);
    const base = runAnalysis(opened, cli, basePoints);
    const result = runAnalysis(opened, cli, points);
    const notes = runNotes(opened, result, opts.maxSnap);
    const model = buildReport("scenario", {
      ...common,
      region: scenario.region,
      study: opened.study,
      result,
      roads: { generated: opened.meta.generated === true },
      files: { services: scenario.services, population: opts.population, totals: opts.totals, municipalities: opts.municipalities },
      boundaries: await boundariesOf(opened, opts.municipalities),
      notes,
      scenario: { id: scenario.id, name: scenario.name, changes: scenario.changes, base, basePoints, points, changedPoints: changedPoints(basePoints, points) },
    });
    return { model, notes };
  }
  const groupings = kind === "comparison" ? await resolveGroupings(opts.region, opts.groupings, opts.groupingFile) : null;
  const cli = groupings ? { ...opts, grouping: null } : opts;
  if (opts.per === "unit" && (cli.grouping === "none" || cli.grouping === null)) throw new InvalidInputError("--per unit needs a grouping (--grouping)", "per", opts.per);
  const opened = await openStudy(cli);
  const result = runAnalysis(opened, cli);
  const notes = runNotes(opened, result, opts.maxSnap);
  const comparison = groupings ? { comparison: compareOnStudy(opened, result, groupings, opts, notes), groupings } : undefined;
  const model = buildReport(kind, {
    ...common,
    region: opts.region,
    study: opened.study,
    result,
    roads: { generated: opened.meta.generated === true },
    files: { services: opts.services, population: opts.population, totals: opts.totals, municipalities: opts.municipalities },
    boundaries: await boundariesOf(opened, opts.municipalities),
    notes,
    comparison,
  });
  if (opts.per === "unit" && !model.figures.some((r) => r.scope === "unit")) throw new InvalidInputError("--per unit needs a grouping (--grouping)", "per", opts.per);
  return { model, notes };
}

/** Computes what the options ask for and writes the report (to --out; CSV and GeoJSON may go to stdout). */
export async function reportCommand(opts: ReportOptions): Promise<void> {
  if (!opts.out && !isTextFormat(opts.format)) throw new InvalidInputError(`--format ${opts.format} is binary: give --out FILE`, "out", opts.out);
  const { model, notes } = await reportModel(opts);
  printNotes(notes, opts.quiet);
  if (opts.out) await writeReport(opts.out, model, opts.format, opts.lang);
  else process.stdout.write(await renderReport(model, opts.format, opts.lang));
}
