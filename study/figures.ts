/**
 * Figures as rows, once for every output: per municipality, unit and level, with names in fi, sv
 * and en and the engine's numbers as they are (no rounding here: the JSON views round to a tenth,
 * renderers for display, XLSX keeps full precision); a scenario's band crossings against its
 * base; a grouping comparison's units and equality measures.
 */
import {
  type LevelFigures, type AreaStats, type AreaDiff, type GroupingComparison, type UnitLevelBase, LEVELS, type ServiceLevel, ALL_AREAS, same,
  type LocalText, type OneLevelFigures,
} from "../engine/index.ts";
import type { Grouping } from "../data/facts/index.ts";
import type { ComparisonRow, DiffRow, EqualityRow, FigureRow, ReportModel, TypeFigureRow } from "../data/export/index.ts";
import type { StudyInputs } from "./inputs.ts";
import { definitionTexts } from "./definitions.ts";
import type { LevelDiffs, OneDiff } from "./study.ts";
import type { ServiceRun, TypeFigures } from "./subsets.ts";

/** The stats of an area as a FigureRow without its level or type. */
function figureRow(scope: FigureRow["scope"], id: string, name: LocalText, s: AreaStats, centreMin: number | null, coverage: FigureRow["coverage"] = null): Omit<FigureRow, "level"> {
  return {
    scope, id, name,
    population: s.population, reached: s.reached, beyond: s.beyond,
    meanMin: s.meanMin, medianMin: s.medianMin, p90Min: s.p90Min, maxMin: s.maxMin, centreMin,
    bands: s.bands.map((b) => b.people),
    coverage,
  };
}

/** An area's names: Finnish, Swedish, and the Finnish one again in English (Finnish place names are used in English). */
const areaName = (a: StudyInputs["areas"][number]): LocalText => ({ fi: a.name, sv: a.nameSv, en: a.name });

/** A unit's names from its grouping's facts, else its one name. */
function unitName(study: StudyInputs, id: string, fallback: string): LocalText {
  const u = study.grouping?.units.find((x) => x.id === id);
  return u ? { fi: u.name.fi, sv: u.name.sv, en: u.name.en } : same(fallback);
}

/** Which rows: per municipality, per unit, or both (a report's tables show both). */
export type RowScopes = "municipality" | "unit" | "both";

/** One level's or type's figures: a row per municipality and/or per unit (when the study has units), then "all". */
function oneRows(study: StudyInputs, f: OneLevelFigures, scopes: RowScopes): Omit<FigureRow, "level">[] {
  const rows: Omit<FigureRow, "level">[] = [];
  if (scopes !== "unit") study.areas.forEach((a, i) => rows.push(figureRow("municipality", a.code, areaName(a), f.perArea[i], f.centreMin[i], { ...a.coverage })));
  if (scopes !== "municipality" && study.units && f.perUnit) study.units.forEach((u, i) => rows.push(figureRow("unit", u.id, unitName(study, u.id, u.name), f.perUnit![i], null)));
  rows.push(figureRow("all", "all", ALL_AREAS, f.overall, null));
  return rows;
}

/** One level's figures out of all levels'. */
const levelOf = (f: LevelFigures, level: ServiceLevel): OneLevelFigures => ({ perArea: f.perArea[level], perUnit: f.perUnit?.[level] ?? null, overall: f.overall[level], centreMin: f.centreMin[level] });

/** Per level: a row per municipality and/or per unit (when the study has units), then "all". */
export function figureRows(study: StudyInputs, r: LevelFigures, scopes: RowScopes = "both"): FigureRow[] {
  return LEVELS.flatMap((level) => oneRows(study, levelOf(r, level), scopes).map((row) => ({ level, ...row })));
}

/** Per service type, in the order asked: the same rows as figureRows. */
export function typeRows(study: StudyInputs, r: TypeFigures, scopes: RowScopes = "both"): TypeFigureRow[] {
  return Object.entries(r.types).flatMap(([type, f]) => oneRows(study, f, scopes).map((row) => ({ type, ...row })));
}

/** People within each threshold (cumulative). */
const within = (s: AreaStats, thresholds: number): number[] => s.bands.slice(0, thresholds).map((b) => b.cumulative);

/** One service's band crossings between the base and a scenario, as oneRows: per municipality and/or unit, then "all". */
function oneDiffRows(study: StudyInputs, base: OneLevelFigures, scen: OneLevelFigures, diff: OneDiff, thresholds: number, scopes: RowScopes): Omit<DiffRow, "level">[] {
  const rows: Omit<DiffRow, "level">[] = [];
  const push = (scope: DiffRow["scope"], id: string, name: LocalText, b: AreaStats, a: AreaStats, d: AreaDiff) =>
    rows.push({
      scope, id, name,
      population: b.population,
      base: { beyond: b.beyond, meanMin: b.meanMin, p90Min: b.p90Min, within: within(b, thresholds) },
      scenario: { beyond: a.beyond, meanMin: a.meanMin, p90Min: a.p90Min, within: within(a, thresholds) },
      worse: d.worse, better: d.better, changed: d.changed,
      addedPersonMinAtLeast: d.addedMinutesAtLeast, savedPersonMinAtLeast: d.savedMinutesAtLeast,
      transitions: d.transitions,
    });
  if (scopes !== "unit") study.areas.forEach((a, i) => push("municipality", a.code, areaName(a), base.perArea[i], scen.perArea[i], diff.perArea[i]));
  if (scopes !== "municipality" && study.units && base.perUnit && scen.perUnit && diff.perUnit) {
    study.units.forEach((u, i) => push("unit", u.id, unitName(study, u.id, u.name), base.perUnit![i], scen.perUnit![i], diff.perUnit![i]));
  }
  push("all", "all", ALL_AREAS, base.overall, scen.overall, diff.overall);
  return rows;
}

