/**
 * One input record (a CSV row or a GeoJSON feature's properties) to one ServicePoint. Problems are
 * collected rather than thrown, so an importer can report every bad record at once and still
 * import nothing (Problem and the error listing them are data/input.ts's, shared with the
 * grouping tables). Private to data/services.
 */
import { InvalidInputError, show, wgs84Problem, isServiceLevel, validateServicePoints, TYPE_ID, HOSTS_ENTRY, LANGUAGE_CODE, type ServicePoint } from "../../engine/index.ts";
import { PRINTABLE, PRINTABLE_TEXT } from "../names.ts";
import { throwProblems, type Problem } from "../input.ts";
import { municipalityCode } from "../facts/index.ts";

export type { Problem };


/** A record as read: strings from CSV, JSON values from GeoJSON; undefined where absent. */
export interface RawRecord {
  readonly id: unknown;
  readonly name_fi: unknown;
  readonly name_sv: unknown;
  readonly municipality: unknown;
  readonly level: unknown;
  readonly open: unknown;
  /** Optional lists: a JSON array, or text with the ids apart by `;`, `,`, `|` or spaces. */
  readonly types?: unknown;
  readonly can_host?: unknown;
  readonly languages?: unknown;
  /** People it can serve: a number, or decimal text (spaces between thousands allowed); absent or empty for no limit. */
  readonly capacity?: unknown;
}

/** The optional list columns, their ServicePoint fields and what each entry must be. */
export const LIST_COLUMNS = [
  { column: "types", field: "types", pattern: TYPE_ID, what: "a service type id (lowercase letters, digits and hyphens)" },
  { column: "can_host", field: "hosts", pattern: HOSTS_ENTRY, what: "a service type id or a level (L, A, E)" },
  { column: "languages", field: "languages", pattern: LANGUAGE_CODE, what: "a language code (ISO 639: fi, sv, se, smn, sms, …)" },
] as const;

/** A list column's entries (undefined when absent or empty), each checked; problems pushed. */
function list(v: unknown, spec: (typeof LIST_COLUMNS)[number], bad: (field: string, value: unknown, message: string) => void): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v) ? v : typeof v === "string" ? v.split(/[;,|\s]+/).filter((x) => x !== "") : null;
  if (items === null) {
    bad(spec.column, v, `${spec.column} ${show(v)} is not a list`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of items) {
    // Type ids and language codes are lowercase; levels uppercase, as the level column takes them.
    const t = typeof item === "string" ? (/^[lae]$/i.test(item.trim()) && spec.column === "can_host" ? item.trim().toUpperCase() : item.trim().toLowerCase()) : item;
    if (typeof t !== "string" || !spec.pattern.test(t)) bad(spec.column, item, `${spec.column}: ${show(item)} is not ${spec.what}`);
    else if (out.includes(t)) bad(spec.column, item, `${spec.column} lists ${show(item)} twice`);
    else out.push(t);
  }
  return out.length > 0 ? out : undefined;
}

const OPEN_WORDS: Readonly<Record<string, boolean>> = {
  true: true, "1": true, yes: true, "kyllä": true,
  false: false, "0": false, no: false, ei: false,
};

/** Longest id and name a record may have (the scenario schema's limits). */
const MAX_ID_CHARS = 200;
const MAX_NAME_CHARS = 300;

/** Text of a string or finite number, trimmed; undefined for absent, null or empty; null for other types. */
function text(v: unknown): string | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" ? undefined : t;
}

/** Plain decimal notation only: Number() would also take "0x18", "Infinity" and "". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number, or decimal text (a decimal comma allowed); NaN otherwise. */
export function decimalNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return NaN;
  // A decimal comma, as a Finnish or Swedish spreadsheet writes it ("24,9414"): one comma, digits both sides.
  const t = /^[+-]?\d+,\d+$/.test(v.trim()) ? v.trim().replace(",", ".") : v.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/**
 * The ServicePoint for a record, or undefined after pushing its problems. `coords` null means the
 * caller has already reported the location (e.g. a GeoJSON feature that is not a Point).
 */
