// Road models (engine/road-model.ts): the analysis's surfaces on the turns model are the turn
// surface's, scenarios on it equal a fresh whole run after every change (a GENERATED graph with
// random signals, signs and turn restrictions), and a time of day under the turns model charges a
// junction once, worked by hand on a drawn junction; modelReach's times at every node and at places
// on the turns model equal a full-graph edge search's from the same seeds, and are never below a
// node search's on the turns model's own edge times (R5's scheme: the posted limit, so the turns
// model may beat the plain model's 0.8 × limit where a trip turns little):
//
//            N            all residential, two-way, 100 m, 120 ds stored (0.8 × a posted 37.5 km/h;
//            |            96 ds at the limit); J a junction with traffic lights
//   W ——— J ——— E
import { beforeAll, describe, expect, it } from "vitest";
import { GraphBuilder, type RoadGraph } from "../../engine/graph.ts";
import { generateRoadGraph, type Bbox } from "../../engine/generate.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { gridForBbox } from "../../engine/grid.ts";
import { linkCells, travelTimeSurface, type CellLinks } from "../../engine/surface.ts";
import { turnTravelTimeSurface } from "../../engine/turn-surface.ts";
import { levelSurfaces, targetsFor } from "../../engine/levels.ts";
import { analyse, placeServices } from "../../engine/analysis.ts";
import { IncrementalLevels, type LevelState } from "../../engine/incremental.ts";
import { applyChanges, type ScenarioChange } from "../../engine/scenario.ts";
import { LEVELS, type ServiceLevel, type ServicePoint } from "../../engine/services.ts";
import { checkRoadModel, modelProfile, modelReach, modelTravelTimeSurface } from "../../engine/road-model.ts";
import { TurnModel } from "../../engine/turns.ts";
import { TurnSearch } from "../../engine/turn-search.ts";
import { placeTrip, placesSeeds } from "../../engine/turn-places.ts";
import { Router } from "../../engine/route.ts";
import { CLASS_INDEX } from "../../engine/profiles.ts";
import { NODE_CONTROLS } from "../../engine/turn-costs.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { UNREACHED } from "../../engine/units.ts";
import { rng, withTurnRules } from "../fixtures/random-graph.ts";

const BBOX: Bbox = [24.6, 60.15, 25.2, 60.45];
const CUTOFF_DS = 90 * 600;

function point(id: string, level: ServiceLevel, lon: number, lat: number, open = true): ServicePoint {
  return { id, name: { fi: id, sv: id }, municipality: "091", lon, lat, level, open };
}

const sameArray = (a: Uint32Array, b: Uint32Array) => a.length === b.length && a.every((v, i) => v === b[i]);
/** The edge times the turns model drives free flow on: the posted limit. */
const TURNS_CAR = modelProfile("car", "turns");

