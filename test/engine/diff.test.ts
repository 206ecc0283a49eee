// Scenario differences on hand-computed cases: band crossings, minutes, and the changed cells.
import { describe, expect, it } from "vitest";
import { booleanPointInPolygon } from "@turf/turf";
import { changedCellsGeoJson, diffSurfaces } from "../../engine/diff.ts";
import { cellCentreLonLat, type Grid } from "../../engine/grid.ts";
import { UNREACHED } from "../../engine/units.ts";

const min = (m: number) => m * 600;

describe("diffSurfaces", () => {
  //          cell:   0        1        2         3          4 (no area)
  const before = Uint32Array.from([min(10), min(20), min(50), UNREACHED, min(5)]);
  const after = Uint32Array.from([min(12), min(40), min(25), min(70), min(50)]);
  const people = Uint32Array.from([100, 10, 5, 3, 1000]);
  const area = Int32Array.from([0, 0, 0, 0, -1]);

  it("counts who crosses a band boundary, in which direction, and the minutes (capped at the last threshold)", () => {
    const [d] = diffSurfaces(before, after, people, area, 1, [15, 30, 60]);
    expect(d.population).toBe(118);
    // 0: 10 → 12 stays in ≤15; 1: 20 → 40 goes from ≤30 to ≤60 (worse); 2: 50 → 25 better;
    // 3: beyond → 70 stays beyond (70 > 60); cell 4 is in no area.
    expect(d.worse).toBe(10);
    expect(d.better).toBe(5);
    expect(d.changed).toBe(115); // cell 3 is beyond 60 min before and after: unchanged for these bands
    expect(d.addedMinutesAtLeast).toBeCloseTo(100 * 2 + 10 * 20, 9); // cell 3: 60 → 60 at the cap
    expect(d.savedMinutesAtLeast).toBeCloseTo(5 * 25, 9);
    expect(d.transitions[0][0]).toBe(100);
    expect(d.transitions[1][2]).toBe(10);
    expect(d.transitions[2][1]).toBe(5);
    expect(d.transitions[3][3]).toBe(3);
    expect(d.transitions.flat().reduce((s, x) => s + x, 0)).toBe(d.population);
  });

  it("is all zeros when nothing changes", () => {
    const [d] = diffSurfaces(before, before, people, area, 1, [15, 30, 60]);
    expect([d.worse, d.better, d.changed, d.addedMinutesAtLeast, d.savedMinutesAtLeast]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("changedCellsGeoJson", () => {
  it("draws exactly the changed cells as squares containing their centres, with before and after minutes", () => {
    const grid: Grid = { x0: 385_000, y0: 6_671_000, cellSizeM: 250, cols: 3, rows: 2 };
    const b = Uint32Array.from([min(5), min(5), UNREACHED, UNREACHED, min(9), min(9)]);
    const a = Uint32Array.from([min(5), min(7), min(3), UNREACHED, UNREACHED, min(9)]);
    const fc = changedCellsGeoJson(grid, b, a, Uint32Array.from([1, 2, 3, 4, 5, 6]), min(180));
    expect(fc.features.map((f) => f.properties.cell)).toEqual([1, 2, 4]);
    expect(fc.features.map((f) => [f.properties.before_min, f.properties.after_min, f.properties.change_min])).toEqual([
      [5, 7, 2],
      [null, 3, null],
      [9, null, null],
    ]);
    for (const f of fc.features) {
      expect(booleanPointInPolygon(cellCentreLonLat(grid, f.properties.cell), f.geometry)).toBe(true);
      expect(booleanPointInPolygon(cellCentreLonLat(grid, 0), f.geometry)).toBe(false);
    }
  });
});
