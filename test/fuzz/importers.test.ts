// Property-based fuzzing of every importer with hostile input: random text and bytes, CSV with
// wrong columns and types, NaN/Infinity/huge numbers, coordinates outside Finland, invalid UTF-8,
// JSON nested 10,000 deep, long arrays, ids that look like paths. The property is always the same:
// a call returns a valid result or throws a PalveluverkkoError (typed), never a TypeError,
// RangeError or bare Error; inputs are bounded so nothing can hang. Runs: PALVELUVERKKO_FUZZ_RUNS.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseServicePointsCsv, parseServicePointsGeoJson, readServicePoints, SERVICE_POINT_COLUMNS } from "../../data/services/import.ts";
import { parseScenario } from "../../data/scenario-file.ts";
import { parseGrouping } from "../../data/facts/grouping-file.ts";
import { GROUPINGS } from "../../data/facts/groupings.ts";
import { readCsvGrid } from "../../data/population/csv.ts";
import { parseOsmXml } from "../../data/osm/xml.ts";
import { importOsm } from "../../data/osm/import.ts";
import { readWater } from "../../data/osm/water.ts";
import type { ServicePoint } from "../../engine/services.ts";
import { scratchDir } from "../fixtures/osm.ts";
import {
  deepNesting,
  FUZZ_RUNS,
  FUZZ_SEED,
  FUZZ_TIMEOUT_MS,
  fuzzParams,
  hostileJson,
  hostileNumber,
  hostileString,
  nestedJsonText,
  nestedValue,
  numberText,
  outcomes,
  resolvesOrRejectsTyped,
  returnsOrThrowsTyped,
} from "../fixtures/fuzz.ts";

console.log(`fuzz: ${FUZZ_RUNS} runs per property, seed ${FUZZ_SEED} (PALVELUVERKKO_FUZZ_SEED=${FUZZ_SEED} replays it)`);

// Per property: how many calls returned and how many threw which typed error.
afterEach((ctx) => {
  console.log(`${ctx.task.name}: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(", ")}`);
  outcomes.clear();
});
afterAll(() => outcomes.clear());

let fileCounter = 0;
function scratchFile(ext: string, content: string | Uint8Array): string {
  const path = join(scratchDir(), `fuzz-${process.pid}-${fileCounter++}${ext}`);
  writeFileSync(path, content);
  return path;
}

/** What a returned service point must be. */
function expectValidPoints(points: ServicePoint[] | undefined): void {
  if (points === undefined) return;
  for (const p of points) {
    expect(typeof p.id).toBe("string");
    expect(p.id.length).toBeGreaterThan(0);
    expect(Number.isFinite(p.lon) && Number.isFinite(p.lat)).toBe(true);
    expect(["L", "A", "E"]).toContain(p.level);
    expect(typeof p.open).toBe("boolean");
  }
  expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
}

// ---- CSV text, from the right header to none at all ----

const headerName = fc.oneof(fc.constantFrom(...SERVICE_POINT_COLUMNS, "ID", "Lon", "x", "y", "population", "väestö", "vaesto", "asukkaat"), hostileString);
const csvField = fc.oneof(hostileString, numberText, fc.constantFrom("L", "A", "E", "l", "X", "true", "false", "yes", "091", "91", "1000", "abc"));
const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

/** CSV with a header of real and odd column names, rows of hostile fields (any count), maybe raw junk. */
function csvText(columns: fc.Arbitrary<readonly string[]>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc
      .tuple(columns, fc.array(fc.array(csvField, { maxLength: 10 }), { maxLength: 20 }), fc.constantFrom("\n", "\r\n", "\r"), fc.boolean())
      .map(([header, rows, eol, rawQuotes]) => [header, ...rows].map((r) => r.map((f) => (rawQuotes ? f : quote(f))).join(",")).join(eol)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
    { weight: 1, arbitrary: fc.constantFrom('"', '"a', 'id,name_fi\n"x', "\uFEFF", "\uFEFF\uFEFFid", "a,b\n" + "1,2\n".repeat(5000)) },
  );
}

const servicePointColumns = fc.oneof(
  fc.shuffledSubarray([...SERVICE_POINT_COLUMNS], { minLength: 0 }),
  fc.constant([...SERVICE_POINT_COLUMNS]),
  fc.array(headerName, { maxLength: 10 }),
);

