/**
 * Population totals per municipality from a CSV, for areas the built-in facts do not cover.
 * Accepts the shape Sotkanet / rOpenGov geofi publish (`municipality_code,primary.value,year`, a
 * row per municipality and year) and plain `code,population` tables.
 */
import { parse } from "csv-parse/sync";
import { InvalidInputError, show } from "../../engine/index.ts";
import { decodeOfficeText, MAX_INPUT_BYTES, readBoundedFile } from "../input.ts";
import { csvDelimiter } from "../csv.ts";
import { municipalityCode } from "../facts/index.ts";

/** A municipality's three-digit code from a code ("91") or a Finnish, Swedish or Sámi name. */
export function codeOf(value: string | undefined, where: string, field: string): string {
  try {
    return municipalityCode(value ?? "");
  } catch (err) {
    throw new InvalidInputError(`${where}: ${field} ${(err as Error).message}`, field, value);
  }
}

export const CODE_COLUMNS = ["code", "kunta", "municipality_code", "kuntatunnus", "municipality", "kommun", "kuntanumero"];
const POPULATION_COLUMNS = ["population", "primary.value", "vaesto", "väestö", "vaki", "väki", "väkiluku", "asukasluku", "asukkaat", "invånare", "inhabitants"];

/** A table as offices save it (UTF-8 or Windows-1252, commas or semicolons), rows keyed by the lower-case header. */
export async function officeCsv(path: string, field: "totals" | "languages"): Promise<Record<string, string>[]> {
  const { text } = decodeOfficeText(await readBoundedFile(path, MAX_INPUT_BYTES.totals, field), path, field);
  try {
    return parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true, delimiter: csvDelimiter(text) });
  } catch (err) {
    throw new InvalidInputError(`${path}: not valid CSV (${(err as Error).message.split("\n")[0]})`, field, path);
  }
}

export interface MunicipalTotals {
  /** Three-digit code → residents. */
  readonly totals: Map<string, number>;
  /** The year taken per code, when the file has a year column. */
  readonly year: number | null;
  readonly file: string;
}

/**
 * Reads totals; with a year column, takes `year` (default: the latest year in the file, the same
 * for every municipality, so figures are never mixed across years). Errors name line and field.
 */
export async function readMunicipalTotals(path: string, options: { year?: number } = {}): Promise<MunicipalTotals> {
  const rows = await officeCsv(path, "totals");
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  const codeCol = CODE_COLUMNS.find((c) => columns.includes(c));
  const popCol = POPULATION_COLUMNS.find((c) => columns.includes(c));
  if (!codeCol || !popCol) {
    throw new InvalidInputError(`${path}: needs a code column (${CODE_COLUMNS.join("/")}) and a population column (${POPULATION_COLUMNS.join("/")})`, "totals", columns.join(","));
  }
  const hasYear = columns.includes("year");
  const parsed = rows.map((r, i) => {
    const where = `${path} line ${i + 2}`;
    const code = codeOf(r[codeCol], where, codeCol);
    // Thousands may be grouped with spaces, as Finnish tables print them ("12 345").
    const people = Number((r[popCol] ?? "").replace(/[\s\u00a0\u202f]/g, ""));
    if (r[popCol] === "" || !Number.isInteger(people) || people < 0) throw new InvalidInputError(`${where}: ${popCol} ${show(r[popCol])} is not a whole number of people`, popCol, r[popCol]);
    const year = hasYear ? Number(r.year) : null;
    if (hasYear && !Number.isInteger(year)) throw new InvalidInputError(`${where}: year ${show(r.year)} is not a year`, "year", r.year);
    return { code, people, year };
  });
  let year: number | null = null;
  if (hasYear) {
    year = options.year ?? Math.max(...parsed.map((p) => p.year!));
    if (!parsed.some((p) => p.year === year)) throw new InvalidInputError(`${path}: no rows for year ${year}`, "year", year);
  }
  const totals = new Map<string, number>();
  for (const p of parsed) {
    if (hasYear && p.year !== year) continue;
    if (totals.has(p.code)) throw new InvalidInputError(`${path}: municipality ${p.code} appears twice${hasYear ? ` for ${year}` : ""}`, codeCol, p.code);
    totals.set(p.code, p.people);
  }
  return { totals, year, file: path };
}
