/**
 * What the maps' bands show: the times of the state's scenario (the base's with no changes) on the
 * planner's map, and the base's on the comparison's base side, at the state's level and
 * thresholds. Fetching the times is the only request (grid.ts keeps them); drawing is the page's.
 */
import type { FeatureCollection } from "geojson";
import { levelTimes, TimeGrids, type TimeGrid } from "./grid.ts";
import type { PlannerMap } from "./map.ts";
import type { SwipeCompare } from "./compare.ts";
import type { Change, Level } from "./state.ts";

/** The times a state's bands are drawn from. */
export interface LoadedTimes {
  readonly base: TimeGrid;
  /** The scenario's; the base's with no changes. */
  readonly shown: TimeGrid;
}

export class BandView {
  private readonly grids = new TimeGrids();
  private times: LoadedTimes | null = null;

  constructor(
    private readonly map: PlannerMap,
    private readonly swipe: SwipeCompare,
    /** The base points, as the comparison's base side shows them. */
    private readonly basePoints: () => FeatureCollection,
  ) {}

  /** The times a profile and change list need: requests only for what is not kept yet. */
  async load(profile: string | null, changes: readonly Change[], signal?: AbortSignal): Promise<LoadedTimes> {
    const base = await this.grids.baseOf(profile ?? "", signal);
    return { base, shown: await this.grids.of(profile ?? "", changes, signal) };
  }

  /** Draws from the given times, or the last ones: the level at the thresholds, and the base beside it when comparing. */
  draw(level: Level, thresholds: readonly number[], compare: boolean, times: LoadedTimes | null = this.times): void {
    this.times = times;
    if (!times) return;
    this.map.setBands({ grid: times.shown, times: levelTimes(times.shown, level) }, thresholds);
    if (compare) this.swipe.setBase(times.base, levelTimes(times.base, level), thresholds, this.basePoints());
  }
}
