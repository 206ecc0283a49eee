/**
 * Finland's extent, the one coordinate check every importer and request uses: a box around
 * mainland Finland, Åland and the outer islands (19.1–31.6 E, 59.5–70.1 N) with a margin, in WGS84
 * degrees and in EPSG:3067 metres. It catches NaN and Infinity, swapped axes, projected metres
 * given as degrees and data of another country. A point in the sea or across a border inside the
 * box still passes; snapping deals with it.
 */
import { InvalidInputError, show } from "./errors.ts";

/** WGS84 (EPSG:4326) degrees. The margin keeps Åland (19.1 E) and the Kilpisjärvi roads in. */
export const FINLAND_WGS84 = { lonMin: 19, lonMax: 32, latMin: 59, latMax: 70.5 } as const;

/**
 * EPSG:3067 metres: the image of FINLAND_WGS84 (x 41–787 km, y 6,540–7,841 km, computed with
 * engine/projection.ts) rounded outward, so grid and boundary data in ETRS-TM35FIN passes exactly
 * when its degrees would. EPSG's own area of use for 3067 (x 44–765 km, y 6,522–7,795 km) is inside.
 */
export const FINLAND_ETRS = { xMin: 20_000, xMax: 800_000, yMin: 6_500_000, yMax: 7_850_000 } as const;

/** What is wrong with a coordinate pair: the field to blame, its value and a sentence for the user. */
export interface CoordinateProblem {
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Whether a WGS84 lon/lat lies in FINLAND_WGS84 (false for NaN and Infinity). */
export function inFinlandWgs84(lon: number, lat: number): boolean {
  const b = FINLAND_WGS84;
  return lon >= b.lonMin && lon <= b.lonMax && lat >= b.latMin && lat <= b.latMax;
}

/** Whether an EPSG:3067 x/y lies in FINLAND_ETRS (false for NaN and Infinity). */
export function inFinlandEtrs(x: number, y: number): boolean {
  const b = FINLAND_ETRS;
  return x >= b.xMin && x <= b.xMax && y >= b.yMin && y <= b.yMax;
}

/** Whether a longitude alone lies in FINLAND_WGS84, for checks field by field (zod). */
export const lonInFinland = (lon: number): boolean => lon >= FINLAND_WGS84.lonMin && lon <= FINLAND_WGS84.lonMax;
/** Whether a latitude alone lies in FINLAND_WGS84. */
export const latInFinland = (lat: number): boolean => lat >= FINLAND_WGS84.latMin && lat <= FINLAND_WGS84.latMax;

/** The range message for WGS84 input, shared by every check so users see one wording. */
export const FINLAND_WGS84_TEXT = `lon ${FINLAND_WGS84.lonMin}–${FINLAND_WGS84.lonMax}, lat ${FINLAND_WGS84.latMin}–${FINLAND_WGS84.latMax}, WGS84 degrees`;
/** The range message for EPSG:3067 input. */
const FINLAND_ETRS_TEXT = `x ${FINLAND_ETRS.xMin}–${FINLAND_ETRS.xMax}, y ${FINLAND_ETRS.yMin}–${FINLAND_ETRS.yMax}, EPSG:3067 metres`;

/**
 * Why lon/lat is not a WGS84 position in Finland, or null when it is. `fields` names the two
 * values in the problem (default "lon" and "lat"); the message guesses the usual mistake.
 */
export function wgs84Problem(lon: unknown, lat: unknown, fields: readonly [string, string] = ["lon", "lat"]): CoordinateProblem | null {
  const [lonField, latField] = fields;
  if (!finite(lon)) return { field: lonField, value: lon, message: `${lonField} ${show(lon)} is not a finite number` };
  if (!finite(lat)) return { field: latField, value: lat, message: `${latField} ${show(lat)} is not a finite number` };
  if (inFinlandWgs84(lon, lat)) return null;
  const swapped = inFinlandWgs84(lat, lon);
  const lonBad = swapped || !lonInFinland(lon);
  const hint = swapped
    ? ": did you swap lon and lat?"
    : Math.abs(lon) > 180 || Math.abs(lat) > 90
      ? ": these look like projected metres (e.g. ETRS-TM35FIN); give WGS84 degrees"
      : ` (${FINLAND_WGS84_TEXT})`;
  return { field: lonBad ? lonField : latField, value: lonBad ? lon : lat, message: `lon ${lon}, lat ${lat} is outside Finland${hint}` };
}

/** Why x/y is not an EPSG:3067 position in Finland, or null when it is. */
export function etrsProblem(x: unknown, y: unknown, fields: readonly [string, string] = ["x", "y"]): CoordinateProblem | null {
  const [xField, yField] = fields;
  if (!finite(x)) return { field: xField, value: x, message: `${xField} ${show(x)} is not a finite number` };
  if (!finite(y)) return { field: yField, value: y, message: `${yField} ${show(y)} is not a finite number` };
  if (inFinlandEtrs(x, y)) return null;
  const b = FINLAND_ETRS;
  const xBad = x < b.xMin || x > b.xMax;
  const hint = inFinlandWgs84(x, y) ? ": these look like WGS84 degrees; give EPSG:3067 metres" : ` (${FINLAND_ETRS_TEXT})`;
  return { field: xBad ? xField : yField, value: xBad ? x : y, message: `x ${x}, y ${y} is outside Finland${hint}` };
}

/** Throws InvalidInputError (`where: …`) unless lon/lat is a WGS84 position in Finland. */
export function checkWgs84InFinland(lon: unknown, lat: unknown, where: string, fields?: readonly [string, string]): void {
  const p = wgs84Problem(lon, lat, fields);
  if (p) throw new InvalidInputError(`${where}: ${p.message}`, p.field, p.value);
}

/** Throws InvalidInputError (`where: …`) unless x/y is an EPSG:3067 position in Finland. */
export function checkEtrsInFinland(x: unknown, y: unknown, where: string, fields?: readonly [string, string]): void {
  const p = etrsProblem(x, y, fields);
  if (p) throw new InvalidInputError(`${where}: ${p.message}`, p.field, p.value);
}
