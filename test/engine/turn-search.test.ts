// The edge-based search against a brute force: a plain O(V²) Dijkstra over the explicitly
// expanded graph (one vertex per directed edge, one arc per allowed turn, weighted by the edge's
// time plus the turn's cost), on seeded random graphs with random traffic controls and
// restrictions, in both directions, from node seeds and from edge seeds.
import { describe, expect, it } from "vitest";
import { FORBIDDEN, TurnModel } from "../../engine/turns.ts";
import { TurnSearch } from "../../engine/turn-search.ts";
import { TravelTimeSearch } from "../../engine/search.ts";
import { UNREACHED } from "../../engine/units.ts";
import { placeSeeds, placeTargets, placeTrip } from "../../engine/turn-places.ts";
import { randomGraph, referenceTimes, rng, tieGraph, withTurnRules } from "../fixtures/random-graph.ts";

/** The expanded graph as CSR: vertex = edge; forward arcs e → f, reverse arcs f → e, weight time(e or f) + turn(e, f). */
function expanded(model: TurnModel, direction: "forward" | "reverse") {
  const m = model.edgeCount;
  const arcs: [number, number, number][] = [];
  for (let e = 0; e < m; e++) {
    const v = model.head[e];
    for (let f = model.firstOut[v]; f < model.firstOut[v + 1]; f++) {
      const c = model.turnDs(e, f);
      if (c === FORBIDDEN) continue;
      if (direction === "forward") arcs.push([e, f, model.timeDs[e] + c]);
      else arcs.push([f, e, model.timeDs[f] + c]);
    }
  }
  arcs.sort((a, b) => a[0] - b[0]);
  const firstOut = new Uint32Array(m + 1);
  for (const [a] of arcs) firstOut[a + 1]++;
  for (let i = 0; i < m; i++) firstOut[i + 1] += firstOut[i];
  return { nodeCount: m, firstOut, head: Uint32Array.from(arcs, (a) => a[1]), timeDs: Uint32Array.from(arcs, (a) => a[2]) };
}

/** Brute-force labels from node and edge seeds, as TurnSearch defines them. */
function bruteLabels(model: TurnModel, direction: "forward" | "reverse", nodes: number[], edges: number[], edgeDs: number[]): number[] {
  const sources: number[] = [];
  const offsets: number[] = [];
  for (const v of nodes) {
    if (direction === "forward") for (let f = model.firstOut[v]; f < model.firstOut[v + 1]; f++) sources.push(f), offsets.push(0);
    else for (let k = model.firstIn[v]; k < model.firstIn[v + 1]; k++) sources.push(model.inEdge[k]), offsets.push(0);
  }
  edges.forEach((e, i) => {
    if (direction === "forward") {
      const v = model.head[e];
      for (let f = model.firstOut[v]; f < model.firstOut[v + 1]; f++) {
        const c = model.turnDs(e, f);
        if (c !== FORBIDDEN) sources.push(f), offsets.push(edgeDs[i] + c);
      }
    } else {
      const u = model.tail[e];
      for (let k = model.firstIn[u]; k < model.firstIn[u + 1]; k++) {
        const g = model.inEdge[k];
        const c = model.turnDs(g, e);
        if (c !== FORBIDDEN) sources.push(g), offsets.push(edgeDs[i] + c);
      }
    }
  });
  return referenceTimes(expanded(model, direction), sources, offsets);
}

const labels = (s: TurnSearch) => Array.from(s.labelDs, (t) => (t === UNREACHED ? Infinity : t));

describe("TurnSearch equals a brute force over the expanded edge graph", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const g = withTurnRules(seed % 2 ? randomGraph(seed, 40, 160) : tieGraph(seed, 40, 90), 100 + seed);
    const model = new TurnModel(g, "car");
    const r = rng(seed);
    for (const direction of ["forward", "reverse"] as const) {
      it(`seed ${seed}, ${direction}: node seeds and edge seeds`, () => {
        const search = new TurnSearch(model, direction);
        for (let trial = 0; trial < 5; trial++) {
          const nodes = [Math.floor(r() * g.nodeCount)];
          const edges = [Math.floor(r() * g.edgeCount), Math.floor(r() * g.edgeCount)];
          const edgeDs = [Math.floor(r() * 50), Math.floor(r() * 50)];
          search.run({ nodes, edges, edgeDs }, { cutoffDs: 1e6 });
          expect(labels(search)).toEqual(bruteLabels(model, direction, nodes, edges, edgeDs));
        }
      });
    }
  }

  it("the restrictions and controls of the random graphs are really there (so the comparison tests them)", () => {
    const g = withTurnRules(randomGraph(1, 40, 160), 101);
    expect(g.restrictionFrom.length).toBeGreaterThan(5);
    expect(g.restrictionOnly.some((x) => x === 1)).toBe(true);
    expect(g.nodeControl.some((x) => x > 0)).toBe(true);
    expect(g.controlEdges.length).toBeGreaterThan(0);
  });
});

