/**
 * `npm run bench` (and on its own: node --expose-gc --import tsx benchmarks/matrix.ts [--quick]):
 * the travel-time matrix three ways side by side on the same graph and the same seeded places:
 * one search per origin (the way before issue 22), one search per place of the smaller side (the
 * searches Router.matrix runs without a hierarchy) and the contraction hierarchy with buckets. The
 * answers are checked equal before any time is written. Then the CLI's `matrix` on the GENERATED
 * graph twice: the first run builds the hierarchy and caches it, the second reads it.
 * Writes its block into benchmarks/RESULTS.md between <!-- matrix:start --> and <!-- matrix:end -->.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importOsm } from "../data/osm/import.ts";
import { writeGraphFile } from "../data/cache.ts";
import type { RoadGraph } from "../engine/graph.ts";
import { Router, type Place, type TripResult } from "../engine/route.ts";
import { pointLinks } from "../engine/snap.ts";
import { buildHierarchy, keepHierarchy } from "../engine/hierarchy.ts";
import { coreView } from "../engine/core.ts";
import { deserializeHierarchy, serializeHierarchy } from "../engine/serialize-hierarchy.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../engine/generate.ts";
import { machine, medianMs, retainedMb, rssSampler, table, type Row } from "./harness.ts";
import { seededPlaces as places } from "../test/fixtures/places.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const quick = process.argv.includes("--quick");
const NO_CUTOFF_DS = 24 * 36000;

/** The way before: one forward search per origin, stopped once every destination's road ends are settled. */
function perOrigin(router: Router, origins: Place[], destinations: Place[]): (TripResult | null)[][] {
  const targets = [...new Set(destinations.flatMap((d) => pointLinks(router.graph, d.snap, "car", "in").map((l) => l.node)))];
  return origins.map((o) => {
    const s = router.runFrom(o, "car", NO_CUTOFF_DS, { trackPath: true, targets });
    return destinations.map((d) => router.arrival(s, d, "car", o));
  });
}

/** Throws unless the times are equal and the lengths within 1e-6; counts pairs whose lengths differ at all, and the largest relative difference. */
function check(what: string, a: (TripResult | null)[][], b: (TripResult | null)[][]): { apart: number; worst: number } {
  let apart = 0;
  let worst = 0;
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      const y = b[i][j];
      if (x?.timeDs !== y?.timeDs) throw new Error(`${what}: pair ${i},${j} takes ${x?.timeDs} ds one way and ${y?.timeDs} ds the other`);
      if (!x || !y || x.lengthM === y.lengthM) return;
      apart++;
      worst = Math.max(worst, Math.abs(x.lengthM - y.lengthM) / x.lengthM);
    }),
  );
  if (worst > 1e-6) throw new Error(`${what}: lengths differ by up to ${worst} of their length`);
  return { apart, worst };
}

const rows: Row[] = [];
const buildRows: Row[] = [];

/** One graph: build (timed once, as a user meets it), then the three ways side by side. */
function measure(label: string, graph: RoadGraph, nOrigins: number, nDests: number, runs: { searches: number; hierarchy: number }): void {
  const router = new Router(graph);
  const origins = places(router, nOrigins, 11, "o");
  const destinations = places(router, nDests, 12, "d");
  const view = coreView(graph, "car", "forward");
  let t = performance.now();
  const { value: h, mb } = retainedMb(() => buildHierarchy(view.adj));
  const buildMs = performance.now() - t;
  const bytes = serializeHierarchy(h);
  t = performance.now();
  keepHierarchy(graph, "car", deserializeHierarchy(bytes));
  const loadMs = performance.now() - t;
  buildRows.push({
    graph: label,
    "core nodes": view.adj.nodeCount,
    "core edges": view.adj.head.length,
    "hierarchy edges (up + down)": h.up.head.length + h.down.head.length,
    "build s": buildMs / 1000,
    "held MB": mb,
    "file MB": bytes.length / 2 ** 20,
    "read from bytes ms (checked)": loadMs,
  });

  let hier: (TripResult | null)[][] = [];
  let side: (TripResult | null)[][] = [];
  let per: (TripResult | null)[][] = [];
  const hierMs = medianMs(() => (hier = router.matrix(origins, destinations, "car", undefined, "hierarchy")), runs.hierarchy, 2);
  const sameWay = nOrigins <= nDests; // the smaller side is the origins: both search ways are one search per origin
  const sideMs = medianMs(() => (side = router.matrix(origins, destinations, "car", undefined, "searches")), runs.searches, runs.searches > 1 ? 1 : 0);
  const perMs = sameWay ? sideMs : medianMs(() => (per = perOrigin(router, origins, destinations)), runs.searches, runs.searches > 1 ? 1 : 0);
  if (sameWay) per = side;
  check(`${label} hierarchy against smaller side`, side, hier);
  const a = check(`${label} hierarchy against per origin`, per, hier);
  const reached = hier.flat().filter((x) => x).length;
  rows.push({
    graph: label,
    "origins × destinations": `${nOrigins} × ${nDests}`,
    "pairs reached": reached,
    "one search per origin ms": perMs,
    "smaller side ms": sideMs,
    "hierarchy ms": hierMs,
    "per origin / hierarchy": perMs / hierMs,
    "smaller side / hierarchy": sideMs / hierMs,
    "hierarchy + its build ms": hierMs + buildMs,
    "lengths ≠ per origin's (pairs)": a.apart,
    "largest difference (relative)": a.worst.toExponential(1),
    runs: `${runs.searches} / ${runs.hierarchy}`,
  });
}

