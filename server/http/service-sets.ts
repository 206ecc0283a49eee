/**
 * Stored service sets over HTTP: what the routes in routes.ts's "stored service sets" block do.
 * A set is imported from the file POST /api/service-points/check takes (CSV or GeoJSON, every bad
 * record listed), saved whole or not at all, edited a point at a time, and run against the
 * workspace's base set: it becomes the changes that turn the base into it (close what it lacks,
 * add what the base lacks, move and relevel the rest), run through Study.runScenario like any
 * scenario, so its figures are a scenario's and the limit on new locations is the same.
 */
import {
  FINLAND_WGS84_TEXT, latInFinland, lonInFinland, ConflictError, InvalidInputError, changesBetween, show, type ServiceSet,
} from "../../engine/index.ts";
import { z } from "zod";
import { servicePointFeatures } from "../../data/services/index.ts";
import { PRINTABLE, PRINTABLE_TEXT, SAFE_NAME_TEXT, safeNameSchema, textSchema } from "../../data/names.ts";
import type { ServicePointEdit, ServiceSetSummary, Store, StoredServiceSet } from "../../data/store/index.ts";
import { checkPer, newLocations, scenarioView, MAX_NEW_LOCATIONS, type Study } from "../../study/index.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";
import { parseUpload, pointJson, pointSchema as point } from "./upload.ts";
import * as V from "./views.ts";

type Per = "municipality" | "unit";

// ---- shapes ----

const level = z.enum(["L", "A", "E"]);
/** A name or label: printable, well-formed text (PostgreSQL text cannot hold NUL). */
const name = textSchema(300);

/** Ids a new set may have (the project's rule for store keys): they go in URLs as they are. */
const newSetId = safeNameSchema;

/** An id as the store may hold it (1 to 200 characters): printable, so never a NUL the database refuses. */
const storedId = z.string().min(1).max(200).regex(PRINTABLE, PRINTABLE_TEXT);

/** Any id the store may hold, so every stored set can be read, run and deleted. */
export const setIdParams = z.strictObject({ id: storedId.describe("The stored service set's id.") });

export const pointParams = z.strictObject({
  id: setIdParams.shape.id,
  pointId: storedId.describe("The point's id within the set."),
});

const namingFields = {
  name: name.optional().describe("Finnish name of the set; default its id."),
  name_sv: name.optional().describe("Swedish name; default `name`."),
  name_en: name.optional().describe("English name; default `name`."),
  source: name.optional().describe("Where the points come from, e.g. a register and its date; default `upload (CSV)` or `upload (GeoJSON)`."),
};

/** A set written whole under an id in the path (PUT): the id rules of a new set. */
export const newSetParams = z.strictObject({ id: newSetId.describe(`The set's id: ${SAFE_NAME_TEXT}.`) });

export const createQuery = z.strictObject({
  id: newSetId.describe(`The new set's id: ${SAFE_NAME_TEXT}. A taken id is a 409 (PUT /api/service-sets/{id} replaces a set).`),
  ...namingFields,
});

export const replaceQuery = z.strictObject(namingFields);

export const getQuery = z.strictObject({
  format: z.enum(["json", "geojson"]).default("json").describe("JSON, or a GeoJSON FeatureCollection of points (application/geo+json)."),
});

/** An edit of one point: the fields given change, the rest stay; at least one. */
export const pointEditBody = z
  .strictObject({
    name_fi: name.optional(),
    name_sv: name.optional(),
    level: level.optional(),
    open: z.boolean().optional(),
    lon: z.number().finite().refine(lonInFinland, `outside Finland (${FINLAND_WGS84_TEXT})`).optional().describe("WGS84 degrees, in Finland; with lat."),
    lat: z.number().finite().refine(latInFinland, `outside Finland (${FINLAND_WGS84_TEXT})`).optional().describe("WGS84 degrees, in Finland; with lon."),
  })
  .refine((e) => Object.keys(e).length > 0, { message: "name at least one of name_fi, name_sv, level, open, lon and lat" })
  .refine((e) => (e.lon === undefined) === (e.lat === undefined), { message: "lon and lat go together", path: ["lat"] })
  .describe("The point's new fields; those left out stay as they are. Its id and municipality stay.")
  .register(S.requestSchemas, { id: "ServicePointEdit" });

