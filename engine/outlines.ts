/**
 * Outlines of areas drawn from the grid: where areas were assigned cell by cell (nearest centre,
 * no boundaries given), the cells are the only shape there is, so the outline follows cell edges.
 * Marching squares (engine/contour.ts, no interpolation) over a 0/1 raster per area, as isochrones are drawn.
 * The same goes for any grouping of cells, such as the cells a regional unit's figures count.
 */
import { contourPolygons, ContourScratch } from "./contour.ts";
import { cellCount, type Grid } from "./grid.ts";
import type { Rings } from "./rasterize.ts";
import { InvalidInputError } from "./errors.ts";
import { signedArea } from "./rings.ts";

type Position = [number, number];

/** Per area index 0 … areaCount − 1, its cells' shapes (polygons of rings), in EPSG:3067 metres; none for an area with no cell. */
function cellShapes(grid: Grid, areaOfCell: Int32Array, areaCount: number): Position[][][][] {
  const n = cellCount(grid);
  if (areaOfCell.length !== n) throw new InvalidInputError(`areaOfCell has ${areaOfCell.length} cells, the grid ${n}`, "areaOfCell", areaOfCell.length);
  const scratch = new ContourScratch(grid.cols, grid.rows);
  const values = new Uint8Array(n);
  const out: Position[][][][] = [];
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
    // Sample i lies at i + 0.5, the cell's centre; the outline runs half-way between centres, on cell edges.
    out.push(contourPolygons(values, grid.cols, grid.rows, scratch).map((polygon) => polygon.map((ring) => ring.map(([x, y]): Position => [grid.x0 + x * grid.cellSizeM, grid.y0 + y * grid.cellSizeM]))));
  }
  return out;
}

/** Per area index 0 … areaCount − 1, its outline rings (parts and holes) in EPSG:3067 metres; empty rings for an area with no cell. */
export function areaOutlines(grid: Grid, areaOfCell: Int32Array, areaCount: number): Rings[] {
  return cellShapes(grid, areaOfCell, areaCount).map((polygons) => polygons.flat());
}

/**
 * Per area index 0 … areaCount − 1, its cells as polygons (GeoJSON's order: the exterior ring
 * counter-clockwise, then its holes clockwise) in EPSG:3067 metres; none for an area with no cell.
 * The contourer nests the rings by the cells they bound, so rings that touch at a corner (cells
 * meeting diagonally) are never mistaken for holes.
 */
export function areaPolygons(grid: Grid, areaOfCell: Int32Array, areaCount: number): Position[][][][] {
  const orient = (ring: Position[], ccw: boolean) => (signedArea(ring) > 0 === ccw ? ring : [...ring].reverse());
  return cellShapes(grid, areaOfCell, areaCount).map((polygons) => polygons.map((rings) => rings.map((ring, r) => orient(ring, r === 0))));
}
