// The OGC API – Features endpoint (/ogc) read by GDAL's own OAPIF driver (ogrinfo), as QGIS users
// add it, over real HTTP on loopback: the real Tampere extract with the Tampere region file (two
// units), Sotkanet 2022 totals and Statistics Finland's boundaries, the store on PGlite with one
// stored scenario (Lielahti's health station closed). GDAL lists the base's collections and the
// scenario's, and reads every feature of each, following the server's next links; what it reads is
// what the API's own routes say (points, municipalities, units, bands per level and threshold, the
// people in the cells, their mean time, the people whose time the closure changes). bbox selects;
// unknown collections and features are 404 problems naming them; the OpenAPI document has the
// routes and every reply matches it. Needs GDAL's ogrinfo on PATH (CI installs gdal-bin).
import { execFile } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study } from "../../study/index.ts";
import { readRegionFile } from "../../data/facts/index.ts";
import { openStore, type Store } from "../../data/store/index.ts";
import { LEVELS } from "../../engine/index.ts";
import { call, documentChecker, expectProblem, startApi, type Answer, type Api } from "../fixtures/http.ts";
import { PGLITE } from "../fixtures/store.ts";
import { EXAMPLES } from "../fixtures/cli.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const run = promisify(execFile);
const SCENARIO = "close-lielahti";
const BASE_LAYERS = ["service-points", "bands", "cells", "municipalities", "units"];
const SCENARIO_LAYERS = ["service-points", "bands", "cells"].map((k) => `scenario-${SCENARIO}-${k}`);
const LIELAHTI = [23.685, 61.517];
const TAYS = [23.8128, 61.5063];

let ws: Study;
let store: Store;
let api: Api;
let check: ReturnType<typeof documentChecker>;

/** ogrinfo's output; GDAL's errors fail the test. */
async function ogrinfo(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run("ogrinfo", ["-ro", ...args], { maxBuffer: 256 << 20 });
  expect(stderr, `ogrinfo ${args.join(" ")}`).not.toMatch(/ERROR/);
  return stdout;
}

/** Every feature of a layer as GDAL reads it (fields as ogrinfo prints them, "(null)" for null), through pages of pageSize. */
async function gdalFeatures(layer: string, pageSize: number, ...options: string[]): Promise<Record<string, string>[]> {
  const out = await ogrinfo("-al", "-q", "-geom=NO", "-oo", `PAGE_SIZE=${pageSize}`, ...options, `OAPIF:${api.base}/ogc`, layer);
  const features: Record<string, string>[] = [];
  for (const line of out.split("\n")) {
    if (line.startsWith("OGRFeature(")) features.push({});
    const field = /^ {2}(\w+) \(.*?\) = (.*)$/.exec(line); // "  open (Integer(Boolean)) = 0"
    if (field && features.length > 0) features[features.length - 1][field[1]] = field[2];
  }
  return features;
}

/** A GET whose reply must be 200 and match the document. */
async function get(path: string, template: string, mediaType = "application/json"): Promise<Answer> {
  const a = await call(api, path);
  expect(a.status, a.text.slice(0, 300)).toBe(200);
  expect(a.headers.get("content-type")).toMatch(new RegExp(`^${mediaType.replace("+", "\\+")}`));
  check(template, "get", 200, mediaType, a.body);
  return a;
}

