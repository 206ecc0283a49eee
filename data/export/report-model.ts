/**
 * The board report as one language-neutral model: what was computed (figures per municipality,
 * unit and level; a scenario's diff; a grouping comparison's equality measures), where the inputs
 * come from and under which licence, and the geometry the maps need, in EPSG:3067. Every renderer
 * (PDF, XLSX, CSV, GeoJSON, GeoPackage) reads this model and nothing else, so all formats show the
 * same numbers. Labels live in i18n.ts; the model holds codes, names in fi/sv/en and raw numbers.
 */
import { basename } from "node:path";
import type { AnalysisResult } from "../../engine/analysis.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import type { GroupingComparison } from "../../engine/grouping.ts";
import type { ScenarioChange } from "../../engine/scenario.ts";
import type { ServiceLevel, ServicePoint } from "../../engine/services.ts";
import type { Grouping, RegionId } from "../facts/index.ts";
import type { MunicipalityArea } from "../areas/index.ts";
import type { Study } from "../study.ts";
import type { Lang } from "./i18n.ts";
import { comparisonRows, diffRows, figureRows, same } from "./report-figures.ts";
import { reportGeometry } from "./report-geometry.ts";

export type ReportKind = "region" | "scenario" | "comparison";
export type LocalText = Record<Lang, string>;
export type Position = [number, number];

/** Who publishes an input; renderers name them in the report's language. */
export type Publisher = "osm" | "generated" | "hsy" | "statfi" | "sotkanet" | "statfi-nls" | "builtin-services" | "file";

export interface ReportSource {
  role: "roads" | "population" | "boundaries" | "services";
  publisher: Publisher;
  /** The file (base name only) or set the figures come from. */
  detail: string;
  /** E.g. "ODbL 1.0", "CC BY 4.0"; null when unknown (a user's own file) or not data (GENERATED). */
  licence: string | null;
}

/** Figures of one area (municipality, unit, or all areas together) at one level. */
export interface FigureRow {
  level: ServiceLevel;
  scope: "municipality" | "unit" | "all";
  /** Municipality code, unit id, or "all". */
  id: string;
  name: LocalText;
  population: number;
  /** People within the last threshold, and beyond it (or with no road within reach). */
  reached: number;
  beyond: number;
  /** Minutes; null when beyond the last threshold or with nobody (see AreaStats). */
  meanMin: number | null;
  medianMin: number | null;
  p90Min: number | null;
  maxMin: number | null;
  /** Municipal centre to the nearest service (min); null for units, "all", and beyond the cutoff. */
  centreMin: number | null;
  /** People per band: one per threshold, then one for everyone beyond the last. Sums to population. */
  bands: number[];
}

/** A scenario against its base for one area and level (engine/diff.ts). */
export interface DiffRow {
  level: ServiceLevel;
  scope: "municipality" | "unit" | "all";
  id: string;
  name: LocalText;
  population: number;
  base: { beyond: number; meanMin: number | null; p90Min: number | null; within: number[] };
  scenario: { beyond: number; meanMin: number | null; p90Min: number | null; within: number[] };
  worse: number;
  better: number;
  changed: number;
  addedPersonMinAtLeast: number;
  savedPersonMinAtLeast: number;
}

/** One unit (or all units, scope "all") of a grouping at one level (engine/grouping.ts). */
export interface ComparisonRow {
  grouping: string;
  level: ServiceLevel;
  scope: "unit" | "all";
  id: string;
  name: LocalText;
  hub: string | null;
  population: number;
  areaKm2: number;
  meanMin: number | null;
  censoredMeanMin: number | null;
  p90Min: number | null;
  censoredP90Min: number | null;
  maxMin: number | null;
  /** Shares (0..1) within each of the comparison's shareWithinMin, and beyond the cutoff. */
  shareWithin: number[];
  shareBeyondCutoff: number;
  /** People per band, as FigureRow.bands. */
  bands: number[];
  rank: number | null;
  hubMaxMin: number | null;
}

export interface EqualityRow {
  grouping: string;
  level: ServiceLevel;
  meanRatio: number | null;
  p90Ratio: number | null;
  gini: number | null;
  unitMeanGini: number | null;
  worstUnit: string | null;
  worstMeanMin: number | null;
}

