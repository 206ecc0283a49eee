/**
 * The shapes of the HTTP API in zod: requests (checked on every call) and responses (the OpenAPI
 * document's schemas, and what the tests check replies against). One source for both, so the
 * document cannot drift from what the server accepts. Change shapes are the scenario files'.
 */
import { z } from "zod";
import { changeSchema, latSchema, lonSchema } from "../../data/scenario-file.ts";
import { zodProblem } from "../../data/input.ts";
import { InvalidInputError, show, DEFAULT_THRESHOLDS_MIN, ROAD_MODELS } from "../../engine/index.ts";
import { scenarioSchema } from "../../data/scenario-file.ts"; // stored scenarios
import { safeNameSchema } from "../../data/names.ts";
import { NOTE_CODES } from "../../study/index.ts";

/** Most thresholds one request may ask for. */
export const MAX_THRESHOLDS = 20;
/** Most changes one scenario may hold (as in scenario files). */
export const MAX_CHANGES = 10_000;

/** Request shapes: ids become #/components/schemas entries, read as input (before defaults). */
export const requestSchemas = z.registry<{ id: string }>();
/** Response shapes, read as output. */
export const responseSchemas = z.registry<{ id: string }>();

const level = z.enum(["L", "A", "E"]);
const threshold = z.number().gt(0, "a threshold must be over 0 min").max(180, "a threshold must be at most 180 min");
const unique = (list: readonly number[]) => new Set(list).size === list.length;

/** `15,30,60`: each in (0, 180] minutes, no repeats, at most MAX_THRESHOLDS; errors name the whole parameter. */
const thresholdsParam = z
  .string()
  .regex(/^[^,]+(,[^,]+)*$/, "comma-separated minutes, e.g. 15,30,60")
  .transform((text, ctx) => {
    const list = text.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
    const bad = list.find((t) => !threshold.safeParse(t).success);
    if (bad !== undefined) ctx.addIssue({ code: "custom", message: `${show(text.split(",")[list.indexOf(bad)])} is not a number of minutes in (0, 180]` });
    else if (list.length > MAX_THRESHOLDS) ctx.addIssue({ code: "custom", message: `at most ${MAX_THRESHOLDS} thresholds` });
    else if (!unique(list)) ctx.addIssue({ code: "custom", message: "a threshold is listed twice" });
    return list;
  })
  .optional()
  .transform((list) => list ?? [...DEFAULT_THRESHOLDS_MIN])
  .describe(`Comma-separated minutes, each in (0, 180], at most ${MAX_THRESHOLDS}, no repeats; default ${DEFAULT_THRESHOLDS_MIN.join(",")}.`);

const per = z.enum(["municipality", "unit"]).default("municipality").describe("A row per municipality, or per regional unit of the workspace's grouping.");

export const servicePointsQuery = z.strictObject({
  format: z.enum(["json", "geojson"]).default("json").describe("JSON list, or a GeoJSON FeatureCollection of points (application/geo+json)."),
});
/** Service type ids, comma-separated, or "all"; each checked against the study's catalogue when the figures are made. */
const typesParam = z
  .string()
  .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, "comma-separated service type ids, e.g. dental-care,emergency-24-7, or all")
  .max(2000)
  .transform((text) => text.split(","))
  .optional()
  .describe("Also the figures per service type (time to the nearest open point offering it): type ids, comma-separated, or `all`.");
export const accessibilityQuery = z.strictObject({
  per,
  thresholds: thresholdsParam,
  types: typesParam,
  language: z.string().regex(/^[a-z]{2,3}$/, "a language code (ISO 639: fi, sv, se, …)").optional().describe("Also the figures of this language's speakers to services offered in it (needs the workspace's --languages)."),
  group: z.string().min(1).max(100).optional().describe("Also the figures of a population group's people (an age band of the grid, e.g. 65+)."),
});
export const isochronesQuery = z.strictObject({
  level: level.describe("Service level: bands to the nearest open point offering it (E ⊇ A ⊇ L)."),
  thresholds: thresholdsParam,
  crs: z.enum(["EPSG:4326", "EPSG:3067"]).default("EPSG:4326").describe("Output coordinates: WGS84 lon/lat, or ETRS-TM35FIN metres."),
});

