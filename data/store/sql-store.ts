/**
 * The store's queries, written once over the back ends' common SQL (db.ts). Reads check what comes
 * back as writes check what goes in, so a row edited by hand cannot slip a bad change into a run.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  ConflictError, CorruptDataError, InvalidInputError, NotFoundError, show, validateServicePoints, type ServiceLevel, type ServicePoint,
  type ServiceSet,
} from "../../engine/index.ts";
import { changeSchema } from "../scenario-file.ts";
import { sqlState, typedDbError, type Db, type Sql } from "./db.ts";
import { migrate, schemaVersion } from "./migrations.ts";
import {
  checked,
  newScenarioSchema,
  scenarioUpdateSchema,
  type ChangeJson,
  type NewScenario,
  type ScenarioSummary,
  type ScenarioUpdate,
  type ServicePointEdit,
  type ServiceSetSummary,
  type StoredServiceSet,
  type Store,
  type StoredScenario,
} from "./store.ts";

const storedChanges = z.array(changeSchema);

interface ScenarioRow {
  id: string;
  name: string;
  region: string;
  base_set: string;
  changes: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

const SCENARIO_COLUMNS = "id, name, region, base_set, changes, created_at, updated_at";
const iso = (t: Date | string) => new Date(t).toISOString();

/** The points a scenario places (adds and moves), one per such change, as columns for one INSERT. */
function placed(changes: readonly ChangeJson[]) {
  const cols = { index: [] as number[], op: [] as string[], id: [] as string[], lon: [] as number[], lat: [] as number[] };
  changes.forEach((c, k) => {
    const at = c.op === "add" ? { id: c.point.id, lon: c.point.lon, lat: c.point.lat } : c.op === "move" ? c : null;
    if (!at) return;
    cols.index.push(k);
    cols.op.push(c.op);
    cols.id.push(at.id);
    cols.lon.push(at.lon);
    cols.lat.push(at.lat);
  });
  return cols;
}

/** sha256 of what a set holds, fields in a fixed order, so saving the same set twice is seen as such. */
function contentHash(set: ServiceSet): string {
  // The lists only when a point has them, so the hash of a set without them is what it was before they existed.
  const points = set.points.map((p) => [p.id, p.name.fi, p.name.sv, p.municipality, p.lon, p.lat, p.level, p.open, ...(p.types || p.hosts || p.languages ? [p.types ?? null, p.hosts ?? null, p.languages ?? null] : []), ...(p.capacity !== undefined ? [{ capacity: p.capacity }] : [])]);
  return createHash("sha256").update(JSON.stringify([set.name.fi, set.name.sv, set.name.en, set.source, points])).digest("hex");
}

export class SqlStore implements Store {
  constructor(readonly db: Db) {}

  get kind() {
    return this.db.kind;
  }

  get location() {
    return this.db.location;
  }

  get postgis() {
    return this.db.postgis;
  }

  migrate(): Promise<number[]> {
    return migrate(this.db);
  }

  schemaVersion(): Promise<number> {
    return schemaVersion(this.db);
  }

  async saveServiceSet(set: ServiceSet): Promise<"created" | "unchanged" | "replaced"> {
    const what = checkSet(set);
    const hash = contentHash(set);
    try {
      return await this.db.tx(async (t) => {
        const [had] = await t.query<{ content_sha256: string }>("SELECT content_sha256 FROM service_sets WHERE id = $1 FOR UPDATE", [set.id]);
        if (had?.content_sha256 === hash) return "unchanged";
        const name = JSON.stringify({ fi: set.name.fi, sv: set.name.sv, en: set.name.en });
        if (had) {
          await t.query("UPDATE service_sets SET name = $2::text::jsonb, source = $3, content_sha256 = $4, updated_at = now() WHERE id = $1", [set.id, name, set.source, hash]);
          await t.query("DELETE FROM service_points WHERE set_id = $1", [set.id]);
        } else {
          await t.query("INSERT INTO service_sets (id, name, source, content_sha256) VALUES ($1, $2::text::jsonb, $3, $4)", [set.id, name, set.source, hash]);
        }
        await insertPoints(t, set.id, set.points);
        return had ? "replaced" : "created";
      });
    } catch (err) {
      throw typedDbError(err, what, { unique: ["id", set.id], check: ["points", set.id] });
    }
  }

