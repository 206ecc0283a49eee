/**
 * Service points and the level model. Levels nest: an E (extensive) point offers the whole A
 * menu, and an A point the whole L (local) menu. So the nearest L service is the nearest open
 * point of level L, A or E; the nearest A is A or E; the nearest E is E.
 */
import { InvalidInputError, show } from "./errors.ts";

export type ServiceLevel = "L" | "A" | "E";

/** The levels, from the most local to the most extensive. */
export const LEVELS: readonly ServiceLevel[] = ["L", "A", "E"];

export interface ServicePoint {
  /** Unique within its service set. */
  readonly id: string;
  readonly name: { readonly fi: string; readonly sv: string };
  /** Statistics Finland municipality code, three digits ("091"). */
  readonly municipality: string;
  /** WGS84 degrees. */
  readonly lon: number;
  readonly lat: number;
  readonly level: ServiceLevel;
  readonly open: boolean;
  /** The service types it offers (catalogue.ts); absent: its level's menu. */
  readonly types?: readonly string[];
  /** Types it could host besides those it offers (premises, staff), or a level letter for a whole menu: which levels it may take. */
  readonly hosts?: readonly string[];
  /** Languages it serves in (ISO 639: fi, sv, se, smn, sms, …); absent: not stated. */
  readonly languages?: readonly string[];
  /** People it can serve (residents, as a health station's listed population); absent: unlimited. */
  readonly capacity?: number;
}

/** Languages of service with a name: the two national languages and the three Sámi languages of Finland. */
export const SERVICE_LANGUAGES = ["fi", "sv", "se", "smn", "sms"] as const;
/** A language of service: an ISO 639 code of two or three lowercase letters. */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;
/** A service type's id: lowercase letters, digits and hyphens. */
export const TYPE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** An entry of a point's `hosts`: a type id or a level letter. */
export const HOSTS_ENTRY = /^([a-z0-9][a-z0-9-]{0,62}|[LAE])$/;

/** A named list of service points, with where its points come from. */
export interface ServiceSet {
  readonly id: string;
  readonly name: { readonly fi: string; readonly sv: string; readonly en: string };
  readonly source: string;
  readonly points: readonly ServicePoint[];
}

const RANK: Record<ServiceLevel, number> = { L: 0, A: 1, E: 2 };

export function isServiceLevel(value: unknown): value is ServiceLevel {
  return value === "L" || value === "A" || value === "E";
}

/** Whether a point of level `pointLevel` offers the services of level `wanted` (E ⊇ A ⊇ L). */
export function offers(pointLevel: ServiceLevel, wanted: ServiceLevel): boolean {
  return RANK[pointLevel] >= RANK[wanted];
}

/** The open points that offer level `wanted`. */
export function pointsOffering(points: readonly ServicePoint[], wanted: ServiceLevel): ServicePoint[] {
  return points.filter((p) => p.open && offers(p.level, wanted));
}

/**
 * Checks a whole set: ids unique and non-empty, levels valid, coordinates finite WGS84, codes of
 * three digits. Throws InvalidInputError naming the point and the field.
 */
export function validateServicePoints(points: readonly ServicePoint[]): void {
  const seen = new Set<string>();
  points.forEach((p, i) => {
    const where = `service point ${i + 1}${p.id ? ` (${show(p.id)})` : ""}`;
    if (typeof p.id !== "string" || p.id.trim() === "") throw new InvalidInputError(`${where}: id is empty`, "id", p.id);
    if (seen.has(p.id)) throw new InvalidInputError(`${where}: id ${show(p.id)} is used twice`, "id", p.id);
    seen.add(p.id);
    if (!isServiceLevel(p.level)) throw new InvalidInputError(`${where}: level ${show(p.level)} is not E, A or L`, "level", p.level);
    if (!Number.isFinite(p.lon) || p.lon < -180 || p.lon > 180) throw new InvalidInputError(`${where}: lon ${show(p.lon)} is not a longitude`, "lon", p.lon);
    if (!Number.isFinite(p.lat) || p.lat < -90 || p.lat > 90) throw new InvalidInputError(`${where}: lat ${show(p.lat)} is not a latitude`, "lat", p.lat);
    if (typeof p.municipality !== "string" || !/^\d{3}$/.test(p.municipality)) {
      throw new InvalidInputError(`${where}: municipality ${show(p.municipality)} is not a three-digit code`, "municipality", p.municipality);
    }
    if (typeof p.open !== "boolean") throw new InvalidInputError(`${where}: open ${show(p.open)} is not true or false`, "open", p.open);
    checkList(where, "types", p.types, TYPE_ID, "a type id (lowercase letters, digits and hyphens)");
    checkList(where, "hosts", p.hosts, HOSTS_ENTRY, "a type id (lowercase letters, digits and hyphens) or a level (L, A, E)");
    checkList(where, "languages", p.languages, LANGUAGE_CODE, "a language code (ISO 639: fi, sv, se, smn, sms, …)");
    if (p.capacity !== undefined && !(Number.isFinite(p.capacity) && p.capacity >= 0)) throw new InvalidInputError(`${where}: capacity ${show(p.capacity)} is not a number of people (0 or more)`, "capacity", p.capacity);
  });
}

/** An optional list of distinct ids, each matching `pattern`. */
function checkList(where: string, field: string, list: unknown, pattern: RegExp, what: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new InvalidInputError(`${where}: ${field} ${show(list)} is not a list`, field, list);
  const seen = new Set<string>();
  for (const id of list) {
    if (typeof id !== "string" || !pattern.test(id)) throw new InvalidInputError(`${where}: ${field} ${show(id)} is not ${what}`, field, id);
    if (seen.has(id)) throw new InvalidInputError(`${where}: ${field} lists ${show(id)} twice`, field, id);
    seen.add(id);
  }
}
