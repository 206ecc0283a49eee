// Groupings, service-point checks, jobs and the time limit over real HTTP on loopback, on the
// central Helsinki data: POST /api/groupings/compare against `palveluverkko compare --format json`
// on the same inputs (compareCommand, as the CLI runs it); a service-point file checked with every
// bad line listed; report and compare jobs through status, Server-Sent Events and result, equal to
// the direct routes; /healthz answering while jobs run; a 503 for a request over the time limit.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Jobs } from "../../server/http/index.ts";
import { Study } from "../../study/index.ts";
import { inThread } from "../../server/http/jobs.ts";
import { compareCommand } from "../../server/cli/compare.ts";
import { importOsm } from "../../data/osm/import.ts";
import { UUSIMAA_6, GROUPINGS } from "../../data/facts/index.ts";
import { DEFAULT_MAX_CONNECTOR_M } from "../../engine/surface.ts";
import { DEFAULT_MAX_SNAP_M, DEFAULT_THRESHOLDS_MIN } from "../../engine/units.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir, tempFile } from "../fixtures/osm.ts";
import { call, documentChecker, expectProblem, startApi, type Answer, type Api } from "../fixtures/http.ts";

const EXAMPLES = fileURLToPath(new URL("../../docs/examples/", import.meta.url));
const OSM = sharedData("osm/helsinki-centre.osm.pbf");
const SERVICES = join(EXAMPLES, "helsinki-centre-services.csv");
const POPULATION = sharedData("population/hsy_population_grid_2021_250m.gpkg");
const MUNICIPALITIES = sharedData("municipalities/statfi_municipalities_2023.gpkg");

/** Uusimaa in four: Helsinki, Vantaa and Kerava together (a user's grouping, as in cli-compare). */
const FOUR = {
  id: "uusimaa-4",
  name: "Uusimaa, neljä aluetta",
  region: "uusimaa",
  source: "test",
  units: [
    { id: "paakaupunki", name: "Helsinki–Vantaa–Kerava", municipalities: ["091", "092", "245"], hub: "091" },
    ...UUSIMAA_6.units.filter((u) => ["keski-uusimaa", "ita-uusimaa"].includes(u.id)).map((u) => ({ id: u.id, name: u.name.fi, municipalities: [...u.municipalities], hub: u.hub })),
    { id: "lansi-uusimaa", name: "Länsi-Uusimaa", municipalities: ["049", "257", "235", "078", "149", "224", "444", "710", "755", "927"], hub: "049" },
  ],
};

let ws: Study;
let api: Api;
let jobs: Jobs;
let check: ReturnType<typeof documentChecker>;

async function expectOk(path: string, template: string, init: Parameters<typeof call>[2], status = 200, mediaType = "application/json"): Promise<Answer> {
  const a = await call(api, path, init);
  expect(a.status, a.text).toBe(status);
  const method = (init?.method ?? (init?.body === undefined ? "GET" : "POST")).toLowerCase();
  if (mediaType === "application/json") check(template, method, status, mediaType, a.body);
  return a;
}

