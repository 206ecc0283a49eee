/**
 * /api/report: the CLI's `report` (data/export) over the loaded workspace, as a file download.
 * The model is built from what the workspace already holds (its study, its base analysis, and
 * runScenario for a scenario), never by re-reading the input files, so a report shows exactly the
 * numbers /api/accessibility and POST /api/scenarios/run give.
 */
import { z } from "zod";
import { placeServices, type AnalysisResult } from "../../engine/analysis.ts";
import { buildReport, type ReportInput, type ReportModel } from "../../data/export/report-model.ts";
import { REPORT_FORMATS, renderReport, type ReportFormat } from "../../data/export/report.ts";
import type { Lang } from "../../data/export/i18n.ts";
import { toScenarioChange } from "../../data/scenario-file.ts";
import type { Workspace } from "./workspace.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";
import * as V from "./views.ts";

// ---- Request and response shapes (zod: checked on every call, and written into the OpenAPI document) ----

const format = z.enum(REPORT_FORMATS).describe("pdf, xlsx, csv (UTF-8 with BOM, one long table), geojson (WGS84) or gpkg (EPSG:3067 layers).");
const lang = z.enum(["fi", "sv", "en"]).default("fi").describe("Language of labels, numbers and dates; default fi.");

export const reportQuery = z.strictObject({ format, lang, per: S.accessibilityQuery.shape.per, thresholds: S.accessibilityQuery.shape.thresholds });

export const reportBody = z
  .strictObject({
    format,
    lang,
    per: S.accessibilityQuery.shape.per.optional(),
    changes: S.scenarioRunBody.shape.changes,
    thresholds: S.scenarioRunBody.shape.thresholds,
  })
  .register(S.requestSchemas, { id: "ReportRequest" });

/** Each format's media type, as sent in Content-Type. */
export const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  geojson: "application/geo+json",
  gpkg: "application/geopackage+sqlite3",
};

/** A file in the reply: JSON Schema 2020-12 says so with contentMediaType (OpenAPI 3.1's way; `format: binary` is 3.0's). */
const file = (mediaType: string, what: string) => z.string().meta({ contentMediaType: mediaType }).describe(what);

/** The reply's schema per media type (the document lists media types without parameters). */
export const reportContent: Record<string, z.ZodType> = {
  "application/pdf": file("application/pdf", "A multi-page PDF: maps of the bands, tables, charts, sources and licences."),
  [REPORT_MEDIA_TYPES.xlsx]: file(REPORT_MEDIA_TYPES.xlsx, "A workbook: a sheet per table, numbers as numbers, frozen headers."),
  "text/csv": file("text/csv", "One long UTF-8 table (with BOM): table, variant, grouping, level, scope, id, name, measure, label, value."),
  "application/geo+json": z
    .looseObject({ type: z.literal("FeatureCollection"), features: z.array(z.looseObject({ type: z.literal("Feature") })) })
    .describe("Bands, populated cells, service points and municipalities, WGS84."),
  "application/geopackage+sqlite3": file("application/geopackage+sqlite3", "A GeoPackage: bands, cells, service points and municipalities in EPSG:3067."),
};

export const reportHeaders = {
  "Content-Disposition": 'attachment; filename="palveluverkko-<region>-<lang>.<ext>": a download, named by region and language.',
};

// ---- Building the model from the workspace ----

/** The boundary rings the study read, as the report's maps take them; null for nearest-centre areas. */
function boundaries(ws: Workspace): ReportInput["boundaries"] {
  const rings = ws.study.boundaries;
  if (!rings) return null;
  return ws.study.areas.map((a, i) => ({ code: a.code, nameFi: a.name, nameSv: a.nameSv, rings: rings[i] }));
}

/**
 * The base analysis at these thresholds: the base surfaces (searched to 180 min, so any thresholds
 * up to 180 read off them) with the figures the workspace computes (and caches) for the thresholds.
 */
function baseAt(ws: Workspace, thresholdsMin: readonly number[]): AnalysisResult {
  return { ...ws.base, ...ws.figures(thresholdsMin) };
}

function common(ws: Workspace, per: "municipality" | "unit", date: Date) {
  return {
    region: ws.region,
    date,
    profile: ws.profile,
    per,
    study: ws.study,
    roads: { generated: ws.generated },
    files: ws.parts.files ?? {},
    boundaries: boundaries(ws),
    notes: ws.notes(),
  };
}

/** The report of the base set (kind "region"). */
export function baseReport(ws: Workspace, per: "municipality" | "unit", thresholdsMin: readonly number[], date = new Date()): ReportModel {
  V.checkPer(ws, per);
  return buildReport("region", { ...common(ws, per, date), result: baseAt(ws, thresholdsMin) });
}

/** The report of the base set with `changes` against the base (kind "scenario"), through runScenario's incremental path. */
export function scenarioReport(ws: Workspace, per: "municipality" | "unit", changes: ReturnType<typeof toScenarioChange>[], thresholdsMin: readonly number[], date = new Date()): ReportModel {
  V.checkPer(ws, per);
  const run = ws.runScenario(changes, thresholdsMin);
  const { placed, unplaced } = placeServices(ws.parts.snapIndex, run.points, ws.maxSnapM);
  // centreDs is the base's: the report reads centre times from the figures (run.figures.centreMin), never from centreDs.
  const result: AnalysisResult = { ...run.figures, surfaces: run.cells, centreDs: ws.base.centreDs, placed, unplaced };
  const base = baseAt(ws, run.figures.thresholdsMin);
  const basePoints = ws.study.services.points;
  return buildReport("scenario", {
    ...common(ws, per, date),
    result,
    scenario: { id: "web", name: `${changes.length} change(s) to ${ws.study.services.id}`, changes, base, basePoints, points: run.points, changedPoints: run.changedPoints },
  });
}

// ---- The reply ----

/** Renders the model as a download: the format's media type and a file name of region and language. */
export async function reportReply(ws: Workspace, model: ReportModel, fmt: ReportFormat, lng: Lang): Promise<Reply> {
  const out = await renderReport(model, fmt, lng);
  const body = typeof out === "string" ? Buffer.from(out, "utf8") : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const name = `palveluverkko-${ws.region}-${lng}.${fmt}`;
  return { body, contentType: REPORT_MEDIA_TYPES[fmt], headers: { "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" } };
}

export const handleBaseReport = async (ws: Workspace, query: z.output<typeof reportQuery>): Promise<Reply> =>
  reportReply(ws, baseReport(ws, query.per, query.thresholds), query.format, query.lang);

export const handleScenarioReport = async (ws: Workspace, body: z.output<typeof reportBody>): Promise<Reply> =>
  reportReply(ws, scenarioReport(ws, body.per ?? "municipality", body.changes.map(toScenarioChange), body.thresholds ?? ws.base.thresholdsMin), body.format, body.lang);
