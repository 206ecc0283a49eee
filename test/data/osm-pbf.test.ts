// The PBF reader's fast paths (data/osm/pbf.ts, import.ts) give what a plain decoding gives: the
// car-road hint skips only ways carRule refuses, dense nodes decode in place (a short coordinate
// column is still damage), node blocks kept from the first walk read the same as inflated anew,
// and the nodes pass finds the wanted ids whatever their order. Fixtures are PBF blocks built in
// code, a tiny XML drawing, and a GENERATED realistic extract (benchmarks/osm-pbf-writer.ts).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import Pbf from "pbf";
import { describe, expect, it } from "vitest";
import { writeOsmPbf } from "../../benchmarks/osm-pbf-writer.ts";
import { importOsm, seek } from "../../data/osm/import.ts";
import { PbfReader } from "../../data/osm/pbf.ts";
import { CorruptDataError } from "../../engine/errors.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import { carRule } from "../../engine/profiles.ts";
import { rng } from "../fixtures/random-graph.ts";
import { osmXml, scratchDir, tempFile } from "../fixtures/osm.ts";

const OSMIUM = "/usr/bin/osmium";
const CAR_HINT = { keys: ["highway", "route"], test: (k: string, v: string) => carRule({ [k]: v }) !== null };

/** One zlib blob: 4-byte header length, BlobHeader, Blob (declaring `declared` bytes inflated, by default the payload's). */
function blob(type: string, payload: Uint8Array, declared = payload.length): Buffer {
  const b = new Pbf();
  b.writeVarintField(2, declared);
  b.writeBytesField(3, deflateSync(payload));
  const body = b.finish();
  const h = new Pbf();
  h.writeStringField(1, type);
  h.writeVarintField(3, body.length);
  const head = h.finish();
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  return Buffer.concat([len, head, body]);
}

/** A PBF file: header, one DenseNodes block (ids, lats, lons in 1e-7°, not delta-coded here), one block of ways. */
function pbfFile(ids: number[], lats: number[], lons: number[], ways: { id: number; refs: number[]; tags: [string, string][] }[]): Buffer {
  const header = new Pbf();
  header.writeStringField(4, "OsmSchema-V0.6");
  header.writeStringField(4, "DenseNodes");
  const delta = (xs: number[]) => xs.map((x, i) => x - (i > 0 ? xs[i - 1] : 0));
  const nodes = new Pbf();
  nodes.writeMessage(1, (_: null, q) => q.writeStringField(1, ""), null);
  nodes.writeMessage(2, (_: null, g) => g.writeMessage(2, (__: null, d) => {
    d.writePackedSVarint(1, delta(ids));
    d.writePackedSVarint(8, delta(lats));
    d.writePackedSVarint(9, delta(lons));
  }, null), null);
  const strings = ["", ...new Set(ways.flatMap((w) => w.tags.flat()))];
  const way = new Pbf();
  way.writeMessage(1, (_: null, q) => strings.forEach((s) => q.writeStringField(1, s)), null);
  way.writeMessage(2, (_: null, g) => {
    for (const w of ways) {
      g.writeMessage(3, (__: null, m) => {
        m.writeVarintField(1, w.id);
        m.writePackedVarint(2, w.tags.map(([k]) => strings.indexOf(k)));
        m.writePackedVarint(3, w.tags.map(([, v]) => strings.indexOf(v)));
        m.writePackedSVarint(8, delta(w.refs));
      }, null);
    }
  }, null);
  return Buffer.concat([blob("OSMHeader", header.finish()), blob("OSMData", nodes.finish()), blob("OSMData", way.finish())]);
}

// Three nodes near Helsinki, 100 m apart, and a road and a footway through them.
const IDS = [10, 20, 30];
const LATS = [602_000_000, 602_009_000, 602_018_000];
const LONS = [249_000_000, 249_000_000, 249_000_000];
const WAYS = [
  { id: 1, refs: [10, 20], tags: [["highway", "residential"], ["name", "Kuja"]] as [string, string][] },
  { id: 2, refs: [20, 30], tags: [["highway", "footway"]] as [string, string][] },
  { id: 3, refs: [20, 30], tags: [["name", "Lautta"], ["route", "ferry"]] as [string, string][] },
];

