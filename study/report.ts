/**
 * The board report's model (data/export/report-model.ts), built from an open study: of the base
 * set, of a scenario against it, or of groupings compared. The CLI's `report`, the API's
 * /api/report and the job worker all build it here, from the same figures, diffs and notes the
 * JSON views give, so a report never disagrees with the screen.
 */
import { basename } from "node:path";
import {
  InvalidInputError, LEVELS, changeText, fill, inEvery, same, unsavedScenarioName, serviceType, levelName, type LevelSurfaces, type LocalText, type ServiceKey, type ServiceLevel, type ServicePoint,
} from "../engine/index.ts";
import type { GroupComparisonRow, GroupDiffRow, GroupEqualityRow, GroupFigureRow, LoadMoveRow, LoadRow, Publisher, ReportKind, ReportModel, ReportNote, ReportSource } from "../data/export/index.ts";
import { roadsSource } from "../data/export/index.ts";
import { comparisonRows, diffRows, figureRows, serviceDiffRows, serviceRows, typeRows } from "./figures.ts";
import { loads } from "./loads.ts";
import { reportGeometry } from "./report-geometry.ts";
import { compare, type Comparison, type ComparisonSubject } from "./compare.ts";
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
  /** Also figures per service type (ids, or "all"): a scenario's before, after and who crosses a band; a comparison's per unit and grouping. */
  types?: readonly string[];
  /** Also a language group's figures to services given in its language, in any kind of report. */
  language?: string;
}

/**
 * The service types a report asks for (ids checked; "all" expanded), and its language group
 * checked against the study's people by language, for a report of any kind. The API's job route
 * checks a request with this before queuing it.
 */
export function checkReportGroups(study: Study, types: readonly string[] | undefined, language: string | undefined): string[] {
  const asked = typesAsked(study, types);
  if (language !== undefined) study.subsets.languagePopulation(language);
  return asked;
}

/** A type's names in the report's languages. */
function typeName(study: Study, id: string): LocalText {
  const n = serviceType(study.inputs.catalogue, id, "types").name;
  return { fi: n.fi, sv: n.sv, en: n.en };
}

/** What a group row is of: each type for everyone, then the language group's levels and types. */
function groupKeys(study: Study, types: readonly string[], language: string | undefined): { service: ServiceKey; id: string; serviceName: LocalText; language: string | null }[] {
  const ofType = (lang: string | null) => types.map((type) => ({ service: { type }, id: type, serviceName: typeName(study, type), language: lang }));
  const levels = language === undefined ? [] : LEVELS.map((level) => ({ service: { level }, id: level as string, serviceName: inEvery((lang) => levelName(lang, level)), language }));
  return [...ofType(null), ...levels, ...(language === undefined ? [] : ofType(language))];
}

/** The groups table of a base-set report: each type for everyone, then the language group's levels and types. */
function groupRows(study: Study, types: readonly string[], language: string | undefined, thresholds: readonly number[]): GroupFigureRow[] {
  const { inputs } = study;
  const rows: GroupFigureRow[] = typeRows(inputs, study.subsets.typeFigures(types, thresholds)).map(({ type, ...r }) => ({ ...r, service: type, serviceName: typeName(study, type), language: null }));
  if (language !== undefined) {
    const f = study.subsets.languageFigures(language, types, thresholds);
    for (const { level, ...r } of figureRows(inputs, f.levels)) rows.push({ ...r, service: level, serviceName: inEvery((lang) => levelName(lang, level)), language });
    for (const { type, ...r } of typeRows(inputs, f.types)) rows.push({ ...r, service: type, serviceName: typeName(study, type), language });
  }
  return rows;
}

/** The same groups under a scenario: the base's rows, the scenario's, and who crosses a band (Subsets.serviceRun). */
function scenarioGroupRows(study: Study, run: ScenarioRun, types: readonly string[], language: string | undefined): Pick<ReportModel, "groups" | "baseGroups" | "groupDiff"> {
  const groups: GroupFigureRow[] = [];
  const baseGroups: GroupFigureRow[] = [];
  const groupDiff: GroupDiffRow[] = [];
  for (const { service, id, serviceName, language: lang } of groupKeys(study, types, language)) {
    const r = study.subsets.serviceRun(run, service, lang);
    const what = { service: id, serviceName, language: lang };
    for (const row of serviceRows(study.inputs, r.base)) baseGroups.push({ ...row, ...what });
    for (const row of serviceRows(study.inputs, r.scenario)) groups.push({ ...row, ...what });
    for (const row of serviceDiffRows(study.inputs, r, run.figures.thresholdsMin)) groupDiff.push({ ...row, ...what });
  }
  return { groups, baseGroups, groupDiff };
}

/**
 * A scenario's loads where points carry capacities: per level and per type asked, the points
 * whose catchment or capacity the changes alter, and who moves from which point to which with the
 * receiving point's load before and after (study/loads.ts). Null when no point has a capacity.
 */
