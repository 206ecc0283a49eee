/**
 * Regional groupings side by side ("no area may be put in an unequal position"): for each unit of
 * a grouping, its people, land, the time from each member's centre to the unit's hub, and the time
 * from where people live to the nearest L, A and E service; then how unequal the units are, and
 * which is worst off and why. Every figure comes from the same cells as analyse()'s, so groupings
 * compared on one set of surfaces differ only in how the areas are put together.
 *
 * Censoring: the surfaces stop at the cutoff (the last threshold). For the equality measures and
 * the ranking, everyone beyond the cutoff (or with no road within reach) counts AT the cutoff, so
 * `censoredMeanMin`, the ratios and the Ginis are lower bounds whenever `shareBeyondCutoff` > 0;
 * they equal the plain figures when everyone is reached. `stats.meanMin` is areaStats' mean over
 * the people reached, as the levels command prints it.
 */
import type { Grid } from "./grid.ts";
import type { LevelSurfaces } from "./levels.ts";
import { areaStats, groupAreas, type AreaStats } from "./accessibility.ts";
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

export interface UnitLevelBase {
  stats: AreaStats;
  /** Mean time (min) with everyone beyond the cutoff counted at it; null without people. */
  censoredMeanMin: number | null;
  /** P90 (min), the cutoff when it lies beyond; null without people. */
  censoredP90Min: number | null;
  /** Share (0..1) of the people within each of shareWithinMin. */
  shareWithin: number[];
  /** Share (0..1) beyond the cutoff or with no road within reach. */
  shareBeyondCutoff: number;
}

export interface MemberRef {
  code: string;
  name: string;
  /** The member's censored mean time (min) to the nearest service of the level. */
  meanMin: number;
}

export interface UnitLevelFigures extends UnitLevelBase {
  /** The member whose people have the longest censored mean; null without people. */
  farthestMember: MemberRef | null;
  /** 1 for the worst off (longest censored mean); null for a unit without people. */
  rank: number | null;
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
  /** Max/min over units with people of the censored mean, and of the censored P90. */
  meanRatio: number | null;
  p90Ratio: number | null;
  /** Gini of per-person censored times over every unit's people: depends on the surfaces, not the grouping. */
  gini: number | null;
  /** Gini of the units' censored means weighted by unit population: the between-unit inequality. */
  unitMeanGini: number | null;
  /** Unit ids with people, worst off first. */
  ranking: string[];
}

/** Why the worst-off unit of a level is worst off, as data; the CLI words it. */
export interface WorstOff {
  unit: string;
  level: ServiceLevel;
  meanMin: number;
  regionMeanMin: number;
  /** Share (0..1) of its people beyond `beyondMin` (the last of shareWithinMin). */
  beyondMin: number;
  shareBeyond: number;
  /** Share (0..1) of its people beyond the cutoff: when > 0, meanMin is a lower bound. */
  shareBeyondCutoff: number;
  farthestMember: MemberRef | null;
}

