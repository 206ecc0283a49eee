// Stored service sets over real HTTP on loopback, on the central Helsinki data, with the store on
// PGlite (always) and PostgreSQL (when PALVELUVERKKO_TEST_DATABASE_URL is set): import a CSV or
// GeoJSON file as a set, list, get (JSON and GeoJSON, which imports back to the same set), replace,
// edit a point, delete, and run a set against the base. A run equals POST /api/scenarios/run of the
// changes written here by hand, and analyse on the set's own points. Every bad input is a problem
// naming the field and writes nothing; a write failing between its statements leaves the set as it
// was. Replies are checked against the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study } from "../../study/index.ts";
import { openStore, type Store, type StoreOptions } from "../../data/store/index.ts";
import { analyse, type AnalysisResult } from "../../engine/analysis.ts";
import { ConflictError, NotFoundError } from "../../engine/errors.ts";
import { LEVELS, type ServicePoint } from "../../engine/services.ts";
import { rejection } from "../fixtures/errors.ts";
import { call, documentChecker, expectProblem, startApi, type Answer, type Api, openHelsinkiWorkspace , coverageOf, expectedRows } from "../fixtures/http.ts";
import { BACK_ENDS } from "../fixtures/store.ts";

const THRESHOLDS = [5, 10, 15];
const CSV_HEADER = "id,name_fi,name_sv,municipality,lon,lat,level,open";

/**
 * The base set is kirurginen (E, 24.9486 60.1628) and kamppi (L, 24.9305 60.168). "North" drops
 * kirurginen, moves kamppi and makes it A, and adds two points, one of them closed.
 */
const NORTH_CSV = [
  CSV_HEADER,
  "kamppi,Kampin terveysasema,Kampens hälsostation,091,24.935,60.17,A,true",
  "katajanokka,Katajanokan asema,Skatuddens station,091,24.9665,60.168,L,true",
  "suljettu,Suljettu asema,Stängd station,091,24.95,60.175,E,false",
].join("\n");

/** The changes that turn the base into North, written out: what the run must equal. */
const NORTH_CHANGES = [
  { op: "close", id: "kirurginen" },
  { op: "move", id: "kamppi", lon: 24.935, lat: 60.17 },
  { op: "relevel", id: "kamppi", level: "A" },
  { op: "add", point: { id: "katajanokka", name_fi: "Katajanokan asema", name_sv: "Skatuddens station", municipality: "091", lon: 24.9665, lat: 60.168, level: "L", open: true } },
  { op: "add", point: { id: "suljettu", name_fi: "Suljettu asema", name_sv: "Stängd station", municipality: "091", lon: 24.95, lat: 60.175, level: "E", open: false } },
];


let ws: Study;

beforeAll(async () => {
  ws = await openHelsinkiWorkspace();
}, 60_000);

/** analyse on the workspace's own inputs with other points. */
function engine(points: readonly ServicePoint[]): AnalysisResult {
  return analyse({ ...ws.figureInput, graph: ws.parts.graph, snapIndex: ws.parts.snapIndex, links: ws.inputs.links, services: points, thresholdsMin: THRESHOLDS });
}


/** A stored set's points as the engine has them. */
const enginePoints = (points: { id: string; name: { fi: string; sv: string }; municipality: string; lon: number; lat: number; level: ServicePoint["level"]; open: boolean }[]): ServicePoint[] => points.map((p) => ({ ...p }));

