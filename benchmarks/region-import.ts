/**
 * The "Import at region scale" benchmarks, in their own module so a script can run them alone:
 *
 *   node --import tsx benchmarks/region-import.ts [--quick]
 *
 * prints both tables. measureRegionImport: the GENERATED Uusimaa-sized road graph written as a
 * roads-only OSM PBF, imported in this process. measureImportVsOsmium: a REALISTIC GENERATED
 * Uusimaa-sized extract (the same roads plus buildings, paths, POIs, areas and relations in the
 * proportions of a real extract; benchmarks/osm-pbf-writer.ts) and the real Tampere extract, each
 * imported in fresh processes of their own (so the peak RSS is the import's own), side by side
 * with osmium reading and decoding every entity of the same file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { importOsm } from "../data/osm/import.ts";
import { readGraphFile, writeGraphFile } from "../data/cache.ts";
import type { RoadGraph } from "../engine/graph.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../engine/generate.ts";
import { median, medianMsAsync, medianRatio, table, type Row } from "./harness.ts";
import { writeOsmPbf } from "./osm-pbf-writer.ts";

const here = dirname(fileURLToPath(import.meta.url));
const TAMPERE = join(here, "../../shared/data/osm/tampere.osm.pbf");
const OSMIUM = "osmium";
/** Targets of issue 22: the realistic Uusimaa file in ≤ 30 s and ≤ 1 GB peak RSS; Tampere within 2× of osmium. */
const TARGET_S = 30;
const TARGET_RSS_MB = 1024;
const TARGET_RATIO = 2;

/**
 * Import at region scale: a GENERATED Uusimaa-sized graph written as a roads-only OSM PBF, then
 * importOsm on it and the cache load of the result. Run it first in a process, so the peak RSS is
 * its own.
 */
