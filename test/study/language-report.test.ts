// A Swedish-language board report on a Uusimaa-sized GENERATED road network, per regional unit of
// uusimaa-6, with Swedish speakers' time to the nearest L service given in Swedish. People by
// language come from a SELF-MADE file (each municipality's built-in population, with an
// illustrative Swedish share by its language status: no table of speakers ships with the project),
// so the test proves the path, not the numbers. Checked: the model's rows are the study's
// language figures unit by unit, the PDF (read back with pdftotext) has the Swedish heading, every
// unit's Swedish name and the all-units mean, and the XLSX and CSV carry the same table.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import { formatMinutes } from "../../engine/terms.ts";
import { writeGraphFile } from "../../data/cache.ts";
import { municipalitiesOf, FINNISH_MUNICIPALITIES, UUSIMAA_6 } from "../../data/facts/index.ts";
import { renderReport, type ReportModel } from "../../data/export/index.ts";
import { Study } from "../../study/index.ts";
import { reportModel, type ReportOptions } from "../../server/cli/report.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { HAS_PDFTOTEXT, pdfText } from "../fixtures/report.ts";

/** Illustrative Swedish shares by language status (self-made; Statistics Finland's 11rm is not among the data here). */
const SHARE = { sv: 0.8, "bilingual-sv": 0.55, "bilingual-fi": 0.12, fi: 0.01 } as const;

let opts: ReportOptions;
let model: ReportModel;
let study: Study;

beforeAll(async () => {
  const dir = scratchDir();
  const uusimaa = municipalitiesOf("uusimaa");
  const towns = uusimaa.map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
  const { graph, meta } = generateRoadGraph({ seed: 3, bbox: UUSIMAA_BBOX, targetNodes: 40_000, towns });
  const osm = join(dir, "language-report-uusimaa.pvg");
  await writeGraphFile(osm, graph, { ...meta, generated: true });
  const languages = join(dir, "uusimaa-languages-self-made.csv");
  const facts = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));
  writeFileSync(
    languages,
    "code,total,fi,sv\n" +
      uusimaa.map((m) => {
        const sv = Math.round(m.population * SHARE[facts.get(m.code)!.language]);
        return `${m.code},${m.population},${m.population - sv},${sv}\n`;
      }).join(""),
  );
  opts = {
    osm, cache: false, quiet: true, profile: "car", maxSnap: 2000, region: "uusimaa", grouping: "uusimaa-6", per: "unit", thresholds: [15, 30, 60], cellSize: 1000, maxConnector: 1000,
    languages, language: "sv", format: "pdf", lang: "sv",
  } as ReportOptions;
  model = (await reportModel(opts, new Date("2026-12-05"))).model;
  study = await Study.open({ roads: osm, cacheDir: false, water: false, region: "uusimaa", grouping: "uusimaa-6", languages, cellSizeM: 1000, maxSnapM: 2000 });
}, 240_000);

describe("a Swedish report with Swedish speakers' time to Swedish-language L services per unit (GENERATED Uusimaa)", () => {
  it("holds the study's language figures unit by unit", () => {
    const f = study.subsets.languageFigures("sv", [], [15, 30, 60]);
    const rows = model.groups!.filter((r) => r.language === "sv" && r.service === "L" && r.scope === "unit");
    expect(rows.map((r) => r.id)).toEqual(UUSIMAA_6.units.map((u) => u.id));
    rows.forEach((r, i) => {
      expect(r.population).toBe(f.levels.perUnit!.L[i].population);
      expect(r.meanMin).toBe(f.levels.perUnit!.L[i].meanMin);
    });
    expect(rows.reduce((s, r) => s + r.population, 0)).toBeGreaterThan(50_000);
  });

  it.runIf(HAS_PDFTOTEXT)("prints the Swedish heading, every unit by its Swedish name and the all-units mean", async () => {
    const file = join(scratchDir(), "language-report-sv.pdf");
    writeFileSync(file, (await renderReport(model, "pdf", "sv")) as Uint8Array);
    const text = pdfText(file);
    expect(text).toContain("Svenskspråkiga: tid till närmaste tjänst som ges på svenska (L");
    for (const u of UUSIMAA_6.units) expect(text).toContain(u.name.sv.split(" (")[0]);
    const all = model.groups!.find((r) => r.language === "sv" && r.service === "L" && r.scope === "all")!;
    expect(text).toContain(formatMinutes("sv", all.meanMin));
  });

  it("carries the same table in the XLSX sheet and the CSV rows", async () => {
    const wb = XLSX.read(await renderReport(model, "xlsx", "sv"));
    const sheet = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets["Tjänster och språk"]);
    expect(sheet.length).toBe(model.groups!.length);
    const csv = (await renderReport(model, "csv", "sv")) as string;
    const groupRows = csv.split("\r\n").filter((l) => l.startsWith("groups,"));
    expect(groupRows.some((l) => l.includes(",L,sv,unit,"))).toBe(true);
  });
});
