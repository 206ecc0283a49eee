// Level assignment: set cover against brute force on small random cases (exact is optimal, greedy
// within its stated bound), locks and nesting respected, and on a GENERATED Uusimaa-sized network
// with the real centres the proposed levels meet the targets wherever any site can.
import { describe, expect, it } from "vitest";
import { exactCover, greedyCover, harmonic, type CoverProblem } from "../../engine/cover.ts";
import { assignLevels } from "../../engine/assign.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { gridForBbox } from "../../engine/grid.ts";
import { linkCells } from "../../engine/surface.ts";
import { IncrementalLevels } from "../../engine/incremental.ts";
import { levelSurfaces } from "../../engine/levels.ts";
import { placeServices } from "../../engine/analysis.ts";
import { nearestCentreAreas, settlementWeightPerCell, spreadTotals } from "../../engine/settlements.ts";
import { toEtrs } from "../../engine/projection.ts";
import type { ServiceLevel, ServicePoint } from "../../engine/services.ts";
import { municipalitiesOf } from "../../data/facts/index.ts";
import { rng } from "../fixtures/random-graph.ts";

/** Smallest number of added sites that covers every coverable element, by trying every subset. */
function bruteForce(p: CoverProblem): number {
  const n = p.covers.length;
  const allowed = [...Array(n).keys()].filter((s) => !p.excluded.includes(s) && !p.preChosen.includes(s));
  const need = new Set<number>();
  const pre = new Set(p.preChosen.flatMap((s) => p.covers[s]));
  for (const s of allowed) for (const e of p.covers[s]) if (!pre.has(e)) need.add(e);
  let best = Infinity;
  for (let mask = 0; mask < 1 << allowed.length; mask++) {
    const chosen = allowed.filter((_, i) => mask & (1 << i));
    if (chosen.length >= best) continue;
    const got = new Set(chosen.flatMap((s) => p.covers[s]));
    if ([...need].every((e) => got.has(e))) best = chosen.length;
  }
  return best;
}

describe("set cover", () => {
  it("exact equals brute force; greedy covers everything coverable within H(d) × optimum", () => {
    const r = rng(31);
    let greedyWorse = 0;
    for (let trial = 0; trial < 150; trial++) {
      const sites = 3 + Math.floor(r() * 9);
      const elems = 5 + Math.floor(r() * 30);
      const covers = Array.from({ length: sites }, () => [...Array(elems).keys()].filter(() => r() < 0.25));
      const pre = r() < 0.3 ? [0] : [];
      const excluded = r() < 0.3 ? [sites - 1] : [];
      const p: CoverProblem = { covers, elementPeople: Array.from({ length: elems }, () => 1 + Math.floor(r() * 100)), preChosen: pre, excluded };
      const opt = bruteForce(p);
      const exact = exactCover(p);
      const greedy = greedyCover(p);
      expect(exact.optimal).toBe(true);
      expect(exact.added.length, `trial ${trial}`).toBe(opt);
      expect(greedy.added.length).toBeLessThanOrEqual(greedy.bound * opt + 1e-9);
      for (const res of [exact, greedy]) {
        const got = new Set(res.chosen.flatMap((s) => covers[s]));
        const coverable = new Set([...pre, ...[...Array(sites).keys()].filter((s) => !excluded.includes(s))].flatMap((s) => covers[s]));
        for (let e = 0; e < elems; e++) expect(got.has(e) || !coverable.has(e)).toBe(true);
        expect(res.uncoverable.length).toBe(elems - coverable.size);
        for (const s of excluded) expect(res.added).not.toContain(s);
        for (const s of pre) expect(res.chosen).toContain(s);
      }
      if (greedy.added.length > opt) greedyWorse++;
    }
    expect(greedyWorse).toBeGreaterThan(0); // the cases are hard enough to tell the two apart
    expect(harmonic(3)).toBeCloseTo(1 + 1 / 2 + 1 / 3, 12);
  });
});

