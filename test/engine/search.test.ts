// Multi-source Dijkstra against a brute-force reference on seeded random graphs.
import { describe, expect, it } from "vitest";
import { TravelTimeSearch } from "../../engine/search.ts";
import { UNREACHED } from "../../engine/units.ts";
import { AbortError, InvalidInputError } from "../../engine/errors.ts";
import { GraphBuilder } from "../../engine/graph.ts";
import { gridGraph, randomGraph, referenceTimes, rng } from "../fixtures/random-graph.ts";

describe("TravelTimeSearch", () => {
  it("equals brute force for multi-source searches with offsets and a cutoff, forward and reverse", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const g = randomGraph(seed, 150, 450);
      const r = rng(seed * 7);
      for (const view of [g.forward("car"), g.reverse("car"), g.forward("car-winter")]) {
        const search = new TravelTimeSearch(view);
        for (let q = 0; q < 4; q++) {
          const sources = [0, 1, 2].map(() => Math.floor(r() * g.nodeCount));
          const offsets = sources.map(() => Math.floor(r() * 300));
          const cutoff = q === 0 ? 10_000_000 : 200 + Math.floor(r() * 2000);
          search.run(sources, offsets, { cutoffDs: cutoff });
          const ref = referenceTimes(view, sources, offsets);
          for (let v = 0; v < g.nodeCount; v++) {
            expect(search.timeDs[v]).toBe(ref[v] <= cutoff ? ref[v] : UNREACHED);
          }
        }
      }
    }
  });

  it("gives the same times and settles as many nodes with trackPath as without", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const g = randomGraph(seed, 150, 450);
      const r = rng(seed * 11);
      const plain = new TravelTimeSearch(g.forward("car"));
      const tracked = new TravelTimeSearch(g.forward("car"));
      for (let q = 0; q < 4; q++) {
        const sources = [0, 1].map(() => Math.floor(r() * g.nodeCount));
        const offsets = sources.map(() => Math.floor(r() * 300));
        const targets = q % 2 === 0 ? [Math.floor(r() * g.nodeCount)] : undefined;
        const a = plain.run(sources, offsets, { cutoffDs: 2000, targets });
        const b = tracked.run(sources, offsets, { cutoffDs: 2000, targets, trackPath: true });
        expect(b).toBe(a);
        expect([...tracked.timeDs]).toEqual([...plain.timeDs]);
      }
    }
  });

  it("the reverse view gives the time from each node to the source", () => {
    const g = randomGraph(99, 80, 300);
    const back = new TravelTimeSearch(g.reverse("car"));
    const fwd = new TravelTimeSearch(g.forward("car"));
    back.run([5]);
    for (let v = 0; v < g.nodeCount; v++) {
      fwd.run([v], undefined, { cutoffDs: 10_000_000 });
      const fromV = fwd.timeDs[5];
      expect(back.timeDs[v] === UNREACHED ? Infinity : back.timeDs[v]).toBe(fromV === UNREACHED ? Infinity : fromV);
    }
  });

  it("resets between runs (nothing leaks from the previous query)", () => {
    const g = randomGraph(3, 100, 400);
    const s = new TravelTimeSearch(g.forward("car"));
    s.run([0], undefined, { cutoffDs: 1_000_000 });
    s.run([1], undefined, { cutoffDs: 50 });
    const ref = referenceTimes(g.forward("car"), [1], [0]);
    for (let v = 0; v < g.nodeCount; v++) expect(s.timeDs[v]).toBe(ref[v] <= 50 ? ref[v] : UNREACHED);
  });

  it("keeps nothing of an aborted run: the next run equals a fresh search's", () => {
    // 90,000 nodes: the run looks at its signal after 65,536 settled, having labelled more.
    const adj = gridGraph(300, 1).forward("car");
    const s = new TravelTimeSearch(adj);
    expect(() => s.run([0], undefined, { cutoffDs: 10_000_000, signal: AbortSignal.abort() })).toThrow(AbortError);
    const fresh = new TravelTimeSearch(adj);
    expect(s.run([45_150], undefined, { cutoffDs: 10_000_000 })).toBe(fresh.run([45_150], undefined, { cutoffDs: 10_000_000 }));
    expect(s.settledCount()).toBe(adj.nodeCount);
    for (let v = 0; v < adj.nodeCount; v++) if (s.timeDs[v] !== fresh.timeDs[v]) throw new Error(`node ${v}: ${s.timeDs[v]} after the aborted run, ${fresh.timeDs[v]} fresh`);
  });

  it("tracks the fastest path's length and stops at targets with their final times", () => {
    // A path 0 → 1 → 2 of 10 ds + 10 ds beats the direct 0 → 2 of 30 ds, though it is longer.
    const b = new GraphBuilder(["car"]);
    for (let i = 0; i < 3; i++) b.addNode(25 + i * 0.01, 60);
    b.addEdge(0, 1, 100, [10], 0);
    b.addEdge(1, 2, 100, [10], 0);
    b.addEdge(0, 2, 150, [30], 0);
    const g = b.build();
    const at = (lon: number) => [...Array(3).keys()].find((i) => Math.abs(g.lon(i) - lon) < 1e-9)!;
    const s = new TravelTimeSearch(g.forward("car"));
    s.run([at(25)], [5], { trackPath: true, offsetsM: [7], targets: [at(25.02)] });
    expect(s.timeDs[at(25.02)]).toBe(25);
    expect(s.lengthM[at(25.02)]).toBeCloseTo(207, 3);
  });

  it("rejects a source outside the graph and a negative cutoff", () => {
    const g = randomGraph(1, 10, 20);
    const s = new TravelTimeSearch(g.forward("car"));
    expect(() => s.run([10])).toThrow(InvalidInputError);
    expect(() => s.run([0], undefined, { cutoffDs: -1 })).toThrow(InvalidInputError);
  });
});
