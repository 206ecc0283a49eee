import { describe, expect, it } from "vitest";
import { applyTimeGridDelta, decodeTimeGrid, encodeTimeGrid, encodeTimeGridDelta, gridSeconds, TIME_GRID_NO_DATA } from "../../engine/time-grid.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { UNREACHED } from "../../engine/units.ts";
import { mulberry32 } from "../../engine/random.ts";

const grid = { x0: 320_000, y0: 6_820_000, cellSizeM: 250, cols: 3, rows: 2 };

describe("time grid (engine/time-grid.ts)", () => {
  it("round-trips a grid's geometry and layers; seconds rounded up, unreached and past the horizon as no-data", () => {
    const L = new Uint32Array([0, 1, 9000, 9001, UNREACHED, 108_001]);
    const E = new Uint32Array([10, 20, 30, 40, 50, 108_000]);
    const bytes = encodeTimeGrid(grid, [["L", L], ["E", E]], 180);
    const t = decodeTimeGrid(bytes.buffer as ArrayBuffer);
    expect(t.grid).toEqual(grid);
    expect(t.epsg).toBe(3067);
    expect(t.horizonMin).toBe(180);
    expect([...t.layers.get("L")!]).toEqual([0, 1, 900, 901, TIME_GRID_NO_DATA, TIME_GRID_NO_DATA]);
    expect([...t.layers.get("E")!]).toEqual([1, 2, 3, 4, 5, 10_800]);
  });

  it("keeps every band at whole minutes: seconds ≤ 60·t exactly when ds ≤ 600·t", () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 100_000; i++) {
      const ds = Math.floor(rand() * 108_000);
      const t = 1 + Math.floor(rand() * 180);
      expect(gridSeconds(ds, 10_800) <= 60 * t).toBe(ds <= 600 * t);
    }
  });

  it("refuses what is not a time grid, with a typed error", () => {
    expect(() => decodeTimeGrid(new Uint8Array(64).buffer)).toThrow(InvalidInputError);
    const bytes = encodeTimeGrid(grid, [["A", new Uint32Array(6)]], 180);
    expect(() => decodeTimeGrid(bytes.buffer.slice(0, bytes.length - 2) as ArrayBuffer)).toThrow(InvalidInputError);
    expect(() => encodeTimeGrid(grid, [["A", new Uint32Array(5)]], 180)).toThrow(InvalidInputError);
  });

  it("a delta set into the base's grid is the scenario's grid, cell for cell, on seeded random surfaces", () => {
    const rand = mulberry32(11);
    for (let round = 0; round < 20; round++) {
      const g = { x0: 0, y0: 0, cellSizeM: 250, cols: 1 + Math.floor(rand() * 40), rows: 1 + Math.floor(rand() * 40) };
      const n = g.cols * g.rows;
      const names = ["L", "A", "E", "T"].slice(0, 1 + Math.floor(rand() * 4));
      const randomDs = () => (rand() < 0.1 ? UNREACHED : Math.floor(rand() * 120_000));
      const base = names.map((name) => [name, Uint32Array.from({ length: n }, randomDs)] as const);
      // A scenario: some cells worse, some unreached, some a decisecond off (the same whole second or not).
      const scenario = base.map(([name, b]) => [name, b.map((ds) => { const r = rand(); return r < 0.2 ? randomDs() : r < 0.3 && ds !== UNREACHED ? ds + 1 : ds; })] as const);
      const baseGrid = decodeTimeGrid(encodeTimeGrid(g, base, 180).buffer as ArrayBuffer);
      const want = decodeTimeGrid(encodeTimeGrid(g, scenario, 180).buffer as ArrayBuffer);
      const delta = encodeTimeGridDelta(g, base.map(([name, b], k) => [name, b, scenario[k][1]] as const), 180);
      const got = applyTimeGridDelta(baseGrid, delta.buffer as ArrayBuffer);
      expect(got.grid).toEqual(g);
      for (const name of names) expect(got.layers.get(name)).toEqual(want.layers.get(name));
      // Only the cells whose seconds differ are sent, and the base's grid is left as it was.
      const differing = names.reduce((sum, name) => sum + want.layers.get(name)!.filter((s, c) => s !== baseGrid.layers.get(name)![c]).length, 0);
      const padding = names.reduce((sum, name) => sum + (2 * want.layers.get(name)!.filter((s, c) => s !== baseGrid.layers.get(name)![c]).length) % 4, 0);
      expect(delta.length).toBe(24 + 4 * names.length + 6 * differing + padding);
      expect(baseGrid.layers.get(names[0])).toEqual(decodeTimeGrid(encodeTimeGrid(g, base, 180).buffer as ArrayBuffer).layers.get(names[0]));
    }
  });

  it("refuses a delta of another grid, a layer the base lacks, or one cut short, with a typed error", () => {
    const zeros = new Uint32Array(6);
    const ones = new Uint32Array(6).fill(600);
    const base = decodeTimeGrid(encodeTimeGrid(grid, [["L", zeros]], 180).buffer as ArrayBuffer);
    const delta = encodeTimeGridDelta(grid, [["L", zeros, ones]], 180);
    expect([...applyTimeGridDelta(base, delta.buffer as ArrayBuffer).layers.get("L")!]).toEqual([60, 60, 60, 60, 60, 60]);
    const other = encodeTimeGridDelta({ ...grid, cols: 2, rows: 3 }, [["L", zeros, ones]], 180);
    expect(() => applyTimeGridDelta(base, other.buffer as ArrayBuffer)).toThrow(/does not fit a grid of 3 × 2/);
    const lacking = encodeTimeGridDelta(grid, [["E", zeros, ones]], 180);
    expect(() => applyTimeGridDelta(base, lacking.buffer as ArrayBuffer)).toThrow(/layer E the base grid lacks/);
    expect(() => applyTimeGridDelta(base, delta.buffer.slice(0, delta.length - 4) as ArrayBuffer)).toThrow(InvalidInputError);
    expect(() => applyTimeGridDelta(base, encodeTimeGrid(grid, [["L", zeros]], 180).buffer as ArrayBuffer)).toThrow(/no PVTD magic/);
  });
});
