/** Units and shared constants. Times are integer deciseconds (`Ds`), lengths metres (`M`). */

/** Marks a node or cell that no search reached within its cutoff. */
export const UNREACHED = 0xffffffff;

/** Deciseconds per minute. */
export const DS_PER_MIN = 600;

/** The planners' default reachability thresholds, in minutes. */
export const DEFAULT_THRESHOLDS_MIN: readonly number[] = [15, 30, 60, 90, 120, 150, 180];

/** The longest threshold the engine searches to by default: 180 min. */
export const MAX_CUTOFF_DS = 180 * DS_PER_MIN;

/** Travel time in deciseconds for a length at a speed. Rounded, at least 1 ds for a non-empty edge. */
export function timeDsFor(lengthM: number, speedKmh: number): number {
  if (lengthM <= 0) return 0;
  return Math.max(1, Math.round((lengthM * 36) / speedKmh));
}

/** Mean Earth radius in metres (IUGG), used for haversine and local projections. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two WGS84 points. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Speed (km/h) over the stretch between a place and the road it snaps to: yards, driveways and
 * unmapped private roads. A stated assumption, applied the same way everywhere.
 */
export const CONNECTOR_KMH = 20;

/** Farthest a place may lie from a road (m) and still be placed on the network. */
export const DEFAULT_MAX_SNAP_M = 2000;
