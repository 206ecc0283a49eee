// Strongly connected components against brute-force mutual reachability.
import { describe, expect, it } from "vitest";
import { sccLabels } from "../../engine/scc.ts";
import { TravelTimeSearch } from "../../engine/search.ts";
import { UNREACHED } from "../../engine/units.ts";
import { randomGraph } from "../fixtures/random-graph.ts";

describe("sccLabels / mainComponent", () => {
  it("puts two nodes in one component exactly when each reaches the other", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const g = randomGraph(seed, 60, 90); // sparse: many components
      const { labels } = sccLabels(g.nodeCount, g.firstOut, g.head);
      const s = new TravelTimeSearch(g.forward("car"));
      const reach: boolean[][] = [];
      for (let u = 0; u < g.nodeCount; u++) {
        s.run([u], undefined, { cutoffDs: 1e9 });
        reach.push([...s.timeDs].map((t) => t !== UNREACHED));
      }
      for (let u = 0; u < g.nodeCount; u++) {
        for (let v = 0; v < g.nodeCount; v++) expect(labels[u] === labels[v]).toBe(reach[u][v] && reach[v][u]);
      }
      const sizes = new Map<number, number>();
      for (const l of labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
      expect(g.mainComponentSize()).toBe(Math.max(...sizes.values()));
    }
  });
});
