// A scenario report with figures per service type and per language group, and the loads it moves,
// on the real Tampere roads with the example's capacities (docs/examples/tampere-services-capacity.csv)
// and a SELF-MADE languages file (Tampere's people, 14,000 of them Swedish speakers: illustrative,
// no table of speakers ships with the project). The scenario closes Lielahti and lets Hatanpää
// serve in Swedish as well. Every figure the report holds is checked against the study's own
// commands run beside it: `levels --types --language` on the base file and on the file with the
// changes written into it (a whole fresh study, not the incremental run), and `loads --scenario`.
// The written files are read back: XLSX with SheetJS, CSV with csv-parse, GeoPackage with GDAL's
// ogrinfo, GeoJSON as JSON, PDF with poppler's pdftotext.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { parse } from "csv-parse/sync";
import { writeReport, type GroupFigureRow, type ReportModel } from "../../data/export/index.ts";
import { reportModel, type ReportOptions } from "../../server/cli/report.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { call, expectProblem, startApi, TAMPERE_INPUTS } from "../fixtures/http.ts";
import { Study } from "../../study/index.ts";
import { HAS_OGRINFO, HAS_PDFTOTEXT, pdfText, thousands } from "../fixtures/report.ts";

const dir = scratchDir();
const file = (name: string) => join(dir, `scenario-report-${process.pid}-${name}`);
const BASE = join(EXAMPLES, "tampere-services-capacity.csv");
const LANGUAGES = file("tampere-languages-self-made.csv");
const AFTER = file("tampere-after.csv");
const SCENARIO = file("lielahti-closes.json");
const TYPES = ["dental-care", "health-station"];
const STUDY = ["--osm", sharedData("osm/tampere.osm.pbf"), "--totals", TAMPERE_INPUTS.totals, "--municipalities", TAMPERE_INPUTS.municipalities, "-q"];

/** A levels JSON row (views.ts figureJson): the fields compared. */
interface ViewRow {
  id: string;
  population: number;
  reached: number;
  beyond: number;
  mean_min: number | null;
  bands: { people: number }[];
}

let model: ReportModel;
let base: { types: Record<string, { rows: ViewRow[] }>; language: { levels: Record<string, ViewRow[]>; types: Record<string, ViewRow[]> } };
let after: typeof base;
let loadsL: { base: { points: { id: string; catchment_people: number; load_pct: number }[] }; scenario: { points: { id: string; catchment_people: number; load_pct: number }[] }; moves: { from: string; to: string; people: number }[] };

