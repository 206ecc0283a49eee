// The core search in WebAssembly (engine/wasm-search.ts, assembly/core-search.ts) against its
// TypeScript reference (TravelTimeSearch; CoreSearch with `typescript: true`): the same times,
// reached nodes in the same order, settled counts, path lengths and parent edges, and the same
// fill-in of every node, on seeded random graphs and the real extracts.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { WasmSearch, wasmSearchAvailable } from "../../engine/wasm-search.ts";
import { TravelTimeSearch, type SearchOptions } from "../../engine/search.ts";
import { CoreSearch, coreView } from "../../engine/core.ts";
import type { Adjacency, RoadGraph } from "../../engine/graph.ts";
import { AbortError, InvalidInputError } from "../../engine/errors.ts";
import { UNREACHED } from "../../engine/units.ts";
import { importOsm } from "../../data/osm/import.ts";
import { gridGraph, randomGraph, rng, tieGraph } from "../fixtures/random-graph.ts";
import { sharedData } from "../fixtures/shared-data.ts";

/** Runs both searches the same way and checks every output is the same. */
function same(wasm: WasmSearch, ref: TravelTimeSearch, sources: number[], offsets: number[] | undefined, options: SearchOptions, what: string): void {
  const a = wasm.run(sources, offsets, options);
  const b = ref.run(sources, offsets, options);
  expect(a, `${what}: settled`).toBe(b);
  expect(wasm.settledCount()).toBe(ref.settledCount());
  const reached = wasm.reachedNodes();
  expect([...reached], `${what}: reached nodes`).toEqual([...ref.reachedNodes()]);
  for (let v = 0; v < ref.adj.nodeCount; v++) {
    if (wasm.timeDs[v] !== ref.timeDs[v]) throw new Error(`${what}: node ${v} wasm ${wasm.timeDs[v]} reference ${ref.timeDs[v]}`);
  }
  if (options.trackPath) {
    for (const v of reached) {
      if (wasm.lengthM[v] !== ref.lengthM[v] || wasm.parentEdge[v] !== ref.parentEdge[v]) {
        throw new Error(`${what}: node ${v} length/parent wasm ${wasm.lengthM[v]}/${wasm.parentEdge[v]} reference ${ref.lengthM[v]}/${ref.parentEdge[v]}`);
      }
    }
  }
}

/** Random queries: 1-4 sources with offsets (some fractional), cutoffs from 0 to just under 2^32, targets and trackPath in turn. */
function randomQueries(adj: Adjacency, seed: number, rounds: number, label: string): void {
  const r = rng(seed);
  const n = adj.nodeCount;
  const wasm = new WasmSearch(adj);
  const ref = new TravelTimeSearch(adj);
  const cutoffs = [108_000, 0, 2 ** 31 + 5, UNREACHED - 1, 10_000_000];
  for (let q = 0; q < rounds; q++) {
    const sources = Array.from({ length: 1 + (q % 4) }, () => Math.floor(r() * n));
    if (q % 5 === 4) sources.push(sources[0]); // the same source twice
    const offsets = q % 3 === 2 ? undefined : sources.map(() => (q % 2 === 0 ? Math.floor(r() * 300) : r() * 300));
    const cutoffDs = q < cutoffs.length ? cutoffs[q] : 200 + Math.floor(r() * 3000);
    const targets = q % 4 === 1 ? Array.from({ length: 1 + (q % 3) }, () => Math.floor(r() * n)) : undefined;
    const trackPath = q % 3 === 0;
    const offsetsM = trackPath && offsets ? offsets.map(() => r() * 50) : undefined;
    same(wasm, ref, sources, offsets, { cutoffDs, targets, trackPath, offsetsM }, `${label} round ${q}`);
  }
}

