/**
 * Marching squares over a raster of classes, without interpolation: the outlines d3-contour draws
 * with `smooth(false)` (the same case table, so the same segments and the same rings), stitched
 * through a typed array instead of d3's fragment maps. Each boundary point (the middle of a cell
 * edge, on a half-cell lattice) has exactly one segment leaving it, so a ring is followed point to
 * point. Rings going counter-clockwise (positive area) are outer rings, the others holes; a hole
 * goes to the outer ring of the piece of set samples around it, so an island in a lake in an
 * island nests right.
 *
 * Many levels at once (contourLevels: level k holds the samples of class ≤ k, as the bands of a
 * travel-time surface nest): one pass finds the blocks where classes differ, and each level's
 * outlines are traced from its own such blocks only, so a level costs its boundary, not the raster.
 *
 * Coordinates are d3's: sample (x, y) of the raster lies at (x + 0.5, y + 0.5).
 */

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
  const cls = s.classes;
  for (let i = 0; i < cls.length; i++) cls[i] = inside[i] ? 0 : 1;
  return contourLevels(cls, dx, dy, 1, s)[0];
}

/**
 * Every level's polygons as points of the half-cell lattice, in flat arrays held by the scratch
 * (valid until its next use). Point p lies at d3 coordinates ((p mod width − 1) / 2,
 * (⌊p / width⌋ − 1) / 2). Outer rings go clockwise in raster coordinates (y down), as d3 draws
 * them (negative area), holes the other way.
 */
export interface LevelRings {
  readonly width: number;
  /** The points of every ring, ring after ring, each ring once round (its first point not repeated). */
  readonly points: Int32Array;
  /** Ring r: points[ringStart[r]] … points[ringStart[r + 1] − 1]. */
  readonly ringStart: Int32Array;
  /** Polygon q: rings polygonRing[polygonStart[q]] … polygonRing[polygonStart[q + 1] − 1], its outer ring first, then its holes. */
  readonly polygonStart: Int32Array;
  readonly polygonRing: Int32Array;
  /** Level k: polygons levelStart[k] … levelStart[k + 1] − 1. */
  readonly levelStart: Int32Array;
}

/**
 * Per level k = 0 … levels − 1, the polygons (as contourPolygons) of the samples whose class is at
 * most k; a class of `levels` or more is outside every level. The same polygons as contourPolygons
 * of each level's 0/1 raster, ring for ring and in the same order.
 */
export function contourLevels(cls: Uint8Array, dx: number, dy: number, levels: number, scratch?: ContourScratch): Position[][][][] {
  const { width: w, points, ringStart, polygonStart, polygonRing, levelStart } = contourRings(cls, dx, dy, levels, scratch);
  const out: Position[][][][] = [];
  for (let k = 0; k < levels; k++) {
    const polygons: Position[][][] = [];
    for (let q = levelStart[k]; q < levelStart[k + 1]; q++) {
      const polygon: Position[][] = [];
      for (let j = polygonStart[q]; j < polygonStart[q + 1]; j++) {
        const r = polygonRing[j];
        const ring: Position[] = [];
        for (let i = ringStart[r]; i < ringStart[r + 1]; i++) ring.push([((points[i] % w) - 1) / 2, (Math.floor(points[i] / w) - 1) / 2]);
        ring.push(ring[0]);
        polygon.push(ring);
      }
      polygons.push(polygon);
    }
    out.push(polygons);
  }
  return out;
}

