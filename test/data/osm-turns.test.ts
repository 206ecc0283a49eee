// Turn restrictions and traffic controls read from OSM: fixtures written in code, imported through
// the real XML reader and importer; then the real Helsinki extract through the PBF reader.
// Distances in the drawings are metres.
import { describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { deserializeGraph, serializeGraph } from "../../engine/serialize.ts";
import { DIRECTIONAL, NODE_CONTROLS } from "../../engine/turn-costs.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { Router } from "../../engine/route.ts";
import { modelProfile } from "../../engine/road-model.ts";
import { TurnModel } from "../../engine/turns.ts";
import { lonLat, nodeAt, osmXml, tempFile, type FixtureRelation, type FixtureWay } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

//            4 (0, 100)
//            |
//  1 ─────── 2 ─────── 3        1 (-100, 0), 2 (0, 0), 3 (100, 0); 5 (0, -100)
//            |
//            5
// Ways: 10 = 1–2 (west arm), 11 = 2–3 (east arm), 12 = 5–2 (south arm), 13 = 2–4 (north arm),
// each ending at 2 as OSM restrictions require; 14 = 1–2–3 (a way through 2, for the ambiguous case).
const NODES: Record<number, [number, number]> = { 1: [-100, 0], 2: [0, 0], 3: [100, 0], 4: [0, 100], 5: [0, -100] };
const road = (id: number, nodes: number[]): FixtureWay => ({ id, nodes, tags: { highway: "residential" } });
const ARMS = [road(10, [1, 2]), road(11, [2, 3]), road(12, [5, 2]), road(13, [2, 4])];
const restriction = (id: number, from: number, via: number, to: number, tags: Record<string, string>, viaType: "node" | "way" = "node"): FixtureRelation => ({
  id,
  members: [
    { type: "way", ref: from, role: "from" },
    { type: viaType, ref: via, role: "via" },
    { type: "way", ref: to, role: "to" },
  ],
  tags: { type: "restriction", ...tags },
});

async function imported(ways: FixtureWay[], extra: Parameters<typeof osmXml>[2]) {
  return importOsm(tempFile("turns.osm", osmXml(NODES, ways, extra)));
}

/** The restrictions as "from node > via node > to node: kind", by fixture node id. */
function restrictionsOf(g: RoadGraph): string[] {
  const id = new Map(Object.entries(NODES).map(([k, [x, y]]) => [nodeAt(g, x, y), k]));
  const tail = g.edgeTail();
  return Array.from(g.restrictionFrom, (f, i) => `${id.get(tail[f])}>${id.get(g.head[f])}>${id.get(g.head[g.restrictionTo[i]])}: ${g.restrictionOnly[i] ? "only" : "no"}`).sort();
}

describe("turn restrictions from type=restriction relations", () => {
  it("via a node: no_* forbids one transition, only_* names the only one; each edge pair is the drawn one", async () => {
    const { graph, stats } = await imported(ARMS, {
      relations: [restriction(100, 12, 2, 10, { restriction: "no_left_turn" }), restriction(101, 10, 2, 11, { restriction: "only_straight_on" })],
    });
    expect(restrictionsOf(graph)).toEqual(["1>2>3: only", "5>2>1: no"]);
    expect(stats).toMatchObject({ restrictionsApplied: 2, restrictionsViaWay: 0, restrictionsUnresolved: 0 });
  });

  it("restriction:motorcar wins over restriction, except=motorcar exempts cars, other vehicles' restrictions are not read", async () => {
    const { graph, stats } = await imported(ARMS, {
      relations: [
        restriction(100, 12, 2, 10, { restriction: "no_left_turn", except: "bicycle;motorcar" }),
        restriction(101, 10, 2, 11, { "restriction:hgv": "no_straight_on" }),
        restriction(102, 11, 2, 12, { restriction: "only_left_turn", "restriction:motorcar": "no_left_turn" }),
        restriction(103, 13, 2, 13, { type: "multipolygon" }),
      ],
    });
    expect(restrictionsOf(graph)).toEqual(["3>2>5: no"]);
    expect(stats.restrictionsApplied).toBe(1);
  });

  it("via a way is counted and not applied; a from way running through the via node, or a turn against a one-way, is not applied", async () => {
    const oneway = { id: 12, nodes: [2, 5], tags: { highway: "residential", oneway: "yes" } };
    const { graph, stats } = await imported([road(10, [1, 2]), road(11, [2, 3]), oneway, road(13, [2, 4]), road(14, [1, 2, 3])], {
      relations: [
        restriction(100, 10, 13, 11, { restriction: "no_u_turn" }, "way"),
        restriction(101, 14, 2, 13, { restriction: "no_left_turn" }),
        restriction(102, 12, 2, 13, { restriction: "no_straight_on" }),
      ],
    });
    expect(graph.restrictionFrom.length).toBe(0);
    expect(stats).toMatchObject({ restrictionsApplied: 0, restrictionsViaWay: 1, restrictionsUnresolved: 2 });
  });

  it("survive the graph file", async () => {
    const { graph } = await imported(ARMS, { relations: [restriction(100, 12, 2, 10, { restriction: "no_left_turn" })] });
    const back = deserializeGraph(serializeGraph(graph)).graph;
    expect(restrictionsOf(back)).toEqual(["5>2>1: no"]);
  });
});

describe("traffic controls from node tags", () => {
  it("highway=traffic_signals, crossing=traffic_signals, stop, give_way and crossing; other node tags are none", async () => {
    const { graph, stats } = await imported([road(10, [1, 2, 3]), road(12, [5, 2, 4])], {
      nodeTags: {
        1: { highway: "stop" },
        2: { highway: "traffic_signals" },
        3: { highway: "crossing", crossing: "traffic_signals" },
        4: { highway: "give_way" },
        5: { highway: "crossing", crossing: "uncontrolled", name: "Suojatie" },
      },
    });
    const control = (id: number) => NODE_CONTROLS[graph.nodeControl[nodeAt(graph, ...NODES[id])] & ~DIRECTIONAL];
    expect([1, 2, 3, 4, 5].map(control)).toEqual(["stop", "traffic_signals", "traffic_signals", "give_way", "crossing"]);
    expect(stats.controlledNodes).toBe(5);
    const plain = await imported([road(10, [1, 2, 3]), road(12, [5, 2, 4])], { nodeTags: { 2: { highway: "street_lamp" }, 3: { barrier: "bollard" } } });
    expect(plain.stats.controlledNodes).toBe(0);
    expect(deserializeGraph(serializeGraph(graph)).graph.nodeControl).toEqual(graph.nodeControl);
  });
});

describe("the real central Helsinki extract (PBF): signals and restrictions are read", () => {
  // When written: 874 signal nodes, 6 stop, 118 give way, 1,465 crossings (76 controls bound to
  // one direction); 114 restriction transitions applied, 3 via a way, 18 not applicable.
  it("hundreds of signals and crossings, and a hundred restrictions applied", async () => {
    const { graph, stats } = await importOsm(sharedData("osm/helsinki-centre.osm.pbf"));
    const count = (c: string) => graph.nodeControl.filter((x) => NODE_CONTROLS[x & ~DIRECTIONAL] === c).length;
    expect(count("traffic_signals")).toBeGreaterThan(500);
    expect(count("crossing")).toBeGreaterThan(1000);
    expect(count("give_way")).toBeGreaterThan(50);
    expect(count("stop")).toBeGreaterThan(0);
    expect(stats.controlledNodes).toBe(count("traffic_signals") + count("stop") + count("give_way") + count("crossing"));
    expect(stats.restrictionsApplied).toBeGreaterThan(100);
    expect(stats.restrictionsViaWay).toBeGreaterThan(0);
    expect(graph.nodeControl.filter((x) => x & DIRECTIONAL).length).toBeGreaterThan(50);
    // Each bound edge arrives at a directional control.
    expect(graph.controlEdges.length).toBeGreaterThan(50);
    for (const e of graph.controlEdges) expect(graph.nodeControl[graph.head[e]] & DIRECTIONAL).toBe(DIRECTIONAL);
  });
});

// Each rule on the road: the same crossroads with arms of two 100 m residential segments, places at
// the arms' dead ends, times by hand from the edge time of one segment (100 m at the posted 40 km/h
// on the turns model, 90 ds; 0.8 of it on the plain model, ~112.5 ds) and the figures of
// engine/turn-costs.ts (R5's): right 10 s, left 30 s, U-turn 90 s, nothing at signals and signs. The
// controls are read all the same, and a model given OSRM's figures charges them (signal and stop
// 2 s, give way and crossing 1 s).
//
//                 4 (0, 200)
//                 8
//   1 ──── 6 ──── 2 ──── 7 ──── 3        1 (-200, 0) ... 3 (200, 0)
//                 9
//                 5 (0, -200)
describe("the turns model on a crossroads, by hand", () => {
  const X: Record<number, [number, number]> = {
    1: [-200, 0], 6: [-100, 0], 2: [0, 0], 7: [100, 0], 3: [200, 0], 4: [0, 200], 8: [0, 100], 5: [0, -200], 9: [0, -100],
  };
  const WAYS = [road(10, [1, 6, 2]), road(11, [2, 7, 3]), road(12, [5, 9, 2]), road(13, [2, 8, 4])];
  const crossroads = async (extra: Parameters<typeof osmXml>[2] = {}, ways = WAYS) =>
    (await importOsm(tempFile("crossroads.osm", osmXml(X, ways, extra)))).graph;
  /** Time (ds) on the road between two fixture nodes on a model: the trip less its two connectors (the places sit a few mm off the nodes: 1 ds each). */
  const time = (g: RoadGraph, a: number, b: number, model: "plain" | "turns" = "turns") => {
    const r = new Router(g, undefined, model);
    const [pa, pb] = [r.place("a", ...lonLat(...X[a])), r.place("b", ...lonLat(...X[b]))];
    return r.route(pa, pb, "car")!.timeDs - pa.connectorDs - pb.connectorDs;
  };
  const edge = (g: RoadGraph, a: number, b: number) => g.findEdge(nodeAt(g, ...X[a]), nodeAt(g, ...X[b]));
  /** Time (ds) of the segment between two fixture nodes on a model's edge times. */
  const segment = (g: RoadGraph, a: number, b: number, model: "plain" | "turns" = "turns") => g.timeColumn(modelProfile("car", model))[edge(g, a, b)];
  /** Time (ds) of the segments along a path of fixture nodes, on the turns model's edge times (the posted limit). */
  const path = (g: RoadGraph, ...ids: number[]) => ids.slice(1).reduce((sum, id, i) => sum + segment(g, ids[i], id), 0);
  /** The same on the plain model's (0.8 × the limit). */
  const plainPath = (g: RoadGraph, ...ids: number[]) => ids.slice(1).reduce((sum, id, i) => sum + segment(g, ids[i], id, "plain"), 0);
  /** What a model charges passing through the nodes of a path of fixture nodes (turns and controls), ds. */
  const charged = (model: TurnModel, g: RoadGraph, ...ids: number[]) => ids.slice(2).reduce((sum, id, i) => sum + model.turnDs(edge(g, ids[i], ids[i + 1]), edge(g, ids[i + 1], id)), 0);
  const OSRM_DELAYS = { none: 0, traffic_signals: 2, stop: 2, give_way: 1, crossing: 1 } as const;

  it("straight on costs nothing, a right turn 10 s, a left turn 30 s; the plain model charges none", async () => {
    const g = await crossroads();
    expect(segment(g, 5, 9)).toBe(90);
    expect(segment(g, 5, 9, "plain")).toBeGreaterThanOrEqual(112);
    expect(segment(g, 1, 6, "plain")).toBeLessThanOrEqual(113);
    expect(time(g, 5, 4)).toBe(path(g, 5, 9, 2, 8, 4));
    expect(time(g, 5, 3)).toBe(path(g, 5, 9, 2, 7, 3) + 100);
    expect(time(g, 5, 1)).toBe(path(g, 5, 9, 2, 6, 1) + 300);
    expect(time(g, 5, 1, "plain")).toBe(plainPath(g, 5, 9, 2, 6, 1));
  });

  it("a no-left-turn sends the car on to a dead end, round with a U-turn (90 s) and back, then right; never back mid-road", async () => {
    const g = await crossroads({ relations: [restriction(100, 12, 2, 10, { restriction: "no_left_turn" })] });
    // 5 → 2, on to a dead end (straight 0 to 4, or right 10 s to 3), U-turn 90 s, back to 2, then
    // right (10 s) or straight (0) to 1: 100 s of turns either way. Turning back at the chain node 8
    // or 7 (mid-road) would save two segments; it is not allowed.
    const viaNorth = path(g, 5, 9, 2, 8, 4, 8, 2, 6, 1) + 1000;
    const viaEast = path(g, 5, 9, 2, 7, 3, 7, 2, 6, 1) + 1000;
    expect(time(g, 5, 1)).toBe(Math.min(viaNorth, viaEast));
    expect(time(g, 5, 1, "plain")).toBe(plainPath(g, 5, 9, 2, 6, 1));
    expect(time(g, 5, 3)).toBe(path(g, 5, 9, 2, 7, 3) + 100);
  });

  it("an only-straight-on lets the car only across; a turn from that arm goes by the far dead end", async () => {
    const g = await crossroads({ relations: [restriction(101, 10, 2, 11, { restriction: "only_straight_on" })] });
    expect(time(g, 1, 3)).toBe(path(g, 1, 6, 2, 7, 3));
    // Across to 3, U-turn 90 s, back to 2, right to 4 (10 s)…
    expect(time(g, 1, 4)).toBe(path(g, 1, 6, 2, 7, 3, 7, 2, 8, 4) + 1000);
    // …or left to 5 (30 s).
    expect(time(g, 1, 5)).toBe(path(g, 1, 6, 2, 7, 3, 7, 2, 9, 5) + 1200);
    // The rule binds only the arm it names: from 5, a left turn to 1 is allowed.
    expect(time(g, 5, 1)).toBe(path(g, 5, 9, 2, 6, 1) + 300);
  });

  it("a signal and a stop sign cost nothing in R5's scheme; with OSRM's figures 2 s each, a give-way and a crossing 1 s, a signalled crossing 2 s", async () => {
    const cases: [Record<number, Record<string, string>>, number][] = [
      [{ 2: { highway: "traffic_signals" } }, 20],
      [{ 2: { highway: "stop" } }, 20],
      [{ 2: { highway: "give_way" } }, 10],
      [{ 9: { highway: "crossing", crossing: "zebra" } }, 10],
      [{ 9: { highway: "crossing", crossing: "traffic_signals" } }, 20],
      [{ 2: { highway: "traffic_signals" }, 9: { highway: "crossing" }, 8: { highway: "stop" } }, 50],
    ];
    for (const [nodeTags, extraDs] of cases) {
      const g = await crossroads({ nodeTags });
      expect(time(g, 5, 4), JSON.stringify(nodeTags)).toBe(path(g, 5, 9, 2, 8, 4));
      expect(time(g, 5, 4, "plain")).toBe(plainPath(g, 5, 9, 2, 8, 4));
      expect(charged(new TurnModel(g, "car:turns", { nodeDelayS: OSRM_DELAYS }), g, 5, 9, 2, 8, 4), JSON.stringify(nodeTags)).toBe(extraDs);
    }
  });

  it("a signal or sign tagged for one direction binds only traffic that way along its way (way 12 runs 5 → 9 → 2)", async () => {
    const cases: [Record<string, string>, number, number][] = [
      [{ highway: "traffic_signals", "traffic_signals:direction": "forward" }, 20, 0],
      [{ highway: "traffic_signals", "traffic_signals:direction": "backward" }, 0, 20],
      [{ highway: "traffic_signals", direction: "backward" }, 0, 20],
      [{ highway: "stop", direction: "forward" }, 20, 0],
      [{ highway: "give_way", direction: "both" }, 10, 10],
    ];
    for (const [tags, northDs, southDs] of cases) {
      const g = await crossroads({ nodeTags: { 9: tags } });
      const osrm = new TurnModel(g, "car:turns", { nodeDelayS: OSRM_DELAYS });
      expect(charged(osrm, g, 5, 9, 2, 8, 4), `${JSON.stringify(tags)} northbound`).toBe(northDs);
      expect(charged(osrm, g, 4, 8, 2, 9, 5), `${JSON.stringify(tags)} southbound`).toBe(southDs);
    }
  });

  it("a footway is no shortcut for a car: from 5 to 1 by the roads, left turn included", async () => {
    const footway: FixtureWay = { id: 20, nodes: [5, 1], tags: { highway: "footway" } };
    const g = await crossroads({}, [...WAYS, footway]);
    expect(g.edgeCount).toBe(16);
    expect(time(g, 5, 1)).toBe(path(g, 5, 9, 2, 6, 1) + 300);
    expect(time(g, 5, 1, "plain")).toBe(plainPath(g, 5, 9, 2, 6, 1));
  });
});
