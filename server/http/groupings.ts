/**
 * /api/groupings: the region's seed groupings, and the study's grouping comparison (study/compare.ts)
 * over its base surfaces (searched to 180 min, so any thresholds up to 180 read off them). The JSON
 * is the study's comparisonView, the very JSON `palveluverkko compare --format json` writes.
 */
import { z } from "zod";
import { parseGrouping, groupingSchema } from "../../data/facts/index.ts";
import { GROUPINGS, type Grouping } from "../../data/facts/index.ts";
import { InvalidInputError, PalveluverkkoError } from "../../engine/index.ts";
import { chooseGroupings, compare, comparisonView, MAX_GROUPINGS, type Study } from "../../study/index.ts";
import type { Reply } from "./routes.ts";
import * as S from "./schemas.ts";

export { MAX_GROUPINGS };

const unitView = z.object({ id: z.string(), name: z.object({ fi: z.string(), sv: z.string(), en: z.string() }), municipalities: z.array(z.string()), hub: z.string().nullable() });

export const groupingList = z
  .object({
    region: groupingSchema.shape.region,
    active: z.string().nullable().describe("The grouping the workspace's per=unit figures use, if any."),
    groupings: z.array(z.object({ id: z.string(), name: z.object({ fi: z.string(), sv: z.string(), en: z.string() }), source: z.string(), units: z.array(unitView) })),
  })
  .register(S.responseSchemas, { id: "GroupingList" });

export const compareBody = z
  .strictObject({
    groupings: z.array(z.string().max(100)).max(MAX_GROUPINGS).default([]).describe("Ids of built-in groupings of the workspace's region (GET /api/groupings)."),
    custom: z
      .array(groupingSchema)
      .max(MAX_GROUPINGS)
      .default([])
      .describe("Groupings as in grouping files: every municipality of the region in exactly one unit."),
    thresholds: S.scenarioRunBody.shape.thresholds,
  })
  .describe("With no grouping named, the region's built-in ones are compared.")
  .register(S.requestSchemas, { id: "CompareRequest" });

/** A number in a key (`within_30_pct`, `beyond_12.5_pct`): minutes, as the keys of compareJson carry them. */
const MINUTES_IN_KEY = "[0-9]+(\\.[0-9]+)?";
const numberOrNull = z.number().nullable(); // minutes (one decimal), ratios, Ginis: null without people
const perLevel = <T extends z.ZodType>(x: T) => z.object({ L: x, A: x, E: x });
const member = z.object({ code: z.string(), name: z.string(), mean_min: z.number() }).describe("The member whose people have the longest censored mean time (min).");

/**
 * `within_<m>_pct` keys beside an object's own fields, one per "share within" minute (30 and 60
 * where the cutoff allows, else the cutoff): patternProperties, so the document (and the web
 * app's types) say which keys may come besides the fixed ones.
 */
const withinShares = <T extends z.ZodObject>(x: T) =>
  x.meta({ patternProperties: { [`^within_${MINUTES_IN_KEY}_pct$`]: { type: "number", description: "Percentage of the people within m min." } } });

const levelFigures = z.object({
  population: z.number().int(),
  reached: z.number().int(),
  beyond: z.number().int(),
  mean_min: numberOrNull,
  censored_mean_min: numberOrNull.describe("Everyone beyond the cutoff counted at it; null without people."),
  median_min: numberOrNull,
  p90_min: numberOrNull,
  censored_p90_min: numberOrNull,
  max_min: numberOrNull,
  beyond_cutoff_pct: z.number().describe("Percentage beyond the cutoff or with no road within reach."),
  bands: z.array(z.object({ threshold_min: z.number().nullable().describe("Null: beyond the last threshold."), people: z.number().int() })),
});
const unitLevel = levelFigures.extend({ rank: z.number().int().nullable().describe("1 for the worst off; null for a unit without people."), farthest_member: member.nullable() });
const allUnitsFigures = withinShares(levelFigures).describe("All units' figures at one level.").register(S.responseSchemas, { id: "CompareLevel" });
const unitFigures = withinShares(unitLevel).describe("A unit's figures at one level.").register(S.responseSchemas, { id: "CompareUnitLevel" });
const worstOff = z
  .object({ unit: z.string(), mean_min: z.number(), region_mean_min: z.number(), beyond_cutoff_pct: z.number(), farthest_member: member.nullable() })
  .describe("Why the unit is worst off; `beyond_<m>_pct` for the last \"share within\" minute.")
  .meta({ patternProperties: { [`^beyond_${MINUTES_IN_KEY}_pct$`]: { type: "number", description: "Percentage of its people beyond m min." } } });

