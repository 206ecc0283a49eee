// The web app in real Chromium over the real central Helsinki workspace (OSM roads, HSY people,
// Statistics Finland boundaries, the example service set), served by createApp with webRoot on
// loopback. Checks: the map draws the bands (pixels of the band colours);
// closing a point puts the numbers a direct API call gives for that scenario into the figures
// panel; undo, redo, the URL and the keyboard restore and drive the same state;
// the language switch changes the labels; no console errors (CSP included).
// REGEN=1 writes the screenshots docs/web-map.png and docs/web-scenario.png.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Study } from "../../study/index.ts";
import { call, startApi, type Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, expectedRow, figureRow, openApp, pixelOf as pixelAt, screenshot, waitReady, type Wanted } from "../fixtures/browser.ts";

const SHORT = [5, 10, 15, 20, 30];

let ws: Study, webRoot: string, api: Api, browser: Browser, page: Page, problems: string[], close: () => Promise<void>;

const ready = (want: Wanted = {}): Promise<void> => waitReady(page, want);
const row = (area: string) => figureRow(page, area);
const pixelOf = (lon: number, lat: number) => pixelAt(page, lon, lat);

/**
 * How the map draws Kamppi's health station (docs/examples/helsinki-centre-services.csv: 24.9305,
 * 60.1680, level L): "open" when the pixel at its centre is L's colour (#c51b7d), "closed" when it is
 * white with L's colour in its ring, else the colours seen.
 */
async function kamppiDrawn(): Promise<string> {
  const px = await page.evaluate(([lon, lat]) => {
    const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
    const p = m.project([lon, lat]);
    const ratio = m.getCanvas().width / m.getCanvas().clientWidth;
    // Read the pixels in the same task as a redraw, while the drawing buffer still holds the frame.
    m.redraw();
    const gl = m.getCanvas().getContext("webgl2") ?? m.getCanvas().getContext("webgl")!;
    const read = (dx: number) => {
      const out = new Uint8Array(4);
      gl.readPixels(Math.round((p.x + dx) * ratio), Math.round(gl.drawingBufferHeight - p.y * ratio), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, out);
      return `${out[0]},${out[1]},${out[2]}`;
    };
    return { centre: read(0), ring: read(7.5) }; // radius 6.5, stroke 3.5 when closed
  }, [24.9305, 60.168]);
  const L = "197,27,125";
  if (px.centre === L) return "open";
  if (px.centre === "255,255,255" && px.ring === L) return "closed";
  return JSON.stringify(px);
}

