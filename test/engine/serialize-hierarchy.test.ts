// A hierarchy saved as one buffer reads back the same, answers the same, and a damaged, foreign or
// stale buffer is refused with CorruptDataError.
import { describe, expect, it } from "vitest";
import { coreView } from "../../engine/core.ts";
import { buildHierarchy, keepHierarchy, keptHierarchy } from "../../engine/hierarchy.ts";
import { deserializeHierarchy, serializeHierarchy } from "../../engine/serialize-hierarchy.ts";
import { BucketMatrix } from "../../engine/buckets.ts";
import { CorruptDataError } from "../../engine/errors.ts";
import { tieGraph } from "../fixtures/random-graph.ts";

describe("hierarchy serialisation", () => {
  const g = tieGraph(4, 300, 500);
  const view = coreView(g, "car", "forward");
  const h = buildHierarchy(view.adj);

  it("round-trips every column and gives the same answers", () => {
    const back = deserializeHierarchy(serializeHierarchy(h));
    expect(back.nodeCount).toBe(h.nodeCount);
    expect(back.fingerprint).toBe(h.fingerprint);
    expect(back.rank).toEqual(h.rank);
    for (const side of ["up", "down"] as const) {
      for (const col of ["firstOut", "head", "timeDs", "lengthM"] as const) expect(back[side][col]).toEqual(h[side][col]);
    }
    const [a, b] = [new BucketMatrix(h, view), new BucketMatrix(back, view)];
    const targets = Array.from({ length: g.nodeCount }, (_, x) => x);
    a.setTargets(targets);
    b.setTargets(targets);
    for (const s of [0, 17, 150]) {
      a.run([s], [0], [0]);
      b.run([s], [0], [0]);
      expect(b.timeDs).toEqual(a.timeDs);
      expect(b.lengthM).toEqual(a.lengthM);
    }
  });

  it("reads from a buffer that is not 8-byte aligned", () => {
    const bytes = serializeHierarchy(h);
    const shifted = new Uint8Array(bytes.length + 4);
    shifted.set(bytes, 4);
    expect(deserializeHierarchy(shifted.subarray(4)).rank).toEqual(h.rank);
  });

  it("refuses a damaged, truncated or other-version buffer", () => {
    const bytes = serializeHierarchy(h);
    const flipped = bytes.slice();
    flipped[bytes.length - 3] ^= 0xff;
    expect(() => deserializeHierarchy(flipped)).toThrow(CorruptDataError);
    expect(() => deserializeHierarchy(bytes.subarray(0, bytes.length - 8))).toThrow(CorruptDataError);
    const other = bytes.slice();
    new DataView(other.buffer).setUint32(4, 99, true);
    expect(() => deserializeHierarchy(other)).toThrow(CorruptDataError);
    expect(() => deserializeHierarchy(new Uint8Array(8))).toThrow(CorruptDataError);
  });

  it("refuses a buffer whose checksum is right but whose edges do not climb (crafted)", () => {
    const bytes = serializeHierarchy(h);
    const copy = deserializeHierarchy(bytes.slice());
    const e = copy.up.firstOut[copy.up.firstOut.findIndex((x, v) => v < h.nodeCount && copy.up.firstOut[v + 1] > x)];
    copy.up.head[e] = copy.rank.indexOf(0); // down to the least important node
    expect(() => deserializeHierarchy(serializeHierarchy(copy))).toThrow(CorruptDataError);
  });

  it("is kept only for the graph it was built over", () => {
    const other = tieGraph(5, 300, 500);
    expect(() => keepHierarchy(other, "car", h)).toThrow(CorruptDataError);
    expect(keptHierarchy(other, "car")).toBeUndefined();
    keepHierarchy(g, "car", deserializeHierarchy(serializeHierarchy(h)));
    expect(keptHierarchy(g, "car")?.fingerprint).toBe(h.fingerprint);
  });
});
