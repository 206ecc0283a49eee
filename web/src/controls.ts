/**
 * The panel's controls as views of the app's state: the language buttons, the level, bands and
 * speed-limit choices, the undo/redo/add/compare buttons, the cross-border box and the population
 * layer's switch. They read app-state.ts and call back; they change nothing themselves.
 */
import { h } from "./dom.ts";
import { languageName, levelLabel, t } from "./i18n.ts";
import { LEVEL_NESTING, unsavedScenarioName } from "../../engine/terms.ts";
import { LOAD_STEPS, NO_CAPACITY_COLOUR, POPULATION_STEPS } from "./map.ts";
import { app, carProfile, crossBorderPoints, data } from "./app-state.ts";
import { BAND_SET_IDS, LANGS, LEVELS, ROAD_MODELS, hasCrossBorder, type BandSet, type Change, type Lang, type Level, type RoadModel } from "./state.ts";

/** What the controls ask main.ts to do. */
export interface ControlHandlers {
  setLang(l: Lang): void;
  setLevel(l: Level): void;
  setBands(b: BandSet): void;
  setProfile(p: string): void;
  setModel(m: RoadModel): void;
  /** A service type's id, or null: by level. */
  setType(type: string | null): void;
  /** A language's code, or null: everyone, to any service. */
  setLanguage(language: string | null): void;
  undo(): void;
  redo(): void;
  reset(): void;
  toggleAdding(): void;
  toggleCompare(): void;
  /** Counts the neighbouring organisers' points (as `add` changes) or takes them out. */
  setCrossBorder(on: boolean): void;
  setPopulation(on: boolean): void;
  setLoads(on: boolean): void;
  /** A cell's popup with the door-to-door times beside the drive times, or without. */
  setDoorToDoor(on: boolean): void;
}

const button = (label: string, onclick: () => void, props: Record<string, string | boolean> = {}) => h("button", { type: "button", onclick, ...props }, label);

/** The language buttons of the panel's header. */
export function langButtons(L: Lang, on: ControlHandlers): HTMLElement {
  return h("div", { class: "langs", role: "group", "aria-label": t(L, "language") }, LANGS.map((l) =>
    button({ fi: "Suomi", sv: "Svenska", en: "English" }[l], () => on.setLang(l), { lang: l, id: `lang-${l}`, "aria-pressed": String(l === L) })));
}

