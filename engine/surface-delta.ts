/**
 * A scenario's surface read as its base's plus the cells that changed, so that its figures need no
 * pass in time order over every populated cell. TimeOrder holds the base's populated cells per area
 * in time order with running sums of people and of people × time (made once per base surface);
 * SurfaceDelta holds, per area, the changed cells' old and new times in order with the same sums
 * (made per scenario: one comparison per populated cell). How many people of a group live within t
 * is then the base's count up to t, less the changed cells' old count, plus their new count: three
 * binary searches per area. deltaStats gives partitionStats of the scenario's surface from these,
 * the very same numbers (sums of whole people and deciseconds are exact in doubles); a closure on
 * Uusimaa changes a few thousand of its populated cells.
 */
import { InvalidInputError } from "./errors.ts";
import type { AreaPartition, AreaStats, PeopleInAreas } from "./accessibility.ts";
import { bandLimitsDs, normaliseThresholds } from "./reach.ts";
import { DS_PER_MIN } from "./units.ts";

/** Cells of one area in time order: entries from[a] to from[a + 1] - 1, with running sums over each area's own entries. */
interface Runs {
  readonly from: Uint32Array;
  readonly timeDs: Uint32Array;
  readonly people: Float64Array;
  readonly peopleDs: Float64Array;
}

/** A base surface's populated cells per area in time order (runs), and which populated cell each entry is. */
export interface TimeOrder {
  readonly surfaceDs: Uint32Array;
  readonly pia: PeopleInAreas;
  readonly runs: Runs;
  readonly cellOf: Uint32Array;
}

/** The changes of another surface against an order's: the populated cells whose time differs (ascending), and per area their old and new times in order. */
export interface SurfaceDelta {
  readonly order: TimeOrder;
  readonly afterDs: Uint32Array;
  /** Indices into the order's populated cells (pia), ascending. */
  readonly changed: Uint32Array;
  readonly before: Runs;
  readonly after: Runs;
  /** 1 for a changed populated cell. */
  readonly isChanged: Uint8Array;
}

/**
 * Times are sorted as doubles time · 2^23 + index, below 2^53 and so exact: times up to 2^29 ds
 * (a year and a half; longer ones, unreached among them, sort last in index order, past any
 * threshold asked: at most 180 min) and up to 2^23 populated cells.
 */
const INDEX_BITS = 2 ** 23;
const TIME_CAP = 2 ** 29;

/**
 * Per area, the given populated cells (indices into pia) in time order with running sums: a counting
 * pass by area, then each area's slice sorted by time.
 */
function runsOf(pia: PeopleInAreas, timeOf: (i: number) => number, cells: ArrayLike<number>): { runs: Runs; cellOf: Uint32Array } {
  const { people, area, areaCount } = pia;
  const n = cells.length;
  if (pia.cells.length >= INDEX_BITS) throw new InvalidInputError(`${pia.cells.length} populated cells: at most ${INDEX_BITS - 1}`, "cells", pia.cells.length);
  const from = new Uint32Array(areaCount + 1);
  for (let k = 0; k < n; k++) from[area[cells[k]] + 1]++;
  for (let a = 0; a < areaCount; a++) from[a + 1] += from[a];
  const at = from.slice(0, areaCount);
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = cells[k];
    keys[at[area[i]]++] = Math.min(timeOf(i), TIME_CAP) * INDEX_BITS + i;
  }
  for (let a = 0; a < areaCount; a++) keys.subarray(from[a], from[a + 1]).sort();
  const timeDs = new Uint32Array(n);
  const cum = new Float64Array(n);
  const cumDs = new Float64Array(n);
  const cellOf = new Uint32Array(n);
  for (let a = 0; a < areaCount; a++) {
    let p = 0, pt = 0;
    for (let e = from[a]; e < from[a + 1]; e++) {
      const i = keys[e] % INDEX_BITS;
      const t = timeOf(i);
      cellOf[e] = i;
      timeDs[e] = t;
      p += people[i];
      pt += people[i] * t;
      cum[e] = p;
      cumDs[e] = pt;
    }
  }
  return { runs: { from, timeDs, people: cum, peopleDs: cumDs }, cellOf };
}

/** The populated cells of `pia` per area in `surfaceDs`'s time order, for reading surfaces that differ from it in some cells (surfaceDelta). */
export function timeOrder(surfaceDs: Uint32Array, pia: PeopleInAreas): TimeOrder {
  if (surfaceDs.length !== pia.gridCells) throw new InvalidInputError(`the surface has ${surfaceDs.length} cells, the population ${pia.gridCells}`, "cells", surfaceDs.length);
  const { runs, cellOf } = runsOf(pia, (i) => surfaceDs[pia.cells[i]], Uint32Array.from({ length: pia.cells.length }, (_, i) => i));
  return { surfaceDs, pia, runs, cellOf };
}

/** How `afterDs` differs from the order's surface: its changed populated cells, and per area their times before and after in order. */
export function surfaceDelta(order: TimeOrder, afterDs: Uint32Array): SurfaceDelta {
  const { pia, surfaceDs: beforeDs } = order;
  if (afterDs.length !== beforeDs.length) throw new InvalidInputError(`the surfaces have ${beforeDs.length} and ${afterDs.length} cells`, "cells", afterDs.length);
  const cells = pia.cells;
  const isChanged = new Uint8Array(cells.length);
  let k = 0;
  for (let i = 0; i < cells.length; i++) if (beforeDs[cells[i]] !== afterDs[cells[i]]) (isChanged[i] = 1), k++;
  const changed = new Uint32Array(k);
  for (let i = 0, j = 0; j < k; i++) if (isChanged[i]) changed[j++] = i;
  return {
    order,
    afterDs,
    changed,
    before: runsOf(pia, (i) => beforeDs[cells[i]], changed).runs,
    after: runsOf(pia, (i) => afterDs[cells[i]], changed).runs,
    isChanged,
  };
}

