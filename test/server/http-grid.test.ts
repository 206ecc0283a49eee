// GET and POST /api/grid over real HTTP on loopback, on the real Tampere extract: the binary time
// grid decodes (header: magic, version, EPSG:3067, the study's grid, seconds, no-data, horizon) to
// the study's own surfaces cell for cell (seconds rounded up from ds; unreached is no-data), for the
// base, a scenario (the same incremental run as POST /api/scenarios/run) and ?profile=car-winter;
// bands counted from it hold the people the figures count; the base reply is compressed, cached
// and revalidated with its ETag; a bad level or change is a problem naming it.
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Study } from "../../study/index.ts";
import { applyTimeGridDelta, decodeTimeGrid, IncrementalLevels, LEVELS, TIME_GRID_HEADER_BYTES, TIME_GRID_NO_DATA, UNREACHED, type TimeGrid } from "../../engine/index.ts";
import { call, expectProblem, openTampereWorkspace, startApi, type Api } from "../fixtures/http.ts";

const GRID_TYPE = "application/vnd.palveluverkko.time-grid";
let ws: Study;
let api: Api;

beforeAll(async () => {
  ws = await openTampereWorkspace();
  api = await startApi({ workspace: ws, log: () => {}, rateLimitPerMinute: 0 });
}, 120_000);

afterAll(() => api?.close());