/** The controls section: level, bands, profile, actions, cross-border, population, and the change summary. */
export function controls(L: Lang, on: ControlHandlers): HTMLElement {
  const changes = app.history.present;
  // With a service type chosen the level does not apply: its choice stays, greyed.
  const levels = h("fieldset", { class: "levels", disabled: app.type !== null }, h("legend", {}, t(L, "level")), LEVELS.map((l) =>
    h("label", {}, h("input", { type: "radio", name: "level", value: l, id: `level-${l}`, checked: l === app.level, onchange: () => on.setLevel(l) }), " ", levelLabel(L, l))),
    h("p", { class: "hint" }, LEVEL_NESTING[L]));
  const bands = h("label", { class: "bands" }, t(L, "bands"), " ", h("select", { id: "bands", onchange: (e: Event) => on.setBands((e.target as HTMLSelectElement).value as BandSet) },
    BAND_SET_IDS.map((b) => h("option", { value: b, selected: b === app.bands }, t(L, b === "planning" ? "bandsPlanning" : "bandsShort")))));
  // Only when the roads have more than one profile: summer and winter speed limits.
  const current = app.profile ?? app.profiles[0];
  // car, car-winter, and each at a time of day (car-rush, car-winter-midday, …: engine/time-of-day.ts).
  const profileName = (p: string) => {
    if (p === "walk" || p === "bike") return t(L, p === "walk" ? "profileWalk" : "profileBike");
    const m = /^(car|car-winter)(?:-(midday|rush))?$/.exec(p);
    if (!m) return p;
    const season = t(L, m[1] === "car" ? "profileCar" : "profileWinter");
    return m[2] ? `${season}, ${t(L, m[2] === "midday" ? "profileMidday" : "profileRush")}` : season;
  };
  const profiles = app.profiles.length > 1
    ? h("label", { class: "bands" }, t(L, "profile"), " ", h("select", { id: "profile", onchange: (e: Event) => on.setProfile((e.target as HTMLSelectElement).value) },
      app.profiles.map((p) => h("option", { value: p, selected: p === current }, profileName(p)))))
    : null;
  // The road model: junctions free, or R5's scheme, the posted limit and turn costs (the turns-model note gives the figures).
  const model = h("label", { class: "bands" }, t(L, "model"), " ", h("select", { id: "model", onchange: (e: Event) => on.setModel((e.target as HTMLSelectElement).value as RoadModel) },
    ROAD_MODELS.map((m) => h("option", { value: m, selected: m === (app.model ?? app.serverModel) }, t(L, m === "plain" ? "modelPlain" : "modelTurns")))));
  const actions = h("div", { class: "actions" },
    button(t(L, "undo"), on.undo, { id: "undo", disabled: !app.history.canUndo, "aria-keyshortcuts": "Control+Z" }),
    button(t(L, "redo"), on.redo, { id: "redo", disabled: !app.history.canRedo, "aria-keyshortcuts": "Control+Shift+Z" }),
    button(t(L, "reset"), on.reset, { id: "reset", disabled: changes.length === 0 }),
    button(t(L, app.adding ? "addPointCancel" : "addPoint"), on.toggleAdding, { id: "add-point", class: "add-point", "aria-pressed": String(app.adding), "aria-keyshortcuts": app.adding ? "Escape" : false }),
    button(t(L, "compare"), on.toggleCompare, { id: "compare", class: "compare", "aria-pressed": String(app.compare) }));
  const summary = h("p", { class: "summary", id: "summary" }, changes.length === 0 ? t(L, "noChanges") : unsavedScenarioName(L, changes.length));
  // Bands and speed limits side by side when the panel is wide enough for both.
  return h("section", { class: "controls" }, serviceControl(L, on), levels, h("div", { class: "selects" }, bands, profiles, model), doorToDoorControl(L, on), actions, crossBorderControl(L, changes, on), populationControl(L, on), loadsControl(L, on),
    app.compare ? h("p", { class: "hint", id: "compare-hint" }, t(L, "compareHint")) : null, summary);
}

/**
 * The door-to-door box: a cell's popup then gives, beside each drive time, the time door to door as
 * the Helsinki Region Travel Time Matrix counts a car trip. A car trip's reading: not shown on foot or by bike.
 */
function doorToDoorControl(L: Lang, on: ControlHandlers): HTMLElement | null {
  if (!carProfile()) return null;
  return h("div", { class: "door-to-door" },
    h("label", {}, h("input", { type: "checkbox", id: "door-to-door", checked: app.doorToDoor, onchange: (e: Event) => on.setDoorToDoor((e.target as HTMLInputElement).checked) }), " ", t(L, "doorToDoor")),
    app.doorToDoor ? h("p", { class: "hint" }, t(L, "doorToDoorHint")) : null);
}

