/**
 * Accessibility figures per area (municipality, regional unit) from a travel-time surface and the
 * people on the same grid: people per band, and the population-weighted mean, median, P90 and
 * maximum time. Every figure comes from the same cells as the isochrones, so the map and the
 * numbers agree, and each area's bands sum exactly to its population.
 */
import { InvalidInputError } from "./errors.ts";
import { bandIndex, normaliseThresholds } from "./reach.ts";
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
 * Figures per area. `areaOfCell` gives each cell's area index (-1: in no area, not counted);
 * times over the last threshold count as beyond it, as unreached ones do. O(cells + cutoff):
 * populated cells are put in time order by counting sort (times are whole deciseconds), then
 * one walk in that order finds every area's percentiles at once.
 */
export function areaStats(surfaceDs: Uint32Array, perCell: Uint32Array, areaOfCell: Int32Array, areaCount: number, thresholdsMin: readonly number[]): AreaStats[] {
  const n = surfaceDs.length;
  if (perCell.length !== n || areaOfCell.length !== n) {
    throw new InvalidInputError(`surface, population and area arrays differ in length (${n}, ${perCell.length}, ${areaOfCell.length})`, "cells", n);
  }
  const sorted = normaliseThresholds(thresholdsMin);
  const cutoffDs = sorted[sorted.length - 1] * DS_PER_MIN;
  const beyondKey = cutoffDs + 1;
  const key = (c: number) => (surfaceDs[c] > cutoffDs ? beyondKey : surfaceDs[c]);
  const counted = (c: number) => perCell[c] > 0 && areaOfCell[c] >= 0 && areaOfCell[c] < areaCount;

  const population = new Float64Array(areaCount);
  const reached = new Float64Array(areaCount);
  const sumDs = new Float64Array(areaCount);
  const maxDs = new Float64Array(areaCount);
  const people = Array.from({ length: areaCount }, () => new Array<number>(sorted.length + 1).fill(0));
  const buckets = new Uint32Array(beyondKey + 2);
  for (let c = 0; c < n; c++) {
    if (!counted(c)) continue;
    const a = areaOfCell[c];
    const p = perCell[c];
    const t = key(c);
    buckets[t + 1]++;
    population[a] += p;
    const b = t === beyondKey ? -1 : bandIndex(t, sorted);
    people[a][b < 0 ? sorted.length : b] += p;
    if (t === beyondKey) continue;
    reached[a] += p;
    sumDs[a] += p * t;
    if (t > maxDs[a]) maxDs[a] = t;
  }
  for (let t = 1; t < buckets.length; t++) buckets[t] += buckets[t - 1];
  const order = new Uint32Array(buckets[buckets.length - 1]);
  for (let c = 0; c < n; c++) if (counted(c)) order[buckets[key(c)]++] = c;

  // Walk in time order: an area's median (P90) is the time at which its running count first
  // reaches half (nine tenths) of its people; null when that happens only beyond the cutoff.
  const acc = new Float64Array(areaCount);
  const median: (number | null)[] = new Array(areaCount).fill(null);
  const p90: (number | null)[] = new Array(areaCount).fill(null);
  const medianSet = new Uint8Array(areaCount);
  const p90Set = new Uint8Array(areaCount);
  for (const c of order) {
    const a = areaOfCell[c];
    acc[a] += perCell[c];
    const t = key(c);
    const value = t === beyondKey ? null : toMin(t);
    if (!medianSet[a] && acc[a] >= 0.5 * population[a]) (medianSet[a] = 1), (median[a] = value);
    if (!p90Set[a] && acc[a] >= 0.9 * population[a]) (p90Set[a] = 1), (p90[a] = value);
  }

  return Array.from({ length: areaCount }, (_, a) => {
    let cumulative = 0;
    return {
      population: population[a],
      reached: reached[a],
      beyond: population[a] - reached[a],
      meanMin: reached[a] > 0 ? toMin(sumDs[a] / reached[a]) : null,
      medianMin: median[a],
      p90Min: p90[a],
      maxMin: population[a] > 0 && reached[a] === population[a] ? toMin(maxDs[a]) : null,
      bands: people[a].map((count, i) => {
        cumulative += count;
        return { thresholdMin: i < sorted.length ? sorted[i] : null, people: count, cumulative };
      }),
    };
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
