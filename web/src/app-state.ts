/**
 * The app's state: what the planner has chosen (level, bands, changes, view, modes; the URL hash
 * holds part of it), the data loaded at the start, and what follows from the two (the points as
 * the scenario has them, their states, the municipality at a place). No DOM and no requests: the
 * views read it, main.ts changes it.
 */
import type { Accessibility, Areas, CrossBorder, FigureRow, Loads, MapPopulation, Municipality, ReportFormat, Roads, ScenarioRun, ServicePoint, Subset, Water } from "./api.ts";
import type { ScenarioRows } from "./panel.ts";
import type { MessageId } from "./i18n.ts";
import { DEFAULT_GROUPING_STATE, type GroupingState } from "./assignment.ts";
import type { SavedState } from "./panel.ts";
import { History, addedPoints, changeId, movedPlaces, pointStates, type BandSet, type Lang, type Level, type NewPoint, type PointState, type RoadModel, type UrlState } from "./state.ts";

/** What the server gives once, at the start. */
export interface Data {
  municipalities: Municipality[];
  points: ServicePoint[];
  roads: Roads;
  areas: Areas;
  /** Null when the server does not give it. */
  water: Water | null;
  /** Other organisers' points inside the map that may be counted across the border; null when the server does not say. */
  crossBorder: CrossBorder | null;
}

export const app = {
  lang: "fi" as Lang,
  level: "L" as Level,
  bands: "planning" as BandSet,
  view: undefined as UrlState["view"],
  history: History.of(),
  base: null as Accessibility | null,
  run: null as ScenarioRun | null,
  status: { id: "loading" as MessageId, detail: "" },
  styleFailed: false,
  popupPoint: null as string | null,
  exportFormat: "pdf" as ReportFormat,
  exporting: false,
  /** The add-point mode: the next click on the map places a new point. */
  adding: false,
  /** Where the new point's form is open. */
  pending: null as { lon: number; lat: number } | null,
  saved: { list: null, open: false, name: "", busy: false, readOnly: false } as SavedState,
  /** The move mode: the point the next click on the map moves (null: none). */
  moving: null as string | null,
  /** The swipe comparison of base and scenario is shown. */
  compare: false,
  /** The groupings view and the planner's grouping, as the URL hash holds them. */
  groupings: DEFAULT_GROUPING_STATE as GroupingState,
  /** The population layer is shown. */
  population: false,
  /** The load layer is shown: each point's catchment and load against capacity. */
  loads: false,
  /** A cell's popup gives the door-to-door times too (car profiles only: carProfile). */
  doorToDoor: false,
  /** The loads the layer shows (GET/POST /api/loads), and what they were asked for (loadsKey). */
  loadsShown: null as { key: string; reply: Loads } | null,
  /** The populated cells, loaded when the population layer is first shown. */
  populationCells: null as MapPopulation | null,
  /** The travel-time profile asked of the server (car-winter); null for the server's own. */
  profile: null as string | null,
  /** The roads' profiles, the server's own first (GET /healthz). */
  profiles: [] as string[],
  /** The road model asked of the server (turns: turn costs and junction delays); null for the server's own. */
  model: null as RoadModel | null,
  /** The server's own road model (GET /healthz). */
  serverModel: "plain" as RoadModel,
  /** The service type the bands and figures are of (its id); null: by level. */
  type: null as string | null,
  /** The language whose speakers' times to a service given in it are shown; null: everyone's to any. */
  language: null as string | null,
  /** The study's service types, in its catalogue's order (GET /healthz). */
  serviceTypes: [] as { id: string; name: { fi: string; sv: string; en: string } }[],
  /** The languages the server has speakers of (GET /healthz); empty: no choice of language. */
  languages: [] as string[],
};

/** The data the server gave at the start (set once by main.ts before anything is drawn). */
export let data: Data;

export function setData(d: Data): void {
  data = d;
}

/** The part of the state the URL hash keeps. */
export function urlState(): UrlState {
  return { lang: app.lang, level: app.level, bands: app.bands, changes: [...app.history.present], view: app.view, groupings: app.groupings, profile: app.profile ?? undefined, model: app.model ?? undefined, ...subset() };
}

/** The service type and language the bands and figures are of, as the API takes them. */
export function subset(): Subset {
  return { ...(app.type ? { type: app.type } : {}), ...(app.language ? { language: app.language } : {}) };
}

/** The service the load layer is of: the chosen type, else the level. */
export function loadsService(): { level: Level } | { type: string } {
  return app.type ? { type: app.type } : { level: app.level };
}

