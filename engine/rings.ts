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
