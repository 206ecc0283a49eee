/**
 * `npm run bench`: this engine side by side with its peers on the same graphs and sources, in one
 * process. Real extracts from ../shared/data (central Helsinki, Tampere) and a generated
 * Uusimaa-sized graph (labelled generated). Writes medians, ratios and memory to benchmarks/RESULTS.md.
 * Seeded: the same sources and pairs every run. Compare ratios, not absolute times: the machine is noisy.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importOsm } from "../data/osm/import.ts";
import { readGraphFile, writeGraphFile } from "../data/cache.ts";
import type { RoadGraph } from "../engine/graph.ts";
import { TravelTimeSearch } from "../engine/search.ts";
import { CoreSearch, coreView } from "../engine/core.ts";
import { MAX_CUTOFF_DS, UNREACHED } from "../engine/units.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../engine/generate.ts";
import { FINNISH_MUNICIPALITIES, findRegion } from "../data/facts/index.ts";
import { Router } from "../engine/route.ts";
import { gridForBbox, cellCount } from "../engine/grid.ts";
import { linkCells, travelTimeSurface } from "../engine/surface.ts";
import { isochrones } from "../engine/isochrones.ts";
import { peoplePerBand } from "../engine/population.ts";
import { analyse } from "../engine/analysis.ts";
import { areaStats } from "../engine/accessibility.ts";
import { IncrementalLevels } from "../engine/incremental.ts";
import { applyChanges } from "../engine/scenario.ts";
import { diffSurfaces } from "../engine/diff.ts";
import { nearestCentreAreas, settlementWeightPerCell, spreadTotals } from "../engine/settlements.ts";
import { toEtrs } from "../engine/projection.ts";
import { LEVELS, offers } from "../engine/services.ts";
import { UUSIMAA_5, UUSIMAA_6 } from "../data/facts/index.ts";
import { compareGroupings } from "../engine/grouping.ts";
import { hubTimesMin } from "../engine/hubs.ts";
import { defaultServiceSet } from "../data/services/index.ts";
import { machine, medianMs, medianMsAsync, retainedMb, rng, table, type Row } from "./harness.ts";
import { plainDijkstra, toGraphology, toNgraph, toPlain } from "./peers.ts";
import { buildNative, runNative } from "./native.ts";
import { pgRoutingProblem, startPgRouting } from "./pgrouting.ts";
import { SurfacePool } from "../data/parallel.ts";
import { FINLAND_BBOX } from "../engine/generate.ts";
import { SnapIndex } from "../engine/snap.ts";
import { CONNECTOR_KMH, timeDsFor } from "../engine/units.ts";
import { measureRegionImport } from "./region-import.ts";


const here = fileURLToPath(new URL(".", import.meta.url));
const shared = join(here, "../../shared/data/osm");
const quick = process.argv.includes("--quick");
/** Why the native reference is missing (no compiler), or null when it is built. */
const nativeProblem = buildNative();
if (nativeProblem) console.error(nativeProblem);

/** Seeded picks of main-component nodes. */
function picks(g: RoadGraph, count: number, seed: number): number[] {
  const main: number[] = [];
  for (let i = 0; i < g.nodeCount; i++) if (g.mainComponent[i]) main.push(i);
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(main[s % main.length]);
  }
  return out;
}

interface Case {
  label: string;
  graph: RoadGraph;
  importMs?: number;
  file?: string;
}

const searchRows: Row[] = [];
const pairRows: Row[] = [];
const ioRows: Row[] = [];
const memRows: Row[] = [];
const surfaceRows: Row[] = [];
const levelRows: Row[] = [];
const scenarioRows: Row[] = [];
const pgRows: Row[] = [];
const finlandRows: Row[] = [];
const regionImportRows: Row[] = [];
let pgNote = "";

/** Uusimaa's 26 municipalities (its five organisers'), in code order. */
const uusimaaMunicipalities = () => FINNISH_MUNICIPALITIES.filter((m) => findRegion("uusimaa").municipalities.includes(m.code));

