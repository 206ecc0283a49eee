// Each OSM rule of the car profile, proven on a tiny fixture written in code and imported through
// the real XML reader and importer. Distances in the drawings are metres.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importOsm, RuleTable } from "../../data/osm/import.ts";
import { PbfReader } from "../../data/osm/pbf.ts";
import { carRule, type WayRule } from "../../engine/profiles.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { Router } from "../../engine/route.ts";
import { SnapError, NotFoundError, CorruptDataError } from "../../engine/errors.ts";
import { lonLat, nodeAt, osmXml, tempFile, type FixtureWay } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

async function build(nodes: Record<number, [number, number]>, ways: FixtureWay[]): Promise<RoadGraph> {
  return (await importOsm(tempFile("fixture.osm", osmXml(nodes, ways)))).graph;
}

/** Time (ds) of the edge between two fixture positions for a profile, or -1 when there is no such edge. */
function edgeTime(g: RoadGraph, a: [number, number], b: [number, number], profile = "car"): number {
  const e = g.findEdge(nodeAt(g, ...a), nodeAt(g, ...b));
  return e < 0 ? -1 : g.timeDs[g.profileIndex(profile)][e];
}

function trip(g: RoadGraph, a: [number, number], b: [number, number], profile = "car") {
  const r = new Router(g);
  const pa = r.place("a", ...lonLat(...a));
  const pb = r.place("b", ...lonLat(...b));
  return r.route(pa, pb, profile);
}

// 1 km of residential road at 40 km/h × 0.8 = 32 km/h: 112.5 s.
const RESIDENTIAL_1KM_DS = 1125;

describe("oneway", () => {
  //  4 ------- 3        500 m high, 1000 m wide; 1 → 2 is one-way east, the rest two-way.
  //  |         |
  //  1 ──────▶ 2
  const nodes: Record<number, [number, number]> = { 1: [0, 0], 2: [1000, 0], 3: [1000, 500], 4: [0, 500] };
  const ring = { id: 2, nodes: [2, 3, 4, 1], tags: { highway: "residential" } };

  it("oneway=yes allows only the drawn direction; the way back goes round", async () => {
    const g = await build(nodes, [{ id: 1, nodes: [1, 2], tags: { highway: "residential", oneway: "yes" } }, ring]);
    expect(edgeTime(g, [0, 0], [1000, 0])).toBeCloseTo(RESIDENTIAL_1KM_DS, -1);
    expect(edgeTime(g, [1000, 0], [0, 0])).toBe(-1);
    expect(trip(g, [0, 0], [1000, 0])!.timeDs).toBeCloseTo(RESIDENTIAL_1KM_DS, -1);
    expect(trip(g, [1000, 0], [0, 0])!.timeDs).toBeCloseTo(2 * RESIDENTIAL_1KM_DS, -1);
    expect(trip(g, [1000, 0], [0, 0])!.lengthM).toBeCloseTo(2000, -1);
  });

  it("oneway=-1 reverses it", async () => {
    const g = await build(nodes, [{ id: 1, nodes: [1, 2], tags: { highway: "residential", oneway: "-1" } }, ring]);
    expect(edgeTime(g, [0, 0], [1000, 0])).toBe(-1);
    expect(edgeTime(g, [1000, 0], [0, 0])).toBeGreaterThan(0);
  });

  it("motorways and roundabouts are one-way unless tagged oneway=no", async () => {
    const g = await build(nodes, [
      { id: 1, nodes: [1, 2], tags: { highway: "motorway" } },
      { id: 3, nodes: [3, 4], tags: { highway: "residential", junction: "roundabout" } },
      { id: 4, nodes: [2, 3], tags: { highway: "motorway", oneway: "no" } },
      { id: 5, nodes: [4, 1], tags: { highway: "residential" } },
    ]);
    expect(edgeTime(g, [1000, 0], [0, 0])).toBe(-1);
    expect(edgeTime(g, [0, 500], [1000, 500])).toBe(-1);
    expect(edgeTime(g, [1000, 500], [0, 500])).toBeGreaterThan(0);
    expect(edgeTime(g, [1000, 500], [1000, 0])).toBeGreaterThan(0);
  });
});

