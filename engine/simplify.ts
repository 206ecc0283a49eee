/**
 * Line simplification (Douglas–Peucker) for drawing: keeps the vertices that lie farther than a
 * tolerance from the chord of their stretch, always the ends. Coordinates are planar metres
 * (EPSG:3067, or a local equirectangular view of lon/lat), so the tolerance means the same
 * everywhere. Iterative with an explicit stack, so a 100,000-vertex ring cannot overflow the call stack.
 */

/** Indices of the vertices kept, ascending, ends included; `xs` and `ys` in metres. */
export function simplifyIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, toleranceM: number): number[] {
  const n = xs.length;
  if (n <= 2 || !(toleranceM > 0)) return Array.from({ length: n }, (_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const tol2 = toleranceM * toleranceM;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    let worst = -1;
    let worstD2 = tol2;
    for (let i = first + 1; i < last; i++) {
      const d2 = segmentDistance2(xs[i], ys[i], xs[first], ys[first], xs[last], ys[last]);
      if (d2 > worstD2) (worst = i), (worstD2 = d2);
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push(first, worst, worst, last);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/** A ring or line of [x, y] metres, simplified; a closed ring stays closed (its ends are kept). */
export function simplifyPath<P extends readonly [number, number]>(path: readonly P[], toleranceM: number): P[] {
  const kept = simplifyIndices(
    path.map((p) => p[0]),
    path.map((p) => p[1]),
    toleranceM,
  );
  return kept.map((i) => path[i]);
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}
