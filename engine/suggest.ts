/**
 * Suggestions in budget form, for one level and one reach threshold:
 * - additions: given k points to add or upgrade, greedily the candidate that brings the most
 *   people beyond the threshold within it, step by step with each step's gain (max coverage:
 *   greedy reaches at least 1 − 1/e ≈ 63 % of the best possible k-set's gain, Nemhauser,
 *   Wolsey and Fisher 1978);
 * - closures: for every open point, what closing it alone would cost: people pushed beyond the
 *   threshold and person-minutes added, from each cell's nearest and second-nearest point. The
 *   point whose closure hurts least comes first.
 */
import { InvalidInputError } from "./errors.ts";
import { DS_PER_MIN, UNREACHED } from "./units.ts";

export interface AdditionStep {
  /** Index into the candidates. */
  readonly candidate: number;
  /** People this step brings within the threshold. */
  readonly gainPeople: number;
  /** People still beyond the threshold after this step. */
  readonly beyondAfter: number;
}

export interface Additions {
  readonly beyondBefore: number;
  readonly steps: AdditionStep[];
}

function checkThreshold(thresholdMin: number): number {
  if (!(thresholdMin > 0 && thresholdMin <= 180)) throw new InvalidInputError(`threshold ${thresholdMin} min is out of range (0, 180]`, "threshold", thresholdMin);
  return thresholdMin * DS_PER_MIN;
}

/** Greedy max coverage of the people beyond the threshold, up to k steps (fewer when nothing more helps). */
export function suggestAdditions(current: Uint32Array, candidates: readonly (Uint32Array | null)[], population: Uint32Array, thresholdMin: number, k: number): Additions {
  const limit = checkThreshold(thresholdMin);
  if (!Number.isInteger(k) || k < 1) throw new InvalidInputError(`budget ${k} is not a whole number ≥ 1`, "budget", k);
  const beyond: number[] = [];
  let beyondPeople = 0;
  for (let c = 0; c < population.length; c++) {
    if (population[c] > 0 && current[c] > limit) {
      beyond.push(c);
      beyondPeople += population[c];
    }
  }
  const beyondBefore = beyondPeople;
  const taken = new Set<number>();
  const steps: AdditionStep[] = [];
  const covered = new Uint8Array(population.length);
  for (let step = 0; step < k; step++) {
    let best = -1;
    let bestGain = 0;
    candidates.forEach((s, i) => {
      if (!s || taken.has(i)) return;
      let gain = 0;
      for (const c of beyond) if (!covered[c] && s[c] <= limit) gain += population[c];
      if (gain > bestGain) (best = i), (bestGain = gain);
    });
    if (best < 0) break;
    taken.add(best);
    for (const c of beyond) if (candidates[best]![c] <= limit) covered[c] = 1;
    beyondPeople -= bestGain;
    steps.push({ candidate: best, gainPeople: bestGain, beyondAfter: beyondPeople });
  }
  return { beyondBefore, steps };
}

export interface ClosureCost {
  /** Index into the open points. */
  readonly point: number;
  /** People whose time to the level would cross the threshold if this point closed. */
  readonly newlyBeyond: number;
  /** Person-minutes added (times capped at the threshold's 180-min search, so a lower bound where people lose all access). */
  readonly addedPersonMinutes: number;
  /** People for whom this point is the nearest. */
  readonly servedPeople: number;
}

/** The cost of closing each open point alone, least harmful first. */
export function closureCosts(points: readonly (Uint32Array | null)[], population: Uint32Array, thresholdMin: number, cutoffDs = 180 * DS_PER_MIN): ClosureCost[] {
  const limit = checkThreshold(thresholdMin);
  const costs = points.map((_, point) => ({ point, newlyBeyond: 0, addedPersonMinutes: 0, servedPeople: 0 }));
  for (let c = 0; c < population.length; c++) {
    const p = population[c];
    if (p === 0) continue;
    let first = -1;
    let t1 = UNREACHED;
    let t2 = UNREACHED;
    points.forEach((s, i) => {
      if (!s) return;
      const t = s[c];
      if (t < t1) (t2 = t1), (t1 = t), (first = i);
      else if (t < t2) t2 = t;
    });
    if (first < 0 || t1 === UNREACHED) continue;
    const cost = costs[first];
    cost.servedPeople += p;
    if (t1 <= limit && t2 > limit) cost.newlyBeyond += p;
    cost.addedPersonMinutes += (p * (Math.min(t2, cutoffDs) - t1)) / DS_PER_MIN;
  }
  return costs.sort((a, b) => a.newlyBeyond - b.newlyBeyond || a.addedPersonMinutes - b.addedPersonMinutes || a.point - b.point);
}
