// Polygons onto the grid, checked cell by cell against a point-in-polygon test of each centre.
import { describe, expect, it } from "vitest";
import { booleanPointInPolygon } from "@turf/turf";
import { rasterizePolygons, type Rings } from "../../engine/rasterize.ts";
import { cellCentre, cellCount, type Grid } from "../../engine/grid.ts";
import { rng } from "../fixtures/random-graph.ts";

const grid: Grid = { x0: 380_000, y0: 6_670_000, cellSizeM: 250, cols: 40, rows: 30 };

/** A star-shaped random polygon around (cx, cy), with an optional square hole. */
function blob(r: () => number, cx: number, cy: number, radius: number, hole: boolean): Rings {
  const ring: [number, number][] = [];
  for (let i = 0; i < 24; i++) {
    const a = (2 * Math.PI * i) / 24;
    const d = radius * (0.5 + 0.5 * r());
    ring.push([cx + d * Math.cos(a), cy + d * Math.sin(a)]);
  }
  ring.push(ring[0]);
  if (!hole) return [ring];
  const h = radius / 5;
  return [ring, [[cx - h, cy - h], [cx - h, cy + h], [cx + h, cy + h], [cx + h, cy - h], [cx - h, cy - h]]];
}

describe("rasterizePolygons", () => {
  it("assigns exactly the cells whose centres lie inside, holes excluded", () => {
    const r = rng(8);
    for (let round = 0; round < 10; round++) {
      const polys = [0, 1, 2].map((k) => blob(r, grid.x0 + 1500 + k * 3000 + r() * 500, grid.y0 + 2000 + r() * 3000, 1200 + r() * 800, k !== 1));
      const cells = rasterizePolygons(grid, polys);
      for (let c = 0; c < cellCount(grid); c++) {
        const p = cellCentre(grid, c);
        let expected = -1;
        polys.forEach((rings, i) => {
          if (booleanPointInPolygon(p, { type: "Polygon", coordinates: rings.map((ring) => ring.map(([x, y]) => [x, y])) })) expected = i;
        });
        expect(cells[c], `round ${round} cell ${c}`).toBe(expected);
      }
    }
  });
});