describe("speeds", () => {
  // 1 ─ 2 ─ 3 ─ 4 ─ 5 ─ 6 ─ 7, 1 km apart, one road class or maxspeed per stretch.
  const nodes: Record<number, [number, number]> = {};
  for (let i = 1; i <= 7; i++) nodes[i] = [(i - 1) * 1000, 0];
  const ways: FixtureWay[] = [
    { id: 1, nodes: [1, 2], tags: { highway: "residential", maxspeed: "30" } },
    { id: 2, nodes: [2, 3], tags: { highway: "residential" } },
    { id: 3, nodes: [3, 4], tags: { highway: "primary", maxspeed: "FI:urban" } },
    { id: 4, nodes: [4, 5], tags: { highway: "motorway", maxspeed: "120", oneway: "no" } },
    { id: 5, nodes: [5, 6], tags: { highway: "trunk" } },
    { id: 6, nodes: [6, 7], tags: { highway: "secondary", maxspeed: "FI:rural" } },
  ];
  const x = (i: number): [number, number] => nodes[i];

  it("a tagged maxspeed wins over the class default, at 0.8 of the limit", async () => {
    const g = await build(nodes, ways);
    expect(edgeTime(g, x(1), x(2))).toBeCloseTo(1500, -1); // 30 km/h × 0.8 = 24 km/h → 150 s
    expect(edgeTime(g, x(2), x(3))).toBeCloseTo(RESIDENTIAL_1KM_DS, -1); // untagged residential: 40 km/h
  });

  it("reads Finnish zone values FI:urban (50) and FI:rural (80)", async () => {
    const g = await build(nodes, ways);
    expect(edgeTime(g, x(3), x(4))).toBeCloseTo(900, -1); // 40 km/h effective → 90 s
    expect(edgeTime(g, x(6), x(7))).toBeCloseTo(563, -1); // 64 km/h effective → 56.25 s
  });

  it("car-winter lowers 120 to 100 and 100 to 80, and leaves 80 alone", async () => {
    const g = await build(nodes, ways);
    expect(edgeTime(g, x(4), x(5), "car")).toBeCloseTo(375, -1); // 96 km/h
    expect(edgeTime(g, x(4), x(5), "car-winter")).toBeCloseTo(450, -1); // 80 km/h
    expect(edgeTime(g, x(5), x(6), "car")).toBeCloseTo(450, -1); // untagged trunk: 100 → 80 km/h
    expect(edgeTime(g, x(5), x(6), "car-winter")).toBeCloseTo(563, -1); // winter 80 → 64 km/h
    expect(edgeTime(g, x(6), x(7), "car-winter")).toBe(edgeTime(g, x(6), x(7), "car"));
  });
});

describe("access", () => {
  //  4 ------- 3
  //  | \     / |    diagonals: 1–3 access=private, 2–4 motor_vehicle=no
  //  1 ------- 2 ---- 5   (2–5: access=no but motor_vehicle=yes, so cars may)
  const nodes: Record<number, [number, number]> = { 1: [0, 0], 2: [1000, 0], 3: [1000, 1000], 4: [0, 1000], 5: [2000, 0] };
  const ways: FixtureWay[] = [
    { id: 1, nodes: [1, 2, 3, 4, 1], tags: { highway: "residential" } },
    { id: 2, nodes: [1, 3], tags: { highway: "residential", access: "private" } },
    { id: 3, nodes: [2, 4], tags: { highway: "residential", motor_vehicle: "no" } },
    { id: 4, nodes: [2, 5], tags: { highway: "residential", access: "no", motor_vehicle: "yes" } },
    { id: 5, nodes: [4, 5], tags: { highway: "footway" } },
  ];

  it("private and motor_vehicle=no roads are left out; a specific yes overrides a general no", async () => {
    const g = await build(nodes, ways);
    expect(edgeTime(g, [0, 0], [1000, 1000])).toBe(-1);
    expect(edgeTime(g, [1000, 0], [0, 1000])).toBe(-1);
    expect(edgeTime(g, [1000, 0], [2000, 0])).toBeGreaterThan(0);
    expect(edgeTime(g, [0, 1000], [2000, 0])).toBe(-1); // footway
    // Corner to corner goes round the ring (2 km), not across the private diagonal (1.4 km).
    expect(trip(g, [0, 0], [1000, 1000])!.lengthM).toBeCloseTo(2000, -1);
  });
});

