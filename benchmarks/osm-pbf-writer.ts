/**
 * Writes a RoadGraph as a real OSM PBF file, so the importer can be timed at region scale on a
 * GENERATED graph (there is no real Uusimaa extract offline). Benchmarks and tests only.
 *
 * Format (https://wiki.openstreetmap.org/wiki/PBF_Format): each blob is a 4-byte big-endian
 * BlobHeader length, a BlobHeader {type, datasize}, then a Blob {raw_size, zlib_data}. The first
 * blob is an OSMHeader (bbox, required features OsmSchema-V0.6 and DenseNodes); then OSMData
 * PrimitiveBlocks: DenseNodes first (ids, lat, lon delta-coded), then Ways (refs delta-coded).
 *
 * Node ids are graph node + 1. With granularity 100 a coordinate unit is 1e-7°, the graph's own
 * precision, so coordinates round-trip exactly. Each pair of opposite edges of one class becomes one
 * two-way way, any other edge a `oneway=yes` way; maximal runs of such segments through nodes that
 * join exactly two alike segments are chained into one way, as OSM draws roads.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { deflateSync } from "node:zlib";
import Pbf from "pbf";
import type { RoadGraph } from "../engine/graph.ts";
import { FERRY_CLASS, ROAD_CLASSES } from "../engine/profiles.ts";

/** Nodes per DenseNodes block: osmium and osmconvert write ~8000. */
const NODES_PER_BLOCK = 8000;
/** Ways per block, and a cap on refs so one block stays far below the 16 MiB raw-size advice. */
const WAYS_PER_BLOCK = 8000;
const REFS_PER_BLOCK = 400_000;
/** OSM's API limit on nodes in one way. */
const MAX_WAY_NODES = 2000;

export interface PbfWriteStats {
  bytes: number;
  nodes: number;
  ways: number;
  blocks: number;
}

/** An undirected or one-way road segment between two graph nodes. */
interface Segments {
  a: Uint32Array;
  b: Uint32Array;
  cls: Uint8Array;
  oneway: Uint8Array;
  count: number;
}

/** Pairs each edge with an unused opposite edge of the same class; unpaired edges stay one-way. */
function segmentsOf(g: RoadGraph): Segments {
  const used = new Uint8Array(g.edgeCount);
  const s: Segments = { a: new Uint32Array(g.edgeCount), b: new Uint32Array(g.edgeCount), cls: new Uint8Array(g.edgeCount), oneway: new Uint8Array(g.edgeCount), count: 0 };
  for (let u = 0; u < g.nodeCount; u++) {
    for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
      if (used[e]) continue;
      used[e] = 1;
      const v = g.head[e];
      let twin = -1;
      for (let f = g.firstOut[v]; f < g.firstOut[v + 1] && twin < 0; f++) {
        if (!used[f] && g.head[f] === u && g.roadClass[f] === g.roadClass[e] && f !== e) twin = f;
      }
      if (twin >= 0) used[twin] = 1;
      const k = s.count++;
      s.a[k] = u;
      s.b[k] = v;
      s.cls[k] = g.roadClass[e];
      s.oneway[k] = twin < 0 ? 1 : 0;
    }
  }
  return s;
}

/** Chains segments into ways: calls `emit(refs, cls, oneway)` once per way; every segment lands in exactly one way. */
function eachWay(g: RoadGraph, s: Segments, emit: (refs: number[], cls: number, oneway: boolean) => void): void {
  const n = g.nodeCount;
  // Segments incident to each node (CSR).
  const first = new Uint32Array(n + 1);
  for (let k = 0; k < s.count; k++) (first[s.a[k] + 1]++, first[s.b[k] + 1]++);
  for (let i = 0; i < n; i++) first[i + 1] += first[i];
  const fill = first.slice(0, n);
  const inc = new Uint32Array(2 * s.count);
  for (let k = 0; k < s.count; k++) (inc[fill[s.a[k]]++] = k, inc[fill[s.b[k]]++] = k);
  // A node is inside a chain when it joins exactly two segments alike in class and direction
  // (for one-way ones: one arriving, one leaving), so merging them changes nothing on import.
  const interior = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (first[i + 1] - first[i] !== 2) continue;
    const p = inc[first[i]];
    const q = inc[first[i] + 1];
    if (p === q || s.cls[p] !== s.cls[q] || s.oneway[p] !== s.oneway[q] || s.a[p] === s.b[p] || s.a[q] === s.b[q]) continue;
    if (s.oneway[p] && (s.a[p] === i) === (s.a[q] === i)) continue;
    interior[i] = 1;
  }
  const done = new Uint8Array(s.count);
  const walk = (start: number, seg: number) => {
    const refs = [start];
    let cur = start;
    for (;;) {
      done[seg] = 1;
      const next = s.a[seg] === cur ? s.b[seg] : s.a[seg];
      refs.push(next);
      if (!interior[next] || refs.length >= MAX_WAY_NODES) break;
      const other = inc[first[next]] === seg ? inc[first[next] + 1] : inc[first[next]];
      if (done[other]) break; // back round a closed ring
      cur = next;
      seg = other;
    }
    emit(refs, s.cls[seg], s.oneway[seg] === 1);
  };
  // Chains start at nodes that are not interior; one-way ones only where the segment leaves.
  for (let i = 0; i < n; i++) {
    if (interior[i]) continue;
    for (let j = first[i]; j < first[i + 1]; j++) {
      const k = inc[j];
      if (!done[k] && (!s.oneway[k] || s.a[k] === i)) walk(i, k);
    }
  }
  // What is left: rings made only of interior nodes (island loops), and the rest of chains cut at MAX_WAY_NODES.
  for (let k = 0; k < s.count; k++) if (!done[k]) walk(s.a[k], k);
}

