/**
 * Regional units on the map: their outlines made from the municipal borders the API serves as
 * lines (api/map/areas), for any assignment of municipalities to units, and which municipality a
 * click falls in. The API has the borders only as rings, not as units, and the planner's units
 * change with every click, so the outlines are made here: a border segment is inside a unit when
 * another member's border runs along it, and only the rest is drawn.
 */
import { pointInRing, signedArea } from "../../engine/rings.ts";
import type { FeatureCollection, MultiLineString } from "geojson";
import type { GeoJSONSource, Map as MlMap, MapMouseEvent } from "maplibre-gl";
import type { Areas } from "./api.ts";

/**
 * How near (m) another municipality's border must pass a segment's midpoint for the two to be one
 * border. Boundary files are simplified by 20 m per municipality on the server, so the two copies
 * of a shared border lie up to 40 m apart; cell outlines (no boundary file) share edges exactly,
 * and a border that is not shared lies at least half a cell (125 m or more) from any other.
 */
const SHARED_M = 60;
/**
 * Rings smaller than this (m²) get no unit outline: the skerries of Raasepori or Porvoo would
 * otherwise be a black scatter along the coast at region scale. Their municipal borders still show.
 */
const MIN_OUTLINED_M2 = 2e6;
/** The segment index's cell (m): borders are simplified to vertices some hundreds of metres apart. */
const CELL_M = 1000;
/** Metres per degree of latitude; a degree of longitude is this times cos(latitude), near enough at these scales. */
const M_PER_DEG = 111_320;

interface Ring {
  /** Degrees, closed, oriented with the municipality on the right (clockwise outside, anticlockwise round a hole). */
  lonLat: [number, number][];
  /** For each segment (i to i+1), the other municipalities (by index) whose border runs along it. */
  along: number[][];
  areaM2: number;
}

interface Area {
  code: string;
  rings: Ring[];
  /** Local metres, for the point-in-area test: the rings as they came. */
  xy: [number, number][][];
  bbox: [number, number, number, number];
}

/** The municipal borders made ready for outlines and clicks; built once per workspace. */
export interface Borders {
  areas: Area[];
  /** Degrees to local metres. */
  kx: number;
}


function distanceToSegment(px: number, py: number, [ax, ay]: readonly [number, number], [bx, by]: readonly [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Reads the API's borders: rings closed and oriented, and for each segment the neighbours that share it. */
export function prepareBorders(areas: Areas): Borders {
  let [south, north] = [Infinity, -Infinity];
  for (const f of areas.features) for (const r of f.geometry.coordinates) for (const c of r) [south, north] = [Math.min(south, c[1]), Math.max(north, c[1])];
  const lat0 = south <= north ? (south + north) / 2 : 60;
  const kx = M_PER_DEG * Math.cos((lat0 * Math.PI) / 180);
  const toXy = ([lon, lat]: readonly number[]): [number, number] => [lon * kx, lat * M_PER_DEG];
  const prepared = areas.features.map((f) => {
    const rings = f.geometry.coordinates
      .filter((r) => r.length >= 3)
      .map((r) => {
        const ring = r.map((c) => [c[0], c[1]] as [number, number]);
        const [first, last] = [ring[0], ring[ring.length - 1]];
        if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
        return ring;
      });
    const xy = rings.map((r) => r.map(toXy));
    // A ring inside an odd number of the municipality's other rings is a hole (Kauniainen in Espoo).
    const oriented = rings.map((r, i) => {
      const depth = xy.filter((other, j) => j !== i && pointInRing(xy[i][0][0], xy[i][0][1], other)).length;
      const clockwise = signedArea(xy[i]) < 0;
      return clockwise === (depth % 2 === 0) ? r : [...r].reverse();
    });
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of xy.flat()) [bbox[0], bbox[1], bbox[2], bbox[3]] = [Math.min(bbox[0], x), Math.min(bbox[1], y), Math.max(bbox[2], x), Math.max(bbox[3], y)];
    return { code: f.properties.code, lonLat: oriented, xy, bbox };
  });
  // Segments in a grid of CELL_M cells, each in every cell its box (grown by SHARED_M) touches,
  // so a midpoint finds every segment within SHARED_M of it in its own cell.
  const grid = new Map<number, [number, [number, number], [number, number]][]>();
  const cell = (v: number) => Math.floor(v / CELL_M);
  const key = (cx: number, cy: number) => cx * 1_000_003 + cy;
  prepared.forEach((a, ai) =>
    a.lonLat.forEach((r) => {
      let p = toXy(r[0]);
      for (let i = 1; i < r.length; i++) {
        const q = toXy(r[i]);
        for (let cx = cell(Math.min(p[0], q[0]) - SHARED_M); cx <= cell(Math.max(p[0], q[0]) + SHARED_M); cx++)
          for (let cy = cell(Math.min(p[1], q[1]) - SHARED_M); cy <= cell(Math.max(p[1], q[1]) + SHARED_M); cy++) {
            const list = grid.get(key(cx, cy));
            if (list) list.push([ai, p, q]);
            else grid.set(key(cx, cy), [[ai, p, q]]);
          }
        p = q;
      }
    }),
  );
  return {
    kx,
    areas: prepared.map((a, ai) => ({
      code: a.code,
      xy: a.xy,
      bbox: a.bbox,
      rings: a.lonLat.map((r, ri) => ({
        lonLat: r,
        areaM2: Math.abs(signedArea(a.xy[ri])),
        along: r.slice(1).map((q, i) => {
          const [mx, my] = toXy([(r[i][0] + q[0]) / 2, (r[i][1] + q[1]) / 2]);
          const near = new Set<number>();
          for (const [bi, p, q2] of grid.get(key(cell(mx), cell(my))) ?? []) if (bi !== ai && !near.has(bi) && distanceToSegment(mx, my, p, q2) <= SHARED_M) near.add(bi);
          return [...near];
        }),
      })),
    })),
  };
}

/** The code of the municipality at a place, or null outside every one. */
export function municipalityAt(b: Borders, lon: number, lat: number): string | null {
  const [x, y] = [lon * b.kx, lat * M_PER_DEG];
  for (const a of b.areas) {
    if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) continue;
    // Even-odd over all rings: a point in a hole is outside.
    if (a.xy.filter((r) => pointInRing(x, y, r)).length % 2 === 1) return a.code;
  }
  return null;
}