/** Good rows in the Helsinki box with hostile mutations, so parsing gets past the header. */
const almostGoodCsv = fc
  .array(
    fc.record({
      id: fc.oneof({ weight: 8, arbitrary: fc.uuid() }, fc.constantFrom("a", "../../etc/passwd", "kamppi", "__proto__"), hostileString),
      name: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("Kamppi", "Töölö", "Östersundom") }, hostileString),
      municipality: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("091", "49", "92") }, fc.constantFrom("1", "0000", "-1", "abc"), hostileString),
      lon: fc.oneof({ weight: 8, arbitrary: fc.double({ min: 24.8, max: 25.1, noNaN: true }).map(String) }, numberText),
      lat: fc.oneof({ weight: 8, arbitrary: fc.double({ min: 60.1, max: 60.3, noNaN: true }).map(String) }, numberText),
      level: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("L", "A", "E") }, fc.constantFrom("", "X", "l")),
      open: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("", "true", "false") }, fc.constantFrom("0", "1", "kyllä", "NaN")),
    }),
    { maxLength: 4 },
  )
  .map((rows) => [SERVICE_POINT_COLUMNS.join(","), ...rows.map((r) => [r.id, r.name, r.name, r.municipality, r.lon, r.lat, r.level, r.open].map((f) => `"${f.replace(/"/g, '""')}"`).join(","))].join("\n"));

