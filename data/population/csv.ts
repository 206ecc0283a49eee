/**
 * Population grid from CSV: UTF-8 with a header, columns `x`, `y` (EPSG:3067 metres) and a
 * population column. x,y are cell centres, or south-west corners with `corner`, inside Finland
 * (engine/finland.ts). The whole file (at most MAX_INPUT_BYTES.populationCsv, strict UTF-8) is
 * checked before anything is returned; the first bad row is reported by line number and field.
 */
import { parse } from "csv-parse/sync";
import { InvalidInputError, NotFoundError, show, MAX_GRID_CELLS, checkEtrsInFinland } from "../../engine/index.ts";
import { decodeUtf8, MAX_INPUT_BYTES, readBoundedFile } from "../input.ts";
import { CellCollector, findGroups, findPopulationColumn, groupPeople, GRID_CELL_SIZES_M, peopleFrom, type PopulationGrid, type PopulationGridOptions } from "./cells.ts";

/** Coordinates within this many metres of a grid line count as on it (CSV figures are often rounded). */
const GRID_TOLERANCE_M = 0.001;

interface Row {
  x: number;
  y: number;
  people: number;
  groups: number[];
  line: number;
}

/** Reads a CSV population grid in EPSG:3067. */
export async function readCsvGrid(path: string, options: PopulationGridOptions): Promise<PopulationGrid> {
  const text = decodeUtf8(await readBoundedFile(path, MAX_INPUT_BYTES.populationCsv), path);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // info: true makes each record { record, info } (the types do not follow the option).
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new InvalidInputError(`${path}${line ? ` line ${line}` : ""}: ${(err as Error).message}`, "line", line);
  }
  if (records.length === 0) throw new InvalidInputError(`${path} is empty (a header x,y,population is expected)`, "file", path);

  const header = records[0].record;
  const index = (name: string) => header.findIndex((h) => h.toLowerCase() === name);
  const ix = index("x");
  const iy = index("y");
  if (ix < 0 || iy < 0) throw new InvalidInputError(`${path} line ${records[0].info.lines}: header needs columns x and y (it has: ${header.join(", ")})`, ix < 0 ? "x" : "y", header.join(","));
  const column = findPopulationColumn(header, options.column);
  if (column === null) {
    if (options.column !== undefined) throw new NotFoundError(`${path} has no column ${show(options.column)} (it has: ${header.join(", ")})`, "column", options.column);
    throw new InvalidInputError(`${path}: no population column found (it has: ${header.join(", ")}); name one with the column option`, "column", header.join(","));
  }
  const ip = header.indexOf(column);
  const groups = findGroups(header, options.groups, path);

  // A grid no surface could hold (engine/grid.ts) is refused before any cell is built.
  if (records.length - 1 > MAX_GRID_CELLS) throw new InvalidInputError(`${path}: ${records.length - 1} rows, over the limit of ${MAX_GRID_CELLS} cells`, "rows", records.length - 1);
  const rows: Row[] = [];
  for (const { record, info } of records.slice(1)) {
    const where = `${path} line ${info.lines}`;
    const coordinate = (i: number, field: string) => {
      const raw = record[i];
      const v = raw === "" ? NaN : Number(raw);
      if (!Number.isFinite(v)) throw new InvalidInputError(`${where}: ${field} ${show(raw)} is not a number`, field, raw);
      return v;
    };
    const x = coordinate(ix, "x");
    const y = coordinate(iy, "y");
    // The shared box (engine/finland.ts): catches lon/lat in degrees and another country's grid.
    checkEtrsInFinland(x, y, where);
    const groupCounts = groupPeople(groups, (c) => record[header.indexOf(c)], where);
    rows.push({ x, y, people: peopleFrom(record[ip], where, column, options.suppressedAsZero === true), groups: groupCounts, line: info.lines });
  }
  if (rows.length === 0) throw new InvalidInputError(`${path} has a header but no cells`, "file", path);

  const cellSizeM = options.cellSizeM ?? inferCellSize(rows, path);
  if (!(cellSizeM >= 10 && cellSizeM <= 10_000)) throw new InvalidInputError(`cell size ${cellSizeM} m is out of range [10, 10000]`, "cellSizeM", cellSizeM);
  checkSpacing(rows, cellSizeM, path);
  checkConvention(rows, cellSizeM, options.corner === true, path);

  const half = options.corner ? cellSizeM / 2 : 0;
  const out = new CellCollector();
  for (const r of rows) out.add(r.x + half, r.y + half, r.people, `line ${r.line}`, r.groups);
  return { cells: out.cells, cellSizeM, sourceCrs: "EPSG:3067", total: out.total, groups: groups.map((g) => g.name), suppressedCells: out.suppressedCells, file: path };
}

/** The smallest gap between distinct x or y values, which must be a published grid's cell size. */
function inferCellSize(rows: readonly Row[], path: string): number {
  let gap = Infinity;
  for (const axis of ["x", "y"] as const) {
    const values = [...new Set(rows.map((r) => r[axis]))].sort((a, b) => a - b);
    for (let i = 1; i < values.length; i++) gap = Math.min(gap, values[i] - values[i - 1]);
  }
  if (gap === Infinity) throw new InvalidInputError(`${path}: one cell gives no spacing to infer the cell size from; give cellSizeM`, "cellSizeM", undefined);
  const size = GRID_CELL_SIZES_M.find((s) => Math.abs(gap - s) <= GRID_TOLERANCE_M);
  if (size === undefined) {
    throw new InvalidInputError(`${path}: coordinates are ${+gap.toFixed(3)} m apart at the closest, not ${GRID_CELL_SIZES_M.join(" or ")} m; give cellSizeM`, "cellSizeM", gap);
  }
  return size;
}

/** Every x and y lies a whole number of cells from the first row's. */
function checkSpacing(rows: readonly Row[], size: number, path: string): void {
  const [first] = rows;
  for (const r of rows) {
    for (const axis of ["x", "y"] as const) {
      const steps = (r[axis] - first[axis]) / size;
      if (Math.abs(steps - Math.round(steps)) * size > GRID_TOLERANCE_M) {
        throw new InvalidInputError(`${path} line ${r.line}: ${axis} ${r[axis]} is not on the ${size} m grid of line ${first.line}`, axis, r[axis]);
      }
    }
  }
}

/**
 * Catches the usual mix-up: national-grid corners sit on multiples of the cell size and centres
 * half a cell off, so a file whose every x,y matches the other convention was read the wrong way.
 */
function checkConvention(rows: readonly Row[], size: number, corner: boolean, path: string): void {
  const offset = (v: number) => ((v % size) + size) % size;
  const near = (v: number, target: number) => Math.abs(offset(v) - target) <= GRID_TOLERANCE_M || Math.abs(offset(v) - target - size) <= GRID_TOLERANCE_M;
  const other = corner ? size / 2 : 0;
  if (rows.every((r) => near(r.x, other) && near(r.y, other))) {
    throw new InvalidInputError(
      corner
        ? `${path}: every x,y is a national-grid cell centre (${size / 2} m past a multiple of ${size} m), but corner was set`
        : `${path}: every x,y is a national-grid south-west corner (a multiple of ${size} m); pass corner (--corner) if so`,
      "corner",
      corner,
    );
  }
}
