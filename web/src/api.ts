/**
 * The HTTP API as the web app uses it: the shapes it reads (a subset of the OpenAPI document's)
 * and one fetch per route. Problems (application/problem+json) become ApiError with their detail.
 */
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from "geojson";
import type { Change, Lang, Level } from "./state.ts";
import type { GroupingDoc } from "./assignment.ts";

export interface Band {
  threshold_min: number | null;
  people: number;
  cumulative: number;
}

export interface FigureRow {
  id: string;
  name: string;
  population: number;
  reached: number;
  beyond: number;
  mean_min: number | null;
  p90_min: number | null;
  bands: Band[];
}

export interface DiffRow {
  id: string;
  population: number;
  worse: number;
  better: number;
  changed: number;
}

export type ByLevel<T> = Record<Level, T[]>;

export interface Accessibility {
  roads: string;
  generated: boolean;
  thresholds_min: number[];
  notes: string[];
  levels: ByLevel<FigureRow>;
}

export type Bands = FeatureCollection<MultiPolygon, { level: Level; threshold_min: number }>;

export interface ScenarioRun {
  thresholds_min: number[];
  changes: number;
  changed_points: string[];
  figures: ByLevel<FigureRow>;
  diff: ByLevel<DiffRow>;
  isochrones?: Bands;
}

export interface Municipality {
  index: number;
  code: string;
  name: { fi: string; sv: string };
  centre: { lon: number; lat: number } | null;
  population: number;
}

export interface ServicePoint {
  id: string;
  name: { fi: string; sv: string };
  municipality: string;
  lon: number;
  lat: number;
  level: Level;
  open: boolean;
  snap_m: number | null;
}

export type Roads = FeatureCollection<LineString, { rank: number; class: string }> & {
  palveluverkko: { roads: string; generated: boolean; classes: string[]; omitted: string[] };
};

export type Areas = FeatureCollection<MultiLineString, { code: string; name_fi: string; name_sv: string; population: number }> & {
  palveluverkko: { source: string; approximate: boolean };
};

export type Water = FeatureCollection<Polygon, { kind: "water" | "sea"; source: string }> & {
  palveluverkko: { source: string | null; notes: string[] };
};

/** A stored scenario as GET /api/scenarios lists it (`changes` is a count there). */
export interface SavedScenario {
  id: string;
  name: string;
  changes: number;
  updated_at: string;
  /** Whether it changes this server's base set (else it cannot be loaded here). */
  runnable: boolean;
}

export interface LocalName {
  fi: string;
  sv: string;
  en: string;
}

/** A built-in grouping as GET /api/groupings lists it. */
export interface GroupingInfo {
  id: string;
  name: LocalName;
  source: string;
  units: { id: string; name: LocalName; municipalities: string[]; hub: string | null }[];
}

export interface GroupingList {
  region: string;
  /** The grouping the workspace's per-unit figures use, if any. */
  active: string | null;
  groupings: GroupingInfo[];
}

/** A unit's or all units' figures at one level; `within_<m>_pct` for each "share within" minute. */
export type CompareLevel = {
  population: number;
  reached: number;
  beyond: number;
  mean_min: number | null;
  censored_mean_min: number | null;
  p90_min: number | null;
  censored_p90_min: number | null;
  beyond_cutoff_pct: number;
  rank?: number | null;
} & { [share: `within_${number}_pct`]: number | null };

export interface CompareUnit {
  id: string;
  name: string;
  hub: { code: string; name: string } | null;
  population: number;
  /** The longest time from a member's centre to the hub. */
  hub_max_min: number | null;
  levels: Record<Level, CompareLevel>;
}

/** Why a unit is worst off; `beyond_<m>_pct` for the last "share within" minute. */
export type WorstOff = {
  unit: string;
  mean_min: number;
  region_mean_min: number;
  beyond_cutoff_pct: number;
  farthest_member: { code: string; name: string; mean_min: number } | null;
} & { [share: `beyond_${number}_pct`]: number };

export interface Equality {
  mean_ratio: number | null;
  p90_ratio: number | null;
  gini: number | null;
  unit_mean_gini: number | null;
  ranking: string[];
  worst: WorstOff | null;
}

