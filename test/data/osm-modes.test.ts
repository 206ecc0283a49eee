// The walking and cycling graphs (engine/modes.ts rules through the real importer): a tiny fixture
// drawn in code, then the central Helsinki extract. Distances in the drawings are metres.
import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { basename, join } from "node:path";
import { importOsm } from "../../data/osm/import.ts";
import { loadGraph } from "../../data/cache.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { Router } from "../../engine/route.ts";
import { BIKE_KMH, STEPS_KMH, WALK_KMH, WAY_CLASS_TAGS, type Mode } from "../../engine/modes.ts";
import { haversineM, timeDsFor } from "../../engine/units.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { nodeAt, osmXml, scratchDir, tempFile, type FixtureWay } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

async function build(mode: Mode, nodes: Record<number, [number, number]>, ways: FixtureWay[]): Promise<RoadGraph> {
  return (await importOsm(tempFile("modes.osm", osmXml(nodes, ways)), { mode })).graph;
}

/** Time (ds) of the edge between two fixture positions in the graph's one profile, or -1 when there is none. */
function edgeTime(g: RoadGraph, a: [number, number], b: [number, number]): number {
  const e = g.findEdge(nodeAt(g, ...a), nodeAt(g, ...b));
  return e < 0 ? -1 : g.timeDs[0][e];
}

