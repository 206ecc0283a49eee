/**
 * The MapLibre map: a basemap of the project's own roads, water and municipal borders (no tile server),
 * travel-time bands, service points and municipal centres. Layers use no text, so the style needs
 * no glyph server; the few labels (centre names) are HTML markers, which also keeps them crisp.
 */
import { AttributionControl, LngLatBounds, Map as MlMap, Marker, NavigationControl, Popup, ScaleControl, setWorkerUrl, type IControl, type MapOptions, type LngLat } from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
// MapLibre finds its worker next to its own module, which a bundle moves: hand it the bundled file.
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import type { FeatureCollection } from "geojson";
import type { GeoJSONSource } from "maplibre-gl";
import type { Areas, Municipality, Roads, ServicePoint, Water } from "./api.ts";
import { BEYOND_COLOUR, MapBands } from "./bands.ts";
import type { TimeGrid } from "./grid.ts";
import type { Lang, Level, Place, PointState } from "./state.ts";

setWorkerUrl(workerUrl);

type Style = Exclude<MapOptions["style"], string | undefined>;
/**
 * A style expression. maplibre-gl does not export the style spec's expression types, so they pass
 * through this one cast; MapLibre validates the style at run time and the browser tests draw it.
 */
const x = (expression: unknown) => expression as never;

/** The borders, and the table rows, of municipalities the extract covers only in part. */
const PARTIAL_COLOUR = "#8c8c8c";
/**
 * Point colours by level: distinct from the band ramp and from each other, with a white ring on any
 * band; each carries white text (the panel's badges) at 4.5:1 or more.
 */
export const LEVEL_COLOURS: Record<Level, string> = { L: "#c51b7d", A: "#b35806", E: "#2d004b" };

const EMPTY = { type: "FeatureCollection" as const, features: [] };
/** How far (px) the mouse must go with a point held for a drag rather than a click (MapLibre's click tolerance is 3). */
const DRAG_PX = 4;

/** The built-in style: a background only; the layers come from the API's GeoJSON. */
const OWN_STYLE: Style = { version: 8, sources: {}, layers: [{ id: "background", type: "background", paint: { "background-color": BEYOND_COLOUR } }] };

/** A point's load against its capacity, by class: up to 90 %, up to 100 %, over; grey where the point has no capacity (ColorBrewer RdYlGn's ends and middle). */
export const LOAD_STEPS: readonly (readonly [number, string])[] = [
  [0, "#1a9641"],
  [90, "#fdae61"],
  [100.05, "#d7191c"],
];
export const NO_CAPACITY_COLOUR = "#737373";

/** A point's catchment and load as the map draws it: where it is, how many people it is nearest to, its load (%) or null without a capacity. */
export interface PointLoad {
  readonly id: string;
  readonly lon: number;
  readonly lat: number;
  readonly people: number;
  readonly loadPct: number | null;
  /** What its label says ("12 300 as. · 85 %"). */
  readonly label: string;
}

/** The population layer's classes: people in a cell from each bound up, ColorBrewer's RdPu (colorbrewer2.org), a ramp no band colour shares. */
export const POPULATION_STEPS: readonly (readonly [number, string])[] = [
  [0, "#feebe2"],
  [10, "#fbb4b9"],
  [50, "#f768a1"],
  [200, "#c51b8a"],
  [500, "#7a0177"],
];

/** Water fill and shore: a calm pale blue, lighter and greyer than any band colour. */
const WATER_COLOUR = "#b9d4e6";
const WATER_SHORE = "#8fb4cf";

export interface MapCallbacks {
  onPointClick(id: string, at: LngLat): void;
  /** A click (or Enter on the focused map: its centre) while adding a point. */
  onPlace(at: LngLat): void;
  onMove(view: { zoom: number; lon: number; lat: number }): void;
  /** The external style failed; the built-in basemap is shown instead. */
  onStyleFailed(): void;
  /** A point dragged to a new place and let go there. */
  onPointDrag(id: string, at: LngLat): void;
  /** A click on the map off every point, not while adding: the grid cell there. */
  onCellClick(at: LngLat): void;
}

export interface MapInit {
  roads: Roads;
  areas: Areas;
  /** The extract's water (lakes, the sea); null or empty draws none. */
  water?: Water | null;
  municipalities: Municipality[];
  lang: Lang;
  view?: { zoom: number; lon: number; lat: number };
  /** An external MapLibre style to draw under the bands instead of the built-in roads. */
  styleUrl?: string;
  /** The attribution line in each language (the roads' source, or that they are GENERATED). */
  attribution: Readonly<Record<Lang, string>>;
}

