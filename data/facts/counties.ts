/**
 * The 22 organisers of public health and social services in mainland Finland from 1 January 2023:
 * the 21 wellbeing services counties (hyvinvointialueet, välfärdsområden; Act 616/2021, § 7 lists
 * their municipalities) and the City of Helsinki, which organises its own services and belongs to
 * no county. In Uusimaa, specialised care for all five (the four counties and Helsinki) is run by
 * the HUS Group (HUS-yhtymä), which they own together.
 *
 * Åland's 16 municipalities belong to no wellbeing services county: health care there is Åland's
 * own (Ålands hälso- och sjukvård, ÅHS, under the Autonomy Act), so they have no organiser here and
 * their rows in data/facts/finland.ts carry county null.
 *
 * - id: a stable slug of the short Finnish name without diacritics, used as the key everywhere.
 * - code: Statistics Finland's classification code (`hyvinvointialue`, 1–21; 90 for Helsinki), as
 *   in the municipality key 2025 (rOpenGov/geofi `municipality_key_2025`, CC BY 4.0).
 * - name: official names in Finnish, Swedish and English, from the same key.
 * - shortName: the short forms used by Yleisradio's `finland-hva-2021` layer (Statistics Finland
 *   data, CC BY 4.0), Swedish and Finnish; English short forms from the key's English names.
 * - published: the county's population on 31 December 2020 as Yleisradio published it in
 *   `yle_finland-hva-2021.topo.json` (layer `hva`, field `population`; Yleisradio/geodata, built on
 *   Statistics Finland data): an independent figure, not a sum of our rows, which the facts test
 *   compares with the sum of the Sotkanet 2020 values of the county's municipalities. Yle's layer
 *   has one polygon for Helsinki and Åland together (687,049); Helsinki's own figure is its
 *   municipality's in the same file's `munis` layer (656,920).
 */

export type CountyId =
  | "ita-uusimaa"
  | "keski-uusimaa"
  | "lansi-uusimaa"
  | "vantaa-kerava"
  | "varsinais-suomi"
  | "satakunta"
  | "kanta-hame"
  | "pirkanmaa"
  | "paijat-hame"
  | "kymenlaakso"
  | "etela-karjala"
  | "etela-savo"
  | "pohjois-savo"
  | "pohjois-karjala"
  | "keski-suomi"
  | "etela-pohjanmaa"
  | "pohjanmaa"
  | "keski-pohjanmaa"
  | "pohjois-pohjanmaa"
  | "kainuu"
  | "lappi"
  | "helsinki";

export interface County {
  readonly id: CountyId;
  /** Statistics Finland code: "1"–"21" for the counties, "90" for the City of Helsinki. */
  readonly code: string;
  /** "county" for a wellbeing services county, "city" for Helsinki. */
  readonly kind: "county" | "city";
  readonly name: { readonly fi: string; readonly sv: string; readonly en: string };
  readonly shortName: { readonly fi: string; readonly sv: string; readonly en: string };
  /** Residents on 31 December of `year`, as published (see the header). */
  readonly published: { readonly population: number; readonly year: number; readonly source: string };
}

const YLE = "Yleisradio/geodata finland-hva-2021 (Statistics Finland data, CC BY 4.0), layer hva";
const YLE_HELSINKI = "Yleisradio/geodata finland-hva-2021 (Statistics Finland data, CC BY 4.0), layer munis, Helsinki (091)";

function county(id: CountyId, code: string, fi: string, sv: string, en: string, short: [string, string, string], population: number): County {
  const kind = id === "helsinki" ? "city" : "county";
  return { id, code, kind, name: { fi, sv, en }, shortName: { fi: short[0], sv: short[1], en: short[2] }, published: { population, year: 2020, source: kind === "city" ? YLE_HELSINKI : YLE } };
}

