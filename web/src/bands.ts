/**
 * Travel-time bands drawn in the page from a time grid (grid.ts): the EPSG:3067 cells resampled
 * once onto a raster in the map's Web Mercator (EPSG:3857: each pixel's cell, BandRaster), which
 * goes to the GPU once; a layer's times (2 bytes a cell) go once per layer, and WebGL colours each
 * pixel from its cell's time and the thresholds, so a new threshold, level or base side costs no
 * pass over the pixels and no request. A pixel is coloured by the band of the cell its centre
 * lies in (the square cells, slightly turned in Web Mercator), with the nearest band's colour
 * where the time is within the threshold, as the isochrones' `≤` counts it; beyond the last band,
 * or with no road, it is clear and the basemap shows.
 */
import { MercatorCoordinate, type CustomLayerInterface, type CustomRenderMethodInput, type Map as MlMap } from "maplibre-gl";
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
  /** The cell each pixel shows (row by row from the top-left), -1 off the grid. */
  readonly cells: Int32Array;

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
    this.cells = new Int32Array(this.width * this.height);
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
        this.cells[r * this.width + c] = gc < 0 || gr < 0 || gc >= cols || gr >= rows ? -1 : gr * cols + gc;
      }
    }
  }

  /** The cell pixel `p` (row by row from the top-left) shows, or -1 off the grid. */
  cellAtPixel(p: number): number {
    return this.cells[p];
  }

  /** Whether this raster is of that grid. */
  fits(grid: TimeGrid["grid"]): boolean {
    const g = this.grid;
    return g.x0 === grid.x0 && g.y0 === grid.y0 && g.cellSizeM === grid.cellSizeM && g.cols === grid.cols && g.rows === grid.rows;
  }

}

