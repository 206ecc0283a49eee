/**
 * `palveluverkko compare`: regional groupings side by side on one set of travel-time surfaces.
 * Per grouping, unit and level: people, land, member-to-hub times, the time to the nearest L, A and
 * E service and the shares within 30 and 60 min; per grouping and level: how unequal the units are
 * (max/min ratios, Gini) and which is worst off and why. CSV or JSON.
 */
import { Router } from "../../engine/route.ts";
import { compareGroupings, type GroupingComparison, type GroupingFigures, type UnitLevelBase, type NamedGrouping, type UnitFigures, type WorstOff } from "../../engine/grouping.ts";
import { hubTimesMin } from "../../engine/hubs.ts";
import { LEVELS, type ServiceLevel } from "../../engine/services.ts";
import { InvalidInputError, show } from "../../engine/errors.ts";
import { GROUPINGS, municipalitiesOf, type Grouping, type RegionId } from "../../data/facts/index.ts";
import { readGroupingFile } from "../../data/facts/grouping-file.ts";
import { resolveGrouping, type Study } from "../../data/study.ts";
import { csvLine, emit } from "./output.ts";
import type { AnalysisResult } from "../../engine/analysis.ts";
import { openStudy, printNotes, runAnalysis, runNotes, type OpenStudy, type StudyCliOptions } from "./study.ts";

export interface CompareOptions extends StudyCliOptions {
  /** Comma-separated ids of built-in groupings. */
  groupings?: string;
  /** User grouping files (JSON), repeatable. */
  groupingFile?: string[];
  format: "csv" | "json";
}

/** The "share within" minutes: 30 and 60 where the cutoff allows, else the cutoff itself. */
const SHARE_WITHIN_MIN = [30, 60];

const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
const r1 = (v: number | null) => round(v, 1);
const pct = (share: number) => round(100 * share, 1);

