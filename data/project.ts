/**
 * The project's own files (facts, the web build, package.json) and worker modules, found the same
 * way from the TypeScript sources (run by tsx or vitest) and from the compiled bundle in dist/
 * (`npm run build`, which `npm ci` runs): both lie one folder below the checkout's root.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Whether this code runs compiled (dist/*.js) rather than from its TypeScript sources. */
export const COMPILED = import.meta.url.endsWith(".js");

/** The checkout's root: the nearest folder above this module that holds package.json. */
const ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
})();

/** A path under the checkout's root, e.g. projectFile("web", "dist"). */
export function projectFile(...parts: string[]): string {
  return join(ROOT, ...parts);
}
