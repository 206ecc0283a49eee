// Scenario and grouping-comparison reports on the real central Helsinki inputs, and the `report`
// command's own checks. The scenario closes the Kamppi health station and opens one in Töölö; its
// diff must equal engine/diff.ts run on the engine's own surfaces, and every format must show it.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { parse } from "csv-parse/sync";
import GJV from "geojson-validation";
import { importOsm } from "../../data/osm/import.ts";
import { loadStudy } from "../../study/index.ts";
import { GeoPackage } from "../../data/gpkg.ts";
import { readScenario } from "../../data/scenario-file.ts";
import { writeReport } from "../../data/export/report.ts";
import type { ReportModel } from "../../data/export/report-model.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { analyse } from "../../engine/analysis.ts";
import { groupAreas } from "../../engine/accessibility.ts";
import { diffSurfaces } from "../../engine/diff.ts";
import { applyChanges } from "../../engine/scenario.ts";
import { LEVELS } from "../../engine/services.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { reportCommand, reportModel } from "../../server/cli/report.ts";
import { rejection } from "../fixtures/errors.ts";
import { scratchDir, tempFile } from "../fixtures/osm.ts";
import { EXAMPLE_SERVICES, HAS_GPKG_VALIDATOR, HAS_PDFTOTEXT, REPORT_DATE, VALIDATE_GPKG, helsinkiOptions, pdfText, thousands } from "../fixtures/report.ts";

const file = (name: string) => join(scratchDir(), `report-kinds-${process.pid}-${name}`);
const SCENARIO = {
  id: "kamppi-to-toolo",
  name: "Kampin asema Töölöön",
  region: "uusimaa",
  services: EXAMPLE_SERVICES,
  changes: [
    { op: "close", id: "kamppi" },
    { op: "add", point: { id: "toolo", name_fi: "Töölön terveysasema", name_sv: "Tölö hälsostation", municipality: "091", lon: 24.923, lat: 60.176, level: "L" } },
  ],
};