/** Nested isochrones of one level: the area within `thresholdMin`, EPSG:3067 polygons. */
export interface BandShape {
  level: ServiceLevel;
  variant: "base" | "scenario" | null;
  thresholdMin: number;
  /** The previous threshold (0 for the first): the band seen when nearer bands are drawn on top. */
  fromMin: number;
  polygons: Position[][][];
}

/** Populated cells as columns. Minutes are NaN beyond the last threshold or off the roads. */
export interface CellColumns {
  cellSizeM: number;
  cell: Uint32Array;
  /** Cell centres, EPSG:3067 metres. */
  x: Float64Array;
  y: Float64Array;
  population: Uint32Array;
  /** Municipality code of each cell; null for a cell in no municipality (at sea, outside the boundaries). */
  municipality: (string | null)[];
  minutes: Record<ServiceLevel, Float64Array>;
  /** A scenario's base minutes; null otherwise. */
  baseMinutes: Record<ServiceLevel, Float64Array> | null;
}

export interface ReportPoint {
  id: string;
  name: { fi: string; sv: string };
  level: ServiceLevel;
  open: boolean;
  municipality: string;
  lon: number;
  lat: number;
  /** EPSG:3067 metres. */
  x: number;
  y: number;
  /** What a scenario does to it. */
  status: "unchanged" | "changed" | "added";
}

export interface ReportMunicipality {
  code: string;
  name: LocalText;
  /** Polygons (exterior counter-clockwise, then its holes clockwise), EPSG:3067. */
  polygons: Position[][][];
}

export interface ReportModel {
  kind: ReportKind;
  /** A title given by the user, else null (renderers use the kind's title). */
  title: string | null;
  region: RegionId;
  /** YYYY-MM-DD. */
  date: string;
  profile: string;
  thresholdsMin: number[];
  cellSizeM: number;
  /** Which figures lead the tables and the bar chart. */
  per: "municipality" | "unit";
  sources: ReportSource[];
  serviceSet: { id: string; name: LocalText; used: number; leftOut: string[] };
  notes: string[];
  /** Per level, municipality rows then unit rows then an "all" row; for a scenario, its own state. */
  figures: FigureRow[];
  /** A scenario's base figures, in the same order; null otherwise. */
  baseFigures: FigureRow[] | null;
  scenario: { id: string; name: string; changes: ScenarioChange[]; changedPoints: string[] } | null;
  diff: DiffRow[] | null;
  comparison: { cutoffMin: number; shareWithinMin: number[]; groupings: { id: string; name: LocalText }[]; rows: ComparisonRow[]; equality: EqualityRow[] } | null;
  geometry: {
    /** Grid extent [minX, minY, maxX, maxY], EPSG:3067. */
    extent: [number, number, number, number];
    bands: BandShape[];
    cells: CellColumns;
    points: ReportPoint[];
    /** A scenario's base points (where its base maps put them); null otherwise. */
    basePoints: ReportPoint[] | null;
    /** Null when no boundaries were given (areas then come from the nearest centre). */
    municipalities: ReportMunicipality[] | null;
  };
}

/** The input files, for naming sources and their licences (base names only reach the report). */
export interface ReportFiles {
  services?: string;
  population?: string;
  totals?: string;
  municipalities?: string;
}

export interface ReportInput {
  region: RegionId;
  date: Date;
  title?: string;
  profile: string;
  per: "municipality" | "unit";
  study: Study;
  /** The analysis shown: the scenario's for a scenario report. */
  result: AnalysisResult;
  roads: { generated: boolean };
  files: ReportFiles;
  /** Boundaries as read (EPSG:3067 rings); null when none were given. */
  boundaries: readonly MunicipalityArea[] | null;
  notes: readonly string[];
  scenario?: { id: string; name: string; changes: readonly ScenarioChange[]; base: AnalysisResult; basePoints: readonly ServicePoint[]; points: readonly ServicePoint[]; changedPoints: readonly string[] };
  comparison?: { comparison: GroupingComparison; groupings: readonly Grouping[] };
}