export function toServicePoint(raw: RawRecord, coords: { lon: unknown; lat: unknown } | null, where: string, problems: Problem[]): ServicePoint | undefined {
  const before = problems.length;
  const bad = (field: string, value: unknown, message: string) => problems.push({ where, field, value, message });

  const id = text(raw.id);
  if (!id) bad("id", raw.id, id === null ? `id ${show(raw.id)} is not text` : "id is empty");
  else if (id.length > MAX_ID_CHARS) bad("id", raw.id, `id ${show(raw.id)} is longer than ${MAX_ID_CHARS} characters`);
  else if (!PRINTABLE.test(id)) bad("id", raw.id, `id ${show(raw.id)} has a control character: ${PRINTABLE_TEXT}`);

  const nameFi = typeof raw.name_fi === "string" ? raw.name_fi.trim() : undefined;
  if (raw.name_fi === undefined || raw.name_fi === null) bad("name_fi", raw.name_fi, "name_fi is missing");
  else if (nameFi === undefined) bad("name_fi", raw.name_fi, `name_fi ${show(raw.name_fi)} is not text`);
  else if (nameFi === "") bad("name_fi", raw.name_fi, "name_fi is empty");
  else if (nameFi.length > MAX_NAME_CHARS) bad("name_fi", raw.name_fi, `name_fi is longer than ${MAX_NAME_CHARS} characters`);
  // name_sv is optional: absent or empty means the Finnish name serves for both.
  const nameSv = typeof raw.name_sv === "string" ? raw.name_sv.trim() : undefined;
  if (raw.name_sv !== undefined && raw.name_sv !== null && nameSv === undefined) bad("name_sv", raw.name_sv, `name_sv ${show(raw.name_sv)} is not text`);
  else if (nameSv !== undefined && nameSv.length > MAX_NAME_CHARS) bad("name_sv", raw.name_sv, `name_sv is longer than ${MAX_NAME_CHARS} characters`);

  // A code, often written without leading zeros ("91" for Helsinki) by spreadsheets, or a name in
  // Finnish, Swedish or Sámi ("Tampere", "Helsingfors"), as offices write them.
  const code = text(raw.municipality);
  let municipality: string | undefined;
  if (code === undefined || code === null) bad("municipality", raw.municipality, code === null ? `municipality ${show(raw.municipality)} is not text` : "municipality is missing");
  else {
    try {
      municipality = municipalityCode(code);
    } catch (err) {
      bad("municipality", raw.municipality, `municipality ${(err as Error).message}`);
    }
  }

  const level = text(raw.level);
  const levelText = level?.toUpperCase();
  if (level === undefined) bad("level", raw.level, "level is missing");
  else if (!isServiceLevel(levelText)) bad("level", raw.level, `level ${show(raw.level)} is not E, A or L`);

  let open = true;
  if (typeof raw.open === "boolean") open = raw.open;
  else {
    const word = text(raw.open)?.toLowerCase();
    if (word === null) bad("open", raw.open, `open ${show(raw.open)} is not true or false`);
    else if (word !== undefined) {
      const parsed = OPEN_WORDS[word];
      if (parsed === undefined) bad("open", raw.open, `open ${show(raw.open)} is not one of true/false, 1/0, yes/no, kyllä/ei`);
      else open = parsed;
    }
  }

  let lon = NaN;
  let lat = NaN;
  if (coords) {
    lon = decimalNumber(coords.lon);
    lat = decimalNumber(coords.lat);
    if (!Number.isFinite(lon)) bad("lon", coords.lon, `lon ${show(coords.lon)} is not a number`);
    if (!Number.isFinite(lat)) bad("lat", coords.lat, `lat ${show(coords.lat)} is not a number`);
    if (Number.isFinite(lon) && Number.isFinite(lat)) {
      // The shared box (engine/finland.ts); its message names the likely mistake (swapped axes, metres).
      const outside = wgs84Problem(lon, lat);
      if (outside) bad(outside.field, outside.value, outside.message);
    }
  }

  const lists: Partial<Record<"types" | "hosts" | "languages", string[]>> = {};
  for (const spec of LIST_COLUMNS) {
    const l = list(raw[spec.column], spec, bad);
    if (l) lists[spec.field] = l;
  }

  let capacity: number | undefined;
  const capText = typeof raw.capacity === "string" ? raw.capacity.replace(/[\s\u00a0\u202f]/g, "") : raw.capacity;
  if (capText !== undefined && capText !== null && capText !== "") {
    capacity = decimalNumber(capText);
    if (!(Number.isFinite(capacity) && capacity >= 0)) bad("capacity", raw.capacity, `capacity ${show(raw.capacity)} is not a number of people (0 or more)`);
  }

  if (problems.length > before || !coords || !id || !nameFi || !municipality || !isServiceLevel(levelText)) return undefined;
  return { id, name: { fi: nameFi, sv: nameSv || nameFi }, municipality, lon, lat, level: levelText, open, ...lists, ...(capacity !== undefined ? { capacity } : {}) };
}

/** Pushes a problem for each id used a second time, naming both places. */
export function checkUniqueIds(points: readonly ServicePoint[], wheres: readonly string[], problems: Problem[]): void {
  const first = new Map<string, string>();
  points.forEach((p, i) => {
    const earlier = first.get(p.id);
    if (earlier === undefined) first.set(p.id, wheres[i]);
    else problems.push({ where: wheres[i], field: "id", value: p.id, message: `id ${show(p.id)} is used twice: ${earlier} and ${wheres[i]}` });
  });
}

/**
 * Returns the points when there are no problems and at least one point; otherwise throws one
 * InvalidInputError naming every problem (field and value of the first), so nothing is half-imported.
 */
export function finish(points: ServicePoint[], problems: readonly Problem[], source: string): ServicePoint[] {
  throwProblems(problems, source);
  if (points.length === 0) throw new InvalidInputError(`${source}: no service points`, "file", source);
  // The checks above cover everything validateServicePoints does; it stays as the engine's own guard.
  validateServicePoints(points);
  return points;
}
