/**
 * Municipality boundaries as Rings in EPSG:3067 (engine/rasterize.ts), from Statistics Finland's
 * GeoPackage (`kunta`, `nimi`, `namn`) or from GeoJSON (WGS84 lon/lat per RFC 7946, the code in a
 * `code`, `kunta` or `kuntatunnus` property). Rings of all parts and holes are kept together, as
 * the even-odd fill in rasterizePolygons wants them. A code on several rows (one row per part, as
 * some layers store islands) becomes one area with all their rings.
 */
import { extname } from "node:path";
import GJV from "geojson-validation";
import { InvalidInputError, NotFoundError, show, etrsProblem, wgs84Problem, projectorToEtrs, SUPPORTED_CRS, toEtrs, type Rings } from "../../engine/index.ts";
import { readInput } from "../files.ts";
import { decodeUtf8, MAX_INPUT_BYTES, parseJsonInput } from "../input.ts";
import { decodeGeometry, isSqlite, polygonRings, withGeoPackage, type Position } from "../gpkg.ts";

/** A municipality's area: Statistics Finland code and names, rings in EPSG:3067 metres. */
export interface MunicipalityArea {
  /** Three digits with leading zeros ("091"). */
  readonly code: string;
  readonly nameFi?: string;
  readonly nameSv?: string;
  readonly rings: Rings;
}

export interface MunicipalityAreaOptions {
  /** Keep only these municipalities (three-digit codes); NotFoundError names any the file lacks. */
  codes?: readonly string[];
  /** "gpkg" or "geojson"; by default an SQLite file is a GeoPackage, anything else GeoJSON. */
  format?: "gpkg" | "geojson";
  /** GeoPackage feature table, when the file holds more than one. */
  table?: string;
}

/** Properties or columns holding the code, the Finnish and the Swedish name, tried in order. */
const CODE_FIELDS = ["kunta", "code", "kuntatunnus"];
const NAME_FI_FIELDS = ["nimi", "nameFi", "name_fi"];
const NAME_SV_FIELDS = ["namn", "nameSv", "name_sv"];

/** Bounds on boundary GeoJSON: a FeatureCollection of MultiPolygons nests 8 deep; a detailed ring has some 10^5 positions. */
const BOUNDARY_JSON_LIMITS = { maxDepth: 16, maxArray: 5_000_000 } as const;

interface Part {
  code: string;
  nameFi?: string;
  nameSv?: string;
  rings: [number, number][][];
}

/** Reads municipality areas (GeoPackage or GeoJSON) as EPSG:3067 rings, in file order. */
export async function readMunicipalityAreas(path: string, options: MunicipalityAreaOptions = {}): Promise<MunicipalityArea[]> {
  const wanted = options.codes?.map((c) => {
    if (!/^\d{3}$/.test(c)) throw new InvalidInputError(`municipality code ${show(c)} is not three digits`, "codes", c);
    return c;
  });
  const bytes = await readInput(path);
  const gpkg = options.format ? options.format === "gpkg" : isSqlite(bytes) || extname(path).toLowerCase() === ".gpkg";
  const parts = gpkg ? await gpkgParts(path, options.table) : geojsonParts(path, bytes);

  const byCode = new Map<string, Part>();
  for (const part of parts) {
    if (wanted && !wanted.includes(part.code)) continue;
    const seen = byCode.get(part.code);
    if (seen) seen.rings.push(...part.rings);
    else byCode.set(part.code, part);
  }
  const missing = wanted?.filter((c) => !byCode.has(c)) ?? [];
  if (missing.length > 0) throw new NotFoundError(`${path} has no municipality ${missing.join(", ")}`, "codes", missing.join(","));
  return [...byCode.values()].map(({ code, nameFi, nameSv, rings }) => ({ code, ...(nameFi !== undefined && { nameFi }), ...(nameSv !== undefined && { nameSv }), rings }));
}

/** Statistics Finland codes: 1–3 digits, padded ("91" and 91 are "091"). */
function codeFrom(raw: unknown, where: string, field: string): string {
  const s = typeof raw === "number" && Number.isInteger(raw) ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  if (!/^\d{1,3}$/.test(s)) throw new InvalidInputError(`${where}: ${field} ${show(raw)} is not a municipality code (1–3 digits)`, field, raw);
  return s.padStart(3, "0");
}

function nameFrom(raw: unknown): string | undefined {
  return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined;
}

/**
 * Rings projected to EPSG:3067; each must be a closed ring of at least four positions, each inside
 * Finland (engine/finland.ts): checked in WGS84 degrees before projecting when `wgs84`, so the
 * message can name swapped axes, and in EPSG:3067 after projecting in any case.
 */
function projectRings(rings: Position[][], project: (x: number, y: number) => [number, number], where: string, field: string, value: unknown, wgs84 = false): [number, number][][] {
  if (rings.length === 0) throw new InvalidInputError(`${where}: ${field} is an empty polygon`, field, value);
  return rings.map((ring, i) => {
    const n = ring.length;
    if (n < 4 || ring[0][0] !== ring[n - 1][0] || ring[0][1] !== ring[n - 1][1]) {
      throw new InvalidInputError(`${where}: ${field} ring ${i} is not closed or has fewer than 4 positions`, field, value);
    }
    return ring.map(([x, y]) => {
      const degrees = wgs84 ? wgs84Problem(x, y) : null;
      if (degrees) throw new InvalidInputError(`${where}: ${field} ring ${i} has a position ${degrees.message}`, field, value);
      const p = project(x, y);
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new InvalidInputError(`${where}: ${field} has a position (${x}, ${y}) that does not project`, field, value);
      const metres = etrsProblem(p[0], p[1]);
      if (metres) throw new InvalidInputError(`${where}: ${field} ring ${i} has a position (${x}, ${y}) that lies outside Finland: ${metres.message}`, field, value);
      return p;
    });
  });
}

