// Every note code, triggered on real or self-made data, reaches every output: the CLI's stderr,
// the API's reply, the web app in Chromium (beside the figures it qualifies), and the PDF
// (read back with pdftotext) and XLSX (read back with SheetJS) reports. Three studies trigger
// them all:
//   S1, the real central Helsinki extract studied as Uusimaa, with the HSY grid and Statistics
//      Finland's boundaries, a snap cap of 700 m, and a service set with a point 541 m out at sea,
//      one 726 m out (both inside the extract's box) and one 20 km outside the extract; its
//      scenario re-levels the only E point to L, and the comparison uses Uusimaa's six units;
//   S2, a GENERATED road network over part of the capital region, its region taken from the roads,
//      areas by nearest centre, and a self-made totals file that knows three municipalities (one
//      of them Hanko, far off the grid);
//   S3, the same GENERATED network studied as Helsinki with the HSY grid and the built-in
//      generalised boundaries, in the rush hour on the turns model: the grid's people in Espoo and
//      Vantaa live outside the region;
//   S4, the real central Helsinki extract studied as Helsinki on foot (profile walk, its own graph),
//      with the HSY grid.
// The door-to-door note qualifies a trip, not the figures: it reaches the CLI's `route
// --door-to-door`, the API's trip and cell replies with door_to_door, and the app's cell popup with
// Door to door ticked (S1's "trip" stage), and no report, which holds figures only.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import type { Browser, Page } from "playwright-core";
import { generateRoadGraph } from "../../engine/generate.ts";
import { writeGraphFile } from "../../data/cache.ts";
import { importOsm } from "../../data/osm/import.ts";
import { NOTE_CODES, Study, type NoteCode, type OpenOptions } from "../../study/index.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { call, startApi, type Api } from "../fixtures/http.ts";
import { buildWebApp, HAVE_CHROMIUM, launchChromium, pixelOf } from "../fixtures/browser.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { HAS_PDFTOTEXT, pdfText } from "../fixtures/report.ts";
import { sharedData } from "../fixtures/shared-data.ts";

type Stage = "base" | "scenario" | "compare" | "trip";
type Setup = "S1" | "S2" | "S3" | "S4";

/** Where each code is triggered. */
const TRIGGERS: Record<NoteCode, [Setup, Stage]> = {
  "generated-roads": ["S2", "base"],
  "time-of-day": ["S3", "base"],
  "active-mode": ["S4", "base"],
  "turns-model": ["S3", "base"],
  "door-to-door": ["S1", "trip"],
  "approximate-areas": ["S2", "base"],
  "population-on-roads": ["S2", "base"],
  "no-population-total": ["S2", "base"],
  "people-not-placed": ["S2", "base"],
  "region-from-roads": ["S2", "base"],
  "people-outside-study-area": ["S1", "base"],
  "partial-coverage": ["S1", "base"],
  "generalised-boundaries": ["S3", "base"],
  "people-outside-region": ["S3", "base"],
  "points-left-out": ["S1", "base"],
  "points-outside-extract": ["S1", "base"],
  "point-far-from-road": ["S1", "base"],
  "level-without-open-point": ["S1", "scenario"],
  "people-beyond-cutoff": ["S1", "scenario"],
  "unit-member-missing": ["S1", "compare"],
  "languages-spread": ["S1", "base"],
  "languages-by-status": ["S1", "base"],
};

const dir = () => scratchDir();
const HELSINKI = sharedData("osm/helsinki-centre.osm.pbf");
const BOUNDARIES = sharedData("municipalities/statfi_municipalities_2023.gpkg");
const HSY = sharedData("population/hsy_population_grid_2021_250m.gpkg");
const THRESHOLDS = "15,30,60";
const CHANGES = [{ op: "relevel", id: "kirurginen", level: "L" }];
/** A trip in Kamppi, and its first end as a cell of the map, read door to door. */
const TRIP = { from: { lon: 24.9262, lat: 60.1672 }, to: { lon: 24.9305, lat: 60.168 } };

interface Inputs {
  /** The CLI's arguments for the study's inputs. */
  args: string[];
  open: OpenOptions;
}

