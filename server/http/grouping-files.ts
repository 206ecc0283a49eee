/**
 * Groupings as files over HTTP, as offices keep them. POST /api/groupings/check takes a grouping
 * file (a table of municipality → unit as CSV or XLSX, or the JSON document --grouping-file reads),
 * checks it against the workspace's region and answers with the grouping as GET /api/groupings
 * lists one, or a 400 listing every bad row; POST /api/groupings/export writes a grouping (as
 * POST /api/groupings/compare's `custom` takes one) back as a file in any of those formats.
 */
import { basename, extname } from "node:path";
import { z } from "zod";
import { groupingJson, groupingSchema, parseGrouping, groupingTableCsv, groupingTableXlsx, parseGroupingBytes, type GroupingFileFormat } from "../../data/facts/index.ts";
import { InvalidInputError } from "../../engine/index.ts";
import type { Study } from "../../study/index.ts";
import { groupingInfo, groupingList } from "./groupings.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";

const XLSX_TYPE = S.XLSX_TYPE;
const FORMAT_OF_TYPE: Readonly<Record<string, GroupingFileFormat>> = { "text/csv": "csv", [XLSX_TYPE]: "xlsx", "application/json": "json" };
export const GROUPING_FILE_TYPES = Object.keys(FORMAT_OF_TYPE);

export const groupingFileBody = S.fileBody(
  "The file as it is: a table (text/csv, `,` or `;`, UTF-8 or Windows-1252; or an XLSX workbook's first sheet) with a row per municipality of the region: a municipality column " +
    "(municipality, kunta, kommun or code: a code or a Finnish or Swedish name), a unit column (unit, alue or område: the unit's name) and optionally a hub column (hub, keskus or centralort: x at the unit's centre); " +
    "or the JSON document --grouping-file reads.",
);

export const checkQuery = z.strictObject({
  name: z.string().min(1).max(200).default("grouping").describe("The file's name, without or with its extension: a table's grouping takes its id and name from it."),
});

export const checkedGrouping = z
  .object({
    format: z.enum(["json", "csv", "xlsx"]),
    encoding: z.enum(["UTF-8", "Windows-1252"]).describe("The text encoding a CSV was read in; a workbook and JSON are UTF-8 by their standards."),
    delimiter: z.enum([",", ";"]).describe("A CSV's field delimiter; `,` for the other formats. POST /api/groupings/export writes it back the same way."),
    grouping: groupingList.shape.groupings.element.describe("The grouping as GET /api/groupings lists one; send it as one of POST /api/groupings/compare's `custom`."),
  })
  .register(S.responseSchemas, { id: "CheckedGrouping" });

export const exportQuery = z.strictObject({
  format: z.enum(["json", "csv", "xlsx"]).default("json").describe("The file's format: the JSON document (names in all three languages), or a table of municipality → unit (units by their Finnish names)."),
  delimiter: z.enum([",", ";"]).default(",").describe("A CSV's field delimiter (`;` as Excel saves in a Finnish or Swedish locale)."),
});

export const exportBody = groupingSchema.describe("A grouping as POST /api/groupings/compare's `custom` takes one.").register(S.requestSchemas, { id: "GroupingExportRequest" });

export const exportContent: Record<string, z.ZodType> = {
  "application/json": S.fileSchema("application/json", "The grouping document --grouping-file reads."),
  "text/csv": S.fileSchema("text/csv", "UTF-8 with a byte-order mark, the header municipality,name,unit,hub."),
  [XLSX_TYPE]: S.fileSchema(XLSX_TYPE, "A workbook of one sheet with the CSV's header."),
};

/** POST /api/groupings/check: the grouping a file makes of the workspace's region. */
export async function checkGrouping(ws: Study, query: z.output<typeof checkQuery>, body: Buffer, contentType: string | undefined): Promise<Reply> {
  S.requireBytes(body, "the CSV, XLSX or JSON grouping file");
  const format = FORMAT_OF_TYPE[S.mediaTypeOf(contentType)] ?? "json";
  const file = `${basename(query.name, extname(query.name)) || "grouping"}.${format}`;
  const read = await parseGroupingBytes(new Uint8Array(body.buffer, body.byteOffset, body.length), file, ws.region);
  return { body: { format: read.format, encoding: read.encoding, delimiter: read.delimiter, grouping: groupingInfo(read.grouping) } satisfies z.output<typeof checkedGrouping> };
}

const FILE_TYPES: Readonly<Record<GroupingFileFormat, string>> = { json: "application/json", csv: "text/csv; charset=utf-8", xlsx: XLSX_TYPE };

/** POST /api/groupings/export: the grouping, checked as compare checks it, as a file named after it. */
export async function exportGrouping(ws: Study, query: z.output<typeof exportQuery>, doc: z.output<typeof exportBody>): Promise<Reply> {
  const g = parseGrouping(doc, "body", ws.region);
  if (g.region !== ws.region.id) throw new InvalidInputError(`grouping ${g.id} is for ${g.region}; this server serves ${ws.region.id}`, "region", g.region);
  S.checkCsvDelimiter(query.format, query.delimiter);
  const bytes = query.format === "xlsx" ? await groupingTableXlsx(g) : query.format === "csv" ? groupingTableCsv(g, query.delimiter) : groupingJson(g);
  return { body: Buffer.from(bytes), contentType: FILE_TYPES[query.format], headers: { "Content-Disposition": `attachment; filename="${g.id}.${query.format}"` } };
}
