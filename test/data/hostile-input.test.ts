// The input-hardening rule (issue #10), importer by importer: malformed, oversized, wrongly typed,
// out-of-range and hostile input (NaN/Infinity, coordinates outside Finland, deep JSON, huge arrays,
// invalid UTF-8, path-like names) is refused with a typed error naming the field, and nothing is
// returned: every importer checks the whole input before it builds anything, so a refusal after
// good records still gives no result. The fuzz suite (test/fuzz) checks the same at random.
import { windows1252 } from "../fixtures/office.ts";
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import Pbf from "pbf";
import { describe, expect, it } from "vitest";
import { sharedData } from "../fixtures/shared-data.ts";
import { readServicePoints, parseServicePointsCsv, parseServicePointsGeoJson, readServiceSet, serviceSetFromPoints, SERVICE_POINT_COLUMNS } from "../../data/services/index.ts";
import { parseScenario, readScenario } from "../../data/scenario-file.ts";
import { parseGrouping, readGroupingFile } from "../../data/facts/grouping-file.ts";
import { GROUPINGS } from "../../data/facts/groupings.ts";
import { readPopulationGrid } from "../../data/population/index.ts";
import { readMunicipalTotals } from "../../data/population/totals.ts";
import { readMunicipalityAreas } from "../../data/areas/index.ts";
import { importOsm } from "../../data/osm/import.ts";
import { parseOsmXml } from "../../data/osm/xml.ts";
import { checkSafeName, fileSetName, isSafeName } from "../../data/names.ts";
import { decodeUtf8, invalidUtf8Offset, parseJsonInput, readBoundedFile } from "../../data/input.ts";
import { checked, newScenarioSchema } from "../../data/store/store.ts";
import { CorruptDataError, InvalidInputError, PalveluverkkoError } from "../../engine/errors.ts";
import { etrsProblem, FINLAND_ETRS, FINLAND_WGS84, wgs84Problem } from "../../engine/finland.ts";
import { toEtrs } from "../../engine/projection.ts";
import { polygonBlob, square, writeGeoPackage } from "../fixtures/gpkg.ts";
import { osmXml, tempFile } from "../fixtures/osm.ts";
import { rejection, type Failure } from "../fixtures/errors.ts";

/** The error a synchronous call throws; fails the test when it returns. */
function thrown(f: () => unknown): Failure {
  try {
    f();
  } catch (e) {
    return e as Failure;
  }
  throw new Error("expected a throw");
}

/** Typed, with this class and field (and value when given). */
function expectTyped(err: Failure, type: new (...args: never[]) => PalveluverkkoError, field: string | RegExp, value?: unknown): void {
  expect(err).toBeInstanceOf(type);
  if (typeof field === "string") expect(err.field).toBe(field);
  else expect(err.field).toMatch(field);
  if (value !== undefined) expect(err.value).toEqual(value);
}

/** Bytes of `text` with one byte spliced in at `at` (e.g. 0xE4, "ä" in Windows-1252). */
function withByte(text: string, at: number, byte: number): Uint8Array {
  const b = Buffer.from(text, "utf8");
  return Uint8Array.from([...b.subarray(0, at), byte, ...b.subarray(at)]);
}

const HEADER = SERVICE_POINT_COLUMNS.join(",");
const GOOD_ROW = "L-1,Kamppi,Kampen,091,24.9305,60.168,L,true";
const csv = (...rows: string[]) => [HEADER, GOOD_ROW, ...rows].join("\n") + "\n";
const point = (id: string, lon: unknown, lat: unknown, extra: Record<string, unknown> = {}) => ({
  type: "Feature",
  geometry: { type: "Point", coordinates: [lon, lat] },
  properties: { id, name_fi: "Kamppi", municipality: "091", level: "L", ...extra },
});
const collection = (...features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features: [point("L-1", 24.93, 60.17), ...features] });

