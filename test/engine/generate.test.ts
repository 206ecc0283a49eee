// The generated road-like graphs used for scale tests and benchmarks (GENERATED, not real roads).
import { describe, expect, it } from "vitest";
import { generateRoadGraph, UUSIMAA_BBOX, type Bbox } from "../../engine/generate.ts";
import { checksum32 } from "../../engine/serialize.ts";
import { CLASS_INDEX, FERRY_CLASS, ROAD_CLASSES, SPEED_REDUCTION } from "../../engine/profiles.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { TravelTimeSearch } from "../../engine/search.ts";
import { haversineM, timeDsFor, UNREACHED } from "../../engine/units.ts";
import { rng } from "../fixtures/random-graph.ts";

const SMALL: Bbox = [24.5, 60.1, 25.3, 60.4];
const fingerprint = (g: ReturnType<typeof generateRoadGraph>["graph"]) =>
  [checksum32(new Uint8Array(g.head.buffer, g.head.byteOffset, g.head.byteLength)), checksum32(new Uint8Array(g.timeDs[0].buffer, g.timeDs[0].byteOffset, g.timeDs[0].byteLength))];

describe("generateRoadGraph", () => {
  const { graph: g, meta } = generateRoadGraph({ seed: 3, bbox: SMALL, targetNodes: 20_000 });

  it("is labelled generated and deterministic for a seed", () => {
    expect(meta.generated).toBe(true);
    expect(fingerprint(generateRoadGraph({ seed: 3, bbox: SMALL, targetNodes: 20_000 }).graph)).toEqual(fingerprint(g));
    expect(fingerprint(generateRoadGraph({ seed: 4, bbox: SMALL, targetNodes: 20_000 }).graph)).not.toEqual(fingerprint(g));
  });

  it("makes about the requested number of nodes, most in one strongly connected component", () => {
    for (const [bbox, n] of [[SMALL, 20_000], [UUSIMAA_BBOX, 200_000]] as const) {
      const graph = n === 20_000 ? g : generateRoadGraph({ seed: 1, bbox, targetNodes: n }).graph;
      expect(Math.abs(graph.nodeCount / n - 1)).toBeLessThan(0.15);
      expect(graph.mainComponentSize() / graph.nodeCount).toBeGreaterThan(0.9);
    }
  });

  it("has one-way streets, one-way motorway carriageways, cut-off islands and ferry-only islands", () => {
    const tail = g.edgeTail();
    let oneway = 0;
    let ferries = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      const back = g.findEdge(g.head[e], tail[e]) >= 0;
      if (!back) oneway++;
      if (g.roadClass[e] === CLASS_INDEX.motorway) expect(back).toBe(false);
      if (g.roadClass[e] === FERRY_CLASS) {
        ferries++;
        expect(back).toBe(true);
        // An island at one end: by road alone, that end reaches only a handful of nodes.
        expect(Math.min(reachByRoad(g, tail[e]), reachByRoad(g, g.head[e]))).toBeLessThan(100);
      }
    }
    expect(oneway).toBeGreaterThan(100);
    expect(ferries).toBeGreaterThan(0);
    expect(g.mainComponentSize()).toBeLessThan(g.nodeCount);
  });

  it("times every edge by its class's speed", () => {
    const tail = g.edgeTail();
    for (let e = 0; e < g.edgeCount; e += 7) {
      const c = ROAD_CLASSES[g.roadClass[e]];
      const factor = g.roadClass[e] === FERRY_CLASS ? 1 : SPEED_REDUCTION;
      const len = haversineM(g.lon(tail[e]), g.lat(tail[e]), g.lon(g.head[e]), g.lat(g.head[e]));
      expect(Math.abs(g.timeDs[0][e] - timeDsFor(len, c.summerKmh * factor))).toBeLessThanOrEqual(1);
      expect(Math.abs(g.timeDs[1][e] - timeDsFor(len, c.winterKmh * factor))).toBeLessThanOrEqual(1);
    }
  });

  it("has road-like detours: network over straight-line length has a median between 1.1 and 2", () => {
    const main: number[] = [];
    for (let i = 0; i < g.nodeCount; i++) if (g.mainComponent[i]) main.push(i);
    const r = rng(5);
    const s = new TravelTimeSearch(g.forward("car"));
    const ratios: number[] = [];
    while (ratios.length < 40) {
      const a = main[Math.floor(r() * main.length)];
      const b = main[Math.floor(r() * main.length)];
      const straight = haversineM(g.lon(a), g.lat(a), g.lon(b), g.lat(b));
      if (straight < 2000) continue;
      s.run([a], undefined, { trackPath: true, targets: [b], cutoffDs: 1e9 });
      expect(s.timeDs[b]).not.toBe(UNREACHED);
      ratios.push(s.lengthM[b] / straight);
    }
    ratios.sort((x, y) => x - y);
    expect(ratios[0]).toBeGreaterThanOrEqual(0.99);
    expect(ratios[20]).toBeGreaterThan(1.1);
    expect(ratios[20]).toBeLessThan(2);
  });

  it("builds streets at the given towns, on the main network", () => {
    const towns = [
      { lon: 24.94, lat: 60.17, weight: 650_000 },
      { lon: 25.66, lat: 60.39, weight: 50_000 },
      { lon: 23.43, lat: 59.97, weight: 27_000 },
    ];
    const { graph } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: 50_000, towns });
    for (const t of towns) {
      let best = Infinity;
      for (let i = 0; i < graph.nodeCount; i++) {
        if (graph.mainComponent[i]) best = Math.min(best, haversineM(t.lon, t.lat, graph.lon(i), graph.lat(i)));
      }
      expect(best).toBeLessThan(300);
    }
  });

  it("refuses bad arguments with InvalidInputError", () => {
    expect(() => generateRoadGraph({ seed: 1.5, bbox: SMALL, targetNodes: 20_000 })).toThrow(InvalidInputError);
    expect(() => generateRoadGraph({ seed: 1, bbox: [25, 60, 24, 61], targetNodes: 20_000 })).toThrow(InvalidInputError);
    expect(() => generateRoadGraph({ seed: 1, bbox: SMALL, targetNodes: 10 })).toThrow(InvalidInputError);
    expect(() => generateRoadGraph({ seed: 1, bbox: SMALL, targetNodes: 20_000, towns: [{ lon: 30, lat: 60.2, weight: 1 }] })).toThrow(InvalidInputError);
  });
});

/** How many nodes `from` reaches without ferries (breadth-first over forward edges). */
function reachByRoad(g: RoadGraph, from: number): number {
  const seen = new Uint8Array(g.nodeCount);
  const queue = [from];
  seen[from] = 1;
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i];
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      const v = g.head[e];
      if (g.roadClass[e] !== FERRY_CLASS && !seen[v]) {
        seen[v] = 1;
        queue.push(v);
      }
    }
  }
  return queue.length;
}
