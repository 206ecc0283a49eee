/**
 * What the population readers share: the result type, the options, and the checks every source
 * cell goes through whatever the file format (whole people, the suppression marker, duplicates).
 */
import { type PopulationCell, InvalidInputError, NotFoundError, show } from "../../engine/index.ts";

/** A population grid read from a file, centres in EPSG:3067 metres. */
export interface PopulationGrid {
  readonly cells: PopulationCell[];
  /** Side of the source cells in metres (250 or 1000 for the published grids). */
  readonly cellSizeM: number;
  /** The file's coordinate system, e.g. "EPSG:3879"; cells are already projected to EPSG:3067. */
  readonly sourceCrs: string;
  /** Sum of the cells' populations. */
  readonly total: number;
  /** Names of the population groups each cell counts (age bands), in order; empty when the file has none. */
  readonly groups: string[];
  /** Cells marked suppressed (-1) and read as 0 because `suppressedAsZero` was set. */
  readonly suppressedCells: number;
  readonly file: string;
}

export interface PopulationGridOptions {
  /** "gpkg" or "csv"; by default an SQLite file or a `.gpkg` name is a GeoPackage, anything else CSV. */
  format?: "gpkg" | "csv";
  /** GeoPackage feature table, when the file holds more than one. */
  table?: string;
  /** Population column; by default the first of POPULATION_COLUMNS present. */
  column?: string;
  /** Read Statistics Finland's -1 ("fewer than 10 residents, suppressed") as 0 instead of failing. */
  suppressedAsZero?: boolean;
  /** CSV: x,y are south-west corners (default: cell centres). */
  corner?: boolean;
  /** CSV: side of the cells in metres (default: inferred from the coordinate spacing). */
  cellSizeM?: number;
  /** Population groups as sums of columns ("65+" = ika_65_); default Statistics Finland's open-grid age columns when present. */
  groups?: readonly PopulationGroup[];
}

/** A population group: its name and the columns whose people it sums. */
export interface PopulationGroup {
  readonly name: string;
  readonly columns: readonly string[];
}

/** Statistics Finland's open 1 km grid (vaki, "Population grid data 1 km × 1 km"): its age columns. */
const STATFI_AGE_GROUPS: readonly PopulationGroup[] = [
  { name: "0-14", columns: ["ika_0_14"] },
  { name: "15-64", columns: ["ika_15_64"] },
  { name: "65+", columns: ["ika_65_"] },
];

/**
 * The groups to read, with the file's own column names: those asked for (a column the file lacks
 * is a NotFoundError naming `groups`), else Statistics Finland's age columns the file has.
 */
export function findGroups(columns: readonly string[], wanted: readonly PopulationGroup[] | undefined, where: string): PopulationGroup[] {
  const find = (c: string) => columns.find((h) => h.toLowerCase() === c.toLowerCase());
  if (wanted) {
    return wanted.map((g) => ({
      name: g.name,
      columns: g.columns.map((c) => {
        const hit = find(c);
        if (hit === undefined) throw new NotFoundError(`${where}: group ${show(g.name)} needs column ${show(c)}, which the file lacks (it has: ${columns.join(", ")})`, "groups", c);
        return hit;
      }),
    }));
  }
  return STATFI_AGE_GROUPS.flatMap((g) => (g.columns.every((c) => find(c) !== undefined) ? [{ name: g.name, columns: g.columns.map((c) => find(c)!) }] : []));
}

/** A cell's people per group: each group's columns summed (a suppressed count reads as 0). */
export function groupPeople(groups: readonly PopulationGroup[], value: (column: string) => unknown, where: string): number[] {
  return groups.map((g) => g.columns.reduce((sum, c) => sum + Math.max(0, peopleFrom(value(c), where, c, true)), 0));
}

/** Population column names tried in order: HSY (`inhabitants`), Statistics Finland (`vaesto`, `vaki`, `asukkaita`), generic. */
const POPULATION_COLUMNS = ["inhabitants", "vaesto", "asukkaita", "population", "pop", "vaki"] as const;

/** Cell sides of the published Finnish population grids (HSY and Statistics Finland), metres. */
export const GRID_CELL_SIZES_M = [250, 1000] as const;

/** Statistics Finland's marker for a cell whose count is suppressed for privacy. */
const SUPPRESSED = -1;

/** The column to read population from: `wanted` (case-insensitive) or the first known name present; null if none. */
export function findPopulationColumn(columns: readonly string[], wanted?: string): string | null {
  const names = wanted !== undefined ? [wanted] : POPULATION_COLUMNS;
  for (const name of names) {
    const hit = columns.find((c) => c.toLowerCase() === name.toLowerCase());
    if (hit !== undefined) return hit;
  }
  return null;
}

/**
 * Whole people from a field value. `where` names the place for the message ("file.gpkg fid 12",
 * "file.csv line 7"). Returns -1 for a suppressed cell read as zero, so the caller can count it.
 */
export function peopleFrom(raw: unknown, where: string, field: string, suppressedAsZero: boolean): number {
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+(\.0*)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (n === SUPPRESSED) {
    if (suppressedAsZero) return SUPPRESSED;
    throw new InvalidInputError(`${where}: ${field} is -1, Statistics Finland's mark for a suppressed small count; pass suppressedAsZero to read it as 0`, field, raw);
  }
  if (!Number.isInteger(n) || n < 0) throw new InvalidInputError(`${where}: ${field} ${show(raw)} is not a whole non-negative number of people`, field, raw);
  return n;
}

/** Collects cells, refusing a second cell at the same centre (to the metre), and sums them. */
export class CellCollector {
  readonly cells: PopulationCell[] = [];
  total = 0;
  suppressedCells = 0;
  private readonly seen = new Map<string, string>();

  add(x: number, y: number, people: number, where: string, groups?: number[]): void {
    const key = `${Math.round(x)},${Math.round(y)}`;
    const before = this.seen.get(key);
    if (before !== undefined) throw new InvalidInputError(`${where}: a cell centred at (${key}) already came from ${before}`, "cell", key);
    this.seen.set(key, where);
    if (people === SUPPRESSED) {
      this.suppressedCells++;
      people = 0;
    }
    this.cells.push(groups && groups.length > 0 ? { x, y, population: people, groups } : { x, y, population: people });
    this.total += people;
  }
}