describe("the shared Finland box (engine/finland.ts)", () => {
  it("passes Helsinki, Åland, Utsjoki and the HSY grid's corner; refuses NaN, Infinity, swapped axes, metres and Stockholm", () => {
    for (const [lon, lat] of [[24.94, 60.17], [19.9, 60.1], [27.03, 69.9], [31.5, 62.9]]) expect(wgs84Problem(lon, lat), `${lon},${lat}`).toBeNull();
    expect(wgs84Problem(NaN, 60)).toMatchObject({ field: "lon" });
    expect(wgs84Problem(24, Infinity)).toMatchObject({ field: "lat", value: Infinity });
    expect(wgs84Problem(60.17, 24.94)?.message).toMatch(/swap/);
    expect(wgs84Problem(385_000, 6_672_000)?.message).toMatch(/projected metres/);
    expect(wgs84Problem(18.07, 59.33)).toMatchObject({ field: "lon", value: 18.07 });
    expect(wgs84Problem(25, 71)).toMatchObject({ field: "lat", value: 71 });
  });

  it("has an EPSG:3067 extent holding the WGS84 box's corners, and refuses degrees given as metres", () => {
    for (const lon of [FINLAND_WGS84.lonMin, FINLAND_WGS84.lonMax]) {
      for (const lat of [FINLAND_WGS84.latMin, FINLAND_WGS84.latMax]) expect(etrsProblem(...toEtrs(lon, lat)), `${lon},${lat}`).toBeNull();
    }
    expect(etrsProblem(FINLAND_ETRS.xMin - 1, 7_000_000)).toMatchObject({ field: "x" });
    expect(etrsProblem(24.9, 60.2)?.message).toMatch(/WGS84 degrees/);
    expect(etrsProblem(400_000, NaN)).toMatchObject({ field: "y" });
  });
});

