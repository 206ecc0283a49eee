/**
 * The one rule for names that become file or data names (scenario ids, service-set ids, grouping
 * ids, anything used as a store key, a URL segment or part of a file name): 1 to 100 of letters,
 * digits, '.', '_' and '-', starting with a letter or digit, and never "..". So no path separator,
 * no traversal, no NUL or other control character, nothing a shell or a URL must escape.
 * Free-text ids that stay inside a record (a service point's id, a unit's) need only be printable:
 * see PRINTABLE.
 */
import { createHash } from "node:crypto";
import { basename, extname, resolve } from "node:path";
import { z } from "zod";
import { InvalidInputError, show } from "../engine/index.ts";
import { LONE_SURROGATE } from "./input.ts";

/** The rule as one pattern (so OpenAPI documents show it): no "..", then the allowed characters. */
const SAFE_NAME = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const SAFE_NAME_TEXT = "letters, digits, '.', '_' or '-', up to 100, starting with a letter or digit, no '..'";

/** Whether `name` is a safe file or data name. */
export function isSafeName(name: unknown): name is string {
  return typeof name === "string" && SAFE_NAME.test(name);
}

/** Throws InvalidInputError naming `field` unless `name` is a safe file or data name; `what` starts the message ("scenario id"). */
export function checkSafeName(name: unknown, field: string, what: string): string {
  if (!isSafeName(name)) throw new InvalidInputError(`${what} ${show(name)} is not a safe name: ${SAFE_NAME_TEXT}`, field, name);
  return name;
}

/** The rule as a zod schema, for scenario, grouping and API schemas. */
export const safeNameSchema = z.string().regex(SAFE_NAME, SAFE_NAME_TEXT);

/** No C0 or C1 control character (NUL, line breaks, escape, DEL…): for free-text ids and names. */
export const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
export const PRINTABLE_TEXT = "no control characters (NUL, line breaks, tabs, escapes)";

/** Whether a string is Unicode text: no unpaired UTF-16 surrogate (JSON's `"\ud800"` parses to one). */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * Free text of 1 to `max` characters, trimmed, printable and well-formed: names and record ids in
 * scenario, grouping and API schemas, so what is stored can be written back as UTF-8.
 */
export function textSchema(max: number) {
  return z.string().trim().min(1).max(max).regex(PRINTABLE, PRINTABLE_TEXT).refine(isWellFormed, "not Unicode text (an unpaired surrogate)");
}

/**
 * A safe name for a service set read from a file: the file's name without extension, other
 * characters made '-', and 8 hex digits of the resolved path's SHA-256, so two files of one name
 * in different folders stay two sets in a store. The path itself, with its separators, is the set's source.
 */
export function fileSetName(path: string): string {
  const stem = basename(path, extname(path)).replace(/[^A-Za-z0-9._-]+/g, "-").replace(/\.{2,}/g, ".").replace(/^[^A-Za-z0-9]+/, "").slice(0, 80) || "file";
  const hash = createHash("sha256").update(resolve(path)).digest("hex").slice(0, 8);
  return `${stem}-${hash}`;
}
