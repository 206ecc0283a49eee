// Municipality boundaries (data/areas): Statistics Finland's 2023 GeoPackage in ../shared/data
// (CC BY 4.0, © Statistics Finland) read whole and rasterised, and GeoJSON and GeoPackage fixtures
// written here for every way a file can be wrong.
import { describe, expect, it } from "vitest";
import { area, multiPolygon } from "@turf/turf";
import { readMunicipalityAreas, type MunicipalityArea } from "../../data/areas/index.ts";
import { CorruptDataError, InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { cellAt, cellCentre, gridForBbox } from "../../engine/grid.ts";
import { toEtrs, toWgs } from "../../engine/projection.ts";
import { rasterizePolygons, type Rings } from "../../engine/rasterize.ts";
import { FINNISH_MUNICIPALITIES as MUNICIPALITIES } from "../../data/facts/index.ts";
import { gpBlob, polygonBlob, square, wkb, writeGeoPackage } from "../fixtures/gpkg.ts";
import { tempFile } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { rejection } from "../fixtures/errors.ts";


async function expectError(p: Promise<unknown>, type: new (...args: never[]) => Error, props: { field: string; value?: unknown }): Promise<void> {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(type);
  expect(err).toMatchObject(props);
}

/** Signed shoelace area of each ring, m² (Statistics Finland draws exteriors clockwise: negative). */
const signedAreas = (rings: Rings) =>
  rings.map((r) => {
    let s = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += r[j][0] * r[i][1] - r[i][0] * r[j][1];
    return s / 2;
  });

/** Whether (x, y) is inside the rings by the even-odd rule (a ray to the east crosses an odd number of edges). */
function evenOdd(rings: Rings, x: number, y: number): boolean {
  let odd = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      if (r[i][1] > y !== r[j][1] > y && x < r[i][0] + ((y - r[i][1]) * (r[j][0] - r[i][0])) / (r[j][1] - r[i][1])) odd = !odd;
    }
  }
  return odd;
}

const STATFI = "municipalities/statfi_municipalities_2023.gpkg";
const centre = (code: string) => MUNICIPALITIES.find((m) => m.code === code)!.centre;
const byCode = (areas: MunicipalityArea[], code: string) => areas.find((a) => a.code === code)!;

