// Grouping comparisons when times are cut off: on self-made surfaces where censoring changes the
// order, the worst-off unit and the farthest member are right or declared undecidable, never wrong;
// and a property over random surfaces, groupings, thresholds and horizons checks every rank,
// bound and name against the same figures computed from the uncensored times.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { groupingFigures, rankRanges, type GroupingBase, type GroupingFigures, type GroupingUnitInput } from "../../engine/grouping.ts";
import { LEVELS } from "../../engine/services.ts";
import { UNREACHED } from "../../engine/units.ts";
import { fuzzParams } from "../fixtures/fuzz.ts";

const min = (m: number) => Math.round(m * 600);
const grid = (cols: number, rows = 1) => ({ x0: 0, y0: 0, cellSizeM: 1000, cols, rows });
/** The times as the engine's search would leave them with this horizon: UNREACHED beyond it. */
const cut = (times: readonly number[], horizonMin: number) => Uint32Array.from(times, (t) => (t > min(horizonMin) ? UNREACHED : t));

describe("the worst-off unit when censoring changes the order", () => {
  // Two units of 1000 people each. K (Keski-Uusimaa's part): everyone at 24.5 min. W (the merged
  // West Uusimaa's part): 926 at 20 min and 74 at 82 min, a true mean of 24.6. Cut at 60 min, W's
  // 74 count at 60 and its mean floor is 23.0: below K's, which is what ranking on floors got wrong.
  const people = Uint32Array.from([1000, 926, 74]);
  const truth = [min(24.5), min(20), min(82)];
  const base = (horizonMin: number): GroupingBase => {
    const s = cut(truth, horizonMin);
    return {
      surfaces: { L: s, A: s, E: s },
      population: people,
      areaOfCell: Int32Array.from([0, 1, 1]),
      areas: [{ code: "K", name: "Keski" }, { code: "W", name: "West" }],
      grid: grid(3),
      thresholdsMin: [15, 30, 60],
      horizonMin,
    };
  };
  const units: GroupingUnitInput[] = [
    { id: "k", name: "K", members: [0] },
    { id: "w", name: "W", members: [1] },
  ];

  it("cut at the last threshold (60 min): names no unit, lists both, and gives both ranks as 1–2", () => {
    const f = groupingFigures({ ...base(60), units });
    const [k, w] = f.units.map((u) => u.levels.A);
    expect(w.censoredMeanMin).toBeCloseTo((926 * 20 + 74 * 60) / 1000, 9);
    expect(w.censoredMeanMin!).toBeLessThan(k.censoredMeanMin!);
    expect([k.meanIsLowerBound, w.meanIsLowerBound]).toEqual([false, true]);
    expect(f.worst.A).toBeNull();
    expect(f.worstCandidates.A.sort()).toEqual(["k", "w"]);
    expect([k.rank, w.rank, k.rankRange, w.rankRange]).toEqual([null, null, [1, 2], [1, 2]]);
    // K's mean is the smaller bound only if W is not in fact smaller: the ratio cannot be bounded.
    expect(f.equality.A.meanRatioBound).toBe("unknown");
    expect(f.equality.A.giniBound).toBe("lower");
  });

  it("searched to 180 min with the same thresholds: W is worst off, exactly, with its true mean", () => {
    const f = groupingFigures({ ...base(180), units });
    expect(f.worst.A).toMatchObject({ unit: "w", meanIsLowerBound: false });
    expect(f.worst.A!.meanMin).toBeCloseTo((926 * 20 + 74 * 82) / 1000, 9);
    expect(f.worstCandidates.A).toEqual(["w"]);
    expect(f.units.map((u) => u.levels.A.rank)).toEqual([2, 1]);
    expect(f.equality.A).toMatchObject({ meanRatioBound: "exact", giniBound: "exact", unitMeanGiniBound: "exact" });
    // The shares still use the thresholds: 7.4 % of W are beyond 60 min.
    expect(f.units[1].levels.A.shareBeyondCutoff).toBeCloseTo(0.074, 12);
  });

  it("refuses a horizon shorter than the last threshold", () => {
    expect(() => groupingFigures({ ...base(60), horizonMin: 30, units })).toThrow(/horizon 30 min/);
  });
});

