/**
 * Writes a RoadGraph as a real OSM PBF file, so the importer can be timed at region scale on a
 * GENERATED graph (there is no real Uusimaa extract offline). Benchmarks and tests only.
 *
 * Two contents. "roads": the graph's roads only, node ids = graph node + 1. "realistic": the same
 * roads (with more tags, none that changes the speed model) plus what a real extract also holds
 * and the importer must read and skip: buildings, footways/paths/cycleways, highways a car may not
 * use, areas and lines (landuse, natural, barriers, railways), tagged POI nodes, tagged way nodes
 * (entrances, crossings) and relations (multipolygons, routes, restrictions, stop areas), in the
 * proportions measured on a real extract (REAL_MIX), with a version and timestamp on every entity
 * as public extracts have. All of it is GENERATED, and the file header says so.
 *
 * Format (https://wiki.openstreetmap.org/wiki/PBF_Format): each blob is a 4-byte big-endian
 * BlobHeader length, a BlobHeader {type, datasize}, then a Blob {raw_size, zlib_data}. The first
 * blob is an OSMHeader; then zlib OSMData PrimitiveBlocks of at most 8000 entities, as osmium
 * writes them: DenseNodes (ids, lat, lon, timestamps delta-coded; keys_vals), then Ways (refs
 * delta-coded), then Relations, each sorted by id. With granularity 100 a coordinate unit is
 * 1e-7°, the graph's own precision, so coordinates round-trip exactly. Each pair of opposite edges
 * of one class becomes one two-way way, any other edge a `oneway=yes` way; maximal runs of such
 * segments through nodes that join exactly two alike segments are chained into one way, as OSM
 * draws roads.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { deflateSync } from "node:zlib";
import Pbf from "pbf";
import type { RoadGraph } from "../engine/graph.ts";
import { FERRY_CLASS, ROAD_CLASSES, winterLimitKmh } from "../engine/profiles.ts";
import { splitmix32 } from "../engine/random.ts";

/** Entities per PrimitiveBlock: osmium writes at most 8000. */
const ENTITIES_PER_BLOCK = 8000;
/** A cap on way refs and relation members per block, so one block stays far below the 16 MiB raw-size advice. */
const REFS_PER_BLOCK = 400_000;
/** OSM's API limit on nodes in one way. */
const MAX_WAY_NODES = 2000;

/**
 * What a real extract holds besides the roads a car may drive, per node of those roads. Measured
 * on /work/shared/data/osm/helsinki-centre.osm.pbf (osmium 2024-08-15, the one full, unfiltered
 * extract at hand; tampere.osm.pbf is filtered to highways): 16,220 drivable-road nodes (what
 * importOsm keeps), 184,530 nodes (11.4 per road node), 37,386 ways (2.3), 1,493 relations.
 */
const REAL_MIX = {
  /** 3,236 `building=*` ways. */
  buildings: 0.2,
  /** 14,215 footway/path/cycleway/steps/pedestrian/track/bridleway ways, 4.4 refs each. */
  paths: 0.876,
  /** 1,125 other highway ways no car may use (private service roads, platforms, construction). */
  nonCarHighways: 0.069,
  /** 12,925 other ways (barriers, landuse, natural, man_made, railways), 10.8 refs each. */
  areasAndLines: 0.797,
  /** 26,769 tagged nodes in no way (addresses, signs, trees, amenities, shops, stops). */
  pois: 1.65,
  /** 16,737 tagged nodes inside ways (entrances, crossings, signals, kerbs). */
  taggedWayNodes: 1.03,
  /** 297 multipolygons, 516 routes, 680 others (restrictions, stop areas, route masters). */
  multipolygons: 0.0183,
  routes: 0.0318,
  otherRelations: 0.0419,
} as const;

export interface PbfWriteOptions {
  /** "roads" (default): the graph's roads only. "realistic": roads plus the REAL_MIX of everything else. */
  content?: "roads" | "realistic";
  /** Seed of the realistic content (default 1). */
  seed?: number;
}

