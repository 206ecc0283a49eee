// isochrones (rings traced into flat arrays, each reversed and thinned on the lattice, placed once
// per point kept) against its plain reference plainIsochrones (contourLevels' positions, each ring
// oriented by its signed area, straight runs left out, then placed): the same GeoJSON, number for
// number, in WGS84 and EPSG:3067, on seeded random surfaces (islands, lakes, speckle, unreached
// cells, random thresholds) and on surfaces of the real central Helsinki and Tampere extracts.
import { describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { isochrones, plainIsochrones } from "../../engine/isochrones.ts";
import { cellCount, gridForBbox, type Grid } from "../../engine/grid.ts";
import { Router } from "../../engine/route.ts";
import { linkCells, travelTimeSurface } from "../../engine/surface.ts";
import { mulberry32 } from "../../engine/random.ts";
import { UNREACHED } from "../../engine/units.ts";
import { sharedData } from "../fixtures/shared-data.ts";

/** Both ways, both CRSs; the number of points drawn, so a test sees that there was something to compare. */
function expectSame(grid: Grid, surface: Uint32Array, thresholdsMin: readonly number[], what: string): number {
  let points = 0;
  for (const crs of ["EPSG:4326", "EPSG:3067"] as const) {
    const fast = isochrones(grid, surface, { thresholdsMin, crs });
    expect(JSON.stringify(fast), `${what}, ${crs}`).toBe(JSON.stringify(plainIsochrones(grid, surface, { thresholdsMin, crs })));
    for (const f of fast.features) for (const polygon of f.geometry.coordinates) for (const ring of polygon) points += ring.length;
  }
  return points;
}

/** A surface of seeded blobs of times (minutes 0 … 200) on unreached ground, with speckle: islands in lakes in islands, saddles, single cells. */
function blobs(grid: Grid, seed: number): Uint32Array {
  const r = mulberry32(seed);
  const surface = new Uint32Array(cellCount(grid)).fill(UNREACHED);
  for (let b = 0; b < 25; b++) {
    const [x0, y0, size] = [Math.floor(r() * grid.cols), Math.floor(r() * grid.rows), 1 + Math.floor(r() * (grid.cols / 2))];
    const t = r() < 0.2 ? UNREACHED : Math.floor(r() * 200 * 600);
    for (let y = y0; y < Math.min(grid.rows, y0 + size); y++) for (let x = x0; x < Math.min(grid.cols, x0 + size); x++) surface[y * grid.cols + x] = t;
  }
  for (let i = 0; i < surface.length; i++) if (r() < 0.07) surface[i] = r() < 0.3 ? UNREACHED : Math.floor(r() * 200 * 600);
  return surface;
}

describe("isochrones equal their plain reference", () => {
  it("on seeded random surfaces, with random thresholds", () => {
    let points = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = mulberry32(1000 + seed);
      const grid: Grid = { x0: 380_000 + seed * 250, y0: 6_670_000, cellSizeM: 250, cols: 3 + (seed % 9) * 7, rows: 2 + (seed % 6) * 9 };
      const thresholds = [...new Set(Array.from({ length: 1 + Math.floor(r() * 7) }, () => Math.ceil(r() * 360) / 2))];
      points += expectSame(grid, blobs(grid, seed), thresholds, `seed ${seed}`);
    }
    expect(points).toBeGreaterThan(10_000);
  });

  it("on surfaces of the real central Helsinki and Tampere extracts", async () => {
    for (const [file, bbox, places] of [
      ["osm/helsinki-centre.osm.pbf", [24.9, 60.15, 24.99, 60.2], [[24.9522, 60.1704], [24.9327, 60.1699]]],
      ["osm/tampere.osm.pbf", [23.6, 61.42, 23.9, 61.54], [[23.761, 61.4978], [23.8, 61.45]]],
    ] as const) {
      const graph = (await importOsm(sharedData(file))).graph;
      const router = new Router(graph);
      const grid = gridForBbox([...bbox], 250);
      const links = linkCells(router.snapIndex, grid);
      const targets = places.map(([lon, lat], i) => router.place(String(i), lon, lat));
      const surface = travelTimeSurface(graph, links, targets);
      expect(expectSame(grid, surface, [1, 2, 3, 4, 5, 7.5, 10, 15], file)).toBeGreaterThan(300);
      expect(expectSame(grid, surface, [15, 30, 60, 90, 120, 150, 180], file)).toBeGreaterThan(100);
    }
  }, 60_000);
});
