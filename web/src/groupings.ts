/**
 * The groupings view: the planner regroups the region's municipalities into units (pick a unit,
 * click municipalities on the map; or a unit select per municipality in a list, for the keyboard),
 * starting from a built-in grouping, and compares the result with the built-in ones side by side:
 * per-unit figures, the equality measures and the worst-off unit as POST /api/groupings/compare
 * gives them, and bar charts of the same. The map outlines the planner's units as they change.
 * Grouping state lives in the URL hash (assignment.ts); this view keeps only what a link need not
 * restore (the picked unit, empty new units, the chart's measure, answers from the server).
 */
import "./groupings.css";
import type { Map as MlMap } from "maplibre-gl";
import { api, ApiError, type Areas, type CompareLevel, type Comparison, type GroupingFileFormat, type GroupingInfo, type GroupingList, type LocalName, type Municipality } from "./api.ts";
import { CUSTOM_ID, cleanMoves, freshUnitId, groupingDoc, moveTo, newUnitNumber, plannedUnits, unitsAfter, type GroupingDoc, type GroupingState, type Move, type PlannedUnit } from "./assignment.ts";
import { barChart } from "./charts.ts";
import { h, saveFile } from "./dom.ts";
import { LOCALE, levelLabel, t } from "./i18n.ts";
import { countOf } from "../../engine/terms.ts";
import { notesList } from "./panel.ts";
import { choiceOf, downloadRow, fileProblems, filePicker, formatByName, formatOf, refusal, type Refusal } from "./files.ts";
import { LEVELS, LANGS, type Lang, type Level } from "./state.ts";
import { boundsOf, municipalityAt, prepareBorders, UnitLayers, unitOutlines, type Borders } from "./unit-layers.ts";

export interface GroupingsHost {
  lang(): Lang;
  level(): Level;
  state(): GroupingState;
  /** A new grouping state: into the URL hash, then the panel redrawn. */
  setState(s: GroupingState): void;
  setLevel(level: Level): void;
  /** The travel-time profile and road model the figures are asked under (app-state.ts roadsKey): a comparison is kept per them. */
  roads(): string;
  /** Redraws the panel (after an answer from the server). */
  rerender(): void;
  /** Whether another map mode (adding a point) has the map's clicks. */
  mapBusy(): boolean;
}

/**
 * Unit colours, in order of first appearance: ColorBrewer's Dark2 (colorbrewer2.org) without its
 * green, which the travel-time bands use, then darker extras. Each reads against the bands next
 * to the near-black outline; the panel's swatches are always beside the unit's name.
 */
const UNIT_COLOURS = ["#d95f02", "#7570b3", "#e7298a", "#a6761d", "#e6ab02", "#1b9e77", "#666666", "#b15928", "#6a3d9a", "#1f78b4"];
/** Comparisons kept for going back and forth between groupings (each some tens of kB). */
const KEPT_ANSWERS = 20;
/** The bars' fill: the 30-minute band's blue, 6.5:1 against white. */
const BAR_FILL = "#225ea8";

/** What the charts show: a "share within" minute (`within_60_pct`) or the mean time. */
type Measure = `within_${number}_pct` | "censored_mean_min";

/** What the state means once the region's groupings are known. */
interface Context {
  list: GroupingList;
  state: GroupingState;
  base: GroupingInfo;
  /** The state's moves that mean something for this base. */
  moves: Move[];
  units: PlannedUnit[];
  unitOf: Map<string, string>;
  /** Built-in groupings to compare with. */
  others: GroupingInfo[];
  /** The planner's grouping, when it differs from its base. */
  doc: GroupingDoc | null;
  body: { groupings: string[]; custom: GroupingDoc[] };
  colours: Map<string, string>;
  /** The planner's units (of the base) whose members are no longer the base's. */
  changed: Set<string>;
  /** The body as text: one comparison per key. */
  key: string;
}

interface Compared {
  key: string;
  result: Comparison | null;
  error: string;
}

const shareKeys = (l: CompareLevel): `within_${number}_pct`[] => Object.keys(l).filter((k): k is `within_${number}_pct` => /^within_\d+_pct$/.test(k));
const minutesOf = (key: string) => Number(/\d+/.exec(key)?.[0]);