const setName = z.object({ fi: z.string(), sv: z.string(), en: z.string() });
const setAbout = z.object({
  id: z.string(),
  name: setName,
  source: z.string(),
  created_at: z.string().describe("ISO 8601, UTC."),
  updated_at: z.string().describe("ISO 8601, UTC: the version; it changes with every edit."),
  base: z.boolean().describe("True for the server's own base set (loaded from its files): it is read-only here."),
});

export const storedSet = z
  .object({ set: setAbout, points: z.array(point) })
  .describe("A stored set and its points, in the set's order.")
  .register(S.responseSchemas, { id: "StoredServiceSet" });

export const storedSetCollection = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({ id: z.string(), name_fi: z.string(), name_sv: z.string(), municipality: z.string(), level, open: z.boolean() }),
        geometry: z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number(), z.number()]) }),
      }),
    ),
    palveluverkko: z.object({ set: setAbout }),
  })
  .describe("The set's points as GeoJSON, in the set's order: what POST /api/service-sets takes back.")
  .register(S.responseSchemas, { id: "StoredServiceSetCollection" });

export const storedSetList = z
  .object({ service_sets: z.array(setAbout.omit({ created_at: true }).extend({ points: z.number().int().describe("How many points it has.") })) })
  .describe("By id.")
  .register(S.responseSchemas, { id: "StoredServiceSetList" });

export const replacedSet = z
  .object({ saved: z.enum(["created", "replaced", "unchanged"]).describe("What the store did: unchanged when the file holds what was stored."), set: setAbout, points: z.array(point) })
  .register(S.responseSchemas, { id: "ReplacedServiceSet" });

export const editedPoint = z
  .object({ set: setAbout, point })
  .describe("The point as stored now, and its set's new version.")
  .register(S.responseSchemas, { id: "EditedServicePoint" });

const setRef = z.object({ id: z.string(), name: setName, updated_at: z.string() }).describe("The stored set run, and which version of it.");

export const storedSetRun = S.scenarioRun
  .extend({ service_set: setRef })
  .describe("As POST /api/scenarios/run answers for the changes that turn the base set into this one; `changes` counts them.")
  .register(S.responseSchemas, { id: "StoredServiceSetRun" });

// ---- views ----

function about(ws: Study, s: { id: string; name: ServiceSet["name"]; source: string }, times: { createdAt: string; updatedAt: string }): z.output<typeof setAbout> {
  return { id: s.id, name: { fi: s.name.fi, sv: s.name.sv, en: s.name.en }, source: s.source, created_at: times.createdAt, updated_at: times.updatedAt, base: s.id === ws.inputs.services.id };
}

function setView(ws: Study, s: StoredServiceSet): z.output<typeof storedSet> {
  return { set: about(ws, s.set, s), points: s.set.points.map(pointJson) };
}

function geoJsonView(ws: Study, s: StoredServiceSet): z.output<typeof storedSetCollection> {
  return {
    type: "FeatureCollection",
    features: servicePointFeatures(s.set.points),
    palveluverkko: { set: about(ws, s.set, s) },
  };
}

function summaryView(ws: Study, s: ServiceSetSummary): z.output<typeof storedSetList>["service_sets"][number] {
  return { id: s.id, name: s.name, source: s.source, updated_at: s.updatedAt, base: s.id === ws.inputs.services.id, points: s.points };
}

// ---- handlers ----

const location = (id: string) => `/api/service-sets/${encodeURIComponent(id)}`;

/**
 * The server's base set is loaded from its files and saved under its id for stored scenarios to
 * refer to: a write to that id through the API would make the store disagree with what the server
 * runs (and be undone at the next start). Refused with 409: save under another id.
 */
function refuseBase(ws: Study, id: string): void {
  if (id === ws.inputs.services.id) throw new ConflictError(`service set ${show(id)} is this server's base set, loaded from its files: it cannot be changed here; save an edited copy under another id`, "id", id);
}

