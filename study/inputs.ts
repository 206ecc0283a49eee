/**
 * A study's inputs besides the roads, gathered from files or facts: its region (named, or taken
 * from the roads), the service set, people on the grid, the municipalities the cells belong to,
 * and the regional units. Each input says where it came from, and every approximation is a note
 * (notes.ts).
 */
import {
  type RoadGraph, type SnapIndex, gridForBbox, cellCount, type Grid, linkCells, DEFAULT_MAX_CONNECTOR_M, type CellLinks, populationOnGrid,
  type Rings, nearestCentreAreas, settlementWeightPerCell, spreadTotals, toEtrs, toWgs, type AnalysisUnit,
  type ServiceSet, InvalidInputError, NotFoundError, show, DEFAULT_CATALOGUE, checkCatalogue, checkPointTypes, type Catalogue,
} from "../engine/index.ts";
import { FINNISH_MUNICIPALITIES, findRegion, groupingsOf, inferRegion, type Grouping, type Region } from "../data/facts/index.ts";
import { readPopulationGrid, readMunicipalTotals, readLanguageTotals, type LanguageTotals, type PopulationGroup } from "../data/population/index.ts";
import { builtinMunicipalityAreas, readMunicipalityAreas, type MunicipalityArea } from "../data/areas/index.ts";
import { defaultServiceSet, readServiceSet } from "../data/services/index.ts";
import { loadCellLinks, type CellLinksCache } from "../data/cache.ts";
import { cellsOnBoundaries, fillCoverage, gridAreas, peopleShareInside, sourcePeoplePerCode, type StudyArea } from "./areas.ts";
import { note, type Note } from "./notes.ts";


export interface StudyOptions {
  /** The region: a built-in one's id or name, or one of the user's (a region file's); by default taken from the roads. */
  region?: string | Region;
  /** Groupings of the user's region file, offered besides the region's built-in ones. */
  regionGroupings?: readonly Grouping[];
  /** Service points file (CSV or GeoJSON); default: the region's built-in set. */
  services?: string;
  /** Service types and level menus; default the engine's DEFAULT_CATALOGUE. */
  catalogue?: Catalogue;
  /** With the built-in set: the other organisers' points inside the study's box count too (people use the nearest hospital whichever county runs it). */
  crossBorder?: boolean;
  /** Population grid (GeoPackage or CSV); default: municipal totals spread over the roads. */
  population?: string;
  populationColumn?: string;
  /** Population groups (age bands) as sums of the grid's columns; default Statistics Finland's open-grid age columns when present. */
  populationGroups?: readonly PopulationGroup[];
  /** Municipal totals CSV, in place of the built-in facts. */
  totals?: string;
  /** People by language per municipality (CSV, data/population/languages.ts), for figures per language group. */
  languages?: string;
  totalsYear?: number;
  /** Municipal boundaries (GeoPackage or GeoJSON); "nearest" for nearest-centre areas; default: the built-in generalised ones. */
  municipalities?: string;
  /** Grouping id, or null for none; default: the region's first grouping. */
  grouping?: string | null;
  cellSizeM?: number;
  bbox?: readonly [number, number, number, number];
  maxConnectorM?: number;
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface StudyInputs {
  readonly region: Region;
  /** The groupings this study can compare: its region's built-in ones and the region file's. */
  readonly groupings: readonly Grouping[];
  readonly grid: Grid;
  readonly links: CellLinks;
  readonly services: ServiceSet;
  /** The service types and level menus the points are read against. */
  readonly catalogue: Catalogue;
  /** People by language per municipality, when a file gave them. */
  readonly languages: LanguageTotals | null;
  /** Whole people per cell of each population group (age band) the grid gives, by name; empty without a grid or groups. */
  readonly groups: ReadonlyMap<string, Uint32Array>;
  readonly population: Uint32Array;
  /** Where the people come from, in words. */
  readonly populationSource: string;
  /** People of the population source outside the grid (a grid), or not placed (totals). */
  readonly populationOutsideGrid: number;
  /** People on the grid outside the region's municipalities (in others, or far out at sea). */
  readonly populationInNoArea: number;
  readonly areas: StudyArea[];
  readonly areaOfCell: Int32Array;
  readonly areasSource: string;
  /** Each area's boundary rings (EPSG:3067), for maps; null when areas are nearest-centre approximations. */
  readonly boundaries?: readonly Rings[] | null;
  readonly grouping: Grouping | null;
  readonly units: AnalysisUnit[] | null;
  /** Approximations and gaps the reader of the figures must know about. */
  readonly notes: Note[];
}

const factsByCode = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));
const POPULATION_YEAR = FINNISH_MUNICIPALITIES[0].populationYear;

