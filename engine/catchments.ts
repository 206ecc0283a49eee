/**
 * Catchments and loads. Given each point's own surface (time from every cell to it), a point's
 * catchment is the people for whom it is the nearest; its load is that against its capacity. With
 * capacities, people are assigned nearest first: every (cell, point) pair within the cutoff is
 * taken in order of time, and the cell's remaining people go to the point while it has room. So a
 * point serves the people closest to it first, and those it cannot take overflow to the next
 * nearest point with room (AccessMod 5's capacity-aware coverage takes the same nearest-first
 * rule). Ties go to the lower cell, then the lower point index, so the result is one and the same
 * for the same input.
 *
 * Capacity is in people (the residents a point can serve, as a health station's listed
 * population); a point without one is unlimited (Infinity).
 */
import { InvalidInputError, show } from "./errors.ts";
import { UNREACHED } from "./units.ts";

export interface Catchments {
  /** Per cell: index of the nearest point within the cutoff, -1 where none. Ties: the lower index. */
  readonly nearest: Int32Array;
  /** Per point: people whose nearest it is. */
  readonly people: Float64Array;
  /** People with no point within the cutoff. */
  readonly unreached: number;
}

export interface CapacityAssignment {
  /** Per point: people assigned to it (at most its capacity). */
  readonly assigned: Float64Array;
  /** Per point: of those, people whose nearest point is another (full) one. */
  readonly overflowIn: Float64Array;
  /** Per point: people whose nearest it is but who went elsewhere or found no room. */
  readonly overflowOut: Float64Array;
  /** People within reach of some point but of none with room left. */
  readonly unserved: number;
  /** People with no point within the cutoff at all. */
  readonly unreached: number;
}

function check(surfaces: readonly Uint32Array[], population: ArrayLike<number>): void {
  surfaces.forEach((s, j) => {
    if (s.length !== population.length) throw new InvalidInputError(`surface ${j} has ${s.length} cells, the population ${population.length}`, "surfaces", s.length);
  });
}

/** Each cell's nearest point within `cutoffDs` and each point's catchment population. */
export function catchments(surfaces: readonly Uint32Array[], population: ArrayLike<number>, cutoffDs = UNREACHED - 1): Catchments {
  check(surfaces, population);
  const n = population.length;
  const nearest = new Int32Array(n).fill(-1);
  const best = new Uint32Array(n).fill(UNREACHED);
  surfaces.forEach((s, j) => {
    for (let c = 0; c < n; c++) {
      const t = s[c];
      if (t <= cutoffDs && t < best[c]) {
        best[c] = t;
        nearest[c] = j;
      }
    }
  });
  const people = new Float64Array(surfaces.length);
  let unreached = 0;
  for (let c = 0; c < n; c++) {
    if (nearest[c] >= 0) people[nearest[c]] += population[c];
    else unreached += population[c];
  }
  return { nearest, people, unreached };
}

/**
 * Nearest-first assignment under capacities (see the file comment). `capacity[j]` is Infinity for
 * an unlimited point; with every capacity unlimited it equals the catchments.
 */
export function assignWithCapacity(surfaces: readonly Uint32Array[], population: ArrayLike<number>, capacity: ArrayLike<number>, cutoffDs = UNREACHED - 1): CapacityAssignment {
  check(surfaces, population);
  const m = surfaces.length;
  if (capacity.length !== m) throw new InvalidInputError(`${capacity.length} capacities for ${m} points`, "capacity", capacity.length);
  for (let j = 0; j < m; j++) {
    if (!(capacity[j] >= 0)) throw new InvalidInputError(`capacity of point ${j} is ${show(capacity[j])}: a number of people, 0 or more`, "capacity", capacity[j]);
  }
  const n = population.length;
  const { nearest, people, unreached } = catchments(surfaces, population, cutoffDs);
  // Every populated (cell, point) pair in reach, as columns; sorted by time below.
  let pairs = 0;
  for (let j = 0; j < m; j++) for (let c = 0; c < n; c++) if (population[c] > 0 && surfaces[j][c] <= cutoffDs) pairs++;
  const cellOf = new Uint32Array(pairs);
  const pointOf = new Uint32Array(pairs);
  const timeOf = new Uint32Array(pairs);
  let k = 0;
  for (let c = 0; c < n; c++) {
    if (!(population[c] > 0)) continue;
    for (let j = 0; j < m; j++) {
      const t = surfaces[j][c];
      if (t <= cutoffDs) {
        cellOf[k] = c;
        pointOf[k] = j;
        timeOf[k++] = t;
      }
    }
  }
  // Filled cell by cell and point by point, so ordering ties by index keeps cell, then point order.
  const order = Uint32Array.from({ length: pairs }, (_, i) => i).sort((a, b) => timeOf[a] - timeOf[b] || a - b);
  const left = Float64Array.from({ length: n }, (_, c) => population[c]);
  const room = Float64Array.from({ length: m }, (_, j) => capacity[j]);
  const assigned = new Float64Array(m);
  const overflowIn = new Float64Array(m);
  for (const i of order) {
    const c = cellOf[i];
    const j = pointOf[i];
    const take = Math.min(left[c], room[j]);
    if (take <= 0) continue;
    left[c] -= take;
    room[j] -= take;
    assigned[j] += take;
    if (nearest[c] !== j) overflowIn[j] += take;
  }
  let unserved = 0;
  for (let c = 0; c < n; c++) if (nearest[c] >= 0) unserved += left[c];
  // What a point's own catchment did not get from it: the catchment less what it kept of it.
  const overflowOut = Float64Array.from({ length: m }, (_, j) => people[j] - (assigned[j] - overflowIn[j]));
  return { assigned, overflowIn, overflowOut, unserved, unreached };
}

/**
 * People whose nearest point changes between two catchments over the same cells: moved[from][to]
 * (-1 rows and columns at the end: index m stands for "no point in reach").
 */
export function catchmentMoves(before: Int32Array, after: Int32Array, population: ArrayLike<number>, points: number): Float64Array[] {
  if (before.length !== population.length || after.length !== population.length) throw new InvalidInputError("catchments and population must cover the same cells", "cells", population.length);
  const moved = Array.from({ length: points + 1 }, () => new Float64Array(points + 1));
  for (let c = 0; c < population.length; c++) {
    const a = before[c] < 0 ? points : before[c];
    const b = after[c] < 0 ? points : after[c];
    if (a !== b) moved[a][b] += population[c];
  }
  return moved;
}
