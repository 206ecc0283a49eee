/**
 * The car speed model: which OSM ways a car may drive, in which direction, and how fast.
 * Every figure lives in ROAD_CLASSES below, one row per class with the source of its number;
 * the README repeats the table. Pure: tags in, a rule out.
 */

/** Profiles the graph carries, in the order of `RoadGraph.timeDs`. */
export const PROFILES = ["car", "car-winter"] as const;
export type ProfileName = (typeof PROFILES)[number];

export function isProfileName(s: string): s is ProfileName {
  return (PROFILES as readonly string[]).includes(s);
}

/**
 * Share of the posted limit a car averages over a link: junctions, bends, acceleration.
 * 0.8 is OSRM's car profile `speed_reduction`, applied there to every tagged maxspeed; we apply it
 * to tagged and default limits alike so one rule covers both. Ferries are timetabled and exempt.
 */
export const SPEED_REDUCTION = 0.8;

export interface RoadClass {
  /** OSM `highway=*` value, or `ferry` for `route=ferry`. */
  readonly tag: string;
  /** Posted limit (km/h) assumed when a way has no usable maxspeed, summer. */
  readonly summerKmh: number;
  /** The same in winter (`car-winter`). */
  readonly winterKmh: number;
  /** Whether `oneway` is implied for this class when untagged. */
  readonly impliedOneway: boolean;
  /** Where the default comes from. */
  readonly source: string;
}

/**
 * Finnish default limits per road class where a way carries no maxspeed.
 * Law: Tieliikennelaki 729/2018 §§ 38–39: general limit 50 km/h in built-up areas, 80 km/h elsewhere;
 * 20 km/h on a pihakatu (living street). Winter: the Finnish Transport Infrastructure Agency lowers the
 * 120 km/h motorway limits to 100 and the 100 km/h main-road limits to 80 from about October to April
 * ("talvinopeusrajoitukset"); roads at 80 km/h or below keep their limit.
 */
export const ROAD_CLASSES: readonly RoadClass[] = [
  { tag: "motorway", summerKmh: 120, winterKmh: 100, impliedOneway: true, source: "usual Finnish motorway sign; winter 100" },
  { tag: "motorway_link", summerKmh: 60, winterKmh: 60, impliedOneway: true, source: "typical ramp sign (project choice)" },
  { tag: "trunk", summerKmh: 100, winterKmh: 80, impliedOneway: false, source: "usual main-road (valtatie) sign; winter 80" },
  { tag: "trunk_link", summerKmh: 60, winterKmh: 60, impliedOneway: false, source: "typical ramp sign (project choice)" },
  { tag: "primary", summerKmh: 80, winterKmh: 80, impliedOneway: false, source: "general limit outside built-up areas" },
  { tag: "primary_link", summerKmh: 50, winterKmh: 50, impliedOneway: false, source: "built-up general limit" },
  { tag: "secondary", summerKmh: 80, winterKmh: 80, impliedOneway: false, source: "general limit outside built-up areas" },
  { tag: "secondary_link", summerKmh: 50, winterKmh: 50, impliedOneway: false, source: "built-up general limit" },
  { tag: "tertiary", summerKmh: 60, winterKmh: 60, impliedOneway: false, source: "between rural 80 and urban 50 (project choice)" },
  { tag: "tertiary_link", summerKmh: 40, winterKmh: 40, impliedOneway: false, source: "project choice" },
  { tag: "unclassified", summerKmh: 50, winterKmh: 50, impliedOneway: false, source: "built-up general limit; minor roads rarely sustain 80" },
  { tag: "residential", summerKmh: 40, winterKmh: 40, impliedOneway: false, source: "common 40 km/h residential zone in Finnish towns" },
  { tag: "living_street", summerKmh: 20, winterKmh: 20, impliedOneway: false, source: "pihakatu, Tieliikennelaki § 39" },
  { tag: "service", summerKmh: 20, winterKmh: 20, impliedOneway: false, source: "yards and access roads (project choice)" },
  { tag: "road", summerKmh: 40, winterKmh: 40, impliedOneway: false, source: "unknown class (project choice)" },
  { tag: "ferry", summerKmh: 10, winterKmh: 10, impliedOneway: false, source: "road ferry (lossi) cruising speed when no `duration` is tagged" },
];

