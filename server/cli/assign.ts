/**
 * `palveluverkko assign-levels`: propose E, A and L levels for the service points (and any
 * candidate points) from reach targets, honouring locks; report coverage per municipality and who
 * stays beyond the targets. With --budget: the best k additions or upgrades for one level, and
 * what closing each of its points would cost.
 */
import { IncrementalLevels } from "../../engine/incremental.ts";
import { assignLevels, DEFAULT_TARGETS_MIN, type ReachTargets } from "../../engine/assign.ts";
import { closureCosts, suggestAdditions } from "../../engine/suggest.ts";
import { InvalidInputError, NotFoundError, show } from "../../engine/errors.ts";
import { LEVELS, isServiceLevel, offers, type ServiceLevel, type ServicePoint } from "../../engine/services.ts";
import { DS_PER_MIN } from "../../engine/units.ts";
import { readServicePoints } from "../../data/services/index.ts";
import { csvLine, emit } from "./output.ts";
import { openStudy, printNotes, runAnalysis, runNotes, type StudyCliOptions } from "./study.ts";

export interface AssignOptions extends StudyCliOptions {
  region: StudyCliOptions["region"];
  candidates?: string;
  targets: string;
  lock: string[];
  method: "auto" | "greedy" | "exact";
  budget?: number;
  level: string;
  threshold?: number;
  format: "csv" | "json";
}

interface Suggestions {
  level: ServiceLevel;
  threshold_min: number;
  beyond_now: number;
  add_or_upgrade: { id: string; name: string; gain_people: number; beyond_after: number }[];
  closures_least_harmful_first: { id: string; name: string; newly_beyond: number; added_person_minutes: number; served_people: number }[];
}

/** "L=30,A=60,E=180" (any subset; the rest default) → targets in minutes. */
export function parseTargets(text: string): ReachTargets {
  const out: Record<ServiceLevel, number> = { ...DEFAULT_TARGETS_MIN };
  for (const part of text.split(",").filter((p) => p.trim() !== "")) {
    const [level, value] = part.split("=").map((s) => s.trim());
    const minutes = Number(value);
    if (!isServiceLevel(level) || value === undefined || value === "" || !Number.isFinite(minutes)) {
      throw new InvalidInputError(`--targets: ${show(part)} is not LEVEL=MINUTES (e.g. A=60)`, "targets", part);
    }
    out[level] = minutes;
  }
  return out;
}

/** "ID=LEVEL" per --lock → level per site index. */
function parseLocks(locks: readonly string[], sites: readonly ServicePoint[]): (ServiceLevel | undefined)[] {
  const out = new Array<ServiceLevel | undefined>(sites.length).fill(undefined);
  for (const lock of locks) {
    const eq = lock.lastIndexOf("=");
    const id = lock.slice(0, eq);
    const level = lock.slice(eq + 1).toUpperCase();
    if (eq <= 0 || !isServiceLevel(level)) throw new InvalidInputError(`--lock: ${show(lock)} is not ID=LEVEL (e.g. E-meilahti=E)`, "lock", lock);
    const i = sites.findIndex((s) => s.id === id);
    if (i < 0) throw new NotFoundError(`--lock: no service point or candidate with id ${show(id)}`, "lock", id);
    out[i] = level;
  }
  return out;
}

