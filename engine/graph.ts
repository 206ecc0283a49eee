/**
 * The road graph: nodes and directed edges as columns in typed arrays (compressed sparse rows).
 * Times are integer deciseconds, one column per profile; a reverse view serves "from people to a
 * service" searches, where one-way streets make the two directions differ.
 */
import { InvalidInputError } from "./errors.ts";
import { largestSccMask } from "./scc.ts";
import { TIMES_OF_DAY, junctionMask, postedLimitColumn, profileAt, splitProfile, timeOfDayColumn, turnsBase } from "./time-of-day.ts";
import { isActiveProfile } from "./modes.ts";

/** One direction of the graph for one profile: what a search walks. */
export interface Adjacency {
  readonly nodeCount: number;
  /** Edges of node u are `firstOut[u] .. firstOut[u + 1] - 1`. Length nodeCount + 1. */
  readonly firstOut: Uint32Array;
  /** Node at the far end of each edge (for a reverse view: the edge's tail in the forward graph). */
  readonly head: Uint32Array;
  /** Travel time of each edge, deciseconds. */
  readonly timeDs: Uint32Array;
  /** Length of each edge, metres. */
  readonly lengthM: Float32Array;
}

export interface RoadGraphColumns {
  /** Node coordinates in 1e-7 degrees (OSM's own precision). */
  lonE7: Int32Array;
  latE7: Int32Array;
  firstOut: Uint32Array;
  head: Uint32Array;
  lengthM: Float32Array;
  /** Index into ROAD_CLASSES per edge. */
  roadClass: Uint8Array;
  /** 1 where the node belongs to the largest strongly connected component. */
  mainComponent: Uint8Array;
  /** One column of edge times per profile, in `profiles` order. */
  timeDs: Uint32Array[];
  profiles: string[];
  /**
   * Traffic control per node, an index into NODE_CONTROLS (engine/turn-costs.ts), with the
   * DIRECTIONAL bit (0x80) when it binds one direction only; all 0 when absent.
   */
  nodeControl?: Uint8Array;
  /** The edges whose traffic a DIRECTIONAL control at their head binds, sorted. Empty when absent. */
  controlEdges?: Uint32Array;
  /**
   * Turn restrictions as transitions at a node: from edge `restrictionFrom[i]` (into the via node)
   * to edge `restrictionTo[i]` (out of it), a "no" (0) or an "only" (1) rule per `restrictionOnly[i]`.
   * Sorted by from edge, then to edge. Empty when absent.
   */
  restrictionFrom?: Uint32Array;
  restrictionTo?: Uint32Array;
  restrictionOnly?: Uint8Array;
}

export class RoadGraph implements RoadGraphColumns {
  readonly nodeCount: number;
  readonly edgeCount: number;
  lonE7!: Int32Array;
  latE7!: Int32Array;
  firstOut!: Uint32Array;
  head!: Uint32Array;
  lengthM!: Float32Array;
  roadClass!: Uint8Array;
  mainComponent!: Uint8Array;
  timeDs!: Uint32Array[];
  profiles!: string[];
  nodeControl: Uint8Array;
  controlEdges: Uint32Array;
  restrictionFrom: Uint32Array;
  restrictionTo: Uint32Array;
  restrictionOnly: Uint8Array;
  private reverseCache = new Map<string, Adjacency>();
  private tailCache?: Uint32Array;
  /** Time-of-day columns derived at first use (engine/time-of-day.ts), by profile name. */
  private derived = new Map<string, Uint32Array>();
  private junctions?: Uint8Array;

  constructor(columns: RoadGraphColumns) {
    Object.assign(this, columns);
    this.nodeCount = columns.lonE7.length;
    this.edgeCount = columns.head.length;
    this.nodeControl = columns.nodeControl ?? new Uint8Array(this.nodeCount);
    this.controlEdges = columns.controlEdges ?? new Uint32Array(0);
    this.restrictionFrom = columns.restrictionFrom ?? new Uint32Array(0);
    this.restrictionTo = columns.restrictionTo ?? new Uint32Array(0);
    this.restrictionOnly = columns.restrictionOnly ?? new Uint8Array(0);
    const r = this.restrictionFrom.length;
    if (this.nodeControl.length !== this.nodeCount || this.restrictionTo.length !== r || this.restrictionOnly.length !== r) {
      throw new InvalidInputError("nodeControl or the restriction columns do not match the node and restriction counts", "restrictions");
    }
    if (columns.firstOut.length !== this.nodeCount + 1 || columns.firstOut[this.nodeCount] !== this.edgeCount) {
      throw new InvalidInputError("firstOut does not match the node and edge counts", "firstOut");
    }
    if (columns.timeDs.length !== columns.profiles.length) {
      throw new InvalidInputError("one time column per profile is required", "timeDs");
    }
  }

