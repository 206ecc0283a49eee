// Time-of-day edge times (engine/time-of-day.ts) on a hand-drawn graph, worked by hand, and the
// junction test against a brute force on a generated graph.
//
//            N
//            ↓              (N → J one way: J still has three neighbours)
//   W ——— J ——— E ——— F ~~~ G      (E — F trunk; F ~~~ G ferry)
//               |
//               K           (E — K a service road: E is no junction)
import { describe, expect, it } from "vitest";
import { GraphBuilder, type RoadGraph } from "../../engine/graph.ts";
import { generateRoadGraph } from "../../engine/generate.ts";
import { CLASS_INDEX } from "../../engine/profiles.ts";
import { junctionMask, profileAt, profileModelVersion, splitProfile, turnsBase } from "../../engine/time-of-day.ts";
import { InvalidInputError } from "../../engine/errors.ts";

const P = { W: [24.0, 60.0], J: [24.01, 60.0], E: [24.02, 60.0], F: [24.03, 60.0], G: [24.04, 60.0], N: [24.01, 60.01], K: [24.02, 59.99] } as const;
type Name = keyof typeof P;

function drawn(): { g: RoadGraph; edge: (a: Name, b: Name) => number; node: (a: Name) => number } {
  const b = new GraphBuilder(["car", "car-winter"]);
  const id = Object.fromEntries(Object.entries(P).map(([k, [lon, lat]]) => [k, b.addNode(lon, lat)])) as Record<Name, number>;
  const both = (x: Name, y: Name, m: number, ds: [number, number], cls: string) => {
    b.addEdge(id[x], id[y], m, ds, CLASS_INDEX[cls]);
    b.addEdge(id[y], id[x], m, ds, CLASS_INDEX[cls]);
  };
  both("W", "J", 100, [120, 120], "residential"); // 30 km/h effective: posted 37.5
  both("J", "E", 200, [200, 200], "secondary"); // posted 45
  both("E", "F", 1000, [450, 563], "trunk"); // posted 100 (winter 80)
  both("E", "K", 50, [100, 100], "service");
  both("F", "G", 500, [1800, 1800], "ferry");
  b.addEdge(id.N, id.J, 100, [120, 120], CLASS_INDEX.residential);
  const g = b.build();
  const at = (n: Name) => {
    for (let i = 0; i < g.nodeCount; i++) if (g.lon(i) === P[n][0] && g.lat(i) === P[n][1]) return i;
    throw new Error(n);
  };
  return { g, node: at, edge: (x, y) => g.findEdge(at(x), at(y)) };
}