describe("PbfReader fast paths", () => {
  it("hands over every way without a hint, and with the car-road hint only those a car might use", async () => {
    const path = tempFile("hint.osm.pbf", pbfFile(IDS, LATS, LONS, WAYS));
    const all: [number, Record<string, string>, number[]][] = [];
    await new PbfReader(path).ways((id, tags, refs) => all.push([id, { ...tags }, refs()]));
    expect(all).toEqual(WAYS.map((w) => [w.id, Object.fromEntries(w.tags), w.refs]));
    const hinted: number[] = [];
    await new PbfReader(path).ways((id) => hinted.push(id), undefined, undefined, CAR_HINT);
    expect(hinted).toEqual([1, 3]);
  });

  it("decodes dense nodes, and reads them the same again once the kept blocks are used up", async () => {
    const r = new PbfReader(tempFile("dense.osm.pbf", pbfFile(IDS, LATS, LONS, WAYS)));
    await r.ways(() => {});
    const read = async () => {
      const out: number[][] = [];
      await r.nodes((id, lon, lat) => out.push([id, Math.round(lon * 1e7), Math.round(lat * 1e7)]));
      return out;
    };
    const first = await read();
    expect(first).toEqual(IDS.map((id, i) => [id, LONS[i], LATS[i]]));
    expect(await read()).toEqual(first);
  });

  it("a coordinate column shorter than the ids is damage: a CorruptDataError", async () => {
    const path = tempFile("short.osm.pbf", pbfFile(IDS, LATS.slice(0, 2), LONS, WAYS));
    await expect(importOsm(path)).rejects.toThrow(CorruptDataError);
  });

  it("inflates each blob into one buffer of its declared size; a blob declaring more than it holds is damage", async () => {
    // pbfFile's nodes block inflates to fewer bytes than zlib's smallest output chunk (64), its ways
    // block to more: both read (the tests above). Here a block says 1000 bytes more than it holds:
    // its output buffer is made that size, and the block refused, not read short.
    const header = new Pbf();
    header.writeStringField(4, "OsmSchema-V0.6");
    const payload = Buffer.from("a way block that is not one, 64 bytes and more of it: the size matters here");
    const lying = Buffer.concat([blob("OSMHeader", header.finish()), blob("OSMData", payload, payload.length + 1000)]);
    const err = await importOsm(tempFile("lying.osm.pbf", lying)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptDataError);
    expect((err as Error).message).toMatch(new RegExp(`inflates to ${payload.length} bytes, not the ${payload.length + 1000} it declares`));
  });
});

describe("the nodes pass finds wanted ids in any order", () => {
  it("seek gives the first position not below the id, from any start at or before it", () => {
    const r = rng(7);
    for (let t = 0; t < 200; t++) {
      const sorted = Float64Array.from({ length: Math.floor(r() * 50) }, () => Math.floor(r() * 100)).sort();
      const id = Math.floor(r() * 110) - 5;
      const want = sorted.findIndex((v) => v >= id);
      const expected = want < 0 ? sorted.length : want;
      const from = Math.floor(r() * (expected + 1));
      expect(seek(sorted, from, id)).toBe(expected);
    }
  });

  it("nodes listed backwards give the same graph as in id order", async () => {
    //  1 ─── 2 ─── 3     100 m apart
    const nodes: Record<number, [number, number]> = { 1: [0, 0], 2: [100, 0], 3: [200, 0] };
    const ways = [{ id: 1, nodes: [1, 2, 3], tags: { highway: "residential" } }];
    const sorted = osmXml(nodes, ways);
    // osmXml lists nodes by id; the same lines with the nodes reversed.
    const lines = sorted.split("\n");
    const nodeLines = lines.filter((l) => l.includes("<node"));
    const first = lines.findIndex((l) => l.includes("<node"));
    lines.splice(first, nodeLines.length, ...[...nodeLines].reverse());
    const backwards = lines.join("\n");
    expect(backwards.indexOf('id="3"')).toBeLessThan(backwards.indexOf('id="1"'));
    const a = (await importOsm(tempFile("sorted.osm", sorted))).graph;
    const b = (await importOsm(tempFile("backwards.osm", backwards))).graph;
    expect(b.edgeCount).toBe(4);
    expect([...b.lonE7]).toEqual([...a.lonE7]);
    expect([...b.lengthM]).toEqual([...a.lengthM]);
  });
});

