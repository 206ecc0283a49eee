/**
 * The report's tables of numbers, taken from the engine's results as they are (no rounding here:
 * renderers round for display, XLSX keeps full precision): figures per municipality, unit and
 * level; a scenario's diff against its base; a grouping comparison's units and equality measures.
 */
import type { AnalysisResult, LevelFigures } from "../../engine/analysis.ts";
import { groupAreas, type AreaStats } from "../../engine/accessibility.ts";
import { diffSurfaces } from "../../engine/diff.ts";
import type { GroupingComparison, UnitLevelBase } from "../../engine/grouping.ts";
import { LEVELS, type ServiceLevel } from "../../engine/services.ts";
import type { Grouping } from "../facts/index.ts";
import type { Study } from "../study.ts";
import { LANGS, t, type Lang } from "./i18n.ts";
import type { ComparisonRow, DiffRow, EqualityRow, FigureRow, LocalText, ReportModel } from "./report-model.ts";

/** The same text in every language (a proper name with no translation). */
export const same = (s: string): LocalText => ({ fi: s, sv: s, en: s });

/** A label in every language. */
export const allLangs = (f: (lang: Lang) => string): LocalText => Object.fromEntries(LANGS.map((l) => [l, f(l)])) as LocalText;

/** The stats of an area as a FigureRow. */
export function figureRow(level: ServiceLevel, scope: FigureRow["scope"], id: string, name: LocalText, s: AreaStats, centreMin: number | null): FigureRow {
  return {
    level, scope, id, name,
    population: s.population, reached: s.reached, beyond: s.beyond,
    meanMin: s.meanMin, medianMin: s.medianMin, p90Min: s.p90Min, maxMin: s.maxMin, centreMin,
    bands: s.bands.map((b) => b.people),
  };
}

/** An area's names: Finnish, Swedish, and the Finnish one again in English (Finnish place names are used in English). */
const areaName = (a: Study["areas"][number]): LocalText => ({ fi: a.name, sv: a.nameSv, en: a.name });

/** A unit's names from its grouping's facts, else its one name. */
function unitName(study: Study, id: string, fallback: string): LocalText {
  const u = study.grouping?.units.find((x) => x.id === id);
  return u ? { fi: u.name.fi, sv: u.name.sv, en: u.name.en } : same(fallback);
}

/** Unit index of each area, -1 in none. */
function unitOfAreas(study: Study): number[] {
  const out = new Array<number>(study.areas.length).fill(-1);
  study.units?.forEach((u, i) => u.members.forEach((m) => (out[m] = i)));
  return out;
}

/** Per level: a row per municipality, then per unit (when the study has units), then "all". */
export function figureRows(study: Study, r: LevelFigures): FigureRow[] {
  const all = allLangs((l) => t(l, "allAreas"));
  const rows: FigureRow[] = [];
  for (const level of LEVELS) {
    study.areas.forEach((a, i) => rows.push(figureRow(level, "municipality", a.code, areaName(a), r.perArea[level][i], r.centreMin[level][i])));
    if (study.units && r.perUnit) study.units.forEach((u, i) => rows.push(figureRow(level, "unit", u.id, unitName(study, u.id, u.name), r.perUnit![level][i], null)));
    rows.push(figureRow(level, "all", "all", all, r.overall[level], null));
  }
  return rows;
}

/** People within each threshold (cumulative). */
const within = (s: AreaStats, thresholds: number): number[] => s.bands.slice(0, thresholds).map((b) => b.cumulative);

