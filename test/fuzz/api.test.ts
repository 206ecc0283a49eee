// Property-based fuzzing of the HTTP API over real HTTP on loopback, on the central Helsinki
// workspace with a PGlite store in the scratch directory. For every route of the OpenAPI document:
// wrong methods, hostile query parameters (NaN, huge, negative, repeated, unicode, unknown), hostile
// path ids (unknown, path traversal, encoded), and malformed, deeply nested, oversized or mistyped
// bodies. Properties: no status ≥ 500 but a documented 503 (timeout, no store, queue full) that
// says so; every 4xx is application/problem+json whose `status` is the reply's; /healthz answers
// afterwards; the store is unchanged (write routes only ever get invalid bodies).
// Runs: PALVELUVERKKO_FUZZ_RUNS per property (default 300: 1,200 requests and more).
import { join } from "node:path";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study } from "../../study/index.ts";
import { openStore, type Store } from "../../data/store/index.ts";
import { call, startApi, type Answer, type Api, openHelsinkiWorkspace } from "../fixtures/http.ts";
import { PGLITE } from "../fixtures/store.ts";
import { FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT_MS, fuzzParams, hostileJson, hostileNumber, hostileString, nestedJsonText } from "../fixtures/fuzz.ts";

const SEEDED_ID = "fuzz-seeded";
/** 503s the document lists, by problem code: over the time limit, no store, the job queue full. */
const ALLOWED_503 = new Set(["timeout", "no-store", "no-jobs", "busy"]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed OpenAPI document
type Json = any;
interface Op {
  /** Express form, e.g. /api/scenarios/:id */
  path: string;
  method: string;
  params: string[];
  queryKeys: string[];
  hasBody: boolean;
  bodyTypes: string[];
}

let ws: Study;
let store: Store;
let api: Api;
let ops: Op[] = [];
let paths: string[] = [];
let scenariosBefore: unknown;
const internalErrors: string[] = [];
let requests = 0;

async function scenarioList(): Promise<unknown> {
  const a = await call(api, "/api/scenarios");
  expect(a.status, a.text).toBe(200);
  return a.body;
}

beforeAll(async () => {
  ws = await openHelsinkiWorkspace();
  store = await openStore(PGLITE.fresh());
  // One client sends thousands of requests here: no rate limit (it has its own tests, http-guards).
  api = await startApi({ workspace: ws, store, rateLimitPerMinute: 0, log: (line) => internalErrors.push(line) });
  const doc: Json = (await call(api, "/api/openapi.json")).body;
  for (const [p, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!["get", "post", "put", "delete", "patch"].includes(method)) continue;
      const parameters: Json[] = op.parameters ?? [];
      ops.push({
        path: p.replace(/\{(\w+)\}/g, ":$1"),
        method,
        params: parameters.filter((x) => x.in === "path").map((x) => x.name),
        queryKeys: parameters.filter((x) => x.in === "query").map((x) => x.name),
        hasBody: op.requestBody !== undefined,
        bodyTypes: Object.keys(op.requestBody?.content ?? {}),
      });
    }
  }
  paths = [...new Set(ops.map((o) => o.path))];
  // One stored scenario, so routes by id meet a real one too; the fuzz must leave it as it is.
  const created = await call(api, "/api/scenarios", { body: { id: SEEDED_ID, name: "Fuzz seed", changes: [{ op: "close", id: "kamppi" }] } });
  expect(created.status, created.text).toBe(201);
  scenariosBefore = await scenarioList();
  console.log(`fuzz api: ${ops.length} operations on ${paths.length} paths, ${FUZZ_RUNS} runs per property, seed ${FUZZ_SEED}`);
}, 120_000);

afterAll(async () => {
  console.log(`fuzz api: ${requests} requests`);
  await api?.close();
  await store?.close();
});

/** The reply's properties: no unexplained 5xx, problems as problem+json with the right status. */
function checkAnswer(what: string, method: string, a: Answer): void {
  requests++;
  const where = `${what} → ${a.status} ${a.text.slice(0, 300)}`;
  if (a.status >= 500) {
    expect(a.status, where).toBe(503);
    expect(ALLOWED_503.has(a.body?.code), where).toBe(true);
  }
  if (a.status >= 400 && method !== "HEAD") {
    expect(a.headers.get("content-type"), where).toMatch(/^application\/problem\+json/);
    expect(a.body?.status, where).toBe(a.status);
    expect(typeof a.body?.title, where).toBe("string");
    expect(a.text, where).not.toMatch(/\bat .+\.ts:\d+|node_modules/);
  }
}

async function send(what: string, path: string, init: { method: string; body?: string; type?: string }): Promise<Answer> {
  const a = await call(api, path, { method: init.method, body: init.body, type: init.type });
  checkAnswer(what, init.method, a);
  return a;
}

