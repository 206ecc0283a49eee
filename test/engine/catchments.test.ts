// Catchments, loads and the nearest-first assignment under capacities, against values worked out by
// hand on a line of cells and against a plain brute force on seeded random surfaces; 2SFCA and
// cumulative opportunities the same way.
import { describe, expect, it } from "vitest";
import { assignWithCapacity, catchmentMoves, catchments } from "../../engine/catchments.ts";
import { areaMeans, opportunitiesWithin, twoStepFca } from "../../engine/fca.ts";
import { UNREACHED } from "../../engine/units.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { rng } from "../fixtures/random-graph.ts";

const MIN = 600;
/**
 * Ten cells at x = 0..9 with ten people each, one minute per step:
 *   cells   0 1 2 3 4 5 6 7 8 9
 *   points      p0        p1        (p0 at x = 2, p1 at x = 7)
 */
const line = (xs: number[]) => xs.map((x) => Uint32Array.from({ length: 10 }, (_, c) => Math.abs(c - x) * MIN));
const people = new Uint32Array(10).fill(10);

describe("catchments", () => {
  it("gives each cell its nearest point, ties to the lower index, and counts the people", () => {
    const c = catchments(line([2, 7]), people);
    expect([...c.nearest]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect([...c.people]).toEqual([50, 50]);
    const tie = catchments(line([2, 6]), people); // cell 4 is 2 min from both
    expect(tie.nearest[4]).toBe(0);
    // Within 1 min: cells 1..3 and 6..8; cells 0, 4, 5 and 9 are out of reach.
    const cut = catchments(line([2, 7]), people, 1 * MIN);
    expect([...cut.nearest]).toEqual([-1, 0, 0, 0, -1, -1, 1, 1, 1, -1]);
    expect(cut.unreached).toBe(40);
  });

  it("says who moves where when a point closes", () => {
    const before = catchments(line([2, 7, 4]), people).nearest; // p2 at x = 4 takes 4 and 5 (3 is a tie: p0's)
    const after = catchments([...line([2, 7]), new Uint32Array(10).fill(UNREACHED)], people).nearest;
    const moved = catchmentMoves(before, after, people, 3);
    expect(moved[2][0]).toBe(10); // cell 4 goes to p0
    expect(moved[2][1]).toBe(10); // cell 5 goes to p1
    expect(moved[0][1] + moved[1][0]).toBe(0);
  });
});

describe("assignWithCapacity (nearest first)", () => {
  it("fills a point with the people closest to it and sends the rest to the next nearest with room", () => {
    // p0 (x = 2) takes 30: cells 2 (0 min), 1 and 3 (1 min). Cells 0 and 4 overflow to p1 (7 and 3 min away).
    const a = assignWithCapacity(line([2, 7]), people, [30, Infinity]);
    expect([...a.assigned]).toEqual([30, 70]);
    expect([...a.overflowIn]).toEqual([0, 20]);
    expect([...a.overflowOut]).toEqual([20, 0]);
    expect(a.unserved).toBe(0);
    // p1 with room for 60: its own 50 (2 min at most), then cell 4 at 3 min; cell 0 (7 min) finds no room.
    const b = assignWithCapacity(line([2, 7]), people, [30, 60]);
    expect([...b.assigned]).toEqual([30, 60]);
    expect([...b.overflowIn]).toEqual([0, 10]);
    expect(b.unserved).toBe(10);
  });

  it("equals the catchments when no point has a limit, and refuses a negative capacity", () => {
    const s = line([2, 7]);
    expect([...assignWithCapacity(s, people, [Infinity, Infinity]).assigned]).toEqual([...catchments(s, people).people]);
    expect(() => assignWithCapacity(s, people, [-1, 5])).toThrow(InvalidInputError);
    expect(() => assignWithCapacity(s, people, [5])).toThrow(/1 capacities for 2 points/);
  });

  it("equals a brute force that repeatedly takes the shortest pair with people and room left (seeded random)", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const n = 1 + Math.floor(r() * 25);
      const m = 1 + Math.floor(r() * 5);
      const pop = Uint32Array.from({ length: n }, () => (r() < 0.2 ? 0 : Math.floor(r() * 50)));
      // Few distinct times, so ties happen; some cells out of reach of some points.
      const surfaces = Array.from({ length: m }, () => Uint32Array.from({ length: n }, () => (r() < 0.15 ? UNREACHED : Math.floor(r() * 8) * MIN)));
      const cap = Array.from({ length: m }, () => (r() < 0.3 ? Infinity : Math.floor(r() * 120)));
      const cutoff = r() < 0.5 ? UNREACHED - 1 : 5 * MIN;
      const got = assignWithCapacity(surfaces, pop, cap, cutoff);
      // Brute force.
      const left = [...pop];
      const room = [...cap];
      const assigned = new Array<number>(m).fill(0);
      for (;;) {
        let best: [number, number, number] | null = null;
        for (let c = 0; c < n; c++) {
          if (left[c] <= 0) continue;
          for (let j = 0; j < m; j++) {
            const t = surfaces[j][c];
            if (room[j] <= 0 || t > cutoff) continue;
            if (!best || t < best[0] || (t === best[0] && (c < best[1] || (c === best[1] && j < best[2])))) best = [t, c, j];
          }
        }
        if (!best) break;
        const [, c, j] = best;
        const take = Math.min(left[c], room[j]);
        left[c] -= take;
        room[j] -= take;
        assigned[j] += take;
      }
      expect([...got.assigned], `seed ${seed}`).toEqual(assigned);
      const reached = pop.reduce((s, p, c) => s + (surfaces.some((x) => x[c] <= cutoff) ? p : 0), 0);
      expect(got.unserved, `seed ${seed}`).toBe(reached - assigned.reduce((s, v) => s + v, 0));
      for (let j = 0; j < m; j++) expect(got.assigned[j]).toBeLessThanOrEqual(cap[j]);
    }
  });
});

