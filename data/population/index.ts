/** Population grids from files (GeoPackage, CSV) as PopulationCells in EPSG:3067. */
export { readPopulationGrid } from "./grid.ts";
export { POPULATION_COLUMNS, GRID_CELL_SIZES_M, SUPPRESSED, type PopulationGrid, type PopulationGridOptions } from "./cells.ts";
export { readMunicipalTotals, type MunicipalTotals } from "./totals.ts";
