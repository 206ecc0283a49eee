/**
 * The planners' case at Uusimaa scale, shared by `npm run bench` (benchmarks/run.ts) and
 * `npm run bench:turns` (benchmarks/turns.ts): the GENERATED Uusimaa-sized graph (engine/generate.ts,
 * seed 1) with towns at Uusimaa's 26 real municipal centres, people spread from the municipal
 * totals, the default Uusimaa service set, and the scenario re-run after one closure on either road
 * model, checked equal to a full recompute before it is timed.
 */
import { generateRoadGraph, UUSIMAA_BBOX } from "../engine/generate.ts";
import type { RoadGraph } from "../engine/graph.ts";
import { gridForBbox, type Grid } from "../engine/grid.ts";
import { FINNISH_MUNICIPALITIES, findRegion } from "../data/facts/index.ts";
import { defaultServiceSet } from "../data/services/index.ts";
import { nearestCentreAreas, settlementWeightPerCell, spreadTotals } from "../engine/settlements.ts";
import { toEtrs } from "../engine/projection.ts";
import type { SnapIndex } from "../engine/snap.ts";
import type { Links } from "../engine/surface.ts";
import { IncrementalLevels } from "../engine/incremental.ts";
import { applyChanges } from "../engine/scenario.ts";
import { placeServices } from "../engine/analysis.ts";
import { targetsFor } from "../engine/levels.ts";
import { areaStats } from "../engine/accessibility.ts";
import { diffSurfaces } from "../engine/diff.ts";
import { LEVELS } from "../engine/services.ts";
import { modelTravelTimeSurface, type RoadModel } from "../engine/road-model.ts";
import { medianMs } from "./harness.ts";

/** Uusimaa's 26 municipalities (its five organisers'), in code order. */
export const uusimaaMunicipalities = () => FINNISH_MUNICIPALITIES.filter((m) => findRegion("uusimaa").municipalities.includes(m.code));

/** The GENERATED Uusimaa-sized graph, towns weighted by the real municipal populations (seed 1; 100k nodes when quick, else 500k). */
export function uusimaaGraph(quick: boolean): RoadGraph {
  const towns = uusimaaMunicipalities().map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
  return generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: quick ? 100_000 : 500_000, towns }).graph;
}

/** The 250 m grid the Uusimaa figures are made on (~15,000 km², land and sea). */
export const uusimaaGrid = (): Grid => gridForBbox([23.4, 59.95, 26.2, 60.75], 250);

/** Who lives where and what serves them: cells by nearest municipal centre, people from the totals, the default service set. */
export function uusimaaPeople(graph: RoadGraph, grid: Grid) {
  const ms = uusimaaMunicipalities();
  const areaOfCell = nearestCentreAreas(grid, ms.map((m) => toEtrs(m.centre.lon, m.centre.lat)));
  const population = spreadTotals(areaOfCell, ms.map((m) => m.population), settlementWeightPerCell(graph, grid)).perCell;
  return { ms, areaOfCell, population, services: defaultServiceSet(findRegion("uusimaa")).points };
}

export interface ScenarioInput extends ReturnType<typeof uusimaaPeople> {
  graph: RoadGraph;
  snapIndex: SnapIndex;
  links: Links;
  thresholdsMin: readonly number[];
}

/**
 * The scenario re-run after one closure on a road model: the kept level surfaces updated
 * incrementally (engine/incremental.ts), then the figures of the levels the closure touched and
 * their diff. Checked first against a full recompute of the level surfaces on the same model.
 */
export function scenarioRerun(input: ScenarioInput, model: RoadModel): { baseStateMs: number; keptMb: number; closeMs: number } {
  const { graph, snapIndex, links, services, population, areaOfCell, ms, thresholdsMin } = input;
  const levels = new IncrementalLevels(graph, snapIndex, links, { model });
  let t0 = performance.now();
  const baseState = levels.full(services);
  const baseStateMs = performance.now() - t0;
  const closable = services.filter((p, i) => i % 4 === 0);
  const closed = applyChanges(services, [{ op: "close", id: closable[0].id }]);
  const check = levels.update(baseState, closed);
  const placed = placeServices(snapIndex, closed).placed;
  for (const level of LEVELS) {
    const full = modelTravelTimeSurface(graph, links, targetsFor(placed, level), { model });
    for (let c = 0; c < full.length; c++) {
      if (check.surfaces[level][c] !== full[c]) throw new Error(`${model}: incremental disagrees with a full recompute at level ${level}, cell ${c}`);
    }
  }
  let k = 0;
  const closeOne = () => {
    const id = closable[k++ % closable.length].id;
    const state = levels.update(baseState, applyChanges(services, [{ op: "close", id }]));
    for (const level of LEVELS) {
      if (state.surfaces[level] === baseState.surfaces[level]) continue;
      areaStats(state.surfaces[level], population, areaOfCell, ms.length, thresholdsMin);
      diffSurfaces(baseState.surfaces[level], state.surfaces[level], population, areaOfCell, ms.length, thresholdsMin);
    }
    return state;
  };
  const closeMs = medianMs(closeOne, closable.length, 1);
  return { baseStateMs, keptMb: (levels.cachedLocations * links.edge.length * 4) / 2 ** 20, closeMs };
}
