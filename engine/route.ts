/**
 * Point-to-point and point-to-all travel times between places (WGS84 points) on one graph:
 * snap each place to the road, add the stretch to the road at CONNECTOR_KMH (walking speed on a
 * walking or cycling graph), and search. Two road
 * models: "plain", a node search with free junctions; "turns", the edge-based search with turn
 * costs, node delays and turn restrictions (engine/turns.ts).
 */
import type { RoadGraph } from "./graph.ts";
import { SnapIndex, pointLinks, type PointLink, type Snap } from "./snap.ts";
import { CoreSearch, coreView } from "./core.ts";
import { BucketMatrix } from "./buckets.ts";
import { hierarchyFor, keptHierarchy, type Hierarchy } from "./hierarchy.ts";
import { InvalidInputError, SnapError } from "./errors.ts";
import { DEFAULT_MAX_SNAP_M, UNREACHED, timeDsFor } from "./units.ts";
import { connectorKmh } from "./modes.ts";
import type { TurnDirection } from "./turn-search.ts";
import { TurnCoreSearch, turnCoreFor } from "./turn-core.ts";
import { placeSeeds, placeTargets, placeTrip } from "./turn-places.ts";
import { ROAD_MODELS, modelProfile, type RoadModel } from "./road-model.ts";


/** A place on the network: where it was, where it snapped, and the connector stretch. */
export interface Place {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly snap: Snap;
  /** Time (ds) over the connector stretch (modes.ts connectorKmh). */
  readonly connectorDs: number;
}

export interface TripResult {
  /** Door-to-door time (ds), connectors included. */
  timeDs: number;
  /** Door-to-door length (m) of the fastest path, connectors included. */
  lengthM: number;
}

/** Longest trip a point-to-point query explores: 24 h in deciseconds. */
const NO_CUTOFF_DS = 24 * 36000;

/**
 * How `matrix` runs: "searches", one search per place of the smaller side; "hierarchy", on the
 * contraction hierarchy (built first when none is kept); "auto", the hierarchy when one is kept or
 * when the smaller side has HIERARCHY_PAYS_AT places, else searches.
 */
export type MatrixMethod = "auto" | "searches" | "hierarchy";

/**
 * Places on the smaller side of a matrix from which building the hierarchy is worth it. Measured
 * side by side (benchmarks/matrix.ts): a build costs as much as ~100–200 of the searches on
 * Tampere (0.6 s against 3–8 ms a search) and ~300–500 on the GENERATED Uusimaa-sized graph
 * (10–15 s against 30–60 ms), the two growing alike with the core. At 300 the build is repaid
 * within the matrix on Tampere and nearly so at region size, and every later matrix on the graph
 * (kept in memory; cached on disk by the CLI) is one to two orders of magnitude faster.
 */
export const HIERARCHY_PAYS_AT = 300;

/** Times and lengths at full-graph nodes, read off a search (CoreSearch) or one row of a BucketMatrix. */
interface TimesAt {
  timeAt(node: number): number;
  lengthAt(node: number): number;
}

/** A place's road ends as search seeds: the time (ds) and length (m) to each, connector included. */
function seedsOf(graph: RoadGraph, place: Place, profile: string, side: "in" | "out") {
  const links = pointLinks(graph, place.snap, profile, side);
  return {
    nodes: links.map((l) => l.node),
    offsetsDs: links.map((l) => l.offsetDs + place.connectorDs),
    offsetsM: links.map((l) => l.offsetM + place.snap.distanceM),
  };
}

export class Router {
  readonly snapIndex: SnapIndex;
  private readonly searches = new Map<string, CoreSearch>();
  private readonly bucketMatrices = new Map<string, BucketMatrix>();
  private readonly turnSearches = new Map<string, TurnCoreSearch>();

  constructor(readonly graph: RoadGraph, snapIndex?: SnapIndex, readonly model: RoadModel = "plain") {
    if (!ROAD_MODELS.includes(model)) throw new InvalidInputError(`Unknown road model "${model}"; use ${ROAD_MODELS.join(" or ")}`, "model", model);
    this.snapIndex = snapIndex ?? new SnapIndex(graph);
  }

