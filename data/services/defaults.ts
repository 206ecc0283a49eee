/**
 * Default service sets for Uusimaa and Lapland, built from facts: one L point per municipality
 * and the regions' main hospitals as E and A points. A starting network to compare scenarios
 * against, not a register of every health station.
 *
 * L (local): one health station per municipality, placed at the municipality's administrative
 * centre from MUNICIPALITIES (NLS Topographic Database via rOpenGov/geofi, CC BY 4.0; Tuusula set
 * by hand, see data/facts/municipalities.ts). The centre stands in for the municipality's main
 * health station, which in most municipalities lies in or near it; it is not the station's address.
 *
 * E (extensive): the university or central hospital of each region. Uusimaa: HUS Helsinki
 * University Hospital at Meilahti (Haartmaninkatu 4, Helsinki; hus.fi, Meilahti Tower Hospital).
 * Lapland: Lapin keskussairaala / Lapplands centralsjukhus (Ounasrinteentie 22, Rovaniemi, where
 * the City of Rovaniemi sends round-the-clock emergencies; international.rovaniemi.fi, First Aid).
 *
 * A (area): regional hospitals with a round-the-clock joint emergency department (specialised
 * and primary care on call in the same place). Uusimaa, per each hospital's page on hus.fi: Jorvi
 * (Turuntie 150, Espoo), Peijas (Sairaalakatu 1, Vantaa), Hyvinkää (Sairaalankatu 1), Porvoo
 * (Sairaalantie 1) and Lohja (Sairaalatie 8). Lapland: Länsi-Pohjan keskussairaala (Kauppakatu 25,
 * Kemi), the on-call hospital of the six Länsi-Pohja municipalities (kemi.fi, "First aid and
 * ambulance services").
 *
 * Hospital coordinates are approximate locations of the hospital buildings at the addresses above,
 * WGS84, not geocoded here; points are snapped to the nearest road anyway, so an error of a few
 * hundred metres moves a travel time by well under a minute. Where each figure comes from, and
 * how sure it is, is said on its row: four are good to a few hundred metres, four only to 1–2 km.
 * test/data/services.test.ts checks every hospital lies within 10 km of its municipality's
 * administrative centre.
 */
import { InvalidInputError, show, type ServiceLevel, type ServicePoint, type ServiceSet } from "../../engine/index.ts";
import { municipalitiesOf, REGION_IDS, type RegionId } from "../facts/index.ts";
import { serviceSetFromPoints } from "./import.ts";

interface Hospital {
  readonly id: string;
  readonly level: Exclude<ServiceLevel, "L">;
  /** Statistics Finland code of the municipality the hospital is in. */
  readonly municipality: string;
  readonly fi: string;
  readonly sv: string;
  /** WGS84 degrees. */
  readonly lon: number;
  readonly lat: number;
}

