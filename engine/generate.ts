/**
 * Seeded generator of region-sized road-like graphs, for scale tests and benchmarks only: they are
 * GENERATED, never real roads, and every caller must say so wherever they are shown.
 *
 * The network has the shape of a Finnish region: towns with dense, jittered street grids (some
 * one-way streets in the core), a sparse rural lattice of minor roads with dead-end spurs,
 * secondary and primary roads between neighbouring towns, dual-carriageway motorways between the
 * largest towns, a few islands without a road link and a few reached only by ferry. Roads are
 * chains of nodes ~50–150 m apart, so node counts and degrees resemble an OSM import.
 */
import { splitmix32 } from "./random.ts";
import { GraphBuilder, type RoadGraph } from "./graph.ts";
import { CLASS_INDEX, FERRY_CLASS, PROFILES, ROAD_CLASSES, SPEED_REDUCTION } from "./profiles.ts";
import { InvalidInputError } from "./errors.ts";
import { haversineM, timeDsFor } from "./units.ts";

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** Uusimaa's extent (WGS84): about 210 × 117 km of bbox, ~9,100 km² of land. */
export const UUSIMAA_BBOX: Bbox = [22.8, 59.8, 26.6, 60.85];
/** Mainland Finland's extent. */
export const FINLAND_BBOX: Bbox = [20.6, 59.8, 31.6, 70.1];

/** Bump when the generator's output changes, so cached generated graphs are made anew. */
export const GENERATOR_VERSION = 2;

interface Town {
  lon: number;
  lat: number;
  /** Relative size, e.g. population. */
  weight: number;
}

export interface GenerateOptions {
  seed: number;
  bbox: Bbox;
  /** Roughly how many nodes to make (±15 %). */
  targetNodes: number;
  /** Town centres; random towns with a Zipf-like size spread when absent. */
  towns?: Town[];
}

const C = CLASS_INDEX;

/**
 * Generates a road-like graph. Deterministic for a seed. The node budget is estimated from the
 * lattice geometry; when the links between towns make the first attempt miss the target by over
 * 10 %, it is generated once more with the budget scaled by the miss.
 */
export function generateRoadGraph(options: GenerateOptions): { graph: RoadGraph; meta: Record<string, unknown> } {
  const first = generate(options, 1);
  const miss = first.graph.nodeCount / options.targetNodes;
  return Math.abs(miss - 1) <= 0.1 ? first : generate(options, 1 / miss);
}