export class PlannerMap {
  readonly map: MlMap;
  private popup: Popup | null = null;
  private markers: Marker[] = [];
  /** The bands, drawn in the page from a level's times (bands.ts); translucent over an external basemap. */
  private readonly bands = new MapBands(() => (this.external ? 0.6 : 1));
  private points: FeatureCollection = EMPTY;
  private external: boolean;
  /** Adding a point: a click places it instead of opening a point's popup. */
  private adding = false;
  private pending: Marker | null = null;
  /** Moved points' base places and the lines to where they are now. */
  private moves: FeatureCollection = EMPTY;
  /** The populated cells, when the population layer is on. */
  private population: FeatureCollection | null = null;
  /** The points' catchments and loads, when the load layer is on; its labels are HTML markers. */
  private loads: FeatureCollection | null = null;
  private loadLabels: Marker[] = [];
  /** The bottom-right controls, made again in each language (MapLibre fixes an attribution's text when it is made). */
  private bottom: IControl[] = [];

  constructor(
    container: HTMLElement,
    private readonly init: MapInit,
    private readonly callbacks: MapCallbacks,
  ) {
    this.external = init.styleUrl !== undefined;
    const bounds = boundsOf(init.roads);
    this.map = new MlMap({
      container,
      style: init.styleUrl ?? OWN_STYLE,
      ...(init.view ? { center: [init.view.lon, init.view.lat], zoom: init.view.zoom } : bounds ? { bounds, fitBoundsOptions: { padding: 24 } } : { center: [25, 61], zoom: 6 }),
      attributionControl: false,
      maplibreLogo: false,
      dragRotate: false,
      fadeDuration: 0,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), "top-right");
    // Every style load (the first, and a fallback after a failed external one) gets our layers again.
    this.map.on("style.load", () => this.addLayers());
    this.map.on("error", (e) => {
      if (!this.external || this.map.isStyleLoaded()) return;
      console.warn("external style failed", e.error);
      this.external = false;
      this.map.setStyle(OWN_STYLE, { diff: false });
      callbacks.onStyleFailed();
    });
    this.map.on("click", "points", (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (!this.adding && typeof id === "string") callbacks.onPointClick(id, e.lngLat);
    });
    this.map.on("click", (e) => {
      if (this.adding) return callbacks.onPlace(e.lngLat);
      const onPoint = this.map.getLayer("points") && this.map.queryRenderedFeatures(e.point, { layers: ["points"] }).length > 0;
      if (!onPoint) callbacks.onCellClick(e.lngLat);
    });
    this.map.on("mousedown", "points", (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (this.adding || e.originalEvent.button !== 0 || typeof id !== "string") return;
      e.preventDefault(); // the map does not pan while a point is held
      this.drag(id, e.point, "mouse");
    });
    // A finger on a point drags it as the mouse does; two fingers still zoom the map.
    this.map.on("touchstart", "points", (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (this.adding || e.originalEvent.touches.length !== 1 || typeof id !== "string") return;
      e.preventDefault(); // the map does not pan while a point is held
      this.drag(id, e.point, "touch");
    });
    this.map.getCanvas().addEventListener("keydown", (e) => {
      if (!this.adding || e.key !== "Enter") return;
      e.preventDefault();
      callbacks.onPlace(this.map.getCenter());
    });
    this.map.on("mouseenter", "points", () => !this.adding && (this.map.getCanvas().style.cursor = "pointer"));
    this.map.on("mouseleave", "points", () => (this.map.getCanvas().style.cursor = this.adding ? "crosshair" : ""));
    // Markers take their places when the map renders: lay the labels out once it rests.
    this.map.on("moveend", () => this.declutter());
    this.map.once("idle", () => this.declutter());
    this.map.on("moveend", () => {
      const c = this.map.getCenter();
      callbacks.onMove({ zoom: this.map.getZoom(), lon: c.lng, lat: c.lat });
    });
    this.setLang(init.lang);
  }

  /** Resolves once the style and the first data are drawn. */
  loaded(): Promise<void> {
    return new Promise((resolve) => (this.map.loaded() ? resolve() : this.map.once("idle", () => resolve())));
  }

