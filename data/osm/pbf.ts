/**
 * A lean streaming reader for OpenStreetMap PBF files (the OSM binary format: BlobHeader / Blob /
 * PrimitiveBlock), decoded with Mapbox's `pbf`. It reads the file blob by blob, never whole, and
 * lets the importers make passes that each read only the blocks they need (relations, ways, then
 * nodes), so a country extract fits in memory. Only what they use is decoded: tags, way refs,
 * relation members, node ids and coordinates.
 */
import { open, type FileHandle } from "node:fs/promises";
import { inflateSync } from "node:zlib";
import Pbf from "pbf";
import { CorruptDataError, PalveluverkkoError, throwIfAborted } from "../../engine/index.ts";
import type { OsmReader, WayCallback, NodeCallback, ReadProgress, RelationCallback, RelationMember } from "./reader.ts";

interface BlobRef {
  offset: number;
  size: number;
}

/** Largest blob the format allows (32 MiB); anything bigger means a damaged file. */
const MAX_BLOB_BYTES = 32 * 1024 * 1024;

/** What a block holds, as readBlock reports it: bits to combine. */
const NODES = 1;
const WAYS = 2;
const RELATIONS = 4;

export class PbfReader implements OsmReader {
  /** Each data blob and what it holds, seen on the first full walk, so later passes read only their own blobs. */
  private blobs: { ref: BlobRef; kinds: number }[] | null = null;

  constructor(readonly path: string) {}

  async relations(onRelation: RelationCallback, progress?: ReadProgress, signal?: AbortSignal): Promise<void> {
    await this.walk(RELATIONS, progress, signal, (block) => readBlock(block, null, null, onRelation));
  }

  async ways(onWay: WayCallback, progress?: ReadProgress, signal?: AbortSignal): Promise<void> {
    await this.walk(WAYS, progress, signal, (block) => readBlock(block, onWay, null));
  }

  async nodes(onNode: NodeCallback, progress?: ReadProgress, signal?: AbortSignal): Promise<void> {
    await this.walk(NODES, progress, signal, (block) => readBlock(block, null, onNode));
  }

  /** Decodes the blobs holding `kind`: all of them on the first walk, which records what each holds. */
  private async walk(kind: number, progress: ReadProgress | undefined, signal: AbortSignal | undefined, decode: (block: Uint8Array) => number): Promise<void> {
    if (this.blobs) {
      const only = this.blobs.filter((b) => b.kinds & kind).map((b) => b.ref);
      await this.eachBlock(only, progress, signal, decode);
      return;
    }
    const blobs: { ref: BlobRef; kinds: number }[] = [];
    await this.eachBlock(null, progress, signal, (block, ref) => blobs.push({ ref, kinds: decode(block) }));
    this.blobs = blobs;
  }

  /** Walks the file's OSMData blobs (or only `only`), inflating each and handing it to `fn`. */
  private async eachBlock(
    only: BlobRef[] | null,
    progress: ReadProgress | undefined,
    signal: AbortSignal | undefined,
    fn: (block: Uint8Array, ref: BlobRef) => unknown,
  ): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await open(this.path, "r");
    } catch (err) {
      throw new CorruptDataError(`Cannot open OSM file ${this.path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`, "osm", this.path);
    }
    try {
      const total = (await fh.stat()).size;
      const lenBuf = Buffer.alloc(4);
      if (only) {
        let done = 0;
        const sum = only.reduce((s, r) => s + r.size, 0);
        for (const ref of only) {
          throwIfAborted(signal);
          const block = await readBlob(fh, ref, this.path);
          decodeOrCorrupt(() => fn(block, ref), this.path, ref.offset);
          done += ref.size;
          progress?.(done, sum);
        }
        return;
      }
      let pos = 0;
      let first = true;
      while (pos < total) {
        throwIfAborted(signal);
        if ((await fh.read(lenBuf, 0, 4, pos)).bytesRead < 4) throw truncated(this.path, pos);
        const headerLen = lenBuf.readUInt32BE(0);
        if (headerLen === 0 || headerLen > 64 * 1024) throw notPbf(this.path, `bad blob header length ${headerLen} at byte ${pos}`);
        const headerBuf = Buffer.alloc(headerLen);
        if ((await fh.read(headerBuf, 0, headerLen, pos + 4)).bytesRead < headerLen) throw truncated(this.path, pos);
        const header = decodeOrCorrupt(() => readBlobHeader(headerBuf), this.path, pos);
        if (first && header.type !== "OSMHeader") throw notPbf(this.path, "the first blob is not an OSMHeader");
        first = false;
        if (header.datasize <= 0 || header.datasize > MAX_BLOB_BYTES) throw notPbf(this.path, `bad blob size ${header.datasize} at byte ${pos}`);
        const ref = { offset: pos + 4 + headerLen, size: header.datasize };
        if (ref.offset + ref.size > total) throw truncated(this.path, pos);
        if (header.type === "OSMData") {
          const block = await readBlob(fh, ref, this.path);
          decodeOrCorrupt(() => fn(block, ref), this.path, ref.offset);
        }
        pos = ref.offset + ref.size;
        progress?.(pos, total);
      }
    } finally {
      await fh.close();
    }
  }
}

