/**
 * The planner's map: pick a level, close, reopen or re-level service points, and see the bands and
 * the figures per municipality follow, base against scenario. One state object; a new scenario is
 * run on the server (figures, band crossings, times per cell), then drawn; a level, thresholds or the
 * comparison are drawn from the times the page has (band-view.ts). The URL hash holds level, bands, view and changes.
 */
import "./style.css";
import { api, ApiError, type MapPopulation, type ReportFormat, type Accessibility, type Areas, type Municipality, type Roads, type ScenarioRun, type ServicePoint, type Water, type CrossBorder } from "./api.ts";
import { fill, h, saveFile } from "./dom.ts";
import { levelLabel, preferredLang, t, type MessageId } from "./i18n.ts";
import { LEVEL_NESTING, unsavedScenarioName } from "../../engine/terms.ts";
import { PlannerMap, pointFeatures, POPULATION_STEPS } from "./map.ts";
import { SwipeCompare } from "./compare.ts";
import { BandView } from "./band-view.ts";
import { DEFAULT_GROUPING_STATE, type GroupingState } from "./assignment.ts";
import { GroupingsView, viewTabs } from "./groupings.ts";
import { ServiceFileView } from "./service-file.ts";
import { cellPopup } from "./cell.ts";
import { exportControl, figuresTable, legend, newPointForm, notesList, pointControls, pointList, savedScenarios, type SavedState } from "./panel.ts";
import { BAND_SET_IDS, BAND_SETS, History, LANGS, LEVELS, addedPoints, changeId, hasCrossBorder, withCrossBorder, type NewPoint, decodeHash, encodeHash, freshId, movedPlaces, movePoint, pointStates, sameChanges, setPoint, type BandSet, type Change, type Lang, type Level, type PointState, type UrlState } from "./state.ts";

interface Data {
  municipalities: Municipality[];
  points: ServicePoint[];
  roads: Roads;
  areas: Areas;
  /** Null when the server does not give it. */
  water: Water | null;
  /** Other organisers' points inside the map that may be counted across the border; null when the server does not say. */
  crossBorder: CrossBorder | null;
}

const app = {
  lang: "fi" as Lang,
  level: "L" as Level,
  bands: "planning" as BandSet,
  view: undefined as UrlState["view"],
  history: History.of(),
  base: null as Accessibility | null,
  run: null as ScenarioRun | null,
  status: { id: "loading" as MessageId, detail: "" },
  styleFailed: false,
  popupPoint: null as string | null,
  exportFormat: "pdf" as ReportFormat,
  exporting: false,
  /** The add-point mode: the next click on the map places a new point. */
  adding: false,
  /** Where the new point's form is open. */
  pending: null as { lon: number; lat: number } | null,
  saved: { list: null, open: false, name: "", busy: false, readOnly: false } as SavedState,
  /** The move mode: the point the next click on the map moves (null: none). */
  moving: null as string | null,
  /** The swipe comparison of base and scenario is shown. */
  compare: false,
  /** The groupings view and the planner's grouping, as the URL hash holds them. */
  groupings: DEFAULT_GROUPING_STATE as GroupingState,
  /** The population layer is shown. */
  population: false,
  /** The travel-time profile asked of the server (car-winter); null for the server's own. */
  profile: null as string | null,
  /** The roads' profiles, the server's own first (GET /healthz). */
  profiles: [] as string[],
};
/** The populated cells, loaded when the population layer is first shown. */
const population = { cells: null as MapPopulation | null };
let data: Data;
let map: PlannerMap;
let swipe: SwipeCompare;
let bandView: BandView;
let groupings: GroupingsView;
let serviceFile: ServiceFileView;
/** The base's figures per profile and band set (`${profile}/${bands}`). */
const baseFigures = new Map<string, Accessibility>();
let generation = 0;
let inFlight: AbortController | null = null;

const panel = h("aside", { id: "panel" });
// MapLibre makes its canvas focusable (arrow keys pan, +/- zoom); the element around it is a landmark only.
const mapEl = h("main", { id: "map" });
/** What the map itself must say about how it was drawn: approximate borders, generated roads. */
const mapNotes = h("div", { class: "map-notes", role: "note" });
/** The add-point mode's instruction, on the map where the planner is looking. */
const addBanner = h("div", { class: "add-banner", id: "add-banner", role: "status", hidden: true });

function urlState(): UrlState {
  return { lang: app.lang, level: app.level, bands: app.bands, changes: [...app.history.present], view: app.view, groupings: app.groupings, profile: app.profile ?? undefined };
}

function writeHash(): void {
  history.replaceState(null, "", encodeHash(urlState()));
}

