// Cells at sea go to the nearest polygon: checked against brute force over every segment on
// seeded random "islands" (irregular polygons) on a small grid, and on a drawn case: a coast
// with a pier cell and a cell far out at sea.
import { describe, expect, it } from "vitest";
import { cellCentre, cellCount, type Grid } from "../../engine/grid.ts";
import { nearestAreas } from "../../engine/nearest-area.ts";
import { rasterizePolygons, type Rings } from "../../engine/rasterize.ts";
import { mulberry32 } from "../../engine/random.ts";

const GRID: Grid = { x0: 380_000, y0: 6_670_000, cellSizeM: 250, cols: 40, rows: 30 };

/** The brute-force answer: the polygon of the nearest segment within max (ties to the lower index). */
function bruteForce(x: number, y: number, polygons: readonly Rings[], max: number): number {
  let best = -1;
  let bestD = max * max;
  polygons.forEach((rings, p) => {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [ax, ay] = ring[j];
        const [bx, by] = ring[i];
        const dx = bx - ax;
        const dy = by - ay;
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
        const d = (ax + t * dx - x) ** 2 + (ay + t * dy - y) ** 2;
        if (d < bestD || (d === bestD && best >= 0 && p < best)) (bestD = d), (best = p);
      }
    }
  });
  return best;
}

/** A random star-shaped polygon around (cx, cy). */
function island(rand: () => number, cx: number, cy: number, radius: number): Rings {
  const n = 5 + Math.floor(rand() * 10);
  return [Array.from({ length: n }, (_, k) => {
    const a = (2 * Math.PI * k) / n;
    const r = radius * (0.4 + 0.6 * rand());
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as [number, number];
  })];
}

describe("nearestAreas", () => {
  it("gives a cell at sea the polygon with the nearest boundary, as brute force does, within the distance", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = mulberry32(seed);
      const polygons = Array.from({ length: 1 + Math.floor(rand() * 5) }, () =>
        island(rand, GRID.x0 + rand() * GRID.cols * 250, GRID.y0 + rand() * GRID.rows * 250, 300 + rand() * 1500),
      );
      const raster = rasterizePolygons(GRID, polygons);
      const max = 200 + rand() * 3000;
      const wanted = (c: number) => c % 3 !== 0; // not every cell is asked about
      const { areaOfCell, assigned } = nearestAreas(GRID, raster, polygons, wanted, max);
      let expectAssigned = 0;
      for (let c = 0; c < cellCount(GRID); c++) {
        if (raster[c] >= 0 || !wanted(c)) {
          expect(areaOfCell[c]).toBe(raster[c]); // cells on land, and cells not asked about, keep theirs
          continue;
        }
        const [x, y] = cellCentre(GRID, c);
        const want = bruteForce(x, y, polygons, max);
        expect(areaOfCell[c], `seed ${seed} cell ${c}`).toBe(want);
        if (want >= 0) expectAssigned++;
      }
      expect(assigned).toBe(expectAssigned);
    }
  });

  it("puts a pier cell on the coast in the coastal municipality and leaves a cell 5 km out at sea in none", () => {
    // Land west of x = 382,000 (municipality 0) and a small island far to the east (municipality 1).
    const coast: Rings = [[[380_000, 6_670_000], [382_000, 6_670_000], [382_000, 6_677_500], [380_000, 6_677_500]]];
    const isle: Rings = [[[389_000, 6_676_000], [389_500, 6_676_000], [389_500, 6_676_500], [389_000, 6_676_500]]];
    const raster = rasterizePolygons(GRID, [coast, isle]);
    const pier = 10 * GRID.cols + 8; // centre x 382,125: 125 m off the coast
    const open = 10 * GRID.cols + 28; // centre x 387,125: 5 km off the coast, 2 km from the isle
    expect([raster[pier], raster[open]]).toEqual([-1, -1]);
    const { areaOfCell } = nearestAreas(GRID, raster, [coast, isle], (c) => c === pier || c === open, 1000);
    expect([areaOfCell[pier], areaOfCell[open]]).toEqual([0, -1]);
  });
});
