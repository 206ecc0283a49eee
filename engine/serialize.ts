/**
 * A RoadGraph as one byte buffer: a 40-byte header (magic, version, counts, checksum, restriction
 * and control-edge counts, 4 bytes spare), a JSON metadata block, then every column 8-byte aligned. Loading makes typed-array views into the buffer,
 * no copying, so a region's graph loads in milliseconds. Pure: bytes in, bytes out; files are data/'s job.
 */
import { CorruptDataError } from "./errors.ts";
import { RoadGraph } from "./graph.ts";
import { inFinlandWgs84 } from "./finland.ts";
import { WAY_CLASS_TAGS } from "./modes.ts";
import { DIRECTIONAL, NODE_CONTROLS } from "./turn-costs.ts";

/** "PVKG" read as a little-endian uint32. */
export const GRAPH_MAGIC = 0x474b5650;
/** Bump whenever the layout or the meaning of a column changes. */
export const GRAPH_FORMAT_VERSION = 2;
const HEADER_BYTES = 40;

/** Free-form facts about how a graph was built (source file, speed model, generated or real). */
export type GraphMeta = Record<string, unknown>;

const align8 = (n: number) => (n + 7) & ~7;

function columnsOf(g: RoadGraph): ArrayBufferView[] {
  return [g.lonE7, g.latE7, g.firstOut, g.head, g.lengthM, g.roadClass, g.mainComponent, ...g.timeDs, g.nodeControl, g.restrictionFrom, g.restrictionTo, g.restrictionOnly, g.controlEdges];
}

/** FNV-1a over 32-bit little-endian words (the byte length must be a multiple of 4). */
export function checksum32(bytes: Uint8Array): number {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

/** A buffer of `headerBytes` (left zero for the caller) and then each block's bytes, 8-byte aligned. */
export function packColumns(headerBytes: number, blocks: ArrayBufferView[], allocate: (bytes: number) => Uint8Array = (bytes) => new Uint8Array(bytes)): Uint8Array {
  let size = headerBytes;
  for (const c of blocks) size += align8(c.byteLength);
  const out = allocate(size);
  let off = headerBytes;
  for (const c of blocks) {
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), off);
    off += align8(c.byteLength);
  }
  return out;
}

/**
 * Serialises a graph and its metadata to bytes, into `allocate`'s zero-filled bytes when given
 * (e.g. shared memory for workers, so the graph is not held twice on the way there).
 */
export function serializeGraph(g: RoadGraph, meta: GraphMeta = {}, allocate?: (bytes: number) => Uint8Array): Uint8Array {
  const metaBytes = new TextEncoder().encode(JSON.stringify({ ...meta, profiles: g.profiles }));
  const out = packColumns(HEADER_BYTES, [metaBytes, ...columnsOf(g)], allocate);
  const header = new DataView(out.buffer, out.byteOffset, HEADER_BYTES);
  header.setUint32(0, GRAPH_MAGIC, true);
  header.setUint32(4, GRAPH_FORMAT_VERSION, true);
  header.setUint32(8, g.nodeCount, true);
  header.setUint32(12, g.edgeCount, true);
  header.setUint32(16, g.profiles.length, true);
  header.setUint32(20, metaBytes.length, true);
  header.setUint32(24, checksum32(out.subarray(HEADER_BYTES)), true);
  header.setUint32(28, g.restrictionFrom.length, true);
  header.setUint32(32, g.controlEdges.length, true);
  return out;
}

/**
 * Reads a graph serialised by serializeGraph. Throws CorruptDataError on a wrong magic, another
 * version, a truncated buffer or a checksum mismatch. The graph's columns are views into `bytes`
 * (copied first only when `bytes` is not 8-byte aligned).
 */
/** Longest one edge may take (ds): a day. A ferry's longest domestic crossing is a few hours. */
const MAX_EDGE_DS = 24 * 3600 * 10;
/** Longest one edge may be (m). */
const MAX_EDGE_M = 1_000_000;

