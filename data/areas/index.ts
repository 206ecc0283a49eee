/** Area boundaries from files (municipalities) as EPSG:3067 rings for engine/rasterize.ts, or the built-in generalised 2023 ones. */
export { readMunicipalityAreas, type MunicipalityArea } from "./boundaries.ts";
export { builtinMunicipalityAreas } from "./builtin.ts";
