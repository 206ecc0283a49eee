// The turns model on the contracted core equals it on the full graph: every full-graph edge's
// label and length, expanded from a core run, is the full edge-based search's, both directions,
// from node and edge seeds (on core nodes and part-way along chains), on seeded random graphs and
// on a GENERATED road-like network (chains of shape points, as OSM gives) with random signals,
// crossings and restrictions.
import { describe, expect, it } from "vitest";
import { TurnModel } from "../../engine/turns.ts";
import { TurnSearch } from "../../engine/turn-search.ts";
import { TurnCore, TurnCoreSearch } from "../../engine/turn-core.ts";
import { placeDs, placeSeeds, placesSeeds, placeTargets, placeTrip } from "../../engine/turn-places.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import { UNREACHED } from "../../engine/units.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { randomGraph, rng, tieGraph, withTurnRules } from "../fixtures/random-graph.ts";

function compare(g: RoadGraph, seed: number, trials: number): { chainShare: number; reachedShare: number } {
  const full = new TurnModel(g, "car");
  const core = new TurnCore(full, g);
  const r = rng(seed);
  const outDs = new Uint32Array(g.edgeCount);
  const outM = new Float64Array(g.edgeCount);
  let reached = 0;
  for (const direction of ["forward", "reverse"] as const) {
    const fullSearch = new TurnSearch(full, direction);
    const coreSearch = new TurnSearch(core, direction);
    for (let trial = 0; trial < trials; trial++) {
      const seeds = {
        nodes: [Math.floor(r() * g.nodeCount)],
        nodeDs: [Math.floor(r() * 30)],
        nodeM: [Math.floor(r() * 50)],
        edges: [Math.floor(r() * g.edgeCount), Math.floor(r() * g.edgeCount)],
        edgeDs: [Math.floor(r() * 30), Math.floor(r() * 30)],
        edgeM: [Math.floor(r() * 50), Math.floor(r() * 50)],
      };
      fullSearch.run(seeds, { cutoffDs: 1e7 });
      const { core: coreSeeds, onChain } = core.seeds(seeds, direction);
      coreSearch.run(coreSeeds, { cutoffDs: 1e7 });
      core.expand(coreSearch, onChain, outDs, outM);
      expect(Array.from(outDs), `${direction}, trial ${trial}`).toEqual(Array.from(fullSearch.labelDs));
      reached += outDs.filter((x) => x !== UNREACHED).length;
      // Lengths to the centimetre (to a millionth over long trips): the core keeps a chain's length in float32.
      for (let e = 0; e < g.edgeCount; e++) if (outDs[e] !== UNREACHED) expect(Math.abs(outM[e] - fullSearch.labelM[e])).toBeLessThanOrEqual(1e-2 + 1e-6 * fullSearch.labelM[e]);
    }
  }
  return { chainShare: 1 - core.nodeCount / g.nodeCount, reachedShare: reached / (2 * trials * g.edgeCount) };
}

describe("TurnCore: the turns model on the contracted core equals the full graph's", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`random graph, seed ${seed}`, () => {
      const { reachedShare } = compare(withTurnRules(seed % 2 ? randomGraph(seed, 60, 150) : tieGraph(seed, 60, 100), 300 + seed), seed, 6);
      expect(reachedShare).toBeGreaterThan(0.3);
    });
  }

  it("a GENERATED road-like network with signals, crossings and restrictions: most nodes are chain nodes", () => {
    const { graph } = generateRoadGraph({ seed: 9, bbox: UUSIMAA_BBOX, targetNodes: 1500 });
    // Restrictions on 1 % of the edges: on long chains more would wall most places off.
    const { chainShare, reachedShare } = compare(withTurnRules(graph, 909, 0.01), 9, 4);
    expect(chainShare).toBeGreaterThan(0.5);
    expect(reachedShare).toBeGreaterThan(0.5);
  });
});