describe("a mode's graph from a fixture", () => {
  //  4 ──steps── 3          1 → 2: one-way residential street (200 m)
  //  |           |          2 – 3: footway (100 m)      3 – 4: steps (200 m)
  //  1 ────────▶ 2          4 – 1: motorway (100 m)     1 – 5: cycleway (300 m) east under it all
  //  5 ─────────────── 6
  const nodes: Record<number, [number, number]> = { 1: [0, 0], 2: [200, 0], 3: [200, 100], 4: [0, 100], 5: [0, -50], 6: [300, -50] };
  const ways: FixtureWay[] = [
    { id: 1, nodes: [1, 2], tags: { highway: "residential", oneway: "yes" } },
    { id: 2, nodes: [2, 3], tags: { highway: "footway" } },
    { id: 3, nodes: [3, 4], tags: { highway: "steps" } },
    { id: 4, nodes: [4, 1], tags: { highway: "motorway" } },
    { id: 5, nodes: [1, 5], tags: { highway: "residential", foot: "no" } },
    { id: 6, nodes: [5, 6], tags: { highway: "cycleway" } },
  ];

  it("the car graph holds the street and the motorway only; the walking graph the street both ways, the footway and the steps", async () => {
    const car = await build("car", nodes, ways);
    expect(car.profiles).toEqual(["car", "car-winter"]);
    expect(edgeTime(car, [200, 0], [200, 100])).toBe(-1);
    expect(edgeTime(car, [0, 100], [0, 0])).toBeGreaterThan(0);

    const walk = await build("walk", nodes, ways);
    expect(walk.profiles).toEqual(["walk"]);
    expect(edgeTime(walk, [0, 0], [200, 0])).toBe(timeDsFor(200, WALK_KMH));
    expect(edgeTime(walk, [200, 0], [0, 0])).toBe(timeDsFor(200, WALK_KMH)); // the one-way street, walked back
    expect(edgeTime(walk, [200, 0], [200, 100])).toBeCloseTo(timeDsFor(100, WALK_KMH), -1);
    expect(edgeTime(walk, [200, 100], [0, 100])).toBeCloseTo(timeDsFor(200, STEPS_KMH), -1);
    expect(edgeTime(walk, [0, 100], [0, 0])).toBe(-1); // the motorway
    expect(edgeTime(walk, [0, 0], [0, -50])).toBe(-1); // foot=no
    expect(edgeTime(walk, [0, -50], [300, -50])).toBeCloseTo(timeDsFor(300, WALK_KMH), -1);
    const classes = new Set(Array.from(walk.roadClass, (c) => WAY_CLASS_TAGS[c]));
    expect([...classes].sort()).toEqual(["cycleway", "footway", "residential", "steps"]);
  });

  it("the cycling graph rides the street one way and the cycleway, walks the bike on the footway, and has no steps", async () => {
    const bike = await build("bike", nodes, ways);
    expect(bike.profiles).toEqual(["bike"]);
    expect(edgeTime(bike, [0, 0], [200, 0])).toBe(timeDsFor(200, BIKE_KMH));
    expect(edgeTime(bike, [200, 0], [0, 0])).toBe(-1);
    expect(edgeTime(bike, [200, 0], [200, 100])).toBeCloseTo(timeDsFor(100, WALK_KMH), -1);
    expect(edgeTime(bike, [200, 100], [0, 100])).toBe(-1);
    expect(edgeTime(bike, [0, 0], [0, -50])).toBeGreaterThan(0); // foot=no binds walkers only
    expect(edgeTime(bike, [0, -50], [300, -50])).toBeCloseTo(timeDsFor(300, BIKE_KMH), -1);
  });

  it("oneway:bicycle=no opens the street both ways to cyclists", async () => {
    const bike = await build("bike", nodes, [{ id: 1, nodes: [1, 2], tags: { highway: "residential", oneway: "yes", "oneway:bicycle": "no" } }]);
    expect(edgeTime(bike, [200, 0], [0, 0])).toBe(timeDsFor(200, BIKE_KMH));
  });

  it("an extract with nothing to walk on is refused, saying so", async () => {
    const err = await build("walk", nodes, [{ id: 4, nodes: [4, 1], tags: { highway: "motorway" } }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe("osm");
    expect((err as Error).message).toMatch(/a walker may use/);
  });

  it("refuses the time of day on a walking graph, naming the profile", async () => {
    const walk = await build("walk", nodes, ways);
    expect(walk.allProfiles).toEqual(["walk"]);
    expect(() => walk.timeColumn("walk-rush")).toThrow(InvalidInputError);
  });
});

describe("the cache", () => {
  it("keeps each mode's graph of an extract in its own file beside the car's, and reads it back", async () => {
    const osm = tempFile("cached.osm", osmXml({ 1: [0, 0], 2: [100, 0], 3: [100, 100] }, [
      { id: 1, nodes: [1, 2], tags: { highway: "residential" } },
      { id: 2, nodes: [2, 3], tags: { highway: "footway" } },
    ]));
    const cacheDir = mkdtempSync(join(scratchDir(), "modes-cache-"));
    const car = await loadGraph(osm, { cacheDir });
    const walk = await loadGraph(osm, { cacheDir, mode: "walk" });
    expect(walk.from).toBe("import");
    expect(basename(walk.cachePath!)).toMatch(/-walk-[0-9a-f]{12}\.pvg$/);
    expect(walk.cachePath).not.toBe(car.cachePath);
    const again = await loadGraph(osm, { cacheDir, mode: "walk" });
    expect(again.from).toBe("cache");
    expect(again.graph.profiles).toEqual(["walk"]);
    expect(again.graph.edgeCount).toBe(4);
    expect((await loadGraph(osm, { cacheDir })).graph.profiles).toEqual(["car", "car-winter"]);
  });
});

describe("central Helsinki on foot and by bike (real extract)", () => {
  const osm = sharedData("osm/helsinki-centre.osm.pbf");
  // The Central Railway Station's main door (Rautatientori side) and the Market Square's fountain.
  const station: [number, number] = [24.94215, 60.17105];
  const market: [number, number] = [24.95265, 60.16765];

  it("the walking graph holds footways, steps and pedestrian streets the car graph does not, and is larger", async () => {
    const car = (await importOsm(osm)).graph;
    const walk = (await importOsm(osm, { mode: "walk" })).graph;
    const count = (g: RoadGraph, tag: string) => Array.from(g.roadClass).filter((c) => WAY_CLASS_TAGS[c] === tag).length;
    for (const tag of ["footway", "steps", "pedestrian"]) {
      expect(count(car, tag)).toBe(0);
      expect(count(walk, tag)).toBeGreaterThan(100);
    }
    expect(walk.edgeCount).toBeGreaterThan(2 * car.edgeCount);
    expect(count(walk, "motorway")).toBe(0);

    // Station → Market Square: at least the straight line at 4.2 km/h, at most 1.6 times it (a grid
    // city with the Esplanadi between), and shorter on foot than the car's one-way streets.
    const crowM = haversineM(...station, ...market);
    const walkTrip = tripOn(walk, "walk", station, market)!;
    const crowDs = timeDsFor(crowM, WALK_KMH);
    expect(walkTrip.timeDs).toBeGreaterThanOrEqual(crowDs * 0.95); // the connectors run at 20 km/h
    expect(walkTrip.timeDs).toBeLessThanOrEqual(crowDs * 1.6);
    expect(walkTrip.lengthM).toBeLessThan(1.6 * crowM);
    // Time is length ÷ speed along the path, within 3 %: the connectors run at 20 km/h, steps at half speed.
    expect(Math.abs(walkTrip.timeDs / timeDsFor(walkTrip.lengthM, WALK_KMH) - 1)).toBeLessThan(0.03);
    const carTrip = tripOn(car, "car", station, market)!;
    expect(walkTrip.lengthM).toBeLessThan(carTrip.lengthM);
  });

  it("cycling the same trip takes about a quarter of the walk, never less than the straight line at 16.8 km/h", async () => {
    const bike = (await importOsm(osm, { mode: "bike" })).graph;
    const crowM = haversineM(...station, ...market);
    const trip = tripOn(bike, "bike", station, market)!;
    expect(trip.timeDs).toBeGreaterThanOrEqual(timeDsFor(crowM, BIKE_KMH) * 0.95);
    expect(trip.timeDs).toBeLessThanOrEqual(timeDsFor(crowM, BIKE_KMH) * 2.5); // pushed across squares, one-way streets
  });
});

function tripOn(g: RoadGraph, profile: string, a: [number, number], b: [number, number]) {
  const r = new Router(g);
  return r.route(r.place("a", ...a), r.place("b", ...b), profile);
}
