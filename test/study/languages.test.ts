// Figures per language group on the real central Helsinki roads and the HSY grid: people by
// language from a self-made file (round figures of the size Statistics Finland gives for Helsinki),
// the example set plus a health station written here that serves in Finnish only. Speakers are
// spread as Helsinki's people are; Swedish speakers' times are to the points serving in Swedish
// (the two example points by Helsinki's bilingual status), equal to a whole analysis of just those
// points weighted by Swedish speakers; nobody serves in Sámi, so no Sámi speaker is reached.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study, accessibilityView } from "../../study/index.ts";
import { oneLevelFigures, LEVELS } from "../../engine/index.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { importOsm } from "../../data/osm/import.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { call, documentChecker, expectProblem, startApi, type Api } from "../fixtures/http.ts";

const OSM = sharedData("osm/helsinki-centre.osm.pbf");
const HSY = sharedData("population/hsy_population_grid_2021_250m.gpkg");
const BOUNDARIES = sharedData("municipalities/statfi_municipalities_2023.gpkg");
let services: string;
let languages: string;
let study: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;

beforeAll(async () => {
  const dir = scratchDir();
  services = join(dir, "helsinki-languages.csv");
  const example = readFileSync(join(EXAMPLES, "helsinki-centre-services.csv"), "utf8").trim().split("\n");
  // Töölö: a health station serving in Finnish only (the file's languages column).
  writeFileSync(services, [`${example[0]},languages`, ...example.slice(1).map((l) => `${l},`), "toolo,Töölön terveysasema,Tölö hälsostation,091,24.9238,60.1789,L,true,fi"].join("\n") + "\n");
  languages = join(dir, "helsinki-people-by-language.csv");
  writeFileSync(languages, "kunta;yhteensä;suomi;ruotsi;saame\n091;664 000;500 000;36 000;80\n");
  study = await Study.open({ roads: { ...(await importOsm(OSM)), osm: OSM }, region: "uusimaa", services, population: HSY, municipalities: BOUNDARIES, grouping: null, languages, water: false });
  api = await startApi({ workspace: study, log: () => {} });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 180_000);

afterAll(() => api?.close());

const sum = (a: Uint32Array) => a.reduce((s, x) => s + x, 0);

describe("figures per language group (real central Helsinki roads, HSY grid)", () => {
  it("places each language's share of Helsinki's people on the grid, whole and exact", () => {
    const onGrid = study.areaPopulation()[study.inputs.areas.findIndex((a) => a.code === "091")];
    expect(sum(study.subsets.languagePopulation("sv"))).toBe(Math.round((onGrid * 36000) / 664000));
    expect(sum(study.subsets.languagePopulation("fi"))).toBe(Math.round((onGrid * 500000) / 664000));
    // Spread as the people are: no speaker where nobody lives.
    const sv = study.subsets.languagePopulation("sv");
    for (let c = 0; c < sv.length; c++) if (study.inputs.population[c] === 0) expect(sv[c]).toBe(0);
  });

  it("times Swedish speakers to the points serving in Swedish: a whole analysis of those points, weighted by speakers", () => {
    const f = study.subsets.languageFigures("sv", ["dental-care"]);
    const swedish = study.inputs.services.points.filter((p) => p.id !== "toolo"); // Töölö serves in Finnish only
    const want = study.analysePoints(swedish).result;
    const input = { ...study.figureInput, population: study.subsets.languagePopulation("sv") };
    for (const level of LEVELS) {
      const w = oneLevelFigures(input, want.surfaces[level], want.centreDs[level], f.levels.thresholdsMin);
      expect(f.levels.perArea[level], level).toEqual(w.perArea);
      expect(f.levels.centreMin[level], level).toEqual(w.centreMin);
    }
    // Finnish speakers have Töölö too, so their L times are no longer than Swedish speakers'.
    const fi = study.subsets.languageFigures("fi", []);
    expect(fi.levels.overall.L.meanMin!).toBeLessThan(study.figures().overall.L.meanMin! + 1e-9);
    expect(f.levels.overall.L.meanMin!).toBeGreaterThan(fi.levels.overall.L.meanMin!);
    // No point serves in Sámi.
    expect(study.subsets.languageFigures("se", []).levels.overall.L.reached).toBe(0);
  });

  it("says how speakers were placed and that points without languages follow their municipality's status", () => {
    const codes = study.notes().map((n) => n.code);
    expect(codes).toContain("languages-spread");
    expect(codes).toContain("languages-by-status");
    expect(study.notes().find((n) => n.code === "languages-by-status")!.text.sv).toMatch(/2 serviceställen: inga servicespråk angavs/);
  });

  it("follows a scenario that gives Töölö Swedish: Swedish speakers gain, nobody loses, everyone else's times stay", async () => {
    const r = await call(api, "/api/scenarios/run", { body: { changes: [{ op: "languages", id: "toolo", languages: ["fi", "sv"] }], language: "sv" } });
    expect(r.status, r.text).toBe(200);
    check("/api/scenarios/run", "post", 200, "application/json", r.body);
    type Diff = { worse: number; changed: number; added_minutes_at_least: number; saved_minutes_at_least: number };
    const all = (rows: { id: string }[]) => rows.find((x) => x.id === "all") as unknown as Diff;
    expect(all(r.body.diff.L).changed).toBe(0); // the level figures do not depend on languages
    // Everyone here is within 15 min either way, so nobody crosses a band: the gain shows in times.
    expect(all(r.body.language.diff.L).changed).toBeGreaterThan(0);
    expect(all(r.body.language.diff.L).saved_minutes_at_least).toBeGreaterThan(0);
    expect(all(r.body.language.diff.L).added_minutes_at_least).toBe(0);
    expect(all(r.body.language.diff.L).worse).toBe(0);
    // After it, every point serves in Swedish: a whole analysis of all points, counted over Swedish speakers.
    const want = study.analysePoints(study.inputs.services.points).result;
    const svPeople = study.subsets.languagePopulation("sv");
    const w = oneLevelFigures({ ...study.figureInput, population: svPeople }, want.surfaces.L, want.centreDs.L, study.base.thresholdsMin);
    expect(r.body.language.figures.L.find((x: { id: string }) => x.id === "all").population).toBe(w.overall.population);
    expect(r.body.language.figures.L.find((x: { id: string }) => x.id === "all").mean_min).toBe(Math.round(w.overall.meanMin! * 10) / 10);
    expectProblem(await call(api, "/api/scenarios/run", { body: { changes: [], language: "ru" } }), 400, "language");
  });

  it("answers ?language= over HTTP and `levels --language` alike, and refuses a language the file lacks by field", async () => {
    const r = await call(api, "/api/accessibility?language=sv&types=dental-care");
    expect(r.status, r.text).toBe(200);
    check("/api/accessibility", "get", 200, "application/json", r.body);
    expect(r.body.language).toEqual(JSON.parse(JSON.stringify(accessibilityView(study, "municipality", undefined, { types: ["dental-care"], language: "sv" }).language)));
    expect(r.body.language.speakers_on_grid).toBe(sum(study.subsets.languagePopulation("sv")));
    expectProblem(await call(api, "/api/accessibility?language=ru"), 400, "language");
    expect(() => accessibilityView(study, "municipality", undefined, { language: "ru" })).toThrow(InvalidInputError);

    // The report of the base set carries the same rows (made on the jobs' worker, from the same study parts).
    const report = await call(api, "/api/report?format=csv&lang=sv&language=sv&types=dental-care");
    expect(report.status, report.text).toBe(200);
    const svL = report.text.split("\r\n").find((l) => l.startsWith("groups,,,L,sv,municipality,091,") && l.includes(",population,"))!;
    expect(Number(svL.split(",").at(-1))).toBe(study.subsets.languageFigures("sv", []).levels.perArea.L[0].population);
    expect(report.text).toContain("groups,,,dental-care,,all,all,");
    // A scenario report carries the group before and after; a language the file lacks is refused by field.
    const scenario = await call(api, "/api/report", { body: { format: "csv", lang: "sv", language: "sv", changes: [{ op: "close", id: "kamppi" }] } });
    expect(scenario.status, scenario.text).toBe(200);
    expect(scenario.text).toContain("group_changes,,,L,sv,all,all,");
    expectProblem(await call(api, "/api/report", { body: { format: "csv", lang: "sv", language: "ru", changes: [{ op: "close", id: "kamppi" }] } }), 400, "language");

    const args = ["--osm", OSM, "--region", "uusimaa", "--services", services, "--population", HSY, "--municipalities", BOUNDARIES, "--grouping", "none", "--languages", languages, "-q"];
    const csv = await cli("levels", ...args, "--language", "sv");
    expect(csv.stderr).toBe("");
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0].startsWith("language,level,code,")).toBe(true);
    const svRow = lines.find((l) => l.startsWith("sv,L,091,"))!.split(",");
    expect(Number(svRow[4])).toBe(study.subsets.languageFigures("sv", []).levels.perArea.L[0].population);
    const bad = await cli("levels", ...args, "--language", "ru");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/language "ru" is not in .*, which gives fi, sv, se/);
  });
});
