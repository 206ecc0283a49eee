// The benchmark's OSM PBF writer must round-trip a GENERATED graph through the real importer
// (data/osm/pbf.ts + import.ts): same network, same times. Otherwise the region-scale import
// benchmark would time something other than an import of that network. Searches run without a
// cutoff, so a node a rounding step either side of one cannot make the comparison flaky.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeOsmPbf } from "../../benchmarks/osm-pbf-writer.ts";
import { importOsm, type ImportStats } from "../../data/osm/import.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { FERRY_CLASS, CLASS_INDEX } from "../../engine/profiles.ts";
import { TravelTimeSearch } from "../../engine/search.ts";
import { UNREACHED } from "../../engine/units.ts";
import { scratchDir } from "../fixtures/osm.ts";

/** For each node of `a`, the node of `b` at the same coordinates (the writer keeps 1e-7° exactly), or -1. */
function nodeMap(a: RoadGraph, b: RoadGraph): Int32Array {
  const at = new Map<number, number>();
  for (let i = 0; i < b.nodeCount; i++) at.set(b.lonE7[i] * 4e9 + b.latE7[i], i);
  const to = new Int32Array(a.nodeCount);
  for (let i = 0; i < a.nodeCount; i++) to[i] = at.get(a.lonE7[i] * 4e9 + a.latE7[i]) ?? -1;
  return to;
}

describe("writeOsmPbf → importOsm", () => {
  const { graph: gen } = generateRoadGraph({ seed: 5, bbox: UUSIMAA_BBOX, targetNodes: 5000 });
  const file = join(scratchDir(), `${process.pid}-generated.osm.pbf`);
  const written = writeOsmPbf(file, gen);
  let back: RoadGraph;
  let stats: ImportStats;
  let to: Int32Array;
  beforeAll(async () => {
    ({ graph: back, stats } = await importOsm(file));
    to = nodeMap(gen, back);
  });

  it("writes a PBF file: OSMHeader blob first, with the required features", () => {
    const bytes = readFileSync(file);
    expect(written.bytes).toBe(bytes.length);
    const headerLen = bytes.readUInt32BE(0);
    const header = bytes.subarray(4, 4 + headerLen).toString("latin1");
    expect(header).toContain("OSMHeader");
    const text = bytes.toString("latin1");
    expect(text).toContain("OSMData");
    // Chains: far fewer ways than segments, as in real OSM data.
    expect(written.ways).toBeLessThan(gen.edgeCount / 4);
  });

  it("keeps every node, edge, road class and the main component", () => {
    expect(stats.missingNodes).toBe(0);
    expect(back.edgeCount).toBe(gen.edgeCount);
    expect(back.mainComponentSize()).toBe(gen.mainComponentSize());
    // Only nodes no edge touches are dropped by the importer.
    const touched = new Uint8Array(gen.nodeCount);
    for (let u = 0; u < gen.nodeCount; u++) {
      for (let e = gen.firstOut[u]; e < gen.firstOut[u + 1]; e++) touched[u] = touched[gen.head[e]] = 1;
    }
    expect(back.nodeCount).toBe(touched.reduce((s, t) => s + t, 0));
    let maxDiff = 0;
    const classes = new Set<number>();
    for (let u = 0; u < gen.nodeCount; u++) {
      for (let e = gen.firstOut[u]; e < gen.firstOut[u + 1]; e++) {
        const f = back.findEdge(to[u], to[gen.head[e]]);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(back.roadClass[f]).toBe(gen.roadClass[e]);
        classes.add(gen.roadClass[e]);
        for (let p = 0; p < 2; p++) maxDiff = Math.max(maxDiff, Math.abs(back.timeDs[p][f] - gen.timeDs[p][e]));
      }
    }
    // Lengths come from the 1e-7° coordinates on import, so an edge may round 1 ds differently.
    expect(maxDiff).toBeLessThanOrEqual(1);
    // The cases the tags must carry: one-way motorways, two-way ramps (implied oneway), ferries.
    for (const c of [CLASS_INDEX.motorway, CLASS_INDEX.motorway_link, FERRY_CLASS]) expect(classes).toContain(c);
  });

  it("gives the same travel times from several sources, within rounding", () => {
    const a = new TravelTimeSearch(gen.forward("car"));
    const b = new TravelTimeSearch(back.forward("car"));
    for (const s of [0, Math.floor(gen.nodeCount / 3), gen.nodeCount - 1]) {
      if (to[s] < 0) continue;
      a.run([s], undefined, { cutoffDs: 1e9 });
      b.run([to[s]], undefined, { cutoffDs: 1e9 });
      let reached = 0;
      for (let v = 0; v < gen.nodeCount; v++) {
        if (to[v] < 0) continue;
        const x = a.timeDs[v];
        const y = b.timeDs[to[v]];
        expect(y === UNREACHED).toBe(x === UNREACHED);
        if (x === UNREACHED) continue;
        reached++;
        expect(Math.abs(x - y)).toBeLessThanOrEqual(2 + x * 0.002);
      }
      expect(reached).toBeGreaterThan(0);
    }
  });
});
