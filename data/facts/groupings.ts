/**
 * Regional groupings: ways to split a region's municipalities into service-planning units, each
 * with a hub (the unit's main centre, where its central services sit). Every municipality of the
 * region belongs to exactly one unit; validateGrouping checks that.
 */
import { InvalidInputError, show } from "../../engine/index.ts";
import { countyById } from "./counties.ts";
import { FINNISH_MUNICIPALITIES } from "./finland.ts";
import { REGIONS, regionById, type Region } from "./regions.ts";

export interface LocalName {
  readonly fi: string;
  readonly sv: string;
  readonly en: string;
}

export interface GroupingUnit {
  /** Unique within its grouping. */
  readonly id: string;
  readonly name: LocalName;
  /** Municipality codes ("091"). */
  readonly municipalities: readonly string[];
  /** Code of the unit's main centre; one of its municipalities. */
  readonly hub?: string;
}

export interface Grouping {
  readonly id: string;
  readonly name: LocalName;
  /** The id of the region whose municipalities it divides (data/facts/regions.ts, or a region file's). */
  readonly region: string;
  readonly units: readonly GroupingUnit[];
  /** Where the division comes from. */
  readonly source: string;
}

const HELSINKI: GroupingUnit = {
  id: "helsinki",
  name: { fi: "Helsinki", sv: "Helsingfors", en: "Helsinki" },
  municipalities: ["091"],
  hub: "091",
};

const VANTAA_KERAVA: GroupingUnit = {
  id: "vantaa-kerava",
  name: { fi: "Vantaa–Kerava", sv: "Vanda–Kervo", en: "Vantaa–Kerava" },
  municipalities: ["092", "245"],
  hub: "092",
};

const KESKI_UUSIMAA: GroupingUnit = {
  id: "keski-uusimaa",
  name: { fi: "Keski-Uusimaa", sv: "Mellersta Nyland", en: "Central Uusimaa" },
  // Hyvinkää, Järvenpää, Mäntsälä, Nurmijärvi, Pornainen, Tuusula
  municipalities: ["106", "186", "505", "543", "611", "858"],
  hub: "106",
};

const ITA_UUSIMAA: GroupingUnit = {
  id: "ita-uusimaa",
  name: { fi: "Itä-Uusimaa", sv: "Östra Nyland", en: "East Uusimaa" },
  // Askola, Lapinjärvi, Loviisa, Myrskylä, Porvoo, Pukkila, Sipoo
  municipalities: ["018", "407", "434", "504", "638", "616", "753"],
  hub: "638",
};

const ESPOO_KIRKKONUMMI_KAUNIAINEN = ["049", "257", "235"];
// Hanko, Inkoo, Karkkila, Lohja, Raasepori, Siuntio, Vihti
const LANSI_UUSIMAA_REST = ["078", "149", "224", "444", "710", "755", "927"];

/**
 * Uusimaa in six units: the five organisers of 2023 with West Uusimaa split in two (Espoo and its
 * neighbours apart from the smaller western towns around Lohja). A planning scenario given to the
 * project, not a statutory division. Helsinki is a unit although it is not a wellbeing services
 * county: under the 2021 reform the city organises its own health, social and rescue services.
 */
export const UUSIMAA_6: Grouping = {
  id: "uusimaa-6",
  name: { fi: "Uusimaa, kuusi aluetta", sv: "Nyland, sex områden", en: "Uusimaa, six areas" },
  region: "uusimaa",
  units: [
    HELSINKI,
    VANTAA_KERAVA,
    {
      id: "espoo-kirkkonummi-kauniainen",
      name: { fi: "Espoo–Kirkkonummi–Kauniainen", sv: "Esbo–Kyrkslätt–Grankulla", en: "Espoo–Kirkkonummi–Kauniainen" },
      municipalities: ESPOO_KIRKKONUMMI_KAUNIAINEN,
      hub: "049",
    },
    {
      // Not West Uusimaa (the 2023 county, uusimaa-5's unit of ten): its seven smaller western
      // municipalities, named for the two largest and the count, so the two never share a label.
      id: "lohja-raasepori",
      name: { fi: "Lohja–Raasepori (7 kuntaa)", sv: "Lojo–Raseborg (7 kommuner)", en: "Lohja–Raasepori (7 municipalities)" },
      municipalities: LANSI_UUSIMAA_REST,
      hub: "444",
    },
    KESKI_UUSIMAA,
    ITA_UUSIMAA,
  ],
  source: "Planning scenario: the 2023 service organisers of Uusimaa with West Uusimaa split in two",
};

