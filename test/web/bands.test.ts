// The bands drawn in the page from the time grid (web/src/bands.ts, grid.ts, band-view.ts), in real
// Chromium over the real central Helsinki workspace. With every layer but the bands hidden, each
// sampled pixel of the map is the colour of the band its cell's time falls in (the study's own
// surface, read in Node), or the background beyond the last band; switching level and thresholds
// changes those pixels as the other level's and thresholds' bands say, and sends no request for
// bands (no /api/grid, /api/isochrones or scenario run); a scenario's times come in one POST /api/grid,
// after which its levels are drawn without a request too; the road model's select draws the study's
// turns surface (one GET /api/grid?model=turns). Without a browser: the resampling gives
// every pixel the cell the projection puts its centre in (BandRaster).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { Study } from "../../study/index.ts";
import { cellAt, toEtrs, UNREACHED, type ServiceLevel } from "../../engine/index.ts";
import type { Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, expectedRow, figureRow, freshPage, openApp, waitReady, type Wanted } from "../fixtures/browser.ts";
import { BandRaster } from "../../web/src/bands.ts";

const SHORT = { thresholds: [5, 10, 15, 20, 30], colours: ["#253494", "#2c7fb8", "#41b6c4", "#a1dab4", "#ffffcc"] };
const PLANNING = { thresholds: [15, 30, 60, 90, 120, 150, 180], colours: ["#0c2c84", "#225ea8", "#1d91c0", "#41b6c4", "#7fcdbb", "#c7e9b4", "#ffffcc"] };
const BEYOND = "#d9d6d0";

let ws: Study, api: Api, browser: Browser, page: Page, problems: string[], close: () => Promise<void>;
/** Requests the page sent, path and query, since the last clear. */
const sent: string[] = [];
const bandRequests = () => sent.filter((u) => /\/api\/(grid|isochrones|scenarios\/run)/.test(u));

/** Hides every layer but the bands and the background, so a pixel's colour is its band's. */
function bandsOnly(): Promise<void> {
  return page.evaluate(() => {
    const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
    for (const l of m.getStyle().layers) if (l.id !== "bands" && l.id !== "background") m.setLayoutProperty(l.id, "visibility", "none");
    document.querySelectorAll<HTMLElement>(".maplibregl-marker, .map-notes").forEach((el) => (el.style.display = "none"));
  });
}