describe("readMunicipalityAreas on Statistics Finland's 2023 GeoPackage", () => {
  it("reads 309 municipalities with unique three-digit codes and both names", async () => {
    const areas = await readMunicipalityAreas(sharedData(STATFI));
    expect(areas).toHaveLength(309);
    expect(new Set(areas.map((a) => a.code)).size).toBe(309);
    for (const a of areas) expect(a.code).toMatch(/^\d{3}$/);
    expect(areas[0]).toMatchObject({ code: "005", nameFi: "Alajärvi", nameSv: "Alajärvi" });
    expect(byCode(areas, "091")).toMatchObject({ nameFi: "Helsinki", nameSv: "Helsingfors" });
  });

  // Figures from python3's sqlite3 and struct over the raw blobs, independently of data/gpkg.ts:
  // shoelace per ring in EPSG:3067, exteriors minus holes. Helsinki: 28 parts, no hole,
  // 210,788,992.48 m². Espoo: 23 parts, one hole (Kauniainen, 6,806,271.11 m²), 325,629,143.17 m².
  // The layer is land boundaries, generalised: Helsinki's official land area is ~214 km².
  it("gives Helsinki 210.79 km² and Espoo 325.63 km² with Kauniainen as its hole", async () => {
    const areas = await readMunicipalityAreas(sharedData(STATFI), { codes: ["091", "049", "235"] });
    expect(areas.map((a) => a.code)).toEqual(["049", "091", "235"]);
    const helsinki = byCode(areas, "091");
    const espoo = byCode(areas, "049");
    expect(helsinki.rings).toHaveLength(28);
    expect(espoo.rings).toHaveLength(24);
    expect(signedAreas(helsinki.rings).every((a) => a < 0)).toBe(true);
    // Net area: exteriors are negative, holes positive, so the net is minus the signed sum.
    const net = (rings: Rings) => -signedAreas(rings).reduce((a, b) => a + b, 0);
    expect(Math.abs(net(helsinki.rings) - 210_788_992.48)).toBeLessThan(1);
    expect(Math.abs(net(espoo.rings) - 325_629_143.17)).toBeLessThan(1);
    const [hole] = signedAreas(espoo.rings).filter((a) => a > 0);
    expect(Math.abs(net(byCode(areas, "235").rings) - hole)).toBeLessThan(1e-3);
    // turf on WGS84 (spherical earth) is 0.51 % below the EPSG:3067 plane area here: within 1 %.
    const sphere = area(multiPolygon(helsinki.rings.map((r) => [r.map(([x, y]) => toWgs(x, y))])));
    expect(Math.abs(sphere / net(helsinki.rings) - 1)).toBeLessThan(0.01);
  });

  it("rasterises Helsinki onto 250 m cells: its centre inside, Espoo's outside, Kauniainen in Espoo's hole", async () => {
    const areas = await readMunicipalityAreas(sharedData(STATFI), { codes: ["091", "049", "235"] });
    const grid = gridForBbox([24.45, 59.9, 25.3, 60.35], 250);
    const polygons = ["091", "049", "235"].map((c) => byCode(areas, c).rings);
    const cells = rasterizePolygons(grid, polygons);
    const at = (code: string) => cells[cellAt(grid, ...toEtrs(centre(code).lon, centre(code).lat))];
    expect([at("091"), at("049"), at("235")]).toEqual([0, 1, 2]);
    const espooOnly = rasterizePolygons(grid, [byCode(areas, "049").rings]);
    expect(espooOnly[cellAt(grid, ...toEtrs(centre("235").lon, centre("235").lat))]).toBe(-1);
    // 3,386 cells, as many as an even-odd point-in-polygon test of every cell centre finds;
    // at 0.0625 km² each that is 211.6 km², within 1 % of the polygon's area.
    const helsinkiCells = cells.reduce((n, p) => n + (p === 0 ? 1 : 0), 0);
    let inside = 0;
    for (let cell = 0; cell < cells.length; cell++) if (evenOdd(byCode(areas, "091").rings, ...cellCentre(grid, cell))) inside++;
    expect([helsinkiCells, inside]).toEqual([3386, 3386]);
    expect(Math.abs((helsinkiCells * 62_500) / 210_788_992.48 - 1)).toBeLessThan(0.01);
  });

  it("refuses codes that are not three digits, and names codes the file lacks", async () => {
    await expectError(readMunicipalityAreas(sharedData(STATFI), { codes: ["91"] }), InvalidInputError, { field: "codes", value: "91" });
    await expectError(readMunicipalityAreas(sharedData(STATFI), { codes: ["091", "999"] }), NotFoundError, { field: "codes", value: "999" });
  });
});

