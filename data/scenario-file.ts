/**
 * Scenario files (JSON): a name, the base service set (a region's built-in set or a file), and the
 * changes. Shapes are checked with zod; the first problem becomes an InvalidInputError naming the
 * field path (`changes[2].level`) and the bad value. Nothing is applied until the whole file is good.
 *
 *   { "id": "close-hanko", "name": "Close Hanko's station", "region": "uusimaa",
 *     "services": "my-points.csv",            (optional; default: the region's built-in set)
 *     "changes": [ { "op": "close", "id": "L-078" },
 *                  { "op": "relevel", "id": "A-lohja", "level": "L" },
 *                  { "op": "move", "id": "L-444", "lon": 24.05, "lat": 60.25 },
 *                  { "op": "add", "point": { "id": "L-new", "name_fi": "Uusi", "municipality": "444",
 *                                             "lon": 24.1, "lat": 60.3, "level": "L" } } ] }
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { InvalidInputError, NotFoundError, show } from "../engine/errors.ts";
import type { Scenario, ScenarioChange } from "../engine/scenario.ts";
import type { ServicePoint } from "../engine/services.ts";
import { REGION_IDS, type RegionId } from "./facts/index.ts";

const lon = z.number().finite().min(-180).max(180);
const lat = z.number().finite().min(-90).max(90);
const level = z.enum(["L", "A", "E"]);
const id = z.string().trim().min(1).max(200);

const pointSchema = z.object({
  id,
  name_fi: z.string().trim().min(1).max(300),
  name_sv: z.string().trim().max(300).optional(),
  municipality: z.string().regex(/^\d{1,3}$/, "a municipality code of up to three digits"),
  lon,
  lat,
  level,
  open: z.boolean().optional(),
});

/** One change of a scenario, as JSON; shared with the HTTP API. */
export const changeSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("close"), id }),
  z.object({ op: z.literal("open"), id }),
  z.object({ op: z.literal("relevel"), id, level }),
  z.object({ op: z.literal("move"), id, lon, lat }),
  z.object({ op: z.literal("add"), point: pointSchema }),
]);

/** The JSON shape of a scenario; shared with the HTTP API. */
export const scenarioSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "letters, digits, '.', '_' or '-', up to 100"),
  name: z.string().trim().min(1).max(300),
  region: z.enum(REGION_IDS as [RegionId, ...RegionId[]]),
  services: z.string().min(1).optional(),
  changes: z.array(changeSchema).max(10_000),
});

export interface ScenarioFile extends Scenario {
  readonly region: RegionId;
  /** Service points file, resolved against the scenario file's folder; undefined for the built-in set. */
  readonly services?: string;
}

/** Turns the first zod issue into an InvalidInputError naming its path and value. */
export function zodProblem(error: z.ZodError, input: unknown, what: string): InvalidInputError {
  const issue = error.issues[0];
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  let value: unknown = input;
  for (const p of issue.path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
  return new InvalidInputError(`${what}: ${path || "(top)"} ${show(value)}: ${issue.message}`, path || "(top)", value);
}

/** Parses scenario JSON text (already read); relative `services` paths resolve against `baseDir`. */
export function parseScenario(text: string, source: string, baseDir = "."): ScenarioFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${source}: not valid JSON (${(err as Error).message})`, "json", source);
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) throw zodProblem(parsed.error, json, source);
  const s = parsed.data;
  const changes = s.changes.map(toScenarioChange);
  return {
    id: s.id,
    name: s.name,
    region: s.region,
    base: s.services ? `file ${s.services}` : `${s.region}-default`,
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
    municipality: p.municipality.padStart(3, "0"),
    lon: p.lon,
    lat: p.lat,
    level: p.level,
    open: p.open ?? true,
  };
  return { op: "add", point };
}

/** Reads and checks a scenario file. */
export async function readScenario(path: string): Promise<ScenarioFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new NotFoundError(`cannot read scenario file ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`, "scenario", path);
  }
  return parseScenario(text, path, dirname(path));
}
