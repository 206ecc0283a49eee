/**
 * The validation's core: our car times against the Helsinki Region Travel Time Matrix 2015 (every
 * cell of benchmarks/validation/matrix-2015-to-5975375.json, door to door and drive only) and
 * r5py's car regression test (benchmarks/validation/r5py-car.json), per model, and the models
 * against each other. A model is one entry of MODELS: a name and how it routes. Pure computation
 * over a Router; benchmarks/validate.ts reads the files, runs it and writes the report.
 */
import { readFileSync } from "node:fs";
import { Router, doorToDoor, DS_PER_MIN, type Place, type TripResult } from "../../engine/index.ts";

/** A published reference table: what it is, where from, under which licence. */
interface Reference {
  readonly about: string;
  readonly source: string;
  readonly commit: string;
  readonly licence: string;
}

export interface MatrixReference extends Reference {
  readonly to: { readonly id: number; readonly lon: number; readonly lat: number };
  /** from_id, lon, lat, car_m_t (midday), car_r_t (rush hour): door-to-door minutes. */
  readonly rows: readonly (readonly [number, number, number, number, number])[];
}

export interface R5Reference extends Reference {
  readonly cells: Readonly<Record<string, readonly [number, number, string]>>;
  /** from_id, to_id, travel_time (min). */
  readonly rows: readonly (readonly [string, string, number])[];
}

const here = (name: string) => new URL(name, import.meta.url);
export const readMatrixReference = (): MatrixReference => JSON.parse(readFileSync(here("matrix-2015-to-5975375.json"), "utf8"));
export const readR5Reference = (): R5Reference => JSON.parse(readFileSync(here("r5py-car.json"), "utf8"));

/**
 * One way of timing car trips. `times` gives the drive time (ds, connectors included) from each
 * origin to each destination, null where none.
 */
export interface ValidationModel {
  readonly id: string;
  readonly label: string;
  /** The matrix column it is held against: midday (car_m_t) or rush hour (car_r_t). */
  readonly matrixColumn: "midday" | "rush";
  times(router: Router, origins: Place[], destinations: Place[]): (TripResult | null)[][];
}

/** A model that is one of the graph's profiles, routed by the Router on the plain node model or the turns model (engine/turns.ts). */
function profileModel(id: string, label: string, profile: string, matrixColumn: "midday" | "rush", road: "plain" | "turns" = "plain"): ValidationModel {
  return {
    id, label, matrixColumn,
    times: (router, o, d) => (road === "plain" ? router : new Router(router.graph, router.snapIndex, "turns")).matrix(o, d, profile, undefined, "searches"),
  };
}

/** The models validated, in the report's order. Free flow has no matrix column of its own: it is held against midday. */
export const MODELS: readonly ValidationModel[] = [
  profileModel("free", "free flow (car)", "car", "midday"),
  profileModel("midday", "midday (car-midday)", "car-midday", "midday"),
  profileModel("rush", "rush hour (car-rush)", "car-rush", "rush"),
  profileModel("turns", "turns (car, --model turns)", "car", "midday", "turns"),
  profileModel("turns-midday", "turns at midday (car-midday, --model turns)", "car-midday", "midday", "turns"),
  profileModel("turns-rush", "turns in the rush hour (car-rush, --model turns)", "car-rush", "rush", "turns"),
];

/** Spearman's rank correlation, ties given their mean rank. NaN for fewer than two pairs or no spread. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError("spearman: lengths differ");
  return pearson(ranks(a), ranks(b));
}

function ranks(v: readonly number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2) return NaN;
  const ma = a.reduce((s, x) => s + x, 0) / n, mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

export function median(v: readonly number[]): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** How a set of our times agrees with a reference's: residual = ours − reference, minutes. */
export interface Agreement {
  readonly n: number;
  readonly spearman: number;
  readonly medianAbsResidualMin: number;
  readonly meanResidualMin: number;
  /** Share of pairs within ±2 min. */
  readonly within2Min: number;
}

export function agreement(ours: readonly number[], reference: readonly number[]): Agreement {
  const res = ours.map((x, i) => x - reference[i]);
  return {
    n: res.length,
    spearman: spearman(ours, reference),
    medianAbsResidualMin: median(res.map(Math.abs)),
    meanResidualMin: res.reduce((s, x) => s + x, 0) / (res.length || 1),
    within2Min: res.filter((r) => Math.abs(r) <= 2).length / (res.length || 1),
  };
}

/** One matrix cell under one model. */
export interface CellResult {
  readonly id: number;
  readonly lon: number;
  readonly lat: number;
  readonly publishedMin: number;
  readonly driveMin: number;
  readonly doorToDoorMin: number;
}

export interface ModelResult {
  readonly model: ValidationModel;
  readonly cells: readonly CellResult[];
  /** Door to door, the matrix's definition: the comparison that counts. */
  readonly doorToDoor: Agreement;
  /** The drive alone against the same door-to-door figures: what the walks and the parking add. */
  readonly driveOnly: Agreement;
  /** Matrix cells no road reached (none expected). */
  readonly unreached: readonly number[];
  /** Against r5py's trips, each counted as r5py counts it (r5pyMinutes). */
  readonly r5: Agreement & { readonly meanRatio: number; readonly withinTolerance: number; readonly trips: readonly R5Trip[] };
}

/** One r5py trip under one model: ours as r5py counts a trip (r5pyMinutes), and R5's. */
interface R5Trip {
  readonly from: string;
  readonly to: string;
  readonly oursMin: number;
  readonly r5Min: number;
}

