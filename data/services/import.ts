/**
 * Reading and writing service points: CSV (`id,name_fi,name_sv,municipality,lon,lat,level,open`)
 * and GeoJSON FeatureCollections of Points with the same properties. Everything is parsed and
 * checked before anything is returned; errors name the line or feature, the field and the value.
 */
import { extname } from "node:path";
import { csvDelimiter, csvText, csvTextRead } from "../csv.ts";
import { csvRows, xlsxRows, type TextRow } from "../table.ts";
import { excelJs } from "../libraries.ts";
import GJV from "geojson-validation";
import { InvalidInputError, etrsProblem, show, toWgs, validateServicePoints, type ServicePoint, type ServiceSet } from "../../engine/index.ts";
import { checkWellFormed, decodeOfficeText, decodeUtf8, decodeWindows1252, MAX_INPUT_BYTES, parseJsonInput, readBoundedFile } from "../input.ts";
import { checkSafeName, fileSetName } from "../names.ts";
import { LIST_COLUMNS, checkUniqueIds, decimalNumber, finish, toServicePoint, type Problem } from "./record.ts";

export type ServicePointsFormat = "csv" | "geojson" | "xlsx";

export interface ReadServicePointsOptions {
  /** Overrides the format chosen by the file's extension. */
  readonly format?: ServicePointsFormat;
}

/** The CSV columns in the order the writer uses; name_sv and open may be left out when reading. */
export const SERVICE_POINT_COLUMNS = ["id", "name_fi", "name_sv", "municipality", "lon", "lat", "level", "open"] as const;
const REQUIRED_COLUMNS = ["id", "name_fi", "municipality", "lon", "lat", "level"] as const;

/** Most records (CSV rows, GeoJSON features) one input may hold: Finland has a few thousand service points. */
const MAX_SERVICE_POINTS = 100_000;

const FORMAT_BY_EXTENSION: Readonly<Record<string, ServicePointsFormat>> = { ".csv": "csv", ".geojson": "geojson", ".json": "geojson", ".xlsx": "xlsx" };

/**
 * Reads service points from a .csv, .xlsx, .geojson or .json file of at most
 * MAX_INPUT_BYTES.services: a CSV in UTF-8 or Windows-1252, GeoJSON in strict UTF-8 (the error names
 * the first bad byte); throws NotFoundError or InvalidInputError.
 */
export async function readServicePoints(path: string, options: ReadServicePointsOptions = {}): Promise<ServicePoint[]> {
  return (await readServicePointFile(path, options)).points;
}

/** The points of a file and the text encoding it was read in (a CSV may be Windows-1252; GeoJSON is UTF-8 by its standard). */
async function readServicePointFile(path: string, options: ReadServicePointsOptions): Promise<ServicePointsRead> {
  const format = options.format ?? FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (format !== "csv" && format !== "geojson" && format !== "xlsx") {
    const why = options.format !== undefined ? `format ${show(options.format)} is not csv, xlsx or geojson` : `cannot tell the format of ${path} from its name`;
    throw new InvalidInputError(`${why}: expected a .csv, .xlsx, .geojson or .json file`, options.format !== undefined ? "format" : "path", options.format ?? path);
  }
  return parseServicePointBytes(await readBoundedFile(path, MAX_INPUT_BYTES.services, "path"), format, path, "file");
}

/** Points read from a file's bytes, with how the file was written, so it can be written back the same way. */
export interface ServicePointsRead {
  readonly points: ServicePoint[];
  readonly format: ServicePointsFormat;
  /** The text encoding a CSV was read in (a workbook and GeoJSON are UTF-8 by their standards). */
  readonly encoding: "UTF-8" | "Windows-1252";
  /** A CSV's field delimiter: ";" as Excel saves in a Finnish or Swedish locale (with decimal commas), else ",". */
  readonly delimiter: "," | ";";
}