function inputs(): Record<Setup, Inputs> {
  const services = join(dir(), "notes-services.csv");
  const graph = join(dir(), "notes-generated.pvg");
  const totals = join(dir(), "notes-totals.csv");
  const languages = join(dir(), "notes-languages.csv");
  return {
    S1: {
      args: ["--osm", HELSINKI, "--region", "uusimaa", "--services", services, "--population", HSY, "--municipalities", BOUNDARIES, "--grouping", "none", "--max-snap", "700", "--languages", languages],
      open: { roads: { ...SETUP_ROADS.helsinki!, osm: HELSINKI }, region: "uusimaa", services, population: HSY, municipalities: BOUNDARIES, grouping: null, maxSnapM: 700, languages },
    },
    S2: { args: ["--osm", graph, "--totals", totals, "--municipalities", "nearest", "--grouping", "none"], open: { roads: graph, cacheDir: false, totals, municipalities: "nearest", grouping: null } },
    S3: { args: ["--osm", graph, "--region", "helsinki", "--population", HSY, "--grouping", "none", "--time", "rush", "--model", "turns"], open: { roads: graph, cacheDir: false, region: "helsinki", population: HSY, grouping: null, profile: "car-rush", model: "turns" } },
    S4: { args: ["--osm", HELSINKI, "--region", "helsinki", "--population", HSY, "--grouping", "none", "--profile", "walk"], open: { roads: { ...SETUP_ROADS.helsinki!, osm: HELSINKI }, region: "helsinki", population: HSY, grouping: null, profile: "walk" } },
  };
}

/** The Helsinki roads, imported once for S1's study (with the OSM file, for the map's water). */
const SETUP_ROADS: { helsinki?: Awaited<ReturnType<typeof importOsm>> } = {};

/** The codes each output showed, per setup and stage. */
const seen: Record<"cli" | "api" | "web" | "pdf" | "xlsx", Partial<Record<`${Setup}:${Stage}`, Set<string>>>> = { cli: {}, api: {}, web: {}, pdf: {}, xlsx: {} };

/** Arguments without an option and its value. */
const without = (args: string[], flag: string) => args.filter((_, i, a) => a[i] !== flag && a[i - 1] !== flag);
const codesIn = (stderr: string) => new Set([...stderr.matchAll(/^note: .* \[([a-z-]+)\]$/gm)].map((m) => m[1]));
const xlsxCodes = (bytes: Buffer) => {
  const wb = XLSX.read(bytes, { type: "buffer" });
  return new Set(XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets.Huomautukset ?? {}, { defval: null }).map((r) => r["Koodi"]));
};
const squash = (s: string) => s.replace(/\s+/g, "");
/** The codes whose Finnish text the PDF holds (pdftotext wraps lines: spaces are left out of the match). */
const pdfCodes = (file: string, notes: { code: string; text: { fi: string } }[]) => {
  const text = squash(pdfText(file));
  return new Set(notes.filter((n) => text.includes(squash(n.text.fi))).map((n) => n.code));
};

