/**
 * OGC API – Features, Part 1: Core with GeoJSON, under /ogc, so a planner adds this server in QGIS
 * (Layer → Add WFS / OGC API – Features) or GDAL (`OAPIF:http://…/ogc`) and sees the base and the
 * stored scenarios as layers: service points, municipalities, units, and the bands and populated
 * cells of the base and of each stored scenario this server can run (ogc-features.ts).
 *
 * Choices the standard leaves open: `limit` defaults to 1,000 and a larger value than 10,000 is
 * served as 10,000 (its permission to override); paging is by `offset`, and every page links the
 * next while there is one; `bbox` is minLon,minLat,maxLon,maxLat in CRS84 (a 6-number 3D box is a
 * 400), and a feature is in when its geometry shares a point with the box; `datetime` is accepted
 * and selects nothing out (no feature here has a time). Links are absolute, made from the Host the
 * client sent (hostGuard has checked it), since GDAL resolves a root-relative link against the
 * landing page's URL. JSON is the only encoding: `f=json` is accepted, HTML is not served.
 */
import { z } from "zod";
import { LEVELS } from "../../engine/index.ts";
import { noteJson, type Study } from "../../study/index.ts";
import { route, type Reply, type Route, type RouteContext } from "./routes.ts";
import { notes, responseSchemas } from "./schemas.ts";
import * as F from "./ogc-features.ts";

const JSON_TYPE = "application/json";
const GEOJSON_TYPE = "application/geo+json";
const OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.1";
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const CONFORMANCE = ["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"];

/** Features per page when the client names no limit, and the most one page holds. */
const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;

// ---- Requests ----

const f = z.enum(["json", "geojson"]).optional().describe("Encoding: JSON (GeoJSON for features), the only one served; accepted for clients that always name it.");
const lang = z
  .enum(["fi", "sv", "en"])
  .default("fi")
  .describe("Language of the features' labels and names (name, level_name, label); default fi. Taken on every /ogc route, so it can ride on the server's URL: OAPIF:http://…/ogc?lang=sv.");
const plainQuery = z.strictObject({ f, lang });

const bbox = z
  .string()
  .transform((text, ctx): F.Box => {
    const v = text.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (v.length === 6) return fail("a 3D box (6 numbers) is not served: give minLon,minLat,maxLon,maxLat");
    if (v.length !== 4 || v.some((n) => !Number.isFinite(n))) return fail("four numbers: minLon,minLat,maxLon,maxLat (CRS84)");
    const [w, s, e, n] = v;
    if (w < -180 || e > 180 || s < -90 || n > 90) return fail("longitudes lie in [-180, 180] and latitudes in [-90, 90]");
    if (s > n) return fail("minLat is above maxLat");
    if (w > e) return fail("minLon is east of maxLon: a box across the antimeridian is not served");
    return [w, s, e, n];
  })
  .optional()
  .describe("minLon,minLat,maxLon,maxLat in CRS84 (WGS84 lon/lat): only features whose geometry shares a point with the box. A 3D box is a 400.");

const itemsQuery = z.strictObject({
  f,
  lang,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_LIMIT)
    .transform((v) => Math.min(v, MAX_LIMIT))
    .describe(`Features per page; default ${DEFAULT_LIMIT}. A larger value than ${MAX_LIMIT.toLocaleString("en")} is served as ${MAX_LIMIT.toLocaleString("en")}.`),
  offset: z.coerce.number().int().min(0).default(0).describe("Features to skip (of those the bbox selects); the `next` link of a page says where the next begins."),
  bbox,
  "bbox-crs": z.literal(CRS84).optional().describe("The bbox's CRS: CRS84 only."),
  crs: z.literal(CRS84).optional().describe("The features' CRS: CRS84 only (accepted for clients that always name it)."),
  datetime: z.string().max(100).optional().describe("Accepted as the standard asks; no feature here has a time, so it selects nothing out."),
});

const collectionId = z.string().min(1).max(500).describe("A collection's id, as /ogc/collections lists them: service-points, bands, cells, municipalities, units, or scenario-{id}-service-points, -bands, -cells.");
const collectionParams = z.strictObject({ collectionId });
const featureParams = z.strictObject({ collectionId, featureId: z.string().min(1).max(500).describe("A feature's id: a point's id, a band's level-threshold (L-30), a cell's index, a municipality's code, a unit's id.") });

// ---- Replies (registered, so the document names them) ----

const link = z
  .object({ href: z.string(), rel: z.string(), type: z.string().optional(), title: z.string().optional() })
  .describe("A link: absolute, from the scheme and Host the request came with.")
  .register(responseSchemas, { id: "OgcLink" });
const links = z.array(link);

const landingPage = z
  .object({ title: z.string(), description: z.string(), links })
  .describe("The landing page: links to the API document (service-desc), the conformance declaration and the collections (data).")
  .register(responseSchemas, { id: "OgcLandingPage" });