  /** Resolves when the map has drawn what it was last given. */
  idle(): Promise<void> {
    return new Promise((resolve) => this.map.once("idle", () => resolve()));
  }

  /** Draws a level's times (a time grid and one of its layers) as bands at the thresholds (min, ascending). */
  setBands(data: { grid: TimeGrid; times: Uint16Array } | null, thresholds: readonly number[]): void {
    this.bands.draw(this.map, data, thresholds);
  }

  /**
   * Points coloured by their level in the scenario, hollow when closed, ringed when changed. A
   * closure, re-levelling or undo changes only each point's level, openness and ring: those go in
   * as feature state, drawn in the same frame as the bands. New data (a worker round and a frame
   * of its own for every change of the source) only when the points themselves differ: added,
   * moved, renamed or in another language.
   */
  setPoints(points: readonly ServicePoint[], states: ReadonlyMap<string, PointState>, changed: ReadonlySet<string>, lang: Lang): void {
    const next = pointFeatures(points, states, changed, lang);
    const where = (fc: FeatureCollection) => JSON.stringify(fc.features.map((f) => [f.properties?.id, f.properties?.name, f.geometry]));
    if (where(next) !== where(this.points)) {
      this.points = next;
      (this.map.getSource("points") as GeoJSONSource | undefined)?.setData(this.points);
    } else this.points = next;
    this.pointStates();
  }

  /** Each point's level, openness and ring as the source's feature state (the layers read it before the data's own). */
  private pointStates(): void {
    if (!this.map.getSource("points")) return;
    for (const f of this.points.features) {
      const { id, level, open, changed } = f.properties as { id: string; level: Level; open: boolean; changed: boolean };
      this.map.setFeatureState({ source: "points", id }, { level, open, changed });
    }
  }

  /** Moved points: a dashed line from each one's base place (a small dot) to where the scenario has it. */
  setMoves(moves: readonly { from: Place; to: Place }[]): void {
    const next: FeatureCollection = {
      type: "FeatureCollection",
      features: moves.flatMap(({ from, to }) => [
        { type: "Feature" as const, properties: {}, geometry: { type: "LineString" as const, coordinates: [[from.lon, from.lat], [to.lon, to.lat]] } },
        { type: "Feature" as const, properties: {}, geometry: { type: "Point" as const, coordinates: [from.lon, from.lat] } },
      ]),
    };
    if (JSON.stringify(next) === JSON.stringify(this.moves)) return;
    this.moves = next;
    (this.map.getSource("moves") as GeoJSONSource | undefined)?.setData(this.moves);
  }

  /**
   * Follows the mouse or the finger from a point pressed at `start` (pixels): past DRAG_PX a ring
   * goes with it, and where it is let go the point is moved to. Short of that it was a click (or a
   * tap), which opens the popup. The document listens, so a release outside the map ends the drag
   * too; a second finger or a cancelled touch ends it where it is, moving nothing.
   */
  private drag(id: string, start: { x: number; y: number }, by: "mouse" | "touch"): void {
    const canvas = this.map.getCanvas();
    let ghost: Marker | null = null;
    const at = (e: MouseEvent | TouchEvent) => {
      const r = canvas.getBoundingClientRect();
      const c = e instanceof MouseEvent ? e : e.changedTouches[0];
      return { x: c.clientX - r.left, y: c.clientY - r.top };
    };
    const events = by === "mouse" ? (["mousemove", "mouseup"] as const) : (["touchmove", "touchend", "touchcancel"] as const);
    const stop = () => {
      for (const type of events) document.removeEventListener(type, type === events[0] ? move : up);
      ghost?.remove();
      canvas.style.cursor = "";
    };
    const move = (e: MouseEvent | TouchEvent) => {
      if (typeof TouchEvent !== "undefined" && e instanceof TouchEvent) {
        if (e.touches.length !== 1) return stop();
        e.preventDefault(); // the page does not scroll under the finger
      }
      const p = at(e);
      if (!ghost && Math.hypot(p.x - start.x, p.y - start.y) < DRAG_PX) return;
      if (!ghost) {
        const el = document.createElement("div");
        el.className = "pending-marker";
        ghost = new Marker({ element: el }).setLngLat(this.map.unproject([p.x, p.y])).addTo(this.map);
        canvas.style.cursor = "grabbing";
      }
      ghost.setLngLat(this.map.unproject([p.x, p.y]));
    };
    const up = (e: MouseEvent | TouchEvent) => {
      const moved = ghost !== null && e.type !== "touchcancel";
      stop();
      if (!moved) return;
      const p = at(e);
      this.callbacks.onPointDrag(id, this.map.unproject([p.x, p.y]));
    };
    for (const type of events) document.addEventListener(type, type === events[0] ? move : up, { passive: false });
  }

