/**
 * Grids aligned with the Finnish national grid (EPSG:3067): cell corners at whole multiples of the
 * cell size, as Statistics Finland's and HSY's 250 m and 1 km population grids are, so a cell here
 * is the same square as a cell there. Cells are numbered row by row from the south-west corner.
 */
import { InvalidInputError } from "./errors.ts";
import { toEtrs, toWgs } from "./projection.ts";

export interface Grid {
  /** South-west corner of cell 0, EPSG:3067 metres (multiples of cellSizeM). */
  readonly x0: number;
  readonly y0: number;
  readonly cellSizeM: number;
  readonly cols: number;
  readonly rows: number;
}

/** Largest grid a single surface may cover (cells); a 250 m grid of all Finland is ~5.4 M. */
export const MAX_GRID_CELLS = 8_000_000;

/** The aligned grid covering a WGS84 bounding box. */
export function gridForBbox(bbox: readonly [number, number, number, number], cellSizeM = 250): Grid {
  if (!(cellSizeM >= 10 && cellSizeM <= 10_000)) throw new InvalidInputError(`cell size ${cellSizeM} m is out of range [10, 10000]`, "cellSizeM", cellSizeM);
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (!(maxLon > minLon && maxLat > minLat)) throw new InvalidInputError("bbox must be [minLon, minLat, maxLon, maxLat]", "bbox", bbox.join(","));
  // The box's edges are curves in EPSG:3067: take the extremes over points along them.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i <= 16; i++) {
    const f = i / 16;
    for (const [lon, lat] of [[minLon + f * (maxLon - minLon), minLat], [minLon + f * (maxLon - minLon), maxLat], [minLon, minLat + f * (maxLat - minLat)], [maxLon, minLat + f * (maxLat - minLat)]]) {
      const [x, y] = toEtrs(lon, lat);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  const x0 = Math.floor(minX / cellSizeM) * cellSizeM;
  const y0 = Math.floor(minY / cellSizeM) * cellSizeM;
  const grid = { x0, y0, cellSizeM, cols: Math.ceil((maxX - x0) / cellSizeM), rows: Math.ceil((maxY - y0) / cellSizeM) };
  if (grid.cols * grid.rows > MAX_GRID_CELLS) {
    throw new InvalidInputError(`a ${cellSizeM} m grid over this box has ${grid.cols * grid.rows} cells, over the limit of ${MAX_GRID_CELLS}`, "bbox", bbox.join(","));
  }
  return grid;
}

/** Number of cells. */
export function cellCount(g: Grid): number {
  return g.cols * g.rows;
}

/** EPSG:3067 centre of a cell. */
export function cellCentre(g: Grid, cell: number): [number, number] {
  const c = cell % g.cols;
  const r = (cell - c) / g.cols;
  return [g.x0 + (c + 0.5) * g.cellSizeM, g.y0 + (r + 0.5) * g.cellSizeM];
}

/** WGS84 centre of a cell. */
export function cellCentreLonLat(g: Grid, cell: number): [number, number] {
  return toWgs(...cellCentre(g, cell));
}

/** A cell's outline: the closed square ring (EPSG:3067, counter-clockwise from the south-west corner) of side `sizeM` centred on x, y. */
export function cellSquare(x: number, y: number, sizeM: number): [number, number][] {
  const h = sizeM / 2;
  return [[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h], [x - h, y - h]];
}

/** The cell containing an EPSG:3067 point, or -1 outside the grid. */
export function cellAt(g: Grid, x: number, y: number): number {
  const c = Math.floor((x - g.x0) / g.cellSizeM);
  const r = Math.floor((y - g.y0) / g.cellSizeM);
  return c < 0 || r < 0 || c >= g.cols || r >= g.rows ? -1 : r * g.cols + c;
}
