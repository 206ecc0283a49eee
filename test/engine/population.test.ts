// Population on the grid and per band: whole people, exact sums, counted from the same cells.
import { describe, expect, it } from "vitest";
import { peoplePerBand, populationOnGrid } from "../../engine/population.ts";
import { cellCentre, cellCount, type Grid } from "../../engine/grid.ts";
import { UNREACHED } from "../../engine/units.ts";
import { bandIndex } from "../../engine/reach.ts";
import { rng } from "../fixtures/random-graph.ts";

const grid: Grid = { x0: 385_000, y0: 6_671_000, cellSizeM: 250, cols: 8, rows: 8 };

describe("populationOnGrid", () => {
  it("lands each 250 m source cell in the grid cell that is the same square", () => {
    const cells = [0, 9, 63].map((c) => ({ x: cellCentre(grid, c)[0], y: cellCentre(grid, c)[1], population: 100 + c }));
    const pop = populationOnGrid(grid, [...cells, { x: 0, y: 0, population: 7 }]);
    expect(pop.perCell[0]).toBe(100);
    expect(pop.perCell[9]).toBe(109);
    expect(pop.perCell[63]).toBe(163);
    expect(pop.outside).toBe(7);
    expect(pop.total).toBe(100 + 109 + 163 + 7);
  });

  it("spreads a 1 km cell over its sixteen 250 m cells in whole people, losing no one", () => {
    // The 1 km cell whose south-west corner is the grid's: centre at +500 m, +500 m.
    const pop = populationOnGrid(grid, [{ x: grid.x0 + 500, y: grid.y0 + 500, population: 1003 }], 1000);
    let sum = 0;
    let covered = 0;
    for (let c = 0; c < cellCount(grid); c++) {
      sum += pop.perCell[c];
      if (pop.perCell[c] > 0) covered++;
      const [x, y] = cellCentre(grid, c);
      const inside = x < grid.x0 + 1000 && y < grid.y0 + 1000;
      expect(pop.perCell[c] > 0, `cell ${c}`).toBe(inside);
    }
    expect(sum).toBe(1003);
    expect(covered).toBe(16);
    expect(Math.max(...pop.perCell) - Math.min(...[...pop.perCell].filter((p) => p > 0))).toBeLessThanOrEqual(1);
  });

  it("refuses fractional or negative people", () => {
    expect(() => populationOnGrid(grid, [{ x: grid.x0, y: grid.y0, population: 2.5 }])).toThrow(/2.5/);
    expect(() => populationOnGrid(grid, [{ x: grid.x0, y: grid.y0, population: -1 }])).toThrow(/-1/);
  });
});

describe("peoplePerBand", () => {
  it("sums exactly to the total over random surfaces, and matches a direct count per band", () => {
    const r = rng(11);
    for (let round = 0; round < 20; round++) {
      const n = cellCount(grid);
      const perCell = new Uint32Array(n).map(() => Math.floor(r() * 500));
      const surface = new Uint32Array(n).map(() => (r() < 0.2 ? UNREACHED : Math.floor(r() * 200 * 600)));
      const bands = peoplePerBand(surface, perCell, [15, 30, 60, 90, 120, 150, 180]);
      const total = perCell.reduce((a, b) => a + b, 0);
      expect(bands.reduce((a, b) => a + b.people, 0)).toBe(total);
      expect(bands[bands.length - 1].cumulative).toBe(total);
      let within30 = 0;
      for (let c = 0; c < n; c++) if (surface[c] !== UNREACHED && surface[c] <= 30 * 600) within30 += perCell[c];
      expect(bands[1].cumulative).toBe(within30);
      expect(bands[7].thresholdMin).toBeNull();
    }
  });

  it("puts each cell's people in bandIndex's band, for random thresholds (whole and fractional minutes)", () => {
    const r = rng(12);
    for (let round = 0; round < 20; round++) {
      const n = cellCount(grid);
      const thresholds = [...new Set(Array.from({ length: 1 + Math.floor(r() * 7) }, () => Math.ceil(r() * 360) / 2))];
      const sorted = [...thresholds].sort((a, b) => a - b);
      const perCell = new Uint32Array(n).map(() => Math.floor(r() * 50));
      // Times at and either side of each limit as well as anywhere, and unreached cells.
      const surface = new Uint32Array(n).map(() => (r() < 0.1 ? UNREACHED : r() < 0.5 ? sorted[Math.floor(r() * sorted.length)] * 600 + Math.floor(r() * 3) - 1 : Math.floor(r() * 200 * 600)));
      const expected = new Array<number>(sorted.length + 1).fill(0);
      for (let c = 0; c < n; c++) {
        const b = bandIndex(surface[c], sorted);
        expected[b < 0 ? sorted.length : b] += perCell[c];
      }
      expect(peoplePerBand(surface, perCell, thresholds).map((b) => b.people), `round ${round}`).toEqual(expected);
    }
  });

  it("counts only the masked cells", () => {
    const perCell = new Uint32Array(cellCount(grid)).fill(10);
    const surface = new Uint32Array(cellCount(grid)).fill(600);
    const bands = peoplePerBand(surface, perCell, [15], (c) => c < 8);
    expect(bands).toEqual([{ thresholdMin: 15, people: 80, cumulative: 80 }, { thresholdMin: null, people: 0, cumulative: 80 }]);
  });
});