export class GroupingsView {
  private list: GroupingList | null = null;
  private listError = "";
  private listing = false;
  private compared: Compared = { key: "", result: null, error: "" };
  private readonly answers = new Map<string, Comparison>();
  private inFlight: AbortController | null = null;
  /** The key of the comparison on its way, if any. */
  private pending = "";
  /** The unit a map click moves a municipality into. */
  private picked: string | null = null;
  /** New units made but given no municipality yet. */
  private extraUnits: string[] = [];
  private listOpen = false;
  private measure: Measure | null = null;
  /** What the last action did, said in the status line in whatever language is current. */
  private note: ((lang: Lang) => string) | null = null;
  private readonly layers: UnitLayers;
  private readonly areas: Areas;
  /** The borders made ready for outlines and clicks: a tenth of a second or so, so only once the view opens. */
  private prepared: Borders | null = null;
  private outlinesKey = "";
  /**
   * Whether the map is to be fitted to the region when the units first show: not when the URL gave
   * a view or the planner has moved the map, since then they chose what to look at.
   */
  private fit: boolean;
  private readonly people: Map<string, number>;
  private readonly names: Map<string, LocalName>;
  private readonly el = h("section", { class: "groupings", id: "groupings", "aria-labelledby": "groupings-title" });
  /** Groupings the planner read from files, listed after the built-in ones (kept until the page reloads). */
  private uploaded: GroupingInfo[] = [];
  private file = { busy: false, error: null as Refusal | null, read: null as ((lang: Lang) => string) | null, download: "json" as GroupingDownload, downloadError: "" };

  constructor(
    private readonly map: MlMap,
    data: { municipalities: readonly Municipality[]; areas: Areas; viewFromUrl: boolean },
    private readonly host: GroupingsHost,
  ) {
    this.fit = !data.viewFromUrl;
    map.on("movestart", (e) => e.originalEvent && (this.fit = false));
    this.people = new Map(data.municipalities.map((m) => [m.code, m.population]));
    this.names = new Map(data.municipalities.map((m) => [m.code, { fi: m.name.fi, sv: m.name.sv, en: m.name.fi }]));
    this.areas = data.areas;
    this.layers = new UnitLayers(map, (code) => this.clicked(code), () => host.state().open && !host.mapBusy(), (lon, lat) => municipalityAt(this.borders(), lon, lat));
  }

  private borders(): Borders {
    return (this.prepared ??= prepareBorders(this.areas));
  }

  /** Draws the view from the state, asking the server for what it lacks; the same element each time. */
  render(): HTMLElement {
    const s = this.host.state();
    const L = this.host.lang();
    if (s.open && !this.list && !this.listing && !this.listError) void this.loadList();
    const ctx = this.context();
    this.drawOutlines(ctx);
    if (!s.open) return this.el;
    if (ctx) this.compare(ctx);
    const busy = ctx !== null && this.compared.key !== ctx.key;
    const none = this.list?.groupings.length === 0;
    this.el.dataset.state = this.listError || (!busy && this.compared.error) ? "error" : none ? "ready" : !ctx || busy ? "loading" : "ready";
    this.el.setAttribute("aria-busy", String(this.el.dataset.state === "loading"));
    const status = this.listError ? t(L, "error", { detail: this.listError }) : none ? t(L, "noGroupings") : !ctx ? t(L, "loading") : busy ? t(L, "groupingComparing") : this.compared.error ? t(L, "error", { detail: this.compared.error }) : (this.note?.(L) ?? "");
    this.el.replaceChildren(
      h("h2", { id: "groupings-title" }, t(L, "groupingsTitle")),
      h("p", { class: "hint" }, t(L, "groupingsIntro")),
      ...(ctx ? this.editor(L, ctx) : []),
      h("p", { class: "grouping-status", id: "grouping-status", role: "status", "aria-live": "polite" }, status),
      ...(ctx ? this.comparison(L, ctx) : []),
    );
    return this.el;
  }

  private async loadList(): Promise<void> {
    this.listing = true;
    try {
      this.list = await api.groupings();
    } catch (err) {
      this.listError = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.listing = false;
    }
    this.host.rerender();
  }

  /** Everything the state means once the region's groupings are known; null before. */
  private context(): Context | null {
    const list = this.list && { ...this.list, groupings: [...this.list.groupings, ...this.uploaded] };
    if (!list || list.groupings.length === 0) return null;
    const s = this.host.state();
    const base = list.groupings.find((g) => g.id === s.base) ?? list.groupings.find((g) => g.id === list.active) ?? list.groupings[0];
    const moves = cleanMoves(base, s.moves);
    const units = plannedUnits(base, moves, this.people, this.extraUnits);
    const unitOf = unitsAfter(base, moves);
    const others = list.groupings.filter((g) => s.compare === null || s.compare.includes(g.id));
    const doc = moves.length > 0 ? this.doc(list.region, base, units) : null;
    // Built-in groupings go by id; those read from files go whole, as the planner's own do.
    const fromFile = (g: GroupingInfo) => this.uploaded.includes(g);
    const body = { groupings: others.filter((g) => !fromFile(g)).map((g) => g.id), custom: [...others.filter(fromFile).map((g) => infoDoc(list.region, g)), ...(doc ? [doc] : [])] };
    const colours = new Map<string, string>();
    for (const id of [...units.map((u) => u.id), ...list.groupings.flatMap((g) => g.units.map((u) => u.id))]) if (!colours.has(id)) colours.set(id, UNIT_COLOURS[colours.size % UNIT_COLOURS.length]);
    const members = (ms: readonly string[]) => [...ms].sort().join();
    const changed = new Set(base.units.filter((u) => members(u.municipalities) !== members(units.find((p) => p.id === u.id)!.municipalities)).map((u) => u.id));
    return { list, state: s, base, moves, units, unitOf, others, doc, body, colours, changed, key: `${this.host.roads()}|${JSON.stringify(body)}` };
  }

