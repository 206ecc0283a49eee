/**
 * The guards every text importer shares: files read only up to a size, UTF-8 decoded strictly
 * (the error names the byte, line and column of the first bad sequence), text checked for unpaired
 * surrogates, and JSON parsed with bounds on nesting and array length. Each failure is an
 * InvalidInputError naming the field and value, thrown before anything is built from the input.
 */
import { open } from "node:fs/promises";
import type { z } from "zod";
import { InvalidInputError, NotFoundError, show } from "../engine/index.ts";

const MIB = 1024 * 1024;

/** Size limits of whole-file inputs (bytes). V8 strings stop at ~512 M characters, so every text input stays well below. */
export const MAX_INPUT_BYTES = {
  /** Service points (CSV, GeoJSON): Finland has a few thousand health and social service points. */
  services: 64 * MIB,
  /** Scenario JSON: 10,000 changes take about 2 MiB. */
  scenario: 16 * MIB,
  /** Grouping JSON: a few hundred municipalities in units. */
  grouping: 4 * MIB,
  /** Population grid CSV: Statistics Finland's 250 m grid of all Finland is ~20 MiB. */
  populationCsv: 256 * MIB,
  /** Municipality totals CSV. */
  totals: 64 * MIB,
  /** Boundary GeoJSON: Statistics Finland's 1:10,000 municipalities of all Finland are ~150 MiB. */
  boundaries: 256 * MIB,
  /** OSM XML, which is parsed whole (PBF, the format for regions, is streamed and not limited). */
  osmXml: 256 * MIB,
} as const;

/** Reads a whole file of at most `maxBytes`; NotFoundError when it cannot be read, InvalidInputError when it is bigger. */
export async function readBoundedFile(path: string, maxBytes: number, field = "file"): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NotFoundError(code === "ENOENT" ? `File not found: ${path}` : `Cannot read ${path} (${code ?? "error"})`, field, path);
  }
  try {
    const { size } = await fh.stat();
    if (size > maxBytes) throw new InvalidInputError(`${path} is ${size} bytes, over the limit of ${maxBytes} for this kind of input`, field, size);
    const bytes = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await fh.read(bytes, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return bytes.subarray(0, done);
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    throw new NotFoundError(`Cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`, field, path);
  } finally {
    await fh.close();
  }
}

/**
 * Decodes UTF-8 strictly (a leading BOM is dropped). A file saved as Windows-1252 or Latin-1, as
 * spreadsheets do, would otherwise import with U+FFFD in place of ä and ö, silently.
 */
export function decodeUtf8(bytes: Uint8Array, source: string, field = "file"): string {
  try {
    // NFC: a name typed as "ä" and one as "a" + combining diaeresis are one name (and one id).
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).normalize("NFC");
  } catch {
    const offset = invalidUtf8Offset(bytes);
    const { line, column } = lineAt(bytes, offset);
    throw new InvalidInputError(
      `${source}: not UTF-8 text: invalid byte 0x${bytes[offset]?.toString(16).padStart(2, "0") ?? "??"} at byte ${offset} (line ${line}, column ${column}); save it as UTF-8`,
      field,
      offset,
    );
  }
}

/** Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252 text. */
const NOT_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Whether the bytes hold at least one well-formed UTF-8 sequence of two or more bytes. */
function hasUtf8Multibyte(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    const b = bytes[i];
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= bytes.length) continue;
    let ok = true;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) ok = false;
    if (ok) return true;
  }
  return false;
}

/**
 * A text file as offices save it: UTF-8 (with or without a byte-order mark), or Windows-1252 (what
 * Excel's "CSV" gives on a Finnish or Swedish Windows: "ä" as the single byte 0xE4). Windows-1252 is
 * taken only when the bytes are not UTF-8, hold no UTF-8 sequence at all (else it is damaged UTF-8,
 * refused naming the byte) and no byte Windows-1252 leaves undefined. The encoding is returned to be said.
 */
