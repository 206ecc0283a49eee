/**
 * The side panel's parts, each drawn from data alone: the legend, the figures per municipality
 * (base, or scenario with its change from the base), and the controls of a service point, used
 * both in the list and in the map's popup so either way works from the keyboard as with a mouse.
 * Cells carry their raw numbers in data attributes, so tests compare numbers, not formatting.
 */
import { REPORT_FORMATS, type Note, type SavedScenario, type FigureRow, type DiffRow, type Municipality, type ReportFormat, type ServicePoint } from "./api.ts";
import { h } from "./dom.ts";
import { LOCALE, levelLabel, t } from "./i18n.ts";
import { ALL_AREAS, beyondLabel, countOf, upToLabel } from "../../engine/terms.ts";
import { LEVEL_COLOURS } from "./map.ts";
import { bandColours, BEYOND_COLOUR } from "./bands.ts";
import { LEVELS, type Lang, type Level, type PointState } from "./state.ts";

export function legend(lang: Lang, thresholds: readonly number[]): HTMLElement {
  const colours = bandColours(thresholds);
  const swatch = (colour: string) => h("span", { class: "swatch", "data-colour": colour, "aria-hidden": "true" });
  const items = thresholds.map((th, i) => h("li", {}, swatch(colours[i]), upToLabel(lang, th)));
  items.push(h("li", {}, swatch(BEYOND_COLOUR), beyondLabel(lang, thresholds[thresholds.length - 1])));
  const dot = (level: Level, cls = "") => {
    const b = h("span", { class: `badge${cls}`, "aria-hidden": "true" }, level);
    b.style.setProperty("--level", LEVEL_COLOURS[level]);
    return b;
  };
  const key = h("ul", { class: "point-key" },
    LEVELS.map((l) => h("li", {}, dot(l), l)),
    h("li", {}, dot("L", " closed"), t(lang, "closed")),
    h("li", {}, dot("L", " ringed"), t(lang, "changed")));
  const el = h("figure", { class: "legend" }, h("figcaption", {}, t(lang, "legend")), h("ul", {}, items), h("figcaption", {}, t(lang, "points")), key);
  // Colours go in through the CSSOM: the page's Content-Security-Policy allows no inline style attributes.
  for (const s of el.querySelectorAll<HTMLElement>(".swatch")) s.style.background = s.dataset.colour ?? "";
  return el;
}

/** People within `minutes` (the cumulative count of that band), or null when the row has no such band. */
function within(row: FigureRow, minutes: number): number | null {
  return row.bands.find((b) => b.threshold_min === minutes)?.cumulative ?? null;
}

type Better = "lower" | "higher";

/** A scenario's figure rows for one level or type, and its band crossings against the base. */
export interface ScenarioRows {
  readonly rows: readonly FigureRow[];
  readonly diff: readonly DiffRow[];
}

/**
 * The figures table for one level or type (`key`, e.g. L or dental-care). `run` null: the base;
 * otherwise the scenario, each cell with its change from the base (▲/▼ and colour, so the sign is
 * read without colour too), and band crossings.
 */
