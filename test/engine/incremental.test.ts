// Scenarios: changes apply in order without touching the base, and the incremental level surfaces
// equal a full multi-source recompute after every change of a random sequence (GENERATED graph),
// on the plain node model and on the turns model.
import { beforeAll, describe, expect, it } from "vitest";
import { generateRoadGraph, type Bbox } from "../../engine/generate.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { gridForBbox } from "../../engine/grid.ts";
import { linkCells, type CellLinks } from "../../engine/surface.ts";
import { levelSurfaces, targetsFor } from "../../engine/levels.ts";
import { placeServices } from "../../engine/analysis.ts";
import { IncrementalLevels, type LevelState } from "../../engine/incremental.ts";
import { turnTravelTimeSurface } from "../../engine/turn-surface.ts";
import { modelProfile } from "../../engine/road-model.ts";
import { applyChanges, changedPoints, type ScenarioChange } from "../../engine/scenario.ts";
import { LEVELS, type ServiceLevel, type ServicePoint } from "../../engine/services.ts";
import { InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { rng } from "../fixtures/random-graph.ts";

const BBOX: Bbox = [24.6, 60.15, 25.2, 60.45];

function point(id: string, level: ServiceLevel, lon: number, lat: number, open = true): ServicePoint {
  return { id, name: { fi: id, sv: id }, municipality: "091", lon, lat, level, open };
}

describe("applyChanges", () => {
  const base = [point("a", "L", 24.7, 60.2), point("b", "A", 24.9, 60.3), point("c", "E", 25.0, 60.25)];

  it("applies close, open, relevel, move and add in order, leaving the base as it was", () => {
    const frozen = JSON.stringify(base);
    const out = applyChanges(base, [
      { op: "close", id: "a" },
      { op: "relevel", id: "b", level: "E" },
      { op: "move", id: "c", lon: 25.1, lat: 60.3 },
      { op: "add", point: point("d", "L", 24.8, 60.4) },
      { op: "open", id: "a" },
      { op: "close", id: "d" },
    ]);
    expect(JSON.stringify(base)).toBe(frozen);
    expect(out.map((p) => [p.id, p.level, p.open, p.lon])).toEqual([
      ["a", "L", true, 24.7],
      ["b", "E", true, 24.9],
      ["c", "E", true, 25.1],
      ["d", "L", false, 24.8],
    ]);
    expect(changedPoints(base, out).sort()).toEqual(["b", "c", "d"]);
  });

  it("names the change and the id it cannot apply", () => {
    const fail = (changes: unknown[]) => {
      try {
        applyChanges(base, changes as ScenarioChange[]);
      } catch (e) {
        return e as Error & { field?: string };
      }
      throw new Error("expected an error");
    };
    const unknown = fail([{ op: "close", id: "a" }, { op: "close", id: "zz" }]);
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.field).toBe("changes[1].id");
    expect(unknown.message).toMatch(/"zz"/);
    expect(fail([{ op: "explode", id: "a" }]).field).toBe("changes[0].op");
    expect(fail([{ op: "relevel", id: "a", level: "X" }])).toBeInstanceOf(InvalidInputError);
    expect(fail([{ op: "add", point: point("b", "L", 24.8, 60.3) }]).field).toBe("changes[0].point.id");
    expect(fail([{ op: "move", id: "a", lon: Number.NaN, lat: 60 }]).field).toBe("lon");
  });
});

