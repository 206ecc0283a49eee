/**
 * The swipe comparison of base and scenario. A second MapLibre map, laid over the planner's map and
 * following it, draws the base (its bands and points at the current level) clipped to the left of
 * a divider; the planner's map shows the scenario to the right. Two maps, because MapLibre cannot
 * clip one layer to part of the screen: a CSS clip of the second canvas costs nothing per divider
 * step, where clipping the band polygons would re-tile them at every step. Its bands are painted
 * in the page from the base's times (bands.ts), and it is made once, hidden, after the planner's map
 * first draws, so showing the comparison is a repaint, not a new map. The base map has no
 * handlers and takes no pointer events, so every click and drag still reaches the planner's map;
 * it sits under the planner's map's HTML markers (centre names), which stay readable on both sides.
 * Beside it, a table of the people per municipality whose band gets farther or nearer.
 */
import { Map as MlMap, type GeoJSONSource } from "maplibre-gl";
import type { FeatureCollection } from "geojson";
import type { DiffRow, Municipality } from "./api.ts";
import { bandOpacity, MapBands } from "./bands.ts";
import type { TimeGrid } from "./grid.ts";
import { fill, h } from "./dom.ts";
import { LOCALE, t, type MessageId } from "./i18n.ts";
import { ALL_AREAS } from "../../engine/terms.ts";
import type { Lang } from "./state.ts";

/** Divider steps: arrow keys, Page Up/Down (share of the map's width). */
const STEP = 0.05;
const PAGE = 0.25;
/** How long after the first drawing the base map is made ahead of a comparison (ms). */
const PREPARE_AFTER_MS = 5000;

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

export class SwipeCompare {
  /** The divider with its handle and side labels; the caller puts it on the map. */
  readonly divider: HTMLElement;
  /** The table of people changing band; the caller puts it on the map. */
  readonly diff: HTMLElement;
  private readonly handle: HTMLElement;
  private readonly labels: { base: HTMLElement; scenario: HTMLElement };
  private readonly layer: HTMLElement;
  private base: MlMap | null = null;
  /** Share of the map's width that shows the base, 0–1. */
  private split = 0.5;
  private data: { grid: TimeGrid; times: Uint16Array; thresholds: readonly number[]; points: FeatureCollection } | null = null;
  /** The base side's bands, drawn in the page as the planner's map draws its own. */
  private readonly bands = new MapBands(() => bandOpacity(this.main));
  private lang: Lang = "fi";
  /** The comparison is shown. */
  private on = false;
  /** prepareSoon() was called. */
  private scheduled = false;
  /** The points each base map was last given, as JSON. */
  private readonly drawnPoints = new WeakMap<MlMap, string>();
  private readonly follow = () => this.base?.jumpTo({ center: this.main.getCenter(), zoom: this.main.getZoom(), bearing: this.main.getBearing(), pitch: this.main.getPitch() });

  constructor(private readonly main: MlMap) {
    this.layer = h("div", { class: "compare-base", "aria-hidden": "true" });
    this.handle = h("div", { class: "swipe-handle", role: "slider", tabindex: 0, "aria-valuemin": 0, "aria-valuemax": 100, "aria-orientation": "horizontal" });
    this.labels = { base: h("span", { class: "swipe-label swipe-base" }), scenario: h("span", { class: "swipe-label swipe-scenario" }) };
    this.divider = h("div", { class: "swipe", hidden: true }, h("div", { class: "swipe-line" }), this.labels.base, this.labels.scenario, this.handle);
    this.diff = h("section", { class: "compare-diff", id: "compare-diff", "aria-labelledby": "compare-diff-title", hidden: true });
    this.handle.addEventListener("keydown", (e) => this.key(e));
    // Dragging the line or the handle; pointer capture keeps the drag going off them.
    this.divider.addEventListener("pointerdown", (e) => {
      const grip = e.target as HTMLElement;
      if (e.button !== 0) return;
      e.preventDefault();
      this.handle.focus();
      grip.setPointerCapture(e.pointerId);
      const move = (m: PointerEvent) => this.at(m.clientX);
      const up = () => {
        grip.removeEventListener("pointermove", move);
        grip.removeEventListener("pointerup", up);
        grip.removeEventListener("pointercancel", up);
      };
      grip.addEventListener("pointermove", move);
      grip.addEventListener("pointerup", up);
      grip.addEventListener("pointercancel", up);
    });
    this.place();
  }