  lon(node: number): number {
    return this.lonE7[node] / 1e7;
  }

  lat(node: number): number {
    return this.latE7[node] / 1e7;
  }

  /** Index of a stored profile's time column; throws InvalidInputError naming the profile when unknown. */
  profileIndex(profile: string): number {
    const i = this.profiles.indexOf(profile);
    if (i < 0) throw new InvalidInputError(`Unknown profile "${profile}"; this graph has ${this.allProfiles.join(", ")}`, "profile", profile);
    return i;
  }

  /** Every profile a search may ask for: the stored ones, then each car profile at midday and in the rush hour. */
  get allProfiles(): string[] {
    const driven = this.profiles.filter((p) => !isActiveProfile(p));
    return [...this.profiles, ...TIMES_OF_DAY.filter((t) => t !== "free").flatMap((t) => driven.map((p) => profileAt(p, t)))];
  }

  /**
   * Edge times (ds) of a profile: a stored column, or one derived from one at the first ask and kept:
   * a time of day's ("car-rush"), or the turns model's ("car:turns", "car-rush:turns": road-model.ts's
   * modelProfile). Throws InvalidInputError naming the profile when it is none of these.
   */
  timeColumn(profile: string): Uint32Array {
    const i = this.profiles.indexOf(profile);
    if (i >= 0) return this.timeDs[i];
    let column = this.derived.get(profile);
    if (column) return column;
    const at = splitProfile(profile);
    const turns = turnsBase(profile);
    const base = at?.base ?? turns;
    // The time of day and the turns model are models of driving: walking and cycling have neither.
    if (base !== undefined && isActiveProfile(base)) throw new InvalidInputError(`profile ${JSON.stringify(profile)}: ${at ? "the time of day" : "the turns model"} applies to driving only; ${base} times do not change with it`, "profile", profile);
    if (base === undefined || !this.profiles.includes(base)) this.profileIndex(profile);
    const stored = this.timeDs[this.profileIndex(base!)];
    if (at) {
      this.junctions ??= junctionMask(this);
      column = timeOfDayColumn(this, stored, at.time, this.junctions, !at.junctionDelay);
    } else column = postedLimitColumn(this, stored);
    this.derived.set(profile, column);
    return column;
  }

  /** The forward view for a profile: from a place outwards. */
  forward(profile: string): Adjacency {
    return { nodeCount: this.nodeCount, firstOut: this.firstOut, head: this.head, timeDs: this.timeColumn(profile), lengthM: this.lengthM };
  }

  /** The reverse view for a profile: edges turned round, so a search from a service finds who reaches it. */
  reverse(profile: string): Adjacency {
    let adj = this.reverseCache.get(profile);
    if (!adj) {
      adj = reverseAdjacency(this.forward(profile));
      this.reverseCache.set(profile, adj);
    }
    return adj;
  }

  /** Tail node of every edge (built once on first use). */
  edgeTail(): Uint32Array {
    if (!this.tailCache) {
      const tail = new Uint32Array(this.edgeCount);
      for (let u = 0; u < this.nodeCount; u++) tail.fill(u, this.firstOut[u], this.firstOut[u + 1]);
      this.tailCache = tail;
    }
    return this.tailCache;
  }

  /** The edge u → v, or -1. Linear in u's out-degree. */
  findEdge(u: number, v: number): number {
    for (let e = this.firstOut[u], end = this.firstOut[u + 1]; e < end; e++) if (this.head[e] === v) return e;
    return -1;
  }

  /** WGS84 bounding box [minLon, minLat, maxLon, maxLat] of the largest strongly connected component. */
  mainBbox(): [number, number, number, number] {
    return this.nodesBbox(true);
  }

  /** WGS84 bounding box [minLon, minLat, maxLon, maxLat] of every node: the extent of the extract's roads. */
  bbox(): [number, number, number, number] {
    return this.nodesBbox(false);
  }

  private nodesBbox(mainOnly: boolean): [number, number, number, number] {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < this.nodeCount; i++) {
      if (mainOnly && !this.mainComponent[i]) continue;
      minX = Math.min(minX, this.lonE7[i]);
      maxX = Math.max(maxX, this.lonE7[i]);
      minY = Math.min(minY, this.latE7[i]);
      maxY = Math.max(maxY, this.latE7[i]);
    }
    return [minX / 1e7, minY / 1e7, maxX / 1e7, maxY / 1e7];
  }

  /** Number of nodes in the largest strongly connected component. */
  mainComponentSize(): number {
    let n = 0;
    for (let i = 0; i < this.nodeCount; i++) n += this.mainComponent[i];
    return n;
  }
}

