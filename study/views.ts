/**
 * The JSON of the figures, made once for every client: `palveluverkko levels --format json` and
 * GET /api/accessibility give accessibilityView, `scenario --format json` and POST
 * /api/scenarios/run give scenarioView, `compare --format json` and POST /api/groupings/compare
 * give comparisonView. Minutes are rounded to a tenth, person-minutes to whole ones; the rows
 * are study/figures.ts's, so a report's tables hold the very same numbers unrounded.
 */
import { LEVELS, type ServiceLevel, InvalidInputError, encodeTimeGrid, encodeTimeGridDelta, type GroupingFigures, type UnitFigures, type UnitLevelBase, type MemberRef, type LocalText, serviceType, offersType, applyChanges, TIME_GRID_TYPE_LAYER, type ServiceKey, type ScenarioChange } from "../engine/index.ts";
import { definitionTexts } from "./definitions.ts";
import type { DiffRow, FigureRow } from "../data/export/index.ts";
import { diffRows, figureRows, typeRows } from "./figures.ts";
import type { Comparison } from "./compare.ts";
import type { Loads, LoadsResult } from "./loads.ts";
import type { Note } from "./notes.ts";
import type { ScenarioRun, Study } from "./study.ts";

export type Per = "municipality" | "unit";

const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
const r1 = (v: number | null) => round(v, 1);
const pct = (share: number) => round(100 * share, 1);

/** A note as JSON: its code, severity, the numbers and ids it is about, and its text in fi, sv and en. */
export function noteJson(n: Note) {
  return { code: n.code, severity: n.severity, params: n.params as unknown as Record<string, unknown>, text: { fi: n.text.fi, sv: n.text.sv, en: n.text.en } };
}

/** Refuses per=unit when the study has no grouping, before any work is done. */
export function checkPer(study: Study, per: Per): void {
  if (per === "unit" && !study.inputs.units) throw new InvalidInputError("per unit (--per unit, per=unit) needs a grouping (--grouping), and this study has none", "per", per);
}

const pct1 = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/** A municipality's coverage as JSON: shares in per cent to a tenth. */
export function coverageJson(c: NonNullable<FigureRow["coverage"]>) {
  return { inside_pct: pct1(c.inside)!, land_pct: pct1(c.land)!, people_pct: pct1(c.people), partial: c.partial };
}

/** A figure row as JSON: the area's Finnish name, minutes to a tenth. */
function figureJson(r: Omit<FigureRow, "level">, thresholdsMin: readonly number[]) {
  let cumulative = 0;
  return {
    id: r.id,
    name: r.name.fi,
    population: r.population,
    reached: r.reached,
    beyond: r.beyond,
    mean_min: r1(r.meanMin),
    median_min: r1(r.medianMin),
    p90_min: r1(r.p90Min),
    max_min: r1(r.maxMin),
    centre_min: r1(r.centreMin),
    coverage: r.coverage ? coverageJson(r.coverage) : null,
    bands: r.bands.map((people, k) => ({ threshold_min: k < thresholdsMin.length ? thresholdsMin[k] : null, people, cumulative: (cumulative += people) })),
  };
}

function diffJson(d: DiffRow) {
  const side = (s: DiffRow["base"]) => ({ beyond: s.beyond, mean_min: r1(s.meanMin), p90_min: r1(s.p90Min), within: [...s.within] });
  return {
    id: d.id,
    name: d.name.fi,
    population: d.population,
    worse: d.worse,
    better: d.better,
    changed: d.changed,
    added_minutes_at_least: Math.round(d.addedPersonMinAtLeast),
    saved_minutes_at_least: Math.round(d.savedPersonMinAtLeast),
    transitions: d.transitions,
    base: side(d.base),
    scenario: side(d.scenario),
  };
}

/** Rows per level, as { L: [...], A: [...], E: [...] }. */
function byLevel<R extends { level: ServiceLevel }, J>(rows: readonly R[], json: (r: R) => J): Record<ServiceLevel, J[]> {
  const out = Object.fromEntries(LEVELS.map((l) => [l, [] as J[]])) as Record<ServiceLevel, J[]>;
  for (const r of rows) out[r.level].push(json(r));
  return out;
}

