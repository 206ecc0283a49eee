// The whole pipeline at region scale: Uusimaa's extent, its 26 real municipal centres and 2022
// populations, the default service set, on a GENERATED road-like graph (not real roads; the real
// regional extract is too big to keep here). Checks exact population sums, nesting, and centres.
import { beforeAll, describe, expect, it } from "vitest";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { gridForBbox } from "../../engine/grid.ts";
import { linkCells, type CellLinks } from "../../engine/surface.ts";
import { analyse, type AnalysisResult } from "../../engine/analysis.ts";
import { nearestCentreAreas, settlementWeightPerCell, spreadTotals } from "../../engine/settlements.ts";
import { toEtrs } from "../../engine/projection.ts";
import { LEVELS } from "../../engine/services.ts";
import { findRegion, municipalitiesOf, UUSIMAA_6 } from "../../data/facts/index.ts";
import { defaultServiceSet } from "../../data/services/index.ts";

const uusimaa = municipalitiesOf("uusimaa");
const TOTAL = uusimaa.reduce((s, m) => s + m.population, 0);

describe("analyse: Uusimaa-sized GENERATED road network, real centres and populations", () => {
  let graph: RoadGraph;
  let snapIndex: SnapIndex;
  let links: CellLinks;
  let result: AnalysisResult;
  let population: Uint32Array;
  beforeAll(() => {
    const towns = uusimaa.map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
    graph = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: 60_000, towns }).graph;
    snapIndex = new SnapIndex(graph);
    const grid = gridForBbox(UUSIMAA_BBOX, 1000);
    links = linkCells(snapIndex, grid, { maxConnectorM: 1000 });
    const areaOfCell = nearestCentreAreas(grid, uusimaa.map((m) => toEtrs(m.centre.lon, m.centre.lat)));
    const spread = spreadTotals(areaOfCell, uusimaa.map((m) => m.population), settlementWeightPerCell(graph, grid));
    expect(spread.unplaced.every((u) => u === 0)).toBe(true);
    population = spread.perCell;
    const index = new Map(uusimaa.map((m, i) => [m.code, i]));
    result = analyse({
      graph,
      snapIndex,
      links,
      services: defaultServiceSet(findRegion("uusimaa")).points,
      population,
      areas: uusimaa.map((m) => ({ id: m.code, name: m.nameFi, centre: m.centre })),
      areaOfCell,
      units: UUSIMAA_6.units.map((u) => ({ id: u.id, name: u.name.fi, members: u.municipalities.map((c) => index.get(c)!) })),
      thresholdsMin: [15, 30, 60, 90, 120, 150, 180],
    });
  }, 120_000);

  it("counts every resident exactly once per level: areas, units and the whole sum to the region total", () => {
    for (const level of LEVELS) {
      const areas = result.perArea[level];
      expect(areas.reduce((s, a) => s + a.population, 0)).toBe(TOTAL);
      areas.forEach((a, i) => {
        expect(a.population, uusimaa[i].nameFi).toBe(uusimaa[i].population);
        expect(a.bands.reduce((s, b) => s + b.people, 0)).toBe(a.population);
        expect(a.bands[a.bands.length - 1].cumulative).toBe(a.population);
      });
      expect(result.perUnit![level].reduce((s, u) => s + u.population, 0)).toBe(TOTAL);
      expect(result.overall[level].population).toBe(TOTAL);
      expect(result.overall[level].bands.map((b) => b.people)).toEqual(
        result.overall[level].bands.map((_, k) => areas.reduce((s, a) => s + a.bands[k].people, 0)),
      );
    }
  });

  it("places every default service point, and nests: L times ≤ A times ≤ E times everywhere", () => {
    expect(result.unplaced).toEqual([]);
    expect(result.placed.length).toBe(26 + 8); // a health station per municipality, Meilahti (E) and seven joint emergency units (A)
    for (let c = 0; c < result.surfaces.L.length; c++) {
      expect(result.surfaces.L[c]).toBeLessThanOrEqual(result.surfaces.A[c]);
      expect(result.surfaces.A[c]).toBeLessThanOrEqual(result.surfaces.E[c]);
    }
    const mean = (l: "L" | "A" | "E") => result.overall[l].meanMin!;
    expect(mean("L")).toBeLessThan(mean("A"));
    expect(mean("A")).toBeLessThan(mean("E"));
  });

  it("times each municipal centre to its own L point at zero, and Helsinki's centre to Meilahti in minutes", () => {
    // Every centre has its own health station (the default set's L point stands on it).
    for (const [i, m] of uusimaa.entries()) expect(result.centreMin.L[i], m.nameFi).toBe(0);
    const hki = uusimaa.findIndex((m) => m.code === "091");
    // Meilahti lies 3.2 km from Helsinki's centre point as the crow flies: a few minutes by car.
    expect(result.centreMin.E[hki]).toBeGreaterThan(2);
    expect(result.centreMin.E[hki]).toBeLessThan(15);
    // Hanko is ~130 km from Meilahti: well over an hour, within the 180-min cutoff.
    const hanko = uusimaa.findIndex((m) => m.code === "078");
    expect(result.centreMin.E[hanko]).toBeGreaterThan(60);
    expect(result.centreMin.E[hanko]).toBeLessThanOrEqual(180);
  });
});