/** The CLI's `matrix` on a graph file, twice with one cache directory: build and cache, then read. */
async function cliRuns(graph: RoadGraph, meta: Record<string, unknown>, n: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "pv-matrix-"));
  try {
    const file = join(dir, "uusimaa-generated.pvg");
    const router = new Router(graph);
    const csv = (ps: Place[]) => "id,lon,lat\n" + ps.map((p) => `${p.id},${p.lon},${p.lat}`).join("\n") + "\n";
    writeFileSync(join(dir, "o.csv"), csv(places(router, n, 21, "o")));
    writeFileSync(join(dir, "d.csv"), csv(places(router, n, 22, "d")));
    await writeGraphFile(file, graph, meta);
    const run = (what: string): Row => {
      const t = performance.now();
      const args = [join(here, "../bin/palveluverkko.js"), "matrix", "--osm", file, "--origins", join(dir, "o.csv"), "--destinations", join(dir, "d.csv"), "--cache-dir", join(dir, "cache"), "--out", join(dir, "m.csv"), "--quiet"];
      const p = spawnSync(process.execPath, args, { encoding: "utf8" });
      if (p.status !== 0) throw new Error(`matrix CLI failed: ${p.stderr}`);
      return { "CLI run": what, "wall s (process start to exit)": (performance.now() - t) / 1000 };
    };
    return [run("first: builds the hierarchy and caches it"), run("second: reads the cached hierarchy")];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rss = rssSampler();
  const tampere = join(here, "../../shared/data/osm/tampere.osm.pbf");
  if (existsSync(tampere)) {
    console.error("matrix: Tampere 300 × 30 ...");
    const { graph } = await importOsm(tampere);
    measure("Tampere (real OSM)", graph, 300, 30, { searches: quick ? 3 : 7, hierarchy: quick ? 5 : 31 });
  }
  const nodes = quick ? 100_000 : 500_000;
  const { graph, meta } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: nodes });
  const label = `GENERATED Uusimaa-sized (${(graph.nodeCount / 1000).toFixed(0)}k nodes)`;
  const n = quick ? 300 : 1000;
  console.error(`matrix: ${label} ${n} × ${n} (the searches take a while) ...`);
  measure(label, graph, n, n, { searches: 1, hierarchy: quick ? 3 : 7 });
  rss.sample();
  const peakMb = rss.stop();
  console.error("matrix: the CLI twice ...");
  const cli = existsSync(join(here, "../dist")) ? await cliRuns(graph, meta, n) : [];

  const block = `<!-- matrix:start -->
## Travel-time matrix: searches against the contraction hierarchy (issue 22)

Produced by \`npm run bench\` (benchmarks/matrix.ts) on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.
The same seeded places (snapped to the roads), the \`car\` profile, every way in this one process.
"one search per origin" is the way before: a forward search from each origin, stopped once every
destination's road ends are settled; "smaller side" is Router.matrix's searches, one per place of
the smaller side (backward from the 30 destinations on Tampere; at 1000 × 1000 the two are the
same searches, run once); "hierarchy" is Router.matrix on the contraction hierarchy of the core
(engine/hierarchy.ts, engine/buckets.ts), built beforehand. Times are medians of the runs given
(searches / hierarchy), after warm-up runs (none for a single run). Every pair's time is checked
equal across the three, and its length to 1e-6: the same path's length summed in another order
(a shortcut's halves first; a backward search from a chain's other end) can differ in the last
bits, and the two columns before the last say how many pairs differ from one search per origin, and by how much.
Targets: Tampere 300 × 30 ≤ 30 ms, Uusimaa-sized 1000 × 1000 ≤ 5 s; the hierarchy times
exclude its build, which is shown apart and in "hierarchy + its build" (built once per graph and
profile, kept in memory, and cached on disk by the CLI). Peak RSS of this benchmark's process,
sampled: ${peakMb.toFixed(0)} MB.

${table(rows)}

Building the hierarchy, once per graph and profile (a single run, timed as a user meets it):

${table(buildRows)}
${cli.length > 0 ? `
The CLI, \`palveluverkko matrix\` on the GENERATED graph as a graph file, ${n} × ${n}, one cache directory (compiled dist/):

${table(cli)}
` : ""}<!-- matrix:end -->`;
  const file = join(here, "RESULTS.md");
  const old = existsSync(file) ? await readFile(file, "utf8") : "";
  const marked = /<!-- matrix:start -->[\s\S]*?<!-- matrix:end -->/;
  await writeFile(file, marked.test(old) ? old.replace(marked, () => block) : `${old.replace(/\s*$/, "")}${old ? "\n\n" : ""}${block}\n`);
  process.stdout.write(block + "\n");
}

await main();
