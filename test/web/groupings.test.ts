// The web app's groupings view in real Chromium, over a Uusimaa-sized GENERATED road graph with the
// real municipal centres, Statistics Finland's 2023 boundaries, the region's built-in service set
// and its population totals (the central Helsinki extract holds one municipality: nothing to
// regroup). Checks: the view opens on the region's default grouping and shows the numbers a direct
// POST /api/groupings/compare gives for the built-in ones; moving Espoo into Helsinki's unit by a
// map click and Kauniainen by the list's select posts that grouping and shows the API's numbers for
// it, and the unit outlines on the map follow; the URL restores it after a reload; the language
// switch changes the labels; another built-in start drops the moves; the view tabs work from the
// keyboard; no console errors. REGEN=1 writes the screenshot docs/web-groupings.png.
// The hash's grouping parts on their own (assignment.ts) are checked first, with no browser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Study } from "../../study/index.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import { municipalitiesOf, UUSIMAA_5, UUSIMAA_6 } from "../../data/facts/index.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { call, type Api } from "../fixtures/http.ts";
import { finnishExcelCsv } from "../fixtures/office.ts";
import { CHROMIUM, HAVE_CHROMIUM, openApp, pixelOf, screenshot } from "../fixtures/browser.ts";
import { cleanMoves, decodeGroupingPart, DEFAULT_GROUPING_STATE, encodeGroupingParts, moveTo, plannedUnits, type GroupingState } from "../../web/src/assignment.ts";
import { decodeHash, encodeHash, type UrlState } from "../../web/src/state.ts";

/** The built-in grouping as GET /api/groupings lists it (hub null where there is none). */
const listed = (g: typeof UUSIMAA_6) => ({ id: g.id, name: g.name, source: g.source, units: g.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], hub: u.hub ?? null })) });
const SIX = listed(UUSIMAA_6);

describe("the grouping state (assignment.ts)", () => {
  it("keeps moves net and restores them from the hash", () => {
    let moves = moveTo(SIX, [], "049", "helsinki");
    moves = moveTo(SIX, moves, "235", "new-1");
    moves = moveTo(SIX, moves, "049", "vantaa-kerava");
    expect(moves).toEqual([{ code: "049", unit: "vantaa-kerava" }, { code: "235", unit: "new-1" }]);
    expect(moveTo(SIX, moves, "049", "espoo-kirkkonummi-kauniainen")).toEqual([{ code: "235", unit: "new-1" }]); // back home: no move
    expect(moveTo(SIX, moves, "999", "helsinki")).toEqual(moves); // not of the grouping
    const s: GroupingState = { open: true, base: "uusimaa-6", moves, compare: ["uusimaa-5"] };
    const url: UrlState = { lang: "sv", level: "E", bands: "planning", changes: [], groupings: s };
    expect(encodeHash(url)).toBe("#lang=sv&level=E&bands=planning&panel=groupings&grouping=uusimaa-6&moves=049:vantaa-kerava,235:new-1&compare=uusimaa-5");
    expect(decodeHash(encodeHash(url), { ...url, groupings: undefined })).toEqual(url);
    // With no grouping part the hash says nothing about groupings; a bad one is skipped.
    expect(decodeHash("#lang=fi", { ...url, groupings: undefined }).groupings).toBeUndefined();
    const bad = { ...DEFAULT_GROUPING_STATE };
    expect(decodeGroupingPart("moves", "49:helsinki,091:,092:a:b,%E0:x,245:vantaa-kerava", bad)).toBe(true);
    expect(bad.moves).toEqual([{ code: "245", unit: "vantaa-kerava" }]);
    expect(encodeGroupingParts(DEFAULT_GROUPING_STATE)).toEqual([]);
    // A link made for another base keeps only what means something there.
    expect(cleanMoves(SIX, [{ code: "049", unit: "nowhere" }, { code: "092", unit: "helsinki" }, { code: "092", unit: "new-2" }])).toEqual([{ code: "092", unit: "new-2" }]);
  });

  it("gives a unit whose hub moved out the member with the most people, and makes new units from the moves", () => {
    const people = new Map(municipalitiesOf("uusimaa").map((m) => [m.code, m.population]));
    const units = plannedUnits(SIX, [{ code: "049", unit: "helsinki" }, { code: "078", unit: "new-1" }], people);
    const byId = new Map(units.map((u) => [u.id, u]));
    expect(byId.get("helsinki")).toMatchObject({ municipalities: ["091", "049"], hub: "091" });
    expect(byId.get("espoo-kirkkonummi-kauniainen")).toMatchObject({ municipalities: ["257", "235"], hub: "257" }); // Kirkkonummi, more people than Kauniainen
    expect(byId.get("new-1")).toMatchObject({ name: null, municipalities: ["078"], hub: "078" });
    expect(units.map((u) => u.id)).toEqual([...SIX.units.map((u) => u.id), "new-1"]);
  });
});