/**
 * Service points from a file's bytes (a CSV in UTF-8 or Windows-1252, the first sheet of an XLSX
 * workbook, GeoJSON in strict UTF-8); `source` names the file in messages and `field` is the
 * field an unreadable file is blamed on; a CSV's `declared` encoding (an HTTP charset) is used
 * rather than detected. Shared by --services and the HTTP uploads.
 */
export async function parseServicePointBytes(bytes: Uint8Array, format: ServicePointsFormat, source: string, field = "file", declared?: "UTF-8" | "Windows-1252"): Promise<ServicePointsRead> {
  // A workbook's first sheet, its first row the header as in a CSV; problems named by row and sheet.
  if (format === "xlsx") return { points: pointsFromRows(await xlsxRows(bytes, source), source), format, encoding: "UTF-8", delimiter: "," };
  if (format === "geojson") return { points: parseServicePointsGeoJson(decodeUtf8(bytes, source, field), source), format, encoding: "UTF-8", delimiter: "," };
  // An encoding the sender declared is taken at its word (UTF-8 then strictly); else it is detected.
  const { text, encoding } =
    declared === "UTF-8" ? { text: decodeUtf8(bytes, source, field), encoding: declared } : declared === "Windows-1252" ? { text: decodeWindows1252(bytes), encoding: declared } : decodeOfficeText(bytes, source, field);
  return { points: parseServicePointsCsv(text, source), format, encoding, delimiter: csvDelimiter(text) };
}

/** Header pairs that mean ETRS-TM35FIN (EPSG:3067) easting and northing, in metres. */
const ETRS_HEADERS: readonly (readonly [string, string])[] = [["x", "y"], ["e", "n"], ["easting", "northing"]];

/** EPSG:3067 metres (text, decimal commas allowed) as WGS84 lon/lat; null after a problem naming the column. */
function etrsToLonLat(x: string | undefined, y: string | undefined, fields: readonly [string, string], where: string, problems: Problem[]): { lon: number; lat: number } | null {
  const p = etrsProblem(decimalNumber(x), decimalNumber(y), fields);
  if (p) {
    problems.push({ where, field: p.field, value: p.field === fields[0] ? x : y, message: p.message.replace(/^(\w+) NaN is not a finite number$/, `$1 ${show(p.field === fields[0] ? x : y)} is not a number`) });
    return null;
  }
  const [lon, lat] = toWgs(decimalNumber(x), decimalNumber(y));
  return { lon, lat };
}

/** Parses service points from CSV text (comma- or semicolon-separated); `source` names the input in messages. */
export function parseServicePointsCsv(raw: string, source = "CSV"): ServicePoint[] {
  checkWellFormed(raw, source, "csv");
  const text = raw.normalize("NFC"); // one id however its letters were typed
  return pointsFromRows(csvRows(text, source), source, csvTextRead);
}

/**
 * Service points from rows of text, the first the header: what the CSV and XLSX readers share.
 * `cell` undoes what the writer did to a text (the CSV's inert mark before a formula).
 */