export async function assignCommand(opts: AssignOptions): Promise<void> {
  const targets = parseTargets(opts.targets);
  const level = opts.level.toUpperCase();
  if (!isServiceLevel(level)) throw new InvalidInputError(`--level: ${show(opts.level)} is not L, A or E`, "level", opts.level);
  const opened = await openStudy(opts);
  const { study } = opened;
  const candidates = opts.candidates ? await readServicePoints(opts.candidates) : [];
  const sites = [...study.services.points, ...candidates.map((c) => ({ ...c, level: "L" as const, open: true }))];
  const clash = candidates.find((c) => study.services.points.some((p) => p.id === c.id));
  if (clash) throw new InvalidInputError(`candidate ${show(clash.id)} has the id of a service point`, "candidates", clash.id);
  const locks = parseLocks(opts.lock, sites);
  const inc = new IncrementalLevels(opened.graph, opened.snapIndex, study.links, { profile: opts.profile, maxSnapM: opts.maxSnap });
  const surfaces = sites.map((s) => inc.locationSurface(s));
  const result = assignLevels({ siteSurfaces: surfaces, population: study.population, locks, targetsMin: targets, method: opts.method });
  const proposed = sites.map((s, i) => ({ ...s, level: result.levels[i], open: true }));
  const after = runAnalysis(opened, opts, proposed);
  printNotes(runNotes(opened, after, opts.maxSnap), opts.quiet);

  // People beyond each target per municipality, under the proposed levels.
  const beyond = LEVELS.map((l) => {
    const per = new Array<number>(study.areas.length).fill(0);
    const limit = targets[l] * DS_PER_MIN;
    for (let c = 0; c < study.population.length; c++) {
      const a = study.areaOfCell[c];
      if (a >= 0 && after.surfaces[l][c] > limit) per[a] += study.population[c];
    }
    return per;
  });

  let suggestions: Suggestions | null = null;
  if (opts.budget !== undefined) {
    const threshold = opts.threshold ?? targets[level];
    const current = runAnalysis(opened, opts).surfaces[level];
    const open = study.services.points.filter((p) => p.open && offers(p.level, level));
    const upgradable = sites.filter((p) => !(p.open && offers(p.level, level) && study.services.points.includes(p)));
    const additions = suggestAdditions(current, upgradable.map((p) => inc.locationSurface(p)), study.population, threshold, opts.budget);
    const closures = closureCosts(open.map((p) => inc.locationSurface(p)), study.population, threshold);
    suggestions = {
      level,
      threshold_min: threshold,
      beyond_now: additions.beyondBefore,
      add_or_upgrade: additions.steps.map((s) => ({ id: upgradable[s.candidate].id, name: upgradable[s.candidate].name.fi, gain_people: s.gainPeople, beyond_after: s.beyondAfter })),
      closures_least_harmful_first: closures.map((c) => ({ id: open[c.point].id, name: open[c.point].name.fi, newly_beyond: c.newlyBeyond, added_person_minutes: Math.round(c.addedPersonMinutes), served_people: c.servedPeople })),
    };
  }

  const siteRows = sites.map((s, i) => ({
    id: s.id,
    name: s.name.fi,
    municipality: s.municipality,
    current_level: i < study.services.points.length ? (s.open ? s.level : `${s.level} (closed)`) : "candidate",
    proposed_level: result.levels[i],
    locked: locks[i] ?? "",
  }));
  const coverage = {
    targets_min: targets,
    E: { sites: result.E.cover.chosen.length, method: result.E.cover.method, optimal: result.E.cover.optimal, bound: result.E.cover.bound, within: result.E.withinPeople, beyond: result.E.beyondPeople },
    A: { sites: result.A.cover.chosen.length, method: result.A.cover.method, optimal: result.A.cover.optimal, bound: result.A.cover.bound, within: result.A.withinPeople, beyond: result.A.beyondPeople },
    L: { sites: sites.length, within: result.L.withinPeople, beyond: result.L.beyondPeople },
  };
  const perArea = study.areas.map((a, i) => ({ code: a.code, name: a.name, population: after.perArea.L[i].population, beyond_L: beyond[0][i], beyond_A: beyond[1][i], beyond_E: beyond[2][i] }));
  if (opts.format === "json") {
    await emit(JSON.stringify({ roads: opened.roads, coverage, sites: siteRows, municipalities: perArea, suggestions }, null, 2) + "\n", opts.out);
    return;
  }
  let text = csvLine(["id", "name", "municipality", "current_level", "proposed_level", "locked"]) + siteRows.map((r) => csvLine(Object.values(r))).join("");
  text += `\n${csvLine(["code", "name", "population", `beyond_L_${targets.L}_min`, `beyond_A_${targets.A}_min`, `beyond_E_${targets.E}_min`])}`;
  text += perArea.map((r) => csvLine([r.code, r.name, r.population, r.beyond_L, r.beyond_A, r.beyond_E])).join("");
  if (suggestions) {
    const sg = suggestions;
    text += `\n${csvLine(["step", "add_or_upgrade_id", "name", `${sg.level}_gain_people_within_${sg.threshold_min}_min`, "beyond_after"])}`;
    text += sg.add_or_upgrade.map((a, i) => csvLine([i + 1, a.id, a.name, a.gain_people, a.beyond_after])).join("");
    text += `\n${csvLine(["rank", "close_id", "name", `${sg.level}_newly_beyond_${sg.threshold_min}_min`, "added_person_minutes", "served_people"])}`;
    text += sg.closures_least_harmful_first.map((c, i) => csvLine([i + 1, c.id, c.name, c.newly_beyond, c.added_person_minutes, c.served_people])).join("");
  }
  await emit(text, opts.out);
  if (!opts.quiet) {
    const how = (c: typeof coverage.E) => (c.optimal ? "exact minimum" : `greedy, at most ${c.bound.toFixed(1)} × the minimum`);
    process.stderr.write(
      `E: ${coverage.E.sites} sites (${how(coverage.E)}), ${coverage.E.beyond} people beyond ${targets.E} min; ` +
        `A: ${coverage.A.sites} sites incl. E (${how(coverage.A)}), ${coverage.A.beyond} beyond ${targets.A} min; ` +
        `L: ${coverage.L.beyond} beyond ${targets.L} min.\n`,
    );
  }
}
