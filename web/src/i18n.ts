/**
 * Every label of the web app in Finnish, Swedish and English. One table, so a missing translation
 * is a type error, not a blank button. `{name}` placeholders are filled by t().
 */
import type { Lang, Level } from "./state.ts";

const en = {
  title: "Service network",
  subtitle: "Travel time by car to the nearest service",
  language: "Language",
  level: "Service level",
  levelL: "L – health station",
  levelA: "A – 24 h emergency",
  levelE: "E – central hospital",
  levelHint: "Levels nest: the nearest L service may be an L, A or E point; the nearest A an A or E point.",
  bands: "Bands",
  bandsPlanning: "15–180 min (region)",
  bandsShort: "5–30 min (town)",
  legend: "Travel time by car, minutes",
  legendUpTo: "up to {t}",
  legendBeyond: "over {t} or no road",
  undo: "Undo",
  redo: "Redo",
  reset: "Back to base",
  noChanges: "No changes: the base service network.",
  oneChange: "1 change to the service network",
  changes: "{n} changes to the service network",
  figures: "Figures per municipality",
  figuresNote: "Scenario figures, with the change from the base below each.",
  municipality: "Municipality",
  people: "People",
  peopleShort: "people",
  mean: "Mean, min",
  p90: "P90, min",
  within: "≤ {t} min",
  worse: "Band farther",
  better: "Band nearer",
  worseHint: "People whose travel time moved to a farther band in this scenario",
  betterHint: "People whose travel time moved to a nearer band in this scenario",
  allAreas: "All areas",
  points: "Service points",
  close: "Close",
  reopen: "Reopen",
  open: "open",
  closed: "closed",
  changed: "changed",
  levelOf: "Level of {name}",
  loading: "Loading…",
  computing: "Calculating…",
  ready: "Ready",
  error: "Error: {detail}",
  approximateAreas: "Municipal borders are approximate: the cells nearest each municipal centre (no boundary file given).",
  roadsOmitted: "Basemap shows main roads only ({classes} left out).",
  generated: "GENERATED demo roads: the times are illustrations only.",
  mapLabel: "Map of travel-time bands and service points",
  centre: "Municipal centre",
  styleFailed: "The external map style could not be loaded; showing the built-in basemap.",
} as const;

export type MessageId = keyof typeof en;

// "\u00ad" is a soft hyphen: where a long Finnish word may break in a narrow table header.
const fi: Record<MessageId, string> = {
  title: "Palveluverkko",
  subtitle: "Matka-aika autolla lähimpään palveluun",
  language: "Kieli",
  level: "Palvelutaso",
  levelL: "L – terveysasema",
  levelA: "A – ympärivuorokautinen päivystys",
  levelE: "E – keskussairaala",
  levelHint: "Tasot sisäkkäin: lähin L-palvelu voi olla L-, A- tai E-piste, lähin A-palvelu A- tai E-piste.",
  bands: "Vyöhykkeet",
  bandsPlanning: "15–180 min (alue)",
  bandsShort: "5–30 min (kaupunki)",
  legend: "Matka-aika autolla, minuuttia",
  legendUpTo: "enintään {t}",
  legendBeyond: "yli {t} tai ei tietä",
  undo: "Kumoa",
  redo: "Tee uudelleen",
  reset: "Palaa perustilaan",
  noChanges: "Ei muutoksia: palveluverkon perustila.",
  oneChange: "1 muutos palveluverkkoon",
  changes: "{n} muutosta palveluverkkoon",
  figures: "Luvut kunnittain",
  figuresNote: "Skenaarion luvut, alla muutos perustilaan.",
  municipality: "Kunta",
  people: "Asukkaita",
  peopleShort: "as.",
  mean: "Keski\u00adarvo, min",
  p90: "P90, min",
  within: "≤ {t} min",
  worse: "Vyöhyke kauem\u00adpana",
  better: "Vyöhyke lähem\u00adpänä",
  worseHint: "Asukkaat, joiden matka-aika siirtyi kauempaan vyöhykkeeseen",
  betterHint: "Asukkaat, joiden matka-aika siirtyi lähempään vyöhykkeeseen",
  allAreas: "Kaikki alueet",
  points: "Palvelupisteet",
  close: "Sulje",
  reopen: "Avaa uudelleen",
  open: "auki",
  closed: "suljettu",
  changed: "muutettu",
  levelOf: "Pisteen {name} taso",
  loading: "Ladataan…",
  computing: "Lasketaan…",
  ready: "Valmis",
  error: "Virhe: {detail}",
  approximateAreas: "Kuntarajat ovat likimääräisiä: kunkin kuntakeskuksen lähimmät ruudut (rajatiedostoa ei annettu).",
  roadsOmitted: "Taustakartassa vain pääteiden luokat ({classes} jätetty pois).",
  generated: "GENEROITU esimerkkitieverkko: ajat ovat vain havainnollistuksia.",
  mapLabel: "Kartta matka-aikavyöhykkeistä ja palvelupisteistä",
  centre: "Kuntakeskus",
  styleFailed: "Ulkoista karttatyyliä ei saatu ladattua; käytössä sisäänrakennettu taustakartta.",
};

