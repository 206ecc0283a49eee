#!/usr/bin/env node
// Runs the CLI compiled to dist/ (`npm run build`, which `npm ci` runs), with no TypeScript compiler
// at run time. In a checkout whose sources were edited after that build, it runs the TypeScript
// sources through tsx instead (slower to start, never stale); PALVELUVERKKO_FROM_SOURCE=1 asks for that.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { newestSource } from "../scripts/sources.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

function builtAndCurrent() {
  if (process.env.PALVELUVERKKO_FROM_SOURCE === "1") return false;
  try {
    const { newestSourceMs } = JSON.parse(readFileSync(new URL("../dist/build.json", import.meta.url), "utf8"));
    return newestSource(root) <= newestSourceMs;
  } catch {
    return false; // not built
  }
}

let main;
const compiled = builtAndCurrent();
// PALVELUVERKKO_DEBUG=1 says which path runs (and the CLI prints stack traces).
if (process.env.PALVELUVERKKO_DEBUG) process.stderr.write(`palveluverkko: running ${compiled ? "dist/cli.js (compiled)" : "the TypeScript sources through tsx"}\n`);
if (compiled) {
  // A URL, not a literal path: the bundle is built, not checked in, and the linters need not find it.
  ({ main } = await import(new URL("../dist/cli.js", import.meta.url).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../server/cli/main.ts"));
}
process.exitCode = await main(process.argv);