describe("IncrementalLevels (GENERATED road-like graph)", () => {
  let graph: RoadGraph;
  let snapIndex: SnapIndex;
  let links: CellLinks;
  beforeAll(() => {
    graph = generateRoadGraph({ seed: 9, bbox: BBOX, targetNodes: 20_000 }).graph;
    snapIndex = new SnapIndex(graph);
    links = linkCells(snapIndex, gridForBbox(BBOX, 1000), { maxConnectorM: 1000 });
  });

  const fullRecompute = (points: readonly ServicePoint[]) => levelSurfaces(graph, links, placeServices(snapIndex, points, 5000).placed, { cutoffDs: 90 * 600 });

  it("equals a full recompute after every change of random sequences of closures, re-levels, moves and additions", () => {
    const r = rng(17);
    const levels: ServiceLevel[] = ["L", "A", "E"];
    const somewhere = () => [BBOX[0] + r() * (BBOX[2] - BBOX[0]), BBOX[1] + r() * (BBOX[3] - BBOX[1])] as const;
    for (let trial = 0; trial < 3; trial++) {
      const inc = new IncrementalLevels(graph, snapIndex, links, { cutoffDs: 90 * 600, maxSnapM: 5000 });
      let points: ServicePoint[] = Array.from({ length: 8 }, (_, i) => point(`p${i}`, levels[Math.floor(r() * 3)], ...somewhere()));
      let state: LevelState = inc.full(points);
      for (let step = 0; step < 12; step++) {
        const target = points[Math.floor(r() * points.length)].id;
        const kind = Math.floor(r() * 5);
        const change: ScenarioChange =
          kind === 0 ? { op: "close", id: target }
          : kind === 1 ? { op: "open", id: target }
          : kind === 2 ? { op: "relevel", id: target, level: levels[Math.floor(r() * 3)] }
          : kind === 3 ? { op: "move", id: target, lon: somewhere()[0], lat: somewhere()[1] }
          : { op: "add", point: point(`new${trial}-${step}`, levels[Math.floor(r() * 3)], ...somewhere()) };
        const before = state;
        points = applyChanges(points, [change]);
        state = inc.update(state, points);
        const full = fullRecompute(points);
        for (const level of LEVELS) {
          const a = state.surfaces[level];
          const b = full[level];
          let same = a.length === b.length;
          for (let c = 0; same && c < a.length; c++) same = a[c] === b[c];
          expect(same, `trial ${trial} step ${step} ${change.op} level ${level}`).toBe(true);
          // A closure never helps anyone.
          if (change.op === "close") for (let c = 0; c < a.length; c++) expect(a[c]).toBeGreaterThanOrEqual(before.surfaces[level][c]);
        }
      }
    }
  });

  it("leaves the earlier state untouched and reuses kept surfaces (no new search when reopening)", () => {
    const inc = new IncrementalLevels(graph, snapIndex, links);
    const pts = [point("a", "L", 24.7, 60.2), point("e", "E", 25.0, 60.3)];
    const s0 = inc.full(pts);
    const copy = s0.surfaces.E.slice();
    const s1 = inc.update(s0, applyChanges(pts, [{ op: "close", id: "e" }]));
    expect([...s0.surfaces.E]).toEqual([...copy]);
    expect(s1.surfaces.E.every((t) => t === 0xffffffff)).toBe(true);
    const cached = inc.cachedLocations;
    const s2 = inc.update(s1, pts);
    expect(inc.cachedLocations).toBe(cached);
    expect([...s2.surfaces.E]).toEqual([...copy]);
  });
});

describe("IncrementalLevels on the turns model (GENERATED road-like graph)", () => {
  it("equals a full turn-aware multi-source recompute after random closures and openings", () => {
    const graph = generateRoadGraph({ seed: 9, bbox: BBOX, targetNodes: 8_000 }).graph;
    const snapIndex = new SnapIndex(graph);
    const links = linkCells(snapIndex, gridForBbox(BBOX, 1500), { maxConnectorM: 1000 });
    const r = rng(23);
    const levels: ServiceLevel[] = ["L", "A", "E"];
    const somewhere = () => [BBOX[0] + r() * (BBOX[2] - BBOX[0]), BBOX[1] + r() * (BBOX[3] - BBOX[1])] as const;
    const options = { cutoffDs: 90 * 600, maxSnapM: 5000 };
    const inc = new IncrementalLevels(graph, snapIndex, links, { ...options, model: "turns" });
    // The plain model on the turns model's edge times (the posted limit): what the turns only add to.
    const plain = new IncrementalLevels(graph, snapIndex, links, { ...options, profile: modelProfile("car", "turns") });
    let points: ServicePoint[] = Array.from({ length: 8 }, (_, i) => point(`p${i}`, levels[Math.floor(r() * 3)], ...somewhere()));
    let state = inc.full(points);
    let slower = 0;
    for (let step = 0; step < 6; step++) {
      const id = points[Math.floor(r() * points.length)].id;
      points = applyChanges(points, [{ op: r() < 0.7 ? "close" : "open", id }]);
      state = inc.update(state, points);
      const placed = placeServices(snapIndex, points, options.maxSnapM).placed;
      const plainState = plain.full(points);
      for (const level of LEVELS) {
        const full = turnTravelTimeSurface(graph, links, targetsFor(placed, level), { cutoffDs: options.cutoffDs, profile: modelProfile("car", "turns") });
        expect([...state.surfaces[level]], `step ${step} level ${level}`).toEqual([...full]);
        // Turns cost time: never faster than a node search on the same edge times, slower somewhere.
        for (let c = 0; c < full.length; c++) {
          expect(full[c]).toBeGreaterThanOrEqual(plainState.surfaces[level][c]);
          if (full[c] > plainState.surfaces[level][c]) slower++;
        }
      }
    }
    expect(slower).toBeGreaterThan(0);
  });
});
