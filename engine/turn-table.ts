/**
 * The turn table: every turn's cost (ds) computed once into one flat array, as OSRM's edge-based
 * graph and R5's turn cost lists keep them, so that the edge-based search reads a number where it
 * would otherwise evaluate the rules (bearings, node kind, restriction rows) per relaxation. Bans
 * (restrictions, turning back along a chain) are FORBIDDEN entries; node delays are in the costs.
 *
 * One row per edge, in the order the search meets the turns:
 * - forward: the row of edge e lists the turns from e onto each edge out of its head v, at
 *   `start[e] + (f − firstOut[v])`;
 * - reverse: the row of edge f lists the turns onto f from each edge into its tail u, at
 *   `start[f] + (k − firstIn[u])` for the in-edge `inEdge[k]`.
 * A row is as long as the node's out- (or in-) degree, so the table holds Σ in·out degree entries.
 */
import type { TurnGraph } from "./turns.ts";

/** A direction's table: row offsets per edge (length edgeCount + 1) and the costs, FORBIDDEN where banned. */
export interface TurnRows {
  readonly start: Uint32Array;
  readonly cost: Int32Array;
}

/** What the table is laid out over: a graph's edges as CSR both ways. */
type TurnTopology = Pick<TurnGraph, "edgeCount" | "firstOut" | "head" | "tail" | "firstIn" | "inEdge">;

/** The table of one direction, each entry `turnDs(e, f)` (a cost in ds, or FORBIDDEN). */
function buildTurnRows(g: TurnTopology, direction: "forward" | "reverse", turnDs: (e: number, f: number) => number): TurnRows {
  const { edgeCount: m, firstOut, head, tail, firstIn, inEdge } = g;
  const forward = direction === "forward";
  const start = new Uint32Array(m + 1);
  for (let e = 0; e < m; e++) {
    const v = forward ? head[e] : tail[e];
    start[e + 1] = start[e] + (forward ? firstOut[v + 1] - firstOut[v] : firstIn[v + 1] - firstIn[v]);
  }
  const cost = new Int32Array(start[m]);
  for (let e = 0; e < m; e++) {
    let i = start[e];
    if (forward) {
      const v = head[e];
      for (let f = firstOut[v]; f < firstOut[v + 1]; f++) cost[i++] = turnDs(e, f);
    } else {
      const u = tail[e];
      for (let k = firstIn[u]; k < firstIn[u + 1]; k++) cost[i++] = turnDs(inEdge[k], e);
    }
  }
  return { start, cost };
}

/** A graph's tables, each built on first use and kept (a search runs one direction). */
export class TurnTables {
  private forward: TurnRows | null = null;
  private reverse: TurnRows | null = null;
  constructor(
    private readonly g: TurnTopology,
    private readonly turnDs: (e: number, f: number) => number,
  ) {}

  rows(direction: "forward" | "reverse"): TurnRows {
    if (direction === "forward") return (this.forward ??= buildTurnRows(this.g, "forward", this.turnDs));
    return (this.reverse ??= buildTurnRows(this.g, "reverse", this.turnDs));
  }
}
