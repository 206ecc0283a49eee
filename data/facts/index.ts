/**
 * Municipality facts and regional groupings for Uusimaa and Lapland, and facts for all of Finland
 * (the 309 municipalities of 2023, the 22 organisers of health and social services, their
 * hospitals), as data tables with their sources named in each file (Statistics Finland, NLS via
 * rOpenGov/geofi, Sotkanet/THL, Yleisradio; CC BY 4.0).
 */
export { MUNICIPALITIES, REGION_IDS, type Municipality, type RegionId } from "./municipalities.ts";
export { GROUPINGS, LAPPI_2, UUSIMAA_5, UUSIMAA_6, validateGrouping, type Grouping, type GroupingUnit } from "./groupings.ts";
export { findMunicipality, municipalitiesOf } from "./lookup.ts";
export { parseGrouping, readGroupingFile, groupingSchema } from "./grouping-file.ts";
export { COUNTIES, countyById, type CountyId } from "./counties.ts";
export { FINNISH_MUNICIPALITIES } from "./finland.ts";
export { findFinnishMunicipality, municipalitiesOfCounty, namesOf } from "./finland-lookup.ts";
export { HOSPITALS } from "./hospitals.ts";