export function decodeOfficeText(bytes: Uint8Array, source: string, field = "file"): { text: string; encoding: "UTF-8" | "Windows-1252" } {
  try {
    return { text: decodeUtf8(bytes, source, field), encoding: "UTF-8" };
  } catch (err) {
    if (hasUtf8Multibyte(bytes) || bytes.some((b) => NOT_1252.has(b))) throw err;
    return { text: decodeWindows1252(bytes), encoding: "Windows-1252" };
  }
}

/**
 * Windows-1252 text: Latin-1, but 0x80–0x9F hold the typographic marks ("–" in "Vantaa–Kerava",
 * "€", curly quotes) rather than control characters. Spelled out here because Node's TextDecoder
 * decodes "windows-1252" as Latin-1 (0x96 as U+0096, not "–"); the five bytes the code page leaves
 * undefined stay as their control characters (decodeOfficeText refuses them before this).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? (CP1252_80_9F[b - 0x80] ?? b) : b);
  return out.normalize("NFC");
}

/** The characters of 0x80–0x9F in Windows-1252 (WHATWG Encoding's index), undefined bytes as null. */
const CP1252_80_9F: readonly (number | null)[] = [
  0x20ac, null, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, null, 0x017d, null,
  null, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, null, 0x017e, 0x0178,
];

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (bytes.length if none). */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte → sequence length and the allowed range of the first continuation byte (RFC 3629:
    // no overlongs, no surrogates, nothing past U+10FFFF).
    let len: number;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    else return i;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += len;
  }
  return n;
}

/** 1-based line and column (in bytes) of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** An unpaired UTF-16 surrogate: a string that came through JSON escapes or a lenient decoder but is not Unicode text. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Throws InvalidInputError naming the line when text holds an unpaired surrogate (text given as a
 * string, e.g. an HTTP body, where bytes were decoded elsewhere). Such text cannot be written back as UTF-8.
 */
export function checkWellFormed(text: string, source: string, field = "text"): void {
  const m = LONE_SURROGATE.exec(text);
  if (!m) return;
  const before = text.slice(0, m.index);
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  throw new InvalidInputError(`${source} line ${line}: not Unicode text (an unpaired surrogate U+${m[0].charCodeAt(0).toString(16).toUpperCase()} at character ${m.index})`, field, m.index);
}

/** Bounds on a JSON document's shape. Errors name the JSON path as their field (`features[3]`, `changes`), as zod's do. */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects. */
  readonly maxDepth: number;
  /** Most items in any one array. */
  readonly maxArray: number;
}

/**
 * Parses JSON text and checks its shape against `limits` and for unpaired surrogates in strings
 * (`"\ud800"` is valid JSON but not text), without recursion, so a hostile document cannot overflow
 * the stack of a validator run after this. Errors name the JSON path (`features[3].geometry`).
 */
/**
 * Puts every string value of a parsed JSON document in Unicode NFC, in place, so ids and names
 * that look the same are the same however they were typed (escapes included); keys are the
 * schemas' ASCII names. Iterative, so any depth is safe; returns the (new, for a string) value.
 */
export function nfcJson<T>(doc: T): T {
  if (typeof doc === "string") return doc.normalize("NFC") as T;
  if (doc === null || typeof doc !== "object") return doc;
  const stack: object[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop() as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      const c = v[k];
      if (typeof c === "string") v[k] = c.normalize("NFC");
      else if (c !== null && typeof c === "object") stack.push(c);
    }
  }
  return doc;
}

export function parseJsonInput(text: string, source: string, limits: JsonLimits, syntaxField = "json"): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new InvalidInputError(`${source}: not valid JSON (${(err as Error).message})`, syntaxField, source);
  }
  checkJsonShape(doc, source, limits);
  return nfcJson(doc);
}

interface Frame {
  readonly value: object;
  readonly depth: number;
  readonly key: string | number | null;
  readonly parent: Frame | null;
}

