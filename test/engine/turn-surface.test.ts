// Travel-time surfaces on the turns model, on the real central Helsinki graph (its own signals,
// crossings and turn restrictions): the one search on the core from (or to) all targets gives each
// cell the least, over the targets, of a full-graph edge search per target read at the cell; and
// never less than the plain model's surface.
import { beforeAll, describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { Router } from "../../engine/route.ts";
import { gridForBbox } from "../../engine/grid.ts";
import { alongSameRoadDs, linkCells, travelTimeSurface, type CellLinks, type SurfaceTarget } from "../../engine/surface.ts";
import { turnTravelTimeSurface } from "../../engine/turn-surface.ts";
import { TurnModel } from "../../engine/turns.ts";
import { TurnSearch } from "../../engine/turn-search.ts";
import { placeSeeds, placeTrip } from "../../engine/turn-places.ts";
import { UNREACHED } from "../../engine/units.ts";
import { sharedData } from "../fixtures/shared-data.ts";

describe("turnTravelTimeSurface", () => {
  let g: RoadGraph;
  let links: CellLinks;
  let targets: SurfaceTarget[];
  beforeAll(async () => {
    g = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    const router = new Router(g);
    links = linkCells(router.snapIndex, gridForBbox([24.895, 60.148, 24.988, 60.177], 250), { maxConnectorM: 1000 });
    targets = [[24.9414, 60.1719], [24.9526, 60.1675], [24.915, 60.16]].map(([lon, lat], i) => router.place(`t${i}`, lon, lat));
  });

  /** Per target a full-graph edge search, read at each cell as a place, plus the same-road trip; the least over the targets. */
  function bruteForce(direction: "to" | "from", cutoffDs: number): Uint32Array {
    const model = new TurnModel(g, "car");
    const search = new TurnSearch(model, direction === "to" ? "reverse" : "forward");
    const w = g.timeDs[0];
    const out = new Uint32Array(links.edge.length).fill(UNREACHED);
    for (const target of targets) {
      search.run(placeSeeds(search, target.snap, target.connectorDs, 0), { cutoffDs });
      for (let c = 0; c < out.length; c++) {
        const e = links.edge[c];
        if (e < 0) continue;
        let t = placeTrip(search, { edge: e, twin: links.twin[c], t: links.t[c] })?.timeDs ?? UNREACHED;
        if (target.snap.edge === e) {
          const along = alongSameRoadDs(w, e, links.twin[c], links.t[c], target.snap.t, direction === "to");
          if (along + target.connectorDs < t) t = Math.round(along) + target.connectorDs;
        }
        if (t === UNREACHED) continue;
        t += links.connectorDs[c];
        if (t <= cutoffDs && t < out[c]) out[c] = t;
      }
    }
    return out;
  }

  for (const direction of ["to", "from"] as const) {
    it(`direction ${direction}: equals a full-graph search per target, cell by cell, within and beyond a 6-minute cutoff`, () => {
      for (const cutoffDs of [36000, 3600]) {
        const turns = turnTravelTimeSurface(g, links, targets, { direction, cutoffDs });
        expect(Array.from(turns)).toEqual(Array.from(bruteForce(direction, cutoffDs)));
        const reached = turns.filter((t) => t !== UNREACHED).length;
        expect(reached).toBeGreaterThan(cutoffDs === 36000 ? 150 : 20);
      }
    });
  }

  it("is never faster than the node search's surface on the same edge times, and slower for most cells", () => {
    const turns = turnTravelTimeSurface(g, links, targets, { cutoffDs: 36000 });
    const plain = travelTimeSurface(g, links, targets, { cutoffDs: 36000 });
    let slower = 0;
    let reached = 0;
    for (let c = 0; c < turns.length; c++) {
      if (plain[c] === UNREACHED) continue;
      reached++;
      expect(turns[c], `cell ${c}`).toBeGreaterThanOrEqual(plain[c]);
      if (turns[c] > plain[c]) slower++;
    }
    expect(slower).toBeGreaterThan(reached / 2);
  });
});