function pointsFromRows(rows: readonly TextRow[], source: string, cell: (v: string) => string = (v) => v): ServicePoint[] {
  if (rows.length === 0) throw new InvalidInputError(`${source}: empty; expected the header ${SERVICE_POINT_COLUMNS.join(",")}`, "header", "");

  if (rows.length - 1 > MAX_SERVICE_POINTS) throw new InvalidInputError(`${source}: ${rows.length - 1} rows, over the limit of ${MAX_SERVICE_POINTS} service points`, "rows", rows.length - 1);
  const header = rows[0].record.map((h) => h.trim().toLowerCase());
  const where1 = `${source} ${rows[0].where}`;
  const twice = header.find((h, i) => h !== "" && header.indexOf(h) !== i);
  if (twice !== undefined) throw new InvalidInputError(`${where1}: column ${show(twice)} appears twice in the header`, "header", twice);
  // Coordinates: lon,lat in WGS84 degrees, or x,y (also E,N) in ETRS-TM35FIN metres (EPSG:3067),
  // as Finnish offices' GIS exports give them; told apart by the header.
  const etrs = !header.includes("lon") && !header.includes("lat") ? ETRS_HEADERS.find(([x, y]) => header.includes(x) && header.includes(y)) : undefined;
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c) && !(etrs && (c === "lon" || c === "lat")));
  if (missing.length > 0) {
    throw new InvalidInputError(
      `${where1}: the header lacks ${missing.map((c) => show(c)).join(", ")}; expected ${SERVICE_POINT_COLUMNS.join(",")} (name_sv and open optional; x,y in EPSG:3067 metres instead of lon,lat)`,
      "header",
      missing[0],
    );
  }

  const column = new Map(header.map((h, i) => [h, i]));
  const problems: Problem[] = [];
  const points: ServicePoint[] = [];
  const wheres: string[] = [];
  for (const row of rows.slice(1)) {
    const where = row.where;
    if (row.record.length !== header.length) {
      problems.push({ where, field: "row", value: row.record.length, message: `has ${row.record.length} fields, the header has ${header.length}` });
      continue;
    }
    // A text made inert against spreadsheet formulas when written (data/csv.ts) reads back as it was.
    const get = (name: string) => {
      const i = column.get(name);
      return i === undefined ? undefined : cell(row.record[i]);
    };
    const raw = {
      id: get("id"), name_fi: get("name_fi"), name_sv: get("name_sv"), municipality: get("municipality"), level: get("level"), open: get("open"),
      types: get("types"), can_host: get("can_host"), languages: get("languages"), capacity: get("capacity"),
    };
    const point = toServicePoint(raw, etrs ? etrsToLonLat(get(etrs[0]), get(etrs[1]), etrs, where, problems) : { lon: get("lon"), lat: get("lat") }, where, problems);
    if (point) {
      points.push(point);
      wheres.push(where);
    }
  }
  checkUniqueIds(points, wheres, problems);
  return finish(points, problems, source);
}

/** Deepest nesting of arrays and objects GeoJSON input may have: a FeatureCollection of MultiPolygons needs 8. */
const MAX_GEOJSON_DEPTH = 64;

/** geojson-validation's trace (a list of problems) as a list, whatever it answered. */
const asList = (trace: unknown): string[] => (Array.isArray(trace) ? (trace as string[]) : []);

/**
 * What geojson-validation finds wrong with a document, in its words. A FeatureCollection is checked
 * feature by feature here: the library appends each feature's problems by copying the whole list
 * (quadratic), so 200,000 bad features, which fit in a 1 MiB upload, took about a minute.
 */
