// The turn table (engine/turn-table.ts) holds exactly the turn model's rules: every entry of both
// directions' rows is turnDs of its pair, and every pair at every node has its entry, on seeded
// random graphs with random controls and restrictions, on their contracted cores, and on the real
// central Helsinki extract (signals, crossings and restriction relations as OSM has them).
import { describe, expect, it } from "vitest";
import { FORBIDDEN, TurnModel, type TurnGraph } from "../../engine/turns.ts";
import { TurnCore } from "../../engine/turn-core.ts";
import { importOsm } from "../../data/osm/import.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { randomGraph, tieGraph, withTurnRules } from "../fixtures/random-graph.ts";
import { sharedData } from "../fixtures/shared-data.ts";

/** Checks both tables against turnDs pair by pair; returns how many entries were FORBIDDEN and how many cost something. */
function checkTables(g: TurnGraph): { forbidden: number; costly: number } {
  const { edgeCount: m, firstOut, head, tail, firstIn, inEdge } = g;
  const fwd = g.turnRows("forward");
  const rev = g.turnRows("reverse");
  let forbidden = 0;
  let costly = 0;
  let pairs = 0;
  for (let e = 0; e < m; e++) {
    const v = head[e];
    expect(fwd.start[e + 1] - fwd.start[e]).toBe(firstOut[v + 1] - firstOut[v]);
    for (let f = firstOut[v]; f < firstOut[v + 1]; f++) {
      const want = g.turnDs(e, f);
      if (fwd.cost[fwd.start[e] + f - firstOut[v]] !== want) expect(fwd.cost[fwd.start[e] + f - firstOut[v]], `forward ${e} → ${f}`).toBe(want);
      // The same pair in the reverse table: in f's row, at e's place among the edges into f's tail.
      let k = firstIn[v];
      while (inEdge[k] !== e) k++;
      if (rev.cost[rev.start[f] + k - firstIn[tail[f]]] !== want) expect(rev.cost[rev.start[f] + k - firstIn[tail[f]]], `reverse ${e} → ${f}`).toBe(want);
      if (want === FORBIDDEN) forbidden++;
      else if (want > 0) costly++;
      pairs++;
    }
  }
  expect(fwd.cost.length).toBe(pairs);
  expect(rev.cost.length).toBe(pairs);
  return { forbidden, costly };
}

describe("the turn table equals the turn rules for every pair", () => {
  const cases: [string, () => RoadGraph][] = [
    ["random graph, seed 1", () => withTurnRules(randomGraph(1, 300, 1200), 11)],
    ["random graph, seed 2, many restrictions", () => withTurnRules(randomGraph(2, 200, 900), 12, 0.6)],
    ["tie graph, seed 3", () => withTurnRules(tieGraph(3, 300, 700), 13)],
  ];
  for (const [name, make] of cases) {
    it(`${name}: full graph and core`, () => {
      const g = make();
      const model = new TurnModel(g, "car");
      const full = checkTables(model);
      // Restrictions and chains make bans; junctions make costs: the check saw both.
      expect(full.forbidden).toBeGreaterThan(0);
      expect(full.costly).toBeGreaterThan(0);
      const core = checkTables(new TurnCore(model, g));
      expect(core.costly).toBeGreaterThan(0);
    });
  }

  it("real central Helsinki: full graph and core", async () => {
    const g = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    expect(g.restrictionFrom.length).toBeGreaterThan(0);
    const model = new TurnModel(g, "car");
    const full = checkTables(model);
    expect(full.forbidden).toBeGreaterThan(g.restrictionFrom.length / 2);
    checkTables(new TurnCore(model, g));
  }, 60_000);
});
