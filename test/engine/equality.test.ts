// Inequality measures on cases small enough to compute by hand, and the Gini against its definition.
import { describe, expect, it } from "vitest";
import { giniSorted, maxMinRatio, weightedGini } from "../../engine/equality.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { rng } from "../fixtures/random-graph.ts";

/** The definition: mean absolute difference over all ordered pairs of people, over twice the mean. */
function giniByPairs(values: number[], weights: number[]): number {
  const W = weights.reduce((s, w) => s + w, 0);
  const mean = values.reduce((s, v, i) => s + v * weights[i], 0) / W;
  let diff = 0;
  for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j++) diff += weights[i] * weights[j] * Math.abs(values[i] - values[j]);
  return diff / (W * W) / (2 * mean);
}

describe("weightedGini", () => {
  it("is 0 when everyone is equal, and 0 for all zeros", () => {
    expect(weightedGini([1, 1, 1, 1])).toBe(0);
    expect(weightedGini([0, 0, 0])).toBe(0);
  });

  it("gives the textbook values: [1..5] → 4/15, one of four holding everything → 3/4", () => {
    // Σ|xi−xj| over ordered pairs of 1..5 is 40; 40/25 = 1.6; 1.6 / (2·3) = 4/15.
    expect(weightedGini([5, 3, 1, 4, 2])).toBeCloseTo(4 / 15, 12);
    expect(weightedGini([0, 0, 0, 1])).toBeCloseTo(3 / 4, 12);
  });

  it("weights people: [1, 3] with weights [3, 1] equals [1, 1, 1, 3] (= 1/4), and ignores the unit of time", () => {
    expect(weightedGini([1, 3], [3, 1])).toBeCloseTo(0.25, 12);
    expect(weightedGini([1, 1, 1, 3])).toBeCloseTo(0.25, 12);
    expect(weightedGini([600, 1800], [3, 1])).toBeCloseTo(0.25, 12);
  });

  it("is null without people and refuses negative or non-finite input", () => {
    expect(weightedGini([1, 2], [0, 0])).toBeNull();
    expect(weightedGini([])).toBeNull();
    expect(() => weightedGini([1, -1])).toThrow(InvalidInputError);
    expect(() => weightedGini([1, NaN])).toThrow(InvalidInputError);
    expect(() => weightedGini([1, 2], [1])).toThrow(InvalidInputError);
  });

  it("equals the pairwise definition on random weighted data, ties included", () => {
    const r = rng(7);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + Math.floor(r() * 40);
      const values = Array.from({ length: n }, () => Math.floor(r() * 20));
      const weights = Array.from({ length: n }, () => Math.floor(r() * 50));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const expected = values.some((v, i) => v > 0 && weights[i] > 0) ? giniByPairs(values, weights) : 0;
      expect(weightedGini(values, weights)).toBeCloseTo(expected, 10);
    }
  });

  it("giniSorted reads a histogram: people per value in value order", () => {
    // 20 people at 10 min, 20 at 30, 10 at 50, 10 at 60: Σ|Δ| over unordered pairs 37 000, W 60, S 1900.
    expect(giniSorted([10, 30, 50, 60], [20, 20, 10, 10])).toBeCloseTo(37_000 / (60 * 1900), 12);
  });
});

describe("maxMinRatio", () => {
  it("divides the largest by the smallest, skipping nulls", () => {
    expect(maxMinRatio([10, 30])).toBe(3);
    expect(maxMinRatio([30, null, 10, 20])).toBe(3);
    expect(maxMinRatio([7])).toBe(1);
  });

  it("is null when nothing is known or the smallest is 0, and 1 when all are 0", () => {
    expect(maxMinRatio([])).toBeNull();
    expect(maxMinRatio([null])).toBeNull();
    expect(maxMinRatio([0, 5])).toBeNull();
    expect(maxMinRatio([0, 0])).toBe(1);
  });
});
