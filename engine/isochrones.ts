/**
 * Isochrones as a view of a travel-time surface, never computed apart from it (as Valhalla does):
 * marching squares over the cell times (engine/contour.ts: d3-contour's outlines, without
 * interpolation), one MultiPolygon per
 * threshold, nested, with holes where cells are out of reach. Boundaries run half-way between
 * cell centres, so a cell's centre lies inside the polygon of every threshold its time is within,
 * and outside the others; unreached cells are outside all of them.
 */
import { signedArea } from "./rings.ts";
import { contourLevels, contourRings, ContourScratch } from "./contour.ts";
import type { Grid } from "./grid.ts";
import { cellCount } from "./grid.ts";
import { bandLimitsDs, bandOf, normaliseThresholds } from "./reach.ts";
import { toWgs } from "./projection.ts";
import { InvalidInputError } from "./errors.ts";
import { DEFAULT_THRESHOLDS_MIN } from "./units.ts";

type Position = [number, number];

export interface IsochroneFeature {
  type: "Feature";
  properties: { threshold_min: number };
  geometry: { type: "MultiPolygon"; coordinates: Position[][][] };
}

export interface IsochroneCollection {
  type: "FeatureCollection";
  /** Non-standard but common: the coordinates' CRS, when not WGS84. */
  crs?: { type: "name"; properties: { name: string } };
  features: IsochroneFeature[];
}

export interface IsochroneOptions {
  /** Minutes, each in (0, 180]. Default: 15, 30, 60, 90, 120, 150, 180. */
  thresholdsMin?: readonly number[];
  /** Output coordinates: WGS84 lon/lat (default) or EPSG:3067 metres. */
  crs?: "EPSG:4326" | "EPSG:3067";
}

/**
 * A closed ring without the points inside straight runs (where it goes on in the same direction):
 * the same polygon in fewer points. Marching squares puts a point at every cell it passes, so along
 * a straight edge of a band over half of them are such; each left out is one projection less and
 * a smaller reply. Exact: the grid coordinates are half-integers.
 */
function withoutStraightRuns(ring: Position[]): Position[] {
  if (ring.length <= 4) return ring;
  const out: Position[] = [ring[0]];
  for (let i = 1; i + 1 < ring.length; i++) {
    // Indexed, not destructured: no array made per point.
    const a = out[out.length - 1];
    const b = ring[i];
    const c = ring[i + 1];
    if ((b[0] - a[0]) * (c[1] - b[1]) !== (b[1] - a[1]) * (c[0] - b[0])) out.push(b);
  }
  out.push(ring[ring.length - 1]);
  return out;
}

/** The last raster size's contour buffers (~60 bytes a cell), kept: a study draws every level on one grid. */
let scratch: ContourScratch | null = null;
function scratchFor(dx: number, dy: number): ContourScratch {
  if (scratch?.dx !== dx || scratch.dy !== dy) scratch = new ContourScratch(dx, dy);
  return scratch;
}

