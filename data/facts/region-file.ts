/**
 * A user's own region, read from JSON: the municipalities it counts (by code, or by Finnish,
 * Swedish or Sámi name), its name, and optionally its own groupings and service set.
 *
 *   { "id": "tampereen-seutu", "name": {"fi": "Tampereen seutu", "sv": "Tammerforsregionen"} or "...",
 *     "municipalities": ["837", "Nokia", "Ylöjärvi", "Kangasala", "Lempäälä", "Pirkkala"],
 *     "groupings"?: [ { "id": ..., "name": ..., "units": [...] } ],    (as grouping files, region implied)
 *     "services"?: "tampere-services.csv" }                              (relative to the file)
 *
 * Checked like every input: zod for the shape (errors name the field path and value), each
 * municipality resolved (an unknown name says the closest ones), none listed twice, and each
 * grouping checked against the region's municipalities (every one in exactly one unit).
 */
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { InvalidInputError, PalveluverkkoError, show } from "../../engine/index.ts";
import { checkJsonShape, decodeUtf8, MAX_INPUT_BYTES, parseJsonInput, readBoundedFile, zodProblem } from "../input.ts";
import { safeNameSchema, textSchema } from "../names.ts";
import { FINNISH_MUNICIPALITIES } from "./finland.ts";
import { findFinnishMunicipality } from "./finland-lookup.ts";
import { parseGrouping } from "./grouping-file.ts";
import type { Grouping } from "./groupings.ts";
import type { Region } from "./regions.ts";

/** Bounds on a region document: ~300 municipalities, a few groupings of them. */
const REGION_JSON_LIMITS = { maxDepth: 16, maxArray: 1000 } as const;

const text = textSchema(300);
const localName = z.union([text, z.object({ fi: text, sv: text.optional(), en: text.optional() })]);

const regionSchema = z.object({
  id: safeNameSchema,
  name: localName,
  municipalities: z.array(text).min(1).max(FINNISH_MUNICIPALITIES.length),
  groupings: z.array(z.unknown()).max(50).optional(),
  services: text.optional(),
});

/** A region of the user's, its groupings, and the service file it names (a path, resolved). */
export interface RegionFile {
  readonly region: Region;
  readonly groupings: readonly Grouping[];
  readonly services: string | null;
}

/** Checks a parsed region document; `where` starts every message, `baseDir` resolves its service file. */
export function parseRegion(doc: unknown, where: string, baseDir: string): RegionFile {
  checkJsonShape(doc, where, REGION_JSON_LIMITS);
  const parsed = regionSchema.safeParse(doc);
  if (!parsed.success) throw zodProblem(parsed.error, doc, where);
  const r = parsed.data;
  const codes = r.municipalities.map((m, i) => {
    try {
      return findFinnishMunicipality(m).code;
    } catch (err) {
      if (err instanceof PalveluverkkoError) throw new InvalidInputError(`${where}: municipalities[${i}]: ${err.message}`, `municipalities[${i}]`, m);
      throw err;
    }
  });
  const twice = codes.find((c, i) => codes.indexOf(c) !== i);
  if (twice !== undefined) throw new InvalidInputError(`${where}: municipality ${show(twice)} is listed twice`, "municipalities", twice);
  const name = typeof r.name === "string" ? { fi: r.name, sv: r.name, en: r.name } : { fi: r.name.fi, sv: r.name.sv ?? r.name.fi, en: r.name.en ?? r.name.fi };
  const region: Region = { id: r.id, name, counties: [], municipalities: [...codes].sort(), source: where };
  const groupings = (r.groupings ?? []).map((g, i) => parseGrouping(typeof g === "object" && g !== null ? { region: r.id, ...g } : g, `${where}: groupings[${i}]`, region));
  return { region, groupings, services: r.services === undefined ? null : resolve(baseDir, r.services) };
}

/** Reads and checks a region file (strict UTF-8, bounded); NotFoundError when it cannot be read. */
export async function readRegionFile(path: string): Promise<RegionFile> {
  const body = decodeUtf8(await readBoundedFile(path, MAX_INPUT_BYTES.grouping, "region"), path, "region");
  return parseRegion(parseJsonInput(body, path, REGION_JSON_LIMITS, "region"), `file ${path}`, dirname(resolve(path)));
}
