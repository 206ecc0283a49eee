// The core graph (chains of shape points contracted) must give exactly the full graph's times, and
// its flat fill-in of every node (CoreSearch.expand) exactly what timeAt gives node by node.
import { beforeAll, describe, expect, it } from "vitest";
import { CoreSearch, coreView } from "../../engine/core.ts";
import { TravelTimeSearch } from "../../engine/search.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { generateRoadGraph } from "../../engine/generate.ts";
import { importOsm } from "../../data/osm/import.ts";
import { UNREACHED } from "../../engine/units.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { randomGraph, rng } from "../fixtures/random-graph.ts";
import { sharedData } from "../fixtures/shared-data.ts";

function compare(g: RoadGraph, seed: number, rounds: number): void {
  // The WebAssembly search (CoreSearch's own) and the TypeScript one, each against the full graph's.
  for (const typescript of [false, true]) compareOne(g, seed, rounds, typescript);
}

function compareOne(g: RoadGraph, seed: number, rounds: number, typescript: boolean): void {
  const r = rng(seed);
  for (const direction of ["forward", "reverse"] as const) {
    for (const profile of ["car", "car-winter"]) {
      const full = new TravelTimeSearch(direction === "forward" ? g.forward(profile) : g.reverse(profile));
      const core = new CoreSearch(coreView(g, profile, direction), { typescript });
      for (let q = 0; q < rounds; q++) {
        const sources = Array.from({ length: 1 + (q % 4) }, () => Math.floor(r() * g.nodeCount));
        const offsets = sources.map(() => Math.floor(r() * 200));
        // Round 3 past 2^31: expand's int32 loop cannot hold such times and must take the plain path
        // (the WebAssembly fill-in sums in 64 bits).
        const cutoffDs = q === 3 ? 2 ** 31 + 5 : q % 2 === 0 ? 108_000 : 300 + Math.floor(r() * 3000);
        full.run(sources, offsets, { cutoffDs });
        core.run(sources, offsets, { cutoffDs });
        const expanded = core.expand();
        // The flat loop (WebAssembly from round 1 on) equals its plain reference (timeAt node by
        // node), sources on chain nodes included.
        const plain = core.plainExpand();
        for (let x = 0; x < g.nodeCount; x++) {
          if (expanded[x] !== full.timeDs[x]) throw new Error(`${core.engine} ${direction} ${profile} round ${q}: node ${x} core ${expanded[x]} full ${full.timeDs[x]}`);
          if (expanded[x] !== plain[x]) throw new Error(`${core.engine} ${direction} ${profile} round ${q}: node ${x} flat ${expanded[x]} plain ${plain[x]}`);
        }
      }
    }
  }
}

describe("core graph", () => {
  let helsinki: RoadGraph;
  beforeAll(async () => {
    helsinki = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
  });

  it("keeps under 40 % of the real Helsinki graph's nodes", () => {
    const v = coreView(helsinki, "car", "forward");
    expect(v.adj.nodeCount / helsinki.nodeCount).toBeLessThan(0.4);
    expect(v.adj.nodeCount).toBeGreaterThan(1000);
  });

  it("gives every node the full graph's time: real Helsinki, both directions and profiles", () => {
    compare(helsinki, 1, 6);
  });

  it("gives every node the full graph's time: generated graphs and dense random graphs", () => {
    compare(generateRoadGraph({ seed: 9, bbox: [24.5, 60.1, 25.0, 60.3], targetNodes: 5000 }).graph, 2, 8);
    for (let s = 1; s <= 5; s++) compare(randomGraph(s, 120, 200), s, 4);
  });

  it("stops at targets with their final times and path lengths", () => {
    const g = helsinki;
    const r = rng(4);
    const full = new TravelTimeSearch(g.forward("car"));
    const core = new CoreSearch(coreView(g, "car", "forward"));
    for (let q = 0; q < 20; q++) {
      const a = Math.floor(r() * g.nodeCount);
      const b = Math.floor(r() * g.nodeCount);
      full.run([a], [7], { trackPath: true, offsetsM: [3] });
      core.run([a], [7], { targets: [b], trackPath: true, offsetsM: [3] });
      expect(core.timeAt(b)).toBe(full.timeDs[b]);
      if (full.timeDs[b] !== UNREACHED) expect(core.lengthAt(b)).toBeGreaterThan(0);
    }
  });

  it("refuses a negative offset, whichever search runs", () => {
    for (const typescript of [false, true]) {
      const core = new CoreSearch(coreView(helsinki, "car", "forward"), { typescript });
      expect(() => core.run([0, 1], [5, -3])).toThrow(InvalidInputError);
    }
  });
});
