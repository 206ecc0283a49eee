/** Reachability bands: which threshold a time falls in, and what a search reached within each. */
import type { RoadGraph } from "./graph.ts";
import { InvalidInputError } from "./errors.ts";
import { DS_PER_MIN, UNREACHED } from "./units.ts";

/** Checks and sorts a threshold list (minutes, each in (0, 180], no duplicates). */
export function normaliseThresholds(thresholdsMin: readonly number[], maxMin = 180): number[] {
  if (thresholdsMin.length === 0) throw new InvalidInputError("at least one threshold is required", "thresholds", "");
  for (const t of thresholdsMin) {
    if (!Number.isFinite(t) || t <= 0 || t > maxMin) {
      throw new InvalidInputError(`threshold ${t} min is out of range (0, ${maxMin}]`, "thresholds", t);
    }
  }
  const sorted = [...thresholdsMin].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new InvalidInputError(`threshold ${sorted[i]} min is listed twice`, "thresholds", sorted[i]);
  }
  return sorted;
}

/** Index of the first (sorted) threshold the time is within, or -1 beyond the last or unreached. */
export function bandIndex(timeDs: number, sortedThresholdsMin: readonly number[]): number {
  if (timeDs === UNREACHED) return -1;
  for (let i = 0; i < sortedThresholdsMin.length; i++) if (timeDs <= sortedThresholdsMin[i] * DS_PER_MIN) return i;
  return -1;
}

/**
 * The (sorted) thresholds in ds, for `bandOf` in a loop over every cell: worked out once, not per
 * cell. Each lies below UNREACHED, so an unreached time falls past the last.
 */
export function bandLimitsDs(sortedThresholdsMin: readonly number[]): Float64Array {
  const limits = new Float64Array(sortedThresholdsMin.length);
  for (let i = 0; i < limits.length; i++) limits[i] = sortedThresholdsMin[i] * DS_PER_MIN;
  if (limits.length > 0 && !(limits[limits.length - 1] < UNREACHED)) throw new InvalidInputError(`threshold ${sortedThresholdsMin[limits.length - 1]} min is out of range`, "thresholds", sortedThresholdsMin[limits.length - 1]);
  return limits;
}

/** bandIndex with the limits in ds (bandLimitsDs), the band past the last (limits.length) for "beyond, or unreached". */
export function bandOf(timeDs: number, limitsDs: Float64Array): number {
  let b = 0;
  while (b < limitsDs.length && timeDs > limitsDs[b]) b++;
  return b;
}

export interface ReachRow {
  thresholdMin: number;
  /** Graph nodes reached within the threshold (cumulative). */
  nodes: number;
  /** Road length (km) both of whose ends are reached within the threshold, each two-way road once. */
  roadKm: number;
}

/** Cumulative counts of nodes and road kilometres within each threshold, from per-node times. */
export function reachSummary(graph: RoadGraph, timeDs: Uint32Array, thresholdsMin: readonly number[]): ReachRow[] {
  const sorted = normaliseThresholds(thresholdsMin);
  const nodes = new Float64Array(sorted.length);
  const metres = new Float64Array(sorted.length);
  for (let u = 0; u < graph.nodeCount; u++) {
    const b = bandIndex(timeDs[u], sorted);
    if (b >= 0) nodes[b]++;
    for (let e = graph.firstOut[u], end = graph.firstOut[u + 1]; e < end; e++) {
      const v = graph.head[e];
      if (v < u && graph.findEdge(v, u) >= 0) continue;
      const bv = bandIndex(timeDs[v], sorted);
      if (b >= 0 && bv >= 0) metres[Math.max(b, bv)] += graph.lengthM[e];
    }
  }
  let n = 0;
  let m = 0;
  return sorted.map((thresholdMin, i) => {
    n += nodes[i];
    m += metres[i];
    return { thresholdMin, nodes: n, roadKm: Math.round(m / 100) / 10 };
  });
}
