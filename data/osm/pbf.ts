/**
 * A lean streaming reader for OpenStreetMap PBF files (the OSM binary format: BlobHeader / Blob /
 * PrimitiveBlock), decoded with Mapbox's `pbf`. It reads the file blob by blob, never whole, and
 * lets the importers make passes that each read only the blocks they need (relations, ways, then
 * nodes), so a country extract fits in memory. Blobs are read and inflated a few ahead, on libuv's
 * threads, while this thread decodes (pbf-block.ts); only what the importers use is decoded: tags,
 * way refs, relation members, node ids and coordinates.
 */
import { open, type FileHandle } from "node:fs/promises";
import { promisify } from "node:util";
import { constants, inflate } from "node:zlib";
import Pbf from "pbf";
import { CorruptDataError, PalveluverkkoError, throwIfAborted } from "../../engine/index.ts";
import { NODES, RELATIONS, WAYS, readBlock } from "./pbf-block.ts";
import type { OsmReader, WayCallback, NodeCallback, ReadProgress, RelationCallback, TagHint } from "./reader.ts";

const inflateAsync = promisify(inflate);

interface BlobRef {
  offset: number;
  size: number;
}

/** Largest blob the format allows (32 MiB); anything bigger means a damaged file. */
const MAX_BLOB_BYTES = 32 * 1024 * 1024;

/** Blobs read and inflated ahead of the one being decoded: zlib inflates on libuv's threads meanwhile. */
const READ_AHEAD = 4;
/**
 * The first walk inflates every blob to learn what it holds; node blocks it inflated are kept for
 * the nodes pass, up to this many bytes, rather than inflated twice (a region's node blocks fit).
 */
const KEEP_NODE_BLOCKS_BYTES = 128 * 1024 * 1024;

export class PbfReader implements OsmReader {
  /** Each data blob and what it holds, seen on the first full walk, so later passes read only their own blobs. */
  private blobs: { ref: BlobRef; kinds: number }[] | null = null;
  /** Inflated node blocks kept from the first walk, by offset; each is dropped once the nodes pass used it. */
  private readonly kept = new Map<number, Uint8Array>();

  constructor(readonly path: string) {}

  async relations(onRelation: RelationCallback, progress?: ReadProgress, signal?: AbortSignal): Promise<void> {
    await this.walk(RELATIONS, progress, signal, (block) => readBlock(block, null, null, onRelation));
  }

  async ways(onWay: WayCallback, progress?: ReadProgress, signal?: AbortSignal, hint?: TagHint): Promise<void> {
    await this.walk(WAYS, progress, signal, (block) => readBlock(block, onWay, null, null, hint));
  }

  async nodes(onNode: NodeCallback, progress?: ReadProgress, signal?: AbortSignal, hint?: TagHint): Promise<void> {
    await this.walk(NODES, progress, signal, (block) => readBlock(block, null, onNode, null, hint));
  }

  /** Decodes the blobs holding `kind`: all of them on the first walk, which records what each holds. */
  private async walk(kind: number, progress: ReadProgress | undefined, signal: AbortSignal | undefined, decode: (block: Uint8Array) => number): Promise<void> {
    if (this.blobs) {
      const only = this.blobs.filter((b) => b.kinds & kind).map((b) => b.ref);
      await this.eachBlock(only, progress, signal, (block, ref) => {
        this.kept.delete(ref.offset);
        decode(block);
      });
      return;
    }
    const blobs: { ref: BlobRef; kinds: number }[] = [];
    let keptBytes = 0;
    await this.eachBlock(null, progress, signal, (block, ref) => {
      const kinds = decode(block);
      blobs.push({ ref, kinds });
      if (kind !== NODES && kinds === NODES && keptBytes + block.length <= KEEP_NODE_BLOCKS_BYTES) {
        this.kept.set(ref.offset, block);
        keptBytes += block.length;
      }
    });
    this.blobs = blobs;
  }

