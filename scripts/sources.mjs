// The newest source file of the compiled code (scripts/build.mjs records it in dist/build.json;
// bin/palveluverkko.js compares, to run the sources instead of a build older than an edit).
// Plain JavaScript with no dependencies, so that checking costs the CLI a few milliseconds.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Folders whose files make the bundle. */
const SOURCE_DIRS = ["engine", "data", "study", "server"];

/** The newest modification time (ms) of a .ts, .mjs or .json file under the source folders of `root`. */
export function newestSource(root) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|mjs|json)$/.test(e.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  return newest;
}
