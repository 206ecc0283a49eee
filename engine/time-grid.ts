/**
 * A time grid: per-cell travel times of one or more levels over an EPSG:3067 grid, as one
 * little-endian buffer that goes to a browser as it is (GET and POST /api/grid), so the app can
 * draw any bands from it without asking the server again. Like flatbush's index: a fixed header
 * with a magic and a version, then typed-array columns.
 *
 *   offset size  field
 *        0    4  magic "PVTG"
 *        4    2  version (1)
 *        6    2  layers n (1–4)
 *        8    4  EPSG code (3067)
 *       12    8  x0: west edge of cell 0, m (float64)
 *       20    8  y0: south edge of cell 0, m (float64)
 *       28    8  cell size, m (float64)
 *       36    4  cols
 *       40    4  rows
 *       44    2  seconds per unit (1)
 *       46    2  no-data value (0xffff)
 *       48    2  horizon, min: no time past it is kept
 *       50    2  reserved (0)
 *       52    4  layer names, one ASCII byte each (L, A, E), 0-padded
 *       56       n × cols × rows Uint16: layer by layer, cells row by row from the south-west
 *
 * A time is whole seconds rounded up from the surface's deciseconds, so for every threshold in
 * whole seconds (any band in minutes) `seconds ≤ t·60` exactly when `ds ≤ t·600`: the bands drawn
 * from the grid hold the very cells the isochrones and figures count. Unreached cells, and any time
 * past the horizon, are the no-data value. Uint16 seconds reach 18 h, past any horizon (180 min).
 */
import { InvalidInputError } from "./errors.ts";
import type { Grid } from "./grid.ts";
import { UNREACHED } from "./units.ts";

export const TIME_GRID_MAGIC = "PVTG";
export const TIME_GRID_VERSION = 1;
/** Bytes before the first time. */
export const TIME_GRID_HEADER_BYTES = 56;
/** The layer name of a service type's times, after the levels' (L, A, E); one ASCII byte like them. */
export const TIME_GRID_TYPE_LAYER = "T";
/** A cell with no time: no road, or beyond the horizon. */
export const TIME_GRID_NO_DATA = 0xffff;
const EPSG = 3067;
const MAX_LAYERS = 4;

/** A decoded time grid: its geometry, and per layer name its times (s, TIME_GRID_NO_DATA for none). */
export interface TimeGrid {
  readonly grid: Grid;
  readonly epsg: number;
  readonly horizonMin: number;
  readonly layers: ReadonlyMap<string, Uint16Array>;
}

/** Seconds of a surface's time (ds), rounded up; no data when unreached or past the horizon. */
export function gridSeconds(ds: number, horizonS: number): number {
  if (ds === UNREACHED) return TIME_GRID_NO_DATA;
  const s = Math.ceil(ds / 10);
  return s > horizonS ? TIME_GRID_NO_DATA : s;
}

/**
 * What a time grid and its delta both take: 1 to MAX_LAYERS layers, each named by one ASCII
 * character with a surface of every cell per array, and a horizon that fits Uint16 seconds.
 * Returns the horizon in seconds.
 */
function checkLayers(layers: readonly (readonly [string, ...Uint32Array[]])[], n: number, horizonMin: number): number {
  if (layers.length < 1 || layers.length > MAX_LAYERS) throw new InvalidInputError(`a time grid holds 1 to ${MAX_LAYERS} layers, not ${layers.length}`, "layers", layers.length);
  const horizonS = horizonMin * 60;
  if (!(Number.isInteger(horizonMin) && horizonMin > 0 && horizonS < TIME_GRID_NO_DATA)) throw new InvalidInputError(`horizon ${horizonMin} min does not fit a time grid`, "horizonMin", horizonMin);
  for (const [name, ...surfaces] of layers) {
    if (name.length !== 1 || name.charCodeAt(0) > 127) throw new InvalidInputError(`a layer name is one ASCII character, not ${JSON.stringify(name)}`, "layers", name);
    for (const surface of surfaces) if (surface.length !== n) throw new InvalidInputError(`layer ${name} has ${surface.length} cells, the grid ${n}`, "layers", surface.length);
  }
  return horizonS;
}

