/**
 * Regional groupings side by side on one study's base surfaces: per grouping, unit and level the
 * people, land, member-to-hub times, time to the nearest L, A and E service and shares within 30
 * and 60 min; per grouping and level how unequal the units are and which is worst off and why.
 * The CLI's `compare`, POST /api/groupings/compare, the job worker and comparison reports all
 * call compare() here.
 */
import {
  compareGroupings, type GroupingComparison, type NamedGrouping, type WorstOff, hubTimesMin, LEVELS, InvalidInputError, show, type ServiceLevel, type LocalText, type LevelSurfaces,
} from "../engine/index.ts";
import { FINNISH_MUNICIPALITIES, GROUPINGS, type Grouping, type GroupingUnit } from "../data/facts/index.ts";
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
const hubCaches = new WeakMap<Study, Map<string, number | null>>();

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

const MEMBERS: LocalText = { fi: "kuntaa", sv: "kommuner", en: "municipalities" };
const MEMBER: LocalText = { fi: "kunta", sv: "kommun", en: "municipality" };

/**
 * The groupings with every unit told apart by name: where two groupings compared have units with
 * one name in any language but different members (a user's "West Uusimaa" of seven against the
 * county of ten), each such unit gets its member count in its names, so no two different units are
 * shown under one name. Ids stay as given: they are the grouping's own keys, always shown with the
 * grouping's id. The same unit in two groupings keeps its name.
 */
function distinctUnits(groupings: readonly Grouping[]): Grouping[] {
  const key = (u: GroupingUnit) => [...u.municipalities].sort().join(",");
  const labels = (u: GroupingUnit) => [`fi:${u.name.fi}`, `sv:${u.name.sv}`, `en:${u.name.en}`];
  const members = new Map<string, Set<string>>();
  for (const g of groupings) for (const u of g.units) for (const l of labels(u)) members.set(l, (members.get(l) ?? new Set()).add(key(u)));
  const clashes = (u: GroupingUnit) => labels(u).some((l) => members.get(l)!.size > 1);
  return groupings.map((g) => ({
    ...g,
    units: g.units.map((u) => {
      if (!clashes(u)) return u;
      const k = u.municipalities.length;
      const counted = (l: keyof LocalText) => `${u.name[l]} (${k} ${(k === 1 ? MEMBER : MEMBERS)[l]})`;
      return { ...u, name: { fi: counted("fi"), sv: counted("sv"), en: counted("en") } };
    }),
  }));
}

/**
 * What a comparison measures: by default the level surfaces over everyone; else another service's
 * surfaces (a type's, a language group's levels) over some people (a language's speakers).
 */
export interface ComparisonSubject {
  readonly surfaces: LevelSurfaces;
  readonly population: Uint32Array;
}

/** Every grouping's figures on the study's base surfaces (or a subject's) at these thresholds, with member-to-hub times routed on the roads. */
export function compare(study: Study, chosen: readonly Grouping[], thresholdsMin?: readonly number[], subject?: ComparisonSubject): Comparison {
  const inputs = study.inputs;
  const groupings = distinctUnits(chosen);
  const result = study.baseAt(thresholdsMin);
  const notes: Note[] = study.notes(result.thresholdsMin);
  // Every area is one of the region's (study/areas.ts), so every one is in a unit: none is outside.
  const outside: number[] = [];
  const cutoffMin = result.thresholdsMin[result.thresholdsMin.length - 1];
  const shareWithinMin = SHARE_WITHIN_MIN.filter((m) => m <= cutoffMin);
  let hubTimes = hubCaches.get(study);
  if (!hubTimes) hubCaches.set(study, (hubTimes = new Map()));
  const units = groupings.map((g) => {
    const n = unitsOf(g, inputs, notes);
    return { ...n, hubMin: hubTimesMin(study.router, inputs.areas, n.units, study.profile, study.maxSnapM, hubTimes) };
  });
  // The base surfaces hold every time up to the study's cutoff, whatever thresholds are shown:
  // the measures use all of it, so shorter thresholds do not censor them.
  const comparison = compareGroupings(
    {
      surfaces: subject?.surfaces ?? result.surfaces, population: subject?.population ?? inputs.population, areaOfCell: inputs.areaOfCell, areas: inputs.areas, grid: inputs.grid, thresholdsMin: result.thresholdsMin,
      horizonMin: study.cutoffMin, offRoad: offRoadCells(inputs.links.edge), outside, shareWithinMin: shareWithinMin.length > 0 ? shareWithinMin : [cutoffMin],
    },
    units,
  );
  return { groupings, comparison, notes: sortNotes(notes), findings: findings(comparison) };
}

