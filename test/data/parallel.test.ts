// Surfaces computed in worker threads (sharing the core view and cell index built once) equal the
// plain reference computed cell by cell in this thread.
import { describe, expect, it } from "vitest";
import { generateRoadGraph, type Bbox } from "../../engine/generate.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { gridForBbox } from "../../engine/grid.ts";
import { linkCells, plainTravelTimeSurface, type SurfaceTarget } from "../../engine/surface.ts";
import { CONNECTOR_KMH, timeDsFor } from "../../engine/units.ts";
import { SurfacePool } from "../../data/parallel.ts";
import { rng } from "../fixtures/random-graph.ts";

const BBOX: Bbox = [24.6, 60.15, 25.2, 60.45];

describe("SurfacePool (GENERATED road-like graph)", () => {
  it("gives each job the very surface a single-threaded run gives, in both directions", async () => {
    const { graph } = generateRoadGraph({ seed: 5, bbox: BBOX, targetNodes: 15_000 });
    const snapIndex = new SnapIndex(graph);
    const links = linkCells(snapIndex, gridForBbox(BBOX, 1000));
    const r = rng(8);
    const jobs: SurfaceTarget[][] = Array.from({ length: 7 }, () =>
      Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
        const snap = snapIndex.snap(BBOX[0] + r() * 0.6, BBOX[1] + r() * 0.3, 5000)!;
        return { snap, connectorDs: timeDsFor(snap.distanceM, CONNECTOR_KMH) };
      }),
    );
    // Two workers; one worker with this thread taking jobs too; this thread alone.
    for (const [direction, workers, thisThread, size] of [["to", 2, false, 2], ["from", 2, false, 2], ["to", 1, true, 2], ["from", 0, true, 1]] as const) {
      const pool = await SurfacePool.create(graph, links, { workers, thisThread, direction, cutoffDs: 60 * 600 });
      expect(pool.size).toBe(size);
      const got = new Map<number, Uint32Array>();
      try {
        await pool.run(jobs, (i, s) => got.set(i, s));
      } finally {
        await pool.close();
      }
      expect(got.size).toBe(jobs.length);
      jobs.forEach((targets, i) => {
        const want = plainTravelTimeSurface(graph, links, targets, { direction, cutoffDs: 60 * 600 });
        expect([...got.get(i)!]).toEqual([...want]);
      });
    }
  });
});
