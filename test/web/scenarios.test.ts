// The web app's added points and stored scenarios in real Chromium over the central Helsinki
// workspace (as app.test.ts), served with a PGlite store in the run's scratch directory. Checks:
// "Add point" then a click on the map opens a form; adding puts into the figures panel the numbers
// a direct POST /api/scenarios/run gives for the app's change list; Esc cancels the mode; undo,
// redo and the URL restore the added point; Save stores the changes (GET /api/scenarios lists
// them), and after a reload Load brings back the same figures (and is undoable); Delete removes it;
// a server with no store says saving is unavailable instead of offering it.
// REGEN=1 writes the screenshot docs/web-add-point.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Study } from "../../study/index.ts";
import { openStore, type Store } from "../../data/store/index.ts";
import { PGLITE } from "../fixtures/store.ts";
import { call, startApi, type Api } from "../fixtures/http.ts";
import { appChanges, CHROMIUM, HAVE_CHROMIUM, expectedRow, figureRow, freshPage, openApp, pixelOf as pixelAt, screenshot, waitReady, type Wanted } from "../fixtures/browser.ts";

const SHORT = [5, 10, 15, 20, 30];
/** A spot in the west of the road network, away from the two example points. */
const SPOT = { lon: 24.912, lat: 60.16 };

let ws: Study, webRoot: string, store: Store, api: Api, browser: Browser, page: Page, problems: string[], close: () => Promise<void>;

const ready = (want: Wanted = {}, p: Page = page): Promise<void> => waitReady(p, want);
const row = (area: string) => figureRow(page, area);
const pixelOf = (lon: number, lat: number) => pixelAt(page, lon, lat);
const changes = () => appChanges(page);

/** The panel's figures for the page's changes against a direct run of the same change list. */
async function expectApiFigures(): Promise<unknown> {
  const run = (await call(api, "/api/scenarios/run", { body: { changes: await changes(), thresholds: SHORT } })).body;
  expect(await row("091")).toEqual(expectedRow(run.figures.L[0], run.diff.L[0]));
  expect(await row("all")).toEqual(expectedRow(run.figures.L[1], run.diff.L[1]));
  return run;
}