/** The 22 organisers, in Statistics Finland code order (Helsinki, 90, last). */
export const COUNTIES: readonly County[] = [
  county("ita-uusimaa", "1", "Itä-Uudenmaan hyvinvointialue", "Östra Nylands välfärdsområde", "East Uusimaa wellbeing services county", ["Itä-Uusimaa", "Östra Nyland", "East Uusimaa"], 98_254),
  county("keski-uusimaa", "2", "Keski-Uudenmaan hyvinvointialue", "Mellersta Nylands välfärdsområde", "Central Uusimaa wellbeing services county", ["Keski-Uusimaa", "Mellersta Nyland", "Central Uusimaa"], 199_330),
  county("lansi-uusimaa", "3", "Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde", "West Uusimaa wellbeing services county", ["Länsi-Uusimaa", "Västra Nyland", "West Uusimaa"], 473_838),
  county("vantaa-kerava", "4", "Vantaan ja Keravan hyvinvointialue", "Vanda och Kervo välfärdsområde", "Vantaa and Kerava wellbeing services county", ["Vantaa ja Kerava", "Vanda och Kervo", "Vantaa and Kerava"], 274_336),
  county("varsinais-suomi", "5", "Varsinais-Suomen hyvinvointialue", "Egentliga Finlands välfärdsområde", "Southwest Finland wellbeing services county", ["Varsinais-Suomi", "Egentliga Finland", "Southwest Finland"], 481_403),
  county("satakunta", "6", "Satakunnan hyvinvointialue", "Satakunta välfärdsområde", "Satakunta wellbeing services county", ["Satakunta", "Satakunta", "Satakunta"], 215_416),
  county("kanta-hame", "7", "Kanta-Hämeen hyvinvointialue", "Egentliga Tavastlands välfärdsområde", "Kanta-Häme wellbeing services county", ["Kanta-Häme", "Egentliga Tavastland", "Kanta-Häme"], 170_577),
  county("pirkanmaa", "8", "Pirkanmaan hyvinvointialue", "Birkalands välfärdsområde", "Pirkanmaa wellbeing services county", ["Pirkanmaa", "Birkaland", "Pirkanmaa"], 522_852),
  county("paijat-hame", "9", "Päijät-Hämeen hyvinvointialue", "Päijänne-Tavastlands välfärdsområde", "Päijät-Häme wellbeing services county", ["Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme"], 205_771),
  county("kymenlaakso", "10", "Kymenlaakson hyvinvointialue", "Kymmenedalens välfärdsområde", "Kymenlaakso wellbeing services county", ["Kymenlaakso", "Kymmenedalen", "Kymenlaakso"], 162_812),
  county("etela-karjala", "11", "Etelä-Karjalan hyvinvointialue", "Södra Karelens välfärdsområde", "South Karelia wellbeing services county", ["Etelä-Karjala", "Södra Karelen", "South Karelia"], 126_921),
  county("etela-savo", "12", "Etelä-Savon hyvinvointialue", "Södra Savolax välfärdsområde", "South Savo wellbeing services county", ["Etelä-Savo", "Södra Savolax", "South Savo"], 132_702),
  county("pohjois-savo", "13", "Pohjois-Savon hyvinvointialue", "Norra Savolax välfärdsområde", "North Savo wellbeing services county", ["Pohjois-Savo", "Norra Savolax", "North Savo"], 248_265),
  county("pohjois-karjala", "14", "Pohjois-Karjalan hyvinvointialue", "Norra Karelens välfärdsområde", "North Karelia wellbeing services county", ["Pohjois-Karjala", "Norra Karelen", "North Karelia"], 163_537),
  county("keski-suomi", "15", "Keski-Suomen hyvinvointialue", "Mellersta Finlands välfärdsområde", "Central Finland wellbeing services county", ["Keski-Suomi", "Mellersta Finland", "Central Finland"], 272_617),
  county("etela-pohjanmaa", "16", "Etelä-Pohjanmaan hyvinvointialue", "Södra Österbottens välfärdsområde", "South Ostrobothnia wellbeing services county", ["Etelä-Pohjanmaa", "Södra Österbotten", "South Ostrobothnia"], 192_150),
  county("pohjanmaa", "17", "Pohjanmaan hyvinvointialue", "Österbottens välfärdsområde", "Ostrobothnia wellbeing services county", ["Pohjanmaa", "Österbotten", "Ostrobothnia"], 175_816),
  county("keski-pohjanmaa", "18", "Keski-Pohjanmaan hyvinvointialue", "Mellersta Österbottens välfärdsområde", "Central Ostrobothnia wellbeing services county", ["Keski-Pohjanmaa", "Mellersta Österbotten", "Central Ostrobothnia"], 67_988),
  county("pohjois-pohjanmaa", "19", "Pohjois-Pohjanmaan hyvinvointialue", "Norra Österbottens välfärdsområde", "North Ostrobothnia wellbeing services county", ["Pohjois-Pohjanmaa", "Norra Österbotten", "North Ostrobothnia"], 413_830),
  county("kainuu", "20", "Kainuun hyvinvointialue", "Kajanalands välfärdsområde", "Kainuu wellbeing services county", ["Kainuu", "Kajanaland", "Kainuu"], 71_664),
  county("lappi", "21", "Lapin hyvinvointialue", "Lapplands välfärdsområde", "Lapland wellbeing services county", ["Lappi", "Lappland", "Lapland"], 176_665),
  county("helsinki", "90", "Helsingin kaupunki", "Helsingfors stad", "City of Helsinki", ["Helsinki", "Helsingfors", "Helsinki"], 656_920),
];

export const COUNTY_IDS: readonly CountyId[] = COUNTIES.map((c) => c.id);

const byId = new Map(COUNTIES.map((c) => [c.id, c]));

/** The organiser with this id; undefined for an unknown id. */
export function countyById(id: string): County | undefined {
  return byId.get(id as CountyId);
}
