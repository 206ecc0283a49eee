// Service sets as data (data/services). The default sets: one L per municipality at its centre,
// the regions' hospitals as E and A within 10 km of their municipality's centre. The importers:
// small CSV and GeoJSON files written here into the test scratch directory; good files give exact
// points and round-trip through the writer, and each kind of bad file is rejected whole, naming the
// line or feature, the field and the value.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { InvalidInputError, NotFoundError, PalveluverkkoError } from "../../engine/errors.ts";
import { toEtrs } from "../../engine/projection.ts";
import { validateServicePoints, type ServicePoint } from "../../engine/services.ts";
import { findFinnishMunicipality as findMunicipality, findRegion, municipalitiesOf } from "../../data/facts/index.ts";
import {
  defaultServiceSets,
  defaultServiceSet,
  parseServicePointsCsv,
  readServicePoints,
  serviceSetFromPoints,
  servicePointsCsv,
  servicePointsGeoJson,
  servicePointsXlsx,
} from "../../data/services/index.ts";

const scratch = process.env.PALVELUVERKKO_TEST_SCRATCH;
if (!scratch) throw new Error("PALVELUVERKKO_TEST_SCRATCH is not set: run through vitest, whose global setup makes it");
const dir = mkdtempSync(join(scratch, "services-"));

