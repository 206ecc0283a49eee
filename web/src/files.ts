/**
 * The pieces both file sections share (service points, groupings): the file picker, the download
 * format choice, a refused file's rows in a table, and the place in a file said in the app's
 * language. Each section keeps its own state and what a good file does.
 */
import { ApiError, type FileError } from "./api.ts";
import { h } from "./dom.ts";
import { t } from "./i18n.ts";
import type { Lang } from "./state.ts";

/** A file the server refused (or the app could not send), with its bad rows when the server listed them. */
export interface Refusal {
  file: string;
  detail: string;
  errors: readonly FileError[];
}

/** What an error means for the file named: the server's problem with its rows, or the error's text. */
export function refusal(file: string, err: unknown): Refusal {
  return err instanceof ApiError ? { file, detail: err.message, errors: err.errors } : { file, detail: String(err), errors: [] };
}

/** A download's format: a file format, and for CSV its delimiter (`csv;`: semicolons and decimal commas, as Excel saves in a Finnish or Swedish locale). */
export type FileChoice = "csv" | "csv;" | "xlsx" | "geojson" | "json";
const CHOICE_NAMES: Record<Lang, Record<FileChoice, string>> = {
  fi: { csv: "CSV (pilkku)", "csv;": "CSV (puolipiste, Excel)", xlsx: "Excel (XLSX)", geojson: "GeoJSON", json: "JSON" },
  sv: { csv: "CSV (komma)", "csv;": "CSV (semikolon, Excel)", xlsx: "Excel (XLSX)", geojson: "GeoJSON", json: "JSON" },
  en: { csv: "CSV (comma)", "csv;": "CSV (semicolon, Excel)", xlsx: "Excel (XLSX)", geojson: "GeoJSON", json: "JSON" },
};

/** The choice that writes a file back as it came: its format, and a CSV's delimiter. */
export const choiceOf = <F extends string>(format: F, delimiter: "," | ";"): F | "csv;" => (format === "csv" && delimiter === ";" ? "csv;" : format);

/** A choice as the API's format and delimiter. */
export const formatOf = <F extends string>(choice: F | "csv;"): { format: Exclude<F, "csv;"> | "csv"; delimiter: "," | ";" } =>
  choice === "csv;" ? { format: "csv", delimiter: ";" } : { format: choice as Exclude<F, "csv;">, delimiter: "," };

/** The format a file's name says, by a table of extensions; undefined for any other. */
export const formatByName = <F>(name: string, byExtension: Readonly<Record<string, F>>): F | undefined => byExtension[name.split(".").pop()?.toLowerCase() ?? ""];

/**
 * The file picker: a hidden file input inside a label that is the button (the browser's own file
 * button speaks the browser's language, not the app's).
 */
export function filePicker(L: Lang, id: string, accept: string, busy: boolean, onFile: (file: File) => void, describedBy?: string): HTMLElement {
  const input = h("input", { type: "file", id, class: "visually-hidden", accept, "aria-describedby": describedBy ?? null, disabled: busy });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) onFile(file);
  });
  return h("label", { class: "file-pick", "aria-disabled": String(busy) }, t(L, "fileChoose"), input);
}

/** The download row: the format select (`choices`, the current one selected) and the button, then what went wrong with the last download, if anything. */
export function downloadRow<C extends FileChoice>(
  L: Lang,
  ids: { select: string; button: string },
  choices: readonly C[],
  current: C,
  onChoose: (c: C) => void,
  label: string,
  onDownload: () => void,
  state: { busy: boolean; error: string },
): HTMLElement[] {
  const select = h("select", { id: ids.select, onchange: (e: Event) => onChoose((e.target as HTMLSelectElement).value as C) },
    choices.map((c) => h("option", { value: c, selected: c === current }, CHOICE_NAMES[L][c])));
  const row = h("div", { class: "export-row" },
    h("label", {}, t(L, "exportFormat"), " ", select),
    h("button", { type: "button", id: ids.button, onclick: onDownload, "aria-disabled": String(state.busy), "aria-busy": String(state.busy) }, label));
  return state.error ? [row, h("p", { class: "file-errors", role: "alert" }, t(L, "fileDownloadFailed", { detail: state.error }))] : [row];
}

/** A refused file: every bad line, row or feature in a table (place, field, value, problem), or the problem's detail. */
export function fileProblems(L: Lang, id: string, e: Refusal): HTMLElement {
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

