// The newest source file of the compiled code (scripts/build.mjs records it in dist/build.json;
// bin/palveluverkko.js compares, to run the sources instead of a build older than an edit) and of
// the web app (scripts/build-web.mjs records it in web/dist/build.json).
// Plain JavaScript with no dependencies, so that checking costs the CLI a few milliseconds.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Folders whose files make the bundle. */
const SOURCE_DIRS = ["engine", "data", "study", "server"];
/** What makes the web app's build (web/dist): its own sources, the engine files it imports, the lockfile. */
const WEB_SOURCES = ["web/src", "web/index.html", "web/vite.config.ts", "engine", "package-lock.json"];

/** The newest modification time (ms) of a .ts, .mjs, .json, .css or .html file under `paths` (folders or files) of `root`. */
function newest(root, paths) {
  let latest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|mjs|json|css|html)$/.test(e.name)) latest = Math.max(latest, statSync(path).mtimeMs);
    }
  };
  for (const p of paths) {
    const path = join(root, p);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) walk(path);
    else latest = Math.max(latest, statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  }
  return latest;
}

/** The newest modification time (ms) of a source file of the compiled CLI and server. */
export function newestSource(root) {
  return newest(root, SOURCE_DIRS);
}

/** The newest modification time (ms) of a source file of the web app's build. */
export function newestWebSource(root) {
  return newest(root, WEB_SOURCES);
}

/** True when `stampFile` (JSON with newestSourceMs) records a build from sources no older than `sourcesMs`. */
export function builtFrom(stampFile, sourcesMs) {
  try {
    return JSON.parse(readFileSync(stampFile, "utf8")).newestSourceMs >= sourcesMs;
  } catch {
    return false; // not built
  }
}
