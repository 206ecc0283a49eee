/**
 * Places on the edge-based search (engine/turn-search.ts): how a snapped place starts a search (or
 * ends a reverse one), and how a search's labels are read at a place. A place part-way along a
 * road may set off (or arrive) either way along it, as snap.ts's pointLinks says; one exactly on a
 * node also starts (or ends) at the node itself, with no turn, as a car parked at a junction does.
 */
import type { Snap } from "./snap.ts";
import type { TurnGraph } from "./turns.ts";
import type { TurnLabels, TurnSeeds } from "./turn-search.ts";
import { UNREACHED } from "./units.ts";

/** A place's ends: the edges through it with its position on each (0 at the tail), and the nodes it lies on. */
function ends(model: TurnGraph, snap: Pick<Snap, "edge" | "twin" | "t">): { edges: number[]; at: number[]; nodes: number[] } {
  const { edge, twin, t } = snap;
  const edges = [edge];
  const at = [t];
  if (twin >= 0) edges.push(twin), at.push(1 - t);
  const nodes = t === 0 ? [model.tail[edge]] : t === 1 ? [model.head[edge]] : [];
  return { edges, at, nodes };
}

/**
 * A place's seeds: forward, setting off from it (along each edge to the edge's head, then turning);
 * reverse, arriving at it (turning onto each edge, then along it to the place). `offsetDs` and
 * `offsetM` (the connector to the road) are added to every seed.
 */
export function placeSeeds(search: TurnLabels, snap: Pick<Snap, "edge" | "twin" | "t">, offsetDs: number, offsetM: number): TurnSeeds {
  const model = search.model;
  const { edges, at, nodes } = ends(model, snap);
  const share = (i: number) => (search.direction === "forward" ? 1 - at[i] : at[i]);
  return {
    nodes,
    nodeDs: nodes.map(() => offsetDs),
    nodeM: nodes.map(() => offsetM),
    edges,
    edgeDs: edges.map((e, i) => share(i) * model.timeDs[e] + offsetDs),
    edgeM: edges.map((e, i) => share(i) * model.lengthM[e] + offsetM),
  };
}

/** The seeds of several places at once: each one's placeSeeds with its connector's time (lengths from the road). */
export function placesSeeds(search: TurnLabels, places: readonly { readonly snap: Pick<Snap, "edge" | "twin" | "t">; readonly connectorDs: number }[]): Required<TurnSeeds> {
  const seeds: Required<TurnSeeds> = { nodes: [], nodeDs: [], nodeM: [], edges: [], edgeDs: [], edgeM: [] };
  for (const p of places) {
    const s = placeSeeds(search, p.snap, p.connectorDs, 0);
    for (const k of Object.keys(seeds) as (keyof TurnSeeds)[]) (seeds[k] as number[]).push(...(s[k] as number[]));
  }
  return seeds;
}

/** Edges whose settling makes a place's time final: its own edges, and the edges into (forward) or out of (reverse) a node it lies on. */
export function placeTargets(search: TurnLabels, snap: Pick<Snap, "edge" | "twin" | "t">): number[] {
  const model = search.model;
  const { edges, nodes } = ends(model, snap);
  const out = [...edges];
  for (const v of nodes) {
    if (search.direction === "forward") for (let k = model.firstIn[v]; k < model.firstIn[v + 1]; k++) out.push(model.inEdge[k]);
    else for (let f = model.firstOut[v]; f < model.firstOut[v + 1]; f++) out.push(f);
  }
  return out;
}

/**
 * The search's time (ds) and length (m) at a place (forward: arriving there; reverse: leaving it
 * for the target), of several as fast the shortest; null when not reached. Connectors not included.
 */
export function placeTrip(search: TurnLabels, snap: Pick<Snap, "edge" | "twin" | "t">): { timeDs: number; lengthM: number } | null {
  const timeDs = placeDs(search, snap.edge, snap.twin, snap.t);
  return timeDs === UNREACHED ? null : { timeDs, lengthM: search.lastM };
}

/** placeTrip's time (UNREACHED when not reached), its length left in search.lastM; allocates nothing (a surface reads it per cell). */
export function placeDs(search: TurnLabels, edge: number, twin: number, t: number): number {
  // A place part-way along a road ends (or starts) along either way of it; one exactly on a node,
  // at the node too (as ends() says). Of several as fast, the shortest.
  const v = t === 0 ? search.model.tail[edge] : t === 1 ? search.model.head[edge] : -1;
  let best = UNREACHED;
  let bestM = NaN;
  for (let i = 0; i < 3; i++) {
    let x = i === 0 ? search.edgeDs(edge, t) : i === 1 ? (twin >= 0 ? search.edgeDs(twin, 1 - t) : UNREACHED) : v >= 0 ? search.nodeDs(v) : UNREACHED;
    if (x === UNREACHED) continue;
    x = Math.round(x);
    const m = search.lastM;
    if (x < best || (x === best && m < bestM)) (best = x), (bestM = m);
  }
  search.lastM = bestM;
  return best;
}
