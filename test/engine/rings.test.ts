// The ring helpers the report geometry, the water reader and the web app's unit outlines share.
import { describe, expect, it } from "vitest";
import { nestRings, pointInRing, signedArea } from "../../engine/rings.ts";

const square: [number, number][] = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
const notch: [number, number][] = [[0, 0], [4, 0], [4, 4], [2, 1], [0, 4], [0, 0]]; // concave: a V cut in from the top

describe("rings", () => {
  it("signed area is the shoelace area, positive counter-clockwise, and the same for an unclosed ring", () => {
    expect(signedArea(square)).toBe(16);
    expect(signedArea([...square].reverse())).toBe(-16);
    expect(signedArea(square.slice(0, 4))).toBe(16);
    expect(signedArea(notch)).toBe(16 - 6); // the cut triangle (0,4)-(2,1)-(4,4) has area 6
  });

  it("point in ring: inside, outside, and in a concave ring's notch", () => {
    expect(pointInRing(1, 1, square)).toBe(true);
    expect(pointInRing(5, 1, square)).toBe(false);
    expect(pointInRing(2, 0.5, notch)).toBe(true);
    expect(pointInRing(2, 3, notch)).toBe(false); // in the notch
    expect(pointInRing(0.5, 3, notch)).toBe(true);
  });

  it("nests rings even-odd: an island in a lake in an island is a polygon of its own, each outer ring counter-clockwise", () => {
    const box = (x0: number, y0: number, s: number): [number, number][] => [[x0, y0], [x0, y0 + s], [x0 + s, y0 + s], [x0 + s, y0], [x0, y0]]; // clockwise
    const land = box(0, 0, 10);
    const lake = box(2, 2, 6);
    const islet = box(4, 4, 2);
    const away = box(20, 0, 3);
    const polygons = nestRings([islet, land, away, lake]);
    expect(polygons).toHaveLength(3);
    const holding = (p: [number, number][][]) => p.map((r) => signedArea(r));
    expect(polygons.map(holding)).toEqual([[4], [100, -36], [9]]); // in the order of their outer rings
  });
});