const sv: Record<MessageId, string> = {
  title: "Servicenätverk",
  subtitle: "Restid med bil till närmaste service",
  language: "Språk",
  level: "Servicenivå",
  levelL: "L – hälsostation",
  levelA: "A – jour dygnet runt",
  levelE: "E – centralsjukhus",
  levelHint: "Nivåerna är kapslade: närmaste L-service kan vara en L-, A- eller E-punkt, närmaste A-service en A- eller E-punkt.",
  bands: "Zoner",
  bandsPlanning: "15–180 min (region)",
  bandsShort: "5–30 min (stad)",
  legend: "Restid med bil, minuter",
  legendUpTo: "högst {t}",
  legendBeyond: "över {t} eller ingen väg",
  undo: "Ångra",
  redo: "Gör om",
  reset: "Tillbaka till basläget",
  noChanges: "Inga ändringar: servicenätverkets basläge.",
  oneChange: "1 ändring i servicenätverket",
  changes: "{n} ändringar i servicenätverket",
  figures: "Siffror per kommun",
  figuresNote: "Scenariots siffror, med ändringen från basläget under.",
  municipality: "Kommun",
  people: "Invånare",
  peopleShort: "inv.",
  mean: "Medel, min",
  p90: "P90, min",
  within: "≤ {t} min",
  worse: "Zon längre bort",
  better: "Zon närmare",
  worseHint: "Invånare vars restid flyttade till en längre zon i scenariot",
  betterHint: "Invånare vars restid flyttade till en närmare zon i scenariot",
  allAreas: "Alla områden",
  points: "Servicepunkter",
  close: "Stäng",
  reopen: "Öppna igen",
  open: "öppen",
  closed: "stängd",
  changed: "ändrad",
  levelOf: "Nivå för {name}",
  loading: "Laddar…",
  computing: "Beräknar…",
  ready: "Klar",
  error: "Fel: {detail}",
  approximateAreas: "Kommungränserna är ungefärliga: rutorna närmast varje kommuncentrum (ingen gränsfil given).",
  roadsOmitted: "Bakgrundskartan visar bara huvudvägar ({classes} utelämnade).",
  generated: "GENERERAT exempelvägnät: tiderna är endast illustrationer.",
  mapLabel: "Karta över restidszoner och servicepunkter",
  centre: "Kommuncentrum",
  styleFailed: "Den externa kartstilen kunde inte laddas; den inbyggda bakgrundskartan visas.",
};

const TABLE: Record<Lang, Record<MessageId, string>> = { en, fi, sv };

/** The label in a language, with `{key}` placeholders filled. */
export function t(lang: Lang, id: MessageId, params: Record<string, string | number> = {}): string {
  return TABLE[lang][id].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function levelLabel(lang: Lang, level: Level): string {
  return t(lang, level === "L" ? "levelL" : level === "A" ? "levelA" : "levelE");
}

/** BCP 47 locale for number formatting: Finnish and Swedish group thousands with a space and use a decimal comma. */
export const LOCALE: Record<Lang, string> = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

/** The language the browser prefers among ours; Finnish otherwise, the planners' working language. */
export function preferredLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const code = l.slice(0, 2).toLowerCase();
    if (code === "fi" || code === "sv" || code === "en") return code;
  }
  return "fi";
}
