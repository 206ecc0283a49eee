/**
 * Catchments and loads of one service (a level, or a type of the catalogue) on an open study: whom
 * each open point serves (people whose nearest it is), its load against its capacity, the
 * nearest-first assignment under capacities (engine/catchments.ts: who overflows where), the 2SFCA
 * index per municipality when every point has a capacity, and how many points lie within each
 * threshold (choice beside the nearest, engine/fca.ts). With changes, the same after them and who
 * moves from which point to which: "closing X moves N people onto Y, which goes to 140 %". With
 * need weights per population group, the demand is need-weighted people.
 */
import {
  applyChanges, areaMeans, assignWithCapacity, catchmentMoves, catchments, InvalidInputError, offersService, opportunitiesWithin, serviceType,
  show, twoStepFca, DS_PER_MIN, isServiceLevel, type ScenarioChange, type ServiceKey, type ServiceLevel, type ServicePoint,
} from "../engine/index.ts";
import { checkNewLocations, type Study } from "./study.ts";

interface PointLoad {
  readonly id: string;
  readonly name: { readonly fi: string; readonly sv: string };
  readonly capacity: number | null;
  /** People whose nearest point (of this service) it is. */
  readonly catchment: number;
  /** Catchment over capacity (1 = full); null without a capacity. */
  readonly load: number | null;
  /** People it serves when each point takes at most its capacity, nearest first. */
  readonly assigned: number;
  /** Of those, people whose nearest point is another, full one. */
  readonly overflowIn: number;
  /** People of its catchment it could not take. */
  readonly overflowOut: number;
  /** 2SFCA supply ratio: capacity per person within the catchment time; null unless every point has a capacity. */
  readonly fcaRatio: number | null;
}

interface AreaLoad {
  readonly code: string;
  readonly name: { readonly fi: string; readonly sv: string };
  readonly population: number;
  /** Population-weighted mean 2SFCA index (capacity per resident in reach); null unless every point has a capacity. */
  readonly fcaIndex: number | null;
  /** Per threshold: the mean number of points within it, people weighting. */
  readonly meanWithin: (number | null)[];
  /** Per threshold: people with no point within it. */
  readonly noneWithin: number[];
}

export interface Loads {
  readonly points: PointLoad[];
  readonly areas: AreaLoad[];
  /** People in reach of some point, but of none with room left. */
  readonly unserved: number;
  /** People with no point within the study's cutoff. */
  readonly unreached: number;
}

export interface LoadsResult {
  readonly service: ServiceKey;
  readonly name: { readonly fi: string; readonly sv: string; readonly en: string };
  readonly thresholdsMin: number[];
  /** The 2SFCA catchment time (min). */
  readonly catchmentMin: number;
  /** Need weights per group when given: catchments, loads and moves are then in need-weighted people. */
  readonly need: Readonly<Record<string, number>> | null;
  readonly base: Loads;
  /** After the changes, when there are any. */
  readonly scenario: Loads | null;
  /** People whose nearest point changes: from and to a point id, null for "none in reach". */
  readonly moves: { readonly from: string | null; readonly to: string | null; readonly people: number }[];
}

interface LoadsRequest {
  readonly service: ServiceKey;
  readonly changes?: readonly ScenarioChange[];
  readonly thresholdsMin?: readonly number[];
  /** 2SFCA catchment (min); default 30. */
  readonly catchmentMin?: number;
  /** Need weight per population group (age band): its people count this many times in the demand. */
  readonly need?: Readonly<Record<string, number>>;
}

const LEVEL_NAMES: Record<ServiceLevel, { fi: string; sv: string; en: string }> = {
  L: { fi: "L-taso", sv: "nivå L", en: "level L" },
  A: { fi: "A-taso", sv: "nivå A", en: "level A" },
  E: { fi: "E-taso", sv: "nivå E", en: "level E" },
};

/** The open points of a set that offer the service, on the roads, with their surfaces. */
function serving(study: Study, points: readonly ServicePoint[], service: ServiceKey) {
  const { catalogue } = study.inputs;
  const offering = points.filter((p) => offersService(p, service, catalogue));
  const placed = offering.flatMap((p) => {
    const s = study.pointSurface(p);
    return s ? [{ point: p, surface: s }] : [];
  });
  return placed;
}

