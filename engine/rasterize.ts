/**
 * Areas (municipalities, regional units) onto the grid: a cell belongs to the polygon that
 * contains its centre. A scanline fill per row of cell centres, even-odd over all rings, so holes
 * and multipolygons need no special case. O(edges × rows crossed + cells filled).
 */
import type { Grid } from "./grid.ts";
import { cellCount } from "./grid.ts";

/** A polygon's rings (exterior and holes, any number of parts) in the grid's EPSG:3067 metres. */
export type Rings = readonly (readonly (readonly [number, number])[])[];

/** Cell → index of the polygon containing its centre, -1 for none. Later polygons win overlaps. */
export function rasterizePolygons(grid: Grid, polygons: readonly Rings[]): Int32Array {
  const out = new Int32Array(cellCount(grid)).fill(-1);
  const size = grid.cellSizeM;
  const xs: number[] = [];
  polygons.forEach((rings, index) => {
    let minY = Infinity;
    let maxY = -Infinity;
    for (const ring of rings) for (const [, y] of ring) (minY = Math.min(minY, y)), (maxY = Math.max(maxY, y));
    const r0 = Math.max(0, Math.ceil((minY - grid.y0) / size - 0.5));
    const r1 = Math.min(grid.rows - 1, Math.floor((maxY - grid.y0) / size - 0.5));
    for (let r = r0; r <= r1; r++) {
      const y = grid.y0 + (r + 0.5) * size;
      xs.length = 0;
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i];
          const [xj, yj] = ring[j];
          // Half-open rule: an edge counts when y lies in [min, max) of its ends.
          if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
        }
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const c0 = Math.max(0, Math.ceil((xs[k] - grid.x0) / size - 0.5));
        const c1 = Math.min(grid.cols - 1, Math.ceil((xs[k + 1] - grid.x0) / size - 0.5) - 1);
        for (let c = c0; c <= c1; c++) out[r * grid.cols + c] = index;
      }
    }
  });
  return out;
}