describe("fuzz: service points (CSV, GeoJSON, files)", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("parseServicePointsCsv returns valid points or throws a typed error", () => {
    fc.assert(
      fc.property(fc.oneof(csvText(servicePointColumns), almostGoodCsv), (text) => expectValidPoints(returnsOrThrowsTyped(() => parseServicePointsCsv(text, "fuzz.csv")))),
      fuzzParams<[string]>([["id,name_fi,municipality,lon,lat,level\n../../etc/passwd,x,091,NaN,Infinity,L"], ['"'], [""], ["\uD800"]]),
    );
  });

  const feature = fc.record(
    {
      type: fc.oneof(fc.constant("Feature"), hostileString),
      id: hostileJson,
      geometry: fc.oneof(
        fc.record({ type: fc.constant("Point"), coordinates: fc.array(hostileNumber, { maxLength: 4 }) }),
        fc.record({ type: fc.oneof(fc.constantFrom("Point", "LineString", "Polygon", "GeometryCollection"), hostileString), coordinates: hostileJson }),
        hostileJson,
      ),
      properties: fc.oneof(
        fc.record({ id: hostileJson, name_fi: hostileJson, name_sv: hostileJson, municipality: hostileJson, level: fc.oneof(fc.constantFrom("L", "A", "E"), hostileJson), open: hostileJson }, { requiredKeys: [] }),
        hostileJson,
      ),
    },
    { requiredKeys: [] },
  );
  const almostGoodFeature = fc.record({
    type: fc.constant("Feature"),
    geometry: fc.record({ type: fc.constant("Point"), coordinates: fc.oneof({ weight: 8, arbitrary: fc.tuple(fc.double({ min: 24.8, max: 25.1, noNaN: true }), fc.double({ min: 60.1, max: 60.3, noNaN: true })) }, fc.array(hostileNumber, { maxLength: 3 })) }),
    properties: fc.record({
      id: fc.oneof({ weight: 8, arbitrary: fc.uuid() }, hostileJson),
      name_fi: fc.oneof({ weight: 8, arbitrary: fc.constant("Kamppi") }, hostileJson),
      municipality: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("091", "049") }, hostileJson),
      level: fc.oneof({ weight: 8, arbitrary: fc.constantFrom("L", "A", "E") }, hostileJson),
      open: fc.oneof({ weight: 8, arbitrary: fc.boolean() }, hostileJson),
    }, { requiredKeys: ["id", "name_fi", "municipality", "level"] }),
  });
  const geoJsonText = fc.oneof(
    { weight: 3, arbitrary: fc.array(almostGoodFeature, { maxLength: 3 }).map((features) => JSON.stringify({ type: "FeatureCollection", features })) },
    { weight: 4, arbitrary: fc.record({ type: fc.oneof(fc.constant("FeatureCollection"), hostileString), features: fc.oneof(fc.array(feature, { maxLength: 8 }), hostileJson) }, { requiredKeys: [] }).map((d) => JSON.stringify(d)) },
    { weight: 1, arbitrary: hostileJson.map((d) => JSON.stringify(d) ?? "null") },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.tuple(deepNesting, fc.constantFrom("doc", "geometry", "properties", "coordinates", "id")).map(([{ depth, kind }, where]) => {
        const deep = nestedJsonText(depth, kind);
        if (where === "doc") return deep;
        const f: Record<string, string> = { type: '"Feature"', geometry: '{"type":"Point","coordinates":[24.9,60.2]}', properties: '{"id":"a","name_fi":"a","municipality":"091","level":"L"}' };
        if (where === "coordinates") f.geometry = `{"type":"Point","coordinates":${deep}}`;
        else f[where] = deep;
        return `{"type":"FeatureCollection","features":[{${Object.entries(f).map(([k, v]) => `"${k}":${v}`).join(",")}}]}`;
      }),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 20_000 }).map((n) => `{"type":"FeatureCollection","features":[${Array(n).fill("null").join(",")}]}`) },
  );

  it("parseServicePointsGeoJson returns valid points or throws a typed error", () => {
    fc.assert(
      fc.property(geoJsonText, (text) => expectValidPoints(returnsOrThrowsTyped(() => parseServicePointsGeoJson(text, "fuzz.geojson")))),
      fuzzParams<[string]>([
        [nestedJsonText(10_000, "array")],
        [nestedJsonText(10_000, "object")],
        [`{"type":"FeatureCollection","features":{}}`],
        // Regression: a "type" naming an Object.prototype member made geojson-validation throw a TypeError.
        [`{"type":"__proto__"}`],
        [`{"type":"constructor"}`],
        [`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"toString","coordinates":[]},"properties":{}}]}`],
        // Regression: coordinates nested 10,000 deep overflowed the stack in geojson-validation (a RangeError).
        [`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":${nestedJsonText(10_000, "array")}},"properties":{"id":"a","name_fi":"a","municipality":"091","level":"L"}}]}`],
      ]),
    );
  });

  it("parseServicePointsGeoJson stays linear in the number of bad features (regression)", () => {
    // Regression: geojson-validation copied its whole problem list per bad feature, so the 200,000
    // features that fit in a 1 MiB upload took about a minute of one synchronous stretch. More than
    // MAX_SERVICE_POINTS (100,000) features are now refused before validation; this is the most allowed.
    const text = `{"type":"FeatureCollection","features":[${Array(100_000).fill("null").join(",")}]}`;
    const started = performance.now();
    expect(() => parseServicePointsGeoJson(text, "big.geojson")).toThrow(/and 99995 more/);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("readServicePoints on arbitrary bytes (invalid UTF-8 included) under any name", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x00]), new Uint8Array([0xc3, 0x28]), new Uint8Array([0xed, 0xa0, 0x80]), Buffer.from("id,name_fi\n\xe4", "latin1"))),
        fc.constantFrom(".csv", ".geojson", ".json", ".txt", ""),
        async (bytes, ext) => {
          const path = scratchFile(ext, bytes);
          expectValidPoints(await resolvesOrRejectsTyped(() => readServicePoints(path)));
        },
      ),
      fuzzParams(undefined, 0.5),
    );
  });

  it("readServicePoints on paths that escape or do not exist", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.constantFrom("../../etc/passwd", "/etc/passwd.csv", "../../../../../../etc/shadow.csv", "/dev/zero.csv", "/proc/self/environ.csv", "nul.csv")), async (path) => {
        await resolvesOrRejectsTyped(() => readServicePoints(path));
        await resolvesOrRejectsTyped(() => readServicePoints(path, { format: "csv" }));
      }),
      fuzzParams(undefined, 0.3),
    );
  });
});

// ---- Scenario files and groupings: JSON shaped by zod ----

