/**
 * Scenarios: a base service set plus changes (close, open, relevel, move, add, capacity, languages), applied without
 * touching the base. Changes apply in order, each to the result of the ones before, so "move A,
 * then close A" means what it says. A change naming an unknown point is an error, never ignored.
 */
import { InvalidInputError, NotFoundError, show } from "./errors.ts";
import { isServiceLevel, validateServicePoints, type ServiceLevel, type ServicePoint } from "./services.ts";
import { DEFAULT_CATALOGUE, relevelledTypes, type Catalogue } from "./catalogue.ts";

export type ScenarioChange =
  | { readonly op: "close"; readonly id: string }
  | { readonly op: "open"; readonly id: string }
  | { readonly op: "relevel"; readonly id: string; readonly level: ServiceLevel }
  | { readonly op: "move"; readonly id: string; readonly lon: number; readonly lat: number }
  | { readonly op: "add"; readonly point: ServicePoint }
  /** A new capacity (people), or null for none (unlimited). */
  | { readonly op: "capacity"; readonly id: string; readonly capacity: number | null }
  /** The languages it serves in from now on, or null for "as its municipality's official languages". */
  | { readonly op: "languages"; readonly id: string; readonly languages: readonly string[] | null };

export const CHANGE_OPS = ["close", "open", "relevel", "move", "add", "capacity", "languages"] as const;

export interface Scenario {
  readonly id: string;
  readonly name: string;
  /** Id of the base service set. */
  readonly base: string;
  readonly changes: readonly ScenarioChange[];
}

/**
 * The points after the changes; the base array and its points are left as they were. A re-level
 * swaps the menus of a point that lists its types (catalogue.ts relevelledTypes).
 */
export function applyChanges(base: readonly ServicePoint[], changes: readonly ScenarioChange[], catalogue: Catalogue = DEFAULT_CATALOGUE): ServicePoint[] {
  const points = [...base];
  const indexOf = new Map(points.map((p, i) => [p.id, i]));
  changes.forEach((change, k) => {
    const where = `changes[${k}] (${show(change?.op)})`;
    if (change === null || typeof change !== "object" || !CHANGE_OPS.includes(change.op)) {
      throw new InvalidInputError(`${where}: op must be one of ${CHANGE_OPS.join(", ")}`, `changes[${k}].op`, (change as { op?: unknown })?.op);
    }
    if (change.op === "add") {
      if (indexOf.has(change.point?.id)) throw new InvalidInputError(`${where}: a point with id ${show(change.point.id)} exists already`, `changes[${k}].point.id`, change.point.id);
      validateServicePoints([change.point]);
      indexOf.set(change.point.id, points.length);
      points.push(change.point);
      return;
    }
    const i = indexOf.get(change.id);
    if (i === undefined) throw new NotFoundError(`${where}: no service point with id ${show(change.id)}`, `changes[${k}].id`, change.id);
    const p = points[i];
    switch (change.op) {
      case "close":
        points[i] = { ...p, open: false };
        break;
      case "open":
        points[i] = { ...p, open: true };
        break;
      case "relevel":
        if (!isServiceLevel(change.level)) throw new InvalidInputError(`${where}: level ${show(change.level)} is not E, A or L`, `changes[${k}].level`, change.level);
        points[i] = withTypes({ ...p, level: change.level }, relevelledTypes(p, change.level, catalogue));
        break;
      case "capacity": {
        const { capacity: _old, ...rest } = p;
        points[i] = change.capacity === null ? rest : { ...rest, capacity: change.capacity };
        validateServicePoints([points[i]]);
        break;
      }
      case "languages": {
        const { languages: _old, ...rest } = p;
        points[i] = change.languages === null ? rest : { ...rest, languages: [...change.languages] };
        validateServicePoints([points[i]]);
        break;
      }
      case "move":
        points[i] = { ...p, lon: change.lon, lat: change.lat };
        validateServicePoints([points[i]]);
        break;
    }
  });
  return points;
}

/** Two optional lists with the same entries in the same order (absent equals absent only). */
function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));
}

/** The point with these types, or without a list when there is none. */
function withTypes(p: ServicePoint, types: readonly string[] | undefined): ServicePoint {
  if (types) return { ...p, types };
  const { types: _none, ...rest } = p;
  return rest;
}

/** Ids of the points whose level, openness, place or capacity differ between two versions of a set. */
export function changedPoints(before: readonly ServicePoint[], after: readonly ServicePoint[]): string[] {
  const was = new Map(before.map((p) => [p.id, p]));
  const out: string[] = [];
  for (const p of after) {
    const q = was.get(p.id);
    if (!q || q.open !== p.open || q.level !== p.level || q.lon !== p.lon || q.lat !== p.lat || q.capacity !== p.capacity || !sameList(q.languages, p.languages)) out.push(p.id);
    was.delete(p.id);
  }
  return [...out, ...was.keys()];
}

/**
 * The changes that turn `base` into `target`, points matched by id: a base point the target lacks
 * is closed (when open); one in both is moved, relevelled, opened or closed as the target has it;
 * a target point the base lacks is added. Names and municipality codes are not changes: no figure
 * depends on them. applyChanges(base, result) has the target's open points, places and levels.
 */
export function changesBetween(base: readonly ServicePoint[], target: readonly ServicePoint[]): ScenarioChange[] {
  const byId = new Map(target.map((p) => [p.id, p]));
  const changes: ScenarioChange[] = [];
  for (const b of base) {
    const p = byId.get(b.id);
    if (!p) {
      if (b.open) changes.push({ op: "close", id: b.id });
      continue;
    }
    if (p.lon !== b.lon || p.lat !== b.lat) changes.push({ op: "move", id: b.id, lon: p.lon, lat: p.lat });
    if (p.level !== b.level) changes.push({ op: "relevel", id: b.id, level: p.level });
    if (p.open !== b.open) changes.push({ op: p.open ? "open" : "close", id: b.id });
    if (p.capacity !== b.capacity) changes.push({ op: "capacity", id: b.id, capacity: p.capacity ?? null });
    if (!sameList(p.languages, b.languages)) changes.push({ op: "languages", id: b.id, languages: p.languages ? [...p.languages] : null });
  }
  const inBase = new Set(base.map((b) => b.id));
  for (const p of target) if (!inBase.has(p.id)) changes.push({ op: "add", point: p });
  return changes;
}
