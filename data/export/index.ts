/** data/export/: pictures and board reports made from the engine's results. */
export { isochroneSvg } from "./svg.ts";
export type { ReportKind, ReportModel, ReportNote, Position, Publisher, FigureRow, TypeFigureRow, GroupFigureRow, GroupDiffRow, GroupComparisonRow, GroupEqualityRow, LoadRow, LoadMoveRow, DiffRow, ComparisonRow, EqualityRow, ReportSource, ReportPoint, ReportMunicipality, BandShape, CellColumns } from "./report-model.ts";
export type { Lang } from "./i18n.ts";
export { describeSource, roadsSource } from "./report-tables.ts";
export { REPORT_FORMATS, isTextFormat, renderReport, writeReport, type ReportFormat } from "./report.ts";
export { bandFeatures, cellFeatures, pointFeatures, municipalityFeatures, wgsPolygons, type GeoJsonFeature } from "./report-geojson.ts";
