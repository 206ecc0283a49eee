/**
 * Travel-time bands drawn in the page from a time grid (grid.ts): the EPSG:3067 cells resampled
 * once onto a canvas in the map's Web Mercator (EPSG:3857), then each redraw only looks up each
 * pixel's cell time in a colour table, so a new threshold, level or base side costs a pass over
 * the pixels and a texture upload, no request. A pixel is coloured by the band of the cell its
 * centre lies in (the square cells, slightly turned in Web Mercator), with the nearest band's
 * colour where the time is within the threshold, as the isochrones' `≤` counts it; beyond the
 * last band, or with no road, it is clear and the basemap shows.
 */
import type { CanvasSource, Map as MlMap } from "maplibre-gl";
import { toEtrs, toWgs } from "../../engine/projection.ts";
import { TIME_GRID_NO_DATA, type TimeGrid } from "../../engine/time-grid.ts";

/**
 * Near to far: ColorBrewer's YlGnBu schemes (Cynthia Brewer, colorbrewer2.org), reversed so the
 * nearest band is darkest; lightness rises monotonically, so the order survives colour blindness.
 * One scheme per number of bands, as ColorBrewer designs each count to be told apart.
 */
const YLGNBU: Readonly<Record<number, readonly string[]>> = {
  3: ["#2c7fb8", "#7fcdbb", "#edf8b1"],
  4: ["#225ea8", "#41b6c4", "#a1dab4", "#ffffcc"],
  5: ["#253494", "#2c7fb8", "#41b6c4", "#a1dab4", "#ffffcc"],
  6: ["#253494", "#2c7fb8", "#41b6c4", "#7fcdbb", "#c7e9b4", "#ffffcc"],
  7: ["#0c2c84", "#225ea8", "#1d91c0", "#41b6c4", "#7fcdbb", "#c7e9b4", "#ffffcc"],
  8: ["#0c2c84", "#225ea8", "#1d91c0", "#41b6c4", "#7fcdbb", "#c7e9b4", "#edf8b1", "#ffffd9"],
  9: ["#081d58", "#253494", "#225ea8", "#1d91c0", "#41b6c4", "#7fcdbb", "#c7e9b4", "#edf8b1", "#ffffd9"],
};

/** A colour per threshold, nearest first; more than nine bands share the nine-class scheme. */
export function bandColours(thresholds: readonly number[]): string[] {
  const n = thresholds.length;
  const scheme = YLGNBU[Math.min(9, Math.max(3, n))];
  return thresholds.map((_, i) => scheme[n <= 1 ? 0 : n < 3 ? i : Math.floor((i * (scheme.length - 1)) / (n - 1))]);
}

/** Land beyond the last band (or with no road): a neutral grey the palest band stands out from. */
export const BEYOND_COLOUR = "#d9d6d0";

/** Pixels per cell side at most, and the canvas's largest side and area (a WebGL texture any GPU takes). */
const MAX_PX_PER_CELL = 6;
const MAX_SIDE_PX = 4096;
const MAX_PIXELS = 4_000_000;
/** Pixels between exactly projected lattice points; between them the EPSG:3067 place is interpolated (TM and Mercator are smooth: well under a metre off). */
const LATTICE_PX = 16;
/** Web Mercator's sphere radius (m). */
const R = 6_378_137;

const mercX = (lon: number) => (R * lon * Math.PI) / 180;
const mercY = (lat: number) => R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
const lonOf = (x: number) => (x / R) * (180 / Math.PI);
const latOf = (y: number) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);

/**
 * A grid's cells resampled onto a Web Mercator canvas: for each pixel the cell its centre lies in
 * (-1 off the grid), and the canvas's corners as MapLibre places a canvas source. Made once per grid
 * (the base and every scenario share it).
 */
export class BandRaster {
  readonly width: number;
  readonly height: number;
  /** Top-left, top-right, bottom-right, bottom-left, as [lon, lat]. */
  readonly corners: [[number, number], [number, number], [number, number], [number, number]];
  private readonly cellOf: Int32Array;

