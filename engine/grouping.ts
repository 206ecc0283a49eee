/**
 * Regional groupings side by side ("no area may be put in an unequal position"): for each unit of
 * a grouping, its people, land, the time from each member's centre to the unit's hub, and the time
 * from where people live to the nearest L, A and E service; then how unequal the units are, and
 * which is worst off and why. Every figure comes from the same cells as analyse()'s, so groupings
 * compared on one set of surfaces differ only in how the areas are put together.
 *
 * Censoring: the surfaces stop at a horizon (the search's cutoff, at least the last threshold).
 * Times are exact up to it; people with a road who are not reached within it count at the horizon,
 * which makes their unit's mean a lower bound (`meanIsLowerBound`); people with no road within
 * reach have no road time and are left out of the time measures (`shareOffRoad`). Every measure
 * says what it is (`Bound`), and every ranking (worst-off unit, rank, farthest member) is decided
 * only on what is certain: where censoring leaves the order open, the candidates are named instead.
 * `stats` are areaStats' figures at the thresholds, as the levels command prints them.
 */
import type { Grid } from "./grid.ts";
import type { LevelSurfaces } from "./levels.ts";
import { partitionStats, peopleInAreas, type AreaStats } from "./accessibility.ts";
import { LEVELS, type ServiceLevel } from "./services.ts";
import { normaliseThresholds } from "./reach.ts";
import { giniSorted, maxMinRatio, weightedGini } from "./equality.ts";
import { InvalidInputError, show } from "./errors.ts";
import { DS_PER_MIN } from "./units.ts";

/** A municipality on the grid: its code, name and administrative centre (WGS84). */
export interface GroupingArea {
  readonly code: string;
  readonly name: string;
  readonly centre?: { readonly lon: number; readonly lat: number };
}

/** A unit as area indices: its members and, optionally, the member that is its hub. */
export interface GroupingUnitInput {
  readonly id: string;
  readonly name: string;
  readonly members: readonly number[];
  readonly hub?: number;
}

/** What every grouping compared shares: the surfaces, the people and the areas. */
export interface GroupingBase {
  readonly surfaces: LevelSurfaces;
  /** Whole people per cell. */
  readonly population: Uint32Array;
  /** Area index per cell, -1 in none. */
  readonly areaOfCell: Int32Array;
  readonly areas: readonly GroupingArea[];
  readonly grid: Grid;
  readonly thresholdsMin: readonly number[];
  /**
   * Minutes up to which the surfaces hold every time (the search's cutoff), at least the last
   * threshold; default the last threshold. People with a road who are not reached within it are
   * censored there: their time is at least this.
   */
  readonly horizonMin?: number;
  /**
   * 1 for a cell with no road within reach (no link to the network): its people have no road time
   * and are left out of the time measures, counted in `shareOffRoad`. Default: every cell has a road,
   * so an unreached cell is censored at the horizon.
   */
  readonly offRoad?: Uint8Array;
  /** Areas outside the region, in no unit on purpose (neighbours a boundary file brings in). Any other area must be in a unit. */
  readonly outside?: readonly number[];
  /** Minutes for the "share within" figures, each ≤ the cutoff; default [30, 60]. */
  readonly shareWithinMin?: readonly number[];
}

export interface GroupingInput extends GroupingBase {
  readonly units: readonly GroupingUnitInput[];
  /** Per unit, per member (members' order): time (min) from the member's centre to the hub; null when unknown. */
  readonly hubMin?: readonly (readonly (number | null)[])[];
}

/**
 * What a figure computed from censored times is: `exact`; `lower`, a lower bound (the true figure
 * is at least this); or `unknown`, neither (the censoring can move it either way).
 */
export type Bound = "exact" | "lower" | "unknown";

export interface UnitLevelBase {
  stats: AreaStats;
  /** Mean time (min) over the people with a road, those beyond the horizon counted at it; null without such people. */
  censoredMeanMin: number | null;
  /** True when someone with a road is beyond the horizon: the true mean is at least censoredMeanMin. */
  meanIsLowerBound: boolean;
  /** P90 (min) over the people with a road; the horizon when it lies beyond; null without such people. */
  censoredP90Min: number | null;
  /** True when the P90 lies beyond the horizon. */
  p90IsLowerBound: boolean;
  /** Share (0..1) of the people within each of shareWithinMin. */
  shareWithin: number[];
  /** Share (0..1) beyond the last threshold or with no road within reach. */
  shareBeyondCutoff: number;
  /** Share (0..1) with a road but beyond the horizon: their times are censored. */
  shareBeyondHorizon: number;
  /** Share (0..1) with no road within reach: not in the time measures. */
  shareOffRoad: number;
}

