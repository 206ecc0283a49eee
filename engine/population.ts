/**
 * People on the surface grid, and people per travel-time band. Counts are whole people in the same
 * cells the isochrones are drawn from, so the map and the numbers agree, and the bands always sum
 * exactly to the total (people in unreached cells form their own band).
 */
import type { Grid } from "./grid.ts";
import { cellAt, cellCount } from "./grid.ts";
import { InvalidInputError } from "./errors.ts";
import { bandLimitsDs, bandOf, normaliseThresholds } from "./reach.ts";

/** A populated square of a source grid: its centre in EPSG:3067 metres and its people. */
export interface PopulationCell {
  readonly x: number;
  readonly y: number;
  readonly population: number;
  /** People of each population group (an age band), in the order the grid names its groups. */
  readonly groups?: readonly number[];
}

export interface GridPopulation {
  /** Whole people per surface cell. */
  readonly perCell: Uint32Array;
  /** People whose cell lies outside the grid (not counted in perCell). */
  readonly outside: number;
  readonly total: number;
}

/**
 * Places population cells of size `sourceCellM` onto the grid. A source cell as large as a grid
 * cell or smaller lands whole in the cell containing its centre; a larger one (1 km onto 250 m) is
 * spread evenly over the grid cells it covers, whole people by largest remainder, so no one is
 * lost or invented.
 */
export function populationOnGrid(grid: Grid, cells: readonly PopulationCell[], sourceCellM = grid.cellSizeM): GridPopulation {
  const perCell = new Uint32Array(cellCount(grid));
  let outside = 0;
  let total = 0;
  const k = sourceCellM > grid.cellSizeM ? Math.round(sourceCellM / grid.cellSizeM) : 1;
  if (k > 1 && Math.abs(k * grid.cellSizeM - sourceCellM) > 1e-6) {
    throw new InvalidInputError(`population cells of ${sourceCellM} m do not divide into ${grid.cellSizeM} m grid cells`, "cellSizeM", sourceCellM);
  }
  for (const c of cells) {
    const people = c.population;
    if (!Number.isInteger(people) || people < 0) throw new InvalidInputError(`population ${people} is not a whole non-negative number`, "population", people);
    total += people;
    if (k === 1) {
      const cell = cellAt(grid, c.x, c.y);
      if (cell < 0) outside += people;
      else perCell[cell] += people;
      continue;
    }
    // k × k sub-cells: each gets floor(people / k²); the remainder goes one by one, in a fixed order.
    const share = Math.floor(people / (k * k));
    let rest = people - share * k * k;
    const half = sourceCellM / 2;
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < k; i++) {
        const x = c.x - half + (i + 0.5) * grid.cellSizeM;
        const y = c.y - half + (j + 0.5) * grid.cellSizeM;
        const n = share + (rest > 0 ? 1 : 0);
        if (rest > 0) rest--;
        const cell = cellAt(grid, x, y);
        if (cell < 0) outside += n;
        else perCell[cell] += n;
      }
    }
  }
  return { perCell, outside, total };
}

export interface BandCount {
  /** Upper bound of the band in minutes; null for "beyond the last threshold or unreachable". */
  thresholdMin: number | null;
  /** People whose time falls in this band and no nearer one. */
  people: number;
  /** People within this threshold (cumulative). */
  cumulative: number;
}

/**
 * People per band: for thresholds [15, 30, ...], band 15 holds times ≤ 15 min, band 30 those in
 * (15, 30], and a last band (thresholdMin null) everyone beyond the last threshold or unreachable.
 * An optional mask restricts the count to some cells (a municipality, a regional unit).
 */
export function peoplePerBand(surfaceDs: Uint32Array, perCell: Uint32Array, thresholdsMin: readonly number[], mask?: (cell: number) => boolean): BandCount[] {
  if (surfaceDs.length !== perCell.length) throw new InvalidInputError(`surface has ${surfaceDs.length} cells, population ${perCell.length}`, "surface", surfaceDs.length);
  const sorted = normaliseThresholds(thresholdsMin);
  const limits = bandLimitsDs(sorted);
  // Whole people in doubles: exact far past any population.
  const people = new Float64Array(sorted.length + 1);
  for (let cell = 0; cell < perCell.length; cell++) {
    const p = perCell[cell];
    if (p === 0 || (mask && !mask(cell))) continue;
    people[bandOf(surfaceDs[cell], limits)] += p;
  }
  let cumulative = 0;
  return Array.from(people, (n, i) => {
    cumulative += n;
    return { thresholdMin: i < sorted.length ? sorted[i] : null, people: n, cumulative };
  });
}
