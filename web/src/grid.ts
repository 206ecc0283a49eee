/**
 * The times per grid cell the bands are drawn from (GET and POST /api/grid, decoded by
 * engine/time-grid.ts): the base set's once per profile, a scenario's once per change list. With
 * them in the page, a new threshold, level or comparison with base is drawn without a request.
 */
import { decodeTimeGrid, type TimeGrid } from "../../engine/time-grid.ts";
import { api } from "./api.ts";
import type { Change, Level } from "./state.ts";

export type { TimeGrid };

/** The times (s) of one level of a time grid. */
export function levelTimes(grid: TimeGrid, level: Level): Uint16Array {
  const times = grid.layers.get(level);
  if (!times) throw new Error(`the time grid has no layer ${level}`);
  return times;
}

/** The grids fetched so far: the base's per profile, and the last scenario's. */
export class TimeGrids {
  private readonly base = new Map<string, TimeGrid>();
  private scenario: { key: string; grid: TimeGrid } | null = null;

  /** The base set's times under a profile ("" the server's own), fetched at the first ask. */
  async baseOf(profile: string, signal?: AbortSignal): Promise<TimeGrid> {
    let grid = this.base.get(profile);
    if (!grid) this.base.set(profile, (grid = decodeTimeGrid(await api.grid([], signal))));
    return grid;
  }

  /** A scenario's times under a profile (the base's with no changes); the last one is kept. */
  async of(profile: string, changes: readonly Change[], signal?: AbortSignal): Promise<TimeGrid> {
    if (changes.length === 0) return this.baseOf(profile, signal);
    const key = `${profile}|${JSON.stringify(changes)}`;
    if (this.scenario?.key !== key) this.scenario = { key, grid: decodeTimeGrid(await api.grid(changes, signal)) };
    return this.scenario.grid;
  }
}
