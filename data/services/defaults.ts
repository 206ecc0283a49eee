/**
 * The default service set of any region, built from facts: one L point per municipality and the
 * region's hospitals as E and A points. A starting network to compare scenarios against, not a
 * register of every health station.
 *
 * L (local): one health station per municipality, placed at the municipality's administrative
 * centre (data/facts/finland.ts: NLS Topographic Database via rOpenGov/geofi, CC BY 4.0). The
 * centre stands in for the municipality's main health station, which in most municipalities lies
 * in or near it; it is not the station's address.
 *
 * E and A: the hospitals of data/facts/hospitals.ts that serve the region's organisers: each
 * organiser's central or university hospital (E) and every round-the-clock joint emergency unit
 * (A), each with its source and how exact its point is (a "town" point sits at the municipal
 * centre and may be several km off; that file says where). With `crossBorder`, the set also holds
 * the points of other organisers inside a box, because people near a border use the nearest
 * hospital whichever county runs it.
 */
import type { ServicePoint, ServiceSet } from "../../engine/index.ts";
import { FINNISH_MUNICIPALITIES, HOSPITALS, REGIONS, type Region } from "../facts/index.ts";
import { serviceSetFromPoints } from "./import.ts";

const SOURCE =
  "L: municipal administrative centres (NLS via rOpenGov/geofi, CC BY 4.0) standing in for the main health stations; " +
  "E/A: central hospitals and round-the-clock joint emergency units of the organisers, at the points and precision data/facts/hospitals.ts gives";

const byCode = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));

/** The L points of some municipalities: one health station at each administrative centre. */
function healthStations(codes: readonly string[]): ServicePoint[] {
  return codes.flatMap((code) => {
    const m = byCode.get(code);
    if (!m) return [];
    return [{ id: `L-${m.code}`, name: { fi: `${m.nameFi}, terveysasema (kuntakeskus)`, sv: `${m.nameSv}, hälsostation (kommuncentrum)` }, municipality: m.code, lon: m.centre.lon, lat: m.centre.lat, level: "L", open: true }];
  });
}

/** The hospitals that serve any of the region's organisers (or, for a region of no organiser, stand in its municipalities). */
function hospitals(region: Region): ServicePoint[] {
  const mine = new Set(region.municipalities);
  return HOSPITALS.filter((h) => (region.counties.length > 0 ? h.serves.some((c) => region.counties.includes(c)) : mine.has(h.municipality))).map((h) => ({
    id: h.id,
    name: { fi: h.name.fi, sv: h.name.sv },
    municipality: h.municipality,
    lon: h.lon,
    lat: h.lat,
    level: h.level,
    open: true,
  }));
}

/** The points of other organisers within a WGS84 box: their hospitals and the health stations of their municipalities. */
export function crossBorderPoints(region: Region, bbox: readonly [number, number, number, number]): ServicePoint[] {
  const [w, s, e, n] = bbox;
  const inBox = (p: { lon: number; lat: number }) => p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n;
  const mine = new Set(region.municipalities);
  const others = FINNISH_MUNICIPALITIES.filter((m) => !mine.has(m.code) && m.county !== null && inBox(m.centre)).map((m) => m.code);
  const own = new Set(hospitals(region).map((h) => h.id));
  const theirHospitals = HOSPITALS.filter((h) => !own.has(h.id) && inBox(h)).map((h) => ({ id: h.id, name: { fi: h.name.fi, sv: h.name.sv }, municipality: h.municipality, lon: h.lon, lat: h.lat, level: h.level, open: true }));
  return [...theirHospitals, ...healthStations(others)];
}

const cache = new Map<string, ServiceSet>();

/**
 * The default service set of a region: its hospitals, then a health station per municipality.
 * With `crossBorder` (a WGS84 box, the study's), the other organisers' points inside it too.
 */
export function defaultServiceSet(region: Region, crossBorder?: readonly [number, number, number, number]): ServiceSet {
  const key = `${region.id}|${region.municipalities.join(",")}|${crossBorder?.join(",") ?? ""}`;
  let set = cache.get(key);
  if (!set) {
    const points = [...hospitals(region), ...healthStations(region.municipalities), ...(crossBorder ? crossBorderPoints(region, crossBorder) : [])];
    const name = crossBorder
      ? { fi: `${region.name.fi}, perusverkko ja rajan yli`, sv: `${region.name.sv}, grundnät och över gränsen`, en: `${region.name.en}, default network and across the border` }
      : { fi: `${region.name.fi}, perusverkko`, sv: `${region.name.sv}, grundnät`, en: `${region.name.en}, default network` };
    set = serviceSetFromPoints(`${region.id}-default${crossBorder ? "-cross-border" : ""}`, points, SOURCE, name);
    cache.set(key, set);
  }
  return set;
}

/** The default service set of every built-in region, by region id (built on first use). */
export function defaultServiceSets(): ReadonlyMap<string, ServiceSet> {
  return new Map(REGIONS.map((r) => [r.id, defaultServiceSet(r)]));
}
