/**
 * The report model as localised tables, shared by the XLSX sheets, the CSV rows and the
 * GeoPackage attribute tables: stable column keys (as the CLI's CSV columns), labels in the
 * report's language, raw numbers (never rounded here), and per row the stable dimensions
 * (level, scope, variant, grouping, id) a machine reader filters on.
 */
import { countOf, type LocalText } from "../../engine/index.ts";
import { bandLabel, formatDate, formatThreshold, levelName, profileLabel, t, type Lang, type LabelKey } from "./i18n.ts";
import type { ComparisonRow, DiffRow, EqualityRow, FigureRow, GroupFigureRow, ReportModel, ReportSource } from "./report-model.ts";

export type CellValue = string | number | null;

/** How a column's numbers read: whole people, minutes, percentages (0–100), ratios, Ginis, degrees; or text. */
export type ColumnType = "text" | "int" | "min" | "pct" | "ratio" | "gini" | "deg" | "km2";

interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
  /** Identifies the row (level, area, name) rather than measuring it. */
  dim?: boolean;
}

interface RowMeta {
  id: string;
  level?: string;
  /** A group row's service (a level or a type id) and language group. */
  service?: string;
  language?: string;
  scope?: string;
  variant?: string;
  grouping?: string;
}

type TableId = "municipalities" | "units" | "changes" | "groupings" | "equality" | "groups" | "group_changes" | "group_groupings" | "group_equality" | "loads" | "moves" | "services" | "notes" | "about";

export interface ReportTable {
  id: TableId;
  /** Localised sheet name (≤ 31 characters, as Excel allows). */
  sheet: string;
  columns: ReportColumn[];
  rows: CellValue[][];
  meta: RowMeta[];
}

const col = (key: string, label: string, type: ColumnType, dim = false): ReportColumn => (dim ? { key, label, type, dim } : { key, label, type });

/** Stable key of band k: people_0_15_min, ..., people_over_180_min (as `levels` names them). */
function bandKey(thresholds: readonly number[], k: number): string {
  return k < thresholds.length ? `people_${k === 0 ? 0 : thresholds[k - 1]}_${thresholds[k]}_min` : `people_over_${thresholds[thresholds.length - 1]}_min`;
}

function figureTable(m: ReportModel, lang: Lang, id: "municipalities" | "units"): ReportTable | null {
  const scope = id === "municipalities" ? "municipality" : "unit";
  const th = m.thresholdsMin;
  const cutoff = formatThreshold(lang, th[th.length - 1]);
  const variants: [string | undefined, FigureRow[]][] = m.baseFigures ? [["base", m.baseFigures], ["scenario", m.figures]] : [[undefined, m.figures]];
  const columns = [
    ...(m.baseFigures ? [col("variant", t(lang, "variant"), "text", true)] : []),
    col("level", t(lang, "level"), "text", true),
    col(scope === "unit" ? "unit" : "code", t(lang, scope === "unit" ? "unitId" : "code"), "text", true),
    col("name", t(lang, scope === "unit" ? "unit" : "municipality"), "text", true),
    col("population", t(lang, "population"), "int"),
    col("reached", t(lang, "reached", { t: cutoff }), "int"),
    col("beyond", t(lang, "beyond", { t: cutoff }), "int"),
    col("mean_min", t(lang, "meanMin"), "min"),
    col("median_min", t(lang, "medianMin"), "min"),
    col("p90_min", t(lang, "p90Min"), "min"),
    col("max_min", t(lang, "maxMin"), "min"),
    ...(scope === "municipality" ? [col("centre_min", t(lang, "centreMin"), "min")] : []),
    ...(scope === "municipality"
      ? [
          col("coverage_inside_pct", t(lang, "coverageInside"), "pct"),
          col("coverage_land_pct", t(lang, "coverageLand"), "pct"),
          col("coverage_people_pct", t(lang, "coveragePeople"), "pct"),
          col("partial", t(lang, "partial"), "text"),
        ]
      : []),
    ...th.concat([Infinity]).map((_, k) => col(bandKey(th, k), t(lang, "peopleIn", { band: bandLabel(lang, th, k) }), "int")),
  ];
  const pct = (share: number | null | undefined) => (share === null || share === undefined ? null : 100 * share);
  const rows: CellValue[][] = [];
  const meta: RowMeta[] = [];
  for (const [variant, figures] of variants) {
    for (const r of figures) {
      if (r.scope !== scope && r.scope !== "all") continue;
      rows.push([
        ...(variant ? [t(lang, variant === "base" ? "variant_base" : "variant_scenario")] : []),
        levelName(lang, r.level), r.id === "all" ? null : r.id, r.name[lang],
        r.population, r.reached, r.beyond, r.meanMin, r.medianMin, r.p90Min, r.maxMin,
        ...(scope === "municipality" ? [r.centreMin] : []),
        ...(scope === "municipality" ? [pct(r.coverage?.inside), pct(r.coverage?.land), pct(r.coverage?.people), r.coverage ? t(lang, r.coverage.partial ? "yes" : "no") : null] : []),
        ...r.bands,
      ]);
      meta.push({ id: r.id, level: r.level, scope: r.scope, ...(variant && { variant }) });
    }
  }
  if (!meta.some((x) => x.scope === scope)) return null;
  return { id, sheet: t(lang, `sheet_${id}`), columns, rows, meta };
}

