/**
 * Service-point files over HTTP, as offices keep them. POST /api/service-points/check takes a file
 * (CSV with `,` or `;` and decimal commas in UTF-8 or Windows-1252, an XLSX workbook, or GeoJSON:
 * what `--services` reads), checks it as the CLI imports it, and answers with the points and the
 * scenario changes that turn the server's base set into them, or a 400 listing every bad line,
 * row or feature. POST /api/service-points/export writes the base set after a scenario's changes
 * back as a file in any of those formats. Nothing is kept: the base set stays as it was loaded.
 */
import { z } from "zod";
import { changeSchema } from "../../data/scenario-file.ts";
import { parseServicePointBytes, servicePointProperties, servicePointsCsv, servicePointsGeoJson, servicePointsXlsx, type ServicePointsFormat, type ServicePointsRead } from "../../data/services/index.ts";
import { applyChanges, changesBetween, type ScenarioChange, type ServicePoint } from "../../engine/index.ts";
import { newLocations, MAX_NEW_LOCATIONS, type Study } from "../../study/index.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";

const CSV_TYPE = "text/csv";
const XLSX_TYPE = S.XLSX_TYPE;
const GEOJSON_TYPE = "application/geo+json";

/** The media types a service-point file may be sent as, and the format each means. */
const FORMAT_OF_TYPE: Readonly<Record<string, ServicePointsFormat>> = { [CSV_TYPE]: "csv", [XLSX_TYPE]: "xlsx", [GEOJSON_TYPE]: "geojson", "application/json": "geojson" };
export const UPLOAD_TYPES = Object.keys(FORMAT_OF_TYPE);

export const uploadBody = S.fileBody(
  "The file as it is: CSV (text/csv) with the header id,name_fi,name_sv,municipality,lon,lat,level,open (name_sv and open optional; `,` or `;` between fields, decimal commas with `;`; " +
    "UTF-8 or Windows-1252; x,y or E,N in EPSG:3067 instead of lon,lat; the municipality by code or by Finnish or Swedish name), an XLSX workbook whose first sheet has that header, " +
    "or a GeoJSON FeatureCollection of Points with those properties.",
);

/** A service point as the API answers with it (file checks, stored service sets). */
export const pointSchema = z.object({ id: z.string(), name: z.object({ fi: z.string(), sv: z.string() }), municipality: z.string(), lon: z.number(), lat: z.number(), level: z.enum(["L", "A", "E"]), open: z.boolean() });

export const pointJson = (p: ServicePoint): z.output<typeof pointSchema> => ({ id: p.id, name: { fi: p.name.fi, sv: p.name.sv }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: p.open });

export const checkedPoints = z
  .object({
    format: z.enum(["csv", "xlsx", "geojson"]),
    encoding: z.enum(["UTF-8", "Windows-1252"]).describe("The text encoding the file was read in; a workbook and GeoJSON are UTF-8 by their standards."),
    delimiter: z.enum([",", ";"]).describe("A CSV's field delimiter (`;` with decimal commas); `,` for the other formats. POST /api/service-points/export writes it back the same way."),
    count: z.number().int(),
    points: z.array(pointSchema),
    changes: z.array(changeSchema).describe("The scenario that turns the server's base set into these points (points matched by id: close what the file lacks, move, relevel, open or close the rest, add the new): send it to POST /api/scenarios/run."),
    new_locations: z.number().int().describe(`Open points at places where the base set has none: a scenario run may search from at most ${MAX_NEW_LOCATIONS}.`),
    max_new_locations: z.number().int(),
  })
  .register(S.responseSchemas, { id: "CheckedServicePoints" });

export const exportQuery = z.strictObject({
  format: z.enum(["csv", "xlsx", "geojson"]).default("csv").describe("The file's format."),
  delimiter: z.enum([",", ";"]).default(",").describe("A CSV's field delimiter; with `;` the numbers get decimal commas (what Excel saves in a Finnish or Swedish locale)."),
});

export const exportBody = z
  .strictObject({ changes: z.array(changeSchema).max(10_000).default([]).describe("A scenario's changes to the base set, as POST /api/scenarios/run takes them; none for the base set itself.") })
  .register(S.requestSchemas, { id: "ServicePointExportRequest" });

