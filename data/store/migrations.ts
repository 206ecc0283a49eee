/**
 * The store's schema: one numbered list of migrations for both back ends, recorded in
 * `schema_migrations`, each applied in its own transaction with its record (all or nothing).
 *
 * PostGIS: each migration has plain SQL (`sql`, run everywhere) and may have a `spatial` part run
 * only where PostGIS is loaded: PostgreSQL always, PGlite when opened with `postgis: true`. The
 * spatial parts only add `geom geometry(Point, 4326)` columns GENERATED from lon/lat, and their
 * GiST indexes: lon/lat (range-checked) are the data on both back ends, `geom` is derived and cannot
 * disagree with them. So the tables, keys and data are one schema; PostGIS adds an index of them
 * where it serves (QGIS and spatial SQL on the shared PostgreSQL). Measured on PGlite 0.5.8: CREATE
 * EXTENSION postgis takes 8-15 s, every later open 2-3 s more and ~230 MB more memory, for queries
 * the embedded server never makes; so PGlite skips it unless asked. A PGlite store later opened with
 * PostGIS catches up: the spatial parts it skipped run then (`spatial` in schema_migrations says which).
 *
 * Rules: never edit a migration that has shipped, add a new one (checksums catch edits); a plain
 * part never refers to what a spatial part makes, since on PGlite that may not exist.
 */
import { createHash } from "node:crypto";
import { CorruptDataError, InvalidInputError } from "../../engine/index.ts";
import { sqlState, type Db, type Sql } from "./db.ts";

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs on every back end. */
  readonly sql: string;
  /** Runs where PostGIS is loaded (PostgreSQL; PGlite with `postgis: true`), at once or when it is first loaded. */
  readonly spatial?: string;
}

/** A geometry derived from lon/lat, for the spatial parts: stored, so the GiST index can hold it. */
const POINT = "geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "service sets",
    sql: `
      CREATE TABLE service_sets (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
        name jsonb NOT NULL,                    -- {"fi", "sv", "en"}
        source text NOT NULL CHECK (source <> ''),
        content_sha256 text NOT NULL,           -- of name, source and points: saving the same set again changes nothing
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE service_points (
        set_id text NOT NULL REFERENCES service_sets (id) ON DELETE CASCADE,
        ord integer NOT NULL CHECK (ord >= 0),  -- the set's own order, kept so a set reads back as it was saved
        id text NOT NULL CHECK (id <> ''),
        name_fi text NOT NULL,
        name_sv text NOT NULL,
        municipality text NOT NULL CHECK (municipality ~ '^[0-9]{3}$'),
        level text NOT NULL CHECK (level IN ('L', 'A', 'E')),
        open boolean NOT NULL,
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),  -- WGS84 degrees
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        PRIMARY KEY (set_id, id),
        UNIQUE (set_id, ord)
      );`,
    spatial: `
      ALTER TABLE service_points ADD COLUMN geom ${POINT};
      CREATE INDEX service_points_geom ON service_points USING gist (geom);`,
  },
  {
    version: 2,
    name: "scenarios",
    sql: `
      CREATE TABLE scenarios (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        region text NOT NULL,
        base_set text NOT NULL REFERENCES service_sets (id) ON DELETE RESTRICT,
        changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array'),  -- as in scenario files
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX scenarios_by_region ON scenarios (region, created_at, id);
      -- Where a scenario puts points (adds and moves), one row per such change: derived from
      -- scenarios.changes in the same transaction, for map and spatial queries.
      CREATE TABLE scenario_points (
        scenario_id text NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
        change_index integer NOT NULL CHECK (change_index >= 0),
        op text NOT NULL CHECK (op IN ('add', 'move')),
        point_id text NOT NULL,
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        PRIMARY KEY (scenario_id, change_index)
      );`,
    spatial: `
      ALTER TABLE scenario_points ADD COLUMN geom ${POINT};
      CREATE INDEX scenario_points_geom ON scenario_points USING gist (geom);`,
  },
  {
    version: 3,
    name: "service types and languages",
    // The point's lists (engine/services.ts), ids apart by single spaces as the CSV writes them; NULL when the point has none.
    sql: `
      ALTER TABLE service_points ADD COLUMN types text CHECK (types ~ '^[a-z0-9-]+( [a-z0-9-]+)*$');
      ALTER TABLE service_points ADD COLUMN hosts text CHECK (hosts ~ '^([a-z0-9-]+|[LAE])( ([a-z0-9-]+|[LAE]))*$');
      ALTER TABLE service_points ADD COLUMN languages text CHECK (languages ~ '^[a-z]{2,3}( [a-z]{2,3})*$');`,
  },
  {
    version: 4,
    name: "service capacity",
    // People a point can serve (engine/services.ts); NULL for no limit.
    sql: `
      ALTER TABLE service_points ADD COLUMN capacity double precision CHECK (capacity >= 0 AND capacity < 'Infinity');`,
  },
];

