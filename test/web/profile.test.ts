// The speed-limit profile in real Chromium over the real Tampere extract (ring road and highways at
// 100–120 km/h, 80–100 km/h in winter): switching to winter shows the API's winter figures, slower
// than summer's, keeps the choice in the URL, and a reload with that URL comes back to winter; the
// rush hour is offered beside them and shows the API's rush-hour figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { call, openTampereWorkspace, type Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, freshPage, openApp, waitReady } from "../fixtures/browser.ts";

let api: Api, page: Page, problems: string[], close: () => Promise<void>;


/** The figures table's mean minutes over all areas, as the page shows it. */
const shownMean = (page: Page) => page.$eval('tr[data-area="all"] td[data-field="mean_min"]', (td) => Number((td as HTMLElement).dataset.value));

describe.skipIf(!HAVE_CHROMIUM)(`web app: summer and winter speed limits (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, page, problems, close } = await openApp({ workspace: openTampereWorkspace }));
  }, 180_000);

  afterAll(() => close?.());

  it("shows the API's winter figures once winter is chosen, keeps it in the URL and restores it", async () => {
    await freshPage(page, api.base, "#lang=fi&level=E");
    expect(await page.$$eval("#profile option", (os) => os.map((o) => o.textContent))).toEqual(["kesä", "talvi", "kesä, keskipäivä", "talvi, keskipäivä", "kesä, ruuhkatunti", "talvi, ruuhkatunti"]);
    const summer = await shownMean(page);
    const api_ = async (q: string) => (await call(api, `/api/accessibility${q}`)).body.levels.E.find((r: { id: string }) => r.id === "all").mean_min;
    expect(summer).toBe(await api_(""));
    await page.selectOption("#profile", "car-winter");
    await waitReady(page, { mode: "base", hash: "profile=car-winter" });
    const winter = await shownMean(page);
    expect(winter).toBe(await api_("?profile=car-winter"));
    expect(winter).toBeGreaterThan(summer);
    // The URL brings winter back.
    await page.reload();
    await waitReady(page, { mode: "base", hash: "profile=car-winter" });
    expect(await page.$eval("#profile", (s) => (s as HTMLSelectElement).value)).toBe("car-winter");
    expect(await shownMean(page)).toBe(winter);
    // The rush hour (junction delays by road class) is the API's rush-hour figure, slower than free flow.
    await page.selectOption("#profile", "car-rush");
    await waitReady(page, { mode: "base", hash: "profile=car-rush" });
    const rush = await shownMean(page);
    expect(rush).toBe(await api_("?profile=car-rush"));
    expect(rush).toBeGreaterThan(summer);
    // And back to summer: the server's own, so the URL no longer names a profile.
    await page.selectOption("#profile", "car");
    await waitReady(page, { mode: "base", notHash: "profile=" });
    expect(await shownMean(page)).toBe(summer);
    expect(problems).toEqual([]);
  }, 120_000);
});
