/** Plain ring geometry on [x, y] positions (degrees or metres alike): the containment and orientation tests polygons need. */

type Ring = readonly (readonly [number, number] | readonly number[])[];

/** Whether (x, y) lies inside a ring, by even–odd ray casting (a point on the edge may go either way). */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Signed area of a ring (shoelace; positive when counter-clockwise), in the positions' units squared. */
export function signedArea(ring: Ring): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return twice / 2;
}

/**
 * Polygons from rings kept together even–odd (as boundary files give a municipality): a ring inside
 * an odd number of others is a hole of the smallest ring holding it; outer rings come out
 * counter-clockwise, holes clockwise. Rings must not cross (one area's boundary), so one vertex
 * decides containment.
 */
export function nestRings<P extends readonly number[]>(rings: readonly P[][]): P[][][] {
  const areas = rings.map((r) => Math.abs(signedArea(r)));
  const holders = rings.map((r, i) => rings.map((_, j) => j).filter((j) => j !== i && areas[j] > areas[i] && pointInRing(r[0][0], r[0][1], rings[j])));
  const orient = (r: P[], ccw: boolean) => (signedArea(r) > 0 === ccw ? r : [...r].reverse());
  const polygons = new Map<number, P[][]>();
  rings.forEach((r, i) => {
    if (holders[i].length % 2 === 0) polygons.set(i, [orient(r, true)]);
  });
  rings.forEach((r, i) => {
    if (holders[i].length % 2 === 0) return;
    const owner = holders[i].filter((j) => polygons.has(j)).sort((a, b) => areas[a] - areas[b])[0];
    polygons.get(owner)?.push(orient(r, false));
  });
  return [...polygons.values()];
}

/** Whether the segment (x1, y1)–(x2, y2) shares a point with the box [minX, minY, maxX, maxY] (Liang–Barsky clipping). */
function segmentMeetsBox(x1: number, y1: number, x2: number, y2: number, box: readonly number[]): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const p = [-dx, dx, -dy, dy];
  const q = [x1 - box[0], box[2] - x1, y1 - box[1], box[3] - y1];
  let t0 = 0;
  let t1 = 1;
  for (let k = 0; k < 4; k++) {
    if (p[k] === 0) {
      if (q[k] < 0) return false; // parallel to this side and outside it
      continue;
    }
    const t = q[k] / p[k];
    if (p[k] < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return true;
}

/**
 * Whether a polygon (exterior ring, then its holes) shares a point with the box [minX, minY,
 * maxX, maxY], edges included: an edge of some ring meets the box, or else the box lies wholly
 * inside the polygon (its centre inside the exterior and in no hole) or wholly outside it.
 */
export function polygonMeetsBox(polygon: readonly Ring[], box: readonly number[]): boolean {
  if (polygon.length === 0) return false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      if (segmentMeetsBox(ring[j][0], ring[j][1], ring[i][0], ring[i][1], box)) return true;
    }
  }
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  return pointInRing(cx, cy, polygon[0]) && !polygon.slice(1).some((hole) => pointInRing(cx, cy, hole));
}
