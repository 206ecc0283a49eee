/**
 * OSM extract → water polygons for the basemap: lakes, ponds, river areas and reservoirs (closed
 * ways, and multipolygon relations whose outer and inner ways are joined into rings), and the sea
 * where the extract holds its coastline. Three streaming passes with the importer's readers:
 * relations (to learn which ways they use), the ways, then only the nodes those ways use.
 * Nothing here is routing: a ring that does not close, a node missing or outside Finland drops
 * its polygon, counted, never the read.
 */
import { pointInRing, signedArea, throwIfAborted, inFinlandWgs84 } from "../../engine/index.ts";
import { F64, distinctSorted, indexOf, openOsm } from "./import.ts";

/** One polygon: the outer ring first, then its holes; each ring closed (first = last), [lon, lat] WGS84. */
export interface WaterPolygon {
  /** "way/<id>" or "relation/<id>" for a water area, "coastline" for the sea. */
  readonly source: string;
  readonly rings: [number, number][][];
}

export interface WaterStats {
  /** Closed water ways and water multipolygon relations found. */
  ways: number;
  relations: number;
  /** Ways tagged natural=coastline. */
  coastlineWays: number;
  /** Rings whose ways do not join end to end into a closed ring (cut at the extract's edge, or broken). */
  openRings: number;
  /** Rings with nodes missing from the file or outside Finland (engine/finland.ts): drawn without them. */
  cut: number;
  /** Polygons left out: a ring with under four positions once the missing nodes are left out. */
  incomplete: number;
  /** Water ways left out past MAX_WATER_VERTICES. */
  overLimit: number;
  /** Whether the sea was drawn from the coastline; why not when it was not. */
  sea: "drawn" | "no coastline" | "coastline does not end at the extract's edge";
  vertices: number;
}

/** Most node references kept over all water ways (8 bytes each, twice): bounds memory on a country extract. */
const MAX_WATER_VERTICES = 4_000_000;
/** A coastline end farther than this (m) from the extract's box was not cut by a box: no sea is guessed. */
const COAST_END_TOLERANCE_M = 300;
/** Metres per degree of latitude (and of longitude at the equator), for the tolerance above. */
const M_PER_DEG = 111_320;

const WATER_AREA = (t: Record<string, string>) =>
  t.natural === "water" || t.waterway === "riverbank" || t.landuse === "reservoir" || t.landuse === "basin";