/** What every figure reply says about its roads, profile, road model, rows and thresholds. */
function about(study: Study, per: Per, thresholdsMin: readonly number[]) {
  return { roads: study.roads, generated: study.generated, profile: study.profile, model: study.model, per, thresholds_min: [...thresholdsMin] };
}

/** The inputs behind the figures: cells, the service set, people and areas. */
function inputsJson(study: Study, placed: number, leftOut: readonly string[]) {
  const s = study.inputs;
  return {
    cell_size_m: s.grid.cellSizeM,
    services: { set: s.services.id, name: { fi: s.services.name.fi, sv: s.services.name.sv, en: s.services.name.en }, source: s.services.source, used: placed, left_out: [...leftOut] },
    population: { source: s.populationSource, outside_grid: s.populationOutsideGrid, in_no_area: s.populationInNoArea },
    areas: s.areasSource,
    grouping: s.grouping?.id ?? null,
  };
}

/** The service types asked for: ids as given, "all" for every type of the catalogue; each checked against it. */
export function typesAsked(study: Study, types: readonly string[] | undefined): string[] {
  if (!types || types.length === 0) return [];
  const { catalogue } = study.inputs;
  const ids = types.includes("all") ? catalogue.types.map((t) => t.id) : [...new Set(types)];
  for (const id of ids) serviceType(catalogue, id, "types");
  return ids;
}

/**
 * The base set's figures per municipality (or unit) and level, with the notes that qualify them;
 * with `types`, the same figures per service type too (time to the nearest point offering it).
 */
export function accessibilityView(study: Study, per: Per, thresholdsMin?: readonly number[], extra: { types?: readonly string[]; language?: string; group?: string } = {}) {
  checkPer(study, per);
  const { types, language, group } = extra;
  const asked = typesAsked(study, types); // refuse an unknown type before any work
  if (language !== undefined) study.subsets.languagePopulation(language); // and a language without people
  if (group !== undefined) study.subsets.groupPopulation(group); // and a group the grid does not give
  const f = study.figures(thresholdsMin);
  return {
    ...about(study, per, f.thresholdsMin),
    ...inputsJson(study, study.base.placed.length, study.base.unplaced.map((p) => p.id)),
    notes: study.notes(f.thresholdsMin).map(noteJson),
    levels: byLevel(figureRows(study.inputs, f, per), (r) => figureJson(r, f.thresholdsMin)),
    ...(asked.length > 0 ? { types: typesJson(study, asked, f.thresholdsMin, per) } : {}),
    ...(language !== undefined ? { language: languageJson(study, language, asked, f.thresholdsMin, per) } : {}),
    ...(group !== undefined ? { group: { name: group, levels: byLevel(figureRows(study.inputs, study.subsets.groupFigures(group, f.thresholdsMin), per), (r) => figureJson(r, f.thresholdsMin)) } } : {}),
  };
}

/** A language's speakers to services offered in it: per level, and per type asked. */
function languageJson(study: Study, lang: string, types: readonly string[], thresholdsMin: readonly number[], per: Per) {
  const f = study.subsets.languageFigures(lang, types, thresholdsMin);
  const typeRowsOf = typeRows(study.inputs, f.types, per);
  const l = study.inputs.languages!;
  return {
    code: lang,
    source: l.file,
    year: l.year,
    speakers_on_grid: study.subsets.languagePopulation(lang).reduce((s, p) => s + p, 0),
    municipalities_without_figures: study.subsets.areasWithoutLanguages,
    rule: "Speakers of the language to the nearest open point serving in it: a point's own languages, else its municipality's official languages (Language Act 423/2003, § 5).",
    levels: byLevel(figureRows(study.inputs, f.levels, per), (r) => figureJson(r, thresholdsMin)),
    types: Object.fromEntries(types.map((id) => [id, typeRowsOf.filter((r) => r.type === id).map((r) => figureJson(r, thresholdsMin))])),
  };
}


/** Per type: its names, the open points offering it, and its rows. */
function typesJson(study: Study, types: readonly string[], thresholdsMin: readonly number[], per: Per) {
  const { catalogue } = study.inputs;
  const rows = typeRows(study.inputs, study.subsets.typeFigures(types, thresholdsMin), per);
  return Object.fromEntries(
    types.map((id) => {
      const t = serviceType(catalogue, id, "types");
      const points = study.base.placed.filter((p) => offersType(p.point, id, catalogue)).length;
      return [id, { name: { fi: t.name.fi, sv: t.name.sv, en: t.name.en }, open_points: points, rows: rows.filter((r) => r.type === id).map((r) => figureJson(r, thresholdsMin)) }];
    }),
  );
}

