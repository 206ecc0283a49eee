/**
 * Travel time to the nearest service of each level. Levels nest (E ⊇ A ⊇ L), so the L surface is
 * one search from every open L, A and E point, the A surface from A and E points, the E surface
 * from E points alone: three multi-source searches serve every cell and every place.
 */
import type { RoadGraph } from "./graph.ts";
import type { Links, SurfaceTarget } from "./surface.ts";
import { modelSearch, modelTravelTimeSurface, type ModelSearch, type RoadModel } from "./road-model.ts";
import { LEVELS, offers, type ServiceLevel, type ServicePoint } from "./services.ts";
import { InvalidInputError, throwIfAborted } from "./errors.ts";
import { offersType, type Catalogue } from "./catalogue.ts";
import { MAX_CUTOFF_DS } from "./units.ts";

/** A service point placed on the network (snapped, with its connector time). */
export interface PlacedService {
  readonly point: ServicePoint;
  readonly target: SurfaceTarget;
}

/** Time (ds) from each cell (or place) to the nearest service of each level; UNREACHED beyond the cutoff. */
export type LevelSurfaces = Record<ServiceLevel, Uint32Array>;

export interface LevelSurfaceOptions {
  profile?: string;
  /** Default 180 min. */
  cutoffDs?: number;
  /** Only these levels (the others' arrays stay empty). Default all three. */
  levels?: readonly ServiceLevel[];
  /** Road model (road-model.ts); default "plain". */
  model?: RoadModel;
  /** A reverse-direction search of the model to reuse across calls (keeps its buffers). */
  search?: ModelSearch;
  signal?: AbortSignal;
  onProgress?: (level: ServiceLevel, done: number, total: number) => void;
}

/** The targets a level's search starts from: the open points that offer it. */
export function targetsFor(placed: readonly PlacedService[], level: ServiceLevel): SurfaceTarget[] {
  return placed.filter((s) => s.point.open && offers(s.point.level, level)).map((s) => s.target);
}

/** The targets of a service type's search: the open points that offer it (catalogue.ts). */
export function typeTargets(placed: readonly PlacedService[], type: string, catalogue: Catalogue): SurfaceTarget[] {
  return placed.filter((s) => offersType(s.point, type, catalogue)).map((s) => s.target);
}

/**
 * Door-to-door time from each linked cell or place to the nearest open service of each level, on
 * the reverse graph (people travel to the service, so one-way streets count in that direction).
 */
export function levelSurfaces(graph: RoadGraph, links: Links, placed: readonly PlacedService[], options: LevelSurfaceOptions = {}): LevelSurfaces {
  const profile = options.profile ?? "car";
  const levels = options.levels ?? LEVELS;
  for (const l of levels) if (!LEVELS.includes(l)) throw new InvalidInputError(`level ${String(l)} is not E, A or L`, "levels", l);
  const model = options.model ?? "plain";
  const search = options.search ?? modelSearch(graph, profile, model);
  const out: LevelSurfaces = { L: new Uint32Array(0), A: new Uint32Array(0), E: new Uint32Array(0) };
  levels.forEach((level, i) => {
    throwIfAborted(options.signal);
    options.onProgress?.(level, i, levels.length);
    out[level] = modelTravelTimeSurface(graph, links, targetsFor(placed, level), {
      profile,
      model,
      direction: "to",
      cutoffDs: options.cutoffDs ?? MAX_CUTOFF_DS,
      search,
    });
  });
  options.onProgress?.(levels[levels.length - 1], levels.length, levels.length);
  return out;
}
