/**
 * A user's own regional grouping, read from JSON and checked like the built-in ones:
 *
 *   { "id": "uusimaa-4", "name": {"fi": "...", "sv": "...", "en": "..."} or "...",
 *     "region": a region's id or name ("uusimaa", "pirkanmaa", "Birkaland"), "source"?: "...",
 *     "units": [{ "id": "...", "name": {...} or "...", "municipalities": ["091", ...], "hub"?: "091" }] }
 *
 * Shapes are checked with zod as scenario files are (errors name the field path, such as
 * `units[2].municipalities[0]`, and the value); then each code must be of the region, and
 * validateGrouping checks that every municipality of the region is in exactly one unit.
 */
import { z } from "zod";
import { InvalidInputError, show } from "../../engine/index.ts";
import { basename, extname } from "node:path";
import { checkJsonShape, decodeOfficeText, decodeUtf8, MAX_INPUT_BYTES, parseJsonInput, readBoundedFile, throwProblems, zodProblem, type Problem } from "../input.ts";
import { csvDelimiter, csvText } from "../csv.ts";
import { excelJs } from "../libraries.ts";
import { fileSetName, safeNameSchema, textSchema } from "../names.ts";
import { csvRows, xlsxRows, type TextRow } from "../table.ts";
import { municipalityCode } from "./finland-lookup.ts";
import { fold } from "./name-match.ts";
import { validateGrouping, type Grouping, type LocalName } from "./groupings.ts";
import { FINNISH_MUNICIPALITIES } from "./finland.ts";
import { findRegion, REGIONS, type Region } from "./regions.ts";

/** Bounds on a grouping document's shape, checked before zod: a unit's name is 4 levels down; Finland has ~300 municipalities. */
const GROUPING_JSON_LIMITS = { maxDepth: 16, maxArray: 1000 } as const;

const text = textSchema(300);
const code = z.string().regex(/^\d{3}$/, 'expected a three-digit municipality code such as "091"');
/** One string for all three languages, or {fi, sv?, en?} with sv and en defaulting to fi. */
const localName = z.union([text, z.object({ fi: text, sv: text.optional(), en: text.optional() })]);

/** The JSON shape of a grouping; shared with the HTTP API. */
export const groupingSchema = z.object({
  // The grouping's key in the API and in report names: the shared rule (data/names.ts).
  id: safeNameSchema,
  name: localName,
  // A built-in region's id or name ("pirkanmaa", "Birkaland"), or the id of the region file it belongs to.
  region: text,
  source: text.optional(),
  units: z.array(z.object({ id: text, name: localName, municipalities: z.array(code).min(1).max(GROUPING_JSON_LIMITS.maxArray), hub: code.optional() })).min(1).max(GROUPING_JSON_LIMITS.maxArray),
});

const byCode = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));

const names = (n: z.output<typeof localName>): LocalName => (typeof n === "string" ? { fi: n, sv: n, en: n } : { fi: n.fi, sv: n.sv ?? n.fi, en: n.en ?? n.fi });

/**
 * Checks a parsed grouping document and returns it as a Grouping; throws InvalidInputError naming
 * the field. `where` (e.g. "file x.json") starts every message and is the default source. The
 * grouping divides `region` (a study's, or a region file's); without one, the built-in region its
 * `region` names.
 */
export function parseGrouping(doc: unknown, where: string, region?: Region): Grouping {
  checkJsonShape(doc, where, GROUPING_JSON_LIMITS);
  const parsed = groupingSchema.safeParse(doc);
  if (!parsed.success) throw zodProblem(parsed.error, doc, where);
  const g = parsed.data;
  const fail = (path: string, what: string, value: unknown) => new InvalidInputError(`${where}: ${path} ${show(value)}: ${what}`, path, value);
  let of: Region;
  try {
    of = region ?? findRegion(g.region);
  } catch (err) {
    throw fail("region", err instanceof Error ? err.message : String(err), g.region);
  }
  if (region && g.region !== region.id && findRegionSafe(g.region)?.id !== region.id) throw fail("region", `the grouping is for ${g.region}; the study's region is ${region.id}`, g.region);
  const inRegion = new Set(of.municipalities);
  // A code of the region: one of Finland's 309, and in this region.
  const regionCode = (c: string, path: string): string => {
    const m = byCode.get(c);
    if (!m) throw fail(path, `unknown municipality code (not one of Finland's ${FINNISH_MUNICIPALITIES.length})`, c);
    if (!inRegion.has(c)) throw fail(path, `${m.nameFi} (${c}) is not in the region ${of.id}`, c);
    return c;
  };
  const ids = new Set<string>();
  const units = g.units.map((u, i) => {
    if (ids.has(u.id)) throw fail(`units[${i}].id`, "unit id used twice", u.id);
    ids.add(u.id);
    const municipalities = u.municipalities.map((c, k) => regionCode(c, `units[${i}].municipalities[${k}]`));
    const hub = u.hub === undefined ? undefined : regionCode(u.hub, `units[${i}].hub`);
    return { id: u.id, name: names(u.name), municipalities, ...(hub === undefined ? {} : { hub }) };
  });
  const grouping: Grouping = { id: g.id, name: names(g.name), region: of.id, units, source: g.source ?? where };
  // Every municipality of the region in exactly one unit, each hub in its own unit.
  try {
    validateGrouping(grouping, of.municipalities);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new InvalidInputError(`${where}: ${err.message}`, err.field, err.value);
    throw err;
  }
  return grouping;
}

