/**
 * Tables as offices keep them, read to rows of text: a CSV (commas or semicolons, data/csv.ts) or
 * the first sheet of an XLSX workbook (numbers in full, a formula by its value). Each row says where
 * it stands ("line 3", "row 3 of sheet "Taul1"") for messages. The service-point and grouping
 * readers build on these.
 */
import { parse } from "csv-parse/sync";
import type { CellValue } from "exceljs";
import { excelJs } from "./libraries.ts";
import JSZip from "jszip";
import { InvalidInputError, show } from "../engine/index.ts";
import { csvDelimiter } from "./csv.ts";

/** A row as text, with where it stands. */
export interface TextRow {
  readonly record: string[];
  readonly where: string;
}

/** Most a workbook may inflate to (its parts' declared sizes, checked before anything is inflated). */
const MAX_XLSX_INFLATED_BYTES = 256 * 1024 * 1024;

/** A CSV's rows (empty lines skipped, fields trimmed); InvalidInputError naming the line when it is not CSV. */
export function csvRows(text: string, source: string): TextRow[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // With info: true each record comes as { record, info }; csv-parse's types do not follow the option.
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true, delimiter: csvDelimiter(text) }) as unknown as typeof rows;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    const reason = (err as Error).message.split("\n")[0];
    throw new InvalidInputError(`${source}${line ? ` line ${line}` : ""}: not valid CSV (${reason})`, "csv", reason);
  }
  return rows.map((r) => ({ record: r.record, where: `line ${startLine(r)}` }));
}

/** The line a record starts on: csv-parse counts lines to the record's end, and quoted fields may hold line breaks. */
function startLine(row: { record: string[]; info: { lines: number } }): number {
  return row.info.lines - row.record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
}

/** The first sheet's non-empty rows; InvalidInputError when the bytes are not a workbook or would inflate past the bound. */
export async function xlsxRows(bytes: Uint8Array, source: string): Promise<TextRow[]> {
  // A workbook is a zip: its parts' declared inflated sizes are bounded before anything is inflated.
  let declared = 0;
  try {
    const zip = await JSZip.loadAsync(bytes);
    zip.forEach((_, f) => (declared += (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0));
  } catch (err) {
    throw new InvalidInputError(`${source}: not an XLSX workbook (${(err as Error).message.split("\n")[0]})`, "file", source);
  }
  if (declared > MAX_XLSX_INFLATED_BYTES) throw new InvalidInputError(`${source}: the workbook inflates to ${declared} bytes, over the limit of ${MAX_XLSX_INFLATED_BYTES}`, "file", declared);
  const wb = new (await excelJs()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new InvalidInputError(`${source}: not an XLSX workbook (${(err as Error).message.split("\n")[0]})`, "file", source);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new InvalidInputError(`${source}: the workbook has no sheet`, "file", source);
  const width = sheet.getRow(1).cellCount;
  const rows: TextRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const record = Array.from({ length: Math.max(width, row.cellCount) }, (_, i) => cellText(row.getCell(i + 1).value));
    while (record.length > width && record[record.length - 1] === "") record.pop();
    if (record.some((v) => v !== "")) rows.push({ record, where: `row ${n} of sheet ${show(sheet.name)}` });
  });
  return rows;
}

/** A cell's value as text: numbers in full (coordinates keep every digit), a formula by its result, rich text joined. */
function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return v.normalize("NFC").trim();
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object" && "result" in v) return cellText((v as { result?: CellValue }).result ?? null);
  if (typeof v === "object" && "richText" in v) return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join("").normalize("NFC").trim();
  if (typeof v === "object" && "text" in v) return String((v as { text: unknown }).text).normalize("NFC").trim(); // a hyperlink
  return String(v);
}