/** A scenario's figures and its band crossings against the base, with its notes; a language's speakers' and each type's when asked. */
export function scenarioView(study: Study, run: ScenarioRun, per: Per, language?: string, types: readonly string[] = []) {
  checkPer(study, per);
  const th = run.figures.thresholdsMin;
  const lang = language === undefined ? null : study.subsets.languageRun(language, run);
  // A type's run is shaped as a level's with the type at L (Subsets.typeRun): its rows are read there.
  const typeJson = (type: string) => {
    const r = study.subsets.typeRun(type, run);
    return {
      figures: figureRows(study.inputs, r.scenario, per).filter((x) => x.level === "L").map((x) => figureJson(x, th)),
      diff: diffRows(study.inputs, r.base, r.scenario, r.diff, per).filter((x) => x.level === "L").map(diffJson),
    };
  };
  return {
    ...about(study, per, th),
    changes: run.changes.length,
    changed_points: run.changedPoints,
    notes: run.notes.map(noteJson),
    figures: byLevel(figureRows(study.inputs, run.figures, per), (r) => figureJson(r, th)),
    diff: byLevel(diffRows(study.inputs, study.figures(th), run.figures, run.diff, per), diffJson),
    ...(lang
      ? {
          language: {
            code: language!,
            figures: byLevel(figureRows(study.inputs, lang.scenario, per), (r) => figureJson(r, th)),
            diff: byLevel(diffRows(study.inputs, lang.base, lang.scenario, lang.diff, per), diffJson),
          },
        }
      : {}),
    ...(types.length > 0 ? { types: Object.fromEntries(types.map((type) => [type, typeJson(type)])) } : {}),
  };
}

function levelJson(f: UnitLevelBase, share: readonly number[]) {
  const s = f.stats;
  return {
    population: s.population,
    reached: s.reached,
    beyond: s.beyond,
    mean_min: r1(s.meanMin),
    censored_mean_min: r1(f.censoredMeanMin),
    median_min: r1(s.medianMin),
    p90_min: r1(s.p90Min),
    censored_p90_min: r1(f.censoredP90Min),
    max_min: r1(s.maxMin),
    ...Object.fromEntries(share.map((m, k) => [`within_${m}_pct`, pct(f.shareWithin[k])])),
    mean_is_lower_bound: f.meanIsLowerBound,
    p90_is_lower_bound: f.p90IsLowerBound,
    beyond_cutoff_pct: pct(f.shareBeyondCutoff),
    beyond_horizon_pct: pct(f.shareBeyondHorizon),
    off_road_pct: pct(f.shareOffRoad),
    bands: s.bands.map((b) => ({ threshold_min: b.thresholdMin, people: b.people })),
  };
}

function unitJson(u: UnitFigures, share: readonly number[], names: LocalText | undefined) {
  return {
    id: u.id,
    name: u.name,
    names: names ?? { fi: u.name, sv: u.name, en: u.name },
    hub: u.hub,
    population: u.population,
    area_km2: round(u.areaKm2, 2),
    hub_max_min: r1(u.hubMaxMin),
    members: u.members.map((m) => ({ code: m.code, name: m.name, population: m.population, hub_min: r1(m.hubMin) })),
    levels: Object.fromEntries(
      LEVELS.map((l) => {
        const x = u.levels[l];
        return [l, { ...levelJson(x, share), rank: x.rank, rank_range: x.rankRange, farthest_member: x.farthestMember && memberJson(x.farthestMember), farthest_candidates: x.farthestCandidates.map(memberJson) }];
      }),
    ),
  };
}

function memberJson(m: MemberRef) {
  return { code: m.code, name: m.name, mean_min: r1(m.meanMin)!, lower_bound: m.lowerBound };
}

