// Walking and cycling over real HTTP on loopback (?profile=walk|bike), on the real central Helsinki
// extract with its walking and cycling graphs built beside the car's: /healthz lists them, the
// figures are the walking study's own and carry the active-mode note, a trip on foot is the walking
// graph's, and the time of day or door to door on foot (a trip's or a cell's) is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study } from "../../study/index.ts";
import { importOsm } from "../../data/osm/import.ts";
import { Router } from "../../engine/index.ts";
import { call, documentChecker, expectProblem, expectedRows, startApi, type Api } from "../fixtures/http.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const OSM = sharedData("osm/helsinki-centre.osm.pbf");
let ws: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;

beforeAll(async () => {
  ws = await Study.open({ roads: { ...(await importOsm(OSM)), osm: OSM }, region: "helsinki", grouping: null, water: false, modes: ["walk", "bike"] });
  api = await startApi({ workspace: ws, log: () => {} });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 120_000);

afterAll(() => api?.close());

describe("HTTP API on foot and by bike (real central Helsinki)", () => {
  it("lists walk and bike among the profiles, the car's first", async () => {
    const h = await call(api, "/healthz");
    check("/healthz", "get", 200, "application/json", h.body);
    expect(h.body.profiles[0]).toBe("car");
    expect(h.body.profiles).toEqual(expect.arrayContaining(["walk", "bike", "car-winter", "car-rush"]));
    expect(h.body.profiles).not.toContain("walk-rush");
  });

  it("gives the walking study's figures under ?profile=walk, slower than the car's, with the note on its speeds", async () => {
    const car = await call(api, "/api/accessibility");
    const walk = await call(api, "/api/accessibility?profile=walk");
    expect(walk.status, walk.text).toBe(200);
    check("/api/accessibility", "get", 200, "application/json", walk.body);
    expect(walk.body.profile).toBe("walk");
    expect(walk.body.levels).toEqual(expectedRows(ws.under({ profile: "walk" }), ws.under({ profile: "walk" }).base));
    const all = (a: typeof car, level: string) => a.body.levels[level].find((r: { id: string }) => r.id === "all");
    expect(all(walk, "L").mean_min).toBeGreaterThan(2 * all(car, "L").mean_min);
    const note = walk.body.notes.find((n: { code: string }) => n.code === "active-mode");
    expect(note.text.fi).toMatch(/kävelyaikoja/);
    expect(car.body.notes.some((n: { code: string }) => n.code === "active-mode")).toBe(false);
    const bike = await call(api, "/api/accessibility?profile=bike");
    expect(bike.status, bike.text).toBe(200);
    expect(all(bike, "L").mean_min).toBeLessThan(all(walk, "L").mean_min);
  });

  it("POST /api/route?profile=walk is the walking graph's trip", async () => {
    const body = { from: { lon: 24.94215, lat: 60.17105 }, to: { lon: 24.95265, lat: 60.16765 } };
    const reply = await call(api, "/api/route?profile=walk", { body });
    expect(reply.status, reply.text).toBe(200);
    check("/api/route", "post", 200, "application/json", reply.body);
    const w = ws.under({ profile: "walk" });
    const router = new Router(w.parts.graph, w.parts.snapIndex);
    const trip = router.route(router.place("a", body.from.lon, body.from.lat), router.place("b", body.to.lon, body.to.lat), "walk")!;
    expect(reply.body.seconds).toBe(Math.round(trip.timeDs / 10));
    expect(reply.body.meters).toBeLessThan((await call(api, "/api/route", { body })).body.meters);
    expectProblem(await call(api, "/api/route?profile=walk", { body: { ...body, door_to_door: true } }), 400, "door_to_door");
  });

  it("refuses door to door on a cell on foot and by bike, naming door_to_door; the cell's walking minutes are there without it", async () => {
    const at = { lon: 24.9262, lat: 60.1672 };
    for (const profile of ["walk", "bike"]) expectProblem(await call(api, `/api/cells/at?profile=${profile}`, { body: { ...at, door_to_door: true } }), 400, "door_to_door");
    expectProblem(await call(api, "/api/cells/at?profile=walk", { body: { ...at, changes: [{ op: "close", id: "nowhere" }], door_to_door: true } }), 400, "door_to_door");
    const walk = await call(api, "/api/cells/at?profile=walk", { body: at });
    expect(walk.status, walk.text).toBe(200);
    expect(walk.body.minutes.L).toBeGreaterThan((await call(api, "/api/cells/at", { body: at })).body.minutes.L);
    expect((await call(api, "/api/cells/at?profile=car-winter", { body: { ...at, door_to_door: true } })).body.door_to_door.L).not.toBeNull();
  });

  it("refuses the time of day on foot, naming the profile", async () => {
    expectProblem(await call(api, "/api/accessibility?profile=walk-rush"), 400, "profile");
    expectProblem(await call(api, "/api/accessibility?profile=bike-midday"), 400, "profile");
  });
});
