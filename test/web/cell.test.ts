// A click on the map off the service points, in real Chromium over the central Helsinki workspace
// (as app.test.ts): a popup shows the grid cell there (municipality, people, minutes to the nearest
// L, A and E), the numbers POST /api/cells/at gives for the very place clicked; the levels nest
// (L ≤ A ≤ E, since an A or E point also offers L); with Kamppi's station closed the popup shows the
// scenario's minutes beside the base's, and the scenario's L time there is not shorter; with a service
// type chosen, one more row gives the minutes to it from the page's time grid. With the Door to door
// box ticked (fi Ovelta ovelle, sv Dörr till dörr), the popup gives beside each drive time the
// door-to-door minutes and the nearest point the API gives for that cell (door_to_door: true), and
// the API's door-to-door note under the table; unticked, the popup is the drive times alone again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { call, type Api } from "../fixtures/http.ts";
import type { Study } from "../../study/index.ts";
import { CHROMIUM, HAVE_CHROMIUM, freshPage, openApp, pixelOf, waitReady } from "../fixtures/browser.ts";

let ws: Study, api: Api, page: Page, problems: string[], close: () => Promise<void>;

/** A populated block of Kamppi, west of the station (not on its marker). */
const SPOT = { lon: 24.9262, lat: 60.1672 };

/** Clicks the map at a place; the place the map itself says was clicked. */
async function clickAt(lon: number, lat: number): Promise<{ lon: number; lat: number }> {
  const [x, y] = await pixelOf(page, lon, lat);
  await page.mouse.click(x, y);
  return page.evaluate(([x, y]) => {
    const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
    const r = m.getCanvas().getBoundingClientRect();
    const at = m.unproject([x - r.left, y - r.top]);
    return { lon: at.lng, lat: at.lat };
  }, [x, y] as [number, number]);
}

/** The popup's minutes per level and column ("base", "minutes"), as shown. */
function shown(): Promise<Record<string, Record<string, string>>> {
  return page.$$eval(".maplibregl-popup .cell tbody tr", (trs) =>
    Object.fromEntries(trs.map((tr) => [(tr as HTMLElement).dataset.level, Object.fromEntries(Array.from(tr.querySelectorAll<HTMLElement>("td")).map((td) => [td.dataset.field, td.textContent]))])),
  );
}

const text = (v: number | null) => (v === null ? null : `${v.toFixed(1)} min`);