/** The map's pixels on a lattice (every `step` px), each with the place it shows and the places 3 px around it. */
function samples(step = 23): Promise<{ colour: string; at: [number, number]; around: [number, number][] }[]> {
  return page.evaluate((step) => {
    const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
    // Read in the same task as a redraw, while the drawing buffer still holds the frame.
    m.redraw();
    const canvas = m.getCanvas();
    const c = document.createElement("canvas");
    [c.width, c.height] = [canvas.width, canvas.height];
    const ctx = c.getContext("2d")!;
    ctx.drawImage(canvas, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    const ratio = canvas.width / canvas.clientWidth;
    const out: { colour: string; at: [number, number]; around: [number, number][] }[] = [];
    const place = (x: number, y: number): [number, number] => {
      const p = m.unproject([x, y]);
      return [p.lng, p.lat];
    };
    for (let y = 10; y < canvas.clientHeight - 10; y += step) {
      for (let x = 10; x < canvas.clientWidth - 10; x += step) {
        const i = 4 * (Math.floor(y * ratio) * c.width + Math.floor(x * ratio));
        const colour = "#" + [px[i], px[i + 1], px[i + 2]].map((v) => v.toString(16).padStart(2, "0")).join("");
        out.push({ colour, at: place(x + 0.5, y + 0.5), around: [place(x - 3, y - 3), place(x + 4, y - 3), place(x - 3, y + 4), place(x + 4, y + 4)] });
      }
    }
    return out;
  }, step);
}

/** The colour a place's cell must have: its band's at the thresholds, or the background beyond them. */
function expectedColour(surfaceDs: Uint32Array, set: typeof SHORT, lon: number, lat: number): string {
  const ds = surfaceDs[cellAt(ws.inputs.grid, ...toEtrs(lon, lat))];
  if (ds === UNREACHED) return BEYOND;
  const k = set.thresholds.findIndex((t) => ds <= t * 600);
  return k < 0 ? BEYOND : set.colours[k];
}

/** Every sampled pixel away from a cell edge shows its cell's band; returns the colours seen, counted. */
async function expectBands(surfaceDs: Uint32Array, set: typeof SHORT): Promise<Map<string, number>> {
  const grid = ws.inputs.grid;
  const cell = ([lon, lat]: [number, number]) => cellAt(grid, ...toEtrs(lon, lat));
  const seen = new Map<string, number>();
  let checked = 0;
  const wrong: string[] = [];
  for (const s of await samples()) {
    const c = cell(s.at);
    if (c < 0 || s.around.some((p) => cell(p) !== c)) continue; // off the grid, or near a cell's edge
    const want = expectedColour(surfaceDs, set, ...s.at);
    if (s.colour !== want) wrong.push(`${s.at.join(",")}: ${s.colour}, not ${want}`);
    seen.set(s.colour, (seen.get(s.colour) ?? 0) + 1);
    checked++;
  }
  expect(checked).toBeGreaterThan(300);
  expect(wrong).toEqual([]);
  return seen;
}

const ready = (want: Wanted = {}) => waitReady(page, want);
/** A figure row of the API, as expectedRow reads it. */
type Row = Parameters<typeof expectedRow>[0] & { id: string };
const base = (level: ServiceLevel) => ws.base.surfaces[level];

describe.skipIf(!HAVE_CHROMIUM)(`bands drawn in the page from the time grid (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ ws, api, browser, page, problems, close } = await openApp());
    page.on("request", (r) => sent.push(new URL(r.url()).pathname + new URL(r.url()).search));
  }, 120_000);

  afterAll(() => close?.());

  it("draws each cell in its band's colour, and another level's and other thresholds' bands with no request for bands", async () => {
    await freshPage(page, api.base, "#lang=en&bands=short&level=L");
    expect(sent.filter((u) => u.startsWith("/api/grid")), "the base's times, fetched once").toEqual(["/api/grid"]);
    await bandsOnly();
    const l = await expectBands(base("L"), SHORT);
    expect(l.get(SHORT.colours[0])).toBeGreaterThan(0);

    sent.length = 0;
    await page.click("#level-E");
    await ready({ level: "E" });
    const e = await expectBands(base("E"), SHORT);
    // E points are fewer than L ones: the nearest band covers less of the map.
    expect(e.get(SHORT.colours[0]) ?? 0).toBeLessThan(l.get(SHORT.colours[0])!);
    expect([...e]).not.toEqual([...l]);
    expect(bandRequests()).toEqual([]);
    expect(sent).toEqual([]); // the figures of every level are in the panel's reply already

    await page.selectOption("#bands", "planning");
    await ready({ hash: "bands=planning" });
    const planning = await expectBands(base("E"), PLANNING);
    expect(planning.get(PLANNING.colours[0])).toBeGreaterThan(0);
    expect([...planning.keys()].some((c) => SHORT.colours.includes(c) && !PLANNING.colours.includes(c))).toBe(false);
    expect(bandRequests()).toEqual([]);
    expect(sent.every((u) => u.startsWith("/api/accessibility"))).toBe(true); // the figures at the new thresholds
  });

  it("fetches a scenario's times once, then draws its levels and the comparison with base without a request", async () => {
    await freshPage(page, api.base, "#lang=en&bands=short&level=L");
    sent.length = 0;
    const gridPost = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/api/grid"));
    await page.click('#panel [data-point="kamppi"] button.toggle');
    await ready({ mode: "scenario", hash: "close:kamppi" });
    expect(sent.filter((u) => u.startsWith("/api/grid"))).toEqual(["/api/grid"]); // the POST, with the changes
    // Only the cells that differ from the base's come over; the bands below are the scenario's every cell all the same.
    const grid = await gridPost;
    expect(grid.postDataJSON()).toMatchObject({ changes: [{ op: "close", id: "kamppi" }], delta: true });
    expect((await grid.response())!.headers()["content-type"]).toBe("application/vnd.palveluverkko.time-grid-delta");
    const run = ws.runScenario([{ op: "close", id: "kamppi" }]);
    await bandsOnly();
    const closed = await expectBands(run.cells.L, SHORT);
    expect(closed.get(SHORT.colours[1]) ?? 0).toBeGreaterThan(0); // Kamppi's people now farther

    sent.length = 0;
    await page.click("#level-A");
    await ready({ level: "A" });
    await expectBands(run.cells.A, SHORT);
    await page.click("#compare");
    await ready({ mode: "scenario" });
    expect(await page.$eval("#compare", (b) => b.getAttribute("aria-pressed"))).toBe("true");
    expect(bandRequests()).toEqual([]);
    await page.click("#compare");
    await ready({ mode: "scenario" });
  });

  it("draws a service type's bands from its own layer and shows its figures; with changes, the scenario's bands and figures", async () => {
    await freshPage(page, api.base, "#lang=en&bands=short&level=L");
    sent.length = 0;
    await page.selectOption("#service-type", "dental-care");
    await ready({ mode: "base", level: "dental-care", hash: "type=dental-care" });
    expect(sent.filter((u) => u.startsWith("/api/grid"))).toEqual(["/api/grid?type=dental-care"]);
    expect(await page.$eval("fieldset.levels", (f) => (f as HTMLFieldSetElement).disabled)).toBe(true);
    await bandsOnly();
    // Only the hospital (E) offers dental care here: its bands are not L's.
    const dental = ws.subsets.typeSurface("dental-care").cells;
    const seen = await expectBands(dental, SHORT);
    let differ = 0;
    for (let c = 0; c < dental.length; c++) if (dental[c] !== base("L")[c]) differ++;
    expect(differ).toBeGreaterThan(0);
    expect(seen.get(SHORT.colours[0]) ?? 0).toBeGreaterThan(0);
    // The table is the API's figures for the type, row for row.
    const body = (await (await fetch(`${api.base}/api/accessibility?thresholds=5,10,15,20,30&types=dental-care`)).json()) as { types: Record<string, { rows: Row[] }>; levels: { L: Row[] } };
    const rows = body.types["dental-care"].rows;
    for (const r of rows) expect(await figureRow(page, r.id)).toEqual(expectedRow(r));
    expect((await figureRow(page, "all")).mean_min).not.toBe(body.levels.L.find((r) => r.id === "all")!.mean_min);
    expect(await page.$eval(".figures-section h2", (h) => h.textContent)).toBe("Figures per municipality · dental care");

    // Closing the hospital leaves nobody a point offering dental care: every cell beyond the bands.
    await page.click('#panel [data-point="kirurginen"] button.toggle');
    await ready({ mode: "scenario", level: "dental-care", hash: "close:kirurginen" });
    const run = (await (await fetch(`${api.base}/api/scenarios/run`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ changes: [{ op: "close", id: "kirurginen" }], thresholds: [5, 10, 15, 20, 30], types: ["dental-care"] }) })).json()) as { types: Record<string, { figures: Row[]; diff: { id: string; worse: number; better: number }[] }> };
    for (const r of run.types["dental-care"].figures) expect(await figureRow(page, r.id)).toEqual(expectedRow(r, run.types["dental-care"].diff.find((d) => d.id === r.id)));
    // Everyone within the bands before is beyond them now: nobody is reached.
    const within30 = rows.find((r) => r.id === "all")!.bands.find((b) => b.threshold_min === 30)!.cumulative;
    expect((await figureRow(page, "all")).worse).toBe(within30);
    // The comparison's table says the same crossings, under the type's name.
    await page.click("#compare");
    await ready({ mode: "scenario" });
    expect(await page.$eval("#compare-diff-title", (h) => h.textContent)).toBe("People changing band, dental care");
    expect(await page.$eval('.compare-diff tr[data-area="all"] td[data-field="worse"]', (td) => Number((td as HTMLElement).dataset.value))).toBe(within30);
    await page.click("#compare");
    await ready({ mode: "scenario" });
    await bandsOnly();
    const closed = await expectBands(new Uint32Array(dental.length).fill(UNREACHED), SHORT);
    expect([...closed.keys()]).toEqual([BEYOND]);
    await page.selectOption("#service-type", "");
    await ready({ mode: "scenario", level: "L", notHash: "type=" });
    await page.click("#reset");
    await ready({ mode: "base", level: "L" });
  });

  it("draws the turns model's bands and figures once the road model is chosen, and keeps it in the URL", async () => {
    await freshPage(page, api.base, "#lang=en&bands=short&level=L");
    expect(await page.$$eval("#model option", (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]))).toEqual([["plain", "free"], ["turns", "turn costs (R5)"]]);
    sent.length = 0;
    await page.selectOption("#model", "turns");
    await ready({ mode: "base", level: "L", hash: "model=turns" });
    expect(sent.filter((u) => u.startsWith("/api/grid"))).toEqual(["/api/grid?model=turns"]);
    await bandsOnly();
    const turns = ws.under({ model: "turns" }).base.surfaces.L;
    await expectBands(turns, SHORT);
    // The turns model (the limit and turn costs) moves some cells into another band: the pixels above are not the plain model's.
    const band = (ds: number) => SHORT.thresholds.findIndex((t) => ds <= t * 600);
    let farther = 0;
    for (let c = 0; c < turns.length; c++) if (band(turns[c]) !== band(base("L")[c])) farther++;
    expect(farther).toBeGreaterThan(20);
    // The table is the API's turns figures, and the turns model's note is beside them.
    const body = (await (await fetch(`${api.base}/api/accessibility?thresholds=5,10,15,20,30&model=turns`)).json()) as { levels: { L: Row[] } };
    for (const r of body.levels.L) expect(await figureRow(page, r.id)).toEqual(expectedRow(r));
    expect(await page.$$eval('#figure-notes li[data-code="turns-model"]', (li) => li.length)).toBe(1);
    // Back to the server's own model: the URL names none, and the plain bands come back without a request for them.
    sent.length = 0;
    await page.selectOption("#model", "plain");
    await ready({ mode: "base", level: "L", notHash: "model=" });
    expect(bandRequests()).toEqual([]);
    await bandsOnly();
    await expectBands(base("L"), SHORT);
  });

  it("logged no errors", () => {
    expect(problems).toEqual([]);
  });
});

describe("BandRaster: EPSG:3067 cells resampled onto Web Mercator pixels (web/src/bands.ts)", () => {
  it("gives each pixel the cell its centre lies in, as the projection says, but within a metre of a cell's edge", () => {
    const grid = { x0: 310_000, y0: 6_810_000, cellSizeM: 250, cols: 90, rows: 70 }; // around Tampere, 3.2° west of TM35's meridian
    const r = new BandRaster(grid);
    const R = 6_378_137;
    const [[west, north], , [east, south]] = r.corners;
    const x0 = (R * west * Math.PI) / 180;
    const x1 = (R * east * Math.PI) / 180;
    const y0 = R * Math.log(Math.tan(Math.PI / 4 + (north * Math.PI) / 360));
    const y1 = R * Math.log(Math.tan(Math.PI / 4 + (south * Math.PI) / 360));
    let checked = 0, onGrid = 0;
    const wrong: string[] = [];
    for (let row = 0; row < r.height; row += 3) {
      for (let col = 0; col < r.width; col += 3) {
        const mx = x0 + ((col + 0.5) / r.width) * (x1 - x0);
        const my = y0 + ((row + 0.5) / r.height) * (y1 - y0);
        const [x, y] = toEtrs((mx / R) * (180 / Math.PI), (2 * Math.atan(Math.exp(my / R)) - Math.PI / 2) * (180 / Math.PI));
        const want = cellAt(grid, x, y);
        // Within a metre of an edge the interpolated place may fall on either side.
        const fx = (x - grid.x0) / grid.cellSizeM, fy = (y - grid.y0) / grid.cellSizeM;
        const nearEdge = Math.min(fx - Math.floor(fx), Math.ceil(fx) - fx, fy - Math.floor(fy), Math.ceil(fy) - fy) * grid.cellSizeM < 1;
        const got = r.cellAtPixel(row * r.width + col);
        if (got !== want && !nearEdge) wrong.push(`pixel ${col},${row}: cell ${got}, not ${want}`);
        checked++;
        if (want >= 0) onGrid++;
      }
    }
    expect(wrong).toEqual([]);
    expect(onGrid).toBeGreaterThan(checked / 2);
    expect(r.width * r.height).toBeLessThanOrEqual(4_000_000);
    // A cell is about six pixels wide: the bands' edges are within a sixth of a cell of the cells'.
    expect(r.width / grid.cols).toBeGreaterThan(5);
  });
});
