/**
 * The turn model: what passing from one edge to the next at a node costs (deciseconds), or that
 * it is forbidden. Each edge of the graph is one straight segment (every OSM node is a graph
 * node), so a turn's angle is the change of bearing from the edge in to the edge out.
 *
 * Where costs apply: at a junction (a node with three or more distinct neighbours) a turn is
 * classed by its angle and costs TURN_COST_S (engine/turn-costs.ts: R5's figures); along a chain
 * (two neighbours: a road's own bends, or two ways meeting end to end) going on is free and turning
 * back is forbidden, as on a contracted graph whose chains are single links; at a dead end (one
 * neighbour) turning back is the only way on and costs a U-turn. Every pass through a node costs
 * its control's delay (NODE_DELAY_S); a control tagged for one direction, only arriving that way. Turn restrictions forbid transitions ("no"), or all but the
 * named ones from an edge ("only").
 */
import type { RoadGraph } from "./graph.ts";
import { TurnTables, type TurnRows } from "./turn-table.ts";
import { DIRECTIONAL, TURN_ANGLE_BOUNDS_DEG, TURN_CLASSES, TURN_COST_S, NODE_CONTROLS, NODE_DELAY_S, type NodeControl, type TurnClass } from "./turn-costs.ts";

/** turnDs's answer for a transition a car may not make. */
export const FORBIDDEN = -1;

const [RIGHT_FROM_DEG, U_TURN_FROM_DEG, LEFT_FROM_DEG, STRAIGHT_FROM_DEG] = TURN_ANGLE_BOUNDS_DEG;

const CHAIN = 0;
const JUNCTION = 1;
const DEAD_END = 2;

/** Figures a model may be built with instead of turn-costs.ts's (tests and comparisons). */
export interface TurnModelOptions {
  /** Seconds per turn class; default TURN_COST_S. */
  turnCostS?: Readonly<Record<TurnClass, number>>;
  /** Seconds per node control; default NODE_DELAY_S. */
  nodeDelayS?: Readonly<Record<NodeControl, number>>;
  /** Whether turn restrictions apply; default true. */
  restrictions?: boolean;
}

/** What the edge-based search walks: edges as CSR both ways, their times and lengths, and what a turn between two costs. */
export interface TurnGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly firstOut: Uint32Array;
  readonly head: Uint32Array;
  readonly tail: Uint32Array;
  readonly firstIn: Uint32Array;
  readonly inEdge: Uint32Array;
  readonly timeDs: Uint32Array;
  readonly lengthM: Float32Array;
  /** Cost (ds) from edge e onto edge f at the node between them, or FORBIDDEN. */
  turnDs(e: number, f: number): number;
  /** Every turnDs laid out for a search in `direction` (engine/turn-table.ts), built once. */
  turnRows(direction: "forward" | "reverse"): TurnRows;
}

