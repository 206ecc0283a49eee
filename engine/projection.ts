/**
 * Projections between WGS84 (EPSG:4326, lon/lat degrees) and the Finnish national grid
 * ETRS-TM35FIN (EPSG:3067, metres), in which Statistics Finland publishes population grids, and
 * from ETRS-GK25FIN (EPSG:3879), in which HSY publishes the capital region's.
 * proj4 is pure JavaScript, so this stays usable in a browser or worker.
 */
import proj4 from "proj4";

export const EPSG_3067 = "+proj=utm +zone=35 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
/** ETRS-GK25FIN, HSY's projection for the capital region. */
export const EPSG_3879 = "+proj=tmerc +lat_0=0 +lon_0=25 +k=1 +x_0=25500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";

const toTm35 = proj4("WGS84", EPSG_3067);
const gk25ToTm35 = proj4(EPSG_3879, EPSG_3067);

/** WGS84 lon/lat → EPSG:3067 [x (east), y (north)] metres. */
export function toEtrs(lon: number, lat: number): [number, number] {
  return toTm35.forward([lon, lat]) as [number, number];
}

/** EPSG:3067 metres → WGS84 [lon, lat]. */
export function toWgs(x: number, y: number): [number, number] {
  return toTm35.inverse([x, y]) as [number, number];
}

/**
 * EPSG:3879 (ETRS-GK25FIN) → EPSG:3067 [x, y] metres. Both are transverse Mercator on GRS80 with
 * different central meridians (25° E, k = 1 vs 27° E, k = 0.9996), so squares of one are slightly
 * rotated and scaled squares of the other (about 1.7° and 0.02 % around Helsinki).
 */
export function gk25ToEtrs(x: number, y: number): [number, number] {
  return gk25ToTm35.forward([x, y]) as [number, number];
}

/** The CRSs the data readers accept, by "EPSG:n" name. */
export const SUPPORTED_CRS = ["EPSG:3067", "EPSG:3879", "EPSG:4326"] as const;

/** A function from `crs` coordinates (x east / lon, y north / lat) to EPSG:3067 metres; null for a CRS not in SUPPORTED_CRS. */
export function projectorToEtrs(crs: string): ((x: number, y: number) => [number, number]) | null {
  if (crs === "EPSG:3067") return (x, y) => [x, y];
  if (crs === "EPSG:3879") return gk25ToEtrs;
  if (crs === "EPSG:4326") return toEtrs;
  return null;
}