/** Which service the loads are of: a level (default L) or a type, not both. */
const serviceFields = {
  level: level.optional().describe("Service level: its open points and those above it (E ⊇ A ⊇ L). Default L unless `type` is given."),
  type: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a service type id (lowercase letters, digits and hyphens)").optional().describe("A service type of the study's catalogue, instead of a level."),
};
const catchmentMin = z.number().int().min(1).max(180).describe("2SFCA catchment time (min); default 30.");
const oneService = (v: { level?: unknown; type?: unknown }) => v.level === undefined || v.type === undefined;
const ONE_SERVICE = { message: "give level or type, not both", path: ["type"] };
export const loadsQuery = z
  .strictObject({
    ...serviceFields,
    thresholds: thresholdsParam,
    catchment: z.string().regex(/^\d{1,3}$/, "whole minutes, 1 to 180").transform(Number).pipe(catchmentMin).optional(),
    need: z
      .string()
      .regex(/^[^=,]+=\d+(\.\d+)?(,[^=,]+=\d+(\.\d+)?)*$/, "group=weight pairs, comma-separated, e.g. 65+=2,0-14=1.5")
      .max(500)
      .transform((t) => Object.fromEntries(t.split(",").map((kv) => [kv.split("=")[0], Number(kv.split("=")[1])])))
      .optional()
      .describe("Need weights per population group (age band of the grid): its people count this many times."),
  })
  .refine(oneService, ONE_SERVICE);
export const loadsBody = z
  .strictObject({
    ...serviceFields,
    changes: z.array(changeSchema).max(MAX_CHANGES).describe("Applied in order to the base set, as in scenario files."),
    thresholds: z.array(threshold).min(1).max(MAX_THRESHOLDS).refine(unique, "a threshold is listed twice").optional().describe(`Minutes; default ${DEFAULT_THRESHOLDS_MIN.join(",")}.`),
    catchment: catchmentMin.optional(),
    need: z.record(z.string().min(1).max(100), z.number().finite().min(0).max(1000)).optional().describe("Need weights per population group: its people count this many times."),
  })
  .refine(oneService, ONE_SERVICE)
  .register(requestSchemas, { id: "LoadsRequest" });

export const scenarioRunBody = z
  .strictObject({
    changes: z.array(changeSchema).max(MAX_CHANGES).describe("Applied in order to the base set, as in scenario files."),
    thresholds: z
      .array(threshold)
      .min(1)
      .max(MAX_THRESHOLDS)
      .refine(unique, "a threshold is listed twice")
      .optional()
      .describe(`Minutes; default ${DEFAULT_THRESHOLDS_MIN.join(",")}.`),
    per: per.optional(),
    // Web map: the scenario's bands in the same reply, so a redraw is one request and one computation.
    isochrones: z
      .strictObject({
        level: level.describe("Service level of the bands."),
        thresholds: z.array(threshold).min(1).max(MAX_THRESHOLDS).refine(unique, "a threshold is listed twice").optional().describe("Minutes; default the run's thresholds."),
      })
      .optional()
      .describe("Also answer with the scenario's isochrones for this level, as /api/isochrones gives the base's."),
    language: z.string().regex(/^[a-z]{2,3}$/, "a language code (ISO 639: fi, sv, se, …)").optional().describe("Also a language group's figures and band crossings (needs the workspace's --languages)."),
    types: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a service type id (lowercase letters, digits and hyphens)"))
      .max(20)
      .optional()
      .describe("Also the figures and band crossings per service type (time to the nearest open point offering it), each one search from the scenario's points."),
  })
  .register(requestSchemas, { id: "ScenarioRunRequest" });

/** The media type of spreadsheets (XLSX), in uploads and downloads. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A Content-Type without its parameters, in lower case ("text/csv; charset=utf-8" → "text/csv"). */
export const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? "").split(";")[0].trim().toLowerCase();

/** A file download's `delimiter` query parameter means something for CSV only: a 400 naming it otherwise. */
export function checkCsvDelimiter(format: string, delimiter: "," | ";"): void {
  if (format !== "csv" && delimiter !== ",") throw new InvalidInputError(`delimiter ${show(delimiter)} is for CSV; format ${format} has none`, "delimiter", delimiter);
}

/** A file's bytes as a request body, sent as the file is (read as bytes, never as text, so a Windows-1252 CSV or a workbook arrives whole). */
export const fileBody = (description: string) => z.custom<Buffer>((v) => Buffer.isBuffer(v), "the body must be the file's bytes").meta({ type: "string", description });