/** Appends one blob (BlobHeader length, BlobHeader, zlib Blob) to the open file; returns bytes written. */
function writeBlob(fd: number, type: string, payload: Uint8Array): number {
  const blob = new Pbf();
  blob.writeVarintField(2, payload.length);
  blob.writeBytesField(3, deflateSync(payload));
  const blobBytes = blob.finish();
  const header = new Pbf();
  header.writeStringField(1, type);
  header.writeVarintField(3, blobBytes.length);
  const headerBytes = header.finish();
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length, 0);
  writeSync(fd, len);
  writeSync(fd, headerBytes);
  writeSync(fd, blobBytes);
  return 4 + headerBytes.length + blobBytes.length;
}

/** A PrimitiveBlock: string table, one group written by `group`, granularity 100 and zero offsets. */
function primitiveBlock(strings: string[], group: (p: Pbf) => void): Uint8Array {
  const p = new Pbf();
  p.writeMessage(1, (list: string[], q) => list.forEach((str) => q.writeStringField(1, str)), strings);
  p.writeMessage(2, (_: null, q) => group(q), null);
  p.writeVarintField(17, 100);
  return p.finish();
}

/** Writes the graph to `path` as an OSM PBF file (see the file comment for the mapping). */
export function writeOsmPbf(path: string, g: RoadGraph): PbfWriteStats {
  const fd = openSync(path, "w");
  const stats: PbfWriteStats = { bytes: 0, nodes: g.nodeCount, ways: 0, blocks: 0 };
  try {
    // Header: bbox in nanodegrees (HeaderBBox left, right, top, bottom), features, program.
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < g.nodeCount; i++) {
      minX = Math.min(minX, g.lonE7[i]);
      maxX = Math.max(maxX, g.lonE7[i]);
      minY = Math.min(minY, g.latE7[i]);
      maxY = Math.max(maxY, g.latE7[i]);
    }
    const h = new Pbf();
    if (g.nodeCount > 0) {
      h.writeMessage(1, (_: null, q) => {
        q.writeSVarintField(1, minX * 100);
        q.writeSVarintField(2, maxX * 100);
        q.writeSVarintField(3, maxY * 100);
        q.writeSVarintField(4, minY * 100);
      }, null);
    }
    h.writeStringField(4, "OsmSchema-V0.6");
    h.writeStringField(4, "DenseNodes");
    h.writeStringField(16, "palveluverkko benchmarks/osm-pbf-writer.ts (GENERATED data)");
    stats.bytes += writeBlob(fd, "OSMHeader", h.finish());

    // Nodes: ids 1..n, lat/lon in 1e-7° units (= granularity 100), all delta-coded; no tags.
    for (let start = 0; start < g.nodeCount; start += NODES_PER_BLOCK) {
      const end = Math.min(g.nodeCount, start + NODES_PER_BLOCK);
      const ids: number[] = [];
      const lats: number[] = [];
      const lons: number[] = [];
      for (let i = start; i < end; i++) {
        ids.push(i === start ? i + 1 : 1);
        lats.push(i === start ? g.latE7[i] : g.latE7[i] - g.latE7[i - 1]);
        lons.push(i === start ? g.lonE7[i] : g.lonE7[i] - g.lonE7[i - 1]);
      }
      const block = primitiveBlock([""], (q) =>
        q.writeMessage(2, (_: null, d) => {
          d.writePackedSVarint(1, ids);
          d.writePackedSVarint(8, lats);
          d.writePackedSVarint(9, lons);
        }, null),
      );
      stats.bytes += writeBlob(fd, "OSMData", block);
      stats.blocks++;
    }

    // Ways, buffered until a block is full. Tag strings are few; each block has its own table.
    let ways: { refs: number[]; tags: [string, string][] }[] = [];
    let refsInBlock = 0;
    const flush = () => {
      if (ways.length === 0) return;
      const strings = [""];
      const index = new Map<string, number>();
      const sid = (str: string) => {
        let i = index.get(str);
        if (i === undefined) (index.set(str, (i = strings.length)), strings.push(str));
        return i;
      };
      const encoded = ways.map((w) => ({ ...w, keys: w.tags.map(([k]) => sid(k)), vals: w.tags.map(([, v]) => sid(v)) }));
      const block = primitiveBlock(strings, (q) => {
        for (const w of encoded) {
          q.writeMessage(3, (_: null, m) => {
            m.writeVarintField(1, ++stats.ways);
            m.writePackedVarint(2, w.keys);
            m.writePackedVarint(3, w.vals);
            m.writePackedSVarint(8, w.refs.map((r, i) => (i === 0 ? r + 1 : r - w.refs[i - 1])));
          }, null);
        }
      });
      stats.bytes += writeBlob(fd, "OSMData", block);
      stats.blocks++;
      ways = [];
      refsInBlock = 0;
    };
    eachWay(g, segmentsOf(g), (refs, cls, oneway) => {
      const tags: [string, string][] =
        cls === FERRY_CLASS ? [["route", "ferry"], ["motor_vehicle", "yes"]] : [["highway", ROAD_CLASSES[cls].tag]];
      // Motorways imply oneway in the speed model, so a two-way motorway-class way must say so.
      if (oneway) tags.push(["oneway", "yes"]);
      else if (ROAD_CLASSES[cls].impliedOneway) tags.push(["oneway", "no"]);
      ways.push({ refs, tags });
      refsInBlock += refs.length;
      if (ways.length >= WAYS_PER_BLOCK || refsInBlock >= REFS_PER_BLOCK) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
  return stats;
}
