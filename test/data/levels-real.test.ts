// Levels on real data: the HSY population grid over the central Helsinki extract, and Tampere with
// municipal totals (Sotkanet 2022) spread over its roads, both with Statistics Finland's municipal
// boundaries. The figures must add up exactly, nest (L ≤ A ≤ E), and have plausible magnitudes.
import { beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { importOsm } from "../../data/osm/import.ts";
import { loadStudy, type StudyInputs } from "../../study/index.ts";
import { readPopulationGrid } from "../../data/population/index.ts";
import { readMunicipalTotals } from "../../data/population/totals.ts";
import { servicePointsCsv } from "../../data/services/index.ts";
import { SnapIndex } from "../../engine/snap.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { analyse, type AnalysisResult } from "../../engine/analysis.ts";
import { isochrones } from "../../engine/isochrones.ts";
import { cellAt, cellCentre, cellCount } from "../../engine/grid.ts";
import { toEtrs, toWgs } from "../../engine/projection.ts";
import { LEVELS, type ServiceLevel, type ServicePoint } from "../../engine/services.ts";
import { UNREACHED } from "../../engine/units.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { booleanPointInPolygon } from "@turf/turf";

const THRESHOLDS = [15, 30, 60, 90, 120, 150, 180];

const sp = (id: string, level: ServiceLevel, municipality: string, lon: number, lat: number): ServicePoint => ({
  id,
  name: { fi: id, sv: id },
  municipality,
  lon,
  lat,
  level,
  open: true,
});

function checkSums(study: StudyInputs, result: AnalysisResult): void {
  for (const level of LEVELS) {
    let inAreas = 0;
    for (let c = 0; c < cellCount(study.grid); c++) if (study.areaOfCell[c] >= 0) inAreas += study.population[c];
    expect(result.overall[level].population).toBe(inAreas);
    expect(result.perArea[level].reduce((s, a) => s + a.population, 0)).toBe(inAreas);
    for (const a of result.perArea[level]) expect(a.bands.reduce((s, b) => s + b.people, 0)).toBe(a.population);
  }
  for (let c = 0; c < cellCount(study.grid); c++) {
    expect(result.surfaces.L[c] <= result.surfaces.A[c] && result.surfaces.A[c] <= result.surfaces.E[c]).toBe(true);
  }
}

describe("levels on the HSY population grid over central Helsinki (real OSM, real people)", () => {
  let graph: RoadGraph;
  let study: StudyInputs;
  let result: AnalysisResult;
  beforeAll(async () => {
    graph = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    const snapIndex = new SnapIndex(graph);
    // A hand-made set inside the extract: the HUS surgical hospital in Kaartinkaupunki as E, the
    // Kamppi health station as L (both approximate points), and a made-up A point in Katajanokka.
    const file = `${process.env.PALVELUVERKKO_TEST_SCRATCH}/helsinki-services.csv`;
    await writeFile(
      file,
      "id,name_fi,name_sv,municipality,lon,lat,level,open\n" +
        "kirurginen,Kirurginen sairaala,Kirurgiska sjukhuset,091,24.9486,60.1628,E,true\n" +
        "katajanokka,Katajanokka (test),Skatudden (test),091,24.9665,60.1680,A,true\n" +
        "kamppi,Kampin terveysasema,Kampens hälsostation,091,24.9305,60.1680,L,true\n",
    );
    study = await loadStudy(graph, snapIndex, {
      region: "uusimaa",
      services: file,
      population: sharedData("population/hsy_population_grid_2021_250m.gpkg"),
      municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"),
      grouping: null,
    });
    result = analyse({ graph, snapIndex, links: study.links, services: study.services.points, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, thresholdsMin: THRESHOLDS });
  }, 60_000);

  it("puts every HSY resident in exactly one place: a cell of an area, a cell of no area, or outside the grid", async () => {
    const hsy = await readPopulationGrid(sharedData("population/hsy_population_grid_2021_250m.gpkg"));
    let onGrid = 0;
    for (let c = 0; c < cellCount(study.grid); c++) onGrid += study.population[c];
    expect(onGrid + study.populationOutsideGrid).toBe(hsy.total);
    // An independent count: HSY cells whose centre lies in the grid's box.
    const g = study.grid;
    const inBox = hsy.cells.filter((c) => c.x >= g.x0 && c.x < g.x0 + g.cols * g.cellSizeM && c.y >= g.y0 && c.y < g.y0 + g.rows * g.cellSizeM);
    expect(onGrid).toBe(inBox.reduce((s, c) => s + c.population, 0));
    checkSums(study, result);
  });

  it("loses nobody at the coast: every grid person in the study area is in a municipality (92,476 in Helsinki, in_no_area 0)", () => {
    let onGrid = 0;
    for (let c = 0; c < cellCount(study.grid); c++) onGrid += study.population[c];
    // 4,462 of them live in cells whose centre is at sea (Jätkäsaari, Eira, Katajanokka, Lauttasaari) with
    // Statistics Finland's land-only boundaries: they go to the nearest municipality, Helsinki.
    expect(onGrid).toBe(92_476);
    expect(study.populationInNoArea).toBe(0);
    expect(study.areas.map((a) => a.code)).toEqual(["091"]);
    for (const level of ["L", "A", "E"] as const) expect(result.perArea[level].reduce((sum, a) => sum + a.population, 0)).toBe(onGrid);
    expect(study.notes.map((n) => n.code)).not.toContain("people-outside-region");
  });

  it("finds Helsinki as the area of the extract, with tens of thousands of residents, all within 15 min of an L point", () => {
    const hki = study.areas.findIndex((a) => a.code === "091");
    expect(hki).toBeGreaterThanOrEqual(0);
    const L = result.perArea.L[hki];
    expect(L.population).toBeGreaterThan(40_000);
    expect(L.population).toBeLessThan(200_000);
    // A 5.5 × 3.5 km city centre around a health station: minutes, not hours.
    expect(L.meanMin!).toBeGreaterThan(1);
    expect(L.meanMin!).toBeLessThan(10);
    expect(L.p90Min!).toBeLessThan(15);
    expect(L.medianMin!).toBeLessThanOrEqual(L.p90Min!);
    expect(L.p90Min!).toBeLessThanOrEqual(L.maxMin ?? Infinity);
  });

  it("gives the cell of the Kamppi point a time of a minute or two, and draws it inside the 15-min band", () => {
    const [x, y] = toEtrs(24.9305, 60.168);
    const cell = cellAt(study.grid, x, y);
    expect(result.surfaces.L[cell]).toBeLessThan(2 * 600);
    const bands = isochrones(study.grid, result.surfaces.L, { thresholdsMin: [15] });
    const [cx, cy] = cellCentre(study.grid, cell);
    expect(booleanPointInPolygon(toWgs(cx, cy), bands.features[0].geometry)).toBe(true);
    // Every unreached cell lies outside every band, and some exist (sea beyond 1 km of a road).
    let unreached = 0;
    for (let c = 0; c < cellCount(study.grid); c++) {
      if (result.surfaces.L[c] !== UNREACHED) continue;
      unreached++;
      expect(booleanPointInPolygon(toWgs(...cellCentre(study.grid, c)), bands.features[0].geometry)).toBe(false);
    }
    expect(unreached).toBeGreaterThan(0);
  });
});

describe("levels with the default Uusimaa service set over the central Helsinki extract", () => {
  it("uses the points inside the extract, leaves the rest out by name, and reports A and E as beyond reach", async () => {
    const graph = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    const snapIndex = new SnapIndex(graph);
    const study = await loadStudy(graph, snapIndex, {
      region: "uusimaa",
      population: sharedData("population/hsy_population_grid_2021_250m.gpkg"),
      municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"),
      grouping: "uusimaa-6",
    });
    expect(study.services.id).toBe("uusimaa-default");
    // 300 m: Meilahti lies ~1.2 km north of the extract and must not be pulled onto its edge.
    const result = analyse({ graph, snapIndex, links: study.links, services: study.services.points, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, units: study.units!, thresholdsMin: THRESHOLDS, maxSnapM: 300 });
    expect(result.placed.map((p) => p.point.id)).toEqual(["L-091"]);
    expect(result.unplaced.map((p) => p.id)).toEqual(expect.arrayContaining(["E-hus-meilahti", "A-haartman", "A-malmi"]));
    const hki = study.areas.findIndex((a) => a.code === "091");
    const L = result.perArea.L[hki];
    expect(L.reached).toBeGreaterThan(0.99 * L.population);
    expect(L.meanMin!).toBeGreaterThan(2);
    expect(L.meanMin!).toBeLessThan(15);
    expect(result.centreMin.L[hki]).toBe(0); // the L point stands on Helsinki's centre
    for (const level of ["A", "E"] as const) {
      expect(result.perArea[level][hki].reached).toBe(0);
      expect(result.perArea[level][hki].meanMin).toBeNull();
      expect(result.perArea[level][hki].beyond).toBe(L.population);
    }
    // Helsinki is a unit of its own in the six-unit grouping: the same cells, the same people.
    const unit = study.units!.findIndex((u) => u.id === "helsinki");
    expect(result.perUnit!.L[unit].population).toBe(L.population);
    expect(result.perUnit!.L[unit].meanMin).toBeCloseTo(L.meanMin!, 9);
  }, 60_000);
});

describe("levels in Tampere with municipal totals over the roads (real OSM, Sotkanet 2022)", () => {
  let study: StudyInputs;
  let result: AnalysisResult;
  beforeAll(async () => {
    const graph = (await importOsm(sharedData("osm/tampere.osm.pbf"))).graph;
    const snapIndex = new SnapIndex(graph);
    const file = `${process.env.PALVELUVERKKO_TEST_SCRATCH}/tampere-services.csv`;
    // Approximate points: Tampere University Hospital (TAYS, Kauppi) as E, Hatanpää as A, health
    // stations in Hervanta and Lielahti as L.
    await writeFile(
      file,
      servicePointsCsv([
        sp("tays", "E", "837", 23.8128, 61.5063),
        sp("hatanpaa", "A", "837", 23.769, 61.4815),
        sp("hervanta", "L", "837", 23.852, 61.45),
        sp("lielahti", "L", "837", 23.685, 61.517),
      ]),
    );
    study = await loadStudy(graph, snapIndex, {
      services: file,
      totals: sharedData("municipalities/geofi_sotkadata_population.csv"),
      totalsYear: 2022,
      municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"),
      grouping: null,
    });
    result = analyse({ graph, snapIndex, links: study.links, services: study.services.points, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, thresholdsMin: THRESHOLDS });
  }, 60_000);

  it("is of Pirkanmaa, taken from the roads, and places only the share of a partly covered municipality's people the extract holds", async () => {
    expect(study.region.id).toBe("pirkanmaa");
    const totals = await readMunicipalTotals(sharedData("municipalities/geofi_sotkadata_population.csv"), { year: 2022 });
    const row = (code: string) => ({ area: study.areas.find((a) => a.code === code)!, stats: result.perArea.L[study.areas.findIndex((a) => a.code === code)] });
    // Tampere reaches north far past the extract, but its people live around its centre, inside.
    const tampere = row("837");
    expect(totals.totals.get("837")).toBe(249_009);
    expect(tampere.area.coverage.partial).toBe(true);
    expect(tampere.stats.population).toBeGreaterThan(0.95 * 249_009);
    expect(tampere.stats.population).toBeLessThanOrEqual(249_009);
    // Nokia (8 % of its land inside) and Ylöjärvi (a few %) keep only their share, not all their people.
    for (const code of ["536", "980"]) {
      const r = row(code);
      expect(r.area.coverage.partial).toBe(true);
      expect(r.area.coverage.inside).toBeLessThan(0.2);
      expect(r.stats.population).toBeLessThan(0.8 * totals.totals.get(code)!);
      expect(r.stats.population).toBeGreaterThan(0);
      expect(r.area.coverage.people).toBeCloseTo(r.stats.population / totals.totals.get(code)!, 2);
    }
    expect(study.notes.map((n) => n.code)).toEqual(expect.arrayContaining(["region-from-roads", "partial-coverage"]));
    expect(study.areas.length).toBeGreaterThanOrEqual(3); // Tampere and neighbours the extract reaches into
    checkSums(study, result);
  });

  it("gives Tampere plausible times: most people within 15 min of an L point, the E hospital farther on average", () => {
    const tampere = study.areas.findIndex((a) => a.code === "837");
    const L = result.perArea.L[tampere];
    const E = result.perArea.E[tampere];
    expect(L.bands[0].cumulative / L.population).toBeGreaterThan(0.6);
    expect(E.meanMin!).toBeGreaterThan(L.meanMin!);
    expect(E.meanMin!).toBeLessThan(30);
  });
});