/** Index of a class in ROAD_CLASSES, by tag. */
export const CLASS_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  ROAD_CLASSES.map((c, i) => [c.tag, i]),
);
export const FERRY_CLASS = CLASS_INDEX.ferry;

/** `service=*` values a car does not use for through travel. */
const EXCLUDED_SERVICE = new Set(["emergency_access"]);
/** Access values that forbid a private car. */
const FORBIDDEN = new Set(["no", "private", "agricultural", "forestry", "emergency", "use_sidepath", "discouraged"]);
/**
 * Access values that let a car in only to start or end a trip there. OSRM's car profile (car.lua:
 * `restricted_access_tag_list` private, delivery, destination, customers) keeps such ways but gives
 * any turn from an open way onto one `max_turn_weight`, so no route passes through them. A node graph
 * cannot tell a route that ends on a way from one that passes through it, so these ways are left
 * out: a place on one snaps to the nearest open road, the stretch covered by the connector.
 */
const RESTRICTED_ACCESS: readonly string[] = ["destination", "customers", "delivery"];
const RESTRICTED = new Set(RESTRICTED_ACCESS);
/** Access values that permit one (overriding a more general `no`). */
const ALLOWED = new Set(["yes", "designated", "permissive"]);

/** Finnish zone and implicit maxspeed values (`maxspeed=FI:urban` etc.). */
const ZONE_SPEEDS: Readonly<Record<string, number>> = {
  "fi:urban": 50,
  "fi:rural": 80,
  "fi:motorway": 120,
  "fi:living_street": 20,
  "fi:pedestrian_zone": 20,
};

export interface WayRule {
  readonly roadClass: number;
  readonly forward: boolean;
  readonly backward: boolean;
  /** Effective driving speed per profile (km/h), forward direction. */
  readonly forwardKmh: readonly number[];
  /** Effective driving speed per profile (km/h), backward direction. */
  readonly backwardKmh: readonly number[];
  /** For ferries with a `duration` tag: the crossing time in seconds, spread over the way by length. */
  readonly durationS?: number;
}

export type Tags = Readonly<Record<string, string | undefined>>;

/**
 * Parses an OSM maxspeed value into km/h. Accepts numbers, "N mph", Finnish zone values
 * ("FI:urban", "FI:rural", "FI:30"). Returns undefined for "none", "signals", garbage.
 */
export function parseMaxspeed(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim().toLowerCase();
  if (v in ZONE_SPEEDS) return ZONE_SPEEDS[v];
  const zone = /^fi:(\d+)$/.exec(v);
  if (zone) return Number(zone[1]);
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh)?$/.exec(v);
  if (!m) return v === "walk" ? 5 : undefined;
  const n = Number(m[1]) * (m[2] === "mph" ? 1.609344 : 1);
  return n > 0 && n <= 200 ? n : undefined;
}

/** Parses a ferry `duration`: "HH:MM", "HH:MM:SS", "MM", or ISO 8601 "PT1H20M". Seconds, or undefined. */
export function parseDurationS(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim();
  let m = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(v);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  m = /^(\d+)$/.exec(v);
  if (m) return Number(m[1]) * 60;
  m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/i.exec(v);
  if (m && (m[1] || m[2] || m[3])) return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return undefined;
}

/**
 * What the most specific access tag that says something decides, `keys` from the most specific
 * (a car: motorcar > motor_vehicle > vehicle > access): false for a forbidden or restricted value,
 * true for an allowed one, undefined when none of them says.
 */