/**
 * Uusimaa in five units: the four wellbeing services counties and the City of Helsinki, as
 * organised from 1 January 2023, as in Statistics Finland's classification 2025 (`hyvinvointialue`,
 * via rOpenGov/geofi, CC BY 4.0), which the tests check this against.
 */
export const UUSIMAA_5: Grouping = {
  id: "uusimaa-5",
  name: { fi: "Uusimaa, hyvinvointialueet ja Helsinki", sv: "Nyland, välfärdsområdena och Helsingfors", en: "Uusimaa, wellbeing services counties and Helsinki" },
  region: "uusimaa",
  units: [
    HELSINKI,
    VANTAA_KERAVA,
    {
      id: "lansi-uusimaa",
      name: { fi: "Länsi-Uusimaa", sv: "Västra Nyland", en: "West Uusimaa" },
      municipalities: [...ESPOO_KIRKKONUMMI_KAUNIAINEN, ...LANSI_UUSIMAA_REST],
      hub: "049",
    },
    KESKI_UUSIMAA,
    ITA_UUSIMAA,
  ],
  source: "Wellbeing services counties of Uusimaa and the City of Helsinki from 2023 (Statistics Finland classification 2025, CC BY 4.0)",
};

/**
 * Lapland in two production areas along the former hospital districts. Länsi-Pohja is the six
 * member municipalities of the former Länsi-Pohja hospital district: Kemi, Keminmaa, Simo,
 * Tervola, Tornio, Ylitornio (City of Kemi, "First aid and ambulance services", kemi.fi: "The
 * region includes Kemi, Keminmaa, Simo, Tervola, Tornio and Ylitornio"). Pello is not among them:
 * the Lapland hospital district was owned by the other 15 municipalities (lshp.fi), and Lapland's
 * 2022 service areas put Pello in Northern Lapland and the same six in South-West Lapland
 * (regional government, 29 June 2022, as published by ylitornio.fi). The Swedish and English
 * names keep "Länsi-Pohja", as the district itself did.
 */
export const LAPPI_2: Grouping = {
  id: "lappi-2",
  name: { fi: "Lappi, kaksi tuotantoaluetta", sv: "Lappland, två produktionsområden", en: "Lapland, two production areas" },
  region: "lappi",
  units: [
    {
      id: "lappi",
      name: { fi: "Lappi", sv: "Lappland", en: "Lapland" },
      // Enontekiö, Inari, Kittilä, Kolari, Kemijärvi, Muonio, Pelkosenniemi, Posio, Ranua,
      // Rovaniemi, Salla, Savukoski, Sodankylä, Pello, Utsjoki
      municipalities: ["047", "148", "261", "273", "320", "498", "583", "614", "683", "698", "732", "742", "758", "854", "890"],
      hub: "698",
    },
    {
      id: "lansi-pohja",
      name: { fi: "Länsi-Pohja", sv: "Länsi-Pohja", en: "Länsi-Pohja" },
      // Kemi, Keminmaa, Simo, Tervola, Tornio, Ylitornio
      municipalities: ["240", "241", "751", "845", "851", "976"],
      hub: "240",
    },
  ],
  source: "Former hospital districts of Lapland: Länsi-Pohja (six municipalities, per kemi.fi) and Lappi (the other 15, per lshp.fi)",
};

/** The seed groupings, made for their regions by hand. */
const SEED_GROUPINGS: readonly Grouping[] = [UUSIMAA_6, UUSIMAA_5, LAPPI_2];

