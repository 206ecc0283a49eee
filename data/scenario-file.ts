/**
 * Scenario files (JSON): a name, the base service set (a region's built-in set or a file), and the
 * changes. Shapes are checked with zod; the first problem becomes an InvalidInputError naming the
 * field path (`changes[2].level`) and the bad value. Nothing is applied until the whole file is good.
 *
 *   { "id": "close-hanko", "name": "Close Hanko's station", "region": "uusimaa",   (optional)
 *     "services": "my-points.csv",            (optional; default: the region's built-in set)
 *     "changes": [ { "op": "close", "id": "L-078" },
 *                  { "op": "relevel", "id": "A-lohja", "level": "L" },
 *                  { "op": "move", "id": "L-444", "lon": 24.05, "lat": 60.25 },
 *                  { "op": "add", "point": { "id": "L-new", "name_fi": "Uusi", "municipality": "444",
 *                                             "lon": 24.1, "lat": 60.3, "level": "L" } } ] }
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { municipalityCode } from "./facts/index.ts";
import { FINLAND_WGS84_TEXT, latInFinland, lonInFinland, TYPE_ID, HOSTS_ENTRY, LANGUAGE_CODE, type Scenario, type ScenarioChange, type ServicePoint } from "../engine/index.ts";
import { decodeUtf8, MAX_INPUT_BYTES, parseJsonInput, readBoundedFile, zodProblem } from "./input.ts";
import { isWellFormed, PRINTABLE, PRINTABLE_TEXT, safeNameSchema, textSchema } from "./names.ts";

// Added and moved points must lie in Finland: the shared box of engine/finland.ts, as for imported points.
/** WGS84 degrees inside Finland's box; shared with the HTTP API. */
export const lonSchema = z.number().finite().refine(lonInFinland, `outside Finland (${FINLAND_WGS84_TEXT})`);
export const latSchema = z.number().finite().refine(latInFinland, `outside Finland (${FINLAND_WGS84_TEXT})`);
const lon = lonSchema;
const lat = latSchema;
const level = z.enum(["L", "A", "E"]);
/** A service point's id: free text within a record, but printable (no NUL, line breaks or escapes). */
const id = textSchema(200);

/** Bounds on a scenario document's shape, checked before zod: a change's point is 4 levels down. */
const SCENARIO_JSON_LIMITS = { maxDepth: 16, maxArray: 10_000 } as const;

/** A municipality by code ("91", "091") or by Finnish, Swedish or Sámi name ("Tampere", "Esbo"): its three-digit code. */
const municipalitySchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe("A municipality code of up to three digits, or a municipality's name in Finnish, Swedish or Sámi.")
  .transform((v, ctx) => {
    try {
      return municipalityCode(v);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  })
  // The three-digit code out: said so to the API document (a transform alone has no JSON Schema).
  .pipe(z.string().regex(/^\d{3}$/));

/** People a point can serve (residents, as a health station's listed population). */
const capacitySchema = z.number().finite().min(0).max(1e8).describe("People it can serve (residents, as a health station's listed population); absent: unlimited.");

const pointSchema = z.object({
  id,
  name_fi: textSchema(300),
  name_sv: z.string().trim().max(300).regex(PRINTABLE, PRINTABLE_TEXT).refine(isWellFormed, "not Unicode text (an unpaired surrogate)").optional(),
  municipality: municipalitySchema,
  lon,
  lat,
  level,
  open: z.boolean().optional(),
  types: listSchema(TYPE_ID, "a service type id (lowercase letters, digits and hyphens)").describe("The service types it offers (default: its level's menu)."),
  can_host: listSchema(HOSTS_ENTRY, "a service type id or a level (L, A, E)").describe("Types (or a level's whole menu) it could host besides those it offers: the levels it may take."),
  languages: listSchema(LANGUAGE_CODE, "a language code (ISO 639: fi, sv, se, smn, sms, …)").describe("Languages it serves in."),
  capacity: capacitySchema.optional(),
});

/** An optional list of distinct ids, each matching `pattern`. */
function listSchema(pattern: RegExp, what: string) {
  return z
    .array(z.string().regex(pattern, `not ${what}`))
    .max(64)
    .refine((l) => new Set(l).size === l.length, "an id is listed twice")
    .optional();
}

/** One change of a scenario, as JSON; shared with the HTTP API. */
export const changeSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("close"), id }),
  z.object({ op: z.literal("open"), id }),
  z.object({ op: z.literal("relevel"), id, level }),
  z.object({ op: z.literal("move"), id, lon, lat }),
  z.object({ op: z.literal("add"), point: pointSchema }),
  z.object({ op: z.literal("capacity"), id, capacity: capacitySchema.nullable().describe("People it can serve from now on; null for no limit.") }),
  z.object({
    op: z.literal("languages"),
    id,
    languages: z
      .array(z.string().regex(LANGUAGE_CODE, "not a language code (ISO 639: fi, sv, se, smn, sms, …)"))
      .max(16)
      .refine((l) => new Set(l).size === l.length, "a language is listed twice")
      .nullable()
      .describe("The languages it serves in from now on; null: its municipality's official languages."),
  }),
]);

