// The graph a hierarchy is built in: one entry per node pair (the better of parallel edges), the
// same edge seen from both ends, lists that outgrow their room keep every entry, and a detached
// node's edges leave its neighbours' lists but stay in its own.
import { describe, expect, it } from "vitest";
import { ShrinkingGraph, type NodeLists } from "../../engine/shrinking-graph.ts";

const entries = (lists: NodeLists, v: number) => {
  const out: [number, number, number][] = [];
  for (let i = lists.at[v]; i < lists.at[v] + lists.count[v]; i++) out.push([lists.node[i], lists.timeDs[i], lists.lengthM[i]]);
  return out.sort((a, b) => a[0] - b[0]);
};

describe("shrinking graph", () => {
  it("keeps the better of parallel edges, faster or as fast and shorter, at both ends", () => {
    const g = new ShrinkingGraph(3, () => 1, () => 1);
    g.addOrImprove(0, 1, 10, 100);
    g.addOrImprove(0, 1, 12, 50); // slower: ignored
    g.addOrImprove(0, 1, 10, 80); // as fast, shorter: taken
    expect(entries(g.outs, 0)).toEqual([[1, 10, 80]]);
    expect(entries(g.ins, 1)).toEqual([[0, 10, 80]]);
  });

  it("keeps every entry when a node's list outgrows its room, and detaches a node from its neighbours only", () => {
    const g = new ShrinkingGraph(40, () => 1, () => 1);
    for (let w = 1; w < 40; w++) g.addOrImprove(0, w, w, w / 2);
    for (let u = 1; u < 40; u++) g.addOrImprove(u, 0, u + 100, u);
    expect(entries(g.outs, 0).map((e) => e[0])).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    expect(entries(g.outs, 7)).toEqual([[0, 107, 7]]);
    g.detach(0);
    for (let x = 1; x < 40; x++) {
      expect(g.outs.count[x]).toBe(0);
      expect(g.ins.count[x]).toBe(0);
    }
    expect(g.outs.count[0]).toBe(39);
    expect(entries(g.ins, 0)[6]).toEqual([7, 107, 7]);
  });
});
