/**
 * Accessibility figures per area (municipality, regional unit) from a travel-time surface and the
 * people on the same grid: people per band, and the population-weighted mean, median, P90 and
 * maximum time. Every figure comes from the same cells as the isochrones, so the map and the
 * numbers agree, and each area's bands sum exactly to its population.
 */
import { InvalidInputError } from "./errors.ts";
import { bandLimitsDs, bandOf, normaliseThresholds } from "./reach.ts";
import type { BandCount } from "./population.ts";
import { DS_PER_MIN } from "./units.ts";

export interface AreaStats {
  /** People in the area's cells. */
  population: number;
  /** People with a time within the cutoff (the last threshold). */
  reached: number;
  /** People beyond the last threshold or with no road within reach. */
  beyond: number;
  /** Population-weighted mean time (min) over the people reached; null when no one is. */
  meanMin: number | null;
  /**
   * Weighted percentiles (min): the shortest time within which at least that share of the area's
   * people live. Null when that share is only reached beyond the last threshold (or never).
   */
  medianMin: number | null;
  p90Min: number | null;
  /** Longest time of anyone in the area; null when someone is beyond the last threshold. */
  maxMin: number | null;
  /** People per band (not cumulative) plus `cumulative`, with a last band for everyone beyond. */
  bands: BandCount[];
}

const toMin = (ds: number) => ds / DS_PER_MIN;

/**
 * The populated cells of some areas, in cell order, with their people and area: all that any
 * figure reads (the rest of the grid holds no one). Made once per population and areas
 * (peopleInAreas keeps it), so a level's figures per area, unit and region are one pass over these
 * cells instead of three over the grid.
 */
export interface PeopleInAreas {
  readonly cells: Uint32Array;
  readonly people: Uint32Array;
  /** Each cell's area index, in [0, areaCount). */
  readonly area: Int32Array;
  readonly areaCount: number;
  /** The grid's cell count the arrays were made from. */
  readonly gridCells: number;
}

/** A grouping of the areas: each area's group index (-1: in none), and how many groups. Every area in one group is the region. */
export interface AreaPartition {
  readonly groupOf: ArrayLike<number>;
  readonly count: number;
}

/** Each area its own group. */
export const eachArea = (areaCount: number): AreaPartition => ({ groupOf: Int32Array.from({ length: areaCount }, (_, a) => a), count: areaCount });
/** Every area in group 0. */
const allAreas = (areaCount: number): AreaPartition => ({ groupOf: new Int32Array(areaCount), count: 1 });

/**
 * The partitions a level's figures are read in: each area, the units (none without units: an
 * empty partition), the region (every area).
 */
export function areaPartitions(areaCount: number, units: readonly { readonly members: readonly number[] }[] | null | undefined): AreaPartition[] {
  const unitOf = new Int32Array(areaCount).fill(-1);
  units?.forEach((u, i) => u.members.forEach((m) => (unitOf[m] = i)));
  return [eachArea(areaCount), { groupOf: unitOf, count: units?.length ?? 0 }, allAreas(areaCount)];
}

/** The populated cells of areas (a cell with people and an area index in [0, areaCount)); made from the arrays as they are now. */
export function populatedCells(perCell: Uint32Array, areaOfCell: Int32Array, areaCount: number): PeopleInAreas {
  const n = perCell.length;
  if (areaOfCell.length !== n) throw new InvalidInputError(`population and area arrays differ in length (${n}, ${areaOfCell.length})`, "cells", n);
  const counted = (c: number) => perCell[c] > 0 && areaOfCell[c] >= 0 && areaOfCell[c] < areaCount;
  let m = 0;
  for (let c = 0; c < n; c++) if (counted(c)) m++;
  const cells = new Uint32Array(m);
  const people = new Uint32Array(m);
  const area = new Int32Array(m);
  for (let c = 0, i = 0; c < n; c++) {
    if (!counted(c)) continue;
    [cells[i], people[i], area[i]] = [c, perCell[c], areaOfCell[c]];
    i++;
  }
  return { cells, people, area, areaCount, gridCells: n };
}

const kept = new WeakMap<Uint32Array, WeakMap<Int32Array, PeopleInAreas>>();

/**
 * populatedCells, kept per population and area arrays: for arrays that are not changed once made
 * (a study's inputs), so every level and scenario reads the same list.
 */
export function peopleInAreas(perCell: Uint32Array, areaOfCell: Int32Array, areaCount: number): PeopleInAreas {
  let byAreas = kept.get(perCell);
  if (!byAreas) kept.set(perCell, (byAreas = new WeakMap()));
  let found = byAreas.get(areaOfCell);
  if (!found || found.areaCount !== areaCount) byAreas.set(areaOfCell, (found = populatedCells(perCell, areaOfCell, areaCount)));
  return found;
}

/**
 * Figures per area. `areaOfCell` gives each cell's area index (-1: in no area, not counted);
 * times over the last threshold count as beyond it, as unreached ones do.
 */
