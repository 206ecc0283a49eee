/**
 * Outlines of areas drawn from the grid: where areas were assigned cell by cell (nearest centre,
 * no boundaries given), the cells are the only shape there is, so the outline follows cell edges.
 * Marching squares (d3-contour, no interpolation) over a 0/1 raster per area, as isochrones are drawn.
 */
import { contours } from "d3-contour";
import { cellCount, type Grid } from "./grid.ts";
import type { Rings } from "./rasterize.ts";
import { InvalidInputError } from "./errors.ts";

/** Per area index 0 … areaCount − 1, its outline rings (parts and holes) in EPSG:3067 metres; empty rings for an area with no cell. */
export function areaOutlines(grid: Grid, areaOfCell: Int32Array, areaCount: number): Rings[] {
  const n = cellCount(grid);
  if (areaOfCell.length !== n) throw new InvalidInputError(`areaOfCell has ${areaOfCell.length} cells, the grid ${n}`, "areaOfCell", areaOfCell.length);
  const generator = contours().size([grid.cols, grid.rows]).smooth(false).thresholds([0.5]);
  const values = new Float64Array(n);
  const out: Rings[] = [];
  for (let a = 0; a < areaCount; a++) {
    let any = false;
    for (let c = 0; c < n; c++) {
      values[c] = areaOfCell[c] === a ? 1 : 0;
      any ||= areaOfCell[c] === a;
    }
    if (!any) {
      out.push([]);
      continue;
    }
    // d3 places sample i at i + 0.5, the cell's centre; the 0.5 contour runs half-way between centres, on cell edges.
    const [shape] = generator(values as unknown as number[]);
    out.push(shape.coordinates.flatMap((polygon) => polygon.map((ring) => ring.map(([x, y]) => [grid.x0 + x * grid.cellSizeM, grid.y0 + y * grid.cellSizeM] as const))));
  }
  return out;
}
