/** Population grids from files (GeoPackage, CSV) as PopulationCells in EPSG:3067. */
export { readPopulationGrid } from "./grid.ts";
export { readMunicipalTotals } from "./totals.ts";
export { readLanguageTotals, type LanguageTotals } from "./languages.ts";
export type { PopulationGroup } from "./cells.ts";
