// The web app's layout in real Chromium at a desktop (1440 px), a small laptop (1024 px) and a phone
// (390 px) over the central Helsinki workspace (as app.test.ts), in Finnish and Swedish (the longest
// words). Checks what a planner sees, not that a screenshot was taken: the panel and the map are
// both on the screen at load (side by side with the page itself not scrolling, or the map above
// the panel on a phone), the figures
// table is not cut off, no control sticks out of the panel, and in Compare with base a point's popup is on top of the compare table
// (the element at its centre is the popup's own).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, openApp, pixelOf, waitReady } from "../fixtures/browser.ts";

let api: Api, browser: Browser, close: () => Promise<void>;

type Box = { x: number; y: number; width: number; height: number };
const visible = (b: Box, vw: number, vh: number) => Math.max(0, Math.min(b.x + b.width, vw) - Math.max(b.x, 0)) * Math.max(0, Math.min(b.y + b.height, vh) - Math.max(b.y, 0));

async function open(width: number, height: number, lang: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${api.base}/#lang=${lang}&bands=short&changes=close:kamppi`);
  await waitReady(page, { mode: "scenario" });
  return page;
}

describe.skipIf(!HAVE_CHROMIUM)(`web app layout at 1440, 1024 and 390 px (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, browser, close } = await openApp());
  }, 120_000);

  afterAll(() => close?.());

  it.each([
    [1440, 900, "fi"],
    [1024, 768, "fi"],
    [1024, 768, "sv"],
    [390, 844, "fi"],
    [390, 844, "sv"],
  ])("%i × %i px (%s): panel and map both on screen, the figures table whole", async (width, height, lang) => {
    const page = await open(width, height, lang);
    try {
      const panel = (await page.$eval("#panel", (el) => el.getBoundingClientRect().toJSON())) as Box;
      const map = (await page.$eval("#map", (el) => el.getBoundingClientRect().toJSON())) as Box;
      if (width >= 1024) {
        // Side by side, each a good share of the screen.
        expect(panel.x + panel.width).toBeLessThanOrEqual(map.x + 1);
        expect(visible(panel, width, height)).toBeGreaterThan(0.25 * width * height);
        expect(visible(map, width, height)).toBeGreaterThan(0.4 * width * height);
        // The page itself does not scroll (the panel does): nothing placed against the page sticks out of it.
        expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(height);
      } else {
        // A phone: the map on top, at least half the screen; the panel's heading starts on screen below it.
        expect(map.y).toBe(0);
        expect(visible(map, width, height)).toBeGreaterThanOrEqual(0.5 * width * height);
        expect(panel.y).toBeLessThan(height);
        expect(map.width).toBe(width);
      }
      // The map is drawn, not an empty box: its canvas fills it.
      const canvas = (await page.$eval("#map canvas", (el) => el.getBoundingClientRect().toJSON())) as Box;
      expect(canvas.width).toBeCloseTo(map.width, 0);
      expect(canvas.height).toBeGreaterThan(0.9 * map.height);
      // Every control fits the panel's width (a select is as wide as its longest option, a service type's name).
      const sticking = await page.$$eval("#panel select, #panel button", (els) => {
        const right = document.getElementById("panel")!.getBoundingClientRect().right;
        return els.filter((el) => el.getBoundingClientRect().right > right + 0.5).map((el) => el.id || el.textContent);
      });
      expect(sticking, `${width} px ${lang}`).toEqual([]);
      // The figures table fits its panel: nothing to scroll sideways for.
      const [scrollWidth, clientWidth] = await page.$eval("table.figures", (t) => [t.scrollWidth, (t.parentElement as HTMLElement).clientWidth]);
      expect(scrollWidth, `${width} px ${lang}: the figures table is ${scrollWidth} px in ${clientWidth} px`).toBeLessThanOrEqual(clientWidth);
    } finally {
      await page.close();
    }
  });

  it("1024 px, Compare with base: a point's popup is on top of the compare table", async () => {
    const page = await open(1024, 768, "fi");
    try {
      await page.click("#compare");
      await page.waitForSelector(".compare-diff:not([hidden])");
      await page.mouse.click(...(await pixelOf(page, 24.9305, 60.168)));
      await page.waitForSelector('.maplibregl-popup [data-point="kamppi"]');
      const [popup, table] = (await Promise.all([
        page.$eval(".maplibregl-popup-content", (el) => el.getBoundingClientRect().toJSON()),
        page.$eval(".compare-diff", (el) => el.getBoundingClientRect().toJSON()),
      ])) as [Box, Box];
      // They overlap here (the popup opens upwards into the table's corner), and the popup wins.
      const overlap = { x: Math.max(popup.x, table.x), y: Math.max(popup.y, table.y), right: Math.min(popup.x + popup.width, table.x + table.width), bottom: Math.min(popup.y + popup.height, table.y + table.height) };
      expect(overlap.right > overlap.x && overlap.bottom > overlap.y, "the popup and the compare table overlap at 1024 px").toBe(true);
      const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest(".maplibregl-popup") !== null, [(overlap.x + overlap.right) / 2, (overlap.y + overlap.bottom) / 2] as [number, number]);
      expect(onTop).toBe(true);
    } finally {
      await page.close();
    }
  });
});