/** A municipality's name for messages: "Nokia (536)". */
const label = (code: string) => `${FINNISH_MUNICIPALITIES.find((m) => m.code === code)?.nameFi ?? "?"} (${code})`;

/**
 * Checks that every municipality of the region (`municipalities`, default: the built-in region
 * named by g.region) is in exactly one unit of g, that every code in g is one of them, and that
 * each hub is in its own unit. Throws InvalidInputError naming the first offender.
 */
export function validateGrouping(g: Grouping, municipalities: readonly string[] = regionById(g.region)?.municipalities ?? []): void {
  const known = new Set(municipalities);
  const unitOf = new Map<string, string>();
  for (const unit of g.units) {
    for (const code of unit.municipalities) {
      if (!known.has(code)) {
        throw new InvalidInputError(`Grouping ${g.id}: unit ${unit.id} lists ${label(code)}, which is not a municipality of the region ${g.region}`, "municipality", code);
      }
      const earlier = unitOf.get(code);
      if (earlier !== undefined) {
        throw new InvalidInputError(`Grouping ${g.id}: ${label(code)} is in two units, ${earlier} and ${unit.id}`, "municipality", code);
      }
      unitOf.set(code, unit.id);
    }
    if (unit.hub !== undefined && !unit.municipalities.includes(unit.hub)) {
      throw new InvalidInputError(`Grouping ${g.id}: hub ${show(unit.hub)} of unit ${unit.id} is not one of its municipalities`, "hub", unit.hub);
    }
  }
  for (const code of municipalities) {
    if (!unitOf.has(code)) throw new InvalidInputError(`Grouping ${g.id}: ${label(code)} is in no unit`, "municipality", code);
  }
}

/** The unit's hub: its most populous municipality (2022), the one its central services would sit in. */
function hubOf(codes: readonly string[]): string {
  const people = (c: string) => FINNISH_MUNICIPALITIES.find((m) => m.code === c)?.population ?? 0;
  return [...codes].sort((a, b) => people(b) - people(a) || a.localeCompare(b))[0];
}

/**
 * The groupings a region has built in: the seed groupings made for it (Uusimaa's six and five
 * units, Lapland's two), and its organisers as units: one unit for a single county ("the whole
 * county"), one per organiser for a region of several.
 */
export function groupingsOf(region: Region): Grouping[] {
  const seeds = SEED_GROUPINGS.filter((g) => g.region === region.id);
  if (region.counties.length === 0) return seeds;
  const whole = region.counties.length === 1;
  const units = region.counties.map((c): GroupingUnit => {
    const county = countyById(c)!;
    const codes = region.municipalities.filter((m) => FINNISH_MUNICIPALITIES.find((x) => x.code === m)?.county === c);
    return { id: c, name: county.shortName, municipalities: codes, hub: hubOf(codes) };
  });
  const organisers: Grouping = {
    id: `${region.id}-${whole ? "whole" : "organisers"}`,
    name: whole
      ? { fi: `${region.name.fi}: koko alue`, sv: `${region.name.sv}: hela området`, en: `${region.name.en}: the whole area` }
      : { fi: `${region.name.fi}: järjestäjät`, sv: `${region.name.sv}: organisatörerna`, en: `${region.name.en}: the organisers` },
    region: region.id,
    units,
    source: whole ? "The whole organiser as one unit (built in for every region)" : "One unit per organiser of health and social services (Act 616/2021)",
  };
  // Uusimaa's five organisers are its seed "uusimaa-5" already: the same partition is not listed twice.
  const key = (g: Grouping) => g.units.map((u) => [...u.municipalities].sort().join(",")).sort().join("|");
  return seeds.some((g) => key(g) === key(organisers)) ? seeds : [...seeds, organisers];
}

/** Every built-in grouping of every built-in region. */
export const GROUPINGS: readonly Grouping[] = REGIONS.flatMap(groupingsOf);