/** In area a's run, the entries with time ≤ t: how many (binary search). */
function countUpTo(r: Runs, a: number, t: number): number {
  let lo = r.from[a], hi = r.from[a + 1];
  const start = lo;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.timeDs[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - start;
}

/** People (or people × ds) of area a's run with time ≤ t. */
function upTo(r: Runs, sums: Float64Array, a: number, t: number): number {
  const k = countUpTo(r, a, t);
  return k === 0 ? 0 : sums[r.from[a] + k - 1];
}

/** Everyone of area a's run (or their people × ds). */
function total(r: Runs, sums: Float64Array, a: number): number {
  return r.from[a + 1] > r.from[a] ? sums[r.from[a + 1] - 1] : 0;
}

/** The areas of each group of a partition. */
function membersOf({ groupOf, count }: AreaPartition, areaCount: number): number[][] {
  const members = Array.from({ length: count }, (): number[] => []);
  for (let a = 0; a < areaCount; a++) {
    const g = groupOf[a];
    if (g >= 0 && g < count) members[g].push(a);
  }
  return members;
}

/** What a group's figures are read from: its people within t (and their people × ds) in the delta's surface, or in the base's. */
interface GroupReader {
  population: number;
  within(t: number): number;
  withinDs(t: number): number;
}

function groupReader(d: SurfaceDelta, areas: readonly number[], scenario: boolean): GroupReader {
  const base = d.order.runs;
  let population = 0;
  for (const a of areas) population += total(base, base.people, a);
  const read = (sums: (r: Runs) => Float64Array) => (t: number) => {
    let s = 0;
    for (const a of areas) {
      s += upTo(base, sums(base), a, t);
      if (scenario) s += upTo(d.after, sums(d.after), a, t) - upTo(d.before, sums(d.before), a, t);
    }
    return s;
  };
  return { population, within: read((r) => r.people), withinDs: read((r) => r.peopleDs) };
}

/** People per band (the last one beyond the cutoff) of a group, each band's count the difference of two running counts. */
function bandPeople(g: GroupReader, limits: Float64Array): number[] {
  const out: number[] = [];
  let below = 0;
  for (const limit of limits) {
    const upto = g.within(limit);
    out.push(upto - below);
    below = upto;
  }
  out.push(g.population - below);
  return out;
}

/** The shortest whole time (ds, up to the cutoff) within which at least `share` of the group's people live; null when only beyond the cutoff, or nobody lives there. */
function percentileDs(g: GroupReader, share: number, cutoffDs: number): number | null {
  const target = share * g.population;
  if (g.population === 0 || g.within(cutoffDs) < target) return null;
  let lo = 0, hi = Math.floor(cutoffDs);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (g.within(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The longest time of a group's cells in the delta's surface: unchanged cells from the base's order, changed ones from their new times. */
function longestDs(d: SurfaceDelta, areas: readonly number[]): number {
  const { runs, cellOf } = d.order;
  let max = 0;
  for (const a of areas) {
    for (let e = runs.from[a + 1] - 1; e >= runs.from[a]; e--) {
      if (d.isChanged[cellOf[e]]) continue;
      max = Math.max(max, runs.timeDs[e]);
      break;
    }
    if (d.after.from[a + 1] > d.after.from[a]) max = Math.max(max, d.after.timeDs[d.after.from[a + 1] - 1]);
  }
  return max;
}

/**
 * partitionStats of the delta's surface (its `afterDs`), read from the base's order and the
 * changed cells: per group of each partition the same AreaStats, number for number.
 */
export function deltaStats(d: SurfaceDelta, partitions: readonly AreaPartition[], thresholdsMin: readonly number[]): AreaStats[][] {
  const sorted = normaliseThresholds(thresholdsMin);
  const limits = bandLimitsDs(sorted);
  const cutoffDs = sorted[sorted.length - 1] * DS_PER_MIN;
  const toMin = (ds: number) => ds / DS_PER_MIN;
  return partitions.map((partition) =>
    membersOf(partition, d.order.pia.areaCount).map((areas): AreaStats => {
      const g = groupReader(d, areas, true);
      const reached = g.within(cutoffDs);
      let cumulative = 0;
      const median = percentileDs(g, 0.5, cutoffDs);
      const p90 = percentileDs(g, 0.9, cutoffDs);
      return {
        population: g.population,
        reached,
        beyond: g.population - reached,
        meanMin: reached > 0 ? toMin(g.withinDs(cutoffDs) / reached) : null,
        medianMin: median === null ? null : toMin(median),
        p90Min: p90 === null ? null : toMin(p90),
        maxMin: g.population > 0 && reached === g.population ? toMin(longestDs(d, areas)) : null,
        bands: bandPeople(g, limits).map((people, b) => ((cumulative += people), { thresholdMin: b < sorted.length ? sorted[b] : null, people, cumulative })),
      };
    }),
  );
}

/** Per group of each partition, its people per band (the last beyond the cutoff) in the order's own surface: the unchanged part of a band-crossing table. */
export function baseBandPeople(d: SurfaceDelta, partitions: readonly AreaPartition[], limits: Float64Array): { population: number; bands: number[] }[][] {
  return partitions.map((partition) =>
    membersOf(partition, d.order.pia.areaCount).map((areas) => {
      const g = groupReader(d, areas, false);
      return { population: g.population, bands: bandPeople(g, limits) };
    }),
  );
}
