// The turns model in the study layer, on the real central Helsinki (HSY grid) and Tampere (Sotkanet
// totals) extracts, with their own signals, crossings and turn restrictions: the study under
// `model: "turns"` takes every surface from the turn surface (levels, service types), its scenarios
// (closures, openings, moves, additions, re-levels) give what a fresh whole run of the changed points
// gives, cell for cell and figure for figure, its hub routes are driven on turns, and its notes say
// so (the time-of-day note no longer claiming traffic lights go unread). The turns model is R5's scheme
// (the posted limit, R5's turn costs), so it is never faster than a node search on its own edge times,
// and slower in many cells; against the plain model (0.8 × the limit) it may be either.
import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { Study, compare } from "../../study/index.ts";
import { LEVELS, targetsFor, type ServiceLevel, modelProfile, modelTravelTimeSurface, typeTargets, UNREACHED, DS_PER_MIN, SPEED_REDUCTION, type ScenarioChange, type ServicePoint } from "../../engine/index.ts";
import { GROUPINGS } from "../../data/facts/index.ts";
import { EXAMPLES } from "../fixtures/cli.ts";
import { openTampereWorkspace } from "../fixtures/http.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const sameArray = (a: Uint32Array, b: Uint32Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const newPoint = (id: string, lon: number, lat: number, level: "L" | "A" | "E"): ServicePoint => ({ id, name: { fi: id, sv: id }, municipality: "091", lon, lat, level, open: true });

/** Each scenario's cells and figures against a whole analysis of its points, on the same study. */
function expectScenariosFresh(study: Study, scenarios: ScenarioChange[][]): void {
  const cells = study.inputs.population.length;
  for (const changes of scenarios) {
    const run = study.runScenario(changes);
    const fresh = study.analysePoints(run.points).result;
    const what = JSON.stringify(changes);
    for (const level of LEVELS) {
      expect(sameArray(run.cells[level], fresh.surfaces[level].subarray(0, cells)), `${what} ${level}`).toBe(true);
      expect(run.figures.overall[level], `${what} ${level}`).toEqual(fresh.overall[level]);
      expect(run.figures.centreMin[level], `${what} ${level}`).toEqual(fresh.centreMin[level]);
    }
  }
}

/**
 * Turns never faster than the node search on the turns model's own edge times (the posted limit:
 * `free`, the plain model's surface on the "car:turns" column), slower in many cells: every turn costs.
 */
function expectSlower(turns: Uint32Array, free: Uint32Array, atLeast: number): void {
  let slower = 0;
  for (let c = 0; c < free.length; c++) {
    expect(turns[c]).toBeGreaterThanOrEqual(free[c]);
    if (turns[c] > free[c] && turns[c] !== UNREACHED) slower++;
  }
  expect(slower).toBeGreaterThanOrEqual(atLeast);
}

/** The plain model's surface of a study's targets on the turns model's edge times. */
function atTheLimit(study: Study, targets: Parameters<typeof modelTravelTimeSurface>[2]): Uint32Array {
  return modelTravelTimeSurface(study.parts.graph, study.inputs.links, targets, { profile: modelProfile("car", "turns"), cutoffDs: study.cutoffMin * DS_PER_MIN });
}
const levelTargets = (study: Study, level: ServiceLevel) => targetsFor(study.base.placed, level);

