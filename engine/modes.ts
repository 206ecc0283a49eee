/**
 * Walking and cycling: which OSM ways a walker or a cyclist may use, in which direction, and how
 * fast. Each mode has a graph of its own, built from the same extract by the same importer with
 * its rule (data/osm/import.ts) and named by its one profile (`walk`, `bike`); the engine searches
 * it as it searches the car graph. Every figure lives in PATH_CLASSES and the constants below, each
 * with its source; the README repeats the table. Pure: tags in, a rule out.
 */
import { CLASS_INDEX, FERRY_CLASS, ROAD_CLASSES, accessDecides, carRule, fingerprint, parseDurationS, type Tags, type WayRule } from "./profiles.ts";
import { WALK_M_PER_MIN } from "./door-to-door.ts";
import { CONNECTOR_KMH } from "./units.ts";

/** The graphs an extract gives: the car's (profiles car, car-winter) and one per active mode. */
export const MODES = ["car", "walk", "bike"] as const;
export type Mode = (typeof MODES)[number];

/** The profiles of the walking and the cycling graph: each mode's graph holds its one. */
export const ACTIVE_PROFILES = ["walk", "bike"] as const;
export type ActiveProfile = (typeof ACTIVE_PROFILES)[number];

/** Whether a profile is walking or cycling (no time of day, no turn costs: those model driving). */
export function isActiveProfile(s: string): s is ActiveProfile {
  return (ACTIVE_PROFILES as readonly string[]).includes(s);
}

/** The graph a profile is searched on: `walk` and `bike` their own, every other the car's. */
export function modeOf(profile: string): Mode {
  return isActiveProfile(profile) ? profile : "car";
}

/**
 * Walking speed, km/h: 70 m/min, the Helsinki Region Travel Time Matrix's walking speed (HSL
 * Journey Planner's default; engine/door-to-door.ts), 4.2 km/h.
 */
export const WALK_KMH = (WALK_M_PER_MIN * 60) / 1000;

/**
 * Cycling speed, km/h: 16.8, four times the walking speed, as the Helsinki Region Travel Time
 * Matrix 2013 timed cycling (Digital Geography Lab, University of Helsinki; reported by Helsinki
 * Times, "Bicycle the fastest way to cover short distances in Helsinki": walkers 4.2 km/h,
 * cyclists 16.8 km/h). One speed on every way: no hills, junctions or surfaces.
 */
export const BIKE_KMH = WALK_KMH * 4;

/**
 * Speed on steps, km/h: half the walking speed. Fruin (1971, Pedestrian Planning and Design) measured
 * horizontal speeds on stairs of about 0.5–0.6 m/s against about 1.2–1.3 m/s on the level.
 */
export const STEPS_KMH = WALK_KMH / 2;

/**
 * Speed (km/h) over the stretch between a place and the way it joins: on a car graph CONNECTOR_KMH
 * (yards and driveways, driven slowly); on a walking or cycling graph walking speed, as the Helsinki
 * Region Travel Time Matrix walks its stretches to the network (a cyclist walks the bike where no way is mapped).
 */
export function connectorKmh(graph: { readonly profiles: readonly string[] }): number {
  return graph.profiles.some(isActiveProfile) ? WALK_KMH : CONNECTOR_KMH;
}

/** How a cyclist uses a class of way by default: rides it, pushes the bike along it (walking speed), or may not. */
type BikeUse = "ride" | "push" | "no";

export interface PathClass {
  /** OSM `highway=*` value. */
  readonly tag: string;
  /** Walking speed on it (km/h); 0: walkers may not use it unless `foot=*` allows. */
  readonly walkKmh: number;
  readonly bike: BikeUse;
  /** Where the rule comes from. */
  readonly source: string;
}

/**
 * Ways no car uses that walkers or cyclists do. Their edges carry road class ROAD_CLASSES.length + i
 * (WAY_CLASS_TAGS), beside the car classes.
 */
export const PATH_CLASSES: readonly PathClass[] = [
  { tag: "pedestrian", walkKmh: WALK_KMH, bike: "push", source: "kävelykatu: cycling only where signed (bicycle=yes)" },
  { tag: "footway", walkKmh: WALK_KMH, bike: "push", source: "jalkakäytävä: adults may not cycle on it (Tieliikennelaki 729/2018) unless bicycle=yes" },
  { tag: "cycleway", walkKmh: WALK_KMH, bike: "ride", source: "pyörätie, mostly a combined pyörätie ja jalkakäytävä in Finland; foot=no where walkers may not" },
  { tag: "path", walkKmh: WALK_KMH, bike: "ride", source: "OSM Finland: path is open to walkers and cyclists unless tagged" },
  { tag: "track", walkKmh: WALK_KMH, bike: "ride", source: "forest and field roads (metsäautotie): open to walkers and cyclists (jokamiehenoikeus)" },
  { tag: "bridleway", walkKmh: WALK_KMH, bike: "no", source: "ratsastustie (project choice)" },
  { tag: "steps", walkKmh: STEPS_KMH, bike: "no", source: "half walking speed (Fruin 1971); a bike only where ramp:bicycle=yes, pushed" },
];

/** Every road class an edge may carry, by index: the car's (ROAD_CLASSES), then the paths'. */
export const WAY_CLASS_TAGS: readonly string[] = [...ROAD_CLASSES.map((c) => c.tag), ...PATH_CLASSES.map((c) => c.tag)];
const PATH_INDEX: Readonly<Record<string, number>> = Object.fromEntries(PATH_CLASSES.map((c, i) => [c.tag, ROAD_CLASSES.length + i]));
const STEPS_CLASS = PATH_INDEX.steps;

