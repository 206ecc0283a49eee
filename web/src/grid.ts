/**
 * The times per grid cell the bands are drawn from (GET and POST /api/grid, decoded by
 * engine/time-grid.ts): the base set's once per profile (and service type and language asked), a
 * scenario's once per change list. With them in the page, a new threshold, level or comparison
 * with base is drawn without a request.
 */
import { applyTimeGridDelta, decodeTimeGrid, TIME_GRID_TYPE_LAYER, type TimeGrid } from "../../engine/time-grid.ts";
import { api, type Subset } from "./api.ts";
import type { Change, Level } from "./state.ts";

export type { TimeGrid };

/** The layer the bands are drawn from: a service type's (its grid's T layer) when one is chosen, else the level's. */
export function layerOf(level: Level, subset: Subset): string {
  return subset.type ? TIME_GRID_TYPE_LAYER : level;
}

/** The times (s) of one layer of a time grid. */
export function layerTimes(grid: TimeGrid, layer: string): Uint16Array {
  const times = grid.layers.get(layer);
  if (!times) throw new Error(`the time grid has no layer ${layer}`);
  return times;
}

/** The grids fetched so far: the base's per profile and road model (app-state.ts roadsKey) and subset, and the last scenario's. */
export class TimeGrids {
  private readonly base = new Map<string, TimeGrid>();
  private scenario: { key: string; grid: TimeGrid } | null = null;

  /** The base set's times under a profile and model (their key, roadsKey) for a subset, fetched at the first ask. */
  async baseOf(roads: string, subset: Subset, signal?: AbortSignal): Promise<TimeGrid> {
    const key = `${roads}|${subset.type ?? ""}|${subset.language ?? ""}`;
    let grid = this.base.get(key);
    if (!grid) this.base.set(key, (grid = decodeTimeGrid(await api.grid([], subset, signal))));
    return grid;
  }

  /**
   * A scenario's times under a profile and model for a subset (the base's with no changes); the
   * last one is kept. Only the cells that differ from the base's come over the wire, set into a copy of the base's.
   */
  async of(roads: string, changes: readonly Change[], subset: Subset, signal?: AbortSignal): Promise<TimeGrid> {
    if (changes.length === 0) return this.baseOf(roads, subset, signal);
    const key = `${roads}|${subset.type ?? ""}|${subset.language ?? ""}|${JSON.stringify(changes)}`;
    if (this.scenario?.key !== key) {
      const [base, delta] = await Promise.all([this.baseOf(roads, subset, signal), api.grid(changes, subset, signal, true)]);
      this.scenario = { key, grid: applyTimeGridDelta(base, delta) };
    }
    return this.scenario.grid;
  }
}
