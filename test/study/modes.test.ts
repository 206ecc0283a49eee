// A study on foot and by bike (Study.open with profile walk / modes): the walking graph of the real
// central Helsinki extract, the example services, the HSY grid. The people and areas are the car
// study's; the times are checked against the straight line at walking speed, cell by cell.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Study } from "../../study/index.ts";
import { importOsm } from "../../data/osm/import.ts";
import { cellCentreLonLat } from "../../engine/grid.ts";
import { haversineM, timeDsFor, UNREACHED } from "../../engine/units.ts";
import { WALK_KMH } from "../../engine/modes.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { generateRoadGraph } from "../../engine/generate.ts";
import { EXAMPLES } from "../fixtures/cli.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const OSM = sharedData("osm/helsinki-centre.osm.pbf");
const HSY = sharedData("population/hsy_population_grid_2021_250m.gpkg");
const SERVICES = join(EXAMPLES, "helsinki-centre-services.csv");

let car: Study;
let walk: Study;

beforeAll(async () => {
  car = await Study.open({ roads: { ...(await importOsm(OSM)), osm: OSM }, region: "helsinki", services: SERVICES, population: HSY, grouping: null, water: false, cacheDir: false, modes: ["walk", "bike"] });
  walk = car.under({ profile: "walk" });
}, 120_000);

describe("a walking study of central Helsinki", () => {
  it("is the car study's sibling: the same people and areas, its own graph and profile, every profile reachable from either", () => {
    expect(walk.profile).toBe("walk");
    expect(walk.parts.graph).not.toBe(car.parts.graph);
    expect(walk.parts.graph.profiles).toEqual(["walk"]);
    expect(walk.inputs.population).toBe(car.inputs.population);
    expect(walk.inputs.grid).toBe(car.inputs.grid);
    expect(car.profiles).toEqual(expect.arrayContaining(["car", "car-winter", "car-rush", "walk", "bike"]));
    expect(walk.profiles[0]).toBe("walk");
    expect(walk.under({ profile: "car" })).toBe(car);
    expect(walk.under({ profile: "car-winter" })).toBe(car.under({ profile: "car-winter" }));
    expect(walk.under({ profile: "bike" }).profile).toBe("bike");
  });

  it("times each cell's walk to the nearest health service no faster than the straight line at 4.2 km/h, and mostly within 1.6 times it", () => {
    const grid = walk.inputs.grid;
    // Kamppi's health station, and the surgical hospital (an E point serves L too): the nearer in a straight line bounds the time.
    const points = walk.inputs.services.points;
    expect(points.length).toBe(2);
    const surface = walk.base.surfaces.L;
    const ratios: number[] = [];
    let reached = 0;
    for (let c = 0; c < surface.length; c++) {
      if (surface[c] === UNREACHED) continue;
      reached++;
      const [lon, lat] = cellCentreLonLat(grid, c);
      const crowM = Math.min(...points.map((p) => haversineM(lon, lat, p.lon, p.lat)));
      // The straight-line bound holds for every walk on land (the stretches to and from the ways are
      // walked too); the harbour's islands are reached by ferry (10 km/h).
      if (crowM < 500 || lat < 60.155) continue;
      ratios.push(surface[c] / timeDsFor(crowM, WALK_KMH));
    }
    expect(reached).toBeGreaterThan(100);
    expect(ratios.length).toBeGreaterThan(50);
    ratios.sort((a, b) => a - b);
    const at = (q: number) => ratios[Math.floor(q * (ratios.length - 1))];
    // No walk beats the straight line (1 % for whole deciseconds and the spheroid against the plane).
    expect(at(0)).toBeGreaterThan(0.99);
    expect(at(0.5)).toBeGreaterThan(1);
    expect(at(0.5)).toBeLessThan(1.6);
  });

  it("puts fewer people within 15 min of a health station on foot than by car, and all the same people in all", () => {
    const f = (s: Study) => s.figures([15, 30, 60]).overall.L;
    expect(f(walk).population).toBe(f(car).population);
    expect(f(walk).bands[0].cumulative).toBeLessThan(f(car).bands[0].cumulative);
    expect(f(walk).bands[0].cumulative).toBeGreaterThan(0);
  });

  it("runs scenarios and draws bands on the walking graph as on the car's: closing Kamppi's health station slows the walk to L", () => {
    const run = walk.runScenario([{ op: "close", id: "kamppi" }], [15, 30, 60]);
    const before = walk.figures([15, 30, 60]).overall.L;
    expect(run.figures.overall.L.meanMin!).toBeGreaterThan(before.meanMin!);
    expect(run.notes.some((n) => n.code === "active-mode")).toBe(true);
    const bands = walk.isochrones("L", [15, 30], "EPSG:4326");
    expect(bands.features.length).toBeGreaterThan(0);
    // The same bands by car reach farther: more cells within 15 min.
    const within = (s: Study) => s.base.surfaces.L.filter((t) => t <= 15 * 600).length;
    expect(within(walk)).toBeLessThan(within(car));
  });

  it("says how it walks, in every language", () => {
    const notes = walk.notes();
    const mode = notes.find((n) => n.code === "active-mode")!;
    expect(mode.text.fi).toMatch(/kävelyaikoja: 4,2 km\/h/);
    expect(mode.text.sv).toMatch(/gångtider: 4,2 km\/h/);
    expect(mode.text.en).toMatch(/walking times: 4\.2 km\/h/);
    expect(car.notes().some((n) => n.code === "active-mode")).toBe(false);
    expect(car.under({ profile: "bike" }).notes().find((n) => n.code === "active-mode")!.text.en).toMatch(/cycling times: 16\.8 km\/h/);
  });

  it("refuses the time of day on foot, naming the profile", () => {
    const err = (() => {
      try {
        walk.under({ profile: "walk-rush" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe("profile");
  });
});

describe("walking without an extract", () => {
  it("is refused, naming the profile", async () => {
    const { graph, meta } = generateRoadGraph({ seed: 3, bbox: [24.9, 60.15, 25.0, 60.2], targetNodes: 1000 });
    const err = await Study.open({ roads: { graph, meta: { ...meta, generated: true } }, region: "helsinki", grouping: null, water: false, cacheDir: false, profile: "walk" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe("profile");
  });
});
