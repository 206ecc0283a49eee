/**
 * Hospitals of the 22 organisers (data/facts/counties.ts): each organiser's central or university
 * hospital (level E) and every other round-the-clock joint emergency unit (yhteispäivystys,
 * level A), as of 2024–2026.
 *
 * Which units: the Health Care Act (1326/2010, § 50) and the decree on urgent care (583/2017)
 * allow round-the-clock joint emergency care at one central hospital per county; HUS may keep
 * several in Uusimaa, and Lapland and South Savo may keep two each (Act 616/2021 as amended,
 * HE 319/2022 vp: "Lapin ja Etelä-Savon hyvinvointialueet voisivat ylläpitää kahta
 * ympärivuorokautisesti päivystävää yhteispäivystysyksikköä", made permanent from 2023). So:
 * - E: the 21 counties' central hospitals and, for Helsinki and the four Uusimaa counties, HUS's
 *   Meilahti tower hospital, which serves all five (HUS Group, owned by them, runs their
 *   specialised care).
 * - A: HUS's joint emergency units at Jorvi, Peijas, Hyvinkää, Porvoo and Lohja; Haartman and
 *   Malmi in Helsinki, the City's own hospitals, whose emergency departments HUS has run since
 *   7 January 2019 (hel.fi, "HUS responsible for Haartman and Malmi emergency rooms"); Länsi-Pohja
 *   (Kemi) in Lapland and Savonlinna in South Savo.
 * - Not included: round-the-clock units that are primary-care or limited specialist emergency
 *   rooms by ministry exception rather than joint emergency units (HE 149/2024 vp proposed naming
 *   such localities in law; several counties closed night-time emergency rooms in 2023–2025), and
 *   HUS Raasepori, whose round-the-clock status could not be confirmed for 2024–2026. Åland's
 *   hospital (ÅHS, Mariehamn) is not one of these organisers'.
 *
 * Points are WGS84. `precision` says how exact each is:
 * - "building": a published point for the hospital itself (Wikipedia's coordinates, a heliport),
 *   good to a few hundred metres;
 * - "street address": the published point of another building at the same street address;
 * - "district": published only to about a kilometre (arc-minutes), or the site has moved nearby;
 * - "town": no published point found in the sources searched; placed at the municipality's
 *   administrative-centre point (data/facts/finland.ts), which may be several km away (said on
 *   the row where it is far).
 * Points are snapped to the nearest road in analyses, so "building" moves a travel time by well
 * under a minute; "town" can move it by several minutes.
 */
import type { CountyId } from "./counties.ts";
import { FINNISH_MUNICIPALITIES } from "./finland.ts";

type HospitalLevel = "E" | "A";
type PointPrecision = "building" | "street address" | "district" | "town";

export interface Hospital {
  readonly id: string;
  readonly name: { readonly fi: string; readonly sv: string };
  /** Statistics Finland code of the municipality it is in. */
  readonly municipality: string;
  /** The organiser in whose area it lies. */
  readonly organiser: CountyId;
  /** Organisers whose residents it serves at this level (Meilahti serves all five of Uusimaa). */
  readonly serves: readonly CountyId[];
  /** Who runs it, where that is not the organiser itself. */
  readonly operator?: string;
  readonly level: HospitalLevel;
  readonly lon: number;
  readonly lat: number;
  readonly precision: PointPrecision;
  /** A citable document for the unit and its emergency service, then for the point. */
  readonly source: string;
  /** What is uncertain or changing about the unit or its point. */
  readonly note?: string;
}

const UUSIMAA: readonly CountyId[] = ["helsinki", "ita-uusimaa", "keski-uusimaa", "lansi-uusimaa", "vantaa-kerava"];
const HUS = "HUS Group (HUS-yhtymä), owned by the four Uusimaa counties and the City of Helsinki";

type Row = Omit<Hospital, "lon" | "lat" | "serves"> & { serves?: readonly CountyId[] } & ({ lon: number; lat: number } | { precision: "town" });

const centreOf = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m.centre]));

function hospital(row: Row): Hospital {
  const centre = centreOf.get(row.municipality);
  if (!centre) throw new Error(`hospital ${row.id}: no municipality ${row.municipality}`);
  const point = "lon" in row ? { lon: row.lon, lat: row.lat } : centre;
  return { ...row, serves: row.serves ?? [row.organiser], ...point };
}

