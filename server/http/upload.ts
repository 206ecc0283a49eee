/**
 * POST /api/service-points/check: a service-point file (CSV or GeoJSON, as `--services` takes it)
 * parsed and checked as the CLI imports it, answered with the points or a 400 listing every bad
 * line or feature. Nothing is kept: the workspace's base set stays as it was loaded; a scenario's
 * add, relevel and move changes are how points are edited.
 */
import { z } from "zod";
import { parseServicePointsCsv, parseServicePointsGeoJson } from "../../data/services/index.ts";
import { InvalidInputError, type ServicePoint } from "../../engine/index.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";

const CSV_TYPE = "text/csv";
export const UPLOAD_TYPES = [CSV_TYPE, "application/geo+json", "application/json"] as const;

export const uploadBody = z.string().describe("The file's text (UTF-8): CSV with the header id,name_fi,name_sv,municipality,lon,lat,level,open (name_sv and open optional), or a GeoJSON FeatureCollection of Points with those properties.");

export const checkedPoints = z
  .object({
    format: z.enum(["csv", "geojson"]),
    count: z.number().int(),
    points: z.array(z.object({ id: z.string(), name: z.object({ fi: z.string(), sv: z.string() }), municipality: z.string(), lon: z.number(), lat: z.number(), level: z.enum(["L", "A", "E"]), open: z.boolean() })),
  })
  .register(S.responseSchemas, { id: "CheckedServicePoints" });

/** Parses the body by its media type; the parsers' errors (ServicePointProblems) list every bad record. Shared with POST /api/service-sets. */
export function parseUpload(body: string, contentType: string | undefined): { format: "csv" | "geojson"; points: ServicePoint[] } {
  if (body.trim() === "") throw new InvalidInputError("the body is empty: send the CSV or GeoJSON file's text", "body", "");
  const csv = (contentType ?? "").toLowerCase().startsWith(CSV_TYPE);
  return csv ? { format: "csv", points: parseServicePointsCsv(body, "CSV") } : { format: "geojson", points: parseServicePointsGeoJson(body, "GeoJSON") };
}

/** POST /api/service-points/check: the points as they would be imported. */
export function checkServicePoints(body: string, contentType: string | undefined): Reply {
  const { format, points } = parseUpload(body, contentType);
  return {
    body: {
      format,
      count: points.length,
      points: points.map((p) => ({ id: p.id, name: { fi: p.name.fi, sv: p.name.sv }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: p.open })),
    } satisfies z.output<typeof checkedPoints>,
  };
}
