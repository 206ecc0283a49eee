/**
 * The planner's map: pick a level, close, reopen or re-level service points, and see the bands and
 * the figures per municipality follow, base against scenario. One state object; a new scenario is
 * run on the server (figures, band crossings, times per cell), then drawn; a level, thresholds or the
 * comparison are drawn from the times the page has (band-view.ts). The URL hash holds level, bands, view and changes.
 * This file holds the actions and wires the parts: the state is app-state.ts (with state.ts's change
 * lists and hash), the requests api.ts and grid.ts, the views controls.ts, panel.ts, map.ts and the rest.
 */
import "./style.css";
import { api, ApiError, type Accessibility, type Roads, type Subset } from "./api.ts";
import { fill, h, InPlace, Kept, morph, patch, saveFile } from "./dom.ts";
import { preferredLang, t, type MessageId } from "./i18n.ts";
import { PlannerMap, pointFeatures } from "./map.ts";
import { SwipeCompare } from "./compare.ts";
import { BandView } from "./band-view.ts";
import { layerOf, layerTimes, type TimeGrid } from "./grid.ts";
import { TIME_GRID_NO_DATA } from "../../engine/time-grid.ts";
import { type GroupingState } from "./assignment.ts";
import { GroupingsView, viewTabs } from "./groupings.ts";
import { ServiceFileView } from "./service-file.ts";
import { cellPopup, type ChosenMinutes } from "./cell.ts";
import { exportControl, legend, listOrder, newPointForm, pointControls, pointRow, savedScenarios } from "./panel.ts";
import { addedIds, allPoints, app, carProfile, changedIds, crossBorderPoints, data, municipalityAt, pointName, roadsKey, setData, shownFigures, states, subset, urlState } from "./app-state.ts";
import { controls, langButtons, type ControlHandlers } from "./controls.ts";
import { figuresSection, shownName } from "./figures-view.ts";
import { LoadLayer } from "./load-layer.ts";
import { savedScenarioHandlers } from "./saved.ts";
import { BAND_SETS, History, addedPoints, withCrossBorder, decodeHash, encodeHash, freshId, movedPlaces, movePoint, sameChanges, setPoint, type BandSet, type Lang, type Level, type PointState, type RoadModel, type UrlState } from "./state.ts";

let map: PlannerMap;
let swipe: SwipeCompare;
let bandView: BandView;
let groupings: GroupingsView;
let serviceFile: ServiceFileView;
let loadLayer: LoadLayer;
/** The base's figures per profile, band set, type and language (figuresKey). */
const baseFigures = new Map<string, Accessibility>();
const figuresKey = (bands: BandSet, sub: Subset) => `${roadsKey()}/${bands}/${sub.type ?? ""}/${sub.language ?? ""}`;
let generation = 0;
let inFlight: AbortController | null = null;

const panel = h("aside", { id: "panel" });
// MapLibre makes its canvas focusable (arrow keys pan, +/- zoom); the element around it is a landmark only.
const mapEl = h("main", { id: "map" });
/** What the map itself must say about how it was drawn (approximate borders, generated roads): a box made once, its notes changed in place (morph) at each drawing. */
const mapNotesBox = (notes: readonly string[] = []) => h("div", { class: "map-notes", role: "note" }, notes.map((n) => h("p", {}, n)));
const mapNotes = mapNotesBox();
/** The add-point mode's instruction, on the map where the planner is looking. */
const addBanner = h("div", { class: "add-banner", id: "add-banner", role: "status", hidden: true });

function writeHash(): void {
  history.replaceState(null, "", encodeHash(urlState()));
}

function setStatus(id: MessageId, detail = ""): void {
  app.status = { id, detail };
  document.body.dataset.state = id === "ready" ? "ready" : id === "error" ? "error" : "busy";
  const el = document.getElementById("status");
  if (el) el.textContent = t(app.lang, id, { detail });
}

/** An error from a request, in the status line. */
function fail(err: unknown): void {
  setStatus("error", err instanceof ApiError ? err.message : String(err));
}