export interface MemberRef {
  code: string;
  name: string;
  /** The member's mean time (min) to the nearest service of the level, over its people with a road. */
  meanMin: number;
  /** True when the member's mean is a lower bound (someone beyond the horizon). */
  lowerBound: boolean;
}

export interface UnitLevelFigures extends UnitLevelBase {
  /** The member whose people have the longest mean, when that is certain; null when undecided or without people. */
  farthestMember: MemberRef | null;
  /** Every member that may be the farthest given the censored means, longest first; one when decided. */
  farthestCandidates: MemberRef[];
  /** 1 for the worst off (longest mean), when the unit's place is certain; null when undecided or without people. */
  rank: number | null;
  /** The places the unit can hold given the censored means [best case, worst case] as ranks (1 = worst off); null without people. */
  rankRange: [number, number] | null;
}

export interface UnitFigures {
  id: string;
  name: string;
  hub: { code: string; name: string } | null;
  population: number;
  /** Grid cells of its members (land and water inside the grid), km². */
  areaKm2: number;
  members: { code: string; name: string; population: number; hubMin: number | null }[];
  /** Longest known member-centre time to the hub (min); null when none is known. */
  hubMaxMin: number | null;
  levels: Record<ServiceLevel, UnitLevelFigures>;
}

export interface Equality {
  /** Max/min over units with people of the mean, and of the P90. */
  meanRatio: number | null;
  meanRatioBound: Bound;
  p90Ratio: number | null;
  p90RatioBound: Bound;
  /** Gini of per-person times over every unit's people with a road: depends on the surfaces, not the grouping. */
  gini: number | null;
  giniBound: Bound;
  /** Gini of the units' means weighted by their people with a road: the between-unit inequality. */
  unitMeanGini: number | null;
  unitMeanGiniBound: Bound;
  /** Unit ids with people, by mean (its lower bound where censored), longest first; see each unit's rankRange. */
  ranking: string[];
}

/** Why the worst-off unit of a level is worst off, as data; the study words it. Only for a decided worst. */
export interface WorstOff {
  unit: string;
  level: ServiceLevel;
  meanMin: number;
  meanIsLowerBound: boolean;
  regionMeanMin: number;
  regionMeanIsLowerBound: boolean;
  /** Share (0..1) of its people beyond `beyondMin` (the last of shareWithinMin). */
  beyondMin: number;
  shareBeyond: number;
  /** Share (0..1) of its people beyond the last threshold or off the roads. */
  shareBeyondCutoff: number;
  farthestMember: MemberRef | null;
  farthestCandidates: MemberRef[];
}

export interface GroupingFigures {
  thresholdsMin: number[];
  cutoffMin: number;
  /** Minutes up to which the times are known; beyond it they are censored. */
  horizonMin: number;
  shareWithinMin: number[];
  units: UnitFigures[];
  region: { population: number; areaKm2: number; levels: Record<ServiceLevel, UnitLevelBase> };
  /** People in areas outside every unit (outside the region). */
  outsidePopulation: number;
  equality: Record<ServiceLevel, Equality>;
  /** The worst-off unit when certain; null when undecided (see worstCandidates) or fewer than two units have people. */
  worst: Record<ServiceLevel, WorstOff | null>;
  /** Unit ids that may be worst off given the censored means, longest mean first: one when decided, none with fewer than two units with people. */
  worstCandidates: Record<ServiceLevel, string[]>;
}

/** Unit index per area (-1 outside); throws naming an area in two units or, unless declared outside, in none. */
export function unitOfAreas(areas: readonly GroupingArea[], units: readonly GroupingUnitInput[], outside: readonly number[] = []): number[] {
  const label = (a: number) => `${areas[a].name} (${areas[a].code})`;
  const unitOf = new Array<number>(areas.length).fill(-1);
  const ids = new Set<string>();
  units.forEach((u, i) => {
    if (ids.has(u.id)) throw new InvalidInputError(`unit id ${show(u.id)} is used twice`, "units", u.id);
    ids.add(u.id);
    for (const m of u.members) {
      if (!Number.isInteger(m) || m < 0 || m >= areas.length) throw new InvalidInputError(`unit ${u.id}: member ${show(m)} is not an area index`, "members", m);
      if (unitOf[m] >= 0) throw new InvalidInputError(`${label(m)} is in two units, ${units[unitOf[m]].id} and ${u.id}`, "members", areas[m].code);
      unitOf[m] = i;
    }
    if (u.hub !== undefined && !u.members.includes(u.hub)) throw new InvalidInputError(`unit ${u.id}: hub ${show(u.hub)} is not one of its members`, "hub", u.hub);
  });
  const out = new Set(outside);
  for (const a of out) if (unitOf[a] >= 0) throw new InvalidInputError(`${label(a)} is declared outside the region but is in unit ${units[unitOf[a]].id}`, "outside", areas[a].code);
  unitOf.forEach((u, a) => {
    if (u < 0 && !out.has(a)) throw new InvalidInputError(`${label(a)} is in no unit`, "members", areas[a].code);
  });
  return unitOf;
}