  /**
   * Walks the file's OSMData blobs (or only `only`), handing each inflated block to `fn` in file
   * order. READ_AHEAD blobs are read and inflated ahead, off this thread, while `fn` decodes.
   */
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
    const path = this.path;
    try {
      const total = (await fh.stat()).size;
      const lenBuf = Buffer.alloc(4);
      const queue: { ref: BlobRef; block: Promise<Uint8Array>; end: number }[] = [];
      const fetch = (ref: BlobRef, end: number) => {
        const kept = this.kept.get(ref.offset);
        const block = kept ? Promise.resolve(kept) : readBlob(fh, ref, path);
        // Awaited in its turn below; a failure ahead of that turn must not count as unhandled.
        block.catch(() => {});
        queue.push({ ref, block, end });
      };
      let next = 0;
      let pos = 0;
      let first = true;
      /** Queues the next data blob; false at the end of the file (or of `only`). */
      const more = async (): Promise<boolean> => {
        if (only) {
          if (next >= only.length) return false;
          fetch(only[next], 0);
          next++;
          return true;
        }
        while (pos < total) {
          if ((await fh.read(lenBuf, 0, 4, pos)).bytesRead < 4) throw truncated(path, pos);
          const headerLen = lenBuf.readUInt32BE(0);
          if (headerLen === 0 || headerLen > 64 * 1024) throw notPbf(path, `bad blob header length ${headerLen} at byte ${pos}`);
          const headerBuf = Buffer.alloc(headerLen);
          if ((await fh.read(headerBuf, 0, headerLen, pos + 4)).bytesRead < headerLen) throw truncated(path, pos);
          const header = decodeOrCorrupt(() => readBlobHeader(headerBuf), path, pos);
          if (first && header.type !== "OSMHeader") throw notPbf(path, "the first blob is not an OSMHeader");
          first = false;
          if (header.datasize <= 0 || header.datasize > MAX_BLOB_BYTES) throw notPbf(path, `bad blob size ${header.datasize} at byte ${pos}`);
          const ref = { offset: pos + 4 + headerLen, size: header.datasize };
          if (ref.offset + ref.size > total) throw truncated(path, pos);
          pos = ref.offset + ref.size;
          if (header.type === "OSMData") {
            fetch(ref, pos);
            return true;
          }
        }
        return false;
      };
      const sum = only ? only.reduce((s, r) => s + r.size, 0) : total;
      let done = 0;
      for (;;) {
        throwIfAborted(signal);
        while (queue.length < READ_AHEAD && (await more()));
        const item = queue.shift();
        if (!item) break;
        const block = await item.block;
        decodeOrCorrupt(() => fn(block, item.ref), path, item.ref.offset);
        done = only ? done + item.ref.size : item.end;
        progress?.(done, sum);
      }
      if (!only) progress?.(total, total);
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

/** Reads a blob and inflates it (on libuv's threads), refusing what the format forbids. */
async function readBlob(fh: FileHandle, ref: BlobRef, path: string): Promise<Uint8Array> {
  // Not zero-filled: a short read is refused below, so no byte of it is ever read unwritten.
  const buf = Buffer.allocUnsafe(ref.size);
  if ((await fh.read(buf, 0, ref.size, ref.offset)).bytesRead < ref.size) throw truncated(path, ref.offset);
  const blob = decodeOrCorrupt(() => new Pbf(buf).readFields(
    (tag, b: { raw?: Uint8Array; rawSize?: number; zlib?: Uint8Array; other?: number }, p) => {
      if (tag === 1) b.raw = p!.readBytes();
      else if (tag === 2) b.rawSize = p!.readVarint();
      else if (tag === 3) b.zlib = p!.readBytes();
      else if (tag >= 4 && tag <= 7) b.other = tag;
    },
    {},
  ), path, ref.offset);
  if (blob.raw) return blob.raw;
  if (blob.zlib) {
    // The format caps a blob at 32 MiB inflated, and says its size: a blob declaring more, or
    // inflating past what it declares (a zip bomb: 1 MB of file, a GiB of zeros), is refused
    // before the memory is taken.
    const declared = blob.rawSize;
    if (declared !== undefined && declared > MAX_BLOB_BYTES) throw notPbf(path, `a blob at byte ${ref.offset} declares ${declared} bytes inflated, over the format's limit of ${MAX_BLOB_BYTES}`);
    let out: Uint8Array;
    try {
      // Inflated into one buffer of the declared size: with zlib's default 16 kB chunks a 1 MB
      // block comes back as 64 chunks, a callback on this thread each, then copied into one
      // (Buffer.concat), which took about a tenth of a cold Tampere import on this thread.
      out = await inflateAsync(blob.zlib, { maxOutputLength: declared ?? MAX_BLOB_BYTES, chunkSize: declared === undefined ? undefined : Math.max(constants.Z_MIN_CHUNK, declared) });
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