/** Recomputes what the state asks for; a newer call cancels an older one still under way. */
async function refresh(): Promise<void> {
  const gen = ++generation;
  inFlight?.abort();
  const controller = (inFlight = new AbortController());
  const { signal } = controller;
  const set = BAND_SETS[app.bands];
  const changes = app.history.present;
  try {
    const sub = subset();
    // Every request goes out now, before anything waits or is drawn: the figures first, so the server
    // runs the scenario for them and answers the times beside them (a scenario's: POST /api/grid) from the same run.
    const asked = changes.length === 0 ? null : api.run(changes, set.thresholds, sub, signal);
    asked?.catch(() => {}); // awaited below
    const times = bandView.load(roadsKey(), changes, sub, signal);
    times.catch(() => {}); // awaited after the figures are drawn
    setStatus("computing");
    writeHash();
    const key = figuresKey(app.bands, sub);
    let base = baseFigures.get(key);
    if (!base) baseFigures.set(key, (base = await api.accessibility(set.thresholds, sub, signal)));
    const run = await asked;
    if (gen !== generation) return;
    [app.base, app.run] = [base, run];
    render();
    const loaded = await times;
    if (gen !== generation) return;
    inFlight = null;
    bandView.draw(layerOf(app.level, sub), set.thresholds, app.compare, loaded);
    drawPoints();
    void loadLayer.draw();
    await settle();
  } catch (err) {
    if (signal.aborted || gen !== generation) return;
    inFlight = null;
    drawPoints(); // the points as the panel has them, though no bands came
    fail(err);
  }
}

/** Ready once the last bands are drawn (band-view.ts), not while a refresh is under way. */
async function settle(): Promise<void> {
  if ((await bandView.drawn()) && inFlight === null) setStatus("ready");
}

/** The bands again from the times the page has (a level, thresholds or the comparison): no request. */
function redraw(): void {
  setStatus("computing");
  writeHash();
  bandView.draw(layerOf(app.level, subset()), BAND_SETS[app.bands].thresholds, app.compare);
  render();
  void loadLayer.draw();
  void settle();
}

function setAdding(on: boolean): void {
  if (on) app.moving = null;
  app.adding = on;
  if (!on && app.pending) {
    app.pending = null;
    map.closePopup();
  }
  if (!on) map.setPendingMarker(null);
  map.setAdding(on);
  addBanner.hidden = !on;
  addBanner.textContent = on ? t(app.lang, "addPointHint") : "";
  render();
  if (on) map.map.getCanvas().focus();
}

/** Opens the new point's form at a place on the map. */
function place(lon: number, lat: number): void {
  const m = municipalityAt(lon, lat);
  if (!m) return;
  const here = { lon, lat };
  app.pending = here;
  const n = addedPoints(app.history.present).length + 1;
  const L = app.lang;
  const form = newPointForm(L, { name: t(L, "newPointDefault", { n }), level: app.level, municipality: L === "sv" ? m.name.sv : m.name.fi },
    (name, level) => {
      const point = { id: freshId(data.points, app.history.present), name_fi: name, municipality: m.code, lon: Math.round(lon * 1e5) / 1e5, lat: Math.round(lat * 1e5) / 1e5, level };
      app.pending = null;
      setAdding(false);
      map.closePopup();
      commit(app.history.push([...app.history.present, { op: "add", point }]), true);
    },
    () => setAdding(false));
  app.popupPoint = null;
  // The form says what to do now; the banner would cover the spot the popup points at.
  addBanner.hidden = true;
  map.setPendingMarker([lon, lat]);
  map.showPopup([lon, lat], form, () => app.pending === here && setAdding(false));
  form.querySelector<HTMLInputElement>("#new-point-name")?.select();
}

/**
 * The move mode for point `id` (null: off): the next click on the map, or Enter on the focused
 * map (its centre), is the point's new place. The map's placing mode serves both add and move.
 */