  constructor(readonly grid: TimeGrid["grid"]) {
    const { x0, y0, cellSizeM: size, cols, rows } = grid;
    // The grid's outline in Web Mercator: extremes over points along its edges (they curve).
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    const steps = 32;
    for (let i = 0; i <= steps; i++) {
      const f = i / steps;
      for (const [ex, ey] of [[x0 + f * cols * size, y0], [x0 + f * cols * size, y0 + rows * size], [x0, y0 + f * rows * size], [x0 + cols * size, y0 + f * rows * size]]) {
        const [lon, lat] = toWgs(ex, ey);
        [minX, maxX, minY, maxY] = [Math.min(minX, mercX(lon)), Math.max(maxX, mercX(lon)), Math.min(minY, mercY(lat)), Math.max(maxY, mercY(lat))];
      }
    }
    // A cell is `size` metres on the ground, size / cos(lat) in Web Mercator's units.
    const scale = 1 / Math.cos((latOf((minY + maxY) / 2) * Math.PI) / 180);
    let px = (size * scale) / MAX_PX_PER_CELL;
    px = Math.max(px, (maxX - minX) / MAX_SIDE_PX, (maxY - minY) / MAX_SIDE_PX, Math.sqrt(((maxX - minX) * (maxY - minY)) / MAX_PIXELS));
    this.width = Math.max(1, Math.ceil((maxX - minX) / px));
    this.height = Math.max(1, Math.ceil((maxY - minY) / px));
    [maxX, minY] = [minX + this.width * px, maxY - this.height * px];
    this.corners = [[lonOf(minX), latOf(maxY)], [lonOf(maxX), latOf(maxY)], [lonOf(maxX), latOf(minY)], [lonOf(minX), latOf(minY)]];
    // EPSG:3067 of every LATTICE_PX-th pixel centre, exactly; the pixels between interpolated.
    const lw = Math.ceil(this.width / LATTICE_PX) + 1;
    const lh = Math.ceil(this.height / LATTICE_PX) + 1;
    const lx = new Float64Array(lw * lh);
    const ly = new Float64Array(lw * lh);
    for (let j = 0; j < lh; j++) {
      for (let i = 0; i < lw; i++) {
        const [x, y] = toEtrs(lonOf(minX + (i * LATTICE_PX + 0.5) * px), latOf(maxY - (j * LATTICE_PX + 0.5) * px));
        lx[j * lw + i] = x;
        ly[j * lw + i] = y;
      }
    }
    this.cellOf = new Int32Array(this.width * this.height);
    for (let r = 0; r < this.height; r++) {
      const j = Math.floor(r / LATTICE_PX);
      const fy = (r - j * LATTICE_PX) / LATTICE_PX;
      for (let c = 0; c < this.width; c++) {
        const i = Math.floor(c / LATTICE_PX);
        const fx = (c - i * LATTICE_PX) / LATTICE_PX;
        const k = j * lw + i;
        const x = (1 - fy) * ((1 - fx) * lx[k] + fx * lx[k + 1]) + fy * ((1 - fx) * lx[k + lw] + fx * lx[k + lw + 1]);
        const y = (1 - fy) * ((1 - fx) * ly[k] + fx * ly[k + 1]) + fy * ((1 - fx) * ly[k + lw] + fx * ly[k + lw + 1]);
        const gc = Math.floor((x - x0) / size);
        const gr = Math.floor((y - y0) / size);
        this.cellOf[r * this.width + c] = gc < 0 || gr < 0 || gc >= cols || gr >= rows ? -1 : gr * cols + gc;
      }
    }
  }

  /** The cell pixel `p` (row by row from the top-left) shows, or -1 off the grid. */
  cellAtPixel(p: number): number {
    return this.cellOf[p];
  }

  /** Whether this raster is of that grid. */
  fits(grid: TimeGrid["grid"]): boolean {
    const g = this.grid;
    return g.x0 === grid.x0 && g.y0 === grid.y0 && g.cellSizeM === grid.cellSizeM && g.cols === grid.cols && g.rows === grid.rows;
  }

  /** Paints the bands of `times` (s per cell) at the thresholds (min, ascending) into pixels of the raster's size (RGBA as one Uint32 each). */
  paint(out: Uint32Array, times: Uint16Array, thresholdsMin: readonly number[], horizonMin: number): void {
    const lut = colourTable(thresholdsMin, horizonMin);
    const cellOf = this.cellOf;
    for (let p = 0; p < out.length; p++) {
      const cell = cellOf[p];
      const s = cell < 0 ? TIME_GRID_NO_DATA : times[cell];
      out[p] = s < lut.length ? lut[s] : 0;
    }
  }
}