  /** Centre labels in the language (Swedish names for sv, Finnish otherwise), most populous first. */
  setLang(lang: Lang): void {
    // Scale above the attribution, as MapLibre's own attribution and a later scale stand.
    for (const c of this.bottom) this.map.removeControl(c);
    this.bottom = [new AttributionControl({ compact: false, customAttribution: this.init.attribution[lang] }), new ScaleControl({ unit: "metric" })];
    for (const c of this.bottom) this.map.addControl(c, "bottom-right");
    for (const m of this.markers) m.remove();
    const byPeople = [...this.init.municipalities].sort((a, b) => b.population - a.population);
    this.markers = byPeople.flatMap((m) => {
      if (!m.centre) return [];
      const el = document.createElement("div");
      el.className = "centre-label";
      el.textContent = lang === "sv" ? m.name.sv : m.name.fi;
      return [new Marker({ element: el, anchor: "left", offset: [8, 0] }).setLngLat([m.centre.lon, m.centre.lat]).addTo(this.map)];
    });
    this.declutter();
  }

  /**
   * HTML labels do not avoid each other as map symbols do: hide each label that would overlap one
   * already shown, the most populous municipalities first, so a county view stays readable.
   */
  private declutter(): void {
    const shown: DOMRect[] = [];
    for (const m of this.markers) {
      const el = m.getElement();
      el.style.visibility = "visible";
      const r = el.getBoundingClientRect();
      const hit = shown.some((s) => r.left < s.right && r.right > s.left && r.top < s.bottom && r.bottom > s.top);
      el.style.visibility = hit ? "hidden" : "visible";
      if (!hit) shown.push(r);
    }
  }

  /** The add-point mode: a crosshair, and clicks place a point. */
  setAdding(on: boolean): void {
    this.adding = on;
    this.map.getCanvas().style.cursor = on ? "crosshair" : "";
    this.map.getContainer().classList.toggle("adding", on);
  }

  /** A popup; `onClose` runs when it closes (its button, a click elsewhere, or another popup). `maxWidth` a CSS width. */
  showPopup(at: [number, number], content: HTMLElement, onClose?: () => void, maxWidth = "300px"): void {
    this.popup?.remove();
    const popup = new Popup({ closeButton: true, closeOnClick: !this.adding, maxWidth, focusAfterOpen: true }).setLngLat(at).setDOMContent(content).addTo(this.map);
    if (onClose) popup.on("close", onClose);
    this.popup = popup;
  }

  /** Marks where a new point would go (null: nowhere); the form's popup points at it too. */
  setPendingMarker(at: [number, number] | null): void {
    this.pending?.remove();
    this.pending = null;
    if (!at) return;
    const el = document.createElement("div");
    el.className = "pending-marker";
    this.pending = new Marker({ element: el }).setLngLat(at).addTo(this.map);
  }

  closePopup(): void {
    this.popup?.remove();
    this.popup = null;
  }

  /** Replaces the open popup's content (after a change made in it), or does nothing when none is open. */
  updatePopup(content: HTMLElement | null): void {
    if (!this.popup?.isOpen() || !content) return;
    // A keyboard user who pressed Close in the popup stays on that control, not on the first one.
    const old = this.popup.getElement();
    const tag = old.contains(document.activeElement) ? document.activeElement?.tagName : undefined;
    this.popup.setDOMContent(content);
    if (tag) content.querySelector<HTMLElement>(tag.toLowerCase())?.focus();
  }

  /** The population layer: the cells shaded by their people, over the bands and under the water and roads; null takes it off. */
  setPopulation(cells: FeatureCollection | null): void {
    this.population = cells;
    this.whenStyled(() => this.drawPopulation());
  }

  /**
   * Draws now when the style is loaded, else once the map rests: isStyleLoaded() is also false
   * while any source is still loading (the bands' image, say), and a layer asked for then would be
   * lost. Drawing twice is harmless (each draw replaces its layer).
   */
  private whenStyled(draw: () => void): void {
    if (this.map.isStyleLoaded()) draw();
    else this.map.once("idle", draw);
  }