function loadsOf(study: Study, placed: ReturnType<typeof serving>, thresholdsMin: readonly number[], catchmentMin: number, demand: ArrayLike<number>) {
  const { population, areaOfCell, areas } = study.inputs;
  const surfaces = placed.map((p) => p.surface);
  const cutoffDs = study.cutoffMin * DS_PER_MIN;
  const near = catchments(surfaces, demand, cutoffDs);
  const capacity = placed.map((p) => p.point.capacity ?? Infinity);
  const assigned = assignWithCapacity(surfaces, demand, capacity, cutoffDs);
  const allCapacities = placed.length > 0 && placed.every((p) => p.point.capacity !== undefined);
  const fca = allCapacities ? twoStepFca(surfaces, demand, capacity, catchmentMin * DS_PER_MIN) : null;
  const counts = opportunitiesWithin(surfaces, population.length, thresholdsMin.map((t) => t * DS_PER_MIN));
  // The index per resident, averaged over the people who live there (need weights the demand, not whose mean it is).
  const fcaMeans = fca ? areaMeans(fca.index, population, areaOfCell, areas.length) : null;
  const countMeans = counts.map((c) => areaMeans(c, population, areaOfCell, areas.length));
  const people = new Float64Array(areas.length);
  const none = counts.map(() => new Float64Array(areas.length));
  for (let c = 0; c < population.length; c++) {
    const a = areaOfCell[c];
    if (a < 0) continue;
    people[a] += population[c];
    counts.forEach((k, i) => {
      if (k[c] === 0) none[i][a] += population[c];
    });
  }
  const loads: Loads = {
    points: placed.map(({ point }, j) => ({
      id: point.id,
      name: { fi: point.name.fi, sv: point.name.sv },
      capacity: point.capacity ?? null,
      catchment: near.people[j],
      load: point.capacity !== undefined && point.capacity > 0 ? near.people[j] / point.capacity : null,
      assigned: assigned.assigned[j],
      overflowIn: assigned.overflowIn[j],
      overflowOut: assigned.overflowOut[j],
      fcaRatio: fca ? fca.ratio[j] : null,
    })),
    areas: areas.map((a, i) => ({
      code: a.code,
      name: { fi: a.name, sv: a.nameSv },
      population: people[i],
      fcaIndex: fcaMeans ? fcaMeans[i] : null,
      meanWithin: countMeans.map((m) => m[i]),
      noneWithin: none.map((n) => n[i]),
    })),
    unserved: assigned.unserved,
    unreached: near.unreached,
  };
  return { loads, nearest: near.nearest };
}

/**
 * Demand per cell: its people, each group's people weighing their group's need weight instead of
 * 1 (groups that overlap, such as 65+ and 75+, each add their extra). Null weights: the people.
 */
function demandOf(study: Study, need: Readonly<Record<string, number>> | undefined): ArrayLike<number> {
  const { population } = study.inputs;
  if (!need || Object.keys(need).length === 0) return population;
  const demand = Float64Array.from(population);
  for (const [group, weight] of Object.entries(need)) {
    if (!(Number.isFinite(weight) && weight >= 0)) throw new InvalidInputError(`need weight of ${show(group)} is ${show(weight)}: a number 0 or more`, "need", weight);
    const known = [...study.inputs.groups.keys()];
    if (!known.includes(group)) throw new InvalidInputError(`need: ${show(group)} is not a population group of the grid${known.length > 0 ? ` (${known.join(", ")})` : " (it has none)"}`, "need", group);
    const people = study.subsets.groupPopulation(group);
    for (let c = 0; c < demand.length; c++) demand[c] += (weight - 1) * people[c];
  }
  return demand;
}

/** The loads of one service for the base set and, with changes, after them. */
export function loads(study: Study, req: LoadsRequest): LoadsResult {
  const { service } = req;
  let name: LoadsResult["name"];
  if ("level" in service) {
    if (!isServiceLevel(service.level)) throw new InvalidInputError(`level ${show(service.level)} is not E, A or L`, "level", service.level);
    name = LEVEL_NAMES[service.level];
  } else {
    const t = serviceType(study.inputs.catalogue, service.type, "type");
    name = { fi: t.name.fi, sv: t.name.sv, en: t.name.en };
  }
  const thresholdsMin = study.thresholds(req.thresholdsMin);
  const catchmentMin = req.catchmentMin ?? 30;
  if (!(catchmentMin > 0 && catchmentMin <= study.cutoffMin)) throw new InvalidInputError(`catchment ${show(catchmentMin)} min is not in (0, ${study.cutoffMin}]`, "catchment", catchmentMin);
  const demand = demandOf(study, req.need);
  const need = req.need && Object.keys(req.need).length > 0 ? { ...req.need } : null;
  const basePoints = study.inputs.services.points;
  const before = serving(study, basePoints, service);
  const base = loadsOf(study, before, thresholdsMin, catchmentMin, demand);
  if (!req.changes || req.changes.length === 0) return { service, name, thresholdsMin, catchmentMin, need, base: base.loads, scenario: null, moves: [] };

  const points = applyChanges(basePoints, req.changes, study.inputs.catalogue);
  checkNewLocations(study, points);
  const after = serving(study, points, service);
  const scen = loadsOf(study, after, thresholdsMin, catchmentMin, demand);
  // Both sides' nearest points in one index space: every id of either side, then "none".
  const ids = [...new Set([...before, ...after].map((p) => p.point.id))];
  const slot = new Map(ids.map((id, i) => [id, i]));
  const remap = (nearest: Int32Array, side: typeof before) => nearest.map((j) => (j < 0 ? -1 : slot.get(side[j].point.id)!));
  const moved = catchmentMoves(remap(base.nearest, before), remap(scen.nearest, after), demand, ids.length);
  const moves: LoadsResult["moves"][number][] = [];
  moved.forEach((row, from) =>
    row.forEach((people, to) => {
      if (people > 0) moves.push({ from: from < ids.length ? ids[from] : null, to: to < ids.length ? ids[to] : null, people });
    }),
  );
  moves.sort((a, b) => b.people - a.people);
  return { service, name, thresholdsMin, catchmentMin, need, base: base.loads, scenario: scen.loads, moves };
}