beforeAll(async () => {
  writeFileSync(LANGUAGES, "code,total,fi,sv\n837,244000,230000,14000\n");
  // The changes written into the file itself: Lielahti closed, Hatanpää serving in Finnish and Swedish.
  const rows = readFileSync(BASE, "utf8").trim().split("\n");
  writeFileSync(AFTER, rows.map((l) => (l.startsWith("lielahti,") ? l.replace(",true,", ",false,") : l.startsWith("hatanpaa,") ? l.replace(",fi,", ",fi sv,") : l)).join("\n") + "\n");
  writeFileSync(SCENARIO, JSON.stringify({ id: "lielahti-sv", name: "Lielahti sulkeutuu, Hatanpää palvelee ruotsiksi", region: "pirkanmaa", services: BASE, changes: [{ op: "close", id: "lielahti" }, { op: "languages", id: "hatanpaa", languages: ["fi", "sv"] }] }));
  const levels = async (services: string) => {
    const r = await cli("levels", ...STUDY, "--services", services, "--languages", LANGUAGES, "--language", "sv", "--types", TYPES.join(","), "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  const opts = {
    osm: sharedData("osm/tampere.osm.pbf"), ...TAMPERE_INPUTS, region: "pirkanmaa", scenario: SCENARIO, languages: LANGUAGES, language: "sv", types: TYPES,
    per: "municipality", format: "pdf", lang: "fi", quiet: true, cache: false, profile: "car", maxSnap: 2000, cellSize: 250, maxConnector: 1000, thresholds: [15, 30, 60, 90, 120, 150, 180],
  } as ReportOptions;
  const loads = cli("loads", ...STUDY, "--scenario", SCENARIO, "--format", "json");
  [base, after, model] = await Promise.all([levels(BASE), levels(AFTER), reportModel(opts, new Date("2026-12-06")).then((r) => r.model)]);
  loadsL = JSON.parse((await loads).stdout);
  for (const lang of ["fi", "sv", "en"] as const) await writeReport(file(`${lang}.pdf`), model, "pdf", lang);
  await writeReport(file("sv.csv"), model, "csv", "sv");
  await writeReport(file("en.gpkg"), model, "gpkg", "en");
  await writeReport(file("en.geojson"), model, "geojson", "en");
}, 240_000);

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const row = (rows: readonly GroupFigureRow[], service: string, language: string | null, id: string) => rows.find((r) => r.service === service && r.language === language && r.id === id)!;
/** The view's row as the report's fields (the view rounds minutes to a tenth). */
const asView = (r: GroupFigureRow) => ({ population: r.population, reached: r.reached, beyond: r.beyond, mean_min: r1(r.meanMin), bands: r.bands });
const fromView = (v: ViewRow) => ({ population: v.population, reached: v.reached, beyond: v.beyond, mean_min: v.mean_min, bands: v.bands.map((b) => b.people) });

describe("a scenario report with service types, a language group and loads (real Tampere, example capacities)", () => {
  it("holds, before and after, exactly the figures `levels --types --language` gives on the base file and on the changed file", () => {
    const groups: [string, string | null, (v: typeof base) => ViewRow[]][] = [
      ...TYPES.map((t): [string, null, (v: typeof base) => ViewRow[]] => [t, null, (v) => v.types[t].rows]),
      ...["L", "A", "E"].map((l): [string, string, (v: typeof base) => ViewRow[]] => [l, "sv", (v) => v.language.levels[l]]),
      ...TYPES.map((t): [string, string, (v: typeof base) => ViewRow[]] => [t, "sv", (v) => v.language.types[t]]),
    ];
    for (const [service, language, pick] of groups) {
      for (const [rows, view] of [[model.baseGroups!, base], [model.groups!, after]] as const) {
        const want = pick(view);
        expect(want.length).toBeGreaterThan(1);
        for (const v of want) expect(asView(row(rows, service, language, v.id)), `${service} ${language} ${v.id}`).toEqual(fromView(v));
      }
    }
    // Nobody served in Swedish before; Hatanpää (an A point) now does, so every Swedish speaker reaches an L and an A service, none an E one.
    const sv = (service: string) => model.groupDiff!.find((d) => d.service === service && d.language === "sv" && d.id === "all")!;
    expect(sv("L").base.beyond).toBe(sv("L").population);
    for (const s of ["L", "A"]) expect([sv(s).better, sv(s).worse, sv(s).scenario.beyond]).toEqual([sv(s).population, 0, 0]);
    expect([sv("E").better, sv("E").changed]).toEqual([0, 0]);
    // Closing Lielahti sends its health-station people farther and nobody nearer.
    const hs = model.groupDiff!.find((d) => d.service === "health-station" && d.language === null && d.id === "all")!;
    expect(hs.worse).toBeGreaterThan(10_000);
    expect(hs.better).toBe(0);
  });

  it("holds the moves and loads `loads --scenario` gives: closing Lielahti moves its catchment onto TAYS and Hatanpää", () => {
    const moves = model.loads!.moves.filter((m) => m.service === "L");
    expect(moves.map((m) => [m.from!.id, m.to!.id, m.people])).toEqual(loadsL.moves.map((m) => [m.from, m.to, m.people]));
    const before = new Map(loadsL.base.points.map((p) => [p.id, p]));
    const now = new Map(loadsL.scenario.points.map((p) => [p.id, p]));
    for (const m of moves) {
      expect(r1(100 * m.toLoadScenario!)).toBe(now.get(m.to!.id)!.load_pct);
      expect(r1(100 * m.toLoadBase!)).toBe(before.get(m.to!.id)!.load_pct);
      // Capacity = catchment / load, so the receiving point's catchment grows by exactly the people it receives.
      expect(Math.round(m.toCapacity! * (m.toLoadScenario! - m.toLoadBase!))).toBe(m.people);
    }
    const lielahti = model.loads!.points.find((p) => p.service === "L" && p.id === "lielahti")!;
    expect([lielahti.catchmentBase, lielahti.catchmentScenario, lielahti.capacityBase]).toEqual([before.get("lielahti")!.catchment_people, null, 40_000]);
    expect(moves.reduce((s, m) => s + m.people, 0)).toBe(lielahti.catchmentBase);
  });

  it("XLSX (the CLI's own file) and CSV carry the groups before and after, their changes, the loads and the moves", async () => {
    const out = file("fi.xlsx");
    const r = await cli("report", ...STUDY, "--scenario", SCENARIO, "--languages", LANGUAGES, "--language", "sv", "--types", TYPES.join(","), "--format", "xlsx", "--lang", "fi", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    const wb = XLSX.read(readFileSync(out), { type: "buffer" });
    expect(wb.SheetNames).toEqual(expect.arrayContaining(["Palvelut ja kielet", "Palvelujen ja kielten muutokset", "Kuormitus", "Siirtymät"]));
    const changes = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets["Palvelujen ja kielten muutokset"]);
    const svL = model.groupDiff!.find((d) => d.service === "L" && d.language === "sv" && d.id === "all")!;
    const x = changes.find((c) => c["Kieliryhmä"] === "sv" && c["Palvelu"] === "L (lähipalvelu)" && c["Nimi"] === "Kaikki alueet")!;
    expect([x["Siirtyy lähemmäs (asukkaita)"], x["Nyt: yli 180 min"], x["Skenaario: yli 180 min"]]).toEqual([svL.better, svL.base.beyond, svL.scenario.beyond]);
    const groups = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets["Palvelut ja kielet"]);
    expect(groups.length).toBe(model.groups!.length + model.baseGroups!.length);
    expect(new Set(groups.map((g) => g["Tilanne"]))).toEqual(new Set(["Nykytila", "Skenaario"]));
    const moves = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets["Siirtymät"]);
    const toTays = loadsL.moves.find((m) => m.to === "tays")!;
    expect(moves.find((m) => m["Palvelu"] === "L (lähipalvelu)" && m["Mihin: tunnus"] === "tays")).toMatchObject({ "Mistä: tunnus": "lielahti", "Siirtyviä asukkaita": toTays.people });

    const rows: Record<string, string>[] = parse(readFileSync(file("sv.csv")), { bom: true, columns: true });
    const better = rows.find((c) => c.table === "group_changes" && c.level === "L" && c.language === "sv" && c.id === "all" && c.measure === "people_better_band")!;
    expect([Number(better.value), better.label]).toEqual([svL.better, "Närmare (invånare)"]);
    const means = rows.filter((c) => c.table === "groups" && c.level === "health-station" && c.language === "" && c.id === "837" && c.measure === "mean_min");
    expect(means.map((c) => c.variant)).toEqual(["base", "scenario"]);
    expect(Number(means[1].value)).toBeCloseTo(row(model.groups!, "health-station", null, "837").meanMin!, 6);
    const load = rows.find((c) => c.table === "loads" && c.level === "L" && c.id === "tays" && c.measure === "scenario_load_pct")!;
    expect(r1(Number(load.value))).toBe(new Map(loadsL.scenario.points.map((p) => [p.id, p])).get("tays")!.load_pct);
    expect(rows.some((c) => c.table === "notes" && c.id === "report-loads")).toBe(true);
  });

  it.runIf(HAS_OGRINFO)("GeoPackage (ogrinfo) and GeoJSON carry the same rows", () => {
    const svL = model.groupDiff!.find((d) => d.service === "L" && d.language === "sv" && d.id === "all")!;
    const sql = (q: string) => execFileSync("ogrinfo", ["-ro", "-q", "-sql", q, file("en.gpkg")], { encoding: "utf8" });
    expect(sql("SELECT people_better_band FROM figures_group_changes WHERE service_code = 'L' AND language_code = 'sv' AND row_id = 'all'")).toMatch(new RegExp(`people_better_band \\(Integer(64)?\\) = ${svL.better}\\b`));
    const toTays = loadsL.moves.find((m) => m.to === "tays")!;
    expect(sql("SELECT people FROM figures_moves WHERE service_code = 'L' AND to_id = 'tays'")).toMatch(new RegExp(`people \\(Integer(64)?\\) = ${toTays.people}\\b`));
    expect(sql("SELECT COUNT(*) AS n FROM figures_groups WHERE variant_code = 'base'")).toMatch(new RegExp(`n \\(Integer(64)?\\) = ${model.baseGroups!.length}\\b`));
    const fc = JSON.parse(readFileSync(file("en.geojson"), "utf8"));
    const t = fc.palveluverkko.tables;
    expect(t.group_changes.find((r: Record<string, unknown>) => r.service_code === "L" && r.language_code === "sv" && r.scope_code === "all").people_better_band).toBe(svL.better);
    expect(t.moves.filter((r: Record<string, unknown>) => r.service_code === "L").map((r: Record<string, unknown>) => [r.from_id, r.to_id, r.people])).toEqual(loadsL.moves.map((m) => [m.from, m.to, m.people]));
  });

  it.runIf(HAS_PDFTOTEXT)("PDF in fi, sv and en: the groups' change tables, the loads and who moves where", () => {
    const toTays = loadsL.moves.find((m) => m.to === "tays")!;
    const tays = new Map(loadsL.scenario.points.map((p) => [p.id, p])).get("tays")!;
    const svL = model.groupDiff!.find((d) => d.service === "L" && d.language === "sv" && d.id === "all")!;
    const pct = (lang: "fi" | "sv" | "en") => (lang === "en" ? `${tays.load_pct}%` : `${String(tays.load_pct).replace(".", ",")} %`);
    const want = {
      fi: ["Muutokset: Ruotsinkieliset: aika lähimpään palveluun, jota saa ruotsiksi", "Kuka siirtyy minne: L (lähipalvelu)", "Lielahden terveysasema", "Kuormituksen muutokset"],
      sv: ["Förändringar: Svenskspråkiga: tid till närmaste tjänst som ges på svenska", "Vem flyttas vart: L (närservice)", "Lielahti hälsostation", "Ändrad belastning"],
      en: ["Changes: Swedish speakers: time to the nearest service given in Swedish", "Who moves where: L (local service)", "Loads that change"],
    };
    for (const lang of ["fi", "sv", "en"] as const) {
      const text = pdfText(file(`${lang}.pdf`));
      for (const w of want[lang]) expect(text, `${lang}: ${w}`).toContain(w);
      expect(text).toContain(`${thousands(toTays.people, lang)} `);
      expect(text).toContain(pct(lang));
      expect(text).toContain(thousands(svL.better, lang));
    }
  });

  it("POST /api/report (the report job) gives the same scenario report, and refuses an unknown type or language by field", async () => {
    const study = await Study.open({ roads: sharedData("osm/tampere.osm.pbf"), cacheDir: false, water: false, services: BASE, ...TAMPERE_INPUTS, languages: LANGUAGES, region: "pirkanmaa" });
    const api = await startApi({ workspace: study, log: () => {} });
    try {
      const changes = [{ op: "close", id: "lielahti" }, { op: "languages", id: "hatanpaa", languages: ["fi", "sv"] }];
      const r = await call(api, "/api/report", { body: { format: "csv", lang: "en", changes, types: TYPES, language: "sv" } });
      expect(r.status, r.text).toBe(200);
      const rows: Record<string, string>[] = parse(r.text, { bom: true, columns: true });
      const pick = (table: string, level: string, language: string, measure: string) => Number(rows.find((c) => c.table === table && c.level === level && c.language === language && c.id === "all" && c.measure === measure)!.value);
      const svL = model.groupDiff!.find((d) => d.service === "L" && d.language === "sv" && d.id === "all")!;
      const hs = model.groupDiff!.find((d) => d.service === "health-station" && d.language === null && d.id === "all")!;
      expect([pick("group_changes", "L", "sv", "people_better_band"), pick("group_changes", "health-station", "", "people_worse_band")]).toEqual([svL.better, hs.worse]);
      expect(rows.filter((c) => c.table === "moves" && c.level === "L" && c.measure === "people").map((c) => [c.id, Number(c.value)])).toEqual(loadsL.moves.map((m) => [`${m.from}>${m.to}`, m.people]));
      expectProblem(await call(api, "/api/report", { body: { format: "csv", changes, types: ["sauna"] } }), 400, "types");
      expectProblem(await call(api, "/api/report", { body: { format: "csv", changes, language: "se" } }), 400, "language");
    } finally {
      await api.close();
    }
  }, 120_000);
});