/** Serialises migrations between processes sharing a PostgreSQL database (any constant will do: "pvmi" in ASCII). */
const LOCK_KEY = 0x70766d69;

const BOOKKEEPING = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,               -- sha256 of the migration's SQL, both parts
    spatial boolean NOT NULL,             -- whether its spatial part has run (or it has none)
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

interface Applied {
  version: number;
  name: string;
  checksum: string;
  spatial: boolean;
}

/** sha256 of a migration's SQL, so an edited migration is noticed. */
function checksum(m: Migration): string {
  return createHash("sha256").update(m.sql).update("\0").update(m.spatial ?? "").digest("hex");
}

/** Refuses a store written by a newer program, or whose applied migrations have since been edited. */
function checkHistory(db: Db, applied: readonly Applied[], migrations: readonly Migration[]): void {
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newest = migrations.at(-1)?.version ?? 0;
  for (const a of applied) {
    const m = known.get(a.version);
    if (!m && a.version > newest) throw new CorruptDataError(`the store at ${db.location} is at schema version ${a.version}; this palveluverkko knows versions up to ${newest}: use a newer palveluverkko`, "schema_migrations", a.version);
    if (!m || checksum(m) !== a.checksum) throw new CorruptDataError(`the store at ${db.location} applied migration ${a.version} (${a.name}) in a form this palveluverkko does not know: migrations must never be edited`, "schema_migrations", a.version);
  }
}

async function history(t: Sql): Promise<Applied[]> {
  await t.exec(BOOKKEEPING);
  return t.query<Applied>("SELECT version, name, checksum, spatial FROM schema_migrations ORDER BY version");
}

/**
 * Brings the store up to date: each migration not yet applied (and each spatial part not yet run,
 * where PostGIS is loaded) in its own transaction. Running it again changes nothing. Returns the
 * versions it touched.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const touched: number[] = [];
  if (db.postgis) await createPostgis(db);
  for (const m of migrations) {
    const did = await db.tx(async (t) => {
      // Under the lock, read the history again (another process may have migrated meanwhile) and
      // check it every time: a store this program cannot read is refused even when up to date.
      await t.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const applied = await history(t);
      checkHistory(db, applied, migrations);
      const row = applied.find((a) => a.version === m.version);
      const spatial = db.postgis && m.spatial !== undefined;
      if (row && (row.spatial || !spatial)) return false;
      if (!row) await t.exec(m.sql);
      if (spatial) await t.exec(m.spatial!);
      if (row) await t.query("UPDATE schema_migrations SET spatial = true WHERE version = $1", [m.version]);
      else await t.query("INSERT INTO schema_migrations (version, name, checksum, spatial) VALUES ($1, $2, $3, $4)", [m.version, m.name, checksum(m), spatial || m.spatial === undefined]);
      return true;
    });
    if (did) touched.push(m.version);
  }
  return touched;
}

/** The newest applied version (0 for an empty store). */
export async function schemaVersion(db: Sql): Promise<number> {
  const [{ present }] = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!present) return 0;
  const [row] = await db.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
  return row?.v ?? 0;
}

/** CREATE EXTENSION postgis once, outside the migrations: it is the back end's capability, not the schema's. */
async function createPostgis(db: Db): Promise<void> {
  try {
    await db.exec("CREATE EXTENSION IF NOT EXISTS postgis");
  } catch (err) {
    const state = sqlState(err);
    if (state === "42501" || state === "58P01" || state === "0A000") {
      throw new InvalidInputError(`PostGIS is not installed in the database at ${db.location} and cannot be created there (${(err as Error).message}): install postgis, or ask its owner to run CREATE EXTENSION postgis`, "database", db.location);
    }
    throw err;
  }
}