/**
 * The planners' analysis at Uusimaa scale on a GENERATED graph with towns at Uusimaa's real
 * municipal centres: a 250 m grid over ~15,000 km² (land and sea), a surface to the nearest of the
 * 26 centres, seven-band isochrones and people per band (a uniform GENERATED population).
 */
function measureSurface(): void {
  const towns = uusimaaMunicipalities().map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
  const { graph } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: quick ? 100_000 : 500_000, towns });
  let t = performance.now();
  const router = new Router(graph);
  const snapIndexMs = performance.now() - t;
  const grid = gridForBbox([23.4, 59.95, 26.2, 60.75], 250);
  t = performance.now();
  const links = linkCells(router.snapIndex, grid);
  const linkMs = performance.now() - t;
  const targets = towns.map((tw, i) => router.place(String(i), tw.lon, tw.lat));
  t = performance.now();
  travelTimeSurface(graph, links, targets);
  const firstMs = performance.now() - t;
  const out = new Uint32Array(cellCount(grid));
  const surfaceMs = medianMs(() => travelTimeSurface(graph, links, targets, { out }), 7);
  const isoMs = medianMs(() => isochrones(grid, out), 5);
  const people = new Uint32Array(cellCount(grid)).fill(7);
  const bandsMs = medianMs(() => peoplePerBand(out, people, [15, 30, 60, 90, 120, 150, 180]), 7);
  surfaceRows.push({
    graph: `GENERATED Uusimaa-sized (${(graph.nodeCount / 1000).toFixed(0)}k nodes), 26 real centres`,
    "cells (250 m)": cellCount(grid),
    "one-time: snap index ms": snapIndexMs,
    "one-time: link cells ms": linkMs,
    "one-time: core views ms (in first surface)": firstMs - surfaceMs,
    "surface ms": surfaceMs,
    "7-band isochrones ms": isoMs,
    "people per band ms": bandsMs,
    "per level total ms": surfaceMs + isoMs + bandsMs,
    "three levels ms": 3 * (surfaceMs + isoMs + bandsMs),
  });
  measureLevels(graph, router, grid, links);
}

/**
 * The planners' whole run: L, A and E surfaces from the default Uusimaa service set, people from
 * municipal totals, figures per municipality and per unit, and the seven-band isochrones of each
 * level. The peer is the obvious way: one search per service point, then the minimum per level.
 */