const scopeLabel: Record<string, LabelKey> = { municipality: "municipality", unit: "unit", all: "allAreas" };

/** Which area a row is of: its scope, id and name. */
const areaColumns = (lang: Lang) => [
  col("scope", t(lang, "municipality") + " / " + t(lang, "unit"), "text", true),
  col("id", t(lang, "id"), "text", true),
  col("name", t(lang, "name"), "text", true),
];

/** Figures per service type and per language group: every scope, as the figure tables have them (a scenario's base and scenario rows). */
function groupsTable(m: ReportModel, lang: Lang): ReportTable | null {
  if (!m.groups || m.groups.length === 0) return null;
  const th = m.thresholdsMin;
  const cutoff = formatThreshold(lang, th[th.length - 1]);
  const variants: [string | undefined, GroupFigureRow[]][] = m.baseGroups ? [["base", m.baseGroups], ["scenario", m.groups]] : [[undefined, m.groups]];
  const columns = [
    ...(m.baseGroups ? [col("variant", t(lang, "variant"), "text", true)] : []),
    col("language", t(lang, "languageGroup"), "text", true),
    col("service", t(lang, "service"), "text", true),
    ...areaColumns(lang),
    col("population", t(lang, "population"), "int"),
    col("reached", t(lang, "reached", { t: cutoff }), "int"),
    col("beyond", t(lang, "beyond", { t: cutoff }), "int"),
    col("mean_min", t(lang, "meanMin"), "min"),
    col("median_min", t(lang, "medianMin"), "min"),
    col("p90_min", t(lang, "p90Min"), "min"),
    col("max_min", t(lang, "maxMin"), "min"),
    ...th.concat([Infinity]).map((_, k) => col(bandKey(th, k), t(lang, "peopleIn", { band: bandLabel(lang, th, k) }), "int")),
  ];
  const rows: CellValue[][] = [];
  const meta: RowMeta[] = [];
  for (const [variant, groups] of variants) {
    for (const r of groups) {
      rows.push([
        ...(variant ? [t(lang, variant === "base" ? "variant_base" : "variant_scenario")] : []),
        r.language ?? t(lang, "everyone"), r.serviceName[lang], t(lang, scopeLabel[r.scope]), r.id === "all" ? null : r.id, r.name[lang],
        r.population, r.reached, r.beyond, r.meanMin, r.medianMin, r.p90Min, r.maxMin, ...r.bands,
      ]);
      meta.push({ id: r.id, scope: r.scope, service: r.service, ...(r.language !== null && { language: r.language }), ...(variant && { variant }) });
    }
  }
  return { id: "groups", sheet: t(lang, "sheet_groups"), columns, rows, meta };
}

