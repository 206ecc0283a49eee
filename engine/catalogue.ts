/**
 * The service catalogue: the types of service a point may offer, and each level as a menu of
 * types. Menus nest (E ⊇ A ⊇ L), so the level model of services.ts is the catalogue's coarse
 * view: a point of level A offers the whole L menu and more.
 *
 * What a point offers: its own `types` when it lists them, else its level's menu. What it could
 * host: what it offers and its `hosts` (premises, staff, a hospital beside it; a level letter in
 * `hosts` stands for that level's whole menu). A point can take
 * a level only when it could host the level's whole menu, so level assignment never proposes a
 * municipal health station as the site of a central hospital.
 *
 * The default menus are the project's documented choice (below), not a statute's list; a study
 * may give its own catalogue.
 */
import { InvalidInputError, show } from "./errors.ts";
import { LEVELS, TYPE_ID, isServiceLevel, offers, type ServiceLevel, type ServicePoint } from "./services.ts";
import type { LocalText } from "./terms.ts";

/** One type of service: a stable id (lowercase, digits and hyphens) and its names. */
export interface ServiceType {
  readonly id: string;
  readonly name: LocalText;
  /** Open round the clock by definition (24/7 emergency): the type's own hours, not a point's. */
  readonly roundTheClock?: boolean;
}

export interface Catalogue {
  readonly types: readonly ServiceType[];
  /** Per level, the ids of the types its menu holds; each menu holds the one below it. */
  readonly menus: Readonly<Record<ServiceLevel, readonly string[]>>;
  /** Where the menus come from, said in every output that uses them. */
  readonly source: string;
}

/**
 * The default types. Names as the services are called in Finnish and Swedish public
 * administration (sote-sanasto; Finland-Swedish "samjour" for yhteispäivystys).
 */
const TYPES: readonly ServiceType[] = [
  { id: "health-station", name: { fi: "terveysasema", sv: "hälsostation", en: "health station" } },
  { id: "maternity-child-clinic", name: { fi: "äitiys- ja lastenneuvola", sv: "mödra- och barnrådgivning", en: "maternity and child health clinic" } },
  { id: "social-services", name: { fi: "sosiaalipalvelut", sv: "socialservice", en: "social services office" } },
  { id: "older-people", name: { fi: "ikääntyneiden palvelut", sv: "äldreomsorg", en: "services for older people" } },
  { id: "dental-care", name: { fi: "suun terveydenhuolto", sv: "munhälsovård", en: "dental care" } },
  { id: "mental-health-substance", name: { fi: "mielenterveys- ja päihdepalvelut", sv: "mentalvårds- och missbrukartjänster", en: "mental health and substance services" } },
  { id: "emergency-24-7", name: { fi: "ympärivuorokautinen yhteispäivystys", sv: "samjour dygnet runt", en: "24/7 joint emergency" }, roundTheClock: true },
  { id: "central-hospital", name: { fi: "keskussairaala", sv: "centralsjukhus", en: "central hospital" } },
];

/**
 * The default menus. L: what a municipality's own health and social services centre offers
 * (reception, child health clinic, social services, services for older people). A: L plus what
 * the default set's A points, the round-the-clock joint emergency units of data/facts/hospitals.ts
 * (Health Care Act 1326/2010 § 50, decree 583/2017), stand beside: round-the-clock emergency,
 * dental care and mental health and substance services. E: A plus the central hospital's
 * specialised care.
 */
const L_MENU = ["health-station", "maternity-child-clinic", "social-services", "older-people"];
const A_MENU = [...L_MENU, "dental-care", "mental-health-substance", "emergency-24-7"];
const E_MENU = [...A_MENU, "central-hospital"];

export const DEFAULT_CATALOGUE: Catalogue = {
  types: TYPES,
  menus: { L: L_MENU, A: A_MENU, E: E_MENU },
  source:
    "palveluverkko's default menus: L = health station, maternity and child health clinic, social services, services for older people; " +
    "A = L + dental care, mental health and substance services, 24/7 joint emergency (Health Care Act 1326/2010 § 50, decree 583/2017); E = A + central hospital",
};

