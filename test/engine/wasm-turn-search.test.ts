// The turns model's edge-based search in WebAssembly (engine/wasm-turn-search.ts,
// assembly/turn-search.ts) against its TypeScript reference (TurnSearch; TurnCoreSearch with
// `typescript: true`): the same label and length at every edge, the same settled counts, forward
// and reverse, with cutoffs, target stops, seeds on nodes and part-way along edges, forbidden turns
// and restrictions and U-turns, on seeded random graphs (full graph and core) and on the real
// extracts. (The TypeScript search itself is checked against a brute force in turn-search.test.ts.)
import { beforeAll, describe, expect, it } from "vitest";
import { TurnModel, type TurnGraph } from "../../engine/turns.ts";
import { TurnSearch, type TurnSearchOptions, type TurnSeeds } from "../../engine/turn-search.ts";
import { WasmTurnSearch, wasmTurnSearchAvailable } from "../../engine/wasm-turn-search.ts";
import { TurnCore, TurnCoreSearch } from "../../engine/turn-core.ts";
import { placeSeeds, placeTargets, placeTrip } from "../../engine/turn-places.ts";
import { modelProfile } from "../../engine/road-model.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import { AbortError, InvalidInputError } from "../../engine/errors.ts";
import { UNREACHED } from "../../engine/units.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { importOsm } from "../../data/osm/import.ts";
import { gridGraph, randomGraph, rng, tieGraph, withTurnRules } from "../fixtures/random-graph.ts";
import { sharedData } from "../fixtures/shared-data.ts";

/** Runs both searches alike and checks the settled count, every edge's label, and every reached edge's length when kept; returns the edges reached. */
function same(wasm: WasmTurnSearch, ref: TurnSearch, seeds: TurnSeeds, options: TurnSearchOptions, what: string): number {
  const a = wasm.run(seeds, options);
  const b = ref.run(seeds, options);
  expect(a, `${what}: settled`).toBe(b);
  const track = options.trackLength !== false;
  let reached = 0;
  for (let e = 0; e < ref.model.edgeCount; e++) {
    if (wasm.labelDs[e] !== ref.labelDs[e]) throw new Error(`${what}: edge ${e} wasm ${wasm.labelDs[e]} reference ${ref.labelDs[e]}`);
    if (ref.labelDs[e] === UNREACHED) continue;
    reached++;
    if (track && wasm.labelM[e] !== ref.labelM[e]) throw new Error(`${what}: edge ${e} length wasm ${wasm.labelM[e]} reference ${ref.labelM[e]}`);
  }
  return reached;
}

/** Random runs on a graph, both directions: node and edge seeds with times and lengths (some fractional), cutoffs from 0 to 2³¹ and beyond, targets, lengths kept or not. */
function randomRuns(model: TurnGraph, seed: number, rounds: number, label: string): number {
  const r = rng(seed);
  const n = model.nodeCount;
  const m = model.edgeCount;
  const cutoffs = [108_000, 0, 2 ** 31 + 5, UNREACHED - 1, 10_000_000];
  let reached = 0;
  for (const direction of ["forward", "reverse"] as const) {
    const wasm = new WasmTurnSearch(model, direction);
    const ref = new TurnSearch(model, direction);
    for (let q = 0; q < rounds; q++) {
      const nodes = Array.from({ length: q % 3 }, () => Math.floor(r() * n));
      const edges = Array.from({ length: 1 + (q % 2) }, () => Math.floor(r() * m));
      if (q % 5 === 4) edges.push(edges[0]); // the same seed twice
      const fractional = q % 2 === 1;
      const time = () => (fractional ? r() * 300 : Math.floor(r() * 300));
      const seeds: TurnSeeds = { nodes, nodeDs: nodes.map(time), nodeM: nodes.map(() => r() * 50), edges, edgeDs: edges.map(time), edgeM: edges.map(() => r() * 50) };
      const cutoffDs = q < cutoffs.length ? cutoffs[q] : 100 + Math.floor(r() * 3000);
      const targetEdges = q % 4 === 1 ? Array.from({ length: 1 + (q % 3) }, () => Math.floor(r() * m)) : undefined;
      reached += same(wasm, ref, seeds, { cutoffDs, targetEdges, trackLength: q % 3 !== 2 }, `${label} ${direction} round ${q}`);
    }
  }
  return reached;
}

