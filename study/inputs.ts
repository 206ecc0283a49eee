/**
 * A study's inputs besides the roads, gathered from files or facts: the service set, people on
 * the grid, the municipalities the cells belong to, and the regional units. Each input says where
 * it came from, and every approximation is a note (notes.ts).
 */
import {
  type RoadGraph, type SnapIndex, gridForBbox, cellCount, type Grid, linkCells, DEFAULT_MAX_CONNECTOR_M, type CellLinks, populationOnGrid,
  rasterizePolygons, type Rings, nearestCentreAreas, settlementWeightPerCell, spreadTotals, toEtrs, type AnalysisArea, type AnalysisUnit,
  type ServiceSet, InvalidInputError, NotFoundError, show,
} from "../engine/index.ts";
import { GROUPINGS, MUNICIPALITIES, municipalitiesOf, type Grouping, type RegionId } from "../data/facts/index.ts";
import { readPopulationGrid, readMunicipalTotals } from "../data/population/index.ts";

import { readMunicipalityAreas } from "../data/areas/index.ts";
import { note, type Note } from "./notes.ts";
import { defaultServiceSet, readServiceSet } from "../data/services/index.ts";

export interface StudyOptions {
  region: RegionId;
  /** Service points file (CSV or GeoJSON); default: the region's built-in set. */
  services?: string;
  /** Population grid (GeoPackage or CSV); default: municipal totals spread over the roads. */
  population?: string;
  populationColumn?: string;
  /** Municipal totals CSV for municipalities the built-in facts lack. */
  totals?: string;
  totalsYear?: number;
  /** Municipal boundaries (GeoPackage or GeoJSON); default: nearest administrative centre. */
  municipalities?: string;
  /** Grouping id, or null for none; default: the region's first grouping. */
  grouping?: string | null;
  cellSizeM?: number;
  bbox?: readonly [number, number, number, number];
  maxConnectorM?: number;
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number) => void;
}

interface StudyArea extends AnalysisArea {
  readonly code: string;
  /** Swedish name: from the boundaries, else the facts, else the Finnish name. */
  readonly nameSv: string;
}

export interface StudyInputs {
  readonly grid: Grid;
  readonly links: CellLinks;
  readonly services: ServiceSet;
  readonly population: Uint32Array;
  /** Where the people come from, in words, and people outside the grid or in no area. */
  readonly populationSource: string;
  readonly populationOutsideGrid: number;
  readonly populationInNoArea: number;
  readonly areas: StudyArea[];
  readonly areaOfCell: Int32Array;
  readonly areasSource: string;
  /** Each area's boundary rings (EPSG:3067) when read from a file, for maps; null when areas are nearest-centre approximations. */
  readonly boundaries?: readonly Rings[] | null;
  readonly grouping: Grouping | null;
  readonly units: AnalysisUnit[] | null;
  /** Approximations and gaps the reader of the figures must know about. */
  readonly notes: Note[];
}

const factsByCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

