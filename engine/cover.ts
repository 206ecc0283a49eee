/**
 * Minimum set cover over grid cells, for choosing the fewest service points that bring everyone
 * within a reach target. Elements are populated cells; cells reached by exactly the same sites are
 * one element (a "signature"), which shrinks the problem a hundredfold without changing it.
 * - greedy: repeatedly the site covering the most uncovered elements (ties: more people, then the
 *   lower index). Classic bound (Johnson 1974, Chvátal 1979): at most H(d) × optimum sites, where
 *   d is the largest number of elements one site covers and H(d) = 1 + 1/2 + … + 1/d.
 * - exact: depth-first branch and bound (branch on the sites covering the first uncovered element,
 *   prune at the best size found, the greedy size to start), with a step budget; when the budget
 *   runs out the greedy answer stands and the result says so.
 */
import { InvalidInputError } from "./errors.ts";

export interface CoverProblem {
  /** Per site, the elements it covers (indices into elementPeople). */
  readonly covers: readonly (readonly number[])[];
  /** People per element (for tie-breaks and reporting). */
  readonly elementPeople: readonly number[];
  /** Sites chosen beforehand (locks, or the level above in the nesting). */
  readonly preChosen: readonly number[];
  /** Sites that may not be chosen. */
  readonly excluded: readonly number[];
}

export interface CoverResult {
  /** All chosen sites: preChosen first, then the added ones in the order picked. */
  readonly chosen: number[];
  /** Sites added beyond preChosen. */
  readonly added: number[];
  readonly method: "greedy" | "exact";
  /** True when exact search finished: no smaller set of additions covers the elements. */
  readonly optimal: boolean;
  /** The greedy guarantee H(d); 1 when optimal. */
  readonly bound: number;
  /** Elements no allowed site covers. */
  readonly uncoverable: number[];
}

/** H(d) = 1 + 1/2 + … + 1/d. */
export function harmonic(d: number): number {
  let h = 0;
  for (let i = 1; i <= d; i++) h += 1 / i;
  return h;
}

/** Elements to cover: not covered by preChosen sites, and covered by some allowed site. */
function openElements(p: CoverProblem): { open: boolean[]; uncoverable: number[] } {
  const n = p.elementPeople.length;
  const covered = new Array<boolean>(n).fill(false);
  const reachable = new Array<boolean>(n).fill(false);
  const excluded = new Set(p.excluded);
  const pre = new Set(p.preChosen);
  p.covers.forEach((elements, site) => {
    for (const e of elements) {
      if (pre.has(site)) covered[e] = true;
      if (!excluded.has(site)) reachable[e] = true;
    }
  });
  const open = covered.map((c, e) => !c && reachable[e]);
  const uncoverable = covered.flatMap((c, e) => (!c && !reachable[e] ? [e] : []));
  return { open, uncoverable };
}

function check(p: CoverProblem): void {
  for (const s of [...p.preChosen, ...p.excluded]) {
    if (!(s >= 0 && s < p.covers.length)) throw new InvalidInputError(`site ${s} is not one of the ${p.covers.length} sites`, "site", s);
  }
  const both = p.preChosen.find((s) => p.excluded.includes(s));
  if (both !== undefined) throw new InvalidInputError(`site ${both} is both required and excluded`, "site", both);
}

/** Greedy cover of every coverable element. */
export function greedyCover(p: CoverProblem): CoverResult {
  check(p);
  const { open, uncoverable } = openElements(p);
  const excluded = new Set([...p.excluded, ...p.preChosen]);
  const added: number[] = [];
  let largest = 0;
  for (let s = 0; s < p.covers.length; s++) if (!excluded.has(s)) largest = Math.max(largest, p.covers[s].filter((e) => open[e]).length);
  for (;;) {
    let best = -1;
    let bestCount = 0;
    let bestPeople = 0;
    for (let s = 0; s < p.covers.length; s++) {
      if (excluded.has(s)) continue;
      let count = 0;
      let people = 0;
      for (const e of p.covers[s]) if (open[e]) (count++, (people += p.elementPeople[e]));
      if (count > bestCount || (count === bestCount && count > 0 && people > bestPeople)) (best = s), (bestCount = count), (bestPeople = people);
    }
    if (best < 0) break;
    added.push(best);
    excluded.add(best);
    for (const e of p.covers[best]) open[e] = false;
  }
  return { chosen: [...p.preChosen, ...added], added, method: "greedy", optimal: false, bound: harmonic(largest), uncoverable };
}

/** Exact minimum cover by branch and bound, within `maxSteps` search steps; else the greedy result. */
export function exactCover(p: CoverProblem, maxSteps = 2_000_000): CoverResult {
  const greedy = greedyCover(p);
  const { open } = openElements(p);
  const elements = open.flatMap((o, e) => (o ? [e] : []));
  const excluded = new Set([...p.excluded, ...p.preChosen]);
  // Per open element, the allowed sites covering it, most-covering first (finds good sets early).
  const size = p.covers.map((c) => c.length);
  const coveringSites = new Map<number, number[]>();
  p.covers.forEach((es, s) => {
    if (excluded.has(s)) return;
    for (const e of es) if (open[e]) (coveringSites.get(e) ?? coveringSites.set(e, []).get(e)!).push(s);
  });
  for (const list of coveringSites.values()) list.sort((a, b) => size[b] - size[a] || a - b);
  const coverCount = new Map<number, number>(elements.map((e) => [e, 0]));
  let best = greedy.added.slice();
  const stack: number[] = [];
  let steps = 0;
  let gaveUp = false;
  const toggle = (s: number, d: number) => {
    for (const e of p.covers[s]) if (open[e]) coverCount.set(e, coverCount.get(e)! + d);
  };
  const search = (): void => {
    if (gaveUp) return;
    if (++steps > maxSteps) {
      gaveUp = true;
      return;
    }
    const first = elements.find((e) => coverCount.get(e) === 0);
    if (first === undefined) {
      if (stack.length < best.length) best = stack.slice();
      return;
    }
    if (stack.length + 1 >= best.length) return;
    for (const s of coveringSites.get(first)!) {
      if (stack.includes(s)) continue;
      stack.push(s);
      toggle(s, 1);
      search();
      toggle(s, -1);
      stack.pop();
    }
  };
  search();
  if (gaveUp) return greedy;
  return { chosen: [...p.preChosen, ...best], added: best, method: "exact", optimal: true, bound: 1, uncoverable: greedy.uncoverable };
}
