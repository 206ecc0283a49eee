/**
 * Point-to-point and point-to-all travel times between places (WGS84 points) on one graph:
 * snap each place to the road, add the stretch to the road at CONNECTOR_KMH, and search.
 */
import type { RoadGraph } from "./graph.ts";
import { SnapIndex, pointLinks, type Snap } from "./snap.ts";
import { CoreSearch, coreView } from "./core.ts";
import { SnapError } from "./errors.ts";
import { CONNECTOR_KMH, DEFAULT_MAX_SNAP_M, UNREACHED, timeDsFor } from "./units.ts";

/** A place on the network: where it was, where it snapped, and the connector stretch. */
export interface Place {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly snap: Snap;
  /** Time (ds) over the connector stretch at CONNECTOR_KMH. */
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

export class Router {
  readonly snapIndex: SnapIndex;
  private readonly searches = new Map<string, CoreSearch>();

  constructor(readonly graph: RoadGraph, snapIndex?: SnapIndex) {
    this.snapIndex = snapIndex ?? new SnapIndex(graph);
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
    return snap ? { id, lon, lat, snap, connectorDs: timeDsFor(snap.distanceM, CONNECTOR_KMH) } : null;
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

  /** Runs a forward search from a place (cutoff in ds); the search's times are then readable with `arrival`. */
  runFrom(origin: Place, profile: string, cutoffDs = NO_CUTOFF_DS, options: { trackPath?: boolean; targets?: number[] } = {}): CoreSearch {
    return this.runAt(origin, profile, "forward", cutoffDs, options);
  }

  /**
   * Runs a search from a place (forward: leaving it) or to it (reverse: arriving at it; its times
   * are then readable with `departure`), seeded at its road's ends with its connector.
   */
  private runAt(place: Place, profile: string, direction: "forward" | "reverse", cutoffDs: number, options: { trackPath?: boolean; targets?: number[] }): CoreSearch {
    const s = this.searchOf(profile, direction);
    const links = pointLinks(this.graph, place.snap, profile, direction === "forward" ? "out" : "in");
    s.run(
      links.map((l) => l.node),
      links.map((l) => l.offsetDs + place.connectorDs),
      { cutoffDs, trackPath: options.trackPath, targets: options.targets, offsetsM: links.map((l) => l.offsetM + place.snap.distanceM) },
    );
    return s;
  }

  /** Door-to-door arrival at `dest` from the last `runFrom`, or null when not reached. */
  arrival(s: CoreSearch, dest: Place, profile: string, origin?: Place): TripResult | null {
    return this.trip(s, dest, "in", profile, origin, dest);
  }

  /** Door-to-door trip from `origin` to the destination of the last `runTo` (a reverse search), or null when it is not reached. */
  private departure(s: CoreSearch, origin: Place, profile: string, dest: Place): TripResult | null {
    return this.trip(s, origin, "out", profile, origin, dest);
  }

  /**
   * The trip read off a search at `end`'s road ends (the destination's after a forward search, the
   * origin's after a reverse one): the fastest, and of several as fast the shortest, so both ways
   * give the same trip.
   */
  private trip(s: CoreSearch, end: Place, side: "in" | "out", profile: string, origin: Place | undefined, dest: Place): TripResult | null {
    let best: TripResult | null = null;
    const better = (t: TripResult) => !best || t.timeDs < best.timeDs || (t.timeDs === best.timeDs && t.lengthM < best.lengthM);
    for (const l of pointLinks(this.graph, end.snap, profile, side)) {
      const t = s.timeAt(l.node);
      if (t === UNREACHED) continue;
      const trip = { timeDs: t + Math.round(l.offsetDs) + end.connectorDs, lengthM: s.lengthAt(l.node) + l.offsetM + end.snap.distanceM };
      if (better(trip)) best = trip;
    }
    if (origin) {
      if (origin.lon === dest.lon && origin.lat === dest.lat) return { timeDs: 0, lengthM: 0 };
      const direct = this.sameRoad(origin, dest, profile);
      if (direct && better(direct)) best = direct;
    }
    return best;
  }

  /** Fastest door-to-door trip between two places, or null when unreachable. */
  route(from: Place, to: Place, profile: string): TripResult | null {
    const targets = pointLinks(this.graph, to.snap, profile, "in").map((l) => l.node);
    const s = this.runFrom(from, profile, NO_CUTOFF_DS, { trackPath: true, targets });
    return this.arrival(s, to, profile, from);
  }

  /**
   * Times and lengths from every origin to every destination (null where unreachable): one search
   * from each place of the smaller side (forward from the origins, or backward from the
   * destinations), each stopping once the other side's road ends are settled. Either way the
   * same trips: the fastest, and of several as fast the shortest. `onProgress` counts searches.
   */
  matrix(origins: Place[], destinations: Place[], profile: string, onProgress?: (done: number, total: number) => void): (TripResult | null)[][] {
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

  /** Two places on the same road: the trip along it without passing a node (ahead, or back along the twin). */
  private sameRoad(a: Place, b: Place, profile: string): TripResult | null {
    const sa = a.snap;
    const sb = b.snap;
    if (sa.edge !== sb.edge) return null;
    const e = sb.t >= sa.t ? sa.edge : sa.twin;
    if (e < 0) return null;
    const share = Math.abs(sb.t - sa.t);
    const w = this.graph.timeDs[this.graph.profileIndex(profile)];
    return {
      timeDs: Math.round(share * w[e]) + a.connectorDs + b.connectorDs,
      lengthM: share * this.graph.lengthM[e] + sa.distanceM + sb.distanceM,
    };
  }
}