/** Encodes surfaces (ds per cell, one per named layer) over a grid into one buffer. */
export function encodeTimeGrid(grid: Grid, layers: readonly (readonly [string, Uint32Array])[], horizonMin: number): Uint8Array {
  const n = grid.cols * grid.rows;
  const horizonS = checkLayers(layers, n, horizonMin);
  const buf = new ArrayBuffer(TIME_GRID_HEADER_BYTES + 2 * n * layers.length);
  const dv = new DataView(buf);
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < 4; i++) bytes[i] = TIME_GRID_MAGIC.charCodeAt(i);
  dv.setUint16(4, TIME_GRID_VERSION, true);
  dv.setUint16(6, layers.length, true);
  dv.setUint32(8, EPSG, true);
  dv.setFloat64(12, grid.x0, true);
  dv.setFloat64(20, grid.y0, true);
  dv.setFloat64(28, grid.cellSizeM, true);
  dv.setUint32(36, grid.cols, true);
  dv.setUint32(40, grid.rows, true);
  dv.setUint16(44, 1, true);
  dv.setUint16(46, TIME_GRID_NO_DATA, true);
  dv.setUint16(48, horizonMin, true);
  layers.forEach(([name, surface], k) => {
    bytes[52 + k] = name.charCodeAt(0);
    // Little-endian on every host: through the DataView, not a Uint16Array view.
    const at = TIME_GRID_HEADER_BYTES + 2 * n * k;
    for (let c = 0; c < n; c++) dv.setUint16(at + 2 * c, gridSeconds(surface[c], horizonS), true);
  });
  return bytes;
}

/** Decodes a time grid; a buffer that is not one (magic, version, size) is an InvalidInputError. */
export function decodeTimeGrid(buffer: ArrayBuffer): TimeGrid {
  const bytes = new Uint8Array(buffer);
  const dv = new DataView(buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < TIME_GRID_HEADER_BYTES || magic !== TIME_GRID_MAGIC) throw new InvalidInputError("not a time grid (no PVTG magic)", "grid", magic);
  const version = dv.getUint16(4, true);
  if (version !== TIME_GRID_VERSION) throw new InvalidInputError(`time grid version ${version}; this reader knows ${TIME_GRID_VERSION}`, "version", version);
  const count = dv.getUint16(6, true);
  const grid: Grid = { x0: dv.getFloat64(12, true), y0: dv.getFloat64(20, true), cellSizeM: dv.getFloat64(28, true), cols: dv.getUint32(36, true), rows: dv.getUint32(40, true) };
  const n = grid.cols * grid.rows;
  if (count < 1 || count > MAX_LAYERS || bytes.length !== TIME_GRID_HEADER_BYTES + 2 * n * count) throw new InvalidInputError(`a time grid of ${count} layers of ${n} cells is not ${bytes.length} bytes`, "grid", bytes.length);
  const secondsPerUnit = dv.getUint16(44, true);
  const noData = dv.getUint16(46, true);
  if (secondsPerUnit !== 1 || noData !== TIME_GRID_NO_DATA) throw new InvalidInputError(`time grid unit ${secondsPerUnit} s or no-data ${noData} is not this version's`, "grid", secondsPerUnit);
  const layers = new Map<string, Uint16Array>();
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let k = 0; k < count; k++) {
    const at = TIME_GRID_HEADER_BYTES + 2 * n * k;
    let times: Uint16Array;
    if (littleEndian) times = new Uint16Array(buffer, at, n); // a view: no copy
    else {
      times = new Uint16Array(n);
      for (let c = 0; c < n; c++) times[c] = dv.getUint16(at + 2 * c, true);
    }
    layers.set(String.fromCharCode(bytes[52 + k]), times);
  }
  return { grid, epsg: dv.getUint32(8, true), horizonMin: dv.getUint16(48, true), layers };
}

/**
 * A scenario's time grid as its difference from the base's: only the cells whose time changed, so
 * a closure answers with the cells that point was nearest to rather than the whole region.
 *
 *   offset size  field
 *        0    4  magic "PVTD"
 *        4    2  version (1)
 *        6    2  layers n (1–4)
 *        8    4  cols
 *       12    4  rows
 *       16    2  horizon, min
 *       18    2  reserved (0)
 *       20    4  layer names, as the full grid's
 *       24       per layer: changed cells k (u32), k cell indices (u32, ascending), k times (u16,
 *                seconds as the full grid's), 0-padded to 4 bytes
 *
 * Applied to the base's grid of the same layers, geometry and horizon (applyTimeGridDelta) it gives
 * the scenario's full grid exactly.
 */
export const TIME_GRID_DELTA_MAGIC = "PVTD";
const DELTA_HEADER_BYTES = 24;

