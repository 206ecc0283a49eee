// What guards a shared server, over real HTTP on loopback with the central Helsinki workspace:
// the security headers on every kind of reply (JSON, problem, web page), no stack in a 500, the
// per-client rate limit (429 with Retry-After, clients told apart by X-Forwarded-For only behind a
// trusted proxy, /healthz never limited), and read-only mode (every route that writes the store
// refused with 403 and the store unchanged, reading and computing still answered), and the host and
// origin checks against DNS rebinding and cross-site writes (raw requests with any Host header).
import { mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { hostAllowed } from "../../server/http/hosts.ts";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRoutes } from "../../server/http/index.ts";
import type { Study } from "../../study/index.ts";
import { openStore, type Store } from "../../data/store/index.ts";
import { call, documentChecker, expectProblem, openHelsinkiWorkspace, startApi, type Api } from "../fixtures/http.ts";
import { PGLITE } from "../fixtures/store.ts";
import { scratchDir } from "../fixtures/osm.ts";

let ws: Study;

beforeAll(async () => {
  ws = await openHelsinkiWorkspace();
}, 60_000);

/** An API for one test, closed after it. */
async function withApi(options: Omit<Parameters<typeof startApi>[0], "workspace">, body: (api: Api) => Promise<void>): Promise<void> {
  const api = await startApi({ workspace: ws, log: () => {}, ...options });
  try {
    await body(api);
  } finally {
    await api.close();
  }
}