/**
 * The columns' structure, checked whatever the checksum says (a crafted file can carry a valid one):
 * the edge index starts at 0, never decreases and ends at the edge count; every head is a node;
 * lengths and times are finite and bounded; road classes are known; coordinates lie in Finland's
 * box. Without this a crafted file hangs the core build or gives silently wrong times.
 */
function checkStructure(
  n: number,
  m: number,
  c: {
    lonE7: Int32Array; latE7: Int32Array; firstOut: Uint32Array; head: Uint32Array; lengthM: Float32Array; roadClass: Uint8Array; mainComponent: Uint8Array; timeDs: Uint32Array[];
    nodeControl: Uint8Array; restrictionFrom: Uint32Array; restrictionTo: Uint32Array; restrictionOnly: Uint8Array; controlEdges: Uint32Array;
  },
): void {
  const bad = (field: string, what: string, at: number) => new CorruptDataError(`graph file is damaged or crafted: ${what} (at ${field}[${at}]); rebuild it with \`palveluverkko import\``, field, at);
  if (c.firstOut[0] !== 0) throw bad("firstOut", "the edge index does not start at 0", 0);
  for (let u = 0; u < n; u++) if (c.firstOut[u + 1] < c.firstOut[u]) throw bad("firstOut", "the edge index goes backwards", u + 1);
  if (c.firstOut[n] !== m) throw bad("firstOut", "the edge index does not end at the edge count", n);
  for (let u = 0; u < n; u++) {
    if (!inFinlandWgs84(c.lonE7[u] / 1e7, c.latE7[u] / 1e7)) throw bad("lonE7", `node ${u} at lon ${c.lonE7[u] / 1e7}, lat ${c.latE7[u] / 1e7} is outside Finland's box`, u);
    if (c.mainComponent[u] > 1) throw bad("mainComponent", "a flag is neither 0 nor 1", u);
  }
  for (let e = 0; e < m; e++) {
    if (c.head[e] >= n) throw bad("head", `edge ${e} leads to node ${c.head[e]} of ${n}`, e);
    const len = c.lengthM[e];
    if (!(len >= 0 && len <= MAX_EDGE_M)) throw bad("lengthM", `edge ${e} is ${len} m long`, e);
    if (c.roadClass[e] >= WAY_CLASS_TAGS.length) throw bad("roadClass", `edge ${e} has road class ${c.roadClass[e]} of ${WAY_CLASS_TAGS.length}`, e);
  }
  c.timeDs.forEach((t, p) => {
    for (let e = 0; e < m; e++) if (t[e] > MAX_EDGE_DS) throw bad(`timeDs`, `edge ${e} takes ${t[e]} ds in profile ${p}`, e);
  });
  for (let u = 0; u < n; u++) {
    if ((c.nodeControl[u] & ~DIRECTIONAL) >= NODE_CONTROLS.length) throw bad("nodeControl", `node ${u} has control ${c.nodeControl[u]} of ${NODE_CONTROLS.length}`, u);
  }
  for (let i = 0; i < c.controlEdges.length; i++) {
    const e = c.controlEdges[i];
    if (e >= m || (i > 0 && e <= c.controlEdges[i - 1])) throw bad("controlEdges", `control edge ${e} is not an edge, or out of order`, i);
  }
  // A restriction joins an edge into a node to an edge out of the same node, sorted by from edge.
  const tailOf = (e: number) => {
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (c.firstOut[mid] <= e) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (let i = 0; i < c.restrictionFrom.length; i++) {
    const f = c.restrictionFrom[i], t = c.restrictionTo[i];
    if (f >= m || t >= m || c.head[f] !== tailOf(t) || c.restrictionOnly[i] > 1) throw bad("restrictionFrom", `restriction ${i} (edge ${f} to edge ${t}) is not a turn at one node`, i);
    if (i > 0 && f < c.restrictionFrom[i - 1]) throw bad("restrictionFrom", "the restrictions are not sorted by from edge", i);
  }
}

export function deserializeGraph(bytes: Uint8Array, options: { verify?: boolean } = {}): { graph: RoadGraph; meta: GraphMeta } {
  // Magic and version first (a version-1 file's header is shorter), then the length.
  if (bytes.byteLength < 8) throw new CorruptDataError(`graph file is too short (${bytes.byteLength} bytes)`, "graph");
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const start = new DataView(bytes.buffer, bytes.byteOffset, 8);
  if (start.getUint32(0, true) !== GRAPH_MAGIC) throw new CorruptDataError("not a palveluverkko graph file (bad magic number)", "graph");
  const version = start.getUint32(4, true);
  if (version !== GRAPH_FORMAT_VERSION) {
    throw new CorruptDataError(`graph file has format version ${version}; this build reads version ${GRAPH_FORMAT_VERSION} (rebuild it with \`palveluverkko import\`)`, "version", version);
  }
  if (bytes.byteLength < HEADER_BYTES) throw new CorruptDataError(`graph file is too short (${bytes.byteLength} bytes)`, "graph");
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const n = header.getUint32(8, true);
  const m = header.getUint32(12, true);
  const p = header.getUint32(16, true);
  const metaLength = header.getUint32(20, true);
  const r = header.getUint32(28, true);
  const ce = header.getUint32(32, true);
  const expectedSize =
    HEADER_BYTES + align8(metaLength) + 2 * align8(4 * n) + align8(4 * (n + 1)) + align8(4 * m) + align8(4 * m) + align8(m) + align8(n) + p * align8(4 * m) +
    align8(n) + 2 * align8(4 * r) + align8(r) + align8(4 * ce);
  if (bytes.byteLength !== expectedSize) {
    throw new CorruptDataError(`graph file is ${bytes.byteLength} bytes, expected ${expectedSize} (truncated or damaged)`, "graph");
  }
  if (options.verify !== false && checksum32(bytes.subarray(HEADER_BYTES)) !== header.getUint32(24, true)) {
    throw new CorruptDataError("graph file fails its checksum (damaged); rebuild it with `palveluverkko import`", "checksum");
  }
  let meta: GraphMeta;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + metaLength)));
  } catch {
    throw new CorruptDataError("graph file metadata is not valid JSON", "meta");
  }
  const profiles = meta.profiles;
  if (!Array.isArray(profiles) || profiles.length !== p || !profiles.every((x) => typeof x === "string")) {
    throw new CorruptDataError("graph file metadata does not list its profiles", "profiles");
  }
  let off = bytes.byteOffset + HEADER_BYTES + align8(metaLength);
  const buf = bytes.buffer;
  const take = <T>(make: (b: ArrayBufferLike, o: number, len: number) => T, len: number, width: number): T => {
    const view = make(buf, off, len);
    off += align8(len * width);
    return view;
  };
  const lonE7 = take((b, o, l) => new Int32Array(b, o, l), n, 4);
  const latE7 = take((b, o, l) => new Int32Array(b, o, l), n, 4);
  const firstOut = take((b, o, l) => new Uint32Array(b, o, l), n + 1, 4);
  const head = take((b, o, l) => new Uint32Array(b, o, l), m, 4);
  const lengthM = take((b, o, l) => new Float32Array(b, o, l), m, 4);
  const roadClass = take((b, o, l) => new Uint8Array(b, o, l), m, 1);
  const mainComponent = take((b, o, l) => new Uint8Array(b, o, l), n, 1);
  const timeDs: Uint32Array[] = [];
  for (let i = 0; i < p; i++) timeDs.push(take((b, o, l) => new Uint32Array(b, o, l), m, 4));
  const nodeControl = take((b, o, l) => new Uint8Array(b, o, l), n, 1);
  const restrictionFrom = take((b, o, l) => new Uint32Array(b, o, l), r, 4);
  const restrictionTo = take((b, o, l) => new Uint32Array(b, o, l), r, 4);
  const restrictionOnly = take((b, o, l) => new Uint8Array(b, o, l), r, 1);
  const controlEdges = take((b, o, l) => new Uint32Array(b, o, l), ce, 4);
  const columns = { lonE7, latE7, firstOut, head, lengthM, roadClass, mainComponent, timeDs, nodeControl, restrictionFrom, restrictionTo, restrictionOnly, controlEdges };
  checkStructure(n, m, columns);
  const graph = new RoadGraph({ ...columns, profiles: profiles as string[] });
  return { graph, meta };
}
