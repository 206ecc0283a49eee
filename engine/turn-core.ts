/**
 * The turn model on the contracted core (engine/core.ts's idea, for the edge-based search): chains
 * of shape points become single core edges, junctions carry the turn costs, and a chain carries
 * only its own time and the delays of the controlled nodes inside it (a signal or a crossing
 * mid-block). A chain node turns nothing and never turns back (engine/turns.ts), so a core edge is
 * entered only at its tail: every full-graph label on it is its core label plus a fixed offset,
 * except beyond a seed that starts part-way along it. Nodes a restriction runs through stay in the
 * core. The same TurnSearch runs on it; `expand` gives every full-graph edge its label, equal to
 * the full graph's search (proven in tests).
 */
import { coreMask } from "./core.ts";
import { keptPerGraph, turnModelFor, type TurnGraph, type TurnModel } from "./turns.ts";
import { TurnLabels, TurnSearch, type TurnSearchOptions, type TurnSeeds } from "./turn-search.ts";
import type { RoadGraph } from "./graph.ts";
import { UNREACHED } from "./units.ts";
import { TurnTables, type TurnRows } from "./turn-table.ts";
import { WasmTurnSearch, wasmTurnSearchAvailable } from "./wasm-turn-search.ts";
import { placeDs } from "./turn-places.ts";

/** What expand and the reads take from a run on the core: TurnSearch's labels by core edge, or WasmTurnSearch's. */
export type CoreRun = Pick<TurnSearch, "direction" | "labelDs" | "labelM" | "lengthsKept">;