function equalityJson(f: GroupingFigures, level: ServiceLevel) {
  const e = f.equality[level];
  const w = f.worst[level];
  return {
    mean_ratio: round(e.meanRatio, 3),
    mean_ratio_bound: e.meanRatioBound,
    p90_ratio: round(e.p90Ratio, 3),
    p90_ratio_bound: e.p90RatioBound,
    gini: round(e.gini, 4),
    gini_bound: e.giniBound,
    unit_mean_gini: round(e.unitMeanGini, 4),
    unit_mean_gini_bound: e.unitMeanGiniBound,
    ranking: e.ranking,
    worst_candidates: f.worstCandidates[level],
    worst: w && {
      unit: w.unit,
      mean_min: r1(w.meanMin),
      mean_is_lower_bound: w.meanIsLowerBound,
      region_mean_min: r1(w.regionMeanMin),
      region_mean_is_lower_bound: w.regionMeanIsLowerBound,
      [`beyond_${w.beyondMin}_pct`]: pct(w.shareBeyond),
      beyond_cutoff_pct: pct(w.shareBeyondCutoff),
      farthest_member: w.farthestMember && memberJson(w.farthestMember),
      farthest_candidates: w.farthestCandidates.map(memberJson),
    },
  };
}

/** A comparison as JSON: inputs, notes, per grouping its units, all-units figures and equality, the summary and findings. */
export function comparisonView(study: Study, c: Comparison) {
  const { comparison: cmp, groupings } = c;
  const base = study.base;
  const th = cmp.groupings[0].figures.thresholdsMin;
  const horizonMin = cmp.groupings[0].figures.horizonMin;
  const share = cmp.groupings[0].figures.shareWithinMin;
  return {
    roads: study.roads,
    generated: study.generated,
    profile: study.profile,
    model: study.model,
    thresholds_min: [...th],
    horizon_min: horizonMin,
    definitions: definitionTexts(horizonMin),
    ...inputsJson(study, base.placed.length, base.unplaced.map((p) => p.id)),
    notes: c.notes.map(noteJson),
    groupings: cmp.groupings.map(({ id, name, figures: f }) => ({
      id,
      name,
      source: groupings.find((g) => g.id === id)!.source,
      population: f.region.population,
      area_km2: round(f.region.areaKm2, 2),
      outside_population: f.outsidePopulation,
      units: f.units.map((u) => unitJson(u, share, groupings.find((g) => g.id === id)!.units.find((x) => x.id === u.id)?.name)),
      all_units: Object.fromEntries(LEVELS.map((l) => [l, levelJson(f.region.levels[l], share)])),
      equality: Object.fromEntries(LEVELS.map((l) => [l, equalityJson(f, l)])),
    })),
    summary: Object.fromEntries(
      LEVELS.map((l) => [
        l,
        cmp.summary[l].map((s) => ({
          grouping: s.grouping, worst_unit: s.worstUnit, worst_candidates: s.worstCandidates, worst_mean_min: r1(s.worstMeanMin), worst_mean_is_lower_bound: s.worstMeanIsLowerBound,
          mean_ratio: round(s.meanRatio, 3), mean_ratio_bound: s.meanRatioBound, p90_ratio: round(s.p90Ratio, 3), p90_ratio_bound: s.p90RatioBound,
          gini: round(s.gini, 4), gini_bound: s.giniBound, unit_mean_gini: round(s.unitMeanGini, 4), unit_mean_gini_bound: s.unitMeanGiniBound,
        })),
      ]),
    ),
    findings: c.findings,
  };
}

const r1n = (v: number) => Math.round(v * 10) / 10;
/** A 2SFCA ratio or index (capacity per person, about 0.001 to 10) to four decimals. */
const r4 = (v: number | null) => (v === null ? null : Math.round(v * 1e4) / 1e4);