async function stillHealthy(): Promise<void> {
  const a = await call(api, "/healthz");
  expect(a.status, a.text).toBe(200);
  expect(internalErrors, "internal errors logged").toEqual([]);
}

// ---- arbitraries ----

/** Percent-encodes as a client would; a lone surrogate (no UTF-8 form) goes as the bytes a careless encoder sends. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
}

const segment = fc.oneof(
  { weight: 3, arbitrary: hostileString.map(enc) },
  { weight: 2, arbitrary: fc.constantFrom("%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "..%5c..%5cwindows", "%00", "%ZZ", "%", "%C0%AE%C0%AE%2F", "%ED%A0%80", "%FF", "nope", "00000000-0000-0000-0000-000000000000", "00000000-0000-4000-8000-000000000000", SEEDED_ID, "a".repeat(300), "run", "diff") },
);

/** A route path with its :params filled with hostile, unknown or real ids. */
const pathFor = (op: Op) => fc.array(segment, { minLength: op.params.length, maxLength: op.params.length }).map((ids) => {
  let i = 0;
  return op.path.replace(/:\w+/g, () => ids[i++]);
});

const queryValue = fc.oneof(
  hostileString,
  hostileNumber.map(String),
  fc.constantFrom("municipality", "unit", "L", "A", "E", "json", "geojson", "pdf", "xlsx", "fi", "sv", "en", "EPSG:4326", "EPSG:3067", "uusimaa", "lappi", "15,30,60", "0", "-5", "181", "1e309", "5,5", "NaN", ",,", "1,".repeat(30), "5;10", "5%2C10"),
);

/** A query string of known and unknown keys (repeated keys make arrays), hostile values. */
const queryFor = (op: Op, guaranteeBad: boolean) =>
  fc
    .tuple(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...op.queryKeys, "thresholds", "per"), hostileString), queryValue), { maxLength: 5 }), fc.constantFrom("", "&", "&&", "&a[b]=c", "&x[]=1&x[]=2", "&%ZZ=1", "&=="))
    .map(([pairs, tail]) => {
      const all = guaranteeBad ? [...pairs, ["fuzz_unknown", "1"] as [string, string]] : pairs;
      const q = all.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&") + tail;
      return q ? `?${q}` : "";
    });

/** Bodies shaped like the real ones, with hostile members. */
const shapedBody = fc.record(
  {
    id: fc.oneof(fc.constantFrom("../../etc/passwd", SEEDED_ID, "x"), hostileString),
    name: hostileJson,
    kind: fc.oneof(fc.constantFrom("report", "compare"), hostileString),
    format: fc.oneof(fc.constantFrom("pdf", "csv", "xlsx"), hostileString),
    lang: fc.oneof(fc.constantFrom("fi", "sv", "en"), hostileString),
    per: fc.oneof(fc.constantFrom("municipality", "unit"), hostileJson),
    thresholds: fc.oneof(fc.array(hostileNumber, { maxLength: 25 }), hostileJson),
    groupings: fc.oneof(fc.array(hostileString, { maxLength: 5 }), hostileJson),
    custom: fc.oneof(fc.array(hostileJson, { maxLength: 3 }), hostileJson),
    isochrones: fc.oneof(fc.record({ level: fc.oneof(fc.constantFrom("L", "A", "E"), hostileJson), thresholds: hostileJson }, { requiredKeys: [] }), hostileJson),
    changes: fc.oneof(
      fc.array(
        fc.oneof(
          fc.record({ op: fc.constantFrom("close", "open", "relevel", "move", "add", "drop"), id: fc.oneof(fc.constantFrom("kamppi", "../../etc/passwd", "nope"), hostileString), level: hostileJson, lon: hostileNumber, lat: hostileNumber, point: hostileJson }, { requiredKeys: ["op"] }),
          hostileJson,
        ),
        { maxLength: 6 },
      ),
      hostileJson,
    ),
  },
  { requiredKeys: [] },
);

interface BodyCase {
  text: string;
  type: string | undefined;
}

