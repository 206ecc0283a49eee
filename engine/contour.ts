/**
 * Marching squares over a 0/1 raster, without interpolation: the outlines d3-contour draws with
 * `smooth(false)` (the same case table, so the same segments and the same rings), stitched through
 * a typed array instead of d3's fragment maps. Each boundary point (the middle of a cell edge, on a
 * half-cell lattice) has exactly one segment leaving it, so a ring is followed point to point.
 * Rings going counter-clockwise (positive area) are outer rings, the others holes; a hole goes to
 * the smallest outer ring that contains it, so an island in a lake in an island nests right.
 *
 * Coordinates are d3's: sample (x, y) of the raster lies at (x + 0.5, y + 0.5).
 */

import { signedArea } from "./rings.ts";

type Position = [number, number];

/** Segments per case (bits: 1 = sample (x, y+1), 2 = (x+1, y+1), 4 = (x+1, y), 8 = (x, y)), as d3-contour's table. */
const CASES: readonly (readonly (readonly [number, number, number, number])[])[] = [
  [],
  [[1.0, 1.5, 0.5, 1.0]],
  [[1.5, 1.0, 1.0, 1.5]],
  [[1.5, 1.0, 0.5, 1.0]],
  [[1.0, 0.5, 1.5, 1.0]],
  [[1.0, 1.5, 0.5, 1.0], [1.0, 0.5, 1.5, 1.0]],
  [[1.0, 0.5, 1.0, 1.5]],
  [[1.0, 0.5, 0.5, 1.0]],
  [[0.5, 1.0, 1.0, 0.5]],
  [[1.0, 1.5, 1.0, 0.5]],
  [[0.5, 1.0, 1.0, 0.5], [1.5, 1.0, 1.0, 1.5]],
  [[1.5, 1.0, 1.0, 0.5]],
  [[0.5, 1.0, 1.5, 1.0]],
  [[1.0, 1.5, 1.5, 1.0]],
  [[0.5, 1.0, 1.0, 1.5]],
  [],
];

/**
 * The polygons (outer ring, then its holes; each ring closed, its first point repeated last) of
 * the cells where `inside` is 1, on a raster of `dx` × `dy` samples (row-major, x fastest).
 * A reusable scratch buffer may be given for repeated calls on one raster size.
 */