const conformance = z.object({ conformsTo: z.array(z.string()) }).describe("The conformance classes this API meets.").register(responseSchemas, { id: "OgcConformance" });

const collection = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    itemType: z.literal("feature"),
    crs: z.array(z.string()).describe("CRS84 only."),
    extent: z.object({ spatial: z.object({ bbox: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])), crs: z.literal(CRS84) }) }).optional().describe("A base collection's, from its features; a scenario's, the study's."),
    links,
  })
  .describe("A collection; its items link is the GeoJSON of its features.")
  .register(responseSchemas, { id: "OgcCollection" });

const collections = z.object({ links, collections: z.array(collection) }).describe("Every collection.").register(responseSchemas, { id: "OgcCollections" });

const name = z.string().describe("In the language asked (lang).");
const level = z.enum(LEVELS).describe("Service level.");
const minutes = (what: string) => z.number().nullable().describe(`${what}: minutes to the nearest open point of the level, to a thousandth; null beyond the last threshold or off the roads.`);
const featureProperties = z.union([
  z
    .object({
      kind: z.literal("service_point"), level, id: z.string(), name: z.string().describe("Swedish for lang sv, else Finnish."), name_fi: z.string(), name_sv: z.string(),
      open: z.boolean().describe("False: closed (in the base set, or by the scenario)."), municipality: z.string().describe("Municipality code."),
      status: z.enum(["unchanged", "changed", "added"]).describe("What the scenario did to the point; unchanged in the base."),
    })
    .describe("A service point (service-points, scenario-{id}-service-points)."),
  z
    .object({
      kind: z.literal("band"), level, level_name: name, variant: z.enum(["scenario"]).nullable().describe("null for the base's bands, scenario for a scenario's."),
      threshold_min: z.number().describe("The band is the area within this many minutes (nested: draw the farthest first)."), from_min: z.number().describe("The previous threshold (0 for the first)."), label: name,
    })
    .describe("A travel-time band (bands, scenario-{id}-bands)."),
  z
    .object({
      kind: z.literal("cell"), cell: z.number().int().describe("The cell's index on the study's grid."), population: z.number().int().describe("People in the cell."),
      municipality: z.string().nullable().describe("Code of the municipality the cell counts in; null for none."),
      L_min: minutes("L"), A_min: minutes("A"), E_min: minutes("E"),
      base_L_min: minutes("L in the base").optional(), base_A_min: minutes("A in the base").optional(), base_E_min: minutes("E in the base").optional(),
    })
    .describe("A populated grid cell (cells, scenario-{id}-cells; a scenario's also carries the base's minutes)."),
  z
    .object({
      kind: z.literal("municipality"), code: z.string(), name, name_fi: z.string(), name_sv: z.string(),
      population: z.number().describe("People on the grid counted in it."), unit: z.string().nullable().describe("Its unit's id in the study's grouping; null without one."),
      inside_pct: z.number(), land_pct: z.number(), people_pct: z.number().nullable(), partial: z.boolean().describe("Under 99 % of its land inside the extract: its figures cover the part inside."),
      approximate: z.boolean().describe("True: no boundaries were given, the polygon is the outline of its cells."),
    })
    .describe("A municipality of the study (municipalities)."),
  z
    .object({
      kind: z.literal("unit"), id: z.string(), name, name_fi: z.string(), name_sv: z.string(),
      municipalities: z.string().describe("Member municipality codes, comma-separated."), population: z.number().describe("People on the grid counted in it."),
      approximate: z.literal(true).describe("The polygon is the outline of the cells its figures count, along the grid."),
    })
    .describe("A regional unit of the study's grouping (units)."),
]);
const position = z.tuple([z.number(), z.number()]);
const geometry = z.union([
  z.object({ type: z.literal("Point"), coordinates: position }),
  z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(z.array(position))) }),
]);
const feature = z
  .object({ type: z.literal("Feature"), id: z.union([z.string(), z.number().int()]).describe("Stable across pages and runs."), properties: featureProperties, geometry, links: links.optional() })
  .describe("A feature, WGS84 lon/lat (CRS84), properties named as in the GeoJSON report.")
  .register(responseSchemas, { id: "OgcFeature" });

const featureCollection = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(feature),
    numberMatched: z.number().int().describe("Features the bbox selects (all of them without one)."),
    numberReturned: z.number().int(),
    timeStamp: z.string(),
    links,
    palveluverkko: z
      .object({ roads: z.string(), generated: z.boolean(), thresholds_min: z.array(z.number()), notes })
      .describe("Where the roads come from, the thresholds of the bands and minutes, and the notes a reader of the figures must know (a foreign member)."),
  })
  .describe("A page of a collection's features.")
  .register(responseSchemas, { id: "OgcFeatureCollection" });

