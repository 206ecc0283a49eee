/**
 * The municipalities of a study on its grid: which cell is whose, with nobody lost at the coast,
 * and how much of each municipality the extract covers. A cell belongs to the boundary polygon
 * holding its centre; a cell with people (or roads) whose centre lies in no polygon (at sea with
 * land-only boundaries, in a gap between generalised ones) goes to the polygon whose boundary lies
 * nearest, within MAX_SEA_DISTANCE_M. Cells of municipalities outside the study's region belong
 * to no area: their people are outside the region, counted apart.
 */
import { cellAt, cellCount, nearestAreas, nestRings, rasterizePolygons, signedArea, type CellLinks, type Grid, type PopulationCell, type Rings } from "../engine/index.ts";
import { FINNISH_MUNICIPALITIES, type Region } from "../data/facts/index.ts";
import type { MunicipalityArea } from "../data/areas/index.ts";

/** Farthest a cell's centre may lie from a municipality's boundary and still be its (m): inhabited islets and shore cells are within it, the open sea is not. */
const MAX_SEA_DISTANCE_M = 20_000;

/** How much of a municipality the study covers (shares 0..1). */
interface Coverage {
  /** Of its land, the share inside the study's grid (the extract's box). */
  readonly inside: number;
  /** Of its land, the share the extract's roads serve (a cell with a road within reach). */
  readonly land: number;
  /** Of its people (in the population source), the share living in cells the roads serve; null when the source says nothing of it. */
  readonly people: number | null;
  /** Part of its land lies outside the extract's box: its row covers only that part. */
  readonly partial: boolean;
}

/** A municipality as the study holds it. */
export interface StudyArea {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Swedish name: from the boundaries, else the facts, else the Finnish name. */
  readonly nameSv: string;
  readonly centre?: { readonly lon: number; readonly lat: number };
  /** Land area (km²) of the whole municipality, from its boundary. */
  readonly landKm2: number;
  coverage: Coverage;
}

/** A municipality whose land inside the box is under this share is partial. */
const PARTIAL_BELOW = 0.99;

/**
 * Where a municipality's people live when only its total is known: around its administrative
 * centre, half as many every PEOPLE_HALF_DISTANCE_M farther out. Used for the share of a partly
 * covered municipality's people inside the extract, and said so in the note: a model, not a count.
 */
const PEOPLE_HALF_DISTANCE_M = 1500;

/**
 * The share of a municipality's people inside a box by the model above: its land (rasterized at
 * 500 m) weighted by distance from its centre (EPSG:3067 metres), the part inside over the whole.
 */
export function peopleShareInside(rings: Rings, centre: readonly [number, number], box: { x0: number; y0: number; x1: number; y1: number }): number {
  const cellM = 500;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) for (const [x, y] of ring) (x0 = Math.min(x0, x)), (y0 = Math.min(y0, y)), (x1 = Math.max(x1, x)), (y1 = Math.max(y1, y));
  const grid: Grid = { x0: Math.floor(x0 / cellM) * cellM, y0: Math.floor(y0 / cellM) * cellM, cellSizeM: cellM, cols: Math.ceil((x1 - Math.floor(x0 / cellM) * cellM) / cellM), rows: Math.ceil((y1 - Math.floor(y0 / cellM) * cellM) / cellM) };
  const land = rasterizePolygons(grid, [rings]);
  let all = 0;
  let inside = 0;
  for (let c = 0; c < land.length; c++) {
    if (land[c] < 0) continue;
    const x = grid.x0 + ((c % grid.cols) + 0.5) * cellM;
    const y = grid.y0 + (Math.floor(c / grid.cols) + 0.5) * cellM;
    const w = 2 ** (-Math.hypot(x - centre[0], y - centre[1]) / PEOPLE_HALF_DISTANCE_M);
    all += w;
    if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1) inside += w;
  }
  return all > 0 ? inside / all : 0;
}

const factsByCode = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));

/** Area (m²) of a boundary's rings, holes taken out (rings kept together even-odd). */
function ringsAreaM2(rings: Rings): number {
  let a = 0;
  for (const polygon of nestRings(rings.map((r) => r.map(([x, y]) => [x, y] as [number, number])))) {
    polygon.forEach((ring, k) => (a += (k === 0 ? 1 : -1) * Math.abs(signedArea(ring))));
  }
  return a;
}

export interface GridAreas {
  readonly areas: StudyArea[];
  /** Area index per cell, -1 for none (outside the region, far at sea, abroad). */
  readonly areaOfCell: Int32Array;
  /** Boundary index (into `polygons`) of each cell whose centre is on land, -1 otherwise: for coverage and for taking the region from the roads. */
  readonly landOfCell: Int32Array;
  /** Each area's rings (EPSG:3067), for maps. */
  readonly boundaries: Rings[];
  /** Cells given a municipality from the nearest boundary. */
  readonly atSea: number;
}