describe.skipIf(!HAVE_CHROMIUM)(`web app: a cell's times on a click (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ ws, api, page, problems, close } = await openApp());
  }, 120_000);

  afterAll(() => close?.());

  it("shows the clicked cell's municipality, people and L, A, E minutes as the API gives them, for the base and a scenario", async () => {
    await freshPage(page, api.base, "#lang=en&bands=short");
    const at = await clickAt(SPOT.lon, SPOT.lat);
    await page.waitForSelector(".maplibregl-popup .cell");
    const base = (await call(api, "/api/cells/at", { body: at })).body;
    expect(base.municipality.code).toBe("091");
    expect(base.population).toBeGreaterThan(0);
    expect(await page.$eval(".maplibregl-popup .cell h3", (h) => h.textContent)).toBe("Helsinki");
    expect(await page.$eval(".maplibregl-popup .cell .hint", (p) => p.textContent)).toBe(`${base.population.toLocaleString("en-GB")} people in this 250 m cell`);
    const { L, A, E } = base.minutes;
    expect(L).toBeLessThanOrEqual(A);
    expect(A).toBeLessThanOrEqual(E);
    expect(await shown()).toEqual({ L: { minutes: text(L) }, A: { minutes: text(A) }, E: { minutes: text(E) } });

    // Kamppi's station closed: the scenario's times beside the base's, the same cell.
    await page.click(".maplibregl-popup-close-button");
    await page.goto(`${api.base}/#lang=en&bands=short&changes=close:kamppi`);
    await waitReady(page, { mode: "scenario" });
    const again = await clickAt(SPOT.lon, SPOT.lat);
    await page.waitForSelector(".maplibregl-popup .cell");
    const run = (await call(api, "/api/cells/at", { body: { ...again, changes: [{ op: "close", id: "kamppi" }] } })).body;
    expect(run.cell).toBe(base.cell);
    expect(run.base_minutes).toEqual(base.minutes);
    expect(run.minutes.L).toBeGreaterThanOrEqual(base.minutes.L);
    expect(await shown()).toEqual(Object.fromEntries(["L", "A", "E"].map((l) => [l, { base: text(run.base_minutes[l]), minutes: text(run.minutes[l]) }])));
    expect(problems).toEqual([]);
  });

  it("ticking Door to door shows the API's door-to-door minutes and nearest point beside the drive times, with its note", async () => {
    await freshPage(page, api.base, "#lang=en&bands=short");
    expect(await page.$eval("label:has(#door-to-door)", (l) => l.textContent?.trim())).toBe("Door to door");
    await page.check("#door-to-door");
    const at = await clickAt(SPOT.lon, SPOT.lat);
    await page.waitForSelector('.maplibregl-popup .cell td[data-field="door_to_door"]');
    const cell = (await call(api, "/api/cells/at", { body: { ...at, door_to_door: true } })).body;
    const door = (l: "L" | "A" | "E") => cell.door_to_door[l];
    expect(door("L").point.id).toBe("kamppi");
    expect(door("L").minutes).toBeGreaterThan(cell.minutes.L + 5); // the walks to and from the car alone are over 5 min
    expect(await shown()).toEqual(Object.fromEntries(["L", "A", "E"].map((l) => [l, { minutes: text(cell.minutes[l]), door_to_door: text(door(l as "L").minutes), nearest: door(l as "L").point.name.fi }])));
    expect(await page.$$eval(".maplibregl-popup .cell thead th", (th) => th.map((x) => x.textContent))).toEqual(["Service level", "By car", "Door to door", "Nearest point"]);
    const note = cell.notes.find((n: { code: string }) => n.code === "door-to-door");
    expect(await page.$eval('.maplibregl-popup .cell [data-code="door-to-door"]', (p) => p.textContent)).toBe(note.text.en);
    // Unticked: the open popup is asked again, drive times alone.
    await page.uncheck("#door-to-door");
    await page.waitForFunction(() => document.querySelector('.maplibregl-popup .cell td[data-field="door_to_door"]') === null && document.querySelector(".maplibregl-popup .cell") !== null);
    expect(await shown()).toEqual({ L: { minutes: text(cell.minutes.L) }, A: { minutes: text(cell.minutes.A) }, E: { minutes: text(cell.minutes.E) } });
    // The box in Finnish and Swedish.
    await freshPage(page, api.base, "#lang=fi&bands=short");
    expect(await page.$eval("label:has(#door-to-door)", (l) => l.textContent?.trim())).toBe("Ovelta ovelle");
    await freshPage(page, api.base, "#lang=sv&bands=short");
    expect(await page.$eval("label:has(#door-to-door)", (l) => l.textContent?.trim())).toBe("Dörr till dörr");
    expect(problems).toEqual([]);
  });

  it("adds the minutes to the service type chosen, from the time grid the page holds: the study's type surface at that cell", async () => {
    await page.goto("about:blank");
    await page.goto(`${api.base}/#lang=fi&bands=short&type=dental-care`);
    await waitReady(page, { mode: "base", level: "dental-care" });
    const at = await clickAt(SPOT.lon, SPOT.lat);
    await page.waitForSelector('.maplibregl-popup .cell tr[data-level="chosen"]');
    const { cell } = (await call(api, "/api/cells/at", { body: at })).body;
    // Seconds rounded up from the surface's deciseconds (the grid's), shown to a tenth of a minute.
    const ds = ws.subsets.typeSurface("dental-care").cells[cell];
    const want = `${(Math.round(Math.ceil(ds / 10) / 6) / 10).toLocaleString("fi-FI", { minimumFractionDigits: 1 })} min`;
    expect(await page.$eval('.maplibregl-popup .cell tr[data-level="chosen"] th', (th) => th.textContent)).toBe("suun terveydenhuolto");
    expect((await shown()).chosen).toEqual({ minutes: want });
    // Only the hospital offers dental care here: as far as E (to the tenth the two roundings allow), farther than L (Kamppi's station).
    const minutes = (v: string) => Number(v.replace(" min", "").replace(",", "."));
    const row = await shown();
    expect(Math.abs(minutes(row.chosen.minutes) - minutes(row.E.minutes))).toBeLessThanOrEqual(0.1);
    expect(minutes(row.chosen.minutes)).toBeGreaterThan(minutes(row.L.minutes));
    expect(problems).toEqual([]);
  });
});