export function figuresTable(lang: Lang, key: string, withinMin: readonly number[], baseRows: readonly FigureRow[], run: ScenarioRows | null, municipalities: readonly Municipality[]): HTMLElement {
  const nf = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 0 });
  const mf = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const names = new Map(municipalities.map((m) => [m.code, lang === "sv" ? m.name.sv : m.name.fi]));
  const rows = run ? run.rows : baseRows;
  const diffs = new Map<string, DiffRow>((run?.diff ?? []).map((d) => [d.id, d]));
  const byId = new Map(baseRows.map((r) => [r.id, r]));

  const cell = (field: string, value: number | null, baseValue: number | null, format: Intl.NumberFormat, better: Better) => {
    const td = h("td", { "data-field": field, "data-value": value ?? "", "data-base": baseValue ?? "" }, value === null ? "–" : format.format(value));
    if (run && value !== null && baseValue !== null) {
      const d = Math.round((value - baseValue) * 10) / 10;
      const worse = better === "lower" ? d > 0 : d < 0;
      const cls = d === 0 ? "same" : worse ? "worse" : "better";
      td.append(h("span", { class: `delta ${cls}` }, d === 0 ? "±0" : `${d > 0 ? "▲ +" : "▼ −"}${format.format(Math.abs(d))}`));
    }
    return td;
  };
  // "all" first: the region's line is what a board reads first.
  const ordered = [...rows.filter((r) => r.id === "all"), ...rows.filter((r) => r.id !== "all")];
  const body = ordered.map((r) => {
    const b = byId.get(r.id) ?? r;
    const d = diffs.get(r.id);
    const name = r.id === "all" ? ALL_AREAS[lang] : (names.get(r.id) ?? r.name);
    const partial = r.coverage?.partial === true;
    return h(
      "tr",
      { "data-area": r.id, class: r.id === "all" ? "all" : partial ? "partial" : null, title: partial ? t(lang, "partialHint") : null },
      // People live under the name: the count never changes with the services, and a column of its own would not fit.
      h("th", { scope: "row" }, name, h("span", { class: "people", "data-field": "population", "data-value": r.population }, `${nf.format(r.population)} ${t(lang, "peopleShort")}`),
        partial ? h("span", { class: "partial-note", "data-field": "inside_pct", "data-value": r.coverage!.inside_pct }, t(lang, "partialShort", { pct: nf.format(r.coverage!.inside_pct) })) : null),
      cell("mean_min", r.mean_min, b.mean_min, mf, "lower"),
      cell("p90_min", r.p90_min, b.p90_min, mf, "lower"),
      withinMin.map((w) => cell(`within_${w}`, within(r, w), within(b, w), nf, "higher")),
      run ? [h("td", { "data-field": "worse", "data-value": d?.worse ?? 0, class: d?.worse ? "worse" : null }, nf.format(d?.worse ?? 0)), h("td", { "data-field": "better", "data-value": d?.better ?? 0, class: d?.better ? "better" : null }, nf.format(d?.better ?? 0))] : [],
    );
  });
  const head = h(
    "tr",
    {},
    h("th", { scope: "col" }, t(lang, "municipality")),
    h("th", { scope: "col" }, t(lang, "mean")),
    h("th", { scope: "col" }, t(lang, "p90")),
    withinMin.map((w) => h("th", { scope: "col" }, t(lang, "within", { t: w }))),
    run ? [h("th", { scope: "col", title: t(lang, "worseHint") }, t(lang, "worse")), h("th", { scope: "col", title: t(lang, "betterHint") }, t(lang, "better"))] : [],
  );
  return h("table", { class: "figures", "data-mode": run ? "scenario" : "base", "data-level": key }, h("thead", {}, head), h("tbody", {}, body));
}

export interface PointChange {
  (id: string, want: PointState): void;
}

/** What a point offers and the languages it serves in, as its popup says them; null when the server did not say (an added point). */
function offersLine(lang: Lang, p: ServicePoint): HTMLElement | null {
  if (!p.offers_text) return null;
  return h("p", { class: "point-offers" }, `${t(lang, "offers")}: ${p.offers_text[lang]}`, p.languages ? ` · ${t(lang, "languagesOfService")}: ${p.languages.join(", ")}` : "");
}

/** One point's name, state and controls: a level select, a close/reopen button and, with `onMove`, a move button; with `details`, what it offers. */
export function pointControls(lang: Lang, p: ServicePoint, s: PointState, changed: boolean, onChange: PointChange, added = false, onMove?: (id: string) => void, details = false): HTMLElement {
  const name = lang === "sv" ? p.name.sv : p.name.fi;
  const select = h(
    "select",
    { "aria-label": t(lang, "levelOf", { name }), onchange: (e: Event) => onChange(p.id, { ...s, level: (e.target as HTMLSelectElement).value as Level }) },
    LEVELS.map((l) => h("option", { value: l, selected: l === s.level }, levelLabel(lang, l))),
  );
  const badge = h("span", { class: `badge${s.open ? "" : " closed"}`, "aria-hidden": "true" }, s.level);
  badge.style.setProperty("--level", LEVEL_COLOURS[s.level]);
  return h(
    "div",
    { class: "point", "data-point": p.id, "data-open": String(s.open), "data-level": s.level, "data-added": added ? "true" : null },
    h("div", { class: "point-name" }, badge, h("strong", {}, name), " ", h("span", { class: "status" }, added ? t(lang, "added") : t(lang, s.open ? "open" : "closed"), changed && !added ? ` · ${t(lang, "changed")}` : "")),
    // An added point is removed, not closed: closing it takes its add change out of the list.
    h("div", { class: "point-actions" }, select, h("button", { type: "button", class: "toggle", onclick: () => onChange(p.id, { ...s, open: !s.open }) }, t(lang, added ? "remove" : s.open ? "close" : "reopen")),
      onMove ? h("button", { type: "button", class: "move", onclick: () => onMove(p.id) }, t(lang, "move")) : null),
    details ? offersLine(lang, p) : null,
  );
}