describe("road models on a GENERATED graph with random signals, signs and restrictions", () => {
  let graph: RoadGraph;
  let snapIndex: SnapIndex;
  let links: CellLinks;
  beforeAll(() => {
    graph = withTurnRules(generateRoadGraph({ seed: 9, bbox: BBOX, targetNodes: 12_000 }).graph, 5);
    snapIndex = new SnapIndex(graph);
    links = linkCells(snapIndex, gridForBbox(BBOX, 1000), { maxConnectorM: 1000 });
  });

  it("gives the analysis's level surfaces from the turn surface on turns, the plain one on plain; turns never faster than a node search on its own edge times", () => {
    const r = rng(3);
    const points = Array.from({ length: 6 }, (_, i) => point(`p${i}`, (["L", "A", "E"] as const)[i % 3], BBOX[0] + r() * 0.6, BBOX[1] + r() * 0.3));
    const { placed } = placeServices(snapIndex, points, 5000);
    const turns = levelSurfaces(graph, links, placed, { model: "turns", cutoffDs: CUTOFF_DS });
    const plain = levelSurfaces(graph, links, placed, { cutoffDs: CUTOFF_DS });
    let slower = 0;
    for (const level of LEVELS) {
      const targets = targetsFor(placed, level);
      expect(sameArray(turns[level], turnTravelTimeSurface(graph, links, targets, { cutoffDs: CUTOFF_DS, profile: TURNS_CAR })), level).toBe(true);
      expect(sameArray(plain[level], travelTimeSurface(graph, links, targets, { cutoffDs: CUTOFF_DS })), level).toBe(true);
      const free = travelTimeSurface(graph, links, targets, { cutoffDs: CUTOFF_DS, profile: TURNS_CAR });
      for (let c = 0; c < plain[level].length; c++) {
        expect(turns[level][c]).toBeGreaterThanOrEqual(free[c]);
        if (turns[level][c] > free[c] && turns[level][c] !== UNREACHED) slower++;
      }
    }
    expect(slower).toBeGreaterThan(100);
  });

  for (const direction of ["from", "to"] as const) {
    it(`modelReach ${direction} three places: on turns every node's time is a full-graph edge search's from the same seeds, never below a node search's on its edge times; places read alike`, () => {
      const r = rng(41);
      const router = new Router(graph, snapIndex);
      const somewhere = (i: number) => router.place(`p${i}`, BBOX[0] + 0.1 + r() * 0.4, BBOX[1] + 0.05 + r() * 0.2, 5000);
      const origins = [0, 1, 2].map(somewhere);
      const others = [3, 4, 5, 6, 7].map(somewhere);
      const cutoffDs = 20 * 600;
      const turns = modelReach(graph, origins, { model: "turns", direction, cutoffDs });
      const plain = modelReach(graph, origins, { direction, cutoffDs, profile: TURNS_CAR });
      const full = new TurnSearch(new TurnModel(graph, TURNS_CAR), direction === "from" ? "forward" : "reverse");
      full.run(placesSeeds(full, origins), { cutoffDs });
      // Beyond the cutoff is beyond every band: read both as unreached there.
      const within = (t: number) => (t === UNREACHED || t > cutoffDs ? UNREACHED : Math.round(t));
      let reached = 0;
      let slower = 0;
      for (let v = 0; v < graph.nodeCount; v++) {
        const t = within(turns.nodeDs[v]);
        expect(t, `node ${v}`).toBe(within(full.nodeDs(v)));
        if (t === UNREACHED) continue;
        reached++;
        expect(t).toBeGreaterThanOrEqual(plain.nodeDs[v]);
        if (t > plain.nodeDs[v]) slower++;
      }
      expect(reached).toBeGreaterThan(500);
      expect(slower).toBeGreaterThan(reached / 2);
      for (const p of others) {
        const trip = placeTrip(full, p.snap);
        expect(within(turns.placeDs(p))).toBe(trip ? within(trip.timeDs + p.connectorDs) : UNREACHED);
        if (turns.placeDs(p) !== UNREACHED) expect(turns.placeDs(p)).toBeGreaterThanOrEqual(plain.placeDs(p));
      }
    });
  }

  it("scenarios on turns equal a fresh whole run after every change of random closures, openings, re-levels, moves and additions", () => {
    const r = rng(23);
    const levels: ServiceLevel[] = ["L", "A", "E"];
    const somewhere = () => [BBOX[0] + r() * (BBOX[2] - BBOX[0]), BBOX[1] + r() * (BBOX[3] - BBOX[1])] as const;
    const inc = new IncrementalLevels(graph, snapIndex, links, { model: "turns", cutoffDs: CUTOFF_DS, maxSnapM: 5000 });
    let points: ServicePoint[] = Array.from({ length: 8 }, (_, i) => point(`p${i}`, levels[Math.floor(r() * 3)], ...somewhere()));
    let state: LevelState = inc.full(points);
    const ops = new Set<string>();
    for (let step = 0; step < 14; step++) {
      const target = points[Math.floor(r() * points.length)].id;
      const kind = step % 5;
      const change: ScenarioChange =
        kind === 0 ? { op: "close", id: target }
        : kind === 1 ? { op: "relevel", id: target, level: levels[Math.floor(r() * 3)] }
        : kind === 2 ? { op: "move", id: target, lon: somewhere()[0], lat: somewhere()[1] }
        : kind === 3 ? { op: "add", point: point(`new${step}`, levels[Math.floor(r() * 3)], ...somewhere()) }
        : { op: "open", id: target };
      ops.add(change.op);
      points = applyChanges(points, [change]);
      state = inc.update(state, points);
      const fresh = levelSurfaces(graph, links, placeServices(snapIndex, points, 5000).placed, { model: "turns", cutoffDs: CUTOFF_DS });
      for (const level of LEVELS) expect(sameArray(state.surfaces[level], fresh[level]), `step ${step} ${change.op} ${level}`).toBe(true);
    }
    expect([...ops].sort()).toEqual(["add", "close", "move", "open", "relevel"]);
  });

  it("analyse takes the model for cells and centres alike", () => {
    const points = [point("a", "E", 24.8, 60.25), point("b", "L", 25.0, 60.35)];
    const cells = links.edge.length;
    const input = {
      graph, snapIndex, links, services: points, population: new Uint32Array(cells).fill(1), areas: [{ id: "x", name: "x", centre: { lon: 24.9, lat: 60.3 } }],
      areaOfCell: new Int32Array(cells), thresholdsMin: [30, 90], maxSnapM: 5000,
    };
    const turns = analyse({ ...input, model: "turns" });
    const plain = analyse(input);
    const placed = placeServices(snapIndex, points, 5000).placed;
    expect(sameArray(turns.surfaces.E, turnTravelTimeSurface(graph, links, targetsFor(placed, "E"), { cutoffDs: CUTOFF_DS, profile: TURNS_CAR }))).toBe(true);
    expect(turns.centreDs.L[0]).not.toBe(plain.centreDs.L[0]);
  });

  it("refuses a model that is not one, naming `model`, and a search of the other model", () => {
    for (const bad of ["turn", "", "PLAIN", 3]) {
      let err: unknown;
      try {
        checkRoadModel(bad);
      } catch (e) {
        err = e;
      }
      expect(err, String(bad)).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).field).toBe("model");
    }
    expect(() => new IncrementalLevels(graph, snapIndex, links, { model: "bends" as never })).toThrow(InvalidInputError);
  });
});