/** At most this many thresholds (the shader's arrays); the app's band sets have 5 and 7. */
const MAX_BANDS = 16;
/** Time layers kept as textures per map (a level's base and scenario times): switching among them uploads nothing. */
const KEPT_TIMES = 8;
/** Width of the times texture: cell i at (i % width, i / width), so any grid fits whatever its shape. */
const TIMES_TEXTURE_WIDTH = 2048;

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
in vec2 a_pos;
in vec2 a_uv;
out vec2 v_uv;
void main() {
  v_uv = a_uv;
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
}`;

/**
 * Each fragment's raster pixel (nearest), its cell (the raster's cell index texture), the cell's
 * time (the layer's times texture) and the colour of the first band within whose threshold it
 * lies; clear past the last band. The colours are premultiplied by the opacity, as MapLibre blends.
 */
const FRAGMENT = `#version 300 es
precision highp float;
precision highp int;
precision highp isampler2D;
precision highp usampler2D;
uniform isampler2D u_cells;
uniform usampler2D u_times;
uniform int u_bands;
uniform uint u_limit;
uniform uint u_thresholds[${MAX_BANDS}];
uniform vec4 u_colours[${MAX_BANDS}];
uniform float u_opacity;
in vec2 v_uv;
out vec4 fragColor;
void main() {
  ivec2 size = textureSize(u_cells, 0);
  ivec2 p = clamp(ivec2(floor(v_uv * vec2(size))), ivec2(0), size - 1);
  int cell = texelFetch(u_cells, p, 0).r;
  if (cell < 0) discard;
  uint s = texelFetch(u_times, ivec2(cell % ${TIMES_TEXTURE_WIDTH}, cell / ${TIMES_TEXTURE_WIDTH}), 0).r;
  if (s >= u_limit) discard;
  for (int i = 0; i < ${MAX_BANDS}; i++) {
    if (i >= u_bands) break;
    if (s <= u_thresholds[i]) {
      fragColor = vec4(u_colours[i].rgb * u_opacity, u_opacity);
      return;
    }
  }
  discard;
}`;

/** What the band layer draws: the raster's cells, a layer's times (s per cell) and the thresholds (min). */
interface BandPicture {
  raster: BandRaster;
  times: Uint16Array;
  thresholdsMin: readonly number[];
  horizonMin: number;
}

/**
 * The bands as a MapLibre custom layer drawn by WebGL 2 from the times themselves: the raster's
 * cell of each pixel goes to the GPU once per grid, a layer's times (2 bytes a cell) once per layer,
 * and the thresholds and colours as uniforms, so a new level, thresholds or scenario costs no pass
 * over the pixels in JavaScript and no upload of a picture; the GPU colours each pixel as
 * BandRaster.paint does. Nearest pixel, so the band colours stay exact.
 */
class BandLayer implements CustomLayerInterface {
  readonly id = "bands";
  readonly type = "custom" as const;
  readonly renderingMode = "2d" as const;
  picture: BandPicture | null = null;
  private gl: WebGL2RenderingContext | null = null;
  private program: WebGLProgram | null = null;
  private vao: WebGLVertexArrayObject | null = null;
  private quad: WebGLBuffer | null = null;
  private cells: { raster: BandRaster; texture: WebGLTexture } | null = null;
  private readonly times = new Map<Uint16Array, WebGLTexture>();
  private uniforms: Record<string, WebGLUniformLocation | null> = {};

  constructor(readonly opacity: () => number) {}

  onAdd(_map: MlMap, gl: WebGL2RenderingContext): void {
    this.gl = gl;
    const shader = (type: number, source: string) => {
      const sh = gl.createShader(type)!;
      gl.shaderSource(sh, source);
      gl.compileShader(sh);
      if (!gl.getShaderParameter(sh, gl.COMPILE_STATUS)) throw new Error(`band shader: ${gl.getShaderInfoLog(sh)}`);
      return sh;
    };
    const program = (this.program = gl.createProgram()!);
    gl.attachShader(program, shader(gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, shader(gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`band program: ${gl.getProgramInfoLog(program)}`);
    for (const name of ["u_matrix", "u_cells", "u_times", "u_bands", "u_limit", "u_thresholds", "u_colours", "u_opacity"]) this.uniforms[name] = gl.getUniformLocation(program, name);
    this.vao = gl.createVertexArray();
    this.quad = gl.createBuffer();
  }

  onRemove(_map: MlMap, gl: WebGL2RenderingContext): void {
    gl.deleteProgram(this.program);
    gl.deleteVertexArray(this.vao);
    gl.deleteBuffer(this.quad);
    if (this.cells) gl.deleteTexture(this.cells.texture);
    for (const t of this.times.values()) gl.deleteTexture(t);
    this.times.clear();
    this.cells = null;
    this.gl = null;
  }

  render(gl: WebGL2RenderingContext, options: CustomRenderMethodInput): void {
    const picture = this.picture;
    if (!picture || !this.program) return;
    const { raster } = picture;
    if (this.cells?.raster !== raster) this.upload(raster);
    const times = this.timesTexture(picture.times);
    gl.useProgram(this.program);
    gl.bindVertexArray(this.vao);
    // Web Mercator's 0..1 world square to clip space (the mercator projection's; the app draws no globe).
    gl.uniformMatrix4fv(this.uniforms.u_matrix, false, Float32Array.from(options.defaultProjectionData.mainMatrix as ArrayLike<number>));
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.cells!.texture);
    gl.uniform1i(this.uniforms.u_cells, 0);
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_2D, times);
    gl.uniform1i(this.uniforms.u_times, 1);
    const { thresholdsMin, horizonMin } = picture;
    const colours = bandColours(thresholdsMin);
    const thresholdsS = new Uint32Array(MAX_BANDS);
    const rgba = new Float32Array(4 * MAX_BANDS);
    thresholdsMin.forEach((t, i) => {
      thresholdsS[i] = t * 60;
      const v = parseInt(colours[i].slice(1), 16);
      rgba.set([(v >> 16) / 255, ((v >> 8) & 0xff) / 255, (v & 0xff) / 255, 1], 4 * i);
    });
    gl.uniform1i(this.uniforms.u_bands, thresholdsMin.length);
    gl.uniform1ui(this.uniforms.u_limit, lutLength(thresholdsMin, horizonMin));
    gl.uniform1uiv(this.uniforms.u_thresholds, thresholdsS);
    gl.uniform4fv(this.uniforms.u_colours, rgba);
    gl.uniform1f(this.uniforms.u_opacity, this.opacity());
    gl.disable(gl.DEPTH_TEST);
    gl.disable(gl.STENCIL_TEST);
    gl.disable(gl.CULL_FACE);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindVertexArray(null);
  }

  /** The raster's cell per pixel as an integer texture, and its place as a quad in Web Mercator (MapLibre's 0..1 world units). */
  private upload(raster: BandRaster): void {
    const gl = this.gl!;
    if (this.cells) gl.deleteTexture(this.cells.texture);
    const texture = integerTexture(gl, gl.R32I, gl.RED_INTEGER, gl.INT, raster.width, raster.height, raster.cells);
    this.cells = { raster, texture };
    const [tl, , br] = raster.corners.map(([lon, lat]) => MercatorCoordinate.fromLngLat({ lon, lat }));
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.quad);
    // x, y, u, v: top-left, top-right, bottom-left, bottom-right.
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([tl.x, tl.y, 0, 0, br.x, tl.y, 1, 0, tl.x, br.y, 0, 1, br.x, br.y, 1, 1]), gl.STATIC_DRAW);
    const pos = gl.getAttribLocation(this.program!, "a_pos");
    const uv = gl.getAttribLocation(this.program!, "a_uv");
    gl.enableVertexAttribArray(pos);
    gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 16, 0);
    gl.enableVertexAttribArray(uv);
    gl.vertexAttribPointer(uv, 2, gl.FLOAT, false, 16, 8);
    gl.bindVertexArray(null);
    for (const t of this.times.values()) gl.deleteTexture(t);
    this.times.clear();
  }

  /** A layer's times as a texture, uploaded on first use and kept for the last few layers drawn. */
  private timesTexture(times: Uint16Array): WebGLTexture {
    const gl = this.gl!;
    let texture = this.times.get(times);
    if (texture) {
      this.times.delete(times); // most recently used last
      this.times.set(times, texture);
      return texture;
    }
    const rows = Math.max(1, Math.ceil(times.length / TIMES_TEXTURE_WIDTH));
    const padded = new Uint16Array(rows * TIMES_TEXTURE_WIDTH);
    padded.set(times);
    texture = integerTexture(gl, gl.R16UI, gl.RED_INTEGER, gl.UNSIGNED_SHORT, TIMES_TEXTURE_WIDTH, rows, padded);
    this.times.set(times, texture);
    if (this.times.size > KEPT_TIMES) {
      const [oldest, t] = this.times.entries().next().value!;
      gl.deleteTexture(t);
      this.times.delete(oldest);
    }
    return texture;
  }
}

function integerTexture(gl: WebGL2RenderingContext, internal: number, format: number, type: number, width: number, height: number, data: ArrayBufferView): WebGLTexture {
  const texture = gl.createTexture()!;
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  gl.texImage2D(gl.TEXTURE_2D, 0, internal, width, height, 0, format, type, data);
  // Integer textures are read with texelFetch only: no filtering, no mipmaps.
  for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
  for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T]) gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
  return texture;
}

/** The band layer of each map. */
const layers = new WeakMap<MlMap, BandLayer>();

/** The opacity the bands of a map are drawn at (1 when it has none). */
export function bandOpacity(map: MlMap): number {
  return layers.get(map)?.opacity() ?? 1;
}

/** The map's band layer: a custom WebGL layer drawing a level's times at the thresholds (BandLayer). */
export class MapBands {
  private picture: BandPicture | null = null;
  /** Maps that get the layer when idle. */
  private readonly waiting = new WeakSet<MlMap>();

  constructor(private readonly opacity: () => number) {}

  /** Draws a level's times at the thresholds (null: no bands) on the map, adding the layer when the map has none. */
  draw(map: MlMap, data: { grid: TimeGrid; times: Uint16Array } | null, thresholdsMin: readonly number[]): void {
    if (thresholdsMin.length > MAX_BANDS) throw new Error(`at most ${MAX_BANDS} bands are drawn, not ${thresholdsMin.length}`);
    this.picture = data ? { raster: rasterOf(data.grid.grid), times: data.times, thresholdsMin: [...thresholdsMin], horizonMin: data.grid.horizonMin } : null;
    this.attach(map);
  }

  /**
   * Puts the layer on a map (again, after a new style), or gives the one there the new picture. The
   * bands lie under the water, the roads and the borders, over an external style's own layers.
   * A map still loading its style gets the layer once it is idle.
   */
  attach(map: MlMap): void {
    let layer = layers.get(map);
    if (!layer || !map.getLayer("bands")) {
      if (!this.picture) return;
      if (!map.isStyleLoaded()) {
        if (!this.waiting.has(map)) map.once("idle", () => (this.waiting.delete(map), this.attach(map)));
        this.waiting.add(map);
        return;
      }
      layer = new BandLayer(this.opacity);
      layers.set(map, layer);
      const before = ["water", "roads-casing", "areas"].find((id) => map.getLayer(id));
      map.addLayer(layer, before);
    }
    layer.picture = this.picture;
    map.triggerRepaint();
  }
}

/** Times past the last threshold (or the grid's horizon, or with no road) are clear: the first second that is. */
function lutLength(thresholdsMin: readonly number[], horizonMin: number): number {
  const last = Math.min(thresholdsMin[thresholdsMin.length - 1] ?? 0, horizonMin);
  return Math.min(TIME_GRID_NO_DATA, last * 60 + 1);
}

/** One raster per grid: the base and every scenario, on both maps of the comparison, share it. */
let lastRaster: BandRaster | null = null;
function rasterOf(grid: TimeGrid["grid"]): BandRaster {
  if (!lastRaster?.fits(grid)) lastRaster = new BandRaster(grid);
  return lastRaster;
}