/** The points as the list shows them: highest level first, then by name in the language's order. */
export function listOrder(lang: Lang, points: readonly ServicePoint[]): ServicePoint[] {
  const rank = (l: Level) => (l === "E" ? 0 : l === "A" ? 1 : 2);
  const name = (p: ServicePoint) => (lang === "sv" ? p.name.sv : p.name.fi);
  return [...points].sort((a, b) => rank(a.level) - rank(b.level) || name(a).localeCompare(name(b), LOCALE[lang]));
}

/** A point's row in the list: its controls. */
export function pointRow(lang: Lang, p: ServicePoint, s: PointState, changed: boolean, onChange: PointChange, added: boolean, onMove?: (id: string) => void): HTMLLIElement {
  return h("li", {}, pointControls(lang, p, s, changed, onChange, added, onMove));
}

/** How each report format is offered: by its own name, the same in every language. */
const FORMAT_NAMES: Record<ReportFormat, string> = { pdf: "PDF", xlsx: "Excel (XLSX)", csv: "CSV", geojson: "GeoJSON", gpkg: "GeoPackage" };

/**
 * The export control: a format select and a download button, both native controls so Tab and
 * Enter/Space reach them. The language is the app's: a planner exports what they are reading.
 */
export function exportControl(lang: Lang, format: ReportFormat, busy: boolean, onFormat: (f: ReportFormat) => void, onDownload: () => void): HTMLElement {
  const select = h("select", { id: "export-format", onchange: (e: Event) => onFormat((e.target as HTMLSelectElement).value as ReportFormat) },
    REPORT_FORMATS.map((f) => h("option", { value: f, selected: f === format }, FORMAT_NAMES[f])));
  return h("section", { class: "export", "aria-labelledby": "export-title" },
    h("h2", { id: "export-title" }, t(lang, "exportTitle")),
    h("p", { class: "hint" }, t(lang, "exportHint")),
    h("div", { class: "export-row" },
      h("label", {}, t(lang, "exportFormat"), " ", select),
      // aria-disabled, not disabled: a disabled button drops the keyboard focus, which should stay put while the file comes.
      h("button", { type: "button", id: "export", onclick: onDownload, "aria-disabled": String(busy), "aria-busy": String(busy) }, t(lang, busy ? "exporting" : "exportDownload"))));
}

/**
 * The form a click on the map opens while adding a point: name and level, the municipality it will
 * count in, and Add / Cancel. A native form, so Enter submits and Tab reaches every control.
 */
export function newPointForm(lang: Lang, defaults: { name: string; level: Level; municipality: string }, onAdd: (name: string, level: Level) => void, onCancel: () => void): HTMLElement {
  const name = h("input", { id: "new-point-name", type: "text", required: true, maxlength: 300, value: defaults.name, autocomplete: "off" });
  const level = h("select", { id: "new-point-level" }, LEVELS.map((l) => h("option", { value: l, selected: l === defaults.level }, levelLabel(lang, l))));
  const form = h(
    "form",
    { class: "new-point", "aria-labelledby": "new-point-title" },
    h("h3", { id: "new-point-title" }, t(lang, "newPointTitle")),
    h("label", {}, t(lang, "newPointName"), name),
    h("label", {}, t(lang, "level"), level),
    h("p", { class: "hint", id: "new-point-municipality" }, t(lang, "newPointMunicipality", { name: defaults.municipality })),
    h("p", { class: "hint" }, t(lang, "newPointMove")),
    h("div", { class: "point-actions" }, h("button", { type: "submit", id: "new-point-add", class: "primary" }, t(lang, "newPointAdd")), h("button", { type: "button", onclick: onCancel }, t(lang, "cancel"))),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = name.value.trim();
    if (text) onAdd(text, level.value as Level);
    else name.focus();
  });
  return form;
}