describe("the study on the turns model, central Helsinki", () => {
  let plain: Study;
  let turns: Study;
  beforeAll(async () => {
    plain = await Study.open({
      roads: sharedData("osm/helsinki-centre.osm.pbf"), cacheDir: false, water: false, services: join(EXAMPLES, "helsinki-centre-services.csv"),
      population: sharedData("population/hsy_population_grid_2021_250m.gpkg"), municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"), grouping: null,
    });
    turns = plain.under({ model: "turns" });
  }, 240_000);

  it("is a sibling of the plain study, kept, with the turn surface's times: never faster than at the limit, slower in many cells", () => {
    expect(turns).not.toBe(plain);
    expect(turns.model).toBe("turns");
    expect(plain.under({ model: "turns" })).toBe(turns);
    expect(turns.under({ model: "plain" })).toBe(plain);
    const { graph } = turns.parts;
    const { links } = turns.inputs;
    const placed = turns.base.placed;
    const eTargets = placed.filter((p) => p.point.open && p.point.level === "E").map((p) => p.target);
    expect(sameArray(turns.base.surfaces.E, modelTravelTimeSurface(graph, links, eTargets, { model: "turns", cutoffDs: turns.cutoffMin * DS_PER_MIN }))).toBe(true);
    for (const level of LEVELS) expectSlower(turns.base.surfaces[level], atTheLimit(turns, levelTargets(turns, level)), 50);
  });

  it("takes service types' surfaces from the turn surface too", () => {
    const type = "health-station";
    const { graph } = turns.parts;
    const expected = modelTravelTimeSurface(graph, turns.inputs.links, typeTargets(turns.base.placed, type, turns.inputs.catalogue), { model: "turns", cutoffDs: turns.cutoffMin * DS_PER_MIN });
    expect(sameArray(turns.subsets.typeSurface(type).cells, expected)).toBe(true);
    expectSlower(turns.subsets.typeSurface(type).cells, atTheLimit(turns, typeTargets(turns.base.placed, type, turns.inputs.catalogue)), 50);
  });

  it("runs closures, openings, moves, additions and re-levels to what a fresh whole run of the changed points gives", () => {
    expectScenariosFresh(turns, [
      [{ op: "close", id: "kamppi" }],
      [{ op: "move", id: "kamppi", lon: 24.94, lat: 60.17 }],
      [{ op: "add", point: newPoint("uusi", 24.92, 60.165, "L") }],
      [{ op: "relevel", id: "kirurginen", level: "L" }],
      [{ op: "close", id: "kamppi" }, { op: "add", point: newPoint("toinen", 24.955, 60.175, "A") }, { op: "open", id: "kamppi" }],
    ]);
  }, 120_000);

  it("says so in its notes; in the rush hour the time-of-day note drops its junction delay and its claim about traffic lights", () => {
    const codes = (s: Study) => s.notes().map((n) => n.code);
    expect(codes(turns)).toContain("turns-model");
    expect(codes(plain)).not.toContain("turns-model");
    const note = turns.notes().find((n) => n.code === "turns-model")!;
    expect(note.text.fi).toContain("vasemmalle 30 s, oikealle 10 s, U-käännös 90 s");
    expect(note.text.en).toContain("driven at their posted limit");
    expect(note.params).toMatchObject({ nodeS: { signals: 0, stop: 0, giveWay: 0, crossing: 0 } });
    const rushTurns = turns.under({ profile: "car-rush" });
    const rushPlain = plain.under({ profile: "car-rush" });
    expect(rushTurns.model).toBe("turns");
    const tod = (s: Study) => s.notes().find((n) => n.code === "time-of-day")!;
    expect(tod(rushTurns).params).toMatchObject({ junctionDelayS: null });
    expect(tod(rushTurns).text.en).not.toContain("traffic lights are not read");
    expect(tod(rushPlain).text.en).toContain("traffic lights are not read");
    // A scenario's notes are the study's road notes too.
    expect(turns.runScenario([{ op: "close", id: "kamppi" }]).notes.map((n) => n.code)).toContain("turns-model");
  }, 120_000);
});

describe("the study on the turns model, Tampere", () => {
  let plain: Study;
  let turns: Study;
  beforeAll(async () => {
    plain = await openTampereWorkspace();
    turns = plain.under({ model: "turns" });
  }, 240_000);

  it("is never faster than at the limit, and its scenarios give a fresh whole run's answer", () => {
    for (const level of LEVELS) expectSlower(turns.base.surfaces[level], atTheLimit(turns, levelTargets(turns, level)), 20);
    expectScenariosFresh(turns, [
      [{ op: "close", id: "hervanta" }],
      [{ op: "move", id: "lielahti", lon: 23.7, lat: 61.51 }],
      [{ op: "relevel", id: "hatanpaa", level: "E" }],
      [{ op: "add", point: newPoint("kaleva", 23.79, 61.5, "L") }, { op: "close", id: "tays" }],
    ]);
  }, 180_000);

  it("drives the groupings' hub routes on turns: never faster than plain's route at the limit, slower for some centre", () => {
    const grouping = GROUPINGS.find((g) => g.id === "pirkanmaa-whole")!;
    const hubs = (s: Study) => compare(s, [grouping]).comparison.groupings[0].figures.units.flatMap((u) => u.members.map((m) => m.hubMin));
    const [a, b] = [hubs(plain), hubs(turns)];
    expect(a.length).toBeGreaterThan(2);
    let slower = 0;
    a.forEach((p, i) => {
      if (p === null) return expect(b[i]).toBeNull();
      // At the limit each edge takes 0.8 of plain's time (each rounded to a decisecond: 0.05 min is ample), and every turn adds.
      expect(b[i]!).toBeGreaterThanOrEqual(p * SPEED_REDUCTION - 0.05);
      if (b[i]! > p * SPEED_REDUCTION + 0.05) slower++;
    });
    expect(slower).toBeGreaterThan(0);
  }, 120_000);
});
