/**
 * Every label of the board reports in Finnish, Swedish and English, and number and date formatting
 * per language through Intl (fi-FI, sv-FI, en-GB): decimal comma and no-break-space thousands in
 * fi and sv, as Intl gives them, so a Finnish reader sees "12 345,6". Labels are plain strings
 * with `{name}` holes filled by `fill`; the same key means the same thing in every language.
 */
import type { ServiceLevel } from "../../engine/services.ts";

export type Lang = "fi" | "sv" | "en";
export const LANGS: readonly Lang[] = ["fi", "sv", "en"];

/** The Intl locale of each language: Finland's Swedish, and British English (day-month-year dates). */
export const LOCALES: Record<Lang, string> = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

type Entry = Record<Lang, string>;

const LABELS = {
  titleRegion: { fi: "Matka-aika lähimpään palveluun", sv: "Restid till närmaste tjänst", en: "Travel time to the nearest service" },
  titleScenario: { fi: "Skenaarion vaikutus matka-aikoihin", sv: "Scenariots inverkan på restiderna", en: "How a scenario changes travel times" },
  titleComparison: { fi: "Aluejakojen vertailu", sv: "Jämförelse av områdesindelningar", en: "Regional groupings compared" },
  subtitle: { fi: "{region}: matka-aika autolla asuinpaikalta lähimpään L-, A- ja E-tason palveluun", sv: "{region}: restid med bil från bostaden till närmaste tjänst på nivå L, A och E", en: "{region}: travel time by car from where people live to the nearest L, A and E service" },
  date: { fi: "Päivämäärä", sv: "Datum", en: "Date" },
  method: {
    fi: "Matka-ajat on laskettu tieverkolla henkilöautolla {cell} metrin ruuduista lähimpään avoimeen palvelupisteeseen ({profile}). Taso L sisältää myös A- ja E-pisteet ja taso A myös E-pisteet. Luvut ja kartat tulevat samoista ruuduista.",
    sv: "Restiderna har beräknats på vägnätet med personbil från rutor på {cell} meter till närmaste öppna serviceställe ({profile}). Nivå L omfattar även A- och E-ställena och nivå A även E-ställena. Siffrorna och kartorna bygger på samma rutor.",
    en: "Travel times are computed on the road network by car from {cell} m grid cells to the nearest open service point ({profile}). Level L includes the A and E points, level A also the E points. Figures and maps come from the same cells.",
  },
  dashNote: { fi: "– = yli {cutoff} min (viimeinen raja) tai ei tietä 1 km:n säteellä", sv: "– = över {cutoff} min (sista gränsen) eller ingen väg inom 1 km", en: "– = over {cutoff} min (the last threshold) or no road within 1 km" },
  profile_car: { fi: "kesänopeusrajoitukset", sv: "sommarhastighetsgränser", en: "summer speed limits" },
  "profile_car-winter": { fi: "talvinopeusrajoitukset", sv: "vinterhastighetsgränser", en: "winter speed limits" },
  region_uusimaa: { fi: "Uusimaa", sv: "Nyland", en: "Uusimaa" },
  region_lappi: { fi: "Lappi", sv: "Lappland", en: "Lapland" },
  level_L: { fi: "L (lähipalvelu)", sv: "L (närservice)", en: "L (local service)" },
  level_A: { fi: "A (alueellinen palvelu)", sv: "A (regional service)", en: "A (regional service)" },
  level_E: { fi: "E (erityistason palvelu)", sv: "E (service på specialnivå)", en: "E (specialised service)" },
  sources: { fi: "Lähteet ja lisenssit", sv: "Källor och licenser", en: "Sources and licences" },
  source_roads: { fi: "Tieverkko", sv: "Vägnät", en: "Road network" },
  source_population: { fi: "Väestö", sv: "Befolkning", en: "Population" },
  source_boundaries: { fi: "Kuntarajat", sv: "Kommungränser", en: "Municipal boundaries" },
  source_services: { fi: "Palvelupisteet", sv: "Serviceställen", en: "Service points" },
  licence: { fi: "Lisenssi", sv: "Licens", en: "Licence" },
  licenceUnknown: { fi: "lisenssi: katso aineiston julkaisija", sv: "licens: se datautgivaren", en: "licence: see the data's publisher" },
  generated: {
    fi: "TIEVERKKO ON GENEROITU ESITTELYVERKKO, EI TODELLINEN: AJAT OVAT VAIN HAVAINNOLLISTUKSIA.",
    sv: "VÄGNÄTET ÄR ETT GENERERAT DEMONÄT, INTE VERKLIGT: TIDERNA ÄR ENDAST ILLUSTRATIONER.",
    en: "THE ROAD NETWORK IS GENERATED (A DEMO NETWORK), NOT REAL: THE TIMES ARE ILLUSTRATIONS ONLY.",
  },
  notes: { fi: "Huomautukset (englanniksi)", sv: "Anmärkningar (på engelska)", en: "Notes" },
  summary: { fi: "Yhteenveto", sv: "Sammanfattning", en: "Summary" },
  serviceSet: { fi: "Palveluverkko", sv: "Servicenät", en: "Service set" },
  pointsUsed: { fi: "{n} palvelupistettä", sv: "{n} serviceställen", en: "{n} service points" },
  thresholds: { fi: "Aikarajat", sv: "Tidsgränser", en: "Thresholds" },
  cellSize: { fi: "Ruutukoko", sv: "Rutstorlek", en: "Cell size" },
  level: { fi: "Taso", sv: "Nivå", en: "Level" },
  code: { fi: "Kuntanumero", sv: "Kommunnummer", en: "Code" },
  municipality: { fi: "Kunta", sv: "Kommun", en: "Municipality" },
  unit: { fi: "Alue", sv: "Område", en: "Unit" },
  unitId: { fi: "Alueen tunnus", sv: "Områdets id", en: "Unit id" },
  allAreas: { fi: "Kaikki alueet", sv: "Alla områden", en: "All areas" },
  population: { fi: "Asukkaat", sv: "Invånare", en: "Residents" },
  reached: { fi: "Enintään {t} min", sv: "Högst {t} min", en: "Within {t} min" },
  beyond: { fi: "Yli {t} min tai ei tietä", sv: "Över {t} min eller ingen väg", en: "Over {t} min or no road" },
  meanMin: { fi: "Keskiarvo (min)", sv: "Medelvärde (min)", en: "Mean (min)" },
  medianMin: { fi: "Mediaani (min)", sv: "Median (min)", en: "Median (min)" },
  p90Min: { fi: "90 %:lla enintään (min)", sv: "90 % inom (min)", en: "90 % within (min)" },
  maxMin: { fi: "Pisin (min)", sv: "Längst (min)", en: "Longest (min)" },
  centreMin: { fi: "Kuntakeskuksesta (min)", sv: "Från kommuncentrum (min)", en: "From the municipal centre (min)" },
  band: { fi: "{from}–{to} min", sv: "{from}–{to} min", en: "{from}–{to} min" },
  bandOver: { fi: "yli {t} min", sv: "över {t} min", en: "over {t} min" },
  peopleIn: { fi: "Asukkaita {band}", sv: "Invånare {band}", en: "Residents {band}" },
  variant: { fi: "Tilanne", sv: "Läge", en: "Case" },
  variant_base: { fi: "Nykytila", sv: "Nuläge", en: "Current" },
  variant_scenario: { fi: "Skenaario", sv: "Scenario", en: "Scenario" },
  scenario: { fi: "Skenaario", sv: "Scenario", en: "Scenario" },
  changes: { fi: "Muutokset", sv: "Förändringar", en: "Changes" },
  change_close: { fi: "Suljetaan {id}", sv: "{id} stängs", en: "Close {id}" },
  change_open: { fi: "Avataan {id}", sv: "{id} öppnas", en: "Open {id}" },
  change_relevel: { fi: "{id} tasolle {level}", sv: "{id} till nivå {level}", en: "{id} to level {level}" },
  change_move: { fi: "Siirretään {id}", sv: "{id} flyttas", en: "Move {id}" },
  change_add: { fi: "Uusi piste {id} (taso {level})", sv: "Nytt ställe {id} (nivå {level})", en: "New point {id} (level {level})" },
  baseMean: { fi: "Nyt: keskiarvo (min)", sv: "Nu: medelvärde (min)", en: "Now: mean (min)" },
  scenarioMean: { fi: "Skenaario: keskiarvo (min)", sv: "Scenario: medelvärde (min)", en: "Scenario: mean (min)" },
  baseP90: { fi: "Nyt: 90 % enintään (min)", sv: "Nu: 90 % inom (min)", en: "Now: 90 % within (min)" },
  scenarioP90: { fi: "Skenaario: 90 % enintään (min)", sv: "Scenario: 90 % inom (min)", en: "Scenario: 90 % within (min)" },
  baseBeyond: { fi: "Nyt: yli {t} min", sv: "Nu: över {t} min", en: "Now: over {t} min" },
  scenarioBeyond: { fi: "Skenaario: yli {t} min", sv: "Scenario: över {t} min", en: "Scenario: over {t} min" },
  worse: { fi: "Siirtyy kauemmas (asukkaita)", sv: "Längre bort (invånare)", en: "Worse band (residents)" },
  better: { fi: "Siirtyy lähemmäs (asukkaita)", sv: "Närmare (invånare)", en: "Better band (residents)" },
  changed: { fi: "Aika muuttuu (asukkaita)", sv: "Tiden ändras (invånare)", en: "Time changed (residents)" },
  addedPersonMin: { fi: "Lisää henkilöminuutteja, vähintään", sv: "Fler personminuter, minst", en: "Person-minutes added, at least" },
  savedPersonMin: { fi: "Säästyy henkilöminuutteja, vähintään", sv: "Sparade personminuter, minst", en: "Person-minutes saved, at least" },
  grouping: { fi: "Aluejako", sv: "Områdesindelning", en: "Grouping" },
  hub: { fi: "Keskus", sv: "Centralort", en: "Hub" },
  areaKm2: { fi: "Pinta-ala (km²)", sv: "Areal (km²)", en: "Area (km²)" },
  censoredMeanMin: { fi: "Keskiarvo, yli {t} min = {t} (min)", sv: "Medelvärde, över {t} min = {t} (min)", en: "Mean, over {t} min counted as {t} (min)" },
  censoredP90Min: { fi: "90 % enintään, yli {t} = {t} (min)", sv: "90 % inom, över {t} = {t} (min)", en: "90 % within, over {t} as {t} (min)" },
  withinPct: { fi: "Enintään {t} min (%)", sv: "Högst {t} min (%)", en: "Within {t} min (%)" },
  beyondPct: { fi: "Yli {t} min (%)", sv: "Över {t} min (%)", en: "Over {t} min (%)" },
  hubMaxMin: { fi: "Pisin matka keskukseen (min)", sv: "Längsta resan till centralorten (min)", en: "Longest trip to the hub (min)" },
  rank: { fi: "Sija (1 = heikoin)", sv: "Rang (1 = sämst)", en: "Rank (1 = worst off)" },
  meanRatio: { fi: "Keskiarvojen suhde (suurin/pienin)", sv: "Kvot av medelvärden (störst/minst)", en: "Ratio of means (max/min)" },
  p90Ratio: { fi: "90 %:n aikojen suhde (suurin/pienin)", sv: "Kvot av 90 %-tider (störst/minst)", en: "Ratio of 90 % times (max/min)" },
  gini: { fi: "Gini, henkilöittäin", sv: "Gini, per person", en: "Gini, per person" },
  unitMeanGini: { fi: "Gini, alueiden keskiarvot", sv: "Gini, områdenas medelvärden", en: "Gini of the units' means" },
  worstUnit: { fi: "Heikoimmassa asemassa", sv: "Sämst ställt", en: "Worst off" },
  worstMeanMin: { fi: "Sen keskiarvo (min)", sv: "Dess medelvärde (min)", en: "Its mean (min)" },
  id: { fi: "Tunnus", sv: "Id", en: "Id" },
  name: { fi: "Nimi", sv: "Namn", en: "Name" },
  open: { fi: "Auki", sv: "Öppen", en: "Open" },
  yes: { fi: "kyllä", sv: "ja", en: "yes" },
  no: { fi: "ei", sv: "nej", en: "no" },
  lon: { fi: "Pituusaste (°)", sv: "Longitud (°)", en: "Longitude (°)" },
  lat: { fi: "Leveysaste (°)", sv: "Latitud (°)", en: "Latitude (°)" },
  status: { fi: "Muutos", sv: "Ändring", en: "Change" },
  status_unchanged: { fi: "", sv: "", en: "" },
  status_changed: { fi: "muuttuu", sv: "ändras", en: "changed" },
  status_added: { fi: "uusi", sv: "ny", en: "new" },
  item: { fi: "Tieto", sv: "Uppgift", en: "Item" },
  value: { fi: "Arvo", sv: "Värde", en: "Value" },
  region: { fi: "Alue", sv: "Region", en: "Region" },
  travelTime: { fi: "Matka-aika", sv: "Restid", en: "Travel time" },
  mapTitle: { fi: "Matka-aika lähimpään palveluun: {level}", sv: "Restid till närmaste tjänst: {level}", en: "Travel time to the nearest service: {level}" },
  mapScenario: { fi: " (skenaario)", sv: " (scenario)", en: " (scenario)" },
  notReached: { fi: "yli {t} min / ei tietä", sv: "över {t} min / ingen väg", en: "over {t} min / no road" },
  servicePoint: { fi: "Palvelupiste, joka tarjoaa tason", sv: "Serviceställe som erbjuder nivån", en: "Service point offering the level" },
  changedPoint: { fi: "Skenaariossa muuttuva piste", sv: "Ställe som ändras i scenariot", en: "Point the scenario changes" },
  outsideAreas: { fi: "Meri tai kuntien ulkopuolella", sv: "Hav eller utanför kommunerna", en: "Sea, or outside the municipalities" },
  closedPoint: { fi: "Suljettu piste", sv: "Stängt ställe", en: "Closed point" },
  boundary: { fi: "Kuntaraja", sv: "Kommungräns", en: "Municipal boundary" },
  chartTitle: { fi: "Asukkaat matka-aikavyöhykkeittäin: {level}", sv: "Invånare per restidszon: {level}", en: "Residents per travel-time band: {level}" },
  chartShare: { fi: "osuus asukkaista", sv: "andel av invånarna", en: "share of residents" },
  tableFigures: { fi: "Luvut kunnittain: {level}", sv: "Siffror per kommun: {level}", en: "Figures per municipality: {level}" },
  tableUnitFigures: { fi: "Luvut alueittain: {level}", sv: "Siffror per område: {level}", en: "Figures per unit: {level}" },
  tableBands: { fi: "Asukkaat vyöhykkeittäin: {level}", sv: "Invånare per zon: {level}", en: "Residents per band: {level}" },
  page: { fi: "Sivu {n}/{m}", sv: "Sida {n} av {m}", en: "Page {n} of {m}" },
  sheet_municipalities: { fi: "Kunnat", sv: "Kommuner", en: "Municipalities" },
  sheet_units: { fi: "Alueet", sv: "Områden", en: "Units" },
  sheet_changes: { fi: "Muutokset", sv: "Förändringar", en: "Changes" },
  sheet_groupings: { fi: "Aluejaot", sv: "Indelningar", en: "Groupings" },
  sheet_equality: { fi: "Tasa-arvo", sv: "Jämlikhet", en: "Equality" },
  sheet_services: { fi: "Palvelupisteet", sv: "Serviceställen", en: "Service points" },
  sheet_about: { fi: "Lähteet", sv: "Källor", en: "Sources" },
  asTable: { fi: "{name} (taulukko)", sv: "{name} (tabell)", en: "{name} (table)" },
  layer_bands: { fi: "Matka-aikavyöhykkeet", sv: "Restidszoner", en: "Travel-time bands" },
  layer_cells: { fi: "Ruudut: väestö ja matka-ajat", sv: "Rutor: befolkning och restider", en: "Cells: people and travel times" },
  layer_service_points: { fi: "Palvelupisteet", sv: "Serviceställen", en: "Service points" },
  layer_municipalities: { fi: "Kunnat", sv: "Kommuner", en: "Municipalities" },
} satisfies Record<string, Entry>;