for (const backEnd of BACK_ENDS) {
  describe.skipIf(backEnd.skip !== null)(`HTTP API: stored service sets on ${backEnd.name}${backEnd.skip ? ` (skipped: ${backEnd.skip})` : ""}`, () => {
    let store: Store;
    let target: StoreOptions;
    let api: Api;
    let check: ReturnType<typeof documentChecker>;

    /** A call whose reply must have this status and match the document (problem+json for problems). */
    async function expectReply(path: string, template: string, init: Parameters<typeof call>[2], status: number, mediaType = "application/json"): Promise<Answer> {
      const a = await call(api, path, init);
      expect(a.status, a.text).toBe(status);
      const method = (init?.method ?? (init?.body === undefined ? "GET" : "POST")).toLowerCase();
      if (status !== 204) check(template, method, status, status >= 400 ? "application/problem+json" : mediaType, a.body);
      return a;
    }
    const csv = (text: string) => ({ body: text, type: "text/csv" });
    const sets = async () => (await call(api, "/api/service-sets")).body.service_sets;

    beforeAll(async () => {
      target = backEnd.fresh();
      store = await openStore(target);
      api = await startApi({ workspace: ws, store });
      check = documentChecker((await call(api, "/api/openapi.json")).body);
    }, 60_000);

    afterAll(async () => {
      await api?.close();
      await store?.close();
      await backEnd.cleanup();
    });

    it("imports a CSV as a set, lists it, gives it back as JSON and as GeoJSON that imports to the same set", async () => {
      const created = await expectReply("/api/service-sets?id=north&name=Pohjoinen&name_sv=Norra&source=test%20file", "/api/service-sets", csv(NORTH_CSV), 201);
      expect(created.headers.get("location")).toBe("/api/service-sets/north");
      expect(created.body.set).toEqual({ id: "north", name: { fi: "Pohjoinen", sv: "Norra", en: "Pohjoinen" }, source: "test file", created_at: expect.any(String), updated_at: created.body.set.created_at, base: false });
      const checked = (await call(api, "/api/service-points/check", csv(NORTH_CSV))).body;
      expect(created.body.points).toEqual(checked.points);

      expect((await expectReply("/api/service-sets/north", "/api/service-sets/{id}", {}, 200)).body).toEqual(created.body);
      expect(await sets()).toEqual([{ id: "north", name: created.body.set.name, source: "test file", updated_at: created.body.set.updated_at, base: false, points: 3 }]);
      await expectReply("/api/service-sets", "/api/service-sets", {}, 200);

      const geo = await expectReply("/api/service-sets/north?format=geojson", "/api/service-sets/{id}", {}, 200, "application/geo+json");
      expect(geo.headers.get("content-type")).toMatch(/^application\/geo\+json/);
      expect(geo.body.palveluverkko.set).toEqual(created.body.set);
      const copy = await expectReply("/api/service-sets?id=north-copy", "/api/service-sets", { body: geo.text, type: "application/geo+json" }, 201);
      expect(copy.body.points).toEqual(created.body.points);
      expect(copy.body.set).toMatchObject({ name: { fi: "north-copy", sv: "north-copy", en: "north-copy" }, source: "upload (GeoJSON)" });
    });

    it("replaces a set whole with PUT (created, unchanged, replaced) and refuses a taken id on POST (409)", async () => {
      const before = (await call(api, "/api/service-sets/north")).body;
      expectProblem(await expectReply("/api/service-sets?id=north", "/api/service-sets", csv(NORTH_CSV), 409), 409, "id");
      const same = await expectReply("/api/service-sets/north?name=Pohjoinen&name_sv=Norra&source=test%20file", "/api/service-sets/{id}", { method: "PUT", ...csv(NORTH_CSV) }, 200);
      expect(same.body).toEqual({ saved: "unchanged", ...before });
      const fewer = NORTH_CSV.split("\n").slice(0, 3).join("\n");
      const replaced = await expectReply("/api/service-sets/scratch", "/api/service-sets/{id}", { method: "PUT", ...csv(fewer) }, 200);
      expect(replaced.body.saved).toBe("created");
      const again = await expectReply("/api/service-sets/scratch", "/api/service-sets/{id}", { method: "PUT", ...csv(NORTH_CSV) }, 200);
      expect([again.body.saved, again.body.points.length, again.body.set.created_at]).toEqual(["replaced", 3, replaced.body.set.created_at]);
      expect(again.body.set.updated_at >= replaced.body.set.updated_at).toBe(true);
      expect((await call(api, "/api/service-sets/north")).body).toEqual(before);
    });

    it("runs a set as the changes that turn the base into it: POST /api/scenarios/run's reply, and analyse on the set's points", async () => {
      const run = await expectReply(`/api/service-sets/north/run?thresholds=${THRESHOLDS.join(",")}`, "/api/service-sets/{id}/run", { method: "POST" }, 200);
      const direct = await call(api, "/api/scenarios/run", { body: { changes: NORTH_CHANGES, thresholds: THRESHOLDS } });
      expect(direct.status, direct.text).toBe(200);
      const { service_set, ...rest } = run.body;
      const stored = (await call(api, "/api/service-sets/north")).body;
      expect(service_set).toEqual({ id: "north", name: stored.set.name, updated_at: stored.set.updated_at });
      expect(rest).toEqual(direct.body);
      expect(rest.changes).toBe(NORTH_CHANGES.length);
      expect(rest.figures).toEqual(expectedRows(ws, engine(enginePoints(stored.points))));
      expect(rest.changed_points).toEqual(["kirurginen", "kamppi", "katajanokka", "suljettu"]);
      expect(rest.diff.E[1].worse).toBeGreaterThan(0); // the only E point is gone

      // The base set itself, stored under another id, is no change at all.
      const baseCsv = [CSV_HEADER, ...ws.inputs.services.points.map((p) => [p.id, p.name.fi, p.name.sv, p.municipality, p.lon, p.lat, p.level, p.open].join(","))].join("\n");
      await expectReply("/api/service-sets?id=base-copy", "/api/service-sets", csv(baseCsv), 201);
      const none = (await expectReply("/api/service-sets/base-copy/run?thresholds=5", "/api/service-sets/{id}/run", { method: "POST" }, 200)).body;
      expect([none.changes, none.changed_points, none.diff.L.map((r: { changed: number }) => r.changed)]).toEqual([0, [], [0, 0]]);
      await call(api, "/api/service-sets/base-copy", { method: "DELETE" });
    });

    it("edits one point at a time; the run follows the edit, and the set's version changes only when something did", async () => {
      const before = (await call(api, "/api/service-sets/north")).body;
      const edited = await expectReply("/api/service-sets/north/points/katajanokka", "/api/service-sets/{id}/points/{pointId}", { method: "PUT", body: { level: "E", name_sv: "Skatudden" } }, 200);
      expect(edited.body.point).toEqual({ ...before.points[1], level: "E", name: { fi: "Katajanokan asema", sv: "Skatudden" } });
      expect(edited.body.set.updated_at > before.set.updated_at).toBe(true);
      const after = (await call(api, "/api/service-sets/north")).body;
      expect(after.points).toEqual([before.points[0], edited.body.point, before.points[2]]);
      expect(after.set).toEqual(edited.body.set);

      // Two edits of one set at once: both land, and the set still reads as what it holds.
      await Promise.all([
        call(api, "/api/service-sets/north/points/suljettu", { method: "PUT", body: { open: true, lon: 24.951, lat: 60.176 } }),
        call(api, "/api/service-sets/north/points/kamppi", { method: "PUT", body: { level: "L" } }),
      ]);
      const both = (await call(api, "/api/service-sets/north")).body;
      expect(both.points.map((p: ServicePoint) => [p.id, p.level, p.open, p.lon, p.lat])).toEqual([["kamppi", "L", true, 24.935, 60.17], ["katajanokka", "E", true, 24.9665, 60.168], ["suljettu", "E", true, 24.951, 60.176]]);
      // The stored content hash follows the edits: writing what the set now holds changes nothing.
      const geo = (await call(api, "/api/service-sets/north?format=geojson")).text;
      expect((await call(api, "/api/service-sets/north?name=Pohjoinen&name_sv=Norra&source=test%20file", { method: "PUT", body: geo, type: "application/geo+json" })).body.saved).toBe("unchanged");
      // An edit to what the point already is writes nothing.
      const noop = await call(api, "/api/service-sets/north/points/kamppi", { method: "PUT", body: { level: "L" } });
      expect(noop.body.set.updated_at).toBe(both.set.updated_at);

      const run = (await call(api, `/api/service-sets/north/run?thresholds=${THRESHOLDS.join(",")}`, { method: "POST" })).body;
      const changes = [
        { op: "close", id: "kirurginen" },
        { op: "move", id: "kamppi", lon: 24.935, lat: 60.17 },
        { op: "add", point: { ...NORTH_CHANGES[3].point, level: "E", name_sv: "Skatudden" } },
        { op: "add", point: { ...NORTH_CHANGES[4].point, lon: 24.951, lat: 60.176, open: true } },
      ];
      const direct = (await call(api, "/api/scenarios/run", { body: { changes, thresholds: THRESHOLDS } })).body;
      const { service_set: _s, ...rest } = run;
      expect(rest).toEqual(direct);
      expect(rest.figures).toEqual(expectedRows(ws, engine(enginePoints(both.points))));
    });

    it("refuses bad edits with a problem naming the field, and writes nothing", async () => {
      const before = (await call(api, "/api/service-sets/north")).body;
      const put = (path: string, body: unknown, status: number, field: string) =>
        expectReply(path, "/api/service-sets/{id}/points/{pointId}", { method: "PUT", body }, status).then((a) => expectProblem(a, status, field));
      await put("/api/service-sets/north/points/kamppi", {}, 400, "body");
      await put("/api/service-sets/north/points/kamppi", { lon: 24.9 }, 400, "lat");
      await put("/api/service-sets/north/points/kamppi", { level: "X" }, 400, "level");
      await put("/api/service-sets/north/points/kamppi", { lon: 200, lat: 60 }, 400, "lon");
      await put("/api/service-sets/north/points/kamppi", { lon: 18.07, lat: 59.33 }, 400, "lon"); // Stockholm: outside Finland
      await put("/api/service-sets/north/points/kamppi", { lon: 24.9, lat: 71.2 }, 400, "lat");
      await put("/api/service-sets/north/points/kamppi", { name_fi: " " }, 400, "name_fi");
      await put("/api/service-sets/north/points/kamppi", { name_sv: "a\u0000b" }, 400, "name_sv");
      await put("/api/service-sets/north/points/%00", { open: false }, 400, "pointId");
      await put("/api/service-sets/north/points/kamppi", { id: "renamed" }, 400, "id");
      await put("/api/service-sets/north/points/kamppi", { municipality: "092" }, 400, "municipality");
      await put("/api/service-sets/north/points/nowhere", { open: false }, 404, "pointId");
      await put("/api/service-sets/nowhere/points/kamppi", { open: false }, 404, "id");
      expectProblem(await call(api, "/api/service-sets/north/points/kamppi", { method: "PUT", body: "level=L", type: "text/plain" }), 415, "content-type");
      expect((await call(api, "/api/service-sets/north")).body).toEqual(before);
    });

    it("refuses bad files listing every bad row, and bad ids and parameters, and saves nothing", async () => {
      const before = await sets();
      const bad = [CSV_HEADER, "a,A,,091,24.93,60.17,L,true", "b,B,,091,nan,60.17,L,true", "c,C,,91x,24.93,60.17,Q,true", "a,D,,091,24.94,60.17,L,true", "d,D,,091,24.94,60.17,L,maybe"].join("\n");
      const listed = await expectReply("/api/service-sets?id=bad", "/api/service-sets", csv(bad), 400);
      expectProblem(listed, 400);
      const checked = await call(api, "/api/service-points/check", csv(bad));
      expect(listed.body.errors).toEqual(checked.body.errors);
      expect(listed.body.errors.map((e: { where: string; field: string }) => `${e.where} ${e.field}`)).toEqual(expect.arrayContaining(["line 3 lon", "line 4 municipality", "line 4 level", "line 5 id", "line 6 open"]));
      const post = (path: string, init: Parameters<typeof call>[2], status: number, field: string) => expectReply(path, "/api/service-sets", init, status).then((a) => expectProblem(a, status, field));
      await post("/api/service-sets", csv(NORTH_CSV), 400, "id");
      await post("/api/service-sets?id=a%20b", csv(NORTH_CSV), 400, "id");
      await post("/api/service-sets?id=ok&colour=red", csv(NORTH_CSV), 400, "colour");
      await post(`/api/service-sets?id=ok&name=${"x".repeat(301)}`, csv(NORTH_CSV), 400, "name");
      await post("/api/service-sets?id=ok", csv(""), 400, "body");
      await post("/api/service-sets?id=ok", { body: "{}", type: "application/geo+json" }, 400, "geojson");
      await post("/api/service-sets?id=ok", { body: NORTH_CSV, type: "text/plain" }, 415, "content-type");
      expectProblem(await expectReply("/api/service-sets/a%20b", "/api/service-sets/{id}", { method: "PUT", ...csv(NORTH_CSV) }, 400), 400, "id");
      expectProblem(await expectReply("/api/service-sets/nowhere", "/api/service-sets/{id}", {}, 404), 404, "id");
      // PostgreSQL text cannot hold NUL: such an id is a 400 on every route, never a database error.
      expectProblem(await expectReply("/api/service-sets/a%00b", "/api/service-sets/{id}", {}, 400), 400, "id");
      expectProblem(await expectReply("/api/service-sets/a%00b", "/api/service-sets/{id}", { method: "DELETE" }, 400), 400, "id");
      expectProblem(await expectReply("/api/service-sets/a%00b/run", "/api/service-sets/{id}/run", { method: "POST" }, 400), 400, "id");
      const nul = [CSV_HEADER, "a,A\u0000,,091,24.93,60.17,L,true"].join("\n");
      expectProblem(await expectReply("/api/service-sets?id=nul", "/api/service-sets", csv(nul), 400), 400);
      expectProblem(await expectReply("/api/service-sets/north?format=kml", "/api/service-sets/{id}", {}, 400), 400, "format");
      expectProblem(await expectReply("/api/service-sets/nowhere/run", "/api/service-sets/{id}/run", { method: "POST" }, 404), 404, "id");
      expectProblem(await expectReply("/api/service-sets/north/run?thresholds=0", "/api/service-sets/{id}/run", { method: "POST" }, 400), 400, "thresholds");
      expectProblem(await expectReply("/api/service-sets/north/run?per=unit", "/api/service-sets/{id}/run", { method: "POST" }, 400), 400, "per");
      expect(await sets()).toEqual(before);
    });

    it("runs a set with up to 100 new places, and refuses one with more (400 naming points)", async () => {
      const rows = (n: number) => [CSV_HEADER, ...Array.from({ length: n }, (_, i) => `n${i},Uusi ${i},Ny ${i},091,${(24.93 + (i % 10) * 0.003).toFixed(4)},${(60.16 + Math.floor(i / 10) * 0.0015).toFixed(4)},L,true`)].join("\n");
      await expectReply("/api/service-sets?id=hundred", "/api/service-sets", csv(rows(100)), 201);
      const ok = (await expectReply("/api/service-sets/hundred/run?thresholds=5", "/api/service-sets/{id}/run", { method: "POST" }, 200)).body;
      expect(ok.changes).toBe(102); // the two base points closed, 100 added
      await expectReply("/api/service-sets?id=too-many", "/api/service-sets", csv(rows(101)), 201);
      const refused = await expectReply("/api/service-sets/too-many/run", "/api/service-sets/{id}/run", { method: "POST" }, 400);
      expectProblem(refused, 400, "points");
      expect([refused.body.value, refused.body.detail]).toEqual([101, expect.stringMatching(/101 places.*at most 100/)]);
    });

    it("deletes a set, but not one a stored scenario is based on, nor the server's base set (409)", async () => {
      await expectReply("/api/service-sets/north-copy", "/api/service-sets/{id}", { method: "DELETE" }, 204);
      expectProblem(await expectReply("/api/service-sets/north-copy", "/api/service-sets/{id}", {}, 404), 404, "id");
      expectProblem(await expectReply("/api/service-sets/north-copy", "/api/service-sets/{id}", { method: "DELETE" }, 404), 404, "id");
      // A stored scenario saves the server's base set in the store: it is listed, readable, and read-only here.
      await call(api, "/api/scenarios", { body: { id: "on-base", name: "On the base", changes: [] } });
      const baseId = ws.inputs.services.id;
      expect((await sets()).find((s: { id: string }) => s.id === baseId)).toMatchObject({ base: true, points: 2 });
      expect((await call(api, `/api/service-sets/${encodeURIComponent(baseId)}`)).body.points.map((p: ServicePoint) => p.id)).toEqual(["kirurginen", "kamppi"]);
      expectProblem(await expectReply(`/api/service-sets/${encodeURIComponent(baseId)}`, "/api/service-sets/{id}", { method: "DELETE" }, 409), 409, "id");
      expectProblem(await expectReply(`/api/service-sets/${encodeURIComponent(baseId)}/points/kamppi`, "/api/service-sets/{id}/points/{pointId}", { method: "PUT", body: { open: false } }, 409), 409, "id");
      // A set some scenario is based on stays until the scenario goes.
      await store.createScenario({ id: "on-north", name: "On North", region: "uusimaa", base: "north", changes: [{ op: "close", id: "kamppi" }] });
      const inUse = await expectReply("/api/service-sets/north", "/api/service-sets/{id}", { method: "DELETE" }, 409);
      expectProblem(inUse, 409, "id");
      expect(inUse.body.detail).toMatch(/on-north/);
      await store.deleteScenario("on-north");
      await expectReply("/api/service-sets/scratch", "/api/service-sets/{id}", { method: "DELETE" }, 204);
    });

    it("leaves a set as it was when a write fails between its statements", async () => {
      // A trigger fails the insert or update of a point called boom, after the set's row is written.
      await store.db.exec(`
        CREATE FUNCTION test_fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = 'boom' OR NEW.name_fi = 'boom' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER test_fail_on_boom BEFORE INSERT OR UPDATE ON service_points FOR EACH ROW EXECUTE FUNCTION test_fail_on_boom();`);
      try {
        const north = await store.readServiceSet("north");
        const boom: ServicePoint = { id: "boom", name: { fi: "Boom", sv: "Boom" }, municipality: "091", lon: 24.94, lat: 60.17, level: "L", open: true };
        const listed = await store.listServiceSets();
        // A new set whose last point fails: no set, no points.
        await rejection(store.createServiceSet({ ...north.set, id: "half", points: [...north.set.points, boom] }));
        expect(await rejection(store.readServiceSet("half"))).toBeInstanceOf(NotFoundError);
        expect((await store.db.query("SELECT count(*)::int AS n FROM service_points WHERE set_id = 'half'"))[0]).toEqual({ n: 0 });
        // A replace that fails keeps the old version, points, name and times.
        await rejection(store.saveServiceSet({ ...north.set, name: { fi: "Changed", sv: "Changed", en: "Changed" }, points: [boom, ...north.set.points] }));
        expect(await store.readServiceSet("north")).toEqual(north);
        // An edit that fails keeps the point and the set's version.
        await rejection(store.editServicePoint("north", "kamppi", { name: { fi: "boom" } }));
        expect(await store.readServiceSet("north")).toEqual(north);
        expect(await store.listServiceSets()).toEqual(listed);
      } finally {
        await store.db.exec("DROP TRIGGER test_fail_on_boom ON service_points; DROP FUNCTION test_fail_on_boom()");
      }
      // And a create racing another of the same id: exactly one is saved.
      const set = (await store.readServiceSet("north")).set;
      const both = await Promise.allSettled([store.createServiceSet({ ...set, id: "race" }), store.createServiceSet({ ...set, id: "race", points: set.points.slice(1) })]);
      expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect((both.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
      await store.deleteServiceSet("race");
    });

    it("refuses the writing routes (403) on a read-only server over the same store, and reads and runs", async () => {
      const before = await sets();
      const readOnly = await startApi({ workspace: ws, store, readOnly: true });
      try {
        const refused = (path: string, init: Parameters<typeof call>[2]) => call(readOnly, path, init).then((a) => expectProblem(a, 403));
        await refused("/api/service-sets?id=x", csv(NORTH_CSV));
        await refused("/api/service-sets/north", { method: "PUT", ...csv(NORTH_CSV) });
        await refused("/api/service-sets/north/points/kamppi", { method: "PUT", body: { open: false } });
        await refused("/api/service-sets/north", { method: "DELETE" });
        expect((await call(readOnly, "/api/service-sets")).body.service_sets).toEqual(before);
        expect((await call(readOnly, "/api/service-sets/north")).body).toEqual((await call(api, "/api/service-sets/north")).body);
        const run = await call(readOnly, "/api/service-sets/north/run?thresholds=5", { method: "POST" });
        expect(run.body).toEqual((await call(api, "/api/service-sets/north/run?thresholds=5", { method: "POST" })).body);
      } finally {
        await readOnly.close();
      }
    });

    it("still has every set whole after the server and the store restart", async () => {
      const list = await sets();
      const north = (await call(api, "/api/service-sets/north")).body;
      const run = (await call(api, "/api/service-sets/north/run?thresholds=5", { method: "POST" })).body;
      await api.close();
      await store.close();
      store = await openStore(target);
      api = await startApi({ workspace: ws, store });
      expect(await sets()).toEqual(list);
      expect((await call(api, "/api/service-sets/north")).body).toEqual(north);
      expect((await call(api, "/api/service-sets/north/run?thresholds=5", { method: "POST" })).body).toEqual(run);
    });
  });
}

describe("HTTP API: stored service sets without a store", () => {
  it("answers 503 naming the store without one", async () => {
    const api = await startApi({ workspace: ws });
    try {
      expectProblem(await call(api, "/api/service-sets"), 503, "store");
      expectProblem(await call(api, "/api/service-sets?id=x", { body: NORTH_CSV, type: "text/csv" }), 503, "store");
      expectProblem(await call(api, "/api/service-sets/x/run", { method: "POST" }), 503, "store");
    } finally {
      await api.close();
    }
  });
});