function gpkgParts(path: string, table: string | undefined): Promise<Part[]> {
  return withGeoPackage(path, (gpkg) => {
    const layer = gpkg.featureTable(table);
    const project = projectorToEtrs(layer.crs);
    if (!project) throw new InvalidInputError(`${path}, table ${layer.table}: coordinate system ${layer.crs} is not one of ${SUPPORTED_CRS.join(", ")}`, "crs", layer.crs);
    const columns = gpkg.columns(layer.table);
    const pick = (names: readonly string[]) => columns.find((c) => names.some((n) => n.toLowerCase() === c.toLowerCase()));
    const codeColumn = pick(CODE_FIELDS);
    if (!codeColumn) throw new InvalidInputError(`${path}, table ${layer.table}: no code column (${CODE_FIELDS.join(", ")}); it has: ${columns.join(", ")}`, "code", columns.join(","));
    const nameColumns = [pick(NAME_FI_FIELDS), pick(NAME_SV_FIELDS)];
    const selected = [layer.geometryColumn, codeColumn, ...nameColumns.filter((c): c is string => c !== undefined)];
    const parts: Part[] = [];
    gpkg.each(layer.table, selected, (fid, values) => {
      const where = `${path}, table ${layer.table}, fid ${fid}`;
      const row = new Map(selected.map((c, i) => [c, values[i]]));
      const geometry = decodeGeometry(row.get(layer.geometryColumn), { file: path, table: layer.table, fid, field: layer.geometryColumn });
      const rings = polygonRings(geometry);
      if (!rings) throw new InvalidInputError(`${where}: ${layer.geometryColumn} is a ${geometry.type}, not a polygon`, layer.geometryColumn, fid);
      parts.push({
        code: codeFrom(row.get(codeColumn), where, codeColumn),
        nameFi: nameColumns[0] && nameFrom(row.get(nameColumns[0])),
        nameSv: nameColumns[1] && nameFrom(row.get(nameColumns[1])),
        rings: projectRings(rings, project, where, layer.geometryColumn, fid),
      });
    });
    return parts;
  });
}

function geojsonParts(path: string, bytes: Uint8Array): Part[] {
  // Strict UTF-8 and bounded JSON first: geojson-validation recurses, so a deep document would overflow the stack.
  if (bytes.length > MAX_INPUT_BYTES.boundaries) throw new InvalidInputError(`${path} is ${bytes.length} bytes, over the limit of ${MAX_INPUT_BYTES.boundaries} for boundary GeoJSON`, "file", bytes.length);
  const doc = parseJsonInput(decodeUtf8(bytes, path), `${path} (not a GeoPackage)`, BOUNDARY_JSON_LIMITS, "file");
  const problems = GJV.valid(doc, true);
  if (problems !== true && (problems === false || problems.length > 0)) {
    const list = problems === false ? [] : problems;
    throw new InvalidInputError(`${path} is not valid GeoJSON: ${list.slice(0, 3).join("; ") || "rejected"}`, "geojson", list[0]);
  }
  const root = doc as { type: string; crs?: { properties?: { name?: string } }; features?: unknown[] };
  // RFC 7946 dropped `crs`; an old file may still name one, and only WGS84 lon/lat is read here.
  const crsName = root.crs?.properties?.name;
  if (crsName !== undefined && !/(CRS84|EPSG::?4326)$/i.test(crsName)) {
    throw new InvalidInputError(`${path}: crs ${show(crsName)} is not WGS84 lon/lat (RFC 7946)`, "crs", crsName);
  }
  const features = root.type === "FeatureCollection" ? (root.features as unknown[]) : root.type === "Feature" ? [root] : null;
  if (!features) throw new InvalidInputError(`${path}: a ${root.type} is not a Feature or FeatureCollection`, "type", root.type);
  return features.map((f, i) => {
    const feature = f as { properties: Record<string, unknown> | null; geometry: { type: string; coordinates: unknown } | null };
    const where = `${path}, feature ${i}`;
    const props = feature.properties ?? {};
    const key = (names: readonly string[]) => names.find((n) => props[n] !== undefined && props[n] !== null);
    const codeKey = key(CODE_FIELDS);
    if (!codeKey) throw new InvalidInputError(`${where}: no ${CODE_FIELDS.join(", ")} property`, "code", i);
    const g = feature.geometry;
    const rings = g?.type === "Polygon" ? (g.coordinates as Position[][]) : g?.type === "MultiPolygon" ? (g.coordinates as Position[][][]).flat() : null;
    if (!rings) throw new InvalidInputError(`${where}: geometry is ${g ? `a ${g.type}` : "null"}, not a polygon`, "geometry", i);
    const fi = key(NAME_FI_FIELDS);
    const sv = key(NAME_SV_FIELDS);
    return {
      code: codeFrom(props[codeKey], where, codeKey),
      nameFi: fi && nameFrom(props[fi]),
      nameSv: sv && nameFrom(props[sv]),
      rings: projectRings(rings, toEtrs, where, "geometry", i, true),
    };
  });
}
