// Car travel times on the real central Helsinki extract against two published references, whose
// facts (source, commit, licence) are kept in benchmarks/validation/*.json; `npm run validate` holds
// every model against all of them and writes docs/validation.md, this test the tolerances that hold:
//
// (A) r5py's car regression test (r5py-car.json): all 342 trips among its 19 cells, Conveyal R5 v7.3
//     on OSM (posted limit, each street-layer edge rounded up to whole seconds, 30 s a left turn, 10 s
//     a right turn, 90 s a U-turn at every vertex, nothing at signals), each of ours counted as r5py
//     counts a trip (core.ts r5pyMinutes: the stretches to the road at 1.3 m/s, truncated minutes).
//     The plain model (0.8 × limit, junctions free) lies at 0.67 of R5's on average; the turns model,
//     R5's scheme (the limit and its turn costs), at 0.79, 177 of 342 within ±20 % when written.
//     Issue 19's "every trip within ±20 %" is not met, and cannot be on this extract: R5's own rules
//     re-done on it (a scratch emulator, 2026-12-06, not a test) give 255 of 342; the rest of the gap
//     is R5's rounding of each street-layer edge up to whole seconds (58 s a trip) and its turn costs
//     at every vertex where a footway or another way meets the road (17 s), neither of which the turns
//     model copies; trips from Eira (50) show it most, R5 charging ~2 min of left turns around the
//     finely mapped turning loop at Telakkakatu's end. 53 trips are of 4 min or less in R5, where ±20 %
//     is under the minute both sides are truncated to. Stated tolerance: plain mean ratio 0.6–0.75,
//     turns 0.72–0.85 with at least 165 of 342 within ±20 % and trips from Eira 3–6 min below R5's.
// (B) Helsinki Region Travel Time Matrix 2015 (matrix-2015-to-5975375.json), midday car times to
//     grid cell 5975375 (the railway station), door to door as the matrix counts a car trip
//     (engine/door-to-door.ts: walks to and from the parked car, parking search). Stated tolerance on
//     six cells near the station: within ±2 min (rounding, the unpublished parking file, the 2015 network).
import { beforeAll, describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { Router } from "../../engine/route.ts";
import { doorToDoor } from "../../engine/door-to-door.ts";
import { MODELS, R5_TOLERANCE, readMatrixReference, readR5Reference, validate, type ModelResult } from "../../benchmarks/validation/core.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const R5 = readR5Reference();
const MATRIX = readMatrixReference();
// West Katajanokka, Kamppi, Hietaniemi, Ruoholahti, Etu-Töölö, Kruununhaka.
const SIX = [5977012, 5977005, 5973732, 5977001, 5973735, 5973740];

const within = (r: ModelResult) => r.r5.trips.filter((t) => Math.abs(t.oursMin / t.r5Min - 1) <= R5_TOLERANCE + 1e-9).length;

describe("car travel times in central Helsinki against published references", () => {
  let router: Router;
  let byModel: Map<string, ModelResult>;
  beforeAll(async () => {
    router = new Router((await importOsm(sharedData("osm/helsinki-centre.osm.pbf"))).graph);
    const six = { ...MATRIX, rows: MATRIX.rows.filter((r) => SIX.includes(r[0])) };
    byModel = new Map(validate(router, six, R5, MODELS.filter((m) => ["free", "turns", "turns-midday", "turns-rush"].includes(m.id))).map((r) => [r.model.id, r]));
  });

  it("(A) every one of r5py's 342 trips is timed; the plain model lies at 0.6–0.75 of R5's on average (R5 drives at the limit and charges turns)", () => {
    const free = byModel.get("free")!;
    expect(free.r5.trips).toHaveLength(342);
    expect(free.r5.meanRatio).toBeGreaterThan(0.6);
    expect(free.r5.meanRatio).toBeLessThan(0.75);
  });

  it("(A) the turns model, R5's scheme, lies at 0.72–0.85 of R5's on average, at least 165 of 342 trips within ±20 % (not all: see above)", () => {
    const turns = byModel.get("turns")!;
    expect(turns.r5.meanRatio).toBeGreaterThan(0.72);
    expect(turns.r5.meanRatio).toBeLessThan(0.85);
    expect(within(turns)).toBeGreaterThanOrEqual(165);
    expect(within(turns)).toBeLessThan(342);
    // Closer to R5 than the plain model, trip for trip on average.
    expect(Math.abs(turns.r5.meanResidualMin)).toBeLessThan(Math.abs(byModel.get("free")!.r5.meanResidualMin));
  });

  it("(A) trips from Eira lie 3–6 min below R5's on the turns model: R5's turn costs at every vertex of the mapped turning loop", () => {
    const fromEira = byModel.get("turns")!.r5.trips.filter((t) => t.from === "50");
    expect(fromEira).toHaveLength(18);
    const mean = fromEira.reduce((s, t) => s + t.oursMin - t.r5Min, 0) / fromEira.length;
    expect(mean).toBeLessThan(-3);
    expect(mean).toBeGreaterThan(-6);
  });

  it("a time of day on the turns model only slows fast roads: never faster than its free flow, midday no slower on these streets", () => {
    const [free, midday, rush] = ["turns", "turns-midday", "turns-rush"].map((id) => byModel.get(id)!.r5.trips);
    for (let i = 0; i < free.length; i++) {
      expect(midday[i].oursMin, `${free[i].from} → ${free[i].to}`).toBe(free[i].oursMin);
      expect(rush[i].oursMin, `${free[i].from} → ${free[i].to}`).toBeGreaterThanOrEqual(free[i].oursMin);
    }
  });

  it("(B) door to door, as the matrix counts a car trip, lie within ±2 min of the 2015 matrix", () => {
    const station = router.place("station", MATRIX.to.lon, MATRIX.to.lat);
    const rows = MATRIX.rows.filter((r) => SIX.includes(r[0]));
    expect(rows).toHaveLength(6);
    for (const [id, lon, lat, published] of rows) {
      const a = router.place(String(id), lon, lat);
      const { timeDs } = router.route(a, station, "car")!;
      expect(Math.abs(doorToDoor(timeDs, a, station).totalMin - published), String(id)).toBeLessThanOrEqual(2);
    }
  });
});
