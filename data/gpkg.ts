/**
 * GeoPackage (an SQLite file, OGC 12-128r18) opened read-only with sql.js, which is SQLite
 * compiled to WebAssembly: no native build, the same code in Node and a browser. The whole file is
 * read into memory, which suits the population grids and boundary layers read here (a few MB).
 * Every failure becomes a typed error naming the file (and table, fid and field where there is one);
 * no raw sql.js error escapes.
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from "sql.js";
import { CorruptDataError, InvalidInputError, NotFoundError, show } from "../engine/index.ts";
import { readInput } from "./files.ts";

/** A feature table listed in gpkg_contents with its geometry column. */
export interface FeatureTable {
  readonly table: string;
  readonly geometryColumn: string;
  readonly srsId: number;
  /** "EPSG:3067" when gpkg_spatial_ref_sys names an EPSG code, else "srs_id:<n>". */
  readonly crs: string;
}

export type Position = [number, number];

/** A decoded geometry: GeoJSON's shapes with [x, y] positions (Z and M dropped). */
export type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPoint"; coordinates: Position[] }
  | { type: "MultiLineString"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

/** Where a geometry blob came from, for error messages. */
export interface BlobSource {
  file: string;
  table: string;
  fid: number;
  field: string;
}

/** The first 16 bytes of every SQLite 3 file. */
const SQLITE_MAGIC = "SQLite format 3\0";

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Whether the bytes begin like an SQLite 3 file (and so possibly a GeoPackage). */
export function isSqlite(bytes: Uint8Array): boolean {
  return bytes.length >= 16 && Buffer.from(bytes.subarray(0, 16)).toString("latin1") === SQLITE_MAGIC;
}

/** SQL identifier and string literal quoting (table and column names come from the file itself). */
function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** An open GeoPackage. Close it when done: sql.js holds the file in WebAssembly memory. */
export class GeoPackage {
  private constructor(
    private readonly db: Database,
    readonly file: string,
  ) {}

  /** Opens a GeoPackage read-only (sql.js works on a copy in memory; the file is never written). */
  static async open(path: string): Promise<GeoPackage> {
    const bytes = await readInput(path);
    if (!isSqlite(bytes)) throw new InvalidInputError(`${path} is not a GeoPackage (not an SQLite file)`, "file", path);
    sqlJs ??= initSqlJs();
    const gpkg = new GeoPackage(new (await sqlJs).Database(bytes), path);
    try {
      const hasContents = gpkg.query("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'gpkg_contents'");
      if (hasContents[0][0] !== 1) throw new InvalidInputError(`${path} is an SQLite file but not a GeoPackage (no gpkg_contents table)`, "file", path);
    } catch (err) {
      gpkg.close();
      throw err;
    }
    return gpkg;
  }

  close(): void {
    this.db.close();
  }

  /** Runs a query; any SQLite failure (a damaged page, a missing table) becomes CorruptDataError. */
  query(sql: string, context = "file"): SqlValue[][] {
    try {
      return this.db.exec(sql)[0]?.values ?? [];
    } catch (err) {
      throw new CorruptDataError(`${this.file}: cannot read ${context}: ${(err as Error).message}`, context, this.file);
    }
  }

  /** Feature tables with their geometry column and coordinate system, in gpkg_contents order. */
  featureTables(): FeatureTable[] {
    const rows = this.query(
      `SELECT c.table_name, g.column_name, g.srs_id, s.organization, s.organization_coordsys_id
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
       LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
       WHERE c.data_type = 'features' ORDER BY c.rowid`,
      "gpkg_contents",
    );
    return rows.map(([table, geometryColumn, srsId, org, orgId]) => ({
      table: String(table),
      geometryColumn: String(geometryColumn),
      srsId: Number(srsId),
      crs: String(org).toUpperCase() === "EPSG" ? `EPSG:${orgId}` : `srs_id:${srsId}`,
    }));
  }

  /** The feature table named `table`, or the only one; InvalidInputError when that is ambiguous or absent. */
  featureTable(table?: string): FeatureTable {
    const tables = this.featureTables();
    const names = tables.map((t) => t.table).join(", ");
    if (table !== undefined) {
      const found = tables.find((t) => t.table === table);
      if (!found) throw new NotFoundError(`${this.file} has no feature table ${show(table)} (it has: ${names || "none"})`, "table", table);
      return found;
    }
    if (tables.length === 0) throw new InvalidInputError(`${this.file} holds no feature table`, "table", this.file);
    if (tables.length > 1) throw new InvalidInputError(`${this.file} holds ${tables.length} feature tables (${names}); say which one`, "table", names);
    return tables[0];
  }

  /** Column names of a table, in declaration order. */
  columns(table: string): string[] {
    return this.query(`SELECT name FROM pragma_table_info(${literal(table)})`, table).map((r) => String(r[0]));
  }

  /** Calls `fn(fid, values)` for every row of `table`, selecting the given columns after the primary key. */
  each(table: string, columns: readonly string[], fn: (fid: number, values: SqlValue[]) => void): void {
    const pk = this.query(`SELECT name FROM pragma_table_info(${literal(table)}) WHERE pk = 1`, table);
    const fidColumn = pk.length === 1 ? String(pk[0][0]) : "rowid";
    const sql = `SELECT ${[fidColumn, ...columns].map(quote).join(", ")} FROM ${quote(table)} ORDER BY ${quote(fidColumn)}`;
    let stmt;
    try {
      stmt = this.db.prepare(sql);
    } catch (err) {
      throw new CorruptDataError(`${this.file}: cannot read table ${show(table)}: ${(err as Error).message}`, table, this.file);
    }
    try {
      for (;;) {
        let row: SqlValue[];
        try {
          if (!stmt.step()) break;
          row = stmt.get();
        } catch (err) {
          throw new CorruptDataError(`${this.file}: cannot read table ${show(table)}: ${(err as Error).message}`, table, this.file);
        }
        fn(Number(row[0]), row.slice(1));
      }
    } finally {
      stmt.free();
    }
  }
}

/** Opens a GeoPackage, hands it to `fn`, and closes it whatever happens. */
export async function withGeoPackage<T>(path: string, fn: (gpkg: GeoPackage) => T): Promise<T> {
  const gpkg = await GeoPackage.open(path);
  try {
    return fn(gpkg);
  } finally {
    gpkg.close();
  }
}

/** Envelope size in bytes per envelope indicator (none, xy, xyz, xym, xyzm); 5–7 are invalid. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

const WKB_TYPES = ["", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"] as const;

/** Decodes a GeoPackage geometry blob ("GP" header, then WKB); CorruptDataError names where it came from. */
export function decodeGeometry(blob: SqlValue | undefined, where: BlobSource): Geometry {
  const at = `${where.file}, table ${where.table}, fid ${where.fid}, field ${where.field}`;
  const fail = (why: string): never => {
    throw new CorruptDataError(`${at}: ${why}`, where.field, where.fid);
  };
  if (!(blob instanceof Uint8Array)) return fail(blob === null ? "geometry is NULL" : `geometry is a ${typeof blob}, not a blob`);
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) return fail("not a GeoPackage geometry (no \"GP\" magic)");
  if (blob[2] !== 0) return fail(`unknown GeoPackage geometry version ${blob[2]}`);
  const flags = blob[3];
  if (flags & 0x20) return fail("extended (non-standard) geometry types are not supported");
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 7];
  if (envelope === undefined) return fail(`invalid envelope indicator ${(flags >> 1) & 7}`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  let pos = 8 + envelope;
  if (pos + 5 > blob.length) return fail(`blob of ${blob.length} bytes ends inside its header`);

  const need = (bytes: number) => {
    if (pos + bytes > blob.length) fail(`blob of ${blob.length} bytes ends at byte ${pos} while ${bytes} more are needed`);
  };
  // One WKB geometry: byte order, type (ISO: + 1000 Z, + 2000 M, + 3000 ZM), then its body.
  const header = (): { little: boolean; type: number; stride: number } => {
    need(5);
    const order = blob[pos];
    if (order > 1) fail(`invalid WKB byte order ${order} at byte ${pos}`);
    const little = order === 1;
    const code = view.getUint32(pos + 1, little);
    pos += 5;
    if (code > 0xffff) fail(`EWKB type flags 0x${code.toString(16)} are not GeoPackage WKB`);
    const type = code % 1000;
    const dims = Math.floor(code / 1000);
    if (type < 1 || type > 6 || dims > 3) fail(`unsupported WKB geometry type ${code}`);
    return { little, type, stride: 2 + (dims === 1 || dims === 2 ? 1 : dims === 3 ? 2 : 0) };
  };
  const count = (little: boolean, itemBytes: number): number => {
    need(4);
    const n = view.getUint32(pos, little);
    pos += 4;
    need(n * itemBytes);
    return n;
  };
  const point = (little: boolean, stride: number): Position => {
    need(stride * 8);
    const p: Position = [view.getFloat64(pos, little), view.getFloat64(pos + 8, little)];
    pos += stride * 8;
    return p;
  };
  const points = (little: boolean, stride: number): Position[] => {
    const n = count(little, stride * 8);
    const out: Position[] = new Array(n);
    for (let i = 0; i < n; i++, pos += stride * 8) out[i] = [view.getFloat64(pos, little), view.getFloat64(pos + 8, little)];
    return out;
  };
  const polygon = (little: boolean, stride: number): Position[][] => {
    const n = count(little, 4);
    const rings: Position[][] = [];
    for (let i = 0; i < n; i++) rings.push(points(little, stride));
    return rings;
  };
  // Multi* parts each carry their own byte order and type, which must be the single-part type.
  const parts = <T>(little: boolean, partType: number, read: (little: boolean, stride: number) => T): T[] => {
    const n = count(little, 5);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const h = header();
      if (h.type !== partType) fail(`part ${i} is a ${WKB_TYPES[h.type]}, expected ${WKB_TYPES[partType]}`);
      out.push(read(h.little, h.stride));
    }
    return out;
  };

  const { little, type, stride } = header();
  let geometry: Geometry;
  switch (type) {
    case 1:
      geometry = { type: "Point", coordinates: point(little, stride) };
      break;
    case 2:
      geometry = { type: "LineString", coordinates: points(little, stride) };
      break;
    case 3:
      geometry = { type: "Polygon", coordinates: polygon(little, stride) };
      break;
    case 4:
      geometry = { type: "MultiPoint", coordinates: parts(little, 1, point) };
      break;
    case 5:
      geometry = { type: "MultiLineString", coordinates: parts(little, 2, points) };
      break;
    default:
      geometry = { type: "MultiPolygon", coordinates: parts(little, 3, polygon) };
  }
  return geometry;
}

/** All rings of a Polygon or MultiPolygon (exteriors and holes together, as even-odd filling wants); null for other types. */
export function polygonRings(g: Geometry): Position[][] | null {
  if (g.type === "Polygon") return g.coordinates;
  if (g.type === "MultiPolygon") return g.coordinates.flat();
  return null;
}
