/**
 * Regional groupings side by side on one study's base surfaces: per grouping, unit and level the
 * people, land, member-to-hub times, time to the nearest L, A and E service and shares within 30
 * and 60 min; per grouping and level how unequal the units are and which is worst off and why.
 * The CLI's `compare`, POST /api/groupings/compare, the job worker and comparison reports all
 * call compare() here.
 */
import {
  Router, compareGroupings, type GroupingComparison, type NamedGrouping, type WorstOff, hubTimesMin, LEVELS, InvalidInputError, show,
} from "../engine/index.ts";
import { FINNISH_MUNICIPALITIES, GROUPINGS, type Grouping } from "../data/facts/index.ts";
import { note, sortNotes, type Note } from "./notes.ts";
import type { StudyInputs } from "./inputs.ts";
import type { Study } from "./study.ts";

/** Most groupings one comparison may hold (built-in and the user's own together). */
export const MAX_GROUPINGS = 20;

/** The "share within" minutes: 30 and 60 where the cutoff allows, else the cutoff itself. */
const SHARE_WITHIN_MIN = [30, 60];

/** How errors name what was given: the CLI's options, or the API body's fields. */
export interface GroupingFields {
  /** The i-th built-in grouping named by id. */
  named(i: number): string;
  /** The region of the i-th grouping of the user's own. */
  ownRegion(i: number): string;
}

const CLI_FIELDS: GroupingFields = { named: () => "groupings", ownRegion: () => "region" };

/**
 * The groupings to compare, checked against the study's region: its groupings (built in, and a
 * region file's) by id, then the user's own; all of the region's when none is named. Each id once,
 * at most MAX_GROUPINGS.
 */
export function chooseGroupings(study: Pick<StudyInputs, "region" | "groupings">, ids: readonly string[], own: readonly Grouping[], fields: GroupingFields = CLI_FIELDS): Grouping[] {
  const { region, groupings } = study;
  const out: Grouping[] = ids.map((id, i) => {
    const g = groupings.find((x) => x.id === id);
    if (g) return g;
    const elsewhere = GROUPINGS.find((x) => x.id === id);
    if (elsewhere) throw new InvalidInputError(`${fields.named(i)}: grouping ${elsewhere.id} is for ${elsewhere.region}, not ${region.id}`, fields.named(i), id);
    throw new InvalidInputError(`${fields.named(i)}: ${show(id)} is no grouping; known for ${region.id}: ${groupings.map((x) => x.id).join(", ") || "none"}`, fields.named(i), id);
  });
  own.forEach((g, i) => {
    if (g.region !== region.id) throw new InvalidInputError(`grouping ${g.id} is for ${g.region}; this study is of ${region.id}`, fields.ownRegion(i), g.region);
    out.push(g);
  });
  if (out.length === 0) out.push(...groupings);
  const seen = new Set<string>();
  for (const g of out) {
    if (seen.has(g.id)) throw new InvalidInputError(`grouping ${g.id} is given twice`, "groupings", g.id);
    seen.add(g.id);
  }
  if (out.length > MAX_GROUPINGS) throw new InvalidInputError(`at most ${MAX_GROUPINGS} groupings in one comparison`, "groupings", out.length);
  return out;
}

/** A comparison with what a reader must know about it, and the worst-off findings in words. */
export interface Comparison {
  readonly groupings: readonly Grouping[];
  readonly comparison: GroupingComparison;
  readonly notes: Note[];
  readonly findings: string[];
}

/** Member-to-hub times routed once per study and profile, kept for the next comparison. */
const hubCaches = new WeakMap<Study, { router: Router; times: Map<string, number | null> }>();

const factsByCode = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));