/** Checks a catalogue: ids well-formed and unique, menus of known types, E ⊇ A ⊇ L. Throws InvalidInputError naming the field. */
export function checkCatalogue(c: Catalogue): void {
  const ids = new Set<string>();
  c.types.forEach((t, i) => {
    if (typeof t?.id !== "string" || !TYPE_ID.test(t.id)) throw new InvalidInputError(`types[${i}].id ${show(t?.id)} is not a type id (lowercase letters, digits and hyphens)`, `types[${i}].id`, t?.id);
    if (ids.has(t.id)) throw new InvalidInputError(`types[${i}].id ${show(t.id)} is used twice`, `types[${i}].id`, t.id);
    for (const lang of ["fi", "sv", "en"] as const) {
      if (typeof t.name?.[lang] !== "string" || t.name[lang].trim() === "") throw new InvalidInputError(`types[${i}].name.${lang} is missing`, `types[${i}].name.${lang}`, t.name?.[lang]);
    }
    ids.add(t.id);
  });
  LEVELS.forEach((level, k) => {
    const menu = c.menus?.[level];
    if (!Array.isArray(menu) || menu.length === 0) throw new InvalidInputError(`menus.${level} is not a non-empty list of type ids`, `menus.${level}`, menu);
    for (const id of menu) if (!ids.has(id)) throw new InvalidInputError(`menus.${level}: ${show(id)} is not one of the catalogue's types`, `menus.${level}`, id);
    if (k > 0) {
      const below = LEVELS[k - 1];
      const missing = c.menus[below].find((id) => !menu.includes(id));
      if (missing !== undefined) throw new InvalidInputError(`menus.${level} lacks ${show(missing)} of menus.${below}: levels nest (E ⊇ A ⊇ L)`, `menus.${level}`, missing);
    }
  });
}

/** The type of an id; InvalidInputError naming `field` when the catalogue has none. */
export function serviceType(c: Catalogue, id: string, field = "type"): ServiceType {
  const t = c.types.find((x) => x.id === id);
  if (!t) throw new InvalidInputError(`${field}: ${show(id)} is not a service type; the types are ${c.types.map((x) => x.id).join(", ")}`, field, id);
  return t;
}

/** The service figures are asked of: a level (its open points and those above it) or a type. */
export type ServiceKey = { readonly level: ServiceLevel } | { readonly type: string };

/** Whether an open point serves a level (E ⊇ A ⊇ L) or offers a type. */
export function offersService(p: ServicePoint, key: ServiceKey, c: Catalogue): boolean {
  return "level" in key ? p.open && offers(p.level, key.level) : offersType(p, key.type, c);
}

/** The types a point offers: its own list, else its level's menu. */
export function offeredTypes(p: ServicePoint, c: Catalogue): readonly string[] {
  return p.types ?? c.menus[p.level];
}

/** Whether an open point offers a type. */
export function offersType(p: ServicePoint, type: string, c: Catalogue): boolean {
  return p.open && offeredTypes(p, c).includes(type);
}

/** What a point could host: what it offers, and its `hosts`, where a level letter stands for that level's menu. */
function hostedTypes(p: ServicePoint, c: Catalogue): Set<string> {
  const out = new Set(offeredTypes(p, c));
  for (const h of p.hosts ?? []) for (const t of isServiceLevel(h) ? c.menus[h] : [h]) out.add(t);
  return out;
}

/** Whether a point could host a level's whole menu with what it offers and what it could host. */
export function canHost(p: ServicePoint, level: ServiceLevel, c: Catalogue): boolean {
  const hosted = hostedTypes(p, c);
  return c.menus[level].every((t) => hosted.has(t));
}

/** The levels a point could take, most local first. */
export function hostableLevels(p: ServicePoint, c: Catalogue): ServiceLevel[] {
  return LEVELS.filter((l) => canHost(p, l, c));
}

/**
 * A point's types after a re-level: a point that lists its types swaps the old level's menu for
 * the new one's and keeps the rest (a dental clinic stays); one that does not keeps following
 * its level's menu (undefined).
 */
export function relevelledTypes(p: ServicePoint, level: ServiceLevel, c: Catalogue): readonly string[] | undefined {
  if (!p.types) return undefined;
  const old = c.menus[p.level];
  const kept = p.types.filter((t) => !old.includes(t));
  return [...c.menus[level], ...kept.filter((t) => !c.menus[level].includes(t))];
}

/** Every point's types and hosts are the catalogue's; InvalidInputError naming the point and field otherwise. */
export function checkPointTypes(points: readonly ServicePoint[], c: Catalogue): void {
  for (const p of points) {
    for (const field of ["types", "hosts"] as const) {
      for (const id of p[field] ?? []) {
        if (field === "hosts" && isServiceLevel(id)) continue;
        if (!c.types.some((t) => t.id === id)) throw new InvalidInputError(`service point ${show(p.id)}: ${field} ${show(id)} is not a service type; the types are ${c.types.map((t) => t.id).join(", ")}`, field, id);
      }
    }
  }
}