function measureLevels(graph: RoadGraph, router: Router, grid: ReturnType<typeof gridForBbox>, links: ReturnType<typeof linkCells>): void {
  const ms = uusimaaMunicipalities();
  const services = defaultServiceSet(findRegion("uusimaa")).points;
  const areaOfCell = nearestCentreAreas(grid, ms.map((m) => toEtrs(m.centre.lon, m.centre.lat)));
  const population = spreadTotals(areaOfCell, ms.map((m) => m.population), settlementWeightPerCell(graph, grid)).perCell;
  const index = new Map(ms.map((m, i) => [m.code, i]));
  const input = {
    graph,
    snapIndex: router.snapIndex,
    links,
    services,
    population,
    areas: ms.map((m) => ({ id: m.code, name: m.nameFi, centre: m.centre })),
    areaOfCell,
    units: UUSIMAA_6.units.map((u) => ({ id: u.id, name: u.name.fi, members: u.municipalities.map((c) => index.get(c)!) })),
    thresholdsMin: [15, 30, 60, 90, 120, 150, 180],
  };
  let result = analyse(input);
  const analyseMs = medianMs(() => (result = analyse(input)), 5, 1);
  const isoMs = medianMs(() => LEVELS.forEach((l) => isochrones(grid, result.surfaces[l])), 3, 1);
  // Peer: a surface per service point, then the per-level minimum (what one would write first).
  const perPoint = () => {
    const single = result.placed.map((s) => travelTimeSurface(graph, links, [s.target]));
    for (const level of LEVELS) {
      const min = new Uint32Array(single[0].length).fill(UNREACHED);
      result.placed.forEach((s, i) => {
        if (!s.point.open || !offers(s.point.level, level)) return;
        const t = single[i];
        for (let c = 0; c < min.length; c++) if (t[c] < min[c]) min[c] = t[c];
      });
      for (let c = 0; c < min.length; c++) {
        if (min[c] !== result.surfaces[level][c]) throw new Error(`peer disagrees at level ${level}, cell ${c}`);
      }
    }
  };
  const perPointMs = medianMs(perPoint, 3, 1);
  // Scenario: close one point and re-run. Ours updates the kept level surfaces incrementally and
  // recomputes the figures of the levels the closure touched, plus the diff; the peer is a full run.
  const levels = new IncrementalLevels(graph, router.snapIndex, links);
  let t0 = performance.now();
  const baseState = levels.full(services);
  const baseStateMs = performance.now() - t0;
  const closable = services.filter((p, i) => i % 4 === 0);
  let k = 0;
  const closeOne = () => {
    const id = closable[k++ % closable.length].id;
    const points = applyChanges(services, [{ op: "close", id }]);
    const state = levels.update(baseState, points);
    for (const level of LEVELS) {
      if (state.surfaces[level] === baseState.surfaces[level]) continue;
      areaStats(state.surfaces[level], population, areaOfCell, ms.length, input.thresholdsMin);
      diffSurfaces(baseState.surfaces[level], state.surfaces[level], population, areaOfCell, ms.length, input.thresholdsMin);
    }
    return state;
  };
  const check = levels.update(baseState, applyChanges(services, [{ op: "close", id: closable[0].id }]));
  const fullCheck = analyse({ ...input, services: applyChanges(services, [{ op: "close", id: closable[0].id }]) });
  for (const level of LEVELS) {
    for (let c = 0; c < check.surfaces[level].length; c++) {
      if (check.surfaces[level][c] !== fullCheck.surfaces[level][c]) throw new Error(`incremental disagrees with full at level ${level}, cell ${c}`);
    }
  }
  const closeMs = medianMs(closeOne, closable.length, 1);
  t0 = performance.now();
  scenarioRows.push({
    graph: `GENERATED Uusimaa-sized (${(graph.nodeCount / 1000).toFixed(0)}k nodes)`,
    "cells (250 m)": cellCount(grid),
    "one-time: keep each location's surface ms": baseStateMs,
    "kept surfaces MB": (levels.cachedLocations * cellCount(grid) * 4) / 2 ** 20,
    "ours: re-run after one closure ms": closeMs,
    "peer: full re-run (3 level searches + figures) ms": analyseMs,
    "full / ours": analyseMs / closeMs,
  });
  // Grouping comparison: six units against five on the same surfaces, hub times included (routes
  // from each member centre to its hub; the first run routes, later runs reuse the route cache).
  const asUnits = (g: typeof UUSIMAA_6) =>
    g.units.map((u) => ({ id: u.id, name: u.name.fi, members: u.municipalities.map((c) => index.get(c)!), hub: u.hub === undefined ? undefined : index.get(u.hub) }));
  const groupingAreas = ms.map((m) => ({ code: m.code, name: m.nameFi, centre: m.centre }));
  const compareOnce = (cache: Map<string, number | null>) =>
    compareGroupings(
      { surfaces: result.surfaces, population, areaOfCell, areas: groupingAreas, grid, thresholdsMin: input.thresholdsMin },
      [UUSIMAA_6, UUSIMAA_5].map((g) => ({ id: g.id, name: g.name.fi, units: asUnits(g), hubMin: hubTimesMin(router, groupingAreas, asUnits(g), "car", undefined, cache) })),
    );
  t0 = performance.now();
  compareOnce(new Map());
  const compareColdMs = performance.now() - t0;
  const warm = new Map<string, number | null>();
  compareOnce(warm);
  const compareMs = medianMs(() => compareOnce(warm), 5, 1);
  scenarioRows[scenarioRows.length - 1]["grouping comparison 6 vs 5, first run (routes hubs) ms"] = compareColdMs;
  scenarioRows[scenarioRows.length - 1]["grouping comparison, hub routes kept ms"] = compareMs;
  levelRows.push({
    graph: `GENERATED Uusimaa-sized (${(graph.nodeCount / 1000).toFixed(0)}k nodes)`,
    "cells (250 m)": cellCount(grid),
    "service points": services.length,
    "ours: 3 level searches + figures per municipality and unit ms": analyseMs,
    "+ 7-band isochrones of 3 levels ms": isoMs,
    "whole run ms": analyseMs + isoMs,
    "peer: a search per point, then min ms": perPointMs,
    "peer / ours (surfaces)": perPointMs / analyseMs,
    "process RSS MB": process.memoryUsage().rss / 2 ** 20,
  });
}