function setMoving(id: string | null): void {
  if (id && app.adding) setAdding(false);
  app.moving = id;
  map.closePopup();
  map.setAdding(id !== null);
  addBanner.hidden = id === null;
  addBanner.textContent = id ? t(app.lang, "movePointHint", { name: pointName(id) }) : "";
  render();
  if (id) map.map.getCanvas().focus();
}

/** Moves a point (a drag, or a click in the move mode) as one undoable step; an added point also counts in the municipality it now lies in. */
function moveTo(id: string, lon: number, lat: number): void {
  const municipality = addedIds().has(id) ? municipalityAt(lon, lat)?.code : undefined;
  commit(app.history.push(movePoint(data.points, app.history.present, id, { lon, lat }, municipality)), true);
}

/** Shows or hides the swipe comparison; its base side is drawn from the base's times, which the page has. */
function setCompare(on: boolean): void {
  app.compare = on;
  swipe.show(on);
  redraw();
}

const savedHandlers = savedScenarioHandlers({ rerender: render, fail, useChanges: (changes) => commit(app.history.push(changes)) });

function drawPoints(): void {
  map.setPoints(allPoints(), states(), changedIds(), app.lang);
  const base = new Map(data.points.map((p) => [p.id, p]));
  map.setMoves([...movedPlaces(app.history.present)].flatMap(([id, to]) => {
    const from = base.get(id);
    return from ? [{ from, to }] : [];
  }));
  if (app.popupPoint) map.updatePopup(popupContent(app.popupPoint));
}

let cellRequest: AbortController | null = null;
/** Where the open cell popup was asked for (null: none open), so that ticking door to door asks again. */
let shownCell: { lon: number; lat: number } | null = null;

/** The grid cell where the map was clicked, in a popup: its people and times (the scenario's beside the base's; door to door when ticked). */
async function showCell(lon: number, lat: number): Promise<void> {
  if (app.groupings.open || app.moving) return;
  cellRequest?.abort();
  const controller = (cellRequest = new AbortController());
  try {
    const doors = app.doorToDoor && carProfile();
    const info = await api.cellAt(lon, lat, app.history.present, doors, controller.signal);
    app.popupPoint = null;
    const at = { lon, lat };
    // Door to door adds two columns (the minutes, the nearest point's name): a wider popup.
    map.showPopup([lon, lat], cellPopup(app.lang, info, chosenMinutes(info.cell, info.base_minutes !== null)), () => { if (shownCell === at) shownCell = null; }, doors ? "min(440px, 92vw)" : undefined);
    shownCell = at;
  } catch (err) {
    // Off the grid (the sea beyond the roads, another country) there is simply no cell to show.
    if (controller.signal.aborted || (err instanceof ApiError && err.status === 404)) return;
    fail(err);
  }
}

/** A cell's minutes to the type or in the language chosen, from the grid drawn (seconds, to a tenth of a minute); null when neither is chosen. */
function chosenMinutes(cell: number, scenario: boolean): ChosenMinutes | null {
  const times = bandView.shown;
  if ((!app.type && !app.language) || !times) return null;
  const layer = layerOf(app.level, subset());
  const min = (grid: TimeGrid) => {
    const s = layerTimes(grid, layer)[cell];
    return s === undefined || s === TIME_GRID_NO_DATA ? null : Math.round(s / 6) / 10;
  };
  return { label: shownName(app.lang), minutes: min(times.shown), base: scenario ? min(times.base) : null };
}

/** A new change list (or an undo/redo step): history, then recompute. */
/**
 * A new scenario: the panel and an open popup show it at once; the map's points change with the
 * bands when the answer is drawn (refresh), in one frame. A frame costs the page's one thread a
 * while where WebGL is software, and one at the click held the answer's figures back behind it.
 * A moved point is drawn at once, where the hand let it go.
 */
function commit(next: History, pointsNow = false): void {
  if (next === app.history) return;
  app.history = next;
  if (pointsNow) drawPoints();
  else if (app.popupPoint) map.updatePopup(popupContent(app.popupPoint));
  // The requests first, then the panel with the new change list: its redraw need not hold them back.
  void refresh();
  render();
}

