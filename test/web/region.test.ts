// The web app on another county: the real Tampere extract with Sotkanet's 2022 totals and the
// built-in boundaries, its region taken from the roads (Pirkanmaa). No Uusimaa municipality,
// grouping or title anywhere; the municipalities the extract cuts are greyed with their share;
// Add point opens its form and a point near Hervanta belongs to Tampere (837); the regional units
// offer Pirkanmaa's own grouping; the report is titled and named for Pirkanmaa. In real Chromium.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Study } from "../../study/index.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { appChanges, CHROMIUM, HAVE_CHROMIUM, openApp, pixelOf, waitReady, type BrowserApp } from "../fixtures/browser.ts";
import { join } from "node:path";

/** A spot in Hervanta, south-east Tampere, ~7 km from Tampere's centre and 12 km from Kangasala's. */
const HERVANTA = { lon: 23.852, lat: 61.45 };

describe.skipIf(!HAVE_CHROMIUM)(`web app on Pirkanmaa (real Tampere roads) in Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  let app: BrowserApp;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({
      workspace: () =>
        Study.open({ roads: sharedData("osm/tampere.osm.pbf"), cacheDir: join(scratchDir(), "cache"), totals: sharedData("municipalities/geofi_sotkadata_population.csv") }),
      acceptDownloads: true,
    });
    page = app.page;
  }, 180_000);
  afterAll(() => app?.close());

  it("is of Pirkanmaa, says nothing of Uusimaa, and greys the municipalities the extract cuts, with their share", async () => {
    expect(app.ws.region.id).toBe("pirkanmaa");
    await page.goto(`${app.api.base}/#lang=fi`);
    await waitReady(page, { mode: "base" });
    const text = await page.textContent("body");
    expect(text).not.toMatch(/Uusimaa|Uudenmaan|Nyland/);
    const partial = await page.$$eval("table.figures tr.partial", (rows) => rows.map((r) => (r as HTMLElement).dataset.area));
    expect(partial).toEqual(expect.arrayContaining(["536", "980"])); // Nokia and Ylöjärvi
    const nokia = await page.$eval('tr[data-area="536"] .partial-note', (el) => [el.textContent, Number((el as HTMLElement).dataset.value)] as const);
    expect(nokia[0]).toMatch(/osin otteen ulkopuolella: maa-alasta \d+ % sisällä/);
    expect(nokia[1]).toBeGreaterThan(3);
    expect(nokia[1]).toBeLessThan(15);
    // The note naming them is on the map and beside the figures.
    expect(await page.textContent(".map-notes")).toMatch(/Osittain otteen ulkopuolella.*Nokia \(536\)/);
    expect(app.problems).toEqual([]);
  });

  it("opens Add point's form, and a point added near Hervanta belongs to Tampere (837)", async () => {
    await page.goto("about:blank");
    await page.goto(`${app.api.base}/#lang=en`);
    await waitReady(page, { mode: "base" });
    await page.click("#add-point");
    await page.mouse.click(...(await pixelOf(page, HERVANTA.lon, HERVANTA.lat)));
    await page.waitForSelector(".maplibregl-popup form.new-point");
    expect(await page.$eval("#new-point-municipality", (p) => p.textContent)).toBe("Municipality: Tampere (nearest municipal centre)");
    await page.fill("#new-point-name", "Hervannan uusi asema");
    await page.press("#new-point-name", "Enter");
    await waitReady(page, { mode: "scenario", hash: "add:new-1:L" });
    const [add] = await appChanges(page);
    expect(add).toMatchObject({ op: "add", point: { municipality: "837", level: "L" } });
    expect(app.problems).toEqual([]);
  });

  it("offers Pirkanmaa's own grouping under Regional units, and titles and names the report for Pirkanmaa", async () => {
    const groupings = await (await fetch(`${app.api.base}/api/groupings`)).json();
    expect(groupings.region).toBe("pirkanmaa");
    expect(groupings.groupings.map((g: { id: string }) => g.id)).toEqual(["pirkanmaa-whole"]);
    await page.goto("about:blank");
    await page.goto(`${app.api.base}/#lang=fi&panel=groupings`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>("section.groupings")?.dataset.state === "ready", undefined, { timeout: 30_000 });
    expect(await page.textContent("section.groupings")).toMatch(/Pirkanmaa: koko alue/);
    const res = await fetch(`${app.api.base}/api/report?format=pdf&lang=fi`);
    expect(res.headers.get("content-disposition")).toContain('filename="palveluverkko-pirkanmaa-fi.pdf"');
    const csv = await (await fetch(`${app.api.base}/api/report?format=csv&lang=fi`)).text();
    expect(csv).toContain("Pirkanmaa");
    expect(csv).not.toMatch(/Uusimaa|Uudenmaan/);
  });
});
