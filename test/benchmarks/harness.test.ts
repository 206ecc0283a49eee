// The benchmark harness's side-by-side rounds (benchmarks/harness.ts): every side once a round, the
// order turning by one each round, and ratios taken within a round, so a side that was timed at a
// slow moment does not make a ratio out of the load.
import { describe, expect, it } from "vitest";
import { median, medianRatio, sideBySide } from "../../benchmarks/harness.ts";

describe("sideBySide", () => {
  it("runs every side once a round, the first side turning by one each round", () => {
    const calls: string[] = [];
    const side = (name: string) => () => (calls.push(name), { [name]: calls.length });
    const per = sideBySide(3, [side("a"), side("b"), side("c")]);
    expect(calls).toEqual(["a", "b", "c", "b", "c", "a", "c", "a", "b"]);
    // Each figure per round, in round order (the value is the call's place, 1-based).
    expect(per).toEqual({ a: [1, 6, 8], b: [2, 4, 9], c: [3, 5, 7] });
  });

  it("keeps every figure a side gives", () => {
    expect(sideBySide(2, [() => ({ core: 1, fill: 2 })])).toEqual({ core: [1, 1], fill: [2, 2] });
  });
});

describe("medianRatio", () => {
  it("is the median of the rounds' own ratios", () => {
    // Both sides slowed twofold in the last two rounds (the machine's load): every round's ratio is 1.1.
    expect(medianRatio([1.1, 1.1, 1.1, 2.2, 2.2], [1, 1, 1, 2, 2])).toBeCloseTo(1.1, 12);
    // Ratios 2, 2, 2, 0.5, 0.5: their median.
    expect(medianRatio([2, 2, 2, 1, 1], [1, 1, 1, 2, 2])).toBe(2);
  });

  it("leaves out a round a side did not run (NaN), and is NaN with none", () => {
    expect(medianRatio([2, 4, 6], [1, NaN, 2])).toBe(3);
    expect(medianRatio([1], [NaN])).toBeNaN();
    expect(median([])).toBeNaN();
  });
});