/** Boundary index of every cell, land cells by centre and wanted cells at sea by the nearest boundary. */
export function cellsOnBoundaries(grid: Grid, polygons: readonly MunicipalityArea[], wanted: (cell: number) => boolean): { landOfCell: Int32Array; ofCell: Int32Array; atSea: number } {
  const landOfCell = rasterizePolygons(grid, polygons.map((p) => p.rings));
  const near = nearestAreas(grid, landOfCell, polygons.map((p) => p.rings), wanted, MAX_SEA_DISTANCE_M);
  return { landOfCell, ofCell: near.areaOfCell, atSea: near.assigned };
}

/**
 * The region's municipalities on the grid: those with a cell of their own (on land or at sea), in
 * the boundary file's order; coverage is filled in by `coverage`.
 */
export function gridAreas(grid: Grid, polygons: readonly MunicipalityArea[], region: Region, cells: { landOfCell: Int32Array; ofCell: Int32Array; atSea: number }): GridAreas {
  const inRegion = new Set(region.municipalities);
  const has = new Uint8Array(polygons.length);
  for (let c = 0; c < cellCount(grid); c++) if (cells.ofCell[c] >= 0) has[cells.ofCell[c]] = 1;
  const kept = polygons.map((_, i) => i).filter((i) => has[i] === 1 && inRegion.has(polygons[i].code));
  const indexOf = new Int32Array(polygons.length).fill(-1);
  kept.forEach((p, k) => (indexOf[p] = k));
  const areaOfCell = cells.ofCell.map((p) => (p >= 0 ? indexOf[p] : -1));
  const areas = kept.map((i): StudyArea => {
    const p = polygons[i];
    const facts = factsByCode.get(p.code);
    const name = p.nameFi ?? facts?.nameFi ?? p.code;
    return { id: p.code, code: p.code, name, nameSv: p.nameSv ?? facts?.nameSv ?? name, centre: facts?.centre, landKm2: ringsAreaM2(p.rings) / 1e6, coverage: { inside: 0, land: 0, people: null, partial: false } };
  });
  return { areas, areaOfCell, landOfCell: cells.landOfCell.map((p) => (p >= 0 && indexOf[p] >= 0 ? indexOf[p] : -1)), boundaries: kept.map((i) => polygons[i].rings as Rings[number][]), atSea: cells.atSea };
}

/**
 * Each area's coverage: land inside the box and served by the roads (from land cells), and people
 * in served cells against the source's people of the municipality (`sourcePeople`, by code).
 */
export function fillCoverage(grid: Grid, g: GridAreas, links: CellLinks, population: Uint32Array, sourcePeople: ReadonlyMap<string, number> | null): void {
  const cellKm2 = (grid.cellSizeM * grid.cellSizeM) / 1e6;
  const inside = new Float64Array(g.areas.length);
  const served = new Float64Array(g.areas.length);
  const servedPeople = new Float64Array(g.areas.length);
  for (let c = 0; c < cellCount(grid); c++) {
    const land = g.landOfCell[c];
    const reached = links.edge[c] >= 0;
    if (land >= 0) {
      inside[land] += cellKm2;
      if (reached) served[land] += cellKm2;
    }
    const a = g.areaOfCell[c];
    if (a >= 0 && reached) servedPeople[a] += population[c];
  }
  g.areas.forEach((a, i) => {
    const share = (x: number) => (a.landKm2 > 0 ? Math.min(1, x / a.landKm2) : 0);
    const people = sourcePeople?.get(a.code);
    a.coverage = {
      inside: share(inside[i]),
      land: share(served[i]),
      people: people === undefined ? null : people > 0 ? Math.min(1, servedPeople[i] / people) : null,
      partial: share(inside[i]) < PARTIAL_BELOW,
    };
  });
}

/**
 * People of a population source per municipality code, over the whole source (not only the
 * study's box): each source cell goes where its centre lies, or to the nearest boundary at sea,
 * as the study's cells do. The denominator of people coverage.
 */
export function sourcePeoplePerCode(cells: readonly PopulationCell[], cellSizeM: number, polygons: readonly MunicipalityArea[]): Map<string, number> {
  const out = new Map<string, number>();
  if (cells.length === 0) return out;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of cells) (x0 = Math.min(x0, c.x)), (y0 = Math.min(y0, c.y)), (x1 = Math.max(x1, c.x)), (y1 = Math.max(y1, c.y));
  const h = cellSizeM / 2;
  const grid: Grid = { x0: x0 - h, y0: y0 - h, cellSizeM, cols: Math.round((x1 - x0) / cellSizeM) + 1, rows: Math.round((y1 - y0) / cellSizeM) + 1 };
  const people = new Float64Array(cellCount(grid));
  for (const c of cells) {
    const k = cellAt(grid, c.x, c.y);
    if (k >= 0) people[k] += c.population;
  }
  const { ofCell } = cellsOnBoundaries(grid, polygons, (k) => people[k] > 0);
  for (let k = 0; k < people.length; k++) {
    if (people[k] > 0 && ofCell[k] >= 0) {
      const code = polygons[ofCell[k]].code;
      out.set(code, (out.get(code) ?? 0) + people[k]);
    }
  }
  return out;
}
