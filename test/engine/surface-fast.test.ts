// The fast cell loops of travelTimeSurface against their plain reference (every cell read node by
// node, plainTravelTimeSurface): per core node reached, handing its time to the cells it serves
// (short cutoffs, few nodes reached), and per cell over its terms in order (most of the core
// reached); each case says which loop ran and both must have run. Equal cell for cell on seeded
// generated graphs and the real Helsinki and Tampere extracts, to and from the targets, two
// profiles, long and short cutoffs, targets on shape points and on the same road as cells, a
// search reused across calls, and the search kept per core view when the caller brings none.
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

/** Cells reached, and how many surfaces each cell loop made (travelTimeSurface reads cell by cell where the search reached half the core or more). */
interface Tally {
  reached: number;
  perCell: number;
  perNode: number;
}

/** Both ways on one graph and grid, for several target sets, profiles and cutoffs, added to the tally. */
function expectEqual(graph: RoadGraph, bbox: readonly [number, number, number, number], cellM: number, seed: number): Tally {
  const snapIndex = new SnapIndex(graph);
  const grid = gridForBbox(bbox, cellM);
  const links = linkCells(snapIndex, grid);
  const tally = { reached: 0, perCell: 0, perNode: 0 };
  for (const direction of ["to", "from"] as const) {
    for (const profile of graph.profiles) {
      const view = coreView(graph, profile, direction === "to" ? "reverse" : "forward");
      const search = new CoreSearch(view);
      const out = new Uint32Array(cellCount(grid));
      for (const [count, cutoffDs] of [[1, 108_000], [5, 3_000], [40, 108_000], [12, 600], [3, 1_800]] as const) {
        const targets = targetsFor(snapIndex, grid, bbox, count, seed + count);
        const fast = travelTimeSurface(graph, links, targets, { profile, direction, cutoffDs, search, out });
        if (2 * search.reachedCore().length >= view.coreNode.length) tally.perCell++;
        else tally.perNode++;
        const plain = plainTravelTimeSurface(graph, links, targets, { profile, direction, cutoffDs });
        let differ = 0;
        for (let c = 0; c < plain.length; c++) if (fast[c] !== plain[c]) differ++;
        expect(differ, `${direction} ${profile} ${count} targets, cutoff ${cutoffDs} ds`).toBe(0);
        // The search kept for the core view (none given): the same again, in a fresh array.
        expect(travelTimeSurface(graph, links, targets, { profile, direction, cutoffDs }), `${direction} ${profile} ${count} targets, kept search`).toEqual(plain);
        for (let c = 0; c < plain.length; c++) if (plain[c] !== UNREACHED) tally.reached++;
      }
    }
  }
  return tally;
}

describe("travelTimeSurface's cell loop equals its plain reference", () => {
  it("on seeded generated road-like graphs (GENERATED)", () => {
    for (const seed of [1, 2, 3]) {
      const bbox = [24.5 + seed * 0.1, 60.1, 24.9 + seed * 0.1, 60.35] as const;
      const { graph } = generateRoadGraph({ seed, bbox: [...bbox], targetNodes: 8_000 });
      const tally = expectEqual(graph, bbox, 500, 100 * seed);
      expect(tally.reached).toBeGreaterThan(1000);
      expect(tally.perCell, `seed ${seed}: surfaces read cell by cell`).toBeGreaterThan(0);
      expect(tally.perNode, `seed ${seed}: surfaces read per core node`).toBeGreaterThan(0);
    }
  });

  it("on the real central Helsinki and Tampere extracts", async () => {
    const helsinki = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    const h = expectEqual(helsinki, [24.9, 60.15, 24.99, 60.2], 250, 7);
    expect(h.reached).toBeGreaterThan(1000);
    const tampere = (await importOsm(sharedData("osm/tampere.osm.pbf"))).graph;
    const t = expectEqual(tampere, [23.6, 61.42, 23.9, 61.54], 250, 11);
    expect(t.reached).toBeGreaterThan(10_000);
    for (const [name, tally] of [["Helsinki", h], ["Tampere", t]] as const) {
      expect(tally.perCell, `${name}: surfaces read cell by cell`).toBeGreaterThan(0);
      expect(tally.perNode, `${name}: surfaces read per core node`).toBeGreaterThan(0);
    }
  }, 120_000);
});