const ROWS: Row[] = [
  // E: central and university hospitals.
  {
    id: "E-hus-meilahti", level: "E", name: { fi: "HUS Meilahden tornisairaala", sv: "HUS Mejlans tornsjukhus" }, municipality: "091", organiser: "helsinki", serves: UUSIMAA, operator: HUS,
    lon: 24.9053, lat: 60.1886, precision: "building",
    source: "hus.fi, Meilahti Tower Hospital, Haartmaninkatu 4; point: Wikipedia 60°11′19″N 24°54′19″E, the hospital helipad (OurAirports EFHY) 120 m east",
  },
  {
    id: "E-tyks", level: "E", name: { fi: "Tyks T-sairaala (Tyks Akuutti)", sv: "ÅUCS T-sjukhuset (ÅUCS Akut)" }, municipality: "853", organiser: "varsinais-suomi", precision: "town",
    source: "vsshp.fi, Tyks Main Hospital: \"The Turku joint regional emergency services are located in T-hospital\", Savitehtaankatu 1 / Hämeentie 11, Turku",
    note: "placed at Turku's centre point; the Tyks campus at Kiinamyllynmäki is about 1–2 km east of it",
  },
  {
    id: "E-satasairaala", level: "E", name: { fi: "Satasairaala", sv: "Satasjukhuset" }, municipality: "609", organiser: "satakunta",
    lon: 21.78112, lat: 61.4741, precision: "building",
    source: "Finnish Wikipedia, Satakunnan sairaanhoitopiiri, table of hospitals: Satasairaala, Sairaalantie 3, Pori, 61.47410°N 21.78112°E",
  },
  {
    id: "E-kanta-hame", level: "E", name: { fi: "Kanta-Hämeen keskussairaala", sv: "Centralsjukhuset i Egentliga Tavastland" }, municipality: "109", organiser: "kanta-hame",
    lon: 24.4145, lat: 60.9897, precision: "district",
    source: "Finnish Wikipedia, Kanta-Hämeen keskussairaala: Ahvenistontie 20, Hämeenlinna, 60.9897°N 24.4145°E",
    note: "the hospital moves to the new Ahvenisto hospital (Assi) beside it in February–March 2026, the emergency department on 17.3.2026 (Oma Häme press release, 2026); the point is the old building's",
  },
  {
    id: "E-tays", level: "E", name: { fi: "Tays Keskussairaala (Acuta)", sv: "Tays Centralsjukhus (Acuta)" }, municipality: "837", organiser: "pirkanmaa", precision: "town",
    source: "pirha.fi, Tammerfors universitetssjukhus: Elämänaukio 2, Tampere, emergency department Acuta; English Wikipedia, Tampere University Hospital (Teiskontie 35, Kauppi)",
    note: "placed at Tampere's centre point; the hospital at Kauppi is about 3 km east of it",
  },
  {
    id: "E-phks", level: "E", name: { fi: "Päijät-Hämeen keskussairaala (Akuutti24)", sv: "Päijänne-Tavastlands centralsjukhus (Akuutti24)" }, municipality: "398", organiser: "paijat-hame",
    lon: 25.56806, lat: 60.99194, precision: "building",
    source: "paijat-sote.fi, Central hospital: Keskussairaalankatu 7, Lahti, emergency care by Akuutti24; point: Finnish Wikipedia 60°59′31″N 25°34′05″E",
  },
  {
    id: "E-kymenlaakso", level: "E", name: { fi: "Kymenlaakson keskussairaala", sv: "Kymmenedalens centralsjukhus" }, municipality: "285", organiser: "kymenlaakso",
    lon: 26.9167, lat: 60.4833, precision: "district",
    source: "Kymenlaakson hyvinvointialue press release 13.10.2025 (new main door, Kotkantie); point: French Wikipedia 60°29′N 26°55′E (Hovinsaari, Kotka), arc-minutes only",
  },
  {
    id: "E-ekks", level: "E", name: { fi: "Etelä-Karjalan keskussairaala", sv: "Södra Karelens centralsjukhus" }, municipality: "405", organiser: "etela-karjala", precision: "town",
    source: "ekhva.fi, 21.5.2025: Etelä-Karjalan keskussairaala, Valto Käkelän katu 1, Lappeenranta",
    note: "placed at Lappeenranta's centre point; no published point for the hospital was found",
  },
  {
    id: "E-mikkeli", level: "E", name: { fi: "Mikkelin keskussairaala", sv: "S:t Michels centralsjukhus" }, municipality: "491", organiser: "etela-savo", precision: "town",
    source: "Länsi-Savo 8/2019: emergency department of Mikkelin keskussairaala, entrance on Pirttiniemenkatu, Mikkeli",
    note: "placed at Mikkeli's centre point; no published point for the hospital was found",
  },
  {
    id: "E-kys", level: "E", name: { fi: "KYS Puijon sairaala", sv: "KUS Puijo sjukhus" }, municipality: "297", organiser: "pohjois-savo",
    lon: 27.64694, lat: 62.8975, precision: "building",
    source: "psshp.fi: \"The emergency department at Puijo Hospital provides treatment round the clock\"; point: English Wikipedia, Kuopio University Hospital, 62°53′51″N 27°38′49″E",
  },
  {
    id: "E-pkks", level: "E", name: { fi: "Pohjois-Karjalan keskussairaala", sv: "Norra Karelens centralsjukhus" }, municipality: "167", organiser: "pohjois-karjala",
    lon: 29.779194, lat: 62.591111, precision: "building",
    source: "English Wikipedia, North Karelia Central Hospital: Tikkamäentie 16, Joensuu, 62°35′28.0″N 29°46′45.1″E, helipad EFJE",
  },
  {
    id: "E-nova", level: "E", name: { fi: "Keski-Suomen Sairaala Nova", sv: "Mellersta Finlands sjukhus Nova" }, municipality: "179", organiser: "keski-suomi",
    lon: 25.70479, lat: 62.22996, precision: "building",
    source: "sairaalanova.fi, Arriving to hospital: Hoitajantie 3, Jyväskylä, emergency entrance beside Nova 1; point: Finnish Wikipedia, Keski-Suomen Sairaala Nova, 62.22996°N 25.70479°E",
  },
  {
    id: "E-seinajoki", level: "E", name: { fi: "Seinäjoen keskussairaala", sv: "Seinäjoki centralsjukhus" }, municipality: "743", organiser: "etela-pohjanmaa", precision: "town",
    source: "Seinäjoen keskussairaala, Hanneksenrinne 7, Seinäjoki (hospital address as published for its 2019 paediatric building)",
    note: "placed at Seinäjoki's centre point; no published point for the hospital was found",
  },
  {
    id: "E-vaasa", level: "E", name: { fi: "Vaasan keskussairaala", sv: "Vasa centralsjukhus" }, municipality: "905", organiser: "pohjanmaa", precision: "town",
    source: "English Wikipedia, Vaasa Central Hospital: Hietalahdenkatu 2–4, Vaasa, emergency department; the hospital's blog: in Sandviken by the sea in Vaasa centre",
    note: "placed at Vaasa's centre point; the hospital is in Sandviken in the same town centre",
  },
  {
    id: "E-kpks", level: "E", name: { fi: "Keski-Pohjanmaan keskussairaala", sv: "Mellersta Österbottens centralsjukhus" }, municipality: "272", organiser: "keski-pohjanmaa", precision: "town",
    source: "kokkola.fi / soite.fi: Central Ostrobothnia Central Hospital, Mariankatu 16–20, Kokkola, with the joint emergency services",
    note: "placed at Kokkola's centre point; no published point for the hospital was found",
  },
  {
    id: "E-oys", level: "E", name: { fi: "Oulun yliopistollinen sairaala (OYS)", sv: "Uleåborgs universitetssjukhus" }, municipality: "564", organiser: "pohjois-pohjanmaa",
    lon: 25.51861, lat: 65.0075, precision: "building",
    source: "oys.fi: Oulun seudun yhteispäivystys at OYS; point: English Wikipedia, Oulu University Hospital, 65°00′27″N 25°31′07″E (Kontinkangas), helipad EFHO",
    note: "the new OYS buildings opened in 2024 on the same Kontinkangas campus",
  },
  {
    id: "E-kainuu", level: "E", name: { fi: "Kainuun keskussairaala", sv: "Kajanalands centralsjukhus" }, municipality: "205", organiser: "kainuu", precision: "town",
    source: "hyvinvointialue.kainuu.fi, Emergency clinic: Kainuu Central Hospital, Sotkamontie 13, Kajaani",
    note: "placed at Kajaani's centre point; no published point for the hospital was found",
  },
  {
    id: "E-lks", level: "E", name: { fi: "Lapin keskussairaala", sv: "Lapplands centralsjukhus" }, municipality: "698", organiser: "lappi",
    lon: 25.7783, lat: 66.4919, precision: "building",
    source: "international.rovaniemi.fi, First Aid: Ounasrinteentie 22, Rovaniemi; point: the hospital heliport in OurAirports (EFLR), within ~300 m",
  },
  // A: the other round-the-clock joint emergency units.
  {
    id: "A-hus-jorvi", level: "A", name: { fi: "HUS Jorvin sairaala", sv: "HUS Jorv sjukhus" }, municipality: "049", organiser: "lansi-uusimaa", operator: HUS,
    lon: 24.6864, lat: 60.2208, precision: "building",
    source: "hus.fi, Jorvi Hospital, Turuntie 150, Espoo; point: the hospital heliport in OurAirports (EFEJ), within ~400 m",
  },
  {
    id: "A-hus-peijas", level: "A", name: { fi: "HUS Peijaksen sairaala", sv: "HUS Pejas sjukhus" }, municipality: "092", organiser: "vantaa-kerava", operator: HUS,
    lon: 25.0592, lat: 60.3314, precision: "building",
    source: "hus.fi, Peijas Hospital, Sairaalakatu 1, Vantaa; point: Wikipedia 60°19′53″N 25°03′33″E, heliport EFPE 100 m east",
  },
  {
    id: "A-hus-hyvinkaa", level: "A", name: { fi: "HUS Hyvinkään sairaala", sv: "HUS Hyvinge sjukhus" }, municipality: "106", organiser: "keski-uusimaa", operator: HUS,
    lon: 24.83, lat: 60.6135, precision: "district",
    source: "hus.fi, Hyvinkää Hospital, Sairaalankatu 1; point: 3 km south-west of the town centre, where Finnish Wikipedia places the hospital, within ~1 km",
  },
  {
    id: "A-hus-porvoo", level: "A", name: { fi: "HUS Porvoon sairaala", sv: "HUS Borgå sjukhus" }, municipality: "638", organiser: "ita-uusimaa", operator: HUS, precision: "town",
    source: "hus.fi, Porvoo Hospital, Sairaalantie 1, Porvoo",
    note: "placed at Porvoo's centre point; no published point for the hospital was found",
  },
  {
    id: "A-hus-lohja", level: "A", name: { fi: "HUS Lohjan sairaala", sv: "HUS Lojo sjukhus" }, municipality: "444", organiser: "lansi-uusimaa", operator: HUS, precision: "town",
    source: "hus.fi, Lohja Hospital, Sairaalatie 8, Lohja",
    note: "placed at Lohja's centre point; no published point for the hospital was found",
  },
  {
    id: "A-haartman", level: "A", name: { fi: "Haartmanin sairaala, päivystys", sv: "Haartmanska sjukhuset, jour" }, municipality: "091", organiser: "helsinki",
    operator: "City of Helsinki (Helsingin sairaala); the emergency department is run by HUS since 7.1.2019",
    lon: 24.9053, lat: 60.1886, precision: "street address",
    source: "terveyskyla.fi, Haartmanin päivystys: a joint emergency unit (internal medicine, psychiatry and health-centre-level surgery round the clock) for southern, central and western Helsinki, aged 16 and over; Haartmaninkatu 4, building 12 (Helsinki, 2019); point: Meilahti's, the same street address",
  },
  {
    id: "A-malmi", level: "A", name: { fi: "Malmin sairaala, päivystys", sv: "Malms sjukhus, jour" }, municipality: "091", organiser: "helsinki",
    operator: "City of Helsinki (Helsingin sairaala); the emergency department is run by HUS since 7.1.2019", precision: "district", lon: 25.0098, lat: 60.2502,
    source: "hel.fi: Malmi Hospital emergency department, Talvelantie 6 A, for eastern, south-eastern, north-eastern and northern Helsinki, aged 16 and over; point: a public data set of Helsinki's emergency departments (60.2502 N, 25.0098 E), on the hospital grounds at Talvelantie",
    note: "the point is good to a few hundred metres (the hospital grounds), not to the entrance",
  },
  {
    id: "A-lpks", level: "A", name: { fi: "Länsi-Pohjan keskussairaala", sv: "Länsi-Pohjas centralsjukhus" }, municipality: "240", organiser: "lappi", precision: "town",
    source: "kemi.fi, First aid and ambulance services (on-call hospital of Kemi, Keminmaa, Simo, Tervola, Tornio, Ylitornio), Kauppakatu 25, Kemi; HE 319/2022 vp (two joint emergency units in Lapland)",
    note: "placed at Kemi's centre point; no published point for the hospital was found",
  },
  {
    id: "A-savonlinna", level: "A", name: { fi: "Savonlinnan keskussairaala", sv: "Nyslotts centralsjukhus" }, municipality: "740", organiser: "etela-savo", precision: "town",
    source: "HE 319/2022 vp (two joint emergency units in South Savo, Mikkeli and Savonlinna); the hospital is Savonlinnan keskussairaala",
    note: "placed at Savonlinna's centre point; no published point for the hospital was found",
  },
];

/** All E and A hospitals of the 22 organisers, E first. */
export const HOSPITALS: readonly Hospital[] = ROWS.map(hospital);