export interface GroupingFigures {
  thresholdsMin: number[];
  cutoffMin: number;
  shareWithinMin: number[];
  units: UnitFigures[];
  region: { population: number; areaKm2: number; levels: Record<ServiceLevel, UnitLevelBase> };
  /** People in areas outside every unit (outside the region). */
  outsidePopulation: number;
  equality: Record<ServiceLevel, Equality>;
  /** Null when fewer than two units have people: no one is worse off than anyone. */
  worst: Record<ServiceLevel, WorstOff | null>;
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

/** Per-unit figures, equality measures and the worst off, per level, on the given surfaces. */
export function groupingFigures(input: GroupingInput): GroupingFigures {
  const thresholdsMin = normaliseThresholds(input.thresholdsMin);
  const cutoffMin = thresholdsMin[thresholdsMin.length - 1];
  const cutoffDs = cutoffMin * DS_PER_MIN;
  const shareWithinMin = [...(input.shareWithinMin ?? [30, 60])].sort((a, b) => a - b);
  for (const m of shareWithinMin) if (!(m > 0 && m <= cutoffMin)) throw new InvalidInputError(`share-within minutes ${show(m)} must lie in (0, ${cutoffMin}], the cutoff`, "shareWithinMin", m);
  const n = input.grid.cols * input.grid.rows;
  if (input.population.length !== n || input.areaOfCell.length !== n || LEVELS.some((l) => input.surfaces[l].length !== n)) {
    throw new InvalidInputError(`surfaces, population and areas must cover the grid's ${n} cells`, "cells", n);
  }
  const { units, areas } = input;
  const unitOf = unitOfAreas(areas, units, input.outside);
  input.hubMin?.forEach((row, u) => {
    if (row.length !== units[u]?.members.length) throw new InvalidInputError(`hubMin[${u}] has ${row.length} times for ${units[u]?.members.length} members`, "hubMin", u);
  });
  const unitOfCell = groupAreas(input.areaOfCell, unitOf);
  const inRegion = groupAreas(input.areaOfCell, unitOf.map((u) => (u >= 0 ? 0 : -1)));

  // Per area, from the cells: people and cells; unit figures sum these over members, so a merged
  // unit is exactly the sum of its parts.
  const A = areas.length;
  const areaPeople = new Float64Array(A);
  const areaCells = new Float64Array(A);
  let outsidePopulation = 0;
  for (let c = 0; c < n; c++) {
    const a = input.areaOfCell[c];
    if (a < 0 || a >= A) continue;
    areaCells[a]++;
    areaPeople[a] += input.population[c];
    if (unitOf[a] < 0) outsidePopulation += input.population[c];
  }
  const km2 = (cells: number) => (cells * input.grid.cellSizeM ** 2) / 1e6;
  const sum = (members: readonly number[], xs: Float64Array) => members.reduce((s, m) => s + xs[m], 0);

  // The Gini's values: every whole decisecond up to the cutoff (the scale does not change a Gini).
  const times = Float64Array.from({ length: cutoffDs + 1 }, (_, t) => t);
  const unitLevels = units.map(() => ({}) as Record<ServiceLevel, UnitLevelFigures>);
  const regionLevels = {} as Record<ServiceLevel, UnitLevelBase>;
  const equality = {} as Record<ServiceLevel, Equality>;
  const worst = {} as Record<ServiceLevel, WorstOff | null>;
  for (const level of LEVELS) {
    const surface = input.surfaces[level];
    // Per area: censored person-deciseconds, and people within each share's minutes.
    const sumDs = new Float64Array(A);
    const within = Array.from({ length: A }, () => new Float64Array(shareWithinMin.length));
    // People per censored time (ds) over every unit's cells: the sorted order the Gini walks.
    const peopleAt = new Float64Array(cutoffDs + 1);
    for (let c = 0; c < n; c++) {
      const a = input.areaOfCell[c];
      const p = input.population[c];
      if (p === 0 || a < 0 || a >= A) continue;
      const t = Math.min(surface[c], cutoffDs);
      sumDs[a] += p * t;
      for (let k = 0; k < shareWithinMin.length; k++) if (surface[c] <= shareWithinMin[k] * DS_PER_MIN) within[a][k] += p;
      if (unitOf[a] >= 0) peopleAt[t] += p;
    }
    const levelFigures = (stats: AreaStats, members: readonly number[]): UnitLevelBase => {
      const people = stats.population;
      const shareWithin = shareWithinMin.map((_, k) => (people > 0 ? members.reduce((s, m) => s + within[m][k], 0) / people : 0));
      return {
        stats,
        censoredMeanMin: people > 0 ? sum(members, sumDs) / people / DS_PER_MIN : null,
        censoredP90Min: people > 0 ? (stats.p90Min ?? cutoffMin) : null,
        shareWithin,
        shareBeyondCutoff: people > 0 ? stats.beyond / people : 0,
      };
    };
    const perUnit = areaStats(surface, input.population, unitOfCell, units.length, thresholdsMin);
    const all = units.flatMap((u) => u.members);
    regionLevels[level] = levelFigures(areaStats(surface, input.population, inRegion, 1, thresholdsMin)[0], all);

    units.forEach((u, i) => {
      let farthestMember: MemberRef | null = null;
      for (const m of u.members) {
        if (areaPeople[m] === 0) continue;
        const meanMin = sumDs[m] / areaPeople[m] / DS_PER_MIN;
        if (!farthestMember || meanMin > farthestMember.meanMin) farthestMember = { code: areas[m].code, name: areas[m].name, meanMin };
      }
      unitLevels[i][level] = { ...levelFigures(perUnit[i], u.members), farthestMember, rank: null };
    });
    const ranked = units.map((_, i) => i).filter((i) => unitLevels[i][level].censoredMeanMin !== null);
    ranked.sort((x, y) => unitLevels[y][level].censoredMeanMin! - unitLevels[x][level].censoredMeanMin!);
    ranked.forEach((i, r) => (unitLevels[i][level].rank = r + 1));

    equality[level] = {
      meanRatio: maxMinRatio(ranked.map((i) => unitLevels[i][level].censoredMeanMin)),
      p90Ratio: maxMinRatio(ranked.map((i) => unitLevels[i][level].censoredP90Min)),
      gini: giniSorted(times, peopleAt),
      unitMeanGini: ranked.length > 0 ? weightedGini(ranked.map((i) => unitLevels[i][level].censoredMeanMin!), ranked.map((i) => unitLevels[i][level].stats.population)) : null,
      ranking: ranked.map((i) => units[i].id),
    };
    const w = ranked[0];
    const region = regionLevels[level];
    worst[level] =
      ranked.length < 2 || region.censoredMeanMin === null
        ? null
        : {
            unit: units[w].id,
            level,
            meanMin: unitLevels[w][level].censoredMeanMin!,
            regionMeanMin: region.censoredMeanMin,
            beyondMin: shareWithinMin[shareWithinMin.length - 1],
            shareBeyond: 1 - unitLevels[w][level].shareWithin[shareWithinMin.length - 1],
            shareBeyondCutoff: unitLevels[w][level].shareBeyondCutoff,
            farthestMember: unitLevels[w][level].farthestMember,
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
  return { thresholdsMin, cutoffMin, shareWithinMin, units: unitFigures, region, outsidePopulation, equality, worst };
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
      return { grouping: id, worstUnit: w?.unit ?? null, worstMeanMin: w?.meanMin ?? null, meanRatio: e.meanRatio, p90Ratio: e.p90Ratio, gini: e.gini, unitMeanGini: e.unitMeanGini };
    });
  }
  return { groupings: out, summary };
}