/** A diff row of a level (the changes table) or of a group (a type, a language group's level or type). */
type AnyDiffRow = Omit<DiffRow, "level"> & { level?: DiffRow["level"]; service?: string; serviceName?: LocalText; language?: string | null };

/** Who crosses a band boundary under a scenario, per level (changes) or per group (group_changes), beside both sides' figures. */
function diffTable(m: ReportModel, lang: Lang, id: "changes" | "group_changes", diff: readonly AnyDiffRow[] | null | undefined): ReportTable | null {
  if (!diff || diff.length === 0) return null;
  const th = m.thresholdsMin;
  const cutoff = formatThreshold(lang, th[th.length - 1]);
  const groups = id === "group_changes";
  const columns = [
    ...(groups ? [col("language", t(lang, "languageGroup"), "text", true), col("service", t(lang, "service"), "text", true)] : [col("level", t(lang, "level"), "text", true)]),
    ...areaColumns(lang),
    col("population", t(lang, "population"), "int"),
    col("base_beyond", t(lang, "baseBeyond", { t: cutoff }), "int"),
    col("scenario_beyond", t(lang, "scenarioBeyond", { t: cutoff }), "int"),
    col("base_mean_min", t(lang, "baseMean"), "min"),
    col("scenario_mean_min", t(lang, "scenarioMean"), "min"),
    col("base_p90_min", t(lang, "baseP90"), "min"),
    col("scenario_p90_min", t(lang, "scenarioP90"), "min"),
    col("people_worse_band", t(lang, "worse"), "int"),
    col("people_better_band", t(lang, "better"), "int"),
    col("people_time_changed", t(lang, "changed"), "int"),
    col("added_person_minutes_at_least", t(lang, "addedPersonMin"), "min"),
    col("saved_person_minutes_at_least", t(lang, "savedPersonMin"), "min"),
    ...th.flatMap((x) => [
      col(`base_within_${x}_min`, `${t(lang, "variant_base")}: ${t(lang, "reached", { t: formatThreshold(lang, x) }).toLowerCase()}`, "int"),
      col(`scenario_within_${x}_min`, `${t(lang, "variant_scenario")}: ${t(lang, "reached", { t: formatThreshold(lang, x) }).toLowerCase()}`, "int"),
    ]),
  ];
  const rows = diff.map((d) => [
    ...(groups ? [d.language ?? t(lang, "everyone"), d.serviceName![lang]] : [levelName(lang, d.level!)]),
    t(lang, scopeLabel[d.scope]), d.id === "all" ? null : d.id, d.name[lang], d.population,
    d.base.beyond, d.scenario.beyond, d.base.meanMin, d.scenario.meanMin, d.base.p90Min, d.scenario.p90Min,
    d.worse, d.better, d.changed, d.addedPersonMinAtLeast, d.savedPersonMinAtLeast,
    ...th.flatMap((_, k) => [d.base.within[k], d.scenario.within[k]]),
  ]);
  const meta = diff.map((d): RowMeta => ({ id: d.id, scope: d.scope, ...(d.level && { level: d.level }), ...(d.service !== undefined && { service: d.service }), ...(d.language && { language: d.language }) }));
  return { id, sheet: t(lang, id === "changes" ? "sheet_changes" : "sheet_group_changes"), columns, rows, meta };
}

/** A share (0..1) as a percentage, null kept. */
const percent = (share: number | null) => (share === null ? null : 100 * share);