function changePoint(id: string, want: PointState): void {
  commit(app.history.push(setPoint(data.points, app.history.present, id, want)));
}

function popupContent(id: string): HTMLElement | null {
  const p = allPoints().find((x) => x.id === id);
  if (!p) return null;
  return pointControls(app.lang, p, states().get(id) ?? p, changedIds().has(id), changePoint, addedIds().has(id), setMoving, true);
}

/** What names a panel control across a redraw: its id, or its point and kind; "" when the focus is elsewhere. */
function focusKey(el: Element | null): string {
  if (!el || !panel.contains(el)) return "";
  const point = el.closest<HTMLElement>("[data-point]")?.dataset.point;
  return el.id || (point ? `${point}:${el.tagName}` : "");
}

/** Shows or hides the population layer, loading the cells the first time. */
async function setPopulation(on: boolean): Promise<void> {
  app.population = on;
  if (on && !app.populationCells) {
    try {
      app.populationCells = await api.population();
    } catch (err) {
      app.population = false;
      fail(err);
    }
  }
  map.setPopulation(app.population ? (app.populationCells as unknown as GeoJSON.FeatureCollection) : null);
  render();
}

/** What the controls (controls.ts) do. */
const controlHandlers: ControlHandlers = {
  setLang: (l) => setLang(l),
  setLevel: (l) => setLevel(l),
  setBands: (b) => setBands(b),
  setProfile: (p) => setProfile(p),
  setModel: (m) => setModel(m),
  setType: (type) => setSubset(type, app.language),
  setLanguage: (language) => setSubset(app.type, language),
  undo: () => commit(app.history.undo()),
  redo: () => commit(app.history.redo()),
  reset: () => commit(app.history.push([])),
  toggleAdding: () => setAdding(!app.adding),
  toggleCompare: () => setCompare(!app.compare),
  setCrossBorder: (on) => commit(app.history.push(withCrossBorder(app.history.present, crossBorderPoints(), on))),
  setPopulation: (on) => void setPopulation(on),
  setLoads: (on) => {
    app.loads = on;
    render();
    void loadLayer.draw();
  },
  setDoorToDoor: (on) => {
    app.doorToDoor = on;
    render();
    if (shownCell) void showCell(shownCell.lon, shownCell.lat);
  },
};

/** The points section (its heading, in the language) and each point's row as last drawn, with what the row was drawn from. */
const pointsFrame = new Kept<{ section: HTMLElement; list: HTMLElement }>();
let pointRows = new Map<string, { key: string; el: HTMLLIElement }>();

/**
 * The service points with their controls: a row drawn anew only when its point, its state or the
 * language differ, and then changed in place (morph), so a closure changes one row's texts (the
 * rest keep their layout, the pressed button its focus), and a redraw for new figures none.
 */
function pointsSection(L: Lang): HTMLElement {
  const [st, changed, added] = [states(), changedIds(), addedIds()];
  const { section, list } = pointsFrame.of([L], () => {
    const list = h("ul", { class: "points" });
    return { section: h("section", { class: "points-section" }, h("h2", {}, t(L, "points")), h("p", { class: "hint" }, t(L, "pointsHint")), list), list };
  });
  const rows = new Map<string, { key: string; el: HTMLLIElement }>();
  for (const p of listOrder(L, allPoints())) {
    const s = st.get(p.id) ?? p;
    const key = JSON.stringify([L, p, s, changed.has(p.id), added.has(p.id)]);
    const last = pointRows.get(p.id);
    if (last?.key === key) {
      rows.set(p.id, last);
      continue;
    }
    const drawn = pointRow(L, p, s, changed.has(p.id), changePoint, added.has(p.id), setMoving);
    if (last) morph(last.el, drawn);
    rows.set(p.id, { key, el: last?.el ?? drawn });
  }
  pointRows = rows;
  patch(list, [...rows.values()].map((r) => r.el));
  return section;
}