  private drawPopulation(): void {
    const m = this.map;
    if (m.getLayer("population")) m.removeLayer("population");
    if (m.getSource("population")) m.removeSource("population");
    if (!this.population) return;
    m.addSource("population", { type: "geojson", data: this.population });
    const before = ["water", "roads-casing", "areas"].find((id) => m.getLayer(id));
    const steps: unknown[] = [];
    POPULATION_STEPS.forEach(([from, colour], i) => (i === 0 ? steps.push(colour) : steps.push(from, colour)));
    m.addLayer({ id: "population", type: "fill", source: "population", paint: { "fill-color": x(["step", ["get", "population"], ...steps]), "fill-opacity": 0.8 } }, before);
  }

  /**
   * The load layer: a disc per point whose area is its catchment's people, coloured by its load
   * against capacity (LOAD_STEPS; grey without one), with a label saying both; null takes it off.
   */
  setLoads(loads: readonly PointLoad[] | null): void {
    this.loads = loads && {
      type: "FeatureCollection",
      features: loads.map((l) => ({ type: "Feature", properties: { id: l.id, people: l.people, load: l.loadPct ?? -1 }, geometry: { type: "Point", coordinates: [l.lon, l.lat] } })),
    };
    for (const m of this.loadLabels.splice(0)) m.remove();
    for (const l of loads ?? []) {
      const el = document.createElement("div");
      el.className = "load-label";
      el.dataset.point = l.id;
      el.textContent = l.label;
      this.loadLabels.push(new Marker({ element: el, anchor: "top", offset: [0, 12] }).setLngLat([l.lon, l.lat]).addTo(this.map));
    }
    this.whenStyled(() => this.drawLoads());
  }

  private drawLoads(): void {
    const m = this.map;
    if (m.getLayer("loads")) m.removeLayer("loads");
    if (m.getSource("loads")) m.removeSource("loads");
    if (!this.loads) return;
    m.addSource("loads", { type: "geojson", data: this.loads });
    const colour = ["case", ["<", ["get", "load"], 0], NO_CAPACITY_COLOUR, ["step", ["get", "load"], ...LOAD_STEPS.flatMap(([from, c], i) => (i === 0 ? [c] : [from, c]))]];
    // Area in proportion to people: π r² = people / 20 at zoom 12, the radius doubling every two zoom levels (×√2 per level).
    const r = ["sqrt", ["/", ["get", "people"], 20 * Math.PI]];
    const radius = ["interpolate", ["exponential", Math.SQRT2], ["zoom"], 8, ["*", r, 0.25], 16, ["*", r, 4]];
    m.addLayer({ id: "loads", type: "circle", source: "loads", paint: { "circle-radius": x(radius), "circle-color": x(colour), "circle-opacity": 0.35, "circle-stroke-color": x(colour), "circle-stroke-width": 2 } }, m.getLayer("moves") ? "moves" : undefined);
  }