/** A scenario's loads: the points whose catchment or capacity it changes, and who moves from which point to which. */
function loadTables(m: ReportModel, lang: Lang): ReportTable[] {
  if (!m.loads) return [];
  const pointName = (n: { fi: string; sv: string }) => (lang === "sv" ? n.sv : n.fi);
  const points: ReportTable = {
    id: "loads",
    sheet: t(lang, "sheet_loads"),
    columns: [
      col("service", t(lang, "service"), "text", true),
      col("id", t(lang, "id"), "text", true),
      col("name", t(lang, "name"), "text", true),
      col("base_capacity", t(lang, "baseCapacity"), "int"),
      col("scenario_capacity", t(lang, "scenarioCapacity"), "int"),
      col("base_catchment", t(lang, "baseCatchment"), "int"),
      col("scenario_catchment", t(lang, "scenarioCatchment"), "int"),
      col("base_load_pct", t(lang, "baseLoad"), "pct"),
      col("scenario_load_pct", t(lang, "scenarioLoad"), "pct"),
    ],
    rows: m.loads.points.map((p) => [p.serviceName[lang], p.id, pointName(p.name), p.capacityBase, p.capacityScenario, p.catchmentBase, p.catchmentScenario, percent(p.loadBase), percent(p.loadScenario)]),
    meta: m.loads.points.map((p) => ({ id: p.id, service: p.service })),
  };
  const none = t(lang, "noPointInReach");
  const moves: ReportTable = {
    id: "moves",
    sheet: t(lang, "sheet_moves"),
    columns: [
      col("service", t(lang, "service"), "text", true),
      col("from_id", t(lang, "fromId"), "text", true),
      col("from_name", t(lang, "fromPoint"), "text", true),
      col("to_id", t(lang, "toId"), "text", true),
      col("to_name", t(lang, "toPoint"), "text", true),
      col("people", t(lang, "movingPeople"), "int"),
      col("to_capacity", t(lang, "toCapacity"), "int"),
      col("to_base_load_pct", t(lang, "toBaseLoad"), "pct"),
      col("to_scenario_load_pct", t(lang, "toScenarioLoad"), "pct"),
    ],
    rows: m.loads.moves.map((x) => [x.serviceName[lang], x.from?.id ?? null, x.from ? pointName(x.from.name) : none, x.to?.id ?? null, x.to ? pointName(x.to.name) : none, x.people, x.toCapacity, percent(x.toLoadBase), percent(x.toLoadScenario)]),
    meta: m.loads.moves.map((x) => ({ id: `${x.from?.id ?? "-"}>${x.to?.id ?? "-"}`, service: x.service })),
  };
  return [points, moves].filter((x) => x.rows.length > 0);
}

/** A comparison row of a level (groupings, equality) or of a group (a type, a language group's level or type). */
type AnyComparisonRow = Omit<ComparisonRow, "level"> & { level?: ComparisonRow["level"]; service?: string; serviceName?: LocalText; language?: string | null };
type AnyEqualityRow = Omit<EqualityRow, "level"> & { level?: EqualityRow["level"]; service?: string; serviceName?: LocalText; language?: string | null };

function groupingTables(m: ReportModel, lang: Lang): ReportTable[] {
  const c = m.comparison;
  if (!c) return [];
  return [
    ...comparisonTables(m, lang, ["groupings", "equality"], c.rows, c.equality),
    ...(c.groupRows && c.groupRows.length > 0 ? comparisonTables(m, lang, ["group_groupings", "group_equality"], c.groupRows, c.groupEquality ?? []) : []),
  ];
}

