/**
 * The planner's scenario as plain data, with no DOM: the list of changes to the base service set
 * (kept net, one close/open, one relevel and one move per point at most, so undoing a closure by
 * reopening leaves no trace), undo/redo history, and the URL hash that restores level, bands, view
 * and changes.
 */

import { DEFAULT_GROUPING_STATE, decodeGroupingPart, encodeGroupingParts, type GroupingState } from "./assignment.ts";
import type { components } from "./api-types.ts";

export type Level = "L" | "A" | "E";
/** How the server prices junctions (`model=`): the API's own list. */
export type RoadModel = components["schemas"]["Health"]["model"];
/** Every road model, as the record's keys: a model the API adds is a type error here until listed. */
export const ROAD_MODELS = Object.keys({ plain: true, turns: true } satisfies Record<RoadModel, true>) as RoadModel[];
export type Lang = "fi" | "sv" | "en";
export const LEVELS: readonly Level[] = ["L", "A", "E"];
export const LANGS: readonly Lang[] = ["fi", "sv", "en"];

/** A point added by the planner, as the API's `add` change carries it. */
export interface NewPoint {
  id: string;
  name_fi: string;
  /** Municipality code (up to three digits). */
  municipality: string;
  lon: number;
  lat: number;
  level: Level;
}

/** A change as POST /api/scenarios/run takes it. */
export type Change =
  | { op: "close"; id: string }
  | { op: "open"; id: string }
  | { op: "relevel"; id: string; level: Level }
  | { op: "move"; id: string; lon: number; lat: number }
  | { op: "add"; point: NewPoint }
  | { op: "capacity"; id: string; capacity: number | null }
  | { op: "languages"; id: string; languages: string[] | null };

/** The id of the point a change is about. */
export function changeId(c: Change): string {
  return c.op === "add" ? c.point.id : c.id;
}

/** The points the changes add, in order. */
export function addedPoints(changes: readonly Change[]): NewPoint[] {
  return changes.flatMap((c) => (c.op === "add" ? [c.point] : []));
}

/** An id for a new point that no base point and no added point has: `new-1`, `new-2`, … */
export function freshId(base: readonly { id: string }[], changes: readonly Change[]): string {
  const taken = new Set([...base.map((p) => p.id), ...changes.map(changeId)]);
  let n = 1;
  while (taken.has(`new-${n}`)) n++;
  return `new-${n}`;
}

/**
 * The changes with the neighbouring organisers' points added (`on`) or taken out: each point an
 * `add` change, kept once; other changes stay as they are. Taking them out also drops changes the
 * planner made to those added points, since the points are gone.
 */
export function withCrossBorder(changes: readonly Change[], points: readonly NewPoint[], on: boolean): Change[] {
  const ids = new Set(points.map((p) => p.id));
  const rest = changes.filter((c) => !ids.has(changeId(c)));
  if (!on) return rest;
  return [...rest, ...points.map((p): Change => ({ op: "add", point: { ...p } }))];
}

/** Whether every one of the neighbouring organisers' points is added by the changes. */
export function hasCrossBorder(changes: readonly Change[], points: readonly NewPoint[]): boolean {
  const added = new Set(addedPoints(changes).map((p) => p.id));
  return points.length > 0 && points.every((p) => added.has(p.id));
}

export interface PointState {
  readonly open: boolean;
  readonly level: Level;
}

export interface BasePoint extends PointState {
  readonly id: string;
}

/**
 * Band sets: the planning thresholds of the region-wide analysis, and short ones for a town, where
 * everyone is within 15 minutes and the planning bands would all be one colour. `within` are the
 * two thresholds the figures panel counts people within.
 */
export const BAND_SETS = {
  planning: { thresholds: [15, 30, 60, 90, 120, 150, 180], within: [30, 60] },
  short: { thresholds: [5, 10, 15, 20, 30], within: [5, 10] },
} as const;
export type BandSet = keyof typeof BAND_SETS;
export const BAND_SET_IDS = Object.keys(BAND_SETS) as BandSet[];

