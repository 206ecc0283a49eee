/**
 * The service network as a file: the planner reads their own service points from a CSV, XLSX or
 * GeoJSON file (what --services reads; the server checks it and lists every bad line, row or
 * feature with its field and value), and the points become a scenario of the base network at
 * once, so the figures and the map show what the file's network gives against today's. The
 * current network (the base with the scenario's changes) downloads back in the same format.
 * Plain state and one render function, as the other panel sections.
 */
import { api, ApiError, type CheckedPoints, type PointFileFormat } from "./api.ts";
import { h, saveFile } from "./dom.ts";
import { choiceOf, downloadRow, fileProblems, filePicker, formatByName, formatOf, refusal, type Refusal } from "./files.ts";
import { countOf } from "../../engine/terms.ts";
import { t } from "./i18n.ts";
import type { Change, Lang } from "./state.ts";

/** A download's format: a file format, and for CSV its delimiter. */
type Download = PointFileFormat | "csv;";
const DOWNLOADS: readonly Download[] = ["csv", "csv;", "xlsx", "geojson"];

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

export class ServiceFileView {
  private busy = false;
  private loaded: Loaded | null = null;
  private error: Refusal | null = null;
  private download: Download = "csv";
  private downloading = false;
  private downloadError = "";

  constructor(private readonly host: ServiceFileHost) {}

  render(): HTMLElement {
    const L = this.host.lang();
    return h("section", { class: "service-file", id: "service-file-section", "aria-labelledby": "service-file-title", "aria-busy": String(this.busy) },
      h("h2", { id: "service-file-title" }, t(L, "fileTitle")),
      h("p", { class: "hint", id: "service-file-hint" }, t(L, "fileHint")),
      filePicker(L, "service-file", ".csv,.xlsx,.geojson,.json,text/csv,application/geo+json", this.busy, (file) => void this.read(file), "service-file-hint"),
      this.busy ? h("p", { class: "file-status", role: "status" }, t(L, "fileReading")) : null,
      this.loaded && !this.busy ? this.summary(L, this.loaded) : null,
      this.error && !this.busy ? fileProblems(L, "service-file-errors", this.error) : null,
      downloadRow(L, { select: "service-file-format", button: "service-file-download" }, DOWNLOADS, this.download, (d) => (this.download = d), t(L, "fileDownload"), () => void this.save(), { busy: this.downloading, error: this.downloadError }));
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
    const format = formatByName(file.name, FORMAT_OF_EXTENSION);
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
      this.download = choiceOf(checked.format, checked.delimiter);
      this.host.useChanges(changes);
    } catch (err) {
      this.error = refusal(file.name, err);
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
      const { format, delimiter } = formatOf(this.download);
      const file = await api.exportPoints(this.host.changes(), format, delimiter);
      saveFile(file.blob, file.name);
    } catch (err) {
      this.downloadError = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.downloading = false;
      this.host.rerender();
    }
  }
}