/**
 * Car road classes a walker or a cyclist may not use: motorways and their ramps (Tieliikennelaki
 * 729/2018: no walking or cycling on a moottoritie or moottoriliikennetie; a trunk road that is
 * one carries motorroad=yes).
 */
const NO_ACTIVE = new Set(["motorway", "motorway_link"]);


/** Access keys from the most specific, per mode. */
const WALK_ACCESS = ["foot", "access"];
const BIKE_ACCESS = ["bicycle", "vehicle", "access"];

/** The class a way has for walkers and cyclists, and whether it is a ferry; undefined when neither may use it at all. */
function classOf(tags: Tags): number | undefined {
  if (tags.route === "ferry") return FERRY_CLASS;
  const h = tags.highway;
  if (h === undefined || h === "ferry" || NO_ACTIVE.has(h)) return undefined;
  return PATH_INDEX[h] ?? CLASS_INDEX[h];
}

/** What walking and cycling rules share: the class, area and motor-road tests. Null when neither may use the way. */
function activeClass(tags: Tags): number | null {
  const cls = classOf(tags);
  if (cls === undefined || tags.area === "yes" || tags.motorroad === "yes") return null;
  return cls;
}

/** A rule that goes both ways at one speed (or over a ferry's tagged duration). */
function bothWays(roadClass: number, kmh: number, tags: Tags): WayRule {
  const speeds = [kmh];
  const durationS = roadClass === FERRY_CLASS ? parseDurationS(tags.duration) : undefined;
  return { roadClass, forward: true, backward: true, forwardKmh: speeds, backwardKmh: speeds, ...(durationS !== undefined ? { durationS } : {}) };
}

/**
 * Whether and how a walker uses an OSM way. Null when not. Rules: the car's road classes but
 * motorways and motor roads, the paths in PATH_CLASSES, ferries at their car speed; `foot=*` over
 * `access=*`; both directions always (a one-way street binds vehicles, not walkers).
 */
export function walkRule(tags: Tags): WayRule | null {
  const cls = activeClass(tags);
  if (cls === null) return null;
  const access = accessDecides(tags, WALK_ACCESS);
  if (access === false) return null;
  const kmh = cls === FERRY_CLASS ? ROAD_CLASSES[FERRY_CLASS].summerKmh : cls >= ROAD_CLASSES.length ? PATH_CLASSES[cls - ROAD_CLASSES.length].walkKmh : WALK_KMH;
  return bothWays(cls, kmh, tags);
}

/**
 * Whether and how a cyclist uses an OSM way. Null when not. Rules: the car's road classes but
 * motorways and motor roads, cycleways, paths and tracks ridden; footways and pedestrian streets
 * walked with the bike unless `bicycle=yes`; steps only with `ramp:bicycle=yes`, walked;
 * `bicycle=*` over `vehicle=*` over `access=*` (`dismount`: walked); a car's oneway binds the
 * cyclist too unless `oneway:bicycle=no` or a contraflow `cycleway=opposite*`.
 */
export function bikeRule(tags: Tags): WayRule | null {
  const cls = activeClass(tags);
  if (cls === null) return null;
  const path = cls >= ROAD_CLASSES.length ? PATH_CLASSES[cls - ROAD_CLASSES.length] : undefined;
  const access = accessDecides(tags, BIKE_ACCESS);
  if (access === false && tags.bicycle?.toLowerCase() !== "dismount") return null;
  let use: BikeUse = path?.bike ?? "ride";
  if (cls === STEPS_CLASS) use = tags["ramp:bicycle"] === "yes" || tags.ramp === "yes" ? "push" : "no";
  else if (tags.bicycle?.toLowerCase() === "dismount") use = "push";
  else if (access === true && use === "push") use = "ride";
  else if (access === true && use === "no") use = "ride";
  if (use === "no") return null;
  if (cls === FERRY_CLASS) return bothWays(cls, ROAD_CLASSES[FERRY_CLASS].summerKmh, tags);
  if (use === "push") return bothWays(cls, cls === STEPS_CLASS ? STEPS_KMH : WALK_KMH, tags);
  const rule = bothWays(cls, BIKE_KMH, tags);
  const { forward, backward } = bikeDirections(tags, cls);
  return { ...rule, forward, backward };
}

/** The directions a cyclist may ride a way: its oneway (as for cars), lifted by `oneway:bicycle=no` or a contraflow lane. */
function bikeDirections(tags: Tags, cls: number): { forward: boolean; backward: boolean } {
  const own = tags["oneway:bicycle"]?.toLowerCase();
  if (own === "no" || own === "0" || own === "false" || /^opposite/.test(tags.cycleway ?? "")) return { forward: true, backward: true };
  const oneway = (own ?? tags.oneway)?.toLowerCase();
  if (oneway === "-1" || oneway === "reverse") return { forward: false, backward: true };
  if (oneway === "yes" || oneway === "1" || oneway === "true") return { forward: true, backward: false };
  const roundabout = tags.junction === "roundabout" || tags.junction === "circular";
  const implied = cls < ROAD_CLASSES.length && ROAD_CLASSES[cls].impliedOneway;
  return oneway !== "no" && (roundabout || implied) ? { forward: true, backward: false } : { forward: true, backward: true };
}

/** The way rule of a mode: the car's speed model, or walking's, or cycling's. */
export function ruleOf(mode: Mode): (tags: Tags) => WayRule | null {
  return mode === "walk" ? walkRule : mode === "bike" ? bikeRule : carRule;
}

/** A short fingerprint of a mode's rules: a cached graph built under other rules is rebuilt. */
export function modeModelVersion(mode: Exclude<Mode, "car">): string {
  return fingerprint({ mode, PATH_CLASSES, WALK_KMH, BIKE_KMH, STEPS_KMH, NO_ACTIVE: [...NO_ACTIVE], WALK_ACCESS, BIKE_ACCESS });
}
