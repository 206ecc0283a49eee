/**
 * Choice and competition around the nearest: the two-step floating catchment area index (2SFCA,
 * Luo & Wang 2003, Environment and Planning B 30(6)) and cumulative opportunities (how many points
 * lie within each threshold, as Conveyal Analysis counts opportunities).
 *
 * 2SFCA: step 1, each point's supply ratio R_j = capacity_j / (people within d0 of it); step 2,
 * each cell's index A_i = Σ R_j over the points within d0 of it. With capacity in people, A_i is
 * capacity per resident: 1 means the points in reach could together serve everyone around them
 * once. The sum of A_i × people over all cells equals the total capacity of the points that have
 * anyone in reach (each point's capacity is shared out exactly), the check the tests make.
 */
import { InvalidInputError, show } from "./errors.ts";

export interface FcaResult {
  /** Per point: capacity per person within the catchment distance (0 with nobody in reach). */
  readonly ratio: Float64Array;
  /** Per cell: the 2SFCA index (capacity per resident in reach). */
  readonly index: Float64Array;
}

/** The 2SFCA index with a catchment of `catchmentDs` (a point within it counts whole, none beyond). */
export function twoStepFca(surfaces: readonly Uint32Array[], population: ArrayLike<number>, capacity: ArrayLike<number>, catchmentDs: number): FcaResult {
  const m = surfaces.length;
  const n = population.length;
  if (capacity.length !== m) throw new InvalidInputError(`${capacity.length} capacities for ${m} points`, "capacity", capacity.length);
  if (!(catchmentDs >= 0)) throw new InvalidInputError(`catchment ${show(catchmentDs)} ds is not a time`, "catchment", catchmentDs);
  const ratio = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const c = capacity[j];
    if (!(c >= 0 && Number.isFinite(c))) throw new InvalidInputError(`capacity of point ${j} is ${show(c)}: 2SFCA needs a finite number of people for every point`, "capacity", c);
    const s = surfaces[j];
    if (s.length !== n) throw new InvalidInputError(`surface ${j} has ${s.length} cells, the population ${n}`, "surfaces", s.length);
    let demand = 0;
    for (let i = 0; i < n; i++) if (s[i] <= catchmentDs) demand += population[i];
    ratio[j] = demand > 0 ? c / demand : 0;
  }
  const index = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const r = ratio[j];
    if (r === 0) continue;
    const s = surfaces[j];
    for (let i = 0; i < n; i++) if (s[i] <= catchmentDs) index[i] += r;
  }
  return { ratio, index };
}

/**
 * Per cell and threshold: how many of the points lie within it. Returned threshold-major: counts[k]
 * is a Uint16Array per cell for thresholdsDs[k] (at most 65,535 points).
 */
export function opportunitiesWithin(surfaces: readonly Uint32Array[], cells: number, thresholdsDs: readonly number[]): Uint16Array[] {
  if (surfaces.length > 0xffff) throw new InvalidInputError(`${surfaces.length} points: at most 65535 can be counted`, "points", surfaces.length);
  const counts = thresholdsDs.map(() => new Uint16Array(cells));
  for (const s of surfaces) {
    if (s.length !== cells) throw new InvalidInputError(`a surface has ${s.length} cells, expected ${cells}`, "surfaces", s.length);
    for (let i = 0; i < cells; i++) {
      const t = s[i];
      for (let k = 0; k < thresholdsDs.length; k++) if (t <= thresholdsDs[k]) counts[k][i]++;
    }
  }
  return counts;
}

/** Population-weighted mean of a per-cell value over each area (null for an area with nobody). */
export function areaMeans(values: ArrayLike<number>, population: ArrayLike<number>, areaOfCell: Int32Array, areas: number): (number | null)[] {
  const sum = new Float64Array(areas);
  const people = new Float64Array(areas);
  for (let i = 0; i < values.length; i++) {
    const a = areaOfCell[i];
    if (a < 0 || !(population[i] > 0)) continue;
    sum[a] += values[i] * population[i];
    people[a] += population[i];
  }
  return Array.from(sum, (s, a) => (people[a] > 0 ? s / people[a] : null));
}
