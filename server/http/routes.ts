/**
 * The route table: every route once, with what it takes and answers. The app registers routes
 * from it and the OpenAPI document is written from it, so the two cannot disagree.
 */
import { z } from "zod";
import { toScenarioChange } from "../../data/scenario-file.ts";
import { zodProblem } from "../../data/input.ts";
import type { Store } from "../../data/store/index.ts";
import { accessibilityView, cellView, checkPer, loads, loadsView, scenarioView, tripView, MAX_NEW_LOCATIONS, type Study } from "../../study/index.ts";
import { serviceType, type ServiceKey, type ServiceLevel } from "../../engine/index.ts";
import * as S from "./schemas.ts";
import * as V from "./views.ts";
import * as ST from "./stored.ts"; // stored scenarios
import * as SS from "./service-sets.ts"; // stored service sets
import * as M from "./map.ts";
import * as R from "./report.ts";
import * as G from "./groupings.ts";
import * as GF from "./grouping-files.ts"; // groupings as files
import * as U from "./upload.ts";
import type { Jobs } from "./jobs.ts";
import * as J from "./job-routes.ts";
import * as L from "./limits.ts";
import * as GR from "./grid.ts"; // times per cell as data
import type { ServerResponse } from "node:http";

/** A reply: a JSON body (none for 204) or a file's bytes (a Buffer, sent as they are), its media type when not application/json, its status when not 200. */
export interface Reply {
  readonly body: unknown;
  readonly contentType?: string;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A streamed reply (Server-Sent Events): writes its own status, headers and body; the rest is ignored. */
  readonly stream?: (res: ServerResponse) => void;
}

/** What a handler may use besides the workspace: the store, when the app was given one. */
export interface RouteContext {
  readonly store: Store | null;
  /** The app's jobs (/api/jobs...); without them those routes answer 503. */
  readonly jobs?: Jobs;
  /** The request's Content-Type, for routes that take more than JSON. */
  readonly contentType?: string;
  /** The server refuses routes that change the store. */
  readonly readOnly?: boolean;
  /** What the app was started with: the limits GET /api/limits lists. */
  readonly limits?: L.ServerLimits;
  /** The request's URL, for replies that link to themselves (the OGC API): absolute with the scheme and the Host the client sent, from the root when it sent no Host. */
  readonly url?: string;
}

interface RouteInfo {
  readonly method: "get" | "post" | "put" | "delete";
  /** Express path; a `:name` segment is a path parameter, written `{name}` in the OpenAPI document. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** The success reply: its status (default 200) and a schema per media type (none for 204). */
  readonly ok: { readonly description: string; readonly content: Readonly<Record<string, z.ZodType>>; readonly status?: 200 | 201 | 202 | 204; readonly headers?: Readonly<Record<string, string>> };
  /** Media types the body may come in when not only application/json; such a body is passed as its bytes (a Buffer). */
  readonly bodyTypes?: readonly string[];
  /** Problem statuses the route may answer with besides 404 for an unknown route and 500. */
  readonly problems: readonly number[];
  /** Changes the store: refused (403) when the server runs read-only. */
  readonly writes?: boolean;
  /**
   * The reply depends on the path and query alone (the workspace's base, fixed for the server's
   * life): the app keeps it serialized and compressed, answers repeats from that, and sends an ETag.
   */
  readonly cached?: boolean;
  /**
   * Constant, tiny work (liveness, limits): answered as soon as its request is read, never waiting
   * its turn behind the routes that compute (app.ts Turns).
   */
  readonly light?: boolean;
  /**
   * Its figures depend on the travel-time profile and the road model: it takes `?profile=` (one
   * of the roads' profiles, car-winter for winter speed limits; the server's own by default) and
   * `?model=` (plain or turns; the server's own by default), and runs on the study under them
   * (Study.under).
   */
  readonly profiled?: boolean;
}

export interface Route extends RouteInfo {
  /** Query parameters (strict: an unknown one is a 400); the empty object when none. */
  readonly query: z.ZodObject;
  /** Path parameters, one per `:name` in the path; the empty object when none. */
  readonly params: z.ZodObject;
  readonly body?: z.ZodType;
  /** Checks the query, body and path parameters against the schemas, then answers. */
  run(ws: Study, query: unknown, body: unknown, params?: unknown, ctx?: RouteContext): Reply | Promise<Reply>;
}

interface RouteSpec<Q extends z.ZodObject, B extends z.ZodType, P extends z.ZodObject> extends RouteInfo {
  readonly query?: Q;
  readonly body?: B;
  readonly params?: P;
  handle(ws: Study, input: { query: z.output<Q>; body: z.output<B>; params: z.output<P> }, ctx: RouteContext): Reply | Promise<Reply>;
}

const noQuery = z.strictObject({});
const NO_CONTEXT: RouteContext = { store: null };

