/** A small benchmark harness: medians of repeated runs, memory, and a markdown table. */
import os from "node:os";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { spawnSync } from "node:child_process";
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

/**
 * Median ms of `fn` over the sources: warmed on every source once and for at least 300 ms, as each
 * peer is, so no side's times hold JIT start-up (after one pass of 15 sub-millisecond searches, the
 * first timed ones were 10–25 % slower than the same measurement repeated), then three passes.
 */
export function cycle(sources: readonly number[], fn: (s: number) => unknown): number {
  let k = 0;
  return medianMs(() => fn(sources[k++ % sources.length]), 3 * sources.length, sources.length, 300);
}

/**
 * Sides measured in turn, `rounds` times, so a change in the machine's load (other users of a
 * shared machine come and go within seconds) hits every side alike: each side is a function giving
 * one or more named figures (ms); the order of the sides turns by one each round, so none is always
 * first. Returns every figure's value per round, in round order.
 */
export function sideBySide(rounds: number, sides: (() => Record<string, number>)[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < sides.length; i++) {
      for (const [name, value] of Object.entries(sides[(i + r) % sides.length]())) (out[name] ??= new Array<number>(rounds).fill(NaN))[r] = value;
    }
  }
  return out;
}

/** Median of numbers (NaN and infinities left out: a side that did not run; NaN when none). */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

/** Median over rounds of each round's own ratio a / b: the ratio of two sides measured in turn (sideBySide). */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]));
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

/**
 * The last CPU, when taskset can pin a process to it (two CPUs or more, util-linux's taskset
 * present); null otherwise. The benchmarks time their ratio targets in a process pinned there, so
 * both sides of every ratio run on the same CPU (see run.ts's PINNED_WHY for the figures that showed why).
 */
export function pinnableCpu(): number | null {
  const cpu = os.cpus().length - 1;
  return cpu > 0 && spawnSync("taskset", ["-c", String(cpu), "true"]).status === 0 ? cpu : null;
}
