// The web map's routes over real HTTP on the real central Helsinki data: the basemap's roads and
// municipal borders (from the boundary file, and cell outlines when areas are nearest-centre
// approximations), a scenario run that also answers with its bands (equal to isochrones of the
// engine's own surfaces), and the built web app served beside the API with its own CSP.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, webContentSecurityPolicy } from "../../server/http/index.ts";
import { Study } from "../../study/index.ts";
import { analyse } from "../../engine/analysis.ts";
import { applyChanges } from "../../engine/scenario.ts";
import { isochrones } from "../../engine/isochrones.ts";
import { roadLines } from "../../engine/roadlines.ts";
import { InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import type { GraphMeta } from "../../engine/serialize.ts";
import { importOsm } from "../../data/osm/import.ts";
import { inWater } from "../../data/osm/water.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { call, documentChecker, expectProblem, startApi, type Answer, type Api } from "../fixtures/http.ts";

const EXAMPLES = fileURLToPath(new URL("../../docs/examples/", import.meta.url));
const GEOJSON = "application/geo+json";

let roads: { graph: RoadGraph; meta: GraphMeta };
let ws: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;

async function get(a: Api, path: string, mediaType = GEOJSON): Promise<Answer> {
  const r = await call(a, path);
  expect(r.status, r.text).toBe(200);
  expect(r.headers.get("content-type")).toMatch(new RegExp(`^${mediaType.replace("+", "\\+")}`));
  check(path.split("?")[0], "get", 200, mediaType, r.body);
  return r;
}

/** The Helsinki study with Statistics Finland's boundary file, or with nearest-centre areas ("nearest"). */
function open(municipalities: boolean, osm?: string): Promise<Study> {
  return Study.open({
    roads: { ...roads, osm },
    region: "uusimaa",
    services: join(EXAMPLES, "helsinki-centre-services.csv"),
    population: sharedData("population/hsy_population_grid_2021_250m.gpkg"),
    municipalities: municipalities ? sharedData("municipalities/statfi_municipalities_2023.gpkg") : "nearest",
    grouping: null,
  });
}

beforeAll(async () => {
  roads = await importOsm(sharedData("osm/helsinki-centre.osm.pbf"));
  ws = await open(true);
  api = await startApi({ workspace: ws });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 60_000);

afterAll(() => api?.close());

describe("GET /api/map/roads", () => {
  it("gives the graph's ranked roads as lines, rounded to about a metre, with what was drawn", async () => {
    const fc = (await get(api, "/api/map/roads")).body;
    const want = roadLines(roads.graph);
    expect(fc.features).toHaveLength(want.lines.length);
    expect(fc.palveluverkko).toMatchObject({ roads: expect.stringMatching(/OpenStreetMap/), generated: false, omitted: [], vertices: want.vertices });
    expect(fc.palveluverkko.classes).toEqual(expect.arrayContaining(["primary", "tertiary", "street"]));
    const [minLon, minLat, maxLon, maxLat] = roads.graph.mainBbox();
    for (const f of fc.features) {
      expect(f.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      for (const [lon, lat] of f.geometry.coordinates) {
        expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
        expect(lon > minLon - 0.05 && lon < maxLon + 0.05 && lat > minLat - 0.05 && lat < maxLat + 0.05).toBe(true);
      }
    }
  });
});

describe("GET /api/map/areas", () => {
  it("draws the boundary file's rings, with the people the figures count", async () => {
    const fc = (await get(api, "/api/map/areas")).body;
    const { municipalities } = (await call(api, "/api/municipalities")).body;
    expect(fc.palveluverkko).toEqual({ source: expect.stringMatching(/statfi_municipalities_2023/), approximate: false });
    expect(fc.features.map((f: { properties: unknown }) => f.properties)).toEqual([
      // The extract covers 5 % of Helsinki's land: the map greys it as partial, as the figures do.
      { code: "091", name_fi: "Helsinki", name_sv: "Helsingfors", population: municipalities[0].population, partial: true, inside_pct: municipalities[0].coverage.inside_pct },
    ]);
    expect(municipalities[0].coverage).toMatchObject({ partial: true, inside_pct: 5 });
    const rings: [number, number][][] = fc.features[0].geometry.coordinates;
    expect(rings.length).toBeGreaterThan(1); // the mainland and islands
    for (const r of rings) expect(r[0]).toEqual(r[r.length - 1]);
  });

  it("draws cell outlines, and says so, when areas are the cells nearest each centre", async () => {
    const approx = await open(false);
    const other = await startApi({ workspace: approx });
    try {
      const fc = (await get(other, "/api/map/areas")).body;
      expect(fc.palveluverkko.approximate).toBe(true);
      expect(fc.features).toHaveLength(approx.inputs.areas.length);
      const cells = new Array<number>(approx.inputs.areas.length).fill(0);
      for (const a of approx.inputs.areaOfCell) if (a >= 0) cells[a]++;
      fc.features.forEach((f: { geometry: { coordinates: unknown[] } }, i: number) => expect(f.geometry.coordinates.length > 0, approx.inputs.areas[i].name).toBe(cells[i] > 0));
      expect(cells.filter((n) => n > 0).length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

describe("GET /api/map/water", () => {
  it("draws the extract's water and sea (islands as holes) when the workspace has the OSM file, documented in the OpenAPI document", async () => {
    const withWater = await open(true, sharedData("osm/helsinki-centre.osm.pbf"));
    const other = await startApi({ workspace: withWater });
    try {
      const fc = (await get(other, "/api/map/water")).body;
      expect(fc.palveluverkko).toMatchObject({ source: "helsinki-centre.osm.pbf", notes: [] });
      expect(fc.palveluverkko.tolerance_m).toBeGreaterThanOrEqual(2);
      const kinds = new Set(fc.features.map((f: { properties: { kind: string } }) => f.properties.kind));
      expect([...kinds].sort()).toEqual(["sea", "water"]);
      const inside = (lon: number, lat: number) =>
        fc.features.some((f: { geometry: { coordinates: [number, number][][] } }) => {
          const [outer, ...holes] = f.geometry.coordinates.map((r) => inWater({ source: "", rings: [r] }, lon, lat));
          return outer && !holes.some(Boolean);
        });
      expect(inside(24.975, 60.16)).toBe(true); // the sea between Katajanokka and Suomenlinna
      expect(inside(24.931, 60.168)).toBe(false); // Kamppi
      for (const f of fc.features) for (const r of f.geometry.coordinates) expect(r[0]).toEqual(r[r.length - 1]);
      const doc = (await call(other, "/api/openapi.json")).body;
      expect(doc.paths["/api/map/water"].get.responses["200"].content[GEOJSON].schema).toEqual({ $ref: "#/components/schemas/MapWater" });
      expect(doc.components.schemas.MapWater.properties.features.items.properties.geometry.properties.type).toMatchObject({ const: "Polygon" });
    } finally {
      await other.close();
    }
  });

  it("answers an empty collection with a note when the roads came without their OSM file", async () => {
    const fc = (await get(api, "/api/map/water")).body;
    expect(fc.features).toEqual([]);
    expect(fc.palveluverkko.source).toBeNull();
    expect(fc.palveluverkko.notes).toEqual([expect.stringMatching(/without its OSM file/)]);
    expectProblem(await call(api, "/api/map/water?x=1"), 400);
  });
});

describe("POST /api/scenarios/run with isochrones", () => {
  const close = [{ op: "close" as const, id: "kamppi" }];

  it("answers with the scenario's bands, equal to isochrones of the engine's surfaces after the changes", async () => {
    const a = await call(api, "/api/scenarios/run", { body: { changes: close, thresholds: [5, 10, 15], isochrones: { level: "L" } } });
    expect(a.status, a.text).toBe(200);
    check("/api/scenarios/run", "post", 200, "application/json", a.body);
    const after = analyse({ ...ws.figureInput, graph: roads.graph, snapIndex: ws.parts.snapIndex, links: ws.inputs.links, services: applyChanges(ws.inputs.services.points, close), thresholdsMin: [5, 10, 15] });
    const want = isochrones(ws.inputs.grid, after.surfaces.L, { thresholdsMin: [5, 10, 15] });
    expect(a.body.isochrones.features.map((f: { geometry: unknown }) => f.geometry)).toEqual(want.features.map((f) => f.geometry));
    expect(a.body.isochrones.palveluverkko).toMatchObject({ level: "L", thresholds_min: [5, 10, 15], crs: "EPSG:4326" });
    // The same bands as the base's where nothing changed: E keeps its surface.
    const e = (await call(api, "/api/scenarios/run", { body: { changes: close, isochrones: { level: "E", thresholds: [10] } } })).body.isochrones;
    expect(e.features.map((f: { geometry: unknown }) => f.geometry)).toEqual((await call(api, "/api/isochrones?level=E&thresholds=10")).body.features.map((f: { geometry: unknown }) => f.geometry));
  });

  it("answers as before when not asked, and names a bad isochrones field", async () => {
    const a = await call(api, "/api/scenarios/run", { body: { changes: close } });
    expect(a.status).toBe(200);
    expect("isochrones" in a.body).toBe(false);
    expectProblem(await call(api, "/api/scenarios/run", { body: { changes: close, isochrones: { level: "Q" } } }), 400, "isochrones.level");
    expectProblem(await call(api, "/api/scenarios/run", { body: { changes: close, isochrones: { level: "L", thresholds: [5, 5] } } }), 400, "isochrones.thresholds");
  });
});

describe("the web app beside the API", () => {
  const root = join(scratchDir(), `web-${process.pid}`);

  it("serves the built app at / with a policy that lets its own script, styles and worker run, and the API unchanged", async () => {
    mkdirSync(join(root, "assets"), { recursive: true });
    writeFileSync(join(root, "index.html"), "<!doctype html><title>t</title>");
    writeFileSync(join(root, "assets", "index-abc123.js"), "export {};");
    const web = await startApi({ workspace: ws, webRoot: root, mapOrigins: ["https://tiles.example.org"] });
    try {
      const page = await call(web, "/");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(page.headers.get("content-security-policy")).toBe(webContentSecurityPolicy(["https://tiles.example.org"]));
      expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self';.*connect-src 'self' https:\/\/tiles\.example\.org;.*worker-src 'self'/);
      const asset = await call(web, "/assets/index-abc123.js");
      expect(asset.headers.get("cache-control")).toMatch(/immutable/);
      expect(asset.headers.get("content-type")).toMatch(/javascript/);
      const health = await call(web, "/healthz");
      expect(health.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
      expectProblem(await call(web, "/nothing-here"), 404, "path");
      expectProblem(await call(web, "/", { body: {} }), 404, "path");
    } finally {
      await web.close();
    }
  });

  it("refuses a folder with no built app, and a map origin that is not an origin", () => {
    expect(() => createApp(ws, { webRoot: join(root, "missing") })).toThrow(NotFoundError);
    expect(() => createApp(ws, { webRoot: root, mapOrigins: ["https://x.org; script-src *"] })).toThrow(InvalidInputError);
  });
});
