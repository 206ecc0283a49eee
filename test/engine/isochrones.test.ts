// Isochrones on self-made grids drawn as text: every reached cell's centre lies inside the polygon
// of each threshold its time is within and outside the others; unreached cells lie outside all;
// a lake of unreachable cells makes a hole.
import { describe, expect, it } from "vitest";
import { booleanPointInPolygon } from "@turf/turf";
import GJV from "geojson-validation";
import { isochrones, type IsochroneFeature } from "../../engine/isochrones.ts";
import { cellCentre, cellCentreLonLat, cellCount, type Grid } from "../../engine/grid.ts";
import { UNREACHED } from "../../engine/units.ts";

/** A grid and surface from text rows (north first): a digit d is d × 10 minutes, '.' unreachable. */
function drawn(rows: string[]): { grid: Grid; surface: Uint32Array } {
  const grid: Grid = { x0: 380_000, y0: 6_672_000, cellSizeM: 250, cols: rows[0].length, rows: rows.length };
  const surface = new Uint32Array(cellCount(grid));
  rows.forEach((line, i) => {
    const r = rows.length - 1 - i;
    [...line].forEach((ch, c) => (surface[r * grid.cols + c] = ch === "." ? UNREACHED : Number(ch) * 10 * 600));
  });
  return { grid, surface };
}

const LAKE = [
  "..........",
  ".22222222.",
  ".21111112.",
  ".21....12.",
  ".21....12.",
  ".21111112.",
  ".22222222.",
  "...3......",
  "..........",
];

function check(grid: Grid, surface: Uint32Array, features: IsochroneFeature[], crs: "EPSG:3067" | "EPSG:4326"): void {
  for (let cell = 0; cell < cellCount(grid); cell++) {
    const at = crs === "EPSG:3067" ? cellCentre(grid, cell) : cellCentreLonLat(grid, cell);
    for (const f of features) {
      const inside = booleanPointInPolygon(at, f.geometry);
      const within = surface[cell] !== UNREACHED && surface[cell] <= f.properties.threshold_min * 600;
      expect(inside, `cell ${cell} (${surface[cell]} ds) vs ${f.properties.threshold_min} min`).toBe(within);
    }
  }
}

describe("isochrones", () => {
  const { grid, surface } = drawn(LAKE);

  it("puts each cell centre inside exactly the bands its time is within (EPSG:3067)", () => {
    const fc = isochrones(grid, surface, { thresholdsMin: [15, 25, 35], crs: "EPSG:3067" });
    expect(fc.features.map((f) => f.properties.threshold_min)).toEqual([15, 25, 35]);
    check(grid, surface, fc.features, "EPSG:3067");
  });

  it("does the same in WGS84 output, which is valid GeoJSON", () => {
    const fc = isochrones(grid, surface, { thresholdsMin: [15, 25, 35] });
    check(grid, surface, fc.features, "EPSG:4326");
    expect(GJV.valid(fc)).toBe(true);
    const [lon, lat] = fc.features[0].geometry.coordinates[0][0][0];
    expect(lon).toBeGreaterThan(20);
    expect(lat).toBeGreaterThan(59);
  });

  it("cuts a hole where the lake is out of reach, with rings wound as RFC 7946 asks", () => {
    const fc = isochrones(grid, surface, { thresholdsMin: [15, 25], crs: "EPSG:3067" });
    for (const f of fc.features) {
      const polygons = f.geometry.coordinates;
      expect(polygons).toHaveLength(1);
      expect(polygons[0]).toHaveLength(2); // an exterior ring and the lake's hole
      const area = (ring: number[][]) => ring.reduce((a, p, i) => { const q = ring[(i + 1) % ring.length]; return a + p[0] * q[1] - q[0] * p[1]; }, 0) / 2;
      expect(area(polygons[0][0])).toBeGreaterThan(0);
      expect(area(polygons[0][1])).toBeLessThan(0);
    }
  });

  it("defaults to the seven planning thresholds and rejects one over 180 min", () => {
    const fc = isochrones(grid, surface);
    expect(fc.features.map((f) => f.properties.threshold_min)).toEqual([15, 30, 60, 90, 120, 150, 180]);
    expect(() => isochrones(grid, surface, { thresholdsMin: [30, 240] })).toThrow(/240/);
  });
});
