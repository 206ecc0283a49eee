// Area outlines drawn from cells, on a grid written as text: each cell centre lies inside the
// outline of its own area (even-odd over all rings) and outside every other; an area with a hole
// (a lake of another area) gets the hole; an area with no cell gets no ring.
import { describe, expect, it } from "vitest";
import { areaOutlines, areaPolygons } from "../../engine/outlines.ts";
import { signedArea } from "../../engine/rings.ts";
import { cellCentre, cellCount, type Grid } from "../../engine/grid.ts";
import type { Rings } from "../../engine/rasterize.ts";

/** Rows north first; a digit is the area index, '.' no area. */
function drawn(rows: string[]): { grid: Grid; areaOfCell: Int32Array } {
  const grid: Grid = { x0: 380_000, y0: 6_672_000, cellSizeM: 250, cols: rows[0].length, rows: rows.length };
  const areaOfCell = new Int32Array(cellCount(grid));
  rows.forEach((line, i) => [...line].forEach((ch, c) => (areaOfCell[(rows.length - 1 - i) * grid.cols + c] = ch === "." ? -1 : Number(ch))));
  return { grid, areaOfCell };
}

function inside(rings: Rings, [x, y]: [number, number]): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < xi + ((y - yi) * (xj - xi)) / (yj - yi)) odd = !odd;
    }
  }
  return odd;
}

const MAP = [
  "0000111",
  "0220111",
  "0220.11",
  "0000.11",
  "....111",
];

describe("areaOutlines", () => {
  it("puts each cell centre inside its own area's outline and outside the others'", () => {
    const { grid, areaOfCell } = drawn(MAP);
    const outlines = areaOutlines(grid, areaOfCell, 4);
    for (let c = 0; c < cellCount(grid); c++) {
      for (let a = 0; a < 4; a++) expect(inside(outlines[a], cellCentre(grid, c)), `cell ${c}, area ${a}`).toBe(areaOfCell[c] === a);
    }
    expect(outlines[0]).toHaveLength(2); // the ring round area 0 and the hole where area 2 lies
    expect(outlines[3]).toEqual([]);
  });

  it("runs along cell edges, on the national grid's metres", () => {
    const { grid, areaOfCell } = drawn(["11", "11"]);
    const [ring] = areaOutlines(grid, areaOfCell, 2)[1];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([380_000, 380_500, 6_672_000, 6_672_500]);
  });
});

describe("areaPolygons", () => {
  it("nests the same rings as polygons, exterior counter-clockwise and holes clockwise, even where cells meet only at a corner", () => {
    const { grid, areaOfCell } = drawn(MAP);
    const polygons = areaPolygons(grid, areaOfCell, 4);
    const outlines = areaOutlines(grid, areaOfCell, 4);
    for (let a = 0; a < 4; a++) expect(polygons[a].flat().length).toBe(outlines[a].length);
    expect(polygons[0].map((p) => p.map((r) => Math.sign(signedArea(r))))).toEqual([[1, -1]]); // area 0 round area 2's cells
    expect(polygons[3]).toEqual([]);
    // Two cells touching at a corner: two polygons, neither a hole of the other.
    const diagonal = drawn(["1.", ".1"]);
    const corner = areaPolygons(diagonal.grid, diagonal.areaOfCell, 2)[1];
    expect(corner.map((p) => p.length)).toEqual([1, 1]);
    expect(corner.map((p) => Math.sign(signedArea(p[0])))).toEqual([1, 1]);
  });
});
