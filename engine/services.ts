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
}

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
  });
}