/** Each point's state after the changes, in order (unknown ids ignored). */
export function pointStates(base: readonly BasePoint[], changes: readonly Change[]): Map<string, PointState> {
  const states = new Map<string, PointState>(base.map((p) => [p.id, { open: p.open, level: p.level }]));
  for (const c of changes) {
    if (c.op === "add") {
      states.set(c.point.id, { open: true, level: c.point.level });
      continue;
    }
    const s = states.get(c.id);
    if (!s || c.op === "move" || c.op === "capacity" || c.op === "languages") continue;
    states.set(c.id, c.op === "relevel" ? { ...s, level: c.level } : { ...s, open: c.op === "open" });
  }
  return states;
}

/**
 * The net changes that give point `id` the state `want`, every other point keeping its own.
 * Points keep the order they were first changed in; a point back at its base state drops out.
 */
export function setPoint(base: readonly BasePoint[], changes: readonly Change[], id: string, want: PointState): Change[] {
  // An added point is its add change: re-levelled in place, and closing it takes it out.
  const added = changes.findIndex((c) => c.op === "add" && c.point.id === id);
  if (added >= 0) {
    if (!want.open) return changes.filter((_, i) => i !== added);
    return changes.map((c, i) => (i === added && c.op === "add" ? { op: "add", point: { ...c.point, level: want.level } } : c));
  }
  // Moves, adds, capacities and languages pass through as they are: what is rebuilt here is each point's openness and level.
  const passes = (c: Change) => c.op === "move" || c.op === "add" || c.op === "capacity" || c.op === "languages";
  const kept = changes.filter(passes);
  changes = changes.filter((c) => !passes(c));
  const states = pointStates(base, changes);
  if (!states.has(id)) return [...changes, ...kept];
  states.set(id, want);
  const order = [...new Set([...changes.map(changeId), id])];
  const baseOf = new Map(base.map((p) => [p.id, p]));
  const out: Change[] = [];
  for (const pid of order) {
    const b = baseOf.get(pid);
    const s = states.get(pid);
    if (!b || !s) continue;
    if (s.level !== b.level) out.push({ op: "relevel", id: pid, level: s.level });
    if (s.open !== b.open) out.push({ op: s.open ? "open" : "close", id: pid });
  }
  return [...out, ...kept];
}

/** A place on the map, in degrees (WGS 84). */
export interface Place {
  lon: number;
  lat: number;
}

/** To 1e-5° (about a metre): what the URL hash keeps, so a restored scenario equals the one made. */
const round5 = (deg: number) => Math.round(deg * 1e5) / 1e5;

/**
 * The changes with point `id` at `to`. An added point's add change takes the place (and the
 * municipality, when given); a base point has one move at most, replaced where it stands in the
 * list, and none once it is back at its base place. Unknown ids change nothing.
 */
export function movePoint(base: readonly (Place & { id: string })[], changes: readonly Change[], id: string, to: Place, municipality?: string): Change[] {
  const [lon, lat] = [round5(to.lon), round5(to.lat)];
  const added = changes.findIndex((c) => c.op === "add" && c.point.id === id);
  if (added >= 0) return changes.map((c, i) => (i === added && c.op === "add" ? { op: "add", point: { ...c.point, lon, lat, municipality: municipality ?? c.point.municipality } } : c));
  const b = base.find((p) => p.id === id);
  if (!b) return [...changes];
  const home = round5(b.lon) === lon && round5(b.lat) === lat;
  const move: Change = { op: "move", id, lon, lat };
  const at = changes.findIndex((c) => c.op === "move" && c.id === id);
  if (at < 0) return home ? [...changes] : [...changes, move];
  return home ? changes.filter((_, i) => i !== at) : changes.map((c, i) => (i === at ? move : c));
}

/** Where the changes put each moved base point. */
export function movedPlaces(changes: readonly Change[]): Map<string, Place> {
  return new Map(changes.flatMap((c) => (c.op === "move" ? [[c.id, { lon: c.lon, lat: c.lat }] as const] : [])));
}

