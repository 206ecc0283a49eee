/**
 * The service network as a file: the planner reads their own service points from a CSV, XLSX or
 * GeoJSON file (what --services reads; the server checks it and lists every bad line, row or
 * feature with its field and value), and the points become a scenario of the base network at
 * once, so the figures and the map show what the file's network gives against today's. The
 * current network (the base with the scenario's changes) downloads back in the same format.
 * Plain state and one render function, as the other panel sections.
 */
import { api, ApiError, type CheckedPoints, type FileError, type PointFileFormat } from "./api.ts";
import { h, saveFile } from "./dom.ts";
import { countOf } from "../../engine/terms.ts";
import { t } from "./i18n.ts";
import type { Change, Lang } from "./state.ts";

/** A download's format: a file format, and for CSV its delimiter. */
type Download = "csv" | "csv;" | "xlsx" | "geojson";
const DOWNLOADS: readonly Download[] = ["csv", "csv;", "xlsx", "geojson"];
const DOWNLOAD_NAMES: Record<Lang, Record<Download, string>> = {
  fi: { csv: "CSV (pilkku)", "csv;": "CSV (puolipiste, Excel)", xlsx: "Excel (XLSX)", geojson: "GeoJSON" },
  sv: { csv: "CSV (komma)", "csv;": "CSV (semikolon, Excel)", xlsx: "Excel (XLSX)", geojson: "GeoJSON" },
  en: { csv: "CSV (comma)", "csv;": "CSV (semicolon, Excel)", xlsx: "Excel (XLSX)", geojson: "GeoJSON" },
};

const FORMAT_OF_EXTENSION: Record<string, PointFileFormat> = { csv: "csv", txt: "csv", xlsx: "xlsx", geojson: "geojson", json: "geojson" };

export interface ServiceFileHost {
  lang(): Lang;
  changes(): readonly Change[];
  /** The file's network as the scenario: pushed onto the undo history like any change. */
  useChanges(changes: Change[]): void;
  rerender(): void;
}

interface Loaded {
  file: string;
  checked: CheckedPoints;
  /** Changes the app leaves out: points the file adds closed (they serve nobody). */
  skipped: number;
}

/** The changes as the app keeps them: an added point without `open` (it is open), closed added points left out. */
function appChanges(checked: CheckedPoints): { changes: Change[]; skipped: number } {
  const changes: Change[] = [];
  let skipped = 0;
  for (const c of checked.changes) {
    if (c.op !== "add") changes.push(c);
    else if (c.point.open === false) skipped++;
    else changes.push({ op: "add", point: { id: c.point.id, name_fi: c.point.name_fi, municipality: c.point.municipality, lon: c.point.lon, lat: c.point.lat, level: c.point.level } });
  }
  return { changes, skipped };
}

/** A refused file: every bad line, row or feature in a table (place, field, value, problem), or the problem's detail. */
export function fileProblems(L: Lang, id: string, e: { file: string; detail: string; errors: readonly FileError[] }): HTMLElement {
  const rows = e.errors.map((x) => h("tr", {}, h("td", {}, placeIn(L, x.where)), h("td", {}, h("code", {}, x.field)), h("td", {}, x.value === undefined || x.value === null ? "" : String(x.value)), h("td", {}, x.message)));
  return h("div", { class: "file-errors", id, role: "alert" },
    h("p", {}, t(L, "fileRefused", { file: e.file })),
    e.errors.length > 0
      ? h("div", { class: "table-wrap" }, h("table", {},
          h("thead", {}, h("tr", {}, [t(L, "filePlace"), t(L, "fileField"), t(L, "fileValue"), t(L, "fileProblem")].map((x) => h("th", { scope: "col" }, x)))),
          h("tbody", {}, rows)))
      : h("p", {}, e.detail),
    h("p", { class: "hint" }, t(L, "fileNothingUsed")));
}

/** "line 3" → "rivi 3": the place in the file in the app's language (the server's message stays as it wrote it). */
function placeIn(lang: Lang, where: string): string {
  const line = /^line (\d+)$/.exec(where);
  if (line) return t(lang, "fileLine", { n: line[1] });
  const row = /^row (\d+) of sheet (.+)$/.exec(where);
  if (row) return t(lang, "fileRow", { n: row[1], sheet: row[2] });
  const feature = /^features\[(\d+)\]$/.exec(where);
  if (feature) return t(lang, "fileFeature", { n: String(Number(feature[1]) + 1) });
  return where;
}

export class ServiceFileView {
  private busy = false;
  private loaded: Loaded | null = null;
  private error: { file: string; detail: string; errors: readonly FileError[] } | null = null;
  private download: Download = "csv";
  private downloading = false;
  private downloadError = "";

