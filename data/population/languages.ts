/**
 * People by language per municipality from a CSV, as Statistics Finland's table 11rm ("Population
 * according to language, area, age and sex", StatFin, CC BY 4.0) or a county's own register gives
 * them: a municipality column (code or name) and a column per language, headed by its ISO 639 code
 * (fi, sv, se, smn, sms, …) or its name in Finnish, Swedish or English; optionally `total` (all
 * residents, when the languages listed are not all of them) and `year` (the latest is taken).
 */
import { InvalidInputError, show, LANGUAGE_CODE } from "../../engine/index.ts";
import { CODE_COLUMNS, codeOf, officeCsv } from "./totals.ts";

/** Column names for the languages of service, besides their codes. */
const NAMES: Readonly<Record<string, string>> = {
  suomi: "fi", finnish: "fi", finska: "fi", suomenkieliset: "fi",
  ruotsi: "sv", swedish: "sv", svenska: "sv", ruotsinkieliset: "sv",
  saame: "se", sami: "se", "sámi": "se", samiska: "se", saamenkieliset: "se",
};
const TOTAL_COLUMNS = ["total", "yhteensä", "yhteensa", "totalt", "population", "väkiluku"];

export interface LanguageTotals {
  /** Three-digit code → people per language (ISO 639 code), and all residents. */
  readonly perMunicipality: Map<string, { readonly total: number; readonly speakers: Readonly<Record<string, number>> }>;
  /** The languages the file gives. */
  readonly languages: string[];
  readonly year: number | null;
  readonly file: string;
}

/** Reads the table; a bad header, number or repeated municipality is an InvalidInputError naming line and column. */
export async function readLanguageTotals(path: string): Promise<LanguageTotals> {
  const rows = await officeCsv(path, "languages");
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  const codeCol = CODE_COLUMNS.find((c) => columns.includes(c));
  const totalCol = TOTAL_COLUMNS.find((c) => columns.includes(c));
  const langCols = columns.flatMap((c) => {
    const code = NAMES[c] ?? (LANGUAGE_CODE.test(c) ? c : undefined);
    return code && c !== codeCol ? [{ column: c, code }] : [];
  });
  if (!codeCol || langCols.length === 0) {
    throw new InvalidInputError(`${path}: needs a municipality column (${CODE_COLUMNS.join("/")}) and a column per language (fi, sv, se, … or suomi, ruotsi, saame)`, "languages", columns.join(","));
  }
  const twice = langCols.find((l, i) => langCols.findIndex((m) => m.code === l.code) !== i);
  if (twice) throw new InvalidInputError(`${path}: two columns give language ${show(twice.code)}`, "languages", twice.column);
  const hasYear = columns.includes("year") || columns.includes("vuosi");
  const yearCol = columns.includes("year") ? "year" : "vuosi";
  const whole = (v: string | undefined, where: string, column: string) => {
    // Thousands may be grouped with spaces; Statistics Finland writes "." for a suppressed cell (under 10 people): none counted.
    const t = (v ?? "").replace(/[\s\u00a0\u202f]/g, "");
    const n = t === "." || t === ".." ? 0 : Number(t);
    if (t === "" || !Number.isInteger(n) || n < 0) throw new InvalidInputError(`${where}: ${column} ${show(v)} is not a whole number of people`, column, v);
    return n;
  };
  const parsed = rows.map((r, i) => {
    const where = `${path} line ${i + 2}`;
    const code = codeOf(r[codeCol], where, codeCol);
    const speakers = Object.fromEntries(langCols.map((l) => [l.code, whole(r[l.column], where, l.column)]));
    const listed = Object.values(speakers).reduce((s, n) => s + n, 0);
    const total = totalCol ? whole(r[totalCol], where, totalCol) : listed;
    if (listed > total) throw new InvalidInputError(`${where}: the languages add up to ${listed}, more than ${totalCol} ${total}`, totalCol ?? "languages", total);
    const year = hasYear ? Number(r[yearCol]) : null;
    if (hasYear && !Number.isInteger(year)) throw new InvalidInputError(`${where}: ${yearCol} ${show(r[yearCol])} is not a year`, yearCol, r[yearCol]);
    return { code, total, speakers, year };
  });
  const year = hasYear ? Math.max(...parsed.map((p) => p.year!)) : null;
  const perMunicipality = new Map<string, { total: number; speakers: Record<string, number> }>();
  for (const p of parsed) {
    if (hasYear && p.year !== year) continue;
    if (perMunicipality.has(p.code)) throw new InvalidInputError(`${path}: municipality ${p.code} appears twice${hasYear ? ` for ${year}` : ""}`, codeCol, p.code);
    perMunicipality.set(p.code, { total: p.total, speakers: p.speakers });
  }
  return { perMunicipality, languages: langCols.map((l) => l.code), year, file: path };
}
