/**
 * The turn model's figures and OSM tag rules in one place, as profiles.ts is for speeds: what a
 * turn costs by its class, what a controlled node delays, which OSM tags make a node controlled,
 * and which restriction relations bind a car. Every figure names its source.
 *
 * Scheme: Conveyal R5's turn costs (com.conveyal.r5.streets.TurnCostCalculator, right-hand
 * traffic), chosen because R5 is the reference the project tests its car times against (r5py's
 * regression test) and its classes are the brief's (straight, right, left, U). OSRM's car profile
 * (profiles/car.lua) is gentler: a sigmoid of the angle up to 7.5 s (turn_penalty, turn_bias 1.075
 * favouring right turns) plus 20 s for a U-turn. R5 charges nothing at nodes; the node delays below
 * are OSRM's obstacle durations (profiles/lib/obstacles.lua).
 */

/** Classes of a turn, by its clockwise angle (degrees) between the edge in and the edge out. */
export const TURN_CLASSES = ["straight", "right", "u-turn", "left"] as const;
export type TurnClass = (typeof TURN_CLASSES)[number];

/**
 * Where the classes begin on the clockwise turn angle (degrees): right from 27°, U-turn from 153°,
 * left from 207°, straight again from 333° (and below 27°). R5's TurnCostCalculator bounds; its
 * angles run anticlockwise, mirrored here so that clockwise is right, as on the road.
 */
export const TURN_ANGLE_BOUNDS_DEG = [27, 153, 207, 333] as const;

/** Seconds per turn class, in TURN_CLASSES order. */
export const TURN_COST_S: Readonly<Record<TurnClass, number>> = {
  straight: 0, // R5 STRAIGHT_ON
  right: 10, // R5 RIGHT_TURN (drive on right: the turn that crosses no traffic)
  "u-turn": 90, // R5 U_TURN ("penalize U turns extremely heavily")
  left: 30, // R5 LEFT_TURN (crosses the oncoming lane)
};

/** Traffic controls a node may carry; index 0 is none. Stored per node in RoadGraph.nodeControl. */
export const NODE_CONTROLS = ["none", "traffic_signals", "stop", "give_way", "crossing"] as const;
export type NodeControl = (typeof NODE_CONTROLS)[number];

/** Seconds a car loses passing a node, per control. */
export const NODE_DELAY_S: Readonly<Record<NodeControl, number>> = {
  none: 0,
  traffic_signals: 2, // OSRM obstacles.lua: traffic_signal_penalty default 2 s
  stop: 2, // OSRM obstacles.lua: stop 2 s
  give_way: 1, // OSRM obstacles.lua: give_way 1 s
  // OSRM gives an unsignalled crossing no time; a driver must give way to a pedestrian on it
  // (Finnish Road Traffic Act 729/2018), so here it costs as give_way does.
  crossing: 1,
};

/** The control a node's tags describe (an index into NODE_CONTROLS), 0 when none. A signalled crossing is a signal. */
export function nodeControl(tags: Readonly<Record<string, string>>): number {
  const h = tags.highway;
  if (h === "traffic_signals" || tags.crossing === "traffic_signals") return 1;
  if (h === "stop") return 2;
  if (h === "give_way") return 3;
  if (h === "crossing") return 4;
  return 0;
}

/** nodeControl's flag for a control that binds one direction of travel only (see controlDirection). */
export const DIRECTIONAL = 0x80;

/**
 * Which way along its way a node's control binds: "forward" (traffic moving in the way's node
 * order), "backward", or null for both. `traffic_signals:direction` for signals, else `direction`
 * (as OSRM's obstacles.lua reads them); other values (both, all, a bearing) bind both ways.
 */
export function controlDirection(tags: Readonly<Record<string, string>>): "forward" | "backward" | null {
  const d = (nodeControl(tags) === 1 ? tags["traffic_signals:direction"] : undefined) ?? tags.direction;
  return d === "forward" || d === "backward" ? d : null;
}

/** The node tags nodeControl reads, so a reader may skip every other node's tags undecoded. */
export const NODE_CONTROL_KEYS = ["highway", "crossing"] as const;

/**
 * What a `type=restriction` relation says to a car: "no" (the turn is forbidden), "only" (the only
 * turn allowed from the from-way), or null (not a restriction, not for cars, or excepted).
 * `restriction:motorcar` wins over `restriction`; `except` listing motorcar (or motor_vehicle)
 * exempts cars. Conditional restrictions (`restriction:conditional`) are not read.
 */
export function restrictionRule(tags: Readonly<Record<string, string>>): "no" | "only" | null {
  if (tags.type !== "restriction") return null;
  const except = (tags.except ?? "").split(";").map((s) => s.trim());
  if (except.includes("motorcar") || except.includes("motor_vehicle")) return null;
  const value = tags["restriction:motorcar"] ?? tags["restriction:motor_vehicle"] ?? tags.restriction;
  if (!value) return null;
  if (value.startsWith("no_")) return "no";
  if (value.startsWith("only_")) return "only";
  return null;
}
