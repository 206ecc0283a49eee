// Door to door on the app's cell query (POST /api/cells/at with door_to_door: true), over real HTTP
// on the real central Helsinki extract with the example set (Kamppi's health station, L; the
// Kirurginen hospital, E): per level the reply names the nearest point, which is nearest by the
// router's own trips to every point of the set, and reads the drive to it exactly as the CLI's
// `route --door-to-door` does: the drive from the cell's centre (the very time the cell's minutes
// count) less its two connectors, plus the walks at 70 m/min (the stretches to the road, and 180 m
// to and from the car in the inner city), plus the 0.42 min parking search, computed here by hand
// as well. The door-to-door note comes with it, the same note POST /api/route gives; without the
// flag nothing changes; with a scenario the scenario's points are the ones read; on the turns model
// the drive is the turns model's. (On foot: http-modes.test.ts, a 400 naming door_to_door.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Router, cellCentreLonLat, inInnerCity, offers, type Place, type ServiceLevel } from "../../engine/index.ts";
import { doorToDoorJson, doorToDoorSeconds, type Study } from "../../study/index.ts";
import { call, documentChecker, openHelsinkiWorkspace, startApi, type Api } from "../fixtures/http.ts";

let ws: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;

/** A populated block of Kamppi, west of the health station (as the app's cell test clicks). */
const SPOT = { lon: 24.9262, lat: 60.1672 };
const LEVELS: ServiceLevel[] = ["L", "A", "E"];

