/**
 * The board report's model (data/export/report-model.ts), built from an open study: of the base
 * set, of a scenario against it, or of groupings compared. The CLI's `report`, the API's
 * /api/report and the job worker all build it here, from the same figures, diffs and notes the
 * JSON views give, so a report never disagrees with the screen.
 */
import { basename } from "node:path";
import { InvalidInputError, changeText, inEvery, same, unsavedScenarioName, serviceType, levelName, type LocalText, type ServicePoint } from "../engine/index.ts";
import type { GroupFigureRow, Publisher, ReportKind, ReportModel, ReportNote, ReportSource } from "../data/export/index.ts";
import { comparisonRows, diffRows, figureRows, typeRows } from "./figures.ts";
import { reportGeometry } from "./report-geometry.ts";
import type { Comparison } from "./compare.ts";
import type { Note } from "./notes.ts";
import type { ScenarioRun, Study, StudyFiles } from "./study.ts";
import { checkPer, typesAsked, type Per } from "./views.ts";

export interface ReportRequest {
  per: Per;
  /** Default: the study's thresholds (a scenario's and a comparison's are their own). */
  thresholdsMin?: readonly number[];
  /** A title given by the user; else the kind's own. */
  title?: string;
  date?: Date;
  /** A scenario report: the run, and its name when it has one (a saved scenario's, a file's). */
  scenario?: { run: ScenarioRun; name?: string | null };
  /** A comparison report. */
  comparison?: Comparison;
  /** Also figures per service type (ids, or "all"): a base-set report's. */
  types?: readonly string[];
  /** Also a language group's figures to services given in its language: a base-set report's. */
  language?: string;
}

/**
 * The service types a report asks for (ids checked; "all" expanded), and its language group
 * checked against the study's people by language. Both are for a base-set report only: asked of a
 * scenario's or a comparison's, an InvalidInputError naming the field. The API's job route checks
 * a request with this before queuing it.
 */
export function checkReportGroups(study: Study, kind: ReportKind, types: readonly string[] | undefined, language: string | undefined): string[] {
  if ((types !== undefined || language !== undefined) && kind !== "region") {
    throw new InvalidInputError("figures per service type or language group are in reports of the base set only (not yet in a scenario's or a comparison's)", types !== undefined ? "types" : "language", types?.join(",") ?? language);
  }
  const asked = typesAsked(study, types);
  if (language !== undefined) study.subsets.languagePopulation(language);
  return asked;
}

/** The groups table of a base-set report: each type for everyone, then the language group's levels and types. */
function groupRows(study: Study, types: readonly string[], language: string | undefined, thresholds: readonly number[]): GroupFigureRow[] {
  const { inputs } = study;
  const typeName = (id: string): LocalText => {
    const n = serviceType(inputs.catalogue, id, "types").name;
    return { fi: n.fi, sv: n.sv, en: n.en };
  };
  const rows: GroupFigureRow[] = typeRows(inputs, study.subsets.typeFigures(types, thresholds)).map(({ type, ...r }) => ({ ...r, service: type, serviceName: typeName(type), language: null }));
  if (language !== undefined) {
    const f = study.subsets.languageFigures(language, types, thresholds);
    for (const { level, ...r } of figureRows(inputs, f.levels)) rows.push({ ...r, service: level, serviceName: inEvery((lang) => levelName(lang, level)), language });
    for (const { type, ...r } of typeRows(inputs, f.types)) rows.push({ ...r, service: type, serviceName: typeName(type), language });
  }
  return rows;
}

/** Which publisher and licence a file name points to; the classification is by name, so a user's own file stays "file". */
function classify(file: string, rules: [RegExp, Publisher, string][]): { publisher: Publisher; licence: string | null } {
  const name = basename(file);
  for (const [re, publisher, licence] of rules) if (re.test(name)) return { publisher, licence };
  return { publisher: "file", licence: null };
}

const CC_BY = "CC BY 4.0";

/** Roads, people, areas and services: publisher, file and licence of each. */
function reportSources(generated: boolean, files: StudyFiles, setName: string): ReportSource[] {
  const roads: ReportSource = generated
    ? { role: "roads", publisher: "generated", detail: "GENERATED", licence: null }
    : { role: "roads", publisher: "osm", detail: "OpenStreetMap", licence: "ODbL 1.0" };
  let population: ReportSource;
  if (files.population) {
    population = { role: "population", detail: basename(files.population), ...classify(files.population, [[/hsy/i, "hsy", CC_BY], [/statfi|tilastokeskus|vaesto|väestö|ruutu|paavo/i, "statfi", CC_BY]]) };
  } else if (files.totals) {
    population = { role: "population", detail: basename(files.totals), ...classify(files.totals, [[/sotka/i, "sotkanet", CC_BY], [/statfi|tilastokeskus/i, "statfi", CC_BY]]) };
  } else {
    population = { role: "population", publisher: "sotkanet", detail: "Sotkanet", licence: CC_BY };
  }
  const boundaries: ReportSource = files.municipalities
    ? { role: "boundaries", detail: basename(files.municipalities), ...classify(files.municipalities, [[/statfi|tilastokeskus|kunta|municipalit/i, "statfi", CC_BY]]) }
    : { role: "boundaries", publisher: "statfi-nls", detail: "-", licence: CC_BY };
  const services: ReportSource = files.services
    ? { role: "services", publisher: "file", detail: basename(files.services), licence: null }
    : { role: "services", publisher: "builtin-services", detail: setName, licence: null };
  return [roads, population, boundaries, services];
}

