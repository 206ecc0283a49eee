/**
 * Facts of Finland as data tables, each with its sources (Statistics Finland, NLS via
 * rOpenGov/geofi, Sotkanet/THL, Yleisradio; CC BY 4.0): the 309 municipalities of 2023, the 22
 * organisers of health and social services and their hospitals, the regions a study can be of,
 * and the regional groupings built in for them; readers of the user's own groupings and regions.
 */
export { GROUPINGS, LAPPI_2, UUSIMAA_5, UUSIMAA_6, groupingsOf, validateGrouping, type Grouping, type GroupingUnit } from "./groupings.ts";
export { parseGrouping, parseGroupingBytes, readGroupingFile, groupingSchema, groupingJson, groupingTableCsv, groupingTableXlsx, type GroupingFileFormat } from "./grouping-file.ts";
export { COUNTIES, countyById, type CountyId } from "./counties.ts";
export { FINNISH_MUNICIPALITIES } from "./finland.ts";
export type { FinnishMunicipality } from "./finland-municipality.ts";
export { findFinnishMunicipality, municipalityCode, municipalitiesOfCounty, namesOf, officialLanguages } from "./finland-lookup.ts";
export { HOSPITALS } from "./hospitals.ts";
export { REGIONS, findRegion, inferRegion, municipalitiesOf, type Region } from "./regions.ts";
export { readRegionFile, parseRegion } from "./region-file.ts";