/** Waits for a job to finish; its last state. */
async function settle(id: string): Promise<Answer> {
  for (;;) {
    const a = await expectOk(`/api/jobs/${id}`, "/api/jobs/{id}", {});
    if (a.body.status === "done" || a.body.status === "failed") return a;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const { graph, meta } = await importOsm(OSM);
  ws = await Study.open({ roads: { graph, meta }, region: "uusimaa", services: SERVICES, population: POPULATION, municipalities: MUNICIPALITIES, grouping: null });
  jobs = new Jobs({ log: () => {} });
  api = await startApi({ workspace: ws, jobs, log: () => {} });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 60_000);

afterAll(() => api?.close());

describe("HTTP API: groupings", () => {
  it("lists the region's seed groupings", async () => {
    const a = await expectOk("/api/groupings", "/api/groupings", {});
    expect(a.body.region).toBe("uusimaa");
    expect(a.body.groupings.map((g: { id: string }) => g.id)).toEqual(GROUPINGS.filter((g) => g.region === "uusimaa").map((g) => g.id));
    expect(a.body.groupings[0].units.length).toBeGreaterThan(1);
  });

  it("compares built-in and custom groupings with the same numbers as `compare --format json`", async () => {
    const a = await expectOk("/api/groupings/compare", "/api/groupings/compare", { body: { groupings: ["uusimaa-6"], custom: [FOUR] } });
    const out = join(scratchDir(), "compare-http.json");
    await compareCommand({
      osm: OSM, cache: false, quiet: true, profile: "car", maxSnap: DEFAULT_MAX_SNAP_M, region: "uusimaa", services: SERVICES, population: POPULATION, municipalities: MUNICIPALITIES,
      thresholds: [...DEFAULT_THRESHOLDS_MIN], cellSize: 250, maxConnector: DEFAULT_MAX_CONNECTOR_M, format: "json", out,
      groupings: "uusimaa-6", groupingFile: [tempFile("four.json", JSON.stringify(FOUR))],
    });
    const cli = JSON.parse(readFileSync(out, "utf8"));
    expect(a.body.groupings.map((g: { id: string }) => g.id)).toEqual(["uusimaa-6", "uusimaa-4"]);
    expect(a.body.groupings).toEqual(cli.groupings);
    expect(a.body.summary).toEqual(cli.summary);
    expect(a.body.findings).toEqual(cli.findings);
    expect(a.body.thresholds_min).toEqual(cli.thresholds_min);
    expect(a.body.groupings[0].units.find((u: { id: string }) => u.id === "helsinki").population).toBeGreaterThan(40_000);
  });

  it("tells apart two different units of one name: each gets its member count; the same unit in two groupings keeps its name", async () => {
    // uusimaa-6 with its seven western towns named "Länsi-Uusimaa", as the county of ten is in uusimaa-5.
    const westOfSeven = { id: "seven-west", name: "Seven west", region: "uusimaa", units: UUSIMAA_6.units.map((u) => ({ id: u.id, name: u.id === "lohja-raasepori" ? "Länsi-Uusimaa" : u.name.fi, municipalities: u.municipalities, hub: u.hub })) };
    const a = await expectOk("/api/groupings/compare", "/api/groupings/compare", { body: { groupings: ["uusimaa-5"], custom: [westOfSeven] } });
    const unit = (g: string, id: string) => a.body.groupings.find((x: { id: string }) => x.id === g).units.find((u: { id: string }) => u.id === id);
    expect(unit("uusimaa-5", "lansi-uusimaa").names).toEqual({ fi: "Länsi-Uusimaa (10 kuntaa)", sv: "Västra Nyland (10 kommuner)", en: "West Uusimaa (10 municipalities)" });
    expect(unit("seven-west", "lohja-raasepori").names.fi).toBe("Länsi-Uusimaa (7 kuntaa)");
    expect(unit("seven-west", "helsinki").names.fi).toBe("Helsinki"); // the same one municipality in both
  });

  it("keys the shares by the cutoff when it is under 30 min, as the document's patternProperties say", async () => {
    const a = await expectOk("/api/groupings/compare", "/api/groupings/compare", { body: { groupings: ["uusimaa-6"], thresholds: [5, 12.5] } });
    const g = a.body.groupings[0];
    expect(Object.keys(g.all_units.L).filter((k) => k.startsWith("within_"))).toEqual(["within_12.5_pct"]);
    expect(Object.keys(g.units[0].levels.E).filter((k) => k.startsWith("within_"))).toEqual(["within_12.5_pct"]);
    const worst = g.equality.L.worst;
    expect(worst === null || Object.keys(worst).includes("beyond_12.5_pct")).toBe(true);
    // A key the patterns do not allow is refused by the document.
    expect(() => check("/api/groupings/compare", "post", 200, "application/json", { ...a.body, groupings: [{ ...g, all_units: { ...g.all_units, L: { ...g.all_units.L, within_soon_pct: 1 } } }] })).toThrow();
  });

  it("refuses an unknown grouping and a bad custom one, naming the field", async () => {
    expectProblem(await call(api, "/api/groupings/compare", { body: { groupings: ["uusimaa-6", "nowhere-3"] } }), 400, "groupings[1]");
    const twice = { ...FOUR, units: [{ ...FOUR.units[0], municipalities: ["091", "092", "245", "049"] }, ...FOUR.units.slice(1)] };
    const a = await call(api, "/api/groupings/compare", { body: { custom: [twice] } });
    expectProblem(a, 400, "custom[0].municipality");
    expect(a.body.value).toBe("049");
    expect(a.body.detail).toMatch(/two units/);
    expectProblem(await call(api, "/api/groupings/compare", { body: { custom: [{ ...FOUR, units: [{ ...FOUR.units[0], municipalities: ["91"] }] }] } }), 400, "custom[0].units[0].municipalities[0]");
    expectProblem(await call(api, "/api/groupings/compare", { body: { custom: [{ ...FOUR, region: "lappi" }] } }), 400, "custom[0].region"); // a grouping of Lapland on a Uusimaa server
  });
});

describe("HTTP API: a grouping as a file, written and read back", () => {
  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const doc = () => ({ id: UUSIMAA_6.id, name: UUSIMAA_6.name, region: "uusimaa", source: UUSIMAA_6.source, units: UUSIMAA_6.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], ...(u.hub ? { hub: u.hub } : {}) })) });
  const members = (units: readonly { name: { fi: string }; municipalities: readonly string[]; hub?: string | null }[]) =>
    Object.fromEntries(units.map((u) => [u.name.fi, { municipalities: [...u.municipalities].sort(), hub: u.hub ?? null }]));

  it.each([
    ["json", "", "application/json", ","],
    ["csv", "", "text/csv", ","],
    ["csv", "&delimiter=;", "text/csv", ";"],
    ["xlsx", "", XLSX, ","],
  ])("%s%s: exports uusimaa-6, and checking the file gives the same units, members and hubs", async (format, extra, type, delimiter) => {
    const file = await fetch(`${api.base}/api/groupings/export?format=${format}${extra}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(doc()) });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="uusimaa-6.${format}"`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const a = await expectOk(`/api/groupings/check?name=kuusi-aluetta.${format}`, "/api/groupings/check", { body: bytes, type });
    expect(a.body).toMatchObject({ format, encoding: "UTF-8", delimiter });
    expect(members(a.body.grouping.units)).toEqual(members(UUSIMAA_6.units));
    // A table names its grouping after the file; the JSON document keeps its own id and names.
    expect(a.body.grouping.id).toMatch(format === "json" ? /^uusimaa-6$/ : /^kuusi-aluetta/);
    // The checked grouping compares as a custom one does.
    const compared = await call(api, "/api/groupings/compare", { body: { groupings: ["uusimaa-6"], custom: [{ ...a.body.grouping, id: "uploaded", region: "uusimaa", units: a.body.grouping.units.map((u: { hub: string | null }) => ({ ...u, hub: u.hub ?? undefined })) }] } });
    expect(compared.status, compared.text).toBe(200);
    const [six, uploaded] = compared.body.groupings;
    expect(uploaded.all_units).toEqual(six.all_units);
  });

  it("lists every bad row of a Finnish-Excel table (line, column, value) and uses nothing", async () => {
    const rows = ["kunta;alue;keskus", "Helsinki;Helsinki;x", "Espoo;Länsi;x", "Atlantis;Länsi;", "Vantaa;;", "Kauniainen;Länsi;x", "Espoo;Länsi;"];
    const a = await call(api, "/api/groupings/check?name=oma.csv", { body: new Uint8Array(Buffer.from(rows.join("\r\n"), "latin1")), type: "text/csv" });
    expectProblem(a, 400, "kunta");
    check("/api/groupings/check", "post", 400, "application/problem+json", a.body);
    expect(a.body.errors.map((e: { where: string; field: string; value: unknown }) => [e.where, e.field, e.value])).toEqual([
      ["line 4", "kunta", "Atlantis"],
      ["line 5", "alue", ""],
      ["line 6", "keskus", "x"],
      ["line 7", "kunta", "Espoo"],
    ]);
    expectProblem(await call(api, "/api/groupings/export?format=json&delimiter=;", { body: doc() }), 400, "delimiter");
  });
});

