/**
 * Service sets as data: the default sets for Uusimaa and Lapland (health stations at municipal
 * centres, hospitals as E and A points), and reading and writing service points as CSV or GeoJSON.
 * The ServicePoint and ServiceSet types and the level model live in engine/services.ts.
 */
export { DEFAULT_SERVICE_SETS, defaultServiceSet } from "./defaults.ts";
export {
  SERVICE_POINT_COLUMNS,
  parseServicePointsCsv,
  parseServicePointsGeoJson,
  readServicePoints,
  readServiceSet,
  serviceSetFromPoints,
  servicePointsCsv,
} from "./import.ts";
