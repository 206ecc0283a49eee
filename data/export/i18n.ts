/**
 * The board reports' own labels (headings, column names, sheet names) in Finnish, Swedish and
 * English. The words the reports share with the web app and the notes (level names, bands,
 * counts with their plurals, changes, numbers and dates) come from the one table of terms,
 * engine/terms.ts, re-exported here. Labels are plain strings with `{name}` holes filled by
 * `fill`; the same key means the same thing in every language.
 */
import { fill, type Lang } from "../../engine/index.ts";

export {
  LANGS, bandLabel, fill, formatDate, formatMinutes, formatNumber, formatShare, formatThreshold, levelName, type Lang,
} from "../../engine/index.ts";

type Entry = Record<Lang, string>;

const LABELS = {
  titleRegion: { fi: "Matka-aika lähimpään palveluun", sv: "Restid till närmaste tjänst", en: "Travel time to the nearest service" },
  titleScenario: { fi: "Skenaarion vaikutus matka-aikoihin", sv: "Scenariots inverkan på restiderna", en: "How a scenario changes travel times" },
  titleComparison: { fi: "Aluejakojen vertailu", sv: "Jämförelse av områdesindelningar", en: "Regional groupings compared" },
  subtitle: { fi: "{region}: matka-aika {by} asuinpaikalta lähimpään L-, A- ja E-tason palveluun", sv: "{region}: restid {by} från bostaden till närmaste tjänst på nivå L, A och E", en: "{region}: travel time {by} from where people live to the nearest L, A and E service" },
  date: { fi: "Päivämäärä", sv: "Datum", en: "Date" },
  method: {
    fi: "Matka-ajat on laskettu {network} {cell} metrin ruuduista lähimpään avoimeen palvelupisteeseen ({profile}). Taso L sisältää myös A- ja E-pisteet ja taso A myös E-pisteet. Luvut ja kartat tulevat samoista ruuduista.",
    sv: "Restiderna har beräknats {network} från rutor på {cell} meter till närmaste öppna serviceställe ({profile}). Nivå L omfattar även A- och E-ställena och nivå A även E-ställena. Siffrorna och kartorna bygger på samma rutor.",
    en: "Travel times are computed {network} from {cell} m grid cells to the nearest open service point ({profile}). Level L includes the A and E points, level A also the E points. Figures and maps come from the same cells.",
  },
  dashNote: { fi: "– = yli {cutoff} min (viimeinen raja) tai ei tietä 1 km:n säteellä", sv: "– = över {cutoff} min (sista gränsen) eller ingen väg inom 1 km", en: "– = over {cutoff} min (the last threshold) or no road within 1 km" },
  profile_car: { fi: "kesänopeusrajoitukset", sv: "sommarhastighetsgränser", en: "summer speed limits" },
  "profile_car-winter": { fi: "talvinopeusrajoitukset", sv: "vinterhastighetsgränser", en: "winter speed limits" },
  profile_walk: { fi: "kävely 4,2 km/h", sv: "gång 4,2 km/h", en: "walking at 4.2 km/h" },
  profile_bike: { fi: "pyöräily 16,8 km/h", sv: "cykling 16,8 km/h", en: "cycling at 16.8 km/h" },
  by_car: { fi: "autolla", sv: "med bil", en: "by car" },
  by_walk: { fi: "kävellen", sv: "till fots", en: "on foot" },
  by_bike: { fi: "pyörällä", sv: "med cykel", en: "by bike" },
  network_car: { fi: "tieverkolla henkilöautolla", sv: "på vägnätet med personbil", en: "on the road network by car" },
  network_walk: { fi: "jalankulkuverkolla kävellen", sv: "på gångnätet till fots", en: "on the walking network on foot" },
  network_bike: { fi: "pyöräilyverkolla pyörällä", sv: "på cykelnätet med cykel", en: "on the cycling network by bike" },
  profile_midday: { fi: "keskipäivän liikenne", sv: "trafiken mitt på dagen", en: "midday traffic" },
  profile_rush: { fi: "ruuhkatunnin liikenne", sv: "trafiken under rusningstimmen", en: "rush-hour traffic" },
  model_turns: { fi: "kääntymisajat ja risteysviiveet", sv: "svängtider och fördröjningar i korsningar", en: "turn costs and junction delays" },
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
  notes: { fi: "Huomautukset", sv: "Anmärkningar", en: "Notes" },
  notesIntro: {
    fi: "Mitä lukujen lukijan on tiedettävä: laskennan likiarvot ja kaikki, mitä ei laskettu pyydetyllä tavalla.",
    sv: "Vad den som läser siffrorna måste veta: beräkningens approximationer och allt som inte räknades på det sätt som begärdes.",
    en: "What a reader of the figures must know: the approximations made, and everything not counted as asked.",
  },
  severity: { fi: "Vakavuus", sv: "Allvarlighetsgrad", en: "Severity" },
  severity_info: { fi: "tieto", sv: "information", en: "information" },
  severity_warning: { fi: "varoitus", sv: "varning", en: "warning" },
  severity_critical: { fi: "vakava", sv: "allvarlig", en: "critical" },
  noteCode: { fi: "Koodi", sv: "Kod", en: "Code" },
  noteText: { fi: "Huomautus", sv: "Anmärkning", en: "Note" },
  sheet_notes: { fi: "Huomautukset", sv: "Anmärkningar", en: "Notes" },
  layer_notes: { fi: "Huomautukset", sv: "Anmärkningar", en: "Notes" },
  summary: { fi: "Yhteenveto", sv: "Sammanfattning", en: "Summary" },
  serviceSet: { fi: "Palveluverkko", sv: "Servicenät", en: "Service set" },
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
  coverageInside: { fi: "Maa-alasta otteen sisällä (%)", sv: "Andel av landarealen inom utdraget (%)", en: "Land inside the extract (%)" },
  coverageLand: { fi: "Maa-alasta tieverkon palvelemaa (%)", sv: "Andel av landarealen som vägarna betjänar (%)", en: "Land the roads serve (%)" },
  coveragePeople: { fi: "Asukkaista tieverkon palvelemalla alueella (%)", sv: "Andel av invånarna där vägarna betjänar (%)", en: "People where the roads serve (%)" },
  partial: { fi: "Osittain otteen ulkopuolella", sv: "Delvis utanför utdraget", en: "Partly outside the extract" },
  centreMin: { fi: "Kuntakeskuksesta (min)", sv: "Från kommuncentrum (min)", en: "From the municipal centre (min)" },
  band: { fi: "{from}–{to} min", sv: "{from}–{to} min", en: "{from}–{to} min" },
  bandOver: { fi: "yli {t} min", sv: "över {t} min", en: "over {t} min" },
  peopleIn: { fi: "Asukkaita {band}", sv: "Invånare {band}", en: "Residents {band}" },
  variant: { fi: "Tilanne", sv: "Läge", en: "Case" },
  variant_base: { fi: "Nykytila", sv: "Nuläge", en: "Current" },
  variant_scenario: { fi: "Skenaario", sv: "Scenario", en: "Scenario" },
  scenario: { fi: "Skenaario", sv: "Scenario", en: "Scenario" },
  changes: { fi: "Muutokset", sv: "Förändringar", en: "Changes" },
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
  censoredMeanMin: { fi: "Keskiarvo, tieyhteydelliset (min)", sv: "Medelvärde, med vägförbindelse (min)", en: "Mean, people with a road (min)" },
  censoredP90Min: { fi: "90 % enintään, tieyhteydelliset (min)", sv: "90 % inom, med vägförbindelse (min)", en: "90 % within, people with a road (min)" },
  meanLowerBound: { fi: "Keskiarvo on alaraja", sv: "Medelvärdet är en nedre gräns", en: "Mean is a lower bound" },
  offRoadPct: { fi: "Ilman tieyhteyttä (%)", sv: "Utan vägförbindelse (%)", en: "No road (%)" },
  rankRange: { fi: "Mahdolliset sijat", sv: "Möjliga placeringar", en: "Possible ranks" },
  bound: { fi: "{m}: tarkkuus", sv: "{m}: precision", en: "{m}: bound" },
  bound_exact: { fi: "tarkka", sv: "exakt", en: "exact" },
  bound_lower: { fi: "alaraja", sv: "nedre gräns", en: "lower bound" },
  bound_unknown: { fi: "ei rajattavissa", sv: "kan inte avgränsas", en: "not bounded" },
  worstCandidates: { fi: "Heikoimmassa asemassa voi olla", sv: "Sämst ställt kan vara", en: "Worst off may be" },
  undecided: { fi: "ei ratkea: {names}", sv: "kan inte avgöras: {names}", en: "undecided: {names}" },
  definitionsTitle: { fi: "Mittareiden määritelmät", sv: "Måttens definitioner", en: "What the measures mean" },
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
  sheet_groups: { fi: "Palvelut ja kielet", sv: "Tjänster och språk", en: "Services and languages" },
  sheet_group_changes: { fi: "Palvelujen ja kielten muutokset", sv: "Ändringar i tjänster och språk", en: "Changes in services, languages" },
  sheet_group_groupings: { fi: "Aluejaot, palvelut ja kielet", sv: "Indelningar, tjänster, språk", en: "Groupings, services, languages" },
  sheet_group_equality: { fi: "Tasa-arvo, palvelut ja kielet", sv: "Jämlikhet, tjänster, språk", en: "Equality, services, languages" },
  sheet_loads: { fi: "Kuormitus", sv: "Belastning", en: "Loads" },
  sheet_moves: { fi: "Siirtymät", sv: "Förflyttningar", en: "Moves" },
  baseCapacity: { fi: "Nyt: kapasiteetti (asukkaita)", sv: "Nu: kapacitet (invånare)", en: "Now: capacity (residents)" },
  scenarioCapacity: { fi: "Skenaario: kapasiteetti (asukkaita)", sv: "Scenario: kapacitet (invånare)", en: "Scenario: capacity (residents)" },
  baseCatchment: { fi: "Nyt: väestöpohja (asukkaita)", sv: "Nu: upptagningsområde (invånare)", en: "Now: catchment (residents)" },
  scenarioCatchment: { fi: "Skenaario: väestöpohja (asukkaita)", sv: "Scenario: upptagningsområde (invånare)", en: "Scenario: catchment (residents)" },
  baseLoad: { fi: "Nyt: kuormitus (% kapasiteetista)", sv: "Nu: belastning (% av kapaciteten)", en: "Now: load (% of capacity)" },
  scenarioLoad: { fi: "Skenaario: kuormitus (% kapasiteetista)", sv: "Scenario: belastning (% av kapaciteten)", en: "Scenario: load (% of capacity)" },
  noPointInReach: { fi: "ei pistettä aikarajan sisällä", sv: "inget ställe inom tidsgränsen", en: "no point within the cutoff" },
  fromId: { fi: "Mistä: tunnus", sv: "Från: id", en: "From: id" },
  fromPoint: { fi: "Mistä", sv: "Från", en: "From" },
  toId: { fi: "Mihin: tunnus", sv: "Till: id", en: "To: id" },
  toPoint: { fi: "Mihin", sv: "Till", en: "To" },
  movingPeople: { fi: "Siirtyviä asukkaita", sv: "Invånare som flyttas", en: "Residents moving" },
  toCapacity: { fi: "Vastaanottajan kapasiteetti (asukkaita)", sv: "Mottagarens kapacitet (invånare)", en: "Receiving point's capacity (residents)" },
  toBaseLoad: { fi: "Vastaanottaja nyt (% kapasiteetista)", sv: "Mottagaren nu (% av kapaciteten)", en: "Receiving point now (% of capacity)" },
  toScenarioLoad: { fi: "Vastaanottaja skenaariossa (% kapasiteetista)", sv: "Mottagaren i scenariot (% av kapaciteten)", en: "Receiving point in the scenario (% of capacity)" },
  tableLoads: { fi: "Kuormituksen muutokset: {service}", sv: "Ändrad belastning: {service}", en: "Loads that change: {service}" },
  tableMoves: { fi: "Kuka siirtyy minne: {service}", sv: "Vem flyttas vart: {service}", en: "Who moves where: {service}" },
  tableGroupChanges: { fi: "Muutokset: {title}", sv: "Förändringar: {title}", en: "Changes: {title}" },
  service: { fi: "Palvelu", sv: "Tjänst", en: "Service" },
  languageGroup: { fi: "Kieliryhmä", sv: "Språkgrupp", en: "Language group" },
  everyone: { fi: "kaikki", sv: "alla", en: "everyone" },
  tableType: { fi: "Aika lähimpään palveluun: {service}", sv: "Tid till närmaste tjänst: {service}", en: "Time to the nearest service: {service}" },
  tableLanguage: { fi: "{speakers}: aika lähimpään palveluun, jota saa {in} ({service})", sv: "{speakers}: tid till närmaste tjänst som ges {in} ({service})", en: "{speakers}: time to the nearest service given {in} ({service})" },
  sheet_about: { fi: "Lähteet", sv: "Källor", en: "Sources" },
  asTable: { fi: "{name} (taulukko)", sv: "{name} (tabell)", en: "{name} (table)" },
  layer_bands: { fi: "Matka-aikavyöhykkeet", sv: "Restidszoner", en: "Travel-time bands" },
  layer_cells: { fi: "Ruudut: väestö ja matka-ajat", sv: "Rutor: befolkning och restider", en: "Cells: people and travel times" },
  layer_service_points: { fi: "Palvelupisteet", sv: "Serviceställen", en: "Service points" },
  layer_municipalities: { fi: "Kunnat", sv: "Kommuner", en: "Municipalities" },
} satisfies Record<string, Entry>;

