/** data/export/: pictures and board reports made from the engine's results. */
export { isochroneSvg } from "./svg.ts";
export type { ReportKind, ReportModel, ReportNote, Position, Publisher, FigureRow, DiffRow, ComparisonRow, EqualityRow, ReportSource, ReportPoint, ReportMunicipality, BandShape, CellColumns } from "./report-model.ts";
export { LANGS, LOCALES, isLang, t, levelName, bandLabel, formatNumber, formatMinutes, formatShare, formatDate, formatThreshold, type Lang, type LabelKey } from "./i18n.ts";
export { reportTables, reportTitle, bandKey, type ReportTable, type ReportColumn, type TableId } from "./report-tables.ts";
export { renderPdf, type PdfOptions } from "./report-pdf.ts";
export { renderXlsx } from "./report-xlsx.ts";
export { renderCsv, CSV_COLUMNS, BOM } from "./report-csv.ts";
export { renderGeoJson } from "./report-geojson.ts";
export { renderGpkg } from "./report-gpkg.ts";
export { writeGeoPackage, encodeGeometry, GPKG_APPLICATION_ID, GPKG_USER_VERSION } from "./gpkg-write.ts";
export { REPORT_FORMATS, isTextFormat, renderReport, writeReport, type ReportFormat } from "./report.ts";