/** contourLevels' polygons as lattice points in flat arrays (LevelRings), with no array made per point. */
export function contourRings(cls: Uint8Array, dx: number, dy: number, levels: number, scratch?: ContourScratch): LevelRings {
  const s = scratch ?? new ContourScratch(dx, dy);
  if (s.dx !== dx || s.dy !== dy) throw new RangeError(`scratch is for ${s.dx} × ${s.dy}, the raster ${dx} × ${dy}`);
  if (cls.length !== dx * dy) throw new RangeError(`${cls.length} classes for a raster of ${dx} × ${dy}`);
  if (!(levels >= 1 && levels < 255)) throw new RangeError(`levels ${levels} is not 1 … 254`);
  const K = levels;
  const bw = dx + 1; // blocks per row, x from -1
  // Blocks with samples (x, y), (x+1, y), (x, y+1), (x+1, y+1); x, y from -1, as d3 pads the edges
  // with samples outside every level. A block whose classes span lo … hi (lo < hi) lies on the
  // boundary of levels lo … hi − 1; the others are wholly in or out of every level.
  const { blockOf, loOf, hiOf } = s;
  let boundary = 0;
  const perLevel = new Int32Array(K + 1);
  for (let y = -1; y < dy; y++) {
    const rowA = y >= 0 ? y * dx : -1;
    const rowB = y + 1 < dy ? (y + 1) * dx : -1;
    let a0 = K;
    let b0 = K;
    for (let x = -1; x < dx; x++) {
      let a1 = K;
      let b1 = K;
      if (x + 1 < dx) {
        if (rowA >= 0) a1 = cls[rowA + x + 1] < K ? cls[rowA + x + 1] : K;
        if (rowB >= 0) b1 = cls[rowB + x + 1] < K ? cls[rowB + x + 1] : K;
      }
      let lo = a0 < b0 ? a0 : b0;
      let hi = a0 < b0 ? b0 : a0;
      if (a1 < lo) lo = a1;
      if (a1 > hi) hi = a1;
      if (b1 < lo) lo = b1;
      if (b1 > hi) hi = b1;
      a0 = a1;
      b0 = b1;
      if (lo === hi) continue;
      blockOf[boundary] = (y + 1) * bw + (x + 1);
      loOf[boundary] = lo;
      hiOf[boundary] = hi;
      boundary++;
      perLevel[lo]++;
      perLevel[hi]--;
    }
  }
  // Each level's boundary blocks, in row-major order (a counting sort by level, stable).
  const offset = new Int32Array(K + 1);
  for (let k = 0, run = 0, total = 0; k < K; k++) {
    run += perLevel[k];
    offset[k] = total;
    total += run;
    offset[k + 1] = total;
  }
  const list = s.blockList(offset[K]);
  const fill = offset.slice(0, K);
  for (let b = 0; b < boundary; b++) for (let k = loOf[b]; k < hiOf[b]; k++) list[fill[k]++] = blockOf[b];
  const rings = new RingsBuilder(s, 2 * dx + 3, K);
  for (let k = 0; k < K; k++) traceLevel(cls, dx, dy, k, list.subarray(offset[k], offset[k + 1]), s, rings);
  return rings.done();
}

/** Appends the polygons of level k, from its boundary blocks, to `out`. */
function traceLevel(cls: Uint8Array, dx: number, dy: number, k: number, blocks: Int32Array, s: ContourScratch, out: RingsBuilder): void {
  const w = 2 * dx + 3;
  const bw = dx + 1;
  const { next, starts, ringOf } = s;
  const inside = (x: number, y: number) => (x >= 0 && y >= 0 && x < dx && y < dy && cls[y * dx + x] <= k ? 1 : 0);
  let count = 0;
  for (let i = 0; i < blocks.length; i++) {
    const x = (blocks[i] % bw) - 1;
    const y = Math.floor(blocks[i] / bw) - 1;
    const c = inside(x, y + 1) | (inside(x + 1, y + 1) << 1) | (inside(x + 1, y) << 2) | (inside(x, y) << 3);
    const segments = CASES[c];
    for (let j = 0; j < segments.length; j++) {
      const [ax, ay, bx, by] = segments[j];
      // Points on the half-cell lattice: coordinate v ↦ index 2v + 1 (v from -0.5).
      const from = (2 * (ay + y) + 1) * w + 2 * (ax + x) + 1;
      next[from] = (2 * (by + y) + 1) * w + 2 * (bx + x) + 1;
      starts[count++] = from;
    }
  }
  // Rings by their id in `out`; outers in the order found, each hole with its leftmost point.
  const outers: number[] = [];
  const outerOfRing = new Map<number, number>();
  const holes: number[] = [];
  const holeLeftmost: number[] = [];
  for (let i = 0; i < count; i++) {
    const first = starts[i];
    if (next[first] < 0) continue; // taken by a ring already
    const id = out.startRing();
    // The ring's point furthest left between two samples of a row (odd lattice column).
    let leftmost = -1;
    // Twice the signed area (shoelace) in lattice units, exact in integers: the sign of d3's.
    let area2 = 0;
    let pc = first % w;
    let pr = (first - pc) / w;
    let p = first;
    do {
      const col = p % w;
      const row = (p - col) / w;
      area2 += pc * row - col * pr;
      pc = col;
      pr = row;
      out.point(p);
      ringOf[p] = id;
      if (col % 2 === 1 && (leftmost < 0 || col < leftmost % w)) leftmost = p;
      const q = next[p];
      next[p] = -1;
      p = q;
    } while (p !== first);
    area2 += pc * ((first - (first % w)) / w) - (first % w) * pr;
    out.endRing();
    // Outer rings go clockwise in raster coordinates (y down), as d3 draws them: negative area.
    if (area2 < 0) {
      outerOfRing.set(id, outers.length);
      outers.push(id);
    } else {
      holes.push(id);
      holeLeftmost.push(leftmost);
    }
  }
  // A hole's leftmost point has a set sample on its left. Going left from it over set samples (one
  // piece: they are row neighbours) to the first sample that is not, the point there is on a ring
  // of the same piece further left: its outer ring, or a hole whose own way left goes on further.
  const towards = new Map<number, number>();
  for (let h = 0; h < holes.length; h++) {
    const row = Math.floor(holeLeftmost[h] / w);
    const y = (row - 2) / 2;
    let x = ((holeLeftmost[h] % w) - 1) / 2 - 1; // the set sample on the left
    while (x - 1 >= 0 && cls[y * dx + x - 1] <= k) x--;
    towards.set(holes[h], ringOf[row * w + 2 * x + 1]);
  }
  // Each outer ring's holes, in the order found.
  const holesOf: number[][] = outers.map(() => []);
  for (const hole of holes) {
    let r = hole;
    while (!outerOfRing.has(r)) r = towards.get(r)!;
    holesOf[outerOfRing.get(r)!].push(hole);
  }
  outers.forEach((outer, o) => out.polygon(outer, holesOf[o]));
  out.endLevel();
}