export type LabelKey = keyof typeof LABELS;

/** Checks a language code from the command line or an API. */
export function isLang(v: unknown): v is Lang {
  return v === "fi" || v === "sv" || v === "en";
}

/** The label `key` in `lang`, with `{name}` holes filled from `vars`. */
export function t(lang: Lang, key: LabelKey, vars: Record<string, string | number> = {}): string {
  return fill(LABELS[key][lang], vars);
}

/** Fills `{name}` holes; a hole with no value stays as it is, so a missing variable is visible. */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The full name of a level in `lang`, e.g. "L (lähipalvelu)". */
export function levelName(lang: Lang, level: ServiceLevel): string {
  return t(lang, `level_${level}`);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, digits: number, style: "decimal" | "percent" = "decimal", minDigits = digits): Intl.NumberFormat {
  const key = `${lang}:${digits}:${style}:${minDigits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALES[lang], { style, minimumFractionDigits: minDigits, maximumFractionDigits: digits })));
  return f;
}

/** The text for a missing figure (beyond the last threshold, no people): an en dash. */
export const NO_VALUE = "–";

/** A number with `digits` decimals in the language's way ("12 345,6" in fi and sv); null gives "–". */
export function formatNumber(lang: Lang, v: number | null, digits = 0): string {
  return v === null || !Number.isFinite(v) ? NO_VALUE : numberFormat(lang, digits).format(v);
}

/** Minutes with one decimal. */
export function formatMinutes(lang: Lang, v: number | null): string {
  return formatNumber(lang, v, 1);
}

/** A share (0..1) as a percentage with one decimal ("12,3 %" in fi and sv, "12.3%" in en). */
export function formatShare(lang: Lang, share: number | null): string {
  return share === null || !Number.isFinite(share) ? NO_VALUE : numberFormat(lang, 1, "percent").format(share);
}

/** A calendar date (YYYY-MM-DD) in the language's long form, e.g. "5. tammikuuta 2026". */
export function formatDate(lang: Lang, isoDate: string): string {
  // Noon UTC, so no time zone moves the day.
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** Threshold minutes as written in labels: whole minutes bare, others with their decimal ("7,5"). */
export function formatThreshold(lang: Lang, minutes: number): string {
  return numberFormat(lang, 1, "decimal", 0).format(minutes);
}

/** The label of band k of the thresholds: "0–15 min", ..., "yli 180 min". */
export function bandLabel(lang: Lang, thresholds: readonly number[], k: number): string {
  if (k >= thresholds.length) return t(lang, "bandOver", { t: formatThreshold(lang, thresholds[thresholds.length - 1]) });
  return t(lang, "band", { from: formatThreshold(lang, k === 0 ? 0 : thresholds[k - 1]), to: formatThreshold(lang, thresholds[k]) });
}