  /**
   * Makes the base map ahead of the first comparison, hidden and still, so that showing it is a
   * repaint of its bands rather than a new map whose basemap is tiled again (a second or more on
   * software WebGL). The price: its WebGL context and tiles are kept for the page's life.
   */
  prepare(): void {
    if (!this.base) this.make();
  }

  /**
   * prepare(), once the page has been quiet a while after its first drawing: making the map copies
   * the basemap's data to MapLibre's worker in one long task, which must not hold up a planner's
   * first clicks. A comparison asked for before then makes the map itself.
   */
  prepareSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const quiet = () => ("requestIdleCallback" in window ? requestIdleCallback(() => this.prepare(), { timeout: PREPARE_AFTER_MS }) : this.prepare());
    setTimeout(quiet, PREPARE_AFTER_MS);
  }

  /**
   * Shows the comparison, with the base map made from the planner's map's current style (the same
   * basemap and layers) when it has none or the planner's map has other layers now (the population
   * or unit layers), or hides it, keeping the base map for the next time.
   */
  show(on: boolean): void {
    this.divider.hidden = !on;
    this.diff.hidden = !on;
    if (on === this.on) return;
    this.on = on;
    this.layer.style.visibility = on ? "" : "hidden";
    if (!on) {
      this.main.off("move", this.follow);
      return;
    }
    const layers = (m: MlMap) => m.getLayersOrder().filter((id) => id !== "bands").join();
    if (this.base && layers(this.base) !== layers(this.main)) {
      this.base.remove();
      this.base = null;
    }
    if (!this.base) this.make();
    this.main.on("move", this.follow);
    this.follow();
    this.draw();
  }

  /** The base map over the planner's map's canvas, from its style (which never holds the bands: a custom layer, added at run time). */
  private make(): void {
    this.main.getCanvas().after(this.layer);
    this.layer.style.visibility = this.on ? "" : "hidden";
    const style = this.main.getStyle();
    const base = new MlMap({
      container: this.layer,
      style,
      center: this.main.getCenter(),
      zoom: this.main.getZoom(),
      interactive: false,
      attributionControl: false,
      maplibreLogo: false,
      fadeDuration: 0,
    });
    this.base = base;
    base.on("load", () => this.draw(true));
  }

  /** What the base side draws: the bands of the base's times at the thresholds, and the base points; kept while hidden. */
  setBase(grid: TimeGrid, times: Uint16Array, thresholds: readonly number[], points: FeatureCollection): void {
    this.data = { grid, times, thresholds, points };
    this.draw();
  }

  /** Resolves when the base map has drawn what it was last given (at once when it is hidden). */
  idle(): Promise<void> {
    const base = this.base;
    if (!base || !this.on) return Promise.resolve();
    return new Promise((resolve) => (base.loaded() && !base.isMoving() && base.areTilesLoaded() ? resolve() : base.once("idle", () => resolve())));
  }

  /**
   * The labels in a language, and the table of who changes band for the service shown (`what`: a
   * level's or type's name); `diff` null: no crossings to show, and `empty` says why.
   */
  render(lang: Lang, what: string, diff: readonly DiffRow[] | null, municipalities: readonly Municipality[], empty: MessageId = "noChanges"): void {
    this.lang = lang;
    this.labels.base.textContent = t(lang, "compareBase");
    this.labels.scenario.textContent = t(lang, "compareScenario");
    this.handle.setAttribute("aria-label", t(lang, "compareSlider"));
    this.place();
    fill(this.diff, diffTable(lang, what, diff, municipalities, empty));
  }

  /** Draws the base side when shown; `always`: also when hidden (a base map's first drawing, so its WebGL programs are ready before it is shown). */
  private draw(always = false): void {
    const base = this.base;
    if (!base || !(this.on || always) || !this.data || !base.isStyleLoaded()) return;
    this.bands.draw(base, this.data, this.data.thresholds);
    // New points only when they are new (the language): a setData waits its turn in MapLibre's worker.
    const points = JSON.stringify(this.data.points);
    if (points === this.drawnPoints.get(base)) return;
    this.drawnPoints.set(base, points);
    (base.getSource("points") as GeoJSONSource).setData(this.data.points);
    // The base has no moves to draw, and no changed points to ring.
    (base.getSource("moves") as GeoJSONSource | undefined)?.setData(EMPTY);
  }

  /** The divider at a page x. */
  private at(clientX: number): void {
    const r = this.main.getContainer().getBoundingClientRect();
    this.split = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    this.place();
  }

  private key(e: KeyboardEvent): void {
    const by: Record<string, number> = { ArrowLeft: -STEP, ArrowDown: -STEP, ArrowRight: STEP, ArrowUp: STEP, PageDown: -PAGE, PageUp: PAGE, Home: -1, End: 1 };
    if (!(e.key in by)) return;
    e.preventDefault();
    // Steps land on whole percents, so the value read out is the value shown.
    this.split = Math.min(1, Math.max(0, Math.round((this.split + by[e.key]) * 100) / 100));
    this.place();
  }

  /** Moves the divider and the base map's clip to the split, and says where it is. */
  private place(): void {
    const p = Math.round(this.split * 1000) / 10;
    this.divider.style.left = `${p}%`;
    this.layer.style.clipPath = `inset(0 ${100 - p}% 0 0)`;
    const percent = Math.round(this.split * 100);
    this.handle.setAttribute("aria-valuenow", String(percent));
    this.handle.setAttribute("aria-valuetext", t(this.lang, "compareSplit", { p: percent }));
  }
}

