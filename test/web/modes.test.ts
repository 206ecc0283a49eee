// Walking and cycling in real Chromium over the real central Helsinki extract, its walking and
// cycling graphs built beside the car's: the profile menu names them in Finnish and Swedish,
// choosing walking shows the API's walking figures (slower than the car's), keeps the choice in the
// URL, and lists the note on the walking speeds beside the figures; the Door to door box is offered
// by car only.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Study } from "../../study/index.ts";
import { importOsm } from "../../data/osm/import.ts";
import { call, type Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, freshPage, openApp, waitReady } from "../fixtures/browser.ts";
import { sharedData } from "../fixtures/shared-data.ts";

let api: Api, page: Page, problems: string[], close: () => Promise<void>;

const OSM = sharedData("osm/helsinki-centre.osm.pbf");
const shownMean = (page: Page) => page.$eval('tr[data-area="all"] td[data-field="mean_min"]', (td) => Number((td as HTMLElement).dataset.value));

describe.skipIf(!HAVE_CHROMIUM)(`web app: on foot and by bike (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, page, problems, close } = await openApp({
      workspace: async () => Study.open({
        roads: { ...(await importOsm(OSM)), osm: OSM },
        region: "helsinki",
        services: fileURLToPath(new URL("../../docs/examples/helsinki-centre-services.csv", import.meta.url)),
        population: sharedData("population/hsy_population_grid_2021_250m.gpkg"),
        grouping: null,
        modes: ["walk", "bike"],
      }),
    }));
  }, 180_000);

  afterAll(() => close?.());

  it("names walking and cycling in the menu, shows the API's walking figures and their note, and keeps the choice in the URL", async () => {
    await freshPage(page, api.base, "#lang=fi&level=L&bands=planning");
    const labels = await page.$$eval("#profile option", (os) => os.map((o) => o.textContent));
    expect(labels).toEqual(expect.arrayContaining(["kesä", "talvi", "kävely", "pyöräily"]));
    const car = await shownMean(page);
    expect(await page.$$("#door-to-door")).toHaveLength(1); // door to door is a car trip's reading: offered by car only
    await page.selectOption("#profile", "walk");
    await waitReady(page, { mode: "base", hash: "profile=walk" });
    expect(await page.$$("#door-to-door")).toHaveLength(0);
    const walk = await shownMean(page);
    expect(walk).toBe((await call(api, "/api/accessibility?profile=walk")).body.levels.L.find((r: { id: string }) => r.id === "all").mean_min);
    expect(walk).toBeGreaterThan(car);
    expect(await page.$$eval('#figure-notes li[data-code="active-mode"]', (li) => li.map((l) => l.textContent))).toEqual([expect.stringMatching(/^Ajat ovat kävelyaikoja: 4,2 km\/h/)]);
    await freshPage(page, api.base, "#lang=sv&level=L");
    expect(await page.$$eval("#profile option", (os) => os.map((o) => o.textContent))).toEqual(expect.arrayContaining(["gång", "cykling"]));
    expect(problems).toEqual([]);
  }, 120_000);
});
