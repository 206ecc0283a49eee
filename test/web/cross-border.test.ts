// Counting services across a county border, in the API and in the app (issue #16): people near a
// border use the nearest hospital whichever organiser runs it. On a GENERATED road network over
// Helsinki and its neighbours (Espoo, Vantaa, Kauniainen: their real centres as towns), a study of
// the City of Helsinki offers the neighbours' points inside the map; the app adds them as a
// scenario with one tick, and its figures are the API's for that change list, which are the very
// figures `--cross-border` gives as a base. E does not change (E ⊇ A ⊇ L: the neighbours' points
// are A and L), L and A only get nearer, and the people stay Helsinki's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { generateRoadGraph } from "../../engine/generate.ts";
import { municipalitiesOf } from "../../data/facts/index.ts";
import { Study } from "../../study/index.ts";
import { call, type Api } from "../fixtures/http.ts";
import { appChanges, CHROMIUM, HAVE_CHROMIUM, expectedRow, figureRow, freshPage, openApp, waitReady } from "../fixtures/browser.ts";

const SHORT = [5, 10, 15, 20, 30];
/** Helsinki, Espoo, Vantaa and Kauniainen with their hospitals (Jorvi in Espoo, Peijas in Vantaa). */
const BBOX: [number, number, number, number] = [24.6, 60.14, 25.2, 60.34];
const inBox = (c: { lon: number; lat: number }) => c.lon >= BBOX[0] && c.lon <= BBOX[2] && c.lat >= BBOX[1] && c.lat <= BBOX[3];
const towns = municipalitiesOf("uusimaa").filter((m) => inBox(m.centre)).map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
const { graph, meta } = generateRoadGraph({ seed: 3, bbox: BBOX, targetNodes: 40_000, towns });
const open = (crossBorder: boolean) => Study.open({ roads: { graph, meta: { ...meta, generated: true } }, region: "helsinki", cellSizeM: 1000, crossBorder });

let api: Api, page: Page, problems: string[], close: () => Promise<void>;

describe("the neighbours' points, counted across the border (GENERATED roads)", () => {
  it("are what --cross-border adds to the base set: the same points, and as a scenario the same figures", async () => {
    const [plain, withThem] = await Promise.all([open(false), open(true)]);
    const offered = plain.crossBorder();
    expect(offered.status).toBe("available");
    expect(offered.points.map((p) => p.id).sort()).toEqual(["A-hus-jorvi", "A-hus-peijas", "L-049", "L-092", "L-235"]);
    expect(offered.points.every((p) => p.municipality !== "091")).toBe(true);
    expect(withThem.crossBorder()).toEqual({ status: "included", points: [] });
    // Added as a scenario, they give the figures a base with them gives.
    const run = plain.runScenario(offered.points.map((point) => ({ op: "add" as const, point })));
    for (const level of ["L", "A", "E"] as const) {
      expect(run.figures.perArea[level]).toEqual(withThem.figures().perArea[level]);
      expect(run.figures.centreMin[level]).toEqual(withThem.figures().centreMin[level]);
    }
    // Only nearer: nobody in a farther band; some nearer at L and A; E's nearest is Meilahti either way.
    expect(run.diff.overall.L.worse + run.diff.overall.A.worse).toBe(0);
    expect(run.diff.overall.L.better).toBeGreaterThan(1000);
    expect(run.diff.overall.A.better).toBeGreaterThan(1000);
    expect(run.diff.overall.E.changed).toBe(0);
    // The people are Helsinki's alone, with or without the neighbours' points.
    expect(plain.inputs.areas.map((a) => a.code)).toEqual(["091"]);
    expect(run.figures.overall.L.population).toBe(plain.figures().overall.L.population);
  }, 120_000);
});

describe.skipIf(!HAVE_CHROMIUM)(`web app: counting across the border in Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ api, page, problems, close } = await openApp({ workspace: () => open(false) }));
  }, 120_000);
  afterAll(() => close?.());

  it("GET /api/service-points/cross-border lists them on the roads, with their snap distance", async () => {
    const r = await call(api, "/api/service-points/cross-border");
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("available");
    expect(r.body.points.map((p: { id: string }) => p.id).sort()).toEqual(["A-hus-jorvi", "A-hus-peijas", "L-049", "L-092", "L-235"]);
    for (const p of r.body.points) expect(p.snap_m).toBeLessThan(2000);
  });

  it("adds them as a scenario with one tick, shows the API's numbers for it, and takes them out again", async () => {
    await freshPage(page, api.base, "#lang=en&bands=short");
    const box = page.locator("#cross-border");
    expect(await page.locator(".cross-border label").innerText()).toBe("Count neighbouring organisers' service points inside the map (5)");
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await waitReady(page, { mode: "scenario" });
    const changes = await appChanges(page);
    expect(changes.map((c) => [c.op, c.point.id]).sort()).toEqual([["add", "A-hus-jorvi"], ["add", "A-hus-peijas"], ["add", "L-049"], ["add", "L-092"], ["add", "L-235"]]);
    const run = (await call(api, "/api/scenarios/run", { body: { changes, thresholds: SHORT } })).body;
    expect(await figureRow(page, "091")).toEqual(expectedRow(run.figures.L[0], run.diff.L[0]));
    expect(run.diff.L[0].better).toBeGreaterThan(0);
    expect(run.diff.L[0].worse).toBe(0);
    expect(await page.locator("#cross-border").isChecked()).toBe(true);
    // The labels follow the language.
    await page.click("#lang-fi");
    expect(await page.locator(".cross-border label").innerText()).toBe("Laske mukaan naapurialueiden palvelupisteet kartan alueelta (5)");
    await page.click("#lang-sv");
    expect(await page.locator(".cross-border label").innerText()).toBe("Räkna med grannområdenas serviceställen inom kartan (5)");
    // Unticked: back to the base, and undo brings them back.
    await page.locator("#cross-border").uncheck();
    await waitReady(page, { mode: "base" });
    expect(await appChanges(page)).toEqual([]);
    await page.click("#undo");
    await waitReady(page, { mode: "scenario" });
    expect(await appChanges(page)).toHaveLength(5);
    expect(problems).toEqual([]);
  }, 120_000);
});