/** A service's loads as JSON: people to a tenth (capacities may be fractional), shares in per cent. */
export function loadsView(study: Study, r: LoadsResult) {
  const side = (l: Loads) => ({
    points: l.points.map((p) => ({
      id: p.id, name: p.name.fi, capacity: p.capacity, catchment_people: r1n(p.catchment), load_pct: p.load === null ? null : r1n(100 * p.load),
      assigned_people: r1n(p.assigned), overflow_in: r1n(p.overflowIn), overflow_out: r1n(p.overflowOut), fca_ratio: r4(p.fcaRatio),
    })),
    areas: l.areas.map((a) => ({
      code: a.code, name: a.name.fi, population: a.population, fca_index: r4(a.fcaIndex),
      mean_points_within: a.meanWithin.map((m) => (m === null ? null : Math.round(m * 100) / 100)), people_with_none_within: a.noneWithin,
    })),
    unserved_people: r1n(l.unserved),
    unreached_people: r1n(l.unreached),
  });
  return {
    roads: study.roads, generated: study.generated, profile: study.profile, model: study.model,
    service: "level" in r.service ? { level: r.service.level } : { type: r.service.type },
    service_name: { ...r.name },
    thresholds_min: [...r.thresholdsMin],
    catchment_min: r.catchmentMin,
    need: r.need,
    rule: "Catchment: the people whose nearest open point it is. Assigned: nearest first under capacities (every cell-point pair by time; a full point's people overflow to the next nearest with room). 2SFCA (Luo & Wang 2003): capacity per resident within the catchment time, only when every point has a capacity. With need weights, people of a weighted group count that many times in catchments, loads, moves and 2SFCA's demand.",
    base: side(r.base),
    scenario: r.scenario ? side(r.scenario) : null,
    moves: r.moves.map((m) => ({ from: m.from, to: m.to, people: r1n(m.people) })),
  };
}

/**
 * The times per grid cell of these levels as a time grid (engine/time-grid.ts: a header, then
 * Uint16 seconds per cell): the base's, or a scenario's (its changes). The very surfaces the figures
 * and the isochrones are made from, so the bands a client draws from it hold the same cells. With
 * `type`, one more layer (TIME_GRID_TYPE_LAYER): the nearest open point offering that type; with `language`,
 * every layer is the nearest such point that serves in the language (Study.subsets, as the
 * figures per type and language are counted). A scenario's type or language layers are one
 * search each from its points.
 */
export function timeGridView(study: Study, levels: readonly ServiceLevel[], changes: readonly ScenarioChange[] | null, subset: { type?: string; language?: string } = {}): Uint8Array {
  const layers = gridLayers(study, levels, subset);
  const scenario = changes && changes.length > 0 ? changes : null;
  const surface = layerSurfaces(study, scenario, subset);
  return encodeTimeGrid(study.inputs.grid, layers.map(([name, service]) => [name, surface(service)] as const), study.cutoffMin);
}

/**
 * A scenario's time grid as its difference from the base's (engine/time-grid.ts, encodeTimeGridDelta):
 * the same layers as timeGridView, only the cells whose time changed. A client holding the base's
 * grid applies it (applyTimeGridDelta) and has the scenario's, cell for cell.
 */
export function timeGridDeltaView(study: Study, levels: readonly ServiceLevel[], changes: readonly ScenarioChange[], subset: { type?: string; language?: string } = {}): Uint8Array {
  const layers = gridLayers(study, levels, subset);
  const base = layerSurfaces(study, null, subset);
  const scenario = layerSurfaces(study, changes.length > 0 ? changes : null, subset);
  return encodeTimeGridDelta(study.inputs.grid, layers.map(([name, service]) => [name, base(service), scenario(service)] as const), study.cutoffMin);
}

/** A time grid's layers: the levels asked, then with `type` the type's (checked against the catalogue). */
function gridLayers(study: Study, levels: readonly ServiceLevel[], { type }: { type?: string }): (readonly [string, ServiceKey])[] {
  if (type !== undefined) serviceType(study.inputs.catalogue, type, "type");
  return [...levels.map((l) => [l, { level: l }] as const), ...(type === undefined ? [] : [[TIME_GRID_TYPE_LAYER, { type }] as const])];
}

/** The surface (ds per cell) of a layer's service under a scenario (null: the base), for everyone or a language's speakers. */
function layerSurfaces(study: Study, scenario: readonly ScenarioChange[] | null, { type, language }: { type?: string; language?: string }): (service: ServiceKey) => Uint32Array {
  // Applied here too (not through a run) when only the subsets' searches need the scenario's points.
  const points = scenario && (type !== undefined || language !== undefined) ? applyChanges(study.inputs.services.points, scenario, study.inputs.catalogue) : null;
  return (service) => {
    // A level for everyone: the run's own cells (incremental, the scenario figures' very times).
    if ("level" in service && language === undefined) return (scenario ? study.scenarioCells(scenario) : study.base.surfaces)[service.level];
    if (points) return study.subsets.pointsSurface(points, service, language ?? null).cells;
    if (language !== undefined) return study.subsets.languageSurface(language, service).cells;
    return study.subsets.typeSurface((service as { type: string }).type).cells;
  };
}