/** Every "municipality's" surface over an all-Finland-sized graph, in workers. */
async function measureFinland(): Promise<void> {
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
  const centres: { snap: NonNullable<ReturnType<SnapIndex["snap"]>>; connectorDs: number }[] = [];
  while (centres.length < 309) {
    const snap = snapIndex.snap(FINLAND_BBOX[0] + r() * (FINLAND_BBOX[2] - FINLAND_BBOX[0]), FINLAND_BBOX[1] + r() * (FINLAND_BBOX[3] - FINLAND_BBOX[1]), 2000);
    if (snap) centres.push({ snap, connectorDs: timeDsFor(snap.distanceM, CONNECTOR_KMH) });
  }
  const jobs = centres.map((c) => [c]);
  // The same per-thread set-up the workers do (core view, one warm-up surface), then 12 timed.
  const one = new CoreSearch(coreView(graph, "car", "forward"));
  travelTimeSurface(graph, links, jobs[0], { direction: "from", search: one });
  t0 = performance.now();
  for (const job of jobs.slice(1, 13)) travelTimeSurface(graph, links, job, { direction: "from", search: one });
  const singleS = (((performance.now() - t0) / 12) * jobs.length) / 1000;
  t0 = performance.now();
  const pool = await SurfacePool.create(graph, links, { direction: "from" });
  const startS = (performance.now() - t0) / 1000;
  let reachedCells = 0;
  t0 = performance.now();
  try {
    await pool.run(jobs, (_, s) => {
      for (let c = 0; c < s.length; c++) if (s[c] !== UNREACHED) reachedCells++;
    });
  } finally {
    await pool.close();
  }
  const batchS = (performance.now() - t0) / 1000;
  finlandRows.push({
    graph: `GENERATED Finland-sized (${(graph.nodeCount / 1e6).toFixed(2)} M nodes)`,
    "generate s": genS,
    "snap index + link cells s": linkS,
    "cells (1 km)": cellCount(grid),
    surfaces: jobs.length,
    "single thread s (scaled)": singleS,
    "workers": pool.size,
    "worker start s": startS,
    "batch in workers s": batchS,
    "speed-up": singleS / batchS,
    "mean cells reached per surface": Math.round(reachedCells / jobs.length),
    "process RSS MB": process.memoryUsage().rss / 2 ** 20,
  });
}

/** pgRouting on each graph: load once, then a few one-to-all queries checked against ours. */
async function measurePgRouting(cases: Case[]): Promise<void> {
  const pgr = await startPgRouting();
  try {
    for (const [i, c] of cases.entries()) {
      const g = c.graph;
      const name = `g${i}`;
      let t0 = performance.now();
      await pgr.load(name, g.forward("car"));
      const loadS = (performance.now() - t0) / 1000;
      const sources = picks(g, quick ? 2 : 5, 7);
      const fwd = new TravelTimeSearch(g.forward("car"));
      const core = new CoreSearch(coreView(g, "car", "forward"));
      const times: number[] = [];
      for (const s of sources) {
        t0 = performance.now();
        const r = await pgr.drivingDistance(name, s, MAX_CUTOFF_DS);
        times.push(performance.now() - t0);
        fwd.run([s], undefined, { cutoffDs: MAX_CUTOFF_DS });
        let count = 0;
        let sum = 0;
        for (const v of fwd.reachedNodes()) if (fwd.timeDs[v] !== UNREACHED) (count++, (sum += fwd.timeDs[v]));
        if (r.reached !== count || r.sum !== sum) throw new Error(`pgRouting disagrees from source ${s}: ${r.reached}/${r.sum} vs ${count}/${sum}`);
      }
      times.sort((a, b) => a - b);
      const pgMs = times[Math.floor(times.length / 2)];
      let k = 0;
      const oursMs = medianMs(() => core.run([sources[k++ % sources.length]], undefined, { cutoffDs: MAX_CUTOFF_DS }), sources.length * 3);
      pgRows.push({ graph: c.label, "edges loaded": g.edgeCount, "load s": loadS, "pgRouting drivingDistance ms": pgMs, "ours core one-to-all ms": oursMs, "pgRouting / ours": pgMs / oursMs, "postgres backend peak RSS MB": pgr.backendPeakMb() });
    }
  } finally {
    await pgr.stop();
  }
}

