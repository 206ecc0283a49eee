/**
 * Generates data/facts/finland.ts, the 309 municipalities of the 2023 division, from the openly
 * licensed files in ../shared/data/municipalities (see ../shared/data/README.md):
 *
 *   node --import tsx scripts/build-facts.ts [--check]
 *
 * `--check` writes nothing and exits 1 when the committed file differs from what the sources give.
 * Every choice the sources cannot make on their own (Tuusula's centre; Pertunmaa's county,
 * language and centre, the Sámi names and homeland) is a constant below with its reason, and is repeated on
 * its row of the generated file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { COUNTIES, type CountyId } from "../data/facts/counties.ts";
import type { FinnishMunicipality, LanguageStatus, SamiHomeland, SamiNames } from "../data/facts/finland-municipality.ts";
import { withGeoPackage } from "../data/gpkg.ts";

const DATA = fileURLToPath(new URL("../../shared/data/municipalities/", import.meta.url));
const TARGET = fileURLToPath(new URL("../data/facts/finland.ts", import.meta.url));

type Row = Record<string, string>;
const csv = (file: string): Row[] => parse(readFileSync(DATA + file), { columns: true, bom: true, skip_empty_lines: true });
const code3 = (raw: string | number) => String(Number(raw)).padStart(3, "0");

/** Tuusula (858) has no point in the NLS layer: Hyrylä, as in data/facts/municipalities.ts, whose header says how it was set. */
const TUUSULA_CENTRE = { lon: 25.0247, lat: 60.4033 };

/**
 * Pertunmaa (588) merged into Mäntyharju on 1 January 2025, so the 2025 key lacks it. Its county
 * is Etelä-Savo by Act 616/2021, § 7 (as in Yle's finland-hva-2021, hva_id ES, which the test
 * checks); its language status is Finnish, as it is not among the 33 bilingual municipalities of
 * the decree and all 16 monolingual Swedish municipalities are in Åland.
 */
const PERTUNMAA = { code: "588", county: "etela-savo" as CountyId, language: "fi" as LanguageStatus };

/**
 * Pertunmaa has no NLS point either (the layer is of a later division). English Wikipedia gives
 * the municipality's point as 61°30′10″N 26°28′45″E, in the church village it names as the seat;
 * German Wikipedia says the municipal office is in Kuortti, about 10 km south on highway 5. The
 * church village is kept, as Wikipedia's point and the largest village; either lies in Pertunmaa.
 */
const PERTUNMAA_CENTRE = { lon: 26.47917, lat: 61.50278 };

/** The key's `kielisuhde` codes (Statistics Finland classification of language status). */
const LANGUAGE: Record<string, LanguageStatus> = { "0": "fi", "1": "bilingual-fi", "2": "sv", "3": "bilingual-sv" };

/**
 * Sámi names of the homeland municipalities. North Sámi for all four; Inari, the only municipality
 * where all three Sámi languages of Finland are official (Kielikello, "Saamenkieliset paikannimet
 * Suomessa", kielikello.fi), also in Inari and Skolt Sámi. Forms: Eanodat (Kielikello, "Lapin
 * pitäjien nimiä"); Anár, Aanaar, Aanar (the Inari place-name blog monikieliseninarinpaikannimet,
 * "Aanaar (Inari) -nimen salaperäinen historia", 2017); Ohcejohka; Soađegilli (Wikipedia).
 * Sodankylä's Inari Sámi form is not recorded: only its Lapin paliskunta area, where North Sámi is
 * spoken, is in the homeland.
 */
const SAMI_NAMES: Record<string, SamiNames> = {
  "047": { se: "Eanodat" },
  "148": { se: "Anár", smn: "Aanaar", sms: "Aanar" },
  "758": { se: "Soađegilli" },
  "890": { se: "Ohcejohka" },
};

/** Sámi Parliament Act (974/1995), § 4. */
const SAMI_HOMELAND: Record<string, SamiHomeland> = { "047": "whole", "148": "whole", "890": "whole", "758": "part" };

const COUNTY_BY_CODE = new Map(COUNTIES.map((c) => [c.code, c.id]));
/** The key's code for Åland, which has no wellbeing services county. */
const ALAND = "91";

interface Built {
  rows: FinnishMunicipality[];
  notes: Map<string, string>;
  populationYear: number;
}

