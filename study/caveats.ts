/**
 * The notes an analysis brings besides its inputs': the roads (GENERATED or real), service points
 * left out or far from the road, a level no open point offers, and people beyond the last
 * threshold. Made once here for the base and for every scenario.
 */
import {
  type LevelFigures, type AnalysisResult, LEVELS, pointsOffering, type ServiceLevel, type ServicePoint, splitProfile, JUNCTION_DELAY_S, JUNCTION_SHARE, FAST_ROAD_FACTOR, RAMP_FACTOR, type RoadModel,
  TURN_COST_S, NODE_DELAY_S, WALK_KMH, BIKE_KMH, STEPS_KMH, isActiveProfile, WALK_M_PER_MIN, WALK_TO_CAR_M, PARKING_SEARCH_MIN,
} from "../engine/index.ts";
import { note, type Note } from "./notes.ts";

/** A service point this far from the road (m) is worth a note: it may lie outside the extract. */
const FAR_SNAP_M = 500;

/**
 * The roads' notes: a GENERATED network says so on every output, times on foot or by bike give
 * their speeds, the turns model its turn costs and node delays, and times at a time of day its
 * delays (none at junctions under the turns model, engine/road-model.ts's modelProfile).
 */
export function roadNotes(meta: { readonly generated?: boolean }, profile: string, model: RoadModel = "plain"): Note[] {
  const notes: Note[] = meta.generated ? [note("generated-roads", {})] : [];
  if (isActiveProfile(profile)) notes.push(note("active-mode", { mode: profile, walkKmh: WALK_KMH, stepsKmh: STEPS_KMH, bikeKmh: BIKE_KMH, connectorKmh: WALK_KMH }));
  if (model === "turns") {
    const t = TURN_COST_S, d = NODE_DELAY_S;
    notes.push(note("turns-model", { turnS: { left: t.left, right: t.right, uTurn: t["u-turn"] }, nodeS: { signals: d.traffic_signals, stop: d.stop, giveWay: d.give_way, crossing: d.crossing } }));
  }
  const at = splitProfile(profile);
  if (at) {
    const delay = (g: keyof typeof JUNCTION_DELAY_S) => Math.round(JUNCTION_SHARE * JUNCTION_DELAY_S[g][at.time] * 10) / 10;
    const junctionDelayS = model === "turns" ? null : ([delay("1-2"), delay("3"), delay("4-6")] as const);
    notes.push(note("time-of-day", { time: at.time, junctionDelayS, fastRoadFactor: FAST_ROAD_FACTOR[at.time], rampFactor: RAMP_FACTOR[at.time] }));
  }
  return notes;
}

/** What a door-to-door time beside a drive time counts (engine/door-to-door.ts): with every reply that gives one. */
export function doorToDoorNote(): Note {
  return note("door-to-door", { walkMPerMin: WALK_M_PER_MIN, walkToCarM: { innerCity: WALK_TO_CAR_M.innerCity, elsewhere: WALK_TO_CAR_M.elsewhere }, parkingMin: PARKING_SEARCH_MIN });
}

const named = (p: ServicePoint) => ({ id: p.id, name: { fi: p.name.fi, sv: p.name.sv } });

/** Notes on the service points placed (or not) and on the figures of one run. */
export function resultNotes(
  placed: AnalysisResult["placed"],
  unplaced: readonly ServicePoint[],
  points: readonly ServicePoint[],
  figures: LevelFigures,
  maxSnapM: number,
  box: readonly [number, number, number, number],
): Note[] {
  const notes: Note[] = [];
  for (const level of LEVELS) {
    if (pointsOffering(points, level).every((p) => unplaced.includes(p))) notes.push(note("level-without-open-point", { level }));
  }
  // A point outside the extract's box is simply elsewhere (a county's set on a city's extract); one inside it with no road near is a problem.
  const [w, s, e, n] = box;
  const outside = unplaced.filter((p) => p.lon < w || p.lon > e || p.lat < s || p.lat > n);
  const inside = unplaced.filter((p) => !outside.includes(p));
  if (outside.length > 0) notes.push(note("points-outside-extract", { points: outside.map(named) }));
  if (inside.length > 0) notes.push(note("points-left-out", { maxSnapM, points: inside.map(named) }));
  for (const { point, target } of placed) {
    if (target.snap.distanceM > FAR_SNAP_M) notes.push(note("point-far-from-road", { ...named(point), distanceM: Math.round(target.snap.distanceM) }));
  }
  const beyond: Partial<Record<ServiceLevel, number>> = {};
  for (const level of LEVELS) if (figures.overall[level].beyond > 0) beyond[level] = figures.overall[level].beyond;
  if (Object.keys(beyond).length > 0) notes.push(note("people-beyond-cutoff", { cutoffMin: figures.thresholdsMin[figures.thresholdsMin.length - 1], people: beyond }));
  return notes;
}
