/**
 * The HTTP API as the web app uses it: short names for the types generated from the OpenAPI
 * document (api-types.ts, `npm run api:types`) and one fetch per route. Every reply read and body
 * sent is typed from the document, so a change to the server's schemas shows up here when the
 * file is regenerated. Problems (application/problem+json) become ApiError with their detail.
 */
import type { components } from "./api-types.ts";
import type { Change, Lang, Level, RoadModel } from "./state.ts";

type Schemas = components["schemas"];

export type FigureRow = Schemas["FigureRow"];
export type DiffRow = Schemas["DiffRow"];
export type Accessibility = Schemas["Accessibility"];
/** A note on the figures: its code, severity, the numbers concerned, and its text in fi, sv and en. */
export type Note = Schemas["Note"];
export type ScenarioRun = Schemas["ScenarioRun"];
export type Municipality = Schemas["MunicipalityList"]["municipalities"][number];
type ListedPoint = Schemas["ServicePointList"]["points"][number];
/** A point as the app shows it: a base point as listed, or one a scenario adds (whose menu the server has not said). */
export type ServicePoint = Omit<ListedPoint, "offers" | "offers_text" | "hostable_levels" | "languages"> & Partial<Pick<ListedPoint, "offers" | "offers_text" | "hostable_levels" | "languages">>;
export type CrossBorder = Schemas["CrossBorderPoints"];
export type Roads = Schemas["MapRoads"];
export type Areas = Schemas["MapAreas"];
export type Water = Schemas["MapWater"];
/** The populated cells with their people (GET /api/map/population). */
export type MapPopulation = Schemas["MapPopulation"];
/** A stored scenario as GET /api/scenarios lists it (`changes` is a count there). */
export type SavedScenario = Schemas["StoredScenarioList"]["scenarios"][number];
export type GroupingList = Schemas["GroupingList"];
/** A built-in grouping as GET /api/groupings lists it. */
export type GroupingInfo = GroupingList["groupings"][number];
export type LocalName = GroupingInfo["name"];
/** POST /api/groupings/compare's answer, as `palveluverkko compare --format json` writes it. */
export type Comparison = Schemas["Comparison"];
/** All units' figures at one level; `within_<m>_pct` for each "share within" minute. A unit's (CompareUnitLevel) has these and more. */
export type CompareLevel = Schemas["CompareLevel"];
export type CompareRequest = Schemas["CompareRequest"];
/** Catchments and loads against capacity of one service, per point (GET/POST /api/loads). */
export type Loads = Schemas["Loads"];
/** The grid cell at a place: people, municipality, minutes to the nearest L, A and E (base, and scenario). */
export type CellInfo = Schemas["CellInfo"];
type Problem = Schemas["Problem"];

/** The report formats /api/report renders, in the order the export control offers them. */
export const REPORT_FORMATS = ["pdf", "xlsx", "csv", "geojson", "gpkg"] as const satisfies readonly Schemas["ReportRequest"]["format"][];
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A downloaded file: its bytes and the name the server gave it. */
interface ReportFile {
  blob: Blob;
  name: string;
}

