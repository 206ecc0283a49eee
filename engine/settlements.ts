/**
 * People where no population grid is given: each municipality's total is spread over its cells in
 * proportion to the settlement weight of the roads in them. Roads stand in for settlements, and
 * the streets people live on (residential, living streets, yards) far more than the roads through
 * the countryside (SETTLEMENT_WEIGHT): a stated approximation that keeps every total exact, whole
 * people by largest remainder, nobody lost or invented. Weights are relative within a
 * municipality, so one with no residential streets puts its people along its other roads.
 */
import type { RoadGraph } from "./graph.ts";
import { cellAt, cellCentre, cellCount, type Grid } from "./grid.ts";
import { toEtrs } from "./projection.ts";
import { InvalidInputError } from "./errors.ts";
import { WAY_CLASS_TAGS } from "./modes.ts";

/**
 * Residents per metre of road, relative, by class (project choice): homes line residential and
 * living streets and their yards; rural dwellings sit along minor roads; main roads and ramps are
 * lined by few homes; motorways and ferries by none.
 */
export const SETTLEMENT_WEIGHT: Readonly<Record<string, number>> = {
  residential: 1,
  living_street: 1,
  service: 0.5,
  unclassified: 0.3,
  tertiary: 0.3,
  road: 0.3,
  tertiary_link: 0,
  secondary: 0.1,
  primary: 0.1,
  secondary_link: 0,
  primary_link: 0,
  trunk: 0,
  trunk_link: 0,
  motorway: 0,
  motorway_link: 0,
  ferry: 0,
};

const WEIGHT_BY_CLASS = Float64Array.from(WAY_CLASS_TAGS, (tag) => SETTLEMENT_WEIGHT[tag] ?? 0);

/** Settlement-weighted metres of main-component road per cell, each road once, placed by its midpoint. */
export function settlementWeightPerCell(graph: RoadGraph, grid: Grid): Float64Array {
  const out = new Float64Array(cellCount(grid));
  const tail = graph.edgeTail();
  for (let e = 0; e < graph.edgeCount; e++) {
    const u = tail[e];
    const v = graph.head[e];
    const w = WEIGHT_BY_CLASS[graph.roadClass[e]];
    if (w === 0 || !graph.mainComponent[u] || !graph.mainComponent[v]) continue;
    // Two-way roads are two edges: count the one from the lower node id (or a one-way's only one).
    if (u > v && graph.findEdge(v, u) >= 0) continue;
    const [x, y] = toEtrs((graph.lon(u) + graph.lon(v)) / 2, (graph.lat(u) + graph.lat(v)) / 2);
    const cell = cellAt(grid, x, y);
    if (cell >= 0) out[cell] += w * graph.lengthM[e];
  }
  return out;
}

export interface SpreadPopulation {
  /** Whole people per cell. */
  readonly perCell: Uint32Array;
  /** People of each area that found no cell to live in (no weight inside the grid). */
  readonly unplaced: number[];
}

/**
 * Spreads `totals[area]` over the cells of each area in proportion to `weight` (largest
 * remainder, ties to the lower cell index, so the result is deterministic and sums exactly).
 */
export function spreadTotals(areaOfCell: Int32Array, totals: readonly number[], weight: Float64Array): SpreadPopulation {
  if (weight.length !== areaOfCell.length) throw new InvalidInputError(`weights cover ${weight.length} cells, areas ${areaOfCell.length}`, "weight", weight.length);
  totals.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0) throw new InvalidInputError(`area ${i}: total ${t} is not a whole non-negative number`, "population", t);
  });
  const sum = new Float64Array(totals.length);
  for (let c = 0; c < areaOfCell.length; c++) {
    const a = areaOfCell[c];
    if (a >= 0 && a < totals.length && weight[c] > 0) sum[a] += weight[c];
  }
  const perCell = new Uint32Array(areaOfCell.length);
  const given = new Float64Array(totals.length);
  const rest: { cell: number; frac: number }[][] = totals.map(() => []);
  for (let c = 0; c < areaOfCell.length; c++) {
    const a = areaOfCell[c];
    if (a < 0 || a >= totals.length || !(weight[c] > 0)) continue;
    const exact = (totals[a] * weight[c]) / sum[a];
    const whole = Math.floor(exact);
    perCell[c] = whole;
    given[a] += whole;
    rest[a].push({ cell: c, frac: exact - whole });
  }
  const unplaced = totals.map((t, a) => {
    if (sum[a] === 0) return t;
    let left = t - given[a];
    rest[a].sort((p, q) => q.frac - p.frac || p.cell - q.cell);
    for (let i = 0; left > 0; i = (i + 1) % rest[a].length, left--) perCell[rest[a][i].cell]++;
    return 0;
  });
  return { perCell, unplaced };
}

/**
 * Cell → index of the nearest centre (EPSG:3067 metres), for when no boundaries are given: an
 * approximation of municipal areas (Voronoi cells of the administrative centres). Cells farther
 * than `maxDistanceM` from every centre belong to none (-1).
 */
export function nearestCentreAreas(grid: Grid, centres: readonly (readonly [number, number])[], maxDistanceM = Infinity): Int32Array {
  const n = cellCount(grid);
  const out = new Int32Array(n).fill(-1);
  const max2 = maxDistanceM * maxDistanceM;
  for (let c = 0; c < n; c++) {
    const [x, y] = cellCentre(grid, c);
    let best = -1;
    let bestD = max2;
    for (let i = 0; i < centres.length; i++) {
      const dx = centres[i][0] - x;
      const dy = centres[i][1] - y;
      const d = dx * dx + dy * dy;
      // Strictly nearer wins; on a tie the first centre keeps the cell.
      if (d < bestD || (best < 0 && d <= bestD)) {
        bestD = d;
        best = i;
      }
    }
    out[c] = best;
  }
  return out;
}