export interface SavedState {
  /** null while loading; "none" when the server keeps no scenarios (503). */
  list: SavedScenario[] | null | "none";
  /** Whether the section is unfolded. */
  open: boolean;
  name: string;
  busy: boolean;
  /** The server refuses changes to its store (/healthz read_only): load only. */
  readOnly: boolean;
}

/**
 * Saving the current changes under a name, and the saved scenarios with Load and Delete; folded
 * until opened, and the server asked for the list only then (a server with no store answers 503).
 */
export function savedScenarios(lang: Lang, saved: SavedState, hasChanges: boolean, on: { open(v: boolean): void; name(v: string): void; save(): void; load(id: string): void; remove(id: string): void }): HTMLElement {
  const section = (...body: (HTMLElement | null)[]) => {
    const d = h("details", { class: "saved", id: "saved", open: saved.open }, h("summary", {}, h("h2", { id: "saved-title" }, t(lang, "savedTitle"))), ...body);
    d.addEventListener("toggle", () => on.open(d.open));
    return d;
  };
  if (saved.list === "none") return section(h("p", { class: "hint", id: "no-store" }, t(lang, "noStore")));
  const canSave = hasChanges && !saved.busy;
  const form = h(
    "form",
    { class: "save-row" },
    h("label", {}, t(lang, "saveName"), " ", h("input", { id: "save-name", type: "text", maxlength: 300, value: saved.name, autocomplete: "off", oninput: (e: Event) => on.name((e.target as HTMLInputElement).value) })),
    h("button", { type: "submit", id: "save", "aria-disabled": String(!canSave) }, t(lang, "save")),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const input = form.querySelector<HTMLInputElement>("#save-name")!;
    if (canSave && input.value.trim() !== "") on.save();
    else input.focus();
  });
  const nf = new Intl.NumberFormat(LOCALE[lang]);
  const list = Array.isArray(saved.list)
    ? saved.list.length === 0
      ? h("p", { class: "hint" }, t(lang, "noSaved"))
      : h("ul", { class: "saved-list" }, saved.list.map((s) =>
          h("li", { "data-scenario": s.id },
            h("span", {}, h("strong", {}, s.name), " ", h("span", { class: "status" }, countOf(lang, s.changes, "change"), s.runnable ? "" : ` · ${t(lang, "notRunnable")}`)),
            h("span", { class: "point-actions" },
              h("button", { type: "button", class: "load", disabled: !s.runnable || saved.busy, "aria-label": `${t(lang, "load")}: ${s.name}`, onclick: () => on.load(s.id) }, t(lang, "load")),
              saved.readOnly ? null : h("button", { type: "button", class: "delete", disabled: saved.busy, "aria-label": `${t(lang, "delete")}: ${s.name}`, onclick: () => on.remove(s.id) }, t(lang, "delete"))))))
    : h("p", { class: "hint" }, t(lang, "loading"));
  if (saved.readOnly) return section(h("p", { class: "hint", id: "read-only" }, t(lang, "readOnly")), list);
  return section(h("p", { class: "hint" }, t(lang, hasChanges ? "saveHint" : "saveNeedsChanges")), form, list);
}

/** The study's notes on the figures shown, critical first, each marked by its severity (from the API, in every language). */
export function notesList(lang: Lang, notes: readonly Note[]): HTMLElement {
  return h("section", { class: "figure-notes", id: "figure-notes", "aria-labelledby": "figure-notes-title" },
    h("h3", { id: "figure-notes-title" }, t(lang, "notesTitle", { n: notes.length })),
    h("ul", {}, notes.map((n) => h("li", { class: `note note-${n.severity}`, "data-code": n.code }, n.text[lang]))));
}
