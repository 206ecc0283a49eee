// Douglas–Peucker against a brute-force check on seeded random walks: every dropped vertex lies
// within the tolerance of the kept line, ends are always kept, and a larger tolerance never keeps more.
import { describe, expect, it } from "vitest";
import { simplifyIndices, simplifyPath } from "../../engine/simplify.ts";

/** Distance from p to the segment a–b. */
function toSegment(p: [number, number], a: [number, number], b: [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

function walk(seed: number, n: number): [number, number][] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: [number, number][] = [[0, 0]];
  for (let i = 1; i < n; i++) out.push([out[i - 1][0] + 10 + rand() * 20, out[i - 1][1] + (rand() - 0.5) * 40]);
  return out;
}

describe("simplify", () => {
  it("drops collinear points and keeps both ends", () => {
    expect(simplifyIndices([0, 1, 2, 3], [0, 0, 0, 0], 0.1)).toEqual([0, 3]);
    expect(simplifyIndices([0, 1, 2], [0, 5, 0], 1)).toEqual([0, 1, 2]);
    expect(simplifyIndices([0, 1, 2], [0, 5, 0], 0)).toEqual([0, 1, 2]); // no tolerance: everything stays
  });

  it("keeps a closed ring closed", () => {
    const ring: [number, number][] = [[0, 0], [10, 0], [10, 10], [5, 10.01], [0, 10], [0, 0]];
    const out = simplifyPath(ring, 1);
    expect(out[0]).toEqual(out[out.length - 1]);
    expect(out).toHaveLength(5);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`leaves every dropped vertex within the tolerance of the kept line (seed ${seed})`, () => {
      const path = walk(seed, 400);
      let previous = Infinity;
      for (const tol of [1, 5, 20, 80]) {
        const kept = simplifyIndices(path.map((p) => p[0]), path.map((p) => p[1]), tol);
        expect(kept[0]).toBe(0);
        expect(kept[kept.length - 1]).toBe(path.length - 1);
        for (let k = 1; k < kept.length; k++) {
          for (let i = kept[k - 1] + 1; i < kept[k]; i++) expect(toSegment(path[i], path[kept[k - 1]], path[kept[k]])).toBeLessThanOrEqual(tol + 1e-9);
        }
        expect(kept.length).toBeLessThanOrEqual(previous);
        previous = kept.length;
      }
    });
  }
});
