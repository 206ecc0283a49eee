/**
 * What the maps' bands show: the times of the state's scenario (the base's with no changes) on the
 * planner's map, and the base's on the comparison's base side, at the state's level and
 * thresholds. Fetching the times is the only request (grid.ts keeps them); drawing is the page's.
 */
import type { FeatureCollection } from "geojson";
import { layerTimes, TimeGrids, type TimeGrid } from "./grid.ts";
import type { Subset } from "./api.ts";
import type { PlannerMap } from "./map.ts";
import type { SwipeCompare } from "./compare.ts";
import type { Change } from "./state.ts";

/** The times a state's bands are drawn from. */
export interface LoadedTimes {
  readonly base: TimeGrid;
  /** The scenario's; the base's with no changes. */
  readonly shown: TimeGrid;
}

/** How long to wait for a map that never goes idle (nothing to redraw) before calling the bands drawn. */
const IDLE_FALLBACK_MS = 3000;

export class BandView {
  private readonly grids = new TimeGrids();
  private times: LoadedTimes | null = null;
  private drawings = 0;
  private last = { layer: "", compare: false, thresholds: "" };

  constructor(
    private readonly map: PlannerMap,
    private readonly swipe: SwipeCompare,
    /** The base points, as the comparison's base side shows them. */
    private readonly basePoints: () => FeatureCollection,
  ) {}

  /**
   * The times a profile and model (their key, app-state.ts roadsKey), change list and subset (a
   * type, a language) need: requests only for what is not kept yet, sent before this returns.
   */
  async load(roads: string, changes: readonly Change[], subset: Subset, signal?: AbortSignal): Promise<LoadedTimes> {
    const [shown, base] = await Promise.all([this.grids.of(roads, changes, subset, signal), this.grids.baseOf(roads, subset)]);
    return { base, shown };
  }

  /** The times last drawn from, or null before the first drawing. */
  get shown(): LoadedTimes | null {
    return this.times;
  }

  /**
   * Resolves once the map (and the comparison's base map) has drawn, or after a while, should it
   * have nothing to redraw; then marks the page (`data-drawn`, a count), so the tests and
   * benchmarks/web-bands.ts can tell the bands drawn from the figures. True when no later drawing
   * was asked for meanwhile.
   */
  async drawn(): Promise<boolean> {
    const drawing = ++this.drawings;
    await Promise.race([Promise.all([this.map.idle(), this.swipe.idle()]), new Promise((r) => setTimeout(r, IDLE_FALLBACK_MS))]);
    document.body.dataset.drawn = String(drawing);
    // The comparison's map, made in a quiet moment after the planner's map has drawn (compare.ts).
    this.swipe.prepareSoon();
    return drawing === this.drawings;
  }

  /** Draws from the given times, or the last ones: a layer (a level, or T for a type) at the thresholds, and the base beside it when comparing. */
  draw(layer: string, thresholds: readonly number[], compare: boolean, times: LoadedTimes | null = this.times): void {
    if (!times) return;
    // The same picture again (a refresh after a local redraw) costs no repaint and no frame.
    const same = times === this.times && layer === this.last.layer && compare === this.last.compare && thresholds.join() === this.last.thresholds;
    this.times = times;
    this.last = { layer, compare, thresholds: thresholds.join() };
    if (same) return;
    this.map.setBands({ grid: times.shown, times: layerTimes(times.shown, layer) }, thresholds);
    // Given while hidden too (it only keeps them then), so the comparison's map can be made and drawn ahead.
    this.swipe.setBase(times.base, layerTimes(times.base, layer), thresholds, this.basePoints());
  }
}
