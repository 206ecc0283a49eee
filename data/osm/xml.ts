/**
 * OSM XML (`.osm`) reader for small files such as test fixtures, with the streaming SAX parser
 * `saxes`. It parses once and keeps what the importers need in memory; PBF is the format for regions.
 */
import { SaxesParser } from "saxes";
import { CorruptDataError } from "../../engine/index.ts";
import { decodeUtf8, MAX_INPUT_BYTES, readBoundedFile } from "../input.ts";
import type { OsmReader, WayCallback, NodeCallback, ReadProgress, RelationCallback, RelationMember, TagHint } from "./reader.ts";

interface ParsedOsm {
  nodeIds: number[];
  lons: number[];
  lats: number[];
  /** Tags of the nodes that have any, by their place in nodeIds. */
  nodeTags: Map<number, Record<string, string>>;
  ways: { id: number; tags: Record<string, string>; refs: number[] }[];
  relations: { id: number; tags: Record<string, string>; members: RelationMember[] }[];
}

const MEMBER_TYPES: readonly string[] = ["node", "way", "relation"];

/** Parses OSM XML text. Throws CorruptDataError naming the line on malformed XML or attributes. */
export function parseOsmXml(text: string, name = "OSM XML"): ParsedOsm {
  const out: ParsedOsm = { nodeIds: [], lons: [], lats: [], nodeTags: new Map(), ways: [], relations: [] };
  const parser = new SaxesParser();
  let way: ParsedOsm["ways"][number] | null = null;
  let relation: ParsedOsm["relations"][number] | null = null;
  /** Place in nodeIds of the node whose element is open, or -1. */
  let node = -1;
  let sawRoot = false;
  const fail = (why: string) => new CorruptDataError(`${name}, line ${parser.line}: ${why}`, "osm", name);
  parser.on("opentag", (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === "osm") sawRoot = true;
    else if (tag.name === "node") {
      const id = Number(a.id), lon = Number(a.lon), lat = Number(a.lat);
      if (!Number.isFinite(id) || !Number.isFinite(lon) || !Number.isFinite(lat)) throw fail(`node with bad id/lon/lat (${a.id}, ${a.lon}, ${a.lat})`);
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) throw fail(`node ${a.id} at lon ${a.lon}, lat ${a.lat} is not a WGS84 position`);
      out.nodeIds.push(id);
      out.lons.push(lon);
      out.lats.push(lat);
      if (!tag.isSelfClosing) node = out.nodeIds.length - 1;
    } else if (tag.name === "way") {
      way = { id: Number(a.id), tags: {}, refs: [] };
    } else if (tag.name === "nd" && way) {
      const ref = Number(a.ref);
      if (!Number.isFinite(ref)) throw fail(`nd with bad ref ${a.ref}`);
      way.refs.push(ref);
    } else if (tag.name === "relation") {
      relation = { id: Number(a.id), tags: {}, members: [] };
    } else if (tag.name === "member" && relation) {
      const ref = Number(a.ref);
      if (!Number.isFinite(ref)) throw fail(`member with bad ref ${a.ref}`);
      if (!MEMBER_TYPES.includes(a.type)) throw fail(`member ${a.ref} of relation ${relation.id} has type ${JSON.stringify(a.type)}, not node, way or relation`);
      relation.members.push({ type: a.type as RelationMember["type"], ref, role: a.role ?? "" });
    } else if (tag.name === "tag" && (way || relation)) {
      (way ?? relation)!.tags[a.k] = a.v;
    } else if (tag.name === "tag" && node >= 0) {
      let tags = out.nodeTags.get(node);
      if (!tags) out.nodeTags.set(node, (tags = {}));
      tags[a.k] = a.v;
    }
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "node") node = -1;
    else if (tag.name === "way" && way) {
      out.ways.push(way);
      way = null;
    } else if (tag.name === "relation" && relation) {
      out.relations.push(relation);
      relation = null;
    }
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof CorruptDataError) throw err;
    throw fail(`malformed XML (${(err as Error).message.split("\n")[0]})`);
  }
  if (!sawRoot) throw new CorruptDataError(`${name} is not OSM XML (no <osm> root element)`, "osm", name);
  return out;
}

export class XmlReader implements OsmReader {
  private parsed: ParsedOsm | null = null;

  constructor(readonly path: string) {}

  private async load(): Promise<ParsedOsm> {
    if (!this.parsed) {
      // Parsed whole, so bounded; strict UTF-8 (the XML's declared encoding is not read: OSM writes UTF-8).
      const text = decodeUtf8(await readBoundedFile(this.path, MAX_INPUT_BYTES.osmXml, "osm"), this.path, "osm");
      this.parsed = parseOsmXml(text, this.path);
    }
    return this.parsed;
  }

  async relations(onRelation: RelationCallback, progress?: ReadProgress): Promise<void> {
    const p = await this.load();
    for (const r of p.relations) onRelation(r.id, r.tags, () => r.members);
    progress?.(1, 1);
  }

  async ways(onWay: WayCallback, progress?: ReadProgress): Promise<void> {
    const p = await this.load();
    for (const w of p.ways) onWay(w.id, w.tags, () => w.refs);
    progress?.(1, 1);
  }

  async nodes(onNode: NodeCallback, progress?: ReadProgress, _signal?: AbortSignal, hint?: TagHint): Promise<void> {
    const p = await this.load();
    const wanted = (tags: Record<string, string> | undefined) => tags && hint && hint.keys.some((k) => tags[k] !== undefined && hint.test(k, tags[k]));
    for (let i = 0; i < p.nodeIds.length; i++) {
      const tags = p.nodeTags.get(i);
      onNode(p.nodeIds[i], p.lons[i], p.lats[i], wanted(tags) ? tags : undefined);
    }
    progress?.(1, 1);
  }
}