  /** The planner's grouping as the API takes it, its names in all three languages (its source, a note on where it came from, in English). */
  private doc(region: GroupingList["region"], base: GroupingInfo, units: readonly PlannedUnit[]): GroupingDoc {
    const all = (f: (l: Lang) => string) => Object.fromEntries(LANGS.map((l) => [l, f(l)])) as unknown as LocalName;
    return groupingDoc(region, all((l) => t(l, "customGrouping")), t("en", "customSource", { base: base.name.en }), units, (n) => all((l) => t(l, "newUnitName", { n })));
  }

  /** Asks for the comparison the state needs, unless it is the one shown or on its way; a newer request cancels an older one. */
  private compare(ctx: Context): void {
    if (this.compared.key === ctx.key || this.pending === ctx.key) return;
    this.inFlight?.abort();
    this.pending = "";
    const known = this.answers.get(ctx.key);
    if (known || (ctx.body.groupings.length === 0 && ctx.body.custom.length === 0)) {
      this.compared = { key: ctx.key, result: known ?? null, error: "" };
      return;
    }
    const controller = (this.inFlight = new AbortController());
    this.pending = ctx.key;
    api
      .compareGroupings(ctx.body, controller.signal)
      .then((result) => {
        this.answers.set(ctx.key, result);
        // Maps keep insertion order: the first key is the oldest answer.
        if (this.answers.size > KEPT_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
        this.compared = { key: ctx.key, result, error: "" };
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) this.compared = { key: ctx.key, result: this.compared.result, error: err instanceof ApiError ? err.message : String(err) };
      })
      .finally(() => {
        if (controller.signal.aborted) return;
        this.pending = "";
        this.host.rerender();
      });
  }

  private drawOutlines(ctx: Context | null): void {
    const open = this.host.state().open && ctx !== null;
    const key = ctx ? `${open}|${JSON.stringify([...ctx.unitOf])}|${JSON.stringify([...ctx.colours])}` : "none";
    if (key === this.outlinesKey) return;
    this.outlinesKey = key;
    this.layers.set(ctx ? unitOutlines(this.borders(), ctx.unitOf, ctx.colours) : { type: "FeatureCollection", features: [] }, open);
    // The first time the units show, the whole region is what the planner regroups: fit it, unless they chose a view.
    if (open && ctx && this.fit) {
      this.fit = false;
      const b = boundsOf(this.borders(), new Set(ctx.unitOf.keys()));
      if (b) this.map.fitBounds(b, { padding: 24, duration: 0 });
    }
  }

  private name(lang: Lang, code: string): string {
    return this.names.get(code)?.[lang] ?? code;
  }

  private unitName(lang: Lang, u: { id: string; name: LocalName | null }): string {
    return u.name ? u.name[lang] : t(lang, "newUnitName", { n: newUnitNumber(u.id) ?? 0 });
  }

  /** A unit of the planner's grouping by name, said to be changed when its members are not the base's. */
  private plannedName(lang: Lang, ctx: Context, u: { id: string; name: LocalName | null }): string {
    return ctx.changed.has(u.id) ? t(lang, "unitChanged", { name: this.unitName(lang, u) }) : this.unitName(lang, u);
  }

  /** Moves a municipality clicked on the map into the picked unit. */
  private clicked(code: string | null): void {
    const ctx = this.context();
    if (!ctx || code === null) return;
    const unit = ctx.units.find((u) => u.id === this.picked) ?? ctx.units[0];
    if (!ctx.unitOf.has(code)) {
      this.note = (l) => t(l, "notInRegion", { name: this.name(l, code) });
      this.host.rerender();
    } else this.move(ctx, code, unit.id);
  }

  private move(ctx: Context, code: string, unit: string): void {
    const target = ctx.units.find((u) => u.id === unit);
    if (!target || ctx.unitOf.get(code) === unit) return;
    this.note = (l) => t(l, "unitMoved", { name: this.name(l, code), unit: this.unitName(l, target) });
    this.host.setState({ ...ctx.state, moves: moveTo(ctx.base, ctx.moves, code, unit) });
  }