/**
 * Per level, the same rows as figureRows: who crosses a band boundary between the base and the
 * scenario (the diffs the study made when it ran the scenario), beside both sides' figures.
 */
export function diffRows(study: StudyInputs, base: LevelFigures, scen: LevelFigures, diff: LevelDiffs, scopes: RowScopes = "both"): DiffRow[] {
  const thresholds = scen.thresholdsMin.length;
  return LEVELS.flatMap((level) => {
    const d: OneDiff = { perArea: diff.perArea[level], perUnit: diff.perUnit?.[level] ?? null, overall: diff.overall[level] };
    return oneDiffRows(study, levelOf(base, level), levelOf(scen, level), d, thresholds, scopes).map((row) => ({ level, ...row }));
  });
}

/** One service under a scenario (a type, or a language group's level or type): the rows diffRows gives a level. */
export function serviceDiffRows(study: StudyInputs, r: ServiceRun, thresholdsMin: readonly number[], scopes: RowScopes = "both"): Omit<DiffRow, "level">[] {
  return oneDiffRows(study, r.base, r.scenario, r.diff, thresholdsMin.length, scopes);
}

/** One service's figures (a OneLevelFigures), as figureRows gives a level's. */
export function serviceRows(study: StudyInputs, f: OneLevelFigures, scopes: RowScopes = "both"): Omit<FigureRow, "level">[] {
  return oneRows(study, f, scopes);
}

function comparisonRow(grouping: string, level: ServiceLevel, scope: ComparisonRow["scope"], id: string, name: LocalText, f: UnitLevelBase, extra: Pick<ComparisonRow, "hub" | "population" | "areaKm2" | "rank" | "rankRange" | "hubMaxMin">): ComparisonRow {
  return {
    grouping, level, scope, id, name, ...extra,
    meanMin: f.stats.meanMin, censoredMeanMin: f.censoredMeanMin, meanIsLowerBound: f.meanIsLowerBound, p90Min: f.stats.p90Min, censoredP90Min: f.censoredP90Min, p90IsLowerBound: f.p90IsLowerBound, maxMin: f.stats.maxMin,
    shareWithin: [...f.shareWithin], shareBeyondCutoff: f.shareBeyondCutoff, shareOffRoad: f.shareOffRoad, bands: f.stats.bands.map((b) => b.people),
  };
}

/** Units and "all units" per grouping and level, and each grouping's equality measures per level. */
export function comparisonRows(cmp: GroupingComparison, groupings: readonly Grouping[]): NonNullable<ReportModel["comparison"]> {
  const first = cmp.groupings[0].figures;
  const facts = new Map(groupings.map((g) => [g.id, g]));
  const all = ALL_AREAS;
  const rows: ComparisonRow[] = [];
  const equality: EqualityRow[] = [];
  for (const { id, figures: f } of cmp.groupings) {
    const g = facts.get(id);
    const nameOf = (unit: string, fallback: string): LocalText => {
      const u = g?.units.find((x) => x.id === unit);
      return u ? { fi: u.name.fi, sv: u.name.sv, en: u.name.en } : same(fallback);
    };
    for (const level of LEVELS) {
      for (const u of f.units) {
        const l = u.levels[level];
        rows.push(comparisonRow(id, level, "unit", u.id, nameOf(u.id, u.name), l, { hub: u.hub?.code ?? null, population: u.population, areaKm2: u.areaKm2, rank: l.rank, rankRange: l.rankRange, hubMaxMin: u.hubMaxMin }));
      }
      rows.push(comparisonRow(id, level, "all", "all", all, f.region.levels[level], { hub: null, population: f.region.population, areaKm2: f.region.areaKm2, rank: null, rankRange: null, hubMaxMin: null }));
      const e = f.equality[level];
      const w = f.worst[level];
      equality.push({
        grouping: id, level, meanRatio: e.meanRatio, p90Ratio: e.p90Ratio, gini: e.gini, unitMeanGini: e.unitMeanGini,
        meanRatioBound: e.meanRatioBound, p90RatioBound: e.p90RatioBound, giniBound: e.giniBound, unitMeanGiniBound: e.unitMeanGiniBound,
        worstUnit: w?.unit ?? null, worstMeanMin: w?.meanMin ?? null, worstMeanIsLowerBound: w?.meanIsLowerBound ?? false, worstCandidates: [...f.worstCandidates[level]],
      });
    }
  }
  return {
    cutoffMin: first.cutoffMin,
    horizonMin: first.horizonMin,
    shareWithinMin: [...first.shareWithinMin],
    definitions: Object.values(definitionTexts(first.horizonMin)),
    groupings: cmp.groupings.map(({ id, name }) => {
      const n = facts.get(id)?.name;
      return { id, name: n ? { fi: n.fi, sv: n.sv, en: n.en } : same(name) };
    }),
    rows,
    equality,
  };
}