  /** The edge-based search on the core for a profile and direction (road model "turns"), created once and reused. */
  private turnSearch(profile: string, direction: TurnDirection): TurnCoreSearch {
    const key = `${profile}/${direction}`;
    let s = this.turnSearches.get(key);
    if (!s) {
      s = new TurnCoreSearch(turnCoreFor(this.graph, profile), direction);
      this.turnSearches.set(key, s);
    }
    return s;
  }

  /** Trips from one origin to each destination on the "turns" model: one forward search, stopping once every destination is final. */
  private turnTrips(origin: Place, destinations: Place[], asked: string): (TripResult | null)[] {
    // A time of day drops its junction delay under the turns model (road-model.ts), along the road as at the junctions.
    const profile = modelProfile(asked, "turns");
    const s = this.turnSearch(profile, "forward");
    s.run(placeSeeds(s, origin.snap, origin.connectorDs, origin.snap.distanceM), { cutoffDs: NO_CUTOFF_DS, targetEdges: destinations.flatMap((d) => placeTargets(s, d.snap)) });
    return destinations.map((d) => {
      if (origin.lon === d.lon && origin.lat === d.lat) return { timeDs: 0, lengthM: 0 };
      const at = placeTrip(s, d.snap);
      let best: TripResult | null = at && { timeDs: at.timeDs + d.connectorDs, lengthM: at.lengthM + d.snap.distanceM };
      const direct = this.sameRoad(origin, d, profile);
      if (direct && (!best || direct.timeDs < best.timeDs || (direct.timeDs === best.timeDs && direct.lengthM < best.lengthM))) best = direct;
      return best;
    });
  }

  /** The forward search for a profile (on the core graph), created once and reused. */
  search(profile: string): CoreSearch {
    return this.searchOf(profile, "forward");
  }

  private searchOf(profile: string, direction: "forward" | "reverse"): CoreSearch {
    const key = `${profile}/${direction}`;
    let s = this.searches.get(key);
    if (!s) {
      s = new CoreSearch(coreView(this.graph, profile, direction));
      this.searches.set(key, s);
    }
    return s;
  }

  /** The extent of the roads, for telling a place outside the extract from one off its roads. */
  private box: [number, number, number, number] | null = null;

  /** Snaps a place, or returns null when no road lies within `maxSnapM`. */
  tryPlace(id: string, lon: number, lat: number, maxSnapM = DEFAULT_MAX_SNAP_M): Place | null {
    const snap = this.snapIndex.snap(lon, lat, maxSnapM);
    return snap ? { id, lon, lat, snap, connectorDs: timeDsFor(snap.distanceM, connectorKmh(this.graph)) } : null;
  }

  /** Snaps a place; throws SnapError naming it when no road lies within `maxSnapM`. */
  place(id: string, lon: number, lat: number, maxSnapM = DEFAULT_MAX_SNAP_M): Place {
    const place = this.tryPlace(id, lon, lat, maxSnapM);
    if (!place) {
      const [w, s, e, n] = (this.box ??= this.graph.mainBbox());
      const outside = lon < w || lon > e || lat < s || lat > n;
      const where = `${id} (${lon.toFixed(5)}, ${lat.toFixed(5)})`;
      // Latitude first is the commonest slip (maps show "60.1719, 24.9414"): say so when the other
      // order lands on a road of the extract.
      const swapped = this.tryPlace(id, lat, lon, maxSnapM) ? `; with the two numbers the other way round (lon ${lat}, lat ${lon}) it is on the roads: give lon first, then lat` : "";
      throw new SnapError(
        outside
          ? `${where} lies outside the extract: its roads span ${w.toFixed(3)}–${e.toFixed(3)} E, ${s.toFixed(3)}–${n.toFixed(3)} N${swapped}`
          : `No road within ${maxSnapM} m of ${where}${swapped || ": is it in the sea, or off the extract's roads?"}`,
        id,
        `${lon},${lat}`,
      );
    }
    return place;
  }

