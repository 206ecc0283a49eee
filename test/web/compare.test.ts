// The web app's moved points and its swipe comparison of base and scenario, in real Chromium over
// the central Helsinki workspace (as app.test.ts). Checks: dragging a point on the map (by the mouse
// or, through Chromium's touch input, by a finger) moves it,
// and the figures panel then holds what a direct POST /api/scenarios/run gives for the app's change
// list; undo, redo and the URL restore the move; "Move" in a point's popup (or its list entry,
// from the keyboard) then a click moves it too, and Esc leaves that mode; with a point closed, the
// swipe view draws the base band colour left of the divider and the scenario's right of it at a
// place where the two differ (read from a screenshot), the divider follows the arrow keys, and the
// table of people changing band per municipality equals the API's diff; labels in fi/sv/en.
// REGEN=1 writes the screenshot docs/web-compare.png.
import { booleanPointInPolygon } from "@turf/turf";
import type { MultiPolygon, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { call, type Api } from "../fixtures/http.ts";
import { appChanges, CHROMIUM, HAVE_CHROMIUM, expectedRow, figureRow, freshPage, openApp, pixelOf as pixelAt, screenshot, waitReady, type Wanted } from "../fixtures/browser.ts";

const SHORT = [5, 10, 15, 20, 30];
/** The five-band YlGnBu ramp the map draws SHORT in (web/src/map.ts), nearest first. */
const RAMP = ["#253494", "#2c7fb8", "#41b6c4", "#a1dab4", "#ffffcc"];
const KAMPPI = { lon: 24.9305, lat: 60.168 };
const KIRURGINEN = { lon: 24.9486, lat: 60.1628 };
/** A spot in the west of the road network, away from the two example points. */
const WEST = { lon: 24.912, lat: 60.16 };

let api: Api, page: Page, problems: string[], close: () => Promise<void>;

const ready = (want: Wanted = {}): Promise<void> => waitReady(page, want);
const row = (area: string) => figureRow(page, area);
const pixelOf = (lon: number, lat: number) => pixelAt(page, lon, lat);
const changes = () => appChanges(page);
const fresh = () => freshPage(page, api.base);

/** The panel's figures for the page's changes against a direct run of the same change list. */
async function expectApiFigures(): Promise<void> {
  const run = (await call(api, "/api/scenarios/run", { body: { changes: await changes(), thresholds: SHORT } })).body;
  expect(await row("091")).toEqual(expectedRow(run.figures.L[0], run.diff.L[0]));
  expect(await row("all")).toEqual(expectedRow(run.figures.L[1], run.diff.L[1]));
}

/** The place drawn at a page pixel. */
function placeAt(x: number, y: number): Promise<{ lon: number; lat: number }> {
  return page.evaluate(([x, y]) => {
    const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
    const r = m.getCanvas().getBoundingClientRect();
    const p = m.unproject([x - r.left, y - r.top]);
    return { lon: p.lng, lat: p.lat };
  }, [x, y]);
}

/**
 * The commonest colour (#rrggbb) of the screen in a square of 2r+1 pixels around a page pixel, as
 * the planner sees it: a screenshot, so both maps and the clip between them count. Decoded in the
 * page, which has a PNG decoder (createImageBitmap).
 */
async function colourAt(x: number, y: number, r = 4): Promise<string> {
  const png = await page.screenshot({ type: "png", clip: { x: Math.round(x) - r, y: Math.round(y) - r, width: 2 * r + 1, height: 2 * r + 1 } });
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: "image/png" }));
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d")!;
    ctx.drawImage(bitmap, 0, 0);
    const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts = new Map<string, number>();
    for (let i = 0; i < px.length; i += 4) {
      const hex = "#" + [px[i], px[i + 1], px[i + 2]].map((v) => v.toString(16).padStart(2, "0")).join("");
      counts.set(hex, (counts.get(hex) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0][0];
  }, png.toString("base64"));
}

type BandsJson = { features: { properties: { threshold_min: number }; geometry: MultiPolygon }[] };

/** The nearest band (its index in SHORT) a place lies in, or -1 beyond them all. */
function bandAt(bands: BandsJson, at: { lon: number; lat: number }): number {
  const inside = bands.features.filter((f) => booleanPointInPolygon([at.lon, at.lat], f.geometry)).map((f) => SHORT.indexOf(f.properties.threshold_min));
  return inside.length === 0 ? -1 : Math.min(...inside);
}

