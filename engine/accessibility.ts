/**
 * Accessibility figures per area (municipality, regional unit) from a travel-time surface and the
 * people on the same grid: people per band, and the population-weighted mean, median, P90 and
 * maximum time. Every figure comes from the same cells as the isochrones, so the map and the
 * numbers agree, and each area's bands sum exactly to its population.
 */
import { InvalidInputError } from "./errors.ts";
import { bandIndex, normaliseThresholds } from "./reach.ts";
import type { BandCount } from "./population.ts";
import { DS_PER_MIN, UNREACHED } from "./units.ts";

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
 * times over the last threshold count as beyond it, as unreached ones do.
 */
export function areaStats(surfaceDs: Uint32Array, perCell: Uint32Array, areaOfCell: Int32Array, areaCount: number, thresholdsMin: readonly number[]): AreaStats[] {
  const n = surfaceDs.length;
  if (perCell.length !== n || areaOfCell.length !== n) {
    throw new InvalidInputError(`surface, population and area arrays differ in length (${n}, ${perCell.length}, ${areaOfCell.length})`, "cells", n);
  }
  const sorted = normaliseThresholds(thresholdsMin);
  const cutoffDs = sorted[sorted.length - 1] * DS_PER_MIN;
  // Populated cells, grouped by area and ordered by time: one sort serves every percentile.
  const cells: number[] = [];
  for (let c = 0; c < n; c++) if (perCell[c] > 0 && areaOfCell[c] >= 0 && areaOfCell[c] < areaCount) cells.push(c);
  const timeOf = (c: number) => (surfaceDs[c] > cutoffDs ? UNREACHED : surfaceDs[c]);
  cells.sort((a, b) => areaOfCell[a] - areaOfCell[b] || timeOf(a) - timeOf(b));

  const out: AreaStats[] = [];
  let k = 0;
  for (let area = 0; area < areaCount; area++) {
    const start = k;
    while (k < cells.length && areaOfCell[cells[k]] === area) k++;
    out.push(statsOf(cells.slice(start, k), timeOf, perCell, sorted));
  }
  return out;
}

/** Figures for one area's populated cells, already ordered by time. */
function statsOf(cells: number[], timeOf: (c: number) => number, perCell: Uint32Array, sorted: number[]): AreaStats {
  const people = new Array<number>(sorted.length + 1).fill(0);
  let population = 0;
  let reached = 0;
  let sumDs = 0;
  let maxDs = 0;
  for (const c of cells) {
    const p = perCell[c];
    const t = timeOf(c);
    population += p;
    const b = bandIndex(t, sorted);
    people[b < 0 ? sorted.length : b] += p;
    if (t === UNREACHED) continue;
    reached += p;
    sumDs += p * t;
    maxDs = Math.max(maxDs, t);
  }
  const percentile = (share: number): number | null => {
    if (population === 0) return null;
    const need = share * population;
    let acc = 0;
    for (const c of cells) {
      acc += perCell[c];
      if (acc >= need) return timeOf(c) === UNREACHED ? null : toMin(timeOf(c));
    }
    return null;
  };
  let cumulative = 0;
  return {
    population,
    reached,
    beyond: population - reached,
    meanMin: reached > 0 ? toMin(sumDs / reached) : null,
    medianMin: percentile(0.5),
    p90Min: percentile(0.9),
    maxMin: population > 0 && reached === population ? toMin(maxDs) : null,
    bands: people.map((count, i) => {
      cumulative += count;
      return { thresholdMin: i < sorted.length ? sorted[i] : null, people: count, cumulative };
    }),
  };
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
