/** A small benchmark harness: medians of repeated runs, memory, and a markdown table. */
import os from "node:os";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection: node's own under --expose-gc, else exposed here at start, so a
 * benchmark collects alike however it was started (`npx tsx benchmarks/run.ts --planners` too).
 */
const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (setFlagsFromString("--expose-gc"), runInNewContext("gc") as () => void);

/**
 * Median wall time (ms) of `runs` calls of fn after at least `warmup` unmeasured calls, continued
 * until `warmMs` have passed (so a call of a fraction of a millisecond is timed in optimised code,
 * not while the JIT is still compiling it).
 */
export function medianMs(fn: () => unknown, runs = 9, warmup = 2, warmMs = 0): number {
  // A full collection first, so no earlier step's garbage is collected inside the timed runs.
  gc();
  const warmStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmStart < warmMs; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Median of an async function's wall time (ms). */
export async function medianMsAsync(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Bytes the JS heap plus array buffers hold now, after a full GC. */
export function heldBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Memory (MB) retained by what `build` returns, measured as the held-bytes delta. */
export function retainedMb<T>(build: () => T): { value: T; mb: number } {
  const before = heldBytes();
  const value = build();
  const mb = (heldBytes() - before) / 2 ** 20;
  return { value, mb };
}

/**
 * Peak RSS (MB) from now on: sampled every `everyMs` while the thread is free, and at each
 * `sample()` call while it is busy; `stop()` ends it and gives the peak.
 */
export function rssSampler(everyMs = 50) {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  sample();
  const timer = setInterval(sample, everyMs);
  return { sample, stop: () => (clearInterval(timer), sample(), peak / 2 ** 20) };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export interface Row {
  [column: string]: string | number;
}

/** A markdown table from rows with the same keys. */
export function table(rows: Row[]): string {
  if (rows.length === 0) return "";
  const cols = Object.keys(rows[0]);
  const fmt = (v: string | number) => (typeof v === "number" && Number.isNaN(v) ? "n/a" : typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : v);
  return [
    `| ${cols.join(" | ")} |`,
    `| ${cols.map((c) => (typeof rows[0][c] === "number" ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${cols.map((c) => fmt(r[c])).join(" | ")} |`),
  ].join("\n");
}

/** The seeded PRNG (mulberry32, engine/random.ts): every run draws the same inputs. */
export { mulberry32 as rng } from "../engine/random.ts";

/** Writes a benchmark's block into benchmarks/RESULTS.md between `<!-- name:start -->` and `<!-- name:end -->` (appended when absent). */
export async function writeResultsBlock(name: string, block: string): Promise<void> {
  const file = new URL("./RESULTS.md", import.meta.url);
  const old = existsSync(file) ? await readFile(file, "utf8") : "";
  const marked = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  const whole = `<!-- ${name}:start -->\n${block}\n<!-- ${name}:end -->`;
  await writeFile(file, marked.test(old) ? old.replace(marked, () => whole) : `${old.replace(/\s*$/, "")}${old ? "\n\n" : ""}${whole}\n`);
}
