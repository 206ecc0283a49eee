// The real OpenStreetMap extracts of central Helsinki and Tampere (../shared/data/osm, ODbL,
// © OpenStreetMap contributors): the PBF decoder reads every element, the graph builds, its
// largest component holds the bulk of it, and network distances are sane detours of straight lines.
import { beforeAll, describe, expect, it } from "vitest";
import { PbfReader } from "../../data/osm/pbf.ts";
import { importOsm } from "../../data/osm/import.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { TravelTimeSearch } from "../../engine/search.ts";
import { Router } from "../../engine/route.ts";
import { pointLinks } from "../../engine/snap.ts";
import { UNREACHED, haversineM } from "../../engine/units.ts";
import { rng } from "../fixtures/random-graph.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const CAR_CLASSES = new Set(["motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "road"]);

describe("PbfReader on real extracts", () => {
  // Counts published with the data (../shared/data/README.md): 184,530 nodes, 37,386 ways, 6,363 car ways.
  it("reads every node and way of central Helsinki, inside the stated bbox", async () => {
    const r = new PbfReader(sharedData("osm/helsinki-centre.osm.pbf"));
    let ways = 0;
    let carWays = 0;
    let nodes = 0;
    let outside = 0;
    await r.ways((_id, tags) => {
      ways++;
      if (tags.highway && CAR_CLASSES.has(tags.highway)) carWays++;
    });
    await r.nodes((_id, lon, lat) => {
      nodes++;
      if (lon < 24.892 || lon > 24.99 || lat < 60.147 || lat > 60.178) outside++;
    });
    expect({ nodes, ways, carWays, outside }).toEqual({ nodes: 184530, ways: 37386, carWays: 6363, outside: 0 });
  });
});

/** Network length over straight-line distance for random pairs of main-component nodes over 1 km apart. */
function detourFactors(g: RoadGraph, seed: number, pairs: number): number[] {
  const main: number[] = [];
  for (let i = 0; i < g.nodeCount; i++) if (g.mainComponent[i]) main.push(i);
  const r = rng(seed);
  const s = new TravelTimeSearch(g.forward("car"));
  const out: number[] = [];
  while (out.length < pairs) {
    const a = main[Math.floor(r() * main.length)];
    const b = main[Math.floor(r() * main.length)];
    const straight = haversineM(g.lon(a), g.lat(a), g.lon(b), g.lat(b));
    if (straight < 1000) continue;
    s.run([a], undefined, { trackPath: true, targets: [b], cutoffDs: 1e7 });
    expect(s.timeDs[b]).not.toBe(UNREACHED); // same strongly connected component
    out.push(s.lengthM[b] / straight);
  }
  return out.sort((x, y) => x - y);
}

