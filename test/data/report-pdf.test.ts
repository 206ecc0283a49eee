// The PDF renderer on a small model written here (one municipality, two thresholds, a 1 km square
// map), with each font: DejaVu Sans embedded when installed, pdfkit's Helvetica (WinAnsi)
// otherwise. Finnish and Swedish letters must come back out of the PDF as they went in.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderPdf } from "../../data/export/report-pdf.ts";
import { DEJAVU_DIR, winAnsi } from "../../data/export/report-pdf-kit.ts";
import type { FigureRow, Position, ReportModel } from "../../data/export/report-model.ts";
import { LEVELS } from "../../engine/services.ts";
import { tempFile } from "../fixtures/osm.ts";
import { HAS_PDFTOTEXT, pdfText } from "../fixtures/report.ts";

const square = (x: number, y: number, s: number): Position[] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const HELSINKI = { fi: "Helsinki", sv: "Helsingfors", en: "Helsinki" };
const ALL = { fi: "Kaikki alueet", sv: "Alla områden", en: "All areas" };

/** One municipality of 1,234 people: 600 within 5 min, 600 within 10, 34 beyond. */
function tinyModel(title: string): ReportModel {
  const row = (level: (typeof LEVELS)[number], scope: "municipality" | "all"): FigureRow => ({
    level, scope, id: scope === "all" ? "all" : "091", name: scope === "all" ? ALL : HELSINKI,
    population: 1234, reached: 1200, beyond: 34, meanMin: 4.25, medianMin: 4, p90Min: 9.5, maxMin: null, centreMin: scope === "all" ? null : 2, bands: [600, 600, 34], coverage: null,
  });
  const none = () => new Float64Array([3]);
  return {
    kind: "region", title, region: { id: "uusimaa", name: { fi: "Uusimaa", sv: "Nyland", en: "Uusimaa" } }, date: "2026-01-05", profile: "car", thresholdsMin: [5, 10], cellSizeM: 250, per: "municipality",
    sources: [
      { role: "roads", publisher: "osm", detail: "OpenStreetMap", licence: "ODbL 1.0" },
      { role: "population", publisher: "hsy", detail: "hsy.gpkg", licence: "CC BY 4.0" },
    ],
    serviceSet: { name: { fi: "Testi", sv: "Test", en: "Test" }, used: 1, leftOut: [] },
    notes: [],
    figures: LEVELS.flatMap((l) => [row(l, "municipality"), row(l, "all")]),
    baseFigures: null, scenario: null, diff: null, comparison: null,
    geometry: {
      extent: [385000, 6671000, 386000, 6672000],
      bands: LEVELS.flatMap((level) => [
        { level, variant: null, thresholdMin: 10, fromMin: 5, polygons: [[square(385100, 6671100, 800)]] },
        { level, variant: null, thresholdMin: 5, fromMin: 0, polygons: [[square(385300, 6671300, 400)]] },
      ]),
      cells: { cellSizeM: 250, cell: new Uint32Array([1]), x: new Float64Array([385500]), y: new Float64Array([6671500]), population: new Uint32Array([1234]), municipality: ["091"], minutes: { L: none(), A: none(), E: none() }, baseMinutes: null },
      points: [{ id: "asema", name: { fi: "Kallion terveysasema", sv: "Berghälls hälsostation" }, level: "E", open: true, municipality: "091", lon: 24.95, lat: 60.18, x: 385500, y: 6671500, status: "unchanged" }],
      basePoints: null,
      municipalities: [{ code: "091", name: HELSINKI, polygons: [[square(385000, 6671000, 1000)]] }],
    },
  };
}

const TITLE = "Åland och Öja: ÄÖÅ äöå −2 ≤ 5";

describe("renderPdf fonts", () => {
  it("maps text to WinAnsi for the standard fonts: ä ö å stay, − and ≤ are spelled out, the rest becomes ?", () => {
    expect(winAnsi("ÄÖÅ äöå −2,5 ≤ 5 km² – …\u202f中")).toBe("ÄÖÅ äöå -2,5 <= 5 km² – …\u00a0?");
  });

  it("writes an A4 PDF with either font, falling back cleanly when the TTF folder is absent", async () => {
    for (const fontDir of [null, join(DEJAVU_DIR, "no-such-folder"), DEJAVU_DIR]) {
      const bytes = await renderPdf(tinyModel(TITLE), "sv", { fontDir });
      expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
      expect(Buffer.from(bytes).toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
    }
  });

  const textIt = HAS_PDFTOTEXT ? it : it.skip;
  if (!HAS_PDFTOTEXT) it.skip("PDF letters: pdftotext not installed (apt-get install poppler-utils)", () => {});
  textIt("keeps ä ö å Ä Ö Å in Helvetica (WinAnsi) and in DejaVu, and numbers in each language's format", async () => {
    const helvetica = pdfText(tempFile("tiny-helvetica.pdf", await renderPdf(tinyModel(TITLE), "sv", { fontDir: null })));
    expect(helvetica).toContain("Åland och Öja: ÄÖÅ äöå -2 <= 5");
    expect(helvetica).toContain("Berghälls hälsostation");
    expect(helvetica).toContain("Helsingfors 1 234 4,3 4,0 9,5 – 2,0 34");
    if (existsSync(join(DEJAVU_DIR, "DejaVuSans.ttf"))) {
      const dejavu = pdfText(tempFile("tiny-dejavu.pdf", await renderPdf(tinyModel(TITLE), "fi")));
      expect(dejavu).toContain("Åland och Öja: ÄÖÅ äöå −2 ≤ 5");
      expect(dejavu).toContain("Helsinki 1 234 4,3 4,0 9,5 – 2,0 34");
    }
    const english = pdfText(tempFile("tiny-en.pdf", await renderPdf(tinyModel(TITLE), "en", { fontDir: null })));
    expect(english).toContain("Helsinki 1,234 4.3 4.0 9.5 – 2.0 34");
    expect(english).toContain("Page 1 of");
  });
});