export type LabelKey = keyof typeof LABELS;

/** Every label's key (the tests read every label in every language). */
export const LABEL_KEYS = Object.keys(LABELS) as LabelKey[];

/** The label `key` in `lang`, with `{name}` holes filled from `vars`. */
export function t(lang: Lang, key: LabelKey, vars: Record<string, string | number> = {}): string {
  return fill(LABELS[key][lang], vars);
}

/** A travel-time profile in words: its speed limits, its time of day when it has one (car-winter-rush), and the turns model's costs when they are in; walking and cycling by name. */
export function profileLabel(lang: Lang, profile: string, model: "plain" | "turns" = "plain"): string {
  if (profile === "walk" || profile === "bike") return t(lang, `profile_${profile}`);
  const m = /^(car|car-winter)(?:-(midday|rush))?$/.exec(profile);
  const turns = model === "turns" ? `, ${t(lang, "model_turns")}` : "";
  if (!m) return profile + turns;
  const limits = t(lang, m[1] === "car-winter" ? "profile_car-winter" : "profile_car");
  return (m[2] ? `${limits}, ${t(lang, m[2] === "midday" ? "profile_midday" : "profile_rush")}` : limits) + turns;
}

/** How a profile travels, in words: "by car", "on foot", "by bike" (`by`), and over which network (`network`). */
export function travelWords(lang: Lang, profile: string): { by: string; network: string } {
  const mode = profile === "walk" || profile === "bike" ? profile : "car";
  return { by: t(lang, `by_${mode}`), network: t(lang, `network_${mode}`) };
}