/** A GET with its own Host header (fetch will not send one). */
function withHost(path: string, host: string): Promise<{ status: number; body: { links?: { rel: string; href: string }[]; code?: string } }> {
  const url = new URL(api.base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const sum = (list: Record<string, string>[], pick: (f: Record<string, string>) => number) => list.reduce((s, f) => s + pick(f), 0);

beforeAll(async () => {
  try {
    await run("ogrinfo", ["--version"]);
  } catch (err) {
    throw new Error(`GDAL's ogrinfo is not on PATH (${(err as Error).message}): this test reads the OGC API with GDAL's OAPIF driver; install GDAL (apt-get install gdal-bin)`);
  }
  const region = await readRegionFile(join(EXAMPLES, "tampereen-seutu.json"));
  ws = await Study.open({
    roads: sharedData("osm/tampere.osm.pbf"),
    cacheDir: join(scratchDir(), "cache"),
    region: region.region,
    regionGroupings: region.groupings,
    services: region.services ?? undefined,
    totals: sharedData("municipalities/geofi_sotkadata_population.csv"),
    municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"),
  });
  store = await openStore(PGLITE.fresh());
  api = await startApi({ workspace: ws, store });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
  const created = await call(api, "/api/scenarios", { body: { id: SCENARIO, name: "Lielahti closes", changes: [{ op: "close", id: "lielahti" }] } });
  expect(created.status, created.text).toBe(201);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe("OGC API – Features, read by GDAL's OAPIF driver", () => {
  it("lists the base's collections and the stored scenario's, as /ogc/collections does", async () => {
    const listed = [...(await ogrinfo("-so", `OAPIF:${api.base}/ogc`)).matchAll(/^\d+: (\S+) \(title: /gm)].map((m) => m[1]);
    expect(listed).toEqual([...BASE_LAYERS, ...SCENARIO_LAYERS]);
    const own = (await get("/ogc/collections", "/ogc/collections")).body;
    expect(own.collections.map((c: { id: string }) => c.id)).toEqual(listed);
    for (const c of own.collections) {
      expect(c.links.find((l: { rel: string }) => l.rel === "items")).toMatchObject({ type: "application/geo+json", href: `${api.base}/ogc/collections/${c.id}/items` });
      const [w, s, e, n] = c.extent.spatial.bbox[0];
      expect(w <= LIELAHTI[0] && LIELAHTI[0] <= e && s <= LIELAHTI[1] && LIELAHTI[1] <= n, c.id).toBe(true);
    }
  });

  it("reads every feature of the base, paging as the server links, with the API's own counts and figures", async () => {
    // Four points in pages of three: GDAL must follow the first page's next link to get the fourth.
    const firstPage = (await get("/ogc/collections/service-points/items?limit=3", "/ogc/collections/{collectionId}/items", "application/geo+json")).body;
    expect([firstPage.numberMatched, firstPage.numberReturned]).toEqual([4, 3]);
    expect(firstPage.links.find((l: { rel: string }) => l.rel === "next").href).toBe(`${api.base}/ogc/collections/service-points/items?limit=3&offset=3`);
    const points = await gdalFeatures("service-points", 3);
    const ownPoints = (await call(api, "/api/service-points")).body.points;
    expect(points.map((f) => f.id)).toEqual(ownPoints.map((p: { id: string }) => p.id));
    expect(points.map((f) => [f.level, f.status])).toEqual(ownPoints.map((p: { level: string }) => [p.level, "unchanged"]));

    // Bands: one per level and threshold, as /api/isochrones gives them.
    const bands = await gdalFeatures("bands", 5);
    const ownBands = await Promise.all(LEVELS.map(async (l) => (await call(api, `/api/isochrones?level=${l}`)).body.features.map((f: { properties: { threshold_min: number } }) => `${l}-${f.properties.threshold_min}`)));
    expect(bands.map((f) => `${f.level}-${f.threshold_min}`)).toEqual(ownBands.flat());
    expect(bands).toHaveLength(21);

    // Cells: every populated cell, in pages of 500; their people and mean time are /api/accessibility's.
    const cells = await gdalFeatures("cells", 500);
    expect(cells).toHaveLength(ws.inputs.population.filter((p) => p > 0).length);
    expect(new Set(cells.map((f) => f.cell)).size).toBe(cells.length);
    const counted = cells.filter((f) => f.municipality !== "(null)");
    const all = (await call(api, "/api/accessibility")).body.levels;
    for (const l of LEVELS) {
      const row = all[l].find((r: { id: string }) => r.id === "all");
      expect(sum(counted, (f) => Number(f.population))).toBe(row.population);
      expect(sum(counted, (f) => Number(f.population) * Number(f[`${l}_min`])) / row.population).toBeCloseTo(row.mean_min, 1);
    }

    // Municipalities and units: the API's own lists, each municipality in its unit.
    const municipalities = await gdalFeatures("municipalities", 10);
    const own = (await call(api, "/api/municipalities")).body.municipalities;
    expect(municipalities.map((f) => [f.code, f.population, f.unit])).toEqual(own.map((m: { code: string; population: number; unit: string }) => [m.code, String(m.population), m.unit]));
    expect(municipalities.every((f) => f.approximate === "0")).toBe(true); // boundaries were given
    const units = await gdalFeatures("units", 10);
    const grouping = (await call(api, "/api/groupings")).body.groupings.find((g: { id: string }) => g.id === ws.inputs.grouping?.id);
    expect(units.map((f) => [f.id, f.municipalities])).toEqual(grouping.units.map((u: { id: string; municipalities: string[] }) => [u.id, u.municipalities.join(",")]));
    expect(sum(units, (f) => Number(f.population))).toBe(sum(municipalities, (f) => Number(f.population)));
  });

  it("reads the stored scenario: its points, bands and cells, the cells' changed people being the stored run's", async () => {
    const points = await gdalFeatures(`scenario-${SCENARIO}-service-points`, 3);
    expect(points.find((f) => f.id === "lielahti")).toMatchObject({ open: "0", status: "changed" });
    expect(points).toHaveLength((await call(api, "/api/service-points")).body.points.length);
    const ran = (await call(api, `/api/scenarios/${SCENARIO}/run`, { method: "POST" })).body;
    expect(await gdalFeatures(`scenario-${SCENARIO}-bands`, 5)).toHaveLength(LEVELS.length * ran.thresholds_min.length);
    const cells = (await gdalFeatures(`scenario-${SCENARIO}-cells`, 1000)).filter((f) => f.municipality !== "(null)");
    for (const l of LEVELS) {
      const changed = sum(cells.filter((f) => f[`${l}_min`] !== f[`base_${l}_min`]), (f) => Number(f.population));
      expect(changed, l).toBe(ran.diff[l].find((r: { id: string }) => r.id === "all").changed);
    }
    expect(sum(cells, (f) => Number(f.population))).toBe(ran.figures.L.find((r: { id: string }) => r.id === "all").population);
  });

  it("serves a scenario's new version once it is edited", async () => {
    await call(api, "/api/scenarios", { body: { id: "edited", name: "Edited", changes: [{ op: "close", id: "hervanta" }] } });
    const status = async () => Object.fromEntries((await gdalFeatures("scenario-edited-service-points", 10)).map((f) => [f.id, f.status]));
    expect((await status()).hervanta).toBe("changed");
    const put = await call(api, "/api/scenarios/edited", { method: "PUT", body: { name: "Edited", changes: [{ op: "relevel", id: "lielahti", level: "A" }] } });
    expect(put.status, put.text).toBe(200);
    expect(await status()).toMatchObject({ hervanta: "unchanged", lielahti: "changed" });
    await call(api, "/api/scenarios/edited", { method: "DELETE" });
    expect(await ogrinfo("-so", `OAPIF:${api.base}/ogc`)).not.toMatch(/scenario-edited/);
  });

  it("selects by bbox: a box round one point gives it and not a far one, in GDAL and in the API", async () => {
    const box = [LIELAHTI[0] - 0.005, LIELAHTI[1] - 0.005, LIELAHTI[0] + 0.005, LIELAHTI[1] + 0.005];
    const picked = await gdalFeatures("service-points", 10, "-spat", ...box.map(String));
    expect(picked.map((f) => f.id)).toEqual(["lielahti"]);
    const page = (await get(`/ogc/collections/service-points/items?bbox=${box.join(",")}`, "/ogc/collections/{collectionId}/items", "application/geo+json")).body;
    expect(page.features.map((f: { id: string }) => f.id)).toEqual(["lielahti"]);
    expect(page.numberMatched).toBe(1);
    const far = [TAYS[0] - 0.001, TAYS[1] - 0.001, TAYS[0] + 0.001, TAYS[1] + 0.001];
    expect((await call(api, `/ogc/collections/service-points/items?bbox=${far.join(",")}`)).body.features.map((f: { id: string }) => f.id)).toEqual(["tays"]);
    // Cells: the box's few, each overlapping it; the next link keeps the box.
    const cells = (await call(api, `/ogc/collections/cells/items?bbox=${box.join(",")}&limit=2`)).body;
    expect(cells.numberMatched).toBeGreaterThan(2);
    expect(cells.numberMatched).toBeLessThan(20);
    for (const f of cells.features) {
      const ring: number[][] = f.geometry.coordinates[0];
      expect(Math.min(...ring.map((p) => p[0])) <= box[2] && Math.max(...ring.map((p) => p[0])) >= box[0] && Math.min(...ring.map((p) => p[1])) <= box[3] && Math.max(...ring.map((p) => p[1])) >= box[1]).toBe(true);
    }
    expect(decodeURIComponent(cells.links.find((l: { rel: string }) => l.rel === "next").href)).toContain(`bbox=${box.join(",")}`);
  });

  it("answers the landing page, conformance, a collection and a feature as the document says; links follow the Host the client used", async () => {
    const landing = (await get("/ogc", "/ogc")).body;
    expect(Object.fromEntries(landing.links.map((l: { rel: string; href: string }) => [l.rel, l.href]))).toMatchObject({
      conformance: `${api.base}/ogc/conformance`,
      data: `${api.base}/ogc/collections`,
      "service-desc": `${api.base}/api/openapi.json`,
    });
    expect((await get("/ogc/conformance", "/ogc/conformance")).body.conformsTo).toEqual(
      expect.arrayContaining(["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"]),
    );
    expect((await get(`/ogc/collections/scenario-${SCENARIO}-cells`, "/ogc/collections/{collectionId}")).body.id).toBe(`scenario-${SCENARIO}-cells`);
    const band = (await get("/ogc/collections/bands/items/L-30?lang=sv", "/ogc/collections/{collectionId}/items/{featureId}", "application/geo+json")).body;
    expect(band).toMatchObject({ id: "L-30", properties: { kind: "band", level: "L", threshold_min: 30, from_min: 15, label: "15–30 min" } });
    const cellId = (await call(api, "/ogc/collections/cells/items?limit=1")).body.features[0].id;
    expect((await get(`/ogc/collections/cells/items/${cellId}`, "/ogc/collections/{collectionId}/items/{featureId}", "application/geo+json")).body.properties.cell).toBe(cellId);
    for (const id of [...BASE_LAYERS, ...SCENARIO_LAYERS]) await get(`/ogc/collections/${id}/items?limit=50`, "/ogc/collections/{collectionId}/items", "application/geo+json");

    const port = new URL(api.base).port;
    const named = await withHost("/ogc", `localhost:${port}`);
    expect(named.status).toBe(200);
    expect(named.body.links?.find((l) => l.rel === "data")?.href).toBe(`http://localhost:${port}/ogc/collections`);
    expect(await withHost("/ogc/collections", "attacker.example")).toMatchObject({ status: 403, body: { code: "host-not-allowed" } });
  });

  it("refuses what it does not serve with a problem naming the parameter", async () => {
    const problem = async (path: string, status: number, field: string, template: string) => {
      const a = await call(api, path);
      expectProblem(a, status, field);
      check(template, "get", status, "application/problem+json", a.body);
    };
    await problem("/ogc/collections/roads/items", 404, "collectionId", "/ogc/collections/{collectionId}/items");
    await problem("/ogc/collections/roads", 404, "collectionId", "/ogc/collections/{collectionId}");
    await problem("/ogc/collections/scenario-nowhere-cells/items", 404, "collectionId", "/ogc/collections/{collectionId}/items");
    await problem("/ogc/collections/service-points/items/nowhere", 404, "featureId", "/ogc/collections/{collectionId}/items/{featureId}");
    await problem("/ogc/collections/cells/items?bbox=23.6,61.4,23.9", 400, "bbox", "/ogc/collections/{collectionId}/items");
    await problem("/ogc/collections/cells/items?bbox=23.6,61.4,0,23.9,61.6,100", 400, "bbox", "/ogc/collections/{collectionId}/items");
    await problem("/ogc/collections/cells/items?bbox=23.9,61.4,23.6,61.6", 400, "bbox", "/ogc/collections/{collectionId}/items");
    await problem("/ogc/collections/cells/items?limit=0", 400, "limit", "/ogc/collections/{collectionId}/items");
    await problem("/ogc/collections/cells/items?bbox-crs=EPSG:3067", 400, "bbox-crs", "/ogc/collections/{collectionId}/items");
    await problem("/ogc/collections?f=html", 400, "f", "/ogc/collections");
    await problem("/ogc/collections?filter=x", 400, "filter", "/ogc/collections");
    // Past the most a page holds: served as that many.
    const big = (await call(api, "/ogc/collections/cells/items?limit=50000&f=json")).body;
    expect(big.numberReturned).toBe(Math.min(big.numberMatched, 10_000));
  });

  it("is in the project's OpenAPI document", async () => {
    const doc = (await call(api, "/api/openapi.json")).body;
    const ogc = ["/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/{collectionId}", "/ogc/collections/{collectionId}/items", "/ogc/collections/{collectionId}/items/{featureId}"];
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/ogc"))).toEqual(ogc);
    const items = doc.paths["/ogc/collections/{collectionId}/items"].get;
    expect(items.parameters.map((p: { name: string }) => p.name)).toEqual(["collectionId", "f", "lang", "limit", "offset", "bbox", "bbox-crs", "crs", "datetime"]);
    expect(items.responses["200"].content["application/geo+json"].schema.$ref).toBe("#/components/schemas/OgcFeatureCollection");
  });
});