/** A comparison's units and equality measures, per level or per group. */
function comparisonTables(m: ReportModel, lang: Lang, ids: ["groupings", "equality"] | ["group_groupings", "group_equality"], unitRows: readonly AnyComparisonRow[], equalityRows: readonly AnyEqualityRow[]): ReportTable[] {
  const c = m.comparison!;
  const groups = ids[0] === "group_groupings";
  const cutoff = formatThreshold(lang, c.cutoffMin);
  const gName = new Map(c.groupings.map((g) => [g.id, g.name[lang]]));
  const unitName = new Map(c.rows.map((r) => [`${r.grouping}/${r.id}`, r.name[lang]]));
  const what = groups ? [col("language", t(lang, "languageGroup"), "text", true), col("service", t(lang, "service"), "text", true)] : [col("level", t(lang, "level"), "text", true)];
  const whatOf = (r: AnyComparisonRow | AnyEqualityRow) => (groups ? [r.language ?? t(lang, "everyone"), r.serviceName![lang]] : [levelName(lang, r.level!)]);
  const metaOf = (r: AnyComparisonRow | AnyEqualityRow): Omit<RowMeta, "id"> => ({ ...(r.level && { level: r.level }), ...(r.service !== undefined && { service: r.service }), ...(r.language && { language: r.language }), grouping: r.grouping });
  const units: ReportTable = {
    id: ids[0],
    sheet: t(lang, groups ? "sheet_group_groupings" : "sheet_groupings"),
    columns: [
      col("grouping", t(lang, "grouping"), "text", true),
      ...what,
      col("unit", t(lang, "unitId"), "text", true),
      col("name", t(lang, "unit"), "text", true),
      col("hub", t(lang, "hub"), "text"),
      col("population", t(lang, "population"), "int"),
      col("area_km2", t(lang, "areaKm2"), "km2"),
      col("mean_min", t(lang, "meanMin"), "min"),
      col("censored_mean_min", t(lang, "censoredMeanMin"), "min"),
      col("mean_is_lower_bound", t(lang, "meanLowerBound"), "text"),
      col("p90_min", t(lang, "p90Min"), "min"),
      col("censored_p90_min", t(lang, "censoredP90Min"), "min"),
      col("max_min", t(lang, "maxMin"), "min"),
      ...c.shareWithinMin.map((x) => col(`within_${x}_pct`, t(lang, "withinPct", { t: formatThreshold(lang, x) }), "pct")),
      col("beyond_cutoff_pct", t(lang, "beyondPct", { t: cutoff }), "pct"),
      col("off_road_pct", t(lang, "offRoadPct"), "pct"),
      col("hub_max_min", t(lang, "hubMaxMin"), "min"),
      col("rank", t(lang, "rank"), "int"),
      col("rank_range", t(lang, "rankRange"), "text"),
    ],
    rows: unitRows.map((r) => [
      gName.get(r.grouping) ?? r.grouping, ...whatOf(r), r.id === "all" ? null : r.id, r.name[lang], r.hub, r.population, r.areaKm2,
      r.meanMin, r.censoredMeanMin, t(lang, r.meanIsLowerBound ? "yes" : "no"), r.p90Min, r.censoredP90Min, r.maxMin, ...r.shareWithin.map((s) => 100 * s), 100 * r.shareBeyondCutoff, 100 * r.shareOffRoad,
      r.hubMaxMin, r.rank, r.rankRange && rankText(r.rankRange),
    ]),
    meta: unitRows.map((r) => ({ id: r.id, scope: r.scope, ...metaOf(r) })),
  };
  const equality: ReportTable = {
    id: ids[1],
    sheet: t(lang, groups ? "sheet_group_equality" : "sheet_equality"),
    columns: [
      col("grouping", t(lang, "grouping"), "text", true),
      ...what,
      col("mean_ratio", t(lang, "meanRatio"), "ratio"),
      col("mean_ratio_bound", t(lang, "bound", { m: t(lang, "meanRatio") }), "text"),
      col("p90_ratio", t(lang, "p90Ratio"), "ratio"),
      col("p90_ratio_bound", t(lang, "bound", { m: t(lang, "p90Ratio") }), "text"),
      col("gini", t(lang, "gini"), "gini"),
      col("gini_bound", t(lang, "bound", { m: t(lang, "gini") }), "text"),
      col("unit_mean_gini", t(lang, "unitMeanGini"), "gini"),
      col("unit_mean_gini_bound", t(lang, "bound", { m: t(lang, "unitMeanGini") }), "text"),
      col("worst_unit", t(lang, "worstUnit"), "text"),
      col("worst_mean_min", t(lang, "worstMeanMin"), "min"),
      col("worst_candidates", t(lang, "worstCandidates"), "text"),
    ],
    rows: equalityRows.map((e) => [
      gName.get(e.grouping) ?? e.grouping, ...whatOf(e),
      e.meanRatio, t(lang, `bound_${e.meanRatioBound}`), e.p90Ratio, t(lang, `bound_${e.p90RatioBound}`), e.gini, t(lang, `bound_${e.giniBound}`), e.unitMeanGini, t(lang, `bound_${e.unitMeanGiniBound}`),
      e.worstUnit === null ? null : (unitName.get(`${e.grouping}/${e.worstUnit}`) ?? e.worstUnit), e.worstMeanMin,
      e.worstCandidates.map((u) => unitName.get(`${e.grouping}/${u}`) ?? u).join(" / "),
    ]),
    meta: equalityRows.map((e) => ({ id: e.grouping, ...metaOf(e) })),
  };
  return [units, equality];
}

