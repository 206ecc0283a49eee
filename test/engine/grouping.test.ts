// Grouping figures on a case where every number is known by hand, the validation of units, and
// the incremental property: merging two units changes nothing but those two, and the merged unit
// is exactly their sum.
import { describe, expect, it } from "vitest";
import { compareGroupings, groupingFigures, unitOfAreas, type GroupingBase, type GroupingUnitInput } from "../../engine/grouping.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { LEVELS } from "../../engine/services.ts";
import { UNREACHED } from "../../engine/units.ts";
import { municipalitiesOf, UUSIMAA_5, UUSIMAA_6, type Grouping } from "../../data/facts/index.ts";
import { rng } from "../fixtures/random-graph.ts";

const min = (m: number) => m * 600;
const grid = (cols: number, rows = 1) => ({ x0: 0, y0: 0, cellSizeM: 1000, cols, rows });

describe("groupingFigures on a hand-computed case", () => {
  // One row of six 1 km cells, three areas, two units: U0 = {a0}, U1 = {a1, a2}. Cutoff 60 min.
  //   cell:   0    1    2    3    4    5
  //   area:   a0   a0   a1   a1   a2   a2
  //   people: 10   10   20   0    10   10
  //   L min:  10   10   30   20   50   unreached
  // A and E: everyone at 40 min, so the units are equal there.
  const L = Uint32Array.from([min(10), min(10), min(30), min(20), min(50), UNREACHED]);
  const flat = new Uint32Array(6).fill(min(40));
  const base: GroupingBase = {
    surfaces: { L, A: flat, E: flat },
    population: Uint32Array.from([10, 10, 20, 0, 10, 10]),
    areaOfCell: Int32Array.from([0, 0, 1, 1, 2, 2]),
    areas: [
      { code: "001", name: "Yksi" },
      { code: "002", name: "Kaksi" },
      { code: "003", name: "Kolme" },
    ],
    grid: grid(6),
    thresholdsMin: [15, 30, 60],
  };
  const units: GroupingUnitInput[] = [
    { id: "u0", name: "U0", members: [0], hub: 0 },
    { id: "u1", name: "U1", members: [1, 2], hub: 1 },
  ];
  const f = groupingFigures({ ...base, units, hubMin: [[0], [0, 25]] });

  it("gives each unit its people, land, hub times and times to the nearest L", () => {
    const [u0, u1] = f.units;
    expect([u0.population, u1.population, f.region.population, f.outsidePopulation]).toEqual([20, 40, 60, 0]);
    expect([u0.areaKm2, u1.areaKm2, f.region.areaKm2]).toEqual([2, 4, 6]);
    expect(u1.hub).toEqual({ code: "002", name: "Kaksi" });
    expect(u1.members.map((m) => [m.code, m.population, m.hubMin])).toEqual([["002", 20, 0], ["003", 20, 25]]);
    expect(u1.hubMaxMin).toBe(25);
    expect(u0.levels.L).toMatchObject({ censoredMeanMin: 10, censoredP90Min: 10, shareWithin: [1, 1], shareBeyondCutoff: 0, rank: 2 });
    expect(u0.levels.L.stats.meanMin).toBe(10);
    // U1: 20 people at 30, 10 at 50, 10 beyond. Mean over the reached 1100/30; censored (600+500+600)/40.
    expect(u1.levels.L.stats.meanMin).toBeCloseTo(1100 / 30, 10);
    expect(u1.levels.L.censoredMeanMin).toBeCloseTo(42.5, 10);
    expect(u1.levels.L.stats.p90Min).toBeNull(); // the 36th person is beyond the cutoff
    expect(u1.levels.L.censoredP90Min).toBe(60);
    expect(u1.levels.L.shareWithin).toEqual([0.5, 0.75]);
    expect(u1.levels.L.shareBeyondCutoff).toBe(0.25);
    expect(u1.levels.L.rank).toBe(1);
    // Kolme's 10 unreached people make its 55 a lower bound, but Kaksi's exact 30 is below it: decided.
    expect(u1.levels.L.farthestMember).toEqual({ code: "003", name: "Kolme", meanMin: 55, lowerBound: true });
    expect(u1.levels.L.farthestCandidates).toHaveLength(1);
    expect([u0.levels.L.meanIsLowerBound, u1.levels.L.meanIsLowerBound]).toEqual([false, true]);
    expect([u0.levels.L.rankRange, u1.levels.L.rankRange]).toEqual([[2, 2], [1, 1]]);
    expect(f.region.levels.L.censoredMeanMin).toBeCloseTo(1900 / 60, 10);
  });

  it("measures inequality: ratios of unit means and P90s, the per-person Gini, and the Gini of unit means", () => {
    const e = f.equality.L;
    expect(e.meanRatio).toBeCloseTo(42.5 / 10, 12);
    expect(e.p90Ratio).toBe(6);
    // People at 10, 10, 30, 50, 60 (censored) min with weights 20, 20, 10, 10: Σ|Δ| over pairs 37 000.
    expect(e.gini).toBeCloseTo(37_000 / (60 * 1900), 12);
    // Unit means 10 (20 people) and 42.5 (40 people): |Δ| 32.5 × 20 × 40 = 26 000 over pairs.
    expect(e.unitMeanGini).toBeCloseTo(26_000 / (60 * 1900), 12);
    expect(e.ranking).toEqual(["u1", "u0"]);
    expect(f.equality.A).toMatchObject({ meanRatio: 1, p90Ratio: 1, gini: 0, unitMeanGini: 0 });
  });

  it("says who is worst off and why, as data", () => {
    expect(f.worst.L).toEqual({
      unit: "u1",
      level: "L",
      meanMin: 42.5,
      meanIsLowerBound: true,
      regionMeanMin: 1900 / 60,
      regionMeanIsLowerBound: true,
      beyondMin: 60,
      shareBeyond: 0.25,
      shareBeyondCutoff: 0.25,
      farthestMember: { code: "003", name: "Kolme", meanMin: 55, lowerBound: true },
      farthestCandidates: [{ code: "003", name: "Kolme", meanMin: 55, lowerBound: true }],
    });
    expect(f.worstCandidates.L).toEqual(["u1"]);
  });

  it("two units with mean times 10 and 30 have a ratio of 3", () => {
    const s = Uint32Array.from([min(10), min(10), min(30), min(30), min(30), min(30)]);
    const g = groupingFigures({ ...base, surfaces: { L: s, A: s, E: s }, units });
    expect(g.units.map((u) => u.levels.E.censoredMeanMin)).toEqual([10, 30]);
    expect(g.equality.E.meanRatio).toBe(3);
  });

  it("refuses an area in two units, in none, a member that is no area, and a hub outside its unit", () => {
    const bad = (u: GroupingUnitInput[], outside?: number[]) => () => groupingFigures({ ...base, units: u, outside });
    const fails = (fn: () => unknown, field: string, value: unknown) => {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err).toMatchObject({ field, value });
    };
    fails(bad([{ id: "a", name: "A", members: [0, 1] }, { id: "b", name: "B", members: [1, 2] }]), "members", "002");
    fails(bad([{ id: "a", name: "A", members: [0, 1] }]), "members", "003");
    fails(bad([{ id: "a", name: "A", members: [0, 1, 2, 3] }]), "members", 3);
    fails(bad([{ id: "a", name: "A", members: [0] }, { id: "b", name: "B", members: [1, 2], hub: 0 }]), "hub", 0);
    // An area declared outside the region may be in no unit; its people are counted apart.
    const g = groupingFigures({ ...base, units: [{ id: "a", name: "A", members: [0, 1] }], outside: [2] });
    expect([g.region.population, g.outsidePopulation]).toEqual([40, 20]);
    expect(g.worst.L).toBeNull(); // a single unit is worse off than no one
    fails(() => unitOfAreas(base.areas, units, [2]), "outside", "003");
  });
});

