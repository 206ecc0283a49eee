// `palveluverkko levels` as a user runs it: the real binary on the central Helsinki extract with
// the HSY population grid and Statistics Finland boundaries. Its numbers must be the engine's.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { area as turfArea } from "@turf/turf";
import { importOsm } from "../../data/osm/import.ts";
import { loadStudy } from "../../study/index.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { analyse } from "../../engine/analysis.ts";
import { scratchDir, tempFile } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { cli } from "../fixtures/cli.ts";



const SERVICES =
  "id,name_fi,name_sv,municipality,lon,lat,level,open\n" +
  "kirurginen,Kirurginen sairaala,Kirurgiska sjukhuset,091,24.9486,60.1628,E,true\n" +
  "kamppi,Kampin terveysasema,Kampens hälsostation,091,24.9305,60.1680,L,true\n";

describe("palveluverkko levels", () => {
  let osm: string;
  let services: string;
  let population: string;
  let boundaries: string;
  beforeAll(() => {
    osm = sharedData("osm/helsinki-centre.osm.pbf");
    services = tempFile("levels-services.csv", SERVICES);
    population = sharedData("population/hsy_population_grid_2021_250m.gpkg");
    boundaries = sharedData("municipalities/statfi_municipalities_2023.gpkg");
  });

  it("writes per-municipality CSV whose figures equal the engine's, with units in the column names", async () => {
    const r = await cli("levels", "--osm", osm, "--services", services, "--population", population, "--municipalities", boundaries, "--grouping", "none", "-q");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "level,code,name,population,reached,beyond,mean_min,median_min,p90_min,max_min,centre_min," +
        "coverage_inside_pct,coverage_land_pct,coverage_people_pct,partial," +
        "people_0_15_min,people_15_30_min,people_30_60_min,people_60_90_min,people_90_120_min,people_120_150_min,people_150_180_min,people_over_180_min",
    );
    const rows = lines.slice(1).map((l) => l.split(","));
    const hkiL = rows.find((c) => c[0] === "L" && c[1] === "091")!;
    const hkiA = rows.find((c) => c[0] === "A" && c[1] === "091")!;

    const { graph } = await importOsm(osm);
    const snapIndex = new SnapIndex(graph);
    const study = await loadStudy(graph, snapIndex, { region: "uusimaa", services, population, municipalities: boundaries, grouping: null });
    const result = analyse({ graph, snapIndex, links: study.links, services: study.services.points, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, thresholdsMin: [15, 30, 60, 90, 120, 150, 180] });
    const i = study.areas.findIndex((a) => a.code === "091");
    const L = result.perArea.L[i];
    expect(Number(hkiL[3])).toBe(L.population);
    expect(Number(hkiL[6])).toBeCloseTo(L.meanMin!, 1);
    expect(Number(hkiL[8])).toBeCloseTo(L.p90Min!, 1);
    expect(hkiL.slice(15).map(Number)).toEqual(L.bands.map((b) => b.people));
    // The extract covers a twentieth of Helsinki's land: the row says so.
    expect(Number(hkiL[11])).toBeGreaterThan(3);
    expect(Number(hkiL[11])).toBeLessThan(10);
    expect(hkiL[14]).toBe("yes");
    // Helsinki's own centre (Senate Square area) is in the extract: its time to the nearest L is minutes.
    expect(Number(hkiL[10])).toBeGreaterThan(0);
    expect(Number(hkiL[10])).toBeLessThan(10);
    // No A point in this set, but E ⊇ A: the A figures are the E hospital's.
    const hkiE = rows.find((c) => c[0] === "E" && c[1] === "091")!;
    expect(hkiA.slice(3)).toEqual(hkiE.slice(3));
  });

  it("writes GeoJSON with bands per level and the service points, and JSON with the sources", async () => {
    const geo = await cli("levels", "--osm", osm, "--services", services, "--population", population, "--municipalities", boundaries, "--grouping", "none", "--format", "geojson", "--thresholds", "5,10,15", "-q");
    expect(geo.code).toBe(0);
    const fc = JSON.parse(geo.stdout);
    const bands = fc.features.filter((f: { properties: { kind?: string } }) => f.properties.kind !== "service_point");
    expect(new Set(bands.map((f: { properties: { level: string } }) => f.properties.level))).toEqual(new Set(["L", "A", "E"]));
    expect(fc.features.filter((f: { properties: { kind?: string } }) => f.properties.kind === "service_point").length).toBe(2);
    expect(fc.palveluverkko.population.source).toMatch(/hsy_population_grid_2021_250m\.gpkg/);
    const json = JSON.parse((await cli("levels", "--osm", osm, "--services", services, "--population", population, "--municipalities", boundaries, "--grouping", "none", "--format", "json", "-q")).stdout);
    expect(json.roads).toMatch(/OpenStreetMap/);
    expect(json.levels.L.find((r: { id: string }) => r.id === "all").bands).toHaveLength(8);
  });

  it("draws isochrones to the nearest service of a level: L bands come from every point (E ⊇ L), E bands only from E", async () => {
    const bands = async (level: string) => {
      const r = await cli("isochrones", "--osm", osm, "--services", services, "--level", level, "--thresholds", "2,5", "-q");
      expect(r.code, r.stderr).toBe(0);
      const fc = JSON.parse(r.stdout);
      expect(fc.palveluverkko.direction).toBe("to");
      expect(fc.palveluverkko.places).toHaveLength(level === "L" ? 2 : 1);
      return fc.features as { properties: { threshold_min: number }; geometry: { coordinates: number[][][][] } }[];
    };
    const area = (f: { geometry: { coordinates: number[][][][] } }) => turfArea({ type: "MultiPolygon", coordinates: f.geometry.coordinates });
    const [l2] = await bands("L");
    const [e2] = await bands("E");
    // The L area within 2 min holds the E one's (the E point offers L) and the Kamppi station's.
    expect(area(l2)).toBeGreaterThan(area(e2) * 1.5);
    expect(area(e2)).toBeGreaterThan(0.5e6); // 2 min by car around the hospital: over half a km²
    const r = await cli("isochrones", "--osm", osm, "--services", services, "--level", "X", "-q");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--level: "X" is not L, A or E/);
  });

  it("fails cleanly, naming the problem, on a bad service file, an unknown grouping and a missing population file", async () => {
    const bad = tempFile("levels-bad.csv", SERVICES.replace(",L,true", ",X,true"));
    for (const [args, pattern] of [
      [["--services", bad], /line 3.*level|level.*line 3/i],
      [["--services", services, "--grouping", "nope"], /grouping "nope" is not one of the region/],
      [["--services", services, "--population", join(scratchDir(), "missing.gpkg")], /missing\.gpkg/],
      [["--services", services, "--per", "unit", "--grouping", "none"], /--per unit, per=unit\) needs a grouping/],
    ] as const) {
      const r = await cli("levels", "--osm", osm, ...args, "-q");
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