function scenarioLoads(study: Study, run: ScenarioRun, types: readonly string[]): NonNullable<ReportModel["loads"]> | null {
  if (![...study.inputs.services.points, ...run.points].some((p) => p.capacity !== undefined)) return null;
  const points: LoadRow[] = [];
  const moves: LoadMoveRow[] = [];
  const keys: { service: ServiceKey; id: string }[] = [...LEVELS.map((level) => ({ service: { level }, id: level as string })), ...types.map((type) => ({ service: { type }, id: type }))];
  for (const { service, id } of keys) {
    const r = loads(study, { service, changes: run.changes, thresholdsMin: run.figures.thresholdsMin });
    const after = r.scenario;
    if (!after) continue; // no changes: nothing moves
    if (![...r.base.points, ...after.points].some((p) => p.capacity !== null)) continue;
    const serviceName = "level" in service ? inEvery((lang) => levelName(lang, service.level)) : typeName(study, id);
    const before = new Map(r.base.points.map((p) => [p.id, p]));
    const now = new Map(after.points.map((p) => [p.id, p]));
    for (const pid of new Set([...before.keys(), ...now.keys()])) {
      const b = before.get(pid);
      const a = now.get(pid);
      if (b && a && b.catchment === a.catchment && b.capacity === a.capacity) continue;
      const name = (a ?? b)!.name;
      points.push({
        service: id, serviceName, id: pid, name: { fi: name.fi, sv: name.sv },
        capacityBase: b?.capacity ?? null, capacityScenario: a?.capacity ?? null, catchmentBase: b?.catchment ?? null, catchmentScenario: a?.catchment ?? null,
        loadBase: b?.load ?? null, loadScenario: a?.load ?? null,
      });
    }
    const named = (pid: string | null) => {
      if (pid === null) return null;
      const p = (now.get(pid) ?? before.get(pid))!;
      return { id: pid, name: { fi: p.name.fi, sv: p.name.sv } };
    };
    for (const m of r.moves) {
      const to = m.to === null ? undefined : now.get(m.to);
      moves.push({
        service: id, serviceName, from: named(m.from), to: named(m.to), people: m.people,
        toCapacity: to?.capacity ?? null, toLoadBase: m.to === null ? null : (before.get(m.to)?.load ?? null), toLoadScenario: to?.load ?? null,
      });
    }
  }
  return { points, moves };
}

/**
 * A comparison's groups: each type for everyone, then the language group's levels and types over
 * its speakers, each compared as the levels are (compare() on the group's surfaces and people).
 * A type's comparison gives its figures under level L's key, the one kept.
 */
function comparisonGroupRows(study: Study, c: Comparison, types: readonly string[], language: string | undefined): Pick<NonNullable<ReportModel["comparison"]>, "groupRows" | "groupEquality"> {
  const thresholds = c.comparison.groupings[0].figures.thresholdsMin;
  const groupRows: GroupComparisonRow[] = [];
  const groupEquality: GroupEqualityRow[] = [];
  type What = { service: string; serviceName: LocalText; language: string | null };
  const add = (subject: ComparisonSubject, levels: readonly ServiceLevel[], what: (level: ServiceLevel) => What) => {
    const r = comparisonRows(compare(study, c.groupings, thresholds, subject).comparison, c.groupings);
    for (const { level, ...row } of r.rows) if (levels.includes(level)) groupRows.push({ ...row, ...what(level) });
    for (const { level, ...e } of r.equality) if (levels.includes(level)) groupEquality.push({ ...e, ...what(level) });
  };
  const one = (s: Uint32Array): LevelSurfaces => ({ L: s, A: s, E: s });
  const everyone = study.inputs.population;
  for (const type of types) add({ surfaces: one(study.subsets.typeSurface(type).cells), population: everyone }, ["L"], () => ({ service: type, serviceName: typeName(study, type), language: null }));
  if (language !== undefined) {
    const speakers = study.subsets.languagePopulation(language);
    const surfaces = Object.fromEntries(LEVELS.map((level) => [level, study.subsets.languageSurface(language, { level }).cells])) as LevelSurfaces;
    add({ surfaces, population: speakers }, LEVELS, (level) => ({ service: level, serviceName: inEvery((lang) => levelName(lang, level)), language }));
    for (const type of types) add({ surfaces: one(study.subsets.languageSurface(language, { type }).cells), population: speakers }, ["L"], () => ({ service: type, serviceName: typeName(study, type), language }));
  }
  return { groupRows, groupEquality };
}

/** What the groups' and loads' figures rest on, as notes every format prints with the others. */
function groupNotes(study: Study, types: readonly string[], language: string | undefined, withLoads: boolean): ReportNote[] {
  const out: ReportNote[] = [];
  if (types.length > 0) out.push({ code: "report-service-types", severity: "info", text: RULES.types });
  if (language !== undefined) out.push({ code: "report-language-rule", severity: "info", text: fillAll(RULES.language, { lang: language }) });
  if (withLoads) out.push({ code: "report-loads", severity: "info", text: fillAll(RULES.loads, { cutoff: study.cutoffMin }) });
  return out;
}

const fillAll = (t: LocalText, vars: Record<string, string | number>): LocalText => inEvery((lang) => fill(t[lang], vars));

