/**
 * `palveluverkko assign-levels`: propose E, A and L levels for the service points (and any
 * candidate points) from reach targets, honouring locks; report coverage per municipality and who
 * stays beyond the targets. With --budget: the best k additions or upgrades for one level, and
 * what closing each of its points would cost. Where sites carry capacities, a proposed E or A
 * site whose catchment exceeds --max-load × its capacity is relieved by raising another eligible
 * site (engine/assign.ts); each site's load at its proposed level is shown.
 */
import { DEFAULT_TARGETS_MIN, type ReachTargets, InvalidInputError, show, isServiceLevel, type ServiceLevel } from "../../engine/index.ts";
import { readServicePoints } from "../../data/services/index.ts";
import { assign, noteJson } from "../../study/index.ts";
import { csvLine, emit, printNotes } from "./output.ts";
import { openStudy, type StudyCliOptions } from "./study.ts";

export interface AssignOptions extends StudyCliOptions {
  region: StudyCliOptions["region"];
  candidates?: string;
  targets: string;
  lock: string[];
  method: "auto" | "greedy" | "exact";
  budget?: number;
  level: string;
  threshold?: number;
  /** How far a proposed site's catchment may exceed its capacity (default 1). */
  maxLoad?: number;
  format: "csv" | "json";
}

/** "L=30,A=60,E=180" (any subset; the rest default) → targets in minutes. */
function parseTargets(text: string): ReachTargets {
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

/** "ID=LEVEL" per --lock → the locks, checked for form (the study checks the ids). */
function parseLocks(locks: readonly string[]): { id: string; level: ServiceLevel }[] {
  return locks.map((lock) => {
    const eq = lock.lastIndexOf("=");
    const level = lock.slice(eq + 1).toUpperCase();
    if (eq <= 0 || !isServiceLevel(level)) throw new InvalidInputError(`--lock: ${show(lock)} is not ID=LEVEL (e.g. E-meilahti=E)`, "lock", lock);
    return { id: lock.slice(0, eq), level };
  });
}

export async function assignCommand(opts: AssignOptions): Promise<void> {
  const targets = parseTargets(opts.targets);
  const level = opts.level.toUpperCase();
  if (!isServiceLevel(level)) throw new InvalidInputError(`--level: ${show(opts.level)} is not L, A or E`, "level", opts.level);
  const locks = parseLocks(opts.lock);
  const candidates = opts.candidates ? await readServicePoints(opts.candidates) : [];
  const study = await openStudy(opts);
  const { notes, ...out } = assign(study, { candidates, targets, locks, method: opts.method, budget: opts.budget, level, thresholdMin: opts.threshold, maxLoad: opts.maxLoad });
  printNotes(notes, opts.quiet);
  const { coverage, sites: siteRows, municipalities: perArea, suggestions } = out;
  if (opts.format === "json") {
    await emit(JSON.stringify({ ...out, notes: notes.map(noteJson) }, null, 2) + "\n", opts.out);
    return;
  }
  let text = csvLine(["id", "name", "municipality", "current_level", "proposed_level", "locked", "can_host", "capacity", "catchment_people", "load_pct", "raised_for_capacity"]);
  text += siteRows.map((r) => csvLine(Object.values({ ...r, raised_for_capacity: r.raised_for_capacity ? "yes" : "" }))).join("");
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
    const cap = coverage.capacity;
    if (cap) {
      const raised = [...coverage.E.raised_for_capacity, ...coverage.A.raised_for_capacity];
      const over = [...new Set([...coverage.E.overloaded, ...coverage.A.overloaded])];
      process.stderr.write(
        `Capacities (max load ${cap.max_load}): ${raised.length > 0 ? `raised to relieve loads: ${raised.join(", ")}` : "no site raised for load"}` +
          `${over.length > 0 ? `; still over: ${over.join(", ")}` : ""}; unserved under capacity: E ${coverage.E.unserved_under_capacity}, A ${coverage.A.unserved_under_capacity}, L ${coverage.L.unserved_under_capacity}.\n`,
      );
    }
  }
}
