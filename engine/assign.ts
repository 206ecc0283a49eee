/**
 * The service-level model: propose a level for every site (municipal centres, hospitals, candidate
 * points) from reach targets, by default everyone within 30 min of an L, 60 min of an A and 180
 * min of an E. Every site is at least L (each is a service point), so L coverage is what it is;
 * E is chosen first, the fewest E sites that bring everyone coverable within the E target; then
 * the fewest further A sites that, with the E sites (E ⊇ A), do the same for the A target. Locks
 * fix a site's level (this hospital stays E, that centre stays L); a site is raised only to a level
 * whose menu it could host (`eligible`). People no site can bring within a target are reported,
 * never silently dropped.
 *
 * Capacity: where sites carry one (residents they can serve), a level's choice is then relieved.
 * A chosen site's catchment is the people whose nearest chosen site of the level (E; A with the E
 * sites) it is, as far as the searches reach. While some chosen site's catchment exceeds
 * `maxLoad` × its capacity, the eligible unchosen site whose addition leaves the least total excess
 * (Σ over chosen sites of catchment − maxLoad × capacity, where positive) is added, if that is less
 * than before; ties go to the lower index. A site without a capacity takes any load. What no
 * addition can relieve stays, reported (`overloaded`). Reach coverage is never traded for load: a
 * site is only added, never dropped, so every target met by the cover stays met.
 */
import { catchments } from "./catchments.ts";
import { exactCover, greedyCover, type CoverResult } from "./cover.ts";
import { InvalidInputError, show } from "./errors.ts";
import type { ServiceLevel } from "./services.ts";
import { DS_PER_MIN, UNREACHED } from "./units.ts";

export interface ReachTargets {
  readonly L: number;
  readonly A: number;
  readonly E: number;
}

export const DEFAULT_TARGETS_MIN: ReachTargets = { L: 30, A: 60, E: 180 };

export interface AssignInput {
  /** Per site: time (ds) from each cell to it, or null for a site off the roads. */
  readonly siteSurfaces: readonly (Uint32Array | null)[];
  /** Whole people per cell. */
  readonly population: Uint32Array;
  /** Per site: a locked level, or undefined. */
  readonly locks?: readonly (ServiceLevel | undefined)[];
  /** Per site: the levels whose menu it could host (catalogue.ts hostableLevels); default every level. */
  readonly eligible?: readonly (readonly ServiceLevel[])[];
  readonly targetsMin?: ReachTargets;
  /** "auto" (default): exact when the search finishes within its budget, else greedy. */
  readonly method?: "greedy" | "exact" | "auto";
  readonly exactSteps?: number;
  /** Per site: the residents it can serve; undefined (or Infinity) for no limit. */
  readonly capacity?: readonly (number | undefined)[];
  /** How far a chosen site's catchment may exceed its capacity before a site is added to relieve it (1 = not at all, the default). */
  readonly maxLoad?: number;
}

export interface LevelChoice {
  readonly level: "A" | "E";
  readonly targetMin: number;
  readonly cover: CoverResult;
  /** People the chosen sites bring within the target, and those beyond it (no site could). */
  readonly withinPeople: number;
  readonly beyondPeople: number;
  /** Sites added to the cover to relieve loads, in the order added (already in cover.chosen); empty without capacities. */
  readonly relief: number[];
  /** Chosen sites whose catchment still exceeds maxLoad × their capacity: nothing eligible could relieve them. */
  readonly overloaded: number[];
  /** Per site: people whose nearest chosen site of the level it is (0 for sites not chosen). */
  readonly catchment: Float64Array;
}

export interface AssignResult {
  /** The proposed level of every site. */
  readonly levels: ServiceLevel[];
  readonly E: LevelChoice;
  readonly A: LevelChoice;
  /** People within the L target of some site (every site is at least L), and beyond it. */
  readonly L: { readonly targetMin: number; readonly withinPeople: number; readonly beyondPeople: number };
}

