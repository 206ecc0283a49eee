// The level model on a self-made road-like graph: each level's surface is the minimum over the
// open points offering it (E ⊇ A ⊇ L), a closure never helps anyone, and closing the only E point
// leaves L times alone wherever an L point is nearer.
import { beforeAll, describe, expect, it } from "vitest";
import { generateRoadGraph, type Bbox } from "../../engine/generate.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { gridForBbox, cellCount, type Grid } from "../../engine/grid.ts";
import { linkCells, linkPlaces, travelTimeSurface, type CellLinks } from "../../engine/surface.ts";
import { levelSurfaces, type PlacedService } from "../../engine/levels.ts";
import { offers, type ServiceLevel, type ServicePoint } from "../../engine/services.ts";
import { Router } from "../../engine/route.ts";
import { UNREACHED } from "../../engine/units.ts";
import { rng } from "../fixtures/random-graph.ts";

const BBOX: Bbox = [24.6, 60.15, 25.2, 60.45];

function point(id: string, level: ServiceLevel, lon: number, lat: number, open = true): ServicePoint {
  return { id, name: { fi: id, sv: id }, municipality: "091", lon, lat, level, open };
}

describe("levelSurfaces (GENERATED road-like graph)", () => {
  let graph: RoadGraph;
  let router: Router;
  let grid: Grid;
  let links: CellLinks;
  beforeAll(() => {
    graph = generateRoadGraph({ seed: 7, bbox: BBOX, targetNodes: 20_000 }).graph;
    router = new Router(graph, new SnapIndex(graph));
    grid = gridForBbox(BBOX, 1000);
    links = linkCells(router.snapIndex, grid, { maxConnectorM: 1000 });
  });

  const place = (pts: ServicePoint[]): PlacedService[] =>
    pts.map((p) => ({ point: p, target: router.place(p.id, p.lon, p.lat, 5000) }));

  it("gives each level the minimum over the open points that offer it (E ⊇ A ⊇ L)", () => {
    const r = rng(3);
    const levels: ServiceLevel[] = ["L", "A", "E"];
    for (let trial = 0; trial < 4; trial++) {
      const pts = Array.from({ length: 9 }, (_, i) =>
        point(`p${i}`, levels[Math.floor(r() * 3)], BBOX[0] + r() * (BBOX[2] - BBOX[0]), BBOX[1] + r() * (BBOX[3] - BBOX[1]), r() > 0.2),
      );
      const placed = place(pts);
      const surfaces = levelSurfaces(graph, links, placed, { cutoffDs: 60 * 600 });
      const single = placed.map((s) => travelTimeSurface(graph, links, [s.target], { cutoffDs: 60 * 600 }));
      for (const level of levels) {
        let reached = 0;
        for (let c = 0; c < cellCount(grid); c++) {
          let best = UNREACHED;
          placed.forEach((s, i) => {
            if (s.point.open && offers(s.point.level, level)) best = Math.min(best, single[i][c]);
          });
          if (surfaces[level][c] !== best) expect(surfaces[level][c], `trial ${trial} level ${level} cell ${c}`).toBe(best);
          if (best !== UNREACHED) reached++;
        }
        // The nesting makes the L surface reach at least as far as A, and A as far as E.
        if (level === "L") expect(reached).toBeGreaterThan(0);
      }
      for (let c = 0; c < cellCount(grid); c++) {
        expect(surfaces.L[c]).toBeLessThanOrEqual(surfaces.A[c]);
        expect(surfaces.A[c]).toBeLessThanOrEqual(surfaces.E[c]);
      }
    }
  });

  it("closing the only E point changes E times, never L times where an L point is nearer; no closure helps anyone", () => {
    const pts = [
      point("L-west", "L", 24.75, 60.25),
      point("L-east", "L", 25.05, 60.35),
      point("A-mid", "A", 24.95, 60.3),
      point("E-hub", "E", 24.9, 60.2),
    ];
    const before = levelSurfaces(graph, links, place(pts));
    const closed = pts.map((p) => (p.id === "E-hub" ? { ...p, open: false } : p));
    const after = levelSurfaces(graph, links, place(closed));
    const onlyL = travelTimeSurface(graph, links, place(pts.filter((p) => p.level === "L")).map((s) => s.target));
    const toE = travelTimeSurface(graph, links, place(pts.filter((p) => p.level === "E")).map((s) => s.target));
    let lNearer = 0;
    let eChanged = 0;
    for (let c = 0; c < cellCount(grid); c++) {
      if (before.E[c] !== UNREACHED) eChanged++;
      expect(after.E[c]).toBe(UNREACHED);
      for (const level of ["L", "A", "E"] as const) expect(after[level][c]).toBeGreaterThanOrEqual(before[level][c]);
      if (onlyL[c] !== UNREACHED && onlyL[c] <= toE[c]) {
        lNearer++;
        expect(after.L[c]).toBe(before.L[c]);
      }
    }
    expect(eChanged).toBeGreaterThan(100);
    expect(lNearer).toBeGreaterThan(100);
  });

  it("times places (municipal centres) by the same rules as cells: equal to a routed trip", () => {
    const services = [router.place("L1", 24.8, 60.3, 5000), router.place("E1", 25.1, 60.2, 5000)];
    const pts: PlacedService[] = [
      { point: point("L1", "L", 24.8, 60.3), target: services[0] },
      { point: point("E1", "E", 25.1, 60.2), target: services[1] },
    ];
    const centres = [
      { lon: 24.7, lat: 60.2 },
      { lon: 25.0, lat: 60.4 },
      { lon: 24.95, lat: 60.17 },
    ];
    const t = levelSurfaces(graph, linkPlaces(router.snapIndex, centres, 2000), pts);
    centres.forEach((c, i) => {
      const from = router.place(`c${i}`, c.lon, c.lat, 2000);
      const toL = Math.min(...services.map((s) => router.route(from, s, "car")?.timeDs ?? Infinity));
      const toE = router.route(from, services[1], "car")?.timeDs ?? Infinity;
      expect(Math.abs(t.L[i] - toL), `centre ${i} to L`).toBeLessThanOrEqual(2);
      expect(Math.abs(t.E[i] - toE), `centre ${i} to E`).toBeLessThanOrEqual(2);
    });
  });
});