/** Runs a decoding step; a protobuf error from damaged bytes becomes a CorruptDataError naming the offset. */
function decodeOrCorrupt<T>(decode: () => T, path: string, offset: number): T {
  try {
    return decode();
  } catch (err) {
    if (err instanceof PalveluverkkoError) throw err;
    throw notPbf(path, `damaged data at byte ${offset} (${(err as Error).message})`);
  }
}

function truncated(path: string, pos: number): CorruptDataError {
  return new CorruptDataError(`OSM file ${path} is truncated (ends inside the blob at byte ${pos})`, "osm", path);
}

function notPbf(path: string, why: string): CorruptDataError {
  return new CorruptDataError(`${path} is not a valid OSM PBF file: ${why}`, "osm", path);
}

function readBlobHeader(buf: Uint8Array): { type: string; datasize: number } {
  return new Pbf(buf).readFields(
    (tag, h: { type: string; datasize: number }, p) => {
      if (tag === 1) h.type = p!.readString();
      else if (tag === 3) h.datasize = p!.readVarint();
    },
    { type: "", datasize: 0 },
  );
}

async function readBlob(fh: FileHandle, ref: BlobRef, path: string): Promise<Uint8Array> {
  const buf = Buffer.alloc(ref.size);
  if ((await fh.read(buf, 0, ref.size, ref.offset)).bytesRead < ref.size) throw truncated(path, ref.offset);
  const blob = new Pbf(buf).readFields(
    (tag, b: { raw?: Uint8Array; rawSize?: number; zlib?: Uint8Array; other?: number }, p) => {
      if (tag === 1) b.raw = p!.readBytes();
      else if (tag === 2) b.rawSize = p!.readVarint();
      else if (tag === 3) b.zlib = p!.readBytes();
      else if (tag >= 4 && tag <= 7) b.other = tag;
    },
    {},
  );
  if (blob.raw) return blob.raw;
  if (blob.zlib) {
    // The format caps a blob at 32 MiB inflated, and says its size: a blob declaring more, or
    // inflating past what it declares (a zip bomb: 1 MB of file, a GiB of zeros), is refused
    // before the memory is taken.
    const declared = blob.rawSize;
    if (declared !== undefined && declared > MAX_BLOB_BYTES) throw notPbf(path, `a blob at byte ${ref.offset} declares ${declared} bytes inflated, over the format's limit of ${MAX_BLOB_BYTES}`);
    let out: Uint8Array;
    try {
      out = inflateSync(blob.zlib, { maxOutputLength: declared ?? MAX_BLOB_BYTES });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
        throw notPbf(path, `a blob at byte ${ref.offset} inflates past ${declared === undefined ? `the format's limit of ${MAX_BLOB_BYTES} bytes` : `the ${declared} bytes it declares`}`);
      }
      throw notPbf(path, `a blob at byte ${ref.offset} does not inflate`);
    }
    if (declared !== undefined && out.length !== declared) throw notPbf(path, `a blob at byte ${ref.offset} inflates to ${out.length} bytes, not the ${declared} it declares`);
    return out;
  }
  throw notPbf(path, blob.other ? `blob compression ${blob.other} (only zlib and raw are supported)` : `empty blob at byte ${ref.offset}`);
}

/**
 * Decodes one PrimitiveBlock. Calls onWay for ways, onNode for nodes and onRelation for relations
 * (each may be null to skip that kind cheaply). Returns what the block holds (NODES | WAYS | RELATIONS).
 */
function readBlock(bytes: Uint8Array, onWay: WayCallback | null, onNode: NodeCallback | null, onRelation: RelationCallback | null = null): number {
  const pbf = new Pbf(bytes);
  const strings: string[] = [];
  let granularity = 100;
  let latOffset = 0;
  let lonOffset = 0;
  const groups: [number, number][] = [];
  pbf.readFields((tag, _: null, p) => {
    if (tag === 1) {
      const end = p!.readVarint() + p!.pos;
      while (p!.pos < end) {
        const t = p!.readVarint() >> 3;
        if (t === 1) strings.push(p!.readString());
        else p!.skip(t);
      }
    } else if (tag === 2) {
      const len = p!.readVarint();
      groups.push([p!.pos, p!.pos + len]);
      p!.pos += len;
    } else if (tag === 17) granularity = p!.readVarint();
    else if (tag === 19) latOffset = p!.readVarint(true);
    else if (tag === 20) lonOffset = p!.readVarint(true);
  }, null);
  let kinds = 0;
  const scale = granularity * 1e-9;
  for (const [start, end] of groups) {
    pbf.pos = start;
    pbf.readFields(
      (tag, _: null, p) => {
        if (tag === 1 || tag === 2) {
          kinds |= NODES;
          if (!onNode) return;
          if (tag === 2) readDense(p!, onNode, scale, latOffset * 1e-9, lonOffset * 1e-9);
          else readNode(p!, onNode, scale, latOffset * 1e-9, lonOffset * 1e-9);
        } else if (tag === 3) {
          kinds |= WAYS;
          if (onWay) readWay(p!, onWay, strings);
        } else if (tag === 4) {
          kinds |= RELATIONS;
          if (onRelation) readRelation(p!, onRelation, strings);
        }
      },
      null,
      end,
    );
  }
  return kinds;
}

