/**
 * Road models: how junctions are priced. "plain", the node search with free junctions (surface.ts);
 * "turns", the edge-based search with turn costs, node delays and turn restrictions (turns.ts,
 * turn-surface.ts). Every analysis asks for its surfaces here, so the two models share one code
 * path above the searches: the same targets, links, cutoff and direction, only the search differs.
 */
import type { RoadGraph } from "./graph.ts";
import { CoreSearch, coreView } from "./core.ts";
import { travelTimeSurface, type Links, type SurfaceOptions, type SurfaceTarget } from "./surface.ts";
import { turnTravelTimeSurface } from "./turn-surface.ts";
import { placeDs, placesSeeds } from "./turn-places.ts";
import { pointLinks } from "./snap.ts";
import { UNREACHED } from "./units.ts";
import { TurnCoreSearch, turnCoreFor } from "./turn-core.ts";
import { InvalidInputError, show } from "./errors.ts";

/** How junctions are modelled: "plain" free (the node model), "turns" with turn costs, node delays and restrictions. */
export const ROAD_MODELS = ["plain", "turns"] as const;
export type RoadModel = (typeof ROAD_MODELS)[number];

/** The model as given, checked; an InvalidInputError naming `model` when it is neither. */
export function checkRoadModel(model: unknown): RoadModel {
  if (typeof model === "string" && (ROAD_MODELS as readonly string[]).includes(model)) return model as RoadModel;
  throw new InvalidInputError(`model ${show(model)} is not a road model; use ${ROAD_MODELS.join(" or ")}`, "model", model);
}

/**
 * The edge times a model drives a profile on. The turns model is Conveyal R5's scheme whole: every
 * edge at its posted limit (time-of-day.ts postedLimitColumn; the plain model drives at OSRM's 0.8 of
 * it), R5's turn costs at junctions (turn-costs.ts) and nothing at signals or signs, as R5 has. With a
 * time of day, the turn costs are the junction costs, so the time-of-day column's junction delay is
 * left out (counting both would charge each junction twice): what is left of the period is the
 * slowdown of fast roads and ramps, never faster than the turns model's free flow.
 */
export function modelProfile(profile: string, model: RoadModel): string {
  // graph.ts's timeColumn reads the ":turns" ending (time-of-day.ts turnsBase, splitProfile).
  return model === "turns" && !profile.endsWith(":turns") ? `${profile}:turns` : profile;
}

/** A search a model's surfaces reuse (its buffers) from call to call. */
export type ModelSearch = CoreSearch | TurnCoreSearch;

/** A search for surfaces on a model: reverse for times to targets ("to"), forward for times from them. A model that is not one is an InvalidInputError naming `model`. */
export function modelSearch(graph: RoadGraph, profile: string, model: RoadModel, direction: "to" | "from" = "to"): ModelSearch {
  checkRoadModel(model);
  const way = direction === "to" ? "reverse" : "forward";
  return model === "turns" ? new TurnCoreSearch(turnCoreFor(graph, modelProfile(profile, model)), way) : new CoreSearch(coreView(graph, profile, way));
}

export interface ModelSurfaceOptions extends Omit<SurfaceOptions, "search"> {
  /** Default "plain". */
  model?: RoadModel;
  /** A search made by modelSearch for the same graph, profile, model and direction. */
  search?: ModelSearch;
}

/** Time (ds) from each cell to the nearest target (or from it) on the model: travelTimeSurface or turnTravelTimeSurface. */
export function modelTravelTimeSurface(graph: RoadGraph, links: Links, targets: readonly SurfaceTarget[], options: ModelSurfaceOptions = {}): Uint32Array {
  const { model = "plain", search, ...rest } = options;
  if (checkRoadModel(model) === "turns") {
    if (search !== undefined && !(search instanceof TurnCoreSearch)) throw new InvalidInputError("a turns-model surface needs a turns-model search", "search", "plain");
    return turnTravelTimeSurface(graph, links, targets, { ...rest, profile: modelProfile(rest.profile ?? "car", model), search });
  }
  if (search !== undefined && !(search instanceof CoreSearch)) throw new InvalidInputError("a plain-model surface needs a plain-model search", "search", "turns");
  return travelTimeSurface(graph, links, targets, { ...rest, search });
}

/** What a search from (or to) a few places reached, on a model: every node's time, and a reader at other places. */
export interface ModelReach {
  /**
   * Time (ds) at every node: "from", arriving there from the nearest origin; "to", from leaving it
   * to the nearest origin. UNREACHED where the search did not come (beyond its cutoff).
   */
  readonly nodeDs: Uint32Array;
  /** The time at a place (ds, its connector included): arriving there ("from") or leaving it ("to"); UNREACHED when not reached. */
  placeDs(place: SurfaceTarget): number;
}

/**
 * One search from the origins outwards ("from") or towards them ("to", people to a service) on a
 * model, each origin seeded at its road's ends with its connector, read at every node. On the
 * turns model a node's time is the edge-based search's there (turn-search.ts nodeDs: the earliest
 * arrival, before any turn out of it; towards the origins, the least time from setting off), so
 * turns and restrictions on the way count and none at the node itself.
 */
export function modelReach(graph: RoadGraph, origins: readonly SurfaceTarget[], options: { profile?: string; model?: RoadModel; direction?: "to" | "from"; cutoffDs: number }): ModelReach {
  const profile = options.profile ?? "car";
  const direction = options.direction ?? "from";
  const forward = direction === "from";
  const search = modelSearch(graph, profile, options.model ?? "plain", direction);
  if (search instanceof TurnCoreSearch) {
    search.run(placesSeeds(search, origins), { cutoffDs: options.cutoffDs, trackLength: false });
    const nodeDs = new Uint32Array(graph.nodeCount);
    for (let v = 0; v < nodeDs.length; v++) {
      const t = search.nodeDs(v);
      nodeDs[v] = t === UNREACHED ? UNREACHED : Math.round(t);
    }
    return { nodeDs, placeDs: (p) => {
      const t = placeDs(search, p.snap.edge, p.snap.twin, p.snap.t);
      return t === UNREACHED ? UNREACHED : t + p.connectorDs;
    } };
  }
  const nodes: number[] = [];
  const offsets: number[] = [];
  for (const o of origins) {
    for (const l of pointLinks(graph, o.snap, profile, forward ? "out" : "in")) {
      nodes.push(l.node);
      offsets.push(l.offsetDs + o.connectorDs);
    }
  }
  search.run(nodes, offsets, { cutoffDs: options.cutoffDs });
  const nodeDs = search.expand();
  return { nodeDs, placeDs: (p) => {
    let best = UNREACHED;
    for (const l of pointLinks(graph, p.snap, profile, forward ? "in" : "out")) {
      if (nodeDs[l.node] !== UNREACHED) best = Math.min(best, nodeDs[l.node] + Math.round(l.offsetDs) + p.connectorDs);
    }
    return best;
  } };
}