export async function measureRegionImport(targetNodes: number, runs: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), "pv-bench-region-"));
  try {
    const { graph: gen } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes });
    const pbf = join(dir, "uusimaa-generated.osm.pbf");
    let t0 = performance.now();
    const written = writeOsmPbf(pbf, gen);
    const writeS = (performance.now() - t0) / 1000;
    let graph!: RoadGraph;
    const importMs = await medianMsAsync(async () => {
      graph = (await importOsm(pbf)).graph;
    }, runs);
    if (graph.edgeCount !== gen.edgeCount) throw new Error(`import lost edges: ${graph.edgeCount} of ${gen.edgeCount}`);
    const rssAfterImport = process.memoryUsage().rss / 2 ** 20;
    const cache = join(dir, "g.pvg");
    await writeGraphFile(cache, graph, {});
    const loadMs = await medianMsAsync(() => readGraphFile(cache), runs + 1);
    return {
      graph: `GENERATED Uusimaa-sized (${(gen.nodeCount / 1000).toFixed(0)}k nodes, ${(gen.edgeCount / 1000).toFixed(0)}k edges)`,
      "PBF MB": written.bytes / 2 ** 20,
      ways: written.ways,
      "write PBF s": writeS,
      [`import s (median of ${runs})`]: importMs / 1000,
      "cache load ms": loadMs,
      "RSS after import MB": rssAfterImport,
      "peak RSS MB": process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a child process reports of one file's imports. */
interface ImportReport {
  coldS: number;
  /** Median of the in-process repeats after the first (null when none). */
  warmS: number | null;
  peakRssMb: number;
  nodes: number;
  edges: number;
  /** "ok", or what differs from the generated roads ("" when not checked). */
  check: string;
}

/**
 * importOsm against osmium on the REALISTIC GENERATED Uusimaa-sized extract and on the real
 * Tampere extract. Every import runs in a fresh process (`runs` of them for the large file, 3 ×
 * `runs` for the small one; medians reported), whose first import is cold (the JIT starts empty,
 * as in a CLI run); on the small real file each also repeats it warm. osmium runs `fileinfo -e` (the fastest command that reads and decodes every
 * entity: libosmium decodes all of them, tags, refs, members and metadata, into its buffers; the
 * command only counts them) and `cat -f opl -o /dev/null` (the same, then formats each entity as
 * text). The realistic import must give back exactly the generated roads.
 */
export async function measureImportVsOsmium(targetNodes: number, runs: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "pv-bench-realistic-"));
  try {
    const file = join(dir, "uusimaa-realistic-GENERATED.osm.pbf");
    const written = child<{ bytes: number; nodes: number; taggedNodes: number; ways: number; roadWays: number; relations: number; writeS: number }>(["write", String(targetNodes), file]);
    const rows: Row[] = [];
    const cases = [
      { label: `REALISTIC GENERATED Uusimaa-sized extract (${written.roadWays} road ways of ${written.ways} ways)`, file, check: targetNodes, warm: 0, rounds: runs, counts: written },
      { label: "Tampere (real OSM)", file: TAMPERE, check: 0, warm: 4, rounds: 3 * runs, counts: null },
    ];
    for (const c of cases) {
      if (!existsSync(c.file)) {
        console.error(`skipping ${c.label}: ${c.file} not found`);
        continue;
      }
      // Rounds of one import process and the two osmium commands in turn, so a change in the
      // machine's load hits both sides alike; ratios are the medians of each round's own ratio.
      const reports: ImportReport[] = [];
      const fileinfo: number[] = [];
      const cat: number[] = [];
      for (let i = 0; i < c.rounds; i++) {
        reports.push(child<ImportReport>(["import", c.file, String(c.warm), String(i === 0 ? c.check : 0)]));
        fileinfo.push(osmiumS(["fileinfo", "-e", c.file]));
        cat.push(osmiumS(["cat", c.file, "-f", "opl", "-O", "-o", "/dev/null"]));
      }
      const cold = reports.map((r) => r.coldS);
      const warm = reports.map((r) => r.warmS ?? NaN);
      const peak = Math.max(...reports.map((r) => r.peakRssMb));
      rows.push({
        file: c.label,
        "PBF MB": statSync(c.file).size / 2 ** 20,
        "nodes / ways / relations": c.counts ? `${c.counts.nodes} / ${c.counts.ways} / ${c.counts.relations}` : osmiumCounts(c.file),
        rounds: c.rounds,
        "importOsm s, cold": median(cold),
        "importOsm s, warm": median(warm),
        "importOsm peak RSS MB": peak,
        "osmium fileinfo -e s": median(fileinfo),
        "osmium cat -f opl s": median(cat),
        "cold ÷ fileinfo": medianRatio(cold, fileinfo),
        "cold ÷ cat": medianRatio(cold, cat),
        "warm ÷ cat": medianRatio(warm, cat),
        "roads check": reports[0].check || `${reports[0].edges} edges`,
      });
      if (c.check && (median(cold) > TARGET_S || peak > TARGET_RSS_MB)) console.error(`${c.label}: misses the target (${TARGET_S} s, ${TARGET_RSS_MB} MB)`);
      if (!c.check && medianRatio(cold, cat) > TARGET_RATIO) console.error(`${c.label}: cold import is ${medianRatio(cold, cat).toFixed(2)}× osmium cat (target ${TARGET_RATIO}×)`);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs this module as a child process in `mode`; returns the JSON it prints last. */
function child<T>(args: string[]): T {
  const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", ...args], { cwd: join(here, ".."), encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`child ${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as T;
}

/** Wall time (s) of one osmium command; NaN when osmium is not installed or fails. */
function osmiumS(args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(OSMIUM, args, { stdio: ["ignore", "ignore", "pipe"] });
  return run.error || run.status !== 0 ? NaN : (performance.now() - t0) / 1000;
}

/** "nodes / ways / relations" of a file as osmium counts them, or "n/a" without osmium. */
function osmiumCounts(file: string): string {
  const run = spawnSync(OSMIUM, ["fileinfo", "-e", "-j", file], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.error || run.status !== 0) return "n/a";
  const { nodes, ways, relations } = (JSON.parse(run.stdout) as { data: { count: Record<string, number> } }).data.count;
  return `${nodes} / ${ways} / ${relations}`;
}

/** Child: GENERATED graph → realistic PBF at `path`; prints the writer's counts. */
function childWrite(targetNodes: number, path: string): void {
  const { graph } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes });
  const t0 = performance.now();
  const stats = writeOsmPbf(path, graph, { content: "realistic", seed: 1 });
  console.log(JSON.stringify({ ...stats, writeS: (performance.now() - t0) / 1000 }));
}

