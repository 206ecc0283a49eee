import { describe, expect, it } from "vitest";
import { decodeTimeGrid, encodeTimeGrid, gridSeconds, TIME_GRID_NO_DATA } from "../../engine/time-grid.ts";
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
});
