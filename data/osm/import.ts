/**
 * OSM extract → RoadGraph. Three streaming passes: ways (keep what a car may drive, per the speed
 * model in engine/profiles.ts, or for a walking or cycling graph what a walker or cyclist may use,
 * engine/modes.ts), turn restriction relations (engine/turn-costs.ts; cars only), then the nodes
 * those ways use, with their traffic controls (cars only). Every way becomes a chain of edges between
 * consecutive nodes, in the directions its oneway rules allow; a restriction via a node becomes a
 * forbidden (or only) transition between two edges at it. A node off the globe is
 * corrupt data; an extract mostly outside Finland is refused (dropOutsideFinland).
 */
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import {
  GraphBuilder, type RoadGraph, CorruptDataError, InvalidInputError, NotFoundError, throwIfAborted, FINLAND_WGS84_TEXT, inFinlandWgs84, PROFILES,
  speedModelVersion, ruleOf, modeModelVersion, type Mode, type WayRule, haversineM, timeDsFor, type GraphMeta, nodeControl, restrictionRule, NODE_CONTROL_KEYS, controlDirection, DIRECTIONAL,
} from "../../engine/index.ts";
import type { OsmReader, TagHint } from "./reader.ts";
import { PbfReader } from "./pbf.ts";
import { XmlReader } from "./xml.ts";

type ImportPhase = "ways" | "relations" | "nodes" | "build";

