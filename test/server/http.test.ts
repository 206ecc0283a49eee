// The HTTP API over real HTTP on loopback, on real data: the central Helsinki extract, HSY's
// population grid, Statistics Finland's boundaries and the example service set. Every figure the
// API gives is checked against the engine run directly on the same inputs (analyse, and
// applyChanges + analyse for scenarios); every bad input against its status and named field; and
// the OpenAPI document against a 3.1 validator, the app's router, and the replies themselves.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { createApp, appRoutes } from "../../server/http/index.ts";
import { Study } from "../../study/index.ts";
import { analyse, type AnalysisResult } from "../../engine/analysis.ts";
import { applyChanges, type ScenarioChange } from "../../engine/scenario.ts";
import { diffSurfaces } from "../../engine/diff.ts";
import { isochrones } from "../../engine/isochrones.ts";
import { groupAreas } from "../../engine/accessibility.ts";
import { LEVELS, type ServicePoint } from "../../engine/services.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { call, documentChecker, expectProblem, startApi, type Answer, type Api, openHelsinkiWorkspace , coverageOf, expectedRows } from "../fixtures/http.ts";

const EXAMPLES = fileURLToPath(new URL("../../docs/examples/", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/palveluverkko.js", import.meta.url));

let ws: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;
const log: string[] = [];

/** analyse on the workspace's own inputs, with other points or thresholds. */
function engine(points: readonly ServicePoint[], thresholdsMin: number[]): AnalysisResult {
  return analyse({ ...ws.figureInput, graph: ws.parts.graph, snapIndex: ws.parts.snapIndex, links: ws.inputs.links, services: points, thresholdsMin });
}


/** A GET checked against the document: its status, media type and schema. */
async function get(path: string, mediaType = "application/json"): Promise<Answer> {
  const a = await call(api, path);
  expect(a.status, a.text).toBe(200);
  expect(a.headers.get("content-type")).toMatch(new RegExp(`^${mediaType.replace("+", "\\+")}`));
  check(path.split("?")[0], "get", 200, mediaType, a.body);
  return a;
}

async function run(body: unknown): Promise<Answer> {
  const a = await call(api, "/api/scenarios/run", { body });
  expect(a.status, a.text).toBe(200);
  check("/api/scenarios/run", "post", 200, "application/json", a.body);
  return a;
}

beforeAll(async () => {
  ws = await openHelsinkiWorkspace();
  api = await startApi({ workspace: ws, log: (line) => log.push(line) });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 60_000);

afterAll(() => api?.close());

describe("HTTP API: the base set (real central Helsinki roads, HSY people)", () => {
  it("answers /healthz with the roads' attribution, with security headers, no x-powered-by and no CORS", async () => {
    const a = await get("/healthz");
    expect(a.body).toEqual({ status: "ok", roads: expect.stringMatching(/OpenStreetMap/), generated: false, read_only: false, model: "plain", profiles: ["car", "car-winter", "car-midday", "car-winter-midday", "car-rush", "car-winter-rush"], service_types: expect.any(Array), languages: [] });
    // The catalogue's types, by name in fi/sv/en: what ?types= and the grid's ?type= take (no --languages: no language to ask).
    expect(a.body.service_types.map((x: { id: string }) => x.id)).toEqual(ws.inputs.catalogue.types.map((x) => x.id));
    expect(a.body.service_types.find((x: { id: string }) => x.id === "dental-care").name).toEqual({ fi: "suun terveydenhuolto", sv: "munhälsovård", en: "dental care" });
    const h = (await call(api, "/healthz", { headers: { origin: "https://elsewhere.example" } })).headers;
    expect([h.get("x-content-type-options"), h.get("x-frame-options"), h.get("x-powered-by"), h.get("access-control-allow-origin")]).toEqual(["nosniff", "DENY", null, null]);
  });

  it("lists the regions, the municipalities with their people on the grid, and the service points as JSON and GeoJSON", async () => {
    const regions = (await get("/api/regions")).body;
    expect(regions.active).toBe("uusimaa");
    // The 22 organisers and Uusimaa (their order: Statistics Finland's codes, Helsinki last, then Uusimaa).
    expect(regions.regions).toHaveLength(23);
    const uusimaa = regions.regions.find((r: { id: string }) => r.id === "uusimaa");
    expect(uusimaa).toMatchObject({ active: true, name: { fi: "Uusimaa", sv: "Nyland", en: "Uusimaa" } });
    expect(uusimaa.municipalities).toHaveLength(26);
    expect(uusimaa.groupings.map((g: { id: string }) => g.id)).toEqual(["uusimaa-6", "uusimaa-5"]);
    expect(regions.regions.find((r: { id: string }) => r.id === "pirkanmaa").groupings.map((g: { id: string }) => g.id)).toEqual(["pirkanmaa-whole"]);
    const base = engine(ws.inputs.services.points, [15]);
    const { municipalities } = (await get("/api/municipalities")).body;
    expect(municipalities).toEqual([
      { index: 0, code: "091", name: { fi: "Helsinki", sv: "Helsingfors" }, centre: { lon: 24.9529125, lat: 60.1682495 }, population: base.perArea.L[0].population, unit: null, coverage: coverageOf(ws, 0) },
    ]);
    expect(municipalities[0].coverage).toMatchObject({ partial: true });
    const points = (await get("/api/service-points")).body.points;
    expect(points.map((p: { id: string; level: string }) => `${p.id}:${p.level}`)).toEqual(["kirurginen:E", "kamppi:L"]);
    expect(points[1]).toMatchObject({ name: { fi: "Kampin terveysasema", sv: "Kampens hälsostation" }, municipality: "091", lon: 24.9305, lat: 60.168, open: true });
    const fc = (await get("/api/service-points?format=geojson", "application/geo+json")).body;
    expect(fc.features[1]).toMatchObject({ properties: { id: "kamppi", level: "L" }, geometry: { type: "Point", coordinates: [24.9305, 60.168] } });
  });

  it("gives the same accessibility figures as analyse on the same inputs, for the default and for other thresholds", async () => {
    for (const thresholds of [[15, 30, 60, 90, 120, 150, 180], [5, 10, 15], [12.5, 3]]) {
      const a = (await get(`/api/accessibility?thresholds=${thresholds.join(",")}`)).body;
      const want = engine(ws.inputs.services.points, thresholds);
      expect(a.thresholds_min).toEqual(want.thresholdsMin);
      expect(a.levels).toEqual(expectedRows(ws, want));
    }
  });

  it("gives the same rows as `palveluverkko levels --format json`", async () => {
    const args = ["levels", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--services", join(EXAMPLES, "helsinki-centre-services.csv"),
      "--population", sharedData("population/hsy_population_grid_2021_250m.gpkg"), "--municipalities", sharedData("municipalities/statfi_municipalities_2023.gpkg"),
      "--region", "uusimaa", "--grouping", "none", "--thresholds", "5,10,15", "--format", "json", "-q"];
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [BIN, ...args], { env: { ...process.env, PALVELUVERKKO_CACHE: join(scratchDir(), "cache") }, maxBuffer: 64 << 20 }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    // The very same JSON, notes included: both come from the study layer's accessibilityView.
    const a = (await get("/api/accessibility?thresholds=5,10,15")).body;
    expect(a).toEqual(JSON.parse(stdout));
  });

  it("draws isochrones from the base surfaces, in WGS84 or EPSG:3067", async () => {
    const want = isochrones(ws.inputs.grid, engine(ws.inputs.services.points, [5, 10]).surfaces.E, { thresholdsMin: [5, 10] });
    const a = (await get("/api/isochrones?level=E&thresholds=10,5", "application/geo+json")).body;
    expect(a.features.map((f: { properties: unknown }) => f.properties)).toEqual([{ level: "E", threshold_min: 5 }, { level: "E", threshold_min: 10 }]);
    expect(a.features.map((f: { geometry: unknown }) => f.geometry)).toEqual(want.features.map((f) => f.geometry));
    const m = (await get("/api/isochrones?level=L&crs=EPSG:3067&thresholds=5", "application/geo+json")).body;
    expect(m.crs.properties.name).toMatch(/3067/);
    expect(m.features[0].geometry.coordinates[0][0][0][0]).toBeGreaterThan(380_000); // easting in metres
  });

  it("compresses large replies", async () => {
    const res = await fetch(api.base + "/api/openapi.json", { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect((await res.json()).openapi).toBe("3.1.0");
  });
});

describe("HTTP API: the base's replies kept serialized and compressed", () => {
  it("answers a repeat with the same JSON in br, gzip or plain, an ETag, and 304 to a revalidation", async () => {
    const path = "/api/isochrones?level=L&thresholds=5,10";
    const first = await call(api, path);
    expect(first.status).toBe(200);
    const raw = async (encoding: string, headers: Record<string, string> = {}) => {
      // node:http, not fetch: fetch would decode the body and hide the encoding.
      const { request } = await import("node:http");
      return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const req = request(api.base + path, { headers: { "accept-encoding": encoding, ...headers } }, (res) => {
          const parts: Buffer[] = [];
          res.on("data", (b: Buffer) => parts.push(b));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
        });
        req.on("error", reject);
        req.end();
      });
    };
    const { brotliDecompressSync, gunzipSync } = await import("node:zlib");
    const br = await raw("br, gzip");
    const gz = await raw("gzip");
    const plain = await raw("identity");
    expect([br.headers["content-encoding"], gz.headers["content-encoding"], plain.headers["content-encoding"]]).toEqual(["br", "gzip", undefined]);
    for (const body of [brotliDecompressSync(br.body), gunzipSync(gz.body), plain.body]) expect(JSON.parse(body.toString())).toEqual(first.body);
    expect(br.headers["content-type"]).toMatch(/^application\/geo\+json/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    const etag = String(br.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect([gz.headers.etag, plain.headers.etag]).toEqual([etag, etag]);
    const again = await raw("br", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Another query is another reply; a bad one is still a 400 problem, never kept.
    expect((await raw("br", { "if-none-match": etag }).then(() => call(api, "/api/isochrones?level=A&thresholds=5,10"))).body).not.toEqual(first.body);
    expectProblem(await call(api, "/api/isochrones?level=Q"), 400, "level");
    expectProblem(await call(api, "/api/isochrones?level=Q"), 400, "level");
  });
});

describe("HTTP API: a reply compressed in its route's own turn", () => {
  /** Busy for `ms` on the server thread, as a large computation is. */
  const hold = (ms: number) => {
    for (const end = performance.now() + ms; performance.now() < end; );
  };

  it("sends a scenario's figures compressed as asked, before the time grid asked after them is worked out", async () => {
    const changes = [{ op: "relevel", id: "kamppi", level: "A" }];
    const { request } = await import("node:http");
    const { brotliDecompressSync, gunzipSync } = await import("node:zlib");
    const raw = (encoding: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const req = request(api.base + "/api/scenarios/run", { method: "POST", headers: { "content-type": "application/json", "accept-encoding": encoding } }, (res) => {
          const parts: Buffer[] = [];
          res.on("data", (b: Buffer) => parts.push(b)).on("end", () => resolve({ headers: res.headers, body: Buffer.concat(parts) })).on("error", reject);
        });
        req.on("error", reject);
        req.end(JSON.stringify({ changes }));
      });
    const [br, gz, plain] = [await raw("br, gzip"), await raw("gzip"), await raw("identity")];
    expect([br.headers["content-encoding"], gz.headers["content-encoding"], plain.headers["content-encoding"]]).toEqual(["br", "gzip", undefined]);
    for (const r of [br, gz, plain]) expect(r.headers.vary).toMatch(/Accept-Encoding/);
    expect(br.headers["content-type"]).toMatch(/^application\/json/);
    const figures = JSON.parse(plain.body.toString());
    expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(figures);
    expect(JSON.parse(gunzipSync(gz.body).toString())).toEqual(figures);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);

    // The app's two requests for a change, the figures first and the time grid beside them, from
    // another process (this one is the server, held busy). The run and the grid's work are made to
    // take 150 and 600 ms: the figures must be on the wire before the grid's turn, not wait for it.
    const runScenario = ws.runScenario;
    const scenarioCells = ws.scenarioCells;
    ws.runScenario = (...args) => (hold(150), runScenario.apply(ws, args));
    ws.scenarioCells = (...args) => (hold(600), scenarioCells.apply(ws, args));
    try {
      const client = `
        const at = (p) => p.then(async (r) => { await r.arrayBuffer(); return performance.now(); });
        const post = (path, body) => fetch(process.argv[1] + path, { method: "POST", headers: { "content-type": "application/json", "accept-encoding": "br" }, body: JSON.stringify(body) });
        const changes = ${JSON.stringify([{ op: "close", id: "kamppi" }])};
        const run = at(post("/api/scenarios/run", { changes }));
        await new Promise((r) => setTimeout(r, 50));
        const grid = at(post("/api/grid", { changes, delta: true }));
        const [a, b] = await Promise.all([run, grid]);
        process.stdout.write(JSON.stringify({ run: a, grid: b }));`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ["--input-type=module", "-e", client, api.base], (err, stdout) => (err ? reject(err) : resolve(stdout))));
      const { run, grid } = JSON.parse(out) as { run: number; grid: number };
      // Before: the figures' bytes came from the compression stream's callback, after the grid's 600 ms.
      expect(grid - run).toBeGreaterThan(400);
    } finally {
      ws.runScenario = runScenario;
      ws.scenarioCells = scenarioCells;
    }
  });
});

describe("HTTP API: the cell at a place", () => {
  it("gives a cell's people and minutes as the OGC cells layer has them, the scenario's beside the base's, and refuses places off the grid", async () => {
    const at = { lon: 24.9262, lat: 60.1672 };
    const a = await call(api, "/api/cells/at", { body: at });
    expect(a.status, a.text).toBe(200);
    check("/api/cells/at", "post", 200, "application/json", a.body);
    const { L, A, E } = a.body.minutes;
    expect(L).toBeLessThanOrEqual(A); // an A or E point also offers L
    expect(A).toBeLessThanOrEqual(E);
    // The same cell through another path: the OGC API's populated cells, from the report's geometry.
    const feature = (await call(api, `/ogc/collections/cells/items/${a.body.cell}`)).body;
    expect(feature.properties.population).toBe(a.body.population);
    for (const l of ["L", "A", "E"]) expect(a.body.minutes[l]).toBeCloseTo(feature.properties[`${l}_min`], 1);
    const s = await call(api, "/api/cells/at", { body: { ...at, changes: [{ op: "close", id: "kamppi" }] } });
    expect(s.body.base_minutes).toEqual(a.body.minutes);
    expect(s.body.minutes.L).toBeGreaterThan(a.body.minutes.L); // Kamppi's station was this block's nearest
    expectProblem(await call(api, "/api/cells/at", { body: { lon: 25.5, lat: 62.5 } }), 404, "lon");
    expectProblem(await call(api, "/api/cells/at", { body: { lon: 60.17, lat: 24.93 } }), 400);
  });
});

describe("HTTP API: scenario runs equal applyChanges + analyse", () => {
  const cases: [string, ScenarioChange[]][] = [
    ["no change", []],
    ["closing the Kamppi health station", [{ op: "close", id: "kamppi" }]],
    ["the surgical hospital down to L", [{ op: "relevel", id: "kirurginen", level: "L" }]],
    ["closing and reopening", [{ op: "close", id: "kamppi" }, { op: "open", id: "kamppi" }]],
    ["moving Kamppi and adding an A point in Katajanokka", [
      { op: "move", id: "kamppi", lon: 24.935, lat: 60.17 },
      { op: "add", point: { id: "katajanokka", name: { fi: "Katajanokka", sv: "Skatudden" }, municipality: "091", lon: 24.9665, lat: 60.168, level: "A", open: true } },
    ]],
  ];
  const toJson = (c: ScenarioChange) => (c.op === "add" ? { op: "add", point: { id: c.point.id, name_fi: c.point.name.fi, name_sv: c.point.name.sv, municipality: c.point.municipality, lon: c.point.lon, lat: c.point.lat, level: c.point.level } } : c);

  for (const [what, changes] of cases) {
    it(`gives the engine's figures and band crossings for ${what}`, async () => {
      const thresholds = [5, 10, 15];
      const a = (await run({ changes: changes.map(toJson), thresholds })).body;
      const before = engine(ws.inputs.services.points, thresholds);
      const points = applyChanges(ws.inputs.services.points, changes);
      const after = engine(points, thresholds);
      expect(a.figures).toEqual(expectedRows(ws, after));
      const all = groupAreas(ws.inputs.areaOfCell, [0]);
      for (const l of LEVELS) {
        const d = [...diffSurfaces(before.surfaces[l], after.surfaces[l], ws.inputs.population, ws.inputs.areaOfCell, ws.inputs.areas.length, thresholds), ...diffSurfaces(before.surfaces[l], after.surfaces[l], ws.inputs.population, all, 1, thresholds)];
        expect(a.diff[l].map((r: { worse: number; better: number; changed: number; transitions: number[][] }) => [r.worse, r.better, r.changed, r.transitions])).toEqual(d.map((x) => [x.worse, x.better, x.changed, x.transitions]));
        expect(a.diff[l].map((r: { added_minutes_at_least: number }) => r.added_minutes_at_least)).toEqual(d.map((x) => Math.round(x.addedMinutesAtLeast)));
      }
      if (changes.length === 0 || what.startsWith("closing and")) for (const l of LEVELS) expect(a.diff[l][1]).toMatchObject({ worse: 0, better: 0, changed: 0 });
    });
  }

  it("says which points changed; a closure runs no new search, a new place one", async () => {
    await run({ changes: [] });
    const kept = ws.cachedLocations;
    const a = (await run({ changes: [{ op: "close", id: "kamppi" }] })).body;
    expect(a.changed_points).toEqual(["kamppi"]);
    expect(a.diff.L[1].changed).toBeGreaterThan(0);
    expect(ws.cachedLocations).toBe(kept);
    await run({ changes: [{ op: "move", id: "kamppi", lon: 24.94, lat: 60.165 }] });
    expect(ws.cachedLocations).toBe(kept + 1);
  });

  it("takes 10,000 changes, and not one more", async () => {
    const close = { op: "close", id: "kamppi" };
    expect((await run({ changes: new Array(10_000).fill(close) })).body.changes).toBe(10_000);
    expectProblem(await call(api, "/api/scenarios/run", { body: { changes: new Array(10_001).fill(close) } }), 400, "changes");
  });
});

describe("HTTP API: bad input is a problem+json naming the field", () => {
  /** A scenario run refused; the problem also matches the document's Problem schema for that status. */
  const post = async (body: unknown, type?: string) => {
    const a = await call(api, "/api/scenarios/run", { body, type });
    if (a.status < 500) check("/api/scenarios/run", "post", a.status, "application/problem+json", a.body);
    return a;
  };

  it("refuses malformed JSON, wrong types, unknown fields and ops, and bodies that are not JSON", async () => {
    expectProblem(await post('{"changes": [', undefined), 400, "body");
    expectProblem(await post({ changes: "x" }), 400, "changes");
    expectProblem(await post({ changes: [{ op: "move", id: "kamppi", lon: "24.9", lat: 60.1 }] }), 400, "changes[0].lon");
    expectProblem(await post({ changes: [{ op: "demolish", id: "kamppi" }] }), 400, "changes[0].op");
    expectProblem(await post({ changes: [], thresholds: [15, 200] }), 400, "thresholds[1]");
    expectProblem(await post({ change: [] }), 400, "changes");
    expectProblem(await post({ changes: [], pre: "unit" }), 400, "pre");
    expectProblem(await post([1, 2]), 400, "body");
    expectProblem(await post('{"changes": []}', "text/plain"), 415, "content-type");
  });

  it("names the change whose point does not exist (404), and refuses an added id that does (400)", async () => {
    const a = await post({ changes: [{ op: "close", id: "kamppi" }, { op: "close", id: "nowhere" }] });
    expectProblem(a, 404, "changes[1].id");
    expect(a.body.value).toBe("nowhere");
    const dup = { op: "add", point: { id: "kamppi", name_fi: "x", municipality: "91", lon: 24.95, lat: 60.17, level: "L" } };
    expectProblem(await post({ changes: [dup] }), 400, "changes[0].point.id");
  });

  it("refuses thresholds out of (0, 180], too many of them, unknown parameters, and per=unit without a grouping", async () => {
    expectProblem(await call(api, "/api/accessibility?thresholds=200"), 400, "thresholds");
    expectProblem(await call(api, "/api/accessibility?thresholds=0,15"), 400, "thresholds");
    expectProblem(await call(api, "/api/isochrones?level=L&thresholds=abc"), 400, "thresholds");
    const many = Array.from({ length: 21 }, (_, i) => i + 1).join(",");
    expectProblem(await call(api, `/api/accessibility?thresholds=${many}`), 400, "thresholds");
    expectProblem(await call(api, "/api/accessibility?threshold=15"), 400, "threshold");
    expectProblem(await call(api, "/api/accessibility?per=unit"), 400, "per");
    expectProblem(await call(api, "/api/isochrones"), 400, "level");
    expectProblem(await call(api, "/api/isochrones?level=X"), 400, "level");
  });

  it("answers an oversized body with 413, an unknown route with 404, a wrong method with 405", async () => {
    expectProblem(await post({ changes: [], pad: "x".repeat(1_100_000) }), 413, "body");
    expectProblem(await call(api, "/api/nothing-here"), 404, "path");
    const wrong = await call(api, "/api/scenarios/run");
    expectProblem(wrong, 405, "method");
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  it("answers an internal failure with a bare 500 and logs the stack", async () => {
    const broken = Object.create(ws, { figures: { value: () => { throw new Error("secret internals"); } } }) as Study;
    const other = await startApi({ workspace: broken, log: (line) => log.push(line) });
    try {
      const a = await call(other, "/api/accessibility");
      expectProblem(a, 500);
      expect(a.text).not.toMatch(/secret/);
      expect(log.join("\n")).toMatch(/secret internals[\s\S]*at /);
    } finally {
      await other.close();
    }
  });

  it("sends Access-Control headers only to the origins an option allows", async () => {
    const open = await startApi({ workspace: ws, corsOrigins: ["https://planner.example"] });
    try {
      const ok = await call(open, "/healthz", { headers: { origin: "https://planner.example" } });
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://planner.example");
      const other = await call(open, "/healthz", { headers: { origin: "https://elsewhere.example" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await open.close();
    }
  });
});

describe("HTTP API: the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const doc = (await get("/api/openapi.json")).body;
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? null).toBeNull();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect((await new Validator().validate({ ...doc, info: undefined })).valid).toBe(false); // the validator does refuse
    // Every description reads as written: no number-coerced string (the time grid's layout once read "…0-padded); NaNno road").
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/NaN|undefined|\[object Object\]/);
    expect(text).toContain("then per layer cols × rows Uint16 seconds");
  });

  it("lists exactly the routes the app serves", async () => {
    const doc = (await get("/api/openapi.json")).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // Walk Express's own router, not the table the app was built from.
    const stack = (createApp(ws).router as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack;
    // Express writes a path parameter `:id`, OpenAPI `{id}`.
    const served = stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, "{$1}")}`) : []));
    expect(served.sort()).toEqual(documented.sort());
    expect(served).toHaveLength(appRoutes().length);
    for (const op of Object.values(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).flatMap((o) => Object.values(o))) {
      expect(Object.keys(op.responses).filter((status) => /^2\d\d$/.test(status))).toHaveLength(1);
      expect(Object.keys(op.responses)).toContain("500");
    }
  });
});
