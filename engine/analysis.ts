/**
 * The planners' analysis in one call: travel time from every cell and every municipal centre to
 * the nearest L, A and E service, people per band, and per-area and per-unit figures, all from
 * the same surfaces, so map, tables and totals agree.
 */
import type { RoadGraph } from "./graph.ts";
import type { SnapIndex } from "./snap.ts";
import type { CellLinks } from "./surface.ts";
import { linkPlaces } from "./surface.ts";
import { CoreSearch, coreView } from "./core.ts";
import { levelSurfaces, type LevelSurfaces, type PlacedService } from "./levels.ts";
import { areaStats, groupAreas, type AreaStats } from "./accessibility.ts";
import { LEVELS, offers, validateServicePoints, type ServiceLevel, type ServicePoint } from "./services.ts";
import { normaliseThresholds } from "./reach.ts";
import { InvalidInputError } from "./errors.ts";
import { CONNECTOR_KMH, DEFAULT_MAX_SNAP_M, DS_PER_MIN, timeDsFor } from "./units.ts";

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
  /** Farthest a service point or centre may lie from a road (m). */
  readonly maxSnapM?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (phase: string, done: number, total: number) => void;
}

export interface AnalysisResult {
  readonly thresholdsMin: number[];
  readonly surfaces: LevelSurfaces;
  /** Points that were used (open or closed) and those with no road within maxSnapM. */
  readonly placed: PlacedService[];
  readonly unplaced: ServicePoint[];
  /** Per level: figures per area, per unit (when units are given), and over all areas together. */
  readonly perArea: Record<ServiceLevel, AreaStats[]>;
  readonly perUnit: Record<ServiceLevel, AreaStats[]> | null;
  readonly overall: Record<ServiceLevel, AreaStats>;
  /** Per level: time (min) from each area's centre to the nearest service; null beyond the cutoff or off the roads. */
  readonly centreMin: Record<ServiceLevel, (number | null)[]>;
}

/** Snaps service points to the main road network; points with no road within reach are returned apart. */
export function placeServices(snapIndex: SnapIndex, services: readonly ServicePoint[], maxSnapM = DEFAULT_MAX_SNAP_M): { placed: PlacedService[]; unplaced: ServicePoint[] } {
  const placed: PlacedService[] = [];
  const unplaced: ServicePoint[] = [];
  for (const point of services) {
    const snap = snapIndex.snap(point.lon, point.lat, maxSnapM);
    if (snap) placed.push({ point, target: { snap, connectorDs: timeDsFor(snap.distanceM, CONNECTOR_KMH) } });
    else unplaced.push(point);
  }
  return { placed, unplaced };
}

/** Runs the three level searches and every figure derived from them. */
export function analyse(input: AnalysisInput): AnalysisResult {
  const thresholdsMin = normaliseThresholds(input.thresholdsMin);
  validateServicePoints(input.services);
  const n = input.links.edge.length;
  if (input.population.length !== n || input.areaOfCell.length !== n) {
    throw new InvalidInputError(`population (${input.population.length}) and areas (${input.areaOfCell.length}) must cover the grid's ${n} cells`, "population", input.population.length);
  }
  for (const u of input.units ?? []) {
    for (const m of u.members) if (!(m >= 0 && m < input.areas.length)) throw new InvalidInputError(`unit ${u.id}: member ${m} is not an area`, "units", u.id);
  }
  const profile = input.profile ?? "car";
  const cutoffDs = thresholdsMin[thresholdsMin.length - 1] * DS_PER_MIN;
  const { placed, unplaced } = placeServices(input.snapIndex, input.services, input.maxSnapM);
  const search = new CoreSearch(coreView(input.graph, profile, "reverse"));
  const surfaces = levelSurfaces(input.graph, input.links, placed, {
    profile,
    cutoffDs,
    search,
    signal: input.signal,
    onProgress: (_level, done, total) => input.onProgress?.("levels", done, total),
  });
  // An area without a centre is linked nowhere, so its centre times stay null.
  const centreLinks = linkPlaces(input.snapIndex, input.areas.map((a) => a.centre ?? null), input.maxSnapM ?? DEFAULT_MAX_SNAP_M);
  const centreTimes = levelSurfaces(input.graph, centreLinks, placed, { profile, cutoffDs, search });
  // A centre where a service point stands is no trip at all (as Router.route has it), not two connectors.
  input.areas.forEach((a, i) => {
    for (const { point } of placed) {
      if (!a.centre || !point.open || point.lon !== a.centre.lon || point.lat !== a.centre.lat) continue;
      for (const level of LEVELS) if (offers(point.level, level)) centreTimes[level][i] = 0;
    }
  });

  const unitOfArea = new Array<number>(input.areas.length).fill(-1);
  input.units?.forEach((u, i) => u.members.forEach((m) => (unitOfArea[m] = i)));
  const unitOfCell = input.units ? groupAreas(input.areaOfCell, unitOfArea) : null;
  const anyArea = groupAreas(input.areaOfCell, unitOfArea.map(() => 0));

  const perArea = {} as Record<ServiceLevel, AreaStats[]>;
  const perUnit = input.units ? ({} as Record<ServiceLevel, AreaStats[]>) : null;
  const overall = {} as Record<ServiceLevel, AreaStats>;
  const centreMin = {} as Record<ServiceLevel, (number | null)[]>;
  for (const level of LEVELS) {
    perArea[level] = areaStats(surfaces[level], input.population, input.areaOfCell, input.areas.length, thresholdsMin);
    if (perUnit && unitOfCell) perUnit[level] = areaStats(surfaces[level], input.population, unitOfCell, input.units!.length, thresholdsMin);
    overall[level] = areaStats(surfaces[level], input.population, anyArea, 1, thresholdsMin)[0];
    centreMin[level] = [...centreTimes[level]].map((t) => (t <= cutoffDs ? t / DS_PER_MIN : null));
  }
  return { thresholdsMin, surfaces, placed, unplaced, perArea, perUnit, overall, centreMin };
}
