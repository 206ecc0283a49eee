/**
 * The report as an Excel workbook (exceljs): one sheet per table, named in the report's language,
 * the header row frozen and filterable, numbers stored as numbers at full precision with a display
 * format (Excel shows them with the reader's own decimal and thousands separators), empty cells
 * where a figure has no value.
 */
import { excelJs } from "../libraries.ts";
import type { Lang } from "./i18n.ts";
import type { ReportModel } from "./report-model.ts";
import { reportTables, reportTitle, type ColumnType, type ReportTable } from "./report-tables.ts";

/** Excel number formats per column type (the locale-neutral codes; Excel localises the separators). */
const NUM_FMT: Record<ColumnType, string | undefined> = {
  text: undefined,
  int: "#,##0",
  min: "0.0",
  pct: "0.0",
  ratio: "0.000",
  gini: "0.0000",
  deg: "0.00000",
  km2: "#,##0.00",
};

/** Characters a sheet name may hold (Excel forbids []:*?/\ and more than 31 characters). */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);
  let out = base;
  for (let k = 2; taken.has(out.toLowerCase()); k++) out = `${base.slice(0, 28)} ${k}`;
  taken.add(out.toLowerCase());
  return out;
}

/** A column's width in characters: its longest value as displayed, the header wrapped to at most ~24. */
function width(table: ReportTable, k: number): number {
  const c = table.columns[k];
  let longest = 0;
  for (const row of table.rows) {
    const v = row[k];
    const len = v === null ? 0 : typeof v === "number" ? (c.type === "text" ? String(v).length : Math.abs(v) >= 1e6 ? 11 : 9) : v.length;
    if (len > longest) longest = len;
  }
  const header = Math.min(c.label.length, Math.max(12, Math.ceil(c.label.length / 3)));
  return Math.min(60, Math.max(6, longest + 2, header + 2));
}

/** The report as XLSX bytes. */
export async function renderXlsx(m: ReportModel, lang: Lang): Promise<Uint8Array> {
  const wb = new (await excelJs()).Workbook();
  wb.creator = "palveluverkko";
  wb.title = reportTitle(m, lang);
  // The report's date, not the clock: the same inputs give the same workbook metadata.
  wb.created = wb.modified = new Date(`${m.date}T00:00:00Z`);
  const taken = new Set<string>();
  for (const table of reportTables(m, lang)) {
    const ws = wb.addWorksheet(sheetName(table.sheet, taken), { views: [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2", activeCell: "A2" }] });
    ws.columns = table.columns.map((c, k) => ({ header: c.label, key: c.key, width: width(table, k), style: NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {} }));
    for (const row of table.rows) ws.addRow(row.map((v) => (v === null ? undefined : v)));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "top" };
    header.height = 45;
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + table.rows.length, column: table.columns.length } };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