const HOSPITALS: Record<RegionId, readonly Hospital[]> = {
  uusimaa: [
    // Meilahti Tower Hospital, Haartmaninkatu 4: Wikipedia's point 60°11′19″N 24°54′19″E; the
    // hospital helipad in OurAirports (EFHY, public domain) lies 120 m east. Within ~200 m.
    { id: "E-meilahti", level: "E", municipality: "091", fi: "HUS Meilahden sairaala", sv: "HUS Mejlans sjukhus", lon: 24.9053, lat: 60.1886 },
    // Jorvi, Turuntie 150: the hospital heliport in OurAirports (EFEJ); an independent address
    // point for Turuntie 150 lies 350 m to the north-east. Within ~400 m.
    { id: "A-jorvi", level: "A", municipality: "049", fi: "HUS Jorvin sairaala", sv: "HUS Jorvs sjukhus", lon: 24.6864, lat: 60.2208 },
    // Peijas, Sairaalakatu 1: Wikipedia's point 60°19′53″N 25°03′33″E; the heliport in
    // OurAirports (EFPE) lies 100 m east. Within ~200 m.
    { id: "A-peijas", level: "A", municipality: "092", fi: "HUS Peijaksen sairaala", sv: "HUS Pejas sjukhus", lon: 25.0592, lat: 60.3314 },
    // Hyvinkää, Sairaalankatu 1: no published point found; placed 3 km south-west of the town
    // centre, where Finnish Wikipedia puts the hospital. Within ~1 km only.
    { id: "A-hyvinkaa", level: "A", municipality: "106", fi: "HUS Hyvinkään sairaala", sv: "HUS Hyvinge sjukhus", lon: 24.83, lat: 60.6135 },
    // Porvoo, Sairaalantie 1: no published point found; placed south of the town centre from
    // general knowledge of the town. Within ~1.5 km only: check against OSM before relying on it.
    { id: "A-porvoo", level: "A", municipality: "638", fi: "HUS Porvoon sairaala", sv: "HUS Borgå sjukhus", lon: 25.662, lat: 60.386 },
    // Lohja, Sairaalatie 8: no published point found; placed south-east of the town centre from
    // general knowledge of the town. Within ~2 km only: check against OSM before relying on it.
    { id: "A-lohja", level: "A", municipality: "444", fi: "HUS Lohjan sairaala", sv: "HUS Lojo sjukhus", lon: 24.085, lat: 60.2445 },
  ],
  lappi: [
    // Lapin keskussairaala, Ounasrinteentie 22: the hospital heliport in OurAirports (EFLR),
    // beside the hospital on Ounasrinne east of the river. Within ~300 m.
    { id: "E-lks", level: "E", municipality: "698", fi: "Lapin keskussairaala", sv: "Lapplands centralsjukhus", lon: 25.7783, lat: 66.4919 },
    // Länsi-Pohjan keskussairaala, Kauppakatu 25: no published point found; placed north of the
    // town centre from general knowledge of the town. Within ~1.5 km only: check against OSM.
    { id: "A-lpks", level: "A", municipality: "240", fi: "Länsi-Pohjan keskussairaala", sv: "Länsi-Pohjas centralsjukhus", lon: 24.578, lat: 65.744 },
  ],
};

const SET_NAMES: Record<RegionId, ServiceSet["name"]> = {
  uusimaa: { fi: "Uusimaa, perusverkko", sv: "Nyland, grundnät", en: "Uusimaa, default network" },
  lappi: { fi: "Lappi, perusverkko", sv: "Lappland, grundnät", en: "Lapland, default network" },
};

const SOURCE =
  "L: municipal administrative centres (NLS via rOpenGov/geofi, CC BY 4.0) standing in for the main health stations; " +
  "E/A: hospitals as listed by HUS, the City of Rovaniemi and the City of Kemi, at approximate points (see data/services/defaults.ts)";

/** The L points of a region: one health station at each municipality's administrative centre. */
function healthStations(region: RegionId): ServicePoint[] {
  return municipalitiesOf(region).map((m) => ({
    id: `L-${m.code}`,
    name: { fi: `${m.nameFi}, terveysasema (kuntakeskus)`, sv: `${m.nameSv}, hälsostation (kommuncentrum)` },
    municipality: m.code,
    lon: m.centre.lon,
    lat: m.centre.lat,
    level: "L",
    open: true,
  }));
}

function hospitals(region: RegionId): ServicePoint[] {
  return HOSPITALS[region].map((h) => ({
    id: h.id,
    name: { fi: h.fi, sv: h.sv },
    municipality: h.municipality,
    lon: h.lon,
    lat: h.lat,
    level: h.level,
    open: true,
  }));
}

function buildDefault(region: RegionId): ServiceSet {
  return serviceSetFromPoints(`${region}-default`, [...hospitals(region), ...healthStations(region)], SOURCE, SET_NAMES[region]);
}

/** The default service set of each region, validated and frozen at load. */
export const DEFAULT_SERVICE_SETS: Readonly<Record<RegionId, ServiceSet>> = Object.freeze({
  uusimaa: buildDefault("uusimaa"),
  lappi: buildDefault("lappi"),
});

/** The default service set of a region; InvalidInputError for an unknown region. */
export function defaultServiceSet(region: RegionId): ServiceSet {
  if (!REGION_IDS.includes(region)) {
    throw new InvalidInputError(`Unknown region ${show(region)}; expected one of ${REGION_IDS.join(", ")}`, "region", region);
  }
  return DEFAULT_SERVICE_SETS[region];
}