/** An upload must hold something: a 400 naming the body, saying what to send. */
export function requireBytes(body: Buffer, what: string): void {
  if (body.length === 0 || body.toString("latin1").trim() === "") throw new InvalidInputError(`the body is empty: send ${what}`, "body", "");
}

/** A file in a reply: JSON Schema 2020-12 says so with contentMediaType (OpenAPI 3.1's way; `format: binary` is 3.0's). */
export const fileSchema = (mediaType: string, what: string) => z.string().meta({ contentMediaType: mediaType }).describe(what);

/** Parses a request part with a schema; the first problem becomes an InvalidInputError naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, part: "query" | "body"): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
    const field = where ? `${where}.${issue.keys[0]}` : issue.keys[0];
    throw new InvalidInputError(`${part}: unknown ${part === "query" ? "parameter" : "field"} ${show(field)}`, field, issue.keys[0]);
  }
  const err = zodProblem(parsed.error, input, part === "query" ? "query" : "request body");
  // No path: the body as a whole is wrong (absent, or not an object).
  if (err.field === "(top)") throw new InvalidInputError(err.message, "body", err.value);
  throw err;
}

const name2 = z.object({ fi: z.string(), sv: z.string() });
const name3 = z.object({ fi: z.string(), sv: z.string(), en: z.string() });
const lonLat = z.object({ lon: z.number(), lat: z.number() });
const minutes = z.number().nullable();
const byLevel = <T extends z.ZodType>(row: T) => z.object({ L: z.array(row), A: z.array(row), E: z.array(row) });
const about = {
  roads: z.string().describe("Where the roads come from (attribution), or that they are GENERATED."),
  generated: z.boolean(),
  profile: z.string(),
  model: z.enum(ROAD_MODELS).describe("The road model the times were driven on (`?model=`): plain or turns."),
  per: z.enum(["municipality", "unit"]),
  thresholds_min: z.array(z.number()),
};

/** A note as every figure reply carries it (study/notes.ts). */
const note = z
  .object({
    code: z.enum(NOTE_CODES as [string, ...string[]]).describe("A stable code, the same in every output (CLI, API, web app, reports)."),
    severity: z.enum(["info", "warning", "critical"]),
    params: z.record(z.string(), z.unknown()).describe("The numbers and ids the note is about, by name."),
    text: z.object({ fi: z.string(), sv: z.string(), en: z.string() }).describe("The note in Finnish, Swedish and English."),
  })
  .describe("What a reader of the figures must know: an approximation, or people or points not counted as asked.")
  .register(responseSchemas, { id: "Note" });

export const notes = z.array(note).describe("Every note that qualifies these figures, critical first.");

const place = (what: string) => z.strictObject({ lon: lonSchema.describe(`WGS84 longitude of the ${what}.`), lat: latSchema.describe(`WGS84 latitude of the ${what}.`) });
export const tripBody = z
  .strictObject({
    from: place("origin"),
    to: place("destination"),
    door_to_door: z.boolean().default(false).describe("Also the time door to door as the Helsinki Region Travel Time Matrix counts a car trip (walks to and from the car, parking search), for comparison with it; the drive time is given either way."),
  })
  .register(requestSchemas, { id: "TripRequest" });

/** A drive read door to door as the Helsinki Region Travel Time Matrix counts a car trip (study/trip.ts doorToDoorJson). */
const doorToDoorLegs = z.object({
  minutes: z.number().describe("Door to door: drive + walks + parking search."),
  drive_min: z.number().describe("The drive between the roads' points (the connectors left out)."),
  walk_min: z.number().describe("Walks at 70 m/min: to the road and on to the car (180 m in Helsinki's inner city, 135 m elsewhere), at both ends."),
  parking_min: z.number().describe("Time to find a parking place (0.42 min, MetropAccess-Digiroad's average)."),
});

const tripEnd = z.object({ lon: z.number(), lat: z.number(), snap_distance_m: z.number().describe("Straight-line distance to the road the place snapped to, m.") });
export const tripReply = z
  .object({
    from: tripEnd,
    to: tripEnd,
    profile: z.string(),
    model: z.enum(ROAD_MODELS).describe("The road model the trip was driven on."),
    seconds: z.number().nullable().describe("Drive time, connectors included (the stretch to the road at 20 km/h); null when no road joins the places."),
    minutes: z.number().nullable(),
    meters: z.number().nullable(),
    door_to_door: doorToDoorLegs.nullable().optional().describe("Only when asked (door_to_door: true)."),
    notes,
  })
  .register(responseSchemas, { id: "Trip" });