// ---- Handlers ----

/**
 * Links as the client reaches this server: absolute, with its scheme and Host (from the root when it
 * sent no Host), carrying the language and encoding it asked for.
 */
function linker(ctx: RouteContext): { request: URL; origin: string; href: (u: URL) => string; to: (path: string) => string } {
  const absolute = /^https?:\/\//.test(ctx.url ?? "");
  const request = new URL(ctx.url ?? "/ogc", "http://no-host.invalid");
  const origin = absolute ? request.origin : "";
  const kept = [...request.searchParams].filter(([k]) => k === "lang" || k === "f");
  const href = (u: URL) => origin + u.pathname + u.search;
  return { request, origin, href, to: (path) => href(new URL(path + (kept.length > 0 ? `?${new URLSearchParams(kept)}` : ""), request)) };
}

const collectionPath = (id: string) => `/ogc/collections/${encodeURIComponent(id)}`;

function landing(ws: Study, ctx: RouteContext): z.output<typeof landingPage> {
  const { to, origin } = linker(ctx);
  return {
    title: `palveluverkko: ${ws.regionName.en}`,
    description: `Travel time by road to the nearest L, A and E health and social service in ${ws.regionName.en}: service points, municipalities, units, and the bands and populated cells of the base set and of every stored scenario. Roads: ${ws.roads}.`,
    links: [
      { href: to("/ogc"), rel: "self", type: JSON_TYPE, title: "This document" },
      { href: `${origin}/api/openapi.json`, rel: "service-desc", type: OPENAPI_TYPE, title: "The API document (OpenAPI 3.1)" },
      { href: to("/ogc/conformance"), rel: "conformance", type: JSON_TYPE, title: "Conformance classes" },
      { href: to("/ogc/collections"), rel: "data", type: JSON_TYPE, title: "The collections" },
    ],
  };
}

async function collectionView(ws: Study, ctx: RouteContext, ref: F.CollectionRef): Promise<z.output<typeof collection>> {
  const { to } = linker(ctx);
  const extent = await F.extentOf(ws, ctx.store, ref);
  const { title, description } = F.describeCollection(ws, ref);
  return {
    id: ref.id,
    title,
    description: `${description} Roads: ${ws.roads}.`,
    itemType: "feature",
    crs: [CRS84],
    ...(extent && { extent: { spatial: { bbox: [extent], crs: CRS84 } } }),
    links: [
      { href: to(collectionPath(ref.id)), rel: "self", type: JSON_TYPE, title },
      { href: to(`${collectionPath(ref.id)}/items`), rel: "items", type: GEOJSON_TYPE, title: `${title} (GeoJSON)` },
    ],
  };
}

async function collectionsView(ws: Study, ctx: RouteContext): Promise<z.output<typeof collections>> {
  const { to } = linker(ctx);
  const refs = await F.listCollections(ws, ctx.store);
  const views = [];
  for (const ref of refs) views.push(await collectionView(ws, ctx, ref));
  return { links: [{ href: to("/ogc/collections"), rel: "self", type: JSON_TYPE, title: "The collections" }], collections: views };
}

/** A page of a collection's features; next and prev link the neighbouring pages, with the same bbox. */
async function itemsView(ws: Study, ctx: RouteContext, id: string, q: z.output<typeof itemsQuery>): Promise<Reply> {
  const ref = await F.findCollection(ws, ctx.store, id);
  const served = await F.servedFeatures(ws, ctx.store, ref, q.lang);
  const matched = F.selected(served, q.bbox ?? null);
  const page = matched.slice(q.offset, q.offset + q.limit).map((i) => served.features[i]);
  // The request's own URL with another offset: the client's parameters stay as and where it wrote them.
  const { request, href, to } = linker(ctx);
  const at = (offset: number) => {
    const u = new URL(request);
    u.searchParams.set("limit", String(q.limit));
    u.searchParams.set("offset", String(offset));
    return href(u);
  };
  // The properties are the report's (data/export, untyped there); the tests check them against the schema.
  const body: Omit<z.output<typeof featureCollection>, "features"> & { features: F.OgcFeature[] } = {
    type: "FeatureCollection",
    features: page,
    numberMatched: matched.length,
    numberReturned: page.length,
    timeStamp: new Date().toISOString(),
    links: [
      { href: href(request), rel: "self", type: GEOJSON_TYPE, title: "This page" },
      { href: to(collectionPath(ref.id)), rel: "collection", type: JSON_TYPE, title: "The collection" },
      ...(q.offset + q.limit < matched.length ? [{ href: at(q.offset + q.limit), rel: "next", type: GEOJSON_TYPE, title: "The next page" }] : []),
      ...(q.offset > 0 ? [{ href: at(Math.max(0, q.offset - q.limit)), rel: "prev", type: GEOJSON_TYPE, title: "The previous page" }] : []),
    ],
    palveluverkko: { roads: ws.roads, generated: ws.generated, thresholds_min: [...served.thresholdsMin], notes: served.notes.map(noteJson) },
  };
  return { body, contentType: GEOJSON_TYPE };
}

