/**
 * The board report as one language-neutral model, the input every renderer here takes (PDF,
 * XLSX, CSV, GeoJSON, GeoPackage) and nothing else, so all formats show the same numbers: what was
 * computed (figures per municipality, unit and level; a scenario's diff; a grouping comparison's
 * equality measures), the notes, where the inputs come from and under which licence, and the
 * geometry the maps need, in EPSG:3067. The study layer builds it (study/report.ts); this file
 * only says its shape. Labels live in i18n.ts; the model holds codes, texts in fi/sv/en and raw
 * numbers.
 */
import type { Bound, ScenarioChange, ServiceLevel, LocalText, RoadModel } from "../../engine/index.ts";

export type ReportKind = "region" | "scenario" | "comparison";
export type Position = [number, number];

/** A note as the study made it: a stable code, its severity and its text in each language. */
export interface ReportNote {
  code: string;
  severity: "info" | "warning" | "critical";
  text: LocalText;
}

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
  /** A municipality's coverage by the extract (shares 0..1); null for units and "all". */
  coverage: { inside: number; land: number; people: number | null; partial: boolean } | null;
}

/** A FigureRow for a service type (catalogue.ts) rather than a level. */
export type TypeFigureRow = Omit<FigureRow, "level"> & { type: string };

/** Figures of a service type, or of a language group's speakers, as FigureRow with what they are of. */
export interface GroupFigureRow extends Omit<FigureRow, "level"> {
  /** A level ("L", "A", "E") or a service type's id. */
  service: string;
  serviceName: LocalText;
  /** The language group (ISO 639 code) whose speakers these are, to services given in it; null for everyone. */
  language: string | null;
}

/** A scenario's band crossings for a service type, or a language group's level or type, as DiffRow for a level. */
export interface GroupDiffRow extends Omit<DiffRow, "level"> {
  service: string;
  serviceName: LocalText;
  language: string | null;
}

/** A point whose load a scenario changes: its catchment (people whose nearest point of the service it is) against its capacity, before and after. */
export interface LoadRow {
  /** A level or a service type's id. */
  service: string;
  serviceName: LocalText;
  id: string;
  name: { fi: string; sv: string };
  /** Null on a side where the point does not serve (closed, not yet added, not offering the service). */
  capacityBase: number | null;
  capacityScenario: number | null;
  catchmentBase: number | null;
  catchmentScenario: number | null;
  /** Catchment over capacity (1 = full); null without a capacity. */
  loadBase: number | null;
  loadScenario: number | null;
}

/** People whose nearest point of a service a scenario changes: from a point to another (null: none within the cutoff), and the receiving point's load after. */
export interface LoadMoveRow {
  service: string;
  serviceName: LocalText;
  from: { id: string; name: { fi: string; sv: string } } | null;
  to: { id: string; name: { fi: string; sv: string } } | null;
  people: number;
  /** The receiving point's capacity and load before and after (null without a capacity or without a receiving point). */
  toCapacity: number | null;
  toLoadBase: number | null;
  toLoadScenario: number | null;
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
  /** People from band i (rows) to band j (columns); the last index is beyond the last threshold. */
  transitions: number[][];
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
  /** Over the people with a road, anyone beyond the horizon counted at it; a lower bound when meanIsLowerBound. */
  censoredMeanMin: number | null;
  meanIsLowerBound: boolean;
  p90Min: number | null;
  censoredP90Min: number | null;
  p90IsLowerBound: boolean;
  maxMin: number | null;
  /** Shares (0..1) within each of the comparison's shareWithinMin, beyond the cutoff, and with no road. */
  shareWithin: number[];
  shareBeyondCutoff: number;
  shareOffRoad: number;
  /** People per band, as FigureRow.bands. */
  bands: number[];
  /** The unit's place when certain (1 = worst off); rankRange the places it can hold. */
  rank: number | null;
  rankRange: [number, number] | null;
  hubMaxMin: number | null;
}

export interface EqualityRow {
  grouping: string;
  level: ServiceLevel;
  meanRatio: number | null;
  p90Ratio: number | null;
  gini: number | null;
  unitMeanGini: number | null;
  /** What each measure is: exact, a lower bound, or neither (engine/grouping.ts). */
  meanRatioBound: Bound;
  p90RatioBound: Bound;
  giniBound: Bound;
  unitMeanGiniBound: Bound;
  /** The worst-off unit when certain; else null, and worstCandidates names the units that may be. */
  worstUnit: string | null;
  worstMeanMin: number | null;
  worstMeanIsLowerBound: boolean;
  worstCandidates: string[];
}

/** A ComparisonRow of a service type, or of a language group's level or type. */
export interface GroupComparisonRow extends Omit<ComparisonRow, "level"> {
  service: string;
  serviceName: LocalText;
  language: string | null;
}

/** An EqualityRow of a service type, or of a language group's level or type. */
export interface GroupEqualityRow extends Omit<EqualityRow, "level"> {
  service: string;
  serviceName: LocalText;
  language: string | null;
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
  /** The study's region: its id (for file names) and its name in every language. */
  region: { id: string; name: LocalText };
  /** YYYY-MM-DD. */
  date: string;
  profile: string;
  /** The road model; absent: plain. */
  model?: RoadModel;
  thresholdsMin: number[];
  cellSizeM: number;
  /** Which figures lead the tables and the bar chart. */
  per: "municipality" | "unit";
  sources: ReportSource[];
  /** The service set by its name; `leftOut` names the points with no road within reach. */
  serviceSet: { name: LocalText; used: number; leftOut: LocalText[] };
  notes: ReportNote[];
  /** Per level, municipality rows then unit rows then an "all" row; for a scenario, its own state. */
  figures: FigureRow[];
  /** A scenario's base figures, in the same order; null otherwise. */
  baseFigures: FigureRow[] | null;
  /** A scenario: its name (the user's, or one made from its changes), and each change with what it does in words, naming the point. */
  scenario: { name: LocalText; changes: { change: ScenarioChange; text: LocalText }[]; changedPoints: string[] } | null;
  diff: DiffRow[] | null;
  /** Per service type asked for, and a language group's figures when one was asked for; null when neither was. For a scenario, its own state. */
  groups?: GroupFigureRow[] | null;
  /** A scenario's base figures of the same groups, in the same order; null otherwise. */
  baseGroups?: GroupFigureRow[] | null;
  /** A scenario's band crossings of the same groups (types, the language group's levels and types); null otherwise. */
  groupDiff?: GroupDiffRow[] | null;
  /**
   * A scenario's loads where points carry capacities (per level, and per type asked): the points
   * whose catchment or capacity it changes, and who moves from which point to which; null when no
   * point of the set or the scenario has a capacity, or for other kinds.
   */
  loads?: { points: LoadRow[]; moves: LoadMoveRow[] } | null;
  comparison: {
    cutoffMin: number;
    /** Times are known up to this; beyond it they are censored. */
    horizonMin: number;
    shareWithinMin: number[];
    groupings: { id: string; name: LocalText }[];
    rows: ComparisonRow[];
    equality: EqualityRow[];
    /** What each measure means, in every language (study/definitions.ts). */
    definitions: LocalText[];
    /** The same per service type asked for, and per level and type for a language group's speakers; null when none was asked for. */
    groupRows?: GroupComparisonRow[] | null;
    groupEquality?: GroupEqualityRow[] | null;
  } | null;
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
