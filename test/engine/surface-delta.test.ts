// A scenario's figures read from its base's time order and the changed cells (engine/surface-delta.ts)
// equal partitionStats and partitionDiffs of the scenario's surface number for number, on seeded
// random surfaces: few cells changed or all, ties, times past the cutoff and unreached, empty groups.
import { describe, expect, it } from "vitest";
import { areaPartitions, partitionStats, peopleInAreas } from "../../engine/accessibility.ts";
import { deltaDiffs, partitionDiffs } from "../../engine/diff.ts";
import { deltaStats, surfaceDelta, timeOrder } from "../../engine/surface-delta.ts";
import { UNREACHED } from "../../engine/units.ts";
import { rng } from "../fixtures/random-graph.ts";

const min = (m: number) => m * 600;

describe("deltaStats and deltaDiffs: the scenario's figures from the base's order and the changed cells", () => {
  it("equal partitionStats and partitionDiffs of the scenario's surface, on random surfaces and changes", () => {
    const r = rng(2026);
    for (let trial = 0; trial < 60; trial++) {
      const n = 300 + Math.floor(r() * 300);
      // Coarse times (whole minutes in some trials) make ties; some past 180 min, some unreached.
      const time = () => (r() < 0.08 ? UNREACHED : trial % 3 === 0 ? min(Math.floor(r() * 200)) : Math.floor(r() * min(200)));
      const base = Uint32Array.from({ length: n }, time);
      const share = [0, 0.01, 0.1, 0.5, 1][trial % 5]; // the share of cells a change touches
      const scenario = base.map((t) => (r() < share ? time() : t));
      const people = Uint32Array.from({ length: n }, () => (r() < 0.3 ? 0 : 1 + Math.floor(r() * 40)));
      const areaCount = 8;
      // Area 7 holds no cell: an empty group in each partition it is in.
      const area = Int32Array.from({ length: n }, () => Math.floor(r() * 8) - 1);
      const units = [{ members: [0, 2, 7] }, { members: [1, 3, 4] }, { members: [7] }]; // areas 5, 6 in no unit
      const th = trial % 2 ? [15, 30, 60, 90, 120, 150, 180] : [7.5, 20, 45];
      const pia = peopleInAreas(people, area, areaCount);
      const parts = areaPartitions(areaCount, units);
      const delta = surfaceDelta(timeOrder(base, pia), scenario);
      expect(deltaStats(delta, parts, th)).toEqual(partitionStats(scenario, pia, parts, th));
      expect(deltaDiffs(delta, parts, th)).toEqual(partitionDiffs(base, scenario, pia, parts, th));
    }
  });

  it("lists only the populated cells whose time changed, and reads the base's own figures with none", () => {
    //   cell:       0        1        2        3         4   5 (in no area)
    const base = Uint32Array.from([min(10), min(20), min(50), min(5), UNREACHED, min(1)]);
    const people = Uint32Array.from([10, 30, 60, 5, 5, 1000]);
    const area = Int32Array.from([0, 0, 0, 1, 1, -1]);
    const pia = peopleInAreas(people, area, 2);
    const order = timeOrder(base, pia);
    const parts = areaPartitions(2, null);
    expect([...surfaceDelta(order, base).changed]).toEqual([]);
    expect(deltaStats(surfaceDelta(order, base), parts, [15, 30, 60])).toEqual(partitionStats(base, pia, parts, [15, 30, 60]));
    // Cell 0 slower, cell 4 reached, cell 5 (no one counted) changed too.
    const scenario = Uint32Array.from([min(40), min(20), min(50), min(5), min(25), min(2)]);
    const d = surfaceDelta(order, scenario);
    expect([...d.changed].map((i) => pia.cells[i])).toEqual([0, 4]);
    const [[a, b], , [all]] = deltaStats(d, parts, [15, 30, 60]);
    expect([a.medianMin, a.maxMin, a.bands.map((x) => x.people)]).toEqual([50, 50, [0, 30, 70, 0]]);
    expect([b.reached, b.medianMin, b.p90Min, b.maxMin]).toEqual([10, 5, 25, 25]);
    expect(all.population).toBe(110);
    const [[da]] = deltaDiffs(d, parts, [15, 30, 60]);
    expect([da.worse, da.better, da.transitions[0]]).toEqual([10, 0, [0, 0, 10, 0]]);
  });
});