/** Builds the reverse CSR of an adjacency by a counting sort on heads. O(n + m). */
export function reverseAdjacency(adj: Adjacency): Adjacency {
  const n = adj.nodeCount;
  const m = adj.head.length;
  const firstOut = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) firstOut[adj.head[e] + 1]++;
  for (let i = 0; i < n; i++) firstOut[i + 1] += firstOut[i];
  const fill = firstOut.slice(0, n);
  const head = new Uint32Array(m);
  const timeDs = new Uint32Array(m);
  const lengthM = new Float32Array(m);
  for (let u = 0; u < n; u++) {
    for (let e = adj.firstOut[u], end = adj.firstOut[u + 1]; e < end; e++) {
      const slot = fill[adj.head[e]]++;
      head[slot] = u;
      timeDs[slot] = adj.timeDs[e];
      lengthM[slot] = adj.lengthM[e];
    }
  }
  return { nodeCount: n, firstOut, head, timeDs, lengthM };
}

/** Growable typed-array column. */
class Column<T extends Int32Array | Uint32Array | Float32Array | Uint8Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/**
 * Collects nodes and directed edges, then lays them out as a RoadGraph: nodes renumbered along a
 * Hilbert curve (neighbours on the map are neighbours in memory), edges sorted by tail, and the
 * largest strongly connected component marked.
 */
export class GraphBuilder {
  private lonE7 = new Column((n) => new Int32Array(n));
  private latE7 = new Column((n) => new Int32Array(n));
  private from = new Column((n) => new Uint32Array(n));
  private to = new Column((n) => new Uint32Array(n));
  private length = new Column((n) => new Float32Array(n));
  private cls = new Column((n) => new Uint8Array(n));
  private times: Column<Uint32Array>[];
  private control = new Column((n) => new Uint8Array(n));
  /** Restrictions as node triples (from, via, to) in builder ids, and their kind; resolved to edges in build(). */
  private turnFrom = new Column((n) => new Uint32Array(n));
  private turnVia = new Column((n) => new Uint32Array(n));
  private turnTo = new Column((n) => new Uint32Array(n));
  private turnOnly = new Column((n) => new Uint8Array(n));
  /** Edges a directional control binds, as node pairs (tail, head) in builder ids; resolved in build(). */
  private boundFrom = new Column((n) => new Uint32Array(n));
  private boundTo = new Column((n) => new Uint32Array(n));

  constructor(readonly profiles: readonly string[]) {
    this.times = profiles.map(() => new Column((n) => new Uint32Array(n)));
  }

  get nodeCount(): number {
    return this.lonE7.length;
  }

  get edgeCount(): number {
    return this.from.length;
  }

  /** Adds a node at WGS84 lon/lat and returns its id. */
  addNode(lon: number, lat: number): number {
    this.lonE7.push(Math.round(lon * 1e7));
    this.latE7.push(Math.round(lat * 1e7));
    this.control.push(0);
    return this.lonE7.length - 1;
  }

  /** Sets a node's traffic control (an index into NODE_CONTROLS, with the DIRECTIONAL bit when it binds one way only). */
  setNodeControl(node: number, control: number): void {
    this.control.data[node] = control;
  }

  /** Marks the edge from → to (added by build() time) as bound by the directional control at `to`. */
  addControlEdge(from: number, to: number): void {
    this.boundFrom.push(from);
    this.boundTo.push(to);
  }

  /**
   * Adds a turn restriction at node `via`: arriving from node `from`, leaving to node `to` is
   * forbidden ("no"), or is the only way on ("only"). Both edges must exist by build(), else it is
   * dropped; build() reports how many were kept.
   */
  addRestriction(from: number, via: number, to: number, only: boolean): void {
    this.turnFrom.push(from);
    this.turnVia.push(via);
    this.turnTo.push(to);
    this.turnOnly.push(only ? 1 : 0);
  }

  /** Adds a directed edge; `timeDs` has one entry per profile. */
  addEdge(from: number, to: number, lengthM: number, timeDs: ArrayLike<number>, roadClass: number): void {
    this.from.push(from);
    this.to.push(to);
    this.length.push(lengthM);
    this.cls.push(roadClass);
    for (let p = 0; p < this.times.length; p++) this.times[p].push(timeDs[p]);
  }

  build(): RoadGraph {
    const n = this.nodeCount;
    const m = this.edgeCount;
    const lonE7 = this.lonE7.done();
    const latE7 = this.latE7.done();
    const order = hilbertOrder(lonE7, latE7);
    const newId = new Uint32Array(n);
    for (let i = 0; i < n; i++) newId[order[i]] = i;
    const lonOut = new Int32Array(n);
    const latOut = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      lonOut[i] = lonE7[order[i]];
      latOut[i] = latE7[order[i]];
    }