/** One bad line, row or feature of a file, as a problem's `errors` lists them. */
export type FileError = NonNullable<Problem["errors"]>[number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    /** Every bad record of a file the server refused. */
    readonly errors: readonly FileError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const list = (xs: readonly number[]) => xs.join(",");

/** A service type and a language the figures and times are asked for (`type`/`types=`, `language=`); absent: by level, everyone. */
export interface Subset {
  readonly type?: string;
  readonly language?: string;
}

/** A subset as query parameters, each with its leading `&`. */
const subsetQuery = (s: Subset, typeKey: "type" | "types") => `${s.type ? `&${typeKey}=${s.type}` : ""}${s.language ? `&language=${s.language}` : ""}`;

/** The travel-time profile and road model the figure routes are asked under (`profile=`, `model=`); empty for the server's own. */
let profileQuery = "";

/** Asks every figure route (figures, bands, scenario runs, cells, reports, comparisons) under this profile and road model from now on; null for the server's own. */
function useRoads(profile: string | null, model: RoadModel | null): void {
  profileQuery = [profile ? `profile=${encodeURIComponent(profile)}` : "", model ? `model=${model}` : ""].filter((q) => q !== "").join("&");
}

/** A figure route's path with the profile and model asked for. */
const profiled = (path: string) => (profileQuery === "" ? path : `${path}${path.includes("?") ? "&" : "?"}${profileQuery}`);

/** A problem reply as an ApiError with its detail and field. */
function problem(res: Response, text: string): ApiError {
  let p: Partial<Problem> | null = null;
  try {
    p = JSON.parse(text);
  } catch {
    p = null;
  }
  return new ApiError(res.status, p?.detail ?? `${res.status} ${res.statusText}`, p?.field, p?.errors ?? []);
}

/**
 * The report of the base set (GET) or, with changes, of the scenario against it (POST, as
 * /api/scenarios/run takes them). Fetched rather than linked, so a failure shows in the status
 * line instead of as a broken download, and a scenario of any size fits a POST body. A base-set
 * report also has the tables of the subset's type and language (the API makes them for the base only).
 */
async function report(format: ReportFormat, lang: Lang, thresholds: readonly number[], changes: readonly Change[], subset: Subset = {}): Promise<ReportFile> {
  const res =
    changes.length === 0
      ? await fetch(profiled(`api/report?format=${format}&lang=${lang}&thresholds=${list(thresholds)}${subsetQuery(subset, "types")}`))
      : await fetch(profiled("api/report"), { method: "POST", ...json<Schemas["ReportRequest"]>({ format, lang, changes, thresholds }) });
  return fileOf(res, `palveluverkko-${lang}.${format}`);
}

/** A file reply: its bytes and the name its Content-Disposition gives (else `fallback`); a problem reply as an ApiError. */
async function fileOf(res: Response, fallback: string): Promise<ReportFile> {
  if (!res.ok) throw problem(res, await res.text());
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallback;
  return { blob: await res.blob(), name };
}

/** An export route's query: the format, and for CSV its delimiter. */
const exportQuery = (format: string, delimiter: "," | ";") => `format=${format}${format === "csv" ? `&delimiter=${encodeURIComponent(delimiter)}` : ""}`;

/** A service-point file's formats: CSV (with `,` or with `;` and decimal commas), XLSX, GeoJSON. */
export type PointFileFormat = Schemas["CheckedServicePoints"]["format"];
export type CheckedPoints = Schemas["CheckedServicePoints"];

/** The media type a service-point file is sent as, by its format. */
const POINT_FILE_TYPES: Record<PointFileFormat, string> = { csv: "text/csv", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", geojson: "application/geo+json" };

/** The base set after the changes as a file, in the format (and a CSV's delimiter) asked for. */
async function exportPoints(changes: readonly Change[], format: PointFileFormat, delimiter: "," | ";"): Promise<ReportFile> {
  return fileOf(await fetch(`api/service-points/export?${exportQuery(format, delimiter)}`, { method: "POST", ...json<Schemas["ServicePointExportRequest"]>({ changes }) }), `service-points.${format}`);
}

export type CheckedGrouping = Schemas["CheckedGrouping"];
export type GroupingFileFormat = CheckedGrouping["format"];
const GROUPING_FILE_TYPES: Record<GroupingFileFormat, string> = { csv: "text/csv", xlsx: POINT_FILE_TYPES.xlsx, json: "application/json" };

/** A grouping as a file, in the format (and a CSV's delimiter) asked for. */
async function exportGrouping(doc: Schemas["GroupingExportRequest"], format: GroupingFileFormat, delimiter: "," | ";"): Promise<ReportFile> {
  return fileOf(await fetch(`api/groupings/export?${exportQuery(format, delimiter)}`, { method: "POST", ...json<Schemas["GroupingExportRequest"]>(doc) }), `grouping.${format}`);
}

/**
 * Times per grid cell of L, A and E (engine/time-grid.ts's layout), and with a type a layer T of it;
 * with a language, to the nearest point serving in it: the base set's (GET, cached by the server
 * with an ETag), or with changes the scenario's (POST; with `delta` only its cells that differ from
 * the base's, engine/time-grid.ts applyTimeGridDelta), under the profile asked for.
 */
async function grid(changes: readonly Change[], subset: Subset, signal?: AbortSignal, delta = false): Promise<ArrayBuffer> {
  const res = changes.length === 0
    ? await fetch(profiled(`api/grid${subsetQuery(subset, "type").replace("&", "?")}`), { signal })
    : await fetch(profiled("api/grid"), { method: "POST", ...json<Schemas["GridRequest"]>({ changes, ...subset, ...(delta && { delta }) }), signal });
  if (!res.ok) throw problem(res, await res.text());
  return res.arrayBuffer();
}

/** A request body as the app hands it over: its arrays may be read-only, the rest is the route's type. */
type Sent<T> = T extends readonly (infer E)[] ? readonly Sent<E>[] : T extends object ? { readonly [K in keyof T]: Sent<T[K]> } : T;

/** A JSON request body, typed as the route takes it. */
function json<T>(body: Sent<T>): RequestInit {
  return { headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
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
  useRoads,
  municipalities: (signal?: AbortSignal) => request<Schemas["MunicipalityList"]>("api/municipalities", { signal }),
  servicePoints: (signal?: AbortSignal) => request<Schemas["ServicePointList"]>("api/service-points", { signal }),
  /** Other organisers' points inside the map, to count across the border. */
  crossBorder: (signal?: AbortSignal) => request<CrossBorder>("api/service-points/cross-border", { signal }),
  roads: (signal?: AbortSignal) => request<Roads>("api/map/roads", { signal }),
  areas: (signal?: AbortSignal) => request<Areas>("api/map/areas", { signal }),
  water: (signal?: AbortSignal) => request<Water>("api/map/water", { signal }),
  population: (signal?: AbortSignal) => request<MapPopulation>("api/map/population", { signal }),
  /** The base's figures per level, and those of a type and of a language's speakers when asked. */
  accessibility: (thresholds: readonly number[], subset: Subset = {}, signal?: AbortSignal) =>
    request<Accessibility>(profiled(`api/accessibility?thresholds=${list(thresholds)}${subsetQuery(subset, "types")}`), { signal }),
  /**
   * The scenario's figures and band crossings (its bands come from its time grid), and a language's
   * speakers' or a type's when asked (the API counts a type's for everyone, not per language).
   */
  run: (changes: readonly Change[], thresholds: readonly number[], subset: Subset, signal?: AbortSignal) =>
    request<ScenarioRun>(profiled("api/scenarios/run"), {
      method: "POST",
      ...json<Schemas["ScenarioRunRequest"]>({ changes, thresholds, language: subset.language, types: subset.type && !subset.language ? [subset.type] : undefined }),
      signal,
    }),
  grid,
  report,
  /** A planner's service-point file checked as the server imports it: its points and the changes that make the base set into them. */
  checkPoints: (file: Blob, format: PointFileFormat) => request<CheckedPoints>("api/service-points/check", { method: "POST", headers: { "content-type": POINT_FILE_TYPES[format] }, body: file }),
  exportPoints,
  /** A planner's grouping file checked against the server's region. */
  checkGrouping: (file: Blob, format: GroupingFileFormat, name: string) =>
    request<CheckedGrouping>(`api/groupings/check?name=${encodeURIComponent(name)}`, { method: "POST", headers: { "content-type": GROUPING_FILE_TYPES[format] }, body: file }),
  exportGrouping,
  /**
   * Each point's catchment (the people whose nearest point it is) and load against its capacity, for
   * a level or a type: the base set's (GET, cached), or with changes the scenario's beside it (POST).
   */
  loads: (service: { level: Level } | { type: string }, changes: readonly Change[], signal?: AbortSignal) =>
    changes.length === 0
      ? request<Loads>(profiled(`api/loads?${"type" in service ? `type=${service.type}` : `level=${service.level}`}`), { signal })
      : request<Loads>(profiled("api/loads"), { method: "POST", ...json<Schemas["LoadsRequest"]>({ changes, ...service }), signal }),
  /**
   * The grid cell at a place, for the base set or, with changes, the scenario (and the base beside it);
   * with `doorToDoor` (a car profile's only) also each level's nearest point and the drive to it read door to door.
   */
  cellAt: (lon: number, lat: number, changes: readonly Change[], doorToDoor: boolean, signal?: AbortSignal) =>
    request<CellInfo>(profiled("api/cells/at"), { method: "POST", ...json<Schemas["CellRequest"]>({ lon, lat, changes, ...(doorToDoor ? { door_to_door: true } : {}) }), signal }),
  /** Liveness, and whether the server refuses changes to its store. */
  health: () => request<Schemas["Health"]>("healthz"),
  /** Stored scenarios; an ApiError with status 503 when the server keeps none. */
  scenarios: () => request<Schemas["StoredScenarioList"]>("api/scenarios"),
  scenario: (id: string) => request<Schemas["StoredScenario"]>(`api/scenarios/${encodeURIComponent(id)}`),
  saveScenario: (name: string, changes: readonly Change[]) =>
    request<Schemas["StoredScenario"]>("api/scenarios", { method: "POST", ...json<Schemas["StoredScenarioRequest"]>({ name, changes }) }),
  deleteScenario: (id: string) => request<null>(`api/scenarios/${encodeURIComponent(id)}`, { method: "DELETE" }),
  groupings: (signal?: AbortSignal) => request<GroupingList>("api/groupings", { signal }),
  /** Built-in groupings by id and the planner's own (`custom`) side by side, on the base service set. */
  compareGroupings: (body: Sent<CompareRequest>, signal?: AbortSignal) => request<Comparison>(profiled("api/groupings/compare"), { method: "POST", ...json<CompareRequest>(body), signal }),
};
