/**
 * Level assignment and budget suggestions on an open study: propose E, A and L levels for the
 * service points (and candidate points) from reach targets, honouring locks; who stays beyond the
 * targets per municipality under the proposal; and with a budget, the best additions or upgrades
 * for one level and what closing each of its points would cost. `palveluverkko assign-levels`
 * renders what assign() returns.
 */
import {
  IncrementalLevels, assignLevels, type ReachTargets, closureCosts, suggestAdditions, InvalidInputError, NotFoundError, show, LEVELS, offers,
  type ServiceLevel, type ServicePoint, DS_PER_MIN, hostableLevels, checkPointTypes, catchments, assignWithCapacity,
} from "../engine/index.ts";
import type { Note } from "./notes.ts";
import type { Study } from "./study.ts";

export interface AssignRequest {
  /** Candidate sites besides the service points, each an L point here, raised only to levels whose menu it could host (its level's and can_host). */
  candidates: readonly ServicePoint[];
  targets: ReachTargets;
  /** Sites whose level is fixed, by id. */
  locks: readonly { id: string; level: ServiceLevel }[];
  method: "auto" | "greedy" | "exact";
  /** With a budget: the best `budget` additions or upgrades for `level`, and closure costs. */
  budget?: number;
  level: ServiceLevel;
  /** Minutes for the suggestions (default the level's target). */
  thresholdMin?: number;
  /** How far a proposed site's catchment may exceed its capacity before another site is raised to relieve it (default 1: not at all). */
  maxLoad?: number;
}

/** How capacities enter the proposal, for every output that shows it. */
const CAPACITY_RULE =
  "Where sites carry a capacity (residents they can serve), a proposed E or A site whose catchment (the people whose nearest proposed site of that level it is) exceeds max_load × its capacity is relieved: the eligible site whose raising leaves the least total excess is raised too, while that lowers the excess; reach is never traded for load. A site without a capacity takes any load. load_pct is the catchment at the proposed level over the capacity; unserved_under_capacity counts the people left when each proposed site takes at most its capacity, nearest first (engine/catchments.ts).";

interface Suggestions {
  level: ServiceLevel;
  threshold_min: number;
  beyond_now: number;
  add_or_upgrade: { id: string; name: string; gain_people: number; beyond_after: number }[];
  closures_least_harmful_first: { id: string; name: string; newly_beyond: number; added_person_minutes: number; served_people: number }[];
}

/** Level per site index from the locks; NotFoundError naming an unknown id, InvalidInputError for a level the site cannot host. */
function lockLevels(locks: AssignRequest["locks"], sites: readonly ServicePoint[], eligible: readonly ServiceLevel[][]): (ServiceLevel | undefined)[] {
  const out = new Array<ServiceLevel | undefined>(sites.length).fill(undefined);
  for (const lock of locks) {
    const i = sites.findIndex((s) => s.id === lock.id);
    if (i < 0) throw new NotFoundError(`--lock: no service point or candidate with id ${show(lock.id)}`, "lock", lock.id);
    if (!eligible[i].includes(lock.level)) {
      throw new InvalidInputError(`--lock: ${show(lock.id)} cannot host the ${lock.level} menu (it could take ${eligible[i].join(", ") || "no level"}); give it can_host in the services file`, "lock", `${lock.id}=${lock.level}`);
    }
    out[i] = lock.level;
  }
  return out;
}

