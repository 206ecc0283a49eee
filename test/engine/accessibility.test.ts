// Per-area figures on hand-computed cases, and the spread of municipal totals over road cells.
import { describe, expect, it } from "vitest";
import { areaPartitions, areaStats, groupAreas, partitionStats, peopleInAreas } from "../../engine/accessibility.ts";
import { diffSurfaces, partitionDiffs } from "../../engine/diff.ts";
import { nearestCentreAreas, settlementWeightPerCell, spreadTotals } from "../../engine/settlements.ts";
import { GraphBuilder } from "../../engine/graph.ts";
import { CLASS_INDEX } from "../../engine/profiles.ts";
import { cellAt, cellCentre, cellCount, type Grid } from "../../engine/grid.ts";
import { toEtrs, toWgs } from "../../engine/projection.ts";
import { UNREACHED } from "../../engine/units.ts";
import { rng } from "../fixtures/random-graph.ts";

const min = (m: number) => m * 600;

describe("areaStats", () => {
  // Two areas. Area 0: 10 people at 10 min, 30 at 20 min, 60 at 50 min. Area 1: 5 at 5 min, 5 unreached.
  //   cell:    0    1    2     3    4          5 (in no area)
  const surface = Uint32Array.from([min(10), min(20), min(50), min(5), UNREACHED, min(1)]);
  const people = Uint32Array.from([10, 30, 60, 5, 5, 1000]);
  const area = Int32Array.from([0, 0, 0, 1, 1, -1]);

  it("gives population-weighted mean, median, P90 and max, and people per band summing to the population", () => {
    const [a, b] = areaStats(surface, people, area, 2, [15, 30, 60]);
    expect(a.population).toBe(100);
    expect(a.reached).toBe(100);
    expect(a.meanMin).toBeCloseTo((10 * 10 + 30 * 20 + 60 * 50) / 100, 10); // 37
    expect(a.medianMin).toBe(50); // 40 people within 20 min, the 50th person is at 50
    expect(a.p90Min).toBe(50);
    expect(a.maxMin).toBe(50);
    expect(a.bands.map((x) => x.people)).toEqual([10, 30, 60, 0]);
    expect(a.bands.map((x) => x.cumulative)).toEqual([10, 40, 100, 100]);
    expect(a.bands.map((x) => x.thresholdMin)).toEqual([15, 30, 60, null]);

    expect(b.population).toBe(10);
    expect(b.reached).toBe(5);
    expect(b.beyond).toBe(5);
    expect(b.meanMin).toBe(5);
    expect(b.medianMin).toBe(5); // exactly half are within 5 min
    expect(b.p90Min).toBeNull(); // the 9th person is beyond reach
    expect(b.maxMin).toBeNull();
    expect(b.bands.map((x) => x.people)).toEqual([5, 0, 0, 5]);
  });

  it("counts times past the last threshold as beyond it, and skips cells in no area", () => {
    const [a] = areaStats(surface, people, area, 2, [15, 30]);
    expect(a.reached).toBe(40);
    expect(a.beyond).toBe(60);
    expect(a.meanMin).toBeCloseTo((10 * 10 + 30 * 20) / 40, 10);
    expect(a.maxMin).toBeNull();
    expect(a.medianMin).toBeNull();
    expect(a.bands.map((x) => x.people)).toEqual([10, 30, 60]);
  });

  it("equals a naive sort-based reference on random surfaces", () => {
    const r = rng(21);
    for (let trial = 0; trial < 20; trial++) {
      const n = 300;
      const s = Uint32Array.from({ length: n }, () => (r() < 0.1 ? UNREACHED : Math.floor(r() * min(100))));
      const p = Uint32Array.from({ length: n }, () => (r() < 0.2 ? 0 : Math.floor(r() * 30)));
      const a = Int32Array.from({ length: n }, () => Math.floor(r() * 4) - 1);
      const th = [15, 30, 60];
      const got = areaStats(s, p, a, 3, th);
      for (let area = 0; area < 3; area++) {
        const cells = [...Array(n).keys()].filter((c) => a[c] === area && p[c] > 0).map((c) => ({ t: s[c] > min(60) ? Infinity : s[c] / 600, p: p[c] }));
        cells.sort((x, y) => x.t - y.t);
        const pop = cells.reduce((x, c) => x + c.p, 0);
        const pct = (q: number) => {
          let acc = 0;
          for (const c of cells) if ((acc += c.p) >= q * pop) return Number.isFinite(c.t) ? c.t : null;
          return null;
        };
        const reached = cells.filter((c) => Number.isFinite(c.t));
        const reachedPop = reached.reduce((x, c) => x + c.p, 0);
        const g = got[area];
        expect(g.population).toBe(pop);
        expect(g.medianMin).toBe(pct(0.5));
        expect(g.p90Min).toBe(pct(0.9));
        expect(g.meanMin).toBeCloseTo(reached.reduce((x, c) => x + c.t * c.p, 0) / reachedPop, 9);
        expect(g.maxMin).toBe(reachedPop === pop ? Math.max(...reached.map((c) => c.t)) : null);
      }
    }
  });

  it("gives units the sums of their members' people, from the same cells", () => {
    const r = rng(11);
    const n = 500;
    const s = Uint32Array.from({ length: n }, () => (r() < 0.1 ? UNREACHED : Math.floor(r() * min(200))));
    const p = Uint32Array.from({ length: n }, () => Math.floor(r() * 50));
    const a = Int32Array.from({ length: n }, () => Math.floor(r() * 6) - 1);
    const perArea = areaStats(s, p, a, 5, [15, 30, 60, 90, 120, 150, 180]);
    const unitOf = [0, 1, 0, 1, -1];
    const perUnit = areaStats(s, p, groupAreas(a, unitOf), 2, [15, 30, 60, 90, 120, 150, 180]);
    for (const u of [0, 1]) {
      const members = perArea.filter((_, i) => unitOf[i] === u);
      expect(perUnit[u].population).toBe(members.reduce((x, m) => x + m.population, 0));
      perUnit[u].bands.forEach((band, k) => expect(band.people).toBe(members.reduce((x, m) => x + m.bands[k].people, 0)));
    }
    let total = 0;
    for (let c = 0; c < n; c++) if (a[c] >= 0) total += p[c];
    expect(perArea.reduce((x, m) => x + m.bands.reduce((y, b) => y + b.people, 0), 0)).toBe(total);
  });
});