  /** Runs a forward search from a place (cutoff in ds) on the plain model, whatever the router's; its times are then readable with `arrival`. */
  runFrom(origin: Place, profile: string, cutoffDs = NO_CUTOFF_DS, options: { trackPath?: boolean; targets?: number[] } = {}): CoreSearch {
    return this.runAt(origin, profile, "forward", cutoffDs, options);
  }

  /**
   * Runs a search from a place (forward: leaving it) or to it (reverse: arriving at it; its times
   * are then readable with `departure`), seeded at its road's ends with its connector.
   */
  private runAt(place: Place, profile: string, direction: "forward" | "reverse", cutoffDs: number, options: { trackPath?: boolean; targets?: number[] }): CoreSearch {
    const s = this.searchOf(profile, direction);
    const seeds = seedsOf(this.graph, place, profile, direction === "forward" ? "out" : "in");
    s.run(seeds.nodes, seeds.offsetsDs, { cutoffDs, trackPath: options.trackPath, targets: options.targets, offsetsM: seeds.offsetsM });
    return s;
  }

  /** Door-to-door arrival at `dest` from the last `runFrom`, or null when not reached. */
  arrival(s: CoreSearch, dest: Place, profile: string, origin?: Place): TripResult | null {
    return this.trip(s, pointLinks(this.graph, dest.snap, profile, "in"), dest, profile, origin, dest);
  }

  /** Door-to-door trip from `origin` to the destination of the last `runTo` (a reverse search), or null when it is not reached. */
  private departure(s: CoreSearch, origin: Place, profile: string, dest: Place): TripResult | null {
    return this.trip(s, pointLinks(this.graph, origin.snap, profile, "out"), origin, profile, origin, dest);
  }

  /**
   * The trip read off a search at `end`'s road ends `links` (the destination's after a forward
   * search, the origin's after a reverse one): the fastest, and of several as fast the shortest, so
   * both ways give the same trip.
   */
  private trip(s: TimesAt, links: PointLink[], end: Place, profile: string, origin: Place | undefined, dest: Place): TripResult | null {
    let best: TripResult | null = null;
    for (const l of links) {
      const t = s.timeAt(l.node);
      if (t === UNREACHED) continue;
      const timeDs = t + Math.round(l.offsetDs) + end.connectorDs;
      const lengthM = s.lengthAt(l.node) + l.offsetM + end.snap.distanceM;
      if (!best || timeDs < best.timeDs || (timeDs === best.timeDs && lengthM < best.lengthM)) best = { timeDs, lengthM };
    }
    if (origin) {
      if (origin.lon === dest.lon && origin.lat === dest.lat) return { timeDs: 0, lengthM: 0 };
      const direct = this.sameRoad(origin, dest, profile);
      if (direct && (!best || direct.timeDs < best.timeDs || (direct.timeDs === best.timeDs && direct.lengthM < best.lengthM))) best = direct;
    }
    return best;
  }

  /** Fastest door-to-door trip between two places, or null when unreachable. */
  route(from: Place, to: Place, profile: string): TripResult | null {
    if (this.model === "turns") return this.turnTrips(from, [to], profile)[0];
    const targets = pointLinks(this.graph, to.snap, profile, "in").map((l) => l.node);
    const s = this.runFrom(from, profile, NO_CUTOFF_DS, { trackPath: true, targets });
    return this.arrival(s, to, profile, from);
  }

