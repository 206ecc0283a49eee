/**
 * One trip between two places: the drive time, and when asked the Helsinki Region Travel Time
 * Matrix's door-to-door reading of it (engine/door-to-door.ts). The CLI's `route` and the API's
 * GET /api/route both answer with this.
 */
import { Router, doorToDoor, DS_PER_MIN, InvalidInputError, isActiveProfile, type Place, type TripResult, type RoadModel } from "../engine/index.ts";
import { noteJson } from "./views.ts";
import { roadNotes } from "./caveats.ts";
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

/** A trip on the study's roads under its profile, with the study's road notes. */
export function tripView(study: Study, from: { lon: number; lat: number }, to: { lon: number; lat: number }, doorToDoor: boolean): TripJson & { notes: ReturnType<typeof noteJson>[] } {
  // Door to door is a car trip's reading (walks to and from the parked car, the parking search).
  if (doorToDoor && isActiveProfile(study.profile)) throw new InvalidInputError(`door_to_door: a car trip's reading; profile ${study.profile} has none`, "door_to_door", true);
  const router = new Router(study.parts.graph, study.parts.snapIndex, study.model);
  const a = router.place("from", from.lon, from.lat, study.maxSnapM);
  const b = router.place("to", to.lon, to.lat, study.maxSnapM);
  return { ...tripJson(a, b, study.profile, study.model, router.route(a, b, study.profile), doorToDoor), notes: roadNotes(study.parts.meta, study.profile, study.model).map(noteJson) };
}
