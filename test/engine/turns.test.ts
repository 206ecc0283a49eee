// The turn model's rules at one node, on graphs built in code: classes by angle at R5's bounds,
// free bends and no turning back along a chain, the U-turn at a dead end, node delays, restrictions.
import { describe, expect, it } from "vitest";
import { GraphBuilder, RoadGraph } from "../../engine/graph.ts";
import { FORBIDDEN, TurnModel } from "../../engine/turns.ts";
import { Router } from "../../engine/route.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { NODE_CONTROLS } from "../../engine/turn-costs.ts";

const LAT0 = 60.2;
const M_PER_DEG = 111_195;
/** Lon/lat of a point `m` metres from (24.9, 60.2) at a compass bearing (degrees). */
const at = (bearingDeg: number, m = 100): [number, number] => {
  const b = (bearingDeg * Math.PI) / 180;
  return [24.9 + (m * Math.sin(b)) / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180)), LAT0 + (m * Math.cos(b)) / M_PER_DEG];
};

/**
 * A star: the centre C, a road in from the south (S → C, heading north) and one road out of C at
 * each bearing, each two-way so that C is a junction.
 */
function star(bearings: number[], control = 0): { g: RoadGraph; into: number; out: number[]; back: number } {
  const b = new GraphBuilder(["car"]);
  const c = b.addNode(...at(0, 0));
  const s = b.addNode(...at(180));
  b.addEdge(s, c, 100, [100], 11);
  b.addEdge(c, s, 100, [100], 11);
  for (const deg of bearings) {
    const v = b.addNode(...at(deg));
    b.addEdge(c, v, 100, [100], 11);
    b.addEdge(v, c, 100, [100], 11);
  }
  b.setNodeControl(c, control);
  const g = b.build();
  const node = (lonLat: [number, number]) => {
    for (let i = 0; i < g.nodeCount; i++) if (Math.abs(g.lon(i) - lonLat[0]) < 1e-7 && Math.abs(g.lat(i) - lonLat[1]) < 1e-7) return i;
    throw new Error("no such node");
  };
  const C = node(at(0, 0));
  const S = node(at(180));
  return { g, into: g.findEdge(S, C), out: bearings.map((deg) => g.findEdge(C, node(at(deg)))), back: g.findEdge(C, S) };
}

describe("turn classes by angle (R5's bounds: right from 27°, U from 153°, left from 207°, straight from 333°)", () => {
  const bearings = [0, 26, 28, 90, 152, 154, 206, 208, 270, 332, 334];
  const { g, into, out, back } = star(bearings);
  const model = new TurnModel(g, "car");

  it("classes each way out of a junction and charges its cost in ds", () => {
    expect(out.map((f) => model.turnClass(into, f))).toEqual(["straight", "straight", "right", "right", "right", "u-turn", "u-turn", "left", "left", "left", "straight"]);
    expect(out.map((f) => model.turnDs(into, f))).toEqual([0, 0, 100, 100, 100, 900, 900, 300, 300, 300, 0]);
    expect(model.turnDs(into, back)).toBe(900);
  });
});

