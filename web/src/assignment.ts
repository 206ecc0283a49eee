/**
 * The planner's regional grouping as plain data, with no DOM: a built-in grouping to start from
 * and the municipalities moved out of their unit in it (kept net: one move per municipality, none
 * that puts one back where the base has it), the built-in groupings to compare it with, and its
 * part of the URL hash. From these comes the grouping document POST /api/groupings/compare takes.
 */
import type { CompareRequest, GroupingInfo, GroupingList, LocalName } from "./api.ts";

/** A municipality (three-digit code) in a unit (an id of the base's units, or a new one's). */
export interface Move {
  code: string;
  unit: string;
}

export interface GroupingState {
  /** Whether the panel shows the groupings (`panel=groupings`). */
  open: boolean;
  /** The built-in grouping the planner's starts from; null: the region's default. */
  base: string | null;
  /** Municipalities moved out of their unit in the base, in the order first moved. */
  moves: Move[];
  /** Built-in groupings shown next to the planner's; null: all of the region's. */
  compare: string[] | null;
}

export const DEFAULT_GROUPING_STATE: GroupingState = { open: false, base: null, moves: [], compare: null };

/** The id the planner's grouping has in a comparison; no built-in grouping is called so. */
export const CUSTOM_ID = "custom";

/** Units the planner adds are `new-1`, `new-2`, …, so a link needs nothing but the moves to make them. */
const NEW_UNIT = /^new-(\d{1,3})$/;
const CODE = /^\d{3}$/;
/** As grouping ids are in grouping files (data/facts/grouping-file.ts). */
const GROUPING_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The number of a new unit (`new-3` → 3), or null for a unit of the base. */
export function newUnitNumber(id: string): number | null {
  const m = NEW_UNIT.exec(id);
  return m ? Number(m[1]) : null;
}

/** The next new unit's id: one more than the highest of `ids`. */
export function freshUnitId(ids: readonly string[]): string {
  return `new-${Math.max(0, ...ids.map((id) => newUnitNumber(id) ?? 0)) + 1}`;
}

/** Each municipality's unit in the base. */
function baseUnits(base: GroupingInfo): Map<string, string> {
  return new Map(base.units.flatMap((u) => u.municipalities.map((c) => [c, u.id] as const)));
}

/** Each municipality's unit after the moves (moves of codes the base lacks are ignored). */
export function unitsAfter(base: GroupingInfo, moves: readonly Move[]): Map<string, string> {
  const out = baseUnits(base);
  for (const m of moves) if (out.has(m.code)) out.set(m.code, m.unit);
  return out;
}

/** The moves with `code` in `unit`: replaced where it stands, and dropped once back in its base unit. */
export function moveTo(base: GroupingInfo, moves: readonly Move[], code: string, unit: string): Move[] {
  const home = baseUnits(base).get(code);
  if (home === undefined) return [...moves];
  const at = moves.findIndex((m) => m.code === code);
  if (unit === home) return moves.filter((_, i) => i !== at);
  if (at < 0) return [...moves, { code, unit }];
  return moves.map((m, i) => (i === at ? { code, unit } : m));
}

/**
 * Only the moves that mean something for this base: a code of its region, into one of its units
 * or a new one, not back home; one per code (the last). For a hand-edited or outdated link.
 */
export function cleanMoves(base: GroupingInfo, moves: readonly Move[]): Move[] {
  const units = new Set(base.units.map((u) => u.id));
  let out: Move[] = [];
  for (const m of moves) if (units.has(m.unit) || newUnitNumber(m.unit) !== null) out = moveTo(base, out, m.code, m.unit);
  return out;
}

/** A unit of the planner's grouping: members in base order, then those moved in, in move order. */
export interface PlannedUnit {
  id: string;
  /** null for a new unit (named by the app, in the app's language). */
  name: LocalName | null;
  municipalities: string[];
  /** The base unit's hub while it stays a member, else the member with the most people. */
  hub: string | null;
}