describe("TurnCoreSearch: places on the core read as on the full graph", () => {
  it("a GENERATED network with random rules: trips between random places, both directions, with and without target stops", () => {
    const { graph } = generateRoadGraph({ seed: 4, bbox: UUSIMAA_BBOX, targetNodes: 1500 });
    const g = withTurnRules(graph, 404, 0.01);
    const full = new TurnModel(g, "car");
    const core = new TurnCore(full, g);
    const r = rng(4);
    const tail = g.edgeTail();
    const place = () => {
      const edge = Math.floor(r() * g.edgeCount);
      return { edge, twin: g.findEdge(g.head[edge], tail[edge]), t: [0, 1, 0.3, 0.7][Math.floor(r() * 4)] };
    };
    let reached = 0;
    for (const direction of ["forward", "reverse"] as const) {
      const a = new TurnSearch(full, direction);
      const b = new TurnCoreSearch(core, direction);
      for (let trial = 0; trial < 60; trial++) {
        const [from, to] = [place(), place()];
        const stop = trial % 2 === 0;
        a.run(placeSeeds(a, from, 5, 2), { cutoffDs: 1e7 });
        b.run(placeSeeds(b, from, 5, 2), { cutoffDs: 1e7, targetEdges: stop ? placeTargets(b, to) : undefined });
        const [x, y] = [placeTrip(a, to), placeTrip(b, to)];
        expect(y?.timeDs, `${direction} ${trial}`).toBe(x?.timeDs);
        if (x && y) {
          expect(Math.abs(x.lengthM - y.lengthM)).toBeLessThan(1e-2 + 1e-6 * x.lengthM);
          reached++;
        }
        for (const v of [g.head[from.edge], tail[to.edge]]) expect(b.nodeDs(v)).toBe(a.nodeDs(v));
      }
    }
    expect(reached).toBeGreaterThan(60);
  });
});

describe("TurnCoreSearch.placesDs: every place at once, as placeDs reads each", () => {
  it("a GENERATED network with random rules: places part-way, on nodes, and on chains with seeds, both directions, both engines", () => {
    const { graph } = generateRoadGraph({ seed: 6, bbox: UUSIMAA_BBOX, targetNodes: 1500 });
    const g = withTurnRules(graph, 606, 0.01);
    const core = new TurnCore(new TurnModel(g, "car"), g);
    const r = rng(6);
    const tail = g.edgeTail();
    const places = 2000;
    const edge = new Int32Array(places);
    const twin = new Int32Array(places);
    const t = new Float32Array(places);
    for (let c = 0; c < places; c++) {
      const e = Math.floor(r() * g.edgeCount);
      edge[c] = c % 50 === 0 ? -1 : e;
      twin[c] = g.findEdge(g.head[e], tail[e]);
      t[c] = [0, 1, 0.3, 0.7, r()][Math.floor(r() * 5)];
    }
    const out = new Uint32Array(places);
    let reached = 0;
    for (const direction of ["forward", "reverse"] as const) {
      for (const typescript of [false, true]) {
        const search = new TurnCoreSearch(core, direction, { typescript });
        for (let trial = 0; trial < 4; trial++) {
          // Targets part-way along chains (seeds on core edges), with connectors, and a cutoff on some trials.
          const targets = Array.from({ length: 1 + trial }, () => ({ snap: { edge: Math.floor(r() * g.edgeCount), twin: -1, t: r() }, connectorDs: Math.floor(r() * 100) }));
          search.run(placesSeeds(search, targets), { cutoffDs: trial % 2 ? 3000 : 1e7, trackLength: false });
          search.placesDs(edge, twin, t, out);
          for (let c = 0; c < places; c++) {
            const expected = edge[c] < 0 ? UNREACHED : placeDs(search, edge[c], twin[c], t[c]);
            if (out[c] !== expected) throw new Error(`${direction} ${typescript ? "typescript" : "wasm"} trial ${trial} place ${c}: ${out[c]}, placeDs ${expected}`);
            if (expected !== UNREACHED) reached++;
          }
        }
      }
    }
    expect(reached).toBeGreaterThan(places * 4);
  });
});