function setStatus(id: MessageId, detail = ""): void {
  app.status = { id, detail };
  document.body.dataset.state = id === "ready" ? "ready" : id === "error" ? "error" : "busy";
  const el = document.getElementById("status");
  if (el) el.textContent = t(app.lang, id, { detail });
}

/** Recomputes what the state asks for; a newer call cancels an older one still under way. */
async function refresh(): Promise<void> {
  const gen = ++generation;
  inFlight?.abort();
  const controller = (inFlight = new AbortController());
  const { signal } = controller;
  const set = BAND_SETS[app.bands];
  const changes = app.history.present;
  setStatus("computing");
  writeHash();
  try {
    const figuresKey = `${app.profile ?? ""}/${app.bands}`;
    let base = baseFigures.get(figuresKey);
    if (!base) baseFigures.set(figuresKey, (base = await api.accessibility(set.thresholds, signal)));
    const times = bandView.load(app.profile, changes, signal);
    times.catch(() => {}); // the figures go first; the times (a scenario's: a request beside the run) are awaited below
    const run = await (changes.length === 0 ? null : api.run(changes, set.thresholds, signal));
    if (gen !== generation) return;
    [app.base, app.run] = [base, run];
    render();
    const loaded = await times;
    if (gen !== generation) return;
    inFlight = null;
    bandView.draw(app.level, set.thresholds, app.compare, loaded);
    drawPoints();
    await settle();
  } catch (err) {
    if (signal.aborted || gen !== generation) return;
    inFlight = null;
    setStatus("error", err instanceof ApiError ? err.message : String(err));
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
  bandView.draw(app.level, BAND_SETS[app.bands].thresholds, app.compare);
  render();
  void settle();
}

function states(): Map<string, PointState> {
  return pointStates(data.points, app.history.present);
}

function changedIds(): Set<string> {
  return new Set(app.history.present.map(changeId));
}

/** The base points (where the scenario has moved them) and the scenario's added ones, as the list and the map show them. */
function allPoints(): ServicePoint[] {
  const moved = movedPlaces(app.history.present);
  return [...data.points.map((p) => ({ ...p, ...moved.get(p.id) })), ...addedPoints(app.history.present).map((p) => ({ id: p.id, name: { fi: p.name_fi, sv: p.name_fi }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: true, snap_m: null }))];
}

function addedIds(): Set<string> {
  return new Set(addedPoints(app.history.present).map((p) => p.id));
}

/**
 * The municipality a new point counts in: the one with the nearest centre. The app has the borders
 * only as lines (api/map/areas), not as areas to test a point against, so this is the nearest-centre
 * rule the server also uses when it has no boundary file; near a border it may pick the neighbour.
 */
function municipalityAt(lon: number, lat: number): (typeof data.municipalities)[number] | null {
  const k = Math.cos((lat * Math.PI) / 180);
  let best: (typeof data.municipalities)[number] | null = null;
  let bestD = Infinity;
  for (const m of data.municipalities) {
    if (!m.centre || !/^\d{1,3}$/.test(m.code)) continue;
    const d = ((m.centre.lon - lon) * k) ** 2 + (m.centre.lat - lat) ** 2;
    if (d < bestD) (best = m), (bestD = d);
  }
  return best;
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
      commit(app.history.push([...app.history.present, { op: "add", point }]));
    },
    () => setAdding(false));
  app.popupPoint = null;
  // The form says what to do now; the banner would cover the spot the popup points at.
  addBanner.hidden = true;
  map.setPendingMarker([lon, lat]);
  map.showPopup([lon, lat], form, () => app.pending === here && setAdding(false));
  form.querySelector<HTMLInputElement>("#new-point-name")?.select();
}

function pointName(id: string): string {
  const p = allPoints().find((x) => x.id === id);
  return p ? (app.lang === "sv" ? p.name.sv : p.name.fi) : id;
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
  commit(app.history.push(movePoint(data.points, app.history.present, id, { lon, lat }, municipality)));
}

/** Shows or hides the swipe comparison; its base side is drawn from the base's times, which the page has. */
function setCompare(on: boolean): void {
  app.compare = on;
  swipe.show(on);
  redraw();
}

async function loadSaved(): Promise<void> {
  try {
    const [health, saved] = await Promise.all([api.health(), api.scenarios()]);
    app.saved.readOnly = health.read_only;
    app.saved.list = saved.scenarios;
  } catch (err) {
    if (err instanceof ApiError && err.status === 503) app.saved.list = "none";
    else setStatus("error", err instanceof ApiError ? err.message : String(err));
  }
  render();
}