async function featureView(ws: Study, ctx: RouteContext, id: string, featureId: string, q: z.output<typeof plainQuery>): Promise<Reply> {
  const ref = await F.findCollection(ws, ctx.store, id);
  const served = await F.servedFeatures(ws, ctx.store, ref, q.lang);
  const found = F.featureById(served, featureId);
  const { to } = linker(ctx);
  const body: F.OgcFeature & Pick<z.output<typeof feature>, "links"> = {
    ...found,
    links: [
      { href: to(`${collectionPath(ref.id)}/items/${encodeURIComponent(featureId)}`), rel: "self", type: GEOJSON_TYPE, title: "This feature" },
      { href: to(collectionPath(ref.id)), rel: "collection", type: JSON_TYPE, title: "The collection" },
    ],
  };
  return { body, contentType: GEOJSON_TYPE };
}

// ---- Routes (registered by app.ts after the others; outside /api, so outside its rate limit) ----

const HOST_PROBLEMS = [400, 403] as const;

/** The OGC API – Features routes. */
export const OGC_ROUTES: readonly Route[] = [
  route({
    method: "get",
    path: "/ogc",
    operationId: "ogcLandingPage",
    summary: "OGC API – Features: the landing page (add this URL in QGIS, or open it with GDAL as OAPIF:…/ogc)",
    query: plainQuery,
    ok: { description: "Links to the API document, the conformance classes and the collections.", content: { [JSON_TYPE]: landingPage } },
    problems: HOST_PROBLEMS,
    handle: (ws, _input, ctx) => ({ body: landing(ws, ctx) }),
  }),
  route({
    method: "get",
    path: "/ogc/conformance",
    operationId: "ogcConformance",
    summary: "OGC API – Features: the conformance classes (Part 1 core, GeoJSON)",
    query: plainQuery,
    ok: { description: "The classes.", content: { [JSON_TYPE]: conformance } },
    problems: HOST_PROBLEMS,
    handle: () => ({ body: { conformsTo: CONFORMANCE } }),
  }),
  route({
    method: "get",
    path: "/ogc/collections",
    operationId: "ogcCollections",
    summary: "OGC API – Features: every collection (the base's, and three per stored scenario this server can run)",
    description:
      "service-points, bands, cells, municipalities, units (when the study has a grouping), and for each stored scenario of this server's region and base set scenario-{id}-service-points, scenario-{id}-bands and scenario-{id}-cells. " +
      "Features are built once per study and per scenario version (its updated_at), so paging never recomputes them.",
    query: plainQuery,
    ok: { description: "The collections.", content: { [JSON_TYPE]: collections } },
    problems: HOST_PROBLEMS,
    handle: async (ws, _input, ctx) => ({ body: await collectionsView(ws, ctx) }),
  }),
  route({
    method: "get",
    path: "/ogc/collections/:collectionId",
    operationId: "ogcCollection",
    summary: "OGC API – Features: one collection",
    params: collectionParams,
    query: plainQuery,
    ok: { description: "The collection.", content: { [JSON_TYPE]: collection } },
    problems: [...HOST_PROBLEMS, 404],
    handle: async (ws, { params }, ctx) => ({ body: await collectionView(ws, ctx, await F.findCollection(ws, ctx.store, params.collectionId)) }),
  }),
  route({
    method: "get",
    path: "/ogc/collections/:collectionId/items",
    operationId: "ogcItems",
    summary: "OGC API – Features: a page of a collection's features, as GeoJSON",
    description: `limit (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}), offset and bbox (CRS84). An unknown collection is a 404 naming collectionId.`,
    params: collectionParams,
    query: itemsQuery,
    ok: { description: "The page, with numberMatched, numberReturned and a next link while features remain.", content: { [GEOJSON_TYPE]: featureCollection } },
    problems: [...HOST_PROBLEMS, 404],
    handle: (ws, { params, query }, ctx) => itemsView(ws, ctx, params.collectionId, query),
  }),
  route({
    method: "get",
    path: "/ogc/collections/:collectionId/items/:featureId",
    operationId: "ogcFeature",
    summary: "OGC API – Features: one feature, as GeoJSON",
    params: featureParams,
    query: plainQuery,
    ok: { description: "The feature.", content: { [GEOJSON_TYPE]: feature } },
    problems: [...HOST_PROBLEMS, 404],
    handle: (ws, { params, query }, ctx) => featureView(ws, ctx, params.collectionId, params.featureId, query),
  }),
];