describe("readMunicipalityAreas on GeoJSON", () => {
  const write = (name: string, doc: unknown) => tempFile(name, JSON.stringify(doc));
  const feature = (props: Record<string, unknown> | null, geometry: unknown) => ({ type: "Feature", properties: props, geometry });
  const lonLatSquare = (lon: number, lat: number, d: number) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];

  it("reads real Helsinki written as WGS84 GeoJSON back to the same rings and area", async () => {
    const [helsinki] = await readMunicipalityAreas(sharedData(STATFI), { codes: ["091"] });
    const geometry = { type: "MultiPolygon", coordinates: helsinki.rings.map((r) => [r.map(([x, y]) => toWgs(x, y))]) };
    const path = write("helsinki.geojson", { type: "FeatureCollection", features: [feature({ kuntatunnus: 91, nimi: "Helsinki", namn: "Helsingfors" }, geometry)] });
    const [back] = await readMunicipalityAreas(path);
    expect(back).toMatchObject({ code: "091", nameFi: "Helsinki", nameSv: "Helsingfors" });
    expect(back.rings.map((r) => r.length)).toEqual(helsinki.rings.map((r) => r.length));
    const sum = (rings: Rings) => signedAreas(rings).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum(back.rings) - sum(helsinki.rings))).toBeLessThan(1);
  });

  it("projects every position, keeps holes, pads codes and merges features of one code", async () => {
    const outer = lonLatSquare(24.9, 60.1, 0.1);
    const hole = lonLatSquare(24.95, 60.15, 0.01);
    const path = write("fixture.geojson", {
      type: "FeatureCollection",
      features: [
        feature({ code: "49", nimi: "Espoo" }, { type: "Polygon", coordinates: [outer, hole] }),
        feature({ kunta: "091" }, { type: "Polygon", coordinates: [lonLatSquare(25.2, 60.2, 0.01)] }),
        feature({ code: 49 }, { type: "MultiPolygon", coordinates: [[lonLatSquare(24.5, 60.0, 0.01)]] }),
      ],
    });
    const areas = await readMunicipalityAreas(path);
    expect(areas.map((a) => [a.code, a.nameFi, a.nameSv, a.rings.length])).toEqual([["049", "Espoo", undefined, 3], ["091", undefined, undefined, 1]]);
    expect(areas[0].rings[1]).toEqual(hole.map(([lon, lat]) => toEtrs(lon, lat)));
    expect(await readMunicipalityAreas(path, { codes: ["091"] })).toHaveLength(1);
  });

  it("refuses invalid GeoJSON, non-JSON, another crs, a missing or bad code and non-polygons", async () => {
    const sq = { type: "Polygon", coordinates: [lonLatSquare(25, 60, 0.1)] };
    const fc = (...features: unknown[]) => ({ type: "FeatureCollection", features });
    const cases: [string, unknown, string, unknown][] = [
      ["3-position ring", fc(feature({ code: "091" }, { type: "Polygon", coordinates: [[[25, 60], [25.1, 60], [25, 60]]] })), "geojson", undefined],
      ["no code", fc(feature({ nimi: "X" }, sq)), "code", 0],
      ["bad code", fc(feature({ code: "091" }, sq), feature({ kuntatunnus: "HKI" }, sq)), "kuntatunnus", "HKI"],
      ["point", fc(feature({ code: "091" }, { type: "Point", coordinates: [25, 60] })), "geometry", 0],
      ["null geometry", fc(feature({ code: "091" }, sq), feature({ code: "092" }, null)), "geometry", 1],
      ["crs", { ...fc(feature({ code: "091" }, sq)), crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::3067" } } }, "crs", "urn:ogc:def:crs:EPSG::3067"],
      ["geometry", sq, "type", "Polygon"],
    ];
    for (const [name, doc, field, value] of cases) {
      const err = await rejection(readMunicipalityAreas(write(`${name}.geojson`, doc)));
      expect(err, name).toBeInstanceOf(InvalidInputError);
      expect(err.field, name).toBe(field);
      if (value !== undefined) expect(err.value, name).toEqual(value);
    }
    await expectError(readMunicipalityAreas(tempFile("text.json", "{ not json")), InvalidInputError, { field: "file" });
    await expectError(readMunicipalityAreas("/nonexistent/kunnat.geojson"), NotFoundError, { field: "file", value: "/nonexistent/kunnat.geojson" });
  });
});

describe("readMunicipalityAreas on GeoPackage fixtures", () => {
  const layer = (rows: unknown[][], srsId = 3067, columns: Record<string, string> = { kunta: "TEXT", nimi: "TEXT" }) =>
    writeGeoPackage("areas.gpkg", [{ table: "kunnat", srsId, columns, rows: rows as never }]);

  it("reads polygons and multipolygons, projecting from EPSG:3879", async () => {
    const multi = gpBlob(wkb({ type: "MultiPolygon", coordinates: [[square(25_490_000, 6_670_000, 1000)], [square(25_495_000, 6_670_000, 500)]] }), { srsId: 3879 });
    const areas = await readMunicipalityAreas(await layer([[multi, "92", "Vantaa"]], 3879));
    expect(areas.map((a) => [a.code, a.nameFi, a.rings.length])).toEqual([["092", "Vantaa", 2]]);
    const total = -signedAreas(areas[0].rings).reduce((a, b) => a + b, 0);
    // GK25 → TM35 shrinks lengths by ~0.02 % around lon 24.8° (scale factors 1.0000 vs ~0.9998).
    expect(Math.abs(total / 1_250_000 - 1)).toBeLessThan(0.001);
  });

  it("refuses a bad code, a non-polygon, an open ring, a corrupt blob and a layer without a code column", async () => {
    const ok = polygonBlob([square(385_000, 6_672_000, 100)]); // in Helsinki: positions must lie in Finland
    await expectError(readMunicipalityAreas(await layer([[ok, "91a", null]])), InvalidInputError, { field: "kunta", value: "91a" });
    await expectError(readMunicipalityAreas(await layer([[ok, "091", null], [gpBlob(wkb({ type: "Point", coordinates: [0, 0] })), "092", null]])), InvalidInputError, { field: "geom", value: 2 });
    await expectError(readMunicipalityAreas(await layer([[polygonBlob([square(0, 0, 100).slice(0, 4)]), "091", null]])), InvalidInputError, { field: "geom", value: 1 });
    await expectError(readMunicipalityAreas(await layer([[ok.subarray(0, 50), "091", null]])), CorruptDataError, { field: "geom", value: 1 });
    await expectError(readMunicipalityAreas(await layer([[ok, "Helsinki"]], 3067, { name: "TEXT" })), InvalidInputError, { field: "code" });
  });
});