const pathOf = (f: Frame | null, key?: string | number): string => {
  const keys: (string | number)[] = key === undefined ? [] : [key];
  for (let x = f; x && x.key !== null; x = x.parent) keys.unshift(x.key);
  return keys.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("").replace(/^\./, "") || "(top)";
};

/** A path for a message: the first and last parts of a very deep one. */
const shortPath = (path: string): string => (path.length > 100 ? `${path.slice(0, 40)}…${path.slice(-40)}` : path);

/** The checks of parseJsonInput on an already parsed value (e.g. an HTTP body). */
export function checkJsonShape(doc: unknown, source: string, limits: JsonLimits): void {
  const fail = (path: string, what: string, value: unknown) => new InvalidInputError(`${source}: ${shortPath(path)} ${what}`, path, value);
  const notText = "is not Unicode text (an unpaired surrogate)";
  if (typeof doc === "string" && LONE_SURROGATE.test(doc)) throw fail("(top)", notText, doc);
  if (doc === null || typeof doc !== "object") return;
  const stack: Frame[] = [{ value: doc, depth: 1, key: null, parent: null }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.depth > limits.maxDepth) throw fail(pathOf(f), `is nested deeper than ${limits.maxDepth} levels`, f.depth);
    const v = f.value;
    if (Array.isArray(v)) {
      if (v.length > limits.maxArray) throw fail(pathOf(f), `has ${v.length} items, over the limit of ${limits.maxArray}`, v.length);
      for (let i = 0; i < v.length; i++) {
        const c: unknown = v[i];
        if (typeof c === "string" && LONE_SURROGATE.test(c)) throw fail(pathOf(f, i), notText, c);
        if (c !== null && typeof c === "object") stack.push({ value: c, depth: f.depth + 1, key: i, parent: f });
      }
    } else {
      for (const k of Object.keys(v)) {
        if (LONE_SURROGATE.test(k)) throw fail(pathOf(f, k), `(a key) ${notText}`, k);
        const c: unknown = (v as Record<string, unknown>)[k];
        if (typeof c === "string" && LONE_SURROGATE.test(c)) throw fail(pathOf(f, k), notText, c);
        if (c !== null && typeof c === "object") stack.push({ value: c, depth: f.depth + 1, key: k, parent: f });
      }
    }
  }
}

/** Turns the first zod issue into an InvalidInputError naming its path and value. */
export function zodProblem(error: z.ZodError, input: unknown, what: string): InvalidInputError {
  const issue = error.issues[0];
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  let value: unknown = input;
  for (const p of issue.path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
  return new InvalidInputError(`${what}: ${path || "(top)"} ${show(value)}: ${issue.message}`, path || "(top)", value);
}

/** One thing wrong with one record of a file: where (e.g. "line 3"), the field, the bad value and what is wrong. */
export interface Problem {
  readonly where: string;
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
}

/** Most problems a message lists; the error's `problems` keep them all (the HTTP problem lists up to 100). */
const MAX_LISTED = 20;

/** Bad records of one input: field and value of the first, and every problem (line, row or feature; field; value), for a caller that lists them. */
class RecordProblems extends InvalidInputError {
  constructor(
    message: string,
    readonly problems: readonly Problem[],
  ) {
    super(message, problems[0].field, problems[0].value);
  }
}

/** Throws one RecordProblems naming every problem of an input (`source` names it), so nothing is half-imported; nothing when there are none. */
export function throwProblems(problems: readonly Problem[], source: string): void {
  if (problems.length === 1) {
    const p = problems[0];
    throw new RecordProblems(`${source} ${p.where}: ${p.message}; nothing imported`, problems);
  }
  if (problems.length > 1) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => `  ${p.where}: ${p.message}`);
    if (problems.length > MAX_LISTED) listed.push(`  … and ${problems.length - MAX_LISTED} more`);
    throw new RecordProblems(`${source}: ${problems.length} problems, nothing imported:\n${listed.join("\n")}`, problems);
  }
}