/** The colour (RGBA bytes as one little-endian Uint32) of each second up to the last threshold; 0 (clear) past it. */
function colourTable(thresholdsMin: readonly number[], horizonMin: number): Uint32Array {
  const last = Math.min(thresholdsMin[thresholdsMin.length - 1] ?? 0, horizonMin);
  const lut = new Uint32Array(Math.min(TIME_GRID_NO_DATA, last * 60 + 1));
  const colours = bandColours(thresholdsMin).map(rgba);
  let band = 0;
  for (let s = 0; s < lut.length; s++) {
    while (s > thresholdsMin[band] * 60) band++;
    lut[s] = colours[band];
  }
  return lut;
}

/** "#rrggbb" as opaque RGBA bytes in one Uint32 (ImageData's byte order on a little-endian host, as every browser's is). */
function rgba(hex: string): number {
  const v = parseInt(hex.slice(1), 16);
  return ((0xff << 24) | ((v & 0xff) << 16) | (v & 0xff00) | (v >> 16)) >>> 0;
}

/** The map's band layer: a canvas source and a raster layer drawing it, nearest-pixel so the band colours stay exact. */
export class MapBands {
  readonly canvas = document.createElement("canvas");
  private raster: BandRaster | null = null;
  private image: ImageData | null = null;
  /** Maps that get the layer when idle. */
  private readonly waiting = new WeakSet<MlMap>();

  constructor(private readonly opacity: () => number) {
    [this.canvas.width, this.canvas.height] = [1, 1];
  }

  /** Draws a level's times at the thresholds (null: no bands) on the map, adding the layer when the map has none. */
  draw(map: MlMap, data: { grid: TimeGrid; times: Uint16Array } | null, thresholdsMin: readonly number[]): void {
    const ctx = this.canvas.getContext("2d")!;
    if (data) {
      if (!this.raster?.fits(data.grid.grid)) this.raster = rasterOf(data.grid.grid);
      const { width, height } = this.raster;
      // One image per raster size, painted again on every change: no allocation per redraw.
      if (this.image?.width !== width || this.image.height !== height) {
        [this.canvas.width, this.canvas.height] = [width, height];
        this.image = ctx.createImageData(width, height);
      }
      this.raster.paint(new Uint32Array(this.image.data.buffer), data.times, thresholdsMin, data.grid.horizonMin);
      ctx.putImageData(this.image, 0, 0);
    } else ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.attach(map);
  }

  /**
   * Puts the layer on a map (again, after a new style), or uploads the canvas to the one there. The
   * bands lie under the water, the roads and the borders, over an external style's own layers.
   * A map still loading its style or a source gets the layer once it is idle.
   */
  attach(map: MlMap): void {
    if (!this.raster) return;
    const source = map.getSource("bands") as CanvasSource | undefined;
    const corners = this.raster.corners;
    if (!source) {
      if (!map.isStyleLoaded()) {
        if (!this.waiting.has(map)) map.once("idle", () => (this.waiting.delete(map), this.attach(map)));
        this.waiting.add(map);
        return;
      }
      const before = ["water", "roads-casing", "areas"].find((id) => map.getLayer(id));
      map.addSource("bands", { type: "canvas", canvas: this.canvas, coordinates: corners, animate: false });
      map.addLayer({ id: "bands", type: "raster", source: "bands", paint: { "raster-opacity": this.opacity(), "raster-resampling": "nearest", "raster-fade-duration": 0 } }, before);
      return;
    }
    if (source.coordinates.some((c, i) => c[0] !== corners[i][0] || c[1] !== corners[i][1])) source.setCoordinates(corners);
    // A canvas source that does not animate uploads its canvas when played for a frame.
    source.play();
    source.pause();
  }
}

/** One raster per grid: the base and every scenario, on both maps of the comparison, share it. */
let lastRaster: BandRaster | null = null;
function rasterOf(grid: TimeGrid["grid"]): BandRaster {
  if (!lastRaster?.fits(grid)) lastRaster = new BandRaster(grid);
  return lastRaster;
}