/** A value known to lie in [lo, hi]; hi is Infinity for a lower bound. */
interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Ranks (1 = longest) that each interval can take among the others: [1 + how many are certainly
 * longer, n − how many are certainly shorter]. Equal exact values cannot be ordered, so a tie
 * gives both the range of the two places.
 */
export function rankRanges(xs: readonly Interval[]): [number, number][] {
  return xs.map((x, i) => {
    let longer = 0;
    let shorter = 0;
    xs.forEach((y, j) => {
      if (j === i) return;
      if (y.lo > x.hi) longer++;
      else if (y.hi < x.lo) shorter++;
    });
    return [1 + longer, xs.length - shorter];
  });
}

/** Indices of the intervals that may be the longest, longest lower bound first. */
function mayBeLongest(xs: readonly Interval[]): number[] {
  const ranges = rankRanges(xs);
  return xs.map((_, i) => i).filter((i) => ranges[i][0] === 1).sort((a, b) => xs[b].lo - xs[a].lo || xs[b].hi - xs[a].hi);
}

/** Bound of max/min over intervals: exact when all are exact; a lower bound when the smallest is exact (the true minimum is then known, the maximum only from below). */
function ratioBound(xs: readonly Interval[]): Bound {
  if (xs.every((x) => x.hi === x.lo)) return "exact";
  const min = xs.reduce((m, x) => Math.min(m, x.lo), Infinity);
  return xs.every((x) => x.lo > min || x.hi === x.lo) ? "lower" : "unknown";
}

/**
 * Bound of the Gini of unit means: exact when all are exact; a lower bound when one unit alone is
 * censored and its mean is already the longest (raising the largest value only lowers the Lorenz
 * curve); else unknown (raising two means to unequal values can lower the Gini).
 */
function unitGiniBound(xs: readonly Interval[]): Bound {
  const censored = xs.filter((x) => x.hi !== x.lo);
  if (censored.length === 0) return "exact";
  const max = xs.reduce((m, x) => Math.max(m, x.lo), -Infinity);
  return censored.length === 1 && censored[0].lo >= max ? "lower" : "unknown";
}

