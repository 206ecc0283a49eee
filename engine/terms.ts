/**
 * The words a planner reads, in Finnish, Swedish and English, in one table that the reports
 * (data/export), the notes (study/notes.ts) and the web app all use: the names of the levels,
 * travel-time bands, counts with their plural forms, what a scenario change does, and numbers
 * and dates in each language's way. Pure data and Intl (present in Node, workers and browsers),
 * so the web app imports this file as it is.
 *
 * Finnish and Swedish inflect names (Kamppi → Kampin, Uusimaa → Uudellamaalla): a phrase that
 * carries a proper name puts it after a colon or in apposition, never in an inflected slot.
 */
import type { ScenarioChange } from "./scenario.ts";
import type { ServiceLevel } from "./services.ts";

export type Lang = "fi" | "sv" | "en";
export const LANGS: readonly Lang[] = ["fi", "sv", "en"];

/** The Intl locale of each language: Finland's Swedish, and British English (day-month-year dates). */
const LOCALES: Readonly<Record<Lang, string>> = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

/** A text in every language. */
export type LocalText = Readonly<Record<Lang, string>>;

/** The same text in every language (a proper name with no translation). */
export const same = (s: string): LocalText => ({ fi: s, sv: s, en: s });

/** A text made per language. */
export const inEvery = (f: (lang: Lang) => string): LocalText => ({ fi: f("fi"), sv: f("sv"), en: f("en") });

/** Fills `{name}` holes; a hole with no value stays as it is, so a missing variable is visible. */
export function fill(text: string, vars: Readonly<Record<string, string | number>> = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

// ---- Numbers and dates ----

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, digits: number, style: "decimal" | "percent" = "decimal", minDigits = digits): Intl.NumberFormat {
  const key = `${lang}:${digits}:${style}:${minDigits}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALES[lang], { style, minimumFractionDigits: minDigits, maximumFractionDigits: digits })));
  return f;
}

/** The text for a missing figure (beyond the last threshold, nobody there): an en dash. */
const NO_VALUE = "–";

/** A number with `digits` decimals in the language's way ("12 345,6" in fi and sv, "12,345.6" in en); null gives "–". */
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

/** Threshold minutes as labels write them: whole minutes bare, others with their decimal ("7,5"). */
export function formatThreshold(lang: Lang, minutes: number): string {
  return numberFormat(lang, 1, "decimal", 0).format(minutes);
}

/** A calendar date (YYYY-MM-DD) in the language's long form, e.g. "5. joulukuuta 2026". */
export function formatDate(lang: Lang, isoDate: string): string {
  // Noon UTC, so no time zone moves the day.
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T12:00:00Z`));
}

// ---- Counts with their plural forms ----

/** Nouns that are counted in the planners' texts. */
export type Noun = "change" | "resident" | "municipality" | "unit" | "servicePoint";

/**
 * Each noun with its number, by Intl's plural category: Finnish takes the partitive after every
 * number but one ("1 muutos", "2 muutosta", "0 muutosta"), Swedish and English their plurals.
 */
const NOUNS: Readonly<Record<Noun, Readonly<Record<Lang, { one: string; other: string }>>>> = {
  change: { fi: { one: "{n} muutos", other: "{n} muutosta" }, sv: { one: "{n} ändring", other: "{n} ändringar" }, en: { one: "{n} change", other: "{n} changes" } },
  resident: { fi: { one: "{n} asukas", other: "{n} asukasta" }, sv: { one: "{n} invånare", other: "{n} invånare" }, en: { one: "{n} resident", other: "{n} residents" } },
  municipality: { fi: { one: "{n} kunta", other: "{n} kuntaa" }, sv: { one: "{n} kommun", other: "{n} kommuner" }, en: { one: "{n} municipality", other: "{n} municipalities" } },
  unit: { fi: { one: "{n} alue", other: "{n} aluetta" }, sv: { one: "{n} område", other: "{n} områden" }, en: { one: "{n} unit", other: "{n} units" } },
  servicePoint: {
    fi: { one: "{n} palvelupiste", other: "{n} palvelupistettä" },
    sv: { one: "{n} serviceställe", other: "{n} serviceställen" },
    en: { one: "{n} service point", other: "{n} service points" },
  },
};

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** "1 muutos", "12 muutosta", "1 ändring", "2 changes": a count with its noun in the right form. */
export function countOf(lang: Lang, n: number, noun: Noun): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(LOCALES[lang])));
  const form = rules.select(n) === "one" ? "one" : "other";
  return fill(NOUNS[noun][lang][form], { n: formatNumber(lang, n) });
}

// ---- Levels ----

/** What each level is: the nesting E ⊇ A ⊇ L, the menu widening from local to specialised. */
const LEVEL_NAMES: Readonly<Record<ServiceLevel, LocalText>> = {
  L: { fi: "lähipalvelu", sv: "närservice", en: "local service" },
  A: { fi: "alueellinen palvelu", sv: "regional service", en: "regional service" },
  E: { fi: "erityistason palvelu", sv: "service på specialnivå", en: "specialised service" },
};

/** A level as every output names it: "L (lähipalvelu)", "A (regional service)". */
export function levelName(lang: Lang, level: ServiceLevel): string {
  return `${level} (${LEVEL_NAMES[level][lang]})`;
}

