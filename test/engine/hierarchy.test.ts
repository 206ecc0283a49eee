// The contraction hierarchy (engine/hierarchy.ts), queried many-to-many with buckets
// (engine/buckets.ts), must give the plain search's answers: times exactly, and the length of the
// fastest path (of several as fast, the shortest). Checked against a brute-force Dijkstra on seeded
// random graphs built so that many paths tie on time, against Router's searches on a generated
// road-like graph with one-way streets, and on the real Tampere extract.
import { beforeAll, describe, expect, it } from "vitest";
import type { Adjacency, RoadGraph } from "../../engine/graph.ts";
import { coreView } from "../../engine/core.ts";
import { buildHierarchy, hierarchyFor } from "../../engine/hierarchy.ts";
import { BucketMatrix } from "../../engine/buckets.ts";
import { Router } from "../../engine/route.ts";
import { generateRoadGraph } from "../../engine/generate.ts";
import { importOsm } from "../../data/osm/import.ts";
import { UNREACHED } from "../../engine/units.ts";
import { rng, tieGraph } from "../fixtures/random-graph.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { seededPlaces as places } from "../fixtures/places.ts";

/** Brute force: O(n²) Dijkstra on (time, length) in that order, multi-source with offsets. */
function reference(adj: Adjacency, sources: number[], offsetsDs: number[], offsetsM: number[]): { time: number[]; length: number[] } {
  const time = new Array<number>(adj.nodeCount).fill(Infinity);
  const length = new Array<number>(adj.nodeCount).fill(Infinity);
  const done = new Array<boolean>(adj.nodeCount).fill(false);
  const better = (t: number, m: number, x: number) => t < time[x] || (t === time[x] && m < length[x]);
  sources.forEach((s, i) => {
    if (better(offsetsDs[i], offsetsM[i], s)) [time[s], length[s]] = [offsetsDs[i], offsetsM[i]];
  });
  for (;;) {
    let u = -1;
    for (let x = 0; x < adj.nodeCount; x++) if (!done[x] && time[x] < Infinity && (u < 0 || better(time[x], length[x], u))) u = x;
    if (u < 0) return { time, length };
    done[u] = true;
    for (let e = adj.firstOut[u]; e < adj.firstOut[u + 1]; e++) {
      const x = adj.head[e];
      if (better(time[u] + adj.timeDs[e], length[u] + adj.lengthM[e], x)) [time[x], length[x]] = [time[u] + adj.timeDs[e], length[u] + adj.lengthM[e]];
    }
  }
}

describe("contraction hierarchy, many to many", () => {
  it("gives brute force's times and lengths on random graphs with ties, one-way roads, sources on chains and unreachable pairs", () => {
    let reached = 0;
    let unreached = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const g = tieGraph(seed, 150, seed % 2 ? 170 : 260);
      const view = coreView(g, "car", "forward");
      const m = new BucketMatrix(buildHierarchy(view.adj), view);
      const r = rng(100 + seed);
      const targets = Array.from({ length: 25 }, () => Math.floor(r() * g.nodeCount));
      m.setTargets([...new Set(targets)]);
      for (let q = 0; q < 15; q++) {
        const sources = Array.from({ length: 1 + (q % 3) }, () => Math.floor(r() * g.nodeCount));
        const offsetsDs = sources.map(() => Math.floor(r() * 6));
        const offsetsM = sources.map(() => Math.floor(r() * 50));
        m.run(sources, offsetsDs, offsetsM);
        const want = reference(g.forward("car"), sources, offsetsDs, offsetsM);
        for (const x of targets) {
          const where = `seed ${seed}, query ${q}, node ${x}`;
          if (want.time[x] === Infinity) {
            expect(m.timeAt(x), where).toBe(UNREACHED);
            unreached++;
            continue;
          }
          expect(m.timeAt(x), where).toBe(want.time[x]);
          expect(m.lengthAt(x), where).toBe(want.length[x]);
          reached++;
        }
      }
    }
    expect(reached).toBeGreaterThan(1000);
    expect(unreached).toBeGreaterThan(100);
  });

  it("reads past the cutoff as unreached, as a search with that cutoff does", () => {
    const g = tieGraph(3, 150, 260);
    const view = coreView(g, "car", "forward");
    const m = new BucketMatrix(buildHierarchy(view.adj), view);
    const targets = Array.from({ length: g.nodeCount }, (_, x) => x);
    m.setTargets(targets);
    m.run([0], [0], [0], 8);
    const want = reference(g.forward("car"), [0], [0], [0]);
    for (const x of targets) expect(m.timeAt(x)).toBe(want.time[x] <= 8 ? want.time[x] : UNREACHED);
  });

  it("gives Router's search matrix on a generated road graph with one-way streets, both ways round", () => {
    const g = generateRoadGraph({ seed: 9, bbox: [24.5, 60.1, 25.0, 60.3], targetNodes: 5000 }).graph;
    const router = new Router(g);
    const [a, b] = [places(router, 40, 1, "a"), places(router, 15, 2, "b")];
    for (const [origins, destinations] of [[a, b], [b, a]]) {
      const want = router.matrix(origins, destinations, "car", undefined, "searches");
      const got = router.matrix(origins, destinations, "car", undefined, "hierarchy");
      for (const [i, row] of want.entries()) {
        for (const [j, trip] of row.entries()) {
          expect(got[i][j]?.timeDs, `${i} → ${j}`).toBe(trip?.timeDs);
          // Searched backward (fewer destinations), a chain's length is summed from its other end
          // and kept as a 32-bit float: equal but for the last bits.
          if (trip) expect(Math.abs(got[i][j]!.lengthM - trip.lengthM)).toBeLessThanOrEqual(1e-6 * trip.lengthM);
        }
      }
    }
  });

  describe("on the real Tampere extract", () => {
    let g: RoadGraph;
    beforeAll(async () => {
      g = (await importOsm(sharedData("osm/tampere.osm.pbf"))).graph;
    });

    it("gives each origin's full search's trips for a sample of pairs, time and length", () => {
      const router = new Router(g);
      hierarchyFor(g, "car");
      const [origins, destinations] = [places(router, 30, 5, "o"), places(router, 20, 6, "d")];
      const m = router.matrix(origins, destinations, "car"); // a hierarchy is kept: "auto" takes it
      let lengthsApart = 0;
      for (const [i, o] of origins.entries()) {
        const full = router.runFrom(o, "car", 24 * 36000, { trackPath: true });
        for (const [j, d] of destinations.entries()) {
          const want = router.arrival(full, d, "car", o);
          expect(m[i][j]?.timeDs, `${o.id} → ${d.id}`).toBe(want?.timeDs);
          // The same path, its length summed in another order: equal but for the last bits.
          if (want && Math.abs(m[i][j]!.lengthM - want.lengthM) > 1e-9 * want.lengthM) lengthsApart++;
        }
      }
      expect(lengthsApart).toBe(0);
    });
  });
});