const nearestDoorToDoor = doorToDoorLegs
  .extend({
    point: z.object({ id: z.string(), name: z.object({ fi: z.string(), sv: z.string() }) }).describe("The nearest point offering the level."),
    seconds: z.number().int().describe("Door to door, whole seconds."),
    drive_seconds: z.number().int().describe("The drive to it, connectors included, whole seconds: the time the minutes count."),
  })
  .register(responseSchemas, { id: "NearestDoorToDoor" })
  .nullable();

export const cellBody = z
  .strictObject({
    lon: lonSchema.describe("WGS84 longitude of the place."),
    lat: latSchema.describe("WGS84 latitude of the place."),
    changes: z.array(changeSchema).max(MAX_CHANGES).default([]).describe("A scenario's changes, as POST /api/scenarios/run takes them; none for the base set."),
    door_to_door: z
      .boolean()
      .default(false)
      .describe("Also, per level, the nearest point and the drive to it from the cell's centre read door to door as the Helsinki Region Travel Time Matrix counts a car trip (walks to and from the car, parking search), for comparison with it; the minutes stay drive times. A car trip's reading: on foot or by bike a 400 naming `door_to_door`."),
  })
  .register(requestSchemas, { id: "CellRequest" });

const cellMinutes = z.object({ L: z.number().nullable(), A: z.number().nullable(), E: z.number().nullable() });

export const cellInfo = z
  .object({
    cell: z.number().int().describe("The cell's index in the study's grid (row-major from the south-west corner)."),
    centre: z.object({ lon: z.number(), lat: z.number() }),
    cell_size_m: z.number(),
    population: z.number().describe("People living in the cell (the grid's, or the municipal totals spread over the roads)."),
    municipality: z.object({ code: z.string(), name: z.object({ fi: z.string(), sv: z.string() }) }).nullable().describe("The municipality whose figures the cell counts in; null at sea or outside every area."),
    minutes: cellMinutes.describe("Minutes by car to the nearest service offering each level (the scenario's when changes were given); null beyond horizon_min or with no road."),
    base_minutes: cellMinutes.nullable().describe("The base set's minutes, when changes were given."),
    horizon_min: z.number().describe("How far the times are searched."),
    door_to_door: z
      .object({ L: nearestDoorToDoor, A: nearestDoorToDoor, E: nearestDoorToDoor })
      .optional()
      .describe("Only when asked (door_to_door: true): per level, the nearest open point of the set in effect (the scenario's with changes), nearest by drive time, and the drive to it from the cell's centre read door to door; null where none is reached or the cell has no road."),
    notes: notes.optional().describe("With door_to_door: the door-to-door note (what it counts)."),
  })
  .register(responseSchemas, { id: "CellInfo" });

const problem = z
  .object({
    type: z.string().describe("URI naming the kind of problem."),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().optional().describe("Machine-readable code, e.g. invalid-input, not-found."),
    field: z.string().optional().describe("The offending parameter or body path, e.g. thresholds or changes[2].id."),
    value: z.unknown().optional().describe("The offending value (long values shortened)."),
    errors: z
      .array(z.object({ where: z.string().describe("Where in the file: `line 3` (CSV), `row 3 of sheet \"Taul1\"` (XLSX) or `features[2]` (GeoJSON, counted from 0)."), field: z.string(), value: z.unknown(), message: z.string() }))
      .optional()
      .describe("Every bad record of an uploaded file (at most 100), when there are several."),
  })
  .describe("RFC 9457 problem details, as application/problem+json.")
  .register(responseSchemas, { id: "Problem" });

export const health = z
  .object({
    status: z.literal("ok"),
    roads: z.string(),
    generated: z.boolean(),
    read_only: z.boolean().describe("True when the server refuses changes to the store (403)."),
    model: z.enum(ROAD_MODELS).describe("The server's road model: what `?model=` is when not given."),
    profiles: z.array(z.string()).describe("The roads' travel-time profiles, the server's default first: what `?profile=` takes on the figure routes (car-winter: winter speed limits; -midday and -rush: the time of day, junction delays by road class after MetropAccess-Digiroad; walk and bike: on foot at 4.2 km/h and by bike at 16.8 km/h, when the server built their graphs)."),
    service_types: z.array(z.object({ id: z.string(), name: name3 })).describe("The study's service types, in the catalogue's order: what `types=` and the grid's `type=` take."),
    languages: z.array(z.string()).describe("The languages the workspace has speakers of (its --languages file): what `language=` takes for figures; empty without one."),
  })
  .register(responseSchemas, { id: "Health" });

