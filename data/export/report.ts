/** One entry to the report renderers: a model, a format and a language in; bytes (or a file written atomically) out. */
import { writeFileAtomic } from "../files.ts";
import type { Lang } from "./i18n.ts";
import type { ReportModel } from "./report-model.ts";
import { renderCsv } from "./report-csv.ts";
import { renderGeoJson } from "./report-geojson.ts";
import { renderGpkg } from "./report-gpkg.ts";
import { renderPdf, type PdfOptions } from "./report-pdf.ts";
import { renderXlsx } from "./report-xlsx.ts";

export const REPORT_FORMATS = ["pdf", "xlsx", "csv", "geojson", "gpkg"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Whether a format is text (and so may go to stdout). */
export function isTextFormat(format: ReportFormat): boolean {
  return format === "csv" || format === "geojson";
}

/** The report in `format` and `lang`: a string for CSV and GeoJSON, bytes otherwise. */
export async function renderReport(model: ReportModel, format: ReportFormat, lang: Lang, options: PdfOptions = {}): Promise<string | Uint8Array> {
  switch (format) {
    case "pdf":
      return renderPdf(model, lang, options);
    case "xlsx":
      return renderXlsx(model, lang);
    case "csv":
      return renderCsv(model, lang);
    case "geojson":
      return renderGeoJson(model, lang);
    case "gpkg":
      return renderGpkg(model, lang);
  }
}

/** Renders and writes the report atomically: a reader sees the old file or the whole new one. */
export async function writeReport(path: string, model: ReportModel, format: ReportFormat, lang: Lang, options: PdfOptions = {}): Promise<void> {
  await writeFileAtomic(path, await renderReport(model, format, lang, options));
}
