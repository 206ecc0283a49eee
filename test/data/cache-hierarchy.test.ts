// The contraction hierarchy's file cache (data/cache.ts loadHierarchy): built once and written
// beside the graph cache, read back by the next process (here: a fresh load of the same graph file),
// and a damaged file is never taken for a hierarchy.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadGraph, loadHierarchy, writeGraphFile } from "../../data/cache.ts";
import { generateRoadGraph } from "../../engine/generate.ts";
import { keptHierarchy } from "../../engine/hierarchy.ts";
import { Router } from "../../engine/route.ts";
import { scratchDir } from "../fixtures/osm.ts";

describe("hierarchy cache", () => {
  it("builds and writes once, reads back for a fresh load of the same graph, and rebuilds a damaged file", async () => {
    const dir = mkdtempSync(join(scratchDir(), "hierarchy-"));
    const { graph, meta } = generateRoadGraph({ seed: 3, bbox: [24.5, 60.1, 25.0, 60.3], targetNodes: 3000 });
    const file = join(dir, "gen.pvg");
    await writeGraphFile(file, graph, meta);
    const cacheDir = join(dir, "cache");

    const first = await loadGraph(file, { cacheDir });
    expect(await loadHierarchy(first, "car", { build: false, cacheDir })).toBe("none");
    expect(keptHierarchy(first.graph, "car")).toBeUndefined();
    expect(await loadHierarchy(first, "car", { build: true, cacheDir })).toBe("built");
    expect(await loadHierarchy(first, "car", { build: false, cacheDir })).toBe("memory");
    const written = readdirSync(cacheDir).filter((f) => f.endsWith(".pvh"));
    expect(written).toHaveLength(1);

    // The next process: the same file loaded again is a new graph, and finds the hierarchy on disk.
    const second = await loadGraph(file, { cacheDir });
    expect(await loadHierarchy(second, "car", { build: false, cacheDir })).toBe("cache");
    const router = new Router(second.graph);
    const places = [0, 1, 2, 3, 4, 5].map((i) => router.place(`p${i}`, 24.6 + i * 0.06, 60.15 + (i % 3) * 0.05));
    expect(router.matrix(places, places, "car", undefined, "hierarchy")).toEqual(router.matrix(places, places, "car", undefined, "searches").map((row) =>
      row.map((trip) => (trip ? { timeDs: trip.timeDs, lengthM: expect.closeTo(trip.lengthM, 6) } : null)),
    ));

    writeFileSync(join(cacheDir, written[0]), "not a hierarchy");
    const third = await loadGraph(file, { cacheDir });
    expect(await loadHierarchy(third, "car", { build: false, cacheDir })).toBe("none");
    expect(await loadHierarchy(third, "car", { build: true, cacheDir })).toBe("built");
    const fourth = await loadGraph(file, { cacheDir });
    expect(await loadHierarchy(fourth, "car", { build: false, cacheDir })).toBe("cache");
  });
});
