/**
 * Measures of how unequal travel times are between people or between units: the weighted Gini
 * coefficient and the max/min ratio. Pure arithmetic over plain arrays; the censoring rule for
 * times beyond a cutoff belongs to the caller (engine/grouping.ts states it).
 */
import { InvalidInputError, show } from "./errors.ts";

/**
 * Gini coefficient of values already in ascending order, each with a weight (people): the mean
 * absolute difference between two people drawn at random, over twice the mean. 0 when everyone
 * has the same value; (n-1)/n when one of n equal weights holds everything. Null when the weights
 * sum to 0. Values must be ≥ 0 (times); all zeros give 0, every person being equal.
 */
export function giniSorted(values: ArrayLike<number>, weights: ArrayLike<number>): number | null {
  // Σ_i Σ_j w_i w_j |x_i − x_j| = 2 Σ_i w_i x_i (W_before(i) − W_after(i)) for sorted x; tied
  // values cancel in pairs, so the order within ties does not matter. G = that / (2 W² mean) =
  // Σ_i w_i x_i (W_before − W_after) / (W S), with W = Σ w and S = Σ w x.
  let W = 0;
  let S = 0;
  for (let i = 0; i < values.length; i++) {
    W += weights[i];
    S += weights[i] * values[i];
  }
  if (W <= 0) return null;
  if (S <= 0) return 0;
  let before = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights[i];
    const after = W - before - w;
    sum += w * values[i] * (before - after);
    before += w;
  }
  // Rounding can leave a hair below 0 for equal values.
  return Math.max(0, sum / (W * S));
}

/** Weighted Gini of values in any order (see giniSorted); throws on negative or non-finite input. */
export function weightedGini(values: readonly number[], weights: readonly number[] = values.map(() => 1)): number | null {
  if (values.length !== weights.length) throw new InvalidInputError(`${values.length} values but ${weights.length} weights`, "weights", weights.length);
  values.forEach((v, i) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new InvalidInputError(`value ${i} (${show(v)}) is not a finite number ≥ 0`, "values", v);
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) throw new InvalidInputError(`weight ${i} (${show(weights[i])}) is not a finite number ≥ 0`, "weights", weights[i]);
  });
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  return giniSorted(
    order.map((i) => values[i]),
    order.map((i) => weights[i]),
  );
}

/**
 * Largest over smallest of the values (nulls skipped): how many times longer the worst-off unit's
 * time is than the best-off's. Null with fewer than one value, or when the smallest is 0 and the
 * largest is not (an unbounded ratio); 1 when all are 0.
 */
export function maxMinRatio(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return null;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  if (hi === 0) return 1;
  return lo > 0 ? hi / lo : null;
}
