/**
 * Municipality facts for the two regions the project covers: Uusimaa (26 municipalities) and
 * Lapland (21). One row per municipality, in code order within each region.
 *
 * Generated once from the openly licensed files described in ../shared/data/README.md (a throwaway
 * script; test/data/facts.test.ts re-reads those files and checks every row against them):
 * - code, nameFi, nameSv: Statistics Finland municipal division 2023 (`kunta`, `nimi`, `namn`),
 *   CC BY 4.0, © Statistics Finland. Where a municipality has no Swedish name, `namn` repeats the
 *   Finnish one.
 * - region: Statistics Finland regional classification 2025 (maakunta 01 Uusimaa, 19 Lappi), via
 *   rOpenGov/geofi `municipality_key_2025`, CC BY 4.0.
 * - centre: the municipality's administrative-centre point in the National Land Survey of Finland
 *   Topographic Database, via rOpenGov/geofi `municipality_central_localities`, WGS84, CC BY 4.0,
 *   © NLS. Kept to the source's 7 decimals.
 * - population: population on 31 December 2022, Sotkanet (THL) indicator 127, via rOpenGov/geofi
 *   `sotkadata_population` (2022 is the latest year it holds), CC BY 4.0.
 *
 * Tuusula (858) has no point in the NLS layer. Its centre is set by hand to Hyrylä, the
 * administrative centre, at the former municipal office (Hyryläntie 16, per Tuusula-Seura's 2020
 * protection proposal for the building, tuusulaseura.fi; offices moved out in 2019, Hyrylä remains
 * the centre): lon 25.0247, lat 60.4033, approximate and not geocoded here. Checked: it lies inside
 * Tuusula's 2023 polygon (Statistics Finland, projected to EPSG:3067) and ~350 m from Wikipedia's
 * point for Hyrylä (60.4006 N, 25.0216 E).
 */

export type RegionId = "uusimaa" | "lappi";

export const REGION_IDS: readonly RegionId[] = ["uusimaa", "lappi"];

export interface Municipality {
  /** Statistics Finland municipality code, three digits with leading zeros ("091"). */
  readonly code: string;
  readonly nameFi: string;
  /** Swedish name; equal to nameFi where the municipality has none. */
  readonly nameSv: string;
  readonly region: RegionId;
  /** Administrative-centre point, WGS84 degrees. */
  readonly centre: { readonly lon: number; readonly lat: number };
  /** Residents on 31 December of populationYear. */
  readonly population: number;
  readonly populationYear: number;
}