describe("partitionStats and partitionDiffs: areas, units and the region in one pass", () => {
  it("equal areaStats and diffSurfaces over each partition's own cell → group array, on random surfaces", () => {
    const r = rng(77);
    for (let trial = 0; trial < 20; trial++) {
      const n = 400;
      const surface = () => Uint32Array.from({ length: n }, () => (r() < 0.1 ? UNREACHED : Math.floor(r() * min(200))));
      const [s, s2] = [surface(), surface()];
      const p = Uint32Array.from({ length: n }, () => (r() < 0.3 ? 0 : Math.floor(r() * 40)));
      const a = Int32Array.from({ length: n }, () => Math.floor(r() * 7) - 1); // areas 0..5, -1 in none
      const units = [{ members: [0, 2] }, { members: [1, 3, 4] }]; // area 5 in no unit
      const th = trial % 2 ? [15, 30, 60, 90, 120, 150, 180] : [10, 20, 45];
      const pia = peopleInAreas(p, a, 6);
      expect(peopleInAreas(p, a, 6)).toBe(pia); // kept, not made again
      const parts = areaPartitions(6, units);
      const unitOf = [0, 1, 0, 1, 1, -1];
      const arrays: [Int32Array, number][] = [[a, 6], [groupAreas(a, unitOf), 2], [groupAreas(a, unitOf.map(() => 0)), 1]];
      const stats = partitionStats(s, pia, parts, th);
      const diffs = partitionDiffs(s, s2, pia, parts, th);
      arrays.forEach(([groupOfCell, count], i) => {
        expect(stats[i]).toEqual(areaStats(s, p, groupOfCell, count, th));
        expect(diffs[i]).toEqual(diffSurfaces(s, s2, p, groupOfCell, count, th));
      });
    }
  });
});