describe("the farthest member when members are tied at the cutoff", () => {
  // Itä-Uusimaa at E with thresholds 15, 30, 45: Askola at 65.3 min and Lapinjärvi at 110.7, Porvoo
  // at 20. Cut at 45 both sit at the cutoff: the first listed (Askola) is not the farthest.
  const truth = [min(20), min(65.3), min(110.7)];
  const figures = (horizonMin: number) => {
    const s = cut(truth, horizonMin);
    return groupingFigures({
      surfaces: { L: s, A: s, E: s },
      population: Uint32Array.from([50_000, 5_000, 2_500]),
      areaOfCell: Int32Array.from([0, 1, 2]),
      areas: [{ code: "638", name: "Porvoo" }, { code: "018", name: "Askola" }, { code: "407", name: "Lapinjärvi" }],
      grid: grid(3),
      thresholdsMin: [15, 30, 45],
      shareWithinMin: [30, 45],
      horizonMin,
      units: [{ id: "ita-uusimaa", name: "Itä-Uusimaa", members: [0, 1, 2] }],
    }).units[0].levels.E;
  };

  it("cut at 45 min: no farthest member, and both tied ones are named as candidates", () => {
    const e = figures(45);
    expect(e.farthestMember).toBeNull();
    expect(e.farthestCandidates.map((m) => [m.name, m.meanMin, m.lowerBound])).toEqual([["Askola", 45, true], ["Lapinjärvi", 45, true]]);
  });

  it("searched to 180 min: Lapinjärvi at 110.7, exactly", () => {
    const e = figures(180);
    expect(e.farthestMember).toMatchObject({ name: "Lapinjärvi", lowerBound: false });
    expect(e.farthestMember!.meanMin).toBeCloseTo(110.7, 9);
    expect(e.farthestCandidates).toHaveLength(1);
  });
});

describe("people with no road within reach", () => {
  it("are left out of the time measures, counted apart, and do not make a mean a bound", () => {
    const s = Uint32Array.from([min(10), min(30), UNREACHED]);
    const f = groupingFigures({
      surfaces: { L: s, A: s, E: s },
      population: Uint32Array.from([10, 10, 5]),
      areaOfCell: Int32Array.from([0, 1, 1]),
      areas: [{ code: "a", name: "A" }, { code: "b", name: "B" }],
      grid: grid(3),
      thresholdsMin: [60],
      offRoad: Uint8Array.from([0, 0, 1]),
      units: [{ id: "a", name: "A", members: [0] }, { id: "b", name: "B", members: [1] }],
    });
    const b = f.units[1].levels.L;
    expect([b.censoredMeanMin, b.meanIsLowerBound, b.shareOffRoad, b.shareBeyondCutoff]).toEqual([30, false, 5 / 15, 5 / 15]);
    expect(f.worst.L).toMatchObject({ unit: "b", meanMin: 30 });
    expect(f.equality.L.giniBound).toBe("exact");
  });
});

describe("rankRanges", () => {
  it("gives certain places for disjoint intervals, and shared ones where they overlap or tie", () => {
    const I = Infinity;
    expect(rankRanges([{ lo: 10, hi: 10 }, { lo: 30, hi: 30 }, { lo: 20, hi: 20 }])).toEqual([[3, 3], [1, 1], [2, 2]]);
    expect(rankRanges([{ lo: 10, hi: I }, { lo: 30, hi: 30 }, { lo: 5, hi: 5 }])).toEqual([[1, 2], [1, 2], [3, 3]]);
    expect(rankRanges([{ lo: 7, hi: 7 }, { lo: 7, hi: 7 }])).toEqual([[1, 2], [1, 2]]);
  });
});

