/**
 * Decodes one PrimitiveBlock of an OSM PBF file (https://wiki.openstreetmap.org/wiki/PBF_Format)
 * for PbfReader: its string table, dense and plain nodes, ways and relations, each handed to a
 * callback. Decoding reads the bytes in place: the string table only as far as asked, dense nodes
 * from their three delta-coded columns, and ways a hint rules out not at all past their tag indices.
 */
import Pbf from "pbf";
import type { WayCallback, NodeCallback, RelationCallback, RelationMember, TagHint } from "./reader.ts";

/** What a block holds, as readBlock reports it: bits to combine. */
export const NODES = 1;
export const WAYS = 2;
export const RELATIONS = 4;

/**
 * A block's string table, decoded lazily: most blocks are read for their nodes or skipped, and a
 * way block's strings matter only for the ways that might be wanted.
 */
class StringTable {
  /** Byte offset of each string's length prefix. */
  private readonly at: number[] = [];
  private readonly decoded: (string | undefined)[] = [];

  constructor(private readonly pbf: Pbf, start: number, end: number) {
    const p = pbf;
    const pos = p.pos;
    p.pos = start;
    while (p.pos < end) {
      const val = p.readVarint();
      if (val >> 3 === 1 && (val & 7) === 2) {
        this.at.push(p.pos);
        const len = p.readVarint();
        p.pos += len;
      } else p.skip(val);
    }
    p.pos = pos;
  }

  get size(): number {
    return this.at.length;
  }

  /** The string at `i`; undefined when out of range, as indexing an array would give. */
  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.at.length)) return undefined;
    let s = this.decoded[i];
    if (s === undefined) {
      const p = this.pbf;
      const pos = p.pos;
      p.pos = this.at[i];
      s = this.decoded[i] = p.readString();
      p.pos = pos;
    }
    return s;
  }

  /** Whether string `i` is `bytes` (UTF-8), compared without decoding. */
  is(i: number, bytes: Uint8Array): boolean {
    const p = this.pbf;
    const pos = p.pos;
    p.pos = this.at[i];
    const len = p.readVarint();
    const from = p.pos;
    p.pos = pos;
    if (len !== bytes.length) return false;
    for (let k = 0; k < len; k++) if (p.buf[from + k] !== bytes[k]) return false;
    return true;
  }
}

/** What a block's decoders share: the bytes, the string table and the coordinate scale. */
interface Block {
  pbf: Pbf;
  strings: StringTable;
  scale: number;
  latOff: number;
  lonOff: number;
}

/**
 * Decodes one PrimitiveBlock. Calls onWay for ways, onNode for nodes and onRelation for relations
 * (each may be null to skip that kind cheaply). Returns what the block holds (NODES | WAYS | RELATIONS).
 */
export function readBlock(bytes: Uint8Array, onWay: WayCallback | null, onNode: NodeCallback | null, onRelation: RelationCallback | null = null, hint?: TagHint): number {
  const pbf = new Pbf(bytes);
  let stringStart = 0;
  let stringEnd = 0;
  let granularity = 100;
  let latOffset = 0;
  let lonOffset = 0;
  const groups: number[] = [];
  pbf.readFields((tag, _: null, p) => {
    if (tag === 1) {
      const len = p!.readVarint();
      stringStart = p!.pos;
      stringEnd = p!.pos += len;
    } else if (tag === 2) {
      const len = p!.readVarint();
      groups.push(p!.pos, p!.pos + len);
      p!.pos += len;
    } else if (tag === 17) granularity = p!.readVarint();
    else if (tag === 19) latOffset = p!.readVarint(true);
    else if (tag === 20) lonOffset = p!.readVarint(true);
  }, null);
  let kinds = 0;
  let block: Block | null = null;
  let blockHint: BlockHint | null = null;
  const blockOf = (): Block =>
    (block ??= { pbf, strings: new StringTable(pbf, stringStart, stringEnd), scale: granularity * 1e-9, latOff: latOffset * 1e-9, lonOff: lonOffset * 1e-9 });
  for (let g = 0; g < groups.length; g += 2) {
    pbf.pos = groups[g];
    pbf.readFields(
      (tag, _: null, p) => {
        if (tag === 1 || tag === 2) {
          kinds |= NODES;
          if (!onNode) return;
          const nodeHint = hint ? (blockHint ??= hintOf(blockOf(), hint)) : null;
          if (tag === 2) readDense(blockOf(), onNode, nodeHint);
          else readNode(blockOf(), onNode, nodeHint);
        } else if (tag === 3) {
          kinds |= WAYS;
          if (onWay) readWay(blockOf(), onWay, hint ? (blockHint ??= hintOf(blockOf(), hint)) : null);
        } else if (tag === 4) {
          kinds |= RELATIONS;
          if (onRelation) readRelation(p!, onRelation, blockOf().strings);
        }
      },
      null,
      groups[g + 1],
    );
  }
  return kinds;
}

