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
  /** Kept as the asking: two asks at once (a scenario's times and the base beside them) make one request. */
  private readonly base = new Map<string, Promise<TimeGrid>>();
  private scenario: { key: string; grid: TimeGrid } | null = null;

  /**
   * The base set's times under a profile and model (their key, roadsKey) for a subset, fetched at
   * the first ask. Not cancelled with the state that asked: any later state of this profile and
   * subset draws from it. A failed ask is forgotten, so the next one asks again.
   */
  baseOf(roads: string, subset: Subset): Promise<TimeGrid> {
    const key = `${roads}|${subset.type ?? ""}|${subset.language ?? ""}`;
    let grid = this.base.get(key);
    if (!grid) {
      const asked = api.grid([], subset).then(decodeTimeGrid);
      asked.catch(() => this.base.get(key) === asked && this.base.delete(key));
      this.base.set(key, (grid = asked));
    }
    return grid;
  }

  /**
   * A scenario's times under a profile and model for a subset (the base's with no changes); the
   * last one is kept. Only the cells that differ from the base's come over the wire, set into a copy
   * of the base's. The request is sent in the call itself, before it first waits.
   */
  async of(roads: string, changes: readonly Change[], subset: Subset, signal?: AbortSignal): Promise<TimeGrid> {
    if (changes.length === 0) return this.baseOf(roads, subset);
    const key = `${roads}|${subset.type ?? ""}|${subset.language ?? ""}|${JSON.stringify(changes)}`;
    if (this.scenario?.key !== key) {
      const [base, delta] = await Promise.all([this.baseOf(roads, subset), api.grid(changes, subset, signal, true)]);
      this.scenario = { key, grid: applyTimeGridDelta(base, delta) };
    }
    return this.scenario.grid;
  }
}