/** Encodes per named layer the cells where `scenario` (ds) differs from `base` (ds) in grid seconds. */
export function encodeTimeGridDelta(grid: Grid, layers: readonly (readonly [string, Uint32Array, Uint32Array])[], horizonMin: number): Uint8Array {
  const n = grid.cols * grid.rows;
  const horizonS = checkLayers(layers, n, horizonMin);
  // Per layer the changed cells and their seconds, each worked out once.
  const changed: { cells: number[]; seconds: number[] }[] = [];
  let size = DELTA_HEADER_BYTES;
  for (const [, base, scenario] of layers) {
    const cells: number[] = [];
    const seconds: number[] = [];
    for (let c = 0; c < n; c++) {
      if (base[c] === scenario[c]) continue;
      const s = gridSeconds(scenario[c], horizonS);
      if (s !== gridSeconds(base[c], horizonS)) (cells.push(c), seconds.push(s));
    }
    changed.push({ cells, seconds });
    size += 4 + 6 * cells.length + ((2 * cells.length) % 4);
  }
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = TIME_GRID_DELTA_MAGIC.charCodeAt(i);
  dv.setUint16(4, 1, true);
  dv.setUint16(6, layers.length, true);
  dv.setUint32(8, grid.cols, true);
  dv.setUint32(12, grid.rows, true);
  dv.setUint16(16, horizonMin, true);
  let at = DELTA_HEADER_BYTES;
  layers.forEach(([name], k) => {
    bytes[20 + k] = name.charCodeAt(0);
    const { cells, seconds } = changed[k];
    dv.setUint32(at, cells.length, true);
    at += 4;
    for (const c of cells) (dv.setUint32(at, c, true), (at += 4));
    for (const s of seconds) (dv.setUint16(at, s, true), (at += 2));
    at += (2 * cells.length) % 4;
  });
  return bytes;
}

/**
 * The full grid a delta makes of the base's: the same geometry, each layer a copy of the base's
 * with the delta's cells set. A delta of other layers, geometry or horizon is an InvalidInputError.
 */
export function applyTimeGridDelta(base: TimeGrid, buffer: ArrayBuffer): TimeGrid {
  const bytes = new Uint8Array(buffer);
  const dv = new DataView(buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < DELTA_HEADER_BYTES || magic !== TIME_GRID_DELTA_MAGIC) throw new InvalidInputError("not a time grid delta (no PVTD magic)", "delta", magic);
  const version = dv.getUint16(4, true);
  if (version !== 1) throw new InvalidInputError(`time grid delta version ${version}; this reader knows 1`, "version", version);
  const count = dv.getUint16(6, true);
  const cols = dv.getUint32(8, true);
  const rows = dv.getUint32(12, true);
  const horizonMin = dv.getUint16(16, true);
  if (cols !== base.grid.cols || rows !== base.grid.rows || horizonMin !== base.horizonMin) {
    throw new InvalidInputError(`a delta of ${cols} × ${rows} cells to ${horizonMin} min does not fit a grid of ${base.grid.cols} × ${base.grid.rows} to ${base.horizonMin} min`, "delta", `${cols}x${rows}`);
  }
  const n = cols * rows;
  const layers = new Map<string, Uint16Array>();
  let at = DELTA_HEADER_BYTES;
  for (let k = 0; k < count; k++) {
    const name = String.fromCharCode(bytes[20 + k]);
    const from = base.layers.get(name);
    if (!from) throw new InvalidInputError(`the delta has a layer ${name} the base grid lacks`, "delta", name);
    if (at + 4 > bytes.length) throw new InvalidInputError("a time grid delta cut short", "delta", bytes.length);
    const k2 = dv.getUint32(at, true);
    at += 4;
    if (at + 6 * k2 > bytes.length) throw new InvalidInputError("a time grid delta cut short", "delta", bytes.length);
    const times = from.slice();
    for (let i = 0; i < k2; i++) {
      const c = dv.getUint32(at + 4 * i, true);
      if (c >= n) throw new InvalidInputError(`cell ${c} is outside the grid's ${n}`, "delta", c);
      times[c] = dv.getUint16(at + 4 * k2 + 2 * i, true);
    }
    at += 6 * k2 + ((2 * k2) % 4);
    layers.set(name, times);
  }
  if (at !== bytes.length) throw new InvalidInputError(`a time grid delta of ${count} layers is not ${bytes.length} bytes`, "delta", bytes.length);
  return { grid: base.grid, epsg: base.epsg, horizonMin, layers };
}