/**
 * Who changes band at a level, per municipality: the region first, then each municipality where
 * anyone does, most people moved farther first; the rest summed up in one line. The cells carry
 * their numbers in data attributes, as the figures table's do.
 */
function diffTable(lang: Lang, what: string, rows: readonly DiffRow[] | null, municipalities: readonly Municipality[], empty: MessageId): HTMLElement[] {
  const title = h("h2", { id: "compare-diff-title" }, t(lang, "compareDiff", { level: what }));
  if (!rows) return [title, h("p", { class: "hint" }, t(lang, empty))];
  const nf = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 0 });
  const names = new Map(municipalities.map((m) => [m.code, lang === "sv" ? m.name.sv : m.name.fi]));
  const areas = rows.filter((r) => r.id !== "all");
  const moved = areas.filter((r) => r.worse > 0 || r.better > 0).sort((a, b) => b.worse - a.worse || b.better - a.better);
  const still = areas.length - moved.length;
  const line = (r: DiffRow) =>
    h("tr", { "data-area": r.id, class: r.id === "all" ? "all" : null },
      h("th", { scope: "row" }, r.id === "all" ? ALL_AREAS[lang] : (names.get(r.id) ?? r.id)),
      h("td", { "data-field": "worse", "data-value": r.worse, class: r.worse > 0 ? "worse" : null }, nf.format(r.worse)),
      h("td", { "data-field": "better", "data-value": r.better, class: r.better > 0 ? "better" : null }, nf.format(r.better)));
  const table = h("table", { "aria-labelledby": "compare-diff-title" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, t(lang, "municipality")),
      h("th", { scope: "col", title: t(lang, "worseHint") }, `${t(lang, "worse")}, ${t(lang, "peopleShort")}`),
      h("th", { scope: "col", title: t(lang, "betterHint") }, `${t(lang, "better")}, ${t(lang, "peopleShort")}`))),
    h("tbody", {}, rows.filter((r) => r.id === "all").map(line), moved.map(line)));
  return still > 0 ? [title, table, h("p", { class: "hint" }, t(lang, "compareUnchanged", { n: still }))] : [title, table];
}