/** The acceptance the issue asks of the door-to-door comparison with the 2015 matrix. */
export const TARGET = { spearman: 0.9, medianAbsResidualMin: 2 } as const;

export const meetsTarget = (a: Agreement) => a.spearman >= TARGET.spearman && a.medianAbsResidualMin <= TARGET.medianAbsResidualMin;

/** The acceptance the issue asks of the comparison with r5py: every trip within ±20 % of R5's minutes. */
export const R5_TOLERANCE = 0.2;

/**
 * The speed (m/s) at which R5 v7.3 covers the stretch between a point and its street, at either end:
 * OFF_STREET_SPEED_MILLIMETERS_PER_SECOND, 1.3 m/s (r5py/r5 @ v7.3-r5py, a2e0160:
 * StreetRouter.setOrigin and LinkedPointSet.timeToPoint; not the request's walking speed).
 */
export const R5_OFF_STREET_M_PER_S = 1.3;

/**
 * A trip of ours counted as r5py counts one, to hold against its minutes: the drive between the
 * two snapped points (our connectors taken out), the stretches to and from the road walked at
 * R5_OFF_STREET_M_PER_S, and the sum truncated to whole minutes (R5's TravelTimeReducer.convertToMinutes).
 */
export function r5pyMinutes(timeDs: number, from: Place, to: Place): number {
  const driveS = (timeDs - from.connectorDs - to.connectorDs) / 10;
  return Math.floor((driveS + (from.snap.distanceM + to.snap.distanceM) / R5_OFF_STREET_M_PER_S) / 60);
}

/** Runs every model on the matrix cells (to the station) and the r5py pairs. */
export function validate(router: Router, matrix: MatrixReference, r5: R5Reference, models: readonly ValidationModel[] = MODELS): ModelResult[] {
  const cells = matrix.rows.map(([id, lon, lat]) => router.place(String(id), lon, lat));
  const station = router.place("station", matrix.to.lon, matrix.to.lat);
  const r5Places = new Map(Object.entries(r5.cells).map(([id, [lon, lat]]) => [id, router.place(id, lon, lat)]));
  const r5Ids = [...r5Places.keys()];
  return models.map((model) => {
    const times = model.times(router, cells, [station]).map((row) => row[0]);
    const out: CellResult[] = [];
    const unreached: number[] = [];
    matrix.rows.forEach(([id, lon, lat, midday, rush], i) => {
      const trip = times[i];
      if (!trip) return void unreached.push(id);
      const d = doorToDoor(trip.timeDs, cells[i], station);
      out.push({ id, lon, lat, publishedMin: model.matrixColumn === "midday" ? midday : rush, driveMin: trip.timeDs / DS_PER_MIN, doorToDoorMin: d.totalMin });
    });
    const published = out.map((c) => c.publishedMin);
    const places = r5Ids.map((id) => r5Places.get(id)!);
    const r5Times = model.times(router, places, places);
    const trips: R5Trip[] = [];
    for (const [a, b, minutes] of r5.rows) {
      const t = r5Times[r5Ids.indexOf(a)][r5Ids.indexOf(b)];
      if (!t) throw new RangeError(`r5py pair ${a} → ${b} unreached under ${model.id}`);
      trips.push({ from: a, to: b, oursMin: r5pyMinutes(t.timeDs, r5Places.get(a)!, r5Places.get(b)!), r5Min: minutes });
    }
    const ours = trips.map((t) => t.oursMin), ref = trips.map((t) => t.r5Min);
    return {
      model,
      cells: out,
      doorToDoor: agreement(out.map((c) => c.doorToDoorMin), published),
      driveOnly: agreement(out.map((c) => c.driveMin), published),
      unreached,
      r5: {
        ...agreement(ours, ref),
        meanRatio: ours.reduce((s, x, i) => s + x / ref[i], 0) / ours.length,
        withinTolerance: trips.filter((t) => Math.abs(t.oursMin / t.r5Min - 1) <= R5_TOLERANCE + 1e-9).length / trips.length,
        trips,
      },
    };
  });
}

/** The door-to-door agreement on the cells `keep` takes (where the ranks part: the report's subsets). */
export function cellsAgreement(r: ModelResult, keep: (c: CellResult) => boolean): Agreement {
  const cells = r.cells.filter(keep);
  return agreement(cells.map((c) => c.doorToDoorMin), cells.map((c) => c.publishedMin));
}

/** Two models' door-to-door times over the same cells: how far apart, and in the same order? */
export interface ModelPair {
  readonly a: string;
  readonly b: string;
  readonly medianDiffMin: number;
  readonly maxAbsDiffMin: number;
  readonly spearman: number;
}

export function betweenModels(results: readonly ModelResult[]): ModelPair[] {
  const pairs: ModelPair[] = [];
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) {
      const byId = new Map(results[j].cells.map((c) => [c.id, c.doorToDoorMin]));
      const both = results[i].cells.filter((c) => byId.has(c.id));
      const a = both.map((c) => c.doorToDoorMin), b = both.map((c) => byId.get(c.id)!);
      const diff = b.map((x, k) => x - a[k]);
      pairs.push({ a: results[i].model.id, b: results[j].model.id, medianDiffMin: median(diff), maxAbsDiffMin: Math.max(...diff.map(Math.abs)), spearman: spearman(a, b) });
    }
  }
  return pairs;
}
