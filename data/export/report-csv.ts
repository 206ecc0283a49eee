/**
 * The report as ONE long CSV table, a row per figure, so every table of the report (figures per
 * municipality and unit, a scenario's changes, a comparison's units and equality, the service
 * points, the sources and licences) fits one file with one fixed header, ready for a pivot table,
 * R or pandas. Columns (stable, the same in every language):
 *
 *   table     municipalities | units | changes | groups | group_changes | loads | moves | groupings |
 *             equality | services | notes | about
 *   variant   base | scenario (a scenario's figure and groups tables), else empty
 *   grouping  the grouping id (comparison tables), else empty
 *   level     L | A | E, or a service type's id (groups, group_changes, loads, moves), else empty
 *   language  the language group whose speakers a groups row counts (fi, sv, se, …), else empty
 *   scope     municipality | unit | all, else empty
 *   id        municipality code, unit id, "all", service point id, "from>to" point ids (moves; "-"
 *             for none within the cutoff), or the about item's key
 *   name      the area's, point's or item's name in the report language
 *   measure   the column key, as the CLI's CSVs name it (population, mean_min, people_0_15_min, ...)
 *   label     the measure's label in the report language
 *   value     a number with a decimal point and no grouping (at most 6 decimals), or text;
 *             empty when there is no value (a median beyond the last threshold, no one to count)
 *
 * UTF-8 with a byte-order mark, comma-separated, CRLF line ends (RFC 4180): Excel on Windows reads
 * a BOM-less UTF-8 file as ANSI and turns "Hämeenlinna" into "HÃ¤meenlinna"; csv-parse (bom:
 * true), pandas (utf-8-sig) and R's readr read the BOM as such.
 */
import type { Lang } from "./i18n.ts";
import { csvText } from "../csv.ts";
import type { ReportModel } from "./report-model.ts";
import { reportTables, type CellValue } from "./report-tables.ts";

export const CSV_COLUMNS = ["table", "variant", "grouping", "level", "language", "scope", "id", "name", "measure", "label", "value"] as const;

/** A byte-order mark: tells Excel the file is UTF-8. */
const BOM = "\uFEFF";

function field(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  // Six decimals: a millionth of a minute is well below any figure's meaning, and spares readers 17-digit tails.
  if (typeof v === "number") return Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : "";
  return csvText(v);
}

/** The report as CSV text (with the BOM). */
export function renderCsv(m: ReportModel, lang: Lang): string {
  const lines: string[] = [CSV_COLUMNS.join(",")];
  for (const table of reportTables(m, lang)) {
    const nameAt = table.columns.findIndex((c) => c.key === "name" || c.key === "item");
    table.rows.forEach((row, i) => {
      const meta = table.meta[i];
      table.columns.forEach((c, k) => {
        if (c.dim) return;
        lines.push([table.id, meta.variant, meta.grouping, meta.level ?? meta.service, meta.language, meta.scope, meta.id, nameAt >= 0 ? row[nameAt] : null, c.key, c.label, row[k]].map(field).join(","));
      });
    });
  }
  return BOM + lines.join("\r\n") + "\r\n";
}