/** A body: hostile JSON, malformed text, deep nesting, oversized, mistyped; `guaranteeBad` adds an unknown member to objects. */
const bodyFor = (op: Op, guaranteeBad: boolean): fc.Arbitrary<BodyCase> => {
  const json = (v: unknown) => {
    const value = guaranteeBad && v !== null && typeof v === "object" && !Array.isArray(v) ? { ...(v as object), fuzz_unknown: true } : v;
    return JSON.stringify(value) ?? "null";
  };
  const types = [...new Set(["application/json", ...op.bodyTypes])];
  const type = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...types) }, { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/json; charset=utf-16", "application/xml", "", "application/*", "*/*", "application/json, text/plain") }, { weight: 1, arbitrary: fc.constant(undefined) });
  return fc.tuple(
    fc.oneof(
      { weight: 5, arbitrary: shapedBody.map(json) },
      { weight: 3, arbitrary: hostileJson.map(json) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
      { weight: 1, arbitrary: fc.constantFrom("", "{", '{"a":', "[", "nul", "{'a':1}", '{"a":1}{"b":2}', "\uFEFF{}", '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}', "1e999", '"\uD800"') },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(100, 1_000, 10_000, 100_000), fc.constantFrom("array" as const, "object" as const)).map(([d, k]) => nestedJsonText(d, k)) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(100, 1_000, 10_000), fc.constantFrom("array" as const, "object" as const)).map(([d, k]) => `{"changes":[${nestedJsonText(d, k)}],"custom":[${nestedJsonText(d, k)}],"fuzz_unknown":1}`) },
      { weight: 1, arbitrary: fc.constantFrom(20_000, 200_000).map((n) => `{"changes":[${Array(n).fill('{"op":"close","id":"nope"}').join(",")}],"fuzz_unknown":1}`) },
      { weight: 1, arbitrary: fc.constant(`{"pad":"${"x".repeat((1 << 20) + 10)}"}`) },
      // Just under the 1 MiB limit: 200,000 bad features (once about a minute in geojson-validation), or CSV lines.
      { weight: 1, arbitrary: fc.constantFrom(`{"type":"FeatureCollection","features":[${Array(200_000).fill("null").join(",")}]}`, "id,name_fi,municipality,lon,lat,level\n" + "x,y,091,NaN,1e999,Q\n".repeat(45_000)) },
    ),
    type,
  ).map(([text, t]) => ({ text, type: t }));
};

// Wrong methods also include HEAD, OPTIONS and methods Node accepts but no route has.
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "PURGE"];