/** Per-unit figures, equality measures and the worst off, per level, on the given surfaces. */
export function groupingFigures(input: GroupingInput): GroupingFigures {
  const thresholdsMin = normaliseThresholds(input.thresholdsMin);
  const cutoffMin = thresholdsMin[thresholdsMin.length - 1];
  const horizonMin = input.horizonMin ?? cutoffMin;
  if (!(horizonMin >= cutoffMin) || !Number.isInteger(horizonMin * DS_PER_MIN)) {
    throw new InvalidInputError(`horizon ${show(horizonMin)} min must be whole deciseconds and at least the last threshold (${cutoffMin} min)`, "horizonMin", horizonMin);
  }
  const horizonDs = horizonMin * DS_PER_MIN;
  const shareWithinMin = [...(input.shareWithinMin ?? [30, 60])].sort((a, b) => a - b);
  for (const m of shareWithinMin) if (!(m > 0 && m <= cutoffMin)) throw new InvalidInputError(`share-within minutes ${show(m)} must lie in (0, ${cutoffMin}], the cutoff`, "shareWithinMin", m);
  const n = input.grid.cols * input.grid.rows;
  if (input.population.length !== n || input.areaOfCell.length !== n || LEVELS.some((l) => input.surfaces[l].length !== n) || (input.offRoad && input.offRoad.length !== n)) {
    throw new InvalidInputError(`surfaces, population, areas and off-road cells must cover the grid's ${n} cells`, "cells", n);
  }
  const { units, areas } = input;
  const unitOf = unitOfAreas(areas, units, input.outside);
  input.hubMin?.forEach((row, u) => {
    if (row.length !== units[u]?.members.length) throw new InvalidInputError(`hubMin[${u}] has ${row.length} times for ${units[u]?.members.length} members`, "hubMin", u);
  });
  // Unit and region figures from the same populated cells, one pass for both (accessibility.ts partitionStats).
  const inAreas = peopleInAreas(input.population, input.areaOfCell, areas.length);
  const byUnitAndRegion = [{ groupOf: unitOf, count: units.length }, { groupOf: unitOf.map((u) => (u >= 0 ? 0 : -1)), count: 1 }];
  const offRoad = input.offRoad;

  // Per area, from the cells: people, people off the roads, and cells; unit figures sum these over
  // members, so a merged unit is exactly the sum of its parts.
  const A = areas.length;
  const areaPeople = new Float64Array(A);
  const areaOffRoad = new Float64Array(A);
  const areaCells = new Float64Array(A);
  let outsidePopulation = 0;
  for (let c = 0; c < n; c++) {
    const a = input.areaOfCell[c];
    if (a < 0 || a >= A) continue;
    areaCells[a]++;
    areaPeople[a] += input.population[c];
    if (offRoad?.[c]) areaOffRoad[a] += input.population[c];
    if (unitOf[a] < 0) outsidePopulation += input.population[c];
  }
  const km2 = (cells: number) => (cells * input.grid.cellSizeM ** 2) / 1e6;
  const sum = (members: readonly number[], xs: Float64Array) => members.reduce((s, m) => s + xs[m], 0);

  const unitLevels = units.map(() => ({}) as Record<ServiceLevel, UnitLevelFigures>);
  const regionLevels = {} as Record<ServiceLevel, UnitLevelBase>;
  const equality = {} as Record<ServiceLevel, Equality>;
  const worst = {} as Record<ServiceLevel, WorstOff | null>;
  const worstCandidates = {} as Record<ServiceLevel, string[]>;
  const all = units.flatMap((u) => u.members);
  const U = units.length;
  for (const level of LEVELS) {
    const surface = input.surfaces[level];
    // Per area: person-deciseconds (censored at the horizon), people beyond the horizon, people
    // within each share's minutes; per unit, its people with a road. Then the populated road cells
    // of every unit in time order (time × 2³² + cell, sorted as numbers; beyond the horizon last).
    const sumDs = new Float64Array(A);
    const censored = new Float64Array(A);
    const within = Array.from({ length: A }, () => new Float64Array(shareWithinMin.length));
    const unitRoad = new Float64Array(U);
    const keys: number[] = [];
    for (let c = 0; c < n; c++) {
      const a = input.areaOfCell[c];
      const p = input.population[c];
      if (p === 0 || a < 0 || a >= A) continue;
      for (let k = 0; k < shareWithinMin.length; k++) if (surface[c] <= shareWithinMin[k] * DS_PER_MIN) within[a][k] += p;
      if (offRoad?.[c]) continue;
      const beyond = surface[c] > horizonDs;
      const t = beyond ? horizonDs : surface[c];
      sumDs[a] += p * t;
      if (beyond) censored[a] += p;
      if (unitOf[a] < 0) continue;
      unitRoad[unitOf[a]] += p;
      keys.push((beyond ? horizonDs + 1 : t) * 2 ** 32 + c);
    }
    const inTimeOrder = Float64Array.from(keys).sort();
    // One walk in time order: each unit's and the region's P90 (the first time at which nine
    // tenths of its people with a road are in), and the people per time for the Gini.
    const regionRoad = unitRoad.reduce((x, y) => x + y, 0);
    const acc = new Float64Array(U);
    const p90 = new Array<P90 | null>(U).fill(null);
    let regionAcc = 0;
    let regionP90: P90 | null = null;
    const times: number[] = [];
    const people: number[] = [];
    let beyondHorizon = 0;
    for (const key of inTimeOrder) {
      const tKey = Math.floor(key / 2 ** 32);
      const c = key - tKey * 2 ** 32;
      const u = unitOf[input.areaOfCell[c]];
      const p = input.population[c];
      const at: P90 = tKey > horizonDs ? { min: horizonMin, lower: true } : { min: tKey / DS_PER_MIN, lower: false };
      acc[u] += p;
      regionAcc += p;
      if (!p90[u] && acc[u] >= 0.9 * unitRoad[u]) p90[u] = at;
      if (!regionP90 && regionAcc >= 0.9 * regionRoad) regionP90 = at;
      if (tKey > horizonDs) beyondHorizon += p;
      const t = Math.min(tKey, horizonDs);
      if (times.length > 0 && times[times.length - 1] === t) people[people.length - 1] += p;
      else (times.push(t), people.push(p));
    }
    const levelFigures = (stats: AreaStats, ms: readonly number[], p90At: P90 | null): UnitLevelBase => {
      const everyone = stats.population;
      const road = everyone - sum(ms, areaOffRoad);
      return {
        stats,
        censoredMeanMin: road > 0 ? sum(ms, sumDs) / road / DS_PER_MIN : null,
        meanIsLowerBound: sum(ms, censored) > 0,
        censoredP90Min: p90At?.min ?? null,
        p90IsLowerBound: p90At?.lower ?? false,
        shareWithin: shareWithinMin.map((_, k) => (everyone > 0 ? ms.reduce((s, m) => s + within[m][k], 0) / everyone : 0)),
        shareBeyondCutoff: everyone > 0 ? stats.beyond / everyone : 0,
        shareBeyondHorizon: everyone > 0 ? sum(ms, censored) / everyone : 0,
        shareOffRoad: everyone > 0 ? sum(ms, areaOffRoad) / everyone : 0,
      };
    };
    const [perUnit, [inRegion]] = partitionStats(surface, inAreas, byUnitAndRegion, thresholdsMin);
    const region = (regionLevels[level] = levelFigures(inRegion, all, regionP90));

    units.forEach((u, i) => {
      const refs: MemberRef[] = u.members
        .filter((m) => areaPeople[m] - areaOffRoad[m] > 0)
        .map((m) => ({ code: areas[m].code, name: areas[m].name, meanMin: sumDs[m] / (areaPeople[m] - areaOffRoad[m]) / DS_PER_MIN, lowerBound: censored[m] > 0 }));
      const farthestCandidates = mayBeLongest(refs.map((r) => interval(r.meanMin, r.lowerBound))).map((k) => refs[k]);
      const farthestMember = farthestCandidates.length === 1 ? farthestCandidates[0] : null;
      unitLevels[i][level] = { ...levelFigures(perUnit[i], u.members, p90[i]), farthestMember, farthestCandidates, rank: null, rankRange: null };
    });
    const ranked = units.map((_, i) => i).filter((i) => unitLevels[i][level].censoredMeanMin !== null);
    const means = ranked.map((i) => interval(unitLevels[i][level].censoredMeanMin!, unitLevels[i][level].meanIsLowerBound));
    const p90s = ranked.map((i) => interval(unitLevels[i][level].censoredP90Min!, unitLevels[i][level].p90IsLowerBound));
    rankRanges(means).forEach(([best, worstRank], k) => {
      const f = unitLevels[ranked[k]][level];
      f.rankRange = [best, worstRank];
      f.rank = best === worstRank ? best : null;
    });
    const order = ranked.map((_, k) => k).sort((x, y) => means[y].lo - means[x].lo || means[y].hi - means[x].hi);

    equality[level] = {
      meanRatio: maxMinRatio(means.map((x) => x.lo)),
      meanRatioBound: ratioBound(means),
      p90Ratio: maxMinRatio(p90s.map((x) => x.lo)),
      p90RatioBound: ratioBound(p90s),
      gini: giniSorted(times, people),
      // Censored people all sit at the horizon, above everyone else: raising them only lowers the Lorenz curve.
      giniBound: beyondHorizon > 0 ? "lower" : "exact",
      unitMeanGini: ranked.length > 0 ? weightedGini(means.map((x) => x.lo), ranked.map((i) => unitRoad[i])) : null,
      unitMeanGiniBound: unitGiniBound(means),
      ranking: order.map((k) => units[ranked[k]].id),
    };
    const candidates = ranked.length < 2 || region.censoredMeanMin === null ? [] : mayBeLongest(means).map((k) => ranked[k]);
    worstCandidates[level] = candidates.map((i) => units[i].id);
    const w = candidates.length === 1 ? candidates[0] : -1;
    const wf = w >= 0 ? unitLevels[w][level] : null;
    worst[level] = wf && {
      unit: units[w].id,
      level,
      meanMin: wf.censoredMeanMin!,
      meanIsLowerBound: wf.meanIsLowerBound,
      regionMeanMin: region.censoredMeanMin!,
      regionMeanIsLowerBound: region.meanIsLowerBound,
      beyondMin: shareWithinMin[shareWithinMin.length - 1],
      shareBeyond: 1 - wf.shareWithin[shareWithinMin.length - 1],
      shareBeyondCutoff: wf.shareBeyondCutoff,
      farthestMember: wf.farthestMember,
      farthestCandidates: wf.farthestCandidates,
    };
  }

  const unitFigures: UnitFigures[] = units.map((u, i) => {
    const hubMin = input.hubMin?.[i];
    const known = (hubMin ?? []).filter((t): t is number => t !== null);
    return {
      id: u.id,
      name: u.name,
      hub: u.hub === undefined ? null : { code: areas[u.hub].code, name: areas[u.hub].name },
      population: sum(u.members, areaPeople),
      areaKm2: km2(sum(u.members, areaCells)),
      members: u.members.map((m, k) => ({ code: areas[m].code, name: areas[m].name, population: areaPeople[m], hubMin: hubMin?.[k] ?? null })),
      hubMaxMin: known.length > 0 ? Math.max(...known) : null,
      levels: unitLevels[i],
    };
  });
  const region = {
    population: unitFigures.reduce((s, u) => s + u.population, 0),
    areaKm2: unitFigures.reduce((s, u) => s + u.areaKm2, 0),
    levels: regionLevels,
  };
  return { thresholdsMin, cutoffMin, horizonMin, shareWithinMin, units: unitFigures, region, outsidePopulation, equality, worst, worstCandidates };
}