/** The export's reply per media type. */
export const exportContent: Record<string, z.ZodType> = {
  [CSV_TYPE]: S.fileSchema(CSV_TYPE, "UTF-8 with a byte-order mark, the header id,name_fi,name_sv,municipality,lon,lat,level,open."),
  [XLSX_TYPE]: S.fileSchema(XLSX_TYPE, "A workbook of one sheet with the CSV's header: coordinates as numbers, names as text."),
  [GEOJSON_TYPE]: S.fileSchema(GEOJSON_TYPE, "A FeatureCollection of Points (WGS84) with the CSV's columns as properties."),
};

/** Reads the body by its media type; the parsers' errors (RecordProblems) list every bad record. Shared with POST /api/service-sets. */
export async function parseUpload(body: Buffer, contentType: string | undefined): Promise<ServicePointsRead> {
  S.requireBytes(body, "the CSV, XLSX or GeoJSON file");
  // 415 is the app's answer to a media type not listed, so this only maps.
  const format = FORMAT_OF_TYPE[S.mediaTypeOf(contentType)] ?? "geojson";
  return parseServicePointBytes(new Uint8Array(body.buffer, body.byteOffset, body.length), format, format === "csv" ? "CSV" : format === "xlsx" ? "XLSX" : "GeoJSON", "body", declaredCharset(contentType));
}

/** A CSV's declared charset: UTF-8 (then read strictly), Latin-1 or Windows-1252 (read as Windows-1252, its superset); none, or another, is detected. */
function declaredCharset(contentType: string | undefined): "UTF-8" | "Windows-1252" | undefined {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(contentType ?? "")?.[1]?.toLowerCase();
  if (charset === "utf-8" || charset === "utf8") return "UTF-8";
  if (charset && ["windows-1252", "cp1252", "iso-8859-1", "latin1", "latin-1", "iso-8859-15"].includes(charset)) return "Windows-1252";
  return undefined;
}

/** The change as JSON (POST /api/scenarios/run's form): an added point's names flattened. */
function changeJson(c: ScenarioChange): z.output<typeof changeSchema> {
  if (c.op === "languages") return { ...c, languages: c.languages ? [...c.languages] : null };
  if (c.op !== "add") return c;
  const p = c.point;
  const { id, name_fi, name_sv, municipality, level, open, ...lists } = servicePointProperties(p);
  return { op: "add", point: { id, name_fi, name_sv, municipality, lon: p.lon, lat: p.lat, level, open, ...lists } };
}

/** POST /api/service-points/check: the points as they would be imported, and the scenario of the base set they make. */
export async function checkServicePoints(ws: Study, body: Buffer, contentType: string | undefined): Promise<Reply> {
  const { format, encoding, delimiter, points } = await parseUpload(body, contentType);
  const changes = changesBetween(ws.inputs.services.points, points);
  return {
    body: {
      format,
      encoding,
      delimiter,
      count: points.length,
      points: points.map(pointJson),
      changes: changes.map(changeJson),
      new_locations: newLocations(ws, points),
      max_new_locations: MAX_NEW_LOCATIONS,
    } satisfies z.output<typeof checkedPoints>,
  };
}

const FILE_TYPES: Readonly<Record<ServicePointsFormat, string>> = { csv: `${CSV_TYPE}; charset=utf-8`, xlsx: XLSX_TYPE, geojson: GEOJSON_TYPE };

/** POST /api/service-points/export: the base set after the changes, as a file named after the set. */
export async function exportServicePoints(ws: Study, query: z.output<typeof exportQuery>, changes: readonly ScenarioChange[]): Promise<Reply> {
  const points = applyChanges(ws.inputs.services.points, changes);
  const { format } = query;
  S.checkCsvDelimiter(format, query.delimiter);
  // A UTF-8 CSV starts with a byte-order mark, so Excel reads ä and å as they are.
  const bytes = format === "xlsx" ? await servicePointsXlsx(points) : format === "geojson" ? servicePointsGeoJson(points) : "\uFEFF" + servicePointsCsv(points, query.delimiter);
  const name = `${ws.inputs.services.id}${changes.length > 0 ? "-scenario" : ""}.${format}`;
  return { body: Buffer.from(bytes), contentType: FILE_TYPES[format], headers: { "Content-Disposition": `attachment; filename="${name}"` } };
}
