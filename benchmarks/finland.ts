/**
 * `node --import tsx benchmarks/finland.ts [--quick]`: the all-Finland-sized batch in a process of
 * its own, so its memory is its own (benchmarks/run.ts starts it and puts its row in RESULTS.md).
 * A GENERATED road-like graph over Finland's extent (~3 M nodes), a 1 km grid over the whole
 * country, 309 seeded points on the roads standing in for the municipal centres, and every point's
 * surface (time from it to every cell, 180-min cutoff): all 309 in this thread, then all 309 in a
 * pool of workers (started here, worker start counted). The pool's surfaces are checked equal to
 * this thread's (by a hash of each, so 309 surfaces of 2.7 MB are not all kept), and three of them
 * cell by cell to the plain reference. Prints one JSON row.
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

  // The pool first: its time includes building the parts once and starting the workers.
  const poolRss = rssSampler(20);
  t0 = performance.now();
  const pool = await SurfacePool.create(graph, links, { direction: "from" });
  const startS = (performance.now() - t0) / 1000;
  const fromPool: number[] = [];
  const kept = new Map<number, Uint32Array>();
  t0 = performance.now();
  try {
    await pool.run(jobs, (i, s) => {
      fromPool[i] = hash(s);
      if (i % 100 === 0) kept.set(i, s);
    });
  } finally {
    await pool.close();
  }
  const runS = (performance.now() - t0) / 1000;
  const poolPeakMb = poolRss.stop();

  // The same 309 in this thread, one after another (the parts are kept from the pool's build).
  const oneRss = rssSampler(20);
  const search = new CoreSearch(surfaceParts(graph, links, "car", "from").view);
  const out = new Uint32Array(cellCount(grid));
  let reachedCells = 0;
  t0 = performance.now();
  for (const [i, job] of jobs.entries()) {
    travelTimeSurface(graph, links, job, { direction: "from", search, out });
    if (hash(out) !== fromPool[i]) throw new Error(`surface ${i}: the pool and this thread disagree`);
    for (let c = 0; c < out.length; c++) if (out[c] !== UNREACHED) reachedCells++;
    oneRss.sample();
  }
  const singleS = (performance.now() - t0) / 1000;
  oneRss.stop();
  for (const [i, s] of kept) {
    const plain = plainTravelTimeSurface(graph, links, jobs[i], { direction: "from" });
    for (let c = 0; c < plain.length; c++) if (plain[c] !== s[c]) throw new Error(`surface ${i}: the plain reference disagrees at cell ${c}`);
  }
  return {
    graph: `GENERATED Finland-sized (${(graph.nodeCount / 1e6).toFixed(2)} M nodes)`,
    "generate s": genS,
    "snap index + link cells s": linkS,
    "cells (1 km)": cellCount(grid),
    surfaces: jobs.length,
    "single thread s (all 309, measured)": singleS,
    workers: pool.size,
    "worker start s (parts built once, shared)": startS,
    "batch in workers s": runS,
    "workers incl. start s": startS + runS,
    "speed-up (incl. start)": singleS / (startS + runS),
    "mean cells reached per surface": Math.round(reachedCells / jobs.length),
    "RSS before the batch MB": beforeBatchMb,
    "peak RSS in the batch MB (workers incl.)": poolPeakMb,
  };
}

process.stdout.write(JSON.stringify(await main()) + "\n");
