/**
 * The map's water: lakes, ponds, river areas and the sea read from the OSM extract the roads came
 * from (data/osm/water.ts), simplified once when a study opens, with notes saying why there is
 * none or what was left out. The study keeps it so every client draws the same water.
 */
import { basename } from "node:path";
import { simplifyIndices } from "../engine/index.ts";
import type { WaterPolygon, WaterStats } from "../data/osm/index.ts";

/** Five decimals of a degree: about a metre, plenty for drawing, and a third shorter than full doubles. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** Most vertices the water layer may send; the smallest polygons are left out past it (a big region). */
const MAX_WATER_DISPLAY_VERTICES = 300_000;

/** The water the map draws, simplified once when the workspace opens; notes say why there is none. */
export interface WaterLayer {
  readonly polygons: readonly WaterPolygon[];
  /** The OSM file the water was read from; null when none was. */
  readonly source: string | null;
  readonly notes: readonly string[];
  readonly toleranceM: number;
  readonly vertices: number;
}

/** No water, and why. */
export function noWater(note: string): WaterLayer {
  return { polygons: [], source: null, notes: [note], toleranceM: 0, vertices: 0 };
}

/**
 * Water polygons simplified for drawing: Douglas–Peucker in a local equirectangular view (metres),
 * at 1/5000 of the water's extent within [2, 30] m as the roads are; rings that collapse and
 * polygons smaller than a few tolerances square are left out, then the smallest past MAX_WATER_DISPLAY_VERTICES.
 */
export function waterLayer(path: string, read: { polygons: readonly WaterPolygon[]; stats: WaterStats }): WaterLayer {
  const notes: string[] = [];
  const all = read.polygons.flatMap((p) => p.rings[0]);
  const lat0 = all.length > 0 ? all.reduce((s, c) => s + c[1], 0) / all.length : 60;
  const mx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const my = 110_574;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of all) (x0 = Math.min(x0, x)), (y0 = Math.min(y0, y)), (x1 = Math.max(x1, x)), (y1 = Math.max(y1, y));
  const toleranceM = all.length > 0 ? Math.min(30, Math.max(2, Math.hypot((x1 - x0) * mx, (y1 - y0) * my) / 5000)) : 0;
  const minAreaM2 = 16 * toleranceM * toleranceM;
  const kept: { polygon: WaterPolygon; areaM2: number; vertices: number }[] = [];
  for (const p of read.polygons) {
    const rings: [number, number][][] = [];
    for (const ring of p.rings) {
      const m = ring.map(([x, y]) => [x * mx, y * my] as [number, number]);
      const idx = simplifyIndices(m.map((c) => c[0]), m.map((c) => c[1]), toleranceM);
      const out = idx.map((i) => [round5(ring[i][0]), round5(ring[i][1])] as [number, number]);
      if (out.length < 4) {
        if (rings.length === 0) break; // the outer ring collapsed: nothing to draw
        continue;
      }
      rings.push(out);
    }
    if (rings.length === 0) continue;
    const areaM2 = Math.abs(ringArea(rings[0])) * mx * my;
    if (areaM2 < minAreaM2) continue;
    kept.push({ polygon: { source: p.source, rings }, areaM2, vertices: rings.reduce((n, r) => n + r.length, 0) });
  }
  kept.sort((a, b) => b.areaM2 - a.areaM2);
  let vertices = 0;
  let cut = kept.length;
  for (let i = 0; i < kept.length; i++) {
    if (vertices + kept[i].vertices > MAX_WATER_DISPLAY_VERTICES) {
      cut = i;
      break;
    }
    vertices += kept[i].vertices;
  }
  if (cut < kept.length) notes.push(`${kept.length - cut} of the smallest water polygons left out to keep the layer within ${MAX_WATER_DISPLAY_VERTICES} vertices.`);
  const st = read.stats;
  if (read.polygons.length === 0) notes.push(`${basename(path)} holds no water areas (natural=water, waterway=riverbank, landuse=reservoir or basin) nor coastline: a roads-only extract draws no water.`);
  if (st.sea === "coastline does not end at the extract's edge") notes.push("The coastline does not end at the extract's edge (an extract cut by a polygon?): the sea is not drawn.");
  if (st.openRings > 0) notes.push(`${st.openRings} ring(s) of water relations whose ways do not close left out.`);
  if (st.overLimit > 0) notes.push(`${st.overLimit} water way(s) past the read limit left out.`);
  return { polygons: kept.slice(0, cut).map((k) => k.polygon), source: basename(path), notes, toleranceM, vertices };
}

/** Signed area of a ring in its own units squared. */
function ringArea(ring: readonly (readonly [number, number])[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}