const change = fc.oneof(
  fc.record({ op: fc.oneof(fc.constantFrom("close", "open", "relevel", "move", "add", "delete"), hostileString), id: hostileJson }, { requiredKeys: [] }),
  fc.record({ op: fc.constant("move"), id: hostileString, lon: hostileNumber, lat: hostileNumber }),
  fc.record({ op: fc.constant("relevel"), id: hostileString, level: fc.oneof(fc.constantFrom("L", "A", "E"), hostileJson) }),
  fc.record({
    op: fc.constant("add"),
    point: fc.oneof(
      fc.record({ id: hostileString, name_fi: hostileString, name_sv: hostileJson, municipality: hostileString, lon: hostileNumber, lat: hostileNumber, level: fc.constantFrom("L", "A", "E", "X"), open: hostileJson }, { requiredKeys: [] }),
      hostileJson,
    ),
  }),
  hostileJson,
);

const scenarioText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          id: fc.oneof(fc.constantFrom("ok", "../../etc/passwd", "..", ".hidden", "a/b", "a".repeat(101)), hostileString),
          name: hostileJson,
          region: fc.oneof(fc.constantFrom("uusimaa", "lappi", "__proto__"), hostileJson),
          services: fc.oneof(fc.constantFrom("../../etc/passwd", "/etc/passwd", "x.csv"), hostileJson),
          changes: fc.oneof(fc.array(change, { maxLength: 10 }), hostileJson),
        },
        { requiredKeys: [] },
      )
      .map((d) => JSON.stringify(d)),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: deepNesting.map(({ depth, kind }) => `{"id":"a","name":"b","region":"uusimaa","changes":[${nestedJsonText(depth, kind)}]}`) },
  { weight: 1, arbitrary: deepNesting.map(({ depth, kind }) => nestedJsonText(depth, kind)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 12_000 }).map((n) => `{"id":"a","name":"b","region":"uusimaa","changes":[${Array(n).fill('{"op":"close","id":"x"}').join(",")}]}`) },
);

describe("fuzz: scenario files and groupings", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("parseScenario returns a scenario or throws a typed error", () => {
    fc.assert(
      fc.property(scenarioText, (text) => {
        const s = returnsOrThrowsTyped(() => parseScenario(text, "fuzz.json", scratchDir()));
        if (s) {
          expect(s.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
          expect(s.changes.length).toBeLessThanOrEqual(10_000);
        }
      }),
      fuzzParams<[string]>([['{"id":"__proto__","name":"x","region":"__proto__","changes":[]}'], ['{"id":"a","name":"b","region":"uusimaa","changes":[{"op":"move","id":"a","lon":1e999,"lat":0}]}']]),
    );
  });

  const localName = fc.oneof(hostileString, fc.record({ fi: hostileJson, sv: hostileJson, en: hostileJson }, { requiredKeys: [] }));
  const groupingDoc = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          id: fc.oneof(fc.constantFrom("g", "../../etc/passwd"), hostileString),
          name: localName,
          region: fc.oneof(fc.constantFrom("uusimaa", "lappi"), hostileJson),
          source: hostileJson,
          units: fc.oneof(
            fc.array(
              fc.record(
                { id: hostileString, name: localName, municipalities: fc.oneof(fc.array(fc.oneof(fc.constantFrom("091", "049", "092", "235", "698", "000", "91"), hostileString), { maxLength: 30 }), hostileJson), hub: fc.oneof(fc.constantFrom("091", "698"), hostileJson) },
                { requiredKeys: [] },
              ),
              { maxLength: 10 },
            ),
            hostileJson,
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: hostileJson },
    // A built-in grouping (valid) as a file would have it, maybe with one member replaced.
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...GROUPINGS), fc.option(fc.tuple(fc.constantFrom("id", "name", "region", "units", "unit-id", "unit-municipalities", "unit-hub"), hostileJson), { freq: 2 })).map(([g, change]) => {
        const doc = JSON.parse(JSON.stringify({ id: g.id, name: g.name, region: g.region, units: g.units })) as Record<string, unknown>;
        if (change) {
          const [where, value] = change;
          if (where.startsWith("unit-")) (doc.units as Record<string, unknown>[])[0][where.slice(5)] = value;
          else doc[where] = value;
        }
        return doc;
      }),
    },
    { weight: 1, arbitrary: deepNesting.map(({ depth, kind }) => nestedValue(depth, kind)) },
    { weight: 1, arbitrary: deepNesting.map(({ depth, kind }) => ({ id: "g", name: "n", region: "uusimaa", units: [{ id: "u", name: nestedValue(depth, kind), municipalities: ["091"] }] })) },
  );

  it("parseGrouping returns a grouping or throws a typed error", () => {
    fc.assert(
      fc.property(groupingDoc, (doc) => {
        const g = returnsOrThrowsTyped(() => parseGrouping(doc, "fuzz grouping"));
        if (g) expect(g.units.length).toBeGreaterThan(0);
      }),
      fuzzParams<[unknown]>([[null], [[]], [{ id: "g", name: "n", region: "uusimaa", units: [{ id: "__proto__", name: "x", municipalities: ["091"] }] }], [Object.create(null)]]),
    );
  });
});

