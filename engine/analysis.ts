/**
 * The planners' analysis in one call: travel time from every cell and every municipal centre to
 * the nearest L, A and E service, people per band, and per-area and per-unit figures, all from
 * the same surfaces, so map, tables and totals agree.
 */
import type { RoadGraph } from "./graph.ts";
import type { SnapIndex } from "./snap.ts";
import type { CellLinks } from "./surface.ts";
import { linkPlaces } from "./surface.ts";
import { modelSearch, type RoadModel } from "./road-model.ts";
import { levelSurfaces, type LevelSurfaces, type PlacedService } from "./levels.ts";
import { areaPartitions, partitionStats, peopleInAreas, type AreaStats } from "./accessibility.ts";
import { deltaStats, type SurfaceDelta } from "./surface-delta.ts";
import { LEVELS, offers, validateServicePoints, type ServiceLevel, type ServicePoint } from "./services.ts";
import { normaliseThresholds } from "./reach.ts";
import { InvalidInputError } from "./errors.ts";
import { DEFAULT_MAX_SNAP_M, DS_PER_MIN, timeDsFor } from "./units.ts";
import { connectorKmh } from "./modes.ts";

/** A named area of the grid (a municipality), with its administrative centre. */
export interface AnalysisArea {
  readonly id: string;
  readonly name: string;
  readonly centre?: { readonly lon: number; readonly lat: number };
}

/** A regional unit: a name and the indices of its member areas. */
export interface AnalysisUnit {
  readonly id: string;
  readonly name: string;
  readonly members: readonly number[];
}

