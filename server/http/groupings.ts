/**
 * /api/groupings: the region's seed groupings, and the study's grouping comparison (study/compare.ts)
 * over its base surfaces (searched to 180 min, so any thresholds up to 180 read off them). The JSON
 * is the study's comparisonView, the very JSON `palveluverkko compare --format json` writes.
 */
import { z } from "zod";
import { parseGrouping, groupingSchema } from "../../data/facts/index.ts";
import { GROUPINGS, type Grouping } from "../../data/facts/index.ts";
import { InvalidInputError, PalveluverkkoError, ROAD_MODELS } from "../../engine/index.ts";
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
const member = z
  .object({ code: z.string(), name: z.string(), mean_min: z.number(), lower_bound: z.boolean().describe("True when someone is beyond the horizon: the mean is at least mean_min.") })
  .describe("A member municipality and the mean time (min) of its people with a road.");
const bound = z.enum(["exact", "lower", "unknown"]).describe("exact; lower: the true figure is at least this; unknown: censoring can move it either way.");

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
  censored_mean_min: numberOrNull.describe("Mean over the people with a road, anyone beyond the horizon counted at it; null without such people."),
  median_min: numberOrNull,
  p90_min: numberOrNull,
  censored_p90_min: numberOrNull,
  max_min: numberOrNull,
  mean_is_lower_bound: z.boolean().describe("True when someone with a road is beyond the horizon: the mean is at least censored_mean_min."),
  p90_is_lower_bound: z.boolean(),
  beyond_cutoff_pct: z.number().describe("Percentage beyond the last threshold or with no road within reach."),
  beyond_horizon_pct: z.number().describe("Percentage with a road but beyond the horizon: their times are censored."),
  off_road_pct: z.number().describe("Percentage with no road within reach: not in the time measures."),
  bands: z.array(z.object({ threshold_min: z.number().nullable().describe("Null: beyond the last threshold."), people: z.number().int() })),
});
const unitLevel = levelFigures.extend({
  rank: z.number().int().nullable().describe("1 for the worst off, when the unit's place is certain; null when undecided or without people."),
  rank_range: z.tuple([z.number().int(), z.number().int()]).nullable().describe("The places the unit can hold given censored means, best and worst case; null without people."),
  farthest_member: member.nullable().describe("The member with the longest mean, when certain."),
  farthest_candidates: z.array(member).describe("Every member that may be the farthest, longest first: one when decided."),
});
const allUnitsFigures = withinShares(levelFigures).describe("All units' figures at one level.").register(S.responseSchemas, { id: "CompareLevel" });
const unitFigures = withinShares(unitLevel).describe("A unit's figures at one level.").register(S.responseSchemas, { id: "CompareUnitLevel" });
const worstOff = z
  .object({
    unit: z.string(), mean_min: z.number(), mean_is_lower_bound: z.boolean(), region_mean_min: z.number(), region_mean_is_lower_bound: z.boolean(),
    beyond_cutoff_pct: z.number(), farthest_member: member.nullable(), farthest_candidates: z.array(member),
  })
  .describe("Why the unit is worst off; `beyond_<m>_pct` for the last \"share within\" minute.")
  .meta({ patternProperties: { [`^beyond_${MINUTES_IN_KEY}_pct$`]: { type: "number", description: "Percentage of its people beyond m min." } } });

export const comparison = z
  .object({
    roads: z.string(),
    generated: z.boolean(),
    profile: z.string(),
    model: z.enum(ROAD_MODELS).describe("The road model the times and hub routes were driven on (`?model=`)."),
    thresholds_min: z.array(z.number()),
    horizon_min: z.number().describe("Times are known up to this; anyone with a road beyond it counts at it."),
    definitions: z.record(z.string(), z.object({ fi: z.string(), sv: z.string(), en: z.string() })).describe("What each measure means, in Finnish, Swedish and English."),
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
            names: z.object({ fi: z.string(), sv: z.string(), en: z.string() }).describe("The unit's name in each language; with its member count where another unit compared has the same name but other members."),
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
            mean_ratio_bound: bound,
            p90_ratio: numberOrNull,
            p90_ratio_bound: bound,
            gini: numberOrNull,
            gini_bound: bound,
            unit_mean_gini: numberOrNull,
            unit_mean_gini_bound: bound,
            ranking: z.array(z.string()).describe("Unit ids with people by mean (its lower bound where censored), longest first; see each unit's rank_range."),
            worst_candidates: z.array(z.string()).describe("Units that may be worst off: one when decided, several when censoring leaves the order open."),
            worst: worstOff.nullable().describe("The worst-off unit, only when certain."),
          }),
        ),
      }),
    ),
    summary: perLevel(
      z.array(
        z.object({
          grouping: z.string(),
          worst_unit: z.string().nullable(),
          worst_candidates: z.array(z.string()),
          worst_mean_min: numberOrNull,
          worst_mean_is_lower_bound: z.boolean(),
          mean_ratio: numberOrNull,
          mean_ratio_bound: bound,
          p90_ratio: numberOrNull,
          p90_ratio_bound: bound,
          gini: numberOrNull,
          gini_bound: bound,
          unit_mean_gini: numberOrNull,
          unit_mean_gini_bound: bound,
        }),
      ),
    ),
    findings: z.array(z.string()).describe("One sentence per grouping and level on which unit is worst off and why."),
  })
  .describe("As `palveluverkko compare --format json` writes it.")
  .register(S.responseSchemas, { id: "Comparison" });

export function groupingsView(ws: Study): z.output<typeof groupingList> {
  return { region: ws.region.id, active: ws.inputs.grouping?.id ?? null, groupings: ws.inputs.groupings.map(groupingInfo) };
}

/** A grouping as GET /api/groupings lists one (hub null where a unit has none); also POST /api/groupings/check's. */
export function groupingInfo(g: Grouping): z.output<typeof groupingList>["groupings"][number] {
  return { id: g.id, name: g.name, source: g.source, units: g.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], hub: u.hub ?? null })) };
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


