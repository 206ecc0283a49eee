/**
 * `npm run bench:modes` (node --expose-gc --import tsx benchmarks/modes.ts): the walking and cycling
 * graphs (engine/modes.ts) beside the car's, from the same real extracts: import time, size, and
 * one-to-all searches (engine/search.ts, the same search on each graph) from seeded places, each
 * snapped to every graph's nearest main-component node, 60-minute cutoff. Writes its block into
 * benchmarks/RESULTS.md between <!-- modes:start --> and <!-- modes:end -->.
 */
import os from "node:os";
import { importOsm } from "../data/osm/import.ts";
import { serializeGraph } from "../engine/serialize.ts";
import { TravelTimeSearch } from "../engine/search.ts";
import { SnapIndex } from "../engine/snap.ts";
import { MODES } from "../engine/modes.ts";
import { machine, medianMs, rng, table, writeResultsBlock, type Row } from "./harness.ts";
import { sharedData } from "../test/fixtures/shared-data.ts";

const PLACES = 20;
const CUTOFF_DS = 60 * 600;
const rows: Row[] = [];

async function measure(label: string, file: string): Promise<void> {
  const path = sharedData(file);
  let carMs = 0;
  let carSearchMs = 0;
  // The same places for every mode: seeded points in the car graph's box, each snapped per graph.
  let box: [number, number, number, number] | null = null;
  for (const mode of MODES) {
    const t = performance.now();
    const { graph, meta } = await importOsm(path, { mode });
    const importMs = performance.now() - t;
    box ??= graph.mainBbox();
    const r = rng(11);
    const snap = new SnapIndex(graph);
    const from: number[] = [];
    while (from.length < PLACES) {
      const s = snap.snap(box[0] + r() * (box[2] - box[0]), box[1] + r() * (box[3] - box[1]), 1000);
      if (s) from.push(graph.head[s.edge]);
    }
    const profile = graph.profiles[0];
    const search = new TravelTimeSearch(graph.forward(profile));
    const searchMs = medianMs(() => from.forEach((o) => search.run([o], [0], { cutoffDs: CUTOFF_DS })), 5, 1) / from.length;
    if (mode === "car") [carMs, carSearchMs] = [importMs, searchMs];
    rows.push({
      extract: label,
      graph: mode,
      profiles: graph.profiles.join(", "),
      nodes: graph.nodeCount,
      edges: graph.edgeCount,
      "main component %": (100 * graph.mainComponentSize()) / graph.nodeCount,
      "file MB": serializeGraph(graph, meta).byteLength / 2 ** 20,
      "import ms": importMs,
      "import / car's": importMs / carMs,
      "search ms (60 min)": searchMs,
      "search / car's": searchMs / carSearchMs,
    });
  }
}

async function main(): Promise<void> {
  const load = os.loadavg()[0];
  for (const [label, file] of [["central Helsinki (real OSM)", "osm/helsinki-centre.osm.pbf"], ["Tampere (real OSM)", "osm/tampere.osm.pbf"]] as const) {
    console.error(`modes: ${label} ...`);
    await measure(label, file);
  }
  const block = `## Walking and cycling graphs beside the car's (issue 19)

Produced by \`npm run bench:modes\` (benchmarks/modes.ts) on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.
Each mode's graph imported from the same extract (one run each, as a user meets it; the car
graph also reads turn restrictions and node controls, the others do not); file MB is the graph's
cache file. Searches: the same one-to-all node search (engine/search.ts) on each graph, from the
same ${PLACES} seeded places snapped to each graph, 60-minute cutoff (a walk covers far less
ground in an hour than a drive: on a small extract the walking search still settles most of its
larger graph, on a large one only a part); per search, medians of 5 passes after one warm-up. Load average (1 min) when it began:
${load.toFixed(1)} on ${os.cpus().length} cores, so read the ratios, not the times.

${table(rows)}`;
  await writeResultsBlock("modes", block);
  process.stdout.write(block + "\n");
}

await main();