/** What the load layer's figures depend on: profile, road model, service and changes. */
export function loadsKey(): string {
  return JSON.stringify([roadsKey(), loadsService(), app.history.present]);
}

/** Whether the figures are asked of a car profile (car, car-winter, at a time of day), not on foot or by bike: door to door is a car trip's reading. */
export function carProfile(): boolean {
  const p = app.profile ?? app.profiles[0] ?? "car";
  return p !== "walk" && p !== "bike";
}

/** The profile and road model the figures are asked under, as one key of what is kept per them ("" the server's own). */
export function roadsKey(): string {
  return `${app.profile ?? ""}~${app.model ?? ""}`;
}

/** What the figures table shows for the state, from the figures loaded. */
export interface ShownFigures {
  readonly base: readonly FigureRow[];
  /** The scenario's rows and crossings; null for the base set, or when they are not counted for the subset. */
  readonly scenario: ScenarioRows | null;
  /** A scenario whose figures for this subset the API does not count (a type in a language): the table shows the base's. */
  readonly baseOnly: boolean;
}

/**
 * The rows of the figures table: the level's, a type's (GET /api/accessibility?types=), or a
 * language's speakers' (?language=, and the scenario run's `language` or `types`); null until the
 * figures asked for are loaded. A scenario run counts no figures of a type in a language, so with
 * both and changes the base's are shown and said to be (the bands are the scenario's).
 */
export function shownFigures(base: Accessibility | null, run: ScenarioRun | null): ShownFigures | null {
  if (!base) return null;
  const level = app.level;
  const lang = app.language;
  if (lang !== null && base.language?.code !== lang) return null;
  let rows: readonly FigureRow[] | undefined;
  if (app.type !== null) rows = lang !== null ? base.language?.types[app.type] : base.types?.[app.type]?.rows;
  else rows = lang !== null ? base.language?.levels[level] : base.levels[level];
  if (!rows) return null;
  if (!run) return { base: rows, scenario: null, baseOnly: false };
  if (app.type !== null) {
    const t = lang === null ? run.types?.[app.type] : undefined;
    return t ? { base: rows, scenario: { rows: t.figures, diff: t.diff }, baseOnly: false } : { base: rows, scenario: null, baseOnly: true };
  }
  if (lang === null) return { base: rows, scenario: { rows: run.figures[level], diff: run.diff[level] }, baseOnly: false };
  return run.language?.code === lang ? { base: rows, scenario: { rows: run.language.figures[level], diff: run.language.diff[level] }, baseOnly: false } : null;
}

/** Open or closed, and the level, of every point under the changes. */
export function states(): Map<string, PointState> {
  return pointStates(data.points, app.history.present);
}

/** The points a change is about. */
export function changedIds(): Set<string> {
  return new Set(app.history.present.map(changeId));
}

/** The base points (where the scenario has moved them) and the scenario's added ones, as the list and the map show them. */
export function allPoints(): ServicePoint[] {
  const moved = movedPlaces(app.history.present);
  return [...data.points.map((p) => ({ ...p, ...moved.get(p.id) })), ...addedPoints(app.history.present).map((p) => ({ id: p.id, name: { fi: p.name_fi, sv: p.name_fi }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: true, snap_m: null }))];
}

/** The points the scenario adds. */
export function addedIds(): Set<string> {
  return new Set(addedPoints(app.history.present).map((p) => p.id));
}

/** A point's name in the app's language (its id when there is no such point). */
export function pointName(id: string): string {
  const p = allPoints().find((x) => x.id === id);
  return p ? (app.lang === "sv" ? p.name.sv : p.name.fi) : id;
}

/**
 * The municipality a new point counts in: the one with the nearest centre. The app has the borders
 * only as lines (api/map/areas), not as areas to test a point against, so this is the nearest-centre
 * rule the server also uses when it has no boundary file; near a border it may pick the neighbour.
 */
export function municipalityAt(lon: number, lat: number): Municipality | null {
  const k = Math.cos((lat * Math.PI) / 180);
  let best: Municipality | null = null;
  let bestD = Infinity;
  for (const m of data.municipalities) {
    if (!m.centre || !/^\d{1,3}$/.test(m.code)) continue;
    const d = ((m.centre.lon - lon) * k) ** 2 + (m.centre.lat - lat) ** 2;
    if (d < bestD) (best = m), (bestD = d);
  }
  return best;
}

/** The neighbouring organisers' points as the `add` changes carry them. */
export function crossBorderPoints(): NewPoint[] {
  return (data.crossBorder?.points ?? []).map((p) => ({ id: p.id, name_fi: p.name.fi, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level }));
}