/** Builds the grid over the roads (or bbox), links its cells, and reads the other inputs. */
export async function loadStudy(graph: RoadGraph, snapIndex: SnapIndex, options: StudyOptions): Promise<StudyInputs> {
  const notes: Note[] = [];
  const region = options.region;
  const grouping = resolveGrouping(region, options.grouping);
  const services = options.services
    ? await readServiceSet(options.services)
    : defaultServiceSet(region);

  const grid = gridForBbox(options.bbox ?? graph.mainBbox(), options.cellSizeM ?? 250);
  const links = linkCells(snapIndex, grid, {
    maxConnectorM: options.maxConnectorM ?? DEFAULT_MAX_CONNECTOR_M,
    signal: options.signal,
    onProgress: (d, t) => options.onProgress?.("cells", d, t),
  });

  // Areas: real boundaries when given, else the region's municipalities by nearest centre.
  let areas: StudyArea[];
  let areaOfCell: Int32Array;
  let areasSource: string;
  let boundaries: Rings[] | null = null;
  if (options.municipalities) {
    const read = await readMunicipalityAreas(options.municipalities);
    const all = rasterizePolygons(grid, read.map((a) => a.rings));
    const cellsOf = new Uint32Array(read.length);
    for (const a of all) if (a >= 0) cellsOf[a]++;
    const kept = read.map((_, i) => i).filter((i) => cellsOf[i] > 0);
    const newIndex = new Int32Array(read.length).fill(-1);
    kept.forEach((i, k) => (newIndex[i] = k));
    areaOfCell = all.map((a) => (a >= 0 ? newIndex[a] : -1));
    areas = kept.map((i) => {
      const a = read[i];
      const facts = factsByCode.get(a.code);
      const name = a.nameFi ?? facts?.nameFi ?? a.code;
      return { id: a.code, code: a.code, name, nameSv: a.nameSv ?? facts?.nameSv ?? name, centre: facts?.centre };
    });
    boundaries = kept.map((i) => read[i].rings);
    areasSource = `boundaries from ${options.municipalities}`;
    if (areas.length === 0) throw new InvalidInputError(`no municipality of ${options.municipalities} covers any cell of the grid`, "municipalities", options.municipalities);
  } else {
    const ms = municipalitiesOf(region);
    areas = ms.map((m) => ({ id: m.code, code: m.code, name: m.nameFi, nameSv: m.nameSv, centre: m.centre }));
    areaOfCell = nearestCentreAreas(grid, ms.map((m) => toEtrs(m.centre.lon, m.centre.lat)));
    areasSource = `approximate: each cell belongs to the municipality whose administrative centre is nearest (no boundaries given)`;
    notes.push(note("approximate-areas", {}));
  }

  let population: Uint32Array;
  let populationSource: string;
  let populationOutsideGrid = 0;
  if (options.population) {
    const pg = await readPopulationGrid(options.population, { column: options.populationColumn });
    const placed = populationOnGrid(grid, pg.cells, pg.cellSizeM);
    population = placed.perCell;
    populationOutsideGrid = placed.outside;
    populationSource = `population grid ${options.population} (${pg.cellSizeM} m cells, ${pg.sourceCrs}, ${pg.total} people)`;
  } else {
    const fromFile = options.totals ? await readMunicipalTotals(options.totals, { year: options.totalsYear }) : null;
    const missing: StudyArea[] = [];
    const totals = areas.map((a) => {
      const t = fromFile ? fromFile.totals.get(a.code) : factsByCode.get(a.code)?.population;
      if (t === undefined) missing.push(a);
      return t ?? 0;
    });
    if (missing.length > 0) notes.push(note("no-population-total", { municipalities: missing.map(named) }));
    const spread = spreadTotals(areaOfCell, totals, settlementWeightPerCell(graph, grid));
    population = spread.perCell;
    populationOutsideGrid = spread.unplaced.reduce((s, x) => s + x, 0);
    populationSource = fromFile
      ? `municipal totals from ${options.totals}${fromFile.year !== null ? ` (${fromFile.year})` : ""}, spread over the roads in each municipality`
      : `municipal totals (Sotkanet/THL, 31 Dec ${MUNICIPALITIES[0].populationYear}), spread over the roads in each municipality`;
    notes.push(note("population-on-roads", { year: fromFile ? fromFile.year : MUNICIPALITIES[0].populationYear }));
    const unplaced = spread.unplaced.flatMap((people, i) => (people > 0 ? [{ ...named(areas[i]), people }] : []));
    if (unplaced.length > 0) notes.push(note("people-not-placed", { people: populationOutsideGrid, municipalities: unplaced }));
  }
  let populationInNoArea = 0;
  for (let c = 0; c < cellCount(grid); c++) if (areaOfCell[c] < 0) populationInNoArea += population[c];
  if (options.population && populationOutsideGrid > 0) notes.push(note("people-outside-study-area", { people: populationOutsideGrid }));
  if (populationInNoArea > 0) notes.push(note("people-in-no-area", { people: populationInNoArea }));

  let units: AnalysisUnit[] | null = null;
  if (grouping) {
    const indexOf = new Map(areas.map((a, i) => [a.code, i]));
    units = grouping.units.map((u) => ({ id: u.id, name: u.name.fi, members: u.municipalities.flatMap((c) => (indexOf.has(c) ? [indexOf.get(c)!] : [])) }));
  }
  return { grid, links, services, population, populationSource, populationOutsideGrid, populationInNoArea, areas, areaOfCell, areasSource, boundaries, grouping, units, notes };
}

/** A study area as notes name it. */
function named(a: StudyArea): { code: string; name: { fi: string; sv: string } } {
  return { code: a.code, name: { fi: a.name, sv: a.nameSv } };
}

/** The grouping by id (null for "none"), else the region's first; it must belong to the region. */
function resolveGrouping(region: RegionId, id: string | null | undefined): Grouping | null {
  if (id === null || id === "none") return null;
  if (id === undefined) return GROUPINGS.find((g) => g.region === region) ?? null;
  const g = GROUPINGS.find((x) => x.id === id);
  if (!g) throw new NotFoundError(`unknown grouping ${show(id)}; known: ${GROUPINGS.map((x) => x.id).join(", ")}, none`, "grouping", id);
  if (g.region !== region) throw new InvalidInputError(`grouping ${g.id} is for ${g.region}, not ${region}`, "grouping", id);
  return g;
}