/** How the levels nest, in one sentence. */
export const LEVEL_NESTING: LocalText = {
  fi: "Tasot ovat sisäkkäisiä: lähin L-palvelu voi olla L-, A- tai E-piste ja lähin A-palvelu A- tai E-piste.",
  sv: "Nivåerna är kapslade: närmaste L-tjänst kan vara ett L-, A- eller E-ställe och närmaste A-tjänst ett A- eller E-ställe.",
  en: "Levels nest: the nearest L service may be an L, A or E point, the nearest A service an A or E point.",
};

// ---- Bands ----

const BAND = { fi: "{from}–{to} min", sv: "{from}–{to} min", en: "{from}–{to} min" };
const BAND_OVER = { fi: "yli {t} min", sv: "över {t} min", en: "over {t} min" };
const UP_TO = { fi: "enintään {t} min", sv: "högst {t} min", en: "up to {t} min" };
const OVER_OR_NO_ROAD = { fi: "yli {t} min tai ei tietä", sv: "över {t} min eller ingen väg", en: "over {t} min or no road" };

/** The label of band k of the thresholds: "0–15 min", …, "yli 180 min". */
export function bandLabel(lang: Lang, thresholds: readonly number[], k: number): string {
  if (k >= thresholds.length) return fill(BAND_OVER[lang], { t: formatThreshold(lang, thresholds[thresholds.length - 1]) });
  return fill(BAND[lang], { from: formatThreshold(lang, k === 0 ? 0 : thresholds[k - 1]), to: formatThreshold(lang, thresholds[k]) });
}

/** "enintään 15 min": within a threshold, for a legend. */
export function upToLabel(lang: Lang, minutes: number): string {
  return fill(UP_TO[lang], { t: formatThreshold(lang, minutes) });
}

/** "yli 180 min tai ei tietä": everyone beyond the last threshold, unreached included. */
export function beyondLabel(lang: Lang, minutes: number): string {
  return fill(OVER_OR_NO_ROAD[lang], { t: formatThreshold(lang, minutes) });
}

// ---- Areas ----

export const ALL_AREAS: LocalText = { fi: "Kaikki alueet", sv: "Alla områden", en: "All areas" };

// ---- Scenarios ----

const CHANGE_TEXT: Readonly<Record<ScenarioChange["op"], LocalText>> = {
  close: { fi: "Suljetaan: {name}", sv: "Stängs: {name}", en: "Closed: {name}" },
  open: { fi: "Avataan: {name}", sv: "Öppnas: {name}", en: "Opened: {name}" },
  relevel: { fi: "Tasolle {level}: {name}", sv: "Till nivå {level}: {name}", en: "To level {level}: {name}" },
  move: { fi: "Siirretään: {name}", sv: "Flyttas: {name}", en: "Moved: {name}" },
  add: { fi: "Uusi palvelupiste, taso {level}: {name}", sv: "Nytt serviceställe, nivå {level}: {name}", en: "New service point, level {level}: {name}" },
  capacity: { fi: "Uusi kapasiteetti {capacity}: {name}", sv: "Ny kapacitet {capacity}: {name}", en: "New capacity {capacity}: {name}" },
  languages: { fi: "Palvelukielet {languages}: {name}", sv: "Servicespråk {languages}: {name}", en: "Languages of service {languages}: {name}" },
};

/** A capacity as said in a change: people, or no limit. */
const CAPACITY_TEXT: LocalText = { fi: "{n} asukasta", sv: "{n} invånare", en: "{n} residents" };
const NO_LIMIT: LocalText = { fi: "rajaton", sv: "obegränsad", en: "unlimited" };
/** Languages of service left to the municipality's official ones. */
const BY_STATUS: LocalText = { fi: "kunnan virallisten kielten mukaan", sv: "enligt kommunens officiella språk", en: "as the municipality's official languages" };

/** A service point's name in a language: Swedish in Swedish, Finnish otherwise (Finnish names serve English readers). */
export function pointName(lang: Lang, name: { readonly fi: string; readonly sv: string }): string {
  return lang === "sv" && name.sv.trim() !== "" ? name.sv : name.fi;
}

/**
 * What a change does, naming the point by its name: "Suljetaan: Kampin terveysasema".
 * `nameOf` gives a point's names by id (the base set's, or the new point's own).
 */
export function changeText(lang: Lang, change: ScenarioChange, nameOf: (id: string) => { readonly fi: string; readonly sv: string } | undefined): string {
  if (change.op === "add") return fill(CHANGE_TEXT.add[lang], { level: change.point.level, name: pointName(lang, change.point.name) });
  const names = nameOf(change.id);
  const name = names ? pointName(lang, names) : change.id;
  const capacity = change.op !== "capacity" ? "" : change.capacity === null ? NO_LIMIT[lang] : fill(CAPACITY_TEXT[lang], { n: formatNumber(lang, change.capacity) });
  const languages = change.op !== "languages" ? "" : change.languages === null ? BY_STATUS[lang] : change.languages.join(", ");
  return fill(CHANGE_TEXT[change.op][lang], { name, level: change.op === "relevel" ? change.level : "", capacity, languages });
}

/** An unsaved scenario's name: "3 muutosta palveluverkkoon". */
export function unsavedScenarioName(lang: Lang, changes: number): string {
  const tail = { fi: "palveluverkkoon", sv: "i servicenätet", en: "to the service network" }[lang];
  return `${countOf(lang, changes, "change")} ${tail}`;
}
