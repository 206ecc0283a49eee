/**
 * Finding municipalities by code or name, as users type them: "091", "Helsingfors", "hyvinkaa".
 */
import { InvalidInputError, NotFoundError, show } from "../../engine/index.ts";
import { MUNICIPALITIES, REGION_IDS, type Municipality, type RegionId } from "./municipalities.ts";
import { editDistance, fold, lower } from "./name-match.ts";

const byCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));
const byName = new Map<string, Municipality>();
const byFolded = new Map<string, Municipality>();
for (const m of MUNICIPALITIES) {
  for (const name of [m.nameFi, m.nameSv]) {
    byName.set(lower(name), m);
    byFolded.set(fold(name), m);
  }
}

/**
 * The municipality with this code ("91" or "091"), or this Finnish or Swedish name in any case.
 * Diacritics are ignored only when nothing matches with them. Throws NotFoundError otherwise,
 * suggesting the closest names.
 */
export function findMunicipality(nameOrCode: string): Municipality {
  const q = nameOrCode.trim();
  const found = /^\d{1,3}$/.test(q) ? byCode.get(q.padStart(3, "0")) : (byName.get(lower(q)) ?? byFolded.get(fold(q)));
  if (found) return found;
  const hint = closestNames(q, 3);
  throw new NotFoundError(`Unknown municipality ${show(nameOrCode)}; closest: ${hint.join(", ")}`, "municipality", nameOrCode);
}

/** The municipalities of a region, in table order. */
export function municipalitiesOf(region: RegionId): Municipality[] {
  if (!REGION_IDS.includes(region)) {
    throw new InvalidInputError(`Unknown region ${show(region)}; expected one of ${REGION_IDS.join(", ")}`, "region", region);
  }
  return MUNICIPALITIES.filter((m) => m.region === region);
}

/** Up to n names (one per municipality, Finnish or Swedish, whichever is nearer) by edit distance. */
function closestNames(q: string, n: number): string[] {
  const fq = fold(q);
  return MUNICIPALITIES.map((m) => {
    const dFi = editDistance(fq, fold(m.nameFi));
    const dSv = editDistance(fq, fold(m.nameSv));
    return dSv < dFi ? { name: m.nameSv, d: dSv } : { name: m.nameFi, d: dFi };
  })
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name, "fi"))
    .slice(0, n)
    .map((c) => c.name);
}