/** Fills the scratch's flat arrays of a LevelRings, growing them as needed. */
class RingsBuilder {
  private points: Int32Array;
  private ringStart: Int32Array;
  private polygonStart: Int32Array;
  private polygonRing: Int32Array;
  private readonly levelStart: Int32Array;
  private nPoints = 0;
  private nRings = 0;
  private nPolygons = 0;
  private nPolygonRings = 0;
  private nLevels = 0;

  constructor(
    private readonly s: ContourScratch,
    private readonly width: number,
    levels: number,
  ) {
    this.points = s.rings.points;
    this.ringStart = s.rings.ringStart;
    this.polygonStart = s.rings.polygonStart;
    this.polygonRing = s.rings.polygonRing;
    this.levelStart = new Int32Array(levels + 1);
  }

  /** Starts a ring; its id. */
  startRing(): number {
    this.ringStart = room(this.ringStart, this.nRings + 2);
    this.ringStart[this.nRings] = this.nPoints;
    return this.nRings;
  }

  point(p: number): void {
    if (this.nPoints === this.points.length) this.points = room(this.points, this.nPoints + 1);
    this.points[this.nPoints++] = p;
  }

  endRing(): void {
    this.ringStart[++this.nRings] = this.nPoints;
  }

  polygon(outer: number, holes: readonly number[]): void {
    this.polygonStart = room(this.polygonStart, this.nPolygons + 2);
    this.polygonRing = room(this.polygonRing, this.nPolygonRings + 1 + holes.length);
    this.polygonStart[this.nPolygons] = this.nPolygonRings;
    this.polygonRing[this.nPolygonRings++] = outer;
    for (const h of holes) this.polygonRing[this.nPolygonRings++] = h;
    this.polygonStart[++this.nPolygons] = this.nPolygonRings;
  }

  endLevel(): void {
    this.levelStart[++this.nLevels] = this.nPolygons;
  }

  /** The rings, their arrays kept in the scratch for the next call. */
  done(): LevelRings {
    const { points, ringStart, polygonStart, polygonRing } = this;
    this.s.rings = { points, ringStart, polygonStart, polygonRing };
    return { width: this.width, points, ringStart, polygonStart, polygonRing, levelStart: this.levelStart };
  }
}

/** `a`, or a copy of it twice as long or more when it is shorter than `size`. */
function room(a: Int32Array, size: number): Int32Array {
  if (a.length >= size) return a;
  const grown = new Int32Array(Math.max(size, 2 * a.length));
  grown.set(a);
  return grown;
}

/** Buffers for contourPolygons and contourLevels on rasters of one size, reused across calls. */
export class ContourScratch {
  readonly next: Int32Array;
  readonly starts: Int32Array;
  readonly ringOf: Int32Array;
  readonly classes: Uint8Array;
  readonly blockOf: Int32Array;
  readonly loOf: Uint8Array;
  readonly hiOf: Uint8Array;
  /** The last call's rings (LevelRings' arrays, at their capacity), grown when needed. */
  rings: { points: Int32Array; ringStart: Int32Array; polygonStart: Int32Array; polygonRing: Int32Array } = {
    points: new Int32Array(1024),
    ringStart: new Int32Array(64),
    polygonStart: new Int32Array(64),
    polygonRing: new Int32Array(64),
  };
  private list: Int32Array;

  constructor(readonly dx: number, readonly dy: number) {
    const points = (2 * dx + 3) * (2 * dy + 3);
    const blocks = (dx + 1) * (dy + 1);
    this.next = new Int32Array(points).fill(-1);
    this.starts = new Int32Array(points);
    this.ringOf = new Int32Array(points);
    this.classes = new Uint8Array(dx * dy);
    this.blockOf = new Int32Array(blocks);
    this.loOf = new Uint8Array(blocks);
    this.hiOf = new Uint8Array(blocks);
    this.list = new Int32Array(0);
  }

  /** Room for the levels' boundary blocks, grown when needed. */
  blockList(size: number): Int32Array {
    if (this.list.length < size) this.list = new Int32Array(Math.max(size, 2 * this.list.length));
    return this.list;
  }
}