async function savedAction(action: () => Promise<void>): Promise<void> {
  app.saved.busy = true;
  render();
  try {
    await action();
    await loadSaved();
  } catch (err) {
    setStatus("error", err instanceof ApiError ? err.message : String(err));
  } finally {
    app.saved.busy = false;
    render();
  }
}

let listing = false;

const savedHandlers = {
  open: (v: boolean) => {
    if (app.saved.open === v) return;
    app.saved.open = v;
    if (v && app.saved.list === null && !listing) {
      listing = true;
      void loadSaved().finally(() => (listing = false));
    }
  },
  name: (v: string) => void (app.saved.name = v),
  save: () =>
    void savedAction(async () => {
      await api.saveScenario(app.saved.name.trim(), app.history.present);
      app.saved.name = "";
    }),
  /** Loading replaces the change list, as one undoable step. */
  load: (id: string) =>
    void savedAction(async () => {
      const s = await api.scenario(id);
      commit(app.history.push(s.changes.map((c): Change => (c.op === "add" ? { op: "add", point: { id: c.point.id, name_fi: c.point.name_fi, municipality: c.point.municipality, lon: c.point.lon, lat: c.point.lat, level: c.point.level } } : c))));
    }),
  remove: (id: string) =>
    void savedAction(async () => {
      await api.deleteScenario(id);
    }),
};

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

/** The grid cell where the map was clicked, in a popup: its people and times (the scenario's beside the base's). */
async function showCell(lon: number, lat: number): Promise<void> {
  if (app.groupings.open || app.moving) return;
  cellRequest?.abort();
  const controller = (cellRequest = new AbortController());
  try {
    const info = await api.cellAt(lon, lat, app.history.present, controller.signal);
    app.popupPoint = null;
    map.showPopup([lon, lat], cellPopup(app.lang, info));
  } catch (err) {
    // Off the grid (the sea beyond the roads, another country) there is simply no cell to show.
    if (controller.signal.aborted || (err instanceof ApiError && err.status === 404)) return;
    setStatus("error", err instanceof ApiError ? err.message : String(err));
  }
}

/** A new change list (or an undo/redo step): history, then recompute. */
function commit(next: History): void {
  if (next === app.history) return;
  app.history = next;
  drawPoints();
  render();
  void refresh();
}

function changePoint(id: string, want: PointState): void {
  commit(app.history.push(setPoint(data.points, app.history.present, id, want)));
}

function popupContent(id: string): HTMLElement | null {
  const p = allPoints().find((x) => x.id === id);
  if (!p) return null;
  return pointControls(app.lang, p, states().get(id) ?? p, changedIds().has(id), changePoint, addedIds().has(id), setMoving, true);
}

const button = (label: string, onclick: () => void, props: Record<string, string | boolean> = {}) => h("button", { type: "button", onclick, ...props }, label);

/** What names a panel control across a redraw: its id, or its point and kind; "" when the focus is elsewhere. */
function focusKey(el: Element | null): string {
  if (!el || !panel.contains(el)) return "";
  const point = el.closest<HTMLElement>("[data-point]")?.dataset.point;
  return el.id || (point ? `${point}:${el.tagName}` : "");
}

/** The neighbouring organisers' points as the `add` changes carry them. */
function crossBorderPoints(): NewPoint[] {
  return (data.crossBorder?.points ?? []).map((p) => ({ id: p.id, name_fi: p.name.fi, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level }));
}

/** A box to count the neighbouring organisers' points (as a scenario), or a line saying the base already counts them. */
function crossBorderControl(L: Lang, changes: readonly Change[]): HTMLElement | null {
  const cb = data.crossBorder;
  if (cb?.status === "included") return h("p", { class: "hint", id: "cross-border-included" }, t(L, "crossBorderIncluded"));
  if (cb?.status !== "available" || cb.points.length === 0) return null;
  const points = crossBorderPoints();
  const toggle = (on: boolean) => commit(app.history.push(withCrossBorder(app.history.present, points, on)));
  return h("div", { class: "cross-border" },
    h("label", {}, h("input", { type: "checkbox", id: "cross-border", checked: hasCrossBorder(changes, points), onchange: (e: Event) => toggle((e.target as HTMLInputElement).checked) }), " ", t(L, "crossBorder", { n: points.length })),
    h("p", { class: "hint" }, t(L, "crossBorderHint")));
}