describe("a scenario report: Kamppi closes, Töölö opens", () => {
  let model: ReportModel;
  let scenarioFile: string;
  beforeAll(async () => {
    scenarioFile = tempFile("kamppi-to-toolo.json", JSON.stringify(SCENARIO));
    model = (await reportModel(helsinkiOptions({ scenario: scenarioFile, grouping: "none" }), REPORT_DATE)).model;
    for (const lang of ["fi", "sv", "en"] as const) for (const f of ["pdf", "xlsx", "csv", "geojson", "gpkg"] as const) await writeReport(file(`scenario-${lang}.${f}`), model, f, lang);
  }, 120_000);

  it("holds engine/diff.ts's counts on the engine's own surfaces, before and after", async () => {
    const opts = helsinkiOptions();
    const { graph } = await importOsm(opts.osm);
    const snapIndex = new SnapIndex(graph);
    const study = await loadStudy(graph, snapIndex, { region: "uusimaa", services: EXAMPLE_SERVICES, population: opts.population, municipalities: opts.municipalities, grouping: null });
    const run = (services: typeof study.services.points) => analyse({ graph, snapIndex, links: study.links, services, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, thresholdsMin: [5, 10, 15] });
    const base = run(study.services.points);
    const after = run(applyChanges(study.services.points, (await readScenario(scenarioFile)).changes));
    const all = groupAreas(study.areaOfCell, study.areas.map(() => 0));
    for (const level of LEVELS) {
      const d = diffSurfaces(base.surfaces[level], after.surfaces[level], study.population, all, 1, [5, 10, 15])[0];
      const row = model.diff!.find((r) => r.level === level && r.scope === "all")!;
      expect([row.worse, row.better, row.changed, row.addedPersonMinAtLeast, row.savedPersonMinAtLeast]).toEqual([d.worse, d.better, d.changed, d.addedMinutesAtLeast, d.savedMinutesAtLeast]);
      expect(row.base.meanMin).toBe(base.overall[level].meanMin);
      expect(row.scenario.meanMin).toBe(after.overall[level].meanMin);
    }
    // Kamppi offered only L: the E hospital's A and E figures cannot change; at L some get nearer and some farther.
    expect(model.diff!.filter((r) => r.level !== "L").every((r) => r.changed === 0)).toBe(true);
    const l = model.diff!.find((r) => r.level === "L" && r.scope === "all")!;
    expect(l.worse).toBeGreaterThan(1000);
    expect(l.better).toBeGreaterThan(0);
    expect(model.geometry.points.map((p) => [p.id, p.open, p.status])).toEqual([["kirurginen", true, "unchanged"], ["kamppi", false, "changed"], ["toolo", true, "added"]]);
    expect(new Set(model.geometry.bands.map((b) => b.variant))).toEqual(new Set(["base", "scenario"]));
  });

  it("XLSX and CSV: a Changes sheet and rows, base and scenario figures side by side, numbers as numbers", () => {
    const wb = XLSX.read(readFileSync(file("scenario-fi.xlsx")), { type: "buffer" });
    expect(wb.SheetNames).toEqual(["Kunnat", "Muutokset", "Palvelupisteet", "Huomautukset", "Lähteet"]);
    const changes = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Muutokset);
    const l = model.diff!.find((r) => r.level === "L" && r.scope === "all")!;
    const row = changes.find((r) => r["Taso"] === "L (lähipalvelu)" && r["Nimi"] === "Kaikki alueet")!;
    expect(row["Siirtyy kauemmas (asukkaita)"]).toBe(l.worse);
    expect(row["Lisää henkilöminuutteja, vähintään"]).toBe(l.addedPersonMinAtLeast);
    const figures = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Kunnat);
    expect(new Set(figures.map((r) => r["Tilanne"]))).toEqual(new Set(["Nykytila", "Skenaario"]));
    const points = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Palvelupisteet);
    expect(points.find((p) => p["Tunnus"] === "toolo")).toMatchObject({ Nimi: "Töölön terveysasema", Muutos: "uusi", Auki: "kyllä" });

    const rows: Record<string, string>[] = parse(readFileSync(file("scenario-sv.csv")), { bom: true, columns: true });
    const worse = rows.find((r) => r.table === "changes" && r.level === "L" && r.scope === "all" && r.measure === "people_worse_band")!;
    expect([Number(worse.value), worse.label, worse.name]).toEqual([l.worse, "Längre bort (invånare)", "Alla områden"]);
    const means = rows.filter((r) => r.table === "municipalities" && r.level === "L" && r.id === "091" && r.measure === "mean_min");
    expect(means.map((r) => r.variant)).toEqual(["base", "scenario"]);
    expect(rows.find((r) => r.table === "about" && r.id === "change_1")!.value).toBe("Stängs: Kampens hälsostation");
  });

  it("GeoJSON and GeoPackage: base and scenario bands and minutes, the closed and the new point", async () => {
    const fc = JSON.parse(readFileSync(file("scenario-en.geojson"), "utf8"));
    expect(GJV.valid(fc)).toBe(true);
    const cell = fc.features.find((f: { properties: { kind: string } }) => f.properties.kind === "cell");
    expect(Object.keys(cell.properties)).toEqual(expect.arrayContaining(["L_min", "base_L_min"]));
    const gpkg = await GeoPackage.open(file("scenario-en.gpkg"));
    try {
      expect(gpkg.columns("cells")).toEqual(expect.arrayContaining(["l_min", "base_l_min", "municipality"]));
      expect(gpkg.query("SELECT id, open, status FROM service_points ORDER BY fid")).toEqual([["kirurginen", 1, "unchanged"], ["kamppi", 0, "changed"], ["toolo", 1, "added"]]);
      expect(gpkg.query("SELECT DISTINCT variant FROM bands ORDER BY variant").flat()).toEqual(["base", "scenario"]);
      expect(gpkg.query("SELECT people_worse_band FROM figures_changes WHERE level_code = 'L' AND row_id = 'all'")[0][0]).toBe(model.diff!.find((r) => r.level === "L" && r.scope === "all")!.worse);
    } finally {
      gpkg.close();
    }
    if (HAS_GPKG_VALIDATOR) expect(spawnSync("/usr/bin/python3", [VALIDATE_GPKG!, file("scenario-en.gpkg")]).status).toBe(0);
  });

  const pdfIt = HAS_PDFTOTEXT ? it : it.skip;
  if (!HAS_PDFTOTEXT) it.skip("scenario PDF text: pdftotext not installed (apt-get install poppler-utils)", () => {});
  pdfIt("PDF: the scenario's name, its changes in words, both maps and the changes per level", () => {
    const l = model.diff!.find((r) => r.level === "L" && r.scope === "all")!;
    const text = { fi: pdfText(file("scenario-fi.pdf")), sv: pdfText(file("scenario-sv.pdf")) };
    for (const w of ["Skenaarion vaikutus matka-aikoihin", "Skenaario: Kampin asema Töölöön", "Suljetaan: Kampin terveysasema", "Uusi palvelupiste, taso L: Töölön terveysasema", "Nykytila", "Muutokset: L (lähipalvelu)"]) expect(text.fi).toContain(w);
    for (const w of ["Scenariots inverkan på restiderna", "Stängs: Kampens hälsostation", "Nytt serviceställe, nivå L: Tölö hälsostation", "Nuläge", "Tölö hälsostation"]) expect(text.sv).toContain(w);
    expect(text.fi).toContain(`Kaikki alueet ${thousands(model.figures.find((r) => r.level === "L" && r.scope === "all")!.population, "fi")}`);
    expect(text.fi).toContain(thousands(l.worse, "fi"));
  });
});