export const MUNICIPALITIES: readonly Municipality[] = [
  // Uusimaa
  { code: "018", nameFi: "Askola", nameSv: "Askola", region: "uusimaa", centre: { lon: 25.5986286, lat: 60.5301392 }, population: 4763, populationYear: 2022 },
  { code: "049", nameFi: "Espoo", nameSv: "Esbo", region: "uusimaa", centre: { lon: 24.6567045, lat: 60.2063093 }, population: 305274, populationYear: 2022 },
  { code: "078", nameFi: "Hanko", nameSv: "Hangö", region: "uusimaa", centre: { lon: 22.968981, lat: 59.8236377 }, population: 7832, populationYear: 2022 },
  { code: "091", nameFi: "Helsinki", nameSv: "Helsingfors", region: "uusimaa", centre: { lon: 24.9529125, lat: 60.1682495 }, population: 664028, populationYear: 2022 },
  { code: "092", nameFi: "Vantaa", nameSv: "Vanda", region: "uusimaa", centre: { lon: 25.0402328, lat: 60.2937188 }, population: 242819, populationYear: 2022 },
  { code: "106", nameFi: "Hyvinkää", nameSv: "Hyvinge", region: "uusimaa", centre: { lon: 24.8646725, lat: 60.6312394 }, population: 46797, populationYear: 2022 },
  { code: "149", nameFi: "Inkoo", nameSv: "Ingå", region: "uusimaa", centre: { lon: 24.0044161, lat: 60.0437257 }, population: 5384, populationYear: 2022 },
  { code: "186", nameFi: "Järvenpää", nameSv: "Träskända", region: "uusimaa", centre: { lon: 25.0947886, lat: 60.4748219 }, population: 45630, populationYear: 2022 },
  { code: "224", nameFi: "Karkkila", nameSv: "Högfors", region: "uusimaa", centre: { lon: 24.2030367, lat: 60.5322314 }, population: 8603, populationYear: 2022 },
  { code: "235", nameFi: "Kauniainen", nameSv: "Grankulla", region: "uusimaa", centre: { lon: 24.7289455, lat: 60.2089508 }, population: 10284, populationYear: 2022 },
  { code: "245", nameFi: "Kerava", nameSv: "Kervo", region: "uusimaa", centre: { lon: 25.1006207, lat: 60.4036311 }, population: 37676, populationYear: 2022 },
  { code: "257", nameFi: "Kirkkonummi", nameSv: "Kyrkslätt", region: "uusimaa", centre: { lon: 24.4396507, lat: 60.1217892 }, population: 40722, populationYear: 2022 },
  { code: "407", nameFi: "Lapinjärvi", nameSv: "Lappträsk", region: "uusimaa", centre: { lon: 26.1990394, lat: 60.6254468 }, population: 2518, populationYear: 2022 },
  { code: "434", nameFi: "Loviisa", nameSv: "Lovisa", region: "uusimaa", centre: { lon: 26.2253306, lat: 60.4573926 }, population: 14568, populationYear: 2022 },
  { code: "444", nameFi: "Lohja", nameSv: "Lojo", region: "uusimaa", centre: { lon: 24.0647794, lat: 60.2521355 }, population: 45811, populationYear: 2022 },
  { code: "504", nameFi: "Myrskylä", nameSv: "Mörskom", region: "uusimaa", centre: { lon: 25.8515227, lat: 60.6700429 }, population: 1764, populationYear: 2022 },
  { code: "505", nameFi: "Mäntsälä", nameSv: "Mäntsälä", region: "uusimaa", centre: { lon: 25.3214189, lat: 60.6376505 }, population: 20912, populationYear: 2022 },
  { code: "543", nameFi: "Nurmijärvi", nameSv: "Nurmijärvi", region: "uusimaa", centre: { lon: 24.8070005, lat: 60.4639319 }, population: 44458, populationYear: 2022 },
  { code: "611", nameFi: "Pornainen", nameSv: "Borgnäs", region: "uusimaa", centre: { lon: 25.3734936, lat: 60.4774373 }, population: 5011, populationYear: 2022 },
  { code: "616", nameFi: "Pukkila", nameSv: "Pukkila", region: "uusimaa", centre: { lon: 25.5837138, lat: 60.644302 }, population: 1807, populationYear: 2022 },
  { code: "638", nameFi: "Porvoo", nameSv: "Borgå", region: "uusimaa", centre: { lon: 25.6651915, lat: 60.3921949 }, population: 51232, populationYear: 2022 },
  { code: "710", nameFi: "Raasepori", nameSv: "Raseborg", region: "uusimaa", centre: { lon: 23.4361501, lat: 59.9745721 }, population: 27306, populationYear: 2022 },
  { code: "753", nameFi: "Sipoo", nameSv: "Sibbo", region: "uusimaa", centre: { lon: 25.2668282, lat: 60.376363 }, population: 22320, populationYear: 2022 },
  { code: "755", nameFi: "Siuntio", nameSv: "Sjundeå", region: "uusimaa", centre: { lon: 24.2256328, lat: 60.1378438 }, population: 6217, populationYear: 2022 },
  { code: "858", nameFi: "Tuusula", nameSv: "Tusby", region: "uusimaa", centre: { lon: 25.0247, lat: 60.4033 }, population: 40384, populationYear: 2022 }, // centre set by hand: Hyrylä, see header
  { code: "927", nameFi: "Vihti", nameSv: "Vichtis", region: "uusimaa", centre: { lon: 24.3100674, lat: 60.3266648 }, population: 28913, populationYear: 2022 },
  // Lapland
  { code: "047", nameFi: "Enontekiö", nameSv: "Enontekis", region: "lappi", centre: { lon: 23.6438826, lat: 68.3852127 }, population: 1811, populationYear: 2022 },
  { code: "148", nameFi: "Inari", nameSv: "Enare", region: "lappi", centre: { lon: 27.5450214, lat: 68.6574619 }, population: 7047, populationYear: 2022 },
  { code: "240", nameFi: "Kemi", nameSv: "Kemi", region: "lappi", centre: { lon: 24.5705167, lat: 65.7352893 }, population: 19499, populationYear: 2022 },
  { code: "241", nameFi: "Keminmaa", nameSv: "Keminmaa", region: "lappi", centre: { lon: 24.5485122, lat: 65.8005585 }, population: 7771, populationYear: 2022 },
  { code: "261", nameFi: "Kittilä", nameSv: "Kittilä", region: "lappi", centre: { lon: 24.9116983, lat: 67.6528628 }, population: 6637, populationYear: 2022 },
  { code: "273", nameFi: "Kolari", nameSv: "Kolari", region: "lappi", centre: { lon: 23.7921407, lat: 67.3316911 }, population: 3999, populationYear: 2022 },
  { code: "320", nameFi: "Kemijärvi", nameSv: "Kemijärvi", region: "lappi", centre: { lon: 27.4324875, lat: 66.7148093 }, population: 6996, populationYear: 2022 },
  { code: "498", nameFi: "Muonio", nameSv: "Muonio", region: "lappi", centre: { lon: 23.6767283, lat: 67.9597448 }, population: 2281, populationYear: 2022 },
  { code: "583", nameFi: "Pelkosenniemi", nameSv: "Pelkosenniemi", region: "lappi", centre: { lon: 27.5155755, lat: 67.1084347 }, population: 947, populationYear: 2022 },
  { code: "614", nameFi: "Posio", nameSv: "Posio", region: "lappi", centre: { lon: 28.1679381, lat: 66.1101001 }, population: 2999, populationYear: 2022 },
  { code: "683", nameFi: "Ranua", nameSv: "Ranua", region: "lappi", centre: { lon: 26.5273737, lat: 65.9241695 }, population: 3618, populationYear: 2022 },
  { code: "698", nameFi: "Rovaniemi", nameSv: "Rovaniemi", region: "lappi", centre: { lon: 25.7248654, lat: 66.4962445 }, population: 64535, populationYear: 2022 },
  { code: "732", nameFi: "Salla", nameSv: "Salla", region: "lappi", centre: { lon: 28.6720525, lat: 66.8337518 }, population: 3336, populationYear: 2022 },
  { code: "742", nameFi: "Savukoski", nameSv: "Savukoski", region: "lappi", centre: { lon: 28.1608043, lat: 67.292321 }, population: 988, populationYear: 2022 },
  { code: "751", nameFi: "Simo", nameSv: "Simo", region: "lappi", centre: { lon: 25.06379, lat: 65.6621581 }, population: 2877, populationYear: 2022 },
  { code: "758", nameFi: "Sodankylä", nameSv: "Sodankylä", region: "lappi", centre: { lon: 26.5926355, lat: 67.4138084 }, population: 8134, populationYear: 2022 },
  { code: "845", nameFi: "Tervola", nameSv: "Tervola", region: "lappi", centre: { lon: 24.8103866, lat: 66.0869547 }, population: 2863, populationYear: 2022 },
  { code: "851", nameFi: "Tornio", nameSv: "Torneå", region: "lappi", centre: { lon: 24.144806, lat: 65.8482874 }, population: 21227, populationYear: 2022 },
  { code: "854", nameFi: "Pello", nameSv: "Pello", region: "lappi", centre: { lon: 23.9668117, lat: 66.774506 }, population: 3262, populationYear: 2022 },
  { code: "890", nameFi: "Utsjoki", nameSv: "Utsjoki", region: "lappi", centre: { lon: 27.0283385, lat: 69.9078805 }, population: 1180, populationYear: 2022 },
  { code: "976", nameFi: "Ylitornio", nameSv: "Övertorneå", region: "lappi", centre: { lon: 23.6728781, lat: 66.3230563 }, population: 3788, populationYear: 2022 },
];