describe("WasmTurnSearch equals TurnSearch", () => {
  it("runs here, and TurnCoreSearch uses it", () => {
    expect(wasmTurnSearchAvailable()).toBe(true);
    const g = randomGraph(1, 50, 150);
    const core = new TurnCore(new TurnModel(g, "car"), g);
    expect(new TurnCoreSearch(core, "forward").engine).toBe("wasm");
    expect(new TurnCoreSearch(core, "reverse", { typescript: true }).engine).toBe("typescript");
  });

  it("on seeded random graphs with random controls and restrictions, full graph and core, both directions", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const g = withTurnRules(seed % 2 ? randomGraph(seed, 120, 360) : tieGraph(seed, 120, 240), 500 + seed);
      const model = new TurnModel(g, "car");
      const core = new TurnCore(model, g);
      expect(randomRuns(model, seed, 14, `random ${seed} full`)).toBeGreaterThan(0);
      expect(randomRuns(core, seed + 50, 14, `random ${seed} core`)).toBeGreaterThan(0);
    }
  });

  it("where turn rows are longer than a slot's record holds (nodes with more than four edges out or in) and shorter, full graph and core", () => {
    // About six edges out of each node: most rows go to the table of long rows, some stay in the record (assembly/turn-search.ts).
    const g = withTurnRules(randomGraph(11, 60, 360), 1111);
    const model = new TurnModel(g, "car");
    const degrees = (first: Uint32Array) => Array.from({ length: model.nodeCount }, (_, v) => first[v + 1] - first[v]);
    for (const first of [model.firstOut, model.firstIn]) {
      expect(degrees(first).some((d) => d > 4)).toBe(true);
      expect(degrees(first).some((d) => d > 0 && d <= 4)).toBe(true);
    }
    expect(randomRuns(model, 11, 14, "dense full")).toBeGreaterThan(0);
    expect(randomRuns(new TurnCore(model, g), 12, 14, "dense core")).toBeGreaterThan(0);
  });

  it("on a GENERATED road-like network with restrictions (long chains: few core nodes) and with every turn priced alike", () => {
    const { graph } = generateRoadGraph({ seed: 3, bbox: UUSIMAA_BBOX, targetNodes: 1500 });
    const g = withTurnRules(graph, 303, 0.02);
    const core = new TurnCore(new TurnModel(g, "car"), g);
    expect(randomRuns(core, 3, 20, "generated core")).toBeGreaterThan(1000);
    // Equal turn costs everywhere: many labels tie, so the order a queue pops them in shows in the lengths.
    const flat = new TurnModel(g, "car", { turnCostS: { straight: 10, right: 10, "u-turn": 10, left: 10 } });
    expect(randomRuns(flat, 4, 20, "generated, equal turn costs")).toBeGreaterThan(1000);
  });

  it("seeds far apart in time (the ring of buckets laid out larger), then near again, and resets between runs", () => {
    const g = withTurnRules(randomGraph(7, 300, 900), 707);
    const model = new TurnModel(g, "car");
    const wasm = new WasmTurnSearch(model, "forward");
    const ref = new TurnSearch(model, "forward");
    same(wasm, ref, { nodes: [3] }, { cutoffDs: 5000 }, "before");
    same(wasm, ref, { nodes: [3, 9], nodeDs: [0, 250_000], edges: [17], edgeDs: [900_000] }, { cutoffDs: 10_000_000 }, "far apart");
    same(wasm, ref, { nodes: [11] }, { cutoffDs: 900, trackLength: false }, "near again");
    same(wasm, ref, { nodes: [42] }, { targetEdges: [1, 2, 1] }, "targets");
  });

  it("refuses what TurnSearch refuses, with the same typed errors", () => {
    const model = new TurnModel(randomGraph(2, 40, 120), "car");
    for (const direction of ["forward", "reverse"] as const) {
      const wasm = new WasmTurnSearch(model, direction);
      const ref = new TurnSearch(model, direction);
      for (const [seeds, options] of [
        [{ nodes: [40] }, {}],
        [{ nodes: [1.5] }, {}],
        [{ edges: [-1] }, {}],
        [{ edges: [model.edgeCount] }, {}],
        [{ nodes: [0] }, { cutoffDs: -1 }],
        [{ nodes: [0] }, { cutoffDs: UNREACHED }],
        [{ nodes: [0] }, { targetEdges: [model.edgeCount] }],
      ] as const) {
        expect(() => wasm.run(seeds, options)).toThrow(InvalidInputError);
        expect(() => ref.run(seeds, options)).toThrow(InvalidInputError);
      }
    }
  });

  it("stops a long run when its signal is aborted, as the reference does", () => {
    // A 200 × 200 grid: about 160,000 edges, more than the 65,536 settled between two looks at the signal.
    const model = new TurnModel(gridGraph(200, 1), "car");
    const wasm = new WasmTurnSearch(model, "forward");
    const ref = new TurnSearch(model, "forward");
    const signal = AbortSignal.abort();
    expect(() => wasm.run({ nodes: [0] }, { cutoffDs: 10_000_000, signal })).toThrow(AbortError);
    expect(() => ref.run({ nodes: [0] }, { cutoffDs: 10_000_000, signal })).toThrow(AbortError);
    same(wasm, ref, { nodes: [0, 20_100] }, { cutoffDs: 10_000_000, signal: new AbortController().signal }, "grid");
  });
});