/** Reads the water polygons of an OSM extract (.osm.pbf or .osm XML). */
export async function readWater(path: string, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<{ polygons: WaterPolygon[]; stats: WaterStats }> {
  const { signal, onProgress } = options;
  const reader = await openOsm(path);
  const stats: WaterStats = { ways: 0, relations: 0, coastlineWays: 0, openRings: 0, cut: 0, incomplete: 0, overLimit: 0, sea: "no coastline", vertices: 0 };

  // Relations first: their member ways are mostly untagged, so they are known only by id.
  const relations: { id: number; outer: number[]; inner: number[] }[] = [];
  const memberOf = new Set<number>();
  await reader.relations((id, tags, members) => {
    if (tags.type !== "multipolygon" || !WATER_AREA(tags)) return;
    const rel = { id, outer: [] as number[], inner: [] as number[] };
    for (const m of members()) {
      if (m.type !== "way") continue;
      (m.role === "inner" ? rel.inner : rel.outer).push(m.ref); // "" is an outer in old data
      memberOf.add(m.ref);
    }
    relations.push(rel);
  }, (d, t) => onProgress?.(d / 3, t), signal);
  throwIfAborted(signal);

  const refs = new F64();
  const wayRefs = new Map<number, [number, number]>(); // member way id → [start, end) in refs
  const closed: { id: number; start: number; end: number }[] = [];
  const coast: [number, number][] = [];
  await reader.ways((id, tags, getRefs) => {
    const water = WATER_AREA(tags);
    const isCoast = tags.natural === "coastline";
    if (!water && !isCoast && !memberOf.has(id)) return;
    const list = getRefs();
    if (refs.length + list.length > MAX_WATER_VERTICES) {
      stats.overLimit++;
      return;
    }
    const start = refs.length;
    for (const r of list) refs.push(r);
    if (memberOf.has(id)) wayRefs.set(id, [start, refs.length]);
    if (isCoast) {
      stats.coastlineWays++;
      coast.push([start, refs.length]);
    } else if (water && list.length >= 4 && list[0] === list[list.length - 1]) closed.push({ id, start, end: refs.length });
  }, (d, t) => onProgress?.((t + d) / 3, t), signal);
  throwIfAborted(signal);

  const wanted = distinctSorted(refs);
  const lon = new Float64Array(wanted.length).fill(NaN);
  const lat = new Float64Array(wanted.length).fill(NaN);
  const box = { lonMin: Infinity, latMin: Infinity, lonMax: -Infinity, latMax: -Infinity };
  // Nothing wanted and no coastline (a roads-only extract): the nodes pass is skipped.
  if (wanted.length > 0) {
    await reader.nodes((id, x, y) => {
      if (!inFinlandWgs84(x, y)) return; // left NaN: its polygon is dropped as incomplete
      if (x < box.lonMin) box.lonMin = x;
      if (x > box.lonMax) box.lonMax = x;
      if (y < box.latMin) box.latMin = y;
      if (y > box.latMax) box.latMax = y;
      const i = indexOf(wanted, id);
      if (i >= 0) (lon[i] = x), (lat[i] = y);
    }, (d, t) => onProgress?.((2 * t + d) / 3, t), signal);
  }
  onProgress?.(1, 1);
  throwIfAborted(signal);

  const ids = (start: number, end: number) => Array.from(refs.data.subarray(start, end));
  /**
   * Node ids as coordinates. A node missing from the file (or outside Finland) is left out, as the
   * extract's cut left it; a closed ring cut so is closed again along the extract's box (closeCut).
   * Null when fewer than four positions remain.
   */
  const coords = (ids: readonly number[]): [number, number][] | null => {
    const at = ids.map((id): [number, number] | null => {
      const i = indexOf(wanted, id);
      return i >= 0 && !Number.isNaN(lon[i]) ? [lon[i], lat[i]] : null;
    });
    let out = at.filter((p) => p !== null);
    if (out.length < at.length) {
      stats.cut++;
      if (ids[0] === ids[ids.length - 1]) out = closeCut(at.slice(0, -1), box);
    }
    return out.length >= 4 ? out : null;
  };

  const polygons: WaterPolygon[] = [];
  for (const w of closed) {
    stats.ways++;
    const ring = coords(ids(w.start, w.end));
    if (ring) polygons.push({ source: `way/${w.id}`, rings: [ring] });
    else stats.incomplete++;
  }
  for (const rel of relations) {
    stats.relations++;
    const ringsOf = (members: number[]) => {
      const ways = members.flatMap((m) => (wayRefs.has(m) ? [ids(...wayRefs.get(m)!)] : []));
      const joined = assembleRings(ways);
      stats.openRings += joined.open + members.length - ways.length; // a member not in the file cannot close its ring
      return joined.rings.map(coords);
    };
    const outers = ringsOf(rel.outer);
    const inners = ringsOf(rel.inner);
    if (outers.some((r) => r === null) || inners.some((r) => r === null)) {
      stats.incomplete++;
      continue;
    }
    polygons.push(...withHoles(outers as [number, number][][], inners as [number, number][][]).map((rings) => ({ source: `relation/${rel.id}`, rings })));
  }
  if (coast.length > 0) {
    const sea = seaPolygons(coast.map(([s, e]) => ids(s, e)), coords, box);
    stats.sea = sea ? "drawn" : "coastline does not end at the extract's edge";
    for (const rings of sea ?? []) polygons.push({ source: "coastline", rings });
  }
  stats.vertices = polygons.reduce((n, p) => n + p.rings.reduce((m, r) => m + r.length, 0), 0);
  return { polygons, stats };
}

/**
 * Joins ways (node id lists) end to end into closed rings, the standard multipolygon assembly:
 * a way may run either way and a ring may be split over many ways. Ways that do not come back to
 * their start are counted in `open` and left out.
 */
export function assembleRings(ways: readonly (readonly number[])[]): { rings: number[][]; open: number } {
  const used = new Uint8Array(ways.length);
  const atEnd = new Map<number, number[]>(); // node id → ways starting or ending there
  ways.forEach((w, i) => {
    for (const n of [w[0], w[w.length - 1]]) {
      const list = atEnd.get(n);
      if (list) list.push(i);
      else atEnd.set(n, [i]);
    }
  });
  const rings: number[][] = [];
  let open = 0;
  for (let i = 0; i < ways.length; i++) {
    if (used[i] || ways[i].length < 2) continue;
    used[i] = 1;
    const ring = [...ways[i]];
    while (ring[0] !== ring[ring.length - 1]) {
      const last = ring[ring.length - 1];
      const next = atEnd.get(last)?.find((j) => !used[j]);
      if (next === undefined) break;
      used[next] = 1;
      const w = ways[next];
      const forward = w[0] === last;
      for (let k = 1; k < w.length; k++) ring.push(forward ? w[k] : w[w.length - 1 - k]);
    }
    if (ring.length >= 4 && ring[0] === ring[ring.length - 1]) rings.push(ring);
    else open++;
  }
  return { rings, open };
}

/** Outer rings with the inner rings inside them as holes; an inner ring inside no outer ring is left out. */
function withHoles(outers: [number, number][][], inners: [number, number][][]): [number, number][][][] {
  const polygons = outers.map((o) => [o]);
  for (const inner of inners) {
    const home = polygons.find((p) => pointInRing(inner[0][0], inner[0][1], p[0]));
    home?.push(inner);
  }
  return polygons;
}

/** Whether (lon, lat) lies in the polygon: inside its outer ring and in none of its holes. */
export function inWater(polygon: WaterPolygon, lon: number, lat: number): boolean {
  const [outer, ...holes] = polygon.rings;
  return pointInRing(lon, lat, outer) && !holes.some((h) => pointInRing(lon, lat, h));
}


type Box = { lonMin: number; latMin: number; lonMax: number; latMax: number };

/**
 * The sea of an extract cut by a box, from its coastline (OSM draws it with the land on the left):
 * coastline ways joined head to tail into chains; a closed chain counter-clockwise is an island, a
 * hole in the sea; an open chain runs from the box's edge to its edge, and the sea is closed by
 * walking the box clockwise from a chain's end to the next chain's start. With no open chain but
 * islands, the box is sea. Null when a chain ends away from the box (an extract cut by a polygon,
 * or a broken coastline): the sea is then not guessed.
 */
function seaPolygons(ways: number[][], coords: (ring: readonly number[]) => [number, number][] | null, box: Box): [number, number][][][] | null {
  const chains: number[][] = [];
  const byStart = new Map<number, number>();
  ways.forEach((w, i) => byStart.set(w[0], i));
  const ends = new Set(ways.map((w) => w[w.length - 1]));
  const used = new Uint8Array(ways.length);
  const follow = (i: number) => {
    const chain = [...ways[i]];
    used[i] = 1;
    for (let j = byStart.get(chain[chain.length - 1]); j !== undefined && !used[j] && chain[0] !== chain[chain.length - 1]; j = byStart.get(chain[chain.length - 1])) {
      used[j] = 1;
      chain.push(...ways[j].slice(1));
    }
    chains.push(chain);
  };
  ways.forEach((w, i) => !used[i] && !ends.has(w[0]) && follow(i)); // chain heads first
  ways.forEach((_, i) => !used[i] && follow(i)); // then what is left: rings

  const islands: [number, number][][] = [];
  const lakes: [number, number][][] = [];
  const open: { path: [number, number][]; from: number; to: number }[] = [];
  const tolerance = COAST_END_TOLERANCE_M / M_PER_DEG;
  for (const chain of chains) {
    const path = coords(chain);
    if (!path) continue;
    if (chain[0] === chain[chain.length - 1]) {
      if (path.length >= 4) (signedArea(path) > 0 ? islands : lakes).push(path);
      continue;
    }
    const a = toEdge(path[0], box, tolerance);
    const b = toEdge(path[path.length - 1], box, tolerance);
    if (!a || !b) return null;
    open.push({ path: [a.at, ...path, b.at], from: a.t, to: b.t });
  }
  const seas: [number, number][][] = [...lakes];
  if (open.length === 0 && islands.length > 0) {
    const c = corners(0, 4, box); // top-right, bottom-right, bottom-left, top-left
    seas.push([c[3], ...c]);
  }
  const done = new Uint8Array(open.length);
  for (let s = 0; s < open.length; s++) {
    if (done[s]) continue;
    const ring: [number, number][] = [];
    let c = s;
    for (;;) {
      done[c] = 1;
      ring.push(...open[c].path);
      const exit = open[c].to;
      // The next chain to start clockwise from this one's end.
      let next = -1;
      let best = Infinity;
      open.forEach((o, k) => {
        const d = (o.from - exit + 4) % 4;
        if (d < best && (k === s || !done[k])) (best = d), (next = k);
      });
      ring.push(...corners(exit, exit + best, box));
      if (next === s) break;
      c = next;
    }
    ring.push(ring[0]);
    seas.push(ring);
  }
  const polygons = seas.map((r) => [r]);
  for (const island of islands) polygons.find((p) => pointInRing(island[0][0], island[0][1], p[0]))?.push(island);
  return polygons;
}

/**
 * A closed ring (without its repeated first position) whose missing positions (null) lay outside
 * the extract's box, closed along the box instead: each gap is bridged by the box's corners between
 * where the ring left the box and where it came back, walked in the ring's own sense (the in-box
 * part of a ring turns as the whole ring does), so a lake cut by the box is filled to the box's edge.
 * A gap whose ends are not at the box's edge is bridged by a chord.
 */
function closeCut(at: ([number, number] | null)[], box: Box): [number, number][] {
  const n = at.length;
  const first = at.findIndex((p, i) => p !== null && at[(i + n - 1) % n] === null);
  if (first < 0) return [];
  const runs: [number, number][][] = [];
  for (let k = 0; k < n; k++) {
    const p = at[(first + k) % n];
    if (p === null) continue;
    if (k === 0 || at[(first + k - 1) % n] === null) runs.push([]);
    runs[runs.length - 1].push(p);
  }
  const chord = runs.flat();
  const ccw = signedArea(chord) > 0;
  const tolerance = COAST_END_TOLERANCE_M / M_PER_DEG;
  const out: [number, number][] = [];
  runs.forEach((run, i) => {
    out.push(...run);
    const a = toEdge(run[run.length - 1], box, tolerance);
    const b = toEdge(runs[(i + 1) % runs.length][0], box, tolerance);
    if (!a || !b) return;
    const between = ccw ? corners(b.t, a.t < b.t ? a.t + 4 : a.t, box).reverse() : corners(a.t, b.t < a.t ? b.t + 4 : b.t, box);
    out.push(a.at, ...between, b.at);
  });
  if (out.length > 0) out.push(out[0]);
  return out;
}

/** A point projected onto the nearest side of the box, and its place clockwise round it (0–4 from the top-left corner); null when farther than `tolerance` degrees. */
function toEdge([x, y]: [number, number], b: Box, tolerance: number): { at: [number, number]; t: number } | null {
  const w = b.lonMax - b.lonMin;
  const h = b.latMax - b.latMin;
  const cos = Math.cos((y * Math.PI) / 180);
  const sides = [
    { d: b.latMax - y, at: [x, b.latMax] as [number, number], t: (x - b.lonMin) / w },
    { d: (b.lonMax - x) * cos, at: [b.lonMax, y] as [number, number], t: 1 + (b.latMax - y) / h },
    { d: y - b.latMin, at: [x, b.latMin] as [number, number], t: 2 + (b.lonMax - x) / w },
    { d: (x - b.lonMin) * cos, at: [b.lonMin, y] as [number, number], t: 3 + (y - b.latMin) / h },
  ];
  const s = sides.reduce((m, v) => (v.d < m.d ? v : m));
  return s.d <= tolerance ? { at: s.at, t: s.t % 4 } : null;
}

/** The box's corners passed going clockwise from place `from` to place `to` (to ≥ from, less than a full turn more). */
function corners(from: number, to: number, b: Box): [number, number][] {
  const at: [number, number][] = [
    [b.lonMin, b.latMax],
    [b.lonMax, b.latMax],
    [b.lonMax, b.latMin],
    [b.lonMin, b.latMin],
  ];
  const out: [number, number][] = [];
  for (let k = Math.floor(from) + 1; k <= to; k++) out.push(at[k % 4]);
  return out;
}