for (const [name, file, minNodes] of [
  ["central Helsinki", "osm/helsinki-centre.osm.pbf", 10_000],
  ["Tampere", "osm/tampere.osm.pbf", 50_000],
] as const) {
  describe(`${name} road graph`, () => {
    let g: RoadGraph;
    beforeAll(async () => {
      g = (await importOsm(sharedData(file))).graph;
    });

    it("gives the same matrix searched from either side, stopped at the other side's places, as searched to 24 h from each origin, time and length", () => {
      const router = new Router(g);
      const r = rng(11);
      const [w, s, e, n] = g.mainBbox();
      const places = (k: number, prefix: string) => {
        const out = [];
        while (out.length < k) {
          const p = router.tryPlace(`${prefix}${out.length}`, w + r() * (e - w), s + r() * (n - s), 500);
          if (p) out.push(p);
        }
        return out;
      };
      const [many, few] = [places(25, "a"), places(12, "b")];
      // Fewer destinations: searched backward from them; fewer origins: forward from them.
      for (const [origins, destinations] of [[many, few], [few, many]]) {
        const m = router.matrix(origins, destinations, "car");
        let lengthsApart = 0;
        for (const [i, o] of origins.entries()) {
          const full = router.runFrom(o, "car", 24 * 36000, { trackPath: true }); // no targets: the whole reachable network
          for (const [j, d] of destinations.entries()) {
            const want = router.arrival(full, d, "car", o);
            expect(m[i][j]?.timeDs, `${o.id} → ${d.id}`).toBe(want?.timeDs);
            // The same path, its length summed in another order backward: equal but for the last bits.
            if (want && Math.abs(m[i][j]!.lengthM - want.lengthM) > 1e-6 * want.lengthM) lengthsApart++;
          }
        }
        expect(lengthsApart).toBe(0);
      }
    });

    it("builds with the bulk of its nodes in the largest strongly connected component", () => {
      expect(g.nodeCount).toBeGreaterThan(minNodes);
      expect(g.mainComponentSize() / g.nodeCount).toBeGreaterThan(0.85);
    });

    it("has network distances that are sane detours of the straight line", () => {
      const f = detourFactors(g, 42, 200);
      expect(f[0]).toBeGreaterThanOrEqual(0.999); // never shorter than the straight line
      const median = f[Math.floor(f.length / 2)];
      expect(median).toBeGreaterThan(1.1);
      expect(median).toBeLessThan(1.7);
      expect(f[Math.floor(f.length * 0.95)]).toBeLessThan(3);
    });

    // No citable published car time lies inside the Tampere extract (see reference-times.test.ts for
    // Helsinki's), so this is a plausibility bound: trips of 8 km or more, straight line, average
    // 25–90 km/h over the network, between city streets and the 100–120 km/h ring road.
    it.runIf(name === "Tampere")("has plausible average speeds on long trips", () => {
      const main: number[] = [];
      for (let i = 0; i < g.nodeCount; i++) if (g.mainComponent[i]) main.push(i);
      const r = rng(3);
      const s = new TravelTimeSearch(g.forward("car"));
      let checked = 0;
      while (checked < 30) {
        const a = main[Math.floor(r() * main.length)];
        const b = main[Math.floor(r() * main.length)];
        if (haversineM(g.lon(a), g.lat(a), g.lon(b), g.lat(b)) < 8000) continue;
        s.run([a], undefined, { trackPath: true, targets: [b], cutoffDs: 1e7 });
        const kmh = s.lengthM[b] / 1000 / (s.timeDs[b] / 36000);
        expect(kmh).toBeGreaterThan(25);
        expect(kmh).toBeLessThan(90);
        checked++;
      }
    });

    // Issue 19: 23.639812, 61.450887 is the node where a one-way road ends (its head). Reached only
    // down that road, the trip from 23.7610, 61.4978 took 930.8 s; from the other roads into the
    // node it takes what a place 0.1 m away (snapped to another road) takes.
    it.runIf(name === "Tampere")("reaches a place on the node where a one-way road ends by every road into that node, and leaves a one-way road's tail node by every road", () => {
      const router = new Router(g);
      const from = router.place("from", 23.761, 61.4978);
      const tailOf = (e: number) => g.edgeTail()[e];
      const atNode = router.place("node", 23.639812, 61.450887);
      expect(atNode.snap.twin).toBe(-1);
      expect(atNode.snap.distanceM).toBe(0);
      // A one-way road ends at the node and another begins there: the snap, a tie at 0 m, may land on either end.
      expect([0, 1]).toContain(atNode.snap.t);
      const node = atNode.snap.t === 1 ? g.head[atNode.snap.edge] : tailOf(atNode.snap.edge);
      const oneWay = Array.from({ length: g.edgeCount }, (_, e) => e).find((e) => g.head[e] === node && g.findEdge(node, tailOf(e)) < 0)!;
      const onHead = { ...atNode.snap, edge: oneWay, t: 1 };
      const beside = router.place("beside", 23.639812, 61.450897);
      expect(beside.snap.edge).not.toBe(oneWay);
      const toNode = router.route(from, atNode, "car")!.timeDs;
      const toBeside = router.route(from, beside, "car")!.timeDs;
      expect(toNode).toBeLessThan(9308);
      expect(Math.abs(toNode - toBeside)).toBeLessThanOrEqual(2);
      // A place on a one-way road's tail node leaves from the node as well, not only down the road.
      const onTail = { ...onHead, t: 0, lon: g.lon(tailOf(oneWay)), lat: g.lat(tailOf(oneWay)) };
      expect(pointLinks(g, onTail, "car", "out")).toContainEqual({ node: tailOf(oneWay), offsetDs: 0, offsetM: 0 });
      expect(pointLinks(g, onHead, "car", "in")).toContainEqual({ node, offsetDs: 0, offsetM: 0 });
      // Part-way along the road, neither end is a way in or out of its own.
      expect(pointLinks(g, { ...onHead, t: 0.5 }, "car", "in").map((l) => l.node)).toEqual([tailOf(oneWay)]);
    });
  });
}
