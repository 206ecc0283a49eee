// Compiles the CLI, the server and their worker threads to plain JavaScript in dist/ with esbuild,
// so that `palveluverkko` runs without a TypeScript compiler: npm runs this after `npm ci` (the
// `prepare` script) and before the tests. The project's code is bundled and split into chunks
// that each command loads only when it runs; npm packages stay outside, loaded from node_modules.
// dist/build.json records the newest source file at build time: bin/palveluverkko.js runs the
// sources through tsx instead when a source is newer (an edit since the build). With --if-stale
// (`npm start`) nothing is done when the build is current. First, the searches' WebAssembly
// (assembly/*.ts) is compiled into engine/*-wasm.ts where a source has changed (scripts/build-wasm.mjs).
// Plain JavaScript, so that it runs before anything is compiled.
import { build } from "esbuild";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtFrom, newestSource } from "./sources.mjs";
import { buildWasm } from "./build-wasm.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
async function main() {
  const started = Date.now();
  const compiled = await buildWasm();
  if (compiled.length > 0 && !process.argv.includes("--quiet")) process.stderr.write(`palveluverkko: compiled ${compiled.join(", ")} to WebAssembly\n`);
  const sources = newestSource(ROOT);
  if (process.argv.includes("--if-stale") && builtFrom(join(ROOT, "dist", "build.json"), sources)) return;
  // Built beside, then swapped in: a run that starts meanwhile sees the old build or the new one, whole.
  const next = join(ROOT, "dist.next");
  rmSync(next, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: "server/cli/main.ts", "job-worker": "server/http/job-worker.ts", "parallel-worker": "data/parallel-worker.ts" },
    outdir: next,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    chunkNames: "[name]-[hash]",
    sourcemap: true,
    logLevel: "warning",
  });
  writeFileSync(join(next, "build.json"), JSON.stringify({ newestSourceMs: sources, builtAt: new Date().toISOString() }) + "\n");
  rmSync(join(ROOT, "dist"), { recursive: true, force: true });
  renameSync(next, join(ROOT, "dist"));
  if (!process.argv.includes("--quiet")) process.stderr.write(`palveluverkko: compiled to dist/ in ${Date.now() - started} ms\n`);
}

await main();