/** Undo/redo over change lists; immutable, each step returns a new history. */
export class History {
  private constructor(
    readonly past: readonly (readonly Change[])[],
    readonly present: readonly Change[],
    readonly future: readonly (readonly Change[])[],
  ) {}

  static of(present: readonly Change[] = []): History {
    return new History([], present, []);
  }

  /** A new present; the redo list is dropped, and a step that changes nothing is no step. */
  push(next: readonly Change[]): History {
    if (sameChanges(next, this.present)) return this;
    return new History([...this.past, this.present], next, []);
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  undo(): History {
    if (!this.canUndo) return this;
    return new History(this.past.slice(0, -1), this.past[this.past.length - 1], [this.present, ...this.future]);
  }

  redo(): History {
    if (!this.canRedo) return this;
    return new History([...this.past, this.present], this.future[0], this.future.slice(1));
  }
}

export function sameChanges(a: readonly Change[], b: readonly Change[]): boolean {
  return a.length === b.length && a.every((c, i) => encodeChange(c) === encodeChange(b[i]));
}

/** What the URL hash holds. */
export interface UrlState {
  lang: Lang;
  level: Level;
  bands: BandSet;
  changes: Change[];
  /** Map view: zoom and centre; absent until the map has been moved or when the hash has none. */
  view?: { zoom: number; lon: number; lat: number };
  /** The groupings view and the planner's grouping (assignment.ts); absent when the hash has none. */
  groupings?: GroupingState;
  /** The travel-time profile asked of the server (car-winter); absent for the server's own. */
  profile?: string;
  /** The road model asked of the server (plain, turns); absent for the server's own. */
  model?: RoadModel;
  /** A service type the bands and figures are of instead of the level (the catalogue's id); absent: by level. */
  type?: string;
  /** A language: its speakers' times to the nearest service given in it; absent: everyone's to any. */
  language?: string;
}

// Ids go through encodeURIComponent, which escapes the ":" and "," that separate the parts.
function encodeChange(c: Change): string {
  if (c.op === "add") {
    const p = c.point;
    return ["add", p.id, p.level, p.lon.toFixed(5), p.lat.toFixed(5), p.municipality, p.name_fi].map(encodeURIComponent).join(":");
  }
  if (c.op === "move") return ["move", c.id, c.lon.toFixed(5), c.lat.toFixed(5)].map(encodeURIComponent).join(":");
  if (c.op === "capacity") return `capacity:${encodeURIComponent(c.id)}:${c.capacity === null ? "none" : String(c.capacity)}`;
  if (c.op === "languages") return `languages:${encodeURIComponent(c.id)}:${c.languages === null ? "none" : c.languages.join("+")}`;
  return c.op === "relevel" ? `relevel:${encodeURIComponent(c.id)}:${c.level}` : `${c.op}:${encodeURIComponent(c.id)}`;
}

function decodeChange(text: string): Change | null {
  if (text.startsWith("add:")) return decodeAdd(text);
  if (text.startsWith("move:")) return decodeMove(text);
  const [op, rawId, level] = text.split(":");
  let id: string;
  try {
    id = decodeURIComponent(rawId ?? "");
  } catch {
    return null;
  }
  if (id === "") return null;
  if ((op === "close" || op === "open") && level === undefined) return { op, id };
  if (op === "relevel" && LEVELS.includes(level as Level)) return { op, id, level: level as Level };
  // `languages:id:fi+sv` or `languages:id:none`.
  if (op === "languages" && level !== undefined) {
    if (level === "none") return { op, id, languages: null };
    const list = level.split("+");
    return list.every((l) => /^[a-z]{2,3}$/.test(l)) && new Set(list).size === list.length ? { op, id, languages: list } : null;
  }
  // `capacity:id:people` or `capacity:id:none`.
  if (op === "capacity" && level !== undefined) {
    if (level === "none") return { op, id, capacity: null };
    const n = /^\d+(\.\d+)?$/.test(level) ? Number(level) : NaN;
    return Number.isFinite(n) ? { op, id, capacity: n } : null;
  }
  return null;
}

/** `add:id:level:lon:lat:municipality:name`, each part URI-encoded. */
function decodeAdd(text: string): Change | null {
  let parts: string[];
  try {
    parts = text.split(":").map(decodeURIComponent);
  } catch {
    return null;
  }
  const [, id, level, lonText, latText, municipality, name] = parts;
  const at = placeOf(lonText, latText);
  if (parts.length !== 7 || !id || !name?.trim() || !LEVELS.includes(level as Level) || !/^\d{1,3}$/.test(municipality) || !at) return null;
  return { op: "add", point: { id, name_fi: name, municipality, ...at, level: level as Level } };
}

/** `move:id:lon:lat`, each part URI-encoded. */
function decodeMove(text: string): Change | null {
  let parts: string[];
  try {
    parts = text.split(":").map(decodeURIComponent);
  } catch {
    return null;
  }
  const [, id, lonText, latText] = parts;
  const at = placeOf(lonText, latText);
  if (parts.length !== 4 || !id || !at) return null;
  return { op: "move", id, ...at };
}

/** Degrees from the hash, or null when either is missing, not a number or off the globe. */
function placeOf(lonText: string | undefined, latText: string | undefined): Place | null {
  const lon = Number(lonText);
  const lat = Number(latText);
  if (!lonText || !latText || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  return { lon, lat };
}

/** `#lang=fi&level=L&bands=planning&map=12.50/60.17000/24.94000&changes=close:kamppi,relevel:x:A` */
export function encodeHash(s: UrlState): string {
  const parts = [`lang=${s.lang}`, `level=${s.level}`, `bands=${s.bands}`];
  if (s.view) parts.push(`map=${s.view.zoom.toFixed(2)}/${s.view.lat.toFixed(5)}/${s.view.lon.toFixed(5)}`);
  if (s.changes.length > 0) parts.push(`changes=${s.changes.map(encodeChange).join(",")}`);
  if (s.groupings) parts.push(...encodeGroupingParts(s.groupings));
  if (s.profile) parts.push(`profile=${encodeURIComponent(s.profile)}`);
  if (s.model) parts.push(`model=${s.model}`);
  if (s.type) parts.push(`type=${s.type}`);
  if (s.language) parts.push(`language=${s.language}`);
  return "#" + parts.join("&");
}

/** Reads a hash, keeping `fallback` for whatever is missing or malformed (a hand-edited URL must not break the app). */
export function decodeHash(hash: string, fallback: UrlState): UrlState {
  const out: UrlState = { ...fallback, changes: [...fallback.changes] };
  const groupings: GroupingState = { ...(fallback.groupings ?? DEFAULT_GROUPING_STATE) };
  for (const part of hash.replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (key === "lang" && LANGS.includes(value as Lang)) out.lang = value as Lang;
    else if (key === "level" && LEVELS.includes(value as Level)) out.level = value as Level;
    else if (key === "bands" && BAND_SET_IDS.includes(value as BandSet)) out.bands = value as BandSet;
    else if (key === "profile" && /^[a-z0-9-]{1,40}$/.test(value)) out.profile = value;
    else if (key === "model" && (ROAD_MODELS as readonly string[]).includes(value)) out.model = value as RoadModel;
    else if (key === "type" && /^[a-z0-9-]{1,63}$/.test(value)) out.type = value;
    else if (key === "language" && /^[a-z]{2,3}$/.test(value)) out.language = value;
    else if (key === "changes") out.changes = value.split(",").map(decodeChange).filter((c): c is Change => c !== null);
    else if (decodeGroupingPart(key, value, groupings)) out.groupings = groupings;
    else if (key === "map") {
      const [zoom, lat, lon] = value.split("/").map(Number);
      if ([zoom, lat, lon].every(Number.isFinite) && zoom >= 0 && zoom <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) out.view = { zoom, lat, lon };
    }
  }
  return out;
}