/** Elements of a cover problem: populated cells grouped by the set of sites within the target. */
function elements(input: AssignInput, sites: number[], targetDs: number): { covers: number[][]; people: number[]; beyond: number } {
  const covers: number[][] = input.siteSurfaces.map(() => []);
  const people: number[] = [];
  const bySignature = new Map<string, number>();
  let beyond = 0;
  const pop = input.population;
  const within: number[] = [];
  for (let c = 0; c < pop.length; c++) {
    if (pop[c] === 0) continue;
    within.length = 0;
    for (const s of sites) if (input.siteSurfaces[s]![c] <= targetDs) within.push(s);
    if (within.length === 0) {
      beyond += pop[c];
      continue;
    }
    const key = within.join(",");
    let e = bySignature.get(key);
    if (e === undefined) {
      e = people.length;
      bySignature.set(key, e);
      people.push(0);
      for (const s of within) covers[s].push(e);
    }
    people[e] += pop[c];
  }
  return { covers, people, beyond };
}

function choose(input: AssignInput, level: "A" | "E", targetMin: number, preChosen: number[], excluded: number[]): LevelChoice {
  const onRoads = input.siteSurfaces.flatMap((s, i) => (s ? [i] : []));
  const { covers, people, beyond } = elements(input, onRoads, targetMin * DS_PER_MIN);
  const problem = { covers, elementPeople: people, preChosen, excluded: [...excluded, ...input.siteSurfaces.flatMap((s, i) => (s ? [] : [i]))] };
  const method = input.method ?? "auto";
  const cover = method === "greedy" ? greedyCover(problem) : exactCover(problem, input.exactSteps);
  if (method === "exact" && !cover.optimal) throw new InvalidInputError(`exact ${level} assignment did not finish within ${input.exactSteps ?? 2_000_000} steps; use greedy`, "method", method);
  const uncoverable = cover.uncoverable.reduce((s, e) => s + people[e], 0);
  const total = people.reduce((s, p) => s + p, 0) + beyond;
  const barred = new Set(problem.excluded);
  const relieved = relieve(input, cover.chosen, onRoads.filter((i) => !barred.has(i)));
  return { level, targetMin, cover: { ...cover, chosen: [...cover.chosen, ...relieved.added] }, withinPeople: total - beyond - uncoverable, beyondPeople: beyond + uncoverable, relief: relieved.added, overloaded: relieved.overloaded, catchment: relieved.catchment };
}

/** Each site's catchment among `chosen` (people whose nearest chosen site it is), per site index. */
function catchmentOf(input: AssignInput, chosen: readonly number[]): { catchment: Float64Array; best: Uint32Array; nearest: Int32Array } {
  const surfaces = chosen.map((i) => input.siteSurfaces[i]!);
  const near = catchments(surfaces, input.population);
  const catchment = new Float64Array(input.siteSurfaces.length);
  chosen.forEach((site, j) => (catchment[site] = near.people[j]));
  const nearest = near.nearest.map((j) => (j < 0 ? -1 : chosen[j]));
  const best = Uint32Array.from(nearest, (site, c) => (site < 0 ? UNREACHED : input.siteSurfaces[site]![c]));
  return { catchment, best, nearest };
}

/** Adds sites to a level's choice while that lowers the total load excess (see the file comment). */
function relieve(input: AssignInput, chosen: readonly number[], allowed: readonly number[]): { added: number[]; overloaded: number[]; catchment: Float64Array } {
  const maxLoad = input.maxLoad ?? 1;
  const capacity = input.capacity ?? [];
  const limit = (i: number) => maxLoad * (capacity[i] ?? Infinity);
  const sites = [...chosen];
  const { catchment, best, nearest } = catchmentOf(input, sites);
  const excess = (i: number, people: number) => Math.max(0, people - limit(i));
  const added: number[] = [];
  const pop = input.population;
  if (capacity.some((c) => c !== undefined && c !== Infinity)) {
    let total = sites.reduce((s, i) => s + excess(i, catchment[i]), 0);
    const moved = new Float64Array(input.siteSurfaces.length);
    while (total > 0) {
      let pick = -1;
      let pickTotal = total;
      for (const k of allowed) {
        if (sites.includes(k)) continue;
        const sk = input.siteSurfaces[k]!;
        moved.fill(0);
        let gain = 0;
        // Cells nearer to k than to their chosen site move to it (ties stay).
        for (let c = 0; c < pop.length; c++) {
          if (pop[c] > 0 && sk[c] < best[c] && sk[c] !== UNREACHED) {
            gain += pop[c];
            if (nearest[c] >= 0) moved[nearest[c]] += pop[c];
          }
        }
        const after = sites.reduce((s, i) => s + excess(i, catchment[i] - moved[i]), excess(k, gain));
        if (after < pickTotal) [pick, pickTotal] = [k, after];
      }
      if (pick < 0) break;
      const sk = input.siteSurfaces[pick]!;
      for (let c = 0; c < pop.length; c++) {
        if (pop[c] > 0 && sk[c] < best[c] && sk[c] !== UNREACHED) {
          if (nearest[c] >= 0) catchment[nearest[c]] -= pop[c];
          catchment[pick] += pop[c];
          best[c] = sk[c];
          nearest[c] = pick;
        }
      }
      sites.push(pick);
      added.push(pick);
      total = pickTotal;
    }
  }
  return { added, overloaded: sites.filter((i) => excess(i, catchment[i]) > 0), catchment };
}

