/**
 * Travel-time surfaces on the turns model: as surface.ts's travelTimeSurface (the same links,
 * targets, directions, connectors and cutoff), with one edge-based search on the core
 * (engine/turn-core.ts) from (or to) all targets at once, and each cell read as a place is
 * (engine/turn-places.ts): along its road to either end, or from it, with the turns there priced.
 */
import type { RoadGraph } from "./graph.ts";
import { alongSameRoadDs, type Links, type SurfaceOptions, type SurfaceTarget } from "./surface.ts";
import { TurnCoreSearch, turnCoreFor } from "./turn-core.ts";
import { placesSeeds } from "./turn-places.ts";
import { MAX_CUTOFF_DS, UNREACHED } from "./units.ts";

export interface TurnSurfaceOptions extends Omit<SurfaceOptions, "search"> {
  /** Reuse a search (and its buffers) across calls; its direction must be the surface's ("to": reverse). */
  search?: TurnCoreSearch;
  signal?: AbortSignal;
}

/**
 * Time (ds) from each cell to the nearest target ("to") or from the nearest target to each cell
 * ("from") on the turns model, door to door; UNREACHED beyond the cutoff, off the network, and
 * where no target exists. Cell by cell: a few labels read per cell.
 */
export function turnTravelTimeSurface(graph: RoadGraph, links: Links, targets: readonly SurfaceTarget[], options: TurnSurfaceOptions = {}): Uint32Array {
  const out = options.out ?? new Uint32Array(links.edge.length);
  out.fill(UNREACHED);
  if (targets.length === 0) return out;
  const profile = options.profile ?? "car";
  const cutoff = options.cutoffDs ?? MAX_CUTOFF_DS;
  const toTargets = (options.direction ?? "to") === "to";
  const search = options.search ?? new TurnCoreSearch(turnCoreFor(graph, profile), toTargets ? "reverse" : "forward");
  const seeds = placesSeeds(search, targets);
  const onEdge = new Map<number, SurfaceTarget[]>();
  for (const target of targets) {
    const list = onEdge.get(target.snap.edge);
    if (list) list.push(target);
    else onEdge.set(target.snap.edge, [target]);
  }
  // Times only: a cell's time does not depend on which of several as fast paths is the shortest.
  search.run(seeds, { cutoffDs: cutoff, signal: options.signal, trackLength: false });
  const w = graph.timeColumn(profile);
  const { edge: cellEdge, twin: cellTwin, t: cellT, connectorDs } = links;
  // Each cell's time as a place (placeDs's), all at once, then its own road and connector.
  search.placesDs(cellEdge, cellTwin, cellT, out);
  for (let c = 0; c < out.length; c++) {
    const e = cellEdge[c];
    if (e < 0) continue;
    let best = out[c];
    out[c] = UNREACHED;
    // A target on the same road is reached along it without passing a node.
    const same = onEdge.get(e);
    if (same) {
      for (const target of same) {
        const along = alongSameRoadDs(w, e, cellTwin[c], cellT[c], target.snap.t, toTargets);
        if (along + target.connectorDs < best) best = Math.round(along) + target.connectorDs;
      }
    }
    if (best === UNREACHED) continue;
    best += connectorDs[c];
    if (best <= cutoff) out[c] = best;
  }
  return out;
}