function measure(c: Case): void {
  const g = c.graph;
  const sources = picks(g, quick ? 5 : 15, 7);
  const cycle = (fn: (s: number) => unknown) => {
    let k = 0;
    // Warmed on every source once, as each peer is, so the first case's times hold no JIT start-up.
    return medianMs(() => fn(sources[k++ % sources.length]), 3 * sources.length, sources.length);
  };
  const t0 = performance.now();
  const coreFwd = coreView(g, "car", "forward");
  const coreBuildMs = performance.now() - t0;
  const coreRev = coreView(g, "car", "reverse");
  const core = new CoreSearch(coreFwd);
  const coreBack = new CoreSearch(coreRev);
  const fwd = new TravelTimeSearch(g.forward("car"));
  const rev = new TravelTimeSearch(g.reverse("car"));
  const expanded = new Uint32Array(g.nodeCount);

  const oursCore = cycle((s) => core.run([s], undefined, { cutoffDs: MAX_CUTOFF_DS }));
  const oursCoreRev = cycle((s) => coreBack.run([s], undefined, { cutoffDs: MAX_CUTOFF_DS }));
  const expandMs = medianMs(() => core.expand(expanded), 5);
  const oursFull = cycle((s) => fwd.run([s], undefined, { cutoffDs: MAX_CUTOFF_DS }));
  const oursFullRev = cycle((s) => rev.run([s], undefined, { cutoffDs: MAX_CUTOFF_DS }));
  // Multi-source: one search from many points at once (as for all service points of a level).
  const multi = picks(g, 50, 11);
  const oursMulti = medianMs(() => core.run(multi, undefined, { cutoffDs: MAX_CUTOFF_DS }), 5);

  const { value: plain, mb: plainMb } = retainedMb(() => toPlain(g.forward("car")));
  const plainMs = cycle((s) => plainDijkstra(plain, s, MAX_CUTOFF_DS));
  // The peers must agree with us, at every node, before their times mean anything.
  for (const s of sources.slice(0, 3)) {
    core.run([s], undefined, { cutoffDs: MAX_CUTOFF_DS });
    core.expand(expanded);
    const ref = plainDijkstra(plain, s, MAX_CUTOFF_DS);
    for (let v = 0; v < g.nodeCount; v++) {
      if ((expanded[v] === UNREACHED ? Infinity : expanded[v]) !== ref[v]) throw new Error(`reference search disagrees at node ${v}`);
    }
  }
  let reached = 0;
  for (let v = 0; v < g.nodeCount; v++) if (expanded[v] !== UNREACHED) reached++;

  // The native reference must agree too: same reached count and sum of times from each source.
  let nativeMs = NaN;
  let nativeMb = NaN;
  if (nativeProblem === null) {
    const nat = runNative(g.forward("car"), sources, MAX_CUTOFF_DS, quick ? 3 : 7);
    sources.forEach((s, i) => {
      fwd.run([s], undefined, { cutoffDs: MAX_CUTOFF_DS });
      let count = 0;
      let sum = 0;
      for (const v of fwd.reachedNodes()) if (fwd.timeDs[v] !== UNREACHED) (count++, (sum += fwd.timeDs[v]));
      if (count !== nat.reached[i] || sum !== nat.checksum[i]) throw new Error(`native reference disagrees from source ${s}: ${nat.reached[i]}/${nat.checksum[i]} vs ${count}/${sum}`);
    });
    nativeMs = [...nat.medianMs].sort((a, b) => a - b)[Math.floor(nat.medianMs.length / 2)];
    nativeMb = nat.maxRssKb / 1024;
  }

  searchRows.push({
    graph: c.label,
    nodes: g.nodeCount,
    "core nodes": coreFwd.adj.nodeCount,
    "reached (180 min)": reached,
    "ours core fwd ms": oursCore,
    "ours core rev ms": oursCoreRev,
    "+ expand to all nodes ms": expandMs,
    "ours 50-source ms": oursMulti,
    "ours full-graph ms": oursFull,
    "ours full-graph rev ms": oursFullRev,
    "plain Dijkstra ms": plainMs,
    "plain / ours core": plainMs / oursCore,
    "plain / ours full-graph": plainMs / oursFull,
    "native C++ Dijkstra ms": nativeMs,
    "native / ours core": nativeMs / oursCore,
    "native / ours full-graph": nativeMs / oursFull,
  });

  // Single pair: ngraph.path has no one-to-all, so it runs pairs; ours stops at the target too.
  const pairsFrom = picks(g, quick ? 4 : 10, 21);
  const pairsTo = picks(g, quick ? 4 : 10, 22);
  const { value: ng, mb: ngMb } = retainedMb(() => toNgraph(g.forward("car")));
  for (let i = 0; i < pairsFrom.length; i++) {
    core.run([pairsFrom[i]], undefined, { targets: [pairsTo[i]], cutoffDs: 1e9 });
    const t = ng.find(pairsFrom[i], pairsTo[i]);
    if (t !== core.timeAt(pairsTo[i])) throw new Error(`ngraph.path disagrees on pair ${i}: ${t} vs ${core.timeAt(pairsTo[i])}`);
  }
  let k = 0;
  // Each side warmed on every pair once, then three passes over the pairs timed (a pair of ours takes ~0.1 ms: noise needs samples).
  const ngMs = medianMs(() => ng.find(pairsFrom[k % pairsFrom.length], pairsTo[k++ % pairsTo.length]), 3 * pairsFrom.length, pairsFrom.length);
  k = 0;
  const oursPair = medianMs(() => core.run([pairsFrom[k % pairsFrom.length]], undefined, { targets: [pairsTo[k++ % pairsTo.length]], cutoffDs: 1e9 }), 3 * pairsFrom.length, pairsFrom.length);
  const { value: gr, mb: grMb } = retainedMb(() => toGraphology(g.forward("car")));
  for (let i = 0; i < pairsFrom.length; i++) {
    core.run([pairsFrom[i]], undefined, { targets: [pairsTo[i]], cutoffDs: 1e9 });
    const t = gr.pair(pairsFrom[i], pairsTo[i]);
    if (t !== core.timeAt(pairsTo[i])) throw new Error(`graphology disagrees on pair ${i}: ${t} vs ${core.timeAt(pairsTo[i])}`);
  }
  k = 0;
  const grMs = medianMs(() => gr.pair(pairsFrom[k % pairsFrom.length], pairsTo[k++ % pairsTo.length]), 3 * pairsFrom.length, pairsFrom.length);
  // graphology's one-to-all keeps every path: run it only where that fits (the real extracts).
  let grAllMs = NaN;
  if (g.nodeCount <= 100_000) {
    k = 0;
    grAllMs = medianMs(() => gr.oneToAll(sources[k++ % sources.length]), 3, 1);
  }
  pairRows.push({
    graph: c.label,
    "ours pair ms": oursPair,
    "ngraph.path pair ms": ngMs,
    "ngraph / ours (pair)": ngMs / oursPair,
    "graphology pair ms": grMs,
    "graphology / ours (pair)": grMs / oursPair,
    "ours one-to-all ms": oursCore,
    "ngraph pair / ours one-to-all": ngMs / oursCore,
    "graphology one-to-all (no cutoff) ms": grAllMs,
    "graphology one-to-all / ours": grAllMs / oursCore,
  });

  const bytes = [g.lonE7, g.latE7, g.firstOut, g.head, g.lengthM, g.roadClass, g.mainComponent, ...g.timeDs].reduce((s, a) => s + a.byteLength, 0);
  const v = coreFwd;
  const coreBytes = [v.adj.firstOut, v.adj.head, v.adj.timeDs, v.adj.lengthM, v.coreNode, v.coreOf, v.edgeTail, v.entryStart, v.entryEdge, v.entryDs, v.entryM].reduce((s, a) => s + a.byteLength, 0);
  memRows.push({
    graph: c.label,
    "ours graph MB (2 profiles)": bytes / 2 ** 20,
    "ours core view MB (per profile and direction)": coreBytes / 2 ** 20,
    "core view build ms": coreBuildMs,
    "plain adjacency MB": plainMb,
    "ngraph.graph MB": ngMb,
    "graphology MB": grMb,
    "native process peak RSS MB": nativeMb,
  });
}