export class TurnCore implements TurnGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly firstOut: Uint32Array;
  readonly head: Uint32Array;
  readonly tail: Uint32Array;
  readonly firstIn: Uint32Array;
  readonly inEdge: Uint32Array;
  /** Per core edge: its chain's time (ds), the delays of the nodes inside it included. */
  readonly timeDs: Uint32Array;
  readonly lengthM: Float32Array;
  /** First and last full-graph edge of each core edge. */
  readonly firstEdge: Uint32Array;
  readonly lastEdge: Uint32Array;
  /** Core id of each full-graph node, -1 for a chain node. */
  readonly coreOf: Int32Array;
  /** Per full-graph edge: its core edge, its place along it (0 first), and the time (ds) and length (m) from entering the core edge to entering it. */
  readonly coreEdgeOf: Uint32Array;
  readonly indexOnCore: Uint32Array;
  readonly offsetDs: Uint32Array;
  readonly offsetM: Float32Array;
  private readonly tables = new TurnTables(this, (c1, c2) => this.turnDs(c1, c2));

  constructor(readonly full: TurnModel, graph: RoadGraph) {
    const n = full.nodeCount;
    const m = full.edgeCount;
    const mask = coreMask(graph.forward(graph.profiles[0]));
    for (let i = 0; i < graph.restrictionFrom.length; i++) mask[full.head[graph.restrictionFrom[i]]] = 1;
    const coreOf = new Int32Array(n).fill(-1);
    let k = 0;
    for (let v = 0; v < n; v++) if (mask[v]) coreOf[v] = k++;
    this.coreOf = coreOf;
    this.nodeCount = k;

    // Core edges in tail order: one per full edge out of a core node, walked to the next core node.
    const edges: number[] = [];
    for (let u = 0; u < n; u++) if (mask[u]) for (let e = full.firstOut[u]; e < full.firstOut[u + 1]; e++) edges.push(e);
    const ce = edges.length;
    this.edgeCount = ce;
    this.firstOut = new Uint32Array(k + 1);
    this.head = new Uint32Array(ce);
    this.tail = new Uint32Array(ce);
    this.timeDs = new Uint32Array(ce);
    this.lengthM = new Float32Array(ce);
    this.firstEdge = new Uint32Array(ce);
    this.lastEdge = new Uint32Array(ce);
    this.coreEdgeOf = new Uint32Array(m);
    this.indexOnCore = new Uint32Array(m);
    this.offsetDs = new Uint32Array(m);
    this.offsetM = new Float32Array(m);
    for (let c = 0; c < ce; c++) {
      let e = edges[c];
      const u = full.tail[e];
      this.firstOut[coreOf[u] + 1]++;
      this.tail[c] = coreOf[u];
      this.firstEdge[c] = e;
      let t = 0;
      let len = 0;
      for (let i = 0; ; i++) {
        this.coreEdgeOf[e] = c;
        this.indexOnCore[e] = i;
        this.offsetDs[e] = t;
        this.offsetM[e] = len;
        t += full.timeDs[e];
        len += full.lengthM[e];
        const v = full.head[e];
        if (mask[v]) break;
        // A chain node: on along the edge that does not lead back, paying the node's delay.
        t += full.arrivalDelayDs[e];
        let next = full.firstOut[v];
        for (let f = full.firstOut[v]; f < full.firstOut[v + 1]; f++) if (full.head[f] !== full.tail[e]) next = f;
        e = next;
      }
      this.lastEdge[c] = e;
      this.head[c] = coreOf[full.head[e]];
      this.timeDs[c] = t;
      this.lengthM[c] = len;
    }
    for (let c = 0; c < k; c++) this.firstOut[c + 1] += this.firstOut[c];
    this.firstIn = new Uint32Array(k + 1);
    for (let c = 0; c < ce; c++) this.firstIn[this.head[c] + 1]++;
    for (let c = 0; c < k; c++) this.firstIn[c + 1] += this.firstIn[c];
    const fill = this.firstIn.slice(0, k);
    this.inEdge = new Uint32Array(ce);
    for (let c = 0; c < ce; c++) this.inEdge[fill[this.head[c]]++] = c;
  }

  /** A turn between two core edges is the full graph's turn from the one's last edge onto the other's first. */
  turnDs(c1: number, c2: number): number {
    return this.full.turnDs(this.lastEdge[c1], this.firstEdge[c2]);
  }

  turnRows(direction: "forward" | "reverse"): TurnRows {
    return this.tables.rows(direction);
  }

  /**
   * Full-graph seeds (TurnSearch's, in full-graph ids) as core seeds for a search in `direction`,
   * and the seeds that start part-way along a core edge, which `expand` needs.
   */
  seeds(seeds: TurnSeeds, direction: "forward" | "reverse"): { core: TurnSeeds; onChain: ChainSeed[] } {
    const full = this.full;
    const forward = direction === "forward";
    const nodes: number[] = [], nodeDs: number[] = [], nodeM: number[] = [];
    const edges: number[] = [], edgeDs: number[] = [], edgeM: number[] = [];
    const onChain: ChainSeed[] = [];
    /** A seed on full edge e: forward, arrived at its head; reverse, about to enter it. */
    const onEdge = (e: number, x: number, len: number) => {
      const c = this.coreEdgeOf[e];
      edges.push(c);
      if (forward) {
        edgeDs.push(x + this.timeDs[c] - this.offsetDs[e] - full.timeDs[e]);
        edgeM.push(len + this.lengthM[c] - this.offsetM[e] - full.lengthM[e]);
        onChain.push({ edge: c, after: this.indexOnCore[e] + 1, atDs: this.offsetDs[e] + full.timeDs[e], atM: this.offsetM[e] + full.lengthM[e], x, len });
      } else {
        edgeDs.push(x + this.offsetDs[e]);
        edgeM.push(len + this.offsetM[e]);
        onChain.push({ edge: c, after: this.indexOnCore[e], atDs: this.offsetDs[e], atM: this.offsetM[e], x, len });
      }
    };
    const nodeList = seeds.nodes ?? [];
    for (let i = 0; i < nodeList.length; i++) {
      const v = nodeList[i];
      const x = seeds.nodeDs ? Math.round(seeds.nodeDs[i]) : 0;
      const len = seeds.nodeM ? seeds.nodeM[i] : 0;
      if (this.coreOf[v] >= 0) {
        nodes.push(this.coreOf[v]), nodeDs.push(x), nodeM.push(len);
        continue;
      }
      // A chain node: forward, entering each edge out of it; reverse, having come by each edge into it.
      if (forward) {
        for (let f = full.firstOut[v]; f < full.firstOut[v + 1]; f++) {
          const c = this.coreEdgeOf[f];
          edges.push(c);
          edgeDs.push(x + this.timeDs[c] - this.offsetDs[f]);
          edgeM.push(len + this.lengthM[c] - this.offsetM[f]);
          onChain.push({ edge: c, after: this.indexOnCore[f], atDs: this.offsetDs[f], atM: this.offsetM[f], x, len });
        }
      } else {
        for (let k = full.firstIn[v]; k < full.firstIn[v + 1]; k++) {
          const g = full.inEdge[k];
          const c = this.coreEdgeOf[g];
          const at = this.offsetDs[g] + full.timeDs[g];
          const atM = this.offsetM[g] + full.lengthM[g];
          edges.push(c);
          edgeDs.push(x + at);
          edgeM.push(len + atM);
          onChain.push({ edge: c, after: this.indexOnCore[g] + 1, atDs: at, atM, x, len });
        }
      }
    }
    const edgeList = seeds.edges ?? [];
    for (let i = 0; i < edgeList.length; i++) onEdge(edgeList[i], seeds.edgeDs ? Math.round(seeds.edgeDs[i]) : 0, seeds.edgeM ? seeds.edgeM[i] : 0);
    return { core: { nodes, nodeDs, nodeM, edges, edgeDs, edgeM }, onChain };
  }

  /**
   * Every full-graph edge's label (TurnSearch's convention for `direction`) and length, from a run
   * on the core and the seeds that started part-way along core edges.
   */
  expand(search: CoreRun, onChain: readonly ChainSeed[], outDs: Uint32Array, outM: Float64Array): void {
    const forward = search.direction === "forward";
    for (let e = 0; e < this.full.edgeCount; e++) {
      outDs[e] = this.fromCore(search, e, forward);
      outM[e] = this.lastM;
    }
    // A seed part-way along a core edge reaches the full edges beyond it (forward) or before it (reverse) directly.
    for (const s of onChain) {
      for (let e = this.firstEdge[s.edge], i = 0; ; i++) {
        const t = this.fromChainSeed(s, e, i, forward);
        if (t < outDs[e] || (t === outDs[e] && this.lastM < outM[e])) {
          outDs[e] = t;
          outM[e] = this.lastM;
        }
        if (e === this.lastEdge[s.edge]) break;
        e = this.nextOnChain(e);
      }
    }
  }

  /** The length (m) that goes with the last fromCore or fromChainSeed. */
  lastM = NaN;

  /** Full edge e's label read off its core edge's (UNREACHED when that has none); its length in lastM. */
  fromCore(search: CoreRun, e: number, forward: boolean): number {
    const c = this.coreEdgeOf[e];
    const l = search.labelDs[c];
    if (l === UNREACHED) {
      this.lastM = NaN;
      return UNREACHED;
    }
    const labelM = search.lengthsKept ? search.labelM[c] : NaN;
    if (forward) {
      this.lastM = labelM + this.offsetM[e];
      return l + this.offsetDs[e];
    }
    this.lastM = labelM + this.lengthM[c] - this.offsetM[e] - this.full.lengthM[e];
    return l + this.timeDs[c] - this.offsetDs[e] - this.full.timeDs[e];
  }

  /** Full edge e's label from a seed part-way along its core edge (e at index i there), UNREACHED when the seed does not reach it. */
  fromChainSeed(s: ChainSeed, e: number, i: number, forward: boolean): number {
    if (forward ? i < s.after : i >= s.after) {
      this.lastM = NaN;
      return UNREACHED;
    }
    if (forward) {
      this.lastM = s.len + this.offsetM[e] - s.atM;
      return s.x + this.offsetDs[e] - s.atDs;
    }
    this.lastM = s.len + s.atM - this.offsetM[e] - this.full.lengthM[e];
    return s.x + s.atDs - this.offsetDs[e] - this.full.timeDs[e];
  }

  /** The full edge after e on its core edge (e must not be the last). */
  private nextOnChain(e: number): number {
    const full = this.full;
    const v = full.head[e];
    let next = full.firstOut[v];
    for (let f = full.firstOut[v]; f < full.firstOut[v + 1]; f++) if (full.head[f] !== full.tail[e]) next = f;
    return next;
  }
}

