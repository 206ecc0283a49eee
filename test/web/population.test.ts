// The population layer in real Chromium over the central Helsinki workspace (HSY's 250 m grid):
// switched on, the map holds one square per populated cell with the API's people, the people add
// up to the figures' total, a populated cell is drawn where it lies (a rendered feature under its
// centre), and the key shows five classes; switched off, the layer is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { call, type Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, freshPage, openApp } from "../fixtures/browser.ts";

let api: Api, page: Page, problems: string[], close: () => Promise<void>;

describe.skipIf(!HAVE_CHROMIUM)(`web app: the population layer (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, page, problems, close } = await openApp());
  }, 120_000);

  afterAll(() => close?.());

  it("draws every populated cell with its people, totalling the figures' people, and takes them off again", async () => {
    await freshPage(page, api.base, "#lang=fi&bands=short");
    await page.check("#population-layer");
    await page.waitForSelector("#population-key li");
    const cells = (await call(api, "/api/map/population")).body;
    const all = (await call(api, "/api/accessibility?thresholds=5,10")).body.levels.L.find((r: { id: string }) => r.id === "all");
    const total = cells.features.reduce((n: number, f: { properties: { population: number } }) => n + f.properties.population, 0);
    expect(Math.round(total)).toBe(all.population);
    expect(await page.$$eval("#population-key li", (lis) => lis.map((li) => li.textContent))).toEqual(["1–9", "10–49", "50–199", "200–499", "500+"]);
    expect(await page.$eval('label:has(#population-layer)', (l) => l.textContent)).toContain("asukasta 250 m:n ruudussa");
    const onMap = await page.evaluate(async () => {
      const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
      const data = (await (m.getSource("population") as import("maplibre-gl").GeoJSONSource).getData()) as GeoJSON.FeatureCollection;
      return { features: data.features.length, visible: m.getLayer("population") !== undefined };
    });
    expect(onMap).toEqual({ features: cells.features.length, visible: true });
    // The most crowded cell is drawn where it lies: under its centre the map renders it.
    const crowded = cells.features.reduce((a: { properties: { population: number } }, b: { properties: { population: number } }) => (b.properties.population > a.properties.population ? b : a));
    const ring = crowded.geometry.coordinates[0] as [number, number][];
    const centre = [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2];
    const rendered = await page.evaluate(([lon, lat]) => {
      const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
      return m.queryRenderedFeatures(m.project([lon, lat]), { layers: ["population"] }).map((f) => f.properties.cell);
    }, centre);
    expect(rendered).toContain(crowded.properties.cell);
    await page.uncheck("#population-layer");
    await page.waitForSelector("#population-key", { state: "detached" });
    expect(await page.evaluate(() => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getLayer("population"))).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