  /**
   * Times and lengths from every origin to every destination (null where unreachable): one search
   * from each place of the smaller side (forward from the origins, or backward from the
   * destinations), each stopping once the other side's road ends are settled. Either way the
   * same trips: the fastest, and of several as fast the shortest. On the contraction hierarchy
   * (see MatrixMethod) the same trips again. `onProgress` counts searches (origins on the hierarchy).
   * On the "turns" model: one edge-based search per origin (the hierarchy holds no turn costs).
   */
  matrix(origins: Place[], destinations: Place[], profile: string, onProgress?: (done: number, total: number) => void, method: MatrixMethod = "auto"): (TripResult | null)[][] {
    if (this.model === "turns") {
      if (method === "hierarchy") throw new InvalidInputError("the contraction hierarchy holds no turn costs; use method searches (or auto) with the turns model", "method", method);
      return origins.map((o, i) => {
        const row = this.turnTrips(o, destinations, profile);
        onProgress?.(i + 1, origins.length);
        return row;
      });
    }
    const smaller = Math.min(origins.length, destinations.length);
    const h = method === "searches" ? undefined : method === "hierarchy" || smaller >= HIERARCHY_PAYS_AT ? hierarchyFor(this.graph, profile) : keptHierarchy(this.graph, profile);
    if (h) return this.matrixOnHierarchy(h, origins, destinations, profile, onProgress);
    const ends = (places: Place[], side: "in" | "out") => [...new Set(places.flatMap((p) => pointLinks(this.graph, p.snap, profile, side).map((l) => l.node)))];
    if (destinations.length < origins.length) {
      const targets = ends(origins, "out");
      const rows = origins.map(() => new Array<TripResult | null>(destinations.length));
      destinations.forEach((d, j) => {
        const s = this.runAt(d, profile, "reverse", NO_CUTOFF_DS, { trackPath: true, targets });
        origins.forEach((o, i) => (rows[i][j] = this.departure(s, o, profile, d)));
        onProgress?.(j + 1, destinations.length);
      });
      return rows;
    }
    // Each search stops once every destination's road ends are settled (their times are then final),
    // rather than running on to 24 h over the whole network.
    const targets = ends(destinations, "in");
    return origins.map((o, i) => {
      const s = this.runFrom(o, profile, NO_CUTOFF_DS, { trackPath: true, targets });
      const row = destinations.map((d) => this.arrival(s, d, profile, o));
      onProgress?.(i + 1, origins.length);
      return row;
    });
  }

  /**
   * The matrix on a hierarchy: buckets from the destinations' road ends once, then one upward
   * search per origin meets them all (engine/buckets.ts).
   */
  private matrixOnHierarchy(h: Hierarchy, origins: Place[], destinations: Place[], profile: string, onProgress?: (done: number, total: number) => void): (TripResult | null)[][] {
    let m = this.bucketMatrices.get(profile);
    if (!m || m.hierarchy !== h) {
      m = new BucketMatrix(h, coreView(this.graph, profile, "forward"));
      this.bucketMatrices.set(profile, m);
    }
    const destLinks = destinations.map((d) => pointLinks(this.graph, d.snap, profile, "in"));
    m.setTargets([...new Set(destLinks.flatMap((links) => links.map((l) => l.node)))]);
    return origins.map((o, i) => {
      const seeds = seedsOf(this.graph, o, profile, "out");
      m.run(seeds.nodes, seeds.offsetsDs, seeds.offsetsM, NO_CUTOFF_DS);
      const trips = destinations.map((d, j) => this.trip(m, destLinks[j], d, profile, o, d));
      onProgress?.(i + 1, origins.length);
      return trips;
    });
  }

  /** Two places on the same road: the trip along it without passing a node (ahead, or back along the twin). */
  private sameRoad(a: Place, b: Place, profile: string): TripResult | null {
    const sa = a.snap;
    const sb = b.snap;
    if (sa.edge !== sb.edge) return null;
    const e = sb.t >= sa.t ? sa.edge : sa.twin;
    if (e < 0) return null;
    const share = Math.abs(sb.t - sa.t);
    const w = this.graph.timeColumn(profile);
    return {
      timeDs: Math.round(share * w[e]) + a.connectorDs + b.connectorDs,
      lengthM: share * this.graph.lengthM[e] + sa.distanceM + sb.distanceM,
    };
  }
}