/** A P90 in minutes, and whether it lies beyond the horizon (then the horizon, a lower bound). */
interface P90 {
  readonly min: number;
  readonly lower: boolean;
}

/** A figure as an interval: exact, or from its lower bound up. */
function interval(value: number, lowerBound: boolean): Interval {
  return { lo: value, hi: lowerBound ? Infinity : value };
}

/** A grouping to compare: a name and its units (with their hub times, when known). */
export interface NamedGrouping {
  readonly id: string;
  readonly name: string;
  readonly units: readonly GroupingUnitInput[];
  readonly hubMin?: readonly (readonly (number | null)[])[];
}

/** One line of the side-by-side summary: a grouping's worst unit and its equality measures at one level. */
export interface SummaryRow {
  grouping: string;
  worstUnit: string | null;
  worstMeanMin: number | null;
  meanRatio: number | null;
  p90Ratio: number | null;
  gini: number | null;
  unitMeanGini: number | null;
  /** Units that may be worst off: one when decided (worstUnit), several when the order is open. */
  worstCandidates: string[];
  worstMeanIsLowerBound: boolean;
  meanRatioBound: Bound;
  p90RatioBound: Bound;
  giniBound: Bound;
  unitMeanGiniBound: Bound;
}

export interface GroupingComparison {
  groupings: { id: string; name: string; figures: GroupingFigures }[];
  summary: Record<ServiceLevel, SummaryRow[]>;
}

