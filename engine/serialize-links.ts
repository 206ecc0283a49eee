/**
 * A grid's cell links (surface.ts linkCells: each cell centre snapped to its road) as one byte
 * buffer, like the graph's (serialize.ts): a 32-byte header (magic, version, the cell, node and
 * edge counts it was made for, checksum), then the four columns 8-byte aligned. Snapping a region's
 * cells is seconds (every centre a nearest-segment query); reading them back is milliseconds.
 * Which grid, cap and graph they belong to is the caller's key; the counts are checked here.
 */
import { CorruptDataError } from "./errors.ts";
import type { CellLinks } from "./surface.ts";
import type { Grid } from "./grid.ts";
import { checksum32, packColumns } from "./serialize.ts";

/** "PVCL" read as a little-endian uint32. */
const LINKS_MAGIC = 0x4c435650;
/** Bump whenever the layout or the meaning of a column changes, or the snapping rules do. */
export const LINKS_FORMAT_VERSION = 1;
const HEADER_BYTES = 32;
/** Longest connector a link may carry (ds): an hour, far past any cap. */
const MAX_CONNECTOR_DS = 36_000;

const align8 = (n: number) => (n + 7) & ~7;

/** Serialises a grid's links, for a graph of `nodeCount` nodes and `edgeCount` edges. */
export function serializeCellLinks(links: CellLinks, graph: { readonly nodeCount: number; readonly edgeCount: number }): Uint8Array {
  const out = packColumns(HEADER_BYTES, [links.edge, links.twin, links.t, links.connectorDs]);
  const header = new DataView(out.buffer, 0, HEADER_BYTES);
  header.setUint32(0, LINKS_MAGIC, true);
  header.setUint32(4, LINKS_FORMAT_VERSION, true);
  header.setUint32(8, links.edge.length, true);
  header.setUint32(12, graph.nodeCount, true);
  header.setUint32(16, graph.edgeCount, true);
  header.setUint32(24, checksum32(out.subarray(HEADER_BYTES)), true);
  return out;
}

/**
 * Reads links serialised by serializeCellLinks for `grid` on a graph of the given counts. Throws
 * CorruptDataError on a wrong magic, another version, counts of another grid or graph, a wrong
 * size, a checksum mismatch, or a link to an edge the graph does not have.
 */
export function deserializeCellLinks(bytes: Uint8Array, grid: Grid, graph: { readonly nodeCount: number; readonly edgeCount: number }): CellLinks {
  if (bytes.byteLength < HEADER_BYTES) throw new CorruptDataError(`cell links file is too short (${bytes.byteLength} bytes)`, "links");
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  if (header.getUint32(0, true) !== LINKS_MAGIC) throw new CorruptDataError("not a palveluverkko cell links file (bad magic number)", "links");
  const version = header.getUint32(4, true);
  if (version !== LINKS_FORMAT_VERSION) throw new CorruptDataError(`cell links file has format version ${version}; this build reads ${LINKS_FORMAT_VERSION}`, "version", version);
  const n = header.getUint32(8, true);
  const m = graph.edgeCount;
  if (n !== grid.cols * grid.rows || header.getUint32(12, true) !== graph.nodeCount || header.getUint32(16, true) !== m) {
    throw new CorruptDataError("cell links file belongs to another grid or graph", "links");
  }
  const expected = HEADER_BYTES + 4 * align8(4 * n);
  if (bytes.byteLength !== expected) throw new CorruptDataError(`cell links file is ${bytes.byteLength} bytes, expected ${expected} (truncated or damaged)`, "links");
  if (checksum32(bytes.subarray(HEADER_BYTES)) !== header.getUint32(24, true)) throw new CorruptDataError("cell links file fails its checksum (damaged)", "checksum");
  const at = (k: number) => bytes.byteOffset + HEADER_BYTES + k * align8(4 * n);
  const edge = new Int32Array(bytes.buffer, at(0), n);
  const twin = new Int32Array(bytes.buffer, at(1), n);
  const t = new Float32Array(bytes.buffer, at(2), n);
  const connectorDs = new Uint32Array(bytes.buffer, at(3), n);
  // Checked whatever the checksum says: a crafted file must not send a search off the graph.
  for (let c = 0; c < n; c++) {
    const e = edge[c];
    if (e < -1 || e >= m || twin[c] < -1 || twin[c] >= m || !(t[c] >= 0 && t[c] <= 1) || connectorDs[c] > MAX_CONNECTOR_DS) {
      throw new CorruptDataError(`cell links file is damaged or crafted (cell ${c})`, "links", c);
    }
  }
  return { grid, edge, twin, t, connectorDs };
}