describe("shared input guards (data/input.ts)", () => {
  it("names the byte offset and line of the first invalid UTF-8 sequence", () => {
    const bytes = withByte("ok\nH\u00e4me\nx", 4, 0xe4); // a lone 0xE4 after "ok\nH"
    expect(invalidUtf8Offset(bytes)).toBe(4);
    const err = thrown(() => decodeUtf8(bytes, "t.csv"));
    expectTyped(err, InvalidInputError, "file", 4);
    expect(err.message).toMatch(/byte 4 \(line 2, column 2\)/);
    // Overlong encodings and encoded surrogates are not UTF-8 either.
    expect(invalidUtf8Offset(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(invalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(invalidUtf8Offset(Buffer.from("ääkkönen €𝄞"))).toBe(Buffer.from("ääkkönen €𝄞").length);
  });

  it("refuses a file over its limit before reading it", async () => {
    const path = tempFile("big.json", "x".repeat(1000));
    expectTyped(await rejection(readBoundedFile(path, 999)), InvalidInputError, "file", 1000);
    expect((await readBoundedFile(path, 1000)).length).toBe(1000);
  });

  it("bounds JSON depth and array length, and refuses unpaired surrogates, naming the JSON path", () => {
    const limits = { maxDepth: 4, maxArray: 3 };
    expectTyped(thrown(() => parseJsonInput("[[[[[1]]]]]", "t", limits)), InvalidInputError, "[0][0][0][0]", 5);
    expectTyped(thrown(() => parseJsonInput('{"a":{"b":[1,2,3,4]}}', "t", limits)), InvalidInputError, "a.b", 4);
    expectTyped(thrown(() => parseJsonInput('{"a":["ok","\\ud800"]}', "t", limits)), InvalidInputError, "a[1]");
    expectTyped(thrown(() => parseJsonInput("{", "t", limits)), InvalidInputError, "json");
    expect(parseJsonInput('{"a":["\\ud83d\\ude00"]}', "t", limits)).toEqual({ a: ["😀"] });
  });
});

describe("one rule for file and data names (data/names.ts)", () => {
  const hostile = ["../etc/passwd", "..", "a/b", "a\\b", "a..b", ".hidden", "a\u0000b", "a\nb", "a b", "", "x".repeat(101), "C:\\x", "%2e%2e"];

  it.each(hostile)("refuses %j everywhere a name becomes a key or file name", (name) => {
    expect(isSafeName(name)).toBe(false);
    expectTyped(thrown(() => checkSafeName(name, "id", "scenario id")), InvalidInputError, "id");
    const scenario = JSON.stringify({ id: name, name: "x", region: "uusimaa", changes: [] });
    expectTyped(thrown(() => parseScenario(scenario, "s.json")), InvalidInputError, "id");
    expectTyped(thrown(() => parseGrouping({ ...GROUPINGS[0], id: name }, "g.json")), InvalidInputError, "id");
    expectTyped(thrown(() => serviceSetFromPoints(name.trim() === "" ? "../x" : name, [], "s")), InvalidInputError, "id");
    expectTyped(thrown(() => checked(newScenarioSchema, { id: name, name: "x", region: "uusimaa", base: "uusimaa-default", changes: [] }, "scenario")), InvalidInputError, "id");
    expectTyped(thrown(() => checked(newScenarioSchema, { id: "ok", name: "x", region: "uusimaa", base: name, changes: [] }, "scenario")), InvalidInputError, "base");
  });

  it("takes ordinary names, and makes a safe set id of any file path", () => {
    for (const name of ["close-hanko", "uusimaa-default", "v1.2_final", "9"]) expect(isSafeName(name), name).toBe(true);
    for (const path of ["/data/palvelut 2024 (ÄÄ).csv", "../../etc/passwd", "/x/..csv", "C:\\Users\\a\\b.csv", "/x/\u0000.csv"]) {
      const id = fileSetName(path);
      expect(isSafeName(id), `${path} → ${id}`).toBe(true);
    }
    expect(fileSetName("/a/points.csv")).not.toBe(fileSetName("/b/points.csv"));
  });

  it("gives a service set read from a file a safe id, the path as its source", async () => {
    const path = tempFile("set.csv", csv());
    const set = await readServiceSet(path);
    expect(isSafeName(set.id)).toBe(true);
    expect(set.source).toBe(`file ${path}`);
  });
});

describe("service points: CSV and GeoJSON", () => {
  // [case, file text, field]: each file has a good first record, so refusing it means nothing half-imported.
  const csvCases: [string, string | Uint8Array, string][] = [
    ["NaN lon", csv("L-2,Töölö,Tölö,091,NaN,60.18,L,true"), "lon"],
    ["Infinity lat (1e999)", csv("L-2,Töölö,Tölö,091,24.92,1e999,L,true"), "lat"],
    ["hex lon", csv("L-2,Töölö,Tölö,091,0x18,60.18,L,true"), "lon"],
    ["Stockholm", csv("L-2,Tukholma,Stockholm,091,18.07,59.33,L,true"), "lon"],
    ["north of Finland", csv("L-2,Huippuvuoret,Svalbard,091,25.0,78.2,L,true"), "lat"],
    ["swapped axes", csv("L-2,Töölö,Tölö,091,60.18,24.92,L,true"), "lon"],
    ["metres", csv("L-2,Töölö,Tölö,091,385000,6672000,L,true"), "lon"],
    ["a NUL in the id", csv("L-2\u0000,Töölö,Tölö,091,24.92,60.18,L,true"), "id"],
    ["an escape in the id", csv("\u001b[31mL-2,Töölö,Tölö,091,24.92,60.18,L,true"), "id"],
    ["a 201-character id", csv(`${"x".repeat(201)},Töölö,Tölö,091,24.92,60.18,L,true`), "id"],
    ["a 301-character name", csv(`L-2,${"x".repeat(301)},Tölö,091,24.92,60.18,L,true`), "name_fi"],
    // A stray 0xE4 in a file whose other text is UTF-8: damaged, not Windows-1252.
    ["damaged UTF-8", withByte(csv("L-2,Töölö,Tölö,091,24.92,60.18,L,true"), HEADER.length + 1 + GOOD_ROW.length + 1 + 5, 0xe4), "file"],
    ["too many rows", HEADER + "\n" + `${GOOD_ROW}\n`.repeat(100_001), "rows"],
  ];

  it.each(csvCases)("CSV with %s is refused whole, naming the field", async (_, text, field) => {
    const err = await rejection(readServicePoints(tempFile("hostile.csv", text)));
    expectTyped(err, InvalidInputError, field);
  });

  it("names the byte and line of damaged UTF-8 in a service-point file (one with UTF-8 text elsewhere)", async () => {
    const text = csv("L-2,Töölö,Tölö,091,24.92,60.18,L,true");
    const at = text.indexOf("Töölö") + 1;
    const err = await rejection(readServicePoints(tempFile("damaged.csv", withByte(text, Buffer.byteLength(text.slice(0, at)), 0xe4))));
    expectTyped(err, InvalidInputError, "file", Buffer.byteLength(text.slice(0, at)));
    expect(err.message).toMatch(/line 3/);
  });

  it("reads a Windows-1252 service-point file (Excel's CSV on a Finnish Windows) and says so in the set's source", async () => {
    const text = "id;name_fi;name_sv;municipality;lon;lat;level\nL-2;Töölön terveysasema;Tölö hälsostation;Helsingfors;24,92;60,18;L\n";
    const file = tempFile("excel-1252.csv", Uint8Array.from([...text].map((c) => c.charCodeAt(0)))); // ä, ö, å are one byte each there
    const set = await readServiceSet(file);
    expect(set.points[0].name).toEqual({ fi: "Töölön terveysasema", sv: "Tölö hälsostation" });
    expect(set.source).toMatch(/read as Windows-1252: it is not UTF-8/);
    expect((await readServiceSet(tempFile("utf8.csv", text))).source).not.toMatch(/Windows/);
  });

  it("reads Windows-1252's own marks (0x80–0x9F: the en dash of Vantaa–Kerava, €, curly quotes) as those marks, not as control characters", async () => {
    const name = "Vantaa–Keravan ’uusi’ asema — 5 € … ”Tikkurila”";
    const text = `id;name_fi;name_sv;municipality;lon;lat;level\nL-2;${name};Vanda–Kervo;Vantaa;24,92;60,18;L\n`;
    const bytes = windows1252(text);
    expect(bytes.includes(0x96)).toBe(true); // the en dash is the single byte 0x96
    const [p] = await readServicePoints(tempFile("marks-1252.csv", new Uint8Array(bytes)));
    expect(p.name).toEqual({ fi: name, sv: "Vanda–Kervo" });
  });

  it("puts ids and names in Unicode NFC, so two spellings of one id are refused as the same id", async () => {
    const head = SERVICE_POINT_COLUMNS.join(",");
    const row = (id: string, name: string) => `${id},${name},${name},091,24.94,60.17,L,true`;
    const one = parseServicePointsCsv(`${head}\n${row("ma\u0308ki", "Ma\u0308en asema")}\n`);
    expect([one[0].id, one[0].name.fi]).toEqual(["m\u00e4ki", "M\u00e4en asema"]);
    expectTyped(thrown(() => parseServicePointsCsv(`${head}\n${row("ma\u0308ki", "A")}\n${row("m\u00e4ki", "B")}\n`)), InvalidInputError, /id/);
    // JSON escapes too, and a file read from disk.
    expect(parseJsonInput('{"id": "ma\\u0308ki"}', "t", { maxDepth: 4, maxArray: 4 })).toEqual({ id: "m\u00e4ki" });
    const file = tempFile("nfc.csv", `${head}\n${row("ma\u0308ki", "x")}\n`);
    expect((await readServicePoints(file)).map((p) => p.id)).toEqual(["m\u00e4ki"]);
  });

  it("refuses an unpaired surrogate in CSV text given as a string (an HTTP body)", () => {
    expectTyped(thrown(() => parseServicePointsCsv(csv("L-2,T\uD800l,Tölö,091,24.92,60.18,L,true"), "CSV")), InvalidInputError, "csv");
  });

  const geoCases: [string, string, string | RegExp][] = [
    ["NaN as text (not a GeoJSON position)", collection(point("L-2", "NaN", 60.18)), "geojson"],
    ["Infinity (1e999)", collection(point("L-2", 24.92, 1e999)).replace("null", "1e999"), "lat"],
    ["Stockholm", collection(point("L-2", 18.07, 59.33)), "lon"],
    ["swapped axes", collection(point("L-2", 60.18, 24.92)), "lon"],
    ["a NUL in the id", collection(point("L-2\u0000", 24.92, 60.18)), "id"],
    ["an unpaired surrogate", collection(point("L-2", 24.92, 60.18, { name_fi: "\uD800" })).replace("\uD800", "\\ud800"), "features[1].properties.name_fi"],
    ["coordinates nested 10,000 deep", JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: "DEEP" } }] }).replace('"DEEP"', "[".repeat(10_000) + "]".repeat(10_000)), /^features\[0\]\.geometry\.coordinates/],
    ["100,001 features", JSON.stringify({ type: "FeatureCollection", features: Array.from({ length: 100_001 }, () => 0) }), "features"],
  ];

  it.each(geoCases)("GeoJSON with %s is refused whole, naming the field", (_, text, field) => {
    expectTyped(thrown(() => parseServicePointsGeoJson(text, "GeoJSON")), InvalidInputError, field);
  });
});