describe("a REALISTIC GENERATED extract (benchmarks/osm-pbf-writer.ts)", () => {
  const { graph: gen } = generateRoadGraph({ seed: 3, bbox: UUSIMAA_BBOX, targetNodes: 4000 });
  const file = join(scratchDir(), `${process.pid}-realistic.osm.pbf`);
  const written = writeOsmPbf(file, gen, { content: "realistic", seed: 3 });

  it("holds what a real extract holds besides the roads, in a real extract's proportions", () => {
    // helsinki-centre.osm.pbf: 11.4 nodes, 2.3 ways and 0.09 relations per drivable-road node.
    expect(written.nodes / gen.nodeCount).toBeGreaterThan(9);
    expect(written.nodes / gen.nodeCount).toBeLessThan(14);
    expect(written.ways / gen.nodeCount).toBeGreaterThan(1.9);
    expect(written.ways / gen.nodeCount).toBeLessThan(2.7);
    expect(written.relations).toBeGreaterThan(0.05 * gen.nodeCount);
    expect(written.taggedNodes / written.nodes).toBeGreaterThan(0.15);
  });

  it("imports to exactly the generated roads: the hint skips no road, no path becomes one", async () => {
    const { graph: back, stats } = await importOsm(file);
    expect(stats.waysKept).toBe(written.roadWays);
    expect(stats.missingNodes).toBe(0);
    expect(back.edgeCount).toBe(gen.edgeCount);
    const at = new Map<number, number>();
    for (let i = 0; i < back.nodeCount; i++) at.set(back.lonE7[i] * 4e9 + back.latE7[i], i);
    for (let u = 0; u < gen.nodeCount; u++) {
      for (let e = gen.firstOut[u]; e < gen.firstOut[u + 1]; e++) {
        const v = gen.head[e];
        const f = back.findEdge(at.get(gen.lonE7[u] * 4e9 + gen.latE7[u]) ?? -1, at.get(gen.lonE7[v] * 4e9 + gen.latE7[v]) ?? -1);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(back.roadClass[f]).toBe(gen.roadClass[e]);
        expect(Math.abs(back.timeDs[0][f] - gen.timeDs[0][e])).toBeLessThanOrEqual(1);
      }
    }
  });

  it("every way, node and relation reads back; the hint lets through every way carRule keeps", async () => {
    const r = new PbfReader(file);
    let relations = 0;
    await r.relations(() => relations++);
    const roads = new Set<number>();
    let ways = 0;
    await r.ways((id, tags) => {
      ways++;
      if (carRule(tags)) roads.add(id);
    });
    let nodes = 0;
    await r.nodes(() => nodes++);
    expect({ relations, ways, nodes }).toEqual({ relations: written.relations, ways: written.ways, nodes: written.nodes });
    const hinted = new Set<number>();
    await new PbfReader(file).ways((id) => hinted.add(id), undefined, undefined, CAR_HINT);
    for (const id of roads) expect(hinted.has(id)).toBe(true);
    expect(roads.size).toBe(written.roadWays);
    // The hint leaves out most of the rest: buildings, paths, areas.
    expect(hinted.size).toBeLessThan(roads.size + (ways - roads.size) / 4);
  });

  it.skipIf(!existsSync(OSMIUM))("osmium reads it as a valid, sorted file with the same counts", () => {
    const run = spawnSync(OSMIUM, ["fileinfo", "-e", "-j", file], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const info = JSON.parse(run.stdout) as { data: { count: { nodes: number; ways: number; relations: number }; objects_ordered: boolean } };
    expect(info.data.count).toEqual({ nodes: written.nodes, ways: written.ways, relations: written.relations, changesets: 0 });
    expect(info.data.objects_ordered).toBe(true);
  });
});