describe("chains, dead ends and node delays", () => {
  //  S ── B          a bend of 90° at B (two neighbours): going on is free, turning back forbidden;
  //       |          E is a dead end: turning back there is a U-turn, 90 s.
  //       E
  const b = new GraphBuilder(["car"]);
  const S = b.addNode(...at(270));
  const B = b.addNode(...at(0, 0));
  const E = b.addNode(...at(180));
  for (const [u, v] of [[S, B], [B, S], [B, E], [E, B]]) b.addEdge(u, v, 100, [100], 11);
  b.setNodeControl(B, NODE_CONTROLS.indexOf("traffic_signals"));
  const g = b.build();
  const id = (lonLat: [number, number]) => [...Array(g.nodeCount).keys()].find((i) => Math.abs(g.lon(i) - lonLat[0]) < 1e-7 && Math.abs(g.lat(i) - lonLat[1]) < 1e-7)!;
  const [s, bend, e] = [id(at(270)), id(at(0, 0)), id(at(180))];
  const model = new TurnModel(g, "car");

  it("a bend in a chain costs no turn, only the node's signal (none in R5's scheme; 2 s with OSRM's figure); turning back mid-road is forbidden", () => {
    expect(model.turnClass(g.findEdge(s, bend), g.findEdge(bend, e))).toBe("right");
    expect(model.turnDs(g.findEdge(s, bend), g.findEdge(bend, e))).toBe(0);
    const osrm = new TurnModel(g, "car", { nodeDelayS: { none: 0, traffic_signals: 2, stop: 2, give_way: 1, crossing: 1 } });
    expect(osrm.turnDs(g.findEdge(s, bend), g.findEdge(bend, e))).toBe(20);
    expect(model.turnDs(g.findEdge(s, bend), g.findEdge(bend, s))).toBe(FORBIDDEN);
  });

  it("at a dead end the way back is a U-turn, 90 s", () => {
    expect(model.turnDs(g.findEdge(bend, e), g.findEdge(e, bend))).toBe(900);
  });

  it("figures given to the model replace the table's", () => {
    const free = new TurnModel(g, "car", { turnCostS: { straight: 0, right: 0, "u-turn": 5, left: 0 }, nodeDelayS: { none: 0, traffic_signals: 30, stop: 0, give_way: 0, crossing: 0 } });
    expect(free.turnDs(g.findEdge(bend, e), g.findEdge(e, bend))).toBe(50);
    expect(free.turnDs(g.findEdge(s, bend), g.findEdge(bend, e))).toBe(300);
  });
});

describe("restrictions at a junction", () => {
  const { g, into, out } = star([0, 90, 270]);
  const withRows = (rows: [number, number, number][]) =>
    new RoadGraph({
      lonE7: g.lonE7, latE7: g.latE7, firstOut: g.firstOut, head: g.head, lengthM: g.lengthM, roadClass: g.roadClass, mainComponent: g.mainComponent,
      timeDs: g.timeDs, profiles: g.profiles, nodeControl: g.nodeControl,
      restrictionFrom: Uint32Array.from(rows, (r) => r[0]), restrictionTo: Uint32Array.from(rows, (r) => r[1]), restrictionOnly: Uint8Array.from(rows, (r) => r[2]),
    });
  const [north, east, west] = out;

  it("no_left_turn forbids the left turn alone", () => {
    const m = new TurnModel(withRows([[into, west, 0]]), "car");
    expect([north, east, west].map((f) => m.turnDs(into, f))).toEqual([0, 100, FORBIDDEN]);
  });

  it("only_straight_on forbids every other way on, the U-turn included", () => {
    const m = new TurnModel(withRows([[into, north, 1]]), "car");
    expect([north, east, west].map((f) => m.turnDs(into, f))).toEqual([0, FORBIDDEN, FORBIDDEN]);
  });

  it("are off when the model is built without them", () => {
    const m = new TurnModel(withRows([[into, west, 0]]), "car", { restrictions: false });
    expect(m.turnDs(into, west)).toBe(300);
  });
});

describe("Router's road model", () => {
  it("refuses an unknown model, naming it", () => {
    const { g } = star([0]);
    let err: unknown;
    try {
      new Router(g, undefined, "edges" as "turns");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe("model");
  });

  it("refuses a matrix on the contraction hierarchy with the turns model (the hierarchy holds no turn costs)", () => {
    const { g } = star([0, 90]);
    const r = new Router(g, undefined, "turns");
    const p = r.place("p", ...at(0, 50));
    expect(() => r.matrix([p], [p], "car", undefined, "hierarchy")).toThrow(InvalidInputError);
    expect(r.matrix([p], [p], "car", undefined, "auto")[0][0]).toEqual({ timeDs: 0, lengthM: 0 });
  });
});