/** A study area as notes name it. */
const named = (a: StudyArea) => ({ code: a.code, name: { fi: a.name, sv: a.nameSv } });

/** The region a study is of: the one named, else the organisers whose municipalities the roads serve. */
function regionOf(option: StudyOptions["region"], landOfCell: Int32Array, links: CellLinks, codeOf: (p: number) => string): { region: Region; inferred: boolean } {
  if (typeof option === "object") return { region: option, inferred: false };
  if (option !== undefined) return { region: findRegion(option), inferred: false };
  const served = new Map<string, number>();
  for (let c = 0; c < landOfCell.length; c++) if (landOfCell[c] >= 0 && links.edge[c] >= 0) served.set(codeOf(landOfCell[c]), (served.get(codeOf(landOfCell[c])) ?? 0) + 1);
  const region = inferRegion(served);
  if (!region) throw new InvalidInputError("the roads serve no municipality of Finland's organisers: name the region (--region)", "region", "");
  return { region, inferred: true };
}

/** The study's input files, read and checked whole: a bad file is refused before any road is loaded. */
export interface StudyFiles {
  readonly services: Awaited<ReturnType<typeof readServiceSet>> | null;
  readonly population: Awaited<ReturnType<typeof readPopulationGrid>> | null;
  readonly polygons: MunicipalityArea[] | null;
  readonly totals: Awaited<ReturnType<typeof readMunicipalTotals>> | null;
  readonly languages: LanguageTotals | null;
}

/** Reads every input file the options name (not the roads): what Study.open does before loading them. */
export async function readStudyFiles(options: StudyOptions): Promise<StudyFiles> {
  const nearest = options.municipalities === "nearest";
  return {
    services: options.services ? await readServiceSet(options.services) : null,
    population: options.population ? await readPopulationGrid(options.population, { column: options.populationColumn, groups: options.populationGroups }) : null,
    polygons: nearest ? null : options.municipalities ? await readMunicipalityAreas(options.municipalities) : await builtinMunicipalityAreas(),
    totals: options.totals ? await readMunicipalTotals(options.totals, { year: options.totalsYear }) : null,
    languages: options.languages ? await readLanguageTotals(options.languages) : null,
  };
}

/** Links the grid's cells to a graph (each cell to its nearest main-component road), through the links' cache beside the graph's file. */
export async function linkGrid(graph: RoadGraph, snapIndex: SnapIndex, grid: Grid, options: StudyOptions, cache: CellLinksCache): Promise<CellLinks> {
  const maxConnectorM = options.maxConnectorM ?? DEFAULT_MAX_CONNECTOR_M;
  const { links } = await loadCellLinks(graph, grid, maxConnectorM, () => linkCells(snapIndex, grid, {
    maxConnectorM,
    signal: options.signal,
    onProgress: (d, t) => options.onProgress?.("cells", d, t),
  }), cache);
  return links;
}