export interface PbfWriteStats {
  bytes: number;
  nodes: number;
  taggedNodes: number;
  ways: number;
  roadWays: number;
  wayRefs: number;
  relations: number;
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

/** A growable Int32 or Float64 column. */
class Column {
  data: Int32Array | Float64Array;
  length = 0;
  constructor(private readonly wide = false) {
    this.data = wide ? new Float64Array(1 << 12) : new Int32Array(1 << 12);
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = this.wide ? new Float64Array(this.data.length * 2) : new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
}

// What an entity is, which decides its tags (tagsOf). Nodes: 0 is untagged.
const N = { plain: 0, address: 1, sign: 2, tree: 3, amenity: 4, manMade: 5, shop: 6, busStop: 7, barrier: 8, office: 9, entrance: 10, crossing: 11, roadNode: 12, kerb: 13, lineNode: 14 } as const;
const W = { roadPlain: 20, road: 21, building: 22, path: 23, nonCar: 24, area: 25, line: 26 } as const;
const R = { multipolygon: 30, route: 31, restriction: 32, stopArea: 33, routeMaster: 34 } as const;
/** POI kinds and their weights, from helsinki-centre's node tag counts (addr 10k, traffic_sign 7k, natural 6k, amenity 4k, man_made 3k…). */
const POI_KINDS = [N.address, N.sign, N.tree, N.amenity, N.manMade, N.shop, N.busStop, N.barrier, N.office];
const POI_WEIGHTS = [0.22, 0.18, 0.16, 0.12, 0.09, 0.05, 0.08, 0.04, 0.06];
const MEMBER = { node: 0, way: 1, relation: 2 } as const;
const ROLES = ["", "outer", "inner", "platform", "stop", "from", "via", "to"];

/** The file's entities as columns, each kind in id order; ways and relations refer to rows, not ids. */
interface Extract {
  nodeId: Column; lat: Column; lon: Column; nodeKind: Column; nodeArg: Column;
  wayId: Column; wayStart: Column; wayRefs: Column; wayKind: Column; wayArg: Column;
  relId: Column; relStart: Column; memType: Column; memRow: Column; memRole: Column; relKind: Column; relArg: Column;
  /** Version and timestamp on every entity (public extracts keep these, not users or changesets). */
  withInfo: boolean;
}

function emptyExtract(withInfo: boolean): Extract {
  const c = () => new Column();
  return {
    nodeId: new Column(true), lat: c(), lon: c(), nodeKind: c(), nodeArg: c(),
    wayId: new Column(true), wayStart: c(), wayRefs: c(), wayKind: c(), wayArg: c(),
    relId: new Column(true), relStart: c(), memType: c(), memRow: c(), memRole: c(), relKind: c(), relArg: c(),
    withInfo,
  };
}

/** Road ways packed in an arg: class, oneway, and the way's row (which names its street). */
const roadArg = (cls: number, oneway: boolean, street: number) => street * 512 + (oneway ? 256 : 0) + cls;

/** The roads-only extract: graph node i is node i + 1, one way per chain, no metadata. */
function roadsExtract(g: RoadGraph): Extract {
  const x = emptyExtract(false);
  for (let i = 0; i < g.nodeCount; i++) (x.nodeId.push(i + 1), x.lat.push(g.latE7[i]), x.lon.push(g.lonE7[i]), x.nodeKind.push(N.plain), x.nodeArg.push(0));
  eachWay(g, segmentsOf(g), (refs, cls, oneway) => {
    x.wayId.push(x.wayId.length + 1);
    x.wayStart.push(x.wayRefs.length);
    for (const r of refs) x.wayRefs.push(r);
    x.wayKind.push(W.roadPlain);
    x.wayArg.push(roadArg(cls, oneway, 0));
  });
  x.wayStart.push(x.wayRefs.length);
  x.relStart.push(0);
  return x;
}

/**
 * The realistic extract. Entities are made as mappers make them, in "changesets": the road ways in
 * a seeded random order, each with what lies near it (REAL_MIX per road node); ids rise in that
 * order with gaps (an extract holds a small share of ids), so a block of 8000 nodes, sorted by id,
 * holds runs of neighbours from places all over the region, as real blocks do. Node ids pass 2^32.
 */
function realisticExtract(g: RoadGraph, seed: number): Extract {
  const x = emptyExtract(true);
  const rand = splitmix32(seed);
  const below = (n: number) => Math.floor(rand() * n);
  const stochRound = (v: number) => Math.floor(v + rand());
  let nextNodeId = 21_000_000;
  let nextWayId = 4_000_000;
  let nextRelId = 4000;
  let midLat = 0;
  for (let i = 0; i < g.nodeCount; i++) midLat += g.latE7[i] / 1e7 / g.nodeCount;
  const latPerM = 1e7 / 110_570;
  const lonPerM = 1e7 / (111_320 * Math.cos((midLat * Math.PI) / 180));

  const addNode = (lat: number, lon: number, kind: number, arg = 0): number => {
    nextNodeId += rand() < 0.6 ? 1 : 1 + below(6000);
    x.nodeId.push(nextNodeId);
    x.lat.push(Math.round(lat));
    x.lon.push(Math.round(lon));
    x.nodeKind.push(kind);
    return x.nodeArg.push(arg);
  };
  const addWay = (refs: number[], kind: number, arg: number): number => {
    nextWayId += rand() < 0.6 ? 1 : 1 + below(4000);
    x.wayId.push(nextWayId);
    x.wayStart.push(x.wayRefs.length);
    for (const r of refs) x.wayRefs.push(r);
    x.wayKind.push(kind);
    return x.wayArg.push(arg);
  };
  const roadRow = new Int32Array(g.nodeCount).fill(-1);
  const roadNode = (u: number) => (roadRow[u] >= 0 ? roadRow[u] : (roadRow[u] = addNode(g.latE7[u], g.lonE7[u], N.plain)));

  const roads: { refs: number[]; cls: number; oneway: boolean }[] = [];
  eachWay(g, segmentsOf(g), (refs, cls, oneway) => roads.push({ refs, cls, oneway }));
  const roadRefs = roads.reduce((s, r) => s + r.refs.length, 0);
  // REAL_MIX is per road node; a batch is a way, whose end nodes other ways share.
  const perRef = g.nodeCount / roadRefs;
  const order = roads.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const roadWayRow = new Int32Array(roads.length);
  const areas: number[] = [];
  const stops: number[] = [];
  let lastRing: number[] = [];
  for (const w of order) {
    const { refs, cls, oneway } = roads[w];
    const street = x.wayId.length; // this way's row: its name is the street of what lies near it
    roadWayRow[w] = addWay(refs.map(roadNode), W.road, roadArg(cls, oneway, street));
    const count = (ratio: number) => stochRound(ratio * refs.length * perRef);
    // Way nodes made in this batch, with the tag they get if chosen as a tagged way node.
    const candidates: number[] = [];
    const candidateKind: number[] = [];
    for (const r of refs) (candidates.push(roadRow[r]), candidateKind.push(N.roadNode));
    const near = () => {
      const u = refs[below(refs.length)];
      const d = 10 + rand() * 50;
      const a = rand() * 2 * Math.PI;
      return { u, lat: g.latE7[u] + d * Math.sin(a) * latPerM, lon: g.lonE7[u] + d * Math.cos(a) * lonPerM };
    };
    const ring = (lat: number, lon: number, corners: number, rx: number, ry: number, tagKind: number, share: number[] = []) => {
      const rot = rand() * Math.PI;
      const nodes = share.slice();
      for (let k = nodes.length; k < corners; k++) {
        const t = (2 * Math.PI * k) / corners;
        const jx = corners > 6 ? 0.8 + 0.4 * rand() : 1;
        const ex = Math.cos(t) * rx * jx;
        const ey = Math.sin(t) * ry * jx;
        const row = addNode(lat + (ex * Math.sin(rot) + ey * Math.cos(rot)) * latPerM, lon + (ex * Math.cos(rot) - ey * Math.sin(rot)) * lonPerM, N.plain);
        nodes.push(row);
        candidates.push(row);
        candidateKind.push(tagKind);
      }
      return nodes;
    };
    const polyline = (start: number, lat: number, lon: number, extra: number, stepM: number, tagKind: number) => {
      const nodes = start >= 0 ? [start] : [];
      let a = rand() * 2 * Math.PI;
      for (let k = 0; k < extra; k++) {
        a += (rand() - 0.5) * 1.2;
        lat += stepM * (0.5 + rand()) * Math.sin(a) * latPerM;
        lon += stepM * (0.5 + rand()) * Math.cos(a) * lonPerM;
        const row = addNode(lat, lon, N.plain);
        nodes.push(row);
        candidates.push(row);
        candidateKind.push(tagKind);
      }
      return nodes;
    };
    for (let k = count(REAL_MIX.buildings); k > 0; k--) {
      // Houses are rectangles, some L-shaped; a few are larger, many-cornered blocks.
      const p = near();
      const r = rand();
      const corners = r < 0.6 ? 4 : r < 0.85 ? 6 : 8 + below(12);
      const nodes = ring(p.lat, p.lon, corners, 5 + rand() * 12, 4 + rand() * 8, N.entrance);
      addWay([...nodes, nodes[0]], W.building, street);
    }
    let lastPath: number[] = [];
    for (const [ratio, kind] of [[REAL_MIX.paths, W.path], [REAL_MIX.nonCarHighways, W.nonCar]]) {
      for (let k = count(ratio); k > 0; k--) {
        // Paths leave from a road node (a crossing) or near one, and often end on another path.
        const p = near();
        const start = rand() < 0.5 ? roadNode(p.u) : -1;
        const nodes = polyline(start, p.lat, p.lon, (start < 0 ? 2 : 1) + below(5), 25, rand() < 0.7 ? N.crossing : N.kerb);
        if (lastPath.length > 0 && rand() < 0.3) nodes.push(lastPath[below(lastPath.length)]);
        addWay(nodes, kind, street);
        lastPath = nodes;
      }
    }
    for (let k = count(REAL_MIX.areasAndLines); k > 0; k--) {
      const p = near();
      if (rand() < 0.55) {
        // Areas: neighbours share a border, as landuse polygons do.
        const share = lastRing.length > 3 && rand() < 0.85 ? lastRing.slice(0, 2 + below(lastRing.length - 2)).reverse() : [];
        const nodes = ring(p.lat, p.lon, Math.max(share.length + 2, 6 + below(16)), 30 + rand() * 150, 20 + rand() * 100, N.lineNode, share);
        areas.push(addWay([...nodes, nodes[0]], W.area, street));
        lastRing = nodes;
      } else if (lastRing.length > 3 && rand() < 0.8) {
        // A fence or hedge along an area's edge reuses its nodes.
        const from = below(lastRing.length - 2);
        addWay(lastRing.slice(from, from + 2 + below(lastRing.length - from - 1)), W.line, street);
      } else {
        addWay(polyline(-1, p.lat, p.lon, 2 + below(12), 40, N.lineNode), W.line, street);
      }
    }
    for (let k = count(REAL_MIX.pois); k > 0; k--) {
      const p = near();
      let r = rand();
      let kind = 0;
      while (r >= POI_WEIGHTS[kind] && kind < POI_KINDS.length - 1) r -= POI_WEIGHTS[kind++];
      const row = addNode(p.lat, p.lon, POI_KINDS[kind], street);
      if (POI_KINDS[kind] === N.busStop) stops.push(row);
    }
    for (let k = count(REAL_MIX.taggedWayNodes); k > 0; k--) {
      const c = below(candidates.length);
      if (x.nodeKind.data[candidates[c]] !== N.plain) continue;
      x.nodeKind.data[candidates[c]] = candidateKind[c];
      x.nodeArg.data[candidates[c]] = street;
    }
  }
  x.wayStart.push(x.wayRefs.length);

  // Relations, made after the ways they use. Restrictions turn from a way onto one leaving its end node.
  const startsAt = new Map<number, number>();
  for (let w = 0; w < roads.length; w++) startsAt.set(roads[w].refs[0], w);
  const routes: number[] = [];
  x.relStart.push(0);
  const addRelation = (kind: number, arg: number, members: [type: number, row: number, role: number][]) => {
    nextRelId += 1 + below(800);
    x.relId.push(nextRelId);
    for (const [t, row, role] of members) (x.memType.push(t), x.memRow.push(row), x.memRole.push(role));
    x.relStart.push(x.memType.length);
    x.relKind.push(kind);
    return x.relArg.push(arg);
  };
  const total = (ratio: number) => Math.round(ratio * g.nodeCount);
  const [nMp, nRoute, nOther] = [total(REAL_MIX.multipolygons), total(REAL_MIX.routes), total(REAL_MIX.otherRelations)];
  for (let made = 0, mp = 0, rt = 0, ot = 0; made < nMp + nRoute + nOther; made++) {
    const r = rand() * (nMp + nRoute + nOther - made);
    if (r < nMp - mp && areas.length > 4) {
      mp++;
      const a = below(areas.length - 4);
      const members: [number, number, number][] = [];
      for (let k = 1 + below(3); k > 0; k--) members.push([MEMBER.way, areas[a + k], 1]);
      if (rand() < 0.3) members.push([MEMBER.way, areas[a], 2]);
      addRelation(R.multipolygon, a, members);
    } else if (r < nMp - mp + nRoute - rt) {
      rt++;
      const members: [number, number, number][] = [];
      for (let k = below(16); k > 0 && stops.length > 0; k--) members.push([MEMBER.node, stops[below(stops.length)], 3]);
      const first = below(roads.length);
      for (let k = 8 + below(45); k > 0; k--) members.push([MEMBER.way, roadWayRow[(first + k) % roads.length], 0]);
      routes.push(addRelation(R.route, first, members));
    } else {
      ot++;
      const w = below(roads.length);
      const to = startsAt.get(roads[w].refs[roads[w].refs.length - 1]);
      const s = rand();
      if (s < 0.6 && to !== undefined) {
        addRelation(R.restriction, w, [[MEMBER.way, roadWayRow[w], 5], [MEMBER.node, roadRow[roads[w].refs[roads[w].refs.length - 1]], 6], [MEMBER.way, roadWayRow[to], 7]]);
      } else if (s < 0.9 && stops.length > 0) {
        addRelation(R.stopArea, w, [[MEMBER.node, stops[below(stops.length)], 3], [MEMBER.node, stops[below(stops.length)], 3]]);
      } else if (routes.length > 1) {
        addRelation(R.routeMaster, w, [[MEMBER.relation, routes[routes.length - 1], 0], [MEMBER.relation, routes[routes.length - 2], 0]]);
      } else {
        made--;
        ot--;
      }
    }
  }
  return x;
}

// ---------------------------------------------------------------- tags

const SYLLABLES = "ka la mi nen jo ki ta va sa lo hel es poo kor pi ha ri mä ne tu ru ylä ala vuo lah ti kos ken män ty koi vu pih jär vi saa nie lin na kal lio ke ra ho an ter sal me pel to hon ku.".split(" ");
const STREET_SUFFIX = ["tie", "katu", "kuja", "polku", "rinne", "kaari", "piha", "väylä", "ranta", "mäki", "raitti", "tanhua"];
const CITIES = ["Helsinki", "Espoo", "Vantaa", "Kauniainen", "Kirkkonummi", "Sipoo", "Tuusula", "Kerava", "Järvenpää", "Porvoo", "Lohja", "Hyvinkää", "Nurmijärvi", "Raasepori", "Vihti"];
const HOURS = ["Mo-Fr 08:00-20:00; Sa 10:00-16:00", "24/7", "Mo-Su 10:00-21:00", "Mo-Fr 07:00-21:00; Sa,Su 09:00-18:00", "Mo-Sa 09:00-18:00", "Tu-Su 11:00-22:00"];
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** A Finnish-sounding GENERATED name, the same for the same number. */
function nameOf(h: number): string {
  const r = splitmix32(h);
  let s = "";
  for (let k = 2 + Math.floor(r() * 2); k > 0; k--) s += pick(r, SYLLABLES);
  return s[0].toUpperCase() + s.slice(1);
}
const streetOf = (row: number) => nameOf(row * 7919 + 13) + STREET_SUFFIX[row % STREET_SUFFIX.length];
/** Uusimaa is bilingual: many names have a Swedish form. */
const streetSvOf = (row: number) => nameOf(row * 7919 + 13) + SV_SUFFIX[row % SV_SUFFIX.length];
const SV_SUFFIX = ["vägen", "gatan", "gränden", "stigen", "backen", "bågen", "gården", "leden", "stranden", "backen", "stråket", "tået"];

/** Pushes the key/value strings of an entity onto `out`. Road tags never change what the speed model reads. */
function tagsOf(kind: number, row: number, arg: number, out: string[]): void {
  const r = splitmix32(row * 64 + kind);
  const t = (k: string, v: string) => out.push(k, v);
  const maybe = (p: number, k: string, v: () => string) => r() < p && t(k, v());
  const address = (street: number) => {
    t("addr:street", streetOf(street));
    t("addr:housenumber", String(1 + Math.floor(r() * 60)) + (r() < 0.15 ? pick(r, ["a", "b", " A", " B 12"]) : ""));
    t("addr:postcode", "0" + String(1000 + ((street * 37) % 8900)).padStart(4, "0"));
    t("addr:city", CITIES[street % CITIES.length]);
  };
  const named = () => {
    t("name", nameOf(row * 31 + kind) + pick(r, ["", "", " Oy", " Ky", "n Kahvila", "n Apteekki", " Market", "n Parturi"]));
    maybe(0.3, "name:sv", () => nameOf(row * 31 + kind) + pick(r, ["s", " Ab", "s Kafé"]));
    maybe(0.2, "wikidata", () => "Q" + (1_000_000 + Math.floor(r() * 99_000_000)));
    maybe(0.3, "check_date", () => `20${18 + Math.floor(r() * 7)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 10)}`);
  };
  switch (kind) {
    case W.roadPlain:
    case W.road: {
      const cls = arg & 255;
      const oneway = (arg & 256) !== 0;
      const c = ROAD_CLASSES[cls];
      if (cls === FERRY_CLASS) {
        t("route", "ferry");
        t("motor_vehicle", "yes");
      } else t("highway", c.tag);
      // Motorways imply oneway in the speed model, so a two-way motorway-class way must say so.
      if (oneway) t("oneway", "yes");
      else if (c.impliedOneway) t("oneway", "no");
      if (kind === W.roadPlain) return;
      const street = arg >>> 9;
      if (c.tag !== "motorway" && c.tag !== "motorway_link" && r() < 0.7) {
        t("name", streetOf(street));
        maybe(0.5, "name:sv", () => streetSvOf(street));
      }
      // A posted limit only where it is what the class assumes anyway, so times are unchanged.
      if (cls !== FERRY_CLASS && winterLimitKmh(c.summerKmh) === c.winterKmh && r() < 0.6) t("maxspeed", String(c.summerKmh));
      t("surface", r() < 0.8 ? "asphalt" : pick(r, ["gravel", "paved", "paving_stones"]));
      maybe(0.5, "lit", () => "yes");
      maybe(0.3, "lanes", () => pick(r, ["1", "2", "2", "4"]));
      if (cls <= 5) t("ref", String(1 + Math.floor(r() * 199)));
      maybe(0.4, "sidewalk", () => pick(r, ["both", "right", "left", "no", "separate"]));
      maybe(0.2, "width", () => pick(r, ["4", "5", "6", "7.5", "9"]));
      maybe(0.2, "snowplowing", () => pick(r, ["yes", "no"]));
      maybe(0.15, "cycleway:both", () => pick(r, ["no", "separate", "lane"]));
      maybe(0.1, "bridge", () => "yes");
      maybe(0.1, "layer", () => pick(r, ["1", "-1"]));
      return;
    }
    case W.building:
      t("building", pick(r, ["yes", "yes", "yes", "house", "detached", "apartments", "residential", "garage", "shed", "commercial", "industrial", "retail", "school", "terrace"]));
      if (r() < 0.45) address(arg);
      maybe(0.35, "building:levels", () => String(1 + Math.floor(r() * 8)));
      maybe(0.2, "roof:levels", () => pick(r, ["0", "1"]));
      maybe(0.2, "building:material", () => pick(r, ["wood", "brick", "concrete", "plaster"]));
      maybe(0.2, "start_date", () => String(1900 + Math.floor(r() * 124)));
      maybe(0.15, "source", () => "Maanmittauslaitoksen Maastotietokanta " + (2010 + Math.floor(r() * 14)));
      maybe(0.1, "roof:shape", () => pick(r, ["flat", "gabled", "hipped", "pyramidal"]));
      if (r() < 0.04) named();
      return;
    case W.path: {
      const h = pick(r, ["footway", "footway", "footway", "path", "path", "cycleway", "cycleway", "steps", "pedestrian", "track", "bridleway"]);
      t("highway", h);
      if (h === "footway") maybe(0.6, "footway", () => pick(r, ["sidewalk", "crossing", "sidewalk", "access_aisle"]));
      if (h === "cycleway" || h === "path") (t("bicycle", "designated"), t("foot", "designated"), maybe(0.5, "segregated", () => pick(r, ["yes", "no"])));
      if (h === "track") t("tracktype", pick(r, ["grade1", "grade2", "grade3", "grade4"]));
      t("surface", pick(r, ["asphalt", "asphalt", "paving_stones", "gravel", "fine_gravel", "ground", "dirt", "wood"]));
      maybe(0.6, "lit", () => pick(r, ["yes", "no"]));
      maybe(0.3, "width", () => pick(r, ["1", "1.5", "2", "2.5", "3"]));
      maybe(0.3, "smoothness", () => pick(r, ["excellent", "good", "intermediate", "bad"]));
      maybe(0.2, "incline", () => pick(r, ["up", "down", "5%", "-5%"]));
      maybe(0.15, "winter_service", () => pick(r, ["yes", "no"]));
      maybe(0.1, "name", () => nameOf(row) + "n polku");
      return;
    }
    case W.nonCar: {
      const h = pick(r, ["service", "service", "construction", "platform", "corridor", "proposed", "pedestrian"]);
      t("highway", h);
      if (h === "service") (t("service", pick(r, ["driveway", "parking_aisle", "alley"])), t("access", pick(r, ["private", "no"])));
      else if (h === "construction" || h === "proposed") t(h, pick(r, ["residential", "tertiary", "footway"]));
      else if (h === "platform") (t("public_transport", "platform"), t("name", nameOf(row)), t("ref", "H" + (1000 + (row % 9000))));
      else if (h === "pedestrian") t("area", "yes");
      else t("level", pick(r, ["-1", "0", "1"]));
      return;
    }
    case W.area: {
      const [k, v] = pick(r, [
        ["landuse", "residential"], ["landuse", "grass"], ["landuse", "forest"], ["landuse", "meadow"], ["landuse", "farmland"], ["landuse", "industrial"],
        ["landuse", "commercial"], ["natural", "wood"], ["natural", "scrub"], ["natural", "water"], ["natural", "wetland"], ["natural", "bare_rock"],
        ["leisure", "park"], ["leisure", "pitch"], ["leisure", "playground"], ["amenity", "parking"], ["landuse", "construction"], ["natural", "grassland"],
      ]);
      t(k, v);
      if (v === "parking") (t("parking", pick(r, ["surface", "underground", "street_side"])), maybe(0.5, "access", () => pick(r, ["customers", "private", "yes"])));
      else if (v === "pitch") t("sport", pick(r, ["soccer", "tennis", "basketball", "ice_hockey"]));
      else if (v === "water") maybe(0.5, "water", () => pick(r, ["pond", "lake", "river"]));
      else if (v === "wetland") t("wetland", pick(r, ["bog", "marsh", "swamp"]));
      maybe(0.15, "name", () => nameOf(row));
      maybe(0.3, "source", () => pick(r, ["survey", "Bing", "Maanmittauslaitoksen ortoilmakuva", "Helsingin kaupungin ortoilmakuva"]));
      maybe(0.2, "layer", () => pick(r, ["-1", "0", "1"]));
      maybe(0.2, "access", () => pick(r, ["private", "yes", "permissive"]));
      return;
    }
    case W.line: {
      const [k, v] = pick(r, [
        ["barrier", "fence"], ["barrier", "fence"], ["barrier", "hedge"], ["barrier", "wall"], ["barrier", "retaining_wall"], ["barrier", "kerb"],
        ["natural", "tree_row"], ["waterway", "ditch"], ["waterway", "stream"], ["railway", "rail"], ["railway", "tram"], ["power", "minor_line"], ["man_made", "embankment"],
      ]);
      t(k, v);
      if (v === "rail") (t("gauge", "1524"), t("electrified", "contact_line"), t("voltage", "25000"), t("frequency", "50"), t("usage", pick(r, ["main", "branch", "industrial"])));
      else if (v === "tram") (t("gauge", "1000"), t("electrified", "contact_line"), t("voltage", "600"));
      else if (v === "fence") maybe(0.4, "fence_type", () => pick(r, ["chain_link", "wood", "metal", "railing"]));
      else if (v === "stream") maybe(0.3, "name", () => nameOf(row) + "npuro");
      else if (v === "minor_line") t("voltage", pick(r, ["400", "20000"]));
      maybe(0.3, "source", () => pick(r, ["survey", "Bing", "Maanmittauslaitoksen ortoilmakuva"]));
      maybe(0.2, "layer", () => pick(r, ["-1", "1"]));
      maybe(0.2, "height", () => pick(r, ["1", "1.2", "1.5", "2"]));
      return;
    }
    case N.address:
      address(arg);
      maybe(0.4, "addr:country", () => "FI");
      maybe(0.2, "addr:unit", () => pick(r, ["A", "B", "C"]));
      maybe(0.2, "source", () => "Helsingin kaupungin osoiteluettelo");
      return;
    case N.sign:
      t("traffic_sign", pick(r, ["FI:C32", "FI:B1", "FI:C37", "FI:E1", "FI:361", "FI:C39", "FI:A21", "FI:D1", "FI:B5"]) + (r() < 0.3 ? `[${pick(r, ["30", "40", "50", "60"])}]` : ""));
      maybe(0.5, "traffic_sign:2", () => pick(r, ["FI:H20.1", "FI:H9", "FI:H12.1", "FI:H24"]));
      t("direction", String(Math.floor(r() * 360)));
      maybe(0.3, "traffic_sign:3", () => pick(r, ["FI:H20.2", "FI:H22.1"]));
      maybe(0.2, "check_date", () => `20${18 + Math.floor(r() * 7)}-0${1 + Math.floor(r() * 9)}-2${Math.floor(r() * 8)}`);
      return;
    case N.tree:
      t("natural", "tree");
      t("leaf_type", pick(r, ["broadleaved", "broadleaved", "needleleaved"]));
      t("leaf_cycle", pick(r, ["deciduous", "deciduous", "evergreen"]));
      maybe(0.5, "denotation", () => pick(r, ["urban", "park", "avenue", "landmark"]));
      maybe(0.4, "genus", () => pick(r, ["Tilia", "Betula", "Acer", "Sorbus", "Pinus", "Picea", "Quercus", "Ulmus"]));
      maybe(0.3, "ref", () => "PUU-" + (10000 + Math.floor(r() * 90000)));
      maybe(0.3, "species", () => pick(r, ["Tilia × europaea", "Betula pendula", "Acer platanoides", "Sorbus intermedia", "Pinus sylvestris"]));
      maybe(0.2, "circumference", () => (0.3 + r() * 2).toFixed(2));
      return;
    case N.amenity: {
      const a = pick(r, ["bench", "waste_basket", "bicycle_parking", "restaurant", "cafe", "recycling", "vending_machine", "parking_entrance", "fast_food", "pharmacy", "post_box", "bar"]);
      t("amenity", a);
      if (["restaurant", "cafe", "fast_food", "pharmacy", "bar"].includes(a)) {
        named();
        t("opening_hours", pick(r, HOURS));
        maybe(0.5, "website", () => "https://www." + nameOf(row * 31 + kind).toLowerCase() + ".fi/");
        maybe(0.4, "phone", () => "+358 9 " + String(1_000_000 + Math.floor(r() * 8_999_999)));
        maybe(0.5, "wheelchair", () => pick(r, ["yes", "no", "limited"]));
        maybe(0.4, "cuisine", () => pick(r, ["pizza", "burger", "sushi", "coffee_shop", "thai", "finnish", "kebab"]));
        if (r() < 0.5) address(arg);
      } else if (a === "bicycle_parking") (t("capacity", String(4 + Math.floor(r() * 40))), t("bicycle_parking", pick(r, ["stands", "wall_loops", "rack"])));
      else if (a === "recycling") t("recycling_type", "container");
      else if (a === "post_box") (t("operator", "Posti"), t("ref", String(Math.floor(r() * 9999))));
      return;
    }
    case N.manMade:
      t("man_made", pick(r, ["manhole", "street_cabinet", "manhole", "utility_pole", "flagpole", "surveillance"]));
      maybe(0.6, "manhole", () => pick(r, ["sewer", "drain", "telecom", "water"]));
      maybe(0.3, "operator", () => pick(r, ["HSY", "Helen", "Elisa", "Telia", "Caruna"]));
      return;
    case N.shop:
      t("shop", pick(r, ["supermarket", "convenience", "clothes", "hairdresser", "bakery", "kiosk", "florist", "optician", "car_repair"]));
      named();
      t("opening_hours", pick(r, HOURS));
      maybe(0.4, "payment:credit_cards", () => "yes");
      maybe(0.4, "payment:debit_cards", () => "yes");
      maybe(0.3, "website", () => "https://" + nameOf(row).toLowerCase() + ".fi");
      address(arg);
      return;
    case N.busStop:
      t("highway", "bus_stop");
      t("public_transport", "platform");
      t("bus", "yes");
      t("name", streetOf(arg));
      t("ref", pick(r, ["E", "H", "V", "Ki", "Tu"]) + (1000 + (row % 9000)));
      maybe(0.6, "shelter", () => pick(r, ["yes", "no"]));
      maybe(0.5, "bench", () => pick(r, ["yes", "no"]));
      return;
    case N.barrier:
      t("barrier", pick(r, ["bollard", "gate", "lift_gate", "block", "cycle_barrier"]));
      maybe(0.4, "access", () => pick(r, ["no", "private", "yes"]));
      return;
    case N.office:
      t(pick(r, ["office", "tourism", "leisure", "craft", "healthcare"]), pick(r, ["company", "information", "fitness_centre", "electrician", "dentist", "government"]));
      named();
      maybe(0.4, "website", () => "https://" + nameOf(row * 3).toLowerCase() + ".fi");
      return;
    case N.entrance:
      t("entrance", pick(r, ["main", "yes", "yes", "service", "staircase"]));
      maybe(0.5, "ref", () => pick(r, ["A", "B", "C", "D"]));
      maybe(0.3, "door", () => pick(r, ["hinged", "sliding", "revolving"]));
      if (r() < 0.4) address(arg);
      return;
    case N.crossing:
      t("highway", "crossing");
      t("crossing", pick(r, ["marked", "uncontrolled", "traffic_signals", "unmarked"]));
      maybe(0.6, "crossing:markings", () => pick(r, ["zebra", "yes", "no"]));
      maybe(0.4, "crossing:island", () => pick(r, ["no", "yes"]));
      maybe(0.3, "tactile_paving", () => pick(r, ["yes", "no"]));
      return;
    case N.roadNode:
      t("highway", pick(r, ["traffic_signals", "give_way", "stop", "street_lamp", "turning_circle", "crossing", "mini_roundabout"]));
      maybe(0.3, "traffic_signals:direction", () => pick(r, ["forward", "backward"]));
      return;
    case N.kerb:
      t("barrier", "kerb");
      t("kerb", pick(r, ["lowered", "raised", "flush"]));
      maybe(0.4, "tactile_paving", () => pick(r, ["yes", "no"]));
      return;
    case N.lineNode:
      t(...pick(r, [["power", "pole"], ["power", "tower"], ["railway", "switch"], ["railway", "level_crossing"], ["noexit", "yes"], ["barrier", "gate"]] as [string, string][]));
      maybe(0.3, "ref", () => String(Math.floor(r() * 999)));
      return;
    case R.multipolygon:
      t("type", "multipolygon");
      t(...pick(r, [["landuse", "residential"], ["natural", "water"], ["natural", "wood"], ["building", "yes"], ["landuse", "industrial"], ["leisure", "park"]] as [string, string][]));
      maybe(0.4, "name", () => nameOf(row * 5));
      maybe(0.3, "name:sv", () => nameOf(row * 5) + "s");
      maybe(0.3, "source", () => pick(r, ["survey", "Maanmittauslaitoksen Maastotietokanta"]));
      maybe(0.2, "wikidata", () => "Q" + (1_000_000 + Math.floor(r() * 99_000_000)));
      return;
    case R.route: {
      const route = pick(r, ["bus", "bus", "bus", "bus", "bicycle", "hiking", "road", "tram", "train"]);
      const ref = String(1 + Math.floor(r() * 999)) + pick(r, ["", "", "K", "N", "B"]);
      t("type", "route");
      t("route", route);
      t("ref", ref);
      t("name", `${ref} ${nameOf(row * 3)}–${nameOf(row * 5)}`);
      t("from", nameOf(row * 3));
      t("to", nameOf(row * 5));
      t("network", pick(r, ["HSL", "HSL", "Uusimaa", "fi:national"]));
      maybe(0.6, "operator", () => pick(r, ["Nobina", "Koiviston Auto", "Pohjolan Liikenne", "HKL", "Keolis"]));
      if (route === "bus" || route === "tram") t("public_transport:version", "2");
      maybe(0.5, "name:sv", () => `${ref} ${nameOf(row * 3)}s–${nameOf(row * 5)}s`);
      maybe(0.4, "colour", () => pick(r, ["#007AC9", "#00985F", "#FF6319", "#8C4799"]));
      maybe(0.3, "interval", () => pick(r, ["00:10", "00:15", "00:30", "01:00"]));
      maybe(0.3, "roundtrip", () => "no");
      maybe(0.3, "wikidata", () => "Q" + (1_000_000 + Math.floor(r() * 99_000_000)));
      return;
    }
    case R.restriction:
      t("type", "restriction");
      t("restriction", pick(r, ["no_left_turn", "no_right_turn", "no_u_turn", "only_straight_on", "only_right_turn"]));
      maybe(0.3, "except", () => pick(r, ["bus", "psv", "bicycle"]));
      maybe(0.3, "source", () => "survey");
      return;
    case R.stopArea:
      t("type", "public_transport");
      t("public_transport", "stop_area");
      t("name", nameOf(row * 11));
      maybe(0.5, "name:sv", () => nameOf(row * 11) + "s");
      maybe(0.6, "network", () => "HSL");
      maybe(0.4, "ref", () => pick(r, ["E", "H", "V"]) + (1000 + (row % 9000)));
      return;
    case R.routeMaster:
      t("type", "route_master");
      t("route_master", "bus");
      t("ref", String(1 + (row % 999)));
      t("name", nameOf(row * 3));
      return;
  }
}

// ---------------------------------------------------------------- encoding

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

/** A block's string table: index 0 is "", as the format requires. */
class StringTable {
  readonly strings = [""];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) (this.index.set(s, (i = this.strings.length)), this.strings.push(s));
    return i;
  }
}