/** The figures section as last drawn: kept while the figures, what they are of and the language are the same. */
const figuresShown = new Kept();
/** The panel's parts drawn at every redraw and changed in place: a closure changes the undo button and the status line in them, nothing else. */
const inPlace = { header: new InPlace(), tabs: new InPlace(), controls: new InPlace(), legend: new InPlace(), export: new InPlace(), status: new InPlace<HTMLParagraphElement>() };

/** Draws the panel from the state, leaving the parts kept from the last drawing in place; the focused control (by id) keeps the focus. */
function render(): void {
  const L = app.lang;
  const focused = focusKey(document.activeElement);
  document.documentElement.lang = L;
  document.title = `${t(L, "title")} – ${t(L, "subtitle")}`;
  for (const el of [mapEl, map?.map.getCanvas()]) if (el && el.getAttribute("aria-label") !== t(L, "mapLabel")) el.setAttribute("aria-label", t(L, "mapLabel"));
  const set = BAND_SETS[app.bands];
  const changes = app.history.present;
  // The study's notes on these figures (the scenario's when there is one) go beside the figures;
  // the critical ones and the approximate borders qualify the map too. The basemap's own notes stay in the panel.
  const figureNotes = (app.run ?? app.base)?.notes ?? [];
  const onMap = figureNotes.filter((n) => n.severity === "critical" || n.code === "approximate-areas" || n.code === "partial-coverage").map((n) => n.text[L]);
  if (app.styleFailed) onMap.push(t(L, "styleFailed"));
  const omitted = data.roads.palveluverkko.omitted;
  const mapOnly = omitted.length > 0 ? [t(L, "roadsOmitted", { classes: omitted.join(", ") })] : [];
  morph(mapNotes, mapNotesBox(onMap));
  // Drawn even when hidden: it takes the unit outlines off the map.
  const groupingsView = groupings.render();
  patch(
    panel,
    inPlace.header.of(h("header", {}, h("div", {}, h("h1", {}, t(L, "title")), h("p", { class: "subtitle" }, t(L, "subtitle"))), langButtons(L, controlHandlers))),
    inPlace.tabs.of(viewTabs(L, app.groupings.open, (open) => setGroupings({ ...app.groupings, open }))),
    app.groupings.open ? groupingsView : [
    inPlace.controls.of(controls(L, controlHandlers)),
    inPlace.legend.of(legend(L, set.thresholds)),
    figuresShown.of([L, set.within, figureNotes, app.base, app.run, app.level, app.type, app.language, app.serviceTypes], () => figuresSection(L, set.within, figureNotes)),
    savedScenarios(L, app.saved, changes.length > 0, savedHandlers),
    inPlace.export.of(exportControl(L, app.exportFormat, app.exporting, (f) => (app.exportFormat = f), () => void exportReport())),
    serviceFile.render(),
    pointsSection(L),
    mapOnly.length > 0 ? h("section", { class: "notes" }, h("ul", {}, mapOnly.map((n) => h("li", {}, n)))) : null],
    inPlace.status.of(h("p", { id: "status", role: "status", "aria-live": "polite" }, t(L, app.status.id, { detail: app.status.detail }))),
  );
  const shown = shownFigures(app.base, app.run);
  swipe?.render(L, shownName(L), shown?.scenario?.diff ?? null, data.municipalities, shown?.baseOnly ? "typeScenarioBase" : "noChanges");
  // Restore the focus to the same control, when it is still there (and was redrawn: a kept one has it still).
  if (focused && (document.activeElement === null || document.activeElement === document.body)) {
    const [point, tag] = focused.split(":");
    const el = tag ? panel.querySelector<HTMLElement>(`[data-point="${CSS.escape(point)}"] ${tag.toLowerCase()}`) : document.getElementById(focused);
    el?.focus();
  }
}

/**
 * Downloads the report of what the panel shows: the base set with no changes, else the scenario;
 * at the panel's bands and in its language, saved under the name the server gives it.
 */
async function exportReport(): Promise<void> {
  if (app.exporting) return;
  app.exporting = true;
  render();
  setStatus("exporting");
  try {
    const file = await api.report(app.exportFormat, app.lang, BAND_SETS[app.bands].thresholds, app.history.present, subset());
    saveFile(file.blob, file.name);
    setStatus("ready");
  } catch (err) {
    fail(err);
  } finally {
    app.exporting = false;
    render();
  }
}