describe("time-of-day profiles", () => {
  it("names: car + rush is car-rush, free flow is the stored profile, and back", () => {
    expect(profileAt("car", "rush")).toBe("car-rush");
    expect(profileAt("car-winter", "midday")).toBe("car-winter-midday");
    expect(profileAt("car-winter", "free")).toBe("car-winter");
    expect(splitProfile("car-winter-rush")).toEqual({ base: "car-winter", time: "rush", junctionDelay: true });
    expect(splitProfile("car-winter-rush:turns")).toEqual({ base: "car-winter", time: "rush", junctionDelay: false });
    expect(splitProfile("car-winter")).toBeUndefined();
    // What is cached per profile keys on the time-of-day tables only where they count.
    expect(profileModelVersion("car")).toBe("");
    expect(profileModelVersion("car-rush")).toMatch(/^[0-9a-f]{8}$/);
    expect(profileModelVersion("car-winter-midday")).toBe(profileModelVersion("car-rush"));
  });

  it("the turns model's columns (R5's scheme): free flow at the posted limit, a period with no junction delay and never faster", () => {
    const { g, edge } = drawn();
    expect(turnsBase("car:turns")).toBe("car");
    expect(turnsBase("car-winter:turns")).toBe("car-winter");
    expect(turnsBase("car-rush:turns")).toBeUndefined(); // splitProfile's
    expect(turnsBase("car")).toBeUndefined();
    const free = g.timeColumn("car:turns");
    expect(free[edge("W", "J")]).toBe(96); // 120 × 0.8: posted 37.5 km/h
    expect(free[edge("E", "F")]).toBe(360); // 450 × 0.8: posted 100 km/h
    expect(free[edge("F", "G")]).toBe(1800); // ferries keep their time
    expect(g.timeColumn("car-winter:turns")[edge("E", "F")]).toBe(450); // 563 × 0.8: posted 80 in winter
    const rush = g.timeColumn("car-rush:turns");
    expect(rush[edge("W", "J")]).toBe(96); // into a junction: no delay on turns
    expect(rush[edge("E", "F")]).toBe(432); // a trunk between junctions: × 1.2
    for (let e = 0; e < g.edgeCount; e++) expect(rush[e]).toBeGreaterThanOrEqual(free[e]);
    let err: unknown;
    try {
      g.timeColumn("bus:turns");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe("profile");
  });

  it("finds junctions by distinct neighbours, one-way streets counted, service roads not", () => {
    const { g, node } = drawn();
    const mask = junctionMask(g);
    expect(mask[node("J")]).toBe(1); // W, E, and N by its one-way street
    expect(mask[node("E")]).toBe(0); // J, F; K is a service road
    for (const n of ["W", "F", "G", "N", "K"] as const) expect(mask[node(n)], n).toBe(0);
  });

  it("drives at the posted limit, adds half the class group's delay into a junction, multiplies fast roads", () => {
    const { g, edge } = drawn();
    const mid = g.timeColumn("car-midday");
    const rush = g.timeColumn("car-rush");
    // Into junction J: 120 ds × 0.8 at the limit, + ½ × 7.752 s (streets) midday, ½ × 10.633 s rush.
    expect(mid[edge("W", "J")]).toBe(Math.round(96 + 38.76));
    expect(rush[edge("W", "J")]).toBe(Math.round(96 + 53.165));
    expect(mid[edge("N", "J")]).toBe(135);
    // Secondary (class group 3) into J: 160 + ½ × 6.65 s, rush + ½ × 11.199 s.
    expect(mid[edge("E", "J")]).toBe(Math.round(160 + 33.25));
    expect(rush[edge("E", "J")]).toBe(Math.round(160 + 55.995));
    // Slow roads into no junction: at the limit only.
    expect(mid[edge("J", "W")]).toBe(96);
    expect(rush[edge("J", "E")]).toBe(160);
    expect(rush[edge("E", "K")]).toBe(80);
    // The trunk (posted 100 km/h) between non-junctions: ×1.0 midday, ×1.2 rush.
    expect(mid[edge("E", "F")]).toBe(360);
    expect(rush[edge("F", "E")]).toBe(432);
    // Ferries keep their time.
    expect(rush[edge("F", "G")]).toBe(1800);
  });

  it("combines with winter limits: the winter column is the base", () => {
    const { g, edge } = drawn();
    // Winter trunk: 563 ds × 0.8 = 450.4 at the 80 km/h winter limit; 80 ≥ 70, so ×1.2 in the rush hour.
    expect(g.timeColumn("car-winter-rush")[edge("E", "F")]).toBe(Math.round(450.4 * 1.2));
    expect(g.timeColumn("car-winter-midday")[edge("W", "J")]).toBe(135);
  });

  it("serves derived profiles through the views and lists them; refuses unknown ones naming the profile", () => {
    const { g } = drawn();
    expect(g.allProfiles).toEqual(["car", "car-winter", "car-midday", "car-winter-midday", "car-rush", "car-winter-rush"]);
    expect(g.forward("car-rush").timeDs).toBe(g.timeColumn("car-rush"));
    expect(g.reverse("car-rush").timeDs.length).toBe(g.edgeCount);
    expect(g.profiles).toEqual(["car", "car-winter"]); // nothing derived is stored
    for (const bad of ["car-dusk", "bike-rush", "rush"]) {
      let err: unknown;
      try {
        g.timeColumn(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).field).toBe("profile");
    }
  });

  it("finds the same junctions as a brute force over neighbour sets on a generated graph", () => {
    const { graph: g } = generateRoadGraph({ seed: 11, bbox: [24.8, 60.15, 25.0, 60.25], targetNodes: 3000 });
    const neighbours = Array.from({ length: g.nodeCount }, () => new Set<number>());
    for (let u = 0; u < g.nodeCount; u++) {
      for (let e = g.firstOut[u]; e < g.firstOut[u + 1]; e++) {
        if (g.roadClass[e] === CLASS_INDEX.service || g.head[e] === u) continue;
        neighbours[u].add(g.head[e]);
        neighbours[g.head[e]].add(u);
      }
    }
    const mask = junctionMask(g);
    let junctions = 0;
    for (let u = 0; u < g.nodeCount; u++) {
      expect(mask[u], `node ${u}`).toBe(neighbours[u].size >= 3 ? 1 : 0);
      junctions += mask[u];
    }
    expect(junctions).toBeGreaterThan(100);
  });
});