/** The reply's bytes as the server sent them, and the decoded grid. */
async function fetchGrid(path: string, init: RequestInit = {}): Promise<{ res: Response; raw: Buffer; grid: TimeGrid }> {
  const res = await fetch(api.base + path, init);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe(GRID_TYPE);
  const raw = Buffer.from(await res.arrayBuffer());
  const grid = decodeTimeGrid(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { res, raw, grid };
}

/** Every cell of a decoded layer against a surface (ds): seconds rounded up, no-data where unreached. */
function expectSameTimes(times: Uint16Array, surfaceDs: Uint32Array): void {
  expect(times.length).toBe(surfaceDs.length);
  let bad = 0;
  for (let c = 0; c < times.length; c++) {
    const want = surfaceDs[c] === UNREACHED ? TIME_GRID_NO_DATA : Math.ceil(surfaceDs[c] / 10);
    if (times[c] !== want) bad++;
  }
  expect(bad).toBe(0);
}

describe("HTTP API: times per cell as a binary grid (real Tampere roads)", () => {
  it("sends the base surfaces of L, A and E with the study's grid in its header", async () => {
    const { raw, grid } = await fetchGrid("/api/grid");
    const g = ws.inputs.grid;
    expect(raw.subarray(0, 4).toString("latin1")).toBe("PVTG");
    expect(raw.readUInt16LE(4)).toBe(1);
    expect(raw.readUInt32LE(8)).toBe(3067);
    expect(raw.readUInt16LE(44)).toBe(1); // seconds per unit
    expect(raw.readUInt16LE(46)).toBe(0xffff);
    expect(raw.length).toBe(TIME_GRID_HEADER_BYTES + 3 * 2 * g.cols * g.rows);
    expect(grid.grid).toEqual({ x0: g.x0, y0: g.y0, cellSizeM: g.cellSizeM, cols: g.cols, rows: g.rows });
    expect(grid.epsg).toBe(3067);
    expect(grid.horizonMin).toBe(180);
    expect([...grid.layers.keys()]).toEqual(["L", "A", "E"]);
    for (const level of LEVELS) expectSameTimes(grid.layers.get(level)!, ws.base.surfaces[level]);
    // Real roads: most cells are reached, some are not (the extract's edge, lakes without roads).
    const e = grid.layers.get("E")!;
    const reached = e.filter((s) => s !== TIME_GRID_NO_DATA).length;
    expect(reached).toBeGreaterThan(e.length / 2);
  });

  it("counts the people per band the figures count, band by band", async () => {
    const { grid } = await fetchGrid("/api/grid?levels=A");
    expect([...grid.layers.keys()]).toEqual(["A"]);
    const times = grid.layers.get("A")!;
    const { population, areaOfCell } = ws.inputs;
    const all = (await call(api, "/api/accessibility")).body.levels.A.find((r: { id: string }) => r.id === "all");
    for (const band of all.bands as { threshold_min: number | null; cumulative: number }[]) {
      if (band.threshold_min === null) continue;
      let people = 0;
      for (let c = 0; c < times.length; c++) if (areaOfCell[c] >= 0 && times[c] <= band.threshold_min * 60) people += population[c];
      expect(Math.round(people)).toBe(band.cumulative);
    }
  });

  it("sends a scenario's surfaces, the ones POST /api/scenarios/run counts, and those of the winter profile", async () => {
    const id = ws.inputs.services.points.find((p) => p.open && p.level === "L")!.id;
    const changes = [{ op: "close", id }];
    const { grid } = await fetchGrid("/api/grid", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ changes }) });
    const run = ws.runScenario([{ op: "close", id }]);
    for (const level of LEVELS) expectSameTimes(grid.layers.get(level)!, run.cells[level]);
    let changed = 0;
    for (let c = 0; c < run.cells.L.length; c++) if (run.cells.L[c] !== ws.base.surfaces.L[c]) changed++;
    expect(changed).toBeGreaterThan(0); // the closure moved someone's nearest L

    const winter = await fetchGrid("/api/grid?profile=car-winter&levels=E");
    expectSameTimes(winter.grid.layers.get("E")!, ws.under({ profile: "car-winter" }).base.surfaces.E);
    const turns = await fetchGrid("/api/grid?model=turns&levels=E");
    expectSameTimes(turns.grid.layers.get("E")!, ws.under({ model: "turns" }).base.surfaces.E);
    const none = await fetchGrid("/api/grid", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ changes: [], levels: ["L"] }) });
    expectSameTimes(none.grid.layers.get("L")!, ws.base.surfaces.L);
  });

  it("sends a scenario as the cells that differ from the base's: set into the base's grid, it is the full scenario grid", async () => {
    const id = ws.inputs.services.points.find((p) => p.open && p.level === "L")!.id;
    const post = (body: object) => fetch(api.base + "/api/grid", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const cases: { type?: string; levels?: string[] }[] = [{}, { type: "dental-care" }, { levels: ["A", "L"] }];
    for (const extra of cases) {
      const res = await post({ changes: [{ op: "close", id }], delta: true, ...extra });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/vnd.palveluverkko.time-grid-delta");
      const delta = await res.arrayBuffer();
      const query = extra.type ? `?type=${extra.type}` : extra.levels ? `?levels=${extra.levels.join(",")}` : "";
      const { grid: base } = await fetchGrid(`/api/grid${query}`);
      const { grid: full } = await fetchGrid("/api/grid", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ changes: [{ op: "close", id }], ...extra }) });
      const patched = applyTimeGridDelta(base, delta);
      expect([...patched.layers.keys()]).toEqual([...full.layers.keys()]);
      for (const [name, times] of full.layers) expect(patched.layers.get(name)).toEqual(times);
      // A closure changes the cells that point was nearest to, not the whole region.
      expect(delta.byteLength).toBeLessThan((TIME_GRID_HEADER_BYTES + 2 * base.grid.cols * base.grid.rows * base.layers.size) / 4);
      expect(delta.byteLength).toBeGreaterThan(24);
    }
  });

  it("answers a scenario's grid from the run just made for its figures, and runs anew for other changes", async () => {
    const [a, b] = ws.inputs.services.points.filter((p) => p.open).map((p) => [{ op: "close" as const, id: p.id }]);
    const run = ws.runScenario(a, [5, 10]); // the figures' run, at the app's thresholds
    expect(ws.scenarioCells(a)).toBe(run.cells); // the same arrays: no second run
    const other = ws.scenarioCells(b);
    expect(other).not.toBe(run.cells);
    for (const level of LEVELS) expect(other[level]).toEqual(ws.runScenario(b).cells[level]);
    // Over HTTP in that order: the grid holds the run's times.
    expect((await call(api, "/api/scenarios/run", { body: { changes: a } })).status).toBe(200);
    const { grid } = await fetchGrid("/api/grid", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ changes: a }) });
    for (const level of LEVELS) expectSameTimes(grid.layers.get(level)!, run.cells[level]);
    // The app asks for both at once and the grid may come first: the figures then read its run, no second incremental update.
    const c = ws.inputs.services.points.filter((p) => p.open).map((p) => [{ op: "close" as const, id: p.id }])[2];
    const update = vi.spyOn(IncrementalLevels.prototype, "update");
    try {
      const cells = ws.scenarioCells(c);
      const figures = ws.runScenario(c, [5, 10]);
      expect(update).toHaveBeenCalledTimes(1);
      expect(figures.cells).toBe(cells);
    } finally {
      update.mockRestore();
    }
  });

  it("compresses the grid, keeps the base's and answers a revalidation with 304", async () => {
    // node:http, not fetch: fetch would undo the gzip and hide the wire size.
    const { request } = await import("node:http");
    const raw = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        request(api.base + "/api/grid?levels=L", { headers }, (r) => {
          const parts: Buffer[] = [];
          r.on("data", (d: Buffer) => parts.push(d)).on("end", () => resolve({ status: r.statusCode!, headers: r.headers, body: Buffer.concat(parts) })).on("error", reject);
        }).end();
      });
    const gz = await raw({ "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const plain = gunzipSync(gz.body);
    const g = ws.inputs.grid;
    expect(plain.length).toBe(TIME_GRID_HEADER_BYTES + 2 * g.cols * g.rows);
    expect(gz.body.length).toBeLessThan(plain.length * 0.8); // 59 % on Tampere's grid
    const etag = String(gz.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await raw({ "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    const scenario = await fetch(api.base + "/api/grid", { method: "POST", headers: { "content-type": "application/json", "accept-encoding": "gzip" }, body: JSON.stringify({ changes: [] }) });
    expect(scenario.headers.get("content-encoding")).toBe("gzip");
  });

  it("refuses a bad level, an unknown point and an unknown profile, naming them", async () => {
    expectProblem(await call(api, "/api/grid?levels=X"), 400, "levels");
    expectProblem(await call(api, "/api/grid?levels=L,L"), 400, "levels");
    expectProblem(await call(api, "/api/grid", { body: { changes: [{ op: "close", id: "no-such-point" }] } }), 404, "changes[0].id");
    expectProblem(await call(api, "/api/grid?profile=bicycle"), 400, "profile");
    expectProblem(await call(api, "/api/grid?levels=L", { body: { changes: [] } }), 400, "levels"); // the POST takes its levels in the body
  });
});

describe("HTTP API: the grid per service type and language (real Tampere roads)", () => {
  const post = (body: object) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("adds a layer T per type: the study's type surface, and where every point offers its level's menu, the level's own times", async () => {
    const { grid } = await fetchGrid("/api/grid?type=dental-care");
    expect([...grid.layers.keys()]).toEqual(["L", "A", "E", "T"]);
    expectSameTimes(grid.layers.get("T")!, ws.subsets.typeSurface("dental-care").cells);
    // No Tampere point lists its own types, so a type on L's menu is everywhere as near as L, one on E's alone as near as E.
    expect(ws.inputs.services.points.every((p) => p.types === undefined)).toBe(true);
    const lType = ws.inputs.catalogue.menus.L[0];
    const eOnly = ws.inputs.catalogue.menus.E.find((t) => !ws.inputs.catalogue.menus.A.includes(t))!;
    expectSameTimes((await fetchGrid(`/api/grid?levels=L&type=${lType}`)).grid.layers.get("T")!, ws.base.surfaces.L);
    expectSameTimes((await fetchGrid(`/api/grid?levels=E&type=${eOnly}`)).grid.layers.get("T")!, ws.base.surfaces.E);
  });

  it("gives each layer in a language: Finnish-speaking Tampere's points all serve in Finnish, none in Swedish", async () => {
    expect(ws.inputs.services.points.every((p) => p.languages === undefined)).toBe(true);
    const fi = (await fetchGrid("/api/grid?language=fi&type=dental-care")).grid;
    for (const level of LEVELS) expectSameTimes(fi.layers.get(level)!, ws.base.surfaces[level]);
    expectSameTimes(fi.layers.get("T")!, ws.subsets.typeSurface("dental-care").cells);
    const sv = (await fetchGrid("/api/grid?language=sv&levels=L")).grid;
    expect(sv.layers.get("L")!.every((s) => s === TIME_GRID_NO_DATA)).toBe(true);
  });

  it("gives a scenario's type and language layers from its points (Tampere's E closed, an L raised to E): the same times as its run's levels", async () => {
    const e = ws.inputs.services.points.filter((p) => p.open && p.level === "E");
    expect(e.length).toBeGreaterThan(0);
    const changes = [{ op: "close" as const, id: e[0].id }, { op: "relevel" as const, id: ws.inputs.services.points.find((p) => p.open && p.level === "L")!.id, level: "E" as const }];
    const run = ws.runScenario(changes);
    const eOnly = ws.inputs.catalogue.menus.E.find((t) => !ws.inputs.catalogue.menus.A.includes(t))!;
    const { grid } = await fetchGrid("/api/grid", post({ changes, levels: ["E"], type: eOnly }));
    expectSameTimes(grid.layers.get("E")!, run.cells.E);
    expectSameTimes(grid.layers.get("T")!, run.cells.E);
    const fi = (await fetchGrid("/api/grid", post({ changes, language: "fi" }))).grid;
    for (const level of LEVELS) expectSameTimes(fi.layers.get(level)!, run.cells[level]);
    let moved = 0;
    for (let c = 0; c < run.cells.E.length; c++) if (run.cells.E[c] !== ws.base.surfaces.E[c]) moved++;
    expect(moved).toBeGreaterThan(0); // the changes move someone's nearest E
  });

  it("refuses an unknown type and a malformed language, naming them", async () => {
    expectProblem(await call(api, "/api/grid?type=no-such-type"), 400, "type");
    expectProblem(await call(api, "/api/grid?type=Dental"), 400, "type");
    expectProblem(await call(api, "/api/grid?language=swedish"), 400, "language");
    expectProblem(await call(api, "/api/grid", { body: { changes: [], type: "no-such-type" } }), 400, "type");
  });
});