describe("a time of day under the turns model charges each junction once (hand-worked)", () => {
  const P = { W: [24.0, 60.0], J: [24.002, 60.0], E: [24.004, 60.0], N: [24.002, 60.001] } as const;
  type Name = keyof typeof P;
  const b = new GraphBuilder(["car"]);
  const id = Object.fromEntries(Object.entries(P).map(([k, [lon, lat]]) => [k, b.addNode(lon, lat)])) as Record<Name, number>;
  for (const [x, y] of [["W", "J"], ["J", "E"], ["J", "N"]] as const) {
    b.addEdge(id[x], id[y], 100, [120], CLASS_INDEX.residential);
    b.addEdge(id[y], id[x], 100, [120], CLASS_INDEX.residential);
  }
  b.setNodeControl(id.J, NODE_CONTROLS.indexOf("traffic_signals"));
  const g = b.build();
  // The built graph numbers its nodes its own way: find them by their places.
  const node = (n: Name) => [...Array(g.nodeCount).keys()].find((i) => g.lon(i) === P[n][0] && g.lat(i) === P[n][1])!;
  const edge = (x: Name, y: Name) => g.findEdge(node(x), node(y));
  const trip = (model: "plain" | "turns", profile: string) => {
    const router = new Router(g, undefined, model);
    return router.route(router.place("W", ...P.W), router.place("N", ...P.N), profile)!.timeDs;
  };

  it("W → J → N, a left turn at the lights: the rush hour's junction delay on plain, the turn on turns (R5: nothing at the lights), never both", () => {
    // Rush hour, plain: W → J at the limit (120 × 0.8 = 96 ds) + ½ × 10.633 s into a junction = 149 ds; J → N into a dead end, 96 ds.
    expect(trip("plain", "car-rush")).toBe(149 + 96);
    // Free flow, turns (R5's scheme): at the posted limit, 96 + left 300 + 96; the lights cost nothing.
    expect(trip("turns", "car")).toBe(492);
    // Rush hour, turns: the junction delay is left out (both would make 149 + 300 + 96 = 545); residential
    // streets keep the limit (the period slows only roads of 70 km/h or more): 492.
    expect(trip("turns", "car-rush")).toBe(492);
    // The columns the turns model drives on: the edge into J at the limit, not delayed.
    expect(g.timeColumn(modelProfile("car-rush", "turns"))[edge("W", "J")]).toBe(96);
    expect(g.timeColumn(modelProfile("car", "turns"))[edge("W", "J")]).toBe(96);
    expect(g.timeColumn("car-rush")[edge("W", "J")]).toBe(149);
    expect(modelProfile("car", "turns")).toBe("car:turns");
    expect(modelProfile("car-rush", "turns")).toBe("car-rush:turns");
    expect(modelProfile("car-rush", "plain")).toBe("car-rush");
  });

  it("the surfaces read the same rule: a cell at N to a service at W", () => {
    const snapIndex = new SnapIndex(g);
    const links = { edge: Int32Array.of(edge("J", "N")), twin: Int32Array.of(edge("N", "J")), t: Float32Array.of(1), connectorDs: Uint32Array.of(0) };
    const target = { snap: snapIndex.snap(...P.W, 10)!, connectorDs: 0 };
    // From N to W: a right turn at the lights (N → J heads south, J → W west: right, 100 ds), then J → W into a dead end, at the limit.
    expect(modelTravelTimeSurface(g, links, [target], { model: "turns", profile: "car-rush" })[0]).toBe(96 + 100 + 96);
    // Plain: N → J into the junction (96 + 53) and J → W, 96.
    expect(modelTravelTimeSurface(g, links, [target], { profile: "car-rush" })[0]).toBe(149 + 96);
  });
});