/** The built-in region a name or id stands for, or undefined. */
function findRegionSafe(text: string): Region | undefined {
  try {
    return findRegion(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads and checks a grouping file (at most MAX_INPUT_BYTES.grouping): JSON as above, or a table
 * as offices keep one (.csv or .xlsx, see groupingFromTable). NotFoundError when it cannot be read,
 * InvalidInputError when it is not a valid grouping.
 */
export async function readGroupingFile(path: string, region?: Region): Promise<Grouping> {
  return (await parseGroupingBytes(await readBoundedFile(path, MAX_INPUT_BYTES.grouping, "grouping-file"), path, region)).grouping;
}

/** The formats a grouping file comes in: a JSON document, or a table (CSV or XLSX). */
export type GroupingFileFormat = "json" | "csv" | "xlsx";

/** A grouping read from a file, with how the file was written, so it can be written back the same way. */
export interface GroupingRead {
  readonly grouping: Grouping;
  readonly format: GroupingFileFormat;
  readonly encoding: "UTF-8" | "Windows-1252";
  readonly delimiter: "," | ";";
}

/**
 * A grouping from a file's bytes, its format told by the name's extension (.json, .csv, .xlsx);
 * `name` (a path or an uploaded file's name) names it in messages and gives a table's grouping its
 * id and name. Shared by --grouping-file and the HTTP upload.
 */
export async function parseGroupingBytes(bytes: Uint8Array, name: string, region?: Region): Promise<GroupingRead> {
  const ext = extname(name).toLowerCase();
  if (ext === ".xlsx") return { grouping: groupingFromTable(await xlsxRows(bytes, name), name, region), format: "xlsx", encoding: "UTF-8", delimiter: "," };
  if (ext === ".csv") {
    const { text, encoding } = decodeOfficeText(bytes, name, "grouping-file");
    return { grouping: groupingFromTable(csvRows(text, name), name, region), format: "csv", encoding, delimiter: csvDelimiter(text) };
  }
  const text = decodeUtf8(bytes, name, "grouping-file");
  return { grouping: parseGrouping(parseJsonInput(text, name, GROUPING_JSON_LIMITS, "grouping-file"), `file ${name}`, region), format: "json", encoding: "UTF-8", delimiter: "," };
}

/** Column names of a grouping table, in any case: the municipality, its unit, and whether it is the unit's hub. */
const MUNICIPALITY_COLUMNS = ["municipality", "kunta", "kommun", "code", "kuntanumero"];
const UNIT_COLUMNS = ["unit", "alue", "område", "omrade", "yksikkö", "yksikko"];
const HUB_COLUMNS = ["hub", "keskus", "centralort"];
const YES = new Set(["x", "1", "yes", "true", "kyllä", "ja", "✓"]);

/** A unit's id from its name: lower case, letters without diacritics, words joined by "-". */
const slug = (name: string) => fold(name).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "unit";

/**
 * A grouping from a table of municipality → unit (one row per municipality, a code or a name;
 * the unit by name; optionally a hub column marking the unit's centre with x, 1 or kyllä). The
 * grouping is named after the file; its region is the study's, or the built-in region whose
 * municipalities the table lists exactly. Checked as a JSON grouping is.
 */
function groupingFromTable(rows: readonly TextRow[], path: string, region?: Region): Grouping {
  const where = `file ${path}`;
  if (rows.length < 2) throw new InvalidInputError(`${where}: no rows under the header; expected columns municipality and unit (kunta, alue)`, "grouping-file", path);
  const header = rows[0].record.map((h) => h.trim().toLowerCase());
  const col = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const [m, u, h] = [col(MUNICIPALITY_COLUMNS), col(UNIT_COLUMNS), col(HUB_COLUMNS)];
  if (m < 0 || u < 0) throw new InvalidInputError(`${where} ${rows[0].where}: the header needs a municipality column (${MUNICIPALITY_COLUMNS.join("/")}) and a unit column (${UNIT_COLUMNS.join("/")}); it has ${header.join(", ")}`, "header", header.join(","));
  const units = new Map<string, { name: string; municipalities: string[]; hub?: string }>();
  // Every bad row is listed at once (line or row, column, value), and nothing is used.
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const row of rows.slice(1)) {
    const cell = (i: number) => (row.record[i] ?? "").trim();
    let code: string;
    try {
      code = municipalityCode(cell(m));
    } catch (err) {
      problems.push({ where: row.where, field: header[m], value: cell(m), message: `${header[m]} ${(err as Error).message}` });
      continue;
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      problems.push({ where: row.where, field: header[m], value: cell(m), message: `municipality ${code} is listed twice: ${earlier} and ${row.where}` });
      continue;
    }
    seen.set(code, row.where);
    const name = cell(u);
    if (name === "") {
      problems.push({ where: row.where, field: header[u], value: "", message: `${header[u]} is empty; every municipality needs its unit` });
      continue;
    }
    const unit = units.get(name) ?? { name, municipalities: [] };
    units.set(name, unit);
    unit.municipalities.push(code);
    if (h >= 0 && YES.has(cell(h).toLowerCase())) {
      if (unit.hub !== undefined) problems.push({ where: row.where, field: header[h], value: cell(h), message: `unit ${show(name)} has two hubs (${unit.hub} and ${code})` });
      else unit.hub = code;
    }
  }
  throwProblems(problems, where);
  const listed = [...units.values()].flatMap((x) => x.municipalities);
  const of = region ?? REGIONS.find((r) => r.municipalities.length === new Set(listed).size && listed.every((c) => r.municipalities.includes(c)));
  if (!of) throw new InvalidInputError(`${where}: its ${listed.length} municipalities are no built-in region's; name the region (--region, or a region file)`, "region", path);
  const ids = new Set<string>();
  const doc = {
    id: fileSetName(path),
    name: basename(path, extname(path)),
    region: of.id,
    units: [...units.values()].map((x) => {
      let id = slug(x.name);
      for (let k = 2; ids.has(id); k++) id = `${slug(x.name)}-${k}`;
      ids.add(id);
      return { id, name: x.name, municipalities: x.municipalities, ...(x.hub ? { hub: x.hub } : {}) };
    }),
  };
  return parseGrouping(doc, where, of);
}

/** The table's columns as written: the municipality's code and (for people) name, its unit by name, and an x at each unit's hub. */
const TABLE_HEADER = ["municipality", "name", "unit", "hub"] as const;

function tableRows(g: Grouping): string[][] {
  return g.units.flatMap((u) => u.municipalities.map((c) => [c, byCode.get(c)?.nameFi ?? "", u.name.fi, u.hub === c ? "x" : ""]));
}

/** A grouping as the table groupingFromTable reads (UTF-8 with a byte-order mark, so Excel shows ä and å); units by their Finnish names. */
export function groupingTableCsv(g: Grouping, delimiter: "," | ";" = ","): string {
  const lines = [TABLE_HEADER.join(delimiter), ...tableRows(g).map((r) => r.map((x) => csvText(x, delimiter)).join(delimiter))];
  return "\uFEFF" + lines.join("\n") + "\n";
}

/** The same table as an XLSX workbook of one sheet; codes as text, so "091" keeps its zero. */
export async function groupingTableXlsx(g: Grouping): Promise<Uint8Array> {
  const wb = new (await excelJs()).Workbook();
  const sheet = wb.addWorksheet("grouping");
  sheet.addRow([...TABLE_HEADER]).font = { bold: true };
  for (const r of tableRows(g)) sheet.addRow(r);
  sheet.getColumn(1).numFmt = "@";
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A grouping as the JSON document parseGrouping reads, names in all three languages. */
export function groupingJson(g: Grouping): string {
  const doc = { id: g.id, name: g.name, region: g.region, source: g.source, units: g.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], ...(u.hub ? { hub: u.hub } : {}) })) };
  return JSON.stringify(doc, null, 2) + "\n";
}