beforeAll(async () => {
  ws = await openHelsinkiWorkspace();
  api = await startApi({ workspace: ws, log: () => {} });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 120_000);

afterAll(() => api?.close());

/** The cell's centre and each open point of the set as the router places them, on the plain or turns model. */
function places(study: Study, cell: number, model: "plain" | "turns" = "plain") {
  const router = new Router(study.parts.graph, study.parts.snapIndex, model);
  const [lon, lat] = cellCentreLonLat(study.inputs.grid, cell);
  const from = router.place("cell", lon, lat);
  const points = study.inputs.services.points.filter((p) => p.open).map((p) => ({ point: p, place: router.place(p.id, p.lon, p.lat, study.maxSnapM) }));
  return { router, from, points };
}

/** Door to door by hand from the matrix's rules: the drive between the roads, walks at 70 m/min, 0.42 min parking. */
function byHand(driveDs: number, a: Place, b: Place): number {
  const toCar = (p: Place) => (inInnerCity(p.lon, p.lat) ? 180 : 135);
  const driveMin = (driveDs - a.connectorDs - b.connectorDs) / 600;
  const walkMin = (a.snap.distanceM + toCar(a) + toCar(b) + b.snap.distanceM) / 70;
  return Math.round((driveMin + walkMin + 0.42) * 60);
}

describe("HTTP API: door to door on a cell (real central Helsinki)", () => {
  it("names each level's nearest point and reads the drive to it door to door as doorToDoorSeconds does: drive + walks + parking", async () => {
    const r = await call(api, "/api/cells/at", { body: { ...SPOT, door_to_door: true } });
    expect(r.status, r.text).toBe(200);
    check("/api/cells/at", "post", 200, "application/json", r.body);
    const { router, from, points } = places(ws, r.body.cell);
    expect(inInnerCity(from.lon, from.lat)).toBe(true); // Kamppi: 180 m to and from the car
    expect(r.body.door_to_door.L.point).toEqual({ id: "kamppi", name: { fi: "Kampin terveysasema", sv: "Kampens hälsostation" } });
    expect(r.body.door_to_door.E.point.id).toBe("kirurginen");
    for (const level of LEVELS) {
      const d = r.body.door_to_door[level];
      const to = points.find((p) => p.point.id === d.point.id)!;
      const trip = router.route(from, to.place, "car")!;
      // Nearest by drive time: no other point offering the level is reached sooner.
      for (const other of points.filter((p) => offers(p.point.level, level))) expect(router.route(from, other.place, "car")!.timeDs).toBeGreaterThanOrEqual(trip.timeDs);
      // The drive is the one the cell's minutes count, and the reading is the CLI's, to the second.
      expect(d.drive_seconds).toBe(Math.round(trip.timeDs / 10));
      expect(r.body.minutes[level]).toBe(Math.round(trip.timeDs / 60) / 10);
      expect(d.seconds).toBe(doorToDoorSeconds(trip.timeDs, from, to.place));
      expect(d.seconds).toBe(byHand(trip.timeDs, from, to.place));
      expect(d).toEqual({ point: d.point, seconds: d.seconds, drive_seconds: d.drive_seconds, ...doorToDoorJson(trip.timeDs, from, to.place) });
      expect(d.seconds).toBeGreaterThan(d.drive_seconds + 6 * 60); // 360 m of walking to and from the car alone is over 5 min
    }
    // The note says what door to door counts: the same note as the trip's.
    const trip = await call(api, "/api/route", { body: { from: SPOT, to: { lon: 24.9305, lat: 60.168 }, door_to_door: true } });
    const note = trip.body.notes.find((n: { code: string }) => n.code === "door-to-door");
    expect(note.text.en).toMatch(/^Door-to-door times are counted, for comparison, as the Helsinki Region Travel Time Matrix counts a car trip .*\(180 m in Helsinki's inner city, 135 m elsewhere\) at 70 m\/min, and 0.42 min to find a parking place/);
    expect(note.text.fi).toMatch(/Ovelta ovelle -ajat .* 0,42 min pysäköintipaikan etsimiseen/);
    expect(r.body.notes).toEqual([note]);
    // Drive times unless asked.
    const plain = await call(api, "/api/cells/at", { body: SPOT });
    expect(plain.body.door_to_door).toBeUndefined();
    expect(plain.body.notes).toBeUndefined();
    expect(plain.body.minutes).toEqual(r.body.minutes);
    expect((await call(api, "/api/route", { body: { from: SPOT, to: { lon: 24.9305, lat: 60.168 } } })).body.notes.map((n: { code: string }) => n.code)).not.toContain("door-to-door");
  });

  it("reads the scenario's points with changes: Kamppi closed, the hospital is the nearest L", async () => {
    const r = await call(api, "/api/cells/at", { body: { ...SPOT, changes: [{ op: "close", id: "kamppi" }], door_to_door: true } });
    expect(r.status, r.text).toBe(200);
    check("/api/cells/at", "post", 200, "application/json", r.body);
    expect(r.body.door_to_door.L.point.id).toBe("kirurginen");
    expect(r.body.door_to_door.L).toEqual(r.body.door_to_door.E);
    expect(r.body.minutes.L).toBe(Math.round(r.body.door_to_door.L.drive_seconds / 6) / 10);
    expect(r.body.base_minutes.L).toBeLessThan(r.body.minutes.L);
  });

  it("on the turns model the drive is the turns model's: the cell's turns minutes, read door to door the same way", async () => {
    const r = await call(api, "/api/cells/at?model=turns", { body: { ...SPOT, door_to_door: true } });
    expect(r.status, r.text).toBe(200);
    const plain = await call(api, "/api/cells/at", { body: { ...SPOT, door_to_door: true } });
    const turns = ws.under({ model: "turns" });
    const { router, from, points } = places(turns, r.body.cell, "turns");
    for (const level of LEVELS) {
      const d = r.body.door_to_door[level];
      const to = points.find((p) => p.point.id === d.point.id)!;
      const trip = router.route(from, to.place, "car")!;
      expect(d.drive_seconds).toBe(Math.round(trip.timeDs / 10));
      expect(r.body.minutes[level]).toBe(Math.round(trip.timeDs / 60) / 10);
      expect(d.seconds).toBe(doorToDoorSeconds(trip.timeDs, from, to.place));
      expect(d.seconds).toBeGreaterThanOrEqual(plain.body.door_to_door[level].seconds);
    }
    expect(r.body.notes.map((n: { code: string }) => n.code)).toEqual(["door-to-door"]);
  });
});