/** The population layer's switch, and its key while it is on. */
function populationControl(L: Lang): HTMLElement {
  const cells = population.cells;
  const size = cells?.palveluverkko.cell_size_m ?? 250;
  const labels = POPULATION_STEPS.map(([from], i) => (i + 1 < POPULATION_STEPS.length ? `${Math.max(1, from)}–${POPULATION_STEPS[i + 1][0] - 1}` : `${from}+`));
  const key = app.population && cells
    ? h("ul", { class: "population-key", id: "population-key" }, POPULATION_STEPS.map(([, colour], i) => {
        const sw = h("span", { class: "swatch", "aria-hidden": "true" });
        sw.style.background = colour; // through the CSSOM: the page's policy allows no inline styles
        return h("li", {}, sw, labels[i]);
      }))
    : null;
  return h("div", { class: "population" },
    h("label", {}, h("input", { type: "checkbox", id: "population-layer", checked: app.population, onchange: (e: Event) => void setPopulation((e.target as HTMLInputElement).checked) }), " ", t(L, "populationLayer", { size })),
    key);
}

/** Shows or hides the population layer, loading the cells the first time. */
async function setPopulation(on: boolean): Promise<void> {
  app.population = on;
  if (on && !population.cells) {
    try {
      population.cells = await api.population();
    } catch (err) {
      app.population = false;
      setStatus("error", err instanceof ApiError ? err.message : String(err));
    }
  }
  map.setPopulation(app.population ? (population.cells as unknown as GeoJSON.FeatureCollection) : null);
  render();
}