  private swatch(colour: string): HTMLElement {
    const s = h("span", { class: "swatch", "aria-hidden": "true" });
    // Through the CSSOM: the page's Content-Security-Policy allows no inline style attributes.
    s.style.background = colour;
    return s;
  }

  /** The base select, the level, the unit picker and the municipality list. */
  private editor(L: Lang, ctx: Context): HTMLElement[] {
    const nf = new Intl.NumberFormat(LOCALE[L], { maximumFractionDigits: 0 });
    const picked = ctx.units.some((u) => u.id === this.picked) ? this.picked! : ctx.units[0].id;
    const top = h("div", { class: "grouping-top" },
      h("label", {}, t(L, "groupingBase"), " ", h("select", { id: "grouping-base", onchange: (e: Event) => this.setBase((e.target as HTMLSelectElement).value) },
        ctx.list.groupings.map((g) => h("option", { value: g.id, selected: g.id === ctx.base.id }, g.name[L])))),
      h("button", { type: "button", id: "grouping-reset", disabled: ctx.moves.length === 0, onclick: () => this.host.setState({ ...ctx.state, moves: [] }) }, t(L, "groupingReset")),
      h("label", {}, t(L, "level"), " ", h("select", { id: "grouping-level", onchange: (e: Event) => this.host.setLevel((e.target as HTMLSelectElement).value as Level) },
        LEVELS.map((l) => h("option", { value: l, selected: l === this.host.level() }, levelLabel(L, l))))));
    const picker = h("fieldset", { class: "unit-picker" },
      h("legend", {}, t(L, "pickUnit")),
      h("ul", {}, ctx.units.map((u) => {
        const people = u.municipalities.reduce((sum, c) => sum + (this.people.get(c) ?? 0), 0);
        return h("li", { "data-unit": u.id },
          h("label", {},
            h("input", { type: "radio", name: "pick-unit", id: `pick-${u.id}`, value: u.id, checked: u.id === picked, onchange: () => ((this.picked = u.id), this.host.rerender()) }),
            this.swatch(ctx.colours.get(u.id)!),
            h("span", { class: "unit-name" }, this.plannedName(L, ctx, u)),
            h("span", { class: "status" }, t(L, u.municipalities.length === 1 ? "unitCountOne" : "unitCount", { n: u.municipalities.length, people: nf.format(people) }))));
      })),
      h("button", { type: "button", id: "new-unit", onclick: () => this.newUnit(ctx) }, t(L, "newUnit")),
      h("p", { class: "hint" }, t(L, "pickHint")));
    const codes = [...ctx.unitOf.keys()].sort((a, b) => this.name(L, a).localeCompare(this.name(L, b), LOCALE[L]));
    const home = new Map(ctx.base.units.flatMap((u) => u.municipalities.map((c) => [c, u] as const)));
    const rows = codes.map((code) => {
      const unit = ctx.unitOf.get(code)!;
      const moved = ctx.moves.some((m) => m.code === code);
      return h("tr", { "data-code": code, class: moved ? "moved" : null },
        h("th", { scope: "row" }, this.name(L, code)),
        h("td", { "data-field": "population", "data-value": this.people.get(code) ?? "" }, this.people.has(code) ? nf.format(this.people.get(code)!) : "–"),
        h("td", {}, h("select", { id: `unit-of-${code}`, "aria-label": t(L, "unitOf", { name: this.name(L, code) }), onchange: (e: Event) => this.move(ctx, code, (e.target as HTMLSelectElement).value) },
          ctx.units.map((u) => h("option", { value: u.id, selected: u.id === unit }, this.unitName(L, u)))),
          moved ? h("span", { class: "status" }, " ", t(L, "movedFrom", { unit: this.unitName(L, home.get(code)!) })) : null));
    });
    const list = h("details", { class: "municipality-list", id: "municipality-list", open: this.listOpen },
      h("summary", {}, h("h3", {}, t(L, "municipalityList", { n: codes.length }))),
      h("table", { class: "grouping-members" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t(L, "municipality")), h("th", { scope: "col" }, t(L, "people")), h("th", { scope: "col" }, t(L, "unitColumn")))),
        h("tbody", {}, rows)));
    list.addEventListener("toggle", () => (this.listOpen = list.open));
    return [top, picker, list, this.fileSection(L, ctx)];
  }

  /** The grouping as a file: read a table or JSON (every bad row listed), and download the current grouping back. */
  private fileSection(L: Lang, ctx: Context): HTMLElement {
    const f = this.file;
    return h("section", { class: "service-file grouping-file", id: "grouping-file-section", "aria-labelledby": "grouping-file-title" },
      h("h3", { id: "grouping-file-title" }, t(L, "groupingFileTitle")),
      h("p", { class: "hint" }, t(L, "groupingFileHint")),
      filePicker(L, "grouping-file", ".csv,.xlsx,.json,text/csv,application/json", f.busy, (file) => void this.readFile(file, ctx.list)),
      f.busy ? h("p", { class: "file-status", role: "status" }, t(L, "fileReading")) : null,
      f.read && !f.busy ? h("p", { class: "file-status", id: "grouping-file-status", role: "status" }, f.read(L)) : null,
      f.error && !f.busy ? fileProblems(L, "grouping-file-errors", f.error) : null,
      downloadRow(L, { select: "grouping-file-format", button: "grouping-file-download" }, GROUPING_DOWNLOADS, f.download, (d) => (f.download = d), t(L, "groupingFileDownload"), () => void this.saveFile(ctx), { busy: false, error: f.downloadError }));
  }

  /** Reads a grouping file through the server's check; a good one is listed, made the base and compared at once. */
  private async readFile(file: File, list: GroupingList): Promise<void> {
    const f = this.file;
    const format = formatByName<GroupingFileFormat>(file.name, { csv: "csv", txt: "csv", xlsx: "xlsx", json: "json" });
    f.read = null;
    f.error = null;
    if (!format) {
      f.error = { file: file.name, detail: t(this.host.lang(), "groupingFileWhichFormat"), errors: [] };
      this.host.rerender();
      return;
    }
    f.busy = true;
    this.host.rerender();
    try {
      const checked = await api.checkGrouping(file, format, file.name);
      const g = checked.grouping;
      // An id the list has already (a built-in grouping's, or an earlier file's) is made the file's own.
      const taken = new Set(list.groupings.map((x) => x.id));
      let id = g.id;
      for (let k = 2; taken.has(id); k++) id = `${g.id}-${k}`;
      const info: GroupingInfo = id === g.id ? g : { ...g, id, name: { fi: `${g.name.fi} (${file.name})`, sv: `${g.name.sv} (${file.name})`, en: `${g.name.en} (${file.name})` } };
      this.uploaded = [...this.uploaded, info];
      f.read = (l) => t(l, "groupingFileRead", { file: file.name, name: info.name[l], units: countOf(l, info.units.length, "unit"), municipalities: countOf(l, info.units.reduce((n, u) => n + u.municipalities.length, 0), "municipality") });
      f.download = choiceOf(checked.format, checked.delimiter);
      this.picked = null;
      this.extraUnits = [];
      this.note = null;
      this.host.setState({ ...this.host.state(), base: id, moves: [], compare: null });
    } catch (err) {
      f.error = refusal(file.name, err);
    } finally {
      f.busy = false;
      this.host.rerender();
    }
  }

  /** Downloads the grouping shown: the planner's, or the base when it has no moves. */
  private async saveFile(ctx: Context): Promise<void> {
    const f = this.file;
    f.downloadError = "";
    try {
      const doc = ctx.doc ?? infoDoc(ctx.list.region, ctx.base);
      const { format, delimiter } = formatOf(f.download);
      const file = await api.exportGrouping(doc, format, delimiter);
      saveFile(file.blob, file.name);
    } catch (err) {
      f.downloadError = err instanceof ApiError ? err.message : String(err);
    }
    this.host.rerender();
  }

  private setBase(id: string): void {
    this.picked = null;
    this.extraUnits = [];
    this.note = null;
    this.host.setState({ ...this.host.state(), base: id, moves: [] });
  }

  private newUnit(ctx: Context): void {
    const id = freshUnitId(ctx.units.map((u) => u.id));
    this.extraUnits.push(id);
    this.picked = id;
    this.note = (l) => t(l, "newUnitMade", { unit: t(l, "newUnitName", { n: newUnitNumber(id)! }) });
    this.host.rerender();
    document.getElementById(`pick-${id}`)?.focus();
  }

  private toggleCompared(ctx: Context, id: string, on: boolean): void {
    const all = ctx.list.groupings.map((g) => g.id);
    const now = new Set(ctx.others.map((g) => g.id));
    if (on) now.add(id);
    else now.delete(id);
    const next = all.filter((g) => now.has(g));
    this.host.setState({ ...ctx.state, compare: next.length === all.length ? null : next });
  }

  /** The comparison: which groupings, the equality table, the charts and the per-unit table. */
  private comparison(L: Lang, ctx: Context): HTMLElement[] {
    const level = this.host.level();
    const choose = h("fieldset", { class: "compare-with" }, h("legend", {}, t(L, "groupingCompareWith")),
      ctx.doc ? h("label", {}, h("input", { type: "checkbox", checked: true, disabled: true }), " ", t(L, "customGrouping")) : null,
      ctx.list.groupings.map((g) => h("label", {}, h("input", { type: "checkbox", id: `compare-${g.id}`, checked: ctx.others.includes(g), onchange: (e: Event) => this.toggleCompared(ctx, g.id, (e.target as HTMLInputElement).checked) }), " ", g.name[L])));
    const head = h("h3", { class: "comparison-title" }, `${t(L, "groupingComparison")} · ${levelLabel(L, level)}`);
    const result = this.compared.result;
    if (ctx.body.groupings.length === 0 && ctx.body.custom.length === 0) return [head, choose, h("p", { class: "hint" }, t(L, "groupingCompareNone"))];
    if (!result) return [head, choose];
    // The planner's grouping first: it is what the others are compared with.
    const shown = [...result.groupings.filter((g) => g.id === CUSTOM_ID), ...result.groupings.filter((g) => g.id !== CUSTOM_ID)];
    const horizon = result.horizon_min;
    const fmt = {
      people: new Intl.NumberFormat(LOCALE[L], { maximumFractionDigits: 0 }),
      min: new Intl.NumberFormat(LOCALE[L], { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
      ratio: new Intl.NumberFormat(LOCALE[L], { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      gini: new Intl.NumberFormat(LOCALE[L], { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
    };
    const groupingName = (id: string) => (id === CUSTOM_ID ? t(L, "customGrouping") : (ctx.list.groupings.find((g) => g.id === id)?.name[L] ?? id));
    // The planner's units by the names they gave (changed ones said so); the others as the study
    // names them, with a member count where two different units compared share a name.
    const unitName = (gid: string, uid: string, fallback: string) => {
      if (gid !== CUSTOM_ID) return result.groupings.find((g) => g.id === gid)?.units.find((u) => u.id === uid)?.names[L] ?? fallback;
      const u = ctx.units.find((x) => x.id === uid);
      return u ? this.plannedName(L, ctx, u) : fallback;
    };
    // ≥ before a lower bound, ≈ before a figure censoring can move either way (the definitions say so).
    const num = (field: string, value: number | null, f: Intl.NumberFormat, extra: Record<string, string> = {}, bound: Bound = "exact") =>
      h("td", { "data-field": field, "data-value": value ?? "", "data-bound": bound, ...extra }, value === null ? "–" : MARK[bound] + f.format(value));
    const lower = (yes: boolean): Bound => (yes ? "lower" : "exact");
    const names = (gid: string, ids: readonly string[]) => ids.map((id) => unitName(gid, id, id)).join(" / ");
    const shares = shareKeys(shown[0]?.all_units[level] ?? ({} as CompareLevel));

    // Equality: a column per grouping, so the measures read across.
    const eqRows: [string, string, (g: (typeof shown)[number]) => HTMLElement][] = [
      ["worst_unit", t(L, "worstUnit"), (g) => {
        const e = g.equality[level];
        const w = e.worst;
        const open = !w && e.worst_candidates.length > 1;
        return h("td", { "data-grouping": g.id, "data-field": "worst_unit", "data-value": w?.unit ?? "", "data-candidates": e.worst_candidates.join(" ") },
          w ? unitName(g.id, w.unit, w.unit) : open ? t(L, "undecided", { names: names(g.id, e.worst_candidates) }) : "–");
      }],
      ["worst_mean_min", t(L, "worstMean"), (g) => num("worst_mean_min", g.equality[level].worst?.mean_min ?? null, fmt.min, { "data-grouping": g.id }, lower(g.equality[level].worst?.mean_is_lower_bound ?? false))],
      ["mean_ratio", t(L, "meanRatio"), (g) => num("mean_ratio", g.equality[level].mean_ratio, fmt.ratio, { "data-grouping": g.id }, g.equality[level].mean_ratio_bound)],
      ["p90_ratio", t(L, "p90Ratio"), (g) => num("p90_ratio", g.equality[level].p90_ratio, fmt.ratio, { "data-grouping": g.id }, g.equality[level].p90_ratio_bound)],
      ["gini", t(L, "gini"), (g) => num("gini", g.equality[level].gini, fmt.gini, { "data-grouping": g.id }, g.equality[level].gini_bound)],
      ["unit_mean_gini", t(L, "unitMeanGini"), (g) => num("unit_mean_gini", g.equality[level].unit_mean_gini, fmt.gini, { "data-grouping": g.id }, g.equality[level].unit_mean_gini_bound)],
    ];
    const equality = h("table", { class: "grouping-equality" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t(L, "equalityMeasure")), shown.map((g) => h("th", { scope: "col" }, groupingName(g.id))))),
      h("tbody", {}, eqRows.map(([field, label, cell]) => h("tr", { "data-field": field }, h("th", { scope: "row" }, label), shown.map(cell)))));
    const why = h("ul", { class: "why" }, shown.flatMap((g) => {
      const e = g.equality[level];
      const w = e.worst;
      if (!w) {
        if (e.worst_candidates.length < 2) return [];
        const listed = e.worst_candidates.map((id) => {
          const l = g.units.find((u) => u.id === id)!.levels[level];
          return `${unitName(g.id, id, id)} (${MARK[lower(l.mean_is_lower_bound)]}${fmt.min.format(l.censored_mean_min ?? 0)} min)`;
        });
        const censored = e.worst_candidates.some((id) => g.units.find((u) => u.id === id)!.levels[level].mean_is_lower_bound);
        return [h("li", { "data-grouping": g.id, "data-undecided": "" }, t(L, censored ? "whyUndecided" : "whyTied", { grouping: groupingName(g.id), cutoff: horizon, names: listed.join(" / ") }) + ".")];
      }
      const beyondKey = Object.keys(w).find((k) => /^beyond_\d+_pct$/.test(k)) as `beyond_${number}_pct` | undefined;
      const parts = [t(L, "whyWorst", {
        grouping: groupingName(g.id),
        unit: unitName(g.id, w.unit, w.unit),
        mean: MARK[lower(w.mean_is_lower_bound)] + fmt.min.format(w.mean_min),
        region: MARK[lower(w.region_mean_is_lower_bound)] + fmt.min.format(w.region_mean_min),
        times: w.region_mean_min > 0 ? fmt.ratio.format(w.mean_min / w.region_mean_min) : "–",
      })];
      const censoredPct = g.units.find((u) => u.id === w.unit)?.levels[level].beyond_horizon_pct ?? 0;
      if (w.mean_is_lower_bound) parts.push(t(L, "whyAtLeast", { pct: fmt.min.format(censoredPct), cutoff: horizon }));
      if (beyondKey) parts.push(t(L, "whyBeyond", { pct: fmt.min.format(w[beyondKey]), t: minutesOf(beyondKey) }));
      if (w.farthest_member) parts.push(t(L, "whyFarthest", { name: this.name(L, w.farthest_member.code), min: MARK[lower(w.farthest_member.lower_bound)] + fmt.min.format(w.farthest_member.mean_min) }));
      else if (w.farthest_candidates.length > 1) parts.push(t(L, "whyFarthestOpen", { names: w.farthest_candidates.map((m) => `${this.name(L, m.code)} (${MARK[lower(m.lower_bound)]}${fmt.min.format(m.mean_min)} min)`).join(" / ") }));
      return [h("li", { "data-grouping": g.id }, parts.join("; ") + ".")];
    }));

    // Charts: one per grouping, all to one scale.
    const measure: Measure = this.measure && (this.measure === "censored_mean_min" || shares.includes(this.measure)) ? this.measure : (shares[shares.length - 1] ?? "censored_mean_min");
    const isShare = measure !== "censored_mean_min";
    // A unit with no people (none of its members on the grid) has no share of anything: no bar.
    const valueOf = (l: CompareLevel) => (l.population === 0 ? null : (l[measure] ?? null));
    const top = Math.max(0, ...shown.flatMap((g) => g.units.map((u) => valueOf(u.levels[level]) ?? 0)));
    const max = isShare ? 100 : Math.max(10, Math.ceil(top / 10) * 10);
    const format = (v: number) => `${fmt.min.format(v)} ${isShare ? "%" : "min"}`;
    const measureLabel = (m: Measure) => (m === "censored_mean_min" ? t(L, "chartMean") : t(L, "chartWithin", { t: minutesOf(m) }));
    const measureSelect = h("label", { class: "chart-measure" }, t(L, "chartShows"), " ", h("select", { id: "chart-measure", onchange: (e: Event) => ((this.measure = (e.target as HTMLSelectElement).value as Measure), this.host.rerender()) },
      [...shares, "censored_mean_min" as const].map((m) => h("option", { value: m, selected: m === measure }, measureLabel(m)))));
    const charts = h("div", { class: "charts" }, shown.map((g) => {
      const all = valueOf(g.all_units[level]);
      const worst = g.equality[level].worst?.unit;
      const title = `${groupingName(g.id)}: ${measureLabel(measure)}`;
      return h("figure", { class: "chart", "data-grouping": g.id },
        h("figcaption", {}, groupingName(g.id)),
        barChart({
          title,
          max,
          format,
          fill: BAR_FILL,
          none: t(L, "noPeople"),
          reference: all === null ? undefined : { value: all, label: t(L, "chartAll", { v: format(all) }) },
          bars: g.units.map((u) => ({ key: u.id, label: unitName(g.id, u.id, u.name), value: valueOf(u.levels[level]), colour: ctx.colours.get(u.id) ?? "#666666", note: u.id === worst ? t(L, "worstShort") : undefined })),
        }));
    }));

    // Per unit: a block of rows per grouping, then its all-units row.
    const cols = [
      ["population", t(L, "people")],
      ...shares.map((k) => [k, t(L, "withinPct", { t: minutesOf(k) })]),
      ["censored_mean_min", t(L, "mean")],
      ["censored_p90_min", t(L, "p90")],
      ["hub_max_min", t(L, "hubMax"), t(L, "hubMaxHint")],
      ["rank", t(L, "rankColumn")],
    ];
    const figureCells = (l: CompareLevel) => [
      num("population", l.population, fmt.people),
      ...shares.map((k) => (l.population === 0 ? h("td", { "data-field": k, "data-value": l[k] ?? "", title: t(L, "noPeople") }, "–") : num(k, l[k] ?? null, fmt.min))),
      num("censored_mean_min", l.censored_mean_min, fmt.min, {}, lower(l.mean_is_lower_bound)),
      num("censored_p90_min", l.censored_p90_min, fmt.min, {}, lower(l.p90_is_lower_bound)),
    ];
    const units = h("table", { class: "grouping-units" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t(L, "unitColumn")), cols.map(([, label, hint]) => h("th", { scope: "col", title: hint ?? null }, label)))),
      shown.map((g) => h("tbody", { "data-grouping": g.id },
        h("tr", { class: "group-head" }, h("th", { scope: "rowgroup", colspan: cols.length + 1 }, groupingName(g.id))),
        g.units.map((u) => h("tr", { "data-grouping": g.id, "data-unit": u.id },
          h("th", { scope: "row" }, this.swatch(ctx.colours.get(u.id) ?? "#666666"), unitName(g.id, u.id, u.name)),
          figureCells(u.levels[level]),
          num("hub_max_min", u.hub_max_min, fmt.min),
          h("td", { "data-field": "rank", "data-value": u.levels[level].rank ?? "" }, rankText(u.levels[level].rank_range)))),
        h("tr", { class: "all", "data-grouping": g.id, "data-unit": "all" }, h("th", { scope: "row" }, t(L, "allUnits")), figureCells(g.all_units[level]), h("td", {}, ""), h("td", {}, "")))));
    const definitions = h("details", { class: "definitions", id: "measure-definitions", open: true },
      h("summary", {}, t(L, "definitionsTitle")),
      h("ul", {}, Object.entries(result.definitions).map(([key, text]) => h("li", { "data-measure": key }, text[L]))));
    const parts: (HTMLElement | null)[] = [
      head,
      choose,
      h("h4", {}, t(L, "equality")),
      h("div", { class: "table-wrap" }, equality),
      h("p", { class: "hint" }, t(L, "equalityHint")),
      why,
      h("h4", {}, measureLabel(measure)),
      measureSelect,
      charts,
      h("h4", {}, t(L, "perUnit")),
      h("div", { class: "table-wrap" }, units),
      h("p", { class: "hint" }, `${t(L, "hubMaxHint")}.`),
      definitions,
      result.notes.length > 0 ? notesList(L, result.notes) : null,
    ];
    return parts.filter((x): x is HTMLElement => x !== null);
  }
}

/** A grouping as POST /api/groupings/compare's `custom` takes one. */
function infoDoc(region: GroupingList["region"], g: GroupingInfo): GroupingDoc {
  return { id: g.id, name: g.name, region, source: g.source, units: g.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], ...(u.hub === null ? {} : { hub: u.hub }) })) };
}