describe("every note code reaches the CLI, the API, the web app, the PDF and the XLSX", () => {
  const apis: Partial<Record<Setup, Api>> = {};
  let browser: Browser | null = null;
  let webRoot = "";

  beforeAll(async () => {
    // S1's service set: the example set plus two points at sea inside the extract's box and one 20 km off the extract.
    const example = readFileSync(join(EXAMPLES, "helsinki-centre-services.csv"), "utf8").trimEnd();
    writeFileSync(join(dir(), "notes-services.csv"), `${example}\nmerella,Meripiste,Havsstället,091,24.950,60.150,L,true\nsyvalla,Syvä piste,Djupa stället,091,24.950,60.148,L,true\nkaukana,Kaukainen piste,Avlägset ställe,091,25.100,60.200,L,true\n`);
    // S2: a GENERATED network over part of the capital region, and totals for three municipalities only.
    const { graph, meta } = generateRoadGraph({ seed: 7, bbox: [24.75, 60.15, 25.1, 60.32], targetNodes: 6000 });
    await writeGraphFile(join(dir(), "notes-generated.pvg"), graph, { ...meta, generated: true });
    writeFileSync(join(dir(), "notes-totals.csv"), "code,population\n091,664028\n049,305274\n078,7832\n");
    // Self-made: people by language in Helsinki (round figures of the size Statistics Finland gives), no point listing its languages.
    writeFileSync(join(dir(), "notes-languages.csv"), "code,total,fi,sv,se\n091,664000,500000,36000,80\n");
    SETUP_ROADS.helsinki = await importOsm(HELSINKI);
    const setups = inputs();
    const [root, ...studies] = await Promise.all([buildWebApp(), ...(["S1", "S2", "S3", "S4"] as const).map((s) => Study.open(setups[s].open))]);
    webRoot = root;
    for (const [i, s] of (["S1", "S2", "S3", "S4"] as const).entries()) apis[s] = await startApi({ workspace: studies[i], webRoot, rateLimitPerMinute: 0 });
    if (HAVE_CHROMIUM) browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const a of Object.values(apis)) await a?.close();
  });

  it("the CLI prints each on stderr", async () => {
    const s = inputs();
    const scenario = join(dir(), "notes-scenario.json");
    writeFileSync(scenario, JSON.stringify({ id: "e-alas", name: "Kirurginen sairaala L-tasolle", region: "uusimaa", services: join(dir(), "notes-services.csv"), changes: CHANGES }));
    const runs = await Promise.all([
      cli("levels", ...s.S1.args, "--thresholds", THRESHOLDS),
      cli("levels", ...s.S2.args, "--thresholds", THRESHOLDS),
      cli("levels", ...s.S3.args, "--thresholds", THRESHOLDS),
      cli("levels", ...s.S4.args, "--thresholds", THRESHOLDS),
      cli("scenario", "--scenario", scenario, ...without(s.S1.args, "--services"), "--thresholds", THRESHOLDS),
      cli("compare", ...without(s.S1.args, "--grouping"), "--groupings", "uusimaa-6", "--thresholds", THRESHOLDS),
      cli("route", `${TRIP.from.lon},${TRIP.from.lat}`, `${TRIP.to.lon},${TRIP.to.lat}`, "--osm", HELSINKI, "--door-to-door"),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    [seen.cli["S1:base"], seen.cli["S2:base"], seen.cli["S3:base"], seen.cli["S4:base"], seen.cli["S1:scenario"], seen.cli["S1:compare"], seen.cli["S1:trip"]] = runs.map((r) => codesIn(r.stderr));
  }, 120_000);

  it("the API sends each in the reply's notes, and the reports hold them (PDF text, XLSX Notes sheet)", async () => {
    const s = inputs();
    for (const setup of ["S1", "S2", "S3", "S4"] as const) {
      const api = apis[setup]!;
      const a = await call(api, `/api/accessibility?thresholds=${THRESHOLDS}`);
      expect(a.status, a.text).toBe(200);
      seen.api[`${setup}:base`] = new Set(a.body.notes.map((n: { code: string }) => n.code));
      const pdf = join(dir(), `notes-${setup}-base.pdf`);
      writeFileSync(pdf, Buffer.from(await (await fetch(`${api.base}/api/report?format=pdf&lang=fi&thresholds=${THRESHOLDS}`)).arrayBuffer()));
      if (HAS_PDFTOTEXT) seen.pdf[`${setup}:base`] = pdfCodes(pdf, a.body.notes);
      seen.xlsx[`${setup}:base`] = xlsxCodes(Buffer.from(await (await fetch(`${api.base}/api/report?format=xlsx&lang=fi&thresholds=${THRESHOLDS}`)).arrayBuffer()));
    }
    const api = apis.S1!;
    const run = await call(api, "/api/scenarios/run", { body: { changes: CHANGES, thresholds: THRESHOLDS.split(",").map(Number) } });
    expect(run.status, run.text).toBe(200);
    seen.api["S1:scenario"] = new Set(run.body.notes.map((n: { code: string }) => n.code));
    const report = (format: string) => fetch(`${api.base}/api/report`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ format, lang: "fi", changes: CHANGES, thresholds: THRESHOLDS.split(",").map(Number) }) });
    const pdf = join(dir(), "notes-S1-scenario.pdf");
    writeFileSync(pdf, Buffer.from(await (await report("pdf")).arrayBuffer()));
    if (HAS_PDFTOTEXT) seen.pdf["S1:scenario"] = pdfCodes(pdf, run.body.notes);
    seen.xlsx["S1:scenario"] = xlsxCodes(Buffer.from(await (await report("xlsx")).arrayBuffer()));
    // A trip and a cell read door to door: both replies carry the door-to-door note.
    const trip = await call(api, "/api/route", { body: { ...TRIP, door_to_door: true } });
    const cell = await call(api, "/api/cells/at", { body: { ...TRIP.from, door_to_door: true } });
    expect(trip.status, trip.text).toBe(200);
    expect(cell.status, cell.text).toBe(200);
    const codesOf = (b: { notes: { code: string }[] }) => new Set(b.notes.map((n) => n.code));
    expect(codesOf(trip.body)).toContain("door-to-door");
    seen.api["S1:trip"] = codesOf(cell.body);
    // Comparisons: the API's reply, and the CLI's comparison report (the API reports no comparison).
    for (const setup of ["S1"] as const) {
      const c = await call(apis[setup]!, "/api/groupings/compare", { body: { groupings: ["uusimaa-6"], thresholds: THRESHOLDS.split(",").map(Number) } });
      expect(c.status, c.text).toBe(200);
      seen.api[`${setup}:compare`] = new Set(c.body.notes.map((n: { code: string }) => n.code));
      const out = join(dir(), `notes-${setup}-compare`);
      const [p, x] = await Promise.all(["pdf", "xlsx"].map((f) => cli("report", ...s[setup].args, "--groupings", "uusimaa-6", "--thresholds", THRESHOLDS, "--format", f, "--lang", "fi", "--out", `${out}.${f}`, "-q")));
      expect(p.code, p.stderr).toBe(0);
      expect(x.code, x.stderr).toBe(0);
      if (HAS_PDFTOTEXT) seen.pdf[`${setup}:compare`] = pdfCodes(`${out}.pdf`, c.body.notes);
      seen.xlsx[`${setup}:compare`] = xlsxCodes(readFileSync(`${out}.xlsx`));
    }
  }, 180_000);

  it.skipIf(!HAVE_CHROMIUM)("the web app lists each beside the figures, in Finnish, with its code", async () => {
    const notesOn = async (page: Page) => new Set(await page.$$eval("#figure-notes li", (li) => li.map((l) => (l as HTMLElement).dataset.code!)));
    const ready = (page: Page, mode: "base" | "scenario") => page.waitForFunction((m) => document.body.dataset.state === "ready" && document.querySelector<HTMLElement>("table.figures")?.dataset.mode === m, mode, { timeout: 30_000 });
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      for (const setup of ["S1", "S2", "S3", "S4"] as const) {
        await page.goto("about:blank");
        await page.goto(`${apis[setup]!.base}/#lang=fi&bands=planning`);
        await ready(page, "base");
        seen.web[`${setup}:base`] = await notesOn(page);
      }
      await page.goto("about:blank");
      await page.goto(`${apis.S1!.base}/#lang=fi&bands=planning&changes=relevel:kirurginen:L`);
      await ready(page, "scenario");
      seen.web["S1:scenario"] = await notesOn(page);
      // A note's text is the API's Finnish text.
      const run = await call(apis.S1!, "/api/scenarios/run", { body: { changes: CHANGES } });
      const critical = run.body.notes.find((n: { code: string }) => n.code === "level-without-open-point");
      expect(await page.$eval('#figure-notes li[data-code="level-without-open-point"]', (li) => li.textContent)).toBe(critical.text.fi);
      // Door to door ticked: a cell's popup carries its note.
      await page.goto("about:blank");
      await page.goto(`${apis.S1!.base}/#lang=fi&bands=planning`);
      await ready(page, "base");
      await page.check("#door-to-door");
      const [x, y] = await pixelOf(page, TRIP.from.lon, TRIP.from.lat);
      await page.mouse.click(x, y);
      await page.waitForSelector(".maplibregl-popup .cell [data-code]");
      seen.web["S1:trip"] = new Set(await page.$$eval(".maplibregl-popup .cell [data-code]", (p) => p.map((e) => (e as HTMLElement).dataset.code!)));
      for (const setup of ["S1"] as const) {
        await page.goto("about:blank");
        await page.goto(`${apis[setup]!.base}/#lang=fi&panel=groupings&grouping=uusimaa-6&compare=uusimaa-6`);
        await page.waitForFunction(() => document.querySelector<HTMLElement>("section.groupings")?.dataset.state === "ready" && document.querySelector("#figure-notes") !== null, undefined, { timeout: 30_000 });
        seen.web[`${setup}:compare`] = await notesOn(page);
      }
    } finally {
      await page.close();
    }
  }, 180_000);

  it.each(NOTE_CODES)("%s is in every output", (code) => {
    const [setup, stage] = TRIGGERS[code];
    const key = `${setup}:${stage}` as const;
    expect(seen.cli[key], "CLI").toContain(code);
    expect(seen.api[key], "API").toContain(code);
    // A trip's note qualifies no figure of a report.
    if (stage !== "trip") expect(seen.xlsx[key], "XLSX").toContain(code);
    if (HAS_PDFTOTEXT && stage !== "trip") expect(seen.pdf[key], "PDF").toContain(code);
    if (HAVE_CHROMIUM) expect(seen.web[key], "web app").toContain(code);
  });

  it("triggers every code of the catalogue", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual([...NOTE_CODES].sort());
  });
});