/** Nested isochrone polygons (smallest threshold first) from a surface of times in ds. */
export function isochrones(grid: Grid, surfaceDs: Uint32Array, options: IsochroneOptions = {}): IsochroneCollection {
  const { sorted, band } = bands(grid, surfaceDs, options);
  const crs = options.crs ?? "EPSG:4326";
  const { width: w, points, ringStart, polygonStart, polygonRing, levelStart } = contourRings(band, grid.cols, grid.rows, sorted.length, scratchFor(grid.cols, grid.rows));
  const { x0, y0, cellSizeM } = grid;
  const wgs = crs === "EPSG:4326";
  // Lattice point p (engine/contour.ts) at EPSG:3067 metres: as `place` has it, x + 0.5 being cell x's centre.
  const placed = (p: number): Position => {
    const col = p % w;
    const px = x0 + ((col - 1) / 2) * cellSizeM;
    const py = y0 + ((Math.floor(p / w) - 1) / 2) * cellSizeM;
    return wgs ? toWgs(px, py) : [px, py];
  };
  const coordinates = sorted.map((_, k) => {
    const polygons: Position[][][] = [];
    for (let q = levelStart[k]; q < levelStart[k + 1]; q++) {
      const polygon: Position[][] = [];
      for (let j = polygonStart[q]; j < polygonStart[q + 1]; j++) {
        // Outer rings come clockwise (in grid metres), holes counter-clockwise: each is reversed for
        // RFC 7946, as plainIsochrones does by their area. Ring point i of the reversed ring (its
        // first point repeated last) is contour point (m − i) mod m; the points inside straight
        // runs are left out as withoutStraightRuns does (the ring's first point always kept).
        const a = ringStart[polygonRing[j]];
        const m = ringStart[polygonRing[j] + 1] - a;
        const at = (i: number) => points[a + (i === 0 || i === m ? 0 : m - i)];
        const first = placed(at(0));
        const ring: Position[] = [first];
        // (withoutStraightRuns keeps a ring of three points or fewer whole; a contour ring has four
        // or more.) The last point kept (a), the point (b) and the next (c), as lattice column and row.
        let ax = at(0) % w;
        let ay = Math.floor(at(0) / w);
        for (let i = 1; i < m; i++) {
          const b = at(i);
          const bx = b % w;
          const by = Math.floor(b / w);
          const c = at(i + 1);
          const cx = c % w;
          const cy = Math.floor(c / w);
          if ((bx - ax) * (cy - by) !== (by - ay) * (cx - bx)) {
            ring.push(placed(b));
            ax = bx;
            ay = by;
          }
        }
        ring.push([first[0], first[1]]);
        polygon.push(ring);
      }
      polygons.push(polygon);
    }
    return polygons;
  });
  return collection(sorted, coordinates, crs);
}

/**
 * The same isochrones from contourLevels' positions, each ring oriented by its signed area, its
 * straight runs left out, then placed point by point: the plain reference isochrones is tested equal to.
 */
export function plainIsochrones(grid: Grid, surfaceDs: Uint32Array, options: IsochroneOptions = {}): IsochroneCollection {
  const { sorted, band } = bands(grid, surfaceDs, options);
  const crs = options.crs ?? "EPSG:4326";
  const outlines = contourLevels(band, grid.cols, grid.rows, sorted.length, scratchFor(grid.cols, grid.rows));
  // Sample i sits at d3 coordinate i + 0.5, which is cell i's centre: x0 + (i + 0.5) · size.
  const place = ([x, y]: Position): Position => {
    const px = grid.x0 + x * grid.cellSizeM;
    const py = grid.y0 + y * grid.cellSizeM;
    return crs === "EPSG:3067" ? [px, py] : toWgs(px, py);
  };
  const coordinates = outlines.map((polygons) =>
    polygons.map((polygon) =>
      polygon.map((ring, r) => {
        // GeoJSON (RFC 7946): exterior rings counter-clockwise, holes clockwise (in grid metres).
        const ccw = signedArea(ring) > 0;
        const oriented = (r === 0) === ccw ? ring : [...ring].reverse();
        return withoutStraightRuns(oriented).map(place);
      }),
    ),
  );
  return collection(sorted, coordinates, crs);
}

/**
 * Each cell's band (the first threshold it is within; past the last, or unreached: none, the band
 * after the last), from which every threshold's outline is drawn at once (engine/contour.ts).
 */
function bands(grid: Grid, surfaceDs: Uint32Array, options: IsochroneOptions): { sorted: number[]; band: Uint8Array } {
  const n = cellCount(grid);
  if (surfaceDs.length !== n) throw new InvalidInputError(`surface has ${surfaceDs.length} cells, the grid ${n}`, "surface", surfaceDs.length);
  const sorted = normaliseThresholds(options.thresholdsMin ?? DEFAULT_THRESHOLDS_MIN);
  const limits = bandLimitsDs(sorted);
  const band = new Uint8Array(n);
  for (let i = 0; i < n; i++) band[i] = bandOf(surfaceDs[i], limits);
  return { sorted, band };
}

/** One MultiPolygon feature per threshold (sorted), with the CRS named when not WGS84. */
function collection(sorted: readonly number[], coordinates: Position[][][][], crs: "EPSG:4326" | "EPSG:3067"): IsochroneCollection {
  const features: IsochroneFeature[] = sorted.map((t, k) => ({
    type: "Feature",
    properties: { threshold_min: t },
    geometry: { type: "MultiPolygon", coordinates: coordinates[k] },
  }));
  return crs === "EPSG:3067"
    ? { type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::3067" } }, features }
    : { type: "FeatureCollection", features };
}