/** A PrimitiveBlock: string table, one group written by `group`, granularity 100 and zero offsets. */
function primitiveBlock(strings: string[], group: (p: Pbf) => void): Uint8Array {
  const p = new Pbf();
  p.writeMessage(1, (list: string[], q) => list.forEach((str) => q.writeStringField(1, str)), strings);
  p.writeMessage(2, (_: null, q) => group(q), null);
  p.writeVarintField(17, 100);
  return p.finish();
}

/**
 * A GENERATED version and timestamp (2008–2024, in s), the same for the same entity. Neighbours in
 * id order were mostly made in one edit and kept since (version 1, one timestamp); a quarter were
 * edited later, each at its own time.
 */
function infoOf(row: number): [version: number, timestampS: number] {
  const r = splitmix32(row ^ 0x5bd1e995);
  const edited = r() < 0.25;
  const t = edited ? r() : splitmix32(Math.floor(row / 32) + 0x2545f491)();
  return [edited ? 2 + Math.floor(r() * r() * 11) : 1, 1_200_000_000 + Math.floor(t * 520_000_000)];
}

/** Encodes the extract into the open file. */
function writeExtract(fd: number, x: Extract, stats: PbfWriteStats): void {
  const tags: string[] = [];
  const blob = (block: Uint8Array) => {
    stats.bytes += writeBlob(fd, "OSMData", block);
    stats.blocks++;
  };
  const writeInfo = (m: Pbf, row: number) => {
    const [version, ts] = infoOf(row);
    m.writeMessage(4, (_: null, q) => (q.writeVarintField(1, version), q.writeVarintField(2, ts)), null);
  };

  // Nodes: ids, lat/lon (1e-7° = granularity 100) and timestamps delta-coded; keys_vals when any is tagged.
  const nodeCount = x.nodeId.length;
  for (let start = 0; start < nodeCount; start += ENTITIES_PER_BLOCK) {
    const end = Math.min(nodeCount, start + ENTITIES_PER_BLOCK);
    const st = new StringTable();
    const ids: number[] = [];
    const lats: number[] = [];
    const lons: number[] = [];
    const kv: number[] = [];
    const versions: number[] = [];
    const times: number[] = [];
    let anyTags = false;
    let lastTs = 0;
    for (let i = start; i < end; i++) {
      const prev = i === start ? -1 : i - 1;
      ids.push(x.nodeId.data[i] - (prev < 0 ? 0 : x.nodeId.data[prev]));
      lats.push(x.lat.data[i] - (prev < 0 ? 0 : x.lat.data[prev]));
      lons.push(x.lon.data[i] - (prev < 0 ? 0 : x.lon.data[prev]));
      const kind = x.nodeKind.data[i];
      if (kind !== N.plain) {
        tags.length = 0;
        tagsOf(kind, i, x.nodeArg.data[i], tags);
        for (const s of tags) kv.push(st.id(s));
        stats.taggedNodes++;
        anyTags = true;
      }
      kv.push(0);
      if (x.withInfo) {
        const [version, ts] = infoOf(i);
        versions.push(version);
        times.push(ts - lastTs);
        lastTs = ts;
      }
    }
    blob(primitiveBlock(st.strings, (q) =>
      q.writeMessage(2, (_: null, d) => {
        d.writePackedSVarint(1, ids);
        if (x.withInfo) d.writeMessage(5, (__: null, info) => (info.writePackedVarint(1, versions), info.writePackedSVarint(2, times)), null);
        d.writePackedSVarint(8, lats);
        d.writePackedSVarint(9, lons);
        if (anyTags) d.writePackedVarint(10, kv);
      }, null),
    ));
  }
  stats.nodes = nodeCount;

  // Ways, then relations: a block ends at 8000 entities or REFS_PER_BLOCK refs/members.
  const entities = (ids: Column, starts: Column, kinds: Column, args: Column, field: 3 | 4, write: (m: Pbf, row: number, st: StringTable) => void) => {
    const count = ids.length;
    for (let start = 0; start < count; ) {
      let end = start;
      while (end < count && end - start < ENTITIES_PER_BLOCK && starts.data[end] - starts.data[start] < REFS_PER_BLOCK) end++;
      // The string table is written before the group, so every string goes in first: tags, and the roles.
      const st = new StringTable();
      if (field === 4) for (const role of ROLES) st.id(role);
      const keys: number[][] = [];
      const vals: number[][] = [];
      for (let row = start; row < end; row++) {
        tags.length = 0;
        tagsOf(kinds.data[row], row, args.data[row], tags);
        const k: number[] = [];
        const v: number[] = [];
        for (let j = 0; j < tags.length; j += 2) (k.push(st.id(tags[j])), v.push(st.id(tags[j + 1])));
        keys.push(k);
        vals.push(v);
      }
      blob(primitiveBlock(st.strings, (q) => {
        for (let row = start; row < end; row++) {
          q.writeMessage(field, (_: null, m) => {
            m.writeVarintField(1, ids.data[row]);
            m.writePackedVarint(2, keys[row - start]);
            m.writePackedVarint(3, vals[row - start]);
            if (x.withInfo) writeInfo(m, row);
            write(m, row, st);
          }, null);
        }
      }));
      start = end;
    }
  };
  entities(x.wayId, x.wayStart, x.wayKind, x.wayArg, 3, (m, w) => {
    const refs: number[] = [];
    let prev = 0;
    for (let k = x.wayStart.data[w]; k < x.wayStart.data[w + 1]; k++) {
      const id = x.nodeId.data[x.wayRefs.data[k]];
      refs.push(id - prev);
      prev = id;
    }
    m.writePackedSVarint(8, refs);
    stats.ways++;
    stats.wayRefs += refs.length;
    if (x.wayKind.data[w] === W.road || x.wayKind.data[w] === W.roadPlain) stats.roadWays++;
  });
  entities(x.relId, x.relStart, x.relKind, x.relArg, 4, (m, rel, st) => {
    const roles: number[] = [];
    const memIds: number[] = [];
    const types: number[] = [];
    let prev = 0;
    for (let k = x.relStart.data[rel]; k < x.relStart.data[rel + 1]; k++) {
      const type = x.memType.data[k];
      const id = (type === MEMBER.node ? x.nodeId : type === MEMBER.way ? x.wayId : x.relId).data[x.memRow.data[k]];
      roles.push(st.id(ROLES[x.memRole.data[k]]));
      memIds.push(id - prev);
      prev = id;
      types.push(type);
    }
    m.writePackedVarint(8, roles);
    m.writePackedSVarint(9, memIds);
    m.writePackedVarint(10, types);
    stats.relations++;
  });
}

