/**
 * How far each member of a regional unit lies from the unit's hub: road time from the member's
 * administrative centre to the hub's, for the grouping figures (engine/grouping.ts). Kept apart
 * from them so the figures stay a function of numbers, testable without a graph, and the routing
 * choices (profile, snap distance, direction: member to hub, as people travel to the main centre)
 * are made here once.
 */
import type { Router, Place } from "./route.ts";
import type { GroupingArea, GroupingUnitInput } from "./grouping.ts";
import { DEFAULT_MAX_SNAP_M, DS_PER_MIN } from "./units.ts";

/**
 * Time (min) by road from each member's centre to its unit's hub centre, per unit and member; null
 * when there is no hub, either centre has no road within maxSnapM, or the hub is unreachable. The
 * caller picks the profile and snap distance, as for the service points; `cache` (keyed by member
 * and hub area) saves routes shared between groupings.
 */
export function hubTimesMin(
  router: Router,
  areas: readonly GroupingArea[],
  units: readonly GroupingUnitInput[],
  profile: string,
  maxSnapM = DEFAULT_MAX_SNAP_M,
  cache: Map<string, number | null> = new Map(),
): (number | null)[][] {
  const places = new Map<number, Place | null>();
  const place = (a: number) => {
    if (!places.has(a)) {
      const c = areas[a].centre;
      places.set(a, c ? router.tryPlace(areas[a].code, c.lon, c.lat, maxSnapM) : null);
    }
    return places.get(a)!;
  };
  return units.map((u) =>
    u.members.map((m) => {
      if (u.hub === undefined) return null;
      const key = `${m}>${u.hub}`;
      if (!cache.has(key)) {
        const from = place(m);
        const to = place(u.hub);
        const trip = from && to ? router.route(from, to, profile) : null;
        cache.set(key, trip ? trip.timeDs / DS_PER_MIN : null);
      }
      return cache.get(key)!;
    }),
  );
}
