// Stored scenarios over real HTTP on loopback, on the central Helsinki data, with the store on
// PGlite (always) and PostgreSQL (when PALVELUVERKKO_TEST_DATABASE_URL is set): create, list, get,
// run, diff, update and delete; a scenario saved through the API is there after the server and the
// store are closed and opened again; every bad input is a problem naming the field, and writes
// nothing. Replies are checked against the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study } from "../../study/index.ts";
import { openStore, type Store, type StoreOptions } from "../../data/store/index.ts";
import { serviceSetFromPoints } from "../../data/services/index.ts";
import { call, documentChecker, expectProblem, startApi, type Answer, type Api, openHelsinkiWorkspace } from "../fixtures/http.ts";
import { BACK_ENDS } from "../fixtures/store.ts";

const THRESHOLDS = "5,10,15";

let ws: Study;

beforeAll(async () => {
  ws = await openHelsinkiWorkspace();
}, 60_000);

for (const backEnd of BACK_ENDS) {
  describe.skipIf(backEnd.skip !== null)(`HTTP API: stored scenarios on ${backEnd.name}${backEnd.skip ? ` (skipped: ${backEnd.skip})` : ""}`, () => {
    let target: StoreOptions;
    let store: Store;
    let api: Api;
    let check: ReturnType<typeof documentChecker>;

    /** A call whose reply must have this status and match the document (problem+json for problems). */
    async function expectReply(path: string, template: string, init: Parameters<typeof call>[2], status: number): Promise<Answer> {
      const a = await call(api, path, init);
      expect(a.status, a.text).toBe(status);
      const method = (init?.method ?? (init?.body === undefined ? "GET" : "POST")).toLowerCase();
      if (status !== 204) check(template, method, status, status >= 400 ? "application/problem+json" : "application/json", a.body);
      return a;
    }

    const start = async () => {
      store = await openStore(target);
      api = await startApi({ workspace: ws, store });
    };
    const stop = async () => {
      await api?.close();
      await store?.close();
    };

    beforeAll(async () => {
      target = backEnd.fresh();
      await start();
      check = documentChecker((await call(api, "/api/openapi.json")).body);
    }, 60_000);

    afterAll(async () => {
      await stop();
      await backEnd.cleanup();
    });

    it("stores names however their letters were typed in Unicode NFC (a decomposed ä is the composed one)", async () => {
      const decomposed = "Ma\u0308ntsa\u0308la\u0308n terveysasema suljetaan";
      const composed = decomposed.normalize("NFC");
      expect(decomposed).not.toBe(composed);
      const created = await expectReply("/api/scenarios", "/api/scenarios", { body: { id: "nfc-name", name: decomposed, changes: [] } }, 201);
      expect(created.body.name).toBe(composed);
      expect((await expectReply("/api/scenarios/nfc-name", "/api/scenarios/{id}", {}, 200)).body.name).toBe(composed);
      await expectReply("/api/scenarios/nfc-name", "/api/scenarios/{id}", { method: "DELETE" }, 204);
    });

    it("creates, lists, gets, runs, diffs, updates and deletes a scenario", async () => {
      const changes = [{ op: "close", id: "kamppi" }];
      const created = await expectReply("/api/scenarios", "/api/scenarios", { body: { id: "close-kamppi", name: "Kamppi closes", changes } }, 201);
      expect(created.headers.get("location")).toBe("/api/scenarios/close-kamppi");
      expect(created.body).toMatchObject({ id: "close-kamppi", name: "Kamppi closes", region: "uusimaa", base: ws.inputs.services.id, changes, runnable: true });
      const unnamed = await expectReply("/api/scenarios", "/api/scenarios", { body: { name: "No id given", changes: [], region: "uusimaa", base: ws.inputs.services.id } }, 201);
      expect(unnamed.body.id).toMatch(/^[0-9a-f-]{36}$/);

      const list = (await expectReply("/api/scenarios", "/api/scenarios", {}, 200)).body.scenarios;
      expect(list.map((s: { id: string; changes: number }) => [s.id, s.changes])).toEqual([["close-kamppi", 1], [unnamed.body.id, 0]]);
      expect((await expectReply("/api/scenarios?region=lappi", "/api/scenarios", {}, 200)).body.scenarios).toEqual([]);
      expect((await expectReply("/api/scenarios/close-kamppi", "/api/scenarios/{id}", {}, 200)).body).toEqual(created.body);

      // A stored run gives what the unsaved run of the same changes gives.
      const run = (await expectReply(`/api/scenarios/close-kamppi/run?thresholds=${THRESHOLDS}`, "/api/scenarios/{id}/run", { method: "POST" }, 200)).body;
      const direct = await call(api, "/api/scenarios/run", { body: { changes, thresholds: THRESHOLDS.split(",").map(Number) } });
      const { scenario, ...rest } = run;
      expect(scenario).toEqual({ id: "close-kamppi", name: "Kamppi closes", updated_at: created.body.updated_at });
      expect(rest).toEqual(direct.body);
      expect(run.diff.L[0].worse).toBeGreaterThan(0);
      const diff = (await expectReply(`/api/scenarios/close-kamppi/diff?thresholds=${THRESHOLDS}`, "/api/scenarios/{id}/diff", {}, 200)).body;
      expect(diff.diff).toEqual(run.diff);
      expect(diff.figures).toBeUndefined();

      const updated = await expectReply("/api/scenarios/close-kamppi", "/api/scenarios/{id}", { method: "PUT", body: { name: "Kamppi moves", changes: [{ op: "move", id: "kamppi", lon: 24.935, lat: 60.17 }] } }, 200);
      expect(updated.body).toMatchObject({ id: "close-kamppi", name: "Kamppi moves", created_at: created.body.created_at });
      expect((await call(api, "/api/scenarios/close-kamppi")).body).toEqual(updated.body);

      const deleted = await expectReply("/api/scenarios/close-kamppi", "/api/scenarios/{id}", { method: "DELETE" }, 204);
      expect(deleted.text).toBe("");
      expectProblem(await expectReply("/api/scenarios/close-kamppi", "/api/scenarios/{id}", {}, 404), 404, "id");
      expectProblem(await expectReply("/api/scenarios/close-kamppi", "/api/scenarios/{id}", { method: "DELETE" }, 404), 404, "id");
      await call(api, `/api/scenarios/${unnamed.body.id}`, { method: "DELETE" });
    });

    it("still has a scenario saved through the API after the server and the store restart", async () => {
      const body = { id: "survivor", name: "Survives a restart", changes: [{ op: "relevel", id: "kamppi", level: "A" }, { op: "add", point: { id: "katajanokka", name_fi: "Katajanokka", municipality: "091", lon: 24.9665, lat: 60.168, level: "L" } }] };
      const saved = (await expectReply("/api/scenarios", "/api/scenarios", { body }, 201)).body;
      const ran = (await call(api, `/api/scenarios/survivor/run?thresholds=${THRESHOLDS}`, { method: "POST" })).body;
      await stop();
      await start();
      expect((await expectReply("/api/scenarios/survivor", "/api/scenarios/{id}", {}, 200)).body).toEqual(saved);
      expect((await call(api, `/api/scenarios/survivor/run?thresholds=${THRESHOLDS}`, { method: "POST" })).body).toEqual(ran);
    });

    it("refuses bad input with a problem naming the field, and writes nothing", async () => {
      const before = (await call(api, "/api/scenarios")).body.scenarios;
      const post = (body: unknown, status: number, field: string) => expectReply("/api/scenarios", "/api/scenarios", { body }, status).then((a) => expectProblem(a, status, field));
      await post('{"name": "x", "changes": [', 400, "body");
      await post({ changes: [] }, 400, "name");
      await post({ name: "x", changes: [{ op: "demolish", id: "kamppi" }] }, 400, "changes[0].op");
      await post({ name: "x", changes: [{ op: "close", id: "nowhere" }] }, 404, "changes[0].id");
      await post({ name: "x", changes: [{ op: "add", point: { id: "kamppi", name_fi: "x", municipality: "091", lon: 24.95, lat: 60.17, level: "L" } }] }, 400, "changes[0].point.id");
      await post({ name: "x", changes: [], region: "lappi" }, 400, "region");
      await post({ name: "x", changes: [], base: "another-set" }, 400, "base");
      await post({ name: "x", changes: [], services: "points.csv" }, 400, "services");
      await post({ id: "no spaces", name: "x", changes: [] }, 400, "id");
      await post({ id: "run", name: "x", changes: [] }, 400, "id");
      expect((await call(api, "/api/scenarios")).body.scenarios).toEqual(before);

      await expectReply("/api/scenarios", "/api/scenarios", { body: { id: "taken", name: "First", changes: [] } }, 201);
      await post({ id: "taken", name: "Second", changes: [] }, 409, "id");
      expect((await call(api, "/api/scenarios/taken")).body.name).toBe("First");

      expectProblem(await expectReply("/api/scenarios/nowhere/run", "/api/scenarios/{id}/run", { method: "POST" }, 404), 404, "id");
      expectProblem(await expectReply("/api/scenarios/nowhere/diff", "/api/scenarios/{id}/diff", {}, 404), 404, "id");
      expectProblem(await expectReply("/api/scenarios/nowhere", "/api/scenarios/{id}", { method: "PUT", body: { name: "x", changes: [] } }, 404), 404, "id");
      expectProblem(await expectReply("/api/scenarios/a%20b", "/api/scenarios/{id}", {}, 400), 400, "id");
      expectProblem(await expectReply("/api/scenarios/taken/run?thresholds=0", "/api/scenarios/{id}/run", { method: "POST" }, 400), 400, "thresholds");
      // A path another route spells out is that route's: GET /api/scenarios/run is a 405, not scenario "run".
      const spelled = await call(api, "/api/scenarios/run");
      expectProblem(spelled, 405, "method");
      expect(spelled.headers.get("allow")).toBe("POST");
      const patch = await call(api, "/api/scenarios/taken", { method: "PATCH" });
      expectProblem(patch, 405, "method");
      expect(patch.headers.get("allow")).toBe("GET, PUT, DELETE, HEAD");
    });

    it("keeps a scenario of another base set but refuses to run it here (409)", async () => {
      const other = serviceSetFromPoints("elsewhere", ws.inputs.services.points, "a copy under another id");
      await store.saveServiceSet(other);
      await store.createScenario({ id: "foreign", name: "Made elsewhere", region: "uusimaa", base: "elsewhere", changes: [{ op: "close", id: "kamppi" }] });
      expect((await expectReply("/api/scenarios/foreign", "/api/scenarios/{id}", {}, 200)).body.runnable).toBe(false);
      expectProblem(await expectReply("/api/scenarios/foreign/run", "/api/scenarios/{id}/run", { method: "POST" }, 409), 409, "id");
    });
  });
}

describe("HTTP API: stored scenarios without a store", () => {
  it("answers 503 naming the store, and the rest of the API works", async () => {
    const api = await startApi({ workspace: ws });
    try {
      expectProblem(await call(api, "/api/scenarios"), 503, "store");
      expectProblem(await call(api, "/api/scenarios", { body: { name: "x", changes: [] } }), 503, "store");
      expect((await call(api, "/healthz")).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