/** A grouping download's format: a file format, and for CSV its delimiter. */
type GroupingDownload = GroupingFileFormat | "csv;";
const GROUPING_DOWNLOADS: readonly GroupingDownload[] = ["json", "csv", "csv;", "xlsx"];

type Bound = "exact" | "lower" | "unknown";
const MARK: Record<Bound, string> = { exact: "", lower: "≥ ", unknown: "≈ " };

/** A unit's place: "2", or "1–3" when censoring leaves the order open; "–" without people. */
const rankText = (r: readonly [number, number] | null) => (r === null ? "–" : r[0] === r[1] ? String(r[0]) : `${r[0]}–${r[1]}`);

/** The two views of the panel, as toggle buttons (Tab and Enter/Space reach them). */
export function viewTabs(lang: Lang, groupingsOpen: boolean, onSwitch: (groupings: boolean) => void): HTMLElement {
  return h("nav", { class: "view-tabs", "aria-label": t(lang, "viewsLabel") },
    h("button", { type: "button", id: "view-network", "aria-pressed": String(!groupingsOpen), onclick: () => onSwitch(false) }, t(lang, "viewNetwork")),
    h("button", { type: "button", id: "view-groupings", "aria-pressed": String(groupingsOpen), onclick: () => onSwitch(true) }, t(lang, "viewGroupings")));
}