describe("scenario files (data/scenario-file.ts)", () => {
  const doc = (changes: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ id: "s", name: "s", region: "uusimaa", changes: [{ op: "close", id: "L-1" }, ...changes], ...extra });
  const add = (lon: unknown, lat: unknown) => ({ op: "add", point: { id: "new", name_fi: "Uusi", municipality: "091", lon, lat, level: "L" } });
  const cases: [string, string, string][] = [
    ["a move to Infinity (1e999)", doc([{ op: "move", id: "L-1", lon: 24.9, lat: "INF" }]).replace('"INF"', "1e999"), "changes[1].lat"],
    ["a move to Stockholm", doc([{ op: "move", id: "L-1", lon: 18.07, lat: 59.33 }]), "changes[1].lon"],
    ["a move given in metres", doc([{ op: "move", id: "L-1", lon: 385000, lat: 6672000 }]), "changes[1].lon"],
    ["an add north of Finland", doc([add(25, 78.2)]), "changes[1].point.lat"],
    ["an add with a string lat", doc([add(25, "60.2")]), "changes[1].point.lat"],
    ["a point id with a NUL", doc([{ op: "close", id: "L-\u00001" }]), "changes[1].id"],
    ["a services path with a NUL", doc([], { services: "points.csv\u0000.txt" }), "services"],
    ["10,001 changes", doc(Array.from({ length: 10_000 }, () => ({ op: "close", id: "L-1" }))), "changes"],
    ["nesting 10,000 deep", doc([{ op: "close", id: "DEEP" }]).replace('"DEEP"', "[".repeat(10_000) + "]".repeat(10_000)), /^changes\[1\]\.id/ as unknown as string],
    ["an unpaired surrogate in the name", doc([], { name: "x" }).replace('"name":"x"', '"name":"\\udc00"'), "name"],
  ];

  it.each(cases)("refuses %s, naming the field", (_, text, field) => {
    expectTyped(thrown(() => parseScenario(text, "s.json")), InvalidInputError, field);
  });

  it("takes an added point's municipality by code or by name, and answers an unknown name with the closest", () => {
    const withMunicipality = (m: string) => JSON.stringify({ id: "s", name: "s", region: "uusimaa", changes: [{ op: "add", point: { id: "n", name_fi: "Uusi", municipality: m, lon: 23.76, lat: 61.5, level: "L" } }] });
    for (const [m, code] of [["Tampere", "837"], ["tammerfors", "837"], ["91", "091"], ["Anár", "148"]]) {
      const s = parseScenario(withMunicipality(m), "s.json");
      expect((s.changes[0] as { point: { municipality: string } }).point.municipality, m).toBe(code);
    }
    const err = thrown(() => parseScenario(withMunicipality("Tamprere"), "s.json"));
    expectTyped(err, InvalidInputError, "changes[0].point.municipality");
    expect(err.message).toMatch(/closest: Tampere/);
  });

  it("refuses the same in API-shaped bodies, checked by the shared schemas without JSON text", () => {
    const body = (change: unknown) => ({ id: "s", name: "s", region: "uusimaa", base: "uusimaa-default", changes: [change] });
    const cases: [unknown, string][] = [
      [add(18.07, 59.33), "changes[0].point.lon"],
      [add(24.9, Number.NaN), "changes[0].point.lat"],
      [{ op: "move", id: "L-1", lon: Number.POSITIVE_INFINITY, lat: 60 }, "changes[0].lon"],
      [{ op: "add", point: { id: "n", name_fi: "\uD800", municipality: "091", lon: 24.9, lat: 60.2, level: "L" } }, "changes[0].point.name_fi"],
      [{ op: "close", id: "a\nb" }, "changes[0].id"],
    ];
    for (const [change, field] of cases) expectTyped(thrown(() => checked(newScenarioSchema, body(change), "scenario")), InvalidInputError, field);
  });

  it("refuses a scenario file with invalid UTF-8, naming the byte", async () => {
    const text = doc([], { name: "Toolo" });
    const at = text.indexOf("Toolo") + 1;
    expectTyped(await rejection(readScenario(tempFile("s.json", withByte(text, at, 0xe4)))), InvalidInputError, "file", at);
  });
});