describe("WasmSearch", () => {
  it("runs here, and CoreSearch uses it", () => {
    expect(wasmSearchAvailable()).toBe(true);
    const g = randomGraph(1, 50, 150);
    expect(new CoreSearch(coreView(g, "car", "forward")).engine).toBe("wasm");
    expect(new CoreSearch(coreView(g, "car", "forward"), { typescript: true }).engine).toBe("typescript");
  });

  it("embeds the module its AssemblyScript source compiles to now", () => {
    // Exits 1 when engine/core-search-wasm.ts is not assembly/core-search.ts compiled with the pinned compiler.
    const root = fileURLToPath(new URL("../..", import.meta.url));
    expect(() => execFileSync(process.execPath, ["scripts/build-wasm.mjs", "--check"], { cwd: root, stdio: "pipe" })).not.toThrow();
  }, 120_000);

  it("equals TravelTimeSearch on seeded random graphs: times, reached nodes, settled counts, lengths and parents", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const g = randomGraph(seed, 150, 450);
      for (const [name, adj] of [["forward car", g.forward("car")], ["reverse car", g.reverse("car")], ["forward car-winter", g.forward("car-winter")]] as const) {
        randomQueries(adj, seed * 31, 12, `random ${seed} ${name}`);
      }
    }
  });

  it("keeps the reference's choice among paths as fast: the shortest, with its parent edge", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const g = tieGraph(seed, 200, 500);
      randomQueries(g.forward("car"), seed, 12, `ties ${seed}`);
      randomQueries(g.reverse("car"), seed + 100, 12, `ties ${seed} reverse`);
    }
  });

  it("takes no sum past 2^32 for one within the cutoff: edges of near 2^32 ds", () => {
    // Edges 0 -> 1, 0 -> 3, 1 -> 2, 2 -> 0, 3 -> 2. From 0 at 200 ds: 0 -> 1 ends at 2^32 + 99
    // (at 99, were a 32-bit sum to wrap), 0 -> 3 exactly at the cutoff, 3 -> 2 one ds past it.
    const cutoffDs = UNREACHED - 1;
    const adj: Adjacency = {
      nodeCount: 4,
      firstOut: Uint32Array.from([0, 2, 3, 4, 5]),
      head: Uint32Array.from([1, 3, 2, 0, 2]),
      timeDs: Uint32Array.from([UNREACHED - 100, cutoffDs - 200, 5, 7, 1]),
      lengthM: Float32Array.from([1, 2, 3, 4, 5]),
    };
    const wasm = new WasmSearch(adj);
    const ref = new TravelTimeSearch(adj);
    for (const trackPath of [false, true]) {
      same(wasm, ref, [0], [200], { cutoffDs, trackPath }, `from 0, trackPath ${trackPath}`);
      expect([...wasm.timeDs]).toEqual([200, UNREACHED, UNREACHED, cutoffDs]);
      same(wasm, ref, [1], [0], { cutoffDs, trackPath }, `from 1, trackPath ${trackPath}`);
      expect([...wasm.timeDs]).toEqual([12, 0, 5, cutoffDs - 188]);
    }
  });

  it("reads the same after its memory grows (trackPath laid out late) and resets between runs", () => {
    const g = randomGraph(5, 300, 900);
    const adj = g.forward("car");
    const wasm = new WasmSearch(adj);
    const ref = new TravelTimeSearch(adj);
    same(wasm, ref, [3, 7], [0, 40], { cutoffDs: 5000 }, "before");
    same(wasm, ref, [11], [5], { cutoffDs: 900, trackPath: true, offsetsM: [2] }, "first trackPath run");
    same(wasm, ref, [3], undefined, { cutoffDs: 200 }, "after");
    same(wasm, ref, [42], undefined, { targets: [1, 2, 1] }, "targets");
  });

  it("refuses what TravelTimeSearch refuses, with the same typed errors", () => {
    const adj = randomGraph(2, 40, 120).forward("car");
    const wasm = new WasmSearch(adj);
    for (const [sources, options] of [
      [[40], {}],
      [[1.5], {}],
      [[-1], {}],
      [[0], { cutoffDs: -1 }],
      [[0], { cutoffDs: UNREACHED }],
      [[0], { targets: [99] }],
    ] as const) {
      expect(() => wasm.run(sources, undefined, options)).toThrow(InvalidInputError);
      expect(() => new TravelTimeSearch(adj).run(sources, undefined, options)).toThrow(InvalidInputError);
    }
  });

  it("stops a long run when its signal is aborted, as the reference does", () => {
    // 90,000 nodes: more than the 65,536 settled between two looks at the signal.
    const adj = gridGraph(300, 1).forward("car");
    const wasm = new WasmSearch(adj);
    const ref = new TravelTimeSearch(adj);
    const signal = AbortSignal.abort();
    expect(() => wasm.run([0], undefined, { cutoffDs: 10_000_000, signal })).toThrow(AbortError);
    expect(() => ref.run([0], undefined, { cutoffDs: 10_000_000, signal })).toThrow(AbortError);
    // Not aborted: the whole grid, equal to the reference (neither keeps anything of the aborted run).
    same(wasm, ref, [0, 45_150], [0, 10], { cutoffDs: 10_000_000, signal: new AbortController().signal }, "grid");
  });
});