  constructor(private readonly host: ServiceFileHost) {}

  render(): HTMLElement {
    const L = this.host.lang();
    const input = h("input", { type: "file", id: "service-file", class: "visually-hidden", accept: ".csv,.xlsx,.geojson,.json,text/csv,application/geo+json", "aria-describedby": "service-file-hint", disabled: this.busy });
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      if (file) void this.read(file);
    });
    const select = h("select", { id: "service-file-format", onchange: (e: Event) => (this.download = (e.target as HTMLSelectElement).value as Download) },
      DOWNLOADS.map((d) => h("option", { value: d, selected: d === this.download }, DOWNLOAD_NAMES[L][d])));
    return h("section", { class: "service-file", id: "service-file-section", "aria-labelledby": "service-file-title", "aria-busy": String(this.busy) },
      h("h2", { id: "service-file-title" }, t(L, "fileTitle")),
      h("p", { class: "hint", id: "service-file-hint" }, t(L, "fileHint")),
      // The browser's own file button speaks the browser's language: the input is hidden and its label is the button.
      h("label", { class: "file-pick", "aria-disabled": String(this.busy) }, t(L, "fileChoose"), input),
      this.busy ? h("p", { class: "file-status", role: "status" }, t(L, "fileReading")) : null,
      this.loaded && !this.busy ? this.summary(L, this.loaded) : null,
      this.error && !this.busy ? fileProblems(L, "service-file-errors", this.error) : null,
      h("div", { class: "export-row" },
        h("label", {}, t(L, "exportFormat"), " ", select),
        h("button", { type: "button", id: "service-file-download", onclick: () => void this.save(), "aria-disabled": String(this.downloading), "aria-busy": String(this.downloading) }, t(L, "fileDownload"))),
      this.downloadError ? h("p", { class: "file-errors", role: "alert" }, t(L, "fileDownloadFailed", { detail: this.downloadError })) : null);
  }

  private summary(L: Lang, x: Loaded): HTMLElement {
    const c = x.checked;
    const how = c.format === "csv" ? t(L, c.delimiter === ";" ? "fileCsvSemicolon" : "fileCsvComma", { encoding: c.encoding }) : c.format === "xlsx" ? "Excel (XLSX)" : "GeoJSON";
    return h("div", { class: "file-status", id: "service-file-status", role: "status" },
      h("p", {}, t(L, "fileRead", { count: countOf(L, c.count, "servicePoint"), file: x.file, how })),
      h("p", {}, c.changes.length === 0 ? t(L, "fileSameAsBase") : t(L, "fileChanges", { count: countOf(L, c.changes.length - x.skipped, "change") })),
      x.skipped > 0 ? h("p", { class: "hint" }, t(L, "fileClosedNew", { count: x.skipped })) : null);
  }

  /** Reads the chosen file through the server's check; a good one becomes the scenario. */
  private async read(file: File): Promise<void> {
    const L = this.host.lang();
    const format = FORMAT_OF_EXTENSION[file.name.split(".").pop()?.toLowerCase() ?? ""];
    this.loaded = null;
    this.error = null;
    if (!format) {
      this.error = { file: file.name, detail: t(L, "fileWhichFormat"), errors: [] };
      this.host.rerender();
      return;
    }
    this.busy = true;
    this.host.rerender();
    try {
      const checked = await api.checkPoints(file, format);
      if (checked.new_locations > checked.max_new_locations) {
        this.error = { file: file.name, detail: t(L, "fileTooManyNew", { n: checked.new_locations, max: checked.max_new_locations }), errors: [] };
        return;
      }
      const { changes, skipped } = appChanges(checked);
      this.loaded = { file: file.name, checked, skipped };
      this.download = checked.format === "csv" && checked.delimiter === ";" ? "csv;" : checked.format;
      this.host.useChanges(changes);
    } catch (err) {
      this.error = err instanceof ApiError ? { file: file.name, detail: err.message, errors: err.errors } : { file: file.name, detail: String(err), errors: [] };
    } finally {
      this.busy = false;
      this.host.rerender();
    }
  }

  /** Downloads the current network (the base with the scenario's changes) in the chosen format. */
  private async save(): Promise<void> {
    if (this.downloading) return;
    this.downloading = true;
    this.downloadError = "";
    this.host.rerender();
    try {
      const format = this.download === "csv;" ? "csv" : this.download;
      const file = await api.exportPoints(this.host.changes(), format, this.download === "csv;" ? ";" : ",");
      saveFile(file.blob, file.name);
    } catch (err) {
      this.downloadError = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.downloading = false;
      this.host.rerender();
    }
  }
}
