/**
 * Door to door by car, as the Helsinki Region Travel Time Matrix (2013–2018) counts a car trip, for
 * comparison with its published times: walk from the place to the nearest road, walk on to the
 * parked car, drive, search for a parking place, walk from the car to the road nearest the
 * destination and on to the destination. The figures are MetropAccess-Digiroad's step 4
 * (HTenkanen/MetropAccess-Digiroad_ArcGIS10_2, src/Vaihe4_KokonaismatkaketjunLaskenta.py, the tool
 * the 2015 matrix ran with; its README, AccessibilityRG/HelsinkiRegionTravelTimeMatrix2015, lists
 * the same six legs). Planning figures are drive times; this is asked for explicitly.
 */
import { toEtrs } from "./projection.ts";
import { pointInRing } from "./rings.ts";

/** Walking speed, m/min: the matrix's (HSL Journey Planner's default), `Kavelynopeus = 70.0`. */
export const WALK_M_PER_MIN = 70;

/** Walk between the road and the parked car, m: 180 in Helsinki's inner city, 135 elsewhere. */
export const WALK_TO_CAR_M = { innerCity: 180, elsewhere: 135 } as const;

/**
 * Time to find a parking place at the destination, min: the tool's "average" type (its default;
 * its other types, kept for reference: on-street 0.73, garage 0.22, separate lots 0.16, need a
 * parking type per destination, which we do not have).
 */
export const PARKING_SEARCH_MIN = 0.42;

/**
 * Helsinki's inner city (kantakaupunki) as the tool draws it: a quadrilateral in EPSG:3067
 * (`coordList` in step 4).
 */
export const INNER_CITY_ETRS: readonly (readonly [number, number])[] = [
  [387678.024778, 6675360.99039],
  [387891.53396, 6670403.35286],
  [383453.380944, 6670212.21613],
  [383239.871737, 6675169.85373],
];

/** Whether a WGS84 place lies in the inner city of the matrix's definition. */
export function inInnerCity(lon: number, lat: number): boolean {
  const [x, y] = toEtrs(lon, lat);
  return pointInRing(x, y, INNER_CITY_ETRS as [number, number][]);
}

/** One end of a trip (a Router Place is one): where it is and how far from the road it snapped. */
interface TripEnd {
  readonly lon: number;
  readonly lat: number;
  /** Straight-line distance to the road, m. */
  readonly snap: { readonly distanceM: number };
  /** What the drive time charged for that stretch (the connector), ds. */
  readonly connectorDs: number;
}

/** A door-to-door time and its legs, minutes. */
export interface DoorToDoor {
  readonly totalMin: number;
  readonly driveMin: number;
  readonly walkMin: number;
  readonly parkingMin: number;
}

/**
 * The matrix's door-to-door time for a drive of `driveDs` (connectors included) between two ends:
 * the connectors become walks at WALK_M_PER_MIN, plus the walks to and from the car by zone and
 * the parking search at the destination.
 */
export function doorToDoor(driveDs: number, from: TripEnd, to: TripEnd): DoorToDoor {
  const toCar = (e: TripEnd) => (inInnerCity(e.lon, e.lat) ? WALK_TO_CAR_M.innerCity : WALK_TO_CAR_M.elsewhere);
  const driveMin = (driveDs - from.connectorDs - to.connectorDs) / 600;
  const walkMin = (from.snap.distanceM + toCar(from) + toCar(to) + to.snap.distanceM) / WALK_M_PER_MIN;
  return { totalMin: driveMin + walkMin + PARKING_SEARCH_MIN, driveMin, walkMin, parkingMin: PARKING_SEARCH_MIN };
}