/** Figures for each grouping on the same surfaces, and per level a summary row per grouping. */
export function compareGroupings(base: GroupingBase, groupings: readonly NamedGrouping[]): GroupingComparison {
  if (groupings.length === 0) throw new InvalidInputError("no grouping to compare", "groupings", "");
  const ids = new Set<string>();
  for (const g of groupings) {
    if (ids.has(g.id)) throw new InvalidInputError(`grouping ${show(g.id)} is given twice`, "groupings", g.id);
    ids.add(g.id);
  }
  const out = groupings.map((g) => ({ id: g.id, name: g.name, figures: groupingFigures({ ...base, units: g.units, hubMin: g.hubMin }) }));
  const summary = {} as Record<ServiceLevel, SummaryRow[]>;
  for (const level of LEVELS) {
    summary[level] = out.map(({ id, figures }) => {
      const e = figures.equality[level];
      const w = figures.worst[level];
      return {
        grouping: id, worstUnit: w?.unit ?? null, worstMeanMin: w?.meanMin ?? null, meanRatio: e.meanRatio, p90Ratio: e.p90Ratio, gini: e.gini, unitMeanGini: e.unitMeanGini,
        worstCandidates: figures.worstCandidates[level], worstMeanIsLowerBound: w?.meanIsLowerBound ?? false,
        meanRatioBound: e.meanRatioBound, p90RatioBound: e.p90RatioBound, giniBound: e.giniBound, unitMeanGiniBound: e.unitMeanGiniBound,
      };
    });
  }
  return { groupings: out, summary };
}