describe("HTTP API: checking a service-point file", () => {
  const csv = readFileSync(SERVICES, "utf8");

  it("parses CSV and GeoJSON bodies", async () => {
    const a = await expectOk("/api/service-points/check", "/api/service-points/check", { body: csv, type: "text/csv" });
    expect(a.body.format).toBe("csv");
    expect(a.body.points.map((p: { id: string }) => p.id)).toEqual(ws.inputs.services.points.map((p) => p.id));
    const geo = { type: "FeatureCollection", features: a.body.points.map((p: { id: string; name: { fi: string; sv: string }; municipality: string; lon: number; lat: number; level: string }) => ({ type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] }, properties: { id: p.id, name_fi: p.name.fi, name_sv: p.name.sv, municipality: p.municipality, level: p.level } })) };
    for (const type of ["application/geo+json", "application/json"]) {
      const g = await expectOk("/api/service-points/check", "/api/service-points/check", { body: JSON.stringify(geo), type });
      expect(g.body).toEqual({ ...a.body, format: "geojson" });
    }
    // Nothing is kept: the base set is as loaded.
    expect((await call(api, "/api/service-points")).body.points).toHaveLength(ws.inputs.services.points.length);
  });

  it("lists every bad line with its field, and refuses other media types", async () => {
    const bad = [
      "id,name_fi,name_sv,municipality,lon,lat,level,open",
      "a,A,A,091,24.9486,60.1628,Q,true",
      "b,B,B,091,24.9305,60.1680,L,true",
      "c,C,C,091,abc,60.1680,L,true",
    ].join("\n");
    const a = await call(api, "/api/service-points/check", { body: bad, type: "text/csv" });
    expectProblem(a, 400, "level");
    check("/api/service-points/check", "post", 400, "application/problem+json", a.body);
    expect(a.body.errors).toHaveLength(2);
    expect(a.body.errors[0]).toMatchObject({ where: "line 2", field: "level", value: "Q" });
    expect(a.body.errors[1]).toMatchObject({ where: "line 4", field: "lon" });
    expectProblem(await call(api, "/api/service-points/check", { body: csv, type: "text/plain" }), 415, "content-type");
    expectProblem(await call(api, "/api/service-points/check", { body: "{", type: "application/geo+json" }), 400);
  });
});

