/**
 * /api/report: the CLI's `report` (data/export) over the loaded workspace, as a file download.
 * The model is built from what the workspace already holds (its study, its base analysis, and
 * runScenario for a scenario), never by re-reading the input files, so a report shows exactly the
 * numbers /api/accessibility and POST /api/scenarios/run give.
 */
import { z } from "zod";
import { type ReportModel, REPORT_FORMATS, renderReport, type ReportFormat, type Lang } from "../../data/export/index.ts";
import { toScenarioChange } from "../../data/scenario-file.ts";
import { buildReport, checkPer, type Study } from "../../study/index.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";

// ---- Request and response shapes (zod: checked on every call, and written into the OpenAPI document) ----

const format = z.enum(REPORT_FORMATS).describe("pdf, xlsx, csv (UTF-8 with BOM, one long table), geojson (WGS84) or gpkg (EPSG:3067 layers).");
const lang = z.enum(["fi", "sv", "en"]).default("fi").describe("Language of labels, numbers and dates; default fi.");

export const reportQuery = z.strictObject({
  format, lang, per: S.accessibilityQuery.shape.per, thresholds: S.accessibilityQuery.shape.thresholds,
  types: S.accessibilityQuery.shape.types.describe("Also a table per service type (ids, comma-separated, or `all`)."),
  language: S.accessibilityQuery.shape.language.describe("Also a language group's figures to services given in its language (needs the workspace's --languages)."),
});

export const reportBody = z
  .strictObject({
    format,
    lang,
    per: S.accessibilityQuery.shape.per.optional(),
    changes: S.scenarioRunBody.shape.changes,
    thresholds: S.scenarioRunBody.shape.thresholds,
    name: z.string().trim().min(1).max(300).optional().describe("The scenario's name for the report (a saved scenario's); without it the report names it by its number of changes."),
    types: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a service type id")).max(64).optional().describe("Also a table per service type (ids, or `all`); with changes, before and after and who crosses a band."),
    language: z.string().regex(/^[a-z]{2,3}$/, "a language code (ISO 639: fi, sv, se, …)").optional().describe("Also a language group's figures to services given in its language; with changes, before and after and who crosses a band."),
  })
  .register(S.requestSchemas, { id: "ReportRequest" });

/** Each format's media type, as sent in Content-Type. */
const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  geojson: "application/geo+json",
  gpkg: "application/geopackage+sqlite3",
};


/** The reply's schema per media type (the document lists media types without parameters). */
export const reportContent: Record<string, z.ZodType> = {
  "application/pdf": S.fileSchema("application/pdf", "A multi-page PDF: maps of the bands, tables, charts, sources and licences."),
  [REPORT_MEDIA_TYPES.xlsx]: S.fileSchema(REPORT_MEDIA_TYPES.xlsx, "A workbook: a sheet per table, numbers as numbers, frozen headers."),
  "text/csv": S.fileSchema("text/csv", "One long UTF-8 table (with BOM): table, variant, grouping, level, language, scope, id, name, measure, label, value."),
  "application/geo+json": z
    .looseObject({ type: z.literal("FeatureCollection"), features: z.array(z.looseObject({ type: z.literal("Feature") })) })
    .describe("Bands, populated cells, service points and municipalities, WGS84."),
  "application/geopackage+sqlite3": S.fileSchema("application/geopackage+sqlite3", "A GeoPackage: bands, cells, service points and municipalities in EPSG:3067."),
};

export const reportHeaders = {
  "Content-Disposition": 'attachment; filename="palveluverkko-<region>-<lang>.<ext>": a download, named by region and language.',
};

// ---- Building the model from the study (study/report.ts) ----

/** The report of the base set (kind "region"). */
export function baseReport(ws: Study, per: "municipality" | "unit", thresholdsMin: readonly number[], groups: { types?: readonly string[]; language?: string } = {}, date = new Date()): ReportModel {
  return buildReport(ws, { per, thresholdsMin, date, ...groups });
}

/** The report of the base set with `changes` against the base (kind "scenario"), through the study's incremental runScenario. */
export function scenarioReport(ws: Study, per: "municipality" | "unit", changes: ReturnType<typeof toScenarioChange>[], thresholdsMin: readonly number[] | undefined, name: string | null = null, groups: { types?: readonly string[]; language?: string } = {}, date = new Date()): ReportModel {
  checkPer(ws, per);
  return buildReport(ws, { per, date, scenario: { run: ws.runScenario(changes, thresholdsMin), name }, ...groups });
}

// ---- The reply ----

/** Renders the model as a download: the format's media type and a file name of region and language. */
export async function reportReply(ws: Study, model: ReportModel, fmt: ReportFormat, lng: Lang): Promise<Reply> {
  const out = await renderReport(model, fmt, lng);
  const body = typeof out === "string" ? Buffer.from(out, "utf8") : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const name = `palveluverkko-${ws.region.id}-${lng}.${fmt}`;
  return { body, contentType: REPORT_MEDIA_TYPES[fmt], headers: { "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" } };
}

