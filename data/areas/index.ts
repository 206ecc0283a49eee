/** Area boundaries from files (municipalities) as EPSG:3067 rings for engine/rasterize.ts. */
export { readMunicipalityAreas, type MunicipalityArea, type MunicipalityAreaOptions } from "./boundaries.ts";
