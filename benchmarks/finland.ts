/**
 * `node --import tsx benchmarks/finland.ts [--quick]`: the all-Finland-sized batch in a process of
 * its own, so its memory is its own (benchmarks/run.ts starts it and puts its row in RESULTS.md).
 * A GENERATED road-like graph over Finland's extent (~3 M nodes), a 1 km grid over the whole
 * country, 309 seeded points on the roads standing in for the municipal centres, and every point's
 * surface (time from it to every cell, 180-min cutoff): all 309 in this thread (building the
 * surfaces' parts counted), then in this thread and one worker, then in two workers (each pool's
 * start counted). The pools' surfaces are checked equal to this thread's (by a hash of each, so 309
 * surfaces of 2.7 MB are not all kept), and three of them cell by cell to the plain reference.
 * Prints one JSON row, naming the fastest way on this machine.
 */
import { generateRoadGraph, FINLAND_BBOX } from "../engine/generate.ts";
import { SnapIndex } from "../engine/snap.ts";
import { gridForBbox, cellCount } from "../engine/grid.ts";
import { linkCells, plainTravelTimeSurface, surfaceParts, travelTimeSurface, type SurfaceTarget } from "../engine/surface.ts";
import { CoreSearch } from "../engine/core.ts";
import { CONNECTOR_KMH, UNREACHED, timeDsFor } from "../engine/units.ts";
import { SurfacePool } from "../data/parallel.ts";
import { rng, rssSampler, type Row } from "./harness.ts";

const quick = process.argv.includes("--quick");

/** FNV-1a over a surface's cells: equal surfaces, equal hashes. */
function hash(s: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s[i], 0x01000193) >>> 0;
  return h;
}
const MB = 2 ** 20;

async function main(): Promise<Row> {
  const nodes = quick ? 300_000 : 3_000_000;
  let t0 = performance.now();
  const { graph } = generateRoadGraph({ seed: 3, bbox: FINLAND_BBOX, targetNodes: nodes });
  const genS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const snapIndex = new SnapIndex(graph);
  const grid = gridForBbox(FINLAND_BBOX, 1000);
  const links = linkCells(snapIndex, grid);
  const linkS = (performance.now() - t0) / 1000;
  const r = rng(309);
  const centres: SurfaceTarget[] = [];
  while (centres.length < 309) {
    const snap = snapIndex.snap(FINLAND_BBOX[0] + r() * (FINLAND_BBOX[2] - FINLAND_BBOX[0]), FINLAND_BBOX[1] + r() * (FINLAND_BBOX[3] - FINLAND_BBOX[1]), 2000);
    if (snap) centres.push({ snap, connectorDs: timeDsFor(snap.distanceM, CONNECTOR_KMH) });
  }
  const jobs = centres.map((c) => [c]);
  const beforeBatchMb = process.memoryUsage().rss / MB;

  // One thread first, from nothing: building the parts (core view and cell index) is its start.
  const oneRss = rssSampler(20);
  t0 = performance.now();
  const parts = surfaceParts(graph, links, "car", "from");
  const partsS = (performance.now() - t0) / 1000;
  const search = new CoreSearch(parts.view);
  const out = new Uint32Array(cellCount(grid));
  const fromThread: number[] = [];
  const kept = new Map<number, Uint32Array>();
  let reachedCells = 0;
  t0 = performance.now();
  for (const [i, job] of jobs.entries()) {
    travelTimeSurface(graph, links, job, { direction: "from", search, out });
    fromThread[i] = hash(out);
    if (i % 100 === 0) kept.set(i, out.slice());
    for (let c = 0; c < out.length; c++) if (out[c] !== UNREACHED) reachedCells++;
    oneRss.sample();
  }
  const singleS = (performance.now() - t0) / 1000;
  const onePeakMb = oneRss.stop();

  // Then two pools on the parts already built: this thread and one worker, then two workers. A
  // pool's start: the graph into shared memory, the parts copied there, the workers booted, each
  // reading them in place. Both totals count the parts, as the thread's does.
  const pooled = async (options: { workers: number; thisThread: boolean }) => {
    const rss = rssSampler(20);
    let t = performance.now();
    const pool = await SurfacePool.create(graph, links, { direction: "from", ...options });
    const startS = (performance.now() - t) / 1000;
    t = performance.now();
    try {
      await pool.run(jobs, (i, s) => {
        if (hash(s) !== fromThread[i]) throw new Error(`surface ${i}: the pool and this thread disagree`);
        rss.sample();
      });
    } finally {
      await pool.close();
    }
    const runS = (performance.now() - t) / 1000;
    return { startS, runS, totalS: partsS + startS + runS, peakMb: rss.stop() };
  };
  const mixed = await pooled({ workers: 1, thisThread: true });
  const two = await pooled({ workers: 2, thisThread: false });
  for (const [i, s] of kept) {
    const plain = plainTravelTimeSurface(graph, links, jobs[i], { direction: "from" });
    for (let c = 0; c < plain.length; c++) if (plain[c] !== s[c]) throw new Error(`surface ${i}: the plain reference disagrees at cell ${c}`);
  }
  const oneTotalS = partsS + singleS;
  const ways = [
    ["one thread", oneTotalS],
    ["this thread + 1 worker", mixed.totalS],
    ["2 workers", two.totalS],
  ] as const;
  const fastest = ways.reduce((a, b) => (b[1] < a[1] ? b : a));
  return {
    graph: `GENERATED Finland-sized (${(graph.nodeCount / 1e6).toFixed(2)} M nodes)`,
    "generate s": genS,
    "snap index + link cells s": linkS,
    "cells (1 km)": cellCount(grid),
    surfaces: jobs.length,
    "parts (core view + cell index) s": partsS,
    "one thread: 309 surfaces s": singleS,
    "one thread incl. parts s": oneTotalS,
    "one thread peak RSS MB": onePeakMb,
    "this thread + 1 worker: start s": mixed.startS,
    "this thread + 1 worker: batch s": mixed.runS,
    "this thread + 1 worker incl. parts and start s": mixed.totalS,
    "this thread + 1 worker peak RSS MB": mixed.peakMb,
    "2 workers: start s": two.startS,
    "2 workers: batch s": two.runS,
    "2 workers incl. parts and start s": two.totalS,
    "2 workers peak RSS MB": two.peakMb,
    "fastest": fastest[0],
    "one thread / fastest": oneTotalS / fastest[1],
    "mean cells reached per surface": Math.round(reachedCells / jobs.length),
    "RSS before the batch MB": beforeBatchMb,
  };
}

process.stdout.write(JSON.stringify(await main()) + "\n");
