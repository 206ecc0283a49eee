/**
 * palveluverkko as a library: the pure engine (graph, search, surfaces, isochrones, population)
 * and, for Node, the data layer (OSM import, graph cache, facts, downloads). Each folder comes in
 * through its door (engine/index.ts, data/<part>/index.ts); data/'s top-level files have none.
 */
export * from "./engine/index.ts";
export { importOsm } from "./data/osm/index.ts";
export { loadGraph, readGraphFile, writeGraphFile, defaultCacheDir } from "./data/cache.ts";
export { downloadExtract, REGIONS as EXTRACTS, NetworkError, HttpStatusError } from "./data/download.ts";
export { FINNISH_MUNICIPALITIES, COUNTIES, HOSPITALS, REGIONS, GROUPINGS, findFinnishMunicipality, findRegion, groupingsOf, validateGrouping } from "./data/facts/index.ts";
export type { FinnishMunicipality, Grouping, GroupingUnit, Region } from "./data/facts/index.ts";