/** The groupings named by --groupings and --grouping-file (default: the region's built-in ones), checked. */
export async function resolveGroupings(region: RegionId, ids: string | undefined, files: readonly string[] = []): Promise<Grouping[]> {
  const named = (ids ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const out: Grouping[] = named.map((id) => {
    const g = resolveGrouping(region, id);
    if (!g) throw new InvalidInputError(`--groupings: ${show(id)} is no grouping to compare`, "groupings", id);
    return g;
  });
  for (const file of files) {
    const g = await readGroupingFile(file);
    if (g.region !== region) throw new InvalidInputError(`--grouping-file ${file}: grouping ${g.id} is for ${g.region}, not ${region} (--region)`, "region", g.region);
    out.push(g);
  }
  if (out.length === 0) out.push(...GROUPINGS.filter((g) => g.region === region));
  const seen = new Set<string>();
  for (const g of out) {
    if (seen.has(g.id)) throw new InvalidInputError(`grouping ${g.id} is given twice`, "groupings", g.id);
    seen.add(g.id);
  }
  return out;
}

/** A grouping's units as area indices of the study; notes each municipality with no area on the grid. */
function unitsOf(g: Grouping, study: Study, notes: string[]): NamedGrouping {
  const indexOf = new Map(study.areas.map((a, i) => [a.code, i]));
  const units = g.units.map((u) => {
    const missing = u.municipalities.filter((c) => !indexOf.has(c));
    if (missing.length > 0) notes.push(`${g.id}: ${missing.join(", ")} of unit ${u.id} cover no cell of the grid and count for nothing.`);
    const hub = u.hub !== undefined ? indexOf.get(u.hub) : undefined;
    return { id: u.id, name: u.name.fi, members: u.municipalities.flatMap((c) => (indexOf.has(c) ? [indexOf.get(c)!] : [])), hub };
  });
  return { id: g.id, name: g.name.fi, units };
}

/** CSV columns, units in the names; `share` are the "within" minutes. Region rows (unit "all") carry the equality measures. */
export function compareColumns(share: readonly number[]): string[] {
  return [
    "grouping", "level", "unit", "name", "hub", "population", "area_km2",
    "mean_min", "censored_mean_min", "p90_min", "censored_p90_min", "max_min",
    ...share.map((m) => `within_${m}_pct`), "beyond_cutoff_pct",
    "hub_max_min", "farthest_member", "farthest_member_mean_min", "rank",
    "mean_ratio", "p90_ratio", "gini", "unit_mean_gini",
  ];
}

function levelCells(f: UnitLevelBase): (number | null)[] {
  const s = f.stats;
  return [r1(s.meanMin), r1(f.censoredMeanMin), r1(s.p90Min), r1(f.censoredP90Min), r1(s.maxMin), ...f.shareWithin.map(pct), pct(f.shareBeyondCutoff)];
}

function csv(cmp: GroupingComparison): string {
  const share = cmp.groupings[0].figures.shareWithinMin;
  let text = csvLine(compareColumns(share));
  for (const { id, figures: f } of cmp.groupings) {
    for (const level of LEVELS) {
      for (const u of f.units) {
        const l = u.levels[level];
        text += csvLine([id, level, u.id, u.name, u.hub?.code, u.population, round(u.areaKm2, 2), ...levelCells(l), r1(u.hubMaxMin), l.farthestMember?.code, r1(l.farthestMember?.meanMin ?? null), l.rank, null, null, null, null]);
      }
      const e = f.equality[level];
      text += csvLine([id, level, "all", "all units", null, f.region.population, round(f.region.areaKm2, 2), ...levelCells(f.region.levels[level]), null, null, null, null, round(e.meanRatio, 3), round(e.p90Ratio, 3), round(e.gini, 4), round(e.unitMeanGini, 4)]);
    }
  }
  return text;
}

function levelJson(f: UnitLevelBase, share: readonly number[]) {
  const s = f.stats;
  return {
    population: s.population,
    reached: s.reached,
    beyond: s.beyond,
    mean_min: r1(s.meanMin),
    censored_mean_min: r1(f.censoredMeanMin),
    median_min: r1(s.medianMin),
    p90_min: r1(s.p90Min),
    censored_p90_min: r1(f.censoredP90Min),
    max_min: r1(s.maxMin),
    ...Object.fromEntries(share.map((m, k) => [`within_${m}_pct`, pct(f.shareWithin[k])])),
    beyond_cutoff_pct: pct(f.shareBeyondCutoff),
    bands: s.bands.map((b) => ({ threshold_min: b.thresholdMin, people: b.people })),
  };
}

function unitJson(u: UnitFigures, share: readonly number[]) {
  return {
    id: u.id,
    name: u.name,
    hub: u.hub,
    population: u.population,
    area_km2: round(u.areaKm2, 2),
    hub_max_min: r1(u.hubMaxMin),
    members: u.members.map((m) => ({ code: m.code, name: m.name, population: m.population, hub_min: r1(m.hubMin) })),
    levels: Object.fromEntries(
      LEVELS.map((l) => {
        const x = u.levels[l];
        const far = x.farthestMember && { code: x.farthestMember.code, name: x.farthestMember.name, mean_min: r1(x.farthestMember.meanMin) };
        return [l, { ...levelJson(x, share), rank: x.rank, farthest_member: far }];
      }),
    ),
  };
}

function equalityJson(f: GroupingFigures, level: ServiceLevel) {
  const e = f.equality[level];
  const w = f.worst[level];
  return {
    mean_ratio: round(e.meanRatio, 3),
    p90_ratio: round(e.p90Ratio, 3),
    gini: round(e.gini, 4),
    unit_mean_gini: round(e.unitMeanGini, 4),
    ranking: e.ranking,
    worst: w && {
      unit: w.unit,
      mean_min: r1(w.meanMin),
      region_mean_min: r1(w.regionMeanMin),
      [`beyond_${w.beyondMin}_pct`]: pct(w.shareBeyond),
      beyond_cutoff_pct: pct(w.shareBeyondCutoff),
      farthest_member: w.farthestMember && { code: w.farthestMember.code, name: w.farthestMember.name, mean_min: r1(w.farthestMember.meanMin) },
    },
  };
}

/** One sentence on why a unit is worst off at a level. */
export function describeWorst(grouping: string, unitName: string, w: WorstOff, cutoffMin: number): string {
  const times = w.regionMeanMin > 0 ? ` (${(w.meanMin / w.regionMeanMin).toFixed(2)}×)` : "";
  const far = w.farthestMember ? `; its farthest member is ${w.farthestMember.name} (${w.farthestMember.code}) at ${w.farthestMember.meanMin.toFixed(1)} min` : "";
  const bound = w.shareBeyondCutoff > 0 ? ` (at least: ${pct(w.shareBeyondCutoff)}% are beyond ${cutoffMin} min or off the roads, counted at ${cutoffMin})` : "";
  return (
    `${grouping}, ${w.level}: ${unitName} is worst off, ${w.meanMin.toFixed(1)} min on average to the nearest ${w.level} service${bound} against ` +
    `${w.regionMeanMin.toFixed(1)} min over all units${times}; ${pct(w.shareBeyond)}% of its people live beyond ${w.beyondMin} min${far}.`
  );
}

export function findings(cmp: GroupingComparison): string[] {
  return LEVELS.flatMap((level) =>
    cmp.groupings.flatMap(({ id, figures }) => {
      const w = figures.worst[level];
      return w ? [describeWorst(id, figures.units.find((u) => u.id === w.unit)!.name, w, figures.cutoffMin)] : [];
    }),
  );
}

/** The side-by-side summary as text lines: per level, a column per grouping. */
function summaryText(cmp: GroupingComparison): string[] {
  const ids = cmp.groupings.map((g) => g.id);
  const w = Math.max(14, ...ids.map((s) => s.length + 2));
  const row = (label: string, cells: string[]) => label.padEnd(22) + cells.map((c) => c.padStart(w)).join("");
  const num = (v: number | null, d: number) => (v === null ? "-" : v.toFixed(d));
  return LEVELS.flatMap((level) => [
    row(`level ${level}`, ids),
    row("  worst unit", cmp.summary[level].map((s) => s.worstUnit ?? "-")),
    row("  worst mean (min)", cmp.summary[level].map((s) => num(s.worstMeanMin, 1))),
    row("  max/min mean", cmp.summary[level].map((s) => num(s.meanRatio, 2))),
    row("  max/min P90", cmp.summary[level].map((s) => num(s.p90Ratio, 2))),
    row("  Gini of unit means", cmp.summary[level].map((s) => num(s.unitMeanGini, 3))),
    row("  Gini per person", cmp.summary[level].map((s) => num(s.gini, 3))),
  ]);
}

/**
 * Every grouping's figures on one analysis's surfaces, with member-to-hub times routed on the
 * roads; notes areas outside the region and members with no cell. Shared with `report`.
 */
export function compareOnStudy(opened: OpenStudy, result: AnalysisResult, groupings: readonly Grouping[], opts: Pick<CompareOptions, "region" | "profile" | "maxSnap">, notes: string[]): GroupingComparison {
  const { study } = opened;
  const regionCodes = new Set(municipalitiesOf(opts.region).map((m) => m.code));
  const outside = study.areas.flatMap((a, i) => (regionCodes.has(a.code) ? [] : [i]));
  if (outside.length > 0) notes.push(`${outside.length} municipalities outside ${opts.region} on the grid are in no unit: ${outside.map((i) => study.areas[i].code).join(", ")}.`);

  const cutoffMin = result.thresholdsMin[result.thresholdsMin.length - 1];
  const shareWithinMin = SHARE_WITHIN_MIN.filter((m) => m <= cutoffMin);
  const router = new Router(opened.graph, opened.snapIndex);
  const hubCache = new Map<string, number | null>();
  const named = groupings.map((g) => {
    const n = unitsOf(g, study, notes);
    return { ...n, hubMin: hubTimesMin(router, study.areas, n.units, opts.profile, opts.maxSnap, hubCache) };
  });
  return compareGroupings(
    { surfaces: result.surfaces, population: study.population, areaOfCell: study.areaOfCell, areas: study.areas, grid: study.grid, thresholdsMin: result.thresholdsMin, outside, shareWithinMin: shareWithinMin.length > 0 ? shareWithinMin : [cutoffMin] },
    named,
  );
}

/**
 * The JSON form of a comparison (what `compare --format json` writes, and POST /api/groupings/compare
 * answers): inputs, notes, per grouping its units, all-units figures and equality, the summary and findings.
 */
export function compareJson(opened: OpenStudy, result: AnalysisResult, groupings: readonly Grouping[], cmp: GroupingComparison, notes: readonly string[], words: readonly string[], profile: string) {
  const { study, roads } = opened;
  const cutoffMin = result.thresholdsMin[result.thresholdsMin.length - 1];
  const share = cmp.groupings[0].figures.shareWithinMin;
  return {
    roads,
    profile,
    thresholds_min: result.thresholdsMin,
    censoring: `times beyond ${cutoffMin} min (or with no road within reach) count as ${cutoffMin} min in censored_* figures, ratios, Ginis and ranks`,
    cell_size_m: study.grid.cellSizeM,
    services: { set: study.services.id, source: study.services.source, used: result.placed.length, left_out: result.unplaced.map((p) => p.id) },
    population: { source: study.populationSource, outside_grid: study.populationOutsideGrid, in_no_area: study.populationInNoArea },
    areas: study.areasSource,
    notes,
    groupings: cmp.groupings.map(({ id, name, figures: f }) => ({
      id,
      name,
      source: groupings.find((g) => g.id === id)!.source,
      population: f.region.population,
      area_km2: round(f.region.areaKm2, 2),
      outside_population: f.outsidePopulation,
      units: f.units.map((u) => unitJson(u, share)),
      all_units: Object.fromEntries(LEVELS.map((l) => [l, levelJson(f.region.levels[l], share)])),
      equality: Object.fromEntries(LEVELS.map((l) => [l, equalityJson(f, l)])),
    })),
    summary: Object.fromEntries(
      LEVELS.map((l) => [
        l,
        cmp.summary[l].map((s) => ({ grouping: s.grouping, worst_unit: s.worstUnit, worst_mean_min: r1(s.worstMeanMin), mean_ratio: round(s.meanRatio, 3), p90_ratio: round(s.p90Ratio, 3), gini: round(s.gini, 4), unit_mean_gini: round(s.unitMeanGini, 4) })),
      ]),
    ),
    findings: words,
  };
}

/** Runs the comparison: one analysis, then every grouping's figures on its surfaces. */
export async function compareCommand(opts: CompareOptions): Promise<void> {
  // Groupings first: a bad file should fail before minutes of graph loading.
  const groupings = await resolveGroupings(opts.region, opts.groupings, opts.groupingFile);
  const opened = await openStudy({ ...opts, grouping: null });
  const result = runAnalysis(opened, { ...opts, grouping: null });
  const notes = runNotes(opened, result, opts.maxSnap);
  const cmp = compareOnStudy(opened, result, groupings, opts, notes);
  const words = findings(cmp);
  printNotes(notes, opts.quiet);
  if (!opts.quiet) process.stderr.write([...summaryText(cmp), ...words].join("\n") + "\n");
  if (opts.format === "csv") return emit(csv(cmp), opts.out);
  const json = compareJson(opened, result, groupings, cmp, notes, words, opts.profile);
  await emit(JSON.stringify(json, null, 2) + "\n", opts.out);
}