describe("settlements: municipal totals spread over road cells", () => {
  const grid: Grid = { x0: 385_000, y0: 6_671_000, cellSizeM: 250, cols: 4, rows: 2 };

  it("puts each road's weighted length in the cell holding its midpoint, two-way roads once", () => {
    const b = new GraphBuilder(["car"]);
    const at = (c: number, dx: number) => {
      const [x, y] = cellCentre(grid, c);
      return toWgs(x + dx, y);
    };
    const u = b.addNode(...at(0, -100));
    const v = b.addNode(...at(0, 100));
    const w = b.addNode(...at(2, 0));
    b.addEdge(u, v, 200, [100], 11);
    b.addEdge(v, u, 200, [100], 11);
    b.addEdge(v, w, 300, [100], 11);
    b.addEdge(w, v, 300, [100], 11);
    // A tertiary road into cell 3 (weight 0.3 per metre) and a motorway inside it (weight 0).
    const x = b.addNode(...at(3, 100));
    const y = b.addNode(...at(3, -100));
    b.addEdge(w, x, 250, [100], CLASS_INDEX.tertiary);
    b.addEdge(x, w, 250, [100], CLASS_INDEX.tertiary);
    b.addEdge(x, y, 200, [100], CLASS_INDEX.motorway);
    b.addEdge(y, x, 200, [100], CLASS_INDEX.motorway);
    const g = b.build();
    const roads = settlementWeightPerCell(g, grid);
    expect(roads[0]).toBeCloseTo(200, 3);
    // v→w runs from cell 0 (x + 100) to the centre of cell 2: its midpoint lies in cell 1.
    const [mx, my] = toEtrs((g.lon(1) + g.lon(2)) / 2, (g.lat(1) + g.lat(2)) / 2);
    expect(cellAt(grid, mx, my)).toBe(1);
    expect(roads[1]).toBeCloseTo(300, 3);
    expect(roads[3]).toBeCloseTo(0.3 * 250, 3);
    expect(roads.reduce((s, x) => s + x, 0)).toBeCloseTo(575, 3);
  });

  it("spreads each total in proportion to the weights, in whole people summing exactly", () => {
    const areas = Int32Array.from([0, 0, 0, 1, 1, 1, -1, 1]);
    const weight = Float64Array.from([1, 1, 1, 3, 0, 1, 5, 0]);
    const { perCell, unplaced } = spreadTotals(areas, [100, 10, 7], weight);
    expect([...perCell]).toEqual([34, 33, 33, 8, 0, 2, 0, 0]); // 100/3 each, first cell takes the extra one; 10 as 7.5 : 2.5
    expect(unplaced).toEqual([0, 0, 7]); // area 2 has no cells
    const r = rng(5);
    const big = Int32Array.from({ length: 1000 }, () => Math.floor(r() * 4));
    const w = Float64Array.from({ length: 1000 }, () => (r() < 0.3 ? 0 : r() * 1000));
    const totals = [123_457, 1, 0, 99_999];
    const spread = spreadTotals(big, totals, w);
    for (let a = 0; a < 4; a++) {
      let sum = 0;
      for (let c = 0; c < 1000; c++) if (big[c] === a) sum += spread.perCell[c];
      expect(sum).toBe(totals[a]);
    }
    for (let c = 0; c < 1000; c++) if (w[c] === 0) expect(spread.perCell[c]).toBe(0);
  });

  it("approximates areas by the nearest centre when no boundaries are given", () => {
    const [x1, y1] = cellCentre(grid, 0);
    const [x2, y2] = cellCentre(grid, 3);
    const areas = nearestCentreAreas(grid, [[x1, y1], [x2, y2]]);
    expect([...areas]).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    const capped = nearestCentreAreas(grid, [[x1, y1]], 300);
    expect([...capped].filter((a) => a === 0).length).toBe(3); // itself, east and north neighbours
    expect(cellCount(grid)).toBe(8);
  });
});