/** A grouping's units as area indices of the study, with notes on members that cover no cell. */
function unitsOf(g: Grouping, inputs: StudyInputs, notes: Note[]): NamedGrouping {
  const indexOf = new Map(inputs.areas.map((a, i) => [a.code, i]));
  const units = g.units.map((u) => {
    const missing = u.municipalities.filter((c) => !indexOf.has(c));
    if (missing.length > 0) {
      const municipalities = missing.map((c) => ({ code: c, name: { fi: factsByCode.get(c)?.nameFi ?? c, sv: factsByCode.get(c)?.nameSv ?? c } }));
      notes.push(note("unit-member-missing", { grouping: g.id, unit: u.name.fi, municipalities }));
    }
    const hub = u.hub !== undefined ? indexOf.get(u.hub) : undefined;
    return { id: u.id, name: u.name.fi, members: u.municipalities.flatMap((c) => (indexOf.has(c) ? [indexOf.get(c)!] : [])), hub };
  });
  return { id: g.id, name: g.name.fi, units };
}

/** Every grouping's figures on the study's base surfaces at these thresholds, with member-to-hub times routed on the roads. */
export function compare(study: Study, groupings: readonly Grouping[], thresholdsMin?: readonly number[]): Comparison {
  const inputs = study.inputs;
  const result = study.baseAt(thresholdsMin);
  const notes: Note[] = study.notes(result.thresholdsMin);
  // Every area is one of the region's (study/areas.ts), so every one is in a unit: none is outside.
  const outside: number[] = [];
  const cutoffMin = result.thresholdsMin[result.thresholdsMin.length - 1];
  const shareWithinMin = SHARE_WITHIN_MIN.filter((m) => m <= cutoffMin);
  let cache = hubCaches.get(study);
  if (!cache) hubCaches.set(study, (cache = { router: new Router(study.parts.graph, study.parts.snapIndex), times: new Map() }));
  const hubs = cache;
  const units = groupings.map((g) => {
    const n = unitsOf(g, inputs, notes);
    return { ...n, hubMin: hubTimesMin(hubs.router, inputs.areas, n.units, study.profile, study.maxSnapM, hubs.times) };
  });
  const comparison = compareGroupings(
    { surfaces: result.surfaces, population: inputs.population, areaOfCell: inputs.areaOfCell, areas: inputs.areas, grid: inputs.grid, thresholdsMin: result.thresholdsMin, outside, shareWithinMin: shareWithinMin.length > 0 ? shareWithinMin : [cutoffMin] },
    units,
  );
  return { groupings, comparison, notes: sortNotes(notes), findings: findings(comparison) };
}

const pct = (share: number) => Math.round(1000 * share) / 10;

/** One sentence on why a unit is worst off at a level. */
function describeWorst(grouping: string, unitName: string, w: WorstOff, cutoffMin: number): string {
  const times = w.regionMeanMin > 0 ? ` (${(w.meanMin / w.regionMeanMin).toFixed(2)}×)` : "";
  const far = w.farthestMember ? `; its farthest member is ${w.farthestMember.name} (${w.farthestMember.code}) at ${w.farthestMember.meanMin.toFixed(1)} min` : "";
  const bound = w.shareBeyondCutoff > 0 ? ` (at least: ${pct(w.shareBeyondCutoff)}% are beyond ${cutoffMin} min or off the roads, counted at ${cutoffMin})` : "";
  return (
    `${grouping}, ${w.level}: ${unitName} is worst off, ${w.meanMin.toFixed(1)} min on average to the nearest ${w.level} service${bound} against ` +
    `${w.regionMeanMin.toFixed(1)} min over all units${times}; ${pct(w.shareBeyond)}% of its people live beyond ${w.beyondMin} min${far}.`
  );
}

/** The worst-off unit of every grouping at every level, in words. */
function findings(cmp: GroupingComparison): string[] {
  return LEVELS.flatMap((level) =>
    cmp.groupings.flatMap(({ id, figures }) => {
      const w = figures.worst[level];
      return w ? [describeWorst(id, figures.units.find((u) => u.id === w.unit)!.name, w, figures.cutoffMin)] : [];
    }),
  );
}
