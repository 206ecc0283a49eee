/**
 * The native peers, compiled here with the system compiler (g++ -O2) into benchmarks/native/bin/
 * and fed the engine's arrays in a temporary file:
 * - benchmarks/native/dijkstra.cpp: a textbook Dijkstra (std::priority_queue with lazy deletion)
 *   over the full graph's CSR arrays;
 * - benchmarks/native/core.cpp: the engine's own algorithm over the same core view the engine
 *   searches (indexed binary heap with decrease-key, reset of the touched nodes only, the cutoff),
 *   alone and followed by the fill-in of every full-graph node, as CoreSearch.run and expand do.
 * So "ours / native core" compares language and runtime only: same algorithm, arrays and output.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Adjacency } from "../engine/graph.ts";
import type { CoreView } from "../engine/core.ts";

const here = fileURLToPath(new URL("./native/", import.meta.url));
const programs = ["dijkstra", "core"] as const;
/** The compiler flags, stated in RESULTS.md. */
export const NATIVE_FLAGS = ["-O2", "-std=c++17"];

/** One timed mode of a native program, from each source. */
export interface NativeRuns {
  /** Median over every timed run (all sources, `runs` passes after one warm-up pass). */
  medianMs: number;
  msPerSource: number[];
  /** Nodes reached per source, and the sum of their times (ds). */
  reached: number[];
  checksum: number[];
}

export interface NativeResult extends NativeRuns {
  /** Peak resident memory of the native process (kB). */
  maxRssKb: number;
}

export interface NativeCoreResult {
  /** The search on the core graph; counts core nodes. */
  core: NativeRuns;
  /** The search, then every full-graph node filled in; counts full-graph nodes. */
  fill: NativeRuns;
  maxRssKb: number;
}

/** Compiles the programs once (again when a source is newer); null with a reason when no compiler. */
export function buildNative(): string | null {
  mkdirSync(join(here, "bin"), { recursive: true });
  for (const name of programs) {
    const source = join(here, `${name}.cpp`);
    const binary = join(here, "bin", name);
    const newest = Math.max(statSync(source).mtimeMs, statSync(join(here, "rss.h")).mtimeMs);
    if (existsSync(binary) && statSync(binary).mtimeMs >= newest) continue;
    try {
      execFileSync("g++", [...NATIVE_FLAGS, "-o", binary, source], { stdio: "pipe" });
    } catch (err) {
      return `native peers not built (${(err as Error).message.split("\n")[0]})`;
    }
  }
  return null;
}

/** Writes the arrays to a temporary file, runs a native program on it and parses its JSON line. */
function run<T>(program: (typeof programs)[number], parts: ArrayBufferView[]): T {
  const file = join(tmpdir(), `palveluverkko-native-${process.pid}.bin`);
  writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  try {
    return JSON.parse(execFileSync(join(here, "bin", program), [file], { encoding: "utf8", maxBuffer: 1 << 24 })) as T;
  } finally {
    rmSync(file, { force: true });
  }
}

/** The textbook C++ Dijkstra over the full graph from each source: `runs` passes after a warm-up pass. */
export function runNative(adj: Adjacency, sources: readonly number[], cutoffDs: number, runs: number): NativeResult {
  const header = Uint32Array.from([adj.nodeCount, adj.head.length, cutoffDs, runs, sources.length]);
  return run("dijkstra", [header, adj.firstOut, adj.head, adj.timeDs, Uint32Array.from(sources)]);
}

/**
 * The engine's algorithm in C++ on a core view, from each source (full-graph node ids): the core
 * search alone, then the search with every full-graph node filled in.
 */
export function runNativeCore(view: CoreView, sources: readonly number[], cutoffDs: number, runs: number): NativeCoreResult {
  const n = view.coreOf.length;
  const { nodeCount: k, firstOut, head, timeDs } = view.adj;
  const header = Uint32Array.from([n, k, head.length, cutoffDs, runs, sources.length]);
  const coreOf = new Uint32Array(view.coreOf.buffer, view.coreOf.byteOffset, n);
  return run("core", [header, firstOut, head, timeDs, coreOf, view.edgeTail, view.entryStart, view.entryEdge, view.entryDs, Uint32Array.from(sources)]);
}
