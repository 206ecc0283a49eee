// The basemap's road lines on a fixture drawn in metres: each stretch between junctions is one
// line, a two-way road is drawn once, a one-way motorway and a roundabout with no junction are
// kept, shape points on a straight road are simplified away, and a vertex budget drops whole
// ranks, least important first. Then the real central Helsinki extract: every drawable edge is covered.
import { describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { roadLines, ROAD_RANKS, RANK_NAMES } from "../../engine/roadlines.ts";
import type { RoadGraph } from "../../engine/graph.ts";
import { ROAD_CLASSES } from "../../engine/profiles.ts";
import { lonLat, osmXml, tempFile, type FixtureWay } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

async function build(nodes: Record<number, [number, number]>, ways: FixtureWay[]): Promise<RoadGraph> {
  return (await importOsm(tempFile("roads.osm", osmXml(nodes, ways)))).graph;
}

//            5 (street)
//            |
//  1 --2--3--4--6--7      primary, 1–4 straight with shape points 2, 3; 4–7 bends at 6
//                          a one-way motorway 8 ──▶ 9 far below; a roundabout 10-11-12-13 apart
const NODES: Record<number, [number, number]> = {
  1: [0, 0], 2: [100, 0], 3: [200, 0], 4: [300, 0], 5: [300, 200], 6: [400, 80], 7: [500, 0],
  8: [0, -1000], 9: [1000, -1000],
  10: [2000, 0], 11: [2050, 50], 12: [2000, 100], 13: [1950, 50],
};
const WAYS: FixtureWay[] = [
  { id: 1, nodes: [1, 2, 3, 4], tags: { highway: "primary" } },
  { id: 2, nodes: [4, 6, 7], tags: { highway: "primary" } },
  { id: 3, nodes: [4, 5], tags: { highway: "residential" } },
  { id: 4, nodes: [8, 9], tags: { highway: "motorway" } },
  { id: 5, nodes: [10, 11, 12, 13, 10], tags: { highway: "tertiary", junction: "roundabout" } },
];

const near = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-6;

describe("roadLines", () => {
  it("draws each stretch between junctions once, simplifying straight shape points away", async () => {
    const g = await build(NODES, WAYS);
    const r = roadLines(g, { toleranceM: 5 });
    const byRank = (rank: number) => r.lines.filter((l) => l.rank === rank);
    expect(r.ranks.map((k) => RANK_NAMES[k])).toEqual(["motorway", "primary", "tertiary", "street"]);
    // Primary: 1–4 (shape points 2 and 3 lie on the chord) and 4–7 (keeps the bend at 6); 4 is a junction with the street.
    const primary = byRank(ROAD_RANKS.primary).map((l) => l.coordinates);
    expect(primary).toHaveLength(2);
    const straight = primary.find((c) => c.length === 2)!;
    expect([straight[0], straight[1]].some((p) => near(p, lonLat(0, 0)))).toBe(true);
    expect(primary.find((c) => c.length === 3)!.some((p) => near(p, lonLat(400, 80)))).toBe(true);
    expect(byRank(ROAD_RANKS.residential)).toHaveLength(1);
    expect(byRank(ROAD_RANKS.motorway).map((l) => l.coordinates.length)).toEqual([2]);
    // The roundabout has no junction: one closed ring of its four corners.
    const ring = byRank(ROAD_RANKS.tertiary);
    expect(ring).toHaveLength(1);
    expect(ring[0].coordinates).toHaveLength(5);
    expect(near(ring[0].coordinates[0], ring[0].coordinates[4])).toBe(true);
  });

  it("keeps every shape point off the chord by more than the tolerance, and drops the ones within it", async () => {
    const g = await build(NODES, WAYS);
    expect(roadLines(g, { toleranceM: 100 }).lines.find((l) => l.rank === ROAD_RANKS.primary && l.coordinates.some((p) => near(p, lonLat(500, 0))))!.coordinates).toHaveLength(2);
    expect(roadLines(g, { toleranceM: 50 }).lines.find((l) => l.rank === ROAD_RANKS.primary && l.coordinates.some((p) => near(p, lonLat(500, 0))))!.coordinates).toHaveLength(3);
  });

  it("leaves out whole ranks, least important first, to stay within the vertex budget", async () => {
    const g = await build(NODES, WAYS);
    const all = roadLines(g, { toleranceM: 5 });
    const cut = roadLines(g, { toleranceM: 5, maxVertices: all.vertices - 1 });
    expect(cut.omitted.map((k) => RANK_NAMES[k])).toEqual(["street"]);
    expect(cut.lines.some((l) => l.rank === ROAD_RANKS.residential)).toBe(false);
    const least = roadLines(g, { toleranceM: 5, maxVertices: 1 });
    expect(least.ranks.map((k) => RANK_NAMES[k])).toEqual(["motorway"]); // the first rank stays, whatever the budget
    expect(least.omitted.map((k) => RANK_NAMES[k])).toEqual(["primary", "tertiary", "street"]);
  });

  it("covers every drawable edge of the real central Helsinki extract, in one line per stretch", async () => {
    const { graph } = await importOsm(sharedData("osm/helsinki-centre.osm.pbf"));
    const r = roadLines(graph, { toleranceM: 0 });
    // With no simplification, each undirected drawable edge is one segment of exactly one line.
    const seg = (a: [number, number], b: [number, number]) => [a, b].map((p) => p.join(",")).sort().join(" ");
    const drawn = new Map<string, number>();
    for (const l of r.lines) for (let i = 1; i < l.coordinates.length; i++) drawn.set(seg(l.coordinates[i - 1], l.coordinates[i]), (drawn.get(seg(l.coordinates[i - 1], l.coordinates[i])) ?? 0) + 1);
    const wanted = new Set<string>();
    for (let u = 0; u < graph.nodeCount; u++) {
      for (let e = graph.firstOut[u]; e < graph.firstOut[u + 1]; e++) {
        const v = graph.head[e];
        if (u !== v && ROAD_RANKS[ROAD_CLASSES[graph.roadClass[e]].tag] !== undefined) wanted.add(seg([graph.lon(u), graph.lat(u)], [graph.lon(v), graph.lat(v)]));
      }
    }
    expect(new Set(drawn.keys())).toEqual(wanted);
    expect([...drawn.values()].every((n) => n === 1)).toBe(true);
    expect(r.omitted).toEqual([]);
  });
});