/** A seed part-way along a core edge: from (forward) or up to (reverse) the full edge at index `after`, at offset atDs / atM with time x and length len. */
export interface ChainSeed {
  edge: number;
  after: number;
  atDs: number;
  atM: number;
  x: number;
  len: number;
}

/** How a TurnCoreSearch searches. */
export interface TurnCoreSearchOptions {
  /**
   * Search in TypeScript (TurnSearch) rather than WebAssembly (WasmTurnSearch): the reference the
   * WebAssembly search is tested equal to, and the way on a host without WebAssembly, which takes it anyway.
   */
  typescript?: boolean;
}

/**
 * The turns model's search run on the core, read as if on the full graph: seeds, targets and reads
 * in full-graph ids (TurnSearch's conventions), labels computed per edge on demand. Searches in
 * WebAssembly (wasm-turn-search.ts) where the host has it, else in TypeScript.
 */
export class TurnCoreSearch extends TurnLabels {
  readonly model: TurnModel;
  private readonly inner: TurnSearch | WasmTurnSearch;
  /** The last run's seeds part-way along core edges, by core edge. */
  private readonly chainSeeds = new Map<number, ChainSeed[]>();
  /** 1 on the core edges in chainSeeds (cleared at the next run), so a read tests a byte, not the map. */
  private readonly seeded: Uint8Array;
  private readonly targets: number[] = [];

