/** Reading places for the CLI: `lon,lat` text, municipality names, and id,lon,lat CSV files. */
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { InvalidInputError, NotFoundError, pointInRing, show, toEtrs, type RoadGraph } from "../../engine/index.ts";
import { findFinnishMunicipality } from "../../data/facts/index.ts";
import { builtinMunicipalityAreas } from "../../data/areas/index.ts";

export interface PlaceInput {
  id: string;
  lon: number;
  lat: number;
  /** The municipality's code, when the place was given by its name or code (its administrative centre). */
  code?: string;
}

const LONLAT = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Checks WGS84 ranges; names the field and value when wrong. */
function checkLonLat(lon: number, lat: number, field: string): void {
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw new InvalidInputError(`${field}: longitude ${show(lon)} is not in [-180, 180]`, field, lon);
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new InvalidInputError(`${field}: latitude ${show(lat)} is not in [-90, 90]`, field, lat);
}

/** A place given as "lon,lat" (WGS84) or as a municipality name or code (its administrative centre). */
export function parsePlace(text: string, field: string): PlaceInput {
  const m = LONLAT.exec(text);
  if (m) {
    const lon = Number(m[1]);
    const lat = Number(m[2]);
    checkLonLat(lon, lat, field);
    return { id: text.trim(), lon, lat };
  }
  const muni = findFinnishMunicipality(text);
  return { id: muni.nameFi, lon: muni.centre.lon, lat: muni.centre.lat, code: muni.code };
}

/**
 * For a municipality whose centre lies off the extract's roads: the road node of its own land
 * (the built-in boundary) nearest its centre, with the distance between them (m); null when the
 * extract has no road inside the municipality. A planner who names a municipality the extract cuts
 * gets the part of it the roads reach, said so, rather than no answer.
 */
export async function nearestPointInside(graph: RoadGraph, place: PlaceInput): Promise<{ lon: number; lat: number; fromCentreM: number } | null> {
  if (!place.code) return null;
  const [area] = await builtinMunicipalityAreas([place.code]);
  const [cx, cy] = toEtrs(place.lon, place.lat);
  let best = -1;
  let bestD = Infinity;
  for (let u = 0; u < graph.nodeCount; u++) {
    if (!graph.mainComponent[u]) continue;
    const [x, y] = toEtrs(graph.lon(u), graph.lat(u));
    const d = Math.hypot(x - cx, y - cy);
    if (d >= bestD) continue;
    // Inside by the even-odd rule over all its rings (islands and holes alike).
    let inside = false;
    for (const ring of area.rings) if (pointInRing(x, y, ring)) inside = !inside;
    if (inside) (best = u), (bestD = d);
  }
  return best < 0 ? null : { lon: graph.lon(best), lat: graph.lat(best), fromCentreM: bestD };
}

/** Reads a CSV of places with header `id,lon,lat` (other columns ignored). Errors name the line and field. */
export async function readPlacesCsv(path: string, field: string): Promise<PlaceInput[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new NotFoundError(`${field}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`, field, path);
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new InvalidInputError(`${path}: not valid CSV (${(err as Error).message.split("\n")[0]})`, field, path);
  }
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0].split(",").map((h) => h.trim());
  for (const col of ["id", "lon", "lat"]) {
    if (!header.includes(col)) throw new InvalidInputError(`${path}: header must have columns id,lon,lat (missing "${col}")`, field, header.join(","));
  }
  if (rows.length === 0) throw new InvalidInputError(`${path}: no places (the file has only a header)`, field, path);
  return rows.map((r, i) => {
    const line = i + 2;
    const where = `${path} line ${line}`;
    if (!r.id) throw new InvalidInputError(`${where}: id is empty`, "id", r.id);
    const lon = Number(r.lon);
    const lat = Number(r.lat);
    if (r.lon === "" || !Number.isFinite(lon)) throw new InvalidInputError(`${where}: lon ${show(r.lon)} is not a number`, "lon", r.lon);
    if (r.lat === "" || !Number.isFinite(lat)) throw new InvalidInputError(`${where}: lat ${show(r.lat)} is not a number`, "lat", r.lat);
    checkLonLat(lon, lat, where);
    return { id: r.id, lon, lat };
  });
}
