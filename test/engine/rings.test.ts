// The ring helpers the report geometry, the water reader, the web app's unit outlines and the OGC
// API's bbox filter share.
import { describe, expect, it } from "vitest";
import { nestRings, pointInRing, polygonMeetsBox, signedArea } from "../../engine/rings.ts";
import { mulberry32 } from "../../engine/random.ts";

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

describe("polygonMeetsBox", () => {
  const frame: [number, number][][] = [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [2, 8], [8, 8], [8, 2], [2, 2]]]; // a square with a square hole

  it("meets a box over an edge, inside the polygon, or holding it; not one in a hole, in a notch, or beside it", () => {
    expect(polygonMeetsBox(frame, [-1, -1, 1, 1])).toBe(true); // over a corner
    expect(polygonMeetsBox(frame, [0.5, 0.5, 1.5, 1.5])).toBe(true); // inside, touching no edge
    expect(polygonMeetsBox(frame, [-5, -5, 15, 15])).toBe(true); // holds the whole polygon
    expect(polygonMeetsBox(frame, [3, 3, 7, 7])).toBe(false); // in the hole
    expect(polygonMeetsBox(frame, [8, 3, 9, 4])).toBe(true); // touches the hole's edge: the edge belongs to the polygon
    expect(polygonMeetsBox(frame, [11, 0, 12, 10])).toBe(false); // beside it, inside its envelope's latitudes
    expect(polygonMeetsBox([notch], [1.8, 3, 2.2, 3.5])).toBe(false); // in the notch, inside the envelope
    expect(polygonMeetsBox([notch], [1.8, 0.5, 2.2, 3.5])).toBe(true); // reaching out of the notch into the polygon
    expect(polygonMeetsBox([], [0, 0, 1, 1])).toBe(false);
  });

  it("agrees with a brute force on random boxes: a vertex inside, a box corner inside, or two edges crossing", () => {
    const crosses = (a: number[], b: number[], c: number[], d: number[]) => {
      const side = (p: number[], q: number[], r: number[]) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
      return side(a, b, c) * side(a, b, d) <= 0 && side(c, d, a) * side(c, d, b) <= 0;
    };
    const brute = (polygon: [number, number][][], box: number[]) => {
      const corners = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]];
      const inPolygon = ([x, y]: number[]) => pointInRing(x, y, polygon[0]) && !polygon.slice(1).some((h) => pointInRing(x, y, h));
      const rings = polygon.flatMap((r) => r.slice(1).map((p, i) => [r[i], p]));
      return (
        polygon.some((r) => r.some(([x, y]) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3])) ||
        corners.some(inPolygon) ||
        rings.some(([a, b]) => corners.some((c, k) => crosses(a, b, c, corners[(k + 1) % 4])))
      );
    };
    const random = mulberry32(7);
    const next = () => random() * 14 - 2; // in [-2, 12): round the 10 × 10 frame
    for (let k = 0; k < 2000; k++) {
      const [x0, x1, y0, y1] = [next(), next(), next(), next()];
      const box = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
      for (const polygon of [frame, [notch]]) expect(polygonMeetsBox(polygon, box), JSON.stringify(box)).toBe(brute(polygon, box));
    }
  });
});
