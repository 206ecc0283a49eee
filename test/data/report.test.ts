// Board reports of a region, built as `report` builds them from the real central Helsinki extract,
// the HSY 2021 population grid, Statistics Finland's 2023 boundaries and
// docs/examples/helsinki-centre-services.csv, then written in every format and language and OPENED
// WITH READERS THAT SHARE NO CODE WITH THE WRITERS: pdftotext (poppler), SheetJS, csv-parse,
// geojson-validation, data/gpkg.ts and GDAL (ogrinfo, validate_gpkg.py). Every figure read back
// must equal the engine's own run on the same inputs.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { parse } from "csv-parse/sync";
import GJV from "geojson-validation";
import { booleanPointInPolygon } from "@turf/turf";
import { importOsm } from "../../data/osm/import.ts";
import { loadStudy, type StudyInputs } from "../../study/index.ts";
import { GeoPackage, decodeGeometry } from "../../data/gpkg.ts";
import { writeReport } from "../../data/export/report.ts";
import { CSV_COLUMNS } from "../../data/export/report-csv.ts";
import type { ReportModel } from "../../data/export/report-model.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { analyse, type AnalysisResult } from "../../engine/analysis.ts";
import { cellCentreLonLat } from "../../engine/grid.ts";
import { LEVELS } from "../../engine/services.ts";
import { DS_PER_MIN } from "../../engine/units.ts";
import { reportModel } from "../../server/cli/report.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { EXAMPLE_SERVICES, HAS_GPKG_VALIDATOR, HAS_OGRINFO, HAS_PDFTOTEXT, REPORT_DATE, VALIDATE_GPKG, helsinkiOptions, oneDecimal, pdfText, thousands } from "../fixtures/report.ts";

const LANGS = ["fi", "sv", "en"] as const;
const file = (name: string) => join(scratchDir(), `report-${process.pid}-${name}`);

