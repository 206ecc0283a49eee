/**
 * `npm run bench:turns` (node --expose-gc --import tsx benchmarks/turns.ts): one-to-all searches
 * on the plain node model against the turns model (engine/turns.ts), each on the full graph and on
 * the contracted core, from the same seeded origins on the real extracts, 180-minute cutoff. The
 * turns model on the core is checked equal to it on the full graph (every edge's label) before any
 * time is written. Writes its block into benchmarks/RESULTS.md between <!-- turns:start --> and
 * <!-- turns:end -->.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importOsm } from "../data/osm/import.ts";
import type { RoadGraph } from "../engine/graph.ts";
import { TravelTimeSearch } from "../engine/search.ts";
import { CoreSearch, coreView } from "../engine/core.ts";
import { TurnModel } from "../engine/turns.ts";
import { TurnSearch } from "../engine/turn-search.ts";
import { TurnCore } from "../engine/turn-core.ts";
import { MAX_CUTOFF_DS } from "../engine/units.ts";
import { machine, medianMs, retainedMb, rng, table, type Row } from "./harness.ts";
import { sharedData } from "../test/fixtures/shared-data.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const ORIGINS = 20;

/** Seeded origins among the largest component's nodes. */
function origins(graph: RoadGraph, seed: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  while (out.length < ORIGINS) {
    const v = Math.floor(r() * graph.nodeCount);
    if (graph.mainComponent[v]) out.push(v);
  }
  return out;
}

const rows: Row[] = [];

function measure(label: string, graph: RoadGraph): void {
  const from = origins(graph, 7);
  const opts = { cutoffDs: MAX_CUTOFF_DS };
  let t = performance.now();
  const { value: model, mb: modelMb } = retainedMb(() => new TurnModel(graph, "car"));
  const modelMs = performance.now() - t;
  t = performance.now();
  const { value: core, mb: coreMb } = retainedMb(() => new TurnCore(model, graph));
  const coreMs = performance.now() - t;
  const plain = new TravelTimeSearch(graph.forward("car"));
  const plainCore = new CoreSearch(coreView(graph, "car", "forward"));
  const turnsFull = new TurnSearch(model, "forward");
  const turnsCore = new TurnSearch(core, "forward");
  const outDs = new Uint32Array(graph.edgeCount);
  const outM = new Float64Array(graph.edgeCount);

  // The same answers first: the core's expanded labels are the full graph's, every edge, every origin.
  for (const o of from) {
    turnsFull.run({ nodes: [o] }, opts);
    const seeds = core.seeds({ nodes: [o] }, "forward");
    turnsCore.run(seeds.core, opts);
    core.expand(turnsCore, seeds.onChain, outDs, outM);
    for (let e = 0; e < graph.edgeCount; e++) {
      if (outDs[e] !== turnsFull.labelDs[e]) throw new Error(`${label}: origin ${o}, edge ${e}: core ${outDs[e]} ds, full graph ${turnsFull.labelDs[e]} ds`);
    }
  }
  const each = (fn: (o: number) => void) => medianMs(() => from.forEach(fn), 9, 2) / from.length;
  const plainFullMs = each((o) => plain.run([o], [0], opts));
  const plainCoreMs = each((o) => plainCore.run([o], [0], opts));
  const turnsFullMs = each((o) => turnsFull.run({ nodes: [o] }, opts));
  const turnsCoreMs = each((o) => turnsCore.run(core.seeds({ nodes: [o] }, "forward").core, opts));
  const turnsCoreExpandMs = each((o) => {
    const seeds = core.seeds({ nodes: [o] }, "forward");
    turnsCore.run(seeds.core, opts);
    core.expand(turnsCore, seeds.onChain, outDs, outM);
  });
  rows.push({
    graph: label,
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    "core edges (turns)": core.edgeCount,
    "plain full ms": plainFullMs,
    "plain core ms": plainCoreMs,
    "turns full ms": turnsFullMs,
    "turns core ms": turnsCoreMs,
    "turns core + expand ms": turnsCoreExpandMs,
    "turns full / plain full": turnsFullMs / plainFullMs,
    "turns core / plain core": turnsCoreMs / plainCoreMs,
    "model build ms": modelMs,
    "model MB": modelMb,
    "core build ms": coreMs,
    "core MB": coreMb,
  });
}

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  for (const [label, file] of [["central Helsinki (real OSM)", "osm/helsinki-centre.osm.pbf"], ["Tampere (real OSM)", "osm/tampere.osm.pbf"]] as const) {
    console.error(`turns: ${label} ...`);
    measure(label, (await importOsm(sharedData(file))).graph);
  }
  const block = `<!-- turns:start -->
## The turns model against the plain node model (issue 19)

Produced by \`npm run bench:turns\` (benchmarks/turns.ts) on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.
One-to-all forward searches, \`car\`, 180-minute cutoff, from the same ${ORIGINS} seeded origins; times are
per search, medians of 9 passes over all origins after two warm-up passes. "plain" is the node
search (engine/search.ts on the full graph, engine/core.ts on its core); "turns" is the
edge-based search (engine/turn-search.ts) with turn costs, node delays and restrictions, on the
full graph's TurnModel and on its TurnCore (engine/turn-core.ts); "+ expand" then gives every
edge of the full graph its label, the same output as the full-graph search. Before timing, the
core's expanded labels were checked equal to the full graph's, every edge, every origin. Model
and core builds: one run each, as a user meets them; MB retained after a full GC. Load average
(1 min) when it began: ${load.toFixed(1)} on ${os.cpus().length} cores, so read the ratios, not the times.

${table(rows)}
<!-- turns:end -->`;
  const file = join(here, "RESULTS.md");
  const old = existsSync(file) ? await readFile(file, "utf8") : "";
  const marked = /<!-- turns:start -->[\s\S]*?<!-- turns:end -->/;
  await writeFile(file, marked.test(old) ? old.replace(marked, () => block) : `${old.replace(/\s*$/, "")}${old ? "\n\n" : ""}${block}\n`);
  process.stdout.write(block + "\n");
}

await main();
