// The fast cell loop of travelTimeSurface (each reached core node hands its time to the cells it
// serves) against its plain reference (every cell read node by node, plainTravelTimeSurface):
// equal cell for cell on seeded generated graphs and the real Helsinki and Tampere extracts, to and
// from the targets, two profiles, long and short cutoffs, targets on shape points and on the same
// road as cells, and a search reused across calls.
import { describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { generateRoadGraph } from "../../engine/generate.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { gridForBbox, cellCentreLonLat, cellCount, type Grid } from "../../engine/grid.ts";
import { linkCells, plainTravelTimeSurface, travelTimeSurface, type SurfaceTarget } from "../../engine/surface.ts";
import { CoreSearch, coreView } from "../../engine/core.ts";
import { mulberry32 as rng } from "../../engine/random.ts";
import { CONNECTOR_KMH, UNREACHED, timeDsFor } from "../../engine/units.ts";
import { sharedData } from "../fixtures/shared-data.ts";

/** Seeded places on the roads: some at cell centres (so a target shares its road with a cell), the rest anywhere in the box. */
function targetsFor(snapIndex: SnapIndex, grid: Grid, bbox: readonly number[], count: number, seed: number): SurfaceTarget[] {
  const r = rng(seed);
  const out: SurfaceTarget[] = [];
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const [lon, lat] = tries % 3 === 0 ? cellCentreLonLat(grid, Math.floor(r() * cellCount(grid))) : [bbox[0] + r() * (bbox[2] - bbox[0]), bbox[1] + r() * (bbox[3] - bbox[1])];
    const snap = snapIndex.snap(lon, lat, 1000);
    if (snap) out.push({ snap, connectorDs: timeDsFor(snap.distanceM, CONNECTOR_KMH) });
  }
  return out;
}

/** Both ways on one graph and grid, for several target sets, profiles and cutoffs; the number of cells reached in all. */
function expectEqual(graph: RoadGraph, bbox: readonly [number, number, number, number], cellM: number, seed: number): number {
  const snapIndex = new SnapIndex(graph);
  const grid = gridForBbox(bbox, cellM);
  const links = linkCells(snapIndex, grid);
  let reached = 0;
  for (const direction of ["to", "from"] as const) {
    for (const profile of graph.profiles) {
      const search = new CoreSearch(coreView(graph, profile, direction === "to" ? "reverse" : "forward"));
      const out = new Uint32Array(cellCount(grid));
      for (const [count, cutoffDs] of [[1, 108_000], [5, 3_000], [40, 108_000], [12, 600]] as const) {
        const targets = targetsFor(snapIndex, grid, bbox, count, seed + count);
        const fast = travelTimeSurface(graph, links, targets, { profile, direction, cutoffDs, search, out });
        const plain = plainTravelTimeSurface(graph, links, targets, { profile, direction, cutoffDs });
        let differ = 0;
        for (let c = 0; c < plain.length; c++) if (fast[c] !== plain[c]) differ++;
        expect(differ, `${direction} ${profile} ${count} targets, cutoff ${cutoffDs} ds`).toBe(0);
        for (let c = 0; c < plain.length; c++) if (plain[c] !== UNREACHED) reached++;
      }
    }
  }
  return reached;
}

describe("travelTimeSurface's cell loop equals its plain reference", () => {
  it("on seeded generated road-like graphs (GENERATED)", () => {
    for (const seed of [1, 2, 3]) {
      const bbox = [24.5 + seed * 0.1, 60.1, 24.9 + seed * 0.1, 60.35] as const;
      const { graph } = generateRoadGraph({ seed, bbox: [...bbox], targetNodes: 8_000 });
      expect(expectEqual(graph, bbox, 500, 100 * seed)).toBeGreaterThan(1000);
    }
  });

  it("on the real central Helsinki and Tampere extracts", async () => {
    const helsinki = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    expect(expectEqual(helsinki, [24.9, 60.15, 24.99, 60.2], 250, 7)).toBeGreaterThan(1000);
    const tampere = (await importOsm(sharedData("osm/tampere.osm.pbf"))).graph;
    expect(expectEqual(tampere, [23.6, 61.42, 23.9, 61.54], 250, 11)).toBeGreaterThan(10_000);
  }, 120_000);
});