let api: Api, page: Page, problems: string[], close: () => Promise<void>;
/** The bodies the page posted to /api/groupings/compare, in order. */
const posted: { groupings: string[]; custom: { units: { id: string; municipalities: string[]; hub?: string }[] }[] }[] = [];

/** Waits until the map and the groupings view have drawn what the state asks for, and the hash holds `hash`. */
async function ready(hash = "", p: Page = page): Promise<void> {
  await p.waitForFunction(
    (h: string) => document.body.dataset.state === "ready" && document.querySelector<HTMLElement>("section.groupings")?.dataset.state === "ready" && location.hash.includes(h),
    hash,
    // SwiftShader draws a region's generated roads and bands in seconds, more on a busy machine.
    { timeout: 45_000 },
  );
}

type Cells = Record<string, number | string | null>;

/** The per-unit table's rows of a grouping, by unit id, from the cells' raw numbers. */
function unitRows(grouping: string): Promise<Record<string, Cells>> {
  return page.$$eval(`table.grouping-units tr[data-grouping="${grouping}"]`, (rows) =>
    Object.fromEntries(rows.map((tr) => [(tr as HTMLElement).dataset.unit, Object.fromEntries(Array.from(tr.querySelectorAll<HTMLElement>("[data-field]")).map((c) => [c.dataset.field, c.dataset.value === "" ? null : Number(c.dataset.value)]))])),
  );
}

