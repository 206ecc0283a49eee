/**
 * Isochrones as a view of a travel-time surface, never computed apart from it (as Valhalla does):
 * marching squares over the cell times (engine/contour.ts: d3-contour's outlines, without
 * interpolation), one MultiPolygon per
 * threshold, nested, with holes where cells are out of reach. Boundaries run half-way between
 * cell centres, so a cell's centre lies inside the polygon of every threshold its time is within,
 * and outside the others; unreached cells are outside all of them.
 */
import { signedArea } from "./rings.ts";
import { contourLevels, ContourScratch } from "./contour.ts";
import type { Grid } from "./grid.ts";
import { cellCount } from "./grid.ts";
import { normaliseThresholds } from "./reach.ts";
import { toWgs } from "./projection.ts";
import { InvalidInputError } from "./errors.ts";
import { DEFAULT_THRESHOLDS_MIN, DS_PER_MIN, UNREACHED } from "./units.ts";

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
  const n = cellCount(grid);
  if (surfaceDs.length !== n) throw new InvalidInputError(`surface has ${surfaceDs.length} cells, the grid ${n}`, "surface", surfaceDs.length);
  const thresholds = normaliseThresholds(options.thresholdsMin ?? DEFAULT_THRESHOLDS_MIN);
  const crs = options.crs ?? "EPSG:4326";
  // Each cell's band (the first threshold it is within; past the last, or unreached: none), then
  // every threshold's outline at once by marching squares over the bands (engine/contour.ts).
  const sorted = [...thresholds].sort((x, y) => x - y);
  const limits = sorted.map((t) => t * DS_PER_MIN);
  const K = limits.length;
  const band = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const ds = surfaceDs[i];
    let k = 0;
    if (ds === UNREACHED) k = K;
    else while (k < K && ds > limits[k]) k++;
    band[i] = k;
  }
  const outlines = contourLevels(band, grid.cols, grid.rows, K, scratchFor(grid.cols, grid.rows));
  const shapes = sorted.map((t, k) => ({ thresholdMin: t, coordinates: outlines[k] }));
  // Sample i sits at d3 coordinate i + 0.5, which is cell i's centre: x0 + (i + 0.5) · size.
  const place = ([x, y]: Position): Position => {
    const px = grid.x0 + x * grid.cellSizeM;
    const py = grid.y0 + y * grid.cellSizeM;
    return crs === "EPSG:3067" ? [px, py] : toWgs(px, py);
  };
  const features: IsochroneFeature[] = shapes.map((shape) => ({
    type: "Feature",
    properties: { threshold_min: shape.thresholdMin },
    geometry: {
      type: "MultiPolygon",
      coordinates: shape.coordinates.map((polygon) =>
        polygon.map((ring, r) => {
          // GeoJSON (RFC 7946): exterior rings counter-clockwise, holes clockwise (in grid metres).
          const grid = ring as Position[];
          const ccw = signedArea(grid) > 0;
          const oriented = (r === 0) === ccw ? grid : [...grid].reverse();
          return withoutStraightRuns(oriented).map(place);
        }),
      ),
    },
  }));
  return crs === "EPSG:3067"
    ? { type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::3067" } }, features }
    : { type: "FeatureCollection", features };
}