function generate(options: GenerateOptions, scale: number): { graph: RoadGraph; meta: Record<string, unknown> } {
  const { seed, bbox } = options;
  const targetNodes = options.targetNodes * scale;
  if (!(options.targetNodes >= 1000 && options.targetNodes <= 20_000_000)) {
    throw new InvalidInputError(`targetNodes ${options.targetNodes} is out of range [1000, 2e7]`, "targetNodes", options.targetNodes);
  }
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (!(maxLon > minLon && maxLat > minLat)) throw new InvalidInputError("bbox must be [minLon, minLat, maxLon, maxLat]", "bbox", bbox.join(","));
  if (!Number.isInteger(seed)) throw new InvalidInputError(`seed must be an integer, got ${seed}`, "seed", seed);
  for (const t of options.towns ?? []) {
    if (!(t.lon >= minLon && t.lon <= maxLon && t.lat >= minLat && t.lat <= maxLat)) {
      throw new InvalidInputError(`town at (${t.lon}, ${t.lat}) lies outside the bbox`, "towns", `${t.lon},${t.lat}`);
    }
  }
  const rand = splitmix32(seed);
  const cosLat = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const KM_LON = 111.32 * cosLat;
  const KM_LAT = 110.57;
  const W = (maxLon - minLon) * KM_LON;
  const H = (maxLat - minLat) * KM_LAT;
  const b = new GraphBuilder(PROFILES);
  const xs: number[] = [];
  const ys: number[] = [];
  const node = (x: number, y: number): number => {
    xs.push(x);
    ys.push(y);
    return b.addNode(minLon + x / KM_LON, minLat + y / KM_LAT);
  };
  const times = [0, 0];
  const edge = (u: number, v: number, cls: number, forward = true, backward = true) => {
    const len = haversineM(minLon + xs[u] / KM_LON, minLat + ys[u] / KM_LAT, minLon + xs[v] / KM_LON, minLat + ys[v] / KM_LAT);
    const c = ROAD_CLASSES[cls];
    const factor = cls === FERRY_CLASS ? 1 : SPEED_REDUCTION;
    times[0] = timeDsFor(len, c.summerKmh * factor);
    times[1] = timeDsFor(len, c.winterKmh * factor);
    if (forward) b.addEdge(u, v, len, times, cls);
    if (backward) b.addEdge(v, u, len, times, cls);
  };
  /** A road from node a to node b as a gently curving chain of nodes about segKm apart. */
  const chain = (a: number, z: number, cls: number, segKm: number, forward = true, backward = true, offsetKm = 0) => {
    const dx = xs[z] - xs[a];
    const dy = ys[z] - ys[a];
    const len = Math.hypot(dx, dy);
    const n = Math.max(1, Math.round(len / segKm));
    const bend = (rand() - 0.5) * 0.15 * len;
    const px = len > 0 ? -dy / len : 0;
    const py = len > 0 ? dx / len : 0;
    let prev = a;
    for (let i = 1; i < n; i++) {
      const t = i / n;
      const off = bend * Math.sin(Math.PI * t) + offsetKm;
      const k = node(xs[a] + dx * t + px * off, ys[a] + dy * t + py * off);
      edge(prev, k, cls, forward, backward);
      prev = k;
    }
    edge(prev, z, cls, forward, backward);
  };

  // Towns: given, or random with a Zipf-like spread of sizes.
  const towns: { x: number; y: number; w: number }[] = (options.towns ?? randomTowns(rand, bbox, Math.max(5, Math.round(Math.sqrt(targetNodes) / 20)))).map((t) => ({
    x: (t.lon - minLon) * KM_LON,
    y: (t.lat - minLat) * KM_LAT,
    w: Math.max(1, t.weight),
  }));
  const totalW = towns.reduce((s, t) => s + t.w ** 0.8, 0);

  // Budget: ~40 % of nodes in towns, the rest rural. A lattice link of length S holds S/seg nodes
  // with seg = S/8, so a junction brings ≈ 1 + 2·p·8 nodes and J = area/S² junctions fill the budget.
  // Together with the towns this gives about the share of shape points (degree 2) of real OSM data.
  const P_LINK = 0.7;
  const townBudget = 0.4 * targetNodes;
  const ruralBudget = 0.6 * targetNodes;
  const S = Math.max(0.3, Math.sqrt(((1 + 2 * P_LINK * 8) * W * H) / ruralBudget));
  const seg = S / 8;

  // Rural lattice: jittered junctions, links right and up with probability P_LINK, spurs.
  const cols = Math.max(2, Math.floor(W / S) + 1);
  const rows = Math.max(2, Math.floor(H / S) + 1);
  const junction = new Int32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      junction[r * cols + c] = node(Math.min(W, (c + (rand() - 0.5) * 0.5) * S), Math.min(H, (r + (rand() - 0.5) * 0.5) * S));
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const j = junction[r * cols + c];
      const right = c + 1 < cols && rand() < P_LINK;
      const up = r + 1 < rows && rand() < P_LINK;
      if (right) chain(j, junction[r * cols + c + 1], C.unclassified, seg);
      if (up) chain(j, junction[(r + 1) * cols + c], C.unclassified, seg);
      if (!right && !up && c + 1 < cols) chain(j, junction[r * cols + c + 1], C.unclassified, seg);
      if (rand() < 0.15) {
        // A dead-end spur: a farm or summer-cottage road.
        const a = rand() * 2 * Math.PI;
        const l = S * (0.2 + 0.4 * rand());
        chain(j, node(clamp(xs[j] + l * Math.cos(a), 0, W), clamp(ys[j] + l * Math.sin(a), 0, H)), C.service, seg);
      }
    }
  }
  const nearestJunction = (x: number, y: number) => junction[clamp(Math.round(y / S), 0, rows - 1) * cols + clamp(Math.round(x / S), 0, cols - 1)];

  // Towns: a jittered street grid, tertiary every sixth street, one-way rows in the core.
  const centre: number[] = [];
  for (const t of towns) {
    // Each street between two grid junctions bends through a shape point, as OSM streets do,
    // so a k × k grid holds about k² · (1 + 2 · 0.93) ≈ 2.9 k² nodes.
    const n = Math.max(16, Math.round((townBudget * t.w ** 0.8) / totalW));
    const k = Math.max(4, Math.round(Math.sqrt(n / 2.9)));
    const radius = Math.min(12, 0.8 + 0.6 * Math.sqrt(t.w / 1000));
    const sp = clamp((2 * radius) / k, 0.06, 0.3);
    const ids = new Int32Array(k * k);
    const x0 = t.x - (sp * (k - 1)) / 2;
    const y0 = t.y - (sp * (k - 1)) / 2;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        ids[r * k + c] = node(clamp(x0 + (c + (rand() - 0.5) * 0.3) * sp, 0, W), clamp(y0 + (r + (rand() - 0.5) * 0.3) * sp, 0, H));
      }
    }
    const core = (r: number, c: number) => Math.abs(r - k / 2) < k / 5 && Math.abs(c - k / 2) < k / 5;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) {
        const u = ids[r * k + c];
        if (c + 1 < k && (r % 6 === 0 || rand() < 0.93)) {
          const oneway = core(r, c) && r % 2 === 1 && r % 6 !== 0;
          chain(u, ids[r * k + c + 1], r % 6 === 0 ? C.tertiary : C.residential, sp / 2, !oneway || r % 4 === 1, !oneway || r % 4 === 3);
        }
        if (r + 1 < k && (c % 6 === 0 || rand() < 0.93)) chain(u, ids[(r + 1) * k + c], c % 6 === 0 ? C.tertiary : C.residential, sp / 2);
      }
    }
    // The grid's corners and mid-sides join the rural lattice.
    for (const [r, c] of [[0, 0], [0, k - 1], [k - 1, 0], [k - 1, k - 1], [0, k >> 1], [k - 1, k >> 1], [k >> 1, 0], [k >> 1, k - 1]]) {
      const u = ids[r * k + c];
      const j = nearestJunction(xs[u], ys[u]);
      if (j !== u) chain(u, j, C.unclassified, seg);
    }
    centre.push(ids[(k >> 1) * k + (k >> 1)]);
  }

  // Secondary roads to the two nearest towns; primary where both are large.
  const order = towns.map((_, i) => i).sort((a, z) => towns[z].w - towns[a].w);
  const linked = new Set<string>();
  for (let i = 0; i < towns.length; i++) {
    const near = towns
      .map((t, j) => ({ j, d: Math.hypot(t.x - towns[i].x, t.y - towns[i].y) }))
      .filter((o) => o.j !== i)
      .sort((a, z) => a.d - z.d)
      .slice(0, 2);
    for (const { j } of near) {
      const key = i < j ? `${i}-${j}` : `${j}-${i}`;
      if (linked.has(key)) continue;
      linked.add(key);
      const big = Math.min(towns[i].w, towns[j].w) > towns[order[Math.min(order.length - 1, 5)]].w;
      chain(centre[i], centre[j], big ? C.primary : C.secondary, seg);
    }
  }

  // Motorways between the largest towns (a chain in size order): two one-way carriageways 30 m
  // apart, with ramps to the lattice every ~8 km.
  const majors = order.slice(0, Math.min(5, towns.length));
  for (let m = 1; m < majors.length; m++) {
    const a = centre[majors[m - 1]];
    const z = centre[majors[m]];
    const len = Math.hypot(xs[z] - xs[a], ys[z] - ys[a]);
    const ramps = Math.max(1, Math.round(len / 8));
    let prevA = a;
    let prevZ = a;
    for (let i = 1; i <= ramps; i++) {
      const t = i / (ramps + 1);
      const x = xs[a] + (xs[z] - xs[a]) * t;
      const y = ys[a] + (ys[z] - ys[a]) * t;
      const east = node(x + 0.015, y);
      const west = node(x - 0.015, y);
      chain(prevA, east, C.motorway, 0.3, true, false);
      chain(west, prevZ, C.motorway, 0.3, true, false);
      const j = nearestJunction(x, y);
      chain(east, j, C.motorway_link, 0.1);
      chain(west, j, C.motorway_link, 0.1);
      prevA = east;
      prevZ = west;
    }
    chain(prevA, z, C.motorway, 0.3, true, false);
    chain(z, prevZ, C.motorway, 0.3, true, false);
  }

  // Islands: small loops without a road link, and some reached by a ferry from the lattice.
  const islands = Math.max(3, Math.round(targetNodes / 50_000));
  for (let i = 0; i < islands; i++) {
    const cx = rand() * W;
    const cy = rand() * H;
    const ring: number[] = [];
    const n = 5 + Math.floor(rand() * 10);
    for (let k = 0; k < n; k++) ring.push(node(clamp(cx + 0.4 * Math.cos((2 * Math.PI * k) / n), 0, W), clamp(cy + 0.4 * Math.sin((2 * Math.PI * k) / n), 0, H)));
    for (let k = 0; k < n; k++) edge(ring[k], ring[(k + 1) % n], C.residential);
    if (i % 2 === 1) edge(ring[0], nearestJunction(cx, cy), FERRY_CLASS);
  }

  const graph = b.build();
  return {
    graph,
    meta: { generated: true, generator: "palveluverkko engine/generate.ts", generatorVersion: GENERATOR_VERSION, seed, bbox, targetNodes: options.targetNodes, towns: towns.length, source: "GENERATED road-like network, not real roads" },
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function randomTowns(rand: () => number, bbox: Bbox, count: number): Town[] {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  return Array.from({ length: count }, (_, i) => ({
    lon: minLon + (0.05 + 0.9 * rand()) * (maxLon - minLon),
    lat: minLat + (0.05 + 0.9 * rand()) * (maxLat - minLat),
    weight: Math.round(200_000 / (i + 1)),
  }));
}