describe("with every cost zero and no restrictions, node times are the plain search's", () => {
  const zero = { straight: 0, right: 0, "u-turn": 0, left: 0 };
  const noDelay = { none: 0, traffic_signals: 0, stop: 0, give_way: 0, crossing: 0 };
  for (const seed of [11, 12, 13]) {
    it(`seed ${seed}`, () => {
      const g = tieGraph(seed, 60, 150);
      const model = new TurnModel(g, "car", { turnCostS: zero, nodeDelayS: noDelay, restrictions: false });
      const plain = new TravelTimeSearch(g.forward("car"));
      const fwd = new TurnSearch(model, "forward");
      const rev = new TurnSearch(model, "reverse");
      const plainRev = new TravelTimeSearch(g.reverse("car"));
      for (let s = 0; s < g.nodeCount; s += 7) {
        plain.run([s], [0], { cutoffDs: 1e6 });
        plainRev.run([s], [0], { cutoffDs: 1e6 });
        fwd.run({ nodes: [s] }, { cutoffDs: 1e6 });
        rev.run({ nodes: [s] }, { cutoffDs: 1e6 });
        for (let v = 0; v < g.nodeCount; v++) {
          expect(fwd.nodeDs(v), `forward ${s} → ${v}`).toBe(plain.timeDs[v]);
          expect(rev.nodeDs(v), `reverse ${v} → ${s}`).toBe(plainRev.timeDs[v]);
        }
      }
    });
  }
});

describe("places part-way along roads: a forward search from the origin and a reverse one to the destination give the same trip", () => {
  for (const seed of [21, 22, 23]) {
    it(`seed ${seed}`, () => {
      const g = withTurnRules(tieGraph(seed, 50, 140), 200 + seed);
      const model = new TurnModel(g, "car");
      const fwd = new TurnSearch(model, "forward");
      const rev = new TurnSearch(model, "reverse");
      const r = rng(seed);
      const tail = g.edgeTail();
      const place = () => {
        const edge = Math.floor(r() * g.edgeCount);
        const ends = [0, 1, 0.25, 0.5];
        return { edge, twin: g.findEdge(g.head[edge], tail[edge]), t: ends[Math.floor(r() * ends.length)] };
      };
      let reached = 0;
      for (let trial = 0; trial < 40; trial++) {
        const [a, b] = [place(), place()];
        fwd.run(placeSeeds(fwd, a, 7, 3), { cutoffDs: 1e6, targetEdges: placeTargets(fwd, b) });
        rev.run(placeSeeds(rev, b, 7, 3), { cutoffDs: 1e6, targetEdges: placeTargets(rev, a) });
        const there = placeTrip(fwd, b);
        const back = placeTrip(rev, a);
        expect(back?.timeDs, `trial ${trial}`).toBe(there?.timeDs);
        if (there) reached++;
      }
      expect(reached).toBeGreaterThan(20);
    });
  }
});

describe("without lengths (trackLength: false) the times are the brute force's all the same", () => {
  for (const seed of [21, 22]) {
    const g = withTurnRules(seed % 2 ? randomGraph(seed, 40, 160) : tieGraph(seed, 40, 90), 200 + seed);
    const model = new TurnModel(g, "car");
    for (const direction of ["forward", "reverse"] as const) {
      it(`seed ${seed}, ${direction}`, () => {
        const search = new TurnSearch(model, direction);
        const nodes = [seed % g.nodeCount];
        search.run({ nodes }, { cutoffDs: 1e6, trackLength: false });
        expect(labels(search)).toEqual(bruteLabels(model, direction, nodes, [], []));
        const reached = nodes[0];
        expect(search.nodeDs(reached)).toBe(0);
        expect(search.atEdge(search.labelDs.findIndex((t) => t !== UNREACHED), 0.5)?.lengthM).toBeNaN();
        // A run with lengths after it reads them again.
        search.run({ nodes }, { cutoffDs: 1e6 });
        expect(search.atEdge(search.labelDs.findIndex((t) => t !== UNREACHED), 0.5)?.lengthM).toBeGreaterThanOrEqual(0);
      });
    }
  }
});