describe("merging units (UUSIMAA_6 → UUSIMAA_5) on the same random surfaces", () => {
  const ms = municipalitiesOf("uusimaa");
  const r = rng(3);
  const n = 40 * 30;
  const surface = () => Uint32Array.from({ length: n }, () => (r() < 0.05 ? UNREACHED : Math.floor(r() * min(150))));
  const base: GroupingBase = {
    surfaces: { L: surface(), A: surface(), E: surface() },
    population: Uint32Array.from({ length: n }, () => (r() < 0.3 ? 0 : Math.floor(r() * 500))),
    areaOfCell: Int32Array.from({ length: n }, (_, c) => c % ms.length),
    areas: ms.map((m) => ({ code: m.code, name: m.nameFi })),
    grid: grid(40, 30),
    thresholdsMin: [15, 30, 60, 90, 120],
  };
  const index = new Map(ms.map((m, i) => [m.code, i]));
  const named = (g: Grouping) => ({ id: g.id, name: g.name.fi, units: g.units.map((u) => ({ id: u.id, name: u.name.fi, members: u.municipalities.map((c) => index.get(c)!), hub: index.get(u.hub!) })) });
  const cmp = compareGroupings(base, [named(UUSIMAA_6), named(UUSIMAA_5)]);
  const [six, five] = cmp.groupings.map((g) => g.figures);
  const unit = (f: typeof six, id: string) => f.units.find((u) => u.id === id)!;

  it("gives the merged West Uusimaa exactly the people, land and band counts of the two units it merges", () => {
    const merged = unit(five, "lansi-uusimaa");
    const parts = [unit(six, "espoo-kirkkonummi-kauniainen"), unit(six, "lohja-raasepori")];
    expect(merged.population).toBe(parts[0].population + parts[1].population);
    expect(merged.population).toBeGreaterThan(0);
    expect(merged.areaKm2).toBe(parts[0].areaKm2 + parts[1].areaKm2);
    for (const level of LEVELS) {
      const m = merged.levels[level];
      const weighted = (parts[0].levels[level].censoredMeanMin! * parts[0].population + parts[1].levels[level].censoredMeanMin! * parts[1].population) / merged.population;
      expect(m.censoredMeanMin).toBeCloseTo(weighted, 9);
      expect(m.stats.bands.map((b) => b.people)).toEqual(m.stats.bands.map((_, k) => parts[0].levels[level].stats.bands[k].people + parts[1].levels[level].stats.bands[k].people));
      expect(m.stats.reached).toBe(parts[0].levels[level].stats.reached + parts[1].levels[level].stats.reached);
    }
  });

  it("leaves the other units, the region and the per-person Gini as they were", () => {
    // Everything but the rank, which moves when the units around change.
    const unranked = (u: (typeof six.units)[number]) => ({ ...u, levels: LEVELS.map((l) => ({ ...u.levels[l], rank: 0, rankRange: null })) });
    for (const id of ["helsinki", "vantaa-kerava", "keski-uusimaa", "ita-uusimaa"]) expect(unranked(unit(five, id))).toEqual(unranked(unit(six, id)));
    expect(five.region).toEqual(six.region);
    for (const level of LEVELS) {
      expect(five.equality[level].gini).toBe(six.equality[level].gini);
      expect(cmp.summary[level].map((s) => s.grouping)).toEqual(["uusimaa-6", "uusimaa-5"]);
      expect(cmp.summary[level][1].unitMeanGini).toBe(five.equality[level].unitMeanGini);
      // Merging two units can only narrow the spread of unit means: the ratio never grows.
      expect(five.equality[level].meanRatio!).toBeLessThanOrEqual(six.equality[level].meanRatio!);
    }
  });

  it("refuses the same grouping twice", () => {
    expect(() => compareGroupings(base, [named(UUSIMAA_6), named(UUSIMAA_6)])).toThrow(InvalidInputError);
  });
});
