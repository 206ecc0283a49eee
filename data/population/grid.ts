/**
 * Population grids from files into PopulationCells (engine/population.ts): centres in EPSG:3067
 * metres and whole people. GeoPackage (HSY, Statistics Finland) and CSV are read; the format is
 * told by the content (an SQLite file is a GeoPackage) or the `format` option.
 */
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { NotFoundError } from "../../engine/index.ts";
import { isSqlite } from "../gpkg.ts";
import type { PopulationGrid, PopulationGridOptions } from "./cells.ts";
import { readCsvGrid } from "./csv.ts";
import { readGeoPackageGrid } from "./geopackage.ts";

/** Reads a population grid (GeoPackage or CSV) into cells in EPSG:3067 with its cell size and total. */
export async function readPopulationGrid(path: string, options: PopulationGridOptions = {}): Promise<PopulationGrid> {
  const format = options.format ?? ((await startsLikeSqlite(path)) || extname(path).toLowerCase() === ".gpkg" ? "gpkg" : "csv");
  return format === "gpkg" ? readGeoPackageGrid(path, options) : readCsvGrid(path, options);
}

/** Whether the file's first 16 bytes are SQLite's magic; NotFoundError when it cannot be opened. */
async function startsLikeSqlite(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NotFoundError(code === "ENOENT" ? `File not found: ${path}` : `Cannot open ${path} (${code})`, "file", path);
  }
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    return isSqlite(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