const reportNote = (n: Note): ReportNote => ({ code: n.code, severity: n.severity, text: n.text });

/** The service set's name as a board reads it: a file's set by the file's name (not its internal id, nor where it sat on disk). */
function setName(study: Study): LocalText {
  const file = study.parts.files?.services;
  return file ? same(basename(file)) : study.inputs.services.name;
}

/** Each change in words, naming its point from the base set (or the new point itself). */
function describedChanges(run: ScenarioRun, base: readonly ServicePoint[]): { change: ScenarioRun["changes"][number]; text: LocalText }[] {
  const names = new Map(base.map((p) => [p.id, p.name]));
  return run.changes.map((change) => ({ change, text: inEvery((lang) => changeText(lang, change, (id) => names.get(id))) }));
}

/** The report of the base set, a scenario (req.scenario) or groupings compared (req.comparison). */
export function buildReport(study: Study, req: ReportRequest): ReportModel {
  checkPer(study, req.per);
  const kind: ReportKind = req.scenario ? "scenario" : req.comparison ? "comparison" : "region";
  if (req.scenario && req.comparison) throw new InvalidInputError("a scenario and a comparison make two reports; give one of them", "scenario", "comparison");
  const { inputs } = study;
  const run = req.scenario?.run;
  const asked = checkReportGroups(study, kind, req.types, req.language);
  const thresholds = run ? run.figures.thresholdsMin : req.comparison ? req.comparison.comparison.groupings[0].figures.thresholdsMin : study.thresholds(req.thresholdsMin);
  const base = study.baseAt(thresholds);
  const basePoints = inputs.services.points;
  const notes = run ? run.notes : req.comparison ? req.comparison.notes : study.notes(thresholds);
  const { placed, unplaced } = run ? study.place(run.points) : base;
  const name = setName(study);
  return {
    kind,
    title: req.title ?? null,
    region: { id: study.region.id, name: study.regionName },
    date: (req.date ?? new Date()).toISOString().slice(0, 10),
    profile: study.profile,
    thresholdsMin: [...thresholds],
    cellSizeM: inputs.grid.cellSizeM,
    per: req.per,
    sources: reportSources(study.generated, study.parts.files ?? {}, name.fi),
    serviceSet: { name, used: placed.length, leftOut: unplaced.map((p) => ({ fi: p.name.fi, sv: p.name.sv, en: p.name.fi })) },
    notes: notes.map(reportNote),
    figures: figureRows(inputs, run ? run.figures : base),
    baseFigures: run ? figureRows(inputs, base) : null,
    scenario: run
      ? {
          name: req.scenario?.name ? same(req.scenario.name) : inEvery((lang) => unsavedScenarioName(lang, run.changes.length)),
          changes: describedChanges(run, basePoints),
          changedPoints: [...run.changedPoints],
        }
      : null,
    diff: run ? diffRows(inputs, base, run.figures, run.diff) : null,
    groups: asked.length > 0 || req.language !== undefined ? groupRows(study, asked, req.language, thresholds) : null,
    comparison: req.comparison ? comparisonRows(req.comparison.comparison, req.comparison.groupings) : null,
    geometry: geometryOf(study, run ?? null, thresholds),
  };
}

/**
 * The geometry of the base set, or of a scenario run against it, at these thresholds: the bands,
 * the populated cells with their minutes (a scenario's with the base's beside them), the points
 * and the boundaries, in EPSG:3067. What a report's maps and GeoJSON show, and the OGC API serves.
 */
export function geometryOf(study: Study, run: ScenarioRun | null, thresholdsMin: readonly number[]): ReportModel["geometry"] {
  const base = study.baseAt(thresholdsMin);
  const basePoints = study.inputs.services.points;
  return run
    ? reportGeometry(study.inputs, { surfaces: run.cells, thresholdsMin }, base, run.points, basePoints, run.changedPoints)
    : reportGeometry(study.inputs, base, null, basePoints, null, []);
}