export interface AnalysisInput {
  readonly graph: RoadGraph;
  readonly snapIndex: SnapIndex;
  readonly links: CellLinks;
  readonly services: readonly ServicePoint[];
  /** Whole people per cell of links.grid. */
  readonly population: Uint32Array;
  readonly areas: readonly AnalysisArea[];
  /** Area index per cell, -1 outside every area. */
  readonly areaOfCell: Int32Array;
  readonly units?: readonly AnalysisUnit[];
  readonly thresholdsMin: readonly number[];
  readonly profile?: string;
  /** Road model (road-model.ts); default "plain". */
  readonly model?: RoadModel;
  /** Farthest a service point or centre may lie from a road (m). */
  readonly maxSnapM?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

/** Figures from level surfaces: per area, per unit (when units are given) and over all areas together. */
export interface LevelFigures {
  readonly thresholdsMin: number[];
  readonly perArea: Record<ServiceLevel, AreaStats[]>;
  readonly perUnit: Record<ServiceLevel, AreaStats[]> | null;
  readonly overall: Record<ServiceLevel, AreaStats>;
  /** Per level: time (min) from each area's centre to the nearest service; null beyond the cutoff or off the roads. */
  readonly centreMin: Record<ServiceLevel, (number | null)[]>;
}

/** What figures are computed over: people and areas of the grid, and the units. */
export type FigureInput = Pick<AnalysisInput, "population" | "areas" | "areaOfCell" | "units">;

export interface AnalysisResult extends LevelFigures {
  readonly surfaces: LevelSurfaces;
  /** Per level: time (ds) from each area's centre, before the cutoff of thresholdsMin is applied (UNREACHED off the roads). */
  readonly centreDs: LevelSurfaces;
  /** Points that were used (open or closed) and those with no road within maxSnapM. */
  readonly placed: PlacedService[];
  readonly unplaced: ServicePoint[];
}

/** Snaps service points to the main road network; points with no road within reach are returned apart. */
export function placeServices(snapIndex: SnapIndex, services: readonly ServicePoint[], maxSnapM = DEFAULT_MAX_SNAP_M): { placed: PlacedService[]; unplaced: ServicePoint[] } {
  const placed: PlacedService[] = [];
  const unplaced: ServicePoint[] = [];
  for (const point of services) {
    const snap = snapIndex.snap(point.lon, point.lat, maxSnapM);
    if (snap) placed.push({ point, target: { snap, connectorDs: timeDsFor(snap.distanceM, connectorKmh(snapIndex.graph)) } });
    else unplaced.push(point);
  }
  return { placed, unplaced };
}

/** Runs the three level searches and every figure derived from them. */
export function analyse(input: AnalysisInput): AnalysisResult {
  const thresholdsMin = normaliseThresholds(input.thresholdsMin);
  validateServicePoints(input.services);
  checkFigureInput(input, input.links.edge.length);
  const profile = input.profile ?? "car";
  const cutoffDs = thresholdsMin[thresholdsMin.length - 1] * DS_PER_MIN;
  const { placed, unplaced } = placeServices(input.snapIndex, input.services, input.maxSnapM);
  const model = input.model ?? "plain";
  const search = modelSearch(input.graph, profile, model);
  const surfaces = levelSurfaces(input.graph, input.links, placed, {
    profile,
    model,
    cutoffDs,
    search,
    signal: input.signal,
    onProgress: (_level, done, total) => input.onProgress?.("levels", done, total),
  });
  // An area without a centre is linked nowhere, so its centre times stay null.
  const centreLinks = linkPlaces(input.snapIndex, input.areas.map((a) => a.centre ?? null), input.maxSnapM ?? DEFAULT_MAX_SNAP_M);
  const centreDs = levelSurfaces(input.graph, centreLinks, placed, { profile, model, cutoffDs, search });
  zeroCentresAtServices(input.areas, placed.map((p) => p.point), centreDs);
  return { ...levelFigures(input, surfaces, centreDs, thresholdsMin), surfaces, centreDs, placed, unplaced };
}

/**
 * A centre where an open service point stands is no trip at all (as Router.route has it), not two
 * connectors: its time becomes 0 for every level the point offers. `points` must be the placed ones.
 */
export function zeroCentresAtServices(areas: readonly AnalysisArea[], points: readonly ServicePoint[], centreDs: LevelSurfaces): void {
  for (const level of LEVELS) zeroCentres(areas, points.filter((p) => offers(p.level, level)), centreDs[level]);
}

/** zeroCentresAtServices for one search's centre times: those of `points` that are open stand where they stand. */
export function zeroCentres(areas: readonly AnalysisArea[], points: readonly ServicePoint[], centreDs: Uint32Array): void {
  areas.forEach((a, i) => {
    for (const point of points) if (a.centre && point.open && point.lon === a.centre.lon && point.lat === a.centre.lat) centreDs[i] = 0;
  });
}

function checkFigureInput(input: FigureInput, cells: number): void {
  if (input.population.length !== cells || input.areaOfCell.length !== cells) {
    throw new InvalidInputError(`population (${input.population.length}) and areas (${input.areaOfCell.length}) must cover the grid's ${cells} cells`, "population", input.population.length);
  }
  for (const u of input.units ?? []) {
    for (const m of u.members) if (!(m >= 0 && m < input.areas.length)) throw new InvalidInputError(`unit ${u.id}: member ${m} is not an area`, "units", u.id);
  }
}

/** One level's figures: per area, per unit (null without units), over all areas, and centre minutes. */
export interface OneLevelFigures {
  readonly perArea: AreaStats[];
  readonly perUnit: AreaStats[] | null;
  readonly overall: AreaStats;
  readonly centreMin: (number | null)[];
}

/**
 * Figures from surfaces already computed, so one set of surfaces (searched to 180 min) serves any
 * thresholds: times beyond the last threshold count as beyond it, as analyse's own cutoff would.
 */
export function levelFigures(input: FigureInput, surfaces: LevelSurfaces, centreDs: LevelSurfaces, thresholdsMin: readonly number[]): LevelFigures {
  const thresholds = normaliseThresholds(thresholdsMin);
  const perArea = {} as Record<ServiceLevel, AreaStats[]>;
  const perUnit = input.units ? ({} as Record<ServiceLevel, AreaStats[]>) : null;
  const overall = {} as Record<ServiceLevel, AreaStats>;
  const centreMin = {} as Record<ServiceLevel, (number | null)[]>;
  for (const level of LEVELS) {
    const f = oneLevelFigures(input, surfaces[level], centreDs[level], thresholds);
    perArea[level] = f.perArea;
    if (perUnit) perUnit[level] = f.perUnit!;
    overall[level] = f.overall;
    centreMin[level] = f.centreMin;
  }
  return { thresholdsMin: thresholds, perArea, perUnit, overall, centreMin };
}

/** levelFigures for one level's surface (cells) and centre times (ds). */
export function oneLevelFigures(input: FigureInput, surfaceDs: Uint32Array, centreDs: Uint32Array, thresholdsMin: readonly number[]): OneLevelFigures {
  const thresholds = normaliseThresholds(thresholdsMin);
  checkFigureInput(input, surfaceDs.length);
  return levelFiguresOf(input, partitionStats(surfaceDs, peopleInAreas(input.population, input.areaOfCell, input.areas.length), areaPartitions(input.areas.length, input.units), thresholds), centreDs, thresholds);
}

/**
 * oneLevelFigures of a surface given as its difference from a base's (a SurfaceDelta over the
 * input's populated cells): the same figures, read from the base's time order and the changed cells.
 */
export function oneLevelFiguresFrom(input: FigureInput, delta: SurfaceDelta, centreDs: Uint32Array, thresholdsMin: readonly number[]): OneLevelFigures {
  const thresholds = normaliseThresholds(thresholdsMin);
  checkFigureInput(input, delta.afterDs.length);
  if (delta.order.pia !== peopleInAreas(input.population, input.areaOfCell, input.areas.length)) throw new InvalidInputError("the delta's base order is of other people or areas than the figures'", "delta", "pia");
  return levelFiguresOf(input, deltaStats(delta, areaPartitions(input.areas.length, input.units), thresholds), centreDs, thresholds);
}

/** A level's figures from its stats per partition (areas, units, the region) and its centre times. */
function levelFiguresOf(input: FigureInput, [perArea, perUnit, overall]: AreaStats[][], centreDs: Uint32Array, thresholds: readonly number[]): OneLevelFigures {
  const cutoffDs = thresholds[thresholds.length - 1] * DS_PER_MIN;
  return {
    perArea,
    perUnit: input.units ? perUnit : null,
    overall: overall[0],
    centreMin: [...centreDs].map((t) => (t <= cutoffDs ? t / DS_PER_MIN : null)),
  };
}