describe("security headers", () => {
  /** What every reply must carry (helmet's set, tightened for an API), and what none may. */
  function expectGuarded(headers: Headers, csp: RegExp): void {
    expect(headers.get("content-security-policy")).toMatch(csp);
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
    expect(headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(headers.get("x-permitted-cross-domain-policies")).toBe("none");
    expect(headers.get("x-powered-by")).toBeNull();
    expect(headers.get("access-control-allow-origin")).toBeNull(); // CORS closed unless --cors
    expect(headers.get("strict-transport-security")).toBeNull(); // plain HTTP: the TLS proxy sets it
  }

  it("are on JSON replies, problems, and the web app's page (with its own policy)", async () => {
    const webRoot = join(scratchDir(), `guards-web-${process.pid}`);
    mkdirSync(webRoot, { recursive: true });
    writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>t</title>");
    await withApi({ webRoot }, async (api) => {
      const apiPolicy = /^default-src 'none';\s*frame-ancestors 'none'$/;
      expectGuarded((await call(api, "/api/regions")).headers, apiPolicy);
      const problem = await call(api, "/api/isochrones?level=Q");
      expectProblem(problem, 400, "level");
      expectGuarded(problem.headers, apiPolicy);
      const missing = await call(api, "/api/nothing-here");
      expectProblem(missing, 404, "path");
      expectGuarded(missing.headers, apiPolicy);
      const page = await fetch(api.base + "/", { headers: { origin: "https://elsewhere.example" } });
      expect(page.status).toBe(200);
      expectGuarded(page.headers, /^default-src 'self'; script-src 'self';.*frame-ancestors 'none'$/);
    });
  });

  it("an internal error says nothing of the inside", async () => {
    const logged: string[] = [];
    // A workspace whose figures throw a plain Error: what a bug would do.
    const broken = Object.create(ws, { figures: { value: () => { throw new Error("secret detail at /srv/app/engine/x.ts:12"); } } }) as Study;
    const api = await startApi({ workspace: broken, log: (line) => logged.push(line) });
    try {
      const a = await call(api, "/api/accessibility");
      expect(a.status).toBe(500);
      expect(a.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(a.text).not.toMatch(/secret|\/srv|\.ts|at /);
      expect(a.body.detail).toBe("The server failed to answer this request. The error has been logged.");
      expect(logged.join("\n")).toMatch(/secret detail/);
    } finally {
      await api.close();
    }
  });
});

describe("rate limit per client", () => {
  it("answers 429 with Retry-After past the limit, never limits /healthz, and counts each client apart", async () => {
    await withApi({ rateLimitPerMinute: 5 }, async (api) => {
      for (let i = 0; i < 5; i++) {
        const a = await call(api, "/api/regions");
        expect(a.status).toBe(200);
        expect(a.headers.get("ratelimit-policy")).toMatch(/q=5;\s*w=60/);
      }
      const over = await call(api, "/api/municipalities");
      expectProblem(over, 429, "client");
      expect(over.body.code).toBe("rate-limited");
      expect(over.body.detail).toMatch(/more than 5 requests in a minute/);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(over.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      for (let i = 0; i < 10; i++) expect((await call(api, "/healthz")).status).toBe(200);
      // Without a trusted proxy, X-Forwarded-For is the client's own word, not believed: still the same client.
      expectProblem(await call(api, "/api/regions", { headers: { "x-forwarded-for": "10.1.1.1" } }), 429);
    });
    await withApi({ rateLimitPerMinute: 2, trustProxyHops: 1 }, async (api) => {
      const as = (ip: string) => call(api, "/api/regions", { headers: { "x-forwarded-for": ip } });
      for (let i = 0; i < 2; i++) expect((await as("10.0.0.1")).status).toBe(200);
      expectProblem(await as("10.0.0.1"), 429);
      expect((await as("10.0.0.2")).status).toBe(200); // another planner behind the same proxy
    });
  });

  it("is off with 0", async () => {
    await withApi({ rateLimitPerMinute: 0 }, async (api) => {
      for (let i = 0; i < 20; i++) expect((await call(api, "/api/regions")).status).toBe(200);
      expect((await call(api, "/api/regions")).headers.get("ratelimit-policy")).toBeNull();
    });
  });
});

describe("limits", () => {
  it("lists the limits as the server was started, and each listed limit is the one enforced", async () => {
    await withApi({ bodyLimitBytes: 4096, requestTimeoutMs: 20_000, rateLimitPerMinute: 0 }, async (api) => {
      const a = await call(api, "/api/limits");
      documentChecker((await call(api, "/api/openapi.json")).body)("/api/limits", "get", 200, "application/json", a.body);
      const l = a.body;
      expect(l).toMatchObject({ body_bytes: 4096, request_timeout_ms: 20_000, rate_limit_per_minute: 0, threshold_max_min: 180, read_only: false });
      expect(l.grid_cells).toBe(ws.inputs.grid.cols * ws.inputs.grid.rows);
      // Body: the limit passes, a byte more is a 413.
      const head = `{"changes":[],"thresholds":[30]`;
      const sized = (n: number) => `${head}${" ".repeat(n - head.length - 1)}}`;
      expect(sized(4096)).toHaveLength(4096);
      expect((await call(api, "/api/scenarios/run", { body: sized(4096) })).status).toBe(200);
      expectProblem(await call(api, "/api/scenarios/run", { body: sized(4097) }), 413, "body");
    });
    await withApi({ rateLimitPerMinute: 0 }, async (api) => {
      const l = (await call(api, "/api/limits")).body;
      expect(l.body_bytes).toBe(1 << 20);
      const run = (body: unknown) => call(api, "/api/scenarios/run", { body });
      // Thresholds: as many as listed pass, one more is a 400; the largest listed passes, a minute more does not.
      const minutes = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
      expect((await run({ changes: [], thresholds: minutes(l.thresholds_per_request) })).status).toBe(200);
      expectProblem(await run({ changes: [], thresholds: minutes(l.thresholds_per_request + 1) }), 400, "thresholds");
      expect((await run({ changes: [], thresholds: [l.threshold_max_min] })).status).toBe(200);
      expectProblem(await run({ changes: [], thresholds: [l.threshold_max_min + 1] }), 400, "thresholds[0]");
      // New locations (search origins): one over the limit is refused before any search.
      const p0 = ws.inputs.services.points[0];
      const adds = (n: number) => Array.from({ length: n }, (_, i) => ({ op: "add", point: { id: `new-${i}`, name_fi: `Uusi ${i}`, municipality: p0.municipality, lon: p0.lon + 0.0001 * (i + 1), lat: p0.lat, level: "L" } }));
      const tooMany = await run({ changes: adds(l.new_locations_per_run + 1) });
      expectProblem(tooMany, 400, "changes");
      expect(tooMany.body.detail).toMatch(new RegExp(`at most ${l.new_locations_per_run}`));
    });
  }, 120_000);
});

describe("request bodies that are not UTF-8", () => {
  it("are a 400 naming the byte when they claim (or, for JSON, default to) UTF-8; a CSV is decoded as it declares, or detected", async () => {
    await withApi({}, async (api) => {
      const latin1 = Buffer.from('{"changes":[{"op":"close","id":"Kallio-Pääskylä"}]}', "latin1");
      const post = async (path: string, type: string, body: Buffer) => {
        const res = await fetch(api.base + path, { method: "POST", headers: { "content-type": type }, body: new Uint8Array(body) });
        const text = await res.text();
        return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
      };
      const bad = await post("/api/scenarios/run", "application/json", latin1);
      expectProblem(bad, 400, "body");
      expect(bad.body.detail).toMatch(/not UTF-8.*byte 0xe4 at byte 40/);
      const csv = "id,name_fi,name_sv,municipality,lon,lat,level,open\npaasky,Pääskylä,Svalan,091,24.95,60.18,L,true\n";
      // A CSV is an office file: said to be UTF-8 it must be; said to be Latin-1 it is read so; said nothing, it is detected and the reply says how it was read.
      expectProblem(await post("/api/service-points/check", "text/csv; charset=utf-8", Buffer.from(csv, "latin1")), 400, "body");
      for (const type of ["text/csv; charset=iso-8859-1", "text/csv"]) {
        const read = await post("/api/service-points/check", type, Buffer.from(csv, "latin1"));
        expect(read.status, read.text).toBe(200);
        expect(read.body.points[0].name.fi).toBe("Pääskylä");
        expect(read.body.encoding).toBe("Windows-1252");
      }
    });
  });
});

describe("read-only mode", () => {
  let store: Store;

  beforeAll(async () => {
    store = await openStore(PGLITE.fresh());
    await store.saveServiceSet(ws.inputs.services);
    await store.createScenario({ id: "kept", name: "Kept", region: "uusimaa", base: ws.inputs.services.id, changes: [{ op: "close", id: "kamppi" }] });
  }, 60_000);

  afterAll(() => store?.close());

  it("refuses every route that writes the store with 403, still reads and computes, and leaves the store as it was", async () => {
    const before = JSON.stringify(await store.listScenarios());
    await withApi({ store, readOnly: true }, async (api) => {
      const check = documentChecker((await call(api, "/api/openapi.json")).body);
      const health = await call(api, "/healthz");
      expect(health.body.read_only).toBe(true);
      const writes = appRoutes().filter((r) => r.writes);
      expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(["post /api/scenarios", "put /api/scenarios/:id", "delete /api/scenarios/:id"]));
      for (const r of writes) {
        const path = r.path.replace(/:(\w+)/g, "kept");
        const a = await call(api, path, { method: r.method.toUpperCase(), body: { id: "new", name: "New", changes: [] } });
        expectProblem(a, 403, "method");
        expect(a.body.code).toBe("read-only");
        check(r.path.replace(/:(\w+)/g, "{$1}"), r.method, 403, "application/problem+json", a.body);
      }
      expect((await call(api, "/api/scenarios")).status).toBe(200);
      expect((await call(api, "/api/scenarios/kept")).body.changes).toEqual([{ op: "close", id: "kamppi" }]);
      expect((await call(api, "/api/scenarios/kept/run", { method: "POST" })).status).toBe(200);
      expect((await call(api, "/api/scenarios/run", { body: { changes: [{ op: "close", id: "kamppi" }] } })).status).toBe(200);
    });
    expect(JSON.stringify(await store.listScenarios())).toBe(before);
    // Not read-only: the same request saves.
    await withApi({ store }, async (api) => {
      expect((await call(api, "/healthz")).body.read_only).toBe(false);
      expect((await call(api, "/api/scenarios", { body: { id: "new", name: "New", changes: [] } })).status).toBe(201);
    });
  }, 60_000);
});

/** A raw request with the Host (and Origin) a DNS-rebinding page would send; fetch() cannot set Host. */
function raw(api: Api, path: string, headers: Record<string, string>, method = "GET", body?: string): Promise<{ status: number; text: string; type: string }> {
  const url = new URL(api.base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers: { ...headers, ...(body ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, type: String(res.headers["content-type"] ?? "") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("host names and origins (DNS rebinding, cross-site writes)", () => {
  it("answers to loopback names, IP addresses and the names allowed; not to a rebinding page's host", async () => {
    await withApi({ allowedHosts: ["palvelut.example.fi", ".hyvinvointialue.fi"] }, async (api) => {
      const port = new URL(api.base).port;
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "192.168.10.5:8080", `LOCALHOST:${port}`, "palvelut.example.fi", "kartta.hyvinvointialue.fi", "hyvinvointialue.fi"]) {
        const a = await raw(api, "/api/regions", { host });
        expect(a.status, `${host}: ${a.text.slice(0, 200)}`).toBe(200);
      }
      for (const host of ["attacker.example", `attacker.example:${port}`, "palvelut.example.fi.attacker.example", "evilhyvinvointialue.fi", "localhost.attacker.example"]) {
        const a = await raw(api, "/api/regions", { host });
        expect(a.status, host).toBe(403);
        expect(a.type).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(a.text)).toMatchObject({ status: 403, code: "host-not-allowed", field: "host" });
        expect(JSON.parse(a.text).detail).toMatch(/--allowed-hosts/);
      }
      // The store is not reachable that way either.
      expect((await raw(api, "/api/scenarios", { host: "attacker.example" })).status).toBe(403);
    });
    expect(hostAllowed("anything.example", "*")).toBe(true);
    expect(hostAllowed("", [])).toBe(false);
  });

  it("refuses a browser's write from a foreign origin, takes it from its own and from --cors origins", async () => {
    const body = JSON.stringify({ changes: [{ op: "close", id: "kamppi" }] });
    await withApi({ corsOrigins: ["https://kartta.example.fi"] }, async (api) => {
      const own = new URL(api.base);
      const ok = async (origin: string) => (await raw(api, "/api/scenarios/run", { host: own.host, origin }, "POST", body)).status;
      expect(await ok(`http://${own.host}`)).toBe(200);
      expect(await ok("https://kartta.example.fi")).toBe(200);
      for (const origin of ["https://attacker.example", "null", `https://${own.host}`, "http://localhost:1"]) {
        const a = await raw(api, "/api/scenarios/run", { host: own.host, origin }, "POST", body);
        expect(a.status, origin).toBe(403);
        expect(JSON.parse(a.text)).toMatchObject({ code: "origin-not-allowed", field: "origin" });
      }
      // Reading is not a write: a foreign page gets no CORS headers, so its script cannot read the answer anyway.
      expect((await raw(api, "/api/regions", { host: own.host, origin: "https://attacker.example" })).status).toBe(200);
      // No Origin (curl, QGIS, the CLI's clients): as before.
      expect((await raw(api, "/api/scenarios/run", { host: own.host }, "POST", body)).status).toBe(200);
    });
  });
});