describe("a comparison report: Uusimaa in six and five units", () => {
  let model: ReportModel;
  beforeAll(async () => {
    model = (await reportModel(helsinkiOptions({ groupings: "uusimaa-6,uusimaa-5", grouping: undefined }), REPORT_DATE)).model;
    for (const f of ["pdf", "xlsx", "gpkg"] as const) await writeReport(file(`comparison-en.${f}`), model, f, "en");
  }, 120_000);

  it("holds each grouping's units and equality measures; the Helsinki unit's figures are Helsinki's", () => {
    const c = model.comparison!;
    expect(c.groupings.map((g) => g.id)).toEqual(["uusimaa-6", "uusimaa-5"]);
    expect(c.equality).toHaveLength(6);
    for (const level of LEVELS) {
      const hki = model.figures.find((r) => r.level === level && r.id === "091")!;
      for (const g of ["uusimaa-6", "uusimaa-5"]) {
        const u = c.rows.find((r) => r.grouping === g && r.level === level && r.id === "helsinki")!;
        expect([u.population, u.meanMin, u.p90Min, u.bands]).toEqual([hki.population, hki.meanMin, hki.p90Min, hki.bands]);
        expect(u.rank).toBe(1); // the only unit with people on this small grid
      }
    }
    // Meilahti (E) lies in the extract and everyone is reached within 180 min: every measure exact.
    const e = c.rows.find((r) => r.grouping === "uusimaa-6" && r.level === "E" && r.id === "helsinki")!;
    expect([e.meanIsLowerBound, e.rankRange]).toEqual([false, [1, 1]]);
    expect(e.censoredMeanMin).toBeLessThan(30);
    expect(c.equality.find((x) => x.grouping === "uusimaa-6" && x.level === "E")!.giniBound).toBe("exact");
    expect(c.definitions).toHaveLength(10);
  });

  it("XLSX, GeoPackage and PDF: the groupings and equality tables in English", () => {
    const wb = XLSX.read(readFileSync(file("comparison-en.xlsx")), { type: "buffer" });
    expect(wb.SheetNames).toEqual(["Municipalities", "Groupings", "Equality", "Service points", "Notes", "Sources"]);
    const eq = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Equality);
    expect(eq).toHaveLength(6);
    expect(typeof eq[0]["Gini, per person"]).toBe("number");
    expect(eq[0]["Gini, per person"]).toBe(model.comparison!.equality[0].gini);
    const eqE = eq.find((r) => r.Level === "E (specialised service)" && r.Grouping === "Uusimaa, six areas")!;
    expect(eqE["Gini, per person: bound"]).toBe("exact");
    if (HAS_PDFTOTEXT) {
      const text = pdfText(file("comparison-en.pdf"));
      for (const w of ["Regional groupings compared", "Equality: Uusimaa, six areas", "Uusimaa, wellbeing services counties and Helsinki: L (local service)", "Worst off"]) expect(text).toContain(w);
      expect(text).toContain("What the measures mean");
      expect(text.replace(/\s+/g, " ")).toContain(model.comparison!.definitions[0].en.replace(/\s+/g, " ").slice(0, 60));
    }
  });

  it("GeoPackage attribute tables carry the comparison", async () => {
    const gpkg = await GeoPackage.open(file("comparison-en.gpkg"));
    try {
      expect(gpkg.query("SELECT table_name FROM gpkg_contents WHERE data_type = 'attributes' ORDER BY table_name").flat()).toEqual(["about", "figures_equality", "figures_groupings", "figures_municipalities", "notes"]);
      expect(gpkg.query("SELECT count(*) FROM figures_equality")[0][0]).toBe(6);
    } finally {
      gpkg.close();
    }
  });
});

describe("palveluverkko report (reportCommand as the CLI calls it)", () => {
  it("writes the file atomically, in the asked language", async () => {
    const out = file("cli-sv.xlsx");
    await reportCommand(helsinkiOptions({ format: "xlsx", lang: "sv", out, grouping: "none" }));
    expect(existsSync(out)).toBe(true);
    expect(XLSX.read(readFileSync(out), { type: "buffer" }).SheetNames[0]).toBe("Kommuner");
  });

  it("refuses a binary format without --out, a scenario and groupings at once, and --per unit without units", async () => {
    const noOut = await rejection(reportCommand(helsinkiOptions({ format: "pdf", out: undefined })));
    expect(noOut).toBeInstanceOf(InvalidInputError);
    expect(noOut.field).toBe("out");
    const both = await rejection(reportCommand(helsinkiOptions({ format: "csv", out: file("x.csv"), scenario: "s.json", groupings: "uusimaa-6" })));
    expect(both).toBeInstanceOf(InvalidInputError);
    expect(both.field).toBe("scenario");
    const perUnit = await rejection(reportCommand(helsinkiOptions({ format: "csv", out: file("y.csv"), per: "unit", grouping: "none" })));
    expect(perUnit).toBeInstanceOf(InvalidInputError);
    expect(perUnit.field).toBe("per");
  });
});
