/** The "Import at region scale" benchmark, in its own module so a script can run it alone. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importOsm } from "../data/osm/import.ts";
import { readGraphFile, writeGraphFile } from "../data/cache.ts";
import type { RoadGraph } from "../engine/graph.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../engine/generate.ts";
import { medianMsAsync, type Row } from "./harness.ts";
import { writeOsmPbf } from "./osm-pbf-writer.ts";

/**
 * Import at region scale: a GENERATED Uusimaa-sized graph written as a real OSM PBF (there is no
 * real Uusimaa extract offline), then importOsm on it and the cache load of the result. Run it
 * first in a process, so the peak RSS is its own.
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