describe("a region report on central Helsinki (real OSM, HSY people, Statistics Finland boundaries)", () => {
  let model: ReportModel;
  let study: StudyInputs;
  let engine: AnalysisResult;
  let hki: number;
  beforeAll(async () => {
    const opts = helsinkiOptions();
    model = (await reportModel(opts, REPORT_DATE)).model;
    // The engine's own run on the same inputs, with no report code in between.
    const { graph } = await importOsm(opts.osm);
    const snapIndex = new SnapIndex(graph);
    study = await loadStudy(graph, snapIndex, { region: "uusimaa", services: EXAMPLE_SERVICES, population: opts.population, municipalities: opts.municipalities, grouping: "uusimaa-6" });
    engine = analyse({ graph, snapIndex, links: study.links, services: study.services.points, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, units: study.units ?? undefined, thresholdsMin: [5, 10, 15] });
    hki = study.areas.findIndex((a) => a.code === "091");
    for (const lang of LANGS) for (const f of ["pdf", "xlsx", "csv", "geojson", "gpkg"] as const) await writeReport(file(`${lang}.${f}`), model, f, lang);
  }, 120_000);

  it("holds the engine's figures per municipality, unit and level, the sources with their licences, and the geometry", () => {
    for (const level of LEVELS) {
      const row = model.figures.find((r) => r.level === level && r.scope === "municipality" && r.id === "091")!;
      const s = engine.perArea[level][hki];
      expect([row.population, row.reached, row.beyond, row.meanMin, row.medianMin, row.p90Min, row.maxMin]).toEqual([s.population, s.reached, s.beyond, s.meanMin, s.medianMin, s.p90Min, s.maxMin]);
      expect(row.bands).toEqual(s.bands.map((b) => b.people));
      expect(row.centreMin).toBe(engine.centreMin[level][hki]);
      // The Helsinki unit of uusimaa-6 is Helsinki alone: the same people, the same figures.
      const unit = model.figures.find((r) => r.level === level && r.scope === "unit" && r.id === "helsinki")!;
      expect([unit.population, unit.meanMin, unit.bands]).toEqual([row.population, row.meanMin, row.bands]);
    }
    expect(model.figures.find((r) => r.level === "L" && r.id === "091")!.name).toEqual({ fi: "Helsinki", sv: "Helsingfors", en: "Helsinki" });
    expect(model.sources).toEqual([
      { role: "roads", publisher: "osm", detail: "OpenStreetMap", licence: "ODbL 1.0" },
      { role: "population", publisher: "hsy", detail: "hsy_population_grid_2021_250m.gpkg", licence: "CC BY 4.0" },
      { role: "boundaries", publisher: "statfi", detail: "statfi_municipalities_2023.gpkg", licence: "CC BY 4.0" },
      { role: "services", publisher: "file", detail: "helsinki-centre-services.csv", licence: null },
    ]);
    const g = model.geometry;
    expect(new Set(g.bands.map((b) => `${b.level}${b.thresholdMin}`))).toEqual(new Set(LEVELS.flatMap((l) => [5, 10, 15].map((t) => `${l}${t}`))));
    let people = 0;
    for (const p of study.population) people += p;
    expect(g.cells.population.reduce((s, p) => s + p, 0)).toBe(people);
    expect(g.points.map((p) => p.id)).toEqual(["kirurginen", "kamppi"]);
    expect(g.municipalities!.map((m) => m.code)).toEqual(study.areas.map((a) => a.code));
  });

  const pdfIt = HAS_PDFTOTEXT ? it : it.skip;
  if (!HAS_PDFTOTEXT) it.skip("PDF text: pdftotext not installed (apt-get install poppler-utils); the PDFs were written but not read back", () => {});
  pdfIt("PDF: pdftotext reads the engine's figures in each language's number format, the labels, the sources and ä ö å", () => {
    const words = {
      fi: ["Matka-aika lähimpään palveluun", "L (lähipalvelu)", "E (erityistason palvelu)", "Lähteet ja lisenssit", "Päivämäärä: 5. tammikuuta 2026", "Kunta"],
      sv: ["Restid till närmaste tjänst", "L (närservice)", "Källor och licenser", "Datum: 5 januari 2026", "Kampens hälsostation", "över 15 min", "Alla områden"],
      en: ["Travel time to the nearest service", "L (local service)", "Sources and licences", "Date: 5 January 2026", "Municipality"],
    };
    for (const lang of LANGS) {
      const text = pdfText(file(`${lang}.pdf`));
      for (const w of words[lang]) expect(text, `${lang}: ${w}`).toContain(w);
      expect(text).toContain("ODbL 1.0");
      expect(text).toMatch(/(HSY|HRM), CC BY 4\.0/);
      const s = engine.perArea.L[hki];
      const name = lang === "sv" ? "Helsingfors" : "Helsinki";
      // The L table's row: name, people, mean, median, P90, longest ("–": someone is beyond 15 min), centre, beyond.
      const row = [name, thousands(s.population, lang), oneDecimal(s.meanMin!, lang), oneDecimal(s.medianMin!, lang), oneDecimal(s.p90Min!, lang), "–", oneDecimal(engine.centreMin.L[hki]!, lang), thousands(s.beyond, lang)].join(" ");
      expect(text, lang).toContain(row);
      // People per band, the same row in the band table.
      expect(text).toContain([name, ...s.bands.map((b) => thousands(b.people, lang))].join(" "));
      if (lang !== "en") expect(text).not.toMatch(/\d\.\d \d/); // no decimal points among fi/sv figures
    }
  });

  it("XLSX: SheetJS reads localised sheets, numbers as numbers equal to the engine's, a frozen header row and set column widths", () => {
    const sheets = { fi: ["Kunnat", "Alueet", "Palvelupisteet", "Huomautukset", "Lähteet"], sv: ["Kommuner", "Områden", "Serviceställen", "Anmärkningar", "Källor"], en: ["Municipalities", "Units", "Service points", "Notes", "Sources"] };
    for (const lang of LANGS) {
      const bytes = readFileSync(file(`${lang}.xlsx`));
      const wb = XLSX.read(bytes, { type: "buffer" });
      expect(wb.SheetNames).toEqual(sheets[lang]);
      const ws = wb.Sheets[wb.SheetNames[0]];
      const rows = XLSX.utils.sheet_to_json<(string | number | null)[]>(ws, { header: 1, defval: null });
      expect(rows[0][3]).toBe({ fi: "Asukkaat", sv: "Invånare", en: "Residents" }[lang]);
      for (const level of LEVELS) {
        const r = rows.find((x) => x[1] === "091" && String(x[0]).startsWith(level))!;
        const s = engine.perArea[level][hki];
        expect(r[2]).toBe(lang === "sv" ? "Helsingfors" : "Helsinki");
        expect(r[3]).toBe(s.population);
        expect(r[6]).toBe(s.meanMin); // full precision: the display format rounds, the value does not
        // Then the coverage (land inside the extract, land the roads serve, people there, partial), then the bands.
        expect(r[11]).toBeCloseTo(100 * study.areas[hki].coverage.inside, 9);
        expect(r[14]).toBe({ fi: "kyllä", sv: "ja", en: "yes" }[lang]);
        expect(r.slice(15)).toEqual(s.bands.map((b) => b.people));
      }
      // Typed cells: people and minutes are numbers, the municipality code stays text ("091").
      expect(ws["D2"].t).toBe("n");
      expect(ws["G2"].t).toBe("n");
      expect(ws["B2"]).toMatchObject({ t: "s", v: "091" });
      // The header row is frozen: read the sheet's own XML from the zip (SheetJS CE does not expose panes).
      const zip = XLSX.CFB.read(bytes, { type: "buffer" });
      const at = zip.FullPaths.findIndex((p: string) => p.endsWith("xl/worksheets/sheet1.xml"));
      const xml = Buffer.from(zip.FileIndex[at].content as Uint8Array).toString("utf8");
      expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
      expect(xml).toMatch(/<col [^>]*width="\d+(\.\d+)?" customWidth="1"/);
      expect(xml).toContain("<autoFilter");
    }
  });

  it("CSV: csv-parse reads one long table with a BOM and the documented columns; raw numbers, labels per language", () => {
    const labels = { fi: "Keskiarvo (min)", sv: "Medelvärde (min)", en: "Mean (min)" };
    for (const lang of LANGS) {
      const bytes = readFileSync(file(`${lang}.csv`));
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true });
      expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
      const get = (level: string, measure: string) => rows.find((r) => r.table === "municipalities" && r.level === level && r.id === "091" && r.measure === measure)!;
      for (const level of LEVELS) {
        const s = engine.perArea[level][hki];
        expect(Number(get(level, "population").value)).toBe(s.population);
        expect(Number(get(level, "mean_min").value)).toBeCloseTo(s.meanMin!, 6);
        expect(get(level, "max_min").value).toBe(""); // someone is beyond 15 min: no longest time
        expect(s.bands.map((b, k) => Number(get(level, ["people_0_5_min", "people_5_10_min", "people_10_15_min", "people_over_15_min"][k]).value))).toEqual(s.bands.map((b) => b.people));
      }
      expect(get("L", "mean_min").label).toBe(labels[lang]);
      expect(get("L", "mean_min").name).toBe(lang === "sv" ? "Helsingfors" : "Helsinki");
      expect(get("L", "population").scope).toBe("municipality");
      expect(rows.find((r) => r.table === "units" && r.id === "helsinki" && r.measure === "population")!.scope).toBe("unit");
      expect(rows.find((r) => r.table === "about" && r.id === "source_roads")!.value).toMatch(/OpenStreetMap.*ODbL 1\.0/);
      for (const r of rows) if (r.measure.endsWith("_min") && r.value !== "") expect(r.value).toMatch(/^-?\d+(\.\d+)?$/);
    }
  });

  it("GeoJSON: valid (geojson-validation), kinds and levels on every feature, WGS84, and the cells agree with the bands", () => {
    for (const lang of LANGS) {
      const fc = JSON.parse(readFileSync(file(`${lang}.geojson`), "utf8"));
      expect(GJV.valid(fc)).toBe(true);
      const kinds = new Set(fc.features.map((f: { properties: { kind: string } }) => f.properties.kind));
      expect(kinds).toEqual(new Set(["band", "cell", "service_point", "municipality"]));
      const bands = fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === "band");
      expect(bands.every((f: { properties: { level: string } }) => LEVELS.includes(f.properties.level as "L"))).toBe(true);
      expect(bands.find((f: { properties: { level: string; threshold_min: number } }) => f.properties.level === "L" && f.properties.threshold_min === 5).properties.label).toBe("0–5 min");
      expect(fc.palveluverkko.sources[0]).toMatchObject({ role: "roads", licence: "ODbL 1.0" });
      const cells = fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === "cell");
      expect(cells.reduce((s: number, f: { properties: { population: number } }) => s + f.properties.population, 0)).toBe(model.geometry.cells.population.reduce((s, p) => s + p, 0));
      if (lang !== "fi") continue;
      // Each populated cell's centre is inside the L 5-min band exactly when its L time is ≤ 5 min.
      const l5 = bands.find((f: { properties: { level: string; threshold_min: number } }) => f.properties.level === "L" && f.properties.threshold_min === 5);
      for (const f of cells) {
        const centre = cellCentreLonLat(study.grid, f.properties.cell);
        const within = engine.surfaces.L[f.properties.cell] <= 5 * DS_PER_MIN;
        expect(booleanPointInPolygon(centre, l5), `cell ${f.properties.cell}`).toBe(within);
        const t = engine.surfaces.L[f.properties.cell];
        if (t <= 15 * DS_PER_MIN) expect(f.properties.L_min).toBeCloseTo(t / DS_PER_MIN, 3);
        else expect(f.properties.L_min).toBeNull();
      }
      const [lon, lat] = fc.features.find((f: { properties: { id?: string } }) => f.properties.id === "kamppi").geometry.coordinates;
      expect([lon, lat]).toEqual([24.9305, 60.168]);
    }
  });

  it("GeoPackage: data/gpkg.ts reads the layers in EPSG:3067 with the engine's people and minutes, and the figures table", async () => {
    for (const lang of LANGS) {
      const gpkg = await GeoPackage.open(file(`${lang}.gpkg`));
      try {
        expect(gpkg.query("PRAGMA application_id")[0][0]).toBe(0x47504b47);
        expect(gpkg.query("PRAGMA user_version")[0][0]).toBe(10300);
        expect(gpkg.featureTables().map((t) => [t.table, t.crs])).toEqual([["bands", "EPSG:3067"], ["cells", "EPSG:3067"], ["service_points", "EPSG:3067"], ["municipalities", "EPSG:3067"]]);
        let people = 0;
        gpkg.each("cells", ["geom", "population", "l_min", "cell"], (fid, [geom, population, lMin, cell]) => {
          const g = decodeGeometry(geom, { file: gpkg.file, table: "cells", fid, field: "geom" });
          expect(g.type).toBe("Polygon");
          people += Number(population);
          const t = engine.surfaces.L[Number(cell)];
          if (t <= 15 * DS_PER_MIN) expect(lMin).toBeCloseTo(t / DS_PER_MIN, 9);
          else expect(lMin).toBeNull();
        });
        expect(people).toBe(model.geometry.cells.population.reduce((s, p) => s + p, 0));
        const bands: string[] = [];
        gpkg.each("bands", ["geom", "level", "threshold_min"], (fid, [geom, level, t]) => {
          expect(decodeGeometry(geom, { file: gpkg.file, table: "bands", fid, field: "geom" }).type).toBe("MultiPolygon");
          bands.push(`${level}${t}`);
        });
        expect(bands).toHaveLength(9);
        const ids = gpkg.query("SELECT table_name, data_type, identifier FROM gpkg_contents WHERE data_type = 'attributes' ORDER BY table_name");
        expect(ids.map((r) => r[0])).toEqual(["about", "figures_municipalities", "figures_units", "notes"]);
        expect(String(ids[1][2])).toContain({ fi: "Kunnat", sv: "Kommuner", en: "Municipalities" }[lang]);
        const [mean] = gpkg.query("SELECT mean_min FROM figures_municipalities WHERE level_code = 'L' AND row_id = '091'")[0];
        expect(mean).toBe(engine.perArea.L[hki].meanMin);
        const points = gpkg.query("SELECT name FROM service_points ORDER BY fid").map((r) => r[0]);
        expect(points[1]).toBe(lang === "sv" ? "Kampens hälsostation" : "Kampin terveysasema");
      } finally {
        gpkg.close();
      }
    }
  });

  const gdalIt = HAS_OGRINFO ? it : it.skip;
  if (!HAS_OGRINFO) it.skip("GeoPackage with GDAL: ogrinfo not installed (apt-get install gdal-bin)", () => {});
  gdalIt("GeoPackage: GDAL's ogrinfo opens every layer without a warning, in ETRS89 / TM35FIN, with the right counts", () => {
    const path = file("fi.gpkg");
    const r = spawnSync("ogrinfo", ["-so", "-al", path], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    for (const layer of ["bands", "cells", "service_points", "municipalities"]) expect(r.stdout).toContain(`Layer name: ${layer}`);
    expect(r.stdout).toContain(`Feature Count: ${model.geometry.cells.cell.length}`);
    expect(r.stdout).toMatch(/ID\["EPSG",3067\]/);
    const sum = execFileSync("ogrinfo", [path, "-sql", "SELECT SUM(population) AS p FROM cells", "-q"], { encoding: "utf8" });
    expect(sum).toContain(`p (Integer) = ${model.geometry.cells.population.reduce((s, p) => s + p, 0)}`);
  });

  const validIt = HAS_GPKG_VALIDATOR ? it : it.skip;
  if (!HAS_GPKG_VALIDATOR) it.skip("GeoPackage against the OGC requirements: GDAL's validate_gpkg.py not found (apt-get install python3-gdal)", () => {});
  validIt("GeoPackage: GDAL's validate_gpkg.py finds no breach of the OGC requirements", () => {
    for (const lang of LANGS) {
      const r = spawnSync("/usr/bin/python3", [VALIDATE_GPKG!, file(`${lang}.gpkg`)], { encoding: "utf8" });
      expect(r.stderr + r.stdout).toBe("");
      expect(r.status).toBe(0);
    }
  });
});
