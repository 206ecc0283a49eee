/**
 * `palveluverkko compare`: regional groupings side by side on one set of travel-time surfaces.
 * Per grouping, unit and level: people, land, member-to-hub times, the time to the nearest L, A and
 * E service and the shares within 30 and 60 min; per grouping and level: how unequal the units are
 * (max/min ratios, Gini) and which is worst off and why. CSV or JSON.
 */
import { type Bound, type GroupingComparison, type UnitLevelBase, LEVELS, InvalidInputError, show } from "../../engine/index.ts";
import { GROUPINGS, findRegion, readGroupingFile, type Grouping } from "../../data/facts/index.ts";
import { chooseGroupings, compare, comparisonView, definitions, MAX_CUTOFF_MIN, type Study } from "../../study/index.ts";
import { csvLine, emit, printNotes } from "./output.ts";
import { openStudy, type StudyCliOptions } from "./study.ts";


export interface CompareOptions extends StudyCliOptions {
  /** Comma-separated ids of built-in groupings. */
  groupings?: string;
  /** User grouping files (JSON), repeatable. */
  groupingFile?: string[];
  format: "csv" | "json";
}

const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
const r1 = (v: number | null) => round(v, 1);
const pct = (share: number) => round(100 * share, 1);

const idsOf = (ids: string | undefined) => (ids ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");

/**
 * Before the roads are loaded: every grouping file read and checked (against --region when it
 * names a built-in region, else against the region the file names), and the region to study when
 * --region is not given but the groupings named are all of one built-in region.
 */
export async function precheckGroupings(opts: Pick<CompareOptions, "region" | "groupings" | "groupingFile">): Promise<string | undefined> {
  const ownRegion = opts.region !== undefined && /\.json$/i.test(opts.region);
  const builtIn = opts.region !== undefined && !ownRegion ? findRegion(opts.region) : undefined;
  const ids = idsOf(opts.groupings);
  if (!ownRegion) {
    // A region file brings groupings of its own: without one, every id must be a built-in grouping's.
    for (const id of ids) {
      const g = GROUPINGS.find((x) => x.id === id);
      if (!g) throw new InvalidInputError(`--groupings: ${show(id)} is no grouping; built in: ${GROUPINGS.map((x) => x.id).join(", ")}`, "groupings", id);
      if (builtIn && g.region !== builtIn.id) throw new InvalidInputError(`--groupings: grouping ${g.id} is for ${g.region}, not ${builtIn.id}`, "groupings", id);
    }
    for (const file of opts.groupingFile ?? []) ids.push((await readGroupingFile(file, builtIn)).id);
  }
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new InvalidInputError(`grouping ${twice} is given twice`, "groupings", twice);
  if (opts.region !== undefined) return opts.region;
  const regions = new Set(idsOf(opts.groupings).flatMap((id) => GROUPINGS.filter((g) => g.id === id).map((g) => g.region)));
  return regions.size === 1 ? [...regions][0] : undefined;
}

/** The groupings named by --groupings and --grouping-file (default: all of the study's region's), checked against its region. */
export async function resolveGroupings(study: Study, ids: string | undefined, files: readonly string[] = []): Promise<Grouping[]> {
  const own: Grouping[] = [];
  for (const file of files) own.push(await readGroupingFile(file, study.region));
  return chooseGroupings(study.inputs, idsOf(ids), own);
}

/** CSV columns, units in the names; `share` are the "within" minutes. Region rows (unit "all") carry the equality measures. */
export function compareColumns(share: readonly number[]): string[] {
  return [
    "grouping", "level", "unit", "name", "hub", "population", "area_km2",
    "mean_min", "censored_mean_min", "mean_is_lower_bound", "p90_min", "censored_p90_min", "p90_is_lower_bound", "max_min",
    ...share.map((m) => `within_${m}_pct`), "beyond_cutoff_pct", "beyond_horizon_pct", "off_road_pct",
    "hub_max_min", "farthest_member", "farthest_member_mean_min", "farthest_candidates", "rank", "rank_best", "rank_worst",
    "mean_ratio", "mean_ratio_bound", "p90_ratio", "p90_ratio_bound", "gini", "gini_bound", "unit_mean_gini", "unit_mean_gini_bound", "worst_candidates",
  ];
}

function levelCells(f: UnitLevelBase): (number | string | null)[] {
  const s = f.stats;
  return [
    r1(s.meanMin), r1(f.censoredMeanMin), String(f.meanIsLowerBound), r1(s.p90Min), r1(f.censoredP90Min), String(f.p90IsLowerBound), r1(s.maxMin),
    ...f.shareWithin.map(pct), pct(f.shareBeyondCutoff), pct(f.shareBeyondHorizon), pct(f.shareOffRoad),
  ];
}

function csv(cmp: GroupingComparison): string {
  const share = cmp.groupings[0].figures.shareWithinMin;
  let text = csvLine(compareColumns(share));
  for (const { id, figures: f } of cmp.groupings) {
    for (const level of LEVELS) {
      for (const u of f.units) {
        const l = u.levels[level];
        text += csvLine([
          id, level, u.id, u.name, u.hub?.code, u.population, round(u.areaKm2, 2), ...levelCells(l), r1(u.hubMaxMin),
          l.farthestMember?.code, r1(l.farthestMember?.meanMin ?? null), l.farthestCandidates.map((m) => m.code).join(";"), l.rank, l.rankRange?.[0], l.rankRange?.[1],
          null, null, null, null, null, null, null, null, null,
        ]);
      }
      const e = f.equality[level];
      text += csvLine([
        id, level, "all", "all units", null, f.region.population, round(f.region.areaKm2, 2), ...levelCells(f.region.levels[level]), null, null, null, null, null, null, null,
        round(e.meanRatio, 3), e.meanRatioBound, round(e.p90Ratio, 3), e.p90RatioBound, round(e.gini, 4), e.giniBound, round(e.unitMeanGini, 4), e.unitMeanGiniBound, f.worstCandidates[level].join(";"),
      ]);
    }
  }
  return text;
}

/** How a figure's bound is marked in text: ≥ a lower bound, ≈ neither bound. */
const MARK: Record<Bound, string> = { exact: "", lower: "≥", unknown: "≈" };

/** The side-by-side summary as text lines: per level, a column per grouping. */
function summaryText(cmp: GroupingComparison): string[] {
  const ids = cmp.groupings.map((g) => g.id);
  const w = Math.max(14, ...ids.map((s) => s.length + 2));
  const row = (label: string, cells: string[]) => label.padEnd(22) + cells.map((c) => c.padStart(w)).join("");
  const num = (v: number | null, d: number, b: Bound = "exact") => (v === null ? "-" : `${MARK[b]}${v.toFixed(d)}`);
  return LEVELS.flatMap((level) => [
    row(`level ${level}`, ids),
    row("  worst unit", cmp.summary[level].map((s) => s.worstUnit ?? (s.worstCandidates.length > 1 ? "undecided" : "-"))),
    row("  worst mean (min)", cmp.summary[level].map((s) => num(s.worstMeanMin, 1, s.worstMeanIsLowerBound ? "lower" : "exact"))),
    row("  max/min mean", cmp.summary[level].map((s) => num(s.meanRatio, 2, s.meanRatioBound))),
    row("  max/min P90", cmp.summary[level].map((s) => num(s.p90Ratio, 2, s.p90RatioBound))),
    row("  Gini of unit means", cmp.summary[level].map((s) => num(s.unitMeanGini, 3, s.unitMeanGiniBound))),
    row("  Gini per person", cmp.summary[level].map((s) => num(s.gini, 3, s.giniBound))),
  ]);
}

/** What each measure means (the study's definitions, in English), after the options in --help. */
export function compareHelp(): string {
  const d = definitions("en", MAX_CUTOFF_MIN);
  return `\nMeasures (times are searched to ${MAX_CUTOFF_MIN} min whatever --thresholds shows; ≥ marks a lower bound, ≈ a figure censoring can move either way):\n` +
    Object.values(d).map((text) => `  ${text}`).join("\n") + "\n";
}

/** Runs the comparison on the study's base surfaces: every grouping's figures at the thresholds. */
export async function compareCommand(opts: CompareOptions): Promise<void> {
  // Groupings first: a bad file should fail before minutes of graph loading.
  const region = await precheckGroupings(opts);
  // Searched to the longest cutoff whatever thresholds are shown, so that the means, ranks and
  // Ginis are censored as little as the engine allows (shorter thresholds only set the bands).
  const study = await openStudy({ ...opts, region, grouping: null }, opts.services, MAX_CUTOFF_MIN);
  const groupings = await resolveGroupings(study, opts.groupings, opts.groupingFile);
  const c = compare(study, groupings, opts.thresholds);
  printNotes(c.notes, opts.quiet);
  if (!opts.quiet) process.stderr.write([...summaryText(c.comparison), ...c.findings].join("\n") + "\n");
  if (opts.format === "csv") return emit(csv(c.comparison), opts.out);
  await emit(JSON.stringify(comparisonView(study, c), null, 2) + "\n", opts.out);
}
