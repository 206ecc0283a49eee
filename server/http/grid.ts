/**
 * Times per grid cell as data (GET and POST /api/grid): the study's surfaces as a time grid
 * (engine/time-grid.ts), for a client that draws its own bands. The web app fetches the base's once
 * and a scenario's once per change list, then redraws thresholds, levels and the comparison with
 * base without asking again. GET /api/isochrones and the scenario run's `isochrones` stay, for
 * clients that want the bands as GeoJSON.
 */
import { z } from "zod";
import { changeSchema, toScenarioChange } from "../../data/scenario-file.ts";
import { LEVELS, TIME_GRID_HEADER_BYTES, TIME_GRID_TYPE_LAYER, type ServiceLevel } from "../../engine/index.ts";
import { timeGridDeltaView, timeGridView, type Study } from "../../study/index.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";

/** The time grid's media type: a documented binary layout of our own, not a generic octet stream. */
export const GRID_TYPE = "application/vnd.palveluverkko.time-grid";
/** A scenario's time grid as the cells that differ from the base's. */
const GRID_DELTA_TYPE = "application/vnd.palveluverkko.time-grid-delta";

const LAYOUT =
  `Little-endian. A ${TIME_GRID_HEADER_BYTES}-byte header: magic "PVTG", version u16 (1), layers u16, EPSG u32 (3067), x0 f64 and y0 f64 (the south-west corner of cell 0, m), cell size f64 (m), cols u32, rows u32, ` +
  `seconds per unit u16 (1), no-data u16 (65535), horizon u16 (min), reserved u16, layer names (4 ASCII bytes: the levels asked, then ${TIME_GRID_TYPE_LAYER} for a type, 0-padded); ` +
  "then per layer cols × rows Uint16 seconds, cells row by row from the south-west. Seconds are rounded up from the engine's deciseconds, so a cell is within t minutes exactly when its seconds ≤ 60·t, as the figures and isochrones count it; " +
  "no road, or past the horizon, is 65535.";

const DELTA_LAYOUT =
  `Little-endian. A 24-byte header: magic "PVTD", version u16 (1), layers u16, cols u32, rows u32, horizon u16 (min), reserved u16, layer names (4 ASCII bytes, as the full grid's); ` +
  "then per layer: the number k of cells whose time differs from the base's (u32), their indices (k × u32, ascending, row by row from the south-west), their times (k × Uint16 seconds, as the full grid's), 0-padded to 4 bytes. " +
  "Set those cells in a copy of the base's grid (GET /api/grid with the same levels, type, language and profile) and it is the scenario's, cell for cell.";

const levelsParam = z
  .string()
  .regex(/^[LAE](,[LAE]){0,2}$/, "comma-separated levels, e.g. L,A,E")
  .refine((s) => new Set(s.split(",")).size === s.split(",").length, "a level is listed twice")
  .optional()
  .transform((s) => (s ? (s.split(",") as ServiceLevel[]) : [...LEVELS]))
  .describe("Comma-separated levels, in the order the layers come; default L,A,E.");

const typeParam = z.string().regex(/^[a-z0-9-]+$/, "a service type id, e.g. dental-care").max(100).optional()
  .describe(`Also a layer ${TIME_GRID_TYPE_LAYER} after the levels: time to the nearest open point offering this service type (GET /api/accessibility?types= counts the same times).`);
const languageParam = z.string().regex(/^[a-z]{2,3}$/, "a language code (ISO 639: fi, sv, se, …)").optional()
  .describe("Every layer to the nearest point that also serves in this language (its own languages, else its municipality's official ones), as ?language= counts a language's speakers.");

export const gridQuery = z.strictObject({ levels: levelsParam, type: typeParam, language: languageParam });

export const gridBody = z
  .strictObject({
    changes: z.array(changeSchema).max(S.MAX_CHANGES).describe("A scenario's changes, as POST /api/scenarios/run takes them; none for the base set."),
    levels: z.array(z.enum(["L", "A", "E"])).min(1).max(3).refine((l) => new Set(l).size === l.length, "a level is listed twice").optional().describe("The layers, in order; default all three."),
    type: typeParam,
    language: languageParam,
    delta: z.boolean().optional().describe(`Only the cells whose time differs from the base's (GET /api/grid with the same levels, type, language and profile), as ${GRID_DELTA_TYPE}: a closure sends the cells that point was nearest to, not the whole region. Default false: the full grid.`),
  })
  .register(S.requestSchemas, { id: "GridRequest" });

export const gridContent = { [GRID_TYPE]: S.fileSchema(GRID_TYPE, LAYOUT) };
export const scenarioGridContent = { ...gridContent, [GRID_DELTA_TYPE]: S.fileSchema(GRID_DELTA_TYPE, DELTA_LAYOUT) };

const reply = (bytes: Uint8Array, contentType = GRID_TYPE): Reply => ({ body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType });

/** GET /api/grid: the base set's times. */
export function baseGrid(ws: Study, query: z.output<typeof gridQuery>): Reply {
  return reply(timeGridView(ws, query.levels, null, query));
}

/** POST /api/grid: a scenario's times, run through the same incremental path as POST /api/scenarios/run (the same run, when it was the last one). */
export function scenarioGrid(ws: Study, body: z.output<typeof gridBody>): Reply {
  const changes = body.changes.map(toScenarioChange);
  const levels = body.levels ?? LEVELS;
  return body.delta ? reply(timeGridDeltaView(ws, levels, changes, body), GRID_DELTA_TYPE) : reply(timeGridView(ws, levels, changes, body));
}
