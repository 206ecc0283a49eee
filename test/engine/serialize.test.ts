// The graph file format: exact round trip, and clear errors for every kind of damage.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checksum32, deserializeGraph, serializeGraph } from "../../engine/serialize.ts";
import { RoadGraph } from "../../engine/graph.ts";
import { TravelTimeSearch } from "../../engine/search.ts";
import { CoreSearch, coreView } from "../../engine/core.ts";
import { fuzzParams } from "../fixtures/fuzz.ts";
import { CorruptDataError } from "../../engine/errors.ts";
import { randomGraph, withTurnRules } from "../fixtures/random-graph.ts";
import { TurnModel } from "../../engine/turns.ts";
import { TurnSearch } from "../../engine/turn-search.ts";

describe("serializeGraph / deserializeGraph", () => {
  const g = withTurnRules(randomGraph(5, 500, 2000), 55);
  const bytes = serializeGraph(g, { source: "test", generated: true });

  it("round-trips every column and the metadata", () => {
    const { graph, meta } = deserializeGraph(bytes);
    expect(meta).toMatchObject({ source: "test", generated: true, profiles: ["car", "car-winter"] });
    expect(g.restrictionFrom.length).toBeGreaterThan(0);
    expect(g.controlEdges.length).toBeGreaterThan(0);
    for (const k of ["lonE7", "latE7", "firstOut", "head", "lengthM", "roadClass", "mainComponent", "nodeControl", "restrictionFrom", "restrictionTo", "restrictionOnly", "controlEdges"] as const) {
      expect(Array.from(graph[k])).toEqual(Array.from(g[k]));
    }
    expect(graph.timeDs.map((c) => Array.from(c))).toEqual(g.timeDs.map((c) => Array.from(c)));
  });

  it("writes the same bytes into memory it is given (shared memory for workers, at an offset too)", () => {
    const shared = serializeGraph(g, { source: "test", generated: true }, (n) => new Uint8Array(new SharedArrayBuffer(n)));
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared)).toEqual(Array.from(bytes));
    const atOffset = serializeGraph(g, { source: "test", generated: true }, (n) => new Uint8Array(new ArrayBuffer(n + 16), 16, n));
    expect(Array.from(atOffset)).toEqual(Array.from(bytes));
    expect(deserializeGraph(shared).graph.edgeCount).toBe(g.edgeCount);
  });

  it("loads from an unaligned buffer", () => {
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(deserializeGraph(shifted.subarray(3)).graph.edgeCount).toBe(g.edgeCount);
  });

  it("refuses a flipped byte, a truncated file, another version and a foreign file", () => {
    const flipped = bytes.slice();
    flipped[bytes.length - 100] ^= 0xff;
    expect(() => deserializeGraph(flipped)).toThrow(CorruptDataError);
    expect(() => deserializeGraph(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
    const v2 = bytes.slice();
    v2[4] = 99;
    expect(() => deserializeGraph(v2)).toThrow(/version 99/);
    expect(() => deserializeGraph(new TextEncoder().encode("<osm>not a graph file at all</osm>"))).toThrow(/magic/);
  });
});

describe("a crafted graph file with a valid checksum", () => {
  const g = withTurnRules(randomGraph(7, 300, 1200), 77);
  const columns = () => ({
    lonE7: g.lonE7.slice(), latE7: g.latE7.slice(), firstOut: g.firstOut.slice(), head: g.head.slice(), lengthM: g.lengthM.slice(),
    roadClass: g.roadClass.slice(), mainComponent: g.mainComponent.slice(), timeDs: g.timeDs.map((t) => t.slice()), profiles: [...g.profiles],
    nodeControl: g.nodeControl.slice(), restrictionFrom: g.restrictionFrom.slice(), restrictionTo: g.restrictionTo.slice(), restrictionOnly: g.restrictionOnly.slice(),
    controlEdges: g.controlEdges.slice(),
  });
  /** The file of the graph with one column changed, its checksum made right again. */
  const crafted = (change: (c: ReturnType<typeof columns>) => void) => {
    const c = columns();
    change(c);
    return serializeGraph(Object.assign(Object.create(RoadGraph.prototype), { ...c, nodeCount: c.lonE7.length, edgeCount: c.head.length }) as RoadGraph, { generated: true });
  };

  it("is refused, naming the column, for each kind of structural damage", () => {
    const cases: [string, (c: ReturnType<typeof columns>) => void][] = [
      ["head", (c) => (c.head[5] = c.lonE7.length + 7)],
      ["firstOut", (c) => (c.firstOut[10] = c.firstOut[11] + 1)],
      ["firstOut", (c) => (c.firstOut[0] = 1)],
      ["lengthM", (c) => (c.lengthM[3] = Number.NaN)],
      ["lengthM", (c) => (c.lengthM[3] = -1)],
      ["timeDs", (c) => (c.timeDs[1][9] = 0xffffffff)],
      ["roadClass", (c) => (c.roadClass[2] = 200)],
      ["lonE7", (c) => (c.lonE7[4] = 180e7 - 1)],
      ["mainComponent", (c) => (c.mainComponent[1] = 7)],
      ["nodeControl", (c) => (c.nodeControl[2] = 9)],
      ["controlEdges", (c) => (c.controlEdges[0] = c.head.length)],
      ["restrictionFrom", (c) => (c.restrictionTo[0] = c.head.length + 1)],
      ["restrictionFrom", (c) => (c.restrictionFrom[1] = c.restrictionFrom[0] > 0 ? 0 : c.head.length - 1)],
    ];
    for (const [field, change] of cases) {
      let err: unknown;
      try {
        deserializeGraph(crafted(change));
      } catch (e) {
        err = e;
      }
      expect(err, field).toBeInstanceOf(CorruptDataError);
      expect((err as CorruptDataError).field, field).toBe(field);
    }
  });

  it("fuzz: random column bytes changed, checksum recomputed: refused, or a graph every search finishes on", () => {
    const bytes = serializeGraph(g, { generated: true });
    const metaLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(20, true);
    const columnsStart = 40 + Math.ceil(metaLength / 8) * 8;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 }), (edits) => {
        const b = bytes.slice();
        for (const [at, value] of edits) b[columnsStart + (at % (b.length - columnsStart))] = value;
        new DataView(b.buffer).setUint32(24, checksum32(b.subarray(40)), true);
        let graph: RoadGraph;
        try {
          graph = deserializeGraph(b).graph;
        } catch (e) {
          expect(e).toBeInstanceOf(CorruptDataError);
          return;
        }
        // Accepted: its structure holds, so a search from anywhere ends, and within the graph.
        const start = Date.now();
        new TravelTimeSearch(graph.forward("car")).run([0], [0]);
        // The contracted core too: a crafted file once hung its build.
        new CoreSearch(coreView(graph, "car", "forward")).run([0], [0]);
        new TurnSearch(new TurnModel(graph, "car"), "forward").run({ nodes: [0] });
        expect(Date.now() - start).toBeLessThan(5_000);
      }),
      fuzzParams<[[number, number][]]>([]),
    );
  });
});