describe("CoreSearch in WebAssembly against CoreSearch in TypeScript, on the real extracts", () => {
  const graphs: [string, RoadGraph][] = [];
  beforeAll(async () => {
    for (const name of ["helsinki-centre", "tampere"]) graphs.push([name, (await importOsm(sharedData(`osm/${name}.osm.pbf`))).graph]);
  }, 120_000);

  it("gives every node the same time (expand in WebAssembly), and the same path lengths", () => {
    const fill = vi.spyOn(WasmSearch.prototype, "fill");
    for (const [name, g] of graphs) {
      const r = rng(name.length);
      for (const direction of ["forward", "reverse"] as const) {
        const view = coreView(g, "car", direction);
        const wasm = new CoreSearch(view);
        const ref = new CoreSearch(view, { typescript: true });
        const out = new Uint32Array(g.nodeCount);
        for (let q = 0; q < 8; q++) {
          // One source, then several; q 6 and 7: 40 sources, most on chains (the seeds outgrow their first room).
          const count = q < 6 ? 1 + (q % 3) : 40;
          const sources = Array.from({ length: count }, () => Math.floor(r() * g.nodeCount));
          const offsets = sources.map(() => Math.floor(r() * 600));
          const cutoffDs = q % 2 === 0 ? 108_000 : 600 + Math.floor(r() * 6000);
          for (let pass = 0; pass < 2; pass++) {
            // Pass 0 fills in TypeScript and asks for the view's arrays; pass 1 fills in WebAssembly.
            wasm.run(sources, offsets, { cutoffDs, trackPath: q % 4 === 3 });
            ref.run(sources, offsets, { cutoffDs, trackPath: q % 4 === 3 });
            wasm.expand(out);
            const expected = ref.expand();
            const flat = wasm.flatExpand();
            for (let x = 0; x < g.nodeCount; x++) {
              if (out[x] !== expected[x] || flat[x] !== expected[x]) throw new Error(`${name} ${direction} q ${q} pass ${pass}: node ${x} fill ${out[x]} flat ${flat[x]} reference ${expected[x]}`);
            }
            expect([...wasm.reachedCore()]).toEqual([...ref.reachedCore()]);
            for (let i = 0; i < 200; i++) {
              const x = Math.floor(r() * g.nodeCount);
              expect(wasm.timeAt(x)).toBe(ref.timeAt(x));
              expect(wasm.lengthAt(x)).toBe(ref.lengthAt(x));
            }
          }
        }
      }
    }
    // Every pass 1 filled in WebAssembly (true), and the first pass of each search did not (false).
    const filled = fill.mock.results.filter((res) => res.value === true).length;
    fill.mockRestore();
    expect(filled).toBeGreaterThanOrEqual(graphs.length * 2 * 8);
  });
});
