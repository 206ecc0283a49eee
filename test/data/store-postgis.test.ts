// PostGIS in the store's one schema (see data/store/migrations.ts): a PGlite store made without it
// catches up the spatial parts when first opened with it, keeps loading it after, and then has the
// very tables, columns, constraints and indexes PostgreSQL + PostGIS has (compared when
// PALVELUVERKKO_TEST_DATABASE_URL is set). Its own file, so its 10-20 s of CREATE EXTENSION in
// PGlite run beside the main store suite rather than after it.
import { describe, expect, it } from "vitest";
import { serviceSetFromPoints } from "../../data/services/index.ts";
import type { ServicePoint } from "../../engine/services.ts";
import { PGLITE, POSTGRES, schemaSnapshot, withStore } from "../fixtures/store.ts";

const point = (id: string, level: ServicePoint["level"], lon: number, lat: number): ServicePoint => ({ id, name: { fi: id, sv: id }, municipality: "091", lon, lat, level, open: true });
const SET = serviceSetFromPoints("test-set", [point("kamppi", "L", 24.9305, 60.168), point("kallio", "A", 24.95, 60.184)], "written in the test");
const CHANGES = [
  { op: "close" as const, id: "kamppi" },
  { op: "move" as const, id: "kallio", lon: 24.9612, lat: 60.1799 },
  // "091": stored as checked, the three-digit code (given as "91" or a name, it would be stored so too).
  { op: "add" as const, point: { id: "katajanokka", name_fi: "Katajanokka", municipality: "091", lon: 24.9665, lat: 60.168, level: "A" as const } },
];

describe("store: one schema on both back ends", () => {
  it("PGlite opened with PostGIS catches up the spatial parts, and then has PostgreSQL's very schema (compared when a test database is set)", async () => {
    const target = { ...PGLITE.fresh(), postgis: false };
    await withStore(target, async (s) => {
      await s.saveServiceSet(SET);
      await s.createScenario({ id: "before-postgis", name: "Before PostGIS", region: "uusimaa", base: SET.id, changes: CHANGES });
    });
    // 8-15 s: CREATE EXTENSION postgis in PGlite, paid once per directory.
    const pglite = await withStore({ ...target, postgis: true, migrate: false }, async (s) => {
      expect(await s.migrate()).toEqual([1, 2]);
      expect(await s.migrate()).toEqual([]);
      const placed = await s.db.query("SELECT point_id, ST_X(geom) = lon AND ST_Y(geom) = lat AS same, ST_SRID(geom) AS srid FROM scenario_points ORDER BY change_index");
      expect(placed).toEqual([{ point_id: "kallio", same: true, srid: 4326 }, { point_id: "katajanokka", same: true, srid: 4326 }]);
      return schemaSnapshot(s.db);
    });
    // Opened again without asking, it loads PostGIS itself: its tables need it now.
    await withStore(target, async (s) => {
      expect(s.postgis).toBe(true);
      expect((await s.getScenario("before-postgis")).changes).toEqual(CHANGES);
    });
    if (!POSTGRES.skip) {
      try {
        expect(await withStore(POSTGRES.fresh(), (s) => schemaSnapshot(s.db))).toEqual(pglite);
      } finally {
        await POSTGRES.cleanup();
      }
    }
  }, 120_000);
});