  async createServiceSet(set: ServiceSet): Promise<StoredServiceSet> {
    const what = checkSet(set);
    const hash = contentHash(set);
    try {
      return await this.db.tx(async (t) => {
        const [had] = await t.query("SELECT 1 FROM service_sets WHERE id = $1", [set.id]);
        if (had) throw new ConflictError(`${what}: id ${show(set.id)} is taken already`, "id", set.id);
        const [row] = await t.query<{ created_at: Date | string; updated_at: Date | string }>(
          "INSERT INTO service_sets (id, name, source, content_sha256) VALUES ($1, $2::text::jsonb, $3, $4) RETURNING created_at, updated_at",
          [set.id, JSON.stringify({ fi: set.name.fi, sv: set.name.sv, en: set.name.en }), set.source, hash],
        );
        await insertPoints(t, set.id, set.points);
        return { set: plainSet(set), createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
      });
    } catch (err) {
      // A create racing another of the same id gets past the SELECT; the primary key stops it (23505: ConflictError).
      throw typedDbError(err, what, { unique: ["id", set.id], check: ["points", set.id] });
    }
  }

  async getServiceSet(id: string): Promise<ServiceSet> {
    return (await readSet(this.db, id)).set;
  }

  readServiceSet(id: string): Promise<StoredServiceSet> {
    return readSet(this.db, id);
  }

  async editServicePoint(setId: string, pointId: string, edit: ServicePointEdit): Promise<StoredServiceSet> {
    const what = `service point ${show(pointId)} of service set ${show(setId)}`;
    checkEdit(edit, what);
    if (setId.includes("\u0000")) throw new NotFoundError(`no service set with id ${show(setId)} in the store`, "id", setId);
    if (pointId.includes("\u0000")) throw new NotFoundError(`service set ${show(setId)} has no point with id ${show(pointId)}`, "pointId", pointId);
    try {
      return await this.db.tx(async (t) => {
        // The set's row first, FOR UPDATE: edits of one set take turns, so each recomputes the hash of what the other left.
        const [set] = await t.query("SELECT 1 FROM service_sets WHERE id = $1 FOR UPDATE", [setId]);
        if (!set) throw new NotFoundError(`no service set with id ${show(setId)} in the store`, "id", setId);
        const [row] = await t.query<PointRow>(`SELECT ${POINT_COLUMNS} FROM service_points WHERE set_id = $1 AND id = $2`, [setId, pointId]);
        if (!row) throw new NotFoundError(`service set ${show(setId)} has no point with id ${show(pointId)}`, "pointId", pointId);
        const was = pointOf(row);
        const now: ServicePoint = {
          ...was,
          name: { fi: edit.name?.fi?.trim() ?? was.name.fi, sv: edit.name?.sv?.trim() ?? was.name.sv },
          level: edit.level ?? was.level,
          open: edit.open ?? was.open,
          lon: edit.lon ?? was.lon,
          lat: edit.lat ?? was.lat,
        };
        validateServicePoints([now]);
        if (samePoint(was, now)) return readSet(t, setId);
        await t.query("UPDATE service_points SET name_fi = $3, name_sv = $4, level = $5, open = $6, lon = $7, lat = $8 WHERE set_id = $1 AND id = $2", [setId, pointId, now.name.fi, now.name.sv, now.level, now.open, now.lon, now.lat]);
        const after = await readSet(t, setId);
        const [times] = await t.query<{ updated_at: Date | string }>("UPDATE service_sets SET content_sha256 = $2, updated_at = now() WHERE id = $1 RETURNING updated_at", [setId, contentHash(after.set)]);
        return { ...after, updatedAt: iso(times.updated_at) };
      });
    } catch (err) {
      throw typedDbError(err, what, { check: ["pointId", pointId] });
    }
  }

  async deleteServiceSet(id: string): Promise<void> {
    if (id.includes("\u0000")) throw new NotFoundError(`no service set with id ${show(id)} in the store`, "id", id);
    const inUse = (ids: string[]) => new ConflictError(`service set ${show(id)} is the base of ${ids.length > 0 ? `stored scenario(s) ${ids.map(show).join(", ")}` : "a stored scenario"}: delete them first`, "id", id);
    try {
      await this.db.tx(async (t) => {
        // The row locked first: a scenario being created on this set either commits before (and is counted) or fails its reference after.
        const [set] = await t.query("SELECT 1 FROM service_sets WHERE id = $1 FOR UPDATE", [id]);
        if (!set) throw new NotFoundError(`no service set with id ${show(id)} in the store`, "id", id);
        const users = await t.query<{ id: string }>("SELECT id FROM scenarios WHERE base_set = $1 ORDER BY id LIMIT 5", [id]);
        if (users.length > 0) throw inUse(users.map((u) => u.id));
        // Its points go with it (ON DELETE CASCADE), in the same statement.
        await t.query("DELETE FROM service_sets WHERE id = $1", [id]);
      });
    } catch (err) {
      if (sqlState(err) === "23503") throw inUse([]);
      throw err;
    }
  }

  async listServiceSets(): Promise<ServiceSetSummary[]> {
    const rows = await this.db.query<{ id: string; name: ServiceSet["name"]; source: string; points: number; updated_at: Date | string }>(
      "SELECT s.id, s.name, s.source, (SELECT count(*)::int FROM service_points p WHERE p.set_id = s.id) AS points, s.updated_at FROM service_sets s ORDER BY s.id",
    );
    return rows.map((r) => ({ id: r.id, name: { fi: r.name.fi, sv: r.name.sv, en: r.name.en }, source: r.source, points: r.points, updatedAt: iso(r.updated_at) }));
  }

  async createScenario(input: NewScenario): Promise<StoredScenario> {
    const s = checked(newScenarioSchema, input, "scenario");
    const what = `scenario ${show(s.id)}`;
    try {
      return await this.db.tx(async (t) => {
        const [row] = await t.query<ScenarioRow>(
          `INSERT INTO scenarios (id, name, region, base_set, changes) VALUES ($1, $2, $3, $4, $5::text::jsonb) RETURNING ${SCENARIO_COLUMNS}`,
          [s.id, s.name, s.region, s.base, JSON.stringify(s.changes)],
        );
        await insertPlaced(t, s.id, s.changes);
        return this.scenario(row);
      });
    } catch (err) {
      throw typedDbError(err, what, { unique: ["id", s.id], reference: ["base", s.base], check: ["changes", s.id] });
    }
  }

  async updateScenario(id: string, update: ScenarioUpdate): Promise<StoredScenario> {
    const u = checked(scenarioUpdateSchema, update, "scenario");
    try {
      return await this.db.tx(async (t) => {
        const [row] = await t.query<ScenarioRow>(
          `UPDATE scenarios SET name = $2, changes = $3::text::jsonb, updated_at = now() WHERE id = $1 RETURNING ${SCENARIO_COLUMNS}`,
          [id, u.name, JSON.stringify(u.changes)],
        );
        if (!row) throw new NotFoundError(`no scenario with id ${show(id)} in the store`, "id", id);
        await t.query("DELETE FROM scenario_points WHERE scenario_id = $1", [id]);
        await insertPlaced(t, id, u.changes);
        return this.scenario(row);
      });
    } catch (err) {
      throw typedDbError(err, `scenario ${show(id)}`, { check: ["changes", id] });
    }
  }

  async listScenarios(filter: { region?: string } = {}): Promise<ScenarioSummary[]> {
    const where = filter.region === undefined ? "" : "WHERE region = $1";
    const rows = await this.db.query<Omit<ScenarioRow, "changes"> & { changes: number }>(
      `SELECT id, name, region, base_set, jsonb_array_length(changes)::int AS changes, created_at, updated_at FROM scenarios ${where} ORDER BY created_at, id`,
      filter.region === undefined ? [] : [filter.region],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, region: r.region as string, base: r.base_set, changes: r.changes, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) }));
  }

  async getScenario(id: string): Promise<StoredScenario> {
    const [row] = await this.db.query<ScenarioRow>(`SELECT ${SCENARIO_COLUMNS} FROM scenarios WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError(`no scenario with id ${show(id)} in the store`, "id", id);
    return this.scenario(row);
  }

  async deleteScenario(id: string): Promise<void> {
    // Its scenario_points go with it (ON DELETE CASCADE), in the same statement.
    const rows = await this.db.tx((t) => t.query("DELETE FROM scenarios WHERE id = $1 RETURNING id", [id]));
    if (rows.length === 0) throw new NotFoundError(`no scenario with id ${show(id)} in the store`, "id", id);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** A row as a scenario, its changes checked again (and their keys back in the schema's order). */
  private scenario(row: ScenarioRow): StoredScenario {
    const changes = storedChanges.safeParse(row.changes);
    if (!changes.success) throw new CorruptDataError(`scenario ${show(row.id)} in the store at ${this.location} holds changes this palveluverkko cannot read`, "changes", row.id);
    return { id: row.id, name: row.name, region: row.region as string, base: row.base_set, changes: changes.data, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) };
  }
}

/**
 * PostgreSQL text cannot hold NUL: PGlite refuses it (22021), and pg-promise, which writes values
 * into the statement, breaks the protocol message (08P01). So it is refused before any write.
 */
function checkNoNul(text: string, field: string, what: string): void {
  if (text.includes("\u0000")) throw new InvalidInputError(`${what}: ${field} holds a NUL character, which the store cannot keep`, field, text);
}

/** Checks a set before any write (its points as validateServicePoints does); the name to blame in messages. */
function checkSet(set: ServiceSet): string {
  const what = `service set ${show(set?.id)}`;
  if (typeof set?.id !== "string" || set.id.trim() === "" || set.id.length > 200) throw new InvalidInputError(`${what}: id must be 1 to 200 characters`, "id", set?.id);
  if (typeof set.source !== "string" || set.source.trim() === "") throw new InvalidInputError(`${what}: source is empty`, "source", set.source);
  if (![set.name?.fi, set.name?.sv, set.name?.en].every((n) => typeof n === "string")) throw new InvalidInputError(`${what}: name needs fi, sv and en`, "name", set.name);
  validateServicePoints(set.points);
  checkNoNul(set.id, "id", what);
  checkNoNul(set.source, "source", what);
  for (const lang of ["fi", "sv", "en"] as const) checkNoNul(set.name[lang], `name.${lang}`, what);
  set.points.forEach((p, i) => {
    checkNoNul(p.id, `points[${i}].id`, what);
    checkNoNul(p.name.fi, `points[${i}].name.fi`, what);
    checkNoNul(p.name.sv, `points[${i}].name.sv`, what);
  });
  return what;
}

/** Checks an edit's fields and types; the merged point is checked again as a whole. */
function checkEdit(edit: ServicePointEdit, what: string): void {
  if (edit === null || typeof edit !== "object") throw new InvalidInputError(`${what}: the edit must be an object`, "(top)", edit);
  const known = new Set(["name", "level", "open", "lon", "lat"]);
  const unknown = Object.keys(edit).find((k) => !known.has(k));
  if (unknown !== undefined) throw new InvalidInputError(`${what}: unknown field ${show(unknown)}`, unknown, unknown);
  if ((edit.lon === undefined) !== (edit.lat === undefined)) throw new InvalidInputError(`${what}: lon and lat go together`, edit.lon === undefined ? "lon" : "lat", undefined);
  for (const lang of ["fi", "sv"] as const) {
    const n = edit.name?.[lang];
    if (n !== undefined && (typeof n !== "string" || n.trim() === "" || n.length > 300)) throw new InvalidInputError(`${what}: name.${lang} must be 1 to 300 characters`, `name.${lang}`, n);
    if (n !== undefined) checkNoNul(n, `name.${lang}`, what);
  }
}

interface PointRow {
  id: string;
  name_fi: string;
  name_sv: string;
  municipality: string;
  lon: number;
  lat: number;
  level: ServiceLevel;
  open: boolean;
  types: string | null;
  hosts: string | null;
  languages: string | null;
  capacity: number | null;
}
const POINT_COLUMNS = "id, name_fi, name_sv, municipality, lon, lat, level, open, types, hosts, languages, capacity";

const pointOf = (r: PointRow): ServicePoint => ({
  id: r.id, name: { fi: r.name_fi, sv: r.name_sv }, municipality: r.municipality, lon: r.lon, lat: r.lat, level: r.level, open: r.open,
  ...lists(r),
  ...(r.capacity !== null ? { capacity: r.capacity } : {}),
});
/** The point's optional lists from their columns, absent where NULL. */
function lists(r: Pick<PointRow, "types" | "hosts" | "languages">): Pick<ServicePoint, "types" | "hosts" | "languages"> {
  const out: { types?: string[]; hosts?: string[]; languages?: string[] } = {};
  if (r.types !== null) out.types = r.types.split(" ");
  if (r.hosts !== null) out.hosts = r.hosts.split(" ");
  if (r.languages !== null) out.languages = r.languages.split(" ");
  return out;
}
/** A list as its column holds it. */
const column = (l: readonly string[] | undefined) => (l === undefined ? null : l.join(" "));
/** Whether an edit changed anything an edit may change. */
const samePoint = (a: ServicePoint, b: ServicePoint) => a.name.fi === b.name.fi && a.name.sv === b.name.sv && a.level === b.level && a.open === b.open && a.lon === b.lon && a.lat === b.lat;

/** A plain copy of a set, fields in the store's order: what a read of it gives back. */
function plainSet(set: ServiceSet): ServiceSet {
  const points = set.points.map((p) => ({
    id: p.id, name: { fi: p.name.fi, sv: p.name.sv }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: p.open,
    ...(p.types ? { types: [...p.types] } : {}), ...(p.hosts ? { hosts: [...p.hosts] } : {}), ...(p.languages ? { languages: [...p.languages] } : {}),
    ...(p.capacity !== undefined ? { capacity: p.capacity } : {}),
  }));
  return { id: set.id, name: { fi: set.name.fi, sv: set.name.sv, en: set.name.en }, source: set.source, points };
}

/**
 * A set, its points in their order, and its times, in one statement: one snapshot, so a read
 * racing a replace sees the old version or the new one, never the new points under the old name.
 */
async function readSet(q: Sql, id: string): Promise<StoredServiceSet> {
  if (id.includes("\u0000")) throw new NotFoundError(`no service set with id ${show(id)} in the store`, "id", id);
  const rows = await q.query<{ set_name: ServiceSet["name"]; source: string; created_at: Date | string; updated_at: Date | string } & { [K in keyof PointRow]: PointRow[K] | null }>(
    `SELECT s.name AS set_name, s.source, s.created_at, s.updated_at, p.id, p.name_fi, p.name_sv, p.municipality, p.lon, p.lat, p.level, p.open, p.types, p.hosts, p.languages, p.capacity
     FROM service_sets s LEFT JOIN service_points p ON p.set_id = s.id WHERE s.id = $1 ORDER BY p.ord`,
    [id],
  );
  if (rows.length === 0) throw new NotFoundError(`no service set with id ${show(id)} in the store`, "id", id);
  const [first] = rows;
  const points = first.id === null ? [] : rows.map((r) => pointOf(r as PointRow));
  return { set: { id, name: { fi: first.set_name.fi, sv: first.set_name.sv, en: first.set_name.en }, source: first.source, points }, createdAt: iso(first.created_at), updatedAt: iso(first.updated_at) };
}

/** One INSERT for all of a set's points, in its order (unnest over parallel arrays). */
async function insertPoints(t: Sql, setId: string, points: readonly ServicePoint[]): Promise<void> {
  if (points.length === 0) return;
  await t.query(
    `INSERT INTO service_points (set_id, ord, id, name_fi, name_sv, municipality, level, open, lon, lat, types, hosts, languages, capacity)
     SELECT $1::text, u.* FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::float8[], $10::float8[], $11::text[], $12::text[], $13::text[], $14::float8[])
       AS u (ord, id, name_fi, name_sv, municipality, level, open, lon, lat, types, hosts, languages, capacity)`,
    [
      setId, points.map((_, i) => i), points.map((p) => p.id), points.map((p) => p.name.fi), points.map((p) => p.name.sv), points.map((p) => p.municipality), points.map((p) => p.level), points.map((p) => p.open), points.map((p) => p.lon), points.map((p) => p.lat),
      points.map((p) => column(p.types)), points.map((p) => column(p.hosts)), points.map((p) => column(p.languages)), points.map((p) => p.capacity ?? null),
    ],
  );
}

/** One INSERT for the points a scenario places. */
async function insertPlaced(t: Sql, scenarioId: string, changes: readonly ChangeJson[]): Promise<void> {
  const c = placed(changes);
  if (c.index.length === 0) return;
  await t.query(
    `INSERT INTO scenario_points (scenario_id, change_index, op, point_id, lon, lat)
     SELECT $1::text, u.* FROM unnest($2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[]) AS u (change_index, op, point_id, lon, lat)`,
    [scenarioId, c.index, c.op, c.id, c.lon, c.lat],
  );
}
