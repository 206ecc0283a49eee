/**
 * CSV cells as every CSV this project writes makes them (the CLI's tables, the report's CSV, a
 * service set's download): RFC 4180 quoting, and text a spreadsheet would take for a formula made
 * inert. OWASP's rule for CSV injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading `'`, which Excel, LibreOffice and Google Sheets show as text;
 * a text that is a plain number ("-3.5", "+358") is left as it is, so numbers stay numbers.
 * Readers of our own files (parseServicePointsCsv) take the mark off again.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a text needs the mark: it starts like a formula, or is itself a marked text (so it reads back as it was). */
function needsMark(s: string): boolean {
  if (FORMULA_START.test(s)) return !PLAIN_NUMBER.test(s);
  return s[0] === "'" && needsMark(s.slice(1));
}

/** A text cell: made inert when a spreadsheet could read it as a formula, then quoted when needed (holding the delimiter, a quote or a line break). */
export function csvText(s: string, delimiter: "," | ";" = ","): string {
  const marked = needsMark(s);
  const safe = marked ? `'${s}` : s;
  return marked || /["\r\n]/.test(safe) || safe.includes(delimiter) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A cell's text as csvText was given it: the inert mark taken off again. */
export function csvTextRead(s: string): string {
  return s[0] === "'" && needsMark(s.slice(1)) ? s.slice(1) : s;
}

/**
 * The field delimiter of a CSV: ";" when the header line has more semicolons than commas (what
 * Excel saves in a Finnish or Swedish locale, with decimal commas in the numbers), else ",".
 */
export function csvDelimiter(text: string): "," | ";" {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, "");
  const count = (c: string) => header.split(c).length - 1;
  return count(";") > count(",") ? ";" : ",";
}