export class TurnModel implements TurnGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly firstOut: Uint32Array;
  readonly head: Uint32Array;
  readonly tail: Uint32Array;
  /** Edge times (ds) of the model's profile. */
  readonly timeDs: Uint32Array;
  readonly lengthM: Float32Array;
  /** In-edges of node v: `inEdge[firstIn[v] .. firstIn[v + 1] - 1]` (forward edge ids). */
  readonly firstIn: Uint32Array;
  readonly inEdge: Uint32Array;
  /** Compass bearing of each edge, degrees clockwise from north. */
  private readonly bearing: Float32Array;
  /** CHAIN, JUNCTION or DEAD_END per node. */
  private readonly kind: Uint8Array;
  /** Delay (ds) of the traffic control at each edge's head, paid passing that node arriving by the edge. */
  readonly arrivalDelayDs: Uint16Array;
  /** Cost (ds) per class in TURN_CLASSES order. */
  private readonly classDs: Uint32Array;
  /** Per edge: first and end row of its restrictions as from edge (equal when none). */
  private readonly restrictionStart: Uint32Array;
  private readonly restrictionTo: Uint32Array;
  private readonly restrictionOnly: Uint8Array;
  private readonly tables: TurnTables;

  constructor(graph: RoadGraph, profile: string, options: TurnModelOptions = {}) {
    const n = (this.nodeCount = graph.nodeCount);
    const m = (this.edgeCount = graph.edgeCount);
    this.firstOut = graph.firstOut;
    this.head = graph.head;
    this.tail = graph.edgeTail();
    this.timeDs = graph.timeColumn(profile);
    this.lengthM = graph.lengthM;
    const head = graph.head;
    const tail = this.tail;

    const firstIn = new Uint32Array(n + 1);
    for (let e = 0; e < m; e++) firstIn[head[e] + 1]++;
    for (let v = 0; v < n; v++) firstIn[v + 1] += firstIn[v];
    const fill = firstIn.slice(0, n);
    const inEdge = new Uint32Array(m);
    for (let e = 0; e < m; e++) inEdge[fill[head[e]]++] = e;
    this.firstIn = firstIn;
    this.inEdge = inEdge;

    // Bearings on a local equirectangular plane: exact enough for classes 54° wide and more.
    const bearing = new Float32Array(m);
    for (let e = 0; e < m; e++) {
      const u = tail[e], v = head[e];
      const cos = Math.cos((graph.latE7[u] / 1e7) * (Math.PI / 180));
      const dx = (graph.lonE7[v] - graph.lonE7[u]) * cos;
      const dy = graph.latE7[v] - graph.latE7[u];
      const deg = (Math.atan2(dx, dy) * 180) / Math.PI;
      bearing[e] = deg < 0 ? deg + 360 : deg;
    }
    this.bearing = bearing;

    // Distinct neighbours per node, in or out, counted up to 3.
    const kind = new Uint8Array(n);
    for (let v = 0; v < n; v++) {
      let a = -1, b = -1, count = 0;
      const see = (w: number) => {
        if (w === v || w === a || w === b || count >= 3) return;
        if (a < 0) a = w;
        else if (b < 0) b = w;
        count++;
      };
      for (let e = graph.firstOut[v]; e < graph.firstOut[v + 1]; e++) see(head[e]);
      for (let k = firstIn[v]; k < firstIn[v + 1]; k++) see(tail[inEdge[k]]);
      kind[v] = count >= 3 ? JUNCTION : count === 2 ? CHAIN : DEAD_END;
    }
    this.kind = kind;

    const delays = options.nodeDelayS ?? NODE_DELAY_S;
    const delayByControl = NODE_CONTROLS.map((c) => Math.round(delays[c] * 10));
    // A directional control binds only the edges listed in controlEdges; any other, every edge in.
    this.arrivalDelayDs = new Uint16Array(m);
    for (let e = 0; e < m; e++) {
      const c = graph.nodeControl[head[e]];
      if (!(c & DIRECTIONAL)) this.arrivalDelayDs[e] = delayByControl[c];
    }
    for (const e of graph.controlEdges) this.arrivalDelayDs[e] = delayByControl[graph.nodeControl[head[e]] & ~DIRECTIONAL];
    const costs = options.turnCostS ?? TURN_COST_S;
    this.classDs = Uint32Array.from(TURN_CLASSES, (c) => Math.round(costs[c] * 10));

    const apply = options.restrictions !== false;
    const from = apply ? graph.restrictionFrom : new Uint32Array(0);
    this.restrictionStart = new Uint32Array(m + 1);
    for (let i = 0; i < from.length; i++) this.restrictionStart[from[i] + 1]++;
    for (let e = 0; e < m; e++) this.restrictionStart[e + 1] += this.restrictionStart[e];
    this.restrictionTo = apply ? graph.restrictionTo : new Uint32Array(0);
    this.restrictionOnly = apply ? graph.restrictionOnly : new Uint8Array(0);
    this.tables = new TurnTables(this, (e, f) => this.turnDs(e, f));
  }

  turnRows(direction: "forward" | "reverse"): TurnRows {
    return this.tables.rows(direction);
  }

  /** The class of the turn from edge e onto edge f by angle alone (R5's bounds), whatever the node. */
  turnClass(e: number, f: number): TurnClass {
    return TURN_CLASSES[this.classIndex(e, f)];
  }

  /** Index into TURN_CLASSES of the turn from e onto f. */
  private classIndex(e: number, f: number): number {
    let d = this.bearing[f] - this.bearing[e];
    if (d < 0) d += 360;
    if (d < RIGHT_FROM_DEG || d >= STRAIGHT_FROM_DEG) return 0;
    if (d < U_TURN_FROM_DEG) return 1;
    if (d < LEFT_FROM_DEG) return 2;
    return 3;
  }

  /**
   * What passing from edge e onto edge f costs (ds), f leaving the node e enters; FORBIDDEN when a
   * car may not. Includes the node's control delay.
   */
  turnDs(e: number, f: number): number {
    const r0 = this.restrictionStart[e];
    const r1 = this.restrictionStart[e + 1];
    if (r0 !== r1 && this.restricted(e, f, r0, r1)) return FORBIDDEN;
    const v = this.head[e];
    const k = this.kind[v];
    const back = this.head[f] === this.tail[e];
    let cost: number;
    if (k === CHAIN) {
      if (back) return FORBIDDEN;
      cost = 0;
    } else if (k === DEAD_END) cost = this.classDs[2];
    else cost = this.classDs[this.classIndex(e, f)];
    return cost + this.arrivalDelayDs[e];
  }

  /** Whether e's restriction rows (r0 ≤ i < r1) forbid going on to f. */
  private restricted(e: number, f: number, r0: number, r1: number): boolean {
    let only = false;
    for (let i = r0; i < r1; i++) {
      if (this.restrictionOnly[i]) {
        if (this.restrictionTo[i] === f) return false;
        only = true;
      } else if (this.restrictionTo[i] === f) return true;
    }
    return only;
  }
}

/** A function of (graph, profile) made once per pair and kept with the graph (dropped with it). */
export function keptPerGraph<T>(make: (graph: RoadGraph, profile: string) => T): (graph: RoadGraph, profile: string) => T {
  const kept = new WeakMap<RoadGraph, Map<string, T>>();
  return (graph, profile) => {
    let byProfile = kept.get(graph);
    if (!byProfile) kept.set(graph, (byProfile = new Map()));
    let value = byProfile.get(profile);
    if (value === undefined) byProfile.set(profile, (value = make(graph, profile)));
    return value;
  };
}

/** The turn model of a graph and profile with the default figures, built once and kept with the graph. */
export const turnModelFor = keptPerGraph((graph, profile) => new TurnModel(graph, profile));
