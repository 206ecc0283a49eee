/**
 * The turn model's figures and OSM tag rules in one place, as profiles.ts is for speeds: what a
 * turn costs by its class, what a controlled node delays, which OSM tags make a node controlled,
 * and which restriction relations bind a car. Every figure names its source.
 *
 * Scheme: Conveyal R5's, whole (com.conveyal.r5.streets.BasicTraversalTimeCalculator, right-hand
 * traffic; in R5 v7.3 as r5py runs it on OSM, r5py/r5 @ a2e0160): the posted limit on every edge
 * (time-of-day.ts postedLimitColumn), these turn costs, and no delay at signals or signs. R5 is the
 * reference the project tests its car times against (r5py's regression test) and its classes are the
 * brief's (straight, right, left, U). The scheme is taken whole, not mixed: an earlier mix of OSRM's
 * 0.8 × limit, R5's turn costs and OSRM's node delays counted each junction up to three times (at
 * 3.7 min median door-to-door residual against the 2015 matrix, docs/validation.md). OSRM's car
 * profile (profiles/car.lua) is the other coherent scheme: 0.8 × limit, a sigmoid of the angle up to
 * 7.5 s per turn (turn_bias 1.075 favouring right turns), 20 s more for a U-turn, 2 s at signals.
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

/**
 * Seconds a car loses passing a node, per control: none, as in R5, whose scheme the turns model
 * takes whole (its posted-limit driving and turn costs are calibrated without them). The controls
 * are still read and kept per node (a TurnModel built with other figures charges them; OSRM's
 * obstacles.lua has 2 s at signals and stop signs, 1 s at give-way signs).
 */
export const NODE_DELAY_S: Readonly<Record<NodeControl, number>> = {
  none: 0,
  traffic_signals: 0, // R5: no node delay
  stop: 0, // R5: no node delay
  give_way: 0, // R5: no node delay
  crossing: 0, // R5: no node delay
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
