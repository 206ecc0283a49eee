/**
 * The route table: every route once, with what it takes and answers. The app registers routes
 * from it and the OpenAPI document is written from it, so the two cannot disagree.
 */
import { z } from "zod";
import { toScenarioChange } from "../../data/scenario-file.ts";
import type { Workspace } from "./workspace.ts";
import * as S from "./schemas.ts";
import * as V from "./views.ts";

/** A reply: a JSON body, and its media type when not application/json. */
export interface Reply {
  readonly body: unknown;
  readonly contentType?: string;
}

interface RouteInfo {
  readonly method: "get" | "post";
  /** Express path and OpenAPI path alike (no path parameters yet). */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** The 200 reply: a schema per media type. */
  readonly ok: { readonly description: string; readonly content: Readonly<Record<string, z.ZodType>> };
  /** Problem statuses the route may answer with besides 404 for an unknown route and 500. */
  readonly problems: readonly number[];
}

export interface Route extends RouteInfo {
  /** Query parameters (strict: an unknown one is a 400); the empty object when none. */
  readonly query: z.ZodObject;
  readonly body?: z.ZodType;
  /** Checks the query and body against the schemas, then answers. */
  run(ws: Workspace, query: unknown, body: unknown): Reply;
}

interface RouteSpec<Q extends z.ZodObject, B extends z.ZodType> extends RouteInfo {
  readonly query?: Q;
  readonly body?: B;
  handle(ws: Workspace, input: { query: z.output<Q>; body: z.output<B> }): Reply;
}

const noQuery = z.strictObject({});

/** A route whose handler sees the parsed, typed query and body. */
export function route<Q extends z.ZodObject = typeof noQuery, B extends z.ZodType = z.ZodUndefined>(spec: RouteSpec<Q, B>): Route {
  const query = spec.query ?? noQuery;
  return {
    ...spec,
    query,
    run: (ws, rawQuery, rawBody) =>
      spec.handle(ws, {
        query: S.parseRequest(query, rawQuery, "query") as z.output<Q>,
        body: (spec.body ? S.parseRequest(spec.body, rawBody, "body") : undefined) as z.output<B>,
      }),
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
    summary: "Liveness, and where the roads come from",
    ok: { description: "The workspace is loaded.", content: { [JSON_TYPE]: S.health } },
    problems: [400],
    handle: (ws) => ({ body: { status: "ok", roads: ws.roads, generated: ws.generated } }),
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
    path: "/api/municipalities",
    operationId: "listMunicipalities",
    summary: "The workspace's municipalities: code, names, centre, people on the grid, unit",
    ok: { description: "In area-index order.", content: { [JSON_TYPE]: S.municipalityList } },
    problems: [400],
    handle: (ws) => ({ body: V.municipalitiesView(ws) }),
  }),
  route({
    method: "get",
    path: "/api/service-points",
    operationId: "listServicePoints",
    summary: "The base service set",
    query: S.servicePointsQuery,
    ok: { description: "JSON, or GeoJSON points with format=geojson.", content: { [JSON_TYPE]: S.servicePointList, [GEOJSON_TYPE]: S.servicePointCollection } },
    problems: [400],
    handle: (ws, { query }) => (query.format === "geojson" ? { body: V.servicePointsGeoJson(ws), contentType: GEOJSON_TYPE } : { body: V.servicePointsView(ws) }),
  }),
  route({
    method: "get",
    path: "/api/accessibility",
    operationId: "accessibility",
    summary: "Time to the nearest L, A and E service per municipality or unit, for the base set",
    description: "The same figures as `palveluverkko levels --format json`: population-weighted mean, median, P90 and maximum minutes, the centre's own time, and people per band.",
    query: S.accessibilityQuery,
    ok: { description: "Per level, a row per area (or unit) and an `all` row.", content: { [JSON_TYPE]: S.accessibility } },
    problems: [400],
    handle: (ws, { query }) => ({ body: V.accessibilityView(ws, query.per, query.thresholds) }),
  }),
  route({
    method: "get",
    path: "/api/isochrones",
    operationId: "isochrones",
    summary: "Bands of time to the nearest service of a level, for the base set",
    query: S.isochronesQuery,
    ok: { description: "GeoJSON MultiPolygons, one per threshold.", content: { [GEOJSON_TYPE]: S.isochroneCollection } },
    problems: [400],
    handle: (ws, { query }) => ({ body: V.isochronesView(ws, query.level, query.thresholds, query.crs), contentType: GEOJSON_TYPE }),
  }),
  route({
    method: "post",
    path: "/api/scenarios/run",
    operationId: "runScenario",
    summary: "Apply changes to the base set: figures per area and band crossings against the base",
    description:
      `Changes (close, open, relevel, move, add) apply in order, as in scenario files; at most ${S.MAX_CHANGES}. ` +
      "A change naming an unknown point is a 404 naming `changes[i].id`. Closures recompute only the cells they touch; " +
      "each new location (add, move) costs one search, at most 100 per run.",
    body: S.scenarioRunBody,
    ok: { description: "The scenario's figures and its differences from the base.", content: { [JSON_TYPE]: S.scenarioRun } },
    problems: [400, 404, 413, 415],
    handle: (ws, { body }) => {
      const per = body.per ?? "municipality";
      V.checkPer(ws, per);
      const changes = body.changes.map(toScenarioChange);
      const run = ws.runScenario(changes, body.thresholds);
      return { body: V.scenarioView(ws, run, changes.length, per) };
    },
  }),
];