async function build(): Promise<Built> {
  const division = await withGeoPackage(DATA + "statfi_municipalities_2023.gpkg", (gpkg) => {
    const out: { code: string; nimi: string; namn: string }[] = [];
    gpkg.each(gpkg.featureTable().table, ["kunta", "nimi", "namn"], (_fid, [kunta, nimi, namn]) => out.push({ code: code3(String(kunta)), nimi: String(nimi).trim(), namn: String(namn).trim() }));
    return out;
  });
  const key = new Map(csv("geofi_municipality_key_2025.csv").map((r) => [code3(r.kunta), r]));
  const centres = new Map(csv("geofi_municipality_central_localities.csv").map((r) => [code3(r.kuntatunnus), { lon: Number(r.X), lat: Number(r.Y) }]));
  const pop = csv("geofi_sotkadata_population.csv");
  const populationYear = Math.max(...pop.map((r) => Number(r.year)));
  const population = new Map(pop.filter((r) => Number(r.year) === populationYear).map((r) => [code3(r.municipality_code), Number(r["primary.value"])]));

  const notes = new Map<string, string>();
  const rows = division
    .sort((a, b) => a.code.localeCompare(b.code))
    .map(({ code, nimi, namn }): FinnishMunicipality => {
      const k = key.get(code);
      let county: CountyId | null;
      let language: LanguageStatus;
      if (k) {
        county = k.hyvinvointialue_code === ALAND ? null : (COUNTY_BY_CODE.get(k.hyvinvointialue_code) ?? fail(`${code}: unknown county code ${k.hyvinvointialue_code}`));
        language = LANGUAGE[k.kielisuhde_code] ?? fail(`${code}: unknown kielisuhde ${k.kielisuhde_code}`);
      } else if (code === PERTUNMAA.code) {
        ({ county, language } = PERTUNMAA);
        notes.set(code, "merged into Mäntyharju 1.1.2025; county by Act 616/2021, language by the decree (see scripts/build-facts.ts)");
      } else {
        return fail(`${code} ${nimi} is in neither the 2025 key nor the exceptions`);
      }
      if (county === null) notes.set(code, "Åland: no wellbeing services county (ÅHS)");
      let centre = centres.get(code);
      if (code === "858") {
        if (centre) fail("Tuusula now has an NLS centre point: drop the hand-set one");
        centre = TUUSULA_CENTRE;
        notes.set(code, "centre set by hand: Hyrylä, see data/facts/municipalities.ts");
      }
      if (code === PERTUNMAA.code) {
        if (centre) fail("Pertunmaa now has an NLS centre point: drop the one from Wikipedia");
        centre = PERTUNMAA_CENTRE;
        notes.set(code, "merged into Mäntyharju 1.1.2025; county by Act 616/2021, language by the decree; centre from Wikipedia (see scripts/build-facts.ts)");
      }
      if (!centre) return fail(`${code} ${nimi} has no centre point`);
      const inhabitants = population.get(code) ?? fail(`${code} ${nimi} has no population for ${populationYear}`);
      if (SAMI_HOMELAND[code] === "part") notes.set(code, "Sámi homeland: only the Lapin paliskunta area in the north");
      // Names: the 2025 key where it has the municipality (the GeoPackage labels Mariehamn
      // "Maarianhamina - Mariehamn" in `nimi`), else the GeoPackage.
      const nameFi = k?.municipality_name_fi.trim() ?? nimi;
      const nameSv = k?.municipality_name_sv.trim() ?? namn;
      const sami = SAMI_NAMES[code];
      return {
        code,
        nameFi,
        nameSv,
        ...(sami ? { nameSami: sami } : {}),
        centre,
        population: inhabitants,
        populationYear,
        county,
        language,
        samiHomeland: SAMI_HOMELAND[code] ?? null,
      };
    });
  return { rows, notes, populationYear };
}

function fail(message: string): never {
  throw new Error(`build-facts: ${message}`);
}

function render({ rows, notes, populationYear }: Built): string {
  const header = `/**
 * GENERATED by scripts/build-facts.ts from ../shared/data/municipalities; do not edit by hand:
 * change the script or its sources and run \`node --import tsx scripts/build-facts.ts\`.
 *
 * The ${rows.length} municipalities of Finland's 2023 division, in code order. Sources, all CC BY 4.0:
 * - code; nameFi and nameSv where the key below lacks the municipality: Statistics Finland,
 *   municipal division 2023 (statfi_municipalities_2023.gpkg, via Python-GIS-book/site),
 *   © Statistics Finland.
 * - nameFi, nameSv, county and language: Statistics Finland classifications 2025 (municipality
 *   key: \`hyvinvointialue\`, \`kielisuhde\`), via rOpenGov/geofi \`municipality_key_2025\`. The
 *   language classification follows the Government decree on the language status of
 *   municipalities 2023–2032 (valtioneuvoston asetus kuntien kielellisestä asemasta vuosina
 *   2023–2032), which changed no municipality's status (Ministry of Justice, request for comments
 *   VN/25050/2021; Kuntalehti: Korsnäs, Lohja, Luoto and Närpiö bilingual at their councils'
 *   request). Its statute-book number was not verified here.
 * - centre: administrative-centre points of the National Land Survey of Finland Topographic
 *   Database, via rOpenGov/geofi \`municipality_central_localities\`, WGS84, © NLS; Tuusula (858)
 *   and Pertunmaa (588) are missing there and set in scripts/build-facts.ts (see their rows).
 * - population: residents on 31 December ${populationYear}, Sotkanet (THL) indicator 127, via rOpenGov/geofi
 *   \`sotkadata_population\` (${populationYear} is the latest year it holds). The ${rows.length} values sum to
 *   ${rows.reduce((s, r) => s + r.population, 0).toLocaleString("en").replace(/,/g, " ")}, Statistics Finland's published population of Finland on 31.12.${populationYear}.
 * - nameSami, samiHomeland: see scripts/build-facts.ts (Sámi Parliament Act 974/1995, § 4).
 */
import type { FinnishMunicipality } from "./finland-municipality.ts";

export const FINNISH_MUNICIPALITIES: readonly FinnishMunicipality[] = [
`;
  const body = rows.map((r) => `  ${JSON.stringify(r).replace(/"(\w+)":/g, "$1: ").replace(/,(?=\w+: )/g, ", ").replace(/\{(?=\w)/g, "{ ").replace(/(?<=[\w"\]])\}/g, " }")},${notes.has(r.code) ? ` // ${notes.get(r.code)}` : ""}`);
  return header + body.join("\n") + "\n];\n";
}

const text = render(await build());
if (process.argv.includes("--check")) {
  const same = readFileSync(TARGET, "utf8") === text;
  console.log(same ? "data/facts/finland.ts is up to date" : "data/facts/finland.ts differs from what the sources give");
  process.exitCode = same ? 0 : 1;
} else {
  writeFileSync(TARGET, text);
  console.log(`wrote ${TARGET}`);
}
