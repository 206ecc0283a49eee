// Builds the web app into web/dist with Vite (web/vite.config.ts) and records the newest source it
// was built from in web/dist/build.json. With --if-stale (`npm start`) nothing is done when that
// build is current, so a warm start does not spend seconds rebuilding an unchanged app.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtFrom, newestWebSource } from "./sources.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const stamp = join(ROOT, "web", "dist", "build.json");
const sources = newestWebSource(ROOT);
if (!(process.argv.includes("--if-stale") && builtFrom(stamp, sources))) {
  const { build } = await import("vite"); // only when building: it takes half a second to load
  await build({ root: join(ROOT, "web"), logLevel: process.argv.includes("--quiet") ? "warn" : "info" });
  writeFileSync(stamp, JSON.stringify({ newestSourceMs: sources, builtAt: new Date().toISOString() }) + "\n");
}