/** The bounds [west, south, east, north] of the given municipalities' borders, or null when none has any. */
export function boundsOf(b: Borders, codes: ReadonlySet<string>): [number, number, number, number] | null {
  const out: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const a of b.areas) {
    if (!codes.has(a.code)) continue;
    const [w, s, e, n] = [a.bbox[0] / b.kx, a.bbox[1] / M_PER_DEG, a.bbox[2] / b.kx, a.bbox[3] / M_PER_DEG];
    [out[0], out[1], out[2], out[3]] = [Math.min(out[0], w), Math.min(out[1], s), Math.max(out[2], e), Math.max(out[3], n)];
  }
  return out[0] <= out[2] ? out : null;
}

export type UnitOutlines = FeatureCollection<MultiLineString, { unit: string; colour: string }>;

/**
 * Each unit's outline: its members' border segments that no other member shares, joined into
 * lines, with the unit on the right of each line. Municipalities in no unit draw nothing.
 */
export function unitOutlines(b: Borders, unitOf: ReadonlyMap<string, string>, colours: ReadonlyMap<string, string>): UnitOutlines {
  const lines = new Map<string, [number, number][][]>();
  const unitAt = b.areas.map((a) => unitOf.get(a.code));
  b.areas.forEach((a, ai) => {
    const unit = unitAt[ai];
    if (unit === undefined) return;
    const out = lines.get(unit) ?? [];
    lines.set(unit, out);
    for (const r of a.rings) {
      if (r.areaM2 < MIN_OUTLINED_M2) continue;
      const kept = r.along.map((near) => !near.some((bi) => unitAt[bi] === unit));
      // Start at a dropped segment, so a line that runs across the ring's first point stays one line.
      const start = kept.indexOf(false);
      let line: [number, number][] = [];
      for (let k = 0; k < kept.length; k++) {
        const i = start < 0 ? k : (start + k) % kept.length;
        if (kept[i]) {
          if (line.length === 0) line.push(r.lonLat[i]);
          line.push(r.lonLat[i + 1]);
        } else if (line.length > 0) {
          out.push(line);
          line = [];
        }
      }
      if (line.length > 0) out.push(line);
    }
  });
  return {
    type: "FeatureCollection",
    features: [...lines].map(([unit, coordinates]) => ({ type: "Feature", properties: { unit, colour: colours.get(unit) ?? "#666666" }, geometry: { type: "MultiLineString", coordinates } })),
  };
}

const LAYERS = ["unit-tint", "unit-edge"] as const;

/**
 * The units' layers on a MapLibre map: a band of the unit's colour just inside its outline (so a
 * border between two units shows both), and the outline itself in near-black over it. Drawn under
 * the centres and service points, and added again whenever the style is (re)loaded.
 */
export class UnitLayers {
  private data: UnitOutlines = { type: "FeatureCollection", features: [] };
  private visible = false;

  constructor(
    private readonly map: MlMap,
    /** A click on the map, outside any service point: the code of the municipality clicked, or null. */
    onClick: (code: string | null) => void,
    /** Whether clicks are the units' now (the groupings view is open and no other mode is on). */
    active: () => boolean,
    /** The municipality at a place (municipalityAt over the borders). */
    at: (lon: number, lat: number) => string | null,
  ) {
    map.on("style.load", () => this.add());
    if (map.isStyleLoaded()) this.add();
    const onPoint = (e: MapMouseEvent) => map.getLayer("points") !== undefined && map.queryRenderedFeatures(e.point, { layers: ["points"] }).length > 0;
    map.on("click", (e) => {
      if (active() && !onPoint(e)) onClick(at(e.lngLat.lng, e.lngLat.lat));
    });
    map.on("mousemove", (e) => {
      if (!active() || onPoint(e)) return;
      map.getCanvas().style.cursor = at(e.lngLat.lng, e.lngLat.lat) ? "pointer" : "";
    });
  }

  set(data: UnitOutlines, visible: boolean): void {
    this.data = data;
    this.visible = visible;
    (this.map.getSource("units") as GeoJSONSource | undefined)?.setData(data);
    for (const id of LAYERS) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
  }

  private add(): void {
    const m = this.map;
    if (m.getSource("units")) return;
    m.addSource("units", { type: "geojson", data: this.data });
    const before = m.getLayer("centres") ? "centres" : undefined;
    const visibility = this.visible ? "visible" : "none";
    // Widths and offset in px: the band sits wholly inside the unit, the outline over its outer edge.
    m.addLayer({ id: "unit-tint", type: "line", source: "units", layout: { visibility, "line-join": "round" }, paint: { "line-color": ["get", "colour"], "line-width": 6, "line-offset": 3.5, "line-opacity": 0.9 } }, before);
    m.addLayer({ id: "unit-edge", type: "line", source: "units", layout: { visibility, "line-join": "round", "line-cap": "round" }, paint: { "line-color": "#111111", "line-width": 2.2 } }, before);
  }
}