/** Writes a fixture file into this test's scratch directory and returns its path. */
function fixture(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The error a read rejects with; fails the test if the read returns anything. */
async function rejection(read: Promise<unknown>): Promise<PalveluverkkoError> {
  let returned: unknown;
  try {
    returned = await read;
  } catch (err) {
    expect(err).toBeInstanceOf(PalveluverkkoError);
    return err as PalveluverkkoError;
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(returned)}`);
}

/** Great-circle distance in km (mean Earth radius); plenty for a 10 km sanity bound. */
function km(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const HEADER = "id,name_fi,name_sv,municipality,lon,lat,level,open";

const point = (id: string, fi: string, sv: string, municipality: string, lon: number, lat: number, level: "L" | "A" | "E", open = true): ServicePoint => ({
  id,
  name: { fi, sv },
  municipality,
  lon,
  lat,
  level,
  open,
});

describe("default service sets", () => {
  // The hospitals each region's set holds (data/facts/hospitals.ts): E then A, in the facts' order.
  const HOSPITALS: Record<string, [string, string, string][]> = {
    uusimaa: [
      ["E-hus-meilahti", "E", "091"],
      ["A-hus-jorvi", "A", "049"],
      ["A-hus-peijas", "A", "092"],
      ["A-hus-hyvinkaa", "A", "106"],
      ["A-hus-porvoo", "A", "638"],
      ["A-hus-lohja", "A", "444"],
      ["A-haartman", "A", "091"],
      ["A-malmi", "A", "091"],
    ],
    lappi: [
      ["E-lks", "E", "698"],
      ["A-lpks", "A", "240"],
    ],
    pirkanmaa: [["E-tays", "E", "837"]],
  };

  it.each([
    ["uusimaa", 26, 34],
    ["lappi", 21, 23],
    ["pirkanmaa", 23, 24],
  ] as const)("%s: validates, one L at each of its %i municipal centres, %i points in all", (id, municipalities, total) => {
    const region = findRegion(id);
    const set = defaultServiceSet(region);
    expect(set).toBe(defaultServiceSets().get(id));
    expect(set.id).toBe(`${id}-default`);
    expect(() => validateServicePoints(set.points)).not.toThrow();
    expect(set.points).toHaveLength(total);
    expect(set.points.every((p) => p.open)).toBe(true);

    const ls = set.points.filter((p) => p.level === "L");
    expect(ls).toHaveLength(municipalities);
    const expected = municipalitiesOf(region);
    expect(ls.map((p) => p.municipality).sort()).toEqual(expected.map((m) => m.code).sort());
    for (const m of expected) {
      const l = ls.find((p) => p.municipality === m.code)!;
      expect(l.id).toBe(`L-${m.code}`);
      expect([l.lon, l.lat]).toEqual([m.centre.lon, m.centre.lat]);
    }
  });

  it("names health stations after their municipality in Finnish and Swedish", () => {
    const helsinki = defaultServiceSet(findRegion("uusimaa")).points.find((p) => p.id === "L-091")!;
    expect(helsinki.name).toEqual({ fi: "Helsinki, terveysasema (kuntakeskus)", sv: "Helsingfors, hälsostation (kommuncentrum)" });
    const tornio = defaultServiceSet(findRegion("lappi")).points.find((p) => p.id === "L-851")!;
    expect(tornio.name).toEqual({ fi: "Tornio, terveysasema (kuntakeskus)", sv: "Torneå, hälsostation (kommuncentrum)" });
  });

  it.each(["uusimaa", "lappi", "pirkanmaa"] as const)("%s: the expected hospitals as E and A, each within 10 km of its municipality's centre", (id) => {
    const region = findRegion(id);
    const hospitals = defaultServiceSet(region).points.filter((p) => p.level !== "L");
    expect(hospitals.map((p) => [p.id, p.level, p.municipality])).toEqual(HOSPITALS[id]);
    const codes = new Set(region.municipalities);
    for (const h of hospitals) {
      expect(codes.has(h.municipality)).toBe(true);
      const d = km(h, findMunicipality(h.municipality).centre);
      expect(d, `${h.id} is ${d.toFixed(1)} km from the centre of ${h.municipality}`).toBeLessThan(10);
    }
  });

  it("across a border: the other organisers' points inside the box come too (Tampere's box: Kanta-Häme's none, Pirkanmaa's own)", () => {
    const kantaHame = findRegion("kanta-hame");
    const plain = defaultServiceSet(kantaHame);
    // A box around Tampere, Nokia and Kangasala: Pirkanmaa's points there join Kanta-Häme's set.
    const cross = defaultServiceSet(kantaHame, [23.5, 61.4, 24.1, 61.6]);
    const added = cross.points.filter((p) => !plain.points.some((q) => q.id === p.id)).map((p) => p.id);
    expect(added).toContain("E-tays");
    expect(added).toEqual(expect.arrayContaining(["L-837", "L-536", "L-211"]));
    expect(cross.id).toBe("kanta-hame-default-cross-border");
  });

  it("is frozen; every built-in region's set round-trips through CSV", () => {
    const uusimaa = defaultServiceSet(findRegion("uusimaa"));
    expect(Object.isFrozen(uusimaa.points)).toBe(true);
    expect(Object.isFrozen(uusimaa.points[0])).toBe(true);
    for (const set of defaultServiceSets().values()) {
      expect(parseServicePointsCsv(servicePointsCsv(set.points))).toEqual(set.points);
    }
  });
});

describe("readServicePoints: good files", () => {
  it("reads CSV with a BOM, short codes, any-case levels, the open words and optional name_sv", async () => {
    const csv = [
      "\uFEFF" + HEADER,
      "L-1,Kallion terveysasema,Berghälls hälsostation,91,24.9496,60.1841,l,kyllä",
      "",
      'A-2,"Jorvi, päivystys",,49,24.6864,60.2208,A,0',
      "E-3,Meilahti,Mejlans,091,24.9053,60.1886,E,",
      "L-4,Ivalo,Ivalo,148,27.5402,68.6573,L,No",
    ].join("\r\n");
    expect(await readServicePoints(fixture("good.csv", csv))).toEqual([
      point("L-1", "Kallion terveysasema", "Berghälls hälsostation", "091", 24.9496, 60.1841, "L", true),
      point("A-2", "Jorvi, päivystys", "Jorvi, päivystys", "049", 24.6864, 60.2208, "A", false),
      point("E-3", "Meilahti", "Mejlans", "091", 24.9053, 60.1886, "E", true),
      point("L-4", "Ivalo", "Ivalo", "148", 27.5402, 68.6573, "L", false),
    ]);
  });

  it("reads what Excel saves in a Finnish locale: semicolons, decimal commas, municipalities by Finnish or Swedish name", async () => {
    const csv = [
      "\uFEFFid;name_fi;name_sv;municipality;lon;lat;level;open",
      "L-1;Kallion terveysasema;Berghälls hälsostation;Helsinki;24,9496;60,1841;L;kyllä",
      'A-2;"Jorvi; päivystys";;Esbo;24,6864;60,2208;A;0',
      "E-3;Meilahti;Mejlans;91;24.9053;60.1886;E;",
      "L-4;Hervanta;Hervanta;tampere;23,8496;61,4497;L;",
    ].join("\r\n");
    expect(await readServicePoints(fixture("excel-fi.csv", csv))).toEqual([
      point("L-1", "Kallion terveysasema", "Berghälls hälsostation", "091", 24.9496, 60.1841, "L", true),
      point("A-2", "Jorvi; päivystys", "Jorvi; päivystys", "049", 24.6864, 60.2208, "A", false),
      point("E-3", "Meilahti", "Mejlans", "091", 24.9053, 60.1886, "E", true),
      point("L-4", "Hervanta", "Hervanta", "837", 23.8496, 61.4497, "L", true),
    ]);
  });

  it("reads ETRS-TM35FIN metres (EPSG:3067) given as x,y or E,N instead of lon,lat", async () => {
    const [x1, y1] = toEtrs(24.9525, 60.1694).map((v) => Math.round(v * 100) / 100);
    const [x2, y2] = toEtrs(23.7610, 61.4978).map((v) => Math.round(v * 100) / 100);
    const xy = `id,name_fi,municipality,x,y,level\nsenaatintori,Senaatintori,091,${x1},${y1},L\n`;
    const en = `id;name_fi;municipality;E;N;level\nkeskustori;Keskustori;Tampere;${String(x2).replace(".", ",")};${String(y2).replace(".", ",")};A\n`;
    const [a] = await readServicePoints(fixture("xy.csv", xy));
    const [b] = await readServicePoints(fixture("en.csv", en));
    expect([a.lon, a.lat, b.lon, b.lat, b.municipality]).toEqual([expect.closeTo(24.9525, 5), expect.closeTo(60.1694, 5), expect.closeTo(23.761, 5), expect.closeTo(61.4978, 5), "837"]);
    const err = await rejection(readServicePoints(fixture("bad-xy.csv", "id,name_fi,municipality,x,y,level\nq,Q,091,24.95,60.17,L\n")));
    expect(err).toMatchObject({ field: "x" });
    expect(err.message).toMatch(/line 2: x 24\.95, y 60\.17 is outside Finland: these look like WGS84 degrees/);
  });

  it("reads an XLSX sheet as Excel saves it: numbers, texts, a formula's value, municipalities by name", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Palvelupisteet");
    ws.addRow(["id", "name_fi", "name_sv", "municipality", "lon", "lat", "level", "open"]);
    ws.addRow(["L-1", "Kallion terveysasema", "Berghälls hälsostation", "Helsinki", 24.9496, 60.1841, "L", true]);
    ws.addRow([]);
    ws.addRow(["A-2", "Jorvi", null, 49, { formula: "24.6+0.0864", result: 24.6864 }, 60.2208, "A", "ei"]);
    const good = fixture("points.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await readServicePoints(good)).toEqual([
      point("L-1", "Kallion terveysasema", "Berghälls hälsostation", "091", 24.9496, 60.1841, "L", true),
      point("A-2", "Jorvi", "Jorvi", "049", 24.6864, 60.2208, "A", false),
    ]);
    ws.addRow(["E-3", "Meilahti", "Mejlans", "Helsinki", 60.1886, 24.9053, "E", true]);
    const err = await rejection(readServicePoints(fixture("bad.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()))));
    expect(err).toMatchObject({ field: "lon" });
    expect(err.message).toMatch(/row 5 of sheet "Palvelupisteet": .*did you swap lon and lat\?/);
  });

  it("reads CSV without the optional columns, in any column order", async () => {
    const csv = "level,lat,lon,municipality,name_fi,id\ne,66.4919,25.7783,698,Lapin keskussairaala,E-lks\n";
    expect(await readServicePoints(fixture("minimal.csv", csv))).toEqual([
      point("E-lks", "Lapin keskussairaala", "Lapin keskussairaala", "698", 25.7783, 66.4919, "E", true),
    ]);
  });

  it("round-trips what the writer writes, quotes, commas and line breaks included", async () => {
    const points = [
      point("x,1", 'Hanko "Itä"', "Hangö, östra", "078", 22.968981, 59.8236377, "L", false),
      point("x2", "Inkoo", "Ingå\ncentrum", "149", 24.0044161, 60.0437257, "A", true),
      point("x3", "Utsjoki", "Utsjoki", "890", 27.0283385, 69.9078805, "E", true),
    ];
    const text = servicePointsCsv(points);
    expect(text.split("\n")[0]).toBe(HEADER);
    expect(await readServicePoints(fixture("roundtrip.csv", text))).toEqual(points);
  });

  it("round-trips the service types, can_host, languages and capacity through CSV (either delimiter), XLSX and GeoJSON; a set without them keeps the plain header", async () => {
    const points: ServicePoint[] = [
      { ...point("h", "Hammashoitola", "Tandklinik", "091", 24.94, 60.17, "L"), types: ["dental-care"], languages: ["fi", "sv"] },
      { ...point("t", "Terveysasema", "Hälsostation", "091", 24.95, 60.18, "L"), hosts: ["A", "central-hospital"], capacity: 18250.5 },
      point("p", "Pelkkä", "Bara", "091", 24.96, 60.19, "A"),
    ];
    const csv = servicePointsCsv(points);
    expect(csv.split("\n")[0]).toBe(`${HEADER},types,can_host,languages,capacity`);
    expect(await readServicePoints(fixture("lists.csv", csv))).toEqual(points);
    expect(await readServicePoints(fixture("lists-semicolon.csv", servicePointsCsv(points, ";")))).toEqual(points);
    expect(await readServicePoints(fixture("lists.xlsx", await servicePointsXlsx(points)))).toEqual(points);
    expect(await readServicePoints(fixture("lists.geojson", servicePointsGeoJson(points)))).toEqual(points);
    // As people type them: commas in a quoted cell, any case, a level letter in can_host.
    const typed = `${HEADER},types,can_host,languages,capacity\nh,H,H,091,24.94,60.17,L,true,"Dental-Care, mental-health-substance",a,SV,12 000\n`;
    expect((await readServicePoints(fixture("typed.csv", typed)))[0]).toMatchObject({ types: ["dental-care", "mental-health-substance"], hosts: ["A"], languages: ["sv"], capacity: 12000 });
    const bad = await rejection(readServicePoints(fixture("bad-lists.csv", `${HEADER},types,languages,capacity\nh,H,H,091,24.94,60.17,L,true,dental care!,finnish,-5\n`)));
    expect(bad.field).toBe("types");
    expect(bad.message).toMatch(/types: "care!" is not a service type id[\s\S]*languages: "finnish" is not a language code[\s\S]*capacity "-5" is not a number of people/);
  });

  it("trims edge spaces from every field, quoted or not", () => {
    const [p] = parseServicePointsCsv(`${HEADER}\n L-1 ," Askola ",  Askola,18 , 25.5986286,60.5301392 , l , yes \n`);
    expect(p).toEqual(point("L-1", "Askola", "Askola", "018", 25.5986286, 60.5301392, "L", true));
  });

  it("reads a GeoJSON FeatureCollection of Points, .geojson or .json, lon/lat from the geometry", async () => {
    const doc = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", geometry: { type: "Point", coordinates: [25.0592, 60.3314] }, properties: { id: "A-peijas", name_fi: "Peijas", name_sv: "Pejas", municipality: 92, level: "a", open: true } },
        { type: "Feature", id: "L-245", geometry: { type: "Point", coordinates: [25.1006207, 60.4036311, 30] }, properties: { name_fi: "Kerava", municipality: "245", level: "L", open: "ei" } },
      ],
    };
    const expected = [
      point("A-peijas", "Peijas", "Pejas", "092", 25.0592, 60.3314, "A", true),
      point("L-245", "Kerava", "Kerava", "245", 25.1006207, 60.4036311, "L", false),
    ];
    expect(await readServicePoints(fixture("good.geojson", JSON.stringify(doc)))).toEqual(expected);
    expect(await readServicePoints(fixture("good.json", JSON.stringify(doc, null, 2)))).toEqual(expected);
  });

  it("takes the format from options over the extension", async () => {
    const path = fixture("points.txt", `${HEADER}\nL-1,Askola,Askola,018,25.5986286,60.5301392,L,true\n`);
    expect(await readServicePoints(path, { format: "csv" })).toEqual([point("L-1", "Askola", "Askola", "018", 25.5986286, 60.5301392, "L")]);
  });
});

describe("readServicePoints: bad files are rejected whole", () => {
  const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";
  const good = "L-1,Askola,Askola,018,25.5986286,60.5301392,L,true";

  it.each([
    ["bad level on line 3", csv(good, "L-2,Hanko,Hangö,078,22.97,59.82,X,true"), "level", "X", /line 3: level "X" is not E, A or L/],
    ["NaN lon", csv("L-1,Askola,Askola,018,NaN,60.53,L,true"), "lon", "NaN", /line 2: lon "NaN" is not a number/],
    ["swapped lon and lat", csv("L-1,Askola,Askola,018,60.5301392,25.5986286,L,true"), "lon", 60.5301392, /line 2: .*outside Finland: did you swap lon and lat\?/],
    ["projected metres", csv("L-1,Askola,Askola,018,412000,6713000,L,true"), "lon", 412000, /line 2: .*projected metres/],
    ["duplicate id", csv(good, "L-2,Hanko,Hangö,078,22.97,59.82,L,true", "L-1,Inkoo,Ingå,149,24.00,60.04,L,true"), "id", "L-1", /line 4: id "L-1" is used twice: line 2 and line 4/],
    ["missing header column", "id,name_fi,name_sv,municipality,lon,lat,open\nL-1,Askola,Askola,018,25.6,60.5,true\n", "header", "level", /line 1: the header lacks "level"/],
    ["bad open word", csv("L-1,Askola,Askola,018,25.6,60.5,L,maybe"), "open", "maybe", /line 2: open "maybe"/],
    ["bad municipality", csv("L-1,Askola,Askola,Askolaa,25.6,60.5,L,true"), "municipality", "Askolaa", /line 2: municipality "Askolaa" is neither a municipality code nor a municipality's name: closest: Askola/],
    ["municipality code 0", csv("L-1,Askola,Askola,0,25.6,60.5,L,true"), "municipality", "0", /line 2: municipality "0" is not a municipality code/],
    ["empty name_fi", csv("L-1,,Askola,018,25.6,60.5,L,true"), "name_fi", "", /line 2: name_fi is empty/],
    ["a short row", csv(good, "L-2,Hanko,Hangö,078,22.97,59.82,L"), "row", 7, /line 3: has 7 fields, the header has 8/],
    ["an unclosed quote", csv(good, 'L-2,"Hanko,Hangö,078,22.97,59.82,L,true'), "csv", undefined, /line \d+: not valid CSV/],
  ])("CSV with %s", async (_, text, field, value, message) => {
    const err = await rejection(readServicePoints(fixture("bad.csv", text)));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.field).toBe(field);
    if (value !== undefined) expect(err.value).toBe(value);
    expect(err.message).toMatch(message);
  });

  it("reports every bad line at once, field and value of the first", async () => {
    const text = csv("L-1,Askola,Askola,018,25.6,60.5,Q,true", good.replace("L-1", "L-9"), "L-2,Hanko,Hangö,078,x,59.82,L,true");
    const err = await rejection(readServicePoints(fixture("two-bad.csv", text)));
    expect([err.field, err.value]).toEqual(["level", "Q"]);
    expect(err.message).toMatch(/2 problems, nothing imported/);
    expect(err.message).toMatch(/line 2: level "Q"/);
    expect(err.message).toMatch(/line 4: lon "x" is not a number/);
  });

  const collection = (...features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });
  const feature = (properties: unknown, geometry: unknown = { type: "Point", coordinates: [25.6, 60.5] }) => ({ type: "Feature", geometry, properties });
  const askola = { id: "L-1", name_fi: "Askola", municipality: "018", level: "L" };

  it.each([
    ["a Polygon feature", collection(feature(askola), feature({ ...askola, id: "L-2" }, { type: "Polygon", coordinates: [[[25, 60], [26, 60], [26, 61], [25, 60]]] })), "geometry", "Polygon", /features\[1\]: geometry is "Polygon", expected a Point/],
    ["a missing property", collection(feature({ id: "L-1", municipality: "018", level: "L" })), "name_fi", undefined, /features\[0\]: name_fi is missing/],
    ["null properties", collection(feature(askola), feature(null)), "properties", null, /features\[1\]: properties are null/],
    ["swapped coordinates", collection(feature(askola, { type: "Point", coordinates: [60.5, 25.6] })), "lon", 60.5, /features\[0\]: .*did you swap lon and lat\?/],
    ["invalid JSON", '{"type": "FeatureCollection", "features": [', "json", undefined, /not valid JSON/],
    ["invalid GeoJSON", collection(feature(askola, { type: "Point", coordinates: ["x", 60.5] })), "geojson", undefined, /not valid GeoJSON: at 0:/],
    ["a lone Feature", JSON.stringify(feature(askola)), "type", "Feature", /expected a FeatureCollection/],
  ])("GeoJSON with %s", async (_, text, field, value, message) => {
    const err = await rejection(readServicePoints(fixture("bad.geojson", text)));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.field).toBe(field);
    if (value !== undefined) expect(err.value).toBe(value);
    expect(err.message).toMatch(message);
  });

  it("rejects a header-only file, a file in no known encoding, an unknown extension and a missing file", async () => {
    const empty = await rejection(readServicePoints(fixture("empty.csv", `${HEADER}\n`)));
    expect([empty.constructor, empty.field]).toEqual([InvalidInputError, "file"]);

    // "Hämeenlinna" in Windows-1252 (ä is the single byte 0xE4) is read as such; a byte that is
    // neither UTF-8 nor Windows-1252 (0x81) is refused, naming it.
    const latin1 = Uint8Array.from([...Buffer.from(`${HEADER}\nL-1,H`), 0xe4, ...Buffer.from("meenlinna,H,109,24.46,61.0,L,true\n")]);
    expect((await readServicePoints(fixture("latin1.csv", latin1)))[0].name.fi).toBe("Hämeenlinna");
    const neither = Uint8Array.from([...Buffer.from(`${HEADER}\nL-1,H`), 0x81, ...Buffer.from("meenlinna,H,109,24.46,61.0,L,true\n")]);
    const notUtf8 = await rejection(readServicePoints(fixture("neither.csv", neither)));
    expect([notUtf8.constructor, notUtf8.field]).toEqual([InvalidInputError, "file"]);
    expect(notUtf8.message).toMatch(/not UTF-8/);

    const unknown = await rejection(readServicePoints(fixture("points.ods", "")));
    expect([unknown.constructor, unknown.field]).toEqual([InvalidInputError, "path"]);
    expect(unknown.message).toMatch(/\.csv, \.xlsx, \.geojson or \.json/);
    const notXlsx = await rejection(readServicePoints(fixture("points.xlsx", "id,name\n")));
    expect([notXlsx.constructor, notXlsx.field]).toEqual([InvalidInputError, "file"]);
    expect(notXlsx.message).toMatch(/not an XLSX workbook/);

    const missing = await rejection(readServicePoints(join(dir, "no-such-file.csv")));
    expect([missing.constructor, missing.field]).toEqual([NotFoundError, "path"]);
  });
});

describe("serviceSetFromPoints", () => {
  const points = [point("L-1", "Askola", "Askola", "018", 25.5986286, 60.5301392, "L")];

  it("makes a frozen set of copies, named after its id unless named", () => {
    const set = serviceSetFromPoints("test", points, "written by hand");
    expect(set).toEqual({ id: "test", name: { fi: "test", sv: "test", en: "test" }, source: "written by hand", points });
    expect(set.points[0]).not.toBe(points[0]);
    expect(Object.isFrozen(set)).toBe(true);
    expect(serviceSetFromPoints("t", points, "s", { fi: "F", sv: "S", en: "E" }).name).toEqual({ fi: "F", sv: "S", en: "E" });
  });

  it("rejects duplicate ids, an empty id and an empty source", () => {
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as InvalidInputError;
      }
      throw new Error("expected a throw");
    };
    expect(fail(() => serviceSetFromPoints("t", [...points, ...points], "s")).field).toBe("id");
    expect(fail(() => serviceSetFromPoints(" ", points, "s")).field).toBe("id");
    expect(fail(() => serviceSetFromPoints("t", points, "")).field).toBe("source");
  });
});