describe("2SFCA and cumulative opportunities", () => {
  it("shares each point's capacity over the people in reach (hand-computed)", () => {
    // Cells of 100, 100 and 200 people; p0 reaches cells 0 and 1 within 10 min, p1 cells 1 and 2.
    const s = [Uint32Array.of(5 * MIN, 10 * MIN, 20 * MIN), Uint32Array.of(30 * MIN, 10 * MIN, 0)];
    const f = twoStepFca(s, [100, 100, 200], [20, 30], 10 * MIN);
    expect([...f.ratio]).toEqual([0.1, 0.1]);
    expect([...f.index].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0.1, 0.2, 0.1]);
    expect(areaMeans(f.index, [100, 100, 200], Int32Array.of(0, 0, 1), 2).map((v) => Math.round(v! * 1e9) / 1e9)).toEqual([0.15, 0.1]);
    expect(() => twoStepFca(s, [100, 100, 200], [20, Infinity], 10 * MIN)).toThrow(/2SFCA needs a finite number/);
  });

  it("hands out exactly the capacity of every point with anyone in reach, and equals the formula cell by cell (seeded random)", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(seed);
      const n = 1 + Math.floor(r() * 40);
      const m = 1 + Math.floor(r() * 6);
      const pop = Array.from({ length: n }, () => Math.floor(r() * 30));
      const s = Array.from({ length: m }, () => Uint32Array.from({ length: n }, () => (r() < 0.2 ? UNREACHED : Math.floor(r() * 60) * MIN)));
      const cap = Array.from({ length: m }, () => Math.floor(r() * 500));
      const d0 = 30 * MIN;
      const f = twoStepFca(s, pop, cap, d0);
      const inReach = (j: number) => pop.reduce((sum, p, i) => sum + (s[j][i] <= d0 ? p : 0), 0);
      const shared = cap.reduce((sum, c, j) => sum + (inReach(j) > 0 ? c : 0), 0);
      expect(f.index.reduce((sum, a, i) => sum + a * pop[i], 0)).toBeCloseTo(shared, 6);
      for (let i = 0; i < n; i++) {
        const want = cap.reduce((sum, c, j) => sum + (s[j][i] <= d0 && inReach(j) > 0 ? c / inReach(j) : 0), 0);
        expect(f.index[i]).toBeCloseTo(want, 9);
      }
    }
  });

  it("counts the points within each threshold per cell", () => {
    const counts = opportunitiesWithin(line([2, 7, 4]), 10, [0, 2 * MIN, 9 * MIN]);
    expect([...counts[0]]).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 0, 0]);
    expect([...counts[1]]).toEqual([1, 1, 2, 2, 2, 2, 2, 1, 1, 1]);
    expect([...counts[2]]).toEqual(new Array(10).fill(3));
  });
});