/** The set a file makes, named as the query says; its source says the format, and an encoding that was not UTF-8. */
async function setOfUpload(id: string, q: z.output<typeof replaceQuery>, body: Buffer, contentType: string | undefined): Promise<ServiceSet> {
  const { format, encoding, points } = await parseUpload(body, contentType);
  const fi = q.name ?? id;
  const upload = `upload (${format === "geojson" ? "GeoJSON" : format.toUpperCase()}${encoding === "UTF-8" ? "" : `, read as ${encoding}`})`;
  return { id, name: { fi, sv: q.name_sv ?? fi, en: q.name_en ?? fi }, source: q.source ?? upload, points };
}

/** POST /api/service-sets: 201 with the set as stored and its Location; 409 when the id is taken. */
export async function createSet(ws: Study, store: Store, query: z.output<typeof createQuery>, body: Buffer, contentType: string | undefined): Promise<Reply> {
  refuseBase(ws, query.id);
  const stored = await store.createServiceSet(await setOfUpload(query.id, query, body, contentType));
  return { status: 201, headers: { Location: location(stored.set.id) }, body: setView(ws, stored) };
}

/** PUT /api/service-sets/{id}: the set replaced whole by the file (or created); saved says which. */
export async function replaceSet(ws: Study, store: Store, id: string, query: z.output<typeof replaceQuery>, body: Buffer, contentType: string | undefined): Promise<Reply> {
  refuseBase(ws, id);
  const saved = await store.saveServiceSet(await setOfUpload(id, query, body, contentType));
  return { body: { saved, ...setView(ws, await store.readServiceSet(id)) } };
}

/** GET /api/service-sets. */
export async function listSets(ws: Study, store: Store): Promise<Reply> {
  return { body: { service_sets: (await store.listServiceSets()).map((s) => summaryView(ws, s)) } };
}

/** GET /api/service-sets/{id}, as JSON or GeoJSON. */
export async function getSet(ws: Study, store: Store, id: string, format: "json" | "geojson"): Promise<Reply> {
  const stored = await store.readServiceSet(id);
  return format === "geojson" ? { body: geoJsonView(ws, stored), contentType: "application/geo+json" } : { body: setView(ws, stored) };
}

/** DELETE /api/service-sets/{id}: 204; 409 while a stored scenario has it as its base. */
export async function deleteSet(ws: Study, store: Store, id: string): Promise<Reply> {
  refuseBase(ws, id);
  await store.deleteServiceSet(id);
  return { status: 204, body: undefined };
}

/** PUT /api/service-sets/{id}/points/{pointId}: one point changed, in one transaction. */
export async function editPoint(ws: Study, store: Store, id: string, pointId: string, body: z.output<typeof pointEditBody>): Promise<Reply> {
  refuseBase(ws, id);
  const names = body.name_fi === undefined && body.name_sv === undefined ? undefined : { fi: body.name_fi, sv: body.name_sv };
  const edit: ServicePointEdit = { ...(names && { name: names }), level: body.level, open: body.open, lon: body.lon, lat: body.lat };
  const stored = await store.editServicePoint(id, pointId, edit);
  return { body: { set: about(ws, stored.set, stored), point: pointJson(stored.set.points.find((p) => p.id === pointId)!) } };
}

/** POST /api/service-sets/{id}/run: the set as a scenario of the base set, answered as POST /api/scenarios/run answers. */
export async function runSet(ws: Study, store: Store, id: string, per: Per, thresholds: readonly number[]): Promise<Reply> {
  checkPer(ws, per);
  const stored = await store.readServiceSet(id);
  const base = ws.inputs.services;
  const fresh = newLocations(ws, stored.set.points);
  if (fresh > MAX_NEW_LOCATIONS) {
    throw new InvalidInputError(
      `service set ${show(id)} has open points at ${fresh} places where the base set ${show(base.id)} has none; a run may search from at most ${MAX_NEW_LOCATIONS} new places (serve the set as the base set with --services to analyse it whole)`,
      "points",
      fresh,
    );
  }
  const changes = changesBetween(base.points, stored.set.points);
  const view = scenarioView(ws, ws.runScenario(changes, thresholds), per);
  return { body: { service_set: { id: stored.set.id, name: stored.set.name, updated_at: stored.updatedAt }, ...view } };
}