// ---- Population grid CSV (a file) ----

describe("fuzz: population grid CSV", { timeout: FUZZ_TIMEOUT_MS }, () => {
  const gridCsv = fc.oneof(
    { weight: 3, arbitrary: csvText(fc.oneof(fc.constant(["x", "y", "population"]), fc.shuffledSubarray(["x", "y", "vaesto", "asukkaat", "population", "id"]), fc.array(headerName, { maxLength: 6 }))) },
    {
      weight: 3,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1540, max: 1560 }).map((i) => String(i * 250 + 125)) }, numberText),
            fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 26680, max: 26700 }).map((i) => String(i * 250 + 125)) }, numberText),
            fc.oneof({ weight: 12, arbitrary: fc.nat(500).map(String) }, fc.constantFrom("-1", "1.5", "NaN", "1e308", ""), numberText),
          ),
          { maxLength: 8 },
        )
        .map((rows) => ["x,y,population", ...rows.map((r) => r.join(","))].join("\n")),
    },
  );
  it("readCsvGrid returns a grid or throws a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(gridCsv.map((t) => Buffer.from(t, "utf8") as Uint8Array), fc.uint8Array({ maxLength: 200 })),
        fc.record({ corner: fc.boolean(), suppressedAsZero: fc.boolean(), cellSizeM: fc.option(fc.oneof(fc.constant(250), hostileNumber), { nil: undefined, freq: 3 }), column: fc.option(fc.oneof(fc.constant("population"), hostileString), { nil: undefined, freq: 3 }) }, { requiredKeys: [] }),
        async (bytes, options) => {
          const path = scratchFile(".csv", bytes);
          const grid = await resolvesOrRejectsTyped(() => readCsvGrid(path, options));
          if (grid) {
            expect(grid.cellSizeM).toBeGreaterThanOrEqual(10);
            for (const c of grid.cells) expect(Number.isFinite(c.x) && Number.isFinite(c.y) && Number.isFinite(c.population)).toBe(true);
          }
        },
      ),
      fuzzParams(undefined, 0.5),
    );
  });
});

// ---- OSM: XML text, and any bytes handed to the importer (XML or PBF by content) ----