/** Writes the graph to `path` as an OSM PBF file (see the file comment for the mapping and the contents). */
export function writeOsmPbf(path: string, g: RoadGraph, options: PbfWriteOptions = {}): PbfWriteStats {
  const realistic = options.content === "realistic";
  const x = realistic ? realisticExtract(g, options.seed ?? 1) : roadsExtract(g);
  const fd = openSync(path, "w");
  const stats: PbfWriteStats = { bytes: 0, nodes: 0, taggedNodes: 0, ways: 0, roadWays: 0, wayRefs: 0, relations: 0, blocks: 0 };
  try {
    // Header: bbox in nanodegrees (HeaderBBox left, right, top, bottom), features, program.
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < x.nodeId.length; i++) {
      minX = Math.min(minX, x.lon.data[i]);
      maxX = Math.max(maxX, x.lon.data[i]);
      minY = Math.min(minY, x.lat.data[i]);
      maxY = Math.max(maxY, x.lat.data[i]);
    }
    const h = new Pbf();
    if (x.nodeId.length > 0) {
      h.writeMessage(1, (_: null, q) => {
        q.writeSVarintField(1, minX * 100);
        q.writeSVarintField(2, maxX * 100);
        q.writeSVarintField(3, maxY * 100);
        q.writeSVarintField(4, minY * 100);
      }, null);
    }
    h.writeStringField(4, "OsmSchema-V0.6");
    h.writeStringField(4, "DenseNodes");
    h.writeStringField(5, "Sort.Type_then_ID");
    h.writeStringField(16, `palveluverkko benchmarks/osm-pbf-writer.ts (GENERATED data, ${realistic ? "realistic extract" : "roads only"})`);
    h.writeStringField(17, "GENERATED: not OpenStreetMap data");
    stats.bytes += writeBlob(fd, "OSMHeader", h.finish());
    writeExtract(fd, x, stats);
  } finally {
    closeSync(fd);
  }
  return stats;
}
