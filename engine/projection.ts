/**
 * Projections between WGS84 (EPSG:4326, lon/lat degrees) and the Finnish national grid
 * ETRS-TM35FIN (EPSG:3067, metres), in which Statistics Finland and HSY publish population grids.
 * proj4 is pure JavaScript, so this stays usable in a browser or worker.
 */
import proj4 from "proj4";

export const EPSG_3067 = "+proj=utm +zone=35 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
/** ETRS-GK25FIN, HSY's projection for the capital region. */
export const EPSG_3879 = "+proj=tmerc +lat_0=0 +lon_0=25 +k=1 +x_0=25500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";

const toTm35 = proj4("WGS84", EPSG_3067);

/** WGS84 lon/lat → EPSG:3067 [x (east), y (north)] metres. */
export function toEtrs(lon: number, lat: number): [number, number] {
  return toTm35.forward([lon, lat]) as [number, number];
}

/** EPSG:3067 metres → WGS84 [lon, lat]. */
export function toWgs(x: number, y: number): [number, number] {
  return toTm35.inverse([x, y]) as [number, number];
}
