// The graph file format: exact round trip, and clear errors for every kind of damage.
import { describe, expect, it } from "vitest";
import { deserializeGraph, serializeGraph } from "../../engine/serialize.ts";
import { CorruptDataError } from "../../engine/errors.ts";
import { randomGraph } from "../fixtures/random-graph.ts";

describe("serializeGraph / deserializeGraph", () => {
  const g = randomGraph(5, 500, 2000);
  const bytes = serializeGraph(g, { source: "test", generated: true });

  it("round-trips every column and the metadata", () => {
    const { graph, meta } = deserializeGraph(bytes);
    expect(meta).toMatchObject({ source: "test", generated: true, profiles: ["car", "car-winter"] });
    for (const k of ["lonE7", "latE7", "firstOut", "head", "lengthM", "roadClass", "mainComponent"] as const) {
      expect(Array.from(graph[k])).toEqual(Array.from(g[k]));
    }
    expect(graph.timeDs.map((c) => Array.from(c))).toEqual(g.timeDs.map((c) => Array.from(c)));
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