describe("assignLevels on a line of cells (times drawn by hand)", () => {
  // Ten cells at x = 0..9 (one person each), sites at x = 0, 3, 6, 9; time = 10 min per step.
  const cells = 10;
  const at = [0, 3, 6, 9];
  const surfaces = at.map((x) => Uint32Array.from({ length: cells }, (_, c) => Math.abs(c - x) * 10 * 600));
  const population = new Uint32Array(cells).fill(1);

  it("picks the fewest E and A sites for the targets, E ⊇ A, and reports who stays beyond", () => {
    // E within 50 min: no site reaches all ten cells (x = 3 reaches 0..8), so two are needed.
    const res = assignLevels({ siteSurfaces: surfaces, population, targetsMin: { L: 10, A: 30, E: 50 } });
    expect(res.E.cover.added.length).toBe(2);
    expect(res.E.beyondPeople).toBe(0);
    // A within 30 min: the two E sites and at most one more cover everyone.
    expect(res.A.cover.chosen.length).toBeLessThanOrEqual(3);
    expect(res.A.beyondPeople).toBe(0);
    for (const s of res.E.cover.chosen) expect(res.levels[s]).toBe("E");
    // L within 10 min: every cell is at most one step from a site.
    expect(res.L.withinPeople).toBe(10);
  });

  it("respects locks: an E-locked site is E, an L-locked site is never raised", () => {
    const locks: (ServiceLevel | undefined)[] = [undefined, "L", "E", undefined];
    const res = assignLevels({ siteSurfaces: surfaces, population, locks, targetsMin: { L: 10, A: 30, E: 50 } });
    expect(res.levels[2]).toBe("E");
    expect(res.levels[1]).toBe("L");
    // Site 2 (x = 6) reaches x ≥ 1; x = 0 needs site 0 (site 1 is locked at L).
    expect(res.levels[0]).toBe("E");
    expect(() => assignLevels({ siteSurfaces: surfaces, population, targetsMin: { L: 10, A: 200, E: 50 } })).toThrow(/targets|target for A/);
  });

  it("raises a site only to a level whose menu it could host, and refuses a lock beyond it", () => {
    // Only x = 0 could host E: it reaches 0..5 within 50 min, so 6..9 stay beyond E (any two
    // sites would reach everyone, above). A within 30 min: x = 0 reaches 0..3; x = 6 alone would
    // reach the rest (3..9) but cannot host A, so x = 3 (0..6) and x = 9 (6..9) both take it.
    const eligible: ServiceLevel[][] = [["L", "A", "E"], ["L", "A"], ["L"], ["L", "A"]];
    const res = assignLevels({ siteSurfaces: surfaces, population, eligible, targetsMin: { L: 10, A: 30, E: 50 } });
    expect(res.E.cover.chosen).toEqual([0]);
    expect(res.E.beyondPeople).toBe(4);
    expect(res.levels).toEqual(["E", "A", "L", "A"]);
    expect(res.A.beyondPeople).toBe(0);
    expect(() => assignLevels({ siteSurfaces: surfaces, population, eligible, locks: [undefined, undefined, "A", undefined] })).toThrow(/cannot host/);
  });
});

describe("assignLevels at Uusimaa scale (GENERATED roads, real centres and 2022 populations)", () => {
  it("meets the A and E targets for everyone a site can reach, checked with the level search itself", () => {
    const ms = municipalitiesOf("uusimaa");
    const graph = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: 60_000, towns: ms.map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population })) }).graph;
    const snapIndex = new SnapIndex(graph);
    const grid = gridForBbox(UUSIMAA_BBOX, 2000);
    const links = linkCells(snapIndex, grid);
    const areas = nearestCentreAreas(grid, ms.map((m) => toEtrs(m.centre.lon, m.centre.lat)));
    const population = spreadTotals(areas, ms.map((m) => m.population), settlementWeightPerCell(graph, grid)).perCell;
    const sites: ServicePoint[] = ms.map((m) => ({ id: m.code, name: { fi: m.nameFi, sv: m.nameSv }, municipality: m.code, lon: m.centre.lon, lat: m.centre.lat, level: "L", open: true }));
    const inc = new IncrementalLevels(graph, snapIndex, links);
    const surfaces = sites.map((s) => inc.locationSurface(s));
    const hki = sites.findIndex((s) => s.id === "091");
    const locks = sites.map((s) => (s.id === "091" ? ("E" as const) : undefined));
    const res = assignLevels({ siteSurfaces: surfaces, population, locks, targetsMin: { L: 30, A: 45, E: 90 } });
    expect(res.levels[hki]).toBe("E");
    const proposed = sites.map((s, i) => ({ ...s, level: res.levels[i] }));
    const check = levelSurfaces(graph, links, placeServices(snapIndex, proposed).placed);
    for (const [level, target, reported] of [["A", 45, res.A.beyondPeople], ["E", 90, res.E.beyondPeople]] as const) {
      let beyond = 0;
      for (let c = 0; c < population.length; c++) if (check[level][c] > target * 600) beyond += population[c];
      expect(beyond, level).toBe(reported);
    }
    expect(res.E.cover.chosen.length).toBeLessThan(res.A.cover.chosen.length);
    expect(res.A.cover.chosen.length).toBeLessThan(sites.length);
  }, 60_000);
});

