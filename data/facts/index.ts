/**
 * Municipality facts and regional groupings for Uusimaa and Lapland, as data tables with their
 * sources named in each file (Statistics Finland, NLS via rOpenGov/geofi, Sotkanet/THL; CC BY 4.0).
 */
export { MUNICIPALITIES, REGION_IDS, type Municipality, type RegionId } from "./municipalities.ts";
export { GROUPINGS, LAPPI_2, UUSIMAA_5, UUSIMAA_6, validateGrouping, type Grouping, type GroupingUnit, type LocalName } from "./groupings.ts";
export { findMunicipality, municipalitiesOf } from "./lookup.ts";
export { parseGrouping, readGroupingFile } from "./grouping-file.ts";