describe("grouping files (data/facts/grouping-file.ts)", () => {
  const good = GROUPINGS.find((g) => g.id === "uusimaa-6")!;
  it("takes a built-in grouping as a document", () => {
    expect(parseGrouping(JSON.parse(JSON.stringify(good)), "g").id).toBe(good.id);
  });

  it("refuses path-like ids, control characters, unpaired surrogates, deep nesting and huge arrays", () => {
    const doc = () => JSON.parse(JSON.stringify(good));
    expectTyped(thrown(() => parseGrouping({ ...doc(), id: "../../x" }, "g")), InvalidInputError, "id", "../../x");
    const nul = doc();
    nul.units[0].id = "a\u0000b";
    expectTyped(thrown(() => parseGrouping(nul, "g")), InvalidInputError, "units[0].id");
    const lone = doc();
    lone.units[1].name = { fi: "\uDC00" };
    expectTyped(thrown(() => parseGrouping(lone, "g")), InvalidInputError, "units[1].name.fi");
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expectTyped(thrown(() => parseGrouping({ ...doc(), source: deep }, "g")), InvalidInputError, /^source/);
    expectTyped(thrown(() => parseGrouping({ ...doc(), units: Array.from({ length: 1001 }, () => good.units[0]) }, "g")), InvalidInputError, "units", 1001);
  });

  it("refuses a grouping file with invalid UTF-8, naming the byte", async () => {
    const text = JSON.stringify({ ...good, source: "Toolo" });
    const at = text.indexOf("Toolo") + 1;
    expectTyped(await rejection(readGroupingFile(tempFile("g.json", withByte(text, at, 0xe4)))), InvalidInputError, "grouping-file", at);
  });
});

