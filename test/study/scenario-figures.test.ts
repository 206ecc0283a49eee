// Study.runScenario reads a touched level's figures and band crossings from the base's cells in time
// order and the cells the changes touched (engine/surface-delta.ts). On the real Tampere extract
// (its municipalities from Sotkanet's totals and Statistics Finland's boundaries) they equal the
// plain path, number for number: partitionStats and partitionDiffs over the scenario's whole surface,
// for closures, re-levels, a move and an addition, at two sets of thresholds, twice over (the second
// time from the kept order).
import { beforeAll, describe, expect, it } from "vitest";
import type { Study } from "../../study/index.ts";
import { LEVELS, areaPartitions, oneLevelFigures, partitionDiffs, peopleInAreas, type ScenarioChange } from "../../engine/index.ts";
import { openTampereWorkspace } from "../fixtures/http.ts";

let study: Study;

beforeAll(async () => {
  study = await openTampereWorkspace();
}, 120_000);

describe("a scenario's figures read from the changed cells", () => {
  it("equal the figures and crossings counted over every cell of the scenario's surface", () => {
    const { population, areaOfCell, areas, units } = study.inputs;
    const cells = population.length;
    const pia = peopleInAreas(population, areaOfCell, areas.length);
    const parts = areaPartitions(areas.length, units);
    const scenarios: ScenarioChange[][] = [
      [{ op: "close", id: "hervanta" }],
      [{ op: "close", id: "tays" }],
      [{ op: "relevel", id: "hatanpaa", level: "L" }],
      [{ op: "move", id: "lielahti", lon: 23.74, lat: 61.5 }],
      [{ op: "add", point: { id: "new-1", name: { fi: "Uusi", sv: "Ny" }, municipality: "837", lon: 23.79, lat: 61.47, level: "A", open: true } }, { op: "close", id: "hervanta" }],
    ];
    for (const round of [1, 2]) {
      for (const changes of scenarios) {
        for (const thresholds of [[15, 30, 60, 90, 120, 150, 180], [5, 10, 15, 20, 30]]) {
          const run = study.runScenario(changes, thresholds);
          const what = `${JSON.stringify(changes)} at ${thresholds.join(",")}, round ${round}`;
          let touched = 0;
          for (const level of LEVELS) {
            const before = study.base.surfaces[level].subarray(0, cells);
            if (run.cells[level].some((t, c) => t !== before[c])) touched++;
            const plain = oneLevelFigures(study.figureInput, run.cells[level], new Uint32Array(areas.length), thresholds);
            expect(run.figures.perArea[level], `${what} ${level}`).toEqual(plain.perArea);
            expect(run.figures.overall[level], `${what} ${level}`).toEqual(plain.overall);
            const [perArea, , [overall]] = partitionDiffs(before, run.cells[level], pia, parts, thresholds);
            expect(run.diff.perArea[level], `${what} ${level}`).toEqual(perArea);
            expect(run.diff.overall[level], `${what} ${level}`).toEqual(overall);
          }
          expect(touched, what).toBeGreaterThan(0);
        }
      }
    }
  });
});