/** Proposes E, A and L levels for the sites (see the file comment). */
export function assignLevels(input: AssignInput): AssignResult {
  const n = input.siteSurfaces.length;
  const targets = input.targetsMin ?? DEFAULT_TARGETS_MIN;
  for (const level of ["L", "A", "E"] as const) {
    const t = targets[level];
    if (!(t > 0 && t <= 180)) throw new InvalidInputError(`target for ${level} ${show(t)} min is out of range (0, 180]`, `targets.${level}`, t);
  }
  const locks = input.locks ?? [];
  if (locks.length > n) throw new InvalidInputError(`${locks.length} locks for ${n} sites`, "locks", locks.length);
  for (const s of input.siteSurfaces) if (s && s.length !== input.population.length) throw new InvalidInputError(`a site surface has ${s.length} cells, the population ${input.population.length}`, "siteSurfaces", s.length);
  const capacity = input.capacity ?? [];
  if (capacity.length > n) throw new InvalidInputError(`${capacity.length} capacities for ${n} sites`, "capacity", capacity.length);
  capacity.forEach((c, i) => {
    if (c !== undefined && !(c >= 0)) throw new InvalidInputError(`capacity of site ${i} is ${show(c)}: a number of people, 0 or more`, `capacity[${i}]`, c);
  });
  if (input.maxLoad !== undefined && !(input.maxLoad > 0 && Number.isFinite(input.maxLoad))) throw new InvalidInputError(`max load ${show(input.maxLoad)} is not a positive factor (1 = the capacity itself)`, "maxLoad", input.maxLoad);
  const lockedAt = (level: ServiceLevel) => locks.flatMap((l, i) => (l === level ? [i] : []));
  const eligible = input.eligible ?? [];
  if (eligible.length > n) throw new InvalidInputError(`${eligible.length} eligibility lists for ${n} sites`, "eligible", eligible.length);
  const may = (i: number, level: ServiceLevel) => eligible[i]?.includes(level) ?? true;
  locks.forEach((l, i) => {
    if (l === undefined) return;
    if (!input.siteSurfaces[i]) throw new InvalidInputError(`site ${i} is locked at ${l} but lies off the roads`, `locks[${i}]`, l);
    if (!may(i, l)) throw new InvalidInputError(`site ${i} is locked at ${l}, a level whose menu it cannot host`, `locks[${i}]`, l);
  });
  const cannot = (level: ServiceLevel) => input.siteSurfaces.flatMap((_, i) => (may(i, level) ? [] : [i]));

  const E = choose(input, "E", targets.E, lockedAt("E"), [...new Set([...lockedAt("A"), ...lockedAt("L"), ...cannot("E")])]);
  // E sites offer the A menu too, so they start the A cover; L-locked sites may not be raised, nor sites that cannot host A.
  const A = choose(input, "A", targets.A, [...E.cover.chosen, ...lockedAt("A").filter((s) => !E.cover.chosen.includes(s))], [...new Set([...lockedAt("L"), ...cannot("A")])]);
  const levels: ServiceLevel[] = new Array<ServiceLevel>(n).fill("L");
  for (const s of A.cover.chosen) levels[s] = "A";
  for (const s of E.cover.chosen) levels[s] = "E";

  let within = 0;
  let beyond = 0;
  const lDs = targets.L * DS_PER_MIN;
  for (let c = 0; c < input.population.length; c++) {
    const p = input.population[c];
    if (p === 0) continue;
    if (input.siteSurfaces.some((s) => s !== null && s[c] <= lDs)) within += p;
    else beyond += p;
  }
  return { levels, E, A, L: { targetMin: targets.L, withinPeople: within, beyondPeople: beyond } };
}