/** `?model=` on the same routes as `?profile=`. */
export const modelParam = z
  .enum(ROAD_MODELS)
  .optional()
  .describe("The road model: plain (junctions free, the default unless the server was started with another) or turns (Conveyal R5's scheme: the posted limit, turn costs at junctions, nothing at traffic lights or signs; turn restrictions; the note turns-model gives the figures). Another is a 400 naming `model`.");

/** `?profile=` on the routes whose figures depend on it (Route.profiled). */
export const profileParam = z
  .string()
  .max(40)
  .optional()
  .describe("The travel-time profile: one of the roads' profiles as GET /healthz lists them (car, car-winter for winter speed limits; car-midday, car-rush, car-winter-midday, car-winter-rush for the time of day; walk and bike on foot and by bike, on their own graphs of the extract, with no time of day); default the server's own. Another is a 400 naming `profile`.");

export const regionList = z
  .object({
    active: z.string().describe("The workspace's region."),
    grouping: z.string().nullable().describe("The workspace's grouping, null for none."),
    regions: z.array(
      z.object({
        id: z.string(),
        name: name3,
        active: z.boolean(),
        source: z.string().describe("What the region is: an organiser, Uusimaa's five, taken from the roads, or a region file."),
        municipalities: z.array(z.string()),
        groupings: z.array(
          z.object({
            id: z.string(),
            name: name3,
            source: z.string(),
            units: z.array(z.object({ id: z.string(), name: name3, municipalities: z.array(z.string()), hub: z.string().nullable() })),
          }),
        ),
      }),
    ),
  })
  .register(responseSchemas, { id: "RegionList" });

/** How much of a municipality the study covers (study/areas.ts). */
const coverage = z
  .object({
    inside_pct: z.number().describe("Share of its land inside the extract's box, %."),
    land_pct: z.number().describe("Share of its land the extract's roads serve (a road within reach), %."),
    people_pct: z.number().nullable().describe("Share of its people (in the population source) living where the roads serve, %; null when the source says nothing of it."),
    partial: z.boolean().describe("Part of its land lies outside the extract: its figures cover only the part inside."),
  })
  .register(responseSchemas, { id: "Coverage" });

export const municipalityList = z
  .object({
    areas: z.string().describe("Where the areas come from (boundaries file, or nearest centre)."),
    municipalities: z.array(
      z.object({
        index: z.number().int().describe("Area index in this workspace."),
        code: z.string(),
        name: name2,
        centre: lonLat.nullable(),
        population: z.number().int().describe("People on the grid inside the area, as the figures count them."),
        unit: z.string().nullable().describe("Id of the unit holding it, null without a grouping."),
        coverage,
      }),
    ),
  })
  .register(responseSchemas, { id: "MunicipalityList" });

const pointFields = { id: z.string(), municipality: z.string(), level, open: z.boolean(), snap_m: z.number().nullable().describe("Distance to the road (m), null when no road is near enough and the point is left out.") };
export const servicePointList = z
  .object({
    set: z.object({ id: z.string(), name: name3, source: z.string() }),
    points: z.array(
      z.object({
        ...pointFields, name: name2, lon: z.number(), lat: z.number(),
        offers: z.array(z.string()).describe("The service types it offers: its own list, else its level's menu (the study's catalogue)."),
        offers_text: name3.describe("The same by name, comma-separated, in each language."),
        hostable_levels: z.array(level).describe("The levels whose whole menu it could host (what it offers and its can_host)."),
        languages: z.array(z.string()).nullable().describe("Languages it serves in (ISO 639); null when the file does not say."),
      }),
    ),
  })
  .register(responseSchemas, { id: "ServicePointList" });
export const crossBorderPoints = z
  .object({
    status: z
      .enum(["available", "included", "own-set"])
      .describe("available: the points below may be added as a scenario; included: the base set already holds them (served with --cross-border); own-set: the base set is the user's own, so none are offered."),
    points: z
      .array(z.object({ ...pointFields, name: name2, lon: z.number(), lat: z.number() }))
      .describe("Other organisers' hospitals and health stations inside the extract and on its roads, in the form of the base set's points."),
  })
  .register(responseSchemas, { id: "CrossBorderPoints" });
