/**
 * Service sets as data: the default set of any region (health stations at municipal
 * centres, hospitals as E and A points), and reading and writing service points as CSV, XLSX or GeoJSON.
 * The ServicePoint and ServiceSet types and the level model live in engine/services.ts.
 */
export { crossBorderPoints, defaultServiceSet, defaultServiceSets } from "./defaults.ts";
export {
  SERVICE_POINT_COLUMNS,
  parseServicePointsCsv,
  parseServicePointsGeoJson,
  parseServicePointBytes,
  readServicePoints,
  readServiceSet,
  serviceSetFromPoints,
  servicePointsCsv,
  servicePointsGeoJson,
  servicePointFeatures,
  servicePointProperties,
  servicePointsXlsx,
  type ServicePointsFormat,
  type ServicePointsRead,
} from "./import.ts";