describe("population grids and totals (data/population)", () => {
  const rows = (...more: string[]) => ["x,y,population", "385125,6672125,10", ...more].join("\n") + "\n";
  const cases: [string, string | Uint8Array, string][] = [
    ["NaN x", rows("NaN,6672125,1"), "x"],
    ["Infinity y", rows("385375,Infinity,1"), "y"],
    ["1e999 y", rows("385375,1e999,1"), "y"],
    ["degrees given as metres", "x,y,population\n24.9,60.2,1\n25.0,60.2,1\n", "x"],
    ["a cell in Sweden (x < 20 km)", rows("-125,6672125,1"), "x"],
    ["a cell north of Finland", rows("385125,7900125,1"), "y"],
    ["Windows-1252 ä in the header", withByte(rows(), 5, 0xe4), "file"],
  ];

  it.each(cases)("a CSV grid with %s is refused whole, naming the field", async (_, text, field) => {
    expectTyped(await rejection(readPopulationGrid(tempFile("grid.csv", text))), InvalidInputError, field);
  });

  it("refuses a GeoPackage cell outside Finland after the good ones", async () => {
    const path = await writeGeoPackage("far.gpkg", [
      { table: "cells", srsId: 3067, columns: { inhabitants: "INTEGER" }, rows: [[polygonBlob([square(385_000, 6_672_000, 250)]), 5], [polygonBlob([square(0, 0, 250)]), 1]] },
    ]);
    const err = await rejection(readPopulationGrid(path));
    expectTyped(err, InvalidInputError, "geom", 2);
    expect(err.message).toMatch(/outside Finland/);
  });

  it("refuses a totals file in no known encoding (0x81: neither UTF-8 nor Windows-1252)", async () => {
    expectTyped(await rejection(readMunicipalTotals(tempFile("t.csv", withByte("code,population\n091,1\n", 18, 0x81)))), InvalidInputError, "totals", 18);
  });

  it("reads totals as offices save them: semicolons, Windows-1252, municipalities by name, thousands spaced", async () => {
    const text = "Kunta;Väkiluku\nHelsinki;664 028\nEsbo;305 274\n91;1\n";
    const bytes = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    const err = await rejection(readMunicipalTotals(tempFile("t-1252.csv", bytes)));
    expect(err.message).toMatch(/municipality 091 appears twice/); // Helsinki by name and by code: one municipality
    const ok = await readMunicipalTotals(tempFile("t-ok.csv", Uint8Array.from([..."Kunta;Väkiluku\nHelsinki;664 028\nEsbo;305 274\n"].map((c) => c.charCodeAt(0)))));
    expect([...ok.totals]).toEqual([["091", 664_028], ["049", 305_274]]);
    expect((await rejection(readMunicipalTotals(tempFile("t-bad.csv", "kunta,väki\nHelsinkii,1\n")))).message).toMatch(/neither a municipality code nor a municipality's name: closest: Helsinki/);
  });
});

describe("municipality boundaries (data/areas)", () => {
  const ring = (lon: number, lat: number, d = 0.01) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
  const fc = (...rings: number[][][]) =>
    JSON.stringify({ type: "FeatureCollection", features: rings.map((r, i) => ({ type: "Feature", properties: { code: String(91 + i) }, geometry: { type: "Polygon", coordinates: [r] } })) });

  it.each([
    ["a ring in Stockholm", fc(ring(24.9, 60.2), ring(18.0, 59.3)), "geometry", 1],
    ["swapped axes", fc(ring(60.2, 24.9)), "geometry", 0],
    ["nesting 10,000 deep", JSON.stringify({ type: "FeatureCollection", features: ["DEEP"] }).replace('"DEEP"', "[".repeat(10_000) + "]".repeat(10_000)), /^features\[0\]/, undefined],
    ["an unpaired surrogate", JSON.stringify({ type: "FeatureCollection", features: [] }).replace("[]", '[{"type":"Feature","properties":{"nimi":"\\ud800"},"geometry":null}]'), "features[0].properties.nimi", undefined],
  ] as [string, string, string | RegExp, unknown][])("GeoJSON with %s is refused, naming the field", async (_, text, field, value) => {
    expectTyped(await rejection(readMunicipalityAreas(tempFile("areas.geojson", text))), InvalidInputError, field, value);
  });

  it("refuses GeoJSON with invalid UTF-8 and a GeoPackage ring outside Finland", async () => {
    const text = fc(ring(24.9, 60.2));
    expectTyped(await rejection(readMunicipalityAreas(tempFile("a.geojson", withByte(text, 3, 0xc3)))), InvalidInputError, "file", 3);
    const path = await writeGeoPackage("far-areas.gpkg", [{ table: "kunnat", srsId: 3067, columns: { kunta: "TEXT" }, rows: [[polygonBlob([square(385_000, 6_672_000, 100)]), "091"], [polygonBlob([square(900_000, 6_672_000, 100)]), "092"]] }]);
    expectTyped(await rejection(readMunicipalityAreas(path)), InvalidInputError, "geom", 2);
  });
});

describe("OSM extracts (data/osm)", () => {
  const road = { highway: "residential" };

  it("refuses NaN, Infinity and off-the-globe node coordinates as corrupt", async () => {
    for (const [lon, lat] of [["NaN", "60"], ["24.9", "Infinity"], ["24.9", "95"], ["200", "60"]]) {
      const text = `<osm><node id="1" lon="${lon}" lat="${lat}"/></osm>`;
      expectTyped(thrown(() => parseOsmXml(text, "t.osm")), CorruptDataError, "osm");
      expectTyped(await rejection(importOsm(tempFile("bad.osm", text))), CorruptDataError, "osm");
    }
  });

  it("refuses a PBF zip bomb (a blob inflating far past 32 MiB, or past what it declares) before taking the memory", async () => {
    // The real Kluuvi extract's OSMHeader blob, then an OSMData blob of 256 MiB of zeros (256 kB on disk).
    const real = readFileSync(sharedData("osm/helsinki-kluuvi.osm.pbf"));
    const headerLen = real.readUInt32BE(0);
    const first = real.subarray(0, 4 + headerLen + (new Pbf(real.subarray(4, 4 + headerLen)).readFields((tag: number, h: { size: number }, p?: Pbf) => { if (tag === 3) h.size = p!.readVarint(); else if (tag === 1) p!.readString(); }, { size: 0 })).size);
    const zeros = deflateSync(Buffer.alloc(256 * 1024 * 1024));
    const bomb = (declared: number | undefined) => {
      const blob = new Pbf();
      if (declared !== undefined) blob.writeVarintField(2, declared);
      blob.writeBytesField(3, zeros);
      const body = blob.finish();
      const header = new Pbf();
      header.writeStringField(1, "OSMData");
      header.writeVarintField(3, body.length);
      const h = header.finish();
      const len = Buffer.alloc(4);
      len.writeUInt32BE(h.length);
      return Buffer.concat([first, len, h, body]);
    };
    expect(zeros.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    for (const [declared, why] of [[undefined, /inflates past the format's limit of 33554432 bytes/], [1000, /inflates past the 1000 bytes it declares/], [256 * 1024 * 1024, /declares 268435456 bytes inflated, over the format's limit/]] as const) {
      const err = await rejection(importOsm(tempFile("bomb.osm.pbf", bomb(declared))));
      expectTyped(err, CorruptDataError, "osm");
      expect(err.message).toMatch(why);
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("says so when an extract holds no road a car may drive, instead of writing an empty graph", async () => {
    const text = osmXml({ 1: [0, 0], 2: [100, 0] }, [{ id: 9, nodes: [1, 2], tags: { highway: "footway" } }]);
    const err = await rejection(importOsm(tempFile("footway.osm", text)));
    expectTyped(err, InvalidInputError, "osm");
    expect(err.message).toMatch(/holds no road a car may drive/);
  });

  it("refuses an extract whose roads lie outside Finland (Stockholm)", async () => {
    const nodes = [[1, 18.06, 59.33], [2, 18.07, 59.33], [3, 18.08, 59.33]];
    const text = `<osm>${nodes.map(([id, lon, lat]) => `<node id="${id}" lon="${lon}" lat="${lat}"/>`).join("")}<way id="9"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/></way></osm>`;
    const err = await rejection(importOsm(tempFile("stockholm.osm", text)));
    expectTyped(err, InvalidInputError, "osm");
    expect(err.message).toMatch(/3 of 3 road nodes lie outside Finland/);
  });

  it("leaves out the few road nodes outside Finland, as at an extract's edge, and counts them", async () => {
    const text = osmXml({ 1: [0, 0], 2: [100, 0], 3: [200, 0] }, [{ id: 9, nodes: [1, 2, 3, 4], tags: road }]).replace("</osm>", '<node id="4" lon="18.0" lat="59.3"/></osm>');
    const { graph, stats } = await importOsm(tempFile("edge.osm", text));
    expect(stats.outsideFinland).toBe(1);
    expect(graph.nodeCount).toBe(3);
  });

  it("refuses OSM XML with invalid UTF-8, naming the byte", async () => {
    const text = osmXml({ 1: [0, 0], 2: [100, 0] }, [{ id: 9, nodes: [1, 2], tags: { highway: "residential", name: "Toolo" } }]);
    const at = text.indexOf("Toolo") + 1;
    expectTyped(await rejection(importOsm(tempFile("latin1.osm", withByte(text, at, 0xf6)))), InvalidInputError, "osm", at);
  });
});