export const servicePointCollection = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({
          ...pointFields, name_fi: z.string(), name_sv: z.string(),
          types: z.array(z.string()).optional().describe("The service types it offers, when the file lists them."),
          can_host: z.array(z.string()).optional().describe("What it could host besides (type ids, or L, A, E for a whole menu)."),
          languages: z.array(z.string()).optional().describe("Languages it serves in (ISO 639)."),
        }),
        geometry: z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number(), z.number()]) }),
      }),
    ),
  })
  .register(responseSchemas, { id: "ServicePointCollection" });

const figureRow = z
  .object({
    id: z.string().describe('Municipality code or unit id; "all" for every area together.'),
    name: z.string(),
    population: z.number().int(),
    reached: z.number().int(),
    beyond: z.number().int(),
    mean_min: minutes,
    median_min: minutes,
    p90_min: minutes,
    max_min: minutes.describe("Null when someone is beyond the last threshold."),
    centre_min: minutes.describe("From the municipal centre; null for units, the all row, or beyond the cutoff."),
    coverage: coverage.nullable().describe("How much of the municipality the extract covers; null for units and the all row."),
    bands: z.array(z.object({ threshold_min: z.number().nullable().describe("Null: beyond the last threshold."), people: z.number().int(), cumulative: z.number().int() })),
  })
  .describe("Population-weighted times (min, one decimal) to the nearest service of the level, and people per band.")
  .register(responseSchemas, { id: "FigureRow" });

export const accessibility = z
  .object({
    ...about,
    cell_size_m: z.number(),
    services: z.object({ set: z.string(), name: z.object({ fi: z.string(), sv: z.string(), en: z.string() }), source: z.string(), used: z.number().int(), left_out: z.array(z.string()) }),
    population: z.object({ source: z.string(), outside_grid: z.number().int(), in_no_area: z.number().int() }),
    areas: z.string(),
    grouping: z.string().nullable(),
    notes,
    levels: byLevel(figureRow),
    types: z
      .record(z.string(), z.object({ name: name3, open_points: z.number().int().describe("Open points of the base set on the roads that offer it."), rows: z.array(figureRow) }))
      .optional()
      .describe("Per service type asked for (`types`), in the order asked: the same rows as a level's."),
    language: z
      .object({
        code: z.string(), source: z.string(), year: z.number().int().nullable(),
        speakers_on_grid: z.number().int().describe("The language's speakers placed on the grid."),
        municipalities_without_figures: z.array(z.string()).describe("Municipalities the languages file does not give: their speakers count as none."),
        rule: z.string(),
        levels: byLevel(figureRow),
        types: z.record(z.string(), z.array(figureRow)),
      })
      .optional()
      .describe("With `language`: its speakers to the nearest service offered in it, per level and per type asked."),
    group: z.object({ name: z.string(), levels: byLevel(figureRow) }).optional().describe("With `group`: the same figures counted over that group's people."),
  })
  .register(responseSchemas, { id: "Accessibility" });

export const isochroneCollection = z
  .object({
    type: z.literal("FeatureCollection"),
    crs: z.object({ type: z.literal("name"), properties: z.object({ name: z.string() }) }).optional(),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({ level, threshold_min: z.number() }),
        geometry: z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))) }),
      }),
    ),
    palveluverkko: z.object({ level, roads: z.string(), generated: z.boolean(), profile: z.string(), thresholds_min: z.array(z.number()), crs: z.string(), notes }),
  })
  .describe("Nested bands, smallest threshold first, with holes where land is out of reach.")
  .register(responseSchemas, { id: "IsochroneCollection" });

const diffSide = z.object({
  beyond: z.number().int(),
  mean_min: minutes,
  p90_min: minutes,
  within: z.array(z.number().int()).describe("People within each threshold (cumulative), in threshold order."),
});

const diffRow = z
  .object({
    id: z.string(),
    name: z.string(),
    population: z.number().int(),
    worse: z.number().int().describe("People whose band got farther (including into beyond)."),
    better: z.number().int(),
    changed: z.number().int().describe("People whose time changed at all."),
    added_minutes_at_least: z.number().int().describe("Person-minutes gained by those whose time grew (times capped at the last threshold)."),
    saved_minutes_at_least: z.number().int().describe("Person-minutes saved by those whose time fell."),
    transitions: z.array(z.array(z.number().int())).describe("People from band i (rows) to band j (columns); the last index is beyond."),
    base: diffSide.describe("The base's figures for the area."),
    scenario: diffSide.describe("The scenario's figures for the area."),
  })
  .register(responseSchemas, { id: "DiffRow" });

