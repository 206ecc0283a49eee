// The validation's core (benchmarks/validation/core.ts, report.ts), fast: its statistics on values
// worked by hand, and the whole run on six of the 2015 matrix's cells and the r5py pairs on the real
// central Helsinki extract, so `npm run validate` cannot rot. The six cells and their tolerance are
// those of test/data/reference-times.test.ts: door to door within ±2 min of the published midday time.
import { beforeAll, describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { Router, type Place, type RoadGraph } from "../../engine/index.ts";
import { MODELS, agreement, betweenModels, median, r5pyMinutes, readMatrixReference, readR5Reference, spearman, validate, type ModelResult } from "../../benchmarks/validation/core.ts";
import { RESIDUAL_CLASSES, isSuomenlinna, residualColour, residualSvg, validationMarkdown } from "../../benchmarks/validation/report.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const SIX = [5977012, 5977005, 5973732, 5977001, 5973735, 5973740];

describe("validation statistics", () => {
  it("Spearman: 1 for the same order, −1 reversed, ties at their mean rank", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // Ranks [1, 2.5, 2.5, 4] against [1, 2, 3, 4]: Pearson 0.9486832980505138 (by hand: 4.5 / √(4.5 · 5)).
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
  });

  it("median and agreement: residual = ours − reference", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const a = agreement([10, 12, 15, 20], [11, 12, 12, 21]);
    expect(a.medianAbsResidualMin).toBe(1); // |−1|, 0, 3, |−1|
    expect(a.meanResidualMin).toBe(0.25);
    expect(a.within2Min).toBe(0.75);
  });
});

describe("the report's subsets", () => {
  it("Suomenlinna's ferry cells are the nine of the matrix on its northern islands", () => {
    const ferry = readMatrixReference().rows.filter(([, lon, lat]) => isSuomenlinna({ lon, lat }));
    expect(ferry.map((r) => r[0]).sort()).toEqual([5989978, 5989979, 5989980, 5989981, 5991585, 5991586, 5991587, 5991588, 5991589]);
  });
});

describe("npm run validate's core on six matrix cells and the r5py pairs (real central Helsinki)", () => {
  let graph: RoadGraph;
  let results: ModelResult[];
  const matrix = readMatrixReference();
  const r5 = readR5Reference();
  const six = { ...matrix, rows: matrix.rows.filter((r) => SIX.includes(r[0])) };

  beforeAll(async () => {
    graph = (await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph;
    results = validate(new Router(graph), six, r5);
  });

  it("holds the six cells, with their published minutes and the station", () => {
    expect(six.rows.map((r) => r[0]).sort()).toEqual([...SIX].sort());
    expect(Object.fromEntries(six.rows.map((r) => [r[0], r[3]]))).toEqual({ 5977012: 9, 5977005: 10, 5973732: 11, 5977001: 12, 5973735: 8, 5973740: 9 });
    expect(matrix.to).toEqual({ id: 5975375, lon: 24.94315, lat: 60.17003 });
    expect(matrix.licence).toMatch(/CC BY 4\.0/);
    // r5py's car test: origins population_grid_points[::5] (19 cells), every cell to every other.
    expect(Object.keys(r5.cells)).toEqual(Array.from({ length: 19 }, (_, i) => String(5 * i)));
    expect(r5.rows).toHaveLength(19 * 18);
    expect(new Set(r5.rows.map((r) => `${r[0]},${r[1]}`)).size).toBe(19 * 18);
  });

  it("counts a trip of ours as r5py counts one: drive between the snapped points, the stretches to the road at R5's 1.3 m/s, truncated to whole minutes", () => {
    // 300 s of driving between the roads (plus 2 × 12 s of connectors), 52 m and 26 m off the road at 1.3 m/s: 300 + 60 = 360 s = 6 min.
    const place = (connectorDs: number, distanceM: number) => ({ connectorDs, snap: { distanceM } }) as unknown as Place;
    expect(r5pyMinutes(3000 + 240, place(120, 52), place(120, 26))).toBe(6);
    // 359 s is still 5 min: R5 truncates.
    expect(r5pyMinutes(2990 + 240, place(120, 52), place(120, 24.7))).toBe(5);
  });

  it("runs every model: door to door within ±2 min of the published midday time under free flow, slower at midday and in the rush hour", () => {
    expect(results.map((r) => r.model.id)).toEqual(MODELS.map((m) => m.id));
    const [free, midday, rush] = results;
    for (const c of free.cells) expect(Math.abs(c.doorToDoorMin - c.publishedMin), String(c.id)).toBeLessThanOrEqual(2);
    for (const r of results) {
      expect(r.unreached).toEqual([]);
      expect(r.cells).toHaveLength(6);
      // Door to door adds the walks (at least 2 × 180 m at 70 m/min in the inner city) and the parking search.
      for (const c of r.cells) expect(c.doorToDoorMin - c.driveMin).toBeGreaterThan(360 / 70 + 0.42 - 0.6);
    }
    for (let i = 0; i < 6; i++) {
      expect(midday.cells[i].driveMin).toBeGreaterThan(free.cells[i].driveMin * 0.8);
      expect(rush.cells[i].driveMin).toBeGreaterThan(midday.cells[i].driveMin);
    }
    // Between the models: rush hour never faster than midday.
    const pair = betweenModels(results).find((p) => p.a === "midday" && p.b === "rush")!;
    expect(pair.medianDiffMin).toBeGreaterThan(0);
  });

  it("against r5py: every pair timed, free flow faster than R5 (which charges turns) on average", () => {
    const [free] = results;
    expect(free.r5.n).toBe(342);
    expect(free.r5.trips).toHaveLength(342);
    expect(free.r5.withinTolerance).toBeLessThan(1);
    expect(free.r5.meanRatio).toBeGreaterThan(0.4);
    expect(free.r5.meanRatio).toBeLessThan(1);
  });

  it("writes the report with every model's verdict and the sources, and a map cell per matrix cell in its residual's colour", () => {
    const md = validationMarkdown(results, six, r5, "2026-01-01", graph.bbox());
    for (const r of results) expect(md).toContain(`| ${r.model.label} | door to door | 6 |`);
    expect(md).toContain(six.commit);
    expect(md).toContain(r5.commit);
    expect(md).toContain("CC BY 4.0");
    // The subsets: none of the six is on Suomenlinna; all lie 400 m or more inside the extract's edge.
    // Published 9, 10, 11, 12, 8, 9 min: mean 9.83, population standard deviation √(10.83 / 6) = 1.34.
    expect(md).toMatch(/\| all cells \| 6 \| 1\.34 \|/);
    expect(md).toMatch(/\| without Suomenlinna's ferry cells \| 6 \|/);
    expect(md).toMatch(/\| 400 m or more inside the extract's edge \| 6 \|/);
    const svg = residualSvg(results, six, graph);
    const cells = [...svg.matchAll(/<rect class="cell" data-id="(\d+)" data-residual="([-\d.]+)"[^>]* fill="(#[0-9a-f]{6})"/g)];
    expect(cells).toHaveLength(6 * results.length);
    for (const [, , residual, colour] of cells) expect(colour).toBe(residualColour(Number(residual)));
    expect(residualColour(-5)).toBe(RESIDUAL_CLASSES[0].colour);
    expect(residualColour(0)).toBe("#f7f7f7");
    expect(residualColour(9)).toBe(RESIDUAL_CLASSES[RESIDUAL_CLASSES.length - 1].colour);
  });
});