/** The proposal, coverage per level, people beyond the targets per municipality, suggestions, and the notes of the proposed set. */
export function assign(study: Study, req: AssignRequest) {
  const { inputs } = study;
  const clash = req.candidates.find((c) => inputs.services.points.some((p) => p.id === c.id));
  if (clash) throw new InvalidInputError(`candidate ${show(clash.id)} has the id of a service point`, "candidates", clash.id);
  checkPointTypes(req.candidates, inputs.catalogue);
  // What each site could host, from the points as given (a candidate's level is the most it offers as it stands).
  const eligible = [...inputs.services.points, ...req.candidates].map((p) => hostableLevels(p, inputs.catalogue));
  const sites = [...inputs.services.points, ...req.candidates.map((c) => ({ ...c, level: "L" as const, open: true }))];
  const locks = lockLevels(req.locks, sites, eligible);
  const inc = new IncrementalLevels(study.parts.graph, study.parts.snapIndex, inputs.links, { profile: study.profile, model: study.model, maxSnapM: study.maxSnapM });
  const surfaces = sites.map((s) => inc.locationSurface(s));
  const capacity = sites.map((s) => s.capacity);
  const capacities = capacity.some((c) => c !== undefined);
  const result = assignLevels({ siteSurfaces: surfaces, population: inputs.population, locks, eligible, targetsMin: req.targets, method: req.method, capacity, maxLoad: req.maxLoad });
  const proposed = sites.map((s, i) => ({ ...s, level: result.levels[i], open: true }));
  const after = study.analysePoints(proposed);
  const targets = req.targets;

  // People beyond each target per municipality, under the proposed levels.
  const beyond = LEVELS.map((l) => {
    const per = new Array<number>(inputs.areas.length).fill(0);
    const limit = targets[l] * DS_PER_MIN;
    for (let c = 0; c < inputs.population.length; c++) {
      const a = inputs.areaOfCell[c];
      if (a >= 0 && after.result.surfaces[l][c] > limit) per[a] += inputs.population[c];
    }
    return per;
  });

  let suggestions: Suggestions | null = null;
  if (req.budget !== undefined) {
    const level = req.level;
    const threshold = req.thresholdMin ?? targets[level];
    const current = study.base.surfaces[level];
    const open = inputs.services.points.filter((p) => p.open && offers(p.level, level));
    // Only sites that could host the level's menu are offered as additions or upgrades.
    const upgradable = sites.filter((p, i) => eligible[i].includes(level) && !(p.open && offers(p.level, level) && inputs.services.points.includes(p)));
    const additions = suggestAdditions(current, upgradable.map((p) => inc.locationSurface(p)), inputs.population, threshold, req.budget);
    const closures = closureCosts(open.map((p) => inc.locationSurface(p)), inputs.population, threshold);
    suggestions = {
      level,
      threshold_min: threshold,
      beyond_now: additions.beyondBefore,
      add_or_upgrade: additions.steps.map((s) => ({ id: upgradable[s.candidate].id, name: upgradable[s.candidate].name.fi, gain_people: s.gainPeople, beyond_after: s.beyondAfter })),
      closures_least_harmful_first: closures.map((c) => ({ id: open[c.point].id, name: open[c.point].name.fi, newly_beyond: c.newlyBeyond, added_person_minutes: Math.round(c.addedPersonMinutes), served_people: c.servedPeople })),
    };
  }

  // Loads under the proposal: each site at its proposed level (L: every site is one), and who is left when each takes at most its capacity.
  const onRoads = sites.flatMap((_, i) => (surfaces[i] ? [i] : []));
  const lCatchment = catchments(onRoads.map((i) => surfaces[i]!), inputs.population).people;
  const catchmentAt = (i: number) => (result.levels[i] === "E" ? result.E.catchment[i] : result.levels[i] === "A" ? result.A.catchment[i] : surfaces[i] ? lCatchment[onRoads.indexOf(i)] : 0);
  const unserved = (chosen: readonly number[]) => {
    const placed = chosen.filter((i) => surfaces[i]);
    return assignWithCapacity(placed.map((i) => surfaces[i]!), inputs.population, placed.map((i) => capacity[i] ?? Infinity)).unserved;
  };
  const relief = new Set([...result.E.relief, ...result.A.relief]);
  const siteRows = sites.map((s, i) => ({
    id: s.id,
    name: s.name.fi,
    municipality: s.municipality,
    current_level: i < inputs.services.points.length ? (s.open ? s.level : `${s.level} (closed)`) : "candidate",
    proposed_level: result.levels[i],
    locked: locks[i] ?? "",
    can_host: eligible[i].join(" "),
    capacity: capacity[i] ?? null,
    catchment_people: catchmentAt(i),
    load_pct: capacity[i] ? Math.round((1000 * catchmentAt(i)) / capacity[i]!) / 10 : null,
    raised_for_capacity: relief.has(i),
  }));
  const name = (i: number) => sites[i].id;
  const cover = (c: (typeof result)["E"]) => ({
    sites: c.cover.chosen.length, method: c.cover.method, optimal: c.cover.optimal, bound: c.cover.bound, within: c.withinPeople, beyond: c.beyondPeople,
    raised_for_capacity: c.relief.map(name), overloaded: c.overloaded.map(name), unserved_under_capacity: capacities ? unserved(c.cover.chosen) : null,
  });
  const coverage = {
    targets_min: targets, E: cover(result.E), A: cover(result.A),
    L: { sites: sites.length, within: result.L.withinPeople, beyond: result.L.beyondPeople, unserved_under_capacity: capacities ? unserved(onRoads) : null },
    capacity: capacities ? { max_load: req.maxLoad ?? 1, rule: CAPACITY_RULE } : null,
  };
  const municipalities = inputs.areas.map((a, i) => ({ code: a.code, name: a.name, population: after.result.perArea.L[i].population, beyond_L: beyond[0][i], beyond_A: beyond[1][i], beyond_E: beyond[2][i] }));
  const notes: Note[] = after.notes;
  return { roads: study.roads, coverage, sites: siteRows, municipalities, suggestions, notes };
}
