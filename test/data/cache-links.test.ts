// The grid's cell links kept beside the graph cache (data/cache.ts loadCellLinks): made once and
// written, read back by the next open of the same graph file equal to a fresh linking, made again
// for another grid, cap or graph file, and a damaged or crafted file never taken for links.
import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCellLinks, loadGraph, writeGraphFile } from "../../data/cache.ts";
import { generateRoadGraph } from "../../engine/generate.ts";
import { gridForBbox } from "../../engine/grid.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { linkCells, type CellLinks } from "../../engine/surface.ts";
import { deserializeCellLinks, serializeCellLinks } from "../../engine/serialize-links.ts";
import { checksum32 } from "../../engine/serialize.ts";
import { CorruptDataError } from "../../engine/errors.ts";
import { Study } from "../../study/index.ts";
import { scratchDir } from "../fixtures/osm.ts";

const columns = (l: CellLinks) => ({ edge: [...l.edge], twin: [...l.twin], t: [...l.t], connectorDs: [...l.connectorDs] });

describe("cell links cache", () => {
  const { graph, meta } = generateRoadGraph({ seed: 5, bbox: [24.6, 60.15, 24.9, 60.3], targetNodes: 4000 });
  const grid = gridForBbox(graph.mainBbox(), 500);
  const fresh = linkCells(new SnapIndex(graph), grid, { maxConnectorM: 1000 });

  it("links once, reads back the same links for the same graph file, and links again for another grid, cap or file", async () => {
    const dir = mkdtempSync(join(scratchDir(), "links-"));
    const file = join(dir, "gen.pvg");
    await writeGraphFile(file, graph, meta);
    const cacheDir = join(dir, "cache");
    const loaded = await loadGraph(file, { cacheDir });
    let made = 0;
    const link = (g = grid, cap = 1000) => () => (made++, linkCells(new SnapIndex(loaded.graph), g, { maxConnectorM: cap }));
    const opts = { graphFile: file, cacheDir };

    const first = await loadCellLinks(loaded.graph, grid, 1000, link(), opts);
    expect(first.from).toBe("built");
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".pvc"))).toHaveLength(1);
    const again = await loadCellLinks((await loadGraph(file, { cacheDir })).graph, grid, 1000, link(), opts);
    expect(again.from).toBe("cache");
    expect(made).toBe(1);
    expect(columns(again.links)).toEqual(columns(fresh));
    expect(fresh.edge.some((e) => e >= 0) && fresh.edge.some((e) => e < 0)).toBe(true); // cells on and off the roads

    // Another cap, another grid, a rewritten graph file: each linked afresh, never the old links.
    expect((await loadCellLinks(loaded.graph, grid, 300, link(grid, 300), opts)).from).toBe("built");
    const finer = gridForBbox(graph.mainBbox(), 250);
    expect((await loadCellLinks(loaded.graph, finer, 1000, link(finer), opts)).from).toBe("built");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await loadCellLinks(loaded.graph, grid, 1000, link(), opts)).from).toBe("built");
    expect(made).toBe(4);

    // Without a graph file (a graph made in memory) nothing is read or written.
    const before = readdirSync(cacheDir).length;
    expect((await loadCellLinks(loaded.graph, grid, 1000, link(), { cacheDir })).from).toBe("built");
    expect(readdirSync(cacheDir)).toHaveLength(before);

    // A damaged file is linked again and overwritten.
    const newest = readdirSync(cacheDir).filter((f) => f.endsWith(".pvc")).map((f) => join(cacheDir, f));
    for (const f of newest) writeFileSync(f, "not links");
    expect((await loadCellLinks(loaded.graph, grid, 1000, link(), opts)).from).toBe("built");
    expect((await loadCellLinks(loaded.graph, grid, 1000, link(), opts)).from).toBe("cache");
  });

  it("refuses links of another grid or graph, and a crafted file whose checksum holds", () => {
    const bytes = serializeCellLinks(fresh, graph);
    expect(columns(deserializeCellLinks(bytes, grid, graph))).toEqual(columns(fresh));
    expect(() => deserializeCellLinks(bytes, gridForBbox(graph.mainBbox(), 250), graph)).toThrow(CorruptDataError);
    expect(() => deserializeCellLinks(bytes, grid, { nodeCount: graph.nodeCount, edgeCount: graph.edgeCount - 1 })).toThrow(/another grid or graph/);
    expect(() => deserializeCellLinks(bytes.subarray(0, bytes.length - 8), grid, graph)).toThrow(/bytes, expected/);
    const flipped = bytes.slice();
    flipped[40] ^= 1;
    expect(() => deserializeCellLinks(flipped, grid, graph)).toThrow(/checksum/);
    // An edge past the graph's, with the checksum made to match: refused by the structure check.
    const crafted = bytes.slice();
    new Int32Array(crafted.buffer, 32, 1)[0] = graph.edgeCount + 7;
    new DataView(crafted.buffer).setUint32(24, checksum32(crafted.subarray(32)), true);
    expect(() => deserializeCellLinks(crafted, grid, graph)).toThrow(/damaged or crafted \(cell 0\)/);
  });

  it("a study opened twice on the same graph file links its cells once and gives the same figures", async () => {
    const dir = mkdtempSync(join(scratchDir(), "links-study-"));
    const file = join(dir, "gen.pvg");
    await writeGraphFile(file, graph, { ...meta, generated: true });
    const cacheDir = join(dir, "cache");
    const phases: string[][] = [];
    const open = async () => {
      const seen: string[] = [];
      phases.push(seen);
      return Study.open({ roads: file, cacheDir, region: "uusimaa", cellSizeM: 500, grouping: null, onProgress: (phase) => seen.includes(phase) || seen.push(phase) });
    };
    const a = await open();
    const b = await open();
    expect(phases[0]).toContain("cells");
    expect(phases[1]).not.toContain("cells");
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".pvc"))).toHaveLength(1);
    expect(b.figures()).toEqual(a.figures());
    expect(b.figures().overall.E.reached).toBeGreaterThan(0);
  });
});