/** Speakers of a language and "in" it, for the groups' headings; other codes as they are. */
const LANGUAGE_WORDS: Readonly<Record<string, Record<Lang, { speakers: string; in: string }>>> = {
  fi: { fi: { speakers: "Suomenkieliset", in: "suomeksi" }, sv: { speakers: "Finskspråkiga", in: "på finska" }, en: { speakers: "Finnish speakers", in: "in Finnish" } },
  sv: { fi: { speakers: "Ruotsinkieliset", in: "ruotsiksi" }, sv: { speakers: "Svenskspråkiga", in: "på svenska" }, en: { speakers: "Swedish speakers", in: "in Swedish" } },
  se: { fi: { speakers: "Saamenkieliset", in: "saameksi" }, sv: { speakers: "Samiskspråkiga", in: "på samiska" }, en: { speakers: "Sámi speakers", in: "in Sámi" } },
};

/** The heading of a group's table: a type for everyone, or a language group's speakers to services given in their language. */
export function groupTitle(lang: Lang, language: string | null, serviceName: string): string {
  if (language === null) return t(lang, "tableType", { service: serviceName });
  const w = LANGUAGE_WORDS[language]?.[lang] ?? { speakers: `${t(lang, "languageGroup")} ${language}`, in: `(${language})` };
  return t(lang, "tableLanguage", { speakers: w.speakers, in: w.in, service: serviceName });
}
