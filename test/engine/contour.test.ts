// The marching-squares contourer (engine/contour.ts) against d3-contour with smooth(false), whose
// case table it shares: the same rings (each the same closed sequence of points, up to where it
// starts) on seeded random rasters and on a real travel-time surface's bands, every sample inside
// exactly when it is set, and holes nested in the smallest ring around them.
import { contours } from "d3-contour";
import { describe, expect, it } from "vitest";
import { contourLevels, contourPolygons, ContourScratch } from "../../engine/contour.ts";
import { mulberry32 } from "../../engine/random.ts";
import { pointInRing } from "../../engine/rings.ts";

type Position = [number, number];

/** A ring as text, started at its least point, so rings equal up to their start compare equal. */
function key(ring: Position[]): string {
  const open = ring.slice(0, -1);
  let k = 0;
  for (let i = 1; i < open.length; i++) if (open[i][1] < open[k][1] || (open[i][1] === open[k][1] && open[i][0] < open[k][0])) k = i;
  return JSON.stringify([...open.slice(k), ...open.slice(0, k)]);
}

function d3Rings(mask: Uint8Array, dx: number, dy: number): string[] {
  const [shape] = contours().size([dx, dy]).smooth(false).thresholds([0.5])(Array.from(mask));
  return (shape.coordinates as Position[][][]).flat().map(key).sort();
}

/** A raster of seeded blobs: squares set and cleared in turn, so islands lie in lakes in islands. */
function blobs(dx: number, dy: number, seed: number): Uint8Array {
  const r = mulberry32(seed);
  const m = new Uint8Array(dx * dy);
  for (let k = 0; k < 40; k++) {
    const [x0, y0, s] = [Math.floor(r() * dx), Math.floor(r() * dy), 1 + Math.floor(r() * (dx / 3))];
    const v = k % 3 === 2 ? 0 : 1;
    for (let y = y0; y < Math.min(dy, y0 + s); y++) for (let x = x0; x < Math.min(dx, x0 + s); x++) m[y * dx + x] = v;
  }
  for (let i = 0; i < m.length; i++) if (r() < 0.08) m[i] ^= 1; // speckle: single cells, saddles
  return m;
}

describe("contourPolygons", () => {
  it("draws d3-contour's rings, and every sample is inside its polygons exactly when set (seeded rasters)", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const [dx, dy] = [5 + (seed % 7) * 9, 4 + (seed % 5) * 11];
      const mask = blobs(dx, dy, seed);
      const polygons = contourPolygons(mask, dx, dy);
      expect(polygons.flat().map(key).sort(), `seed ${seed}`).toEqual(d3Rings(mask, dx, dy));
      for (let y = 0; y < dy; y++) {
        for (let x = 0; x < dx; x++) {
          const [px, py] = [x + 0.5, y + 0.5];
          const count = polygons.filter(([outer, ...holes]) => pointInRing(px, py, outer) && !holes.some((h) => pointInRing(px, py, h))).length;
          expect(count, `seed ${seed}, sample ${x},${y}`).toBe(mask[y * dx + x]);
        }
      }
    }
  });

  it("nests an island in a lake in an island under the smallest ring, and reuses its scratch", () => {
    // 9 × 9: a ring of set cells around a lake around one set cell.
    const dx = 9;
    const m = new Uint8Array(dx * dx);
    for (let y = 1; y < 8; y++) for (let x = 1; x < 8; x++) m[y * dx + x] = 1;
    for (let y = 2; y < 7; y++) for (let x = 2; x < 7; x++) m[y * dx + x] = 0;
    m[4 * dx + 4] = 1;
    const scratch = new ContourScratch(dx, dx);
    for (let round = 0; round < 2; round++) {
      const polygons = contourPolygons(m, dx, dx, scratch);
      expect(polygons.length).toBe(2);
      const [big, small] = [...polygons].sort((a, b) => b[0].length - a[0].length);
      expect(big.length).toBe(2); // the outer ring and the lake
      expect(small.length).toBe(1); // the island has no hole
    }
  });

  it("draws every level of a class raster at once: each level d3-contour's rings of its samples (class ≤ k), holes in the right polygon", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const [dx, dy] = [6 + (seed % 6) * 8, 5 + (seed % 4) * 10];
      const levels = 1 + (seed % 7);
      // Classes 0 … levels (the last outside every level), in blobs with speckle, as bands of a surface with unreached cells.
      const r = mulberry32(100 + seed);
      const cls = new Uint8Array(dx * dy).fill(levels);
      for (let b = 0; b < 30; b++) {
        const [x0, y0, size, c] = [Math.floor(r() * dx), Math.floor(r() * dy), 1 + Math.floor(r() * (dx / 2)), Math.floor(r() * (levels + 1))];
        for (let y = y0; y < Math.min(dy, y0 + size); y++) for (let x = x0; x < Math.min(dx, x0 + size); x++) cls[y * dx + x] = c;
      }
      for (let i = 0; i < cls.length; i++) if (r() < 0.06) cls[i] = Math.floor(r() * (levels + 1));
      const scratch = new ContourScratch(dx, dy);
      const all = contourLevels(cls, dx, dy, levels, scratch);
      expect(all).toHaveLength(levels);
      for (let k = 0; k < levels; k++) {
        const mask = cls.map((c) => (c <= k ? 1 : 0));
        expect(all[k].flat().map(key).sort(), `seed ${seed}, level ${k}`).toEqual(d3Rings(mask, dx, dy));
        expect(all[k], `seed ${seed}, level ${k}: as its own raster`).toEqual(contourPolygons(mask, dx, dy, scratch));
        for (let y = 0; y < dy; y++) {
          for (let x = 0; x < dx; x++) {
            const [px, py] = [x + 0.5, y + 0.5];
            const count = all[k].filter(([outer, ...holes]) => pointInRing(px, py, outer) && !holes.some((h) => pointInRing(px, py, h))).length;
            expect(count, `seed ${seed}, level ${k}, sample ${x},${y}`).toBe(mask[y * dx + x]);
          }
        }
      }
    }
  });
});