    const from = this.from.data;
    const to = this.to.data;
    const firstOut = new Uint32Array(n + 1);
    for (let e = 0; e < m; e++) firstOut[newId[from[e]] + 1]++;
    for (let i = 0; i < n; i++) firstOut[i + 1] += firstOut[i];
    const fill = firstOut.slice(0, n);
    const slotOf = new Uint32Array(m);
    for (let e = 0; e < m; e++) slotOf[e] = fill[newId[from[e]]]++;

    const head = new Uint32Array(m);
    const lengthM = new Float32Array(m);
    const roadClass = new Uint8Array(m);
    const timeDs = this.times.map(() => new Uint32Array(m));
    for (let e = 0; e < m; e++) {
      const s = slotOf[e];
      head[s] = newId[to[e]];
      lengthM[s] = this.length.data[e];
      roadClass[s] = this.cls.data[e];
      for (let p = 0; p < timeDs.length; p++) timeDs[p][s] = this.times[p].data[e];
    }
    const mainComponent = largestSccMask(n, firstOut, head);
    const nodeControl = new Uint8Array(n);
    for (let i = 0; i < n; i++) nodeControl[i] = this.control.data[order[i]];
    const restrictions = this.restrictionEdges(newId, firstOut, head);
    const bound = new Set<number>();
    for (let i = 0; i < this.boundFrom.length; i++) {
      const u = newId[this.boundFrom.data[i]], v = newId[this.boundTo.data[i]];
      for (let e = firstOut[u]; e < firstOut[u + 1]; e++) if (head[e] === v) bound.add(e);
    }
    const controlEdges = Uint32Array.from([...bound].sort((a, b) => a - b));
    return new RoadGraph({ lonE7: lonOut, latE7: latOut, firstOut, head, lengthM, roadClass, mainComponent, timeDs, profiles: [...this.profiles], nodeControl, controlEdges, ...restrictions });
  }

  /** The restrictions as (from edge, to edge) pairs in the built graph, sorted, those without both edges dropped. */
  private restrictionEdges(newId: Uint32Array, firstOut: Uint32Array, head: Uint32Array) {
    const edge = (u: number, v: number) => {
      for (let e = firstOut[u], end = firstOut[u + 1]; e < end; e++) if (head[e] === v) return e;
      return -1;
    };
    const rows: [number, number, number][] = [];
    for (let i = 0; i < this.turnFrom.length; i++) {
      const via = newId[this.turnVia.data[i]];
      const from = edge(newId[this.turnFrom.data[i]], via);
      const to = edge(via, newId[this.turnTo.data[i]]);
      if (from >= 0 && to >= 0) rows.push([from, to, this.turnOnly.data[i]]);
    }
    rows.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return {
      restrictionFrom: Uint32Array.from(rows, (r) => r[0]),
      restrictionTo: Uint32Array.from(rows, (r) => r[1]),
      restrictionOnly: Uint8Array.from(rows, (r) => r[2]),
    };
  }
}

/** Node ids sorted along a Hilbert curve over their bounding box (16 bits per axis). */
function hilbertOrder(lonE7: Int32Array, latE7: Int32Array): Uint32Array {
  const n = lonE7.length;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, lonE7[i]);
    maxX = Math.max(maxX, lonE7[i]);
    minY = Math.min(minY, latE7[i]);
    maxY = Math.max(maxY, latE7[i]);
  }
  const sx = maxX > minX ? 65535 / (maxX - minX) : 0;
  const sy = maxY > minY ? 65535 / (maxY - minY) : 0;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = hilbert16(Math.floor((lonE7[i] - minX) * sx), Math.floor((latE7[i] - minY) * sy));
  return sortIndicesByKey(keys);
}

/** Indices 0..n-1 ordered by their Uint32 key, stable: an LSD radix sort, 4 passes of 8 bits. */
function sortIndicesByKey(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[idx[i]] >>> shift) & 255]++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) tmp[count[(keys[idx[i]] >>> shift) & 255]++] = idx[i];
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}

/** Hilbert index of (x, y) on a 65536 × 65536 grid, as in flatbush. */
function hilbert16(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);
  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = (c >> 1) ^ (b & (d >> 1)) ^ c;
  let D = (a & (c >> 1)) ^ (d >> 1) ^ d;
  a = A; b = B; c = C; d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
  a = A; b = B; c = C; d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
  a = A; b = B; c = C; d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
  a = C ^ (C >> 1);
  b = D ^ (D >> 1);
  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));
  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;
  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;
  return ((i1 << 1) | i0) >>> 0;
}