/**
 * Dense nodes, decoded in place from their three delta-coded columns: nothing is allocated per
 * node. Given a hint, the keys_vals column is walked beside them, and a node with a tag the hint
 * lets through gets its tags (an object only for those few).
 */
function readDense(b: Block, onNode: NodeCallback, hint: BlockHint | null): void {
  const p = b.pbf;
  const end = p.readVarint() + p.pos;
  let idPos = 0, idEnd = 0, latPos = 0, latEnd = 0, lonPos = 0, lonEnd = 0, kvPos = 0, kvEnd = 0;
  while (p.pos < end) {
    const val = p.readVarint();
    const tag = val >> 3;
    if ((tag === 1 || tag === 8 || tag === 9 || tag === 10) && (val & 7) === 2) {
      const len = p.readVarint();
      if (tag === 1) (idPos = p.pos), (idEnd = p.pos + len);
      else if (tag === 8) (latPos = p.pos), (latEnd = p.pos + len);
      else if (tag === 9) (lonPos = p.pos), (lonEnd = p.pos + len);
      else (kvPos = p.pos), (kvEnd = p.pos + len);
      p.pos += len;
    } else p.skip(val);
  }
  if (!hint) kvPos = kvEnd = 0;
  const pairs: number[] = [];
  const { scale, latOff, lonOff } = b;
  let id = 0;
  let lat = 0;
  let lon = 0;
  while (idPos < idEnd) {
    p.pos = idPos;
    id += p.readSVarint();
    idPos = p.pos;
    // A column shorter than the ids is damage: the coordinates go NaN, which the importers refuse.
    if (latPos < latEnd) {
      p.pos = latPos;
      lat += p.readSVarint();
      latPos = p.pos;
    } else lat = NaN;
    if (lonPos < lonEnd) {
      p.pos = lonPos;
      lon += p.readSVarint();
      lonPos = p.pos;
    } else lon = NaN;
    let tags: Record<string, string> | undefined;
    if (kvPos < kvEnd) {
      // This node's pairs run to a 0 (the format's separator); a hinted key with a passing value keeps them.
      pairs.length = 0;
      p.pos = kvPos;
      let wanted = false;
      while (p.pos < kvEnd) {
        const k = p.readVarint();
        if (k === 0 || p.pos >= kvEnd) break;
        const v = p.readVarint();
        pairs.push(k, v);
        if (!wanted && passesPair(hint!, k, v, b.strings)) wanted = true;
      }
      kvPos = p.pos;
      if (wanted) tags = tagsOf(pairs, b.strings);
    }
    onNode(id, lonOff + lon * scale, latOff + lat * scale, tags);
  }
  p.pos = end;
}

/** A tag record from (key, value) string indices. */
function tagsOf(pairs: number[], strings: StringTable): Record<string, string> {
  const tags: Record<string, string> = Object.create(null);
  for (let i = 0; i < pairs.length; i += 2) tags[strings.get(pairs[i]) as string] = strings.get(pairs[i + 1]) as string;
  return tags;
}

function readNode(b: Block, onNode: NodeCallback, hint: BlockHint | null): void {
  const p = b.pbf;
  const end = p.readVarint() + p.pos;
  let id = 0;
  let lat = 0;
  let lon = 0;
  let keys: number[] = [];
  let vals: number[] = [];
  while (p.pos < end) {
    const val = p.readVarint();
    const tag = val >> 3;
    if (tag === 1) id = p.readSVarint();
    else if (tag === 8) lat = p.readSVarint();
    else if (tag === 9) lon = p.readSVarint();
    else if (hint && tag === 2 && (val & 7) === 2) keys = p.readPackedVarint();
    else if (hint && tag === 3 && (val & 7) === 2) vals = p.readPackedVarint();
    else p.skip(val);
  }
  let tags: Record<string, string> | undefined;
  if (hint && keys.some((k, i) => passesPair(hint, k, vals[i] ?? -1, b.strings))) tags = tagsOf(keys.flatMap((k, i) => [k, vals[i] ?? -1]), b.strings);
  onNode(id, b.lonOff + lon * b.scale, b.latOff + lat * b.scale, tags);
}

/** A TagHint resolved against one block's string table. */
interface BlockHint {
  /** For each string: 1 + the index of the hint key it is, or 0. */
  key: Uint8Array;
  /** Per hint key and value string: 0 not asked yet, 1 passes, 2 fails. */
  verdict: Uint8Array;
  hint: TagHint;
}

const utf8 = new TextEncoder();
const hintBytes = new WeakMap<TagHint, Uint8Array[]>();

function hintOf(b: Block, hint: TagHint): BlockHint {
  let keys = hintBytes.get(hint);
  if (!keys) hintBytes.set(hint, (keys = hint.keys.map((k) => utf8.encode(k))));
  const n = b.strings.size;
  const key = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < keys.length; k++) if (b.strings.is(i, keys[k])) key[i] = k + 1;
  }
  return { key, verdict: new Uint8Array(n * keys.length), hint };
}