/** Path parameters checked like the query; a bad one is a 400 naming it. */
function parseParams<P extends z.ZodObject>(schema: P, input: unknown): z.output<P> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw zodProblem(parsed.error, input, "path");
}

/** A route whose handler sees the parsed, typed query, body and path parameters. */
export function route<Q extends z.ZodObject = typeof noQuery, B extends z.ZodType = z.ZodUndefined, P extends z.ZodObject = typeof noQuery>(spec: RouteSpec<Q, B, P>): Route {
  const query = spec.profiled ? (spec.query ?? noQuery).extend({ profile: S.profileParam, model: S.modelParam }) : (spec.query ?? noQuery);
  const params = spec.params ?? noQuery;
  return {
    ...spec,
    query,
    params,
    run: (ws, rawQuery, rawBody, rawParams, ctx = NO_CONTEXT) =>
      spec.handle(
        ws,
        {
          params: (spec.params ? parseParams(spec.params, rawParams) : {}) as z.output<P>,
          query: S.parseRequest(query, rawQuery, "query") as z.output<Q>,
          body: (spec.body ? S.parseRequest(spec.body, rawBody, "body") : undefined) as z.output<B>,
        },
        ctx,
      ),
  };
}

const JSON_TYPE = "application/json";
const GEOJSON_TYPE = "application/geo+json";

