// Travel-time surfaces against brute force: every cell's time to the nearest target equals the
// best door-to-door route from the cell centre, on the real central Helsinki graph.
import { beforeAll, describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { Router } from "../../engine/route.ts";
import { gridForBbox, cellCentre, cellCentreLonLat, cellCount, cellAt } from "../../engine/grid.ts";
import { linkCells, travelTimeSurface } from "../../engine/surface.ts";
import { toEtrs } from "../../engine/projection.ts";
import { UNREACHED } from "../../engine/units.ts";
import { sharedData } from "../fixtures/shared-data.ts";

describe("grid", () => {
  it("is aligned with the national grid: corners at multiples of the cell size, centres at 125 m offsets", () => {
    const g = gridForBbox([24.9, 60.15, 25.0, 60.2], 250);
    expect(g.x0 % 250).toBe(0);
    expect(g.y0 % 250).toBe(0);
    const [x, y] = cellCentre(g, 7);
    expect(((x % 250) + 250) % 250).toBe(125);
    expect(((y % 250) + 250) % 250).toBe(125);
    // Helsinki Cathedral lies in the cell whose centre is within half a cell of it.
    const [cx, cy] = toEtrs(24.9522, 60.1704);
    const cell = cellAt(g, cx, cy);
    const [mx, my] = cellCentre(g, cell);
    expect(Math.abs(mx - cx)).toBeLessThanOrEqual(125);
    expect(Math.abs(my - cy)).toBeLessThanOrEqual(125);
  });
});

describe("travelTimeSurface", () => {
  let g: RoadGraph;
  let router: Router;
  beforeAll(async () => {
    g = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    router = new Router(g);
  });

  it("gives every cell the best door-to-door time to or from its nearest target (brute force per cell)", () => {
    const grid = gridForBbox([24.895, 60.148, 24.988, 60.177], 500);
    const links = linkCells(router.snapIndex, grid, { maxConnectorM: 1000 });
    const targets = [router.place("station", 24.9414, 60.1719), router.place("kamppi", 24.9316, 60.1690), router.place("kaivopuisto", 24.9560, 60.1585)];
    for (const [profile, cutoffDs, direction] of [["car", 108_000, "to"], ["car-winter", 3000, "to"], ["car", 108_000, "from"], ["car", 2400, "from"]] as const) {
      const surface = travelTimeSurface(g, links, targets, { profile, cutoffDs, direction });
      let reachable = 0;
      for (let cell = 0; cell < cellCount(grid); cell++) {
        const from = router.tryPlace(`cell ${cell}`, ...cellCentreLonLat(grid, cell), 1000);
        if (!from) {
          expect(surface[cell]).toBe(UNREACHED);
          continue;
        }
        let best = Infinity;
        for (const t of targets) best = Math.min(best, (direction === "to" ? router.route(from, t, profile) : router.route(t, from, profile))?.timeDs ?? Infinity);
        if (best > cutoffDs) expect(surface[cell], `cell ${cell}`).toBe(UNREACHED);
        else {
          reachable++;
          expect(Math.abs(surface[cell] - best), `cell ${cell}`).toBeLessThanOrEqual(1);
        }
      }
      expect(reachable).toBeGreaterThan(cutoffDs > 3000 ? 50 : 20);
    }
  });

  it("marks cells far from any road unreachable and returns UNREACHED everywhere without targets", () => {
    const grid = gridForBbox([24.9, 60.10, 24.95, 60.12], 500); // open sea south of Helsinki
    const links = linkCells(router.snapIndex, grid, { maxConnectorM: 1000 });
    expect([...links.edge].every((e) => e === -1)).toBe(true);
    const surface = travelTimeSurface(g, links, [router.place("station", 24.9414, 60.1719)]);
    expect([...surface].every((t) => t === UNREACHED)).toBe(true);
    const land = linkCells(router.snapIndex, gridForBbox([24.93, 60.165, 24.95, 60.175], 250));
    expect([...travelTimeSurface(g, land, [])].every((t) => t === UNREACHED)).toBe(true);
  });
});