const loadsSide = z.object({
  points: z.array(
    z.object({
      id: z.string(), name: z.string(), capacity: z.number().nullable().describe("People it can serve; null: unlimited."),
      catchment_people: z.number().describe("People whose nearest open point of the service it is."),
      load_pct: z.number().nullable().describe("Catchment over capacity, per cent; null without a capacity."),
      assigned_people: z.number().describe("People it serves, nearest first under every point's capacity."),
      overflow_in: z.number().describe("Of those, people whose nearest point is another, full one."),
      overflow_out: z.number().describe("People of its catchment it could not take."),
      fca_ratio: z.number().nullable().describe("2SFCA supply ratio (capacity per person within the catchment time); null unless every point has a capacity."),
    }),
  ),
  areas: z.array(
    z.object({
      code: z.string(), name: z.string(), population: z.number(),
      fca_index: z.number().nullable().describe("Population-weighted mean 2SFCA index: capacity per resident in reach."),
      mean_points_within: z.array(z.number().nullable()).describe("Per threshold: the mean number of the service's points within it."),
      people_with_none_within: z.array(z.number()).describe("Per threshold: people with none of its points within it."),
    }),
  ),
  unserved_people: z.number().describe("In reach of some point, but of none with room left."),
  unreached_people: z.number().describe("With no point within the study's cutoff."),
});
export const loads = z
  .object({
    roads: z.string(), generated: z.boolean(), profile: z.string(), model: z.enum(ROAD_MODELS).describe("The road model the times were driven on (`?model=`): plain or turns."),
    service: z.union([z.object({ level }), z.object({ type: z.string() })]),
    service_name: name3,
    thresholds_min: z.array(z.number()),
    catchment_min: z.number(),
    need: z.record(z.string(), z.number()).nullable().describe("Need weights per population group, when given: the people figures are then need-weighted."),
    rule: z.string().describe("How catchments, the assignment and 2SFCA are made, in words."),
    base: loadsSide,
    scenario: loadsSide.nullable(),
    moves: z.array(z.object({ from: z.string().nullable(), to: z.string().nullable(), people: z.number() })).describe("People whose nearest point changes, most first; null: no point in reach."),
  })
  .register(responseSchemas, { id: "Loads" });

export const scenarioRun = z
  .object({
    ...about,
    changes: z.number().int(),
    changed_points: z.array(z.string()),
    notes,
    figures: byLevel(figureRow).describe("The scenario's figures, as /api/accessibility gives the base's."),
    diff: byLevel(diffRow).describe("Band crossings and person-minutes against the base."),
    isochrones: isochroneCollection.optional().describe("The scenario's bands, when the request asked for them."),
    language: z
      .object({ code: z.string(), figures: byLevel(figureRow), diff: byLevel(diffRow) })
      .optional()
      .describe("With `language`: its speakers' figures to services given in it under the scenario, and their band crossings against the base."),
    types: z
      .record(z.string(), z.object({ figures: z.array(figureRow), diff: z.array(diffRow) }))
      .optional()
      .describe("With `types`: per type asked, the scenario's figures and band crossings against the base's (GET /api/accessibility?types=)."),
  })
  .register(responseSchemas, { id: "ScenarioRun" });

export const openApiDocument = z.looseObject({ openapi: z.string() }).describe("This document.").register(responseSchemas, { id: "OpenApiDocument" });

// ---- Web map: basemap layers for web/ (GET /api/map/roads, /api/map/areas) ----

const lineCoordinates = z.array(z.tuple([z.number(), z.number()]));

export const mapRoads = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({ rank: z.number().int().describe("0 motorway … 4 tertiary (links with their road), 5 streets."), class: z.string() }),
        geometry: z.object({ type: z.literal("LineString"), coordinates: lineCoordinates }),
      }),
    ),
    palveluverkko: z.object({
      roads: z.string(),
      attribution: name3.describe("The map's attribution line in Finnish, Swedish and English: the roads' source, or that they are a GENERATED network."),
      generated: z.boolean(),
      classes: z.array(z.string()).describe("Road ranks drawn, most important first."),
      omitted: z.array(z.string()).describe("Ranks the graph has but left out to keep the layer small (a big region)."),
      tolerance_m: z.number().describe("Simplification tolerance, metres."),
      vertices: z.number().int(),
    }),
  })
  .describe("The graph's main roads as merged, simplified WGS84 lines, for a basemap with no tile server.")
  .register(responseSchemas, { id: "MapRoads" });