describe("ferry", () => {
  // 1 ── 2 ~~ferry 20 min~~ 3 ── 4 ~~ferry, no duration~~ 5 ~~foot ferry~~ 6
  const nodes: Record<number, [number, number]> = {
    1: [0, 0], 2: [1000, 0], 21: [2000, 300], 3: [3000, 0], 4: [4000, 0], 5: [6000, 0], 6: [7000, 0],
  };
  const ways: FixtureWay[] = [
    { id: 1, nodes: [1, 2], tags: { highway: "residential" } },
    { id: 2, nodes: [2, 21, 3], tags: { route: "ferry", duration: "00:20" } },
    { id: 3, nodes: [3, 4], tags: { highway: "residential" } },
    { id: 4, nodes: [4, 5], tags: { route: "ferry" } },
    { id: 5, nodes: [5, 6], tags: { route: "ferry", motor_vehicle: "no", foot: "yes" } },
  ];

  it("takes a ferry's tagged duration, spread over its segments", async () => {
    const g = await build(nodes, ways);
    const crossing = edgeTime(g, [1000, 0], [2000, 300]) + edgeTime(g, [2000, 300], [3000, 0]);
    expect(crossing).toBeGreaterThanOrEqual(11999);
    expect(crossing).toBeLessThanOrEqual(12001);
    expect(trip(g, [0, 0], [4000, 0])!.timeDs).toBeCloseTo(2 * RESIDENTIAL_1KM_DS + 12000, -1);
  });

  it("crosses at 10 km/h without a duration, and skips ferries closed to cars", async () => {
    const g = await build(nodes, ways);
    expect(edgeTime(g, [4000, 0], [6000, 0])).toBeCloseTo(7200, -1); // 2 km at 10 km/h
    expect(edgeTime(g, [6000, 0], [7000, 0])).toBe(-1);
  });
});

describe("islands and snapping", () => {
  //          10 ── 11           an island loop 800 m north, with no road to the mainland
  //           \    |
  //             12
  //  1 ─────────────────── 2    mainland road, 2 km
  //  3 ─────────────────── 4    a second road 100 m south
  const nodes: Record<number, [number, number]> = {
    1: [0, 0], 2: [2000, 0], 3: [0, -100], 4: [2000, -100], 5: [-200, -50],
    10: [1000, 800], 11: [1100, 800], 12: [1100, 900],
  };
  const ways: FixtureWay[] = [
    { id: 1, nodes: [1, 2], tags: { highway: "residential" } },
    { id: 2, nodes: [3, 4], tags: { highway: "residential" } },
    { id: 3, nodes: [1, 5, 3], tags: { highway: "residential" } },
    { id: 4, nodes: [2, 4], tags: { highway: "residential" } },
    { id: 5, nodes: [10, 11, 12, 10], tags: { highway: "residential" } },
  ];

  it("marks the island outside the largest strongly connected component", async () => {
    const g = await build(nodes, ways);
    expect(g.mainComponent[nodeAt(g, 1000, 800)]).toBe(0);
    expect(g.mainComponent[nodeAt(g, 0, 0)]).toBe(1);
    expect(g.mainComponentSize()).toBe(5);
  });

  it("snaps a point to the nearest road and reports the distance", async () => {
    const g = await build(nodes, ways);
    const r = new Router(g);
    const near = r.snapIndex.snap(...lonLat(500, -30))!;
    expect(near.distanceM).toBeCloseTo(30, 0);
    expect(g.lat(g.edgeTail()[near.edge])).toBeCloseTo(lonLat(0, 0)[1], 6); // the northern road, not the southern one
    expect(near.t === 0.25 || Math.abs(near.t - 0.25) < 0.001 || Math.abs(near.t - 0.75) < 0.001).toBe(true);
    const south = r.snapIndex.snap(...lonLat(1500, -80))!;
    expect(south.distanceM).toBeCloseTo(20, 0);
  });

  it("never snaps to the island: a point on it lands on the mainland, 800 m away", async () => {
    const g = await build(nodes, ways);
    const s = new Router(g).snapIndex.snap(...lonLat(1050, 800))!;
    expect(s.distanceM).toBeCloseTo(800, -1);
    expect(g.mainComponent[g.head[s.edge]]).toBe(1);
  });

  it("never snaps onto a motorway or a ferry line: no access from the side", async () => {
    //  20 ═══════════════ 21     motorway (both ways), 50 m north of the mainland road
    //  1 ─────────────────── 2    mainland road
    //  2 ~~~~~~~~~~~~~~~~~~ 30    a ferry east, 1 km over the water
    const more: Record<number, [number, number]> = { ...nodes, 20: [0, 50], 21: [2000, 50], 30: [3000, 0] };
    const g = await build(more, [
      ...ways,
      { id: 6, nodes: [20, 21], tags: { highway: "motorway", oneway: "no" } },
      { id: 7, nodes: [1, 20], tags: { highway: "residential" } },
      { id: 8, nodes: [2, 21], tags: { highway: "residential" } },
      { id: 9, nodes: [2, 30], tags: { route: "ferry", motor_vehicle: "yes" } },
    ]);
    const r = new Router(g);
    const byMotorway = r.snapIndex.snap(...lonLat(1000, 60))!;
    expect(byMotorway.distanceM).toBeCloseTo(60, 0); // the road 60 m south, not the motorway 10 m away
    const inSea = r.snapIndex.snap(...lonLat(2500, 20), 1000);
    expect(inSea === null || inSea.distanceM > 400).toBe(true); // not 20 m onto the ferry line
  });

  it("a point far from every road is refused with a SnapError naming it", async () => {
    const g = await build(nodes, ways);
    const r = new Router(g);
    expect(() => r.place("kauppatori", ...lonLat(0, 30_000))).toThrow(SnapError);
    expect(() => r.place("kauppatori", ...lonLat(0, 30_000))).toThrow(/kauppatori/);
  });

  it("a trip from a place to itself takes no time, even off the road", async () => {
    const g = await build(nodes, ways);
    expect(trip(g, [300, 120], [300, 120])).toEqual({ timeDs: 0, lengthM: 0 });
  });

  it("a trip between two points on one road goes straight along it", async () => {
    const g = await build(nodes, ways);
    const t = trip(g, [200, 0], [700, 0])!;
    expect(t.lengthM).toBeCloseTo(500, 0);
    expect(t.timeDs).toBeCloseTo(RESIDENTIAL_1KM_DS / 2, -1);
  });
});

