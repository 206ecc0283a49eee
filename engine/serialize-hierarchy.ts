/**
 * A contraction hierarchy as one byte buffer, like the graph's (serialize.ts): a 32-byte header
 * (magic, version, counts, the fingerprint of the core graph it belongs to, checksum), then every
 * column 8-byte aligned. Loading makes typed-array views into the buffer, no copying.
 */
import { CorruptDataError } from "./errors.ts";
import type { Hierarchy, HierarchyEdges } from "./hierarchy.ts";
import { checksum32, packColumns } from "./serialize.ts";

/** "PVCH" read as a little-endian uint32. */
export const HIERARCHY_MAGIC = 0x48435650;
/** Bump whenever the layout or the meaning of a column changes (one built under other ordering rules is still exact). */
export const HIERARCHY_FORMAT_VERSION = 1;
const HEADER_BYTES = 32;

const align8 = (n: number) => (n + 7) & ~7;

function columnsOf(h: Hierarchy): ArrayBufferView[] {
  const edges = (e: HierarchyEdges) => [e.firstOut, e.head, e.timeDs, e.lengthM];
  return [h.rank, ...edges(h.up), ...edges(h.down)];
}

/** Serialises a hierarchy to bytes. */
export function serializeHierarchy(h: Hierarchy): Uint8Array {
  const out = packColumns(HEADER_BYTES, columnsOf(h));
  const header = new DataView(out.buffer, 0, HEADER_BYTES);
  header.setUint32(0, HIERARCHY_MAGIC, true);
  header.setUint32(4, HIERARCHY_FORMAT_VERSION, true);
  header.setUint32(8, h.nodeCount, true);
  header.setUint32(12, h.up.head.length, true);
  header.setUint32(16, h.down.head.length, true);
  header.setUint32(20, h.fingerprint, true);
  header.setUint32(24, checksum32(out.subarray(HEADER_BYTES)), true);
  return out;
}

/**
 * Reads a hierarchy serialised by serializeHierarchy. Throws CorruptDataError on a wrong magic,
 * another version, a wrong size, a checksum mismatch or columns that do not hold together (an
 * edge index out of order, a head that is no node, an edge that does not climb).
 */
export function deserializeHierarchy(bytes: Uint8Array): Hierarchy {
  const bad = (what: string, field = "hierarchy", value?: unknown) => new CorruptDataError(`hierarchy file is damaged or of another build: ${what}`, field, value);
  if (bytes.byteLength < HEADER_BYTES) throw bad(`too short (${bytes.byteLength} bytes)`);
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== HIERARCHY_MAGIC) throw bad("bad magic number");
  const version = header.getUint32(4, true);
  if (version !== HIERARCHY_FORMAT_VERSION) throw bad(`format version ${version}, this build reads ${HIERARCHY_FORMAT_VERSION}`, "version", version);
  const n = header.getUint32(8, true);
  const mUp = header.getUint32(12, true);
  const mDown = header.getUint32(16, true);
  const edgesBytes = (m: number) => align8(4 * (n + 1)) + 2 * align8(4 * m) + 8 * m;
  const expected = HEADER_BYTES + align8(4 * n) + edgesBytes(mUp) + edgesBytes(mDown);
  if (bytes.byteLength !== expected) throw bad(`${bytes.byteLength} bytes, expected ${expected}`);
  if (checksum32(bytes.subarray(HEADER_BYTES)) !== header.getUint32(24, true)) throw bad("checksum mismatch", "checksum");
  let off = bytes.byteOffset + HEADER_BYTES;
  const u32 = (len: number) => {
    const a = new Uint32Array(bytes.buffer, off, len);
    off += align8(4 * len);
    return a;
  };
  const f64 = (len: number) => {
    const a = new Float64Array(bytes.buffer, off, len);
    off += 8 * len;
    return a;
  };
  const rank = u32(n);
  const edges = (m: number): HierarchyEdges => ({ firstOut: u32(n + 1), head: u32(m), timeDs: u32(m), lengthM: f64(m) });
  const up = edges(mUp);
  const down = edges(mDown);
  for (let v = 0; v < n; v++) if (rank[v] >= n) throw bad(`node ${v} has rank ${rank[v]} of ${n}`, "rank", v);
  for (const [name, e] of [["up", up], ["down", down]] as const) {
    if (e.firstOut[0] !== 0 || e.firstOut[n] !== e.head.length) throw bad(`the ${name} edge index does not span its edges`, name);
    for (let v = 0; v < n; v++) {
      if (e.firstOut[v + 1] < e.firstOut[v]) throw bad(`the ${name} edge index goes backwards at node ${v}`, name, v);
      for (let k = e.firstOut[v]; k < e.firstOut[v + 1]; k++) {
        if (!(e.head[k] < n && rank[e.head[k]] > rank[v])) throw bad(`${name} edge ${k} from node ${v} does not climb`, name, k);
        if (!(e.lengthM[k] >= 0)) throw bad(`${name} edge ${k} is ${e.lengthM[k]} m long`, name, k);
      }
    }
  }
  return { nodeCount: n, rank, up, down, fingerprint: header.getUint32(20, true) };
}