describe("fuzz: the HTTP API under bad requests (Helsinki workspace, PGlite store)", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("wrong methods on every path are 405 problems, never 5xx", async () => {
    const arb = fc.constantFrom(...paths).chain((p) => {
      const op = ops.find((o) => o.path === p)!;
      const allowed = ops.filter((o) => o.path === p).map((o) => o.method.toUpperCase());
      return fc.tuple(pathFor(op), fc.constantFrom(...METHODS.filter((m) => !allowed.includes(m) && !(m === "HEAD" && allowed.includes("GET")))), fc.option(hostileJson.map((v) => JSON.stringify(v) ?? "null"), { nil: undefined }));
    });
    await fc.assert(
      fc.asyncProperty(arb, async ([path, method, body]) => {
        const a = await send(`${method} ${path}`, path, { method, body: method === "GET" || method === "HEAD" ? undefined : body });
        // A generated id can spell a literal route ("/api/scenarios/run" is POST's own route), where
        // the method is not wrong at all: the property (no 5xx, problems only) still holds there.
        const literal = ops.some((o) => o.path === path);
        if (method !== "OPTIONS" && !literal && !path.includes("%") && !path.includes("//") && !path.endsWith("/")) expect(a.status, `${method} ${path}`).toBe(405);
      }),
      fuzzParams<[[string, string, string | undefined]]>([[["/api/scenarios/%FF/diff", "POST", undefined]], [["/api/jobs/%ED%A0%80", "DELETE", undefined]], [["/api/scenarios/run", "POST", undefined]]]),
    );
    await stillHealthy();
  });

  it("hostile query parameters on every route: 4xx problems or answers, never 5xx", async () => {
    const arb = fc.constantFrom(...ops.filter((o) => o.method === "get" || o.queryKeys.length > 0)).chain((op) =>
      // The report would render a file for a good query (slow); it only ever gets a bad one.
      fc.tuple(fc.constant(op), pathFor(op), queryFor(op, op.path.includes("report") || op.path.includes("/api/jobs"))),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([op, path, query]) => {
        const method = op.method.toUpperCase();
        const body = op.hasBody ? (op.path === "/api/scenarios/:id" ? `{"fuzz_unknown":1}` : "{}") : undefined;
        // An event stream never ends on its own: only unknown jobs are asked for (404/400).
        await send(`${method} ${path}${query}`, path + query, { method, body });
      }),
      fuzzParams<[[Op, string, string]]>([]),
    );
    await stillHealthy();
  });

  it("hostile bodies on every route that takes one: 4xx problems or answers, never 5xx", async () => {
    // Writes (stored scenarios) and jobs (work after the reply) only ever get bodies that are invalid.
    const bodyOps = ops.filter((o) => o.hasBody);
    const arb = fc.constantFrom(...bodyOps).chain((op) => {
      const mustFail = op.path.startsWith("/api/scenarios/:id") || op.path === "/api/scenarios" || op.path === "/api/jobs" || op.path === "/api/report";
      return fc.tuple(fc.constant(op), pathFor(op), bodyFor(op, mustFail));
    });
    await fc.assert(
      fc.asyncProperty(arb, async ([op, path, body]) => {
        const method = op.method.toUpperCase();
        const a = await send(`${method} ${path} (${body.type}) ${body.text.slice(0, 200)}`, path, { method, body: body.text, type: body.type });
        // Too large, or refused before the body is read (wrong type, a malformed path, or a path
        // like /api/scenarios/%2E%2E that resolves to no route: 404 before any body is read).
        if (body.text.length > 1 << 20) expect([400, 404, 405, 413, 415]).toContain(a.status);
      }),
      fuzzParams<[[Op, string, BodyCase]]>([]),
    );
    await stillHealthy();
  });

  it("bodies in every Content-Encoding, well and badly compressed: 4xx problems or answers, never 5xx", async () => {
    // Only bodies the routes refuse (no id, wrong types), so the store stays as it was.
    const bodyOps = ops.filter((o) => o.hasBody && o.method !== "get" && o.params.length === 0);
    const encoding = fc.constantFrom("gzip", "deflate", "br", "identity", "x-gzip", "compress", "zstd", "gzip, gzip", "gzip, br", "GZIP", "Deflate", "", " ", "gzip;q=1", "chunked", "aes128gcm", "*");
    const payload = fc.constantFrom('{"changes": 5}', "{", "", "\u0000", '{"groupings": [1, 2]}', "a".repeat(3000));
    const damage = fc.constantFrom("none", "truncate", "flip", "plain", "double", "empty");
    const compress = (enc: string, bytes: Buffer): Buffer => {
      const e = enc.trim().toLowerCase();
      if (e === "gzip" || e === "x-gzip") return gzipSync(bytes);
      if (e === "deflate") return deflateSync(bytes);
      if (e === "br") return brotliCompressSync(bytes);
      if (e === "gzip, gzip") return gzipSync(gzipSync(bytes));
      return bytes;
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyOps), encoding, payload, damage, fc.nat(10_000), async (op, enc, text, how, at) => {
        let bytes = compress(enc, Buffer.from(text));
        if (how === "truncate") bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
        if (how === "flip" && bytes.length > 0) (bytes = Buffer.from(bytes))[at % bytes.length] ^= 0x5a;
        if (how === "plain") bytes = Buffer.from(text);
        if (how === "double") bytes = gzipSync(bytes);
        if (how === "empty") bytes = Buffer.alloc(0);
        const res = await fetch(api.base + op.path, { method: op.method.toUpperCase(), headers: { "content-type": op.bodyTypes[0] ?? "application/json", "content-encoding": enc }, body: new Uint8Array(bytes) });
        const body = await res.text();
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = null;
        }
        checkAnswer(`${op.method.toUpperCase()} ${op.path} Content-Encoding ${JSON.stringify(enc)} (${how}) ${text.slice(0, 40)}`, op.method.toUpperCase(), { status: res.status, headers: res.headers, body: parsed, text: body });
        expect(res.status).toBeLessThan(500);
      }),
      fuzzParams<[Op, string, string, string, number]>([]),
    );
    await stillHealthy();
  });

  it("hostile ids in every path with an id: 400 or 404 problems, never 5xx", async () => {
    const idOps = ops.filter((o) => o.params.length > 0 && !(o.hasBody && o.method !== "post"));
    const arb = fc.constantFrom(...idOps).chain((op) => fc.tuple(fc.constant(op), pathFor(op).filter((p) => !p.includes(SEEDED_ID) || op.method === "get")));
    await fc.assert(
      fc.asyncProperty(arb, async ([op, path]) => {
        const method = op.method.toUpperCase();
        await send(`${method} ${path}`, path, { method, body: op.hasBody ? "{}" : undefined });
      }),
      // Regression: a path parameter that is not percent-encoded UTF-8 was a URIError, answered 500.
      fuzzParams<[[Op, string]]>(idOps.flatMap((op) => ["%ZZ", "%FF", "%ED%A0%80", "%"].map((bad): [[Op, string]] => [[op, op.path.replace(/:\w+/g, bad)]]))),
    );
    await stillHealthy();
  });

  it("the store is as it was, and the server still answers", async () => {
    await stillHealthy();
    expect(await scenarioList()).toEqual(scenariosBefore);
    expect(requests).toBeGreaterThanOrEqual(Math.min(1_000, 4 * FUZZ_RUNS));
  });
});