export const comparison = z
  .object({
    roads: z.string(),
    generated: z.boolean(),
    profile: z.string(),
    thresholds_min: z.array(z.number()),
    censoring: z.string(),
    cell_size_m: z.number(),
    services: S.accessibility.shape.services,
    population: S.accessibility.shape.population,
    areas: z.string(),
    grouping: z.string().nullable().describe("The study's own grouping (its per=unit rows); the compared ones are under groupings."),
    notes: S.notes,
    groupings: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        source: z.string(),
        population: z.number().int(),
        area_km2: z.number(),
        outside_population: z.number().int().describe("People in areas outside every unit (outside the region)."),
        units: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            hub: z.object({ code: z.string(), name: z.string() }).nullable(),
            population: z.number().int(),
            area_km2: z.number(),
            hub_max_min: numberOrNull.describe("Longest known time from a member's centre to the hub; null when none is known."),
            members: z.array(z.object({ code: z.string(), name: z.string(), population: z.number().int(), hub_min: numberOrNull })),
            levels: perLevel(unitFigures),
          }),
        ),
        all_units: perLevel(allUnitsFigures),
        equality: perLevel(
          z.object({
            mean_ratio: numberOrNull,
            p90_ratio: numberOrNull,
            gini: numberOrNull,
            unit_mean_gini: numberOrNull,
            ranking: z.array(z.string()).describe("Unit ids with people, worst off first."),
            worst: worstOff.nullable(),
          }),
        ),
      }),
    ),
    summary: perLevel(
      z.array(
        z.object({
          grouping: z.string(),
          worst_unit: z.string().nullable(),
          worst_mean_min: numberOrNull,
          mean_ratio: numberOrNull,
          p90_ratio: numberOrNull,
          gini: numberOrNull,
          unit_mean_gini: numberOrNull,
        }),
      ),
    ),
    findings: z.array(z.string()).describe("One sentence per grouping and level on which unit is worst off and why."),
  })
  .describe("As `palveluverkko compare --format json` writes it.")
  .register(S.responseSchemas, { id: "Comparison" });

export function groupingsView(ws: Study): z.output<typeof groupingList> {
  return {
    region: ws.region.id,
    active: ws.inputs.grouping?.id ?? null,
    groupings: ws.inputs.groupings.map((g) => ({
      id: g.id,
      name: g.name,
      source: g.source,
      units: g.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], hub: u.hub ?? null })),
    })),
  };
}

type CompareBody = z.output<typeof compareBody>;

/** The groupings a body names, checked: 400 naming `groupings[i]` or `custom[i].<path>`. */
export function resolveBodyGroupings(ws: Study, body: Pick<CompareBody, "groupings" | "custom">): Grouping[] {
  const own = body.custom.map((doc, i) => {
    try {
      return parseGrouping(doc, `custom[${i}]`, ws.region);
    } catch (err) {
      if (err instanceof PalveluverkkoError && err.code === "invalid-input") throw new InvalidInputError(err.message, `custom[${i}]${err.field ? "." + err.field.replace(/^custom\[\d+\]\.?/, "") : ""}`.replace(/\.$/, ""), err.value);
      throw err;
    }
  });
  return chooseGroupings(ws.inputs, body.groupings, own, { named: (i) => `groupings[${i}]`, ownRegion: (i) => `custom[${i}].region` });
}

/** The comparison's JSON on the study's base surfaces. */
export function compareOnStudy(ws: Study, groupings: readonly Grouping[], thresholds: readonly number[] | undefined): ReturnType<typeof comparisonView> {
  return comparisonView(ws, compare(ws, groupings, thresholds));
}

export function handleCompare(ws: Study, body: CompareBody): Reply {
  return { body: compareOnStudy(ws, resolveBodyGroupings(ws, body), body.thresholds) };
}