function geoJsonProblems(doc: unknown): string[] {
  if (!isObject(doc) || doc.type !== "FeatureCollection" || !Array.isArray(doc.features)) return asList(GJV.valid(doc, true));
  const problems = asList(GJV.valid({ ...doc, features: [] }, true));
  doc.features.forEach((feature: unknown, i: number) => {
    const t = asList(GJV.isFeature(feature, true));
    if (t.length > 0) problems.push(`at ${i}: ${t[0]}`, ...t.slice(1));
  });
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Parses service points from GeoJSON text: a FeatureCollection of Point features whose properties
 * are the CSV columns but lon and lat, which come from the geometry. `source` names the input in messages.
 */
export function parseServicePointsGeoJson(text: string, source = "GeoJSON"): ServicePoint[] {
  // geojson-validation recurses into coordinates (and prints them): nesting far deeper than any
  // geometry needs would overflow the stack, a RangeError rather than a typed error. The array
  // bound keeps a million-feature upload from taking minutes to be refused.
  const doc = parseJsonInput(text, source, { maxDepth: MAX_GEOJSON_DEPTH, maxArray: MAX_SERVICE_POINTS });
  let trace: string[];
  try {
    trace = geoJsonProblems(doc);
  } catch (err) {
    // geojson-validation looks types up in plain objects: a "type" of "__proto__" or "constructor"
    // makes it call a non-function (a TypeError). Such a document is not GeoJSON.
    const type = isObject(doc) ? doc.type : doc;
    throw new InvalidInputError(`${source}: not valid GeoJSON (${(err as Error).message})`, "geojson", type);
  }
  if (trace.length > 0) {
    const more = trace.length > 5 ? `; … and ${trace.length - 5} more` : "";
    throw new InvalidInputError(`${source}: not valid GeoJSON: ${trace.slice(0, 5).join("; ")}${more}`, "geojson", trace[0]);
  }
  if (!isObject(doc) || doc.type !== "FeatureCollection") {
    const type = isObject(doc) ? doc.type : doc;
    throw new InvalidInputError(`${source}: expected a FeatureCollection of Point features, found ${show(type)}`, "type", type);
  }

  const problems: Problem[] = [];
  const points: ServicePoint[] = [];
  const wheres: string[] = [];
  (doc.features as unknown[]).forEach((feature, i) => {
    // geojson-validation has checked each feature is an object with geometry and properties members.
    const f = feature as { id?: unknown; geometry: unknown; properties: unknown };
    const where = `features[${i}]`;
    let coords: { lon: unknown; lat: unknown } | null = null;
    if (isObject(f.geometry) && f.geometry.type === "Point") {
      const [lon, lat] = f.geometry.coordinates as unknown[];
      coords = { lon, lat };
    } else {
      const type = isObject(f.geometry) ? f.geometry.type : null;
      problems.push({ where, field: "geometry", value: type, message: `geometry is ${type === null ? "null" : show(type)}, expected a Point` });
    }
    if (!isObject(f.properties)) {
      problems.push({ where, field: "properties", value: f.properties, message: `properties are ${show(f.properties)}; expected id, name_fi, municipality and level` });
      return;
    }
    const p = f.properties;
    // A feature's own id is the GeoJSON place for it; properties.id, the CSV column, wins when both are given.
    const raw = { id: p.id ?? f.id, name_fi: p.name_fi, name_sv: p.name_sv, municipality: p.municipality, level: p.level, open: p.open, types: p.types, can_host: p.can_host, languages: p.languages, capacity: p.capacity };
    const point = toServicePoint(raw, coords, where, problems);
    if (point) {
      points.push(point);
      wheres.push(where);
    }
  });
  checkUniqueIds(points, wheres, problems);
  return finish(points, problems, source);
}

/** The optional list columns some of the points fill: written only then, so a set without them keeps the plain header. */
function listColumns(points: readonly ServicePoint[]) {
  return LIST_COLUMNS.filter((c) => points.some((p) => p[c.field] !== undefined));
}

/** Whether any point has a capacity: the capacity column is written only then. */
const hasCapacity = (points: readonly ServicePoint[]) => points.some((p) => p.capacity !== undefined);

/**
 * Writes points as CSV with the full header (and the list columns types, can_host, languages when
 * some point has them, ids apart by spaces). parseServicePointsCsv reads it back to equal points
 * whenever their texts have no edge whitespace, which the reader trims: so for every point it returns.
 * With `;` the numbers get decimal commas, as Excel saves a CSV in a Finnish or Swedish locale.
 */
export function servicePointsCsv(points: readonly ServicePoint[], delimiter: "," | ";" = ","): string {
  validateServicePoints(points);
  // String(number) is the shortest text that parses back to the same double, so coordinates round-trip exactly.
  const num = (n: number) => (delimiter === ";" ? String(n).replace(".", ",") : String(n));
  const extra = listColumns(points);
  const capacity = hasCapacity(points);
  const lines = [[...SERVICE_POINT_COLUMNS, ...extra.map((c) => c.column), ...(capacity ? ["capacity"] : [])].join(delimiter)];
  for (const p of points) {
    const texts = [p.id, p.name.fi, p.name.sv, p.municipality].map((t) => csvText(t, delimiter));
    const lists = extra.map((c) => (p[c.field] ?? []).join(" "));
    lines.push([...texts, num(p.lon), num(p.lat), p.level, p.open ? "true" : "false", ...lists, ...(capacity ? [p.capacity === undefined ? "" : num(p.capacity)] : [])].join(delimiter));
  }
  return lines.join("\n") + "\n";
}

/** Points as an XLSX workbook of one sheet with the CSV's header: coordinates as numbers, names as text (never a formula), read back by --services. */
export async function servicePointsXlsx(points: readonly ServicePoint[]): Promise<Uint8Array> {
  validateServicePoints(points);
  const wb = new (await excelJs()).Workbook();
  const sheet = wb.addWorksheet("service_points");
  const extra = listColumns(points);
  const capacity = hasCapacity(points);
  sheet.addRow([...SERVICE_POINT_COLUMNS, ...extra.map((c) => c.column), ...(capacity ? ["capacity"] : [])]).font = { bold: true };
  for (const p of points) sheet.addRow([p.id, p.name.fi, p.name.sv, p.municipality, p.lon, p.lat, p.level, p.open, ...extra.map((c) => (p[c.field] ?? []).join(" ")), ...(capacity ? [p.capacity ?? null] : [])]);
  // The municipality code is text ("091"): a number would lose its leading zero.
  sheet.getColumn(4).numFmt = "@";
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A point as the files' columns: names flat, the lists under their column names and only when it has them. */
export function servicePointProperties(p: ServicePoint) {
  return {
    id: p.id, name_fi: p.name.fi, name_sv: p.name.sv, municipality: p.municipality, level: p.level, open: p.open,
    ...(p.types ? { types: [...p.types] } : {}), ...(p.hosts ? { can_host: [...p.hosts] } : {}), ...(p.languages ? { languages: [...p.languages] } : {}),
    ...(p.capacity !== undefined ? { capacity: p.capacity } : {}),
  };
}

/** Points as GeoJSON Point features (WGS84) with the CSV's columns as properties: what the GeoJSON reader takes back. */
export function servicePointFeatures(points: readonly ServicePoint[]) {
  return points.map((p) => ({
    type: "Feature" as const,
    properties: servicePointProperties(p),
    geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] as [number, number] },
  }));
}