/** The rules the groups' and loads' tables follow, worded once. */
const RULES = {
  types: {
    fi: "Palvelutyyppien luvut: matka-aika lähimpään avoimeen pisteeseen, joka tarjoaa tyyppiä – pisteen oman tyyppiluettelon mukaan tai, jos sitä ei ole annettu, sen tason vakiovalikoiman mukaan.",
    sv: "Siffrorna per tjänstetyp: restiden till närmaste öppna ställe som erbjuder typen – enligt ställets egen typlista eller, om en sådan inte har angetts, enligt standardutbudet på dess nivå.",
    en: "Figures per service type: the time to the nearest open point offering the type, by the point's own list of types or, where none is given, its level's standard menu.",
  },
  language: {
    fi: "Kieliryhmän ({lang}) luvut: ryhmän puhujien matka-aika lähimpään avoimeen pisteeseen, joka palvelee heidän kielellään – pisteen omien palvelukielten mukaan tai, jos niitä ei ole annettu, kuntansa virallisten kielten mukaan (kielilaki 423/2003, 5 §). Skenaariossa muutetut palvelukielet otetaan huomioon.",
    sv: "Siffrorna för språkgruppen ({lang}): restiden för gruppens talare till närmaste öppna ställe som betjänar på deras språk – enligt ställets egna servicespråk eller, om inga har angetts, kommunens officiella språk (språklagen 423/2003, 5 §). Servicespråk som scenariot ändrar beaktas.",
    en: "Figures of the language group ({lang}): its speakers' time to the nearest open point serving in their language, by the point's own languages or, where none are given, its municipality's official languages (Language Act 423/2003, § 5). Languages a scenario changes are taken into account.",
  },
  loads: {
    fi: "Kuormitus: pisteen väestöpohja on asukkaat, joille se on lähin palvelua tarjoava piste {cutoff} minuutin sisällä, kapasiteetista riippumatta; kuormitus on väestöpohja jaettuna palvelutiedoston kapasiteetilla (100 % = täynnä). Siirtymät ovat asukkaita, joiden lähin piste muuttuu skenaariossa.",
    sv: "Belastning: ett ställes upptagningsområde är invånarna för vilka det är närmaste ställe som erbjuder tjänsten inom {cutoff} min, oavsett kapacitet; belastningen är upptagningsområdet delat med kapaciteten i servicefilen (100 % = fullt). Förflyttningarna är invånare vars närmaste ställe ändras i scenariot.",
    en: "Loads: a point's catchment is the people whose nearest point offering the service it is within {cutoff} min, whatever its capacity; its load is the catchment over the capacity in the service file (100 % = full). Moves are people whose nearest point the scenario changes.",
  },
} satisfies Record<string, LocalText>;

/** Which publisher and licence a file name points to; the classification is by name, so a user's own file stays "file". */
function classify(file: string, rules: [RegExp, Publisher, string][]): { publisher: Publisher; licence: string | null } {
  const name = basename(file);
  for (const [re, publisher, licence] of rules) if (re.test(name)) return { publisher, licence };
  return { publisher: "file", licence: null };
}

const CC_BY = "CC BY 4.0";

/** Roads, people, areas and services: publisher, file and licence of each. */
function reportSources(generated: boolean, files: StudyFiles, setName: string): ReportSource[] {
  const roads = roadsSource(generated);
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
  const asked = checkReportGroups(study, req.types, req.language);
  const thresholds = run ? run.figures.thresholdsMin : req.comparison ? req.comparison.comparison.groupings[0].figures.thresholdsMin : study.thresholds(req.thresholdsMin);
  const base = study.baseAt(thresholds);
  const basePoints = inputs.services.points;
  const notes = run ? run.notes : req.comparison ? req.comparison.notes : study.notes(thresholds);
  const { placed, unplaced } = run ? study.place(run.points) : base;
  const name = setName(study);
  const grouped = asked.length > 0 || req.language !== undefined;
  const groups: Pick<ReportModel, "groups" | "baseGroups" | "groupDiff"> = !grouped || req.comparison
    ? { groups: null }
    : run
      ? scenarioGroupRows(study, run, asked, req.language)
      : { groups: groupRows(study, asked, req.language, thresholds) };
  const loadTables = run ? scenarioLoads(study, run, asked) : null;
  return {
    kind,
    title: req.title ?? null,
    region: { id: study.region.id, name: study.regionName },
    date: (req.date ?? new Date()).toISOString().slice(0, 10),
    profile: study.profile,
    model: study.model,
    thresholdsMin: [...thresholds],
    cellSizeM: inputs.grid.cellSizeM,
    per: req.per,
    sources: reportSources(study.generated, study.parts.files ?? {}, name.fi),
    serviceSet: { name, used: placed.length, leftOut: unplaced.map((p) => ({ fi: p.name.fi, sv: p.name.sv, en: p.name.fi })) },
    notes: [...notes.map(reportNote), ...groupNotes(study, asked, req.language, loadTables !== null)],
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
    ...groups,
    loads: loadTables,
    comparison: req.comparison ? { ...comparisonRows(req.comparison.comparison, req.comparison.groupings), ...(grouped ? comparisonGroupRows(study, req.comparison, asked, req.language) : {}) } : null,
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