/** Draws the whole panel from the state; the focused control (by id) keeps the focus. */
function render(): void {
  const L = app.lang;
  const focused = focusKey(document.activeElement);
  document.documentElement.lang = L;
  document.title = `${t(L, "title")} – ${t(L, "subtitle")}`;
  mapEl.setAttribute("aria-label", t(L, "mapLabel"));
  map?.map.getCanvas().setAttribute("aria-label", t(L, "mapLabel"));
  const set = BAND_SETS[app.bands];
  const changes = app.history.present;
  const langs = h("div", { class: "langs", role: "group", "aria-label": t(L, "language") }, LANGS.map((l) =>
    button({ fi: "Suomi", sv: "Svenska", en: "English" }[l], () => setLang(l), { lang: l, id: `lang-${l}`, "aria-pressed": String(l === L) })));
  const levels = h("fieldset", { class: "levels" }, h("legend", {}, t(L, "level")), LEVELS.map((l) =>
    h("label", {}, h("input", { type: "radio", name: "level", value: l, id: `level-${l}`, checked: l === app.level, onchange: () => setLevel(l) }), " ", levelLabel(L, l))),
    h("p", { class: "hint" }, LEVEL_NESTING[L]));
  const bands = h("label", { class: "bands" }, t(L, "bands"), " ", h("select", { id: "bands", onchange: (e: Event) => setBands((e.target as HTMLSelectElement).value as BandSet) },
    BAND_SET_IDS.map((b) => h("option", { value: b, selected: b === app.bands }, t(L, b === "planning" ? "bandsPlanning" : "bandsShort")))));
  // Only when the roads have more than one profile: summer and winter speed limits.
  const current = app.profile ?? app.profiles[0];
  // car, car-winter, and each at a time of day (car-rush, car-winter-midday, …: engine/time-of-day.ts).
  const profileName = (p: string) => {
    const m = /^(car|car-winter)(?:-(midday|rush))?$/.exec(p);
    if (!m) return p;
    const season = t(L, m[1] === "car" ? "profileCar" : "profileWinter");
    return m[2] ? `${season}, ${t(L, m[2] === "midday" ? "profileMidday" : "profileRush")}` : season;
  };
  const profiles = app.profiles.length > 1
    ? h("label", { class: "bands" }, t(L, "profile"), " ", h("select", { id: "profile", onchange: (e: Event) => setProfile((e.target as HTMLSelectElement).value) },
      app.profiles.map((p) => h("option", { value: p, selected: p === current }, profileName(p)))))
    : null;
  const actions = h("div", { class: "actions" },
    button(t(L, "undo"), () => commit(app.history.undo()), { id: "undo", disabled: !app.history.canUndo, "aria-keyshortcuts": "Control+Z" }),
    button(t(L, "redo"), () => commit(app.history.redo()), { id: "redo", disabled: !app.history.canRedo, "aria-keyshortcuts": "Control+Shift+Z" }),
    button(t(L, "reset"), () => commit(app.history.push([])), { id: "reset", disabled: changes.length === 0 }),
    button(t(L, app.adding ? "addPointCancel" : "addPoint"), () => setAdding(!app.adding), { id: "add-point", class: "add-point", "aria-pressed": String(app.adding), "aria-keyshortcuts": app.adding ? "Escape" : false }),
    button(t(L, "compare"), () => setCompare(!app.compare), { id: "compare", class: "compare", "aria-pressed": String(app.compare) }));
  const crossBorder = crossBorderControl(L, changes);
  const summary = h("p", { class: "summary", id: "summary" }, changes.length === 0 ? t(L, "noChanges") : unsavedScenarioName(L, changes.length));
  // The study's notes on these figures (the scenario's when there is one) go beside the figures;
  // the critical ones and the approximate borders qualify the map too. The basemap's own notes stay in the panel.
  const figureNotes = (app.run ?? app.base)?.notes ?? [];
  const onMap = figureNotes.filter((n) => n.severity === "critical" || n.code === "approximate-areas" || n.code === "partial-coverage").map((n) => n.text[L]);
  if (app.styleFailed) onMap.push(t(L, "styleFailed"));
  const omitted = data.roads.palveluverkko.omitted;
  const mapOnly = omitted.length > 0 ? [t(L, "roadsOmitted", { classes: omitted.join(", ") })] : [];
  fill(mapNotes, onMap.map((n) => h("p", {}, n)));
  // Drawn even when hidden: it takes the unit outlines off the map.
  const groupingsView = groupings.render();
  fill(
    panel,
    h("header", {}, h("div", {}, h("h1", {}, t(L, "title")), h("p", { class: "subtitle" }, t(L, "subtitle"))), langs),
    viewTabs(L, app.groupings.open, (open) => setGroupings({ ...app.groupings, open })),
    app.groupings.open ? groupingsView : [
    h("section", { class: "controls" }, levels, bands, profiles, actions, crossBorder, populationControl(L), app.compare ? h("p", { class: "hint", id: "compare-hint" }, t(L, "compareHint")) : null, summary),
    legend(L, set.thresholds),
    h("section", { class: "figures-section" }, h("h2", {}, `${t(L, "figures")} · ${levelLabel(L, app.level)}`),
      app.run ? h("p", { class: "hint" }, t(L, "figuresNote")) : null,
      app.base ? h("div", { class: "table-wrap" }, figuresTable(L, app.level, set.within, app.base, app.run, data.municipalities)) : null,
      figureNotes.length > 0 ? notesList(L, figureNotes) : null),
    savedScenarios(L, app.saved, changes.length > 0, savedHandlers),
    exportControl(L, app.exportFormat, app.exporting, (f) => (app.exportFormat = f), () => void exportReport()),
    serviceFile.render(),
    h("section", { class: "points-section" }, h("h2", {}, t(L, "points")), h("p", { class: "hint" }, t(L, "pointsHint")), pointList(L, allPoints(), states(), changedIds(), changePoint, addedIds(), setMoving)),
    mapOnly.length > 0 ? h("section", { class: "notes" }, h("ul", {}, mapOnly.map((n) => h("li", {}, n)))) : null],
    h("p", { id: "status", role: "status", "aria-live": "polite" }, t(L, app.status.id, { detail: app.status.detail })),
  );
  swipe?.render(L, app.level, app.run, data.municipalities);
  // Restore the focus to the same control, when it is still there.
  if (focused) {
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
    const file = await api.report(app.exportFormat, app.lang, BAND_SETS[app.bands].thresholds, app.history.present);
    saveFile(file.blob, file.name);
    setStatus("ready");
  } catch (err) {
    setStatus("error", err instanceof ApiError ? err.message : String(err));
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
  api.useProfile(app.profile);
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
  api.useProfile(app.profile);
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
    baseFigures.set(`${app.profile ?? ""}/planning`, base);
    const all = base.levels.E.find((r) => r.id === "all");
    // Everyone the roads reach is within 30 min (people off the roads are beyond any band): a town, whose planning bands would be one colour.
    const within = (t: number) => all?.bands.find((b) => b.threshold_min === t)?.cumulative ?? 0;
    if (all && within(180) > 0 && within(30) === within(180)) app.bands = "short";
  } catch {
    // refresh() reports the API's trouble.
  }
}

/** The roads' attribution as the map shows it: OpenStreetMap's with its ©, a generated network's as it is. */
function attribution(r: Roads["palveluverkko"]): string {
  return r.generated || r.roads.includes("©") ? r.roads : `© ${r.roads}`;
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
    // A profile in the URL that these roads do not have: the server's own instead.
    if (app.profile !== null && !health.profiles.includes(app.profile)) {
      app.profile = null;
      api.useProfile(null);
    }
    data = { municipalities: m.municipalities, points: p.points, roads, areas, water, crossBorder };
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
    profile: () => app.profile,
    rerender: render,
    mapBusy: () => app.adding || app.moving !== null,
  });
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
