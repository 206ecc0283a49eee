// The language of service in real Chromium over the real central Helsinki roads and HSY grid, with
// people by language from a self-made file (as test/study/languages.test.ts) and a health station
// in Töölö serving in Finnish only. Choosing Swedish shows the API's figures of Swedish speakers to
// the points serving in Swedish and draws the bands from the grid's Swedish layers; with a closure
// the table is the scenario run's for Swedish speakers; the choice is named in the page's language
// and kept in the URL; a server without a languages file offers no choice (app.test.ts's workspace).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Study } from "../../study/index.ts";
import { importOsm } from "../../data/osm/import.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { EXAMPLES } from "../fixtures/cli.ts";
import { call, type Api } from "../fixtures/http.ts";
import { CHROMIUM, HAVE_CHROMIUM, expectedRow, figureRow, freshPage, openApp, waitReady } from "../fixtures/browser.ts";

const OSM = sharedData("osm/helsinki-centre.osm.pbf");
let ws: Study, api: Api, page: Page, problems: string[], close: () => Promise<void>;
const sent: string[] = [];

async function openWorkspace(): Promise<Study> {
  const dir = scratchDir();
  const services = join(dir, "helsinki-languages-web.csv");
  const example = readFileSync(join(EXAMPLES, "helsinki-centre-services.csv"), "utf8").trim().split("\n");
  writeFileSync(services, [`${example[0]},languages`, ...example.slice(1).map((l) => `${l},`), "toolo,Töölön terveysasema,Tölö hälsostation,091,24.9238,60.1789,L,true,fi"].join("\n") + "\n");
  const languages = join(dir, "helsinki-people-by-language-web.csv");
  writeFileSync(languages, "kunta;yhteensä;suomi;ruotsi;saame\n091;664 000;500 000;36 000;80\n");
  return Study.open({
    roads: { ...(await importOsm(OSM)), osm: OSM }, region: "uusimaa", services, grouping: null, languages, water: false,
    population: sharedData("population/hsy_population_grid_2021_250m.gpkg"), municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"),
  });
}

type Row = Parameters<typeof expectedRow>[0] & { id: string };

describe.skipIf(!HAVE_CHROMIUM)(`web app: the language of service (skipped when ${CHROMIUM} is missing)`, () => {
  beforeAll(async () => {
    ({ ws, api, page, problems, close } = await openApp({ workspace: openWorkspace }));
    page.on("request", (r) => sent.push(new URL(r.url()).pathname + new URL(r.url()).search));
  }, 180_000);

  afterAll(() => close?.());

  it("shows Swedish speakers' figures to services in Swedish, the API's, for the base and with a closure", async () => {
    expect((await call(api, "/healthz")).body.languages).toEqual(ws.inputs.languages!.languages);
    await freshPage(page, api.base, "#lang=sv&bands=short&level=L");
    const names = await page.$$eval("#service-language option", (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(names.slice(0, 3)).toEqual([["", "vilket som helst (alla invånare)"], ["fi", "finska"], ["sv", "svenska"]]);
    sent.length = 0;
    await page.selectOption("#service-language", "sv");
    await waitReady(page, { mode: "base", level: "L", hash: "language=sv" });
    expect(sent.filter((u) => u.startsWith("/api/grid"))).toEqual(["/api/grid?language=sv"]);
    const q = "thresholds=5,10,15,20,30&language=sv";
    const base = (await call(api, `/api/accessibility?${q}`)).body;
    const rows: Row[] = base.language.levels.L;
    for (const r of rows) expect(await figureRow(page, r.id)).toEqual(expectedRow(r));
    // Töölö serves in Finnish only: Swedish speakers' nearest L is farther than everyone's.
    const everyone = base.levels.L.find((r: Row) => r.id === "all");
    expect((await figureRow(page, "all")).mean_min).toBeGreaterThan(everyone.mean_min);
    expect(await page.$eval(".figures-section h2", (h) => h.textContent)).toBe("Siffror per kommun · L (närservice) · svenska");

    // Closing Kamppi: the scenario run's figures for Swedish speakers, with their band crossings.
    await page.click('#panel [data-point="kamppi"] button.toggle');
    await waitReady(page, { mode: "scenario", level: "L", hash: "close:kamppi" });
    const run = (await call(api, "/api/scenarios/run", { body: { changes: [{ op: "close", id: "kamppi" }], thresholds: [5, 10, 15, 20, 30], language: "sv" } })).body;
    for (const r of run.language.figures.L as Row[]) {
      const d = run.language.diff.L.find((x: { id: string }) => x.id === r.id);
      expect(await figureRow(page, r.id)).toEqual(expectedRow(r, d));
    }
    expect(run.language.diff.L.find((x: { id: string }) => x.id === "all").worse).toBeGreaterThan(0);

    // The URL keeps the language; a reload comes back to it.
    await page.reload();
    await waitReady(page, { mode: "scenario", hash: "language=sv" });
    expect(await page.$eval("#service-language", (s) => (s as HTMLSelectElement).value)).toBe("sv");
    await page.selectOption("#service-language", "");
    await waitReady(page, { mode: "scenario", notHash: "language=" });
    expect(problems).toEqual([]);
  }, 120_000);
});
