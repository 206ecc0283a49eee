/**
 * Population grid from a GeoPackage of square cell polygons (HSY, Statistics Finland). Each cell's
 * four corners are projected to EPSG:3067 and averaged into its centre; the side is measured there.
 *
 * No snapping: a grid drawn in another CRS (HSY's is square in EPSG:3879) is rotated and scaled
 * in EPSG:3067 (about 1.7° and 0.02 % around Helsinki), so its centres do not fall on national grid
 * centres. They are returned where they truly are; engine/population.ts's populationOnGrid then
 * puts each cell's people in the EPSG:3067 grid cell containing its centre.
 */
import { CorruptDataError, InvalidInputError, NotFoundError, show, etrsProblem, projectorToEtrs, SUPPORTED_CRS } from "../../engine/index.ts";
import { decodeGeometry, withGeoPackage, type Position } from "../gpkg.ts";
import { CellCollector, findGroups, findPopulationColumn, groupPeople, GRID_CELL_SIZES_M, peopleFrom, type PopulationGrid, type PopulationGridOptions } from "./cells.ts";

/** Relative tolerance on a cell's sides and diagonals, and on its side against 250 / 1000 m. */
const SQUARE_TOLERANCE = 0.01;

/** Reads a GeoPackage population grid (see the file header for what happens to the coordinates). */
export async function readGeoPackageGrid(path: string, options: PopulationGridOptions): Promise<PopulationGrid> {
  return withGeoPackage(path, (gpkg) => {
    const layer = gpkg.featureTable(options.table);
    const project = projectorToEtrs(layer.crs);
    if (!project) throw new InvalidInputError(`${path}, table ${layer.table}: coordinate system ${layer.crs} is not one of ${SUPPORTED_CRS.join(", ")}`, "crs", layer.crs);
    const columns = gpkg.columns(layer.table);
    const column = findPopulationColumn(columns, options.column);
    if (column === null) {
      const list = columns.filter((c) => c !== layer.geometryColumn).join(", ");
      if (options.column !== undefined) throw new NotFoundError(`${path}, table ${layer.table} has no column ${show(options.column)} (it has: ${list})`, "column", options.column);
      throw new InvalidInputError(`${path}, table ${layer.table}: no population column found (it has: ${list}); name one with the column option`, "column", list);
    }

    const groups = findGroups(columns, options.groups, `${path}, table ${layer.table}`);
    const groupColumns = groups.flatMap((g) => g.columns);
    const out = new CellCollector();
    let cellSizeM = 0;
    let sizeFid = 0;
    gpkg.each(layer.table, [layer.geometryColumn, column, ...groupColumns], (fid, [blob, raw, ...groupRaw]) => {
      const where = `${path}, table ${layer.table}, fid ${fid}`;
      const people = peopleFrom(raw, where, column, options.suppressedAsZero === true);
      const geometry = decodeGeometry(blob, { file: path, table: layer.table, fid, field: layer.geometryColumn });
      // A cell is one polygon with one ring: a MultiPolygon of a single part is accepted too.
      const polygon = geometry.type === "Polygon" ? geometry.coordinates : geometry.type === "MultiPolygon" && geometry.coordinates.length === 1 ? geometry.coordinates[0] : null;
      if (polygon === null || polygon.length !== 1) {
        throw new InvalidInputError(`${where}: ${layer.geometryColumn} is a ${geometry.type}${polygon ? ` with ${polygon.length} rings` : ""}, not a square cell`, layer.geometryColumn, fid);
      }
      const { x, y, sideM } = squareCell(polygon[0].map(([px, py]) => project(px, py)), where, layer.geometryColumn, fid);
      // The shared box (engine/finland.ts), on the centre in EPSG:3067 whatever the file's CRS.
      const outside = etrsProblem(x, y);
      if (outside) throw new InvalidInputError(`${where}: cell centre ${outside.message}`, layer.geometryColumn, fid);
      const size = GRID_CELL_SIZES_M.find((s) => Math.abs(sideM - s) <= SQUARE_TOLERANCE * s);
      if (size === undefined) {
        throw new InvalidInputError(`${where}: cell side ${sideM.toFixed(2)} m in EPSG:3067 is neither ${GRID_CELL_SIZES_M.join(" nor ")} m`, layer.geometryColumn, fid);
      }
      if (cellSizeM === 0) (cellSizeM = size), (sizeFid = fid);
      else if (size !== cellSizeM) throw new InvalidInputError(`${where} is a ${size} m cell but fid ${sizeFid} is ${cellSizeM} m: one grid has one cell size`, "cellSizeM", size);
      out.add(x, y, people, `fid ${fid}`, groupPeople(groups, (c) => groupRaw[groupColumns.indexOf(c)], where));
    });
    if (out.cells.length === 0) throw new InvalidInputError(`${path}, table ${layer.table} holds no cells`, "table", layer.table);
    return { cells: out.cells, cellSizeM, sourceCrs: layer.crs, total: out.total, groups: groups.map((g) => g.name), suppressedCells: out.suppressedCells, file: path };
  });
}

/**
 * Centre and mean side of a closed four-corner ring in EPSG:3067 metres; InvalidInputError unless
 * it is a square (sides and diagonals equal within SQUARE_TOLERANCE).
 */
function squareCell(ring: Position[], where: string, field: string, fid: number): { x: number; y: number; sideM: number } {
  const n = ring.length;
  const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
  const corners = closed ? ring.slice(0, -1) : ring;
  if (corners.length !== 4) throw new InvalidInputError(`${where}: ${field} has ${corners.length} corners, not a square cell's 4`, field, fid);
  for (const [px, py] of corners) {
    if (!Number.isFinite(px) || !Number.isFinite(py)) throw new CorruptDataError(`${where}: ${field} has a corner at (${px}, ${py})`, field, fid);
  }
  const d = (a: Position, b: Position) => Math.hypot(b[0] - a[0], b[1] - a[1]);
  const sides = corners.map((c, i) => d(c, corners[(i + 1) % 4]));
  const sideM = (sides[0] + sides[1] + sides[2] + sides[3]) / 4;
  const diagonals = [d(corners[0], corners[2]), d(corners[1], corners[3])];
  const square =
    sides.every((s) => Math.abs(s - sideM) <= SQUARE_TOLERANCE * sideM) && diagonals.every((g) => Math.abs(g - sideM * Math.SQRT2) <= SQUARE_TOLERANCE * sideM * Math.SQRT2);
  if (!square) throw new InvalidInputError(`${where}: ${field} is not a square (sides ${sides.map((s) => s.toFixed(1)).join(", ")} m)`, field, fid);
  const x = (corners[0][0] + corners[1][0] + corners[2][0] + corners[3][0]) / 4;
  const y = (corners[0][1] + corners[1][1] + corners[2][1] + corners[3][1]) / 4;
  return { x, y, sideM };
}