/** Every route but the OpenAPI document's own (added by the app, which builds the document). */
export const ROUTES: readonly Route[] = [
  route({
    method: "get",
    path: "/healthz",
    operationId: "health",
    light: true,
    summary: "Liveness, and where the roads come from",
    ok: { description: "The workspace is loaded.", content: { [JSON_TYPE]: S.health } },
    problems: [400],
    handle: (ws, _input, ctx) => ({ body: { status: "ok", roads: ws.roads, generated: ws.generated, read_only: ctx.readOnly === true, model: ws.model, profiles: ws.profiles, ...V.servicesOffered(ws) } }),
  }),
  route({
    method: "get",
    path: "/api/regions",
    operationId: "listRegions",
    summary: "Regions, their municipalities and groupings into units",
    ok: { description: "Every region the project knows; `active` marks the workspace's.", content: { [JSON_TYPE]: S.regionList } },
    problems: [400],
    handle: (ws) => ({ body: V.regionsView(ws) }),
  }),
  route({
    method: "get",
    path: "/api/limits",
    operationId: "getLimits",
    summary: "Every limit this server puts on a request",
    description: "What a client must stay within: body size, time, requests per minute, changes, new service locations (search origins) and thresholds per run, groupings per comparison, the grid's cells, waiting jobs. Past one, the answer is a 4xx or 503 problem naming it.",
    ok: { description: "The limits, as this server was started.", content: { [JSON_TYPE]: L.limitsView } },
    problems: [400],
    handle: (ws, _input, ctx) => ({ body: L.limitsOf(ws, ctx) }),
  }),
  route({
    method: "get",
    path: "/api/municipalities",
    operationId: "listMunicipalities",
    cached: true,
    summary: "The workspace's municipalities: code, names, centre, people on the grid, unit",
    ok: { description: "In area-index order.", content: { [JSON_TYPE]: S.municipalityList } },
    problems: [400],
    handle: (ws) => ({ body: V.municipalitiesView(ws) }),
  }),
  route({
    method: "get",
    path: "/api/service-points",
    operationId: "listServicePoints",
    cached: true,
    summary: "The base service set",
    query: S.servicePointsQuery,
    ok: { description: "JSON, or GeoJSON points with format=geojson.", content: { [JSON_TYPE]: S.servicePointList, [GEOJSON_TYPE]: S.servicePointCollection } },
    problems: [400],
    handle: (ws, { query }) => (query.format === "geojson" ? { body: V.servicePointsGeoJson(ws), contentType: GEOJSON_TYPE } : { body: V.servicePointsView(ws) }),
  }),
  route({
    method: "get",
    path: "/api/service-points/cross-border",
    operationId: "crossBorderPoints",
    summary: "Other organisers' service points inside the extract, to count across the border",
    description:
      "People near a county border use the nearest hospital whichever organiser runs it. These are the points `--cross-border` adds to the region's default set; the web app adds them as a scenario (`add` changes), so their effect shows as a diff against the base.",
    ok: { description: "The points, or why none are offered.", content: { [JSON_TYPE]: S.crossBorderPoints } },
    problems: [400],
    handle: (ws) => ({ body: V.crossBorderView(ws) }),
  }),
  route({
    method: "get",
    path: "/api/accessibility",
    operationId: "accessibility",
    profiled: true,
    cached: true,
    summary: "Time to the nearest L, A and E service per municipality or unit, for the base set",
    description: "The same figures as `palveluverkko levels --format json`: population-weighted mean, median, P90 and maximum minutes, the centre's own time, and people per band.",
    query: S.accessibilityQuery,
    ok: { description: "Per level, a row per area (or unit) and an `all` row.", content: { [JSON_TYPE]: S.accessibility } },
    problems: [400],
    handle: (ws, { query }) => ({ body: accessibilityView(ws, query.per, query.thresholds, { types: query.types, language: query.language, group: query.group }) }),
  }),
  route({
    method: "get",
    path: "/api/isochrones",
    operationId: "isochrones",
    profiled: true,
    cached: true,
    summary: "Bands of time to the nearest service of a level, for the base set",
    query: S.isochronesQuery,
    ok: { description: "GeoJSON MultiPolygons, one per threshold.", content: { [GEOJSON_TYPE]: S.isochroneCollection } },
    problems: [400],
    handle: (ws, { query }) => ({ body: V.isochronesView(ws, query.level, query.thresholds, query.crs), contentType: GEOJSON_TYPE }),
  }),
  route({
    method: "get",
    path: "/api/grid",
    operationId: "grid",
    profiled: true,
    cached: true,
    summary: "Times per grid cell to the nearest L, A and E service, for the base set, as a compact binary grid",
    description:
      "The surfaces the figures and GET /api/isochrones are made from, as Uint16 seconds per cell over the EPSG:3067 grid (layout below), compressed like any reply (gzip or br) and sent with an ETag. " +
      "A client draws any bands from it, for any level it holds, without asking again. With `type` a layer T follows the levels (the nearest point offering the type); with `language` every layer is to the nearest point serving in it.",
    query: GR.gridQuery,
    ok: { description: "The time grid.", content: GR.gridContent },
    problems: [400],
    handle: (ws, { query }) => GR.baseGrid(ws, query),
  }),
  route({
    method: "post",
    path: "/api/grid",
    operationId: "scenarioGrid",
    profiled: true,
    summary: "Times per grid cell for a scenario (changes to the base set), as GET /api/grid gives the base's",
    description: "The changes run through the same incremental path as POST /api/scenarios/run; no changes is the base set. With `delta`, only the cells whose time differs from the base's (the web app's way: it holds the base's grid). A change naming an unknown point is a 404 naming `changes[i].id`.",
    body: GR.gridBody,
    ok: { description: "The time grid, or with `delta` the cells that differ from the base's.", content: GR.scenarioGridContent },
    problems: [400, 404, 413, 415],
    handle: (ws, { body }) => GR.scenarioGrid(ws, body),
  }),
  route({
    method: "post",
    path: "/api/scenarios/run",
    operationId: "runScenario",
    profiled: true,
    summary: "Apply changes to the base set: figures per area and band crossings against the base",
    description:
      `Changes (close, open, relevel, move, add, capacity, languages) apply in order, as in scenario files; at most ${S.MAX_CHANGES}. ` +
      "A change naming an unknown point is a 404 naming `changes[i].id`. Closures recompute only the cells they touch; " +
      "each new location (add, move) costs one search, at most 100 per run.",
    body: S.scenarioRunBody,
    ok: { description: "The scenario's figures and its differences from the base.", content: { [JSON_TYPE]: S.scenarioRun } },
    problems: [400, 404, 413, 415],
    handle: (ws, { body }) => {
      const per = body.per ?? "municipality";
      checkPer(ws, per);
      const changes = body.changes.map(toScenarioChange);
      if (body.language !== undefined) ws.subsets.languagePopulation(body.language); // a language without people: 400 before the run
      for (const type of body.types ?? []) serviceType(ws.inputs.catalogue, type, "types"); // and an unknown type
      const run = ws.runScenario(changes, body.thresholds);
      const view = scenarioView(ws, run, per, body.language, body.types);
      if (!body.isochrones) return { body: view };
      const { level, thresholds } = body.isochrones;
      return { body: { ...view, isochrones: M.scenarioIsochrones(ws, run, level, thresholds ?? run.figures.thresholdsMin) } };
    },
  }),
  route({
    method: "get",
    path: "/api/loads",
    operationId: "loads",
    profiled: true,
    cached: true,
    summary: "Catchments, loads against capacity, overflow, 2SFCA and choice of one service (a level or a type), for the base set",
    query: S.loadsQuery,
    ok: { description: "Per point and per municipality.", content: { [JSON_TYPE]: S.loads } },
    problems: [400],
    handle: (ws, { query }) => ({ body: loadsView(ws, loads(ws, { service: serviceOf(query), thresholdsMin: query.thresholds, catchmentMin: query.catchment, need: query.need })) }),
  }),
  route({
    method: "post",
    path: "/api/loads",
    operationId: "scenarioLoads",
    profiled: true,
    summary: "The same before and after changes: who moves from which point to which, and each point's load after",
    body: S.loadsBody,
    ok: { description: "Base and scenario per point and municipality, and the moves.", content: { [JSON_TYPE]: S.loads } },
    problems: [400, 404, 413, 415],
    handle: (ws, { body }) => ({ body: loadsView(ws, loads(ws, { service: serviceOf(body), changes: body.changes.map(toScenarioChange), thresholdsMin: body.thresholds, catchmentMin: body.catchment, need: body.need })) }),
  }),
  route({
    method: "post",
    path: "/api/cells/at",
    operationId: "cellAt",
    profiled: true,
    summary: "The grid cell at a place: its people, municipality and minutes to the nearest L, A and E, for the base or a scenario",
    description: "What the web app shows for a click on the map. With `changes` the scenario runs through the same incremental path as POST /api/scenarios/run and both its minutes and the base's are given. With `door_to_door: true` also each level's nearest point and the drive to it read door to door as the Helsinki Region Travel Time Matrix counts a car trip (the reading of POST /api/route), for comparison with published matrices; planning figures stay drive times, and walking or cycling is a 400 naming `door_to_door`. A place off the grid is a 404 naming `lon`.",
    body: S.cellBody,
    ok: { description: "The cell.", content: { [JSON_TYPE]: S.cellInfo } },
    problems: [400, 404, 413, 415],
    handle: (ws, { body }) => ({ body: cellView(ws, body.lon, body.lat, body.changes.map(toScenarioChange), body.door_to_door) }),
  }),
  route({
    method: "post",
    path: "/api/route",
    operationId: "route",
    profiled: true,
    summary: "The drive time and distance between two places, and door to door when asked",
    description: "The same trip as `palveluverkko route`. With `door_to_door: true` also the Helsinki Region Travel Time Matrix's door-to-door reading of it, for comparison with published matrices; planning figures stay drive times. A place with no road within the study's snap distance is a 400 naming `from` or `to`.",
    body: S.tripBody,
    ok: { description: "The trip.", content: { [JSON_TYPE]: S.tripReply } },
    problems: [400, 413, 415],
    handle: (ws, { body }) => ({ body: tripView(ws, body.from, body.to, body.door_to_door) }),
  }),
  // ---- Web map: basemap layers from the workspace's own data (see map.ts) ----
  route({
    method: "get",
    path: "/api/map/roads",
    operationId: "mapRoads",
    cached: true,
    summary: "Main roads of the graph as GeoJSON lines, for a basemap with no tile server",
    description: "Motorways to tertiary roads (links with their road), then streets when the region is small enough; merged between junctions and simplified. Built once per workspace.",
    ok: { description: "GeoJSON LineStrings with their rank and class.", content: { [GEOJSON_TYPE]: S.mapRoads } },
    problems: [400],
    handle: (ws) => ({ body: M.mapRoadsView(ws), contentType: GEOJSON_TYPE }),
  }),
  route({
    method: "get",
    path: "/api/map/areas",
    operationId: "mapAreas",
    cached: true,
    summary: "Municipal borders as GeoJSON lines: the boundary file's, or cell outlines of nearest-centre areas",
    ok: { description: "GeoJSON MultiLineStrings in area-index order; `palveluverkko.approximate` says whether they are cell outlines.", content: { [GEOJSON_TYPE]: S.mapAreas } },
    problems: [400],
    handle: (ws) => ({ body: M.mapAreasView(ws), contentType: GEOJSON_TYPE }),
  }),
  route({
    method: "get",
    path: "/api/map/population",
    operationId: "mapPopulation",
    cached: true,
    summary: "The populated grid cells as GeoJSON squares with their people, for the app's population layer",
    ok: { description: "GeoJSON Polygons (WGS84), one per cell with people.", content: { [GEOJSON_TYPE]: S.mapPopulation } },
    problems: [400],
    handle: (ws) => ({ body: M.mapPopulationView(ws), contentType: GEOJSON_TYPE }),
  }),
  route({
    method: "get",
    path: "/api/map/water",
    operationId: "mapWater",
    cached: true,
    summary: "Water areas (lakes, ponds, river areas, the sea from the coastline) as GeoJSON polygons",
    description:
      "Read from the OSM extract the roads came from when the server opened it (closed ways and multipolygon relations tagged natural=water, waterway=riverbank, landuse=reservoir or basin; the sea closed from natural=coastline when the extract is cut by a box), simplified for drawing. " +
      "Roads that did not come from an OSM file (a generated network, a built graph .pvg) have no water: the collection is then empty and `palveluverkko.notes` says why.",
    ok: { description: "GeoJSON Polygons, holes (islands) after the outer ring.", content: { [GEOJSON_TYPE]: M.mapWater } },
    problems: [400],
    handle: (ws) => ({ body: M.mapWaterView(ws), contentType: GEOJSON_TYPE }),
  }),
  // ---- end of web map ----
  // ---- Reports (report.ts): the CLI's report formats as downloads ----
  route({
    method: "get",
    path: "/api/report",
    operationId: "baseReport",
    profiled: true,
    summary: "The report of the base set as a file: PDF, XLSX, CSV, GeoJSON or GeoPackage, in Finnish, Swedish or English",
    description: "The same report as `palveluverkko report` on the workspace's inputs, with the figures /api/accessibility gives for the same thresholds.",
    query: R.reportQuery,
    ok: { description: "The file, as an attachment named palveluverkko-<region>-<lang>.<ext>.", content: R.reportContent, headers: R.reportHeaders },
    problems: [400],
    handle: (ws, { query }, ctx) => J.runAsJob(ws, ctx, { kind: "report", format: query.format, lang: query.lang, per: query.per, changes: [], thresholds: query.thresholds, types: query.types, language: query.language }),
  }),
  route({
    method: "post",
    path: "/api/report",
    operationId: "scenarioReport",
    profiled: true,
    summary: "The report of a scenario against the base set as a file",
    description: "Changes as POST /api/scenarios/run takes them, run through the same incremental path: the report's figures and diff are that route's.",
    body: R.reportBody,
    ok: { description: "The file, as an attachment named palveluverkko-<region>-<lang>.<ext>.", content: R.reportContent, headers: R.reportHeaders },
    problems: [400, 404, 413, 415],
    handle: (ws, { body }, ctx) => J.runAsJob(ws, ctx, { kind: "report", ...body }),
  }),
  // ---- end of reports ----
  // ---- Groupings (groupings.ts): the region's seed groupings, and `compare` over the base surfaces ----
  route({
    method: "get",
    path: "/api/groupings",
    operationId: "listGroupings",
    summary: "The built-in groupings of the workspace's region into units",
    ok: { description: "Each grouping with its units, members and hubs.", content: { [JSON_TYPE]: G.groupingList } },
    problems: [400],
    handle: (ws) => ({ body: G.groupingsView(ws) }),
  }),
  route({
    method: "post",
    path: "/api/groupings/compare",
    operationId: "compareGroupings",
    profiled: true,
    summary: "Groupings side by side on the base set: per unit and level figures, equality measures, the worst off and why",
    description:
      "The same JSON as `palveluverkko compare --format json` on the workspace's inputs. Built-in groupings by id (an unknown one is a 400 naming `groupings[i]`), " +
      "and custom ones as in grouping files (a bad one is a 400 naming `custom[i].<field>`, e.g. a municipality in two units). For many groupings, POST /api/jobs with kind compare.",
    body: G.compareBody,
    ok: { description: "The comparison.", content: { [JSON_TYPE]: G.comparison } },
    problems: [400, 413, 415],
    handle: (ws, { body }, ctx) => J.runAsJob(ws, ctx, { kind: "compare", ...body }),
  }),
  route({
    method: "post",
    path: "/api/groupings/check",
    operationId: "checkGrouping",
    summary: "Check a grouping file (a CSV or XLSX table of municipality → unit, or JSON) as --grouping-file reads it",
    description:
      "Answers with the grouping of the server's region, as GET /api/groupings lists one, or a 400 problem whose `errors` list every bad row (a municipality unknown or listed twice, a unit missing, two hubs) with its column and value. " +
      "Send the file as it is, with its media type; `name` is the file's name. Nothing is kept: compare it by sending it as one of POST /api/groupings/compare's `custom`.",
    query: GF.checkQuery,
    body: GF.groupingFileBody,
    bodyTypes: GF.GROUPING_FILE_TYPES,
    ok: { description: "The grouping, and how the file was written.", content: { [JSON_TYPE]: GF.checkedGrouping } },
    problems: [400, 413, 415],
    handle: (ws, { query, body }, ctx) => GF.checkGrouping(ws, query, body, ctx.contentType),
  }),
  route({
    method: "post",
    path: "/api/groupings/export",
    operationId: "exportGrouping",
    summary: "A grouping as a file (JSON, or a CSV or XLSX table) that --grouping-file and POST /api/groupings/check read back",
    query: GF.exportQuery,
    body: GF.exportBody,
    ok: { description: "The file, with a Content-Disposition naming it after the grouping.", content: GF.exportContent, headers: { "Content-Disposition": 'attachment; filename="{grouping}.{format}"' } },
    problems: [400, 413, 415],
    handle: (ws, { query, body }) => GF.exportGrouping(ws, query, body),
  }),
  // ---- Service points as files (upload.ts): a planner's file checked, the set written back ----
  route({
    method: "post",
    path: "/api/service-points/check",
    operationId: "checkServicePoints",
    summary: "Check a service-point file (CSV, XLSX or GeoJSON) as --services imports it",
    description:
      "Answers with the parsed points and the scenario changes that turn the server's base set into them, or a 400 problem whose `errors` list every bad line (CSV), row (XLSX) or feature (GeoJSON) with its field and value. " +
      "Send the file as it is, with its media type (text/csv, the XLSX type, application/geo+json). Nothing is kept: the server's base set stays as loaded; the changes run as any scenario's.",
    body: U.uploadBody,
    bodyTypes: U.UPLOAD_TYPES,
    ok: { description: "The points, as they would be imported, and the scenario of the base set they make.", content: { [JSON_TYPE]: U.checkedPoints } },
    problems: [400, 413, 415],
    handle: (ws, { body }, ctx) => U.checkServicePoints(ws, body, ctx.contentType),
  }),
  route({
    method: "post",
    path: "/api/service-points/export",
    operationId: "exportServicePoints",
    summary: "The base set after a scenario's changes as a file (CSV, XLSX or GeoJSON) that --services and POST /api/service-points/check read back",
    description: "With no changes, the base set itself. A UTF-8 CSV opens with a byte-order mark so that Excel shows ä and å; `delimiter=;` writes decimal commas as Excel does in a Finnish or Swedish locale.",
    query: U.exportQuery,
    body: U.exportBody,
    ok: {
      description: "The file, with a Content-Disposition naming it after the base set.",
      content: U.exportContent,
      headers: { "Content-Disposition": "attachment; filename=\"{set}.{format}\"" },
    },
    problems: [400, 404, 413, 415],
    handle: (ws, { query, body }) => U.exportServicePoints(ws, query, body.changes.map(toScenarioChange)),
  }),
  // ---- Jobs (jobs.ts, job-routes.ts): long work off the request path ----
  route({
    method: "post",
    path: "/api/jobs",
    operationId: "createJob",
    profiled: true,
    summary: "Start a report or a comparison as a job",
    description:
      "The body is POST /api/report's (kind report; changes optional, none for the base set) or POST /api/groupings/compare's (kind compare). " +
      "It is checked at once (400 naming the field); the work runs after the reply, one job at a time, in a worker thread (the server keeps answering meanwhile). 503 when too many jobs wait. " +
      "Finished jobs are kept in memory for an hour, at most 50.",
    body: J.jobBody,
    ok: { status: 202, description: "Accepted; Location is the job's address.", content: { [JSON_TYPE]: J.jobView }, headers: { Location: "/api/jobs/{id}" } },
    problems: [400, 413, 415, 503],
    handle: (ws, { body }, ctx) => J.createJob(ws, J.requireJobs(ctx), body),
  }),
  route({
    method: "get",
    path: "/api/jobs/:id",
    operationId: "getJob",
    summary: "A job's status (queued, running, done, failed) and progress",
    params: J.jobIdParams,
    ok: { description: "The job.", content: { [JSON_TYPE]: J.jobView } },
    problems: [400, 404, 503],
    handle: (_ws, { params }, ctx) => ({ body: J.requireJobs(ctx).view(J.requireJobs(ctx).get(params.id)) }),
  }),
  route({
    method: "get",
    path: "/api/jobs/:id/events",
    operationId: "jobEvents",
    summary: "A job's progress as Server-Sent Events",
    description: "`progress` events (data: {done, total}) now and after every step, then `done` (data: {id, result}) or `failed` (data: the problem), then the stream ends.",
    params: J.jobIdParams,
    ok: { description: "The event stream.", content: { "text/event-stream": J.eventStream } },
    problems: [400, 404, 503],
    handle: (_ws, { params }, ctx) => ({ body: null, stream: J.requireJobs(ctx).stream(params.id) }),
  }),
  route({
    method: "get",
    path: "/api/jobs/:id/result",
    operationId: "jobResult",
    summary: "A finished job's result: the body the direct route gives",
    description: "A report's file (as GET/POST /api/report), or a comparison (as POST /api/groupings/compare). 409 while the job is queued or running; a failed job answers with its problem.",
    params: J.jobIdParams,
    ok: { description: "The result.", content: { ...R.reportContent, [JSON_TYPE]: G.comparison }, headers: R.reportHeaders },
    problems: [400, 404, 409, 503],
    handle: (_ws, { params }, ctx) => J.requireJobs(ctx).result(params.id),
  }),
  // ---- end of jobs ----
];