/**
 * The planner's units: the base's in order (empty ones too, so they can be refilled), then the
 * new ones in number order, with `extra` new units that have no member yet. `people` by code
 * decides a hub when the base's has moved out (ties: the first member).
 */
export function plannedUnits(base: GroupingInfo, moves: readonly Move[], people: ReadonlyMap<string, number>, extra: readonly string[] = []): PlannedUnit[] {
  const after = unitsAfter(base, moves);
  const moved = new Set(moves.map((m) => m.code));
  const newIds = [...new Set([...moves.map((m) => m.unit), ...extra])].filter((id) => newUnitNumber(id) !== null).sort((a, b) => newUnitNumber(a)! - newUnitNumber(b)!);
  const units: PlannedUnit[] = [
    ...base.units.map((u) => ({ id: u.id, name: u.name, municipalities: u.municipalities.filter((c) => !moved.has(c) || after.get(c) === u.id), hub: u.hub })),
    ...newIds.map((id) => ({ id, name: null, municipalities: [], hub: null })),
  ];
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const m of moves) {
    const u = byId.get(m.unit);
    if (u && !u.municipalities.includes(m.code) && after.get(m.code) === m.unit) u.municipalities.push(m.code);
  }
  for (const u of units) {
    if (u.hub !== null && u.municipalities.includes(u.hub)) continue;
    let best: string | null = null;
    for (const c of u.municipalities) if (best === null || (people.get(c) ?? 0) > (people.get(best) ?? 0)) best = c;
    u.hub = best;
  }
  return units;
}

/** A grouping as POST /api/groupings/compare takes it in `custom` (the grouping-file shape). */
export type GroupingDoc = NonNullable<CompareRequest["custom"]>[number];

/** The planner's grouping as a document: its units with members (empty ones left out, as the API wants none). */
export function groupingDoc(region: GroupingList["region"], name: LocalName, source: string, units: readonly PlannedUnit[], newName: (n: number) => LocalName): GroupingDoc {
  return {
    id: CUSTOM_ID,
    name,
    region,
    source,
    units: units
      .filter((u) => u.municipalities.length > 0)
      .map((u) => ({ id: u.id, name: u.name ?? newName(newUnitNumber(u.id)!), municipalities: [...u.municipalities], ...(u.hub === null ? {} : { hub: u.hub }) })),
  };
}

/** The hash's grouping parts: `panel=groupings&grouping=uusimaa-6&moves=049:helsinki,235:new-1&compare=uusimaa-5`; defaults are left out. */
export function encodeGroupingParts(s: GroupingState): string[] {
  const parts: string[] = [];
  if (s.open) parts.push("panel=groupings");
  if (s.base !== null) parts.push(`grouping=${encodeURIComponent(s.base)}`);
  if (s.moves.length > 0) parts.push(`moves=${s.moves.map((m) => `${m.code}:${encodeURIComponent(m.unit)}`).join(",")}`);
  if (s.compare !== null) parts.push(`compare=${s.compare.map(encodeURIComponent).join(",")}`);
  return parts;
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Reads one hash part into `s` if it is a grouping part (true), leaving `s` as it was for a
 * malformed value; false for a part that is not about groupings.
 */
export function decodeGroupingPart(key: string, value: string, s: GroupingState): boolean {
  if (key === "panel") s.open = value === "groupings";
  else if (key === "grouping") {
    const id = decoded(value);
    if (id !== null && GROUPING_ID.test(id)) s.base = id;
  } else if (key === "moves") {
    s.moves = value.split(",").flatMap((part) => {
      const [code, unit, ...rest] = part.split(":").map(decoded);
      return rest.length === 0 && code && unit?.trim() && CODE.test(code) ? [{ code, unit }] : [];
    });
  } else if (key === "compare") {
    s.compare = value === "" ? [] : value.split(",").flatMap((text) => {
      const id = decoded(text);
      return id !== null && GROUPING_ID.test(id) ? [id] : [];
    });
  } else return false;
  return true;
}
