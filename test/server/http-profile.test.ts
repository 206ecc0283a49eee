// The travel-time profile per request (?profile=car-winter) over real HTTP on loopback, on the real
// Tampere extract, whose ring road and highways have 100–120 km/h limits (winter: 80–100 km/h):
// the winter figures are the engine's with the winter profile, slower than summer's where people
// use those roads and never faster; a scenario, a cell and a report under it the same; the
// default is the server's own profile; a profile the roads do not have is a 400 naming it. The
// rush hour likewise, and POST /api/route with and without door to door. The road model likewise
// (?model=turns): the figures, grid (http-grid.test.ts), trip and report are the turns model's, a
// bad model is a 400 naming `model`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study, doorToDoorJson } from "../../study/index.ts";
import { Router } from "../../engine/index.ts";
import { analyse } from "../../engine/analysis.ts";
import { call, documentChecker, expectProblem, expectedRows, openTampereWorkspace, startApi, type Api } from "../fixtures/http.ts";

let ws: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;

beforeAll(async () => {
  ws = await openTampereWorkspace();
  api = await startApi({ workspace: ws, log: () => {} });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 120_000);

afterAll(() => api?.close());

/** GET /api/accessibility under a profile: checked against the document, its rows the engine's own under that profile. */
async function engineFiguresUnder(profile: string) {
  const reply = await call(api, `/api/accessibility?profile=${profile}`);
  expect(reply.status, reply.text).toBe(200);
  check("/api/accessibility", "get", 200, "application/json", reply.body);
  const want = analyse({ ...ws.figureInput, graph: ws.parts.graph, snapIndex: ws.parts.snapIndex, links: ws.inputs.links, services: ws.inputs.services.points, thresholdsMin: ws.base.thresholdsMin, profile });
  expect(reply.body.levels).toEqual(expectedRows(ws, want));
  expect(reply.body.profile).toBe(profile);
  return reply;
}

describe("HTTP API: the travel-time profile per request (real Tampere roads)", () => {
  it("lists the roads' profiles in /healthz, the server's first", async () => {
    const h = await call(api, "/healthz");
    check("/healthz", "get", 200, "application/json", h.body);
    expect(h.body.profiles).toEqual(["car", "car-winter", "car-midday", "car-winter-midday", "car-rush", "car-winter-rush"]);
  });

  it("gives the engine's winter figures under ?profile=car-winter: slower than summer's, never faster", async () => {
    const summer = await call(api, "/api/accessibility");
    const winter = await engineFiguresUnder("car-winter");
    expect(summer.body.profile).toBe("car");
    const all = (a: typeof summer, level: string) => a.body.levels[level].find((r: { id: string }) => r.id === "all");
    for (const level of ["L", "A", "E"]) expect(all(winter, level).mean_min).toBeGreaterThanOrEqual(all(summer, level).mean_min);
    expect(all(winter, "E").mean_min).toBeGreaterThan(all(summer, "E").mean_min);
    // Cell by cell: the study under the winter profile is never faster.
    const w = ws.under({ profile: "car-winter" });
    let slower = 0;
    for (const level of ["L", "A", "E"] as const) {
      for (let c = 0; c < ws.base.surfaces[level].length; c++) {
        expect(w.base.surfaces[level][c]).toBeGreaterThanOrEqual(ws.base.surfaces[level][c]);
        if (w.base.surfaces[level][c] > ws.base.surfaces[level][c]) slower++;
      }
    }
    expect(slower).toBeGreaterThan(100);
  });

  it("runs a scenario, a cell and a report under the profile asked for, and draws its bands", async () => {
    const closure = { changes: [{ op: "close", id: ws.inputs.services.points[0].id }] };
    const winterRun = await call(api, "/api/scenarios/run?profile=car-winter", { body: closure });
    expect(winterRun.status, winterRun.text).toBe(200);
    check("/api/scenarios/run", "post", 200, "application/json", winterRun.body);
    const summerRun = await call(api, "/api/scenarios/run", { body: closure });
    expect(winterRun.body.profile).toBe("car-winter");
    expect(winterRun.body.figures).not.toEqual(summerRun.body.figures);
    const cell = await call(api, "/api/cells/at?profile=car-winter", { body: { lon: 23.7, lat: 61.47, changes: [] } });
    expect(cell.status, cell.text).toBe(200);
    const summerBands = await call(api, "/api/isochrones?level=E");
    const winterBands = await call(api, "/api/isochrones?level=E&profile=car-winter");
    expect(winterBands.status).toBe(200);
    expect(winterBands.text).not.toBe(summerBands.text);
    const report = await call(api, "/api/report?format=csv&lang=en&profile=car-winter");
    expect(report.status, report.text).toBe(200);
    expect(report.text).toContain("winter speed limits");
    expect((await call(api, "/api/report?format=csv&lang=en")).text).toContain("summer speed limits");
  }, 60_000);

  it("gives the rush hour's figures under ?profile=car-rush (junction delays): slower than free flow, the report says so", async () => {
    const free = await call(api, "/api/accessibility");
    const rush = await engineFiguresUnder("car-rush");
    const all = (a: typeof free, level: string) => a.body.levels[level].find((r: { id: string }) => r.id === "all").mean_min;
    for (const level of ["L", "A", "E"]) expect(all(rush, level)).toBeGreaterThan(all(free, level));
    expect(rush.body.notes.map((n: { code: string }) => n.code)).toContain("time-of-day");
    expect(free.body.notes.map((n: { code: string }) => n.code)).not.toContain("time-of-day");
    const report = await call(api, "/api/report?format=csv&lang=en&profile=car-winter-rush");
    expect(report.status, report.text).toBe(200);
    expect(report.text).toContain("winter speed limits, rush-hour traffic");
  }, 60_000);

  it("POST /api/route: the drive, and door to door only when asked, under the profile asked for", async () => {
    const body = { from: { lon: 23.761, lat: 61.4978 }, to: { lon: 23.8584, lat: 61.4503 } };
    const drive = await call(api, "/api/route", { body });
    expect(drive.status, drive.text).toBe(200);
    check("/api/route", "post", 200, "application/json", drive.body);
    expect(drive.body.door_to_door).toBeUndefined();
    const router = new Router(ws.parts.graph, ws.parts.snapIndex);
    const [a, b] = [router.place("from", 23.761, 61.4978), router.place("to", 23.8584, 61.4503)];
    const trip = router.route(a, b, "car")!;
    expect(drive.body.seconds).toBe(Math.round(trip.timeDs / 10));
    const d2d = await call(api, "/api/route?profile=car-rush", { body: { ...body, door_to_door: true } });
    expect(d2d.status, d2d.text).toBe(200);
    check("/api/route", "post", 200, "application/json", d2d.body);
    expect(d2d.body.profile).toBe("car-rush");
    expect(d2d.body.door_to_door).toEqual(doorToDoorJson(router.route(a, b, "car-rush")!.timeDs, a, b));
    // Tampere is outside Helsinki's inner city: 135 m to and from the car at each end.
    expect(d2d.body.door_to_door.walk_min).toBeCloseTo((a.snap.distanceM + 135 + 135 + b.snap.distanceM) / 70, 1);
    expect(d2d.body.seconds).toBeGreaterThan(drive.body.seconds);
    expectProblem(await call(api, "/api/route", { body: { from: { lon: 23.5, lat: 61.3 }, to: body.to } }), 400, "from");
    expectProblem(await call(api, "/api/route", { body: { ...body, door_to_door: "yes" } }), 400, "door_to_door");
  });

  it("refuses a profile the roads do not have, naming it", async () => {
    expectProblem(await call(api, "/api/accessibility?profile=bicycle"), 400, "profile");
    expectProblem(await call(api, "/api/scenarios/run?profile=car-summer", { body: { changes: [] } }), 400, "profile");
    // A route whose figures do not depend on it does not take it.
    expectProblem(await call(api, "/api/municipalities?profile=car-winter"), 400);
  });
});

describe("HTTP API: the road model per request (real Tampere roads)", () => {
  it("names the server's model in /healthz and gives the engine's turns figures under ?model=turns, with the note", async () => {
    const h = await call(api, "/healthz");
    expect(h.body.model).toBe("plain");
    const plain = await call(api, "/api/accessibility");
    const turns = await call(api, "/api/accessibility?model=turns");
    expect(turns.status, turns.text).toBe(200);
    check("/api/accessibility", "get", 200, "application/json", turns.body);
    expect([plain.body.model, turns.body.model]).toEqual(["plain", "turns"]);
    const want = analyse({ ...ws.figureInput, graph: ws.parts.graph, snapIndex: ws.parts.snapIndex, links: ws.inputs.links, services: ws.inputs.services.points, thresholdsMin: ws.base.thresholdsMin, model: "turns" });
    expect(turns.body.levels).toEqual(expectedRows(ws, want));
    const codes = (r: typeof turns) => r.body.notes.map((n: { code: string }) => n.code);
    expect(codes(turns)).toContain("turns-model");
    expect(codes(plain)).not.toContain("turns-model");
    // Rush hour on turns: the time-of-day note without its junction delay.
    const rush = await call(api, "/api/accessibility?model=turns&profile=car-rush");
    expect(rush.body.notes.find((n: { code: string }) => n.code === "time-of-day").params.junctionDelayS).toBeNull();
  }, 60_000);

  it("runs a scenario, a trip and a report on the model asked for", async () => {
    const closure = { changes: [{ op: "close", id: ws.inputs.services.points[0].id }] };
    const run = await call(api, "/api/scenarios/run?model=turns", { body: closure });
    expect(run.status, run.text).toBe(200);
    check("/api/scenarios/run", "post", 200, "application/json", run.body);
    expect(run.body.notes.map((n: { code: string }) => n.code)).toContain("turns-model");
    expect(run.body.figures).not.toEqual((await call(api, "/api/scenarios/run", { body: closure })).body.figures);
    const body = { from: { lon: 23.761, lat: 61.4978 }, to: { lon: 23.8584, lat: 61.4503 } };
    const trip = await call(api, "/api/route?model=turns", { body });
    expect(trip.status, trip.text).toBe(200);
    check("/api/route", "post", 200, "application/json", trip.body);
    const router = new Router(ws.parts.graph, ws.parts.snapIndex, "turns");
    expect(trip.body.model).toBe("turns");
    expect(trip.body.seconds).toBe(Math.round(router.route(router.place("from", 23.761, 61.4978), router.place("to", 23.8584, 61.4503), "car")!.timeDs / 10));
    const report = await call(api, "/api/report?format=csv&lang=en&model=turns");
    expect(report.status, report.text).toBe(200);
    expect(report.text).toContain("summer speed limits, turn costs and junction delays");
  }, 60_000);

  it("refuses a model that is not one, naming it", async () => {
    const bad = await call(api, "/api/accessibility?model=bends");
    expectProblem(bad, 400, "model");
    expect(bad.body.detail).toContain('"bends"');
    expectProblem(await call(api, "/api/scenarios/run?model=TURNS", { body: { changes: [] } }), 400, "model");
    expectProblem(await call(api, "/api/grid?model=", {}), 400, "model");
  });
});