async function io(c: Case, runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pv-bench-"));
  try {
    const file = join(dir, "g.pvg");
    await writeGraphFile(file, c.graph, {});
    const loadMs = await medianMsAsync(() => readGraphFile(file), runs);
    ioRows.push({ graph: c.label, "import s": c.importMs !== undefined ? c.importMs / 1000 : "n/a (generated)", "cache load ms": loadMs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.error("measuring import at region scale (GENERATED, written as OSM PBF) ...");
  regionImportRows.push(await measureRegionImport(quick ? 100_000 : 500_000, quick ? 1 : 2));
  const cases: Case[] = [];
  for (const [label, name] of [
    ["central Helsinki (real OSM)", "helsinki-centre.osm.pbf"],
    ["Tampere (real OSM)", "tampere.osm.pbf"],
  ]) {
    const file = join(shared, name);
    if (!existsSync(file)) {
      console.error(`skipping ${label}: ${file} not found`);
      continue;
    }
    let graph!: RoadGraph;
    const importMs = await medianMsAsync(async () => {
      graph = (await importOsm(file)).graph;
    }, quick ? 1 : 3);
    cases.push({ label, graph, importMs, file });
  }
  const nodes = quick ? 100_000 : 500_000;
  const t0 = performance.now();
  const { graph: gen } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: nodes });
  console.error(`generated ${gen.nodeCount} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  cases.push({ label: `GENERATED Uusimaa-sized (${(gen.nodeCount / 1000).toFixed(0)}k nodes)`, graph: gen });

  for (const c of cases) {
    console.error(`measuring ${c.label} ...`);
    measure(c);
    await io(c, quick ? 2 : 5);
  }

  pgNote = pgRoutingProblem() ?? "";
  if (pgNote) console.error(pgNote);
  else {
    console.error("measuring pgRouting ...");
    await measurePgRouting(cases);
  }

  console.error("measuring the surface pipeline ...");
  measureSurface();

  console.error("measuring the all-Finland-sized batch ...");
  await measureFinland();

  const date = new Date().toISOString().slice(0, 10);
  const md = `# Benchmark results

Produced by \`npm run bench\` (benchmarks/run.ts) on ${date}.
Machine: ${machine()}.
All figures are medians; searches use the \`car\` profile and the 180-minute cutoff. The machine
is shared and noisy, so read the ratios, not the absolute times. Every peer's answers are checked
against ours before its time is recorded. Each side, ours and every JavaScript peer alike, is
warmed on every source (or pair) once after a full garbage collection, then timed over three
passes. (Until 2026-12-05 the peers had two warm-up runs only: the JIT had not settled, so the
older ratios against plain Dijkstra, ngraph.path and graphology were up to 3× too flattering.)

## One-to-all search, 180-minute cutoff

"ours core" searches the core graph (chains of shape points contracted; what the CLI and Router
use); "expand" then reads off all nodes' times, which only some uses need. "ours full-graph" is
the same Dijkstra on every node. "plain Dijkstra" is a textbook JavaScript implementation
(array-of-arrays adjacency, binary heap of [time, node] pairs, a fresh distance array per query)
on the same graph and sources. "native C++ Dijkstra" is the same textbook algorithm in C++
(benchmarks/native/dijkstra.cpp, g++ -O2, std::priority_queue, fresh distance array per query)
over the same CSR arrays: the machine's limit for a plain Dijkstra.${nativeProblem ? ` Not run: ${nativeProblem}.` : ""}

${table(searchRows)}

## pgRouting pgr_drivingDistance, 180-minute cutoff

The same graph loaded into PostgreSQL 15 (one row per directed edge, time in deciseconds) on a
throwaway cluster the benchmark starts and stops; each query is a pgRouting user's call (edges
SQL, source, distance), timed from the client, median over the sources. Its reached nodes and the
sum of their times are checked equal to ours.${pgNote ? ` ${pgNote}.` : ""}

${table(pgRows)}

## Single pair, and graphology (ngraph.path has no one-to-all search; graphology's has no cutoff)

${table(pairRows)}

## Import and cache load

Import: OSM PBF to a built graph (two passes, Hilbert renumbering, SCC). Cache load: read the
graph file and verify its checksum.

${table(ioRows)}

### Import at region scale (GENERATED, written as OSM PBF)

No real Uusimaa extract is at hand offline, so the GENERATED Uusimaa-sized graph (seed 1) is
written as a real OSM PBF file (benchmarks/osm-pbf-writer.ts: zlib blobs, DenseNodes, ways chained
as OSM draws roads, \`highway\`/\`oneway\`/\`route=ferry\` tags) and imported with the same code as
a real extract; the import must give back every edge. Target: 60 s on this machine. The file
holds only roads: a real extract also carries buildings, paths and more, which the importer must
still inflate and skip, so a real file is several times larger. Peak RSS is the process's own
peak; this section runs first.

${table(regionImportRows)}

## Travel-time surface, isochrones and population (the planners' analysis)

One level's run is a reverse search from all its service points, the time of every cell, the
seven-band isochrones (WGS84) and people per band; a planner's view needs three levels (L, A, E).
The one-time work is done once per graph and grid and kept.

${table(surfaceRows)}

### E/A/L levels, the whole planners' run

L, A and E surfaces for the default Uusimaa service set (26 health stations at the real municipal
centres; 7 A: HUS's five joint emergency units, Haartman and Malmi; 1 E: Meilahti), people from the
real 2022 municipal totals spread over the roads,
weighted mean / median / P90 / max and people per band for 26 municipalities, 6 units and the
region, then the seven-band isochrones of each level. The peer computes one surface per service
point and takes the minimum per level; its answers are checked equal to ours cell by cell.

${table(levelRows)}

### Scenario re-run after one closure, and grouping comparison

A planner closes one service point (each of eight in turn: health stations and hospitals) and the
figures update. Ours keeps every service location's own surface (computed once per base set) and
the nearest location per cell and level, so a closure recomputes only the cells that point was
nearest to, then the per-municipality figures and the diff of the levels it touched. The peer is
the full run of the table above. The incremental result is checked equal to the full one.
The grouping comparison puts Uusimaa's six units and five units side by side on the same
surfaces: per-unit figures for three levels, equality measures, worst-off units, and each member
centre's road time to its hub.

${table(scenarioRows)}

## All-Finland-sized batch (GENERATED)

A generated road-like graph over Finland's extent with about as many nodes as Finland's car
network (~3 M), a 1 km grid aligned with EPSG:3067 over the whole country, and 309 seeded points
on the roads standing in for the 309 municipal centres (not real places). The batch computes every
centre's surface (time from it to every cell, 180-min cutoff) in worker threads sharing the graph;
"single thread" times 12 of them in this thread and scales to 309.

${table(finlandRows)}

## Memory

${table(memRows)}

Data: OpenStreetMap extracts © OpenStreetMap contributors (ODbL 1.0), from ../shared/data.
The Uusimaa-sized graph is GENERATED (engine/generate.ts, seed 1), not real roads.
`;
  // benchmarks/start.ts, load.ts and web.ts keep their own blocks in the same file: carry them over.
  const resultsPath = join(here, "RESULTS.md");
  const old = existsSync(resultsPath) ? readFileSync(resultsPath, "utf8") : "";
  const kept = ["start", "load", "web"].map((name) => new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`).exec(old)?.[0]).filter((b) => b !== undefined);
  await writeFile(resultsPath, kept.length > 0 ? `${md}\n${kept.join("\n\n")}\n` : md);
  process.stdout.write(md);
}

await main();