  private addLayers(): void {
    const m = this.map;
    m.addSource("areas", { type: "geojson", data: this.init.areas });
    m.addSource("roads", { type: "geojson", data: this.init.roads });
    m.addSource("water", { type: "geojson", data: this.init.water ?? EMPTY });
    m.addSource("points", { type: "geojson", data: this.points, promoteId: "id" });
    m.addSource("moves", { type: "geojson", data: this.moves });
    m.addSource("centres", { type: "geojson", data: centresOf(this.init.municipalities) });
    if (!this.external) {
      // Water over the bands, under the roads: nobody lives on a lake, so its band colour says nothing,
      // and a pale blue no band uses (the bands are YlGnBu) reads as water beside them.
      m.addLayer({ id: "water", type: "fill", source: "water", paint: { "fill-color": WATER_COLOUR, "fill-outline-color": WATER_SHORE } });
      // Widths (px) by rank 0 motorway … 5 street, at zoom 9 and 15; a white casing keeps roads legible on the darkest band.
      const widths = (extra: number) => x(["interpolate", ["linear"], ["zoom"], 9, ["+", extra, ["at", ["get", "rank"], ["literal", [2.2, 1.8, 1.4, 1.0, 0.7, 0.25]]]], 15, ["+", extra, ["at", ["get", "rank"], ["literal", [6, 5, 4.2, 3.6, 3, 1.6]]]]]);
      const layout = { "line-join": "round", "line-cap": "round", "line-sort-key": x(["-", 0, ["get", "rank"]]) } as const;
      m.addLayer({ id: "roads-casing", type: "line", source: "roads", layout, paint: { "line-color": "rgba(255,255,255,0.75)", "line-width": widths(1.5) } });
      m.addLayer({ id: "roads", type: "line", source: "roads", layout, paint: { "line-color": x(["step", ["get", "rank"], "#333333", 2, "#4d4d4d", 5, "#737373"]), "line-width": widths(0) } });
    }
    // A municipality the extract cuts is drawn grey: its figures cover only the part inside (the panel says so).
    m.addLayer({ id: "areas", type: "line", source: "areas", paint: { "line-color": x(["case", ["get", "partial"], PARTIAL_COLOUR, "#1a1a1a"]), "line-width": x(["case", ["get", "partial"], 2.6, 1.8]), "line-dasharray": [3, 2] } });
    m.addLayer({ id: "centres", type: "circle", source: "centres", paint: { "circle-radius": 4, "circle-color": "#ffffff", "circle-stroke-color": "#1a1a1a", "circle-stroke-width": 2 } });
    // Level, openness and the ring from the feature state (setPoints) where set, else from the data (the comparison's base map has data only).
    const state = (key: string) => ["coalesce", ["feature-state", key], ["get", key]];
    const byLevel = (v: Record<Level, unknown>) => ["match", state("level"), "E", v.E, "A", v.A, v.L];
    const radius = byLevel({ E: 9, A: 8, L: 6.5 });
    const open = ["==", state("open"), true];
    const colour = byLevel(LEVEL_COLOURS);
    m.addLayer({ id: "moves", type: "line", source: "moves", filter: x(["==", ["geometry-type"], "LineString"]), paint: { "line-color": "#111111", "line-width": 2, "line-dasharray": [2, 1.5] } });
    m.addLayer({ id: "moves-from", type: "circle", source: "moves", filter: x(["==", ["geometry-type"], "Point"]), paint: { "circle-radius": 3.5, "circle-color": "#ffffff", "circle-stroke-color": "#111111", "circle-stroke-width": 1.5 } });
    // A filter cannot read feature state: every point has the ring, shown where changed.
    m.addLayer({ id: "points-changed", type: "circle", source: "points", paint: { "circle-radius": x(["+", radius, 5]), "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#111111", "circle-stroke-width": 2, "circle-stroke-opacity": x(["case", ["==", state("changed"), true], 1, 0]) } });
    m.addLayer({
      id: "points",
      type: "circle",
      source: "points",
      paint: {
        "circle-radius": x(radius),
        "circle-color": x(["case", open, colour, "#ffffff"]),
        "circle-stroke-color": x(["case", open, "#ffffff", colour]),
        "circle-stroke-width": x(["case", open, 2, 3.5]),
      },
    });
    this.pointStates();
    this.bands.attach(m);
    this.drawPopulation();
    this.drawLoads();
  }
}

/** Service points as the map's GeoJSON: each with its level and openness in `states`, and whether it is changed. */
export function pointFeatures(points: readonly ServicePoint[], states: ReadonlyMap<string, PointState>, changed: ReadonlySet<string>, lang: Lang): FeatureCollection {
  return {
    type: "FeatureCollection",
    features: points.map((p) => {
      const s = states.get(p.id) ?? p;
      return { type: "Feature", properties: { id: p.id, level: s.level, open: s.open, changed: changed.has(p.id), name: lang === "sv" ? p.name.sv : p.name.fi }, geometry: { type: "Point", coordinates: [p.lon, p.lat] } };
    }),
  };
}

function centresOf(ms: readonly Municipality[]): FeatureCollection {
  return { type: "FeatureCollection", features: ms.flatMap((m) => (m.centre ? [{ type: "Feature" as const, properties: { code: m.code }, geometry: { type: "Point" as const, coordinates: [m.centre.lon, m.centre.lat] } }] : [])) };
}

function boundsOf(fc: Roads): LngLatBounds | null {
  const b = new LngLatBounds();
  let any = false;
  for (const f of fc.features) for (const c of f.geometry.coordinates) (b.extend(c as [number, number]), (any = true));
  return any ? b : null;
}
