// Budget suggestions against brute force on random surfaces: greedy additions within 1 − 1/e of
// the best k-set, gains never growing step to step; closure costs equal closing each point and
// recomputing.
import { describe, expect, it } from "vitest";
import { closureCosts, suggestAdditions } from "../../engine/suggest.ts";
import { UNREACHED } from "../../engine/units.ts";
import { rng } from "../fixtures/random-graph.ts";

const min = (m: number) => m * 600;

function randomSurfaces(r: () => number, count: number, cells: number): Uint32Array[] {
  return Array.from({ length: count }, () => Uint32Array.from({ length: cells }, () => (r() < 0.1 ? UNREACHED : Math.floor(r() * min(120)))));
}

describe("suggestAdditions", () => {
  it("gains at least 1 − 1/e of the best k-set, with gains that never grow", () => {
    const r = rng(41);
    for (let trial = 0; trial < 40; trial++) {
      const cells = 40;
      const current = Uint32Array.from({ length: cells }, () => (r() < 0.5 ? min(10) : min(100)));
      const candidates = randomSurfaces(r, 7, cells);
      const population = Uint32Array.from({ length: cells }, () => Math.floor(r() * 20));
      const k = 1 + Math.floor(r() * 3);
      const got = suggestAdditions(current, candidates, population, 60, k);
      const gainOf = (set: number[]) => {
        let g = 0;
        for (let c = 0; c < cells; c++) if (current[c] > min(60) && set.some((i) => candidates[i][c] <= min(60))) g += population[c];
        return g;
      };
      let best = 0;
      for (let mask = 0; mask < 1 << 7; mask++) {
        const set = [...Array(7).keys()].filter((i) => mask & (1 << i));
        if (set.length <= k) best = Math.max(best, gainOf(set));
      }
      const total = got.steps.reduce((s, x) => s + x.gainPeople, 0);
      expect(total).toBe(gainOf(got.steps.map((s) => s.candidate)));
      expect(total).toBeGreaterThanOrEqual((1 - 1 / Math.E) * best - 1e-9);
      for (let i = 1; i < got.steps.length; i++) expect(got.steps[i].gainPeople).toBeLessThanOrEqual(got.steps[i - 1].gainPeople);
      if (got.steps.length > 0) expect(got.steps[got.steps.length - 1].beyondAfter).toBe(got.beyondBefore - total);
    }
  });

  it("names a bad budget or threshold", () => {
    const s = new Uint32Array(1);
    expect(() => suggestAdditions(s, [s], s, 60, 0)).toThrow(/budget 0/);
    expect(() => suggestAdditions(s, [s], s, 240, 1)).toThrow(/threshold 240/);
  });
});

describe("closureCosts", () => {
  it("equals closing each point alone and recomputing, least harmful first", () => {
    const r = rng(43);
    for (let trial = 0; trial < 30; trial++) {
      const cells = 60;
      const points = randomSurfaces(r, 5, cells);
      const population = Uint32Array.from({ length: cells }, () => Math.floor(r() * 20));
      const costs = closureCosts(points, population, 30);
      const nearest = (skip: number, c: number) => Math.min(...points.filter((_, i) => i !== skip).map((s) => s[c]));
      for (const cost of costs) {
        let beyond = 0;
        let minutes = 0;
        for (let c = 0; c < cells; c++) {
          const before = nearest(-1, c);
          const after = nearest(cost.point, c);
          if (before <= min(30) && after > min(30)) beyond += population[c];
          if (before !== UNREACHED) minutes += (population[c] * (Math.min(after, min(180)) - before)) / 600;
        }
        expect(cost.newlyBeyond, `trial ${trial} point ${cost.point}`).toBe(beyond);
        expect(cost.addedPersonMinutes).toBeCloseTo(minutes, 6);
      }
      for (let i = 1; i < costs.length; i++) expect(costs[i].newlyBeyond).toBeGreaterThanOrEqual(costs[i - 1].newlyBeyond);
    }
  });
});
