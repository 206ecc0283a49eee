/**
 * What a scenario changes for people: per area, who crosses a band boundary and in which
 * direction, by how many minutes, and the cells whose time changed (as GeoJSON squares). Times
 * beyond the last threshold (or never reached) form the last band; a change into or out of it is
 * counted at the threshold, so "minutes" are a lower bound there, and say so in their name.
 */
import { InvalidInputError } from "./errors.ts";
import { eachArea, populatedCells, type AreaPartition, type PeopleInAreas } from "./accessibility.ts";
import { baseBandPeople, type SurfaceDelta } from "./surface-delta.ts";
import { bandLimitsDs, bandOf, normaliseThresholds } from "./reach.ts";
import { cellCentre, type Grid } from "./grid.ts";
import { toWgs } from "./projection.ts";
import { DS_PER_MIN } from "./units.ts";

export interface AreaDiff {
  /** People in the area's populated cells. */
  population: number;
  /** People whose band got farther (including into "beyond"), nearer, or whose time changed at all. */
  worse: number;
  better: number;
  changed: number;
  /** People-weighted minutes gained by those whose time grew, and lost by those whose time fell (≥ 0, times capped at the last threshold). */
  addedMinutesAtLeast: number;
  savedMinutesAtLeast: number;
  /** People moving from band i to band j: transitions[i][j], the last index being "beyond". */
  transitions: number[][];
}

/** Per-area differences between two surfaces of the same grid. */
export function diffSurfaces(before: Uint32Array, after: Uint32Array, perCell: Uint32Array, areaOfCell: Int32Array, areaCount: number, thresholdsMin: readonly number[]): AreaDiff[] {
  const n = before.length;
  if (after.length !== n || perCell.length !== n || areaOfCell.length !== n) {
    throw new InvalidInputError(`surfaces, population and areas differ in length (${n}, ${after.length}, ${perCell.length}, ${areaOfCell.length})`, "cells", n);
  }
  return partitionDiffs(before, after, populatedCells(perCell, areaOfCell, areaCount), [eachArea(areaCount)], thresholdsMin)[0];
}

/** diffSurfaces per group of each partition of the areas (per area, per unit, the region), in one pass over the populated cells. */
export function partitionDiffs(before: Uint32Array, after: Uint32Array, pia: PeopleInAreas, partitions: readonly AreaPartition[], thresholdsMin: readonly number[]): AreaDiff[][] {
  if (before.length !== pia.gridCells || after.length !== pia.gridCells) {
    throw new InvalidInputError(`the surfaces have ${before.length} and ${after.length} cells, the population ${pia.gridCells}`, "cells", before.length);
  }
  const cross = crossings(before, after, pia, partitions, thresholdsMin);
  const outs = partitions.map(({ count }) => Array.from({ length: count }, () => noDiff(cross.k, 0, null)));
  for (let i = 0; i < pia.cells.length; i++) cross.add(outs, i, false);
  return outs;
}

/**
 * partitionDiffs of the order's surface and the delta's (SurfaceDelta), read from the delta: the
 * people of unchanged cells on the diagonal from the base's order, the changed cells one by one in
 * cell order as partitionDiffs adds them, so the very same numbers.
 */
export function deltaDiffs(d: SurfaceDelta, partitions: readonly AreaPartition[], thresholdsMin: readonly number[]): AreaDiff[][] {
  const cross = crossings(d.order.surfaceDs, d.afterDs, d.order.pia, partitions, thresholdsMin);
  const outs = baseBandPeople(d, partitions, cross.limits).map((groups) => groups.map(({ population, bands }) => noDiff(cross.k, population, bands)));
  for (const i of d.changed) cross.add(outs, i, true);
  return outs;
}

/** A group's diff with no crossing yet: its people, and on the diagonal those of each band when they are known. */
function noDiff(k: number, population: number, bands: readonly number[] | null): AreaDiff {
  return {
    population,
    worse: 0,
    better: 0,
    changed: 0,
    addedMinutesAtLeast: 0,
    savedMinutesAtLeast: 0,
    transitions: Array.from({ length: k }, (_, b) => {
      const row = new Array<number>(k).fill(0);
      if (bands) row[b] = bands[b];
      return row;
    }),
  };
}

/**
 * How a populated cell's people cross between bands from `before` to `after`, added to its group in
 * each partition; `onDiagonal`: its people are counted already, in their band before, on the diagonal.
 */
function crossings(before: Uint32Array, after: Uint32Array, pia: PeopleInAreas, partitions: readonly AreaPartition[], thresholdsMin: readonly number[]) {
  const sorted = normaliseThresholds(thresholdsMin);
  const capDs = sorted[sorted.length - 1] * DS_PER_MIN;
  const limits = bandLimitsDs(sorted);
  const { cells, people, area } = pia;
  const add = (outs: AreaDiff[][], i: number, onDiagonal: boolean): void => {
    const c = cells[i];
    const p = people[i];
    const b0 = bandOf(before[c], limits); // thresholds.length for beyond or unreached
    const b1 = bandOf(after[c], limits);
    const t0 = Math.min(before[c], capDs + 1);
    const t1 = Math.min(after[c], capDs + 1);
    const diff = Math.min(t1, capDs) - Math.min(t0, capDs);
    for (let j = 0; j < partitions.length; j++) {
      const g = partitions[j].groupOf[area[i]];
      if (!(g >= 0 && g < partitions[j].count)) continue;
      const d = outs[j][g];
      if (onDiagonal) d.transitions[b0][b0] -= p;
      else d.population += p;
      d.transitions[b0][b1] += p;
      if (b1 > b0) d.worse += p;
      else if (b1 < b0) d.better += p;
      if (t0 === t1) continue; // the same time, or beyond the last threshold both before and after
      d.changed += p;
      if (diff > 0) d.addedMinutesAtLeast += (p * diff) / DS_PER_MIN;
      else d.savedMinutesAtLeast -= (p * diff) / DS_PER_MIN;
    }
  };
  return { k: sorted.length + 1, limits, add };
}

export interface ChangedCell {
  type: "Feature";
  properties: { cell: number; people: number; before_min: number | null; after_min: number | null; change_min: number | null };
  geometry: { type: "Polygon"; coordinates: [number, number][][] };
}

/** The cells whose time changed, as WGS84 squares with before/after minutes (null: beyond the cutoff). */
export function changedCellsGeoJson(grid: Grid, before: Uint32Array, after: Uint32Array, perCell: Uint32Array, cutoffDs: number): { type: "FeatureCollection"; features: ChangedCell[] } {
  const features: ChangedCell[] = [];
  const half = grid.cellSizeM / 2;
  const min = (t: number) => (t > cutoffDs ? null : Math.round((t / DS_PER_MIN) * 10) / 10);
  for (let c = 0; c < before.length; c++) {
    if (before[c] === after[c] || (before[c] > cutoffDs && after[c] > cutoffDs)) continue;
    const [x, y] = cellCentre(grid, c);
    // Counter-clockwise, as RFC 7946 asks of exterior rings.
    const ring = [[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]].map(([px, py]) => toWgs(px, py));
    const b = min(before[c]);
    const a = min(after[c]);
    features.push({
      type: "Feature",
      properties: { cell: c, people: perCell[c], before_min: b, after_min: a, change_min: a !== null && b !== null ? Math.round((a - b) * 10) / 10 : null },
      geometry: { type: "Polygon", coordinates: [ring] },
    });
  }
  return { type: "FeatureCollection", features };
}
