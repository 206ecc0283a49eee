/**
 * The native reference: benchmarks/native/dijkstra.cpp, compiled here with the system compiler
 * (g++ -O2) into benchmarks/native/bin/, fed the graph's CSR arrays in a temporary file. It is
 * the machine's limit for a plain Dijkstra, so "ours / native" says how much of the gap to the
 * hardware the engine closes by algorithm (the core graph) and memory layout rather than language.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Adjacency } from "../engine/graph.ts";

const here = fileURLToPath(new URL("./native/", import.meta.url));
const source = join(here, "dijkstra.cpp");
const binary = join(here, "bin", "dijkstra");

export interface NativeResult {
  medianMs: number[];
  reached: number[];
  checksum: number[];
  /** Peak resident memory of the native process (kB). */
  maxRssKb: number;
}

/** Compiles the reference once (again when the source is newer); null with a reason when no compiler. */
export function buildNative(): string | null {
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return null;
  mkdirSync(join(here, "bin"), { recursive: true });
  try {
    execFileSync("g++", ["-O2", "-std=c++17", "-o", binary, source], { stdio: "pipe" });
    return null;
  } catch (err) {
    return `native reference not built (${(err as Error).message.split("\n")[0]})`;
  }
}

/** Runs the native one-to-all search from each source `runs` times; medians per source. */
export function runNative(adj: Adjacency, sources: readonly number[], cutoffDs: number, runs: number): NativeResult {
  const n = adj.nodeCount;
  const m = adj.head.length;
  const header = Uint32Array.from([n, m, cutoffDs, runs, sources.length]);
  const file = join(tmpdir(), `palveluverkko-native-${process.pid}.bin`);
  const parts = [header, adj.firstOut, adj.head, adj.timeDs, Uint32Array.from(sources)];
  writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  try {
    return JSON.parse(execFileSync(binary, [file], { encoding: "utf8", maxBuffer: 1 << 20 })) as NativeResult;
  } finally {
    rmSync(file, { force: true });
  }
}