  constructor(
    readonly core: TurnCore,
    readonly direction: "forward" | "reverse",
    options: TurnCoreSearchOptions = {},
  ) {
    super();
    this.model = core.full;
    this.inner = !options.typescript && wasmTurnSearchAvailable() ? new WasmTurnSearch(core, direction) : new TurnSearch(core, direction);
    this.seeded = new Uint8Array(core.edgeCount);
  }

  /** Which search runs on the core: "wasm" (WebAssembly) or "typescript" (the reference). */
  get engine(): "wasm" | "typescript" {
    return this.inner instanceof WasmTurnSearch ? "wasm" : "typescript";
  }

  /** Runs from (forward) or towards (reverse) the seeds, given in full-graph ids; target edges too. */
  run(seeds: TurnSeeds, options: TurnSearchOptions = {}): number {
    this.keepSeeds(seeds);
    const { core, onChain } = this.core.seeds(seeds, this.direction);
    for (const c of this.chainSeeds.keys()) this.seeded[c] = 0;
    this.chainSeeds.clear();
    for (const s of onChain) {
      this.seeded[s.edge] = 1;
      const list = this.chainSeeds.get(s.edge);
      if (list) list.push(s);
      else this.chainSeeds.set(s.edge, [s]);
    }
    this.targets.length = 0;
    const t = options.targetEdges;
    if (t) for (let i = 0; i < t.length; i++) this.targets.push(this.core.coreEdgeOf[t[i]]);
    return this.inner.run(core, { ...options, targetEdges: t ? this.targets : undefined });
  }

  /**
   * placeDs's time at many places at once into `out` (per place its edge, -1 for none, UNREACHED
   * there; its twin; its position t along the edge), lengths not kept: a surface reads every cell.
   * The same times, read off the core's labels in one flat loop; a place on a node, or on a core
   * edge a seed lies part-way along, is read by placeDs itself.
   */
  placesDs(edge: Int32Array, twin: Int32Array, t: Float32Array, out: Uint32Array): void {
    const { coreEdgeOf, offsetDs, timeDs: coreDs } = this.core;
    const w = this.model.timeDs;
    const labels = this.inner.labelDs;
    const seeded = this.seeded;
    const forward = this.direction === "forward";
    /** Full edge e (on core edge ce) at share s of it from its tail, as fromCore and edgeDs compute it, term for term. */
    const along = (ce: number, e: number, s: number) => {
      const l = labels[ce];
      if (l === UNREACHED) return UNREACHED;
      return Math.round(forward ? l + offsetDs[e] + s * w[e] : l + coreDs[ce] - offsetDs[e] - w[e] + (1 - s) * w[e]);
    };
    for (let c = 0; c < out.length; c++) {
      const e = edge[c];
      if (e < 0) {
        out[c] = UNREACHED;
        continue;
      }
      const x = t[c];
      const g = twin[c];
      const ce = coreEdgeOf[e];
      const cg = g >= 0 ? coreEdgeOf[g] : -1;
      if (x === 0 || x === 1 || seeded[ce] === 1 || (cg >= 0 && seeded[cg] === 1)) {
        out[c] = placeDs(this, e, g, x);
        continue;
      }
      // Along e to the place, and along its twin (at 1 − x of it).
      const best = along(ce, e, x);
      out[c] = cg >= 0 ? Math.min(best, along(cg, g, 1 - x)) : best;
    }
  }

  protected label(e: number): number {
    const core = this.core;
    const forward = this.direction === "forward";
    let best = core.fromCore(this.inner, e, forward);
    let bestM = core.lastM;
    const c = core.coreEdgeOf[e];
    const seeds = this.seeded[c] === 1 ? this.chainSeeds.get(c) : undefined;
    if (seeds) {
      for (const s of seeds) {
        const t = core.fromChainSeed(s, e, core.indexOnCore[e], forward);
        if (t < best || (t === best && core.lastM < bestM)) [best, bestM] = [t, core.lastM];
      }
    }
    this.lastM = bestM;
    return best;
  }
}

/** The turns model's core of a graph and profile (default figures), built once and kept with the graph. */
export const turnCoreFor = keptPerGraph((graph, profile) => new TurnCore(turnModelFor(graph, profile), graph));
