/**
 * Regions a study is of: the municipalities whose people it counts, and the organisers behind them.
 * Built in: each of the 22 organisers of health and social services (the 21 wellbeing services
 * counties and the City of Helsinki, data/facts/counties.ts), and Uusimaa, the five organisers of
 * the Uusimaa region together (HUS runs specialised care for all five, so their planners compare
 * groupings across the whole region). A study's region comes from its data when not named: the
 * organiser or organisers whose municipalities the extract's roads cover (inferRegion). A user's
 * own region is a file (data/facts/region-file.ts).
 */
import { InvalidInputError, NotFoundError, show } from "../../engine/index.ts";
import { COUNTIES, countyById, type CountyId } from "./counties.ts";
import { FINNISH_MUNICIPALITIES } from "./finland.ts";
import type { FinnishMunicipality } from "./finland-municipality.ts";
import { fold } from "./name-match.ts";

interface RegionName {
  readonly fi: string;
  readonly sv: string;
  readonly en: string;
}

export interface Region {
  /** "pirkanmaa", "uusimaa", "helsinki", "pirkanmaa_kanta-hame" (inferred from two; "_" joins, so the id stays a safe file name), or a user's own. */
  readonly id: string;
  readonly name: RegionName;
  /** The organisers whose municipalities these are (empty for a user's region of other municipalities). */
  readonly counties: readonly CountyId[];
  /** Statistics Finland codes of its municipalities, in code order. */
  readonly municipalities: readonly string[];
  /** Where it comes from, in words. */
  readonly source: string;
}

/** The five organisers of the Uusimaa region, in Statistics Finland code order. */
const UUSIMAA_COUNTIES: readonly CountyId[] = ["ita-uusimaa", "keski-uusimaa", "lansi-uusimaa", "vantaa-kerava", "helsinki"];

const codesOf = (counties: readonly CountyId[]) => FINNISH_MUNICIPALITIES.filter((m) => m.county !== null && counties.includes(m.county)).map((m) => m.code);

/** The region of one or more organisers (in code order), named by their short names. */
function regionOfCounties(counties: readonly CountyId[], source: string): Region {
  const sorted = COUNTIES.filter((c) => counties.includes(c.id));
  if (sorted.length === 0) throw new InvalidInputError("a region needs at least one organiser", "region", "");
  if (sorted.length === UUSIMAA_COUNTIES.length && UUSIMAA_COUNTIES.every((c) => counties.includes(c))) return { ...UUSIMAA, source };
  const join = (lang: keyof RegionName, and: string) => {
    const names = sorted.map((c) => c.shortName[lang]);
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} ${and} ${names[names.length - 1]}`;
  };
  return {
    id: sorted.map((c) => c.id).join("_"),
    name: { fi: join("fi", "ja"), sv: join("sv", "och"), en: join("en", "and") },
    counties: sorted.map((c) => c.id),
    municipalities: codesOf(sorted.map((c) => c.id)),
    source,
  };
}

const UUSIMAA: Region = {
  id: "uusimaa",
  name: { fi: "Uusimaa", sv: "Nyland", en: "Uusimaa" },
  counties: UUSIMAA_COUNTIES,
  municipalities: codesOf(UUSIMAA_COUNTIES),
  source: "the Uusimaa region: the four wellbeing services counties of Uusimaa and the City of Helsinki (Act 616/2021)",
};

/** The built-in regions: the 22 organisers, then Uusimaa. */
export const REGIONS: readonly Region[] = [
  ...COUNTIES.map((c): Region => ({
    id: c.id,
    name: c.shortName,
    counties: [c.id],
    municipalities: codesOf([c.id]),
    source: c.kind === "city" ? "the City of Helsinki, which organises its own services (Act 616/2021)" : `${c.name.en} (Act 616/2021, § 7)`,
  })),
  UUSIMAA,
];

const byId = new Map(REGIONS.map((r) => [r.id, r]));

/**
 * A built-in region by id ("pirkanmaa"), by name in Finnish, Swedish or English, short or official
 * ("Birkaland", "Pirkanmaan hyvinvointialue"), in any case and with or without diacritics, or a
 * composite of organisers ("pirkanmaa_kanta-hame" or "pirkanmaa+kanta-hame"). NotFoundError naming the known ones.
 */
export function findRegion(text: string): Region {
  const q = text.trim();
  const known = byId.get(q);
  if (known) return known;
  if (/[+_]/.test(q)) {
    const ids = q.split(/[+_]/);
    const bad = ids.find((id) => !countyById(id));
    if (!bad) return regionOfCounties(ids as CountyId[], "named on the command line");
  }
  const f = fold(q);
  for (const c of COUNTIES) {
    const names = [c.id, ...Object.values(c.name), ...Object.values(c.shortName)];
    if (names.some((n) => fold(n) === f)) return byId.get(c.id)!;
  }
  if (["uusimaa", "nyland"].includes(f)) return UUSIMAA;
  throw new NotFoundError(`Unknown region ${show(text)}; known: ${REGIONS.map((r) => r.id).join(", ")} (or a region file, or leave it out to take it from the roads)`, "region", text);
}

/** The municipalities of a region (a built-in one by id or name), in code order. */
export function municipalitiesOf(region: Region | string): FinnishMunicipality[] {
  const r = typeof region === "string" ? findRegion(region) : region;
  const codes = new Set(r.municipalities);
  return FINNISH_MUNICIPALITIES.filter((m) => codes.has(m.code));
}

/** The built-in region with this id, or undefined. */
export function regionById(id: string): Region | undefined {
  return byId.get(id);
}

/**
 * The region of the organisers whose municipalities hold at least `minShare` of `cellsPerMunicipality`'s
 * cells (the cells the extract's roads serve), the one holding most when none reaches it. Åland's
 * municipalities, which no organiser serves, never make a region. Null when no cell is in a municipality.
 */
export function inferRegion(cellsPerMunicipality: ReadonlyMap<string, number>, minShare = 0.01): Region | null {
  const countyOf = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m.county]));
  const perCounty = new Map<CountyId, number>();
  let total = 0;
  for (const [code, cells] of cellsPerMunicipality) {
    const c = countyOf.get(code);
    if (!c || cells <= 0) continue;
    perCounty.set(c, (perCounty.get(c) ?? 0) + cells);
    total += cells;
  }
  if (total === 0) return null;
  const ranked = [...perCounty].sort((a, b) => b[1] - a[1]);
  const chosen = ranked.filter(([, n]) => n >= minShare * total).map(([c]) => c);
  const counties = chosen.length > 0 ? chosen : [ranked[0][0]];
  // The Uusimaa organisers together are the Uusimaa region only when all five are covered; fewer stay themselves.
  const region = regionOfCounties(counties, "taken from the roads: the organisers whose municipalities the extract covers");
  return counties.length === 1 ? { ...byId.get(counties[0])!, source: region.source } : region;
}
