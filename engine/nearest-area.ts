/**
 * Cells whose centre lies in no polygon: on a coast with land-only boundaries, a populated 250 m
 * cell can have its centre at sea (a pier, a shore block, an island smaller than the cell) and
 * would belong to no municipality. Such a cell goes to the polygon whose boundary lies nearest to
 * its centre, within a distance: nobody is lost at the coast, and a cell far out at sea or abroad
 * stays in none. A spatial index over the boundary segments (flatbush) keeps each look-up to the
 * segments near the cell.
 */
import Flatbush from "flatbush";
import { cellCentre, cellCount, type Grid } from "./grid.ts";
import type { Rings } from "./rasterize.ts";

export interface NearestAreaResult {
  /** Area index per cell: the input's, with the cells given an area filled in. */
  readonly areaOfCell: Int32Array;
  /** Cells given an area here. */
  readonly assigned: number;
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return x * x + y * y;
}

/**
 * Gives each cell with no area (-1) for which `wanted(cell)` holds the polygon whose boundary is
 * nearest to the cell's centre, if within `maxDistanceM`. Polygons are in the grid's EPSG:3067
 * metres; only segments within maxDistanceM of the grid are indexed.
 */
export function nearestAreas(grid: Grid, areaOfCell: Int32Array, polygons: readonly Rings[], wanted: (cell: number) => boolean, maxDistanceM: number): NearestAreaResult {
  const out = Int32Array.from(areaOfCell);
  const cells: number[] = [];
  for (let c = 0; c < cellCount(grid); c++) if (out[c] < 0 && wanted(c)) cells.push(c);
  if (cells.length === 0) return { areaOfCell: out, assigned: 0 };

  // The segments near the grid, as columns: each segment's ends and its polygon.
  const gx0 = grid.x0 - maxDistanceM;
  const gy0 = grid.y0 - maxDistanceM;
  const gx1 = grid.x0 + grid.cols * grid.cellSizeM + maxDistanceM;
  const gy1 = grid.y0 + grid.rows * grid.cellSizeM + maxDistanceM;
  const ax: number[] = [];
  const ay: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  const owner: number[] = [];
  polygons.forEach((rings, p) => {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x0, y0] = ring[j];
        const [x1, y1] = ring[i];
        if (Math.max(x0, x1) < gx0 || Math.min(x0, x1) > gx1 || Math.max(y0, y1) < gy0 || Math.min(y0, y1) > gy1) continue;
        ax.push(x0), ay.push(y0), bx.push(x1), by.push(y1), owner.push(p);
      }
    }
  });
  if (owner.length === 0) return { areaOfCell: out, assigned: 0 };
  const index = new Flatbush(owner.length);
  for (let s = 0; s < owner.length; s++) index.add(Math.min(ax[s], bx[s]), Math.min(ay[s], by[s]), Math.max(ax[s], bx[s]), Math.max(ay[s], by[s]));
  index.finish();

  const max2 = maxDistanceM * maxDistanceM;
  let assigned = 0;
  for (const c of cells) {
    const [x, y] = cellCentre(grid, c);
    let best = -1;
    let bestD2 = max2;
    // Search a box around the cell, widened until the nearest segment found lies within it: then
    // no segment outside the box can be nearer. Most cells sit within a cell or two of a shore.
    for (let r = Math.min(grid.cellSizeM * 2, maxDistanceM); ; ) {
      for (const s of index.search(x - r, y - r, x + r, y + r)) {
        const d2 = segmentDistance2(x, y, ax[s], ay[s], bx[s], by[s]);
        // Ties go to the lower polygon index, so the result does not depend on the index's order.
        if (d2 < bestD2 || (d2 === bestD2 && best >= 0 && owner[s] < owner[best])) {
          bestD2 = d2;
          best = s;
        }
      }
      if ((best >= 0 && bestD2 <= r * r) || r >= maxDistanceM) break;
      // A metre over the distance found, so rounding cannot leave the box a hair too small.
      r = Math.min(best >= 0 ? Math.sqrt(bestD2) + 1 : r * 4, maxDistanceM);
    }
    if (best >= 0) {
      out[c] = owner[best];
      assigned++;
    }
  }
  return { areaOfCell: out, assigned };
}
