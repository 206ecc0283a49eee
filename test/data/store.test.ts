// The store, the same suite on each back end: PGlite always (a directory under the run's scratch
// directory), PostgreSQL + PostGIS when PALVELUVERKKO_TEST_DATABASE_URL is set. Migrations run
// version by version and a second run changes nothing; what is written comes back whole after the
// store is closed and opened again; a write that fails for any reason (bad input, a taken id, a
// failure injected between its statements) leaves nothing behind.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, migrate, MIGRATIONS, type NewScenario, type Store, type StoreOptions } from "../../data/store/index.ts";
import { serviceSetFromPoints } from "../../data/services/index.ts";
import { ConflictError, CorruptDataError, InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import type { ServicePoint } from "../../engine/services.ts";
import { rejection } from "../fixtures/errors.ts";
import { BACK_ENDS, migrationRecords, schemaSnapshot } from "../fixtures/store.ts";

const point = (id: string, level: ServicePoint["level"], lon: number, lat: number): ServicePoint => ({ id, name: { fi: `${id} fi`, sv: `${id} sv` }, municipality: "091", lon, lat, level, open: true });
// Kamppi lists its services, what it could host and its languages: the lists come back as they went in.
const KAMPPI = { ...point("kamppi", "L", 24.9305, 60.168), types: ["health-station", "dental-care"], hosts: ["A", "emergency-24-7"], languages: ["fi", "sv"], capacity: 12500.5 };
const SET = serviceSetFromPoints("test-set", [point("meilahti", "E", 24.9066, 60.1893), KAMPPI, point("kallio", "A", 24.95, 60.184)], "written in the test", { fi: "Testi", sv: "Test", en: "Test" });

/** A scenario using every kind of change. */
const scenario = (id: string, extra: NewScenario["changes"] = []): NewScenario => ({
  id,
  name: `Scenario ${id}`,
  region: "uusimaa",
  base: SET.id,
  changes: [
    { op: "close", id: "kamppi" },
    { op: "relevel", id: "kallio", level: "L" },
    { op: "move", id: "kallio", lon: 24.9612, lat: 60.1799 },
    { op: "open", id: "kamppi" },
    { op: "add", point: { id: "katajanokka", name_fi: "Katajanokka", name_sv: "Skatudden", municipality: "91", lon: 24.9665, lat: 60.168, level: "A" } },
    ...extra,
  ],
});

const count = async (store: Store, table: string) => (await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

for (const backEnd of BACK_ENDS) {
  describe.skipIf(backEnd.skip !== null)(`store on ${backEnd.name}${backEnd.skip ? ` (skipped: ${backEnd.skip})` : ""}`, () => {
    let target: StoreOptions;
    let store: Store;
    const steps: { touched: number[]; version: number }[] = [];
    let snapshots: unknown[] = [];

    beforeAll(async () => {
      // A brand-new store migrated one version, then the rest, then again: what the first test checks.
      target = backEnd.fresh();
      store = await openStore({ ...target, migrate: false });
      steps.push({ touched: [], version: await store.schemaVersion() });
      steps.push({ touched: await migrate(store.db, MIGRATIONS.slice(0, 1)), version: await store.schemaVersion() });
      steps.push({ touched: await store.migrate(), version: await store.schemaVersion() });
      const before = [await schemaSnapshot(store.db), await migrationRecords(store.db)];
      steps.push({ touched: await store.migrate(), version: await store.schemaVersion() });
      snapshots = [before, [await schemaSnapshot(store.db), await migrationRecords(store.db)]];
      await store.saveServiceSet(SET);
    }, 60_000);

    afterAll(async () => {
      await store?.close();
      await backEnd.cleanup();
    });

    it("migrates a new store version by version; a second run changes nothing", async () => {
      expect(steps).toEqual([
        { touched: [], version: 0 },
        { touched: [1], version: 1 },
        { touched: [2, 3, 4], version: 4 },
        { touched: [], version: 4 },
      ]);
      expect(snapshots[1]).toEqual(snapshots[0]);
      const geom = await store.db.query<{ table_name: string }>("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'geom' ORDER BY 1");
      // PostGIS where it serves: geometry columns on PostgreSQL; PGlite skips them unless asked (see migrations.ts).
      expect(geom.map((r) => r.table_name)).toEqual(backEnd.name === "postgres" ? ["scenario_points", "service_points"] : []);
    });

    it("refuses a store written by a newer palveluverkko, or whose applied migration was edited", async () => {
      expect(await rejection(migrate(store.db, MIGRATIONS.slice(0, 1)))).toBeInstanceOf(CorruptDataError);
      const edited = MIGRATIONS.map((m) => (m.version === 2 ? { ...m, sql: m.sql + "\n-- edited" } : m));
      expect((await rejection(migrate(store.db, edited))).value).toBe(2);
      expect(await store.migrate()).toEqual([]);
    });

    it("saves a service set whole, and saving it again changes nothing", async () => {
      expect(await store.getServiceSet(SET.id)).toEqual({ id: SET.id, name: SET.name, source: SET.source, points: SET.points });
      expect(await store.saveServiceSet(SET)).toBe("unchanged");
      const other = serviceSetFromPoints("other-set", [...SET.points].reverse().map((p, i) => ({ ...p, open: i !== 0 })), "test");
      expect(await store.saveServiceSet(other)).toBe("created");
      expect(await store.getServiceSet("other-set")).toMatchObject({ points: other.points });
      expect(await store.saveServiceSet(serviceSetFromPoints("other-set", other.points.slice(1), "test"))).toBe("replaced");
      expect((await store.listServiceSets()).map((s) => [s.id, s.points])).toEqual([["other-set", 2], ["test-set", 3]]);
      expect((await rejection(store.getServiceSet("nowhere"))).field).toBe("id");
    });

    it("creates, lists, gets, updates and deletes scenarios", async () => {
      const created = await store.createScenario(scenario("crud"));
      // Stored as checked: the added point's municipality "91" as its three-digit code (a name would be too).
      const stored = scenario("crud").changes.map((c) => (c.op === "add" ? { ...c, point: { ...c.point, municipality: "091" } } : c));
      expect(created).toMatchObject({ id: "crud", name: "Scenario crud", region: "uusimaa", base: SET.id, changes: stored });
      expect(created.createdAt).toBe(created.updatedAt);
      expect(await store.getScenario("crud")).toEqual(created);
      expect((await store.listScenarios()).find((s) => s.id === "crud")).toEqual({ ...created, changes: 5 });
      expect(await store.listScenarios({ region: "lappi" })).toEqual([]);
      const updated = await store.updateScenario("crud", { name: "Renamed", changes: [{ op: "close", id: "meilahti" }] });
      expect(updated).toMatchObject({ id: "crud", name: "Renamed", changes: [{ op: "close", id: "meilahti" }], createdAt: created.createdAt });
      expect(await count(store, "scenario_points WHERE scenario_id = 'crud'")).toBe(0);
      await store.deleteScenario("crud");
      for (const p of [() => store.getScenario("crud"), () => store.deleteScenario("crud"), () => store.updateScenario("crud", { name: "x", changes: [] })]) {
        const err = await rejection(p());
        expect(err).toBeInstanceOf(NotFoundError);
        expect([err.field, err.value]).toEqual(["id", "crud"]);
      }
    });

    it("refuses bad scenarios before writing anything, naming the field", async () => {
      const before = await count(store, "scenarios");
      const bad: [unknown, string][] = [
        [{ ...scenario("x"), id: "no spaces" }, "id"],
        [{ ...scenario("x"), name: "" }, "name"],
        [{ ...scenario("x"), region: 42 }, "region"],
        [{ ...scenario("x"), changes: [{ op: "demolish", id: "kamppi" }] }, "changes[0].op"],
        [{ ...scenario("x"), changes: [{ op: "move", id: "kamppi", lon: 200, lat: 60 }] }, "changes[0].lon"],
        [{ ...scenario("x"), services: "points.csv" }, "services"],
        [null, "(top)"],
      ];
      for (const [input, field] of bad) {
        const err = await rejection(store.createScenario(input as NewScenario));
        expect(err, field).toBeInstanceOf(InvalidInputError);
        expect(err.field).toBe(field);
      }
      const unknownBase = await rejection(store.createScenario({ ...scenario("x"), base: "nowhere" }));
      expect(unknownBase).toBeInstanceOf(NotFoundError);
      expect([unknownBase.field, unknownBase.value]).toEqual(["base", "nowhere"]);
      expect(await count(store, "scenarios")).toBe(before);
    });

    it("refuses a taken id (ConflictError, an InvalidInputError) and keeps the first scenario as it was", async () => {
      const first = await store.createScenario(scenario("taken"));
      const err = await rejection(store.createScenario({ ...scenario("taken"), name: "Another", changes: [] }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toBeInstanceOf(InvalidInputError);
      expect([err.field, err.value]).toEqual(["id", "taken"]);
      expect(await store.getScenario("taken")).toEqual(first);
      // Two creates of one id at once: exactly one is saved, whichever it is.
      const both = await Promise.allSettled([store.createScenario(scenario("race")), store.createScenario({ ...scenario("race"), name: "Other" })]);
      expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect((both.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    });

    it("leaves nothing when a write fails between its statements", async () => {
      // A trigger fails the insert of the scenario's points, after its row is written.
      await store.db.exec(`
        CREATE FUNCTION test_fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.point_id = 'boom' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER test_fail_on_boom BEFORE INSERT ON scenario_points FOR EACH ROW EXECUTE FUNCTION test_fail_on_boom();`);
      try {
        const boom = { op: "add" as const, point: { id: "boom", name_fi: "Boom", municipality: "091", lon: 24.9, lat: 60.2, level: "L" as const } };
        const before = [await count(store, "scenarios"), await count(store, "scenario_points")];
        expect((await rejection(store.createScenario(scenario("fails", [boom])))).message).toMatch(/injected failure/);
        expect(await rejection(store.getScenario("fails"))).toBeInstanceOf(NotFoundError);
        expect([await count(store, "scenarios"), await count(store, "scenario_points")]).toEqual(before);
        // An update failing the same way leaves the old version, points and all.
        const kept = await store.createScenario(scenario("kept"));
        const points = await store.db.query("SELECT * FROM scenario_points WHERE scenario_id = 'kept' ORDER BY change_index");
        expect(points).toHaveLength(2);
        await rejection(store.updateScenario("kept", { name: "Changed", changes: [boom] }));
        expect(await store.getScenario("kept")).toEqual(kept);
        expect(await store.db.query("SELECT * FROM scenario_points WHERE scenario_id = 'kept' ORDER BY change_index")).toEqual(points);
      } finally {
        await store.db.exec("DROP TRIGGER test_fail_on_boom ON scenario_points; DROP FUNCTION test_fail_on_boom()");
      }
    });

    it.runIf(backEnd.name === "pglite")("lets one store at a time open a directory, and takes over a lock its process left", async () => {
      const err = await rejection(openStore(target));
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.field).toBe("dataDir");
      await store.close();
      const gone = spawnSync(process.execPath, ["-e", ""]).pid; // a pid whose process has exited
      writeFileSync(join(target.dataDir!, "palveluverkko.lock"), String(gone));
      store = await openStore(target);
      expect(await store.schemaVersion()).toBe(4);
    });

    it("gives back every scenario whole after the store is closed and opened again", async () => {
      // 2,000 changes more: a large scenario must come back change for change.
      const many = Array.from({ length: 2000 }, (_, i) => (i % 2 ? { op: "close" as const, id: "meilahti" } : { op: "move" as const, id: "kamppi", lon: 24.93 + i * 1e-6, lat: 60.168 }));
      const big = await store.createScenario(scenario("big", many));
      const list = await store.listScenarios();
      const sets = await store.listServiceSets();
      const records = await migrationRecords(store.db);
      await store.close();
      store = await openStore(target);
      expect(await store.migrate()).toEqual([]);
      expect(await migrationRecords(store.db)).toEqual(records);
      expect(await store.getScenario("big")).toEqual(big);
      expect((await store.getScenario("big")).changes).toHaveLength(2005);
      expect(await store.listScenarios()).toEqual(list);
      expect(await store.listServiceSets()).toEqual(sets);
      expect(await store.getServiceSet(SET.id)).toEqual({ id: SET.id, name: SET.name, source: SET.source, points: SET.points });
    });
  });
}
