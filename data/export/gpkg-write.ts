/**
 * A small GeoPackage writer (OGC 12-128r18, GeoPackage 1.3) on sql.js: the three required tables
 * (gpkg_spatial_ref_sys with the -1, 0 and 4326 rows the spec demands, gpkg_contents,
 * gpkg_geometry_columns), feature tables with a "GP" header + little-endian WKB geometry blob, and
 * attribute tables (data_type 'attributes') for plain figures. application_id 'GPKG' and
 * user_version 10300 mark the file. No spatial index (the gpkg_rtree_index extension is optional;
 * QGIS and GDAL read the file without one). Written separately from the reader in data/gpkg.ts,
 * so each checks the other.
 */
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from "sql.js";

export type XY = [number, number];
export type GpkgGeometry =
  | { type: "Point"; coordinates: XY }
  | { type: "Polygon"; coordinates: XY[][] }
  | { type: "MultiPolygon"; coordinates: XY[][][] };

export interface GpkgColumn {
  name: string;
  type: "TEXT" | "INTEGER" | "REAL";
}

export interface GpkgFeatureLayer {
  table: string;
  identifier: string;
  description: string;
  geometryType: "POINT" | "POLYGON" | "MULTIPOLYGON";
  srsId: number;
  columns: GpkgColumn[];
  features: { geometry: GpkgGeometry; values: SqlValue[] }[];
}

export interface GpkgAttributeTable {
  table: string;
  identifier: string;
  description: string;
  columns: GpkgColumn[];
  rows: SqlValue[][];
}

/** 'GPKG' as a big-endian 32-bit integer (spec requirement 2). */
const GPKG_APPLICATION_ID = 0x47504b47;
/** GeoPackage 1.3.0 (spec requirement 2, "10300"). */
const GPKG_USER_VERSION = 10300;

/** The coordinate systems written: the spec's three required rows and EPSG:3067 (definition as GDAL writes it). */
const SRS: [string, number, string, number, string, string][] = [
  ["Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"],
  ["Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"],
  [
    "WGS 84 geodetic", 4326, "EPSG", 4326,
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
    "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
  ],
  [
    "ETRS89 / TM35FIN(E,N)", 3067, "EPSG", 3067,
    'PROJCS["ETRS89 / TM35FIN(E,N)",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",27],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","3067"]]',
    "the Finnish national grid (Statistics Finland, HSY and the National Land Survey use it)",
  ],
];