describe("fuzz: OSM import", { timeout: FUZZ_TIMEOUT_MS }, () => {
  const attr = fc.oneof(numberText, hostileString).map((s) => s.replace(/[&<"]/g, ""));
  const osmXml = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.array(fc.tuple(attr, attr, attr), { maxLength: 10 }),
          fc.array(fc.tuple(attr, fc.array(attr, { maxLength: 5 }), fc.array(fc.tuple(attr, attr), { maxLength: 3 })), { maxLength: 5 }),
          fc.boolean(),
        )
        .map(([nodes, ways, root]) => {
          const body =
            nodes.map(([id, lon, lat]) => `<node id="${id}" lon="${lon}" lat="${lat}"/>`).join("") +
            ways.map(([id, refs, tags]) => `<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join("")}${tags.map(([k, v]) => `<tag k="${k}" v="${v}"/>`).join("")}</way>`).join("");
          return root ? `<?xml version="1.0"?><osm version="0.6">${body}</osm>` : body;
        }),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
    { weight: 1, arbitrary: fc.constantFrom("<osm>", "<osm><node/></osm>", "<osm><way><nd/></way></osm>", '<!DOCTYPE osm [<!ENTITY a "aaaa">]><osm>&a;</osm>', "<osm>" + "<x>".repeat(10_000) + "</x>".repeat(10_000) + "</osm>", "\uFEFF<osm/>") },
  );

  it("parseOsmXml returns parsed data or throws a typed error", () => {
    fc.assert(
      fc.property(osmXml, (text) => {
        const p = returnsOrThrowsTyped(() => parseOsmXml(text, "fuzz.osm"));
        if (p) for (let i = 0; i < p.nodeIds.length; i++) expect(Number.isFinite(p.lons[i]) && Number.isFinite(p.lats[i])).toBe(true);
      }),
      fuzzParams<[string]>([['<osm><node id="1" lon="NaN" lat="60"/></osm>'], ['<osm><way id="x"><nd ref="../../etc/passwd"/></way></osm>']]),
    );
  });

  it("readWater on water ways, coastlines and multipolygons of any shape returns closed rings or throws a typed error", async () => {
    // Few node ids, so ways share ends and join (or fail to) in every way; some nodes missing, some outside Finland.
    const nodeId = fc.integer({ min: 1, max: 12 });
    const wayId = fc.integer({ min: 1, max: 8 });
    const water = fc
      .tuple(
        fc.array(fc.tuple(nodeId, fc.double({ min: 24.9, max: 25.0, noNaN: true }), fc.double({ min: 60.1, max: 60.2, noNaN: true }), fc.boolean()), { maxLength: 12 }),
        fc.array(fc.tuple(wayId, fc.array(nodeId, { maxLength: 8 }), fc.constantFrom("natural=water", "natural=coastline", "landuse=basin", "highway=residential", "")), { maxLength: 8 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.tuple(wayId, fc.constantFrom("outer", "inner", "", "x"), fc.constantFrom("way", "node", "relation")), { maxLength: 6 })), { maxLength: 3 }),
      )
      .map(([nodes, ways, rels]) => {
        const tag = (kv: string) => (kv ? `<tag k="${kv.split("=")[0]}" v="${kv.split("=")[1]}"/>` : "");
        return (
          `<?xml version="1.0"?><osm version="0.6">` +
          nodes.map(([id, lon, lat, abroad]) => `<node id="${id}" lon="${abroad ? lon - 10 : lon}" lat="${lat}"/>`).join("") +
          ways.map(([id, refs, kv]) => `<way id="${id}">${refs.map((r) => `<nd ref="${r}"/>`).join("")}${tag(kv)}</way>`).join("") +
          rels.map(([id, members]) => `<relation id="${id}">${members.map(([ref, role, type]) => `<member type="${type}" ref="${ref}" role="${role}"/>`).join("")}${tag("type=multipolygon")}${tag("natural=water")}</relation>`).join("") +
          `</osm>`
        );
      });
    await fc.assert(
      fc.asyncProperty(water, async (xml) => {
        const path = scratchFile(".osm", Buffer.from(xml, "utf8"));
        const out = await resolvesOrRejectsTyped(() => readWater(path));
        for (const p of out?.polygons ?? []) {
          for (const ring of p.rings) {
            expect(ring.length).toBeGreaterThanOrEqual(4);
            expect(ring[0]).toEqual(ring[ring.length - 1]);
            for (const [lon, lat] of ring) expect(Number.isFinite(lon) && Number.isFinite(lat)).toBe(true);
          }
        }
      }),
      fuzzParams(undefined, 0.3),
    );
  });

  it("importOsm on arbitrary files (XML or PBF by their first bytes) returns a graph or throws a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          osmXml.map((t) => Buffer.from(t, "utf8") as Uint8Array),
          fc.uint8Array({ maxLength: 300 }),
          // PBF framing: a 4-byte big-endian header length, then junk.
          fc.tuple(fc.nat(0xffffffff), fc.uint8Array({ maxLength: 200 })).map(([n, rest]) => {
            const b = new Uint8Array(4 + rest.length);
            new DataView(b.buffer).setUint32(0, n);
            b.set(rest, 4);
            return b;
          }),
        ),
        async (bytes) => {
          const path = scratchFile(".osm.pbf", bytes);
          await resolvesOrRejectsTyped(() => importOsm(path));
        },
      ),
      fuzzParams(undefined, 0.3),
    );
  });
});