describe("capacity in level assignment (hand-worked)", () => {
  // Four cells of 100 people in a row; minutes from each cell to each site:
  //
  //   cell      c0   c1   c2   c3
  //   site 0    10   20   30   40     covers all within 60 min: the one E site the cover needs
  //   site 1    90   70   10    5     covers c2, c3
  //   site 2     5   15   80   90     covers c0, c1
  //
  // Site 0 alone draws all 400 people; with a capacity of 250 it is 150 over. Adding site 1 takes
  // c2 and c3 (nearer to it), leaving 200 at site 0 and 200 at site 1: no excess. Adding site 2
  // takes c0 and c1 to the same effect; the tie goes to the lower index, site 1.
  const min = (xs: number[]) => Uint32Array.from(xs, (m) => m * 600);
  const siteSurfaces = [min([10, 20, 30, 40]), min([90, 70, 10, 5]), min([5, 15, 80, 90])];
  const population = Uint32Array.from([100, 100, 100, 100]);
  const targetsMin = { L: 180, A: 180, E: 60 };
  const run = (extra: Partial<Parameters<typeof assignLevels>[0]>) => assignLevels({ siteSurfaces, population, targetsMin, method: "exact", ...extra });

  it("adds the site that relieves an overloaded E site, and says each chosen site's catchment", () => {
    const r = run({ capacity: [250, 300, undefined] });
    expect(r.E.relief).toEqual([1]);
    expect(r.E.cover.chosen).toEqual([0, 1]);
    expect([...r.E.catchment]).toEqual([200, 200, 0]);
    expect(r.E.overloaded).toEqual([]);
    expect(r.levels).toEqual(["E", "E", "L"]);
    // Without capacities the cover stands alone: site 0 draws everyone.
    const plain = run({});
    expect([plain.E.relief, plain.levels, [...plain.E.catchment]]).toEqual([[], ["E", "L", "L"], [400, 0, 0]]);
  });

  it("lets a stated factor allow the excess: 400 ≤ 1.7 × 250, so nothing is added", () => {
    const r = run({ capacity: [250, 300, undefined], maxLoad: 1.7 });
    expect([r.E.relief, r.E.overloaded, r.levels]).toEqual([[], [], ["E", "L", "L"]]);
  });

  it("adds nothing that cannot host E, and reports the site it could not relieve", () => {
    const r = run({ capacity: [250, 300, undefined], eligible: [["L", "A", "E"], ["L", "A"], ["L", "A"]] });
    expect([r.E.relief, r.E.overloaded, [...r.E.catchment]]).toEqual([[], [0], [400, 0, 0]]);
    // At A (site 0 is E, so it offers A too) the same excess is relieved by an A site instead.
    expect([r.A.relief, r.levels]).toEqual([[1], ["E", "A", "L"]]);
    expect([...r.A.catchment]).toEqual([200, 200, 0]);
  });

  it("adds only while the total excess falls: with room for 150 at sites 1 and 2, one addition leaves 50 over, a second 100", () => {
    // After site 1: site 0 has 200 (≤ 250), site 1 has 200 (50 over). Adding site 2 would take c0 and
    // c1 from site 0: site 0 0, site 1 200, site 2 200 → 50 + 50 = 100 over, worse; so it stops.
    const r = run({ capacity: [250, 150, 150] });
    expect([r.E.relief, r.E.overloaded, [...r.E.catchment]]).toEqual([[1], [1], [200, 200, 0]]);
  });

  it("refuses a negative capacity and a factor that is not positive, by field", () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InvalidInputError ? e.field : "not an InvalidInputError";
      }
      return "no error";
    };
    expect(field(() => run({ capacity: [-1] }))).toBe("capacity[0]");
    expect(field(() => run({ maxLoad: 0 }))).toBe("maxLoad");
  });
});