/**
 * A way's tags as two parallel packed lists of string indices (keys, vals), read pair by pair in
 * place: `next()` puts the next pair in `k` and `v` (v -1 once the vals run out).
 */
class TagPairs {
  k = 0;
  v = -1;
  private keyPos: number;
  private valPos: number;

  constructor(
    private readonly p: Pbf,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly valStart: number,
    private readonly valEnd: number,
  ) {
    this.keyPos = keyStart;
    this.valPos = valStart;
  }

  next(): boolean {
    if (this.keyPos >= this.keyEnd) return false;
    const p = this.p;
    p.pos = this.keyPos;
    this.k = p.readVarint();
    this.keyPos = p.pos;
    this.v = -1;
    if (this.valPos < this.valEnd) {
      p.pos = this.valPos;
      this.v = p.readVarint();
      this.valPos = p.pos;
    }
    return true;
  }

  /** Back to the first pair. */
  rewind(): void {
    this.keyPos = this.keyStart;
    this.valPos = this.valStart;
  }
}

/** Whether a way's tags might pass: one tag the hint lets through is enough. */
function passes(pairs: TagPairs, h: BlockHint, strings: StringTable): boolean {
  while (pairs.next()) if (passesPair(h, pairs.k, pairs.v, strings)) return true;
  return false;
}

/** Whether one tag (key and value string indices) passes the hint; each value is tested once per block. */
function passesPair(h: BlockHint, k: number, v: number, strings: StringTable): boolean {
  const n = h.key.length;
  const which = k >= 0 && k < n ? h.key[k] : 0;
  if (which === 0) return false;
  // A value outside the table is damage the full decoding handles as before: let it through.
  if (!(v >= 0 && v < n)) return true;
  const slot = (which - 1) * n + v;
  if (h.verdict[slot] === 0) h.verdict[slot] = h.hint.test(h.hint.keys[which - 1], strings.get(v)!) ? 1 : 2;
  return h.verdict[slot] === 1;
}

function readWay(b: Block, onWay: WayCallback, hint: BlockHint | null): void {
  const p = b.pbf;
  const end = p.readVarint() + p.pos;
  let id = 0;
  let keyPos = 0, keyEnd = 0, valPos = 0, valEnd = 0, refPos = 0, refEnd = 0;
  while (p.pos < end) {
    const val = p.readVarint();
    const tag = val >> 3;
    if (tag === 1) id = p.readVarint();
    else if ((tag === 2 || tag === 3 || tag === 8) && (val & 7) === 2) {
      const len = p.readVarint();
      if (tag === 2) (keyPos = p.pos), (keyEnd = p.pos + len);
      else if (tag === 3) (valPos = p.pos), (valEnd = p.pos + len);
      else (refPos = p.pos), (refEnd = p.pos + len);
      p.pos += len;
    } else p.skip(val);
  }
  const afterWay = p.pos;
  const pairs = new TagPairs(p, keyPos, keyEnd, valPos, valEnd);
  // Most ways are not what the caller wants (buildings, paths, landuse): told by a hint, they are
  // skipped before their tags are decoded.
  if (hint && !passes(pairs, hint, b.strings)) {
    p.pos = afterWay;
    return;
  }
  pairs.rewind();
  // A null-prototype record: V8 keeps it a dictionary, so carRule's many lookups stay fast however
  // varied the tag sets (an ordinary object takes one hidden class per tag order: 2-3× slower).
  const tags: Record<string, string> = Object.create(null);
  while (pairs.next()) tags[b.strings.get(pairs.k) as string] = b.strings.get(pairs.v) as string;
  // Refs are decoded only on demand: most ways are not roads.
  p.pos = afterWay;
  onWay(id, tags, () => {
    const refs: number[] = [];
    p.pos = refPos;
    let ref = 0;
    while (p.pos < refEnd) refs.push((ref += p.readSVarint()));
    p.pos = afterWay;
    return refs;
  });
  p.pos = afterWay;
}

const MEMBER_TYPES = ["node", "way", "relation"] as const;

function readRelation(p: Pbf, onRelation: RelationCallback, strings: StringTable): void {
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
  const tags: Record<string, string> = Object.create(null);
  for (let i = 0; i < keys.length; i++) tags[strings.get(keys[i]) as string] = strings.get(vals[i]) as string;
  onRelation(id, tags, () => {
    const members: RelationMember[] = [];
    let ref = 0;
    for (let i = 0; i < memids.length; i++) {
      ref += memids[i];
      const type = MEMBER_TYPES[types[i] ?? 0];
      // An unknown member type is a newer format or damage: the member is skipped, not guessed.
      if (type) members.push({ type, ref, role: strings.get(roles[i]) ?? "" });
    }
    return members;
  });
}