describe.skipIf(!HAVE_CHROMIUM)(`web app: moved points and the base/scenario comparison in Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, page, problems, close } = await openApp());
  }, 120_000);

  afterAll(() => close?.());

  it("moves a point dragged on the map and shows the API's numbers for the move; undo, redo and the URL restore it", async () => {
    await fresh();
    const from = await pixelOf(KAMPPI.lon, KAMPPI.lat);
    const to = await pixelOf(WEST.lon, WEST.lat);
    await page.mouse.move(...from);
    await page.mouse.down();
    await page.mouse.move(...to, { steps: 12 });
    await page.mouse.up();
    await ready({ mode: "scenario", hash: "move:kamppi:" });

    const [move] = await changes();
    expect(move).toMatchObject({ op: "move", id: "kamppi" });
    expect(move.lon).toBeCloseTo(WEST.lon, 3);
    expect(move.lat).toBeCloseTo(WEST.lat, 3);
    expect(page.url()).toContain(`changes=move:kamppi:${move.lon.toFixed(5)}:${move.lat.toFixed(5)}`);
    await expectApiFigures();
    // The point is drawn at its new place, with a line back to where the base has it; no popup opened.
    const drawn = await page.evaluate(([x, y]) => {
      const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
      const r = m.getCanvas().getBoundingClientRect();
      return { here: m.queryRenderedFeatures([x - r.left, y - r.top], { layers: ["points"] }).map((f) => f.properties.id), lines: m.queryRenderedFeatures({ layers: ["moves"] }).length };
    }, to);
    expect(drawn.here).toEqual(["kamppi"]);
    expect(drawn.lines).toBeGreaterThan(0);
    expect(await page.$(".maplibregl-popup")).toBeNull();

    await page.click("#undo");
    await ready({ mode: "base", notHash: "move:" });
    await page.click("#redo");
    await ready({ mode: "scenario", hash: "move:kamppi:" });
    await page.reload();
    await ready({ mode: "scenario", hash: "move:kamppi:" });
    expect(await changes()).toEqual([move]);
    await expectApiFigures();
  });

  it("moves a point dragged by a finger, as by the mouse; a finger elsewhere pans the map and moves nothing", async () => {
    await fresh();
    const cdp = await page.context().newCDPSession(page);
    const swipe = async (from: [number, number], to: [number, number]) => {
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: from[0], y: from[1] }] });
      for (let i = 1; i <= 12; i++) {
        const x = from[0] + ((to[0] - from[0]) * i) / 12, y = from[1] + ((to[1] - from[1]) * i) / 12;
        await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y }] });
      }
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    };
    const centre = () => page.evaluate(() => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getCenter().toArray());
    const before = await centre();
    await swipe(await pixelOf(KAMPPI.lon, KAMPPI.lat), await pixelOf(WEST.lon, WEST.lat));
    await ready({ mode: "scenario", hash: "move:kamppi:" });
    const [move] = await changes();
    expect(move).toMatchObject({ op: "move", id: "kamppi" });
    expect(move.lon).toBeCloseTo(WEST.lon, 3);
    expect(move.lat).toBeCloseTo(WEST.lat, 3);
    expect(await centre()).toEqual(before); // the map held still under the point
    await expectApiFigures();

    // The same swipe from a place with no point pans the map by it and changes nothing.
    const empty = await pixelOf(24.925, 60.172);
    await swipe(empty, [empty[0] + 120, empty[1]]);
    await page.waitForFunction((x) => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getCenter().lng < x - 1e-4, before[0]);
    expect(await changes()).toEqual([move]);
    await cdp.detach();
  });

  it("moves a point with Move in its popup or its list entry and a click on the new place; Esc leaves that mode", async () => {
    await fresh();
    await page.mouse.click(...(await pixelOf(KIRURGINEN.lon, KIRURGINEN.lat)));
    await page.click('.maplibregl-popup [data-point="kirurginen"] button.move');
    await page.waitForSelector("#add-banner:not([hidden])");
    expect(await page.$eval("#add-banner", (b) => b.textContent)).toBe("Click the map where Kirurginen sairaala moves to (Enter: the map centre). Esc cancels.");
    expect(await page.$(".maplibregl-popup")).toBeNull(); // out of the way of the click
    await page.keyboard.press("Escape");
    await page.waitForSelector("#add-banner[hidden]", { state: "attached" });
    expect(await page.evaluate(() => document.activeElement?.matches('[data-point="kirurginen"] button.move'))).toBe(true);
    expect(await changes()).toEqual([]);

    // From the keyboard: the list's Move, then Enter on the focused map moves the point to the map centre.
    await page.keyboard.press("Enter");
    await page.waitForSelector("#add-banner:not([hidden])");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("maplibregl-canvas"))).toBe(true);
    await page.keyboard.press("Enter");
    await ready({ mode: "scenario", hash: "move:kirurginen:" });
    const centre = await page.evaluate(() => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getCenter());
    const [byKey] = await changes();
    expect(byKey.lon).toBeCloseTo(centre.lng, 4);
    expect(byKey.lat).toBeCloseTo(centre.lat, 4);
    expect(await page.$("#add-banner:not([hidden])")).toBeNull();
    await expectApiFigures();

    // A click in the move mode: the same point, moved again, is still one change.
    await page.click('#panel [data-point="kirurginen"] button.move');
    const to = await pixelOf(WEST.lon, WEST.lat);
    await page.mouse.click(...to);
    await ready({ mode: "scenario", hash: `move:kirurginen:${WEST.lon.toFixed(2)}` });
    const moved = await changes();
    expect(moved).toHaveLength(1);
    expect(moved[0].lon).toBeCloseTo(WEST.lon, 3);
    await expectApiFigures();
  });

  it("shows base left of the divider and the scenario right of it, moved by the arrow keys, with the API's diff per municipality", async () => {
    await fresh();
    await page.click('#panel [data-point="kamppi"] button.toggle');
    await ready({ mode: "scenario", hash: "close:kamppi" });
    await page.click("#compare");
    await ready({ mode: "scenario" });
    expect(await page.$eval("#compare", (b) => b.getAttribute("aria-pressed"))).toBe("true");
    const handle = ".swipe-handle";
    expect(await page.$eval(handle, (s) => [s.getAttribute("role"), s.getAttribute("aria-valuenow"), s.getAttribute("aria-valuetext"), s.getAttribute("aria-label")])).toEqual(["slider", "50", "50 % of the map width shows the base", "Divider between base (left) and scenario (right)"]);

    // Put the divider with the keyboard (5 % a press) west of Kamppi, through the area that loses its station.
    const box = (await page.$eval("#map", (el) => el.getBoundingClientRect().toJSON())) as DOMRect;
    const [kx, ky] = await pixelOf(WEST.lon, KAMPPI.lat);
    const want = Math.round(((kx - box.left) / box.width) * 20) * 5;
    await page.focus(handle);
    for (let p = 50; p !== want; p += want < 50 ? -5 : 5) await page.keyboard.press(want < 50 ? "ArrowLeft" : "ArrowRight");
    expect(await page.$eval(handle, (s) => Number(s.getAttribute("aria-valuenow")))).toBe(want);
    const divider = box.left + (box.width * want) / 100;

    // A row of the screen where the band differs between base and scenario on both sides of the divider.
    const base: BandsJson = (await call(api, `/api/isochrones?level=L&thresholds=${SHORT.join(",")}`)).body;
    const run = (await call(api, "/api/scenarios/run", { body: { changes: [{ op: "close", id: "kamppi" }], thresholds: SHORT, isochrones: { level: "L" } } })).body;
    const scenario: BandsJson = run.isochrones;
    // Water is drawn over the bands: a spot on it shows no band.
    const water: { features: { geometry: Polygon }[] } = (await call(api, "/api/map/water")).body;
    const seen = (bands: BandsJson, at: { lon: number; lat: number }) => (water.features.some((f) => booleanPointInPolygon([at.lon, at.lat], f.geometry)) ? -1 : bandAt(bands, at));
    let found: { y: number; left: [number, number]; right: [number, number] } | null = null;
    for (let dy = 0; dy < 200 && !found; dy += 6) {
      for (const y of [ky + dy, ky - dy]) {
        const sides = await Promise.all([divider - 40, divider + 40].map(async (x) => {
          const at = await placeAt(x, y);
          return [seen(base, at), seen(scenario, at)] as [number, number];
        }));
        // The same bands in a 10 px square around both spots, so no band edge is sampled.
        const steady = async (x: number, b: [number, number]) => (await Promise.all([[-6, -6], [6, -6], [-6, 6], [6, 6]].map(async ([ex, ey]) => {
          const at = await placeAt(x + ex, y + ey);
          return seen(base, at) === b[0] && seen(scenario, at) === b[1];
        }))).every(Boolean);
        if (sides.every(([b, s]) => b >= 0 && s >= 0 && b !== s) && (await steady(divider - 40, sides[0])) && (await steady(divider + 40, sides[1]))) {
          found = { y, left: sides[0], right: sides[1] };
          break;
        }
      }
    }
    expect(found, "a row where base and scenario differ on both sides of the divider").not.toBeNull();
    const { y, left, right } = found!;
    expect(await colourAt(divider - 40, y)).toBe(RAMP[left[0]]); // base, left
    expect(await colourAt(divider + 40, y)).toBe(RAMP[right[1]]); // scenario, right
    // Two presses right move the divider 10 % past the right spot: base colours there too.
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await page.$eval(handle, (s) => Number(s.getAttribute("aria-valuenow")))).toBe(want + 10);
    expect(await colourAt(divider + 40, y)).toBe(RAMP[right[0]]);
    for (let i = 0; i < 2; i++) await page.keyboard.press("ArrowLeft");

    // The table beside the divider: the API's people moved to a farther or nearer band, per municipality.
    const shown = await page.$$eval("#compare-diff tbody tr", (trs) => trs.map((tr) => ({
      id: (tr as HTMLElement).dataset.area,
      worse: Number(tr.querySelector<HTMLElement>('[data-field="worse"]')?.dataset.value),
      better: Number(tr.querySelector<HTMLElement>('[data-field="better"]')?.dataset.value),
    })));
    const diff = (run.diff.L as { id: string; worse: number; better: number }[]).map(({ id, worse, better }) => ({ id, worse, better }));
    const expected = [...diff.filter((d) => d.id === "all"), ...diff.filter((d) => d.id !== "all" && (d.worse > 0 || d.better > 0))];
    expect(shown).toEqual(expected);
    expect(shown.find((r) => r.id === "091")?.worse).toBeGreaterThan(0);
    expect(await page.$eval("#compare-diff thead", (t) => t.textContent)).toBe("MunicipalityBand farther, peopleBand nearer, people");
    await page.$eval("#panel", (p) => p.scrollTo(0, 0));
    expect(await screenshot(page, "web-compare.png")).toBeLessThan(400_000);

    await page.click("#lang-fi");
    expect(await page.$eval(".swipe", (s) => s.textContent)).toBe("PerustilaSkenaario");
    expect(await page.$eval(handle, (s) => s.getAttribute("aria-valuetext"))).toBe(`${want} % kartan leveydestä näyttää perustilan`);
    expect(await page.$eval("#compare-diff h2", (h) => h.textContent)).toBe("Vyöhykettä vaihtavat asukkaat, L (lähipalvelu)");
    await page.click("#lang-sv");
    expect(await page.$eval(".swipe", (s) => s.textContent)).toBe("BaslägeScenario");
    await page.click("#lang-en");

    // The mouse drags the divider, not the map.
    const centre = () => page.evaluate(() => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getCenter().toArray());
    const before = await centre();
    const grip = (await page.$eval(handle, (el) => el.getBoundingClientRect().toJSON())) as DOMRect;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.left + box.width * 0.8, grip.y + 40, { steps: 6 });
    await page.mouse.up();
    expect(await page.$eval(handle, (s) => Number(s.getAttribute("aria-valuenow")))).toBe(80);
    expect(await centre()).toEqual(before);
    expect(await colourAt(divider + 40, y)).toBe(RAMP[right[0]]);

    await page.click("#compare");
    await page.waitForSelector(".swipe", { state: "hidden" });
    // The base map is kept for the next comparison, hidden (web/src/compare.ts): the scenario shows on both sides.
    expect(await page.$eval(".compare-base", (el) => getComputedStyle(el).visibility)).toBe("hidden");
    expect(await colourAt(divider - 40, y)).toBe(RAMP[left[1]]);
    expect(await page.$eval("#compare", (b) => b.getAttribute("aria-pressed"))).toBe("false");
    expect(await colourAt(divider - 40, y)).toBe(RAMP[left[1]]); // the scenario everywhere again
  });

  it("logged no errors, Content-Security-Policy violations included", () => {
    expect(problems).toEqual([]);
  });
});