/** Per level, the same rows as figureRows: who crosses a band boundary between base and scenario. */
export function diffRows(study: Study, base: AnalysisResult, scen: AnalysisResult): DiffRow[] {
  const thresholds = scen.thresholdsMin;
  const all = allLangs((l) => t(l, "allAreas"));
  const unitOfArea = unitOfAreas(study);
  const scopes: { scope: DiffRow["scope"]; areaOfCell: Int32Array; names: { id: string; name: LocalText }[]; stats: (r: AnalysisResult, l: ServiceLevel) => AreaStats[] }[] = [
    { scope: "municipality", areaOfCell: study.areaOfCell, names: study.areas.map((a) => ({ id: a.code, name: areaName(a) })), stats: (r, l) => r.perArea[l] },
  ];
  if (study.units && base.perUnit && scen.perUnit) {
    scopes.push({ scope: "unit", areaOfCell: groupAreas(study.areaOfCell, unitOfArea), names: study.units.map((u) => ({ id: u.id, name: unitName(study, u.id, u.name) })), stats: (r, l) => r.perUnit![l] });
  }
  scopes.push({ scope: "all", areaOfCell: groupAreas(study.areaOfCell, study.areas.map(() => 0)), names: [{ id: "all", name: all }], stats: (r, l) => [r.overall[l]] });
  const rows: DiffRow[] = [];
  for (const level of LEVELS) {
    for (const s of scopes) {
      const diffs = diffSurfaces(base.surfaces[level], scen.surfaces[level], study.population, s.areaOfCell, s.names.length, thresholds);
      const b = s.stats(base, level);
      const a = s.stats(scen, level);
      s.names.forEach((n, i) =>
        rows.push({
          level, scope: s.scope, id: n.id, name: n.name,
          population: b[i].population,
          base: { beyond: b[i].beyond, meanMin: b[i].meanMin, p90Min: b[i].p90Min, within: within(b[i], thresholds.length) },
          scenario: { beyond: a[i].beyond, meanMin: a[i].meanMin, p90Min: a[i].p90Min, within: within(a[i], thresholds.length) },
          worse: diffs[i].worse, better: diffs[i].better, changed: diffs[i].changed,
          addedPersonMinAtLeast: diffs[i].addedMinutesAtLeast, savedPersonMinAtLeast: diffs[i].savedMinutesAtLeast,
        }),
      );
    }
  }
  return rows;
}

function comparisonRow(grouping: string, level: ServiceLevel, scope: ComparisonRow["scope"], id: string, name: LocalText, f: UnitLevelBase, extra: Pick<ComparisonRow, "hub" | "population" | "areaKm2" | "rank" | "hubMaxMin">): ComparisonRow {
  return {
    grouping, level, scope, id, name, ...extra,
    meanMin: f.stats.meanMin, censoredMeanMin: f.censoredMeanMin, p90Min: f.stats.p90Min, censoredP90Min: f.censoredP90Min, maxMin: f.stats.maxMin,
    shareWithin: [...f.shareWithin], shareBeyondCutoff: f.shareBeyondCutoff, bands: f.stats.bands.map((b) => b.people),
  };
}

/** Units and "all units" per grouping and level, and each grouping's equality measures per level. */
export function comparisonRows(cmp: GroupingComparison, groupings: readonly Grouping[]): NonNullable<ReportModel["comparison"]> {
  const first = cmp.groupings[0].figures;
  const facts = new Map(groupings.map((g) => [g.id, g]));
  const all = allLangs((l) => t(l, "allAreas"));
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
        rows.push(comparisonRow(id, level, "unit", u.id, nameOf(u.id, u.name), l, { hub: u.hub?.code ?? null, population: u.population, areaKm2: u.areaKm2, rank: l.rank, hubMaxMin: u.hubMaxMin }));
      }
      rows.push(comparisonRow(id, level, "all", "all", all, f.region.levels[level], { hub: null, population: f.region.population, areaKm2: f.region.areaKm2, rank: null, hubMaxMin: null }));
      const e = f.equality[level];
      const w = f.worst[level];
      equality.push({ grouping: id, level, meanRatio: e.meanRatio, p90Ratio: e.p90Ratio, gini: e.gini, unitMeanGini: e.unitMeanGini, worstUnit: w?.unit ?? null, worstMeanMin: w?.meanMin ?? null });
    }
  }
  return {
    cutoffMin: first.cutoffMin,
    shareWithinMin: [...first.shareWithinMin],
    groupings: cmp.groupings.map(({ id, name }) => {
      const n = facts.get(id)?.name;
      return { id, name: n ? { fi: n.fi, sv: n.sv, en: n.en } : same(name) };
    }),
    rows,
    equality,
  };
}