export function areaStats(surfaceDs: Uint32Array, perCell: Uint32Array, areaOfCell: Int32Array, areaCount: number, thresholdsMin: readonly number[]): AreaStats[] {
  if (perCell.length !== surfaceDs.length || areaOfCell.length !== surfaceDs.length) {
    throw new InvalidInputError(`surface, population and area arrays differ in length (${surfaceDs.length}, ${perCell.length}, ${areaOfCell.length})`, "cells", surfaceDs.length);
  }
  return partitionStats(surfaceDs, populatedCells(perCell, areaOfCell, areaCount), [eachArea(areaCount)], thresholdsMin)[0];
}

/**
 * Figures per group of each partition of the areas (per area, per unit, the region: one pass over
 * the populated cells for all). O(populated cells × partitions + cutoff): the cells are put in time
 * order by counting sort (times are whole deciseconds), then one walk in that order finds every
 * group's percentiles at once.
 */
export function partitionStats(surfaceDs: Uint32Array, pia: PeopleInAreas, partitions: readonly AreaPartition[], thresholdsMin: readonly number[]): AreaStats[][] {
  if (surfaceDs.length !== pia.gridCells) throw new InvalidInputError(`the surface has ${surfaceDs.length} cells, the population ${pia.gridCells}`, "cells", surfaceDs.length);
  const sorted = normaliseThresholds(thresholdsMin);
  const bandsN = sorted.length + 1;
  const cutoffDs = sorted[sorted.length - 1] * DS_PER_MIN;
  const beyondKey = cutoffDs + 1;
  const { cells, people: ppl, area } = pia;
  const m = cells.length;
  // Each cell's time (beyondKey past the cutoff) and band, once for all partitions.
  const key = new Uint32Array(m);
  const band = new Uint16Array(m);
  const buckets = new Uint32Array(beyondKey + 2);
  const limits = bandLimitsDs(sorted);
  for (let i = 0; i < m; i++) {
    const s = surfaceDs[cells[i]];
    const t = s > cutoffDs ? beyondKey : s;
    key[i] = t;
    band[i] = bandOf(t, limits); // beyondKey lies past the last limit: the band for beyond
    buckets[t + 1]++;
  }
  for (let t = 1; t < buckets.length; t++) buckets[t] += buckets[t - 1];
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[buckets[key[i]]++] = i;

  return partitions.map(({ groupOf, count }) => {
    const population = new Float64Array(count);
    const reached = new Float64Array(count);
    const sumDs = new Float64Array(count);
    const maxDs = new Float64Array(count);
    const people = new Float64Array(count * bandsN);
    for (let i = 0; i < m; i++) {
      const g = groupOf[area[i]];
      if (!(g >= 0 && g < count)) continue;
      const p = ppl[i];
      const t = key[i];
      population[g] += p;
      people[g * bandsN + band[i]] += p;
      if (t === beyondKey) continue;
      reached[g] += p;
      sumDs[g] += p * t;
      if (t > maxDs[g]) maxDs[g] = t;
    }
    // Walk in time order: a group's median (P90) is the time at which its running count first
    // reaches half (nine tenths) of its people; null when that happens only beyond the cutoff.
    const acc = new Float64Array(count);
    const median: (number | null)[] = new Array(count).fill(null);
    const p90: (number | null)[] = new Array(count).fill(null);
    const medianSet = new Uint8Array(count);
    const p90Set = new Uint8Array(count);
    let open = count; // groups whose P90 is still to be found (a group without people never sets one)
    for (let g = 0; g < count; g++) if (population[g] === 0) open--;
    for (let j = 0; j < m && open > 0; j++) {
      const i = order[j];
      const g = groupOf[area[i]];
      if (!(g >= 0 && g < count)) continue;
      acc[g] += ppl[i];
      const t = key[i];
      const value = t === beyondKey ? null : toMin(t);
      if (!medianSet[g] && acc[g] >= 0.5 * population[g]) (medianSet[g] = 1), (median[g] = value);
      if (!p90Set[g] && acc[g] >= 0.9 * population[g]) (p90Set[g] = 1), (p90[g] = value), open--;
    }
    return Array.from({ length: count }, (_, g) => {
      let cumulative = 0;
      return {
        population: population[g],
        reached: reached[g],
        beyond: population[g] - reached[g],
        meanMin: reached[g] > 0 ? toMin(sumDs[g] / reached[g]) : null,
        medianMin: median[g],
        p90Min: p90[g],
        maxMin: population[g] > 0 && reached[g] === population[g] ? toMin(maxDs[g]) : null,
        bands: Array.from({ length: bandsN }, (_, b) => {
          const n = people[g * bandsN + b];
          cumulative += n;
          return { thresholdMin: b < sorted.length ? sorted[b] : null, people: n, cumulative };
        }),
      };
    });
  });
}

/**
 * Cell → unit index from cell → member area index and each area's unit (-1: in no unit), so unit
 * figures come from the very same cells as the member areas'.
 */
export function groupAreas(areaOfCell: Int32Array, unitOfArea: readonly number[]): Int32Array {
  const out = new Int32Array(areaOfCell.length);
  for (let c = 0; c < areaOfCell.length; c++) {
    const a = areaOfCell[c];
    out[c] = a >= 0 && a < unitOfArea.length ? unitOfArea[a] : -1;
  }
  return out;
}