function setLang(lang: Lang): void {
  app.lang = lang;
  map.setLang(lang);
  if (app.adding) addBanner.textContent = t(lang, "addPointHint");
  if (app.moving) addBanner.textContent = t(lang, "movePointHint", { name: pointName(app.moving) });
  drawPoints();
  void loadLayer.draw();
  render();
  writeHash();
}

function setLevel(level: Level): void {
  app.level = level;
  redraw();
}

/** Asks every figure under another profile (the roads' first is the server's own). */
function setProfile(profile: string): void {
  app.profile = profile === app.profiles[0] ? null : profile;
  api.useRoads(app.profile, app.model);
  render();
  void refresh();
}

/** Asks every figure on another road model (the server's own is asked without naming it). */
function setModel(model: RoadModel): void {
  app.model = model === app.serverModel ? null : model;
  api.useRoads(app.profile, app.model);
  render();
  void refresh();
}

/** Another service type (null: by level) or language (null: everyone): its times and figures, asked once and kept. */
function setSubset(type: string | null, language: string | null): void {
  [app.type, app.language] = [type, language];
  render();
  void refresh();
}

/** Other thresholds: the bands at once from the times, then the figures counted at them. */
function setBands(bands: BandSet): void {
  app.bands = bands;
  redraw();
  void refresh();
}

/** A new grouping state (the view shown, the planner's grouping): into the URL, then drawn. */
function setGroupings(s: GroupingState): void {
  app.groupings = s;
  writeHash();
  render();
}

/** Applies a URL state (first load, or a hand-edited hash). */
function apply(s: UrlState): void {
  app.lang = s.lang;
  app.level = s.level;
  app.bands = s.bands;
  app.view = s.view;
  app.groupings = s.groupings ?? app.groupings;
  app.profile = s.profile ?? null;
  app.model = s.model ?? null;
  app.type = s.type ?? null;
  app.language = s.language ?? null;
  api.useRoads(app.profile, app.model);
  if (!sameChanges(s.changes, app.history.present)) app.history = app.history.push(s.changes);
}

/**
 * With no bands in the URL: the planning bands (15–180 min), unless everyone is within 30 min of
 * even the nearest E point, as in a town, where the planning bands would be one colour.
 */