describe("TurnCoreSearch in WebAssembly against TurnCoreSearch in TypeScript, on the real extracts", () => {
  const graphs: [string, RoadGraph][] = [];
  beforeAll(async () => {
    for (const name of ["helsinki-centre", "tampere"]) graphs.push([name, (await importOsm(sharedData(`osm/${name}.osm.pbf`))).graph]);
  }, 120_000);

  it("every full-graph edge's label and length (expanded from the core), node times, and trips between places part-way along roads", () => {
    for (const [name, g] of graphs) {
      const core = new TurnCore(new TurnModel(g, modelProfile("car", "turns")), g);
      // Central Helsinki's own restrictions are in the model (the Tampere extract has none).
      if (name === "helsinki-centre") expect(g.restrictionFrom.length).toBeGreaterThan(100);
      const r = rng(name.length);
      const tail = g.edgeTail();
      const place = () => {
        const edge = Math.floor(r() * g.edgeCount);
        return { edge, twin: g.findEdge(g.head[edge], tail[edge]), t: [0, 1, 0.3, 0.7][Math.floor(r() * 4)] };
      };
      const outA = [new Uint32Array(g.edgeCount), new Float64Array(g.edgeCount)] as const;
      const outB = [new Uint32Array(g.edgeCount), new Float64Array(g.edgeCount)] as const;
      let trips = 0;
      for (const direction of ["forward", "reverse"] as const) {
        const wasm = new TurnCoreSearch(core, direction);
        const ref = new TurnCoreSearch(core, direction, { typescript: true });
        const wasmInner = new WasmTurnSearch(core, direction);
        const refInner = new TurnSearch(core, direction);
        for (let q = 0; q < 8; q++) {
          // Whole graph: seeds on nodes (core and chain nodes) and on edges, cutoffs long and short, lengths kept or not.
          const nodes = Array.from({ length: 1 + (q % 3) }, () => Math.floor(r() * g.nodeCount));
          const edges = Array.from({ length: q % 2 }, () => Math.floor(r() * g.edgeCount));
          const seeds: TurnSeeds = { nodes, nodeDs: nodes.map(() => Math.floor(r() * 600)), edges, edgeDs: edges.map(() => r() * 600), edgeM: edges.map(() => r() * 80) };
          const options = { cutoffDs: q % 2 === 0 ? 108_000 : 600 + Math.floor(r() * 6000), trackLength: q % 4 !== 3 };
          const { core: coreSeeds, onChain } = core.seeds(seeds, direction);
          expect(wasmInner.run(coreSeeds, options)).toBe(refInner.run(coreSeeds, options));
          core.expand(wasmInner, onChain, outA[0], outA[1]);
          core.expand(refInner, onChain, outB[0], outB[1]);
          for (let e = 0; e < g.edgeCount; e++) {
            if (outA[0][e] !== outB[0][e]) throw new Error(`${name} ${direction} q ${q}: edge ${e} wasm ${outA[0][e]} reference ${outB[0][e]}`);
            if (options.trackLength && outB[0][e] !== UNREACHED && outA[1][e] !== outB[1][e]) throw new Error(`${name} ${direction} q ${q}: edge ${e} length wasm ${outA[1][e]} reference ${outB[1][e]}`);
          }
          // Places part-way along roads, with and without a target stop: the trip and the nodes at both ends.
          for (let i = 0; i < 10; i++) {
            const [from, to] = [place(), place()];
            const targets = i % 2 === 0 ? placeTargets(ref, to) : undefined;
            wasm.run(placeSeeds(wasm, from, 5, 2), { cutoffDs: 1e7, targetEdges: targets });
            ref.run(placeSeeds(ref, from, 5, 2), { cutoffDs: 1e7, targetEdges: targets });
            const [x, y] = [placeTrip(ref, to), placeTrip(wasm, to)];
            expect(y, `${name} ${direction} place ${q}.${i}`).toEqual(x);
            if (x) trips++;
            for (const v of [g.head[from.edge], tail[to.edge]]) expect(wasm.nodeDs(v)).toBe(ref.nodeDs(v));
          }
        }
      }
      expect(trips, name).toBeGreaterThan(100);
    }
  });
});