/** The equality table's column of a grouping. */
function equalityColumn(grouping: string): Promise<Cells> {
  return page.$$eval(`table.grouping-equality td[data-grouping="${grouping}"]`, (cells) =>
    Object.fromEntries(cells.map((c) => [(c as HTMLElement).dataset.field, (c as HTMLElement).dataset.field === "worst_unit" ? (c as HTMLElement).dataset.value! : (c as HTMLElement).dataset.value === "" ? null : Number((c as HTMLElement).dataset.value)])),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's comparison JSON, walked freely
type Json = any;

/** What the tables must show for a grouping of the API's answer, at a level. */
function expected(g: Json, level: string): { units: Record<string, Cells>; equality: Cells } {
  const figures = (l: Json) => ({ population: l.population, within_30_pct: l.within_30_pct, within_60_pct: l.within_60_pct, censored_mean_min: l.censored_mean_min, censored_p90_min: l.censored_p90_min });
  const e = g.equality[level];
  return {
    units: {
      ...Object.fromEntries(g.units.map((u: Json) => [u.id, { ...figures(u.levels[level]), hub_max_min: u.hub_max_min, rank: u.levels[level].rank }])),
      all: figures(g.all_units[level]),
    },
    equality: { worst_unit: e.worst?.unit ?? "", worst_mean_min: e.worst?.mean_min ?? null, mean_ratio: e.mean_ratio, p90_ratio: e.p90_ratio, gini: e.gini, unit_mean_gini: e.unit_mean_gini },
  };
}

/** The tables against a direct POST /api/groupings/compare of the same groupings; the answer. */
async function expectApiNumbers(body: { groupings?: string[]; custom?: unknown[] }, shownAs: Record<string, string>, level: string): Promise<Json> {
  const a = await call(api, "/api/groupings/compare", { body });
  expect(a.status, a.text).toBe(200);
  for (const g of a.body.groupings) {
    const want = expected(g, level);
    const id = shownAs[g.id] ?? g.id;
    expect(await unitRows(id), `${id} per unit`).toEqual(want.units);
    expect(await equalityColumn(id), `${id} equality`).toEqual(want.equality);
  }
  return a.body;
}

/** Uusimaa in six with Espoo and Kauniainen in Helsinki's unit: Kirkkonummi, left alone, is its unit's hub. */
const ESPOO_IN_HELSINKI = {
  id: "espoo-in-helsinki",
  name: "Espoo and Kauniainen with Helsinki",
  region: "uusimaa",
  units: UUSIMAA_6.units.map((u) =>
    u.id === "helsinki" ? { id: u.id, name: u.name, municipalities: ["091", "049", "235"], hub: "091" }
    : u.id === "espoo-kirkkonummi-kauniainen" ? { id: u.id, name: u.name, municipalities: ["257"], hub: "257" }
    : { id: u.id, name: u.name, municipalities: [...u.municipalities], hub: u.hub }),
};

/** A unit's outline on the map, as the map's source holds it: its westernmost longitude. */
function westOfUnit(unit: string): Promise<number> {
  return page.evaluate(async (unit) => {
    const m = (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map;
    const data = (await (m.getSource("units") as import("maplibre-gl").GeoJSONSource).getData()) as GeoJSON.FeatureCollection<GeoJSON.MultiLineString>;
    const f = data.features.find((x) => x.properties?.unit === unit);
    return f ? Math.min(...f.geometry.coordinates.flat().map((c) => c[0])) : NaN;
  }, unit);
}

describe.skipIf(!HAVE_CHROMIUM)(`web app: regrouping and comparing groupings in Chromium (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    const towns = municipalitiesOf("uusimaa").map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
    const { graph, meta } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: 60_000, towns });
    const workspace = () => Study.open({
      roads: { graph, meta: { ...meta, generated: true } },
      region: "uusimaa",
      municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"),
      grouping: null,
      cellSizeM: 1000,
      maxConnectorM: 1000,
    });
    ({ api, page, problems, close } = await openApp({ workspace, viewport: { width: 1400, height: 900 }, acceptDownloads: true }));
    page.on("request", (r) => r.url().endsWith("/api/groupings/compare") && posted.push(JSON.parse(r.postData() ?? "{}")));
  }, 120_000);

  afterAll(() => close?.());

  it("opens on the region's default grouping with the API's comparison of the built-in ones", async () => {
    await page.goto(`${api.base}/#lang=en&level=E&panel=groupings`);
    await ready();
    expect(await page.$eval("#grouping-base", (s) => (s as HTMLSelectElement).value)).toBe("uusimaa-6");
    expect(await page.$$eval("fieldset.unit-picker li", (lis) => lis.map((li) => (li as HTMLElement).dataset.unit))).toEqual(UUSIMAA_6.units.map((u) => u.id));
    expect(await page.$$eval("table.grouping-units tbody", (bs) => bs.map((b) => (b as HTMLElement).dataset.grouping))).toEqual(["uusimaa-6", "uusimaa-5"]);
    expect(posted.at(-1)).toEqual({ groupings: ["uusimaa-6", "uusimaa-5"], custom: [] });
    const cmp = await expectApiNumbers({ groupings: ["uusimaa-6", "uusimaa-5"] }, {}, "E");
    // The charts: a bar per unit with the share within 60 min, as the table has it.
    const bars = await page.$$eval('figure.chart[data-grouping="uusimaa-5"] g[data-key]', (gs) => gs.map((g) => [(g as SVGElement).dataset.key, Number((g as SVGElement).dataset.value)]));
    expect(bars).toEqual(cmp.groupings[1].units.map((u: Json) => [u.id, u.levels.E.within_60_pct]));
    // Every unit outlined on the map.
    for (const u of UUSIMAA_6.units) expect(await westOfUnit(u.id)).toBeGreaterThan(19);
    // What each measure means, next to the tables: the API's own definitions, in the page's language.
    const shown = await page.$$eval("#measure-definitions li", (lis) => lis.map((li) => [(li as HTMLElement).dataset.measure, li.textContent]));
    expect(shown).toEqual(Object.entries(cmp.definitions).map(([k, d]) => [k, (d as { en: string }).en]));
    expect(Object.fromEntries(shown).unitMeanGini).toMatch(/weighted by its people with a road/);
    // Two different units never under one name: uusimaa-6's seven western towns are not "West Uusimaa".
    const names = await page.$$eval("table.grouping-units tbody tr[data-unit] th", (ths) => ths.map((th) => th.textContent));
    expect(names).toContain("Lohja–Raasepori (7 municipalities)");
    expect(names.filter((n) => n === "West Uusimaa")).toHaveLength(1);
  }, 120_000);

  it("moves Espoo into Helsinki's unit by a click on the map and Kauniainen in the list, and shows the API's numbers for that grouping", async () => {
    const helsinkiWest = await westOfUnit("helsinki");
    await page.click("#pick-helsinki");
    // Northern Espoo: inside the municipality, away from its centre's label and the service points.
    await page.mouse.click(...(await pixelOf(page, 24.66, 60.27)));
    await ready("moves=049:helsinki");
    expect(await page.$eval("#unit-of-049", (s) => (s as HTMLSelectElement).value)).toBe("helsinki");
    await page.click("#municipality-list summary");
    await page.selectOption("#unit-of-235", "helsinki");
    await ready("moves=049:helsinki,235:helsinki");
    expect(await page.$eval('tr[data-code="235"] .status', (e) => e.textContent)).toBe(" from Espoo–Kirkkonummi–Kauniainen");
    expect(await page.$eval("#grouping-status", (e) => e.textContent)).toBe("Kauniainen moved to Helsinki.");

    // The page posted Uusimaa in six with the two moved, and shows what the API answers for it.
    const body = posted.at(-1)!;
    expect(body.groupings).toEqual(["uusimaa-6", "uusimaa-5"]);
    const units = (g: { units: { id: string; municipalities: readonly string[]; hub?: string }[] }) => g.units.map((u) => ({ id: u.id, members: [...u.municipalities].sort(), hub: u.hub }));
    expect(units(body.custom[0])).toEqual(units(ESPOO_IN_HELSINKI));
    expect(await page.$$eval("table.grouping-units tbody", (bs) => bs.map((b) => (b as HTMLElement).dataset.grouping))).toEqual(["custom", "uusimaa-6", "uusimaa-5"]);
    const cmp = await expectApiNumbers({ custom: [ESPOO_IN_HELSINKI] }, { "espoo-in-helsinki": "custom" }, "E");
    const people = new Map<string, number>((await call(api, "/api/municipalities")).body.municipalities.map((m: Json) => [m.code, m.population]));
    expect(cmp.groupings[0].units.find((u: Json) => u.id === "helsinki").population).toBe(people.get("091")! + people.get("049")! + people.get("235")!);
    await expectApiNumbers({ groupings: ["uusimaa-6", "uusimaa-5"] }, {}, "E");
    // The outline of Helsinki's unit now takes in Espoo, which reaches well west of Helsinki.
    expect(helsinkiWest).toBeGreaterThan(24.75);
    expect(await westOfUnit("helsinki")).toBeLessThan(24.6);
    // Another level reads the same answer at that level.
    await page.selectOption("#grouping-level", "L");
    await ready("level=L");
    await expectApiNumbers({ custom: [ESPOO_IN_HELSINKI] }, { "espoo-in-helsinki": "custom" }, "L");
    await page.selectOption("#grouping-level", "E");
    await ready("level=E");

    // The picture for the README: the comparison next to the map with the new outlines.
    await page.$eval(".comparison-title", (e) => e.scrollIntoView());
    expect(await screenshot(page, "web-groupings.png")).toBeLessThan(800_000);
  }, 120_000);

  it("restores the grouping from the URL after a reload", async () => {
    await page.reload();
    await ready("moves=049:helsinki,235:helsinki");
    expect(await page.$eval("#unit-of-049", (s) => (s as HTMLSelectElement).value)).toBe("helsinki");
    expect(await page.$eval("#unit-of-235", (s) => (s as HTMLSelectElement).value)).toBe("helsinki");
    await expectApiNumbers({ custom: [ESPOO_IN_HELSINKI] }, { "espoo-in-helsinki": "custom" }, "E");
    expect(await westOfUnit("helsinki")).toBeLessThan(24.6);
  }, 120_000);

  it("switches the groupings labels with the language", async () => {
    const labels = () => page.evaluate(() => ({
      title: document.querySelector("#groupings-title")?.textContent,
      tab: document.querySelector("#view-groupings")?.textContent,
      people: document.querySelector("table.grouping-units thead th:nth-child(2)")?.textContent,
      custom: document.querySelector('table.grouping-units tbody[data-grouping="custom"] tr.group-head th')?.textContent,
      vantaa: document.querySelector('table.grouping-units tr[data-grouping="uusimaa-6"][data-unit="vantaa-kerava"] th')?.textContent,
      select: document.querySelector("#unit-of-049")?.getAttribute("aria-label"),
      // The map's bottom-right corner: the scale above the attribution, each once, the attribution in the language.
      corner: Array.from(document.querySelectorAll(".maplibregl-ctrl-bottom-right > *")).map((el) =>
        el.classList.contains("maplibregl-ctrl-scale") ? "scale" : el.querySelector(".maplibregl-ctrl-attrib-inner")?.textContent),
    }));
    expect(await labels()).toEqual({ title: "Regional units", tab: "Regional units", people: "People", custom: "Your grouping", vantaa: "Vantaa–Kerava", select: "Unit of Espoo", corner: ["scale", "GENERATED demo network, not real roads"] });
    await page.click("#lang-fi");
    await ready("lang=fi");
    expect(await labels()).toEqual({ title: "Aluejaot", tab: "Aluejaot", people: "Asukkaita", custom: "Oma aluejako", vantaa: "Vantaa–Kerava", select: "Kunnan Espoo alue", corner: ["scale", "GENEROITU esittelyverkko, ei todellinen tieverkko"] });
    await page.click("#lang-sv");
    await ready("lang=sv");
    expect(await labels()).toEqual({ title: "Områdesindelningar", tab: "Områdesindelningar", people: "Invånare", custom: "Egen indelning", vantaa: "Vanda–Kervo", select: "Område för Esbo", corner: ["scale", "GENERERAT demonät, inte ett verkligt vägnät"] });
    await page.click("#lang-en");
    await ready("lang=en");
  }, 120_000);

  it("starts over from another built-in grouping, and the view tabs work from the keyboard", async () => {
    await page.selectOption("#grouping-base", "uusimaa-5");
    await ready("grouping=uusimaa-5");
    expect(await page.evaluate(() => location.hash)).not.toContain("moves=");
    expect(await page.$$eval("fieldset.unit-picker li", (lis) => lis.map((li) => (li as HTMLElement).dataset.unit))).toEqual(UUSIMAA_5.units.map((u) => u.id));
    expect(await page.$eval("#unit-of-049", (s) => (s as HTMLSelectElement).value)).toBe("lansi-uusimaa");
    await expectApiNumbers({ groupings: ["uusimaa-6", "uusimaa-5"] }, {}, "E");

    await page.focus("#view-network");
    await page.keyboard.press("Enter");
    await page.waitForSelector("table.figures");
    expect(await page.$("section.groupings")).toBeNull();
    expect(await page.evaluate(() => location.hash)).not.toContain("panel=groupings");
    const outlines = () => page.evaluate(() => (window as unknown as { palveluverkko: { map: import("maplibre-gl").Map } }).palveluverkko.map.getLayoutProperty("unit-edge", "visibility"));
    expect(await outlines()).toBe("none");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("view-network");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("view-groupings");
    await page.keyboard.press("Enter");
    await ready("panel=groupings&grouping=uusimaa-5");
    expect(await outlines()).toBe("visible");
    expect(problems).toEqual([]);
  }, 120_000);

  it("reads a grouping table as Excel saves it (a bad row listed), compares it with the API's numbers, and downloads it back", async () => {
    // Uusimaa in five, as a Finnish-Excel table: municipalities by name, units by name, x at each hub.
    const rows = (swap: Record<string, string> = {}) => [
      "kunta;alue;keskus",
      ...UUSIMAA_5.units.flatMap((u) => u.municipalities.map((c) => `${swap[c] ?? municipalitiesOf("uusimaa").find((m) => m.code === c)!.nameFi};${u.name.fi};${u.hub === c ? "x" : ""}`)),
    ];
    await page.setInputFiles("#grouping-file", { name: "viisi-aluetta.csv", mimeType: "text/csv", buffer: finnishExcelCsv(rows({ "049": "Esbo stad" })) });
    await page.waitForSelector("#grouping-file-errors");
    const bad = await page.$$eval("#grouping-file-errors tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent)));
    expect(bad.map((r) => r.slice(0, 3))).toEqual([[`line ${rows().findIndex((l) => l.startsWith("Espoo")) + 1}`, "kunta", "Esbo stad"]]);
    expect(await page.$eval("#grouping-base", (s) => (s as HTMLSelectElement).value)).toBe("uusimaa-5"); // nothing used

    await page.setInputFiles("#grouping-file", { name: "viisi-aluetta.csv", mimeType: "text/csv", buffer: finnishExcelCsv(rows()) });
    await page.waitForSelector("#grouping-file-status");
    const id = await page.$eval("#grouping-base", (s) => (s as HTMLSelectElement).value);
    expect(id).toMatch(/^viisi-aluetta/);
    await ready(`grouping=${id}`);
    expect(await page.$eval("#grouping-file-status", (p) => p.textContent)).toBe("Read viisi-aluetta from viisi-aluetta.csv: 5 units, 26 municipalities.");
    // It went to the server whole, as the planner's own grouping does, and shows the server's numbers for it.
    const sent = posted[posted.length - 1];
    expect(sent.groupings).toEqual(["uusimaa-6", "uusimaa-5"]);
    expect(sent.custom.map((c) => (c as unknown as { id: string }).id)).toEqual([id]);
    const answer = await expectApiNumbers(sent, {}, "E");
    // The same units as the built-in five, so the same figures.
    const [, five, file] = answer.groupings;
    expect(file.all_units).toEqual(five.all_units);
    expect(file.equality).toEqual(five.equality);

    // Back as a Finnish-Excel CSV: the same rows, codes for names.
    expect(await page.$eval("#grouping-file-format", (s) => (s as HTMLSelectElement).value)).toBe("csv;");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#grouping-file-download")]);
    const text = (await import("node:fs")).readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const lines = text.trim().split("\n");
    expect(lines[0]).toBe("municipality;name;unit;hub");
    expect(lines).toHaveLength(27);
    expect(lines).toContain("049;Espoo;Länsi-Uusimaa;x");
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  }, 120_000);
});
