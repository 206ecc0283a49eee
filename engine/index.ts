/** palveluverkko engine: pure TypeScript over typed arrays. No I/O; runs in Node, a worker or a browser. */
export * from "./errors.ts";
export * from "./units.ts";
export { PROFILES, ROAD_CLASSES, SPEED_REDUCTION, carRule, parseMaxspeed, parseDurationS, isProfileName, speedModelVersion } from "./profiles.ts";
export type { ProfileName, RoadClass, WayRule } from "./profiles.ts";
export { RoadGraph, GraphBuilder, reverseAdjacency } from "./graph.ts";
export type { Adjacency, RoadGraphColumns } from "./graph.ts";
export { serializeGraph, deserializeGraph, GRAPH_FORMAT_VERSION } from "./serialize.ts";
export type { GraphMeta } from "./serialize.ts";
export { TravelTimeSearch } from "./search.ts";
export type { SearchOptions } from "./search.ts";
export { SnapIndex, pointLinks } from "./snap.ts";
export type { Snap, PointLink } from "./snap.ts";
export { Router } from "./route.ts";
export type { Place, TripResult } from "./route.ts";
export { normaliseThresholds, bandIndex, reachSummary } from "./reach.ts";
export type { ReachRow } from "./reach.ts";