export function contourPolygons(inside: Uint8Array, dx: number, dy: number, scratch?: ContourScratch): Position[][][] {
  const s = scratch ?? new ContourScratch(dx, dy);
  if (s.dx !== dx || s.dy !== dy) throw new RangeError(`scratch is for ${s.dx} × ${s.dy}, the raster ${dx} × ${dy}`);
  const w = 2 * dx + 3;
  const next = s.next;
  const starts = s.starts;
  let count = 0;
  // Each row's first and last set sample: a block left or right of both its rows' is empty.
  const { firstSet, lastSet } = s;
  for (let y = 0; y < dy; y++) {
    let lo = dx;
    let hi = -1;
    for (let i = y * dx, x = 0; x < dx; x++, i++) {
      if (inside[i]) {
        if (lo === dx) lo = x;
        hi = x;
      }
    }
    firstSet[y] = lo;
    lastSet[y] = hi;
  }
  // Blocks with samples (x, y), (x+1, y), (x, y+1), (x+1, y+1); x, y from -1, as d3 pads the edges.
  for (let y = -1; y < dy; y++) {
    const rowA = y >= 0 ? y * dx : -1; // samples (…, y)
    const rowB = y + 1 < dy ? (y + 1) * dx : -1; // samples (…, y + 1)
    const lo = Math.min(rowA >= 0 ? firstSet[y] : dx, rowB >= 0 ? firstSet[y + 1] : dx);
    const hi = Math.max(rowA >= 0 ? lastSet[y] : -1, rowB >= 0 ? lastSet[y + 1] : -1);
    if (hi < 0) continue;
    let a0 = 0;
    let b0 = 0;
    for (let x = lo - 1; x <= hi; x++) {
      const a1 = rowA >= 0 && x + 1 < dx ? inside[rowA + x + 1] : 0;
      const b1 = rowB >= 0 && x + 1 < dx ? inside[rowB + x + 1] : 0;
      const c = b0 | (b1 << 1) | (a1 << 2) | (a0 << 3);
      a0 = a1;
      b0 = b1;
      if (c === 0 || c === 15) continue;
      const segments = CASES[c];
      for (let k = 0; k < segments.length; k++) {
        const [ax, ay, bx, by] = segments[k];
        // Points on the half-cell lattice: coordinate v ↦ index 2v + 1 (v from -0.5).
        const from = (2 * (ay + y) + 1) * w + 2 * (ax + x) + 1;
        next[from] = (2 * (by + y) + 1) * w + 2 * (bx + x) + 1;
        starts[count++] = from;
      }
    }
  }
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < dx && y < dy ? inside[y * dx + x] : 0);
  // Every ring bounds one piece of set samples (4-connected: marching squares draws a diagonal
  // pair apart), on its inside if it is an outer ring, on its outside if it is a hole; a hole
  // belongs to the outer ring of the piece around it.
  const outers: { ring: Position[]; sample: number }[] = [];
  const holes: { ring: Position[]; sample: number }[] = [];
  for (let k = 0; k < count; k++) {
    const first = starts[k];
    if (next[first] < 0) continue; // taken by a ring already
    const ring: Position[] = [];
    let p = first;
    do {
      ring.push([((p % w) - 1) / 2, (Math.floor(p / w) - 1) / 2]);
      const q = next[p];
      next[p] = -1;
      p = q;
    } while (p !== first);
    ring.push(ring[0]);
    // The ring's first point is the middle of an edge between a set sample and an unset one.
    const [px, py] = ring[0];
    const [ax, ay, bx, by] = Number.isInteger(px) ? [px - 1, py - 0.5, px, py - 0.5] : [px - 0.5, py - 1, px - 0.5, py];
    const sample = at(ax, ay) ? ay * dx + ax : by * dx + bx;
    // Outer rings go clockwise in raster coordinates (y down), as d3 draws them: negative area.
    (signedArea(ring) < 0 ? outers : holes).push({ ring, sample });
  }
  if (holes.length === 0) return outers.map((o) => [o.ring]);
  // Only the pieces with a hole are labelled.
  s.clearPieces();
  for (const h of holes) s.pieceOf(inside, h.sample);
  const byPiece = new Map<number, Position[][]>();
  const polygons = outers.map((o) => {
    const polygon = [o.ring];
    const piece = s.labelled(o.sample);
    if (piece >= 0) byPiece.set(piece, polygon);
    return polygon;
  });
  for (const h of holes) byPiece.get(s.labelled(h.sample))!.push(h.ring);
  return polygons;
}

/** Buffers for contourPolygons on rasters of one size, reused across calls (one per threshold). */
export class ContourScratch {
  readonly next: Int32Array;
  readonly starts: Int32Array;
  private readonly label: Int32Array;
  private readonly stack: Int32Array;
  readonly firstSet: Int32Array;
  readonly lastSet: Int32Array;

  constructor(readonly dx: number, readonly dy: number) {
    const points = (2 * dx + 3) * (2 * dy + 3);
    this.next = new Int32Array(points).fill(-1);
    this.starts = new Int32Array(points);
    this.label = new Int32Array(dx * dy);
    this.stack = new Int32Array(dx * dy);
    this.firstSet = new Int32Array(dy);
    this.lastSet = new Int32Array(dy);
  }

  private pieces = 0;

  clearPieces(): void {
    this.label.fill(-1);
    this.pieces = 0;
  }

  /** The label of a sample's piece, or -1 when its piece has not been labelled. */
  labelled(sample: number): number {
    return this.label[sample];
  }

  /** Labels the piece of set samples joined to `start` through set edge neighbours, once. */
  pieceOf(inside: Uint8Array, start: number): void {
    const { dx, dy, label, stack } = this;
    if (label[start] >= 0) return;
    const piece = this.pieces++;
    let top = 0;
    stack[top++] = start;
    label[start] = piece;
    while (top > 0) {
      const i = stack[--top];
      const x = i % dx;
      // The four edge neighbours, inline (a closure per sample costs more than the walk).
      for (let d = 0; d < 4; d++) {
        const j = d === 0 ? (x > 0 ? i - 1 : -1) : d === 1 ? (x + 1 < dx ? i + 1 : -1) : d === 2 ? i - dx : i + dx < dx * dy ? i + dx : -1;
        if (j >= 0 && inside[j] && label[j] < 0) {
          label[j] = piece;
          stack[top++] = j;
        }
      }
    }
  }
}