describe("HTTP API: the service set as a file, written and read back", () => {
  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  // A scenario: one point closed, one re-levelled, one added (by a Finnish name with ä).
  const scenario = () => [
    { op: "close", id: "kamppi" },
    { op: "relevel", id: "kirurginen", level: "A" },
    { op: "add", point: { id: "uusi-pääskylä", name_fi: "Pääskylän asema", name_sv: "Svalans station", municipality: "091", lon: 24.955, lat: 60.172, level: "L", open: true } },
  ];

  it.each([
    ["csv", "", "text/csv", ","],
    ["csv", "&delimiter=;", "text/csv", ";"],
    ["xlsx", "", XLSX, ","],
    ["geojson", "", "application/geo+json", ","],
  ])("%s%s: exports the scenario's set, and checking the file gives its points and the same changes back", async (format, extra, type, delimiter) => {
    const changes = scenario();
    const file = await fetch(`${api.base}/api/service-points/export?format=${format}${extra}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ changes }) });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain(type);
    expect(file.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename=".+-scenario\\.${format}"`));
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (format === "csv") {
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte-order mark Excel needs to read UTF-8
      expect(new TextDecoder().decode(bytes).split("\n")[0]).toBe(["id", "name_fi", "name_sv", "municipality", "lon", "lat", "level", "open"].join(delimiter));
      expect(new TextDecoder().decode(bytes)).toContain(delimiter === ";" ? ";24,9486;60,1628;" : ",24.9486,60.1628,"); // decimal commas with semicolons
    }
    const a = await expectOk("/api/service-points/check", "/api/service-points/check", { body: bytes, type });
    expect(a.body).toMatchObject({ format, encoding: "UTF-8", delimiter, count: ws.inputs.services.points.length + 1, new_locations: 1, max_new_locations: 100 });
    expect(a.body.points.find((p: { id: string }) => p.id === "kamppi").open).toBe(false);
    expect(a.body.points.find((p: { id: string }) => p.id === "uusi-pääskylä").name).toEqual({ fi: "Pääskylän asema", sv: "Svalans station" });
    expect(new Set(a.body.changes.map((c: unknown) => JSON.stringify(c)))).toEqual(new Set(changes.map((c) => JSON.stringify(c))));
    // The changes run as any scenario's: the same figures as the scenario sent as it was.
    const [x, y] = await Promise.all([call(api, "/api/scenarios/run", { body: { changes: a.body.changes } }), call(api, "/api/scenarios/run", { body: { changes } })]);
    expect(x.body.figures).toEqual(y.body.figures);
  });

  it("the base set with no changes, and a delimiter given for a format without one is a 400", async () => {
    const base = await fetch(`${api.base}/api/service-points/export?format=geojson`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const doc = JSON.parse(await base.text());
    expect(doc.features).toHaveLength(ws.inputs.services.points.length);
    expectProblem(await call(api, "/api/service-points/export?format=xlsx&delimiter=;", { body: {} }), 400, "delimiter");
    expectProblem(await call(api, "/api/service-points/export", { body: { changes: [{ op: "close", id: "nowhere" }] } }), 404, "changes[0].id");
  });
});

