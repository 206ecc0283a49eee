/** data/: everything that reads or writes the outside world. */
export { importOsm, openOsm } from "./osm/import.ts";
export type { ImportOptions, ImportStats, ImportPhase } from "./osm/import.ts";
export { loadGraph, readGraphFile, writeGraphFile, defaultCacheDir, cachePathFor } from "./cache.ts";
export { downloadExtract, REGIONS, NetworkError, HttpStatusError, looksLikeOsmPbf } from "./download.ts";
export { writeFileAtomic } from "./files.ts";
export { isochroneSvg } from "./export/svg.ts";
export * from "./facts/index.ts";
export { GeoPackage, decodeGeometry, polygonRings, withGeoPackage } from "./gpkg.ts";
export type { FeatureTable, Geometry, Position, BlobSource } from "./gpkg.ts";
export * from "./population/index.ts";
export * from "./areas/index.ts";
export * from "./services/index.ts";
export * from "./store/index.ts";
