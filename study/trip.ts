/**
 * One trip between two places: the drive time, and when asked the Helsinki Region Travel Time
 * Matrix's door-to-door reading of it (engine/door-to-door.ts). The CLI's `route` and `matrix` and
 * the API's POST /api/route answer with this; a cell of the app's map (POST /api/cells/at) reads
 * the drive to its nearest point of each level the same way.
 */
import { doorToDoor, offers, DS_PER_MIN, InvalidInputError, isActiveProfile, LEVELS, type Place, type TripResult, type RoadModel, type PlacedService, type ServiceLevel } from "../engine/index.ts";
import { noteJson } from "./views.ts";
import { doorToDoorNote, roadNotes } from "./caveats.ts";
import type { Study } from "./study.ts";

/** The door-to-door reading of a drive, minutes with one decimal (the parking search as given). */
export interface DoorToDoorJson {
  readonly minutes: number;
  readonly drive_min: number;
  readonly walk_min: number;
  readonly parking_min: number;
}

const oneDecimal = (m: number) => Math.round(m * 10) / 10;

/** A drive (ds, connectors included) between two snapped places, read door to door, whole seconds. */
export function doorToDoorSeconds(driveDs: number, a: Place, b: Place): number {
  return Math.round(doorToDoor(driveDs, a, b).totalMin * 60);
}

/** A drive (ds, connectors included) between two snapped places, read door to door, leg by leg. */
export function doorToDoorJson(driveDs: number, a: Place, b: Place): DoorToDoorJson {
  const d = doorToDoor(driveDs, a, b);
  return { minutes: oneDecimal(d.totalMin), drive_min: oneDecimal(d.driveMin), walk_min: oneDecimal(d.walkMin), parking_min: d.parkingMin };
}

/**
 * Door to door is a car trip's reading (walks to and from the parked car, the parking search): on
 * foot or by bike it is an InvalidInputError naming `door_to_door`.
 */
export function checkDoorToDoor(study: Study): void {
  if (isActiveProfile(study.profile)) throw new InvalidInputError(`door_to_door: a car trip's reading; profile ${study.profile} has none`, "door_to_door", true);
}

/** What a trip reply holds; `door_to_door` only when asked, null when no road joins the places. */
export interface TripJson {
  readonly from: { readonly lon: number; readonly lat: number; readonly snap_distance_m: number };
  readonly to: { readonly lon: number; readonly lat: number; readonly snap_distance_m: number };
  readonly profile: string;
  readonly model: RoadModel;
  readonly seconds: number | null;
  readonly minutes: number | null;
  readonly meters: number | null;
  readonly door_to_door?: DoorToDoorJson | null;
}

/** The trip's reply from its places and the router's answer. */
function tripJson(a: Place, b: Place, profile: string, model: RoadModel, trip: TripResult | null, doorToDoor: boolean): TripJson {
  const end = (p: Place) => ({ lon: p.lon, lat: p.lat, snap_distance_m: Math.round(p.snap.distanceM) });
  return {
    from: end(a),
    to: end(b),
    profile,
    model,
    seconds: trip ? Math.round(trip.timeDs / 10) : null,
    minutes: trip ? oneDecimal(trip.timeDs / DS_PER_MIN) : null,
    meters: trip ? Math.round(trip.lengthM) : null,
    ...(doorToDoor ? { door_to_door: trip ? doorToDoorJson(trip.timeDs, a, b) : null } : {}),
  };
}

/** A trip on the study's roads under its profile, with the study's road notes (and the door-to-door note when asked). */
export function tripView(study: Study, from: { lon: number; lat: number }, to: { lon: number; lat: number }, doorToDoor: boolean): TripJson & { notes: ReturnType<typeof noteJson>[] } {
  if (doorToDoor) checkDoorToDoor(study);
  const router = study.router;
  const a = router.place("from", from.lon, from.lat, study.maxSnapM);
  const b = router.place("to", to.lon, to.lat, study.maxSnapM);
  const notes = [...roadNotes(study.parts.meta, study.profile, study.model), ...(doorToDoor ? [doorToDoorNote()] : [])];
  return { ...tripJson(a, b, study.profile, study.model, router.route(a, b, study.profile), doorToDoor), notes: notes.map(noteJson) };
}

/** The nearest point of a level from a place, and the door-to-door reading of the drive to it. */
export interface NearestDoorToDoorJson extends DoorToDoorJson {
  readonly point: { readonly id: string; readonly name: { readonly fi: string; readonly sv: string } };
  /** Door to door, whole seconds (doorToDoorSeconds). */
  readonly seconds: number;
  /** The drive, connectors included, whole seconds: the figures' time to this point. */
  readonly drive_seconds: number;
}

/**
 * From a place (a cell's centre) to the nearest open point of each level among `placed`, nearest
 * by drive time as every figure counts it, with the door-to-door reading of that drive: the trips
 * are Router.matrix's from the place (as `matrix --door-to-door` makes them), read by
 * doorToDoorJson and doorToDoorSeconds. The place is one the caller knows to be on the roads (a
 * cell with a link), snapped to its nearest road as the cell's link was; null (no road near) gives
 * null for every level, as does a level no point of which is reached. Refused on foot and by bike
 * (`door_to_door`).
 */
export function nearestDoorToDoor(study: Study, from: { lon: number; lat: number } | null, placed: readonly PlacedService[]): Record<ServiceLevel, NearestDoorToDoorJson | null> {
  checkDoorToDoor(study);
  const none = { L: null, A: null, E: null };
  const router = study.router;
  const origin = from && router.tryPlace("from", from.lon, from.lat, Infinity);
  const open = placed.filter((s) => s.point.open);
  if (!origin || open.length === 0) return none;
  const places: Place[] = open.map((s) => ({ id: s.point.id, lon: s.point.lon, lat: s.point.lat, snap: s.target.snap, connectorDs: s.target.connectorDs }));
  const trips = router.matrix([origin], places, study.profile)[0];
  const nearest = (level: ServiceLevel): NearestDoorToDoorJson | null => {
    let best = -1;
    open.forEach((s, i) => {
      const t = trips[i];
      if (!t || !offers(s.point.level, level)) return;
      const b = best < 0 ? null : trips[best]!;
      if (!b || t.timeDs < b.timeDs || (t.timeDs === b.timeDs && t.lengthM < b.lengthM)) best = i;
    });
    if (best < 0) return null;
    const { point } = open[best];
    const trip = trips[best]!;
    return {
      point: { id: point.id, name: { fi: point.name.fi, sv: point.name.sv } },
      seconds: doorToDoorSeconds(trip.timeDs, origin, places[best]),
      drive_seconds: Math.round(trip.timeDs / 10),
      ...doorToDoorJson(trip.timeDs, origin, places[best]),
    };
  };
  return Object.fromEntries(LEVELS.map((l) => [l, nearest(l)])) as Record<ServiceLevel, NearestDoorToDoorJson | null>;
}