/** The spec's table definitions (annex C), verbatim in substance. */
const CORE_SQL = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
`;

let sqlJs: Promise<SqlJsStatic> | undefined;

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** Envelope [minX, maxX, minY, maxY] (the GeoPackage header's order) of any geometry. */
function envelope(g: GpkgGeometry): [number, number, number, number] {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  const add = ([x, y]: XY) => {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  };
  if (g.type === "Point") add(g.coordinates);
  else if (g.type === "Polygon") g.coordinates.forEach((r) => r.forEach(add));
  else g.coordinates.forEach((p) => p.forEach((r) => r.forEach(add)));
  return [minX, maxX, minY, maxY];
}

/** Bytes of the WKB body (after the 5-byte header) of each geometry type, for one allocation. */
function wkbSize(g: GpkgGeometry): number {
  const poly = (rings: XY[][]) => 4 + rings.reduce((s, r) => s + 4 + 16 * r.length, 0);
  if (g.type === "Point") return 5 + 16;
  if (g.type === "Polygon") return 5 + poly(g.coordinates);
  return 5 + 4 + g.coordinates.reduce((s, p) => s + 5 + poly(p), 0);
}

/** A GeoPackage geometry blob: "GP", version 0, flags (little-endian, xy envelope except for points), srs_id, envelope, WKB. */
export function encodeGeometry(g: GpkgGeometry, srsId: number): Uint8Array {
  const withEnvelope = g.type !== "Point";
  const headerBytes = 8 + (withEnvelope ? 32 : 0);
  const out = new Uint8Array(headerBytes + wkbSize(g));
  const v = new DataView(out.buffer);
  out[0] = 0x47; // G
  out[1] = 0x50; // P
  out[2] = 0; // version 1 of the blob format is written as 0
  out[3] = (withEnvelope ? 1 << 1 : 0) | 1; // envelope indicator 1 (xy), byte order 1 (little endian)
  v.setInt32(4, srsId, true);
  if (withEnvelope) envelope(g).forEach((d, i) => v.setFloat64(8 + 8 * i, d, true));
  let pos = headerBytes;
  const head = (type: number) => {
    out[pos] = 1;
    v.setUint32(pos + 1, type, true);
    pos += 5;
  };
  const xy = ([x, y]: XY) => {
    v.setFloat64(pos, x, true);
    v.setFloat64(pos + 8, y, true);
    pos += 16;
  };
  const rings = (rs: XY[][]) => {
    v.setUint32(pos, rs.length, true);
    pos += 4;
    for (const r of rs) {
      v.setUint32(pos, r.length, true);
      pos += 4;
      r.forEach(xy);
    }
  };
  if (g.type === "Point") (head(1), xy(g.coordinates));
  else if (g.type === "Polygon") (head(3), rings(g.coordinates));
  else {
    head(6);
    v.setUint32(pos, g.coordinates.length, true);
    pos += 4;
    for (const p of g.coordinates) (head(3), rings(p));
  }
  return out;
}

function createTable(db: Database, table: string, columns: readonly GpkgColumn[], geometry?: { column: string; type: string }): void {
  const cols = [`fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL`, ...(geometry ? [`${quote(geometry.column)} ${geometry.type}`] : []), ...columns.map((c) => `${quote(c.name)} ${c.type}`)];
  db.run(`CREATE TABLE ${quote(table)} (${cols.join(", ")})`);
}

function insertAll(db: Database, table: string, names: readonly string[], rows: Iterable<SqlValue[]>): void {
  const stmt = db.prepare(`INSERT INTO ${quote(table)} (${names.map(quote).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`);
  try {
    for (const row of rows) stmt.run(row);
  } finally {
    stmt.free();
  }
}

/** Writes feature layers and attribute tables to a new GeoPackage and returns its bytes. */
export async function writeGeoPackage(layers: readonly GpkgFeatureLayer[], attributes: readonly GpkgAttributeTable[] = []): Promise<Uint8Array> {
  sqlJs ??= initSqlJs();
  const db = new (await sqlJs).Database();
  try {
    db.run(`PRAGMA application_id = ${GPKG_APPLICATION_ID}; PRAGMA user_version = ${GPKG_USER_VERSION};`);
    db.run("BEGIN");
    db.run(CORE_SQL);
    insertAll(db, "gpkg_spatial_ref_sys", ["srs_name", "srs_id", "organization", "organization_coordsys_id", "definition", "description"], SRS);
    const contents = db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    try {
      for (const layer of layers) {
        if (!SRS.some((s) => s[1] === layer.srsId)) throw new RangeError(`writeGeoPackage: srs_id ${layer.srsId} is not defined`);
        let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
        for (const f of layer.features) {
          const [a, b, c, d] = envelope(f.geometry);
          (minX = Math.min(minX, a)), (maxX = Math.max(maxX, b)), (minY = Math.min(minY, c)), (maxY = Math.max(maxY, d));
        }
        const bbox = layer.features.length > 0 ? [minX, minY, maxX, maxY] : [null, null, null, null];
        createTable(db, layer.table, layer.columns, { column: "geom", type: layer.geometryType });
        contents.run([layer.table, "features", layer.identifier, layer.description, ...bbox, layer.srsId]);
        db.run("INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, 'geom', ?, ?, 0, 0)", [layer.table, layer.geometryType, layer.srsId]);
        const names = ["geom", ...layer.columns.map((c) => c.name)];
        insertAll(db, layer.table, names, (function* () {
          for (const f of layer.features) yield [encodeGeometry(f.geometry, layer.srsId), ...f.values];
        })());
      }
      for (const a of attributes) {
        createTable(db, a.table, a.columns);
        contents.run([a.table, "attributes", a.identifier, a.description, null, null, null, null, null]);
        insertAll(db, a.table, a.columns.map((c) => c.name), a.rows);
      }
    } finally {
      contents.free();
    }
    db.run("COMMIT");
    return db.export();
  } finally {
    db.close();
  }
}