describe("HTTP API: jobs", () => {
  it("runs a report job: 202 and Location, events to done, the direct route's file as result", async () => {
    const changes = [{ op: "close", id: "kamppi" }];
    const a = await expectOk("/api/jobs", "/api/jobs", { body: { kind: "report", format: "csv", lang: "en", changes } }, 202);
    expect(a.headers.get("location")).toBe(`/api/jobs/${a.body.id}`);
    expect(a.body).toMatchObject({ kind: "report", status: "queued", progress: { done: 0, total: 2 } });
    const res = await fetch(api.base + `/api/jobs/${a.body.id}/events`);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = [...(await res.text()).matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({ event: m[1], data: JSON.parse(m[2]) }));
    expect(events.at(-1)).toEqual({ event: "done", data: { id: a.body.id, result: `/api/jobs/${a.body.id}/result` } });
    expect(events.filter((e) => e.event === "progress").at(-1)?.data).toEqual({ done: 2, total: 2 });
    const job = await settle(a.body.id);
    expect(job.body).toMatchObject({ status: "done", progress: { done: 2, total: 2 }, result: `/api/jobs/${a.body.id}/result` });
    const result = await call(api, job.body.result);
    const direct = await call(api, "/api/report", { body: { format: "csv", lang: "en", changes } });
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe(direct.headers.get("content-type"));
    // The date line differs at most; every figure is the same.
    const strip = (t: string) => t.split("\n").filter((l) => !/\d{4}-\d\d-\d\d/.test(l)).join("\n");
    expect(strip(result.text)).toEqual(strip(direct.text));
    // Events of a finished job: progress, then done, at once.
    const again = await (await fetch(api.base + `/api/jobs/${a.body.id}/events`)).text();
    expect(again).toMatch(/^event: progress\n.*\n\nevent: done\n/);
  });

  it("runs a compare job to the direct route's comparison", async () => {
    const body = { groupings: ["uusimaa-5"], custom: [FOUR] };
    const a = await expectOk("/api/jobs", "/api/jobs", { body: { kind: "compare", ...body } }, 202);
    await settle(a.body.id);
    const result = await expectOk(`/api/jobs/${a.body.id}/result`, "/api/jobs/{id}/result", {});
    expect(result.body).toEqual((await call(api, "/api/groupings/compare", { body })).body);
  });

  it("checks a job's body at once, and a failed job answers with the direct route's problem", async () => {
    expectProblem(await call(api, "/api/jobs", { body: { kind: "compare", groupings: ["nowhere"] } }), 400, "groupings[0]");
    expectProblem(await call(api, "/api/jobs", { body: { kind: "report", format: "doc", lang: "fi" } }), 400, "format");
    expectProblem(await call(api, "/api/jobs", { body: { kind: "sleep" } }), 400);
    const a = await expectOk("/api/jobs", "/api/jobs", { body: { kind: "report", format: "csv", lang: "fi", changes: [{ op: "close", id: "no-such-point" }] } }, 202);
    const job = await settle(a.body.id);
    expect(job.body).toMatchObject({ status: "failed", error: { status: 404, field: "changes[0].id" } });
    expectProblem(await call(api, `/api/jobs/${a.body.id}/result`), 404, "changes[0].id");
    const events = await (await fetch(api.base + `/api/jobs/${a.body.id}/events`)).text();
    expect(events).toMatch(/event: failed\ndata: \{"status":404/);
    expectProblem(await call(api, "/api/jobs/00000000-0000-4000-8000-000000000000"), 404, "id");
    expectProblem(await call(api, "/api/jobs/not-a-uuid/result"), 400, "id");
  });

  it("answers /healthz while jobs run", async () => {
    const ids: string[] = [];
    for (const format of ["pdf", "xlsx", "gpkg"]) ids.push((await expectOk("/api/jobs", "/api/jobs", { body: { kind: "report", format, lang: "fi", changes: [{ op: "close", id: "kamppi" }] } }, 202)).body.id);
    const early = await call(api, "/api/jobs/" + ids[2]);
    expect(early.body.status).toBe("queued");
    const h = await call(api, "/healthz");
    expect(h.status).toBe(200);
    // Read at once when the health reply is in: the last job is not done, one is running.
    const states = ids.map((id) => jobs.get(id).status);
    expect(states[2]).not.toBe("done");
    expect(states).toContain("running");
    // A result asked for too early is a 409.
    if (jobs.get(ids[2]).status !== "done") expectProblem(await call(api, `/api/jobs/${ids[2]}/result`), 409, "id");
    for (const id of ids) expect((await settle(id)).body.status).toBe("done");
    const pdf = await fetch(api.base + `/api/jobs/${ids[0]}/result`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  }, 60_000);

  it("runs direct reports on the jobs' worker: 60 at once are each a file or a 503 busy problem, and /healthz answers throughout", async () => {
    const healthz: number[] = [];
    let done = false;
    const poll = (async () => {
      while (!done) {
        healthz.push((await call(api, "/healthz")).status);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => fetch(api.base + `/api/report?format=csv&lang=${["fi", "sv", "en"][i % 3]}`).then(async (r) => ({ status: r.status, type: r.headers.get("content-type") ?? "", text: await r.text() }))));
    done = true;
    await poll;
    const files = replies.filter((r) => r.status === 200);
    const busy = replies.filter((r) => r.status === 503);
    expect(files.length + busy.length, replies.map((r) => r.status).join(",")).toBe(60);
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect(f.type).toMatch(/^text\/csv/);
    for (const b of busy) expect(JSON.parse(b.text)).toMatchObject({ status: 503 });
    expect(busy.every((b) => ["busy", "timeout"].includes(JSON.parse(b.text).code))).toBe(true);
    expect(healthz.length).toBeGreaterThan(0);
    expect(healthz.every((s) => s === 200)).toBe(true);
    // The direct route's file is the job's: the same bytes as POST /api/jobs gives.
    const viaJob = (await expectOk("/api/jobs", "/api/jobs", { body: { kind: "report", format: "csv", lang: "fi", changes: [] } }, 202)).body.id;
    await settle(viaJob);
    expect(await (await fetch(api.base + `/api/jobs/${viaJob}/result`)).text()).toBe(await (await fetch(api.base + "/api/report?format=csv&lang=fi")).text());
  }, 120_000);

  it("gives the same results on the server thread as in the worker, and replaces a worker that dies", async () => {
    const request = { kind: "compare" as const, groupings: ["uusimaa-6"], custom: [] };
    const onServer = new Jobs({ threads: "server", log: () => {} });
    const logged: string[] = [];
    const inWorker = new Jobs({ log: (line) => logged.push(line) });
    try {
      const run = async (q: Jobs) => {
        const job = q.request(ws, request);
        while (q.get(job.id).status !== "done" && q.get(job.id).status !== "failed") await new Promise((r) => setTimeout(r, 10));
        return q.result(job.id).body;
      };
      // A worker stopped mid-job (here while it still loads the workspace) fails that job as an internal error,
      // logged, with nothing of it in the view; the next job gets a new worker.
      const killed = inWorker.request(ws, request);
      while (inWorker.get(killed.id).status === "queued") await new Promise((r) => setTimeout(r, 1));
      await inWorker.close();
      while (inWorker.get(killed.id).status === "running") await new Promise((r) => setTimeout(r, 5));
      expect(inWorker.view(inWorker.get(killed.id))).toMatchObject({ status: "failed", error: { status: 500, code: null } });
      expect(logged.join("\n")).toMatch(/job worker stopped/);
      expect(await run(inWorker)).toEqual(await run(onServer));
    } finally {
      await inWorker.close();
    }
  }, 60_000);

  it("keeps at most `keep` finished jobs", async () => {
    const small = new Jobs({ keep: 2, log: () => {} });
    const ids = ["a", "b", "c"].map((x) => small.submit("compare", inThread([() => ({ body: x })])).id);
    await new Promise((r) => setTimeout(r, 50));
    expect(() => small.get(ids[0])).toThrow(/no job/);
    expect(small.result(ids[2]).body).toBe("c");
  });
});

describe("HTTP API: the time limit", () => {
  it("answers 503 naming the limit for a request over it", async () => {
    const slow = await startApi({ workspace: ws, requestTimeoutMs: 1, log: () => {} });
    try {
      const a = await call(slow, "/api/report?format=pdf&lang=fi");
      expectProblem(a, 503, "timeout");
      expect(a.body.detail).toMatch(/\/api\/jobs/);
    } finally {
      await slow.close();
    }
  });
});
