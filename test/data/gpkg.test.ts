// GeoPackage access (data/gpkg.ts): geometry blobs encoded by the fixture in every byte order,
// envelope size and Z/M variant decode to the same [x, y]; damaged blobs and files give typed errors.
import { readFileSync, writeFileSync } from "node:fs";
import initSqlJs from "sql.js";
import { describe, expect, it } from "vitest";
import { CorruptDataError, InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { GeoPackage, decodeGeometry, polygonRings, withGeoPackage } from "../../data/gpkg.ts";
import { gpBlob, polygonBlob, square, wkb, writeGeoPackage, type FixtureGeometry } from "../fixtures/gpkg.ts";
import { tempFile } from "../fixtures/osm.ts";

const where = { file: "t.gpkg", table: "cells", fid: 7, field: "geom" };

async function rejection(p: Promise<unknown>): Promise<Error & { field?: string; value?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

function thrown(f: () => unknown): Error & { field?: string; value?: unknown } {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

const shapes: FixtureGeometry[] = [
  { type: "Point", coordinates: [385_125.5, 6_672_125.25] },
  { type: "LineString", coordinates: [[1, 2], [3, 4], [5, -6]] },
  { type: "Polygon", coordinates: [square(0, 0, 250), square(100, 100, 10)] },
  { type: "MultiPoint", coordinates: [[1, 2], [3, 4]] },
  { type: "MultiPolygon", coordinates: [[square(0, 0, 250)], [square(1000, 0, 1000), square(1100, 100, 50)]] },
];

describe("decodeGeometry", () => {
  it("reads every type in both byte orders, every envelope size and the ISO Z, M and ZM variants", () => {
    for (const shape of shapes) {
      for (const bigEndian of [false, true]) {
        for (const envelope of [0, 1, 2, 3, 4] as const) {
          for (const dims of ["", "Z", "M", "ZM"] as const) {
            const blob = gpBlob(wkb(shape, bigEndian, dims), { envelope, bigEndian: !bigEndian });
            expect(decodeGeometry(blob, where), `${shape.type} ${bigEndian} ${envelope} ${dims}`).toEqual(shape);
          }
        }
      }
    }
  });

  it("gives all rings of a polygon or multipolygon, and null for other types", () => {
    expect(polygonRings(decodeGeometry(gpBlob(wkb(shapes[4])), where))).toHaveLength(3);
    expect(polygonRings(decodeGeometry(gpBlob(wkb(shapes[2])), where))).toHaveLength(2);
    expect(polygonRings(decodeGeometry(gpBlob(wkb(shapes[0])), where))).toBeNull();
  });

  it("refuses damaged blobs with CorruptDataError naming file, table, fid and field", () => {
    const good = polygonBlob([square(0, 0, 250)]);
    const cases: [string, unknown][] = [
      ["bad magic", Uint8Array.from([0x58, ...good.subarray(1)])],
      ["version 1", Uint8Array.from([...good.subarray(0, 2), 1, ...good.subarray(3)])],
      ["envelope indicator 5", Uint8Array.from([...good.subarray(0, 3), (5 << 1) | 1, ...good.subarray(4)])],
      ["extended type", Uint8Array.from([...good.subarray(0, 3), good[3] | 0x20, ...good.subarray(4)])],
      ["truncated", good.subarray(0, good.length - 3)],
      ["header only", good.subarray(0, 10)],
      ["NULL", null],
      ["text", "POLYGON((0 0, 1 0, 1 1, 0 0))"],
    ];
    for (const [name, blob] of cases) {
      const err = thrown(() => decodeGeometry(blob as Uint8Array, where));
      expect(err, name).toBeInstanceOf(CorruptDataError);
      expect(err.field, name).toBe("geom");
      expect(err.value, name).toBe(7);
      expect(err.message, name).toContain("t.gpkg, table cells, fid 7, field geom");
    }
  });

  it("refuses unknown WKB types, EWKB flags and a multipolygon part that is not a polygon", () => {
    const body = wkb(shapes[2]);
    const withType = (type: number) => {
      const b = body.slice();
      new DataView(b.buffer).setUint32(1, type, true);
      return gpBlob(b);
    };
    expect(thrown(() => decodeGeometry(withType(7), where)).message).toMatch(/type 7/);
    expect(thrown(() => decodeGeometry(withType(0x20000003), where)).message).toMatch(/EWKB/);
    const multi = wkb(shapes[4]);
    multi[10] = 2; // low byte of the first part's type (after order, type, count and the part's order): LineString
    expect(thrown(() => decodeGeometry(gpBlob(multi), where))).toBeInstanceOf(CorruptDataError);
    expect(thrown(() => decodeGeometry(gpBlob(multi), where)).message).toMatch(/part 0 is a LineString/);
  });
});

describe("GeoPackage", () => {
  it("lists feature tables with geometry column, srs_id and CRS, and reads rows by fid", async () => {
    const path = await writeGeoPackage("two.gpkg", [
      { table: "a", srsId: 3879, columns: { n: "INTEGER" }, rows: [[polygonBlob([square(0, 0, 1)], 3879), 5], [null, 6]] },
      { table: "b", srsId: 99, columns: {}, rows: [] },
    ]);
    await withGeoPackage(path, (g) => {
      expect(g.featureTables()).toEqual([
        { table: "a", geometryColumn: "geom", srsId: 3879, crs: "EPSG:3879" },
        { table: "b", geometryColumn: "geom", srsId: 99, crs: "srs_id:99" },
      ]);
      expect(g.featureTable("a").table).toBe("a");
      expect(thrown(() => g.featureTable())).toBeInstanceOf(InvalidInputError);
      expect(thrown(() => g.featureTable("c"))).toBeInstanceOf(NotFoundError);
      expect(g.columns("a")).toEqual(["fid", "geom", "n"]);
      const rows: unknown[] = [];
      g.each("a", ["n"], (fid, values) => rows.push([fid, ...values]));
      expect(rows).toEqual([[1, 5], [2, 6]]);
    });
    const none = await writeGeoPackage("none.gpkg", []);
    await withGeoPackage(none, (g) => expect(thrown(() => g.featureTable())).toMatchObject({ code: "invalid-input", field: "table" }));
  });

  it("turns a missing file, a non-SQLite file, SQLite without gpkg_contents and a damaged file into typed errors", async () => {
    const missing = "/nonexistent/x.gpkg";
    const notFound = await rejection(GeoPackage.open(missing));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect([notFound.field, notFound.value]).toEqual(["file", missing]);
    expect(await rejection(GeoPackage.open(tempFile("text.gpkg", "fid,geom\n1,x\n")))).toBeInstanceOf(InvalidInputError);
    const db = new (await initSqlJs()).Database();
    db.run("CREATE TABLE t (a)");
    const plain = await rejection(GeoPackage.open(tempFile("plain.sqlite", db.export())));
    expect(plain).toBeInstanceOf(InvalidInputError);
    expect(plain.message).toMatch(/no gpkg_contents/);
    // A GeoPackage whose pages after SQLite's 100-byte header are overwritten.
    const good = await writeGeoPackage("good.gpkg", [{ table: "a", srsId: 3067, columns: {}, rows: [] }]);
    const damaged = readFileSync(good);
    damaged.fill(0x41, 100);
    writeFileSync(good, damaged);
    expect(await rejection(GeoPackage.open(good))).toBeInstanceOf(CorruptDataError);
  });
});
