/**
 * The OpenAPI 3.1 document, written from the route table and its zod schemas rather than by hand:
 * zod 4's toJSONSchema emits JSON Schema 2020-12, which is OpenAPI 3.1's own schema dialect, so
 * the document describes exactly what the server checks and answers, and a new route or field
 * cannot be forgotten in it. Only the prose (summaries, descriptions) is written by hand.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { projectFile } from "../../data/project.ts";
import { route, type Reply, type Route } from "./routes.ts";
import { openApiDocument as documentSchema, requestSchemas, responseSchemas } from "./schemas.ts";
import { PROBLEM_MEDIA_TYPE } from "./problems.ts";

type Json = Record<string, unknown>;

const VERSION = (JSON.parse(readFileSync(projectFile("package.json"), "utf8")) as { version: string }).version;
const COMPONENT = "#/components/schemas/";

/** Problem replies every route may give, by status, described once under components.responses. */
const PROBLEM_RESPONSES: Readonly<Record<number, { name: string; description: string }>> = {
  400: { name: "BadRequest", description: "Invalid input: a parameter or body field out of shape or range (`field` names it), or malformed JSON." },
  403: { name: "Forbidden", description: "The server runs read-only and this route would change the store; or the request's Host is not a name this server answers to (`host-not-allowed`: --allowed-hosts), or a browser's write came from a foreign Origin (`origin-not-allowed`)." },
  404: { name: "NotFound", description: "Something named does not exist (`field` names it, e.g. `changes[2].id`)." },
  409: { name: "Conflict", description: "The request clashes with what is stored: an id that is taken, or a stored scenario of another region or base set." },
  413: { name: "PayloadTooLarge", description: "The request body is over the limit." },
  415: { name: "UnsupportedMediaType", description: "The request body is not application/json." },
  429: { name: "TooManyRequests", description: "This client made more requests in the last minute than the server allows (default 1,000); Retry-After says when to come back." },
  500: { name: "InternalError", description: "The server failed; the detail says nothing more, the log has the rest." },
  507: { name: "InsufficientStorage", description: "The store's disk is full (`out-of-space`): nothing was written; reading still works, and writes work again once space is freed." },
  503: { name: "ServiceUnavailable", description: "The request took longer than the server's time limit (default 30 s; long work goes through /api/jobs), the server was started without what this route needs (a store for scenarios), or too many jobs wait." },
};

/** JSON Schema of one zod schema, without the keys that only make sense at a document's root. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const registry = io === "input" ? requestSchemas : responseSchemas;
  const id = registry.get(schema)?.id;
  if (id) return { $ref: COMPONENT + id };
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
}

/** Every registered schema, requests read as input and responses as output, under one namespace. */
function componentSchemas(): Json {
  const out: Json = {};
  for (const [registry, io] of [[requestSchemas, "input"], [responseSchemas, "output"]] as const) {
    const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => COMPONENT + id, unrepresentable: "any" });
    for (const [id, s] of Object.entries(schemas)) {
      const { $schema: _s, $id: _i, ...rest } = s as Json;
      out[id] = rest;
    }
  }
  return out;
}

/** The OpenAPI form of an Express path: `/api/scenarios/:id` is `/api/scenarios/{id}`. */
function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, "{$1}");
}

function operation(r: Route): Json {
  const parameter = (where: "query" | "path") => ([name, schema]: [string, unknown]) => {
    const s = jsonSchema(schema as z.ZodType, "input");
    return { name, in: where, required: where === "path" || !(schema as z.ZodType).safeParse(undefined).success, ...(typeof s.description === "string" && { description: s.description }), schema: s };
  };
  const parameters = [...Object.entries(r.params.shape).map(parameter("path")), ...Object.entries(r.query.shape).map(parameter("query"))];
  const content = Object.entries(r.ok.content).map(([type, schema]) => [type, { schema: jsonSchema(schema, "output") }]);
  const responses: Json = {
    [r.ok.status ?? 200]: {
      description: r.ok.description,
      ...(r.ok.headers && { headers: Object.fromEntries(Object.entries(r.ok.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }])) }),
      ...(content.length > 0 && { content: Object.fromEntries(content) }),
    },
  };
  // Every route may time out (503); every /api route is rate-limited (429); a writing one is refused on a read-only server (403).
  const always = [...(r.path.startsWith("/api/") ? [429, 403] : []), ...(r.writes ? [507] : []), 503, 500];
  for (const status of new Set([...r.problems, ...always].sort())) responses[status] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status].name}` };
  return {
    operationId: r.operationId,
    summary: r.summary,
    ...(r.description && { description: r.description }),
    ...(parameters.length > 0 && { parameters }),
    ...(r.body && { requestBody: { required: true, content: Object.fromEntries((r.bodyTypes ?? ["application/json"]).map((t) => [t, { schema: jsonSchema(r.body!, "input") }])) } }),
    responses,
  };
}

/** The document for these routes. */
export function openApiDocument(routes: readonly Route[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) (paths[openApiPath(r.path)] ??= {})[r.method] = operation(r);
  return {
    openapi: "3.1.0",
    info: {
      title: "palveluverkko",
      version: VERSION,
      description: "Road travel time to the nearest L, A and E health and social service, per municipality and regional unit, and what service-network changes do to it. Errors are application/problem+json (RFC 9457) naming the offending field; an unknown path is a 404 and a known path asked with another method a 405, on every route.",
      license: { name: "MIT", identifier: "MIT" },
    },
    paths,
    components: {
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.values(PROBLEM_RESPONSES).map(({ name, description }) => [name, { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: COMPONENT + "Problem" } } } }]),
      ),
    },
  };
}

/** GET /api/openapi.json, answering with the document of `routes` plus itself (built once). */
export function openApiRoute(routes: readonly Route[]): Route {
  let doc: Json | null = null;
  const self: Route = route({
    method: "get",
    path: "/api/openapi.json",
    operationId: "openApiDocument",
    summary: "This API's OpenAPI 3.1 document",
    ok: { description: "The document.", content: { "application/json": documentSchema } },
    problems: [400],
    handle: (): Reply => ({ body: (doc ??= openApiDocument([...routes, self])) }),
  });
  return self;
}