/** A rank range as text: "2", or "1–3" when the order is open. */
export const rankText = ([best, worst]: readonly [number, number]) => (best === worst ? String(best) : `${best}–${worst}`);

function servicesTable(m: ReportModel, lang: Lang): ReportTable {
  const scenario = m.scenario !== null;
  return {
    id: "services",
    sheet: t(lang, "sheet_services"),
    columns: [
      col("id", t(lang, "id"), "text", true),
      col("name", t(lang, "name"), "text", true),
      col("level", t(lang, "level"), "text"),
      col("open", t(lang, "open"), "text"),
      col("municipality", t(lang, "code"), "text"),
      col("lon", t(lang, "lon"), "deg"),
      col("lat", t(lang, "lat"), "deg"),
      ...(scenario ? [col("status", t(lang, "status"), "text")] : []),
    ],
    rows: m.geometry.points.map((p) => [
      p.id, lang === "sv" ? p.name.sv : p.name.fi, p.level, t(lang, p.open ? "yes" : "no"), p.municipality, p.lon, p.lat,
      ...(scenario ? [t(lang, `status_${p.status}`) || null] : []),
    ]),
    meta: m.geometry.points.map((p) => ({ id: p.id, level: p.level })),
  };
}

/** The roads as a report's sources name them: a GENERATED network, or OpenStreetMap's. */
export function roadsSource(generated: boolean): ReportSource {
  return generated
    ? { role: "roads", publisher: "generated", detail: "GENERATED", licence: null }
    : { role: "roads", publisher: "osm", detail: "OpenStreetMap", licence: "ODbL 1.0" };
}

/** "OpenStreetMap-tekijät, ODbL 1.0 (helsinki-centre.osm.pbf)": publisher, licence and file in words. */
export function describeSource(lang: Lang, s: ReportSource): string {
  const who = PUBLISHERS[s.publisher][lang].replace("{file}", s.detail);
  const licence = s.licence ?? (s.publisher === "generated" ? null : t(lang, "licenceUnknown"));
  const file = s.publisher === "file" || s.detail === "-" || s.detail === "GENERATED" || s.detail === "OpenStreetMap" ? "" : ` (${s.detail})`;
  return `${who}${licence ? `, ${licence}` : ""}${file}`;
}

const PUBLISHERS: Record<ReportSource["publisher"], Record<Lang, string>> = {
  osm: { fi: "© OpenStreetMapin tekijät", sv: "© OpenStreetMaps bidragsgivare", en: "© OpenStreetMap contributors" },
  generated: { fi: "GENEROITU esittelyverkko, ei todellinen tieverkko", sv: "GENERERAT demonät, inte ett verkligt vägnät", en: "GENERATED demo network, not real roads" },
  hsy: { fi: "© Helsingin seudun ympäristöpalvelut HSY", sv: "© Helsingforsregionens miljötjänster HRM", en: "© Helsinki Region Environmental Services HSY" },
  statfi: { fi: "© Tilastokeskus", sv: "© Statistikcentralen", en: "© Statistics Finland" },
  sotkanet: { fi: "© THL, Sotkanet", sv: "© THL, Sotkanet", en: "© THL, Sotkanet" },
  "statfi-nls": {
    fi: "likimääräiset: lähin kuntakeskus (© Tilastokeskus, Maanmittauslaitos)",
    sv: "ungefärliga: närmaste kommuncentrum (© Statistikcentralen, Lantmäteriverket)",
    en: "approximate: nearest municipal centre (© Statistics Finland, National Land Survey of Finland)",
  },
  "builtin-services": { fi: "likimääräiset sijainnit julkaistuista osoitteista", sv: "ungefärliga lägen från publicerade adresser", en: "approximate locations from published addresses" },
  file: { fi: "tiedosto {file}", sv: "filen {file}", en: "file {file}" },
};