describe.skipIf(!HAVE_CHROMIUM)(`web app: added points and saved scenarios in Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    store = await openStore(PGLITE.fresh());
    ({ ws, webRoot, api, browser, page, problems, close } = await openApp({ store }));
  }, 120_000);

  afterAll(async () => {
    await close?.();
    await store?.close();
  });

  it("Esc leaves the add-point mode", async () => {
    await page.goto(`${api.base}/#lang=en&bands=short`);
    await ready({ mode: "base" });
    await page.focus("#add-point");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#add-banner:not([hidden])");
    expect(await page.$eval("#add-point", (b) => b.getAttribute("aria-pressed"))).toBe("true");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#add-banner[hidden]", { state: "attached" });
    expect(await page.$eval("#add-point", (b) => [b.getAttribute("aria-pressed"), b.textContent])).toEqual(["false", "Add point"]);
    expect(await changes()).toEqual([]);
  });

  it("adds a point where the map is clicked and shows the API's numbers for it; undo, redo and the URL restore it", async () => {
    await page.click("#add-point");
    await page.mouse.click(...(await pixelOf(SPOT.lon, SPOT.lat)));
    await page.waitForSelector(".maplibregl-popup form.new-point");
    expect(await page.$eval("#new-point-municipality", (p) => p.textContent)).toBe("Municipality: Helsinki (nearest municipal centre)");
    await page.fill("#new-point-name", "Ruoholahti station");
    expect(await screenshot(page, "web-add-point.png")).toBeLessThan(400_000);
    await page.press("#new-point-name", "Enter");
    await ready({ mode: "scenario", hash: "add:new-1:L" });

    const [add] = await changes();
    expect(add).toMatchObject({ op: "add", point: { id: "new-1", name_fi: "Ruoholahti station", municipality: "091", level: "L" } });
    expect(add.point.lon).toBeCloseTo(SPOT.lon, 3);
    expect(add.point.lat).toBeCloseTo(SPOT.lat, 3);
    const run = (await expectApiFigures()) as { diff: { L: { better: number }[] } };
    expect(run.diff.L[1].better).toBeGreaterThan(0); // a new station nearer to some people
    expect(await page.$eval('#panel [data-point="new-1"]', (el) => [el.getAttribute("data-added"), el.querySelector("button.toggle")?.textContent])).toEqual(["true", "Remove"]);
    expect(await page.$("#add-banner:not([hidden])")).toBeNull();

    await page.click("#undo");
    await ready({ mode: "base", notHash: "add:" });
    expect(await page.$('#panel [data-point="new-1"]')).toBeNull();
    await page.click("#redo");
    await ready({ mode: "scenario", hash: "add:new-1" });
    await page.reload();
    await ready({ mode: "scenario", hash: "add:new-1" });
    expect(await changes()).toEqual([add]);
    await expectApiFigures();
  });

  it("saves the changes, loads them after a reload with the same figures, and deletes them", async () => {
    const before = { all: await row("all"), helsinki: await row("091") };
    await page.click("#saved summary"); // folded until opened: only then is the server asked
    await page.waitForSelector("#saved .hint:not(:has-text('Loading'))");
    await page.fill("#save-name", "Ruoholahti station");
    await page.press("#save-name", "Enter");
    await page.waitForSelector("ul.saved-list li");
    const listed = (await call(api, "/api/scenarios")).body.scenarios;
    expect(listed.map((s: { name: string; changes: number }) => [s.name, s.changes])).toEqual([["Ruoholahti station", 1]]);
    const saved = (await call(api, `/api/scenarios/${listed[0].id}`)).body;
    expect(saved.changes).toEqual(await changes());

    await freshPage(page, api.base);
    await page.click("#saved summary");
    await page.waitForSelector(`ul.saved-list li[data-scenario="${listed[0].id}"]`);
    await page.click(`li[data-scenario="${listed[0].id}"] button.load`);
    await ready({ mode: "scenario", hash: "add:new-1" });
    expect({ all: await row("all"), helsinki: await row("091") }).toEqual(before);
    await expectApiFigures();
    // Loading is one step of the history: undo goes back to what was there before.
    await page.click("#undo");
    await ready({ mode: "base", notHash: "add:" });

    await page.click(`li[data-scenario="${listed[0].id}"] button.delete`);
    await page.waitForSelector("ul.saved-list", { state: "detached" });
    expect((await call(api, "/api/scenarios")).body.scenarios).toEqual([]);
  });

  it("says saving is unavailable when the server keeps no scenarios", async () => {
    const bare = await startApi({ workspace: ws, webRoot });
    const tab = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    try {
      await tab.goto(`${bare.base}/#lang=en&bands=short`);
      await ready({ mode: "base" }, tab);
      await tab.click("#saved summary");
      await tab.waitForSelector("#no-store");
      expect(await tab.$eval("#no-store", (p) => p.textContent)).toBe("Saving is not available: this server keeps no scenarios.");
      expect(await tab.$("#save")).toBeNull();
      expect(await tab.$eval("#status", (p) => p.textContent)).toBe("Ready");
    } finally {
      await tab.close();
      await bare.close();
    }
  });

  it("on a read-only server, lists saved scenarios to load but offers no saving or deleting", async () => {
    await store.saveServiceSet(ws.inputs.services);
    await store.createScenario({ id: "kept-read-only", name: "Kamppi kiinni", region: "uusimaa", base: ws.inputs.services.id, changes: [{ op: "close", id: "kamppi" }] });
    const ro = await startApi({ workspace: ws, webRoot, store, readOnly: true });
    const tab = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    try {
      await tab.goto(`${ro.base}/#lang=fi&bands=short`);
      await ready({ mode: "base" }, tab);
      await tab.click("#saved summary");
      await tab.waitForSelector('#saved [data-scenario="kept-read-only"]');
      expect(await tab.$eval("#read-only", (p) => p.textContent)).toMatch(/vain luku/);
      expect(await tab.$("#save")).toBeNull();
      expect(await tab.$("#saved button.delete")).toBeNull();
      await tab.click('#saved [data-scenario="kept-read-only"] button.load');
      await ready({ mode: "scenario", hash: "close:kamppi" }, tab);
    } finally {
      await tab.close();
      await ro.close();
      await store.deleteScenario("kept-read-only");
    }
  });

  it("logged no errors", () => {
    expect(problems).toEqual([]);
  });
});