describe.skipIf(!HAVE_CHROMIUM)(`web app in Chromium (skipped when ${CHROMIUM} is missing: apt-get install chromium)`, () => {
  beforeAll(async () => {
    ({ ws, webRoot, api, browser, page, problems, close } = await openApp());
  }, 120_000);

  afterAll(() => close?.());

  it("loads the map and draws the bands of the base set, picking short bands for a town", async () => {
    await page.goto(`${api.base}/#lang=en`);
    await ready();
    expect(page.url()).toMatch(/bands=short/); // everyone is within 30 min: the planning bands would be one colour
    const drawn = await page.evaluate(() => {
      const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
      // Read the pixels in the same task as a redraw, while the drawing buffer still holds the frame.
      m.redraw();
      const c = document.createElement("canvas");
      [c.width, c.height] = [200, 200];
      const ctx = c.getContext("2d")!;
      ctx.drawImage(m.getCanvas(), 0, 0, 200, 200);
      const px = ctx.getImageData(0, 0, 200, 200).data;
      const colours = new Set<string>();
      for (let i = 0; i < px.length; i += 4) colours.add(`${px[i]},${px[i + 1]},${px[i + 2]}`);
      return { colours: [...colours], points: m.queryRenderedFeatures({ layers: ["points"] }).length };
    });
    expect(drawn.colours).toContain("37,52,148"); // #253494, the nearest of five bands
    expect(drawn.colours).toContain("44,127,184"); // #2c7fb8, the second
    expect(drawn.colours.length).toBeGreaterThan(20); // roads, borders and points over the bands
    expect(drawn.points).toBe(2);
    expect(await page.$$eval(".legend li", (li) => li.map((l) => l.textContent))).toEqual(expect.arrayContaining(["up to 5 min", "up to 30 min", "over 30 min or no road"]));
    const base = (await call(api, `/api/accessibility?thresholds=${SHORT.join(",")}`)).body.levels.L;
    expect(await row("091")).toEqual(expectedRow(base[0]));
    expect(await row("all")).toEqual(expectedRow(base[1]));
    expect(await screenshot(page, "web-map.png")).toBeLessThan(400_000);
  });

  it("closing a point shows the API's numbers for that scenario; undo, redo and the URL restore it", async () => {
    // How long the planner waits for this is measured by benchmarks/web.ts (npm run bench:web), not here.
    expect(await kamppiDrawn()).toBe("open"); // filled in L's colour
    await page.evaluate(() => {
      const w = window as unknown as { palveluverkko: { map: import("maplibre-gl").Map }; newPointData: number };
      w.newPointData = 0;
      w.palveluverkko.map.on("sourcedata", (e) => void (e.sourceId === "points" && e.sourceDataType === "metadata" && w.newPointData++));
    });
    // Each request the app sends, with whether Kamppi's row showed it closed yet; at the click's end (a listener after the app's), whether
    // the other row and the figures table are the elements they were: the click redraws Kamppi's row only, the figures wait for the answer's.
    await page.evaluate(() => {
      const w = window as unknown as { sent: string[]; keptAtClick: boolean[]; otherRow: Element; pressed: Element };
      w.sent = [];
      w.otherRow = document.querySelector('[data-point="kirurginen"]')!.closest("li")!;
      w.pressed = document.querySelector('#panel [data-point="kamppi"] button.toggle')!;
      const table = document.querySelector("table.figures");
      window.addEventListener("click", () => (w.keptAtClick = [w.otherRow === document.querySelector('[data-point="kirurginen"]')!.closest("li"), table === document.querySelector("table.figures"), w.pressed === document.activeElement]), { once: true });
      const fetched = window.fetch;
      window.fetch = (input, init) => {
        const row = document.querySelector<HTMLElement>('#panel [data-point="kamppi"]');
        w.sent.push(`${init?.method ?? "GET"} ${new URL(String(input), location.href).pathname} ${row?.dataset.open === "false" ? "after" : "before"} the panel`);
        return fetched(input, init);
      };
    });
    await page.click('#panel [data-point="kamppi"] button.toggle');
    await ready({ mode: "scenario" });
    const seen = await page.evaluate(() => {
      const w = window as unknown as { sent: string[]; keptAtClick: boolean[]; otherRow: Element; pressed: HTMLElement };
      const pressed = document.querySelector<HTMLElement>('#panel [data-point="kamppi"] button.toggle');
      return { sent: w.sent, keptAtClick: w.keptAtClick, keptAfter: [w.otherRow === document.querySelector('[data-point="kirurginen"]')!.closest("li"), w.pressed === pressed], says: pressed?.textContent };
    });
    // At the click's end the pressed button is the very element, focused, never taken out of the page: its row changed in place.
    expect(seen.keptAtClick).toEqual([true, true, true]);
    expect(seen.keptAfter).toEqual([true, true]);
    expect(seen.says).toBe("Reopen");
    // Both requests went out before the panel was redrawn, the figures first: the server runs the scenario for them and answers the times beside them from that run.
    expect(seen.sent).toEqual(["POST /api/scenarios/run before the panel", "POST /api/grid before the panel"]);
    // Drawn hollow with the bands, in the same frame: feature state, no new data for the points (a worker round and a frame of its own).
    expect(await kamppiDrawn()).toBe("closed");
    expect(await page.evaluate(() => (window as unknown as { newPointData: number }).newPointData)).toBe(0);
    // The answer's redraw of the panel kept the points as the click drew them: the button pressed has the focus still.
    expect(await page.evaluate(() => document.activeElement?.closest("[data-point]")?.getAttribute("data-point"))).toBe("kamppi");
    // A redraw for other bands keeps the points section itself (not rebuilt, its layout kept).
    await page.evaluate(() => ((window as unknown as { pointsBefore: Element | null }).pointsBefore = document.querySelector(".points-section")));
    await page.selectOption("#bands", "planning");
    await ready({ hash: "bands=planning" });
    expect(await page.evaluate(() => document.querySelector(".points-section") === (window as unknown as { pointsBefore: Element | null }).pointsBefore)).toBe(true);
    await page.selectOption("#bands", "short");
    await ready({ hash: "bands=short" });
    const run = (await call(api, "/api/scenarios/run", { body: { changes: [{ op: "close", id: "kamppi" }], thresholds: SHORT } })).body;
    expect(await row("091")).toEqual(expectedRow(run.figures.L[0], run.diff.L[0]));
    expect(await row("all")).toEqual(expectedRow(run.figures.L[1], run.diff.L[1]));
    expect(run.diff.L[0].worse).toBeGreaterThan(0);
    expect(page.url()).toMatch(/changes=close:kamppi$/);
    expect(await page.$eval('#panel [data-point="kamppi"]', (el) => el.getAttribute("data-open"))).toBe("false");

    await page.click("#undo");
    await ready({ mode: "base" });
    expect(page.url()).not.toMatch(/changes=/);
    expect(await kamppiDrawn()).toBe("open");
    await page.keyboard.press("Control+Shift+Z"); // redo from the keyboard
    await ready({ mode: "scenario" });

    await page.reload();
    await ready({ mode: "scenario" });
    expect(await row("091")).toEqual(expectedRow(run.figures.L[0], run.diff.L[0]));
    // A re-level chosen in the list, then undone: the row changed in place shows the level before again, not the choice made in it.
    await page.selectOption('#panel [data-point="kirurginen"] select', "A");
    await ready({ hash: "relevel:kirurginen:A" });
    await page.click("#undo");
    await ready({ notHash: "relevel" });
    expect(await page.$eval('#panel [data-point="kirurginen"] select', (el) => (el as HTMLSelectElement).value)).toBe("E");
    expect(await page.$eval('#panel [data-point="kirurginen"]', (el) => el.getAttribute("data-level"))).toBe("E");
  });

  it("re-levels a point from its popup on the map", async () => {
    await page.mouse.click(...(await pixelOf(24.9486, 60.1628)));
    await page.waitForSelector('.maplibregl-popup [data-point="kirurginen"] select');
    // The popup says what the point offers: an E point, the whole E menu (the service set lists no types), by name.
    const offers = await page.$eval('.maplibregl-popup [data-point="kirurginen"] .point-offers', (e) => e.textContent);
    expect(offers).toMatch(/^(Palvelut|Tjänster|Services): /);
    expect(offers).toMatch(/(terveysasema|hälsostation|health station).*(keskussairaala|centralsjukhus|central hospital)$/);
    await page.selectOption('.maplibregl-popup [data-point="kirurginen"] select', "A");
    await ready({ hash: "relevel:kirurginen:A" });
    expect(page.url()).toMatch(/changes=close:kamppi,relevel:kirurginen:A$/);
    await page.selectOption('.maplibregl-popup [data-point="kirurginen"] select', "E");
    await ready({ notHash: "relevel" });
    expect(page.url()).toMatch(/changes=close:kamppi$/);
    // The closed point's popup offers to reopen it: the view the scenario screenshot shows (the first popup closed, so it hides nothing).
    await page.click(".maplibregl-popup-close-button");
    await page.mouse.click(...(await pixelOf(24.9305, 60.168)));
    await page.waitForSelector('.maplibregl-popup [data-point="kamppi"][data-open="false"]');
    expect(await screenshot(page, "web-scenario.png")).toBeLessThan(400_000);
    await page.click(".maplibregl-popup-close-button");
  });

  it("switches level from the keyboard and redraws the bands of that level", async () => {
    await page.focus("#level-L");
    await page.keyboard.press("ArrowDown");
    await ready({ level: "A" });
    expect(page.url()).toMatch(/level=A/);
    await page.keyboard.press("ArrowUp");
    await ready({ level: "L" });
  });

  it("switches every label between Finnish, Swedish and English", async () => {
    const labels = () => page.evaluate(() => ({
      lang: document.documentElement.lang,
      h1: document.querySelector("h1")?.textContent,
      first: document.querySelector("table.figures thead th")?.textContent,
      area: document.querySelector('table.figures tr[data-area="091"] th')?.firstChild?.textContent,
      undo: document.querySelector("#undo")?.textContent,
    }));
    await page.click("#lang-fi");
    expect(await labels()).toEqual({ lang: "fi", h1: "Palveluverkko", first: "Kunta", area: "Helsinki", undo: "Kumoa" });
    await page.click("#lang-sv");
    expect(await labels()).toEqual({ lang: "sv", h1: "Servicenätverk", first: "Kommun", area: "Helsingfors", undo: "Ångra" });
    expect(await page.$eval(".centre-label", (el) => el.textContent)).toBe("Helsingfors");
    await page.click("#lang-en");
    expect(await labels()).toEqual({ lang: "en", h1: "Service network", first: "Municipality", area: "Helsinki", undo: "Undo" });
    expect(page.url()).toMatch(/lang=en/);
  });

  it("draws over an external style from an origin the server allows, without its own roads", async () => {
    // A style server on another loopback port stands in for a tile provider.
    const style = { version: 8, sources: {}, layers: [{ id: "external-background", type: "background", paint: { "background-color": "#f0eee9" } }] };
    const styles: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" }).end(JSON.stringify(style)));
    await new Promise<void>((resolve) => styles.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(styles.address() as AddressInfo).port}`;
    const other = await startApi({ workspace: ws, webRoot, mapOrigins: [origin] });
    const tab = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors: string[] = [];
    tab.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    try {
      await tab.goto(`${other.base}/?style=${encodeURIComponent(origin + "/style.json")}#lang=en&bands=short`);
      await tab.waitForFunction(() => document.body.dataset.state === "ready", null, { timeout: 20_000 });
      const layers = await tab.evaluate(() => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getLayersOrder()); // the bands, a custom layer, are in the order but not in the style
      expect(layers).toEqual(expect.arrayContaining(["external-background", "bands", "areas", "points"]));
      expect(layers).not.toContain("roads");
      expect(errors).toEqual([]);
    } finally {
      await tab.close();
      await other.close();
      await new Promise((resolve) => styles.close(resolve));
    }
  });

  it("logged no errors, Content-Security-Policy violations included", () => {
    expect(problems).toEqual([]);
  });

  // After the check above: the refused request is logged by Chromium as a failed resource.
  it("says in the status line what the server refused: a link closing a point the set lacks", async () => {
    await page.goto(`${api.base}/#lang=en&changes=close:no-such-point`);
    await page.waitForFunction(() => document.body.dataset.state === "error", undefined, { timeout: 30_000 });
    expect(await page.textContent("#status")).toMatch(/^Error: .*no-such-point/);
  });
});
