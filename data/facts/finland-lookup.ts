/**
 * Finding any of the 309 municipalities of 2023 (data/facts/finland.ts) by code or by its Finnish,
 * Swedish or Sámi name as users type them ("091", "Helsingfors", "pedersore", "Anár"), and the
 * municipalities of an organiser. Every name is unique even with case and diacritics folded (the
 * facts test checks it), so a name resolves to one municipality or to none.
 */
import { InvalidInputError, NotFoundError, show } from "../../engine/index.ts";
import { countyById, COUNTY_IDS, type CountyId } from "./counties.ts";
import { FINNISH_MUNICIPALITIES } from "./finland.ts";
import type { FinnishMunicipality } from "./finland-municipality.ts";
import { editDistance, fold, lower } from "./name-match.ts";

const byCode = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));
const byName = new Map<string, FinnishMunicipality>();
const byFolded = new Map<string, FinnishMunicipality>();

/** The Finnish, Swedish and Sámi names of m. */
export function namesOf(m: FinnishMunicipality): string[] {
  return [m.nameFi, m.nameSv, ...Object.values(m.nameSami ?? {})];
}

for (const m of FINNISH_MUNICIPALITIES) {
  for (const name of namesOf(m)) {
    byName.set(lower(name), m);
    byFolded.set(fold(name), m);
  }
}

/**
 * The municipality of 2023 with this code ("91" or "091") or this Finnish, Swedish or Sámi name in
 * any case; diacritics are ignored only when nothing matches with them. NotFoundError otherwise,
 * naming up to three closest names.
 */
export function findFinnishMunicipality(nameOrCode: string): FinnishMunicipality {
  const q = nameOrCode.trim();
  const found = /^\d{1,3}$/.test(q) ? byCode.get(q.padStart(3, "0")) : (byName.get(lower(q)) ?? byFolded.get(fold(q)));
  if (found) return found;
  throw new NotFoundError(`Unknown municipality ${show(nameOrCode)}; closest: ${closestNames(q).join(", ")}`, "municipality", nameOrCode);
}

/** The three municipality names (Finnish, Swedish or Sámi) nearest to a text by edit distance, diacritics ignored. */
function closestNames(text: string): string[] {
  const fq = fold(text);
  return FINNISH_MUNICIPALITIES.map((m) => namesOf(m).map((name) => ({ name, d: editDistance(fq, fold(name)) })).reduce((a, b) => (b.d < a.d ? b : a)))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name, "fi"))
    .slice(0, 3)
    .map((c) => c.name);
}

/**
 * A municipality's three-digit code from what an office writes: a code of one to three digits
 * ("91", "091"; padded, not checked against the facts, since older codes appear in data) or a
 * Finnish, Swedish or Sámi name. NotFoundError otherwise, its message naming the closest names.
 */
export function municipalityCode(value: string): string {
  const v = value.trim();
  if (/^\d{1,3}$/.test(v) && Number(v) > 0) return v.padStart(3, "0");
  if (!/\D/.test(v)) throw new NotFoundError(`${show(value)} is not a municipality code (1–3 digits, e.g. 091) nor a municipality's name`, "municipality", value);
  const found = byName.get(lower(v)) ?? byFolded.get(fold(v));
  if (found) return found.code;
  throw new NotFoundError(`${show(value)} is neither a municipality code nor a municipality's name: closest: ${closestNames(v).join(", ")}`, "municipality", value);
}

/** The municipalities an organiser serves, in code order; InvalidInputError for an unknown id. */
export function municipalitiesOfCounty(id: CountyId): FinnishMunicipality[] {
  if (!countyById(id)) throw new InvalidInputError(`Unknown county ${show(id)}; expected one of ${COUNTY_IDS.join(", ")}`, "county", id);
  return FINNISH_MUNICIPALITIES.filter((m) => m.county === id);
}

const STATUS_LANGUAGES: Readonly<Record<FinnishMunicipality["language"], readonly string[]>> = {
  fi: ["fi"],
  sv: ["sv"],
  "bilingual-fi": ["fi", "sv"],
  "bilingual-sv": ["sv", "fi"],
};

/**
 * A municipality's official languages by its language status (Language Act 423/2003, § 5): the
 * languages its own services must be given in. Empty for a code the facts do not have.
 */
export function officialLanguages(code: string): readonly string[] {
  const m = FINNISH_MUNICIPALITIES.find((x) => x.code === code);
  return m ? STATUS_LANGUAGES[m.language] : [];
}