export const mapPopulation = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({ cell: z.number().int(), population: z.number().describe("People in the cell (a grid's count, or the municipal totals spread over the roads: then fractional).") }),
        geometry: z.object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
      }),
    ),
    palveluverkko: z.object({ cell_size_m: z.number(), cells: z.number().int(), population: z.number().int().describe("People in all the cells, rounded."), source: z.string().describe("Where the people come from.") }),
  })
  .register(responseSchemas, { id: "MapPopulation" });

export const mapAreas = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({
          code: z.string(),
          name_fi: z.string(),
          name_sv: z.string(),
          population: z.number().int().describe("People on the grid inside the area."),
          partial: z.boolean().describe("Part of the municipality lies outside the extract: its figures cover only the part inside."),
          inside_pct: z.number().describe("Share of its land inside the extract, %."),
        }),
        geometry: z.object({ type: z.literal("MultiLineString"), coordinates: z.array(lineCoordinates) }),
      }),
    ),
    palveluverkko: z.object({
      source: z.string(),
      approximate: z.boolean().describe("True when no boundaries were given: the lines follow the edges of the cells nearest each centre."),
    }),
  })
  .describe("Municipal borders as WGS84 lines, in area-index order.")
  .register(responseSchemas, { id: "MapAreas" });

// ---- Stored scenarios (data/store): /api/scenarios, /api/scenarios/{id}, .../run, .../diff ----

const storedId = scenarioSchema.shape.id;

export const scenarioIdParams = z.strictObject({ id: storedId.describe("The stored scenario's id.") });

export const storedScenarioListQuery = z.strictObject({
  region: scenarioSchema.shape.region.optional().describe("Only this region's scenarios; default every region's."),
});

const storedFields = {
  name: scenarioSchema.shape.name,
  changes: z.array(changeSchema).max(MAX_CHANGES).describe("Applied in order to the base set, as in scenario files; checked against the server's base set when saved."),
};

export const storedScenarioCreateBody = z
  .strictObject({
    id: storedId.optional().describe("Letters, digits, '.', '_' or '-', up to 100, not `run`; default a new UUID."),
    ...storedFields,
    region: scenarioSchema.shape.region.optional().describe("The server's region (the default); any other is refused."),
    base: safeNameSchema.optional().describe("Id of the base service set: the server's (the default); any other is refused."),
  })
  .describe("A scenario file's fields, without `services`: a stored scenario's base is the server's service set.")
  .register(requestSchemas, { id: "StoredScenarioRequest" });

export const storedScenarioUpdateBody = storedScenarioCreateBody
  .omit({ id: true })
  .describe("A stored scenario's new name and changes; its id, region and base stay.")
  .register(requestSchemas, { id: "StoredScenarioUpdate" });

const storedAbout = {
  id: z.string(),
  name: z.string(),
  region: z.string(),
  base: z.string().describe("Id of the base service set."),
  created_at: z.string().describe("ISO 8601, UTC."),
  updated_at: z.string().describe("ISO 8601, UTC."),
  runnable: z.boolean().describe("Whether this server can run it: its region and base set are the server's."),
};

export const storedScenario = z
  .object({ ...storedAbout, changes: z.array(changeSchema) })
  .register(responseSchemas, { id: "StoredScenario" });

export const storedScenarioList = z
  .object({ scenarios: z.array(z.object({ ...storedAbout, changes: z.number().int().describe("How many changes it has.") })) })
  .describe("Oldest first.")
  .register(responseSchemas, { id: "StoredScenarioList" });

const storedRef = z.object({ id: z.string(), name: z.string(), updated_at: z.string() }).describe("The stored scenario run, and which version of it.");

export const storedScenarioRun = scenarioRun
  .extend({ scenario: storedRef })
  .register(responseSchemas, { id: "StoredScenarioRun" });

export const storedScenarioDiff = z
  .object({
    scenario: storedRef,
    ...about,
    changes: z.number().int(),
    changed_points: z.array(z.string()),
    notes,
    diff: byLevel(diffRow).describe("Band crossings and person-minutes against the base."),
  })
  .register(responseSchemas, { id: "StoredScenarioDiff" });

// ---- end of stored scenarios ----