/** Which publisher and licence a file name points to; the classification is by name, so a user's own file stays "file". */
function classify(file: string, rules: [RegExp, Publisher, string][]): { publisher: Publisher; licence: string | null } {
  const name = basename(file);
  for (const [re, publisher, licence] of rules) if (re.test(name)) return { publisher, licence };
  return { publisher: "file", licence: null };
}

const CC_BY = "CC BY 4.0";

/** Roads, people, areas and services: publisher, file and licence of each. */
export function reportSources(input: Pick<ReportInput, "roads" | "files" | "study">): ReportSource[] {
  const { files, study } = input;
  const roads: ReportSource = input.roads.generated
    ? { role: "roads", publisher: "generated", detail: "GENERATED", licence: null }
    : { role: "roads", publisher: "osm", detail: "OpenStreetMap", licence: "ODbL 1.0" };
  let population: ReportSource;
  if (files.population) {
    population = { role: "population", detail: basename(files.population), ...classify(files.population, [[/hsy/i, "hsy", CC_BY], [/statfi|tilastokeskus|vaesto|väestö|ruutu|paavo/i, "statfi", CC_BY]]) };
  } else if (files.totals) {
    population = { role: "population", detail: basename(files.totals), ...classify(files.totals, [[/sotka/i, "sotkanet", CC_BY], [/statfi|tilastokeskus/i, "statfi", CC_BY]]) };
  } else {
    population = { role: "population", publisher: "sotkanet", detail: "Sotkanet", licence: CC_BY };
  }
  const boundaries: ReportSource = files.municipalities
    ? { role: "boundaries", detail: basename(files.municipalities), ...classify(files.municipalities, [[/statfi|tilastokeskus|kunta|municipalit/i, "statfi", CC_BY]]) }
    : { role: "boundaries", publisher: "statfi-nls", detail: "-", licence: CC_BY };
  const services: ReportSource = files.services
    ? { role: "services", publisher: "file", detail: basename(files.services), licence: null }
    : { role: "services", publisher: "builtin-services", detail: study.services.id, licence: null };
  return [roads, population, boundaries, services];
}

/** Builds the report model of a region, a scenario (input.scenario) or a grouping comparison (input.comparison). */
export function buildReport(kind: ReportKind, input: ReportInput): ReportModel {
  const { study, result, files } = input;
  const thresholds = result.thresholdsMin;
  const scenario = kind === "scenario" ? input.scenario : undefined;
  const comparison = kind === "comparison" ? input.comparison : undefined;
  if (kind === "scenario" && !scenario) throw new InvalidInputError("a scenario report needs the scenario and its base", "scenario", kind);
  if (kind === "comparison" && !comparison) throw new InvalidInputError("a comparison report needs the groupings compared", "groupings", kind);
  const points = scenario ? scenario.points : study.services.points;
  // A set read from a file is named by its path: the board sees the file's name, not where it sat on disk.
  const setName = files.services && study.services.name.fi === files.services ? same(basename(files.services)) : study.services.name;
  return {
    kind,
    title: input.title ?? null,
    region: input.region,
    date: input.date.toISOString().slice(0, 10),
    profile: input.profile,
    thresholdsMin: [...thresholds],
    cellSizeM: study.grid.cellSizeM,
    per: input.per,
    sources: reportSources(input),
    serviceSet: { id: study.services.id, name: { fi: setName.fi, sv: setName.sv, en: setName.en }, used: result.placed.length, leftOut: result.unplaced.map((p) => p.id) },
    notes: [...input.notes],
    figures: figureRows(study, result),
    baseFigures: scenario ? figureRows(study, scenario.base) : null,
    scenario: scenario ? { id: scenario.id, name: scenario.name, changes: [...scenario.changes], changedPoints: [...scenario.changedPoints] } : null,
    diff: scenario ? diffRows(study, scenario.base, result) : null,
    comparison: comparison ? comparisonRows(comparison.comparison, comparison.groupings) : null,
    geometry: reportGeometry(study, result, scenario?.base ?? null, points, scenario?.basePoints ?? null, scenario?.changedPoints ?? [], input.boundaries),
  };
}