/** Points as a GeoJSON FeatureCollection (RFC 7946) with the CSV's columns as properties, read back by --services. */
export function servicePointsGeoJson(points: readonly ServicePoint[]): string {
  validateServicePoints(points);
  return JSON.stringify({ type: "FeatureCollection", features: servicePointFeatures(points) }) + "\n";
}

/** A validated, frozen ServiceSet of copies of the points; `name` defaults to the id in every language. */
export function serviceSetFromPoints(id: string, points: readonly ServicePoint[], source: string, name?: ServiceSet["name"]): ServiceSet {
  if (typeof id !== "string" || id.trim() === "") throw new InvalidInputError(`service set id ${show(id)} is empty`, "id", id);
  // The id keys the set in a store and in URLs: the shared rule for file and data names.
  checkSafeName(id, "id", "service set id");
  if (typeof source !== "string" || source.trim() === "") throw new InvalidInputError(`service set ${show(id)}: source is empty; say where the points come from`, "source", source);
  validateServicePoints(points);
  const copies = points.map((p) => Object.freeze({ ...p, name: Object.freeze({ ...p.name }) }));
  return Object.freeze({
    id,
    name: Object.freeze({ ...(name ?? { fi: id, sv: id, en: id }) }),
    source,
    points: Object.freeze(copies),
  });
}

/** Reads a service-point file as a ServiceSet: its id a safe name made from the file's (fileSetName), its source the path. */
export async function readServiceSet(path: string, options: ReadServicePointsOptions = {}): Promise<ServiceSet> {
  const { points, encoding } = await readServicePointFile(path, options);
  // Said where the set's source is shown (notes, reports): a file that was not UTF-8.
  return serviceSetFromPoints(fileSetName(path), points, encoding === "UTF-8" ? `file ${path}` : `file ${path} (read as ${encoding}: it is not UTF-8)`);
}