/** Child: imports `path` once cold and `warm` more times; with `checkNodes`, compares with the generated roads. */
async function childImport(path: string, warm: number, checkNodes: number): Promise<void> {
  let t0 = performance.now();
  let { graph } = await importOsm(path);
  const coldS = (performance.now() - t0) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const warmTimes: number[] = [];
  for (let i = 0; i < warm; i++) {
    t0 = performance.now();
    graph = (await importOsm(path)).graph;
    warmTimes.push((performance.now() - t0) / 1000);
  }
  const check = checkNodes > 0 ? sameRoads(generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: checkNodes }).graph, graph) : "";
  const report: ImportReport = { coldS, warmS: warmTimes.length > 0 ? median(warmTimes) : null, peakRssMb, nodes: graph.nodeCount, edges: graph.edgeCount, check };
  console.log(JSON.stringify(report));
}

/**
 * "ok" when `back` holds exactly the roads of `gen`: the same nodes an edge touches (by their 1e-7°
 * coordinates), every edge with its class and times within 1 ds (lengths come from the rounded
 * coordinates), and no other edge. Otherwise what differs.
 */
function sameRoads(gen: RoadGraph, back: RoadGraph): string {
  const at = new Map<number, number>();
  for (let i = 0; i < back.nodeCount; i++) at.set(back.lonE7[i] * 4e9 + back.latE7[i], i);
  let touched = 0;
  const seen = new Uint8Array(gen.nodeCount);
  for (let u = 0; u < gen.nodeCount; u++) {
    for (let e = gen.firstOut[u]; e < gen.firstOut[u + 1]; e++) seen[u] = seen[gen.head[e]] = 1;
  }
  for (let u = 0; u < gen.nodeCount; u++) touched += seen[u];
  if (back.nodeCount !== touched) return `${back.nodeCount} nodes, not ${touched}`;
  if (back.edgeCount !== gen.edgeCount) return `${back.edgeCount} edges, not ${gen.edgeCount}`;
  for (let u = 0; u < gen.nodeCount; u++) {
    for (let e = gen.firstOut[u]; e < gen.firstOut[u + 1]; e++) {
      const a = at.get(gen.lonE7[u] * 4e9 + gen.latE7[u]);
      const b = at.get(gen.lonE7[gen.head[e]] * 4e9 + gen.latE7[gen.head[e]]);
      const f = a === undefined || b === undefined ? -1 : back.findEdge(a, b);
      if (f < 0) return `edge ${u}→${gen.head[e]} missing`;
      if (back.roadClass[f] !== gen.roadClass[e]) return `edge ${u}→${gen.head[e]} has class ${back.roadClass[f]}, not ${gen.roadClass[e]}`;
      for (let p = 0; p < gen.timeDs.length; p++) {
        if (Math.abs(back.timeDs[p][f] - gen.timeDs[p][e]) > 1) return `edge ${u}→${gen.head[e]} takes ${back.timeDs[p][f]} ds, not ${gen.timeDs[p][e]}`;
      }
    }
  }
  return "ok";
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    if (args[1] === "write") childWrite(Number(args[2]), args[3]);
    else await childImport(args[2], Number(args[3]), Number(args[4]));
    return;
  }
  const quick = args.includes("--quick");
  const targetNodes = quick ? 100_000 : 500_000;
  console.log(`### Import at region scale (GENERATED, roads only)\n\n${table([await measureRegionImport(targetNodes, quick ? 1 : 2)])}\n`);
  console.log(`### Import of a realistic extract, against osmium\n\n${table(await measureImportVsOsmium(targetNodes, quick ? 1 : 3))}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