export interface ImportOptions {
  /** Whose graph: the car's (profiles car, car-winter; the default), or the walking or cycling one (profile walk, bike). */
  mode?: Mode;
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ImportStats {
  waysKept: number;
  /** Node references whose node is not in the file (ways cut at the extract's edge). */
  missingNodes: number;
  /** Road nodes outside Finland's box (engine/finland.ts), left out as if cut at the extract's edge. */
  outsideFinland: number;
  nodes: number;
  edges: number;
  mainComponentNodes: number;
  /** Turn restrictions for cars applied as transitions between two edges at their via node. */
  restrictionsApplied: number;
  /** Restrictions via a way (or several members): read, counted, not applied. */
  restrictionsViaWay: number;
  /** Restrictions via a node not applied: a member not a kept road, not ending at the via node, or against a one-way. */
  restrictionsUnresolved: number;
  /** Road nodes with a traffic control (signals, stop, give way, crossing). */
  controlledNodes: number;
}

/**
 * Only a `highway` or `route` tag can make a way of a mode (each rule's first test): asked of one
 * tag at a time, the rule says whether it could, so the PBF reader skips every other way undecoded.
 */
function wayHint(rule: ReturnType<typeof ruleOf>): TagHint {
  return { keys: ["highway", "route"], test: (key, value) => rule({ [key]: value }) !== null };
}
/** Only nodes with a tag nodeControl reads come with their tags. */
const CONTROL_HINT: TagHint = { keys: NODE_CONTROL_KEYS, test: (key, value) => nodeControl({ [key]: value }) !== 0 };

/** A restriction via a node, as read: OSM ids of its from way, via node and to way, and its kind. */
interface NodeRestriction {
  from: number;
  via: number;
  to: number;
  only: boolean;
}

/** Growable Float64 column (OSM ids exceed 2^32 but stay below 2^53). */
export class F64 {
  data = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Each distinct way rule kept once, by index: rules are few (92 among Tampere's 10,942 road ways),
 * ways many. A number made of the rule's fields finds the candidates and a field-by-field check
 * decides. (A Map keyed by JSON.stringify of every way's rule took about 5 % of a cold Tampere
 * import, most of it writing the speeds as text.)
 */
export class RuleTable {
  readonly rules: WayRule[] = [];
  private readonly byHash = new Map<number, number[]>();

  /** The index of the rule equal to `rule` in every field, added when there is none yet. */
  indexOf(rule: WayRule): number {
    const h = ruleHash(rule);
    const same = this.byHash.get(h);
    if (same) for (const i of same) if (sameRule(this.rules[i], rule)) return i;
    const i = this.rules.length;
    this.rules.push(rule);
    if (same) same.push(i);
    else this.byHash.set(h, [i]);
    return i;
  }
}

/** A 32-bit hash of a rule's fields (speeds to 1/1024 km/h: equal rules, equal hashes). */
function ruleHash(r: WayRule): number {
  let h = r.roadClass * 4 + (r.forward ? 2 : 0) + (r.backward ? 1 : 0);
  for (const v of r.forwardKmh) h = (Math.imul(h, 31) + Math.round(v * 1024)) | 0;
  for (const v of r.backwardKmh) h = (Math.imul(h, 31) + Math.round(v * 1024)) | 0;
  return (Math.imul(h, 31) + (r.durationS ?? -1)) | 0;
}

/** Whether two rules agree in every field of WayRule (a field added there must be compared here). */
function sameRule(a: WayRule, b: WayRule): boolean {
  return a.roadClass === b.roadClass && a.forward === b.forward && a.backward === b.backward && Object.is(a.durationS, b.durationS) && sameSpeeds(a.forwardKmh, b.forwardKmh) && sameSpeeds(a.backwardKmh, b.backwardKmh);
}

function sameSpeeds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Picks the reader by content: XML starts with '<' (after optional BOM/space), PBF with a binary length. */
export async function openOsm(path: string): Promise<OsmReader> {
  let fh;
  try {
    await stat(path);
    fh = await open(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NotFoundError(code === "ENOENT" ? `OSM file not found: ${path}` : `Cannot open OSM file ${path} (${code})`, "osm", path);
  }
  try {
    const head = Buffer.alloc(64);
    const { bytesRead } = await fh.read(head, 0, 64, 0);
    const text = head.subarray(0, bytesRead).toString("latin1").replace(/^\uFEFF|^\xEF\xBB\xBF/, "").trimStart();
    return text.startsWith("<") ? new XmlReader(path) : new PbfReader(path);
  } finally {
    await fh.close();
  }
}

/** Imports an OSM extract (.osm.pbf or .osm XML) into a RoadGraph with metadata and counts. */
export async function importOsm(path: string, options: ImportOptions = {}): Promise<{ graph: RoadGraph; meta: GraphMeta; stats: ImportStats }> {
  const { onProgress, signal } = options;
  const mode = options.mode ?? "car";
  const wayRuleOf = ruleOf(mode);
  const profiles = mode === "car" ? [...PROFILES] : [mode];
  const reader = await openOsm(path);
  const ruleTable = new RuleTable();
  const rules = ruleTable.rules;
  const wayRule: number[] = [];
  const wayStart: number[] = [];
  const wayIds = new F64();
  const refs = new F64();

  await reader.ways(
    (id, tags, getRefs) => {
      const rule = wayRuleOf(tags);
      if (!rule) return;
      const r = ruleTable.indexOf(rule);
      const list = getRefs();
      if (list.length < 2) return;
      wayRule.push(r);
      wayIds.push(id);
      wayStart.push(refs.length);
      for (const ref of list) refs.push(ref);
    },
    (d, t) => onProgress?.("ways", d, t),
    signal,
    wayHint(wayRuleOf),
  );
  wayStart.push(refs.length);
  throwIfAborted(signal);

  // Restrictions are few (tens of thousands in all Finland): kept as read, resolved after the nodes.
  const restrictions: NodeRestriction[] = [];
  let restrictionsViaWay = 0;
  let restrictionsUnresolved = 0;
  // Turn restrictions bind drivers: a walking or cycling graph reads none.
  if (mode === "car") await reader.relations(
    (_id, tags, getMembers) => {
      const rule = restrictionRule(tags);
      if (!rule) return;
      const members = getMembers();
      const from = members.filter((m) => m.type === "way" && m.role === "from");
      const to = members.filter((m) => m.type === "way" && m.role === "to");
      const via = members.filter((m) => m.role === "via");
      if (via.length !== 1 || via[0].type !== "node") {
        restrictionsViaWay++;
        return;
      }
      // One from and one to, except no_entry / no_exit, which may list several of one side.
      if (from.length === 0 || to.length === 0 || (rule === "only" && (from.length > 1 || to.length > 1))) {
        restrictionsUnresolved++;
        return;
      }
      for (const f of from) for (const t of to) restrictions.push({ from: f.ref, via: via[0].ref, to: t.ref, only: rule === "only" });
    },
    (d, t) => onProgress?.("relations", d, t),
    signal,
  );
  throwIfAborted(signal);

  const wanted = distinctSorted(refs);
  const unique = wanted.length;
  const lon = new Float64Array(unique).fill(NaN);
  const lat = new Float64Array(unique).fill(NaN);
  const control = new Uint8Array(unique);
  /** Per wanted node: 0 its control binds both ways, 1 only traffic along its way's order, 2 only against it. */
  const controlWay = new Uint8Array(unique);
  // Extracts are sorted by id, so the wanted ids come in order: a cursor walks them, galloping over
  // the gaps; a node out of order sets it back by binary search.
  let cursor = 0;
  let lastId = -Infinity;
  await reader.nodes(
    (id, x, y, tags) => {
      // Off the globe (or NaN) is damage, not geography: PBF deltas gone wrong, or hand-edited XML.
      if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) throw new CorruptDataError(`${path}: node ${id} has lon ${x}, lat ${y}, not a WGS84 position`, "osm", id);
      cursor = seek(wanted, id >= lastId ? cursor : 0, id);
      lastId = id;
      if (wanted[cursor] === id) {
        lon[cursor] = x;
        lat[cursor] = y;
        if (tags && mode === "car") {
          control[cursor] = nodeControl(tags);
          const d = controlDirection(tags);
          controlWay[cursor] = d === "forward" ? 1 : d === "backward" ? 2 : 0;
        }
      }
    },
    (d, t) => onProgress?.("nodes", d, t),
    signal,
    CONTROL_HINT,
  );
  throwIfAborted(signal);

  const outsideFinland = dropOutsideFinland(lon, lat, wanted, path);

  const builder = new GraphBuilder(profiles);
  const nodeOf = new Int32Array(unique).fill(-1);
  let missingNodes = 0;
  let controlledNodes = 0;
  for (let i = 0; i < unique; i++) {
    if (Number.isNaN(lon[i])) missingNodes++;
    else {
      nodeOf[i] = builder.addNode(lon[i], lat[i]);
      if (control[i]) {
        builder.setNodeControl(nodeOf[i], control[i] | (controlWay[i] ? DIRECTIONAL : 0));
        controlledNodes++;
      }
    }
  }
  const times = new Array<number>(profiles.length);
  const wayCount = wayRule.length;
  // Each ref's place among the wanted ids, found once.
  const at = new Int32Array(refs.length);
  for (let k = 0; k < refs.length; k++) at[k] = indexOf(wanted, refs.data[k]);
  for (let w = 0; w < wayCount; w++) {
    if ((w & 0x3fff) === 0) onProgress?.("build", w, wayCount);
    const rule = rules[wayRule[w]];
    const start = wayStart[w];
    const end = wayStart[w + 1];
    // A ferry's tagged duration is spread over its segments by length.
    let totalM = 0;
    if (rule.durationS !== undefined) {
      for (let k = start; k + 1 < end; k++) totalM += segmentM(at[k], at[k + 1]);
    }
    for (let k = start; k + 1 < end; k++) {
      const i = at[k];
      const j = at[k + 1];
      const a = nodeOf[i];
      const b = nodeOf[j];
      if (a < 0 || b < 0 || a === b) continue;
      const lengthM = segmentM(i, j);
      if (rule.forward) addSegment(builder, a, b, lengthM, rule, rule.forwardKmh, totalM, times);
      if (rule.backward) addSegment(builder, b, a, lengthM, rule, rule.backwardKmh, totalM, times);
      // A control for one direction binds the segment arriving at it that way along this way.
      if (controlWay[j] === 1 && rule.forward) builder.addControlEdge(a, b);
      if (controlWay[i] === 2 && rule.backward) builder.addControlEdge(b, a);
    }
  }
  onProgress?.("build", wayCount, wayCount);
  addRestrictions(builder, restrictions, wanted, wayIds, wayStart, at, nodeOf);
  const graph = builder.build();
  const restrictionsApplied = graph.restrictionFrom.length;
  // Refused here (a member not a kept road, or not ending at the via node) or by the builder (no such edge: against a one-way).
  restrictionsUnresolved += restrictions.length - restrictionsApplied;
  // A file with no drivable road (an extract of water, a building layer, a decoy) would give an
  // empty graph and every figure "unreached": said here, before anything is written.
  if (graph.edgeCount === 0) {
    const may = mode === "walk" ? "a walker may use" : mode === "bike" ? "a cyclist may use" : "a car may drive";
    throw new InvalidInputError(`${path}: the extract holds no road ${may} (${wayCount} ways kept, ${graph.nodeCount} nodes); give an OSM extract with the roads of the area`, "osm", path);
  }
  const meta: GraphMeta = {
    source: basename(path),
    generated: false,
    speedModel: mode === "car" ? speedModelVersion() : modeModelVersion(mode),
    attribution: "© OpenStreetMap contributors, ODbL 1.0",
  };
  const stats: ImportStats = {
    waysKept: wayCount,
    missingNodes,
    outsideFinland,
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    mainComponentNodes: graph.mainComponentSize(),
    restrictionsApplied,
    restrictionsViaWay,
    restrictionsUnresolved,
    controlledNodes,
  };
  return { graph, meta, stats };

  /** Length (m) between two wanted nodes; 0 when either lies outside the extract. */
  function segmentM(i: number, j: number): number {
    return Number.isNaN(lon[i]) || Number.isNaN(lon[j]) ? 0 : haversineM(lon[i], lat[i], lon[j], lat[j]);
  }
}

/**
 * Hands each restriction via a node to the builder as a node triple: the from way's node next to
 * the via node, the via node, the to way's node next to it. The via node must end the from and the
 * to way (OSM's rule for restrictions); one in the middle of either is ambiguous and left out, as is
 * a member that is not a kept road or a via node not on it.
 */
function addRestrictions(
  builder: GraphBuilder,
  restrictions: NodeRestriction[],
  wanted: Float64Array,
  wayIds: F64,
  wayStart: number[],
  at: Int32Array,
  nodeOf: Int32Array,
): void {
  if (restrictions.length === 0) return;
  // Kept ways sorted by OSM id, for lookups by id.
  const ids = wayIds.data.slice(0, wayIds.length);
  const order = Uint32Array.from(ids.keys()).sort((a, b) => ids[a] - ids[b]);
  const sortedIds = Float64Array.from(order, (w) => ids[w]);
  /** The builder node next to `viaAt` (a wanted-id position) along way `id`, when the way ends there; -1 otherwise. */
  const neighbour = (id: number, viaAt: number): number => {
    const k = indexOf(sortedIds, id);
    if (k < 0) return -1;
    const w = order[k];
    const start = wayStart[w];
    const end = wayStart[w + 1];
    if (at[start] === viaAt && at[end - 1] !== viaAt) return nodeOf[at[start + 1]];
    if (at[end - 1] === viaAt && at[start] !== viaAt) return nodeOf[at[end - 2]];
    return -1;
  };
  for (const r of restrictions) {
    const viaAt = indexOf(wanted, r.via);
    if (viaAt < 0 || nodeOf[viaAt] < 0) continue;
    const from = neighbour(r.from, viaAt);
    const to = neighbour(r.to, viaAt);
    if (from >= 0 && to >= 0) builder.addRestriction(from, nodeOf[viaAt], to, r.only);
  }
}

/**
 * Road nodes outside Finland (engine/finland.ts's box, which has a wide margin): an extract mostly
 * outside is refused, since every figure here is about Finnish services; a few outside (a ferry
 * route to Sweden, a road run long past the border) are set to NaN, so the graph ends at the box as
 * it would at an extract's edge. Returns how many were left out.
 */
function dropOutsideFinland(lon: Float64Array, lat: Float64Array, ids: Float64Array, path: string): number {
  let located = 0;
  let outside = 0;
  let example = -1;
  for (let i = 0; i < lon.length; i++) {
    if (Number.isNaN(lon[i])) continue;
    located++;
    if (!inFinlandWgs84(lon[i], lat[i])) {
      outside++;
      if (example < 0) example = i;
    }
  }
  if (outside === 0) return 0;
  if (outside * 2 > located) {
    const e = example;
    throw new InvalidInputError(
      `${path}: ${outside} of ${located} road nodes lie outside Finland (${FINLAND_WGS84_TEXT}), e.g. node ${ids[e]} at lon ${lon[e]}, lat ${lat[e]}; give an extract of Finland`,
      "osm",
      `${lon[e]},${lat[e]}`,
    );
  }
  for (let i = 0; i < lon.length; i++) if (!Number.isNaN(lon[i]) && !inFinlandWgs84(lon[i], lat[i])) lon[i] = lat[i] = NaN;
  return outside;
}

function addSegment(
  builder: GraphBuilder,
  from: number,
  to: number,
  lengthM: number,
  rule: WayRule,
  speedsKmh: readonly number[],
  ferryTotalM: number,
  times: number[],
): void {
  for (let p = 0; p < speedsKmh.length; p++) {
    times[p] =
      rule.durationS !== undefined && ferryTotalM > 0
        ? Math.max(1, Math.round((rule.durationS * 10 * lengthM) / ferryTotalM))
        : timeDsFor(lengthM, speedsKmh[p]);
  }
  builder.addEdge(from, to, lengthM, times, rule.roadClass);
}

/** The distinct ids of a column, sorted for binary search (indexOf) in the nodes pass. */
export function distinctSorted(refs: F64): Float64Array {
  const ids = refs.data.slice(0, refs.length).sort();
  let unique = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) ids[unique++] = ids[i];
  return ids.subarray(0, unique);
}

/**
 * The first position whose id is not below `id` (sorted.length when none), given that it is not
 * before `from`: steps of 1, 2, 4… from `from`, then a binary search in the last step, so a nearby
 * id costs a few comparisons and a far one a logarithm.
 */
export function seek(sorted: Float64Array, from: number, id: number): number {
  const n = sorted.length;
  if (from >= n || !(sorted[from] < id)) return from;
  let lo = from; // sorted[lo] < id
  let step = 1;
  while (lo + step < n && sorted[lo + step] < id) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(n, lo + step); // sorted[hi] >= id, or hi === n
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < id) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Position of `id` in the sorted array, or -1. */
export function indexOf(sorted: Float64Array, id: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}