/** 1 for each cell with no road within reach (no link to the network). */
function offRoadCells(edge: Int32Array): Uint8Array {
  const out = new Uint8Array(edge.length);
  for (let c = 0; c < edge.length; c++) out[c] = edge[c] < 0 ? 1 : 0;
  return out;
}

const pct = (share: number) => Math.round(1000 * share) / 10;

/** A mean in words: "24.5 min", or "at least 24.4 min" when censored. */
const minutes = (m: number, lowerBound: boolean) => `${lowerBound ? "at least " : ""}${m.toFixed(1)} min`;

/** The farthest member in words, or the members that may be farthest when the order is open. */
function describeFarthest(w: WorstOff): string {
  if (w.farthestMember) return `; its farthest member is ${w.farthestMember.name} (${w.farthestMember.code}) at ${minutes(w.farthestMember.meanMin, w.farthestMember.lowerBound)}`;
  if (w.farthestCandidates.length > 1) return `; its farthest member cannot be told at these times: ${w.farthestCandidates.map((m) => `${m.name} (${minutes(m.meanMin, m.lowerBound)})`).join(" or ")}`;
  return "";
}

/** One sentence on why a unit is worst off at a level. */
function describeWorst(grouping: string, unitName: string, w: WorstOff, horizonMin: number): string {
  const times = w.regionMeanMin > 0 ? ` (${(w.meanMin / w.regionMeanMin).toFixed(2)}×${w.meanIsLowerBound || w.regionMeanIsLowerBound ? ", censored" : ""})` : "";
  const bound = w.meanIsLowerBound ? ` (some of its people are beyond ${horizonMin} min and count at ${horizonMin})` : "";
  return (
    `${grouping}, ${w.level}: ${unitName} is worst off, ${minutes(w.meanMin, w.meanIsLowerBound)} on average to the nearest ${w.level} service${bound} against ` +
    `${minutes(w.regionMeanMin, w.regionMeanIsLowerBound)} over all units${times}; ${pct(w.shareBeyond)}% of its people live beyond ${w.beyondMin} min${describeFarthest(w)}.`
  );
}

/** Why no unit can be named worst off: the units that may be, with their means. */
function describeOpen(grouping: string, level: ServiceLevel, f: GroupingComparison["groupings"][number]["figures"], candidates: readonly string[]): string {
  const units = candidates.map((id) => f.units.find((x) => x.id === id)!);
  const named = units.map((u) => `${u.name} (${minutes(u.levels[level].censoredMeanMin!, u.levels[level].meanIsLowerBound)})`);
  return units.some((u) => u.levels[level].meanIsLowerBound)
    ? `${grouping}, ${level}: the worst-off unit cannot be told, since times beyond ${f.horizonMin} min are not known: ${named.join(" or ")}.`
    : `${grouping}, ${level}: no one unit is worst off; these are tied: ${named.join(" and ")}.`;
}

/** The worst-off unit of every grouping at every level, in words. */
function findings(cmp: GroupingComparison): string[] {
  return LEVELS.flatMap((level) =>
    cmp.groupings.flatMap(({ id, figures }) => {
      const w = figures.worst[level];
      if (w) return [describeWorst(id, figures.units.find((u) => u.id === w.unit)!.name, w, figures.horizonMin)];
      const c = figures.worstCandidates[level];
      return c.length > 1 ? [describeOpen(id, level, figures, c)] : [];
    }),
  );
}