function aboutTable(m: ReportModel, lang: Lang, title: string): ReportTable {
  const items: [string, string, string][] = [
    ["title", t(lang, "summary"), title],
    ["region", t(lang, "region"), m.region.name[lang]],
    ["date", t(lang, "date"), formatDate(lang, m.date)],
    ["profile", t(lang, "travelTime"), profileLabel(lang, m.profile, m.model)],
    ["thresholds_min", t(lang, "thresholds"), m.thresholdsMin.map((x) => formatThreshold(lang, x)).join("; ") + " min"],
    ["cell_size_m", t(lang, "cellSize"), `${m.cellSizeM} m`],
    ["service_set", t(lang, "serviceSet"), `${m.serviceSet.name[lang]} (${countOf(lang, m.serviceSet.used, "servicePoint")})`],
    ...m.sources.map((s): [string, string, string] => [`source_${s.role}`, t(lang, `source_${s.role}`), describeSource(lang, s)]),
  ];
  if (m.scenario) {
    items.push(["scenario", t(lang, "scenario"), m.scenario.name[lang]]);
    m.scenario.changes.forEach((c, i) => items.push([`change_${i + 1}`, `${t(lang, "changes")} ${i + 1}`, c.text[lang]]));
  }
  return {
    id: "about",
    sheet: t(lang, "sheet_about"),
    columns: [col("item", t(lang, "item"), "text", true), col("value", t(lang, "value"), "text")],
    rows: items.map(([, label, value]) => [label, value]),
    meta: items.map(([id]) => ({ id })),
  };
}

/** The notes: what a reader of the figures must know, by code and severity, in the report's language. */
function notesTable(m: ReportModel, lang: Lang): ReportTable {
  return {
    id: "notes",
    sheet: t(lang, "sheet_notes"),
    columns: [col("code", t(lang, "noteCode"), "text", true), col("severity", t(lang, "severity"), "text"), col("text", t(lang, "noteText"), "text")],
    rows: m.notes.map((n) => [n.code, t(lang, `severity_${n.severity}`), n.text[lang]]),
    meta: m.notes.map((n) => ({ id: n.code })),
  };
}

/** The report title: the user's, else the kind's in the language. */
export function reportTitle(m: ReportModel, lang: Lang): string {
  return m.title ?? t(lang, m.kind === "scenario" ? "titleScenario" : m.kind === "comparison" ? "titleComparison" : "titleRegion");
}

/** Every table of the report in `lang`, in reading order; tables with no rows are left out. */
export function reportTables(m: ReportModel, lang: Lang): ReportTable[] {
  const areas = [figureTable(m, lang, "municipalities"), figureTable(m, lang, "units")];
  const tables = [
    ...(m.per === "unit" ? areas.reverse() : areas),
    diffTable(m, lang, "changes", m.diff),
    groupsTable(m, lang),
    diffTable(m, lang, "group_changes", m.groupDiff),
    ...loadTables(m, lang),
    ...groupingTables(m, lang),
    servicesTable(m, lang),
    notesTable(m, lang),
    aboutTable(m, lang, reportTitle(m, lang)),
  ];
  return tables.filter((x): x is ReportTable => x !== null && x.rows.length > 0);
}