export function accessDecides(tags: Tags, keys: readonly string[]): boolean | undefined {
  for (const key of keys) {
    const v = tags[key]?.toLowerCase();
    if (v === undefined) continue;
    if (FORBIDDEN.has(v) || RESTRICTED.has(v)) return false;
    if (ALLOWED.has(v)) return true;
  }
  return undefined;
}

const CAR_ACCESS = ["motorcar", "motor_vehicle", "vehicle", "access"];

/** The winter limit for a posted summer limit: 120 → 100, 100 → 80, others unchanged. */
export function winterLimitKmh(summerKmh: number): number {
  return summerKmh >= 100 ? summerKmh - 20 : summerKmh;
}

function speedsFor(tags: Tags, cls: RoadClass, dirKey: "forward" | "backward"): number[] {
  const tagged =
    parseMaxspeed(tags[`maxspeed:${dirKey}`]) ??
    parseMaxspeed(tags.maxspeed) ??
    parseMaxspeed(tags["zone:maxspeed"]) ??
    parseMaxspeed(tags["source:maxspeed"]);
  const summer = tagged ?? cls.summerKmh;
  const winterTag = parseMaxspeed(tags["maxspeed:winter"]);
  const winter = winterTag ?? (tagged !== undefined ? winterLimitKmh(tagged) : cls.winterKmh);
  return [summer * SPEED_REDUCTION, winter * SPEED_REDUCTION];
}

/**
 * Decides whether and how a car uses an OSM way. Returns null when no car may use it.
 * Rules: car road classes in ROAD_CLASSES; `route=ferry` unless closed to cars; access tags;
 * oneway (yes/1/true, -1/reverse, implied on motorways and roundabouts, `oneway=no` overrides).
 */
export function carRule(tags: Tags): WayRule | null {
  // `highway=ferry` is not a road; only `route=ferry` makes a ferry.
  const clsIndex =
    tags.route === "ferry" ? FERRY_CLASS : tags.highway !== undefined && tags.highway !== "ferry" ? CLASS_INDEX[tags.highway] : undefined;
  if (clsIndex === undefined) return null;
  if (tags.area === "yes") return null;
  if (tags.service !== undefined && EXCLUDED_SERVICE.has(tags.service)) return null;
  if (accessDecides(tags, CAR_ACCESS) === false) return null;
  const cls = ROAD_CLASSES[clsIndex];

  const oneway = tags.oneway?.toLowerCase();
  if (oneway === "reversible" || oneway === "alternating") return null;
  const roundabout = tags.junction === "roundabout" || tags.junction === "circular";
  let forward = true;
  let backward = true;
  if (oneway === "-1" || oneway === "reverse") forward = false;
  else if (oneway === "yes" || oneway === "1" || oneway === "true") backward = false;
  else if (oneway !== "no" && oneway !== "false" && oneway !== "0" && (cls.impliedOneway || roundabout)) backward = false;

  if (clsIndex === FERRY_CLASS) {
    const speeds = [cls.summerKmh, cls.winterKmh];
    return { roadClass: clsIndex, forward, backward, forwardKmh: speeds, backwardKmh: speeds, durationS: parseDurationS(tags.duration) };
  }
  return {
    roadClass: clsIndex,
    forward,
    backward,
    forwardKmh: speedsFor(tags, cls, "forward"),
    backwardKmh: speedsFor(tags, cls, "backward"),
  };
}

/** A short fingerprint of the speed model: cached graphs built under another model are rebuilt. */
export function speedModelVersion(): string {
  return fingerprint({ ROAD_CLASSES, SPEED_REDUCTION, ZONE_SPEEDS, FORBIDDEN: [...FORBIDDEN], RESTRICTED_ACCESS, ALLOWED: [...ALLOWED] });
}

/** FNV-1a of a value's JSON, 8 hex digits: a model's tables in a cache key. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