function readDense(p: Pbf, onNode: NodeCallback, scale: number, latOff: number, lonOff: number): void {
  const end = p.readVarint() + p.pos;
  let ids: number[] = [];
  let lats: number[] = [];
  let lons: number[] = [];
  while (p.pos < end) {
    const val = p.readVarint();
    const tag = val >> 3;
    if (tag === 1) ids = p.readPackedSVarint();
    else if (tag === 8) lats = p.readPackedSVarint();
    else if (tag === 9) lons = p.readPackedSVarint();
    else p.skip(val);
  }
  let id = 0;
  let lat = 0;
  let lon = 0;
  for (let i = 0; i < ids.length; i++) {
    id += ids[i];
    lat += lats[i];
    lon += lons[i];
    onNode(id, lonOff + lon * scale, latOff + lat * scale);
  }
}

function readNode(p: Pbf, onNode: NodeCallback, scale: number, latOff: number, lonOff: number): void {
  const end = p.readVarint() + p.pos;
  let id = 0;
  let lat = 0;
  let lon = 0;
  while (p.pos < end) {
    const val = p.readVarint();
    const tag = val >> 3;
    if (tag === 1) id = p.readSVarint();
    else if (tag === 8) lat = p.readSVarint();
    else if (tag === 9) lon = p.readSVarint();
    else p.skip(val);
  }
  onNode(id, lonOff + lon * scale, latOff + lat * scale);
}

function readWay(p: Pbf, onWay: WayCallback, strings: string[]): void {
  const end = p.readVarint() + p.pos;
  let id = 0;
  let keys: number[] = [];
  let vals: number[] = [];
  let refStart = -1;
  let refEnd = -1;
  while (p.pos < end) {
    const val = p.readVarint();
    const tag = val >> 3;
    if (tag === 1) id = p.readVarint();
    else if (tag === 2) keys = p.readPackedVarint();
    else if (tag === 3) vals = p.readPackedVarint();
    else if (tag === 8) {
      const len = p.readVarint();
      refStart = p.pos;
      refEnd = p.pos + len;
      p.pos = refEnd;
    } else p.skip(val);
  }
  const tags: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) tags[strings[keys[i]]] = strings[vals[i]];
  // Refs are decoded only on demand: most ways are not roads.
  const afterWay = p.pos;
  onWay(id, tags, () => {
    const refs: number[] = [];
    p.pos = refStart;
    let ref = 0;
    while (p.pos < refEnd) refs.push((ref += p.readSVarint()));
    p.pos = afterWay;
    return refs;
  });
}

const MEMBER_TYPES = ["node", "way", "relation"] as const;

function readRelation(p: Pbf, onRelation: RelationCallback, strings: string[]): void {
  const end = p.readVarint() + p.pos;
  let id = 0;
  let keys: number[] = [];
  let vals: number[] = [];
  let roles: number[] = [];
  let memids: number[] = [];
  let types: number[] = [];
  while (p.pos < end) {
    const val = p.readVarint();
    const tag = val >> 3;
    if (tag === 1) id = p.readVarint();
    else if (tag === 2) keys = p.readPackedVarint();
    else if (tag === 3) vals = p.readPackedVarint();
    else if (tag === 8) roles = p.readPackedVarint();
    else if (tag === 9) memids = p.readPackedSVarint();
    else if (tag === 10) types = p.readPackedVarint();
    else p.skip(val);
  }
  const tags: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) tags[strings[keys[i]]] = strings[vals[i]];
  onRelation(id, tags, () => {
    const members: RelationMember[] = [];
    let ref = 0;
    for (let i = 0; i < memids.length; i++) {
      ref += memids[i];
      const type = MEMBER_TYPES[types[i] ?? 0];
      // An unknown member type is a newer format or damage: the member is skipped, not guessed.
      if (type) members.push({ type, ref, role: strings[roles[i]] ?? "" });
    }
    return members;
  });
}