describe("property: censored figures never contradict the uncensored ones", () => {
  const TRUE_HORIZON = 301; // every finite true time lies within it
  const arb = fc.record({
    cells: fc.array(
      fc.record({ t: fc.oneof(fc.integer({ min: 0, max: 300 * 10 }).map((d) => d / 10), fc.constant(-1)), people: fc.integer({ min: 0, max: 50 }), area: fc.nat(5) }),
      { minLength: 4, maxLength: 60 },
    ),
    unitOf: fc.array(fc.nat(3), { minLength: 6, maxLength: 6 }),
    thresholds: fc.uniqueArray(fc.integer({ min: 1, max: 180 }), { minLength: 1, maxLength: 4 }),
    extra: fc.integer({ min: 0, max: 120 }),
  });

  type Sample = typeof arb extends fc.Arbitrary<infer T> ? T : never;

  it("holds for random surfaces, groupings, thresholds and horizons", () => {
    fc.assert(
      fc.property(arb, ({ cells, unitOf, thresholds, extra }) => {
        const cutoff = Math.max(...thresholds);
        const horizon = Math.min(180, cutoff + extra);
        const n = cells.length;
        // One level's true times in ds (-1: no road at all, flagged off-road); the same for every level.
        const trueTimes = cells.map((c) => (c.t < 0 ? UNREACHED : min(c.t)));
        const offRoad = Uint8Array.from(cells, (c) => (c.t < 0 ? 1 : 0));
        const unitIds = [...new Set(unitOf)];
        const units = unitIds.map((u) => ({ id: `u${u}`, name: `U${u}`, members: unitOf.flatMap((x, a) => (x === u ? [a] : [])) }));
        const common = {
          population: Uint32Array.from(cells, (c) => c.people),
          areaOfCell: Int32Array.from(cells, (c) => c.area),
          areas: unitOf.map((_, a) => ({ code: `a${a}`, name: `A${a}` })),
          grid: grid(n),
          thresholdsMin: thresholds,
          shareWithinMin: [cutoff],
          offRoad,
          units,
        };
        const at = (times: Uint32Array, horizonMin: number): GroupingFigures => groupingFigures({ ...common, surfaces: { L: times, A: times, E: times }, horizonMin });
        const truth = at(Uint32Array.from(trueTimes), TRUE_HORIZON);
        const seen = at(cut(trueTimes, horizon), horizon);
        for (const level of LEVELS) check(seen, truth, level);
      }),
      fuzzParams<[Sample]>([]),
    );
  });

  function check(seen: GroupingFigures, truth: GroupingFigures, level: (typeof LEVELS)[number]): void {
    const eps = 1e-9;
    const trueMean = new Map(truth.units.map((u) => [u.id, u.levels[level].censoredMeanMin]));
    const withPeople = truth.units.filter((u) => trueMean.get(u.id) !== null);
    const trueMax = Math.max(...withPeople.map((u) => trueMean.get(u.id)!));
    for (const u of seen.units) {
      const s = u.levels[level];
      const t = trueMean.get(u.id)!;
      if (s.censoredMeanMin === null) continue;
      // A mean is its true value, or a lower bound of it when marked so.
      if (s.meanIsLowerBound) expect(s.censoredMeanMin).toBeLessThanOrEqual(t + eps);
      else expect(s.censoredMeanMin).toBeCloseTo(t, 9);
      // The true rank lies within the range given (ties may take either place).
      const longer = withPeople.filter((x) => trueMean.get(x.id)! > t + eps).length;
      const notShorter = withPeople.filter((x) => trueMean.get(x.id)! >= t - eps).length;
      const [best, worst] = s.rankRange!;
      expect(best).toBeLessThanOrEqual(notShorter);
      expect(worst).toBeGreaterThanOrEqual(longer + 1);
      // A farthest member named is truly the farthest; the truly farthest is always a candidate.
      const members = truth.units.find((x) => x.id === u.id)!.levels[level].farthestCandidates;
      const farthestTrue = Math.max(...members.map((m) => m.meanMin));
      if (s.farthestMember) expect(members.find((m) => m.code === s.farthestMember!.code)!.meanMin).toBeGreaterThanOrEqual(farthestTrue - eps);
      const trulyFarthest = members.filter((m) => m.meanMin >= farthestTrue - eps).map((m) => m.code);
      expect(trulyFarthest.some((c) => s.farthestCandidates.some((m) => m.code === c))).toBe(true);
    }
    // The worst-off unit named is truly worst off; some truly worst unit is always a candidate.
    const w = seen.worst[level];
    if (w) expect(trueMean.get(w.unit)!).toBeGreaterThanOrEqual(trueMax - eps);
    if (seen.worstCandidates[level].length > 0) {
      expect(seen.worstCandidates[level].some((id) => trueMean.get(id)! >= trueMax - eps)).toBe(true);
      // Never a candidate whose upper bound is below another unit's lower bound.
      for (const id of seen.worstCandidates[level]) {
        const c = seen.units.find((x) => x.id === id)!.levels[level];
        if (c.meanIsLowerBound) continue;
        for (const o of seen.units) if (o.levels[level].censoredMeanMin !== null) expect(c.censoredMeanMin!).toBeGreaterThanOrEqual(o.levels[level].censoredMeanMin! - eps);
      }
    }
    // Every measure is what its bound says.
    const e = seen.equality[level];
    const te = truth.equality[level];
    const bounded = (value: number | null, bound: string, trueValue: number | null) => {
      if (value === null || trueValue === null) return;
      if (bound === "exact") expect(value).toBeCloseTo(trueValue, 9);
      else if (bound === "lower") expect(value).toBeLessThanOrEqual(trueValue + eps);
    };
    bounded(e.meanRatio, e.meanRatioBound, te.meanRatio);
    bounded(e.p90Ratio, e.p90RatioBound, te.p90Ratio);
    bounded(e.gini, e.giniBound, te.gini);
    bounded(e.unitMeanGini, e.unitMeanGiniBound, te.unitMeanGini);
  }
});
