/** data/osm/: OpenStreetMap extracts (PBF, XML) read into a RoadGraph, and their water as polygons for the basemap. */
export { importOsm, type ImportOptions, type ImportStats } from "./import.ts";
export { readWater, type WaterPolygon, type WaterStats } from "./water.ts";
