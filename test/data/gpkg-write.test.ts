// The GeoPackage writer against the project's separate reader (data/gpkg.ts) and, when installed,
// GDAL: geometry blobs byte by byte, shapes round-tripped, the required tables and pragmas.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { GeoPackage, decodeGeometry } from "../../data/gpkg.ts";
import { encodeGeometry, writeGeoPackage, type GpkgGeometry } from "../../data/export/gpkg-write.ts";
import { tempFile } from "../fixtures/osm.ts";
import { HAS_GPKG_VALIDATOR, HAS_OGRINFO, VALIDATE_GPKG } from "../fixtures/report.ts";

const square = (x: number, y: number, s: number): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

describe("encodeGeometry", () => {
  it("writes the GP header (version 0, little-endian flags, srs_id, xy envelope as minx maxx miny maxy) before the WKB", () => {
    const blob = encodeGeometry({ type: "Polygon", coordinates: [square(10, 20, 5)] }, 3067);
    const v = new DataView(blob.buffer);
    expect([blob[0], blob[1], blob[2], blob[3]]).toEqual([0x47, 0x50, 0, 0b011]);
    expect(v.getInt32(4, true)).toBe(3067);
    expect([8, 16, 24, 32].map((o) => v.getFloat64(o, true))).toEqual([10, 15, 20, 25]);
    // WKB: little-endian marker, type 3 (Polygon), one ring of five points.
    expect([blob[40], v.getUint32(41, true), v.getUint32(45, true), v.getUint32(49, true)]).toEqual([1, 3, 1, 5]);
    expect(blob.length).toBe(40 + 5 + 4 + 4 + 5 * 16);
    // Points carry no envelope (indicator 0), as GDAL writes them.
    const point = encodeGeometry({ type: "Point", coordinates: [1, 2] }, 3067);
    expect([point[3], point.length]).toEqual([1, 8 + 21]);
  });

  it("round-trips points, polygons with holes and multipolygons through data/gpkg.ts's decoder", () => {
    const shapes: GpkgGeometry[] = [
      { type: "Point", coordinates: [385000.5, 6672000.25] },
      { type: "Polygon", coordinates: [square(0, 0, 10), square(2, 2, 3).reverse()] },
      { type: "MultiPolygon", coordinates: [[square(0, 0, 1)], [square(5, 5, 2), square(5.5, 5.5, 1).reverse()]] },
    ];
    for (const g of shapes) expect(decodeGeometry(encodeGeometry(g, 3067), { file: "t", table: "t", fid: 1, field: "geom" })).toEqual(g);
  });
});

describe("writeGeoPackage", () => {
  it("writes a file data/gpkg.ts opens: pragmas, SRS rows, contents with bounds, features and attributes", async () => {
    const bytes = await writeGeoPackage(
      [
        { table: "zones", identifier: "Vyöhykkeet", description: "ä ö å", geometryType: "MULTIPOLYGON", srsId: 3067, columns: [{ name: "minutes", type: "REAL" }, { name: "label", type: "TEXT" }], features: [{ geometry: { type: "MultiPolygon", coordinates: [[square(100, 200, 50)]] }, values: [7.5, "0–7,5 min"] }] },
        { table: "empty", identifier: "Tyhjä", description: "", geometryType: "POINT", srsId: 3067, columns: [], features: [] },
      ],
      [{ table: "figures", identifier: "Luvut", description: "", columns: [{ name: "code", type: "TEXT" }, { name: "people", type: "INTEGER" }], rows: [["091", 88014]] }],
    );
    const path = tempFile("writer.gpkg", bytes);
    const gpkg = await GeoPackage.open(path);
    try {
      expect(gpkg.query("PRAGMA application_id")[0][0]).toBe(0x47504b47);
      expect(gpkg.query("PRAGMA user_version")[0][0]).toBe(10300);
      expect(gpkg.query("SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id").flat()).toEqual([-1, 0, 3067, 4326]);
      expect(gpkg.featureTables().map((t) => [t.table, t.geometryColumn, t.crs])).toEqual([["zones", "geom", "EPSG:3067"], ["empty", "geom", "EPSG:3067"]]);
      expect(gpkg.query("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'zones'")[0]).toEqual([100, 200, 150, 250]);
      expect(gpkg.query("SELECT min_x FROM gpkg_contents WHERE table_name = 'empty'")[0]).toEqual([null]);
      const rows: unknown[] = [];
      gpkg.each("zones", ["geom", "minutes", "label"], (fid, [geom, minutes, label]) => rows.push([decodeGeometry(geom, { file: path, table: "zones", fid, field: "geom" }).type, minutes, label]));
      expect(rows).toEqual([["MultiPolygon", 7.5, "0–7,5 min"]]);
      expect(gpkg.query("SELECT data_type, code, people FROM gpkg_contents, figures WHERE table_name = 'figures'")).toEqual([["attributes", "091", 88014]]);
    } finally {
      gpkg.close();
    }
    if (HAS_OGRINFO) {
      const r = spawnSync("ogrinfo", ["-so", "-al", path], { encoding: "utf8" });
      expect([r.status, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toMatch(/Layer name: zones[\s\S]*Feature Count: 1/);
    }
    if (HAS_GPKG_VALIDATOR) expect(spawnSync("/usr/bin/python3", [VALIDATE_GPKG!, path], { encoding: "utf8" }).stderr).toBe("");
  });
});