/** Builds the grid over the roads (or bbox), links its cells, and reads the other inputs (or takes them as read). */
export async function loadStudy(graph: RoadGraph, snapIndex: SnapIndex, options: StudyOptions, read?: StudyFiles, cache: CellLinksCache = {}): Promise<StudyInputs> {
  const notes: Note[] = [];
  const files = read ?? (await readStudyFiles(options));
  const services0 = files.services;
  const grid = gridForBbox(options.bbox ?? graph.mainBbox(), options.cellSizeM ?? 250);
  // Snapping every cell is seconds at region size: kept beside the graph's cache file when there is one.
  const links = await linkGrid(graph, snapIndex, grid, options, cache);
  const pg = files.population;
  const placed = pg ? populationOnGrid(grid, pg.cells, pg.cellSizeM) : null;
  // Each group is placed as the people are: the same cells, the same spreading of larger source cells.
  const groups = new Map((pg?.groups ?? []).map((name, g) => [name, populationOnGrid(grid, pg!.cells.map((c) => ({ x: c.x, y: c.y, population: c.groups![g] })), pg!.cellSizeM).perCell]));
  const weights = pg ? null : settlementWeightPerCell(graph, grid);
  // Cells at sea that matter: those with people (a grid) or with roads to spread people on (totals).
  const wanted = placed ? (c: number) => placed.perCell[c] > 0 : (c: number) => weights![c] > 0;

  // Areas: boundaries (the file's, or the built-in generalised ones), or nearest centres on request.
  const nearest = options.municipalities === "nearest";
  const polygons = files.polygons;
  let region: Region;
  let areas: StudyArea[];
  let areaOfCell: Int32Array;
  let boundaries: Rings[] | null = null;
  let areasSource: string;
  let grid2: ReturnType<typeof gridAreas> | null = null;
  if (polygons) {
    const cells = cellsOnBoundaries(grid, polygons, wanted);
    const r = regionOf(options.region, cells.landOfCell, links, (p) => polygons[p].code);
    region = r.region;
    if (r.inferred) notes.push(note("region-from-roads", { region: region.name }));
    grid2 = gridAreas(grid, polygons, region, cells);
    ({ areas, areaOfCell, boundaries } = grid2);
    areasSource = options.municipalities ? `boundaries from ${options.municipalities}` : "Statistics Finland's municipal boundaries 2023, generalised (built in)";
    if (!options.municipalities) notes.push(note("generalised-boundaries", {}));
  } else {
    // Nearest centres: first among all of Finland's, to know the region, then among the region's.
    const all = FINNISH_MUNICIPALITIES;
    const allOfCell = nearestCentreAreas(grid, all.map((m) => toEtrs(m.centre.lon, m.centre.lat)));
    const r = regionOf(options.region, allOfCell, links, (p) => all[p].code);
    region = r.region;
    if (r.inferred) notes.push(note("region-from-roads", { region: region.name }));
    const ms = all.filter((m) => region.municipalities.includes(m.code));
    const ofCell = nearestCentreAreas(grid, ms.map((m) => toEtrs(m.centre.lon, m.centre.lat)));
    areaOfCell = ofCell.map((i, c) => (i >= 0 && region.municipalities.includes(all[allOfCell[c]].code) ? i : -1));
    areas = ms.map((m) => ({ id: m.code, code: m.code, name: m.nameFi, nameSv: m.nameSv, centre: m.centre, landKm2: 0, coverage: { inside: 1, land: 1, people: null, partial: false } }));
    areasSource = "approximate: each cell belongs to the municipality whose administrative centre is nearest (--municipalities nearest)";
    notes.push(note("approximate-areas", {}));
  }
  if (areas.length === 0) throw new InvalidInputError(`no municipality of the region ${region.id} has a cell on the grid: is the extract of another region?`, "region", region.id);

  const groupings = [...groupingsOf(region), ...(options.regionGroupings ?? [])];
  const grouping = resolveGrouping(region, groupings, options.grouping);
  const services = services0 ?? defaultServiceSet(region, options.crossBorder ? wgsBox(grid) : undefined);
  const catalogue = options.catalogue ?? DEFAULT_CATALOGUE;
  checkCatalogue(catalogue);
  checkPointTypes(services.points, catalogue);
  const languages = files.languages;
  if (languages) {
    notes.push(note("languages-spread", { file: languages.file, year: languages.year }));
    const unstated = services.points.filter((p) => p.languages === undefined).length;
    if (unstated > 0) notes.push(note("languages-by-status", { points: unstated }));
  }

  let population: Uint32Array;
  let populationSource: string;
  let populationOutsideGrid = 0;
  if (pg && placed) {
    population = placed.perCell;
    populationOutsideGrid = placed.outside;
    populationSource = `population grid ${options.population} (${pg.cellSizeM} m cells, ${pg.sourceCrs}, ${pg.total} people)`;
    if (populationOutsideGrid > 0) notes.push(note("people-outside-study-area", { people: populationOutsideGrid }));
  } else {
    const fromFile = files.totals;
    const missing: StudyArea[] = [];
    // A municipality partly outside the box gets only the share of its people its land inside holds.
    const totals = areas.map((a) => {
      const t = fromFile ? fromFile.totals.get(a.code) : factsByCode.get(a.code)?.population;
      if (t === undefined) missing.push(a);
      return t ?? 0;
    });
    // A partly covered municipality keeps only the share of its people the model puts inside the box (areas.ts).
    if (grid2) fillCoverage(grid, grid2, links, new Uint32Array(cellCount(grid)), null);
    const box = { x0: grid.x0, y0: grid.y0, x1: grid.x0 + grid.cols * grid.cellSizeM, y1: grid.y0 + grid.rows * grid.cellSizeM };
    const shares = totals.map((t, i) => {
      const a = areas[i];
      if (!a.coverage.partial || !boundaries || !a.centre) return t;
      return Math.round(t * peopleShareInside(boundaries[i], toEtrs(a.centre.lon, a.centre.lat), box));
    });
    if (missing.length > 0) notes.push(note("no-population-total", { municipalities: missing.map(named) }));
    const spread = spreadTotals(areaOfCell, shares, weights!);
    population = spread.perCell;
    populationOutsideGrid = spread.unplaced.reduce((s, x) => s + x, 0);
    populationSource = fromFile
      ? `municipal totals from ${options.totals}${fromFile.year !== null ? ` (${fromFile.year})` : ""}, spread over the roads in each municipality`
      : `municipal totals (Sotkanet/THL, 31 Dec ${POPULATION_YEAR}), spread over the roads in each municipality`;
    notes.push(note("population-on-roads", { year: fromFile ? fromFile.year : POPULATION_YEAR }));
    const unplaced = spread.unplaced.flatMap((people, i) => (people > 0 ? [{ ...named(areas[i]), people }] : []));
    if (unplaced.length > 0) notes.push(note("people-not-placed", { people: populationOutsideGrid, municipalities: unplaced }));
    if (grid2) fillCoverage(grid, grid2, links, population, new Map(areas.map((a, i) => [a.code, totals[i]])));
  }
  if (pg && grid2 && polygons) fillCoverage(grid, grid2, links, population, sourcePeoplePerCode(pg.cells, pg.cellSizeM, polygons));
  const partial = areas.filter((a) => a.coverage.partial);
  if (partial.length > 0) notes.push(note("partial-coverage", { municipalities: partial.map((a) => ({ ...named(a), inside: a.coverage.inside })), scaled: !pg }));

  let populationInNoArea = 0;
  for (let c = 0; c < cellCount(grid); c++) if (areaOfCell[c] < 0) populationInNoArea += population[c];
  if (populationInNoArea > 0) notes.push(note("people-outside-region", { people: populationInNoArea, region: region.name }));

  let units: AnalysisUnit[] | null = null;
  if (grouping) {
    const indexOf = new Map(areas.map((a, i) => [a.code, i]));
    units = grouping.units.map((u) => ({ id: u.id, name: u.name.fi, members: u.municipalities.flatMap((c) => (indexOf.has(c) ? [indexOf.get(c)!] : [])) }));
  }
  return { region, groupings, grid, links, services, catalogue, languages, groups, population, populationSource, populationOutsideGrid, populationInNoArea, areas, areaOfCell, areasSource, boundaries, grouping, units, notes };
}

/** The grid's box in WGS84 degrees [west, south, east, north]. */
function wgsBox(grid: Grid): [number, number, number, number] {
  const corners = [toWgs(grid.x0, grid.y0), toWgs(grid.x0 + grid.cols * grid.cellSizeM, grid.y0), toWgs(grid.x0, grid.y0 + grid.rows * grid.cellSizeM), toWgs(grid.x0 + grid.cols * grid.cellSizeM, grid.y0 + grid.rows * grid.cellSizeM)];
  return [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))];
}

/** The grouping by id (null for "none"), else the region's first; it must be one of the region's. */
function resolveGrouping(region: Region, groupings: readonly Grouping[], id: string | null | undefined): Grouping | null {
  if (id === null || id === "none") return null;
  if (id === undefined) return groupings[0] ?? null;
  const g = groupings.find((x) => x.id === id);
  if (!g) throw new NotFoundError(`grouping ${show(id)} is not one of the region ${region.id}'s; known: ${groupings.map((x) => x.id).join(", ")}, none`, "grouping", id);
  return g;
}
