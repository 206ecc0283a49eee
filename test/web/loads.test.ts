// Catchments and loads on the map in real Chromium over the real Tampere extract, with the example
// set that gives each point a capacity (docs/examples/tampere-services-capacity.csv). The load
// layer's label under each point says the API's catchment people and load against capacity
// (GET /api/loads), its discs are drawn for every point with those people; with Lielahti closed the
// labels are the scenario's (POST /api/loads), where Lielahti's people have gone to its neighbours;
// a service type's loads are the type's (Hervanta lists dental care, so it serves more of it).
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { call, openTampereWorkspace, type Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, freshPage, openApp, screenshot, waitReady } from "../fixtures/browser.ts";

const CAPACITY = fileURLToPath(new URL("../../docs/examples/tampere-services-capacity.csv", import.meta.url));
let api: Api, page: Page, problems: string[], close: () => Promise<void>;

type LoadPoint = { id: string; catchment_people: number; load_pct: number | null };
const fi = new Intl.NumberFormat("fi-FI", { maximumFractionDigits: 0 });
/** A label as the page writes it in Finnish, spaces of any kind as one. */
const labelOf = (p: LoadPoint) => `${fi.format(p.catchment_people)} as.${p.load_pct === null ? "" : ` · ${fi.format(p.load_pct)} %`}`.replace(/\s/g, " ");

/** The labels the map shows, per point, once there are `n` of them saying what `want` says. */
async function labels(want: LoadPoint[]): Promise<Map<string, string>> {
  const expected = Object.fromEntries(want.map((p) => [p.id, labelOf(p)]));
  await page.waitForFunction((exp) => {
    const shown = Array.from(document.querySelectorAll<HTMLElement>(".load-label"));
    return shown.length === Object.keys(exp).length && shown.every((el) => exp[el.dataset.point!] === el.textContent!.replace(/\s/g, " "));
  }, expected, { timeout: 20_000 }).catch(() => {});
  return new Map(await page.$$eval(".load-label", (els) => els.map((el) => [(el as HTMLElement).dataset.point!, el.textContent!.replace(/\s/g, " ")] as [string, string])));
}

/** The people per point of the discs drawn on the map (the rendered features of the load layer). */
function discs(): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
    // Once the map has drawn the layer's source (an added source is parsed in MapLibre's worker first).
    if (!m.isSourceLoaded("loads") || !m.loaded()) await new Promise((r) => m.once("idle", r));
    return Object.fromEntries(m.queryRenderedFeatures({ layers: ["loads"] }).map((f) => [f.properties.id, f.properties.people]));
  });
}

describe.skipIf(!HAVE_CHROMIUM)(`web app: catchments and loads on the map (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, page, problems, close } = await openApp({ workspace: () => openTampereWorkspace(CAPACITY) }));
  }, 180_000);

  afterAll(() => close?.());

  it("labels each point with the API's catchment and load, base and scenario, per level and per type", async () => {
    await freshPage(page, api.base, "#lang=fi&level=L");
    await page.click("#loads-layer");
    const base: LoadPoint[] = (await call(api, "/api/loads?level=L")).body.base.points;
    expect(base.length).toBe(4);
    expect(base.every((p) => p.load_pct !== null)).toBe(true); // every point has a capacity
    const shown = await labels(base);
    expect(shown).toEqual(new Map(base.map((p) => [p.id, labelOf(p)])));
    await page.waitForFunction(() => document.body.dataset.state === "ready");
    const drawn = await discs();
    for (const p of base) expect(drawn[p.id], p.id).toBeCloseTo(p.catchment_people, 1);
    expect(await page.$$eval("#loads-key li", (li) => li.map((l) => l.textContent))).toEqual(["≤ 90 %", "90–100 %", "> 100 %", "kapasiteettia ei ole annettu"]);
    expect(await screenshot(page, "web-loads.png")).toBeLessThan(600_000);

    // Lielahti closed: the scenario's catchments, its people now at its neighbours.
    await page.click('#panel [data-point="lielahti"] button.toggle');
    await waitReady(page, { mode: "scenario", hash: "close:lielahti" });
    const after = (await call(api, "/api/loads", { body: { changes: [{ op: "close", id: "lielahti" }], level: "L" } })).body;
    const open: LoadPoint[] = after.scenario.points;
    expect(await labels(open)).toEqual(new Map(open.map((p) => [p.id, labelOf(p)])));
    const before = (id: string) => base.find((p) => p.id === id)!.catchment_people;
    const gained = open.filter((p) => p.id !== "lielahti").reduce((s, p) => s + p.catchment_people - before(p.id), 0);
    expect(gained).toBeGreaterThan(0.9 * before("lielahti")); // Lielahti's people went (almost all) to the others

    // A type: dental care, which Hervanta lists and the L points' menus do not hold.
    await page.click("#reset");
    await waitReady(page, { mode: "base" });
    await page.selectOption("#service-type", "dental-care");
    await waitReady(page, { level: "dental-care" });
    const dental: LoadPoint[] = (await call(api, "/api/loads?type=dental-care")).body.base.points;
    expect(dental.map((p) => p.id).sort()).not.toEqual(base.map((p) => p.id).sort());
    expect(await labels(dental)).toEqual(new Map(dental.map((p) => [p.id, labelOf(p)])));
    // Off: no label, no disc.
    await page.click("#loads-layer");
    await page.waitForFunction(() => document.querySelectorAll(".load-label").length === 0);
    expect(await page.evaluate(() => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getLayer("loads") === undefined)).toBe(true);
    expect(problems).toEqual([]);
  }, 120_000);
});