/** POST /api/groupings/compare's answer (as `palveluverkko compare --format json` writes it), the parts the app reads. */
export interface Comparison {
  thresholds_min: number[];
  notes: string[];
  groupings: { id: string; name: string; population: number; units: CompareUnit[]; all_units: Record<Level, CompareLevel>; equality: Record<Level, Equality> }[];
}

/** The report formats /api/report renders, in the order the export control offers them. */
export const REPORT_FORMATS = ["pdf", "xlsx", "csv", "geojson", "gpkg"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A downloaded file: its bytes and the name the server gave it. */
export interface ReportFile {
  blob: Blob;
  name: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const list = (xs: readonly number[]) => xs.join(",");

/** A problem reply as an ApiError with its detail and field. */
function problem(res: Response, text: string): ApiError {
  let p: { detail?: string; field?: string } | null = null;
  try {
    p = JSON.parse(text);
  } catch {
    p = null;
  }
  return new ApiError(res.status, p?.detail ?? `${res.status} ${res.statusText}`, p?.field);
}

/**
 * The report of the base set (GET) or, with changes, of the scenario against it (POST, as
 * /api/scenarios/run takes them). Fetched rather than linked, so a failure shows in the status
 * line instead of as a broken download, and a scenario of any size fits a POST body.
 */
async function report(format: ReportFormat, lang: Lang, thresholds: readonly number[], changes: readonly Change[]): Promise<ReportFile> {
  const res =
    changes.length === 0
      ? await fetch(`api/report?format=${format}&lang=${lang}&thresholds=${list(thresholds)}`)
      : await fetch("api/report", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ format, lang, changes, thresholds }) });
  if (!res.ok) throw problem(res, await res.text());
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `palveluverkko-${lang}.${format}`;
  return { blob: await res.blob(), name };
}

/** Relative to the page, so the app works wherever the server mounts it. */
async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, init);
  const text = await res.text();
  if (!res.ok) throw problem(res, text);
  try {
    return JSON.parse(text) as T;
  } catch {
    return null as T;
  }
}

export const api = {
  municipalities: (signal?: AbortSignal) => request<{ areas: string; municipalities: Municipality[] }>("api/municipalities", { signal }),
  servicePoints: (signal?: AbortSignal) => request<{ points: ServicePoint[] }>("api/service-points", { signal }),
  roads: (signal?: AbortSignal) => request<Roads>("api/map/roads", { signal }),
  areas: (signal?: AbortSignal) => request<Areas>("api/map/areas", { signal }),
  water: (signal?: AbortSignal) => request<Water>("api/map/water", { signal }),
  accessibility: (thresholds: readonly number[], signal?: AbortSignal) => request<Accessibility>(`api/accessibility?thresholds=${list(thresholds)}`, { signal }),
  isochrones: (level: Level, thresholds: readonly number[], signal?: AbortSignal) => request<Bands>(`api/isochrones?level=${level}&thresholds=${list(thresholds)}`, { signal }),
  /** The scenario's figures, band crossings, and its bands for `level`, in one request. */
  run: (changes: readonly Change[], thresholds: readonly number[], level: Level, signal?: AbortSignal) =>
    request<ScenarioRun>("api/scenarios/run", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ changes, thresholds, isochrones: { level } }),
      signal,
    }),
  report,
  /** Liveness, and whether the server refuses changes to its store. */
  health: () => request<{ status: "ok"; roads: string; generated: boolean; read_only: boolean }>("healthz"),
  /** Stored scenarios; an ApiError with status 503 when the server keeps none. */
  scenarios: () => request<{ scenarios: SavedScenario[] }>("api/scenarios"),
  scenario: (id: string) => request<{ id: string; name: string; changes: Change[]; runnable: boolean }>(`api/scenarios/${encodeURIComponent(id)}`),
  saveScenario: (name: string, changes: readonly Change[]) =>
    request<SavedScenario & { changes: Change[] }>("api/scenarios", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, changes }) }),
  deleteScenario: (id: string) => request<null>(`api/scenarios/${encodeURIComponent(id)}`, { method: "DELETE" }),
  groupings: (signal?: AbortSignal) => request<GroupingList>("api/groupings", { signal }),
  /** Built-in groupings by id and the planner's own (`custom`) side by side, on the base service set. */
  compareGroupings: (body: { groupings: readonly string[]; custom: readonly GroupingDoc[] }, signal?: AbortSignal) =>
    request<Comparison>("api/groupings/compare", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal }),
};