// ---- Stored scenarios (data/store, handlers in stored.ts): registered after ROUTES by app.ts ----
const STORE_PROBLEMS = [400, 404, 409, 503] as const;
const RUN_NOTE = "Runs through the same incremental path as POST /api/scenarios/run. 409 when the scenario belongs to another region or base set than the server's.";

/** The stored-scenario and service-set routes; every one answers 503 when the app has no store. */
export const STORE_ROUTES: readonly Route[] = [
  route({
    method: "post",
    path: "/api/scenarios",
    operationId: "createScenario",
    writes: true,
    summary: "Save a scenario: name and changes to the server's base set",
    description:
      "The changes are checked against the server's base set before anything is saved: a change naming an unknown point is a 404 naming `changes[i].id`. " +
      "An id that is taken is a 409; without an id the server makes one (a UUID). The reply's Location header is the scenario's address.",
    body: S.storedScenarioCreateBody,
    ok: { status: 201, description: "Saved; the scenario as stored.", content: { [JSON_TYPE]: S.storedScenario } },
    problems: [...STORE_PROBLEMS, 413, 415],
    handle: (ws, { body }, ctx) => ST.createStored(ws, ST.requireStore(ctx), body),
  }),
  route({
    method: "get",
    path: "/api/scenarios",
    operationId: "listScenarios",
    summary: "Stored scenarios, oldest first",
    query: S.storedScenarioListQuery,
    ok: { description: "Each scenario without its changes (counted), and whether this server can run it.", content: { [JSON_TYPE]: S.storedScenarioList } },
    problems: [400, 503],
    handle: (ws, { query }, ctx) => ST.listStored(ws, ST.requireStore(ctx), query.region),
  }),
  route({
    method: "get",
    path: "/api/scenarios/:id",
    operationId: "getScenario",
    summary: "A stored scenario, changes and all",
    params: S.scenarioIdParams,
    ok: { description: "The scenario as stored.", content: { [JSON_TYPE]: S.storedScenario } },
    problems: [400, 404, 503],
    handle: (ws, { params }, ctx) => ST.getStored(ws, ST.requireStore(ctx), params.id),
  }),
  route({
    method: "put",
    path: "/api/scenarios/:id",
    operationId: "updateScenario",
    writes: true,
    summary: "Replace a stored scenario's name and changes",
    description: "Checked like a new scenario's; saved whole or not at all.",
    params: S.scenarioIdParams,
    body: S.storedScenarioUpdateBody,
    ok: { description: "The scenario as stored now.", content: { [JSON_TYPE]: S.storedScenario } },
    problems: [...STORE_PROBLEMS, 413, 415],
    handle: (ws, { params, body }, ctx) => ST.updateStored(ws, ST.requireStore(ctx), params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/scenarios/:id",
    operationId: "deleteScenario",
    writes: true,
    summary: "Delete a stored scenario",
    params: S.scenarioIdParams,
    ok: { status: 204, description: "Deleted.", content: {} },
    problems: [400, 404, 503],
    handle: (_ws, { params }, ctx) => ST.deleteStored(ST.requireStore(ctx), params.id),
  }),
  route({
    method: "post",
    path: "/api/scenarios/:id/run",
    operationId: "runStoredScenario",
    profiled: true,
    summary: "Run a stored scenario: figures per area and band crossings against the base",
    description: RUN_NOTE,
    params: S.scenarioIdParams,
    query: S.accessibilityQuery,
    ok: { description: "As POST /api/scenarios/run answers, with the scenario's id, name and version.", content: { [JSON_TYPE]: S.storedScenarioRun } },
    problems: STORE_PROBLEMS,
    handle: (ws, { params, query }, ctx) => ST.runStored(ws, ST.requireStore(ctx), params.id, query.per, query.thresholds),
  }),
  route({
    method: "get",
    path: "/api/scenarios/:id/diff",
    operationId: "diffStoredScenario",
    profiled: true,
    summary: "A stored scenario's band crossings against the base, without its figures",
    description: `A GET, so it can be linked and cached. ${RUN_NOTE}`,
    params: S.scenarioIdParams,
    query: S.accessibilityQuery,
    ok: { description: "The diff part of the run.", content: { [JSON_TYPE]: S.storedScenarioDiff } },
    problems: STORE_PROBLEMS,
    handle: (ws, { params, query }, ctx) => ST.diffStored(ws, ST.requireStore(ctx), params.id, query.per, query.thresholds),
  }),
  // ---- Stored service sets (handlers in service-sets.ts) ----
  route({
    method: "post",
    path: "/api/service-sets",
    operationId: "createServiceSet",
    writes: true,
    summary: "Import a service-point file (CSV or GeoJSON) as a new stored set",
    description:
      "The body is the file as POST /api/service-points/check takes it; the id and names come as query parameters, e.g. `POST /api/service-sets?id=pohjois-2025&name=Pohjoinen%202025` with Content-Type text/csv. " +
      "A bad file is a 400 whose `errors` list every bad line or feature, and nothing is saved; the set is saved whole in one transaction. " +
      "A taken id is a 409 (PUT /api/service-sets/{id} replaces a set). The reply's Location header is the set's address.",
    query: SS.createQuery,
    body: U.uploadBody,
    bodyTypes: U.UPLOAD_TYPES,
    ok: { status: 201, description: "Saved; the set as stored.", content: { [JSON_TYPE]: SS.storedSet }, headers: { Location: "/api/service-sets/{id}" } },
    problems: [400, 409, 413, 415, 503],
    handle: (ws, { query, body }, ctx) => SS.createSet(ws, ST.requireStore(ctx), query, body, ctx.contentType),
  }),
  route({
    method: "get",
    path: "/api/service-sets",
    operationId: "listServiceSets",
    summary: "Stored service sets, by id",
    ok: { description: "Each set without its points (counted).", content: { [JSON_TYPE]: SS.storedSetList } },
    problems: [400, 503],
    handle: (ws, _input, ctx) => SS.listSets(ws, ST.requireStore(ctx)),
  }),
  route({
    method: "get",
    path: "/api/service-sets/:id",
    operationId: "getServiceSet",
    summary: "A stored service set and its points",
    params: SS.setIdParams,
    query: SS.getQuery,
    ok: { description: "JSON, or GeoJSON points with format=geojson.", content: { [JSON_TYPE]: SS.storedSet, [GEOJSON_TYPE]: SS.storedSetCollection } },
    problems: [400, 404, 503],
    handle: (ws, { params, query }, ctx) => SS.getSet(ws, ST.requireStore(ctx), params.id, query.format),
  }),
  route({
    method: "put",
    path: "/api/service-sets/:id",
    operationId: "replaceServiceSet",
    writes: true,
    summary: "Replace a stored set whole with a file (or create it)",
    description: "The body and query as POST /api/service-sets takes them, the id in the path. Saved whole in one transaction or not at all; `saved` says whether the set was created, replaced, or held the same points already.",
    params: SS.newSetParams,
    query: SS.replaceQuery,
    body: U.uploadBody,
    bodyTypes: U.UPLOAD_TYPES,
    ok: { description: "The set as stored now.", content: { [JSON_TYPE]: SS.replacedSet } },
    problems: [400, 409, 413, 415, 503],
    handle: (ws, { params, query, body }, ctx) => SS.replaceSet(ws, ST.requireStore(ctx), params.id, query, body, ctx.contentType),
  }),
  route({
    method: "delete",
    path: "/api/service-sets/:id",
    operationId: "deleteServiceSet",
    writes: true,
    summary: "Delete a stored set and its points",
    description: "409 while a stored scenario has the set as its base, and for the server's own base set.",
    params: SS.setIdParams,
    ok: { status: 204, description: "Deleted.", content: {} },
    problems: [400, 404, 409, 503],
    handle: (ws, { params }, ctx) => SS.deleteSet(ws, ST.requireStore(ctx), params.id),
  }),
  route({
    method: "put",
    path: "/api/service-sets/:id/points/:pointId",
    operationId: "editServicePoint",
    writes: true,
    summary: "Edit one point of a stored set: names, level, open, place",
    description: "Fields left out stay as they are; the point's id and municipality stay. One transaction; the set's `updated_at` changes. An unknown set is a 404 naming `id`, an unknown point one naming `pointId`.",
    params: SS.pointParams,
    body: SS.pointEditBody,
    ok: { description: "The point as stored now.", content: { [JSON_TYPE]: SS.editedPoint } },
    problems: [400, 404, 409, 413, 415, 503],
    handle: (ws, { params, body }, ctx) => SS.editPoint(ws, ST.requireStore(ctx), params.id, params.pointId, body),
  }),
  route({
    method: "post",
    path: "/api/service-sets/:id/run",
    operationId: "runServiceSet",
    profiled: true,
    summary: "Run a stored set against the base set: figures per area and band crossings",
    description:
      "The set becomes the changes that turn the server's base set into it (points matched by id: close what the set lacks, add what the base lacks, move, relevel, open or close the rest), " +
      `run through the same incremental path as POST /api/scenarios/run. A set with open points at more than ${MAX_NEW_LOCATIONS} places the base has none is a 400 naming \`points\`.`,
    params: SS.setIdParams,
    query: S.accessibilityQuery,
    ok: { description: "As POST /api/scenarios/run answers, with the set's id, name and version.", content: { [JSON_TYPE]: SS.storedSetRun } },
    problems: [400, 404, 503],
    handle: (ws, { params, query }, ctx) => SS.runSet(ws, ST.requireStore(ctx), params.id, query.per, query.thresholds),
  }),
  // ---- end of stored service sets ----
];
// ---- end of stored scenarios ----

/** The service a loads request names: its type, else its level (default L). */
function serviceOf(q: { level?: ServiceLevel; type?: string }): ServiceKey {
  return q.type !== undefined ? { type: q.type } : { level: q.level ?? "L" };
}