async function chooseBands(): Promise<void> {
  if (/(^#|&)bands=/.test(location.hash)) return;
  try {
    const base = await api.accessibility(BAND_SETS.planning.thresholds);
    if (!app.type && !app.language) baseFigures.set(figuresKey("planning", {}), base);
    const all = base.levels.E.find((r) => r.id === "all");
    // Everyone the roads reach is within 30 min (people off the roads are beyond any band): a town, whose planning bands would be one colour.
    const within = (t: number) => all?.bands.find((b) => b.threshold_min === t)?.cumulative ?? 0;
    if (all && within(180) > 0 && within(30) === within(180)) app.bands = "short";
  } catch {
    // refresh() reports the API's trouble.
  }
}

/** The roads' attribution as the map shows it in each language: OpenStreetMap's with its ©, a generated network's as it is. */
function attribution(r: Roads["palveluverkko"]): Record<Lang, string> {
  const said = (text: string) => (r.generated || text.includes("©") ? text : `© ${text}`);
  return { fi: said(r.attribution.fi), sv: said(r.attribution.sv), en: said(r.attribution.en) };
}

async function start(): Promise<void> {
  document.body.append(h("div", { id: "app" }, panel, mapEl));
  apply(decodeHash(location.hash, { lang: preferredLang(navigator.languages), level: "L", bands: "planning", changes: [] }));
  app.history = History.of(app.history.present); // a restored scenario is where undo starts
  setStatus("loading");
  try {
    // Water is decoration: a server without it (or failing it) still gives a working map.
    const [m, p, roads, areas, water, crossBorder, health] = await Promise.all([
      api.municipalities(), api.servicePoints(), api.roads(), api.areas(), api.water().catch(() => null), api.crossBorder().catch(() => null), api.health()]);
    app.profiles = health.profiles;
    app.serverModel = health.model;
    if (app.model === app.serverModel) app.model = null;
    app.serviceTypes = health.service_types;
    app.languages = health.languages;
    // A type or language in the URL that this server does not have: by level, everyone.
    if (app.type !== null && !app.serviceTypes.some((x) => x.id === app.type)) app.type = null;
    if (app.language !== null && !app.languages.includes(app.language)) app.language = null;
    // A profile in the URL that these roads do not have: the server's own instead.
    if (app.profile !== null && !health.profiles.includes(app.profile)) {
      app.profile = null;
      api.useRoads(null, app.model);
    }
    setData({ municipalities: m.municipalities, points: p.points, roads, areas, water, crossBorder });
  } catch (err) {
    fill(panel, h("p", { id: "status", role: "status" }, t(app.lang, "error", { detail: err instanceof Error ? err.message : String(err) })));
    document.body.dataset.state = "error";
    return;
  }
  const styleUrl = new URLSearchParams(location.search).get("style") ?? undefined;
  map = new PlannerMap(mapEl, { ...data, lang: app.lang, view: app.view, styleUrl, attribution: attribution(data.roads.palveluverkko) }, {
    onPointClick: (id, at) => {
      app.popupPoint = id;
      const content = popupContent(id);
      if (content) map.showPopup([at.lng, at.lat], content);
    },
    onPlace: (at) => {
      const id = app.moving;
      if (!id) return place(at.lng, at.lat);
      setMoving(null);
      moveTo(id, at.lng, at.lat);
    },
    onPointDrag: (id, at) => moveTo(id, at.lng, at.lat),
    onCellClick: (at) => void showCell(at.lng, at.lat),
    onMove: (view) => {
      app.view = view;
      writeHash();
    },
    onStyleFailed: () => {
      app.styleFailed = true;
      render();
    },
  });
  swipe = new SwipeCompare(map.map);
  bandView = new BandView(map, swipe, () => pointFeatures(data.points, new Map(), new Set(), app.lang));
  groupings = new GroupingsView(map.map, { ...data, viewFromUrl: app.view !== undefined }, {
    lang: () => app.lang,
    level: () => app.level,
    state: () => app.groupings,
    setState: setGroupings,
    setLevel,
    roads: () => roadsKey(),
    rerender: render,
    mapBusy: () => app.adding || app.moving !== null,
  });
  loadLayer = new LoadLayer(map, fail);
  serviceFile = new ServiceFileView({ lang: () => app.lang, changes: () => app.history.present, useChanges: (changes) => commit(app.history.push(changes)), rerender: render });
  mapEl.append(mapNotes, addBanner, swipe.divider, swipe.diff);
  render();
  await chooseBands();
  await map.loaded();
  await refresh();
  window.addEventListener("hashchange", () => {
    apply(decodeHash(location.hash, urlState()));
    if (app.view) map.map.jumpTo({ center: [app.view.lon, app.view.lat], zoom: app.view.zoom });
    map.setLang(app.lang);
    drawPoints();
    render();
    void refresh();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && app.adding) {
      setAdding(false);
      document.getElementById("add-point")?.focus();
      e.preventDefault();
      return;
    }
    if (e.key === "Escape" && app.moving) {
      const id = app.moving;
      setMoving(null);
      panel.querySelector<HTMLElement>(`[data-point="${CSS.escape(id)}"] button.move`)?.focus();
      e.preventDefault();
      return;
    }
    if (!(e.ctrlKey || e.metaKey) || (e.target as HTMLElement).closest("input, select, textarea")) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) commit(app.history.undo());
    else if ((key === "z" && e.shiftKey) || key === "y") commit(app.history.redo());
    else return;
    e.preventDefault();
  });
  // For the console and the browser tests: the map and the state, read-only by convention.
  Object.assign(window, { palveluverkko: { map: map.map, app } });
}

void start();