/** The service (by level, or a type) and, when the server has speakers by language, the language of service. */
function serviceControl(L: Lang, on: ControlHandlers): HTMLElement | null {
  if (app.serviceTypes.length === 0) return null;
  const service = h("label", { class: "bands" }, t(L, "service"), " ", h("select", { id: "service-type", onchange: (e: Event) => on.setType((e.target as HTMLSelectElement).value || null) },
    h("option", { value: "", selected: app.type === null }, t(L, "serviceByLevel")),
    app.serviceTypes.map((x) => h("option", { value: x.id, selected: x.id === app.type }, x.name[L]))));
  const language = app.languages.length > 0
    ? h("label", { class: "bands" }, t(L, "serviceLanguage"), " ", h("select", { id: "service-language", onchange: (e: Event) => on.setLanguage((e.target as HTMLSelectElement).value || null) },
      h("option", { value: "", selected: app.language === null }, t(L, "anyLanguage")),
      app.languages.map((code) => h("option", { value: code, selected: code === app.language }, languageName(L, code)))))
    : null;
  const hint = app.language !== null ? t(L, "languageHint") : app.type !== null ? t(L, "serviceHint") : null;
  return h("div", { class: "service" }, service, language, hint ? h("p", { class: "hint" }, hint) : null);
}

/** A box to count the neighbouring organisers' points (as a scenario), or a line saying the base already counts them. */
function crossBorderControl(L: Lang, changes: readonly Change[], on: ControlHandlers): HTMLElement | null {
  const cb = data.crossBorder;
  if (cb?.status === "included") return h("p", { class: "hint", id: "cross-border-included" }, t(L, "crossBorderIncluded"));
  if (cb?.status !== "available" || cb.points.length === 0) return null;
  const points = crossBorderPoints();
  return h("div", { class: "cross-border" },
    h("label", {}, h("input", { type: "checkbox", id: "cross-border", checked: hasCrossBorder(changes, points), onchange: (e: Event) => on.setCrossBorder((e.target as HTMLInputElement).checked) }), " ", t(L, "crossBorder", { n: points.length })),
    h("p", { class: "hint" }, t(L, "crossBorderHint")));
}

/** A key of colour swatches (set through the CSSOM: the page's policy allows no inline styles). */
function swatchKey(id: string, items: readonly (readonly [string, string])[]): HTMLElement {
  return h("ul", { class: "population-key", id }, items.map(([colour, label]) => {
    const sw = h("span", { class: "swatch", "aria-hidden": "true" });
    sw.style.background = colour;
    return h("li", {}, sw, label);
  }));
}

/** The load layer's switch, and its key and reading while it is on. */
function loadsControl(L: Lang, on: ControlHandlers): HTMLElement {
  const labels = LOAD_STEPS.map(([from], i) => (i === 0 ? `≤ ${LOAD_STEPS[1][0]} %` : i + 1 < LOAD_STEPS.length ? `${from}–${Math.round(LOAD_STEPS[i + 1][0])} %` : `> ${Math.round(from)} %`));
  const key = app.loads
    ? [swatchKey("loads-key", [...LOAD_STEPS.map(([, colour], i) => [colour, labels[i]] as const), [NO_CAPACITY_COLOUR, t(L, "loadsNoCapacity")]]), h("p", { class: "hint" }, t(L, "loadsHint"))]
    : null;
  return h("div", { class: "population" },
    h("label", {}, h("input", { type: "checkbox", id: "loads-layer", checked: app.loads, onchange: (e: Event) => on.setLoads((e.target as HTMLInputElement).checked) }), " ", t(L, "loadsLayer")),
    key);
}

/** The population layer's switch, and its key while it is on. */
function populationControl(L: Lang, on: ControlHandlers): HTMLElement {
  const cells = app.populationCells;
  const size = cells?.palveluverkko.cell_size_m ?? 250;
  const labels = POPULATION_STEPS.map(([from], i) => (i + 1 < POPULATION_STEPS.length ? `${Math.max(1, from)}–${POPULATION_STEPS[i + 1][0] - 1}` : `${from}+`));
  const key = app.population && cells ? swatchKey("population-key", POPULATION_STEPS.map(([, colour], i) => [colour, labels[i]] as const)) : null;
  return h("div", { class: "population" },
    h("label", {}, h("input", { type: "checkbox", id: "population-layer", checked: app.population, onchange: (e: Event) => on.setPopulation((e.target as HTMLInputElement).checked) }), " ", t(L, "populationLayer", { size })),
    key);
}