/** A region's id or name ("uusimaa", "pirkanmaa", "Birkaland", a region file's id). */
export const regionField = textSchema(300);

/** The JSON shape of a scenario; shared with the HTTP API. */
export const scenarioSchema = z.object({
  // A stored scenario's key and URL segment, maybe a file name: the shared rule (data/names.ts).
  id: safeNameSchema,
  name: textSchema(300),
  // The region it changes: optional in a file (then the study's, from --region or the roads), checked against the study's.
  region: regionField.optional(),
  // A path the CLI user chose, resolved against the scenario's folder ("../points.csv" is fine), but no NUL or control characters.
  services: z.string().min(1).max(4096).regex(PRINTABLE, PRINTABLE_TEXT).optional(),
  changes: z.array(changeSchema).max(SCENARIO_JSON_LIMITS.maxArray),
});

export interface ScenarioFile extends Scenario {
  /** The region it names, if any: the study must be of it. */
  readonly region?: string;
  /** Service points file, resolved against the scenario file's folder; undefined for the built-in set. */
  readonly services?: string;
}

/** Parses scenario JSON text (already read); relative `services` paths resolve against `baseDir`. */
export function parseScenario(text: string, source: string, baseDir = "."): ScenarioFile {
  const json = parseJsonInput(text, source, SCENARIO_JSON_LIMITS);
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) throw zodProblem(parsed.error, json, source);
  const s = parsed.data;
  const changes = s.changes.map(toScenarioChange);
  return {
    id: s.id,
    name: s.name,
    region: s.region,
    base: s.services ? `file ${s.services}` : `${s.region ?? "region"}-default`,
    services: s.services === undefined ? undefined : isAbsolute(s.services) ? s.services : resolve(baseDir, s.services),
    changes,
  };
}

/** The engine's form of a checked change: an added point gets its names, padded code and `open` default. */
export function toScenarioChange(c: z.output<typeof changeSchema>): ScenarioChange {
  if (c.op !== "add") return c;
  const p = c.point;
  const point: ServicePoint = {
    id: p.id,
    name: { fi: p.name_fi, sv: p.name_sv || p.name_fi },
    municipality: p.municipality,
    lon: p.lon,
    lat: p.lat,
    level: p.level,
    open: p.open ?? true,
    ...(p.types ? { types: p.types } : {}),
    ...(p.can_host ? { hosts: p.can_host } : {}),
    ...(p.languages ? { languages: p.languages } : {}),
    ...(p.capacity !== undefined ? { capacity: p.capacity } : {}),
  };
  return { op: "add", point };
}

/** Reads and checks a scenario file: at most MAX_INPUT_BYTES.scenario of strict UTF-8. */
export async function readScenario(path: string): Promise<ScenarioFile> {
  const text = decodeUtf8(await readBoundedFile(path, MAX_INPUT_BYTES.scenario, "scenario"), path, "file");
  return parseScenario(text, path, dirname(path));
}