describe("bad files", () => {
  it("a missing file is a NotFoundError", async () => {
    await expect(importOsm("/nonexistent/roads.osm.pbf")).rejects.toThrow(NotFoundError);
  });

  it("malformed XML and garbage bytes are CorruptDataErrors", async () => {
    await expect(importOsm(tempFile("bad.osm", '<osm><node id="1" lat="x" lon="1"/></osm>'))).rejects.toThrow(CorruptDataError);
    await expect(importOsm(tempFile("bad.osm", "<osm><way id='1'>"))).rejects.toThrow(CorruptDataError);
    await expect(importOsm(tempFile("bad.osm.pbf", new Uint8Array([0, 0, 0, 5, 1, 2, 3, 4, 5, 6])))).rejects.toThrow(CorruptDataError);
    await expect(importOsm(tempFile("bad.osm.pbf", new Uint8Array([0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff, 9, 9])))).rejects.toThrow(CorruptDataError);
  });

  it("a real extract damaged in the middle or cut short is a CorruptDataError, never a crash", async () => {
    const real = readFileSync(sharedData("osm/helsinki-kluuvi.osm.pbf"));
    for (const at of [0.3, 0.5, 0.7]) {
      const damaged = Uint8Array.from(real);
      const i = Math.floor(damaged.length * at);
      for (let k = 0; k < 64; k++) damaged[i + k] ^= 0x5a;
      // zlib's Adler-32 check catches damage inside a blob; damage to a header breaks its framing.
      await expect(importOsm(tempFile("damaged.osm.pbf", damaged))).rejects.toThrow(CorruptDataError);
    }
    await expect(importOsm(tempFile("cut.osm.pbf", real.subarray(0, Math.floor(real.length / 2))))).rejects.toThrow(/truncated/);
  });
});

describe("way rules kept once each (RuleTable)", () => {
  const ferry = carRule({ route: "ferry", duration: "00:20" })!;

  it("gives equal rules one index and a rule that differs in any one field another", () => {
    const table = new RuleTable();
    const i = table.indexOf(ferry);
    expect(table.indexOf(structuredClone(ferry))).toBe(i);
    // Every field a rule has (the ferry's has them all): changed alone, a new rule.
    expect(Object.keys(ferry).sort()).toEqual(["backward", "backwardKmh", "durationS", "forward", "forwardKmh", "roadClass"]);
    for (const key of Object.keys(ferry) as (keyof WayRule)[]) {
      const v = ferry[key];
      const changed = typeof v === "boolean" ? !v : typeof v === "number" ? v + 1 : [...(v as number[]).slice(0, -1), (v as number[]).at(-1)! + 1e-9];
      expect(table.indexOf({ ...ferry, [key]: changed }), key).toBeGreaterThan(i);
    }
    expect(table.indexOf({ ...ferry, durationS: undefined })).toBeGreaterThan(i);
    expect(table.rules.length).toBe(8);
  });

  it("numbers the real Tampere extract's road rules as keying each by its JSON did", async () => {
    const table = new RuleTable();
    const byJson = new Map<string, number>();
    let ways = 0;
    await new PbfReader(sharedData("osm/tampere.osm.pbf")).ways((_id, tags) => {
      const rule = carRule(tags);
      if (!rule) return;
      ways++;
      const key = JSON.stringify(rule);
      if (!byJson.has(key)) byJson.set(key, byJson.size);
      expect(table.indexOf(rule)).toBe(byJson.get(key));
    });
    expect(ways).toBeGreaterThan(10_000);
    expect(table.rules.length).toBe(byJson.size);
  });
});
