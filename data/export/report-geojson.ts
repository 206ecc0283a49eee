/**
 * The report's geometry as one GeoJSON FeatureCollection (RFC 7946: WGS84 lon/lat, exterior rings
 * counter-clockwise), every feature with a `kind` (band, cell, service_point, municipality) and,
 * where it has one, a `level`. Bands are nested: a band feature is the area within threshold_min,
 * so draw the farthest first. Cells carry people and minutes per level (null beyond the last
 * threshold). The top-level `palveluverkko` member (a foreign member, allowed by RFC 7946 § 6.1)
 * carries the title, date, sources and licences, the notes, and the tables that have no geometry
 * of their own (`tables`: figures per service type and language group, a scenario's changes to
 * them, its loads and moves), rows keyed by the CSV's measure keys.
 */
import { cellSquare, toWgs, LEVELS } from "../../engine/index.ts";
import { bandLabel, levelName, t, type Lang } from "./i18n.ts";
import type { BandShape, CellColumns, Position, ReportModel, ReportMunicipality, ReportPoint } from "./report-model.ts";
import { describeSource, reportTables, reportTitle } from "./report-tables.ts";

/** Seven decimals of a degree: about a centimetre, more than the 250 m cells need. */
const wgs = ([x, y]: Position): Position => {
  const [lon, lat] = toWgs(x, y);
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
};
/** EPSG:3067 polygons as a WGS84 MultiPolygon's coordinates. */
export const wgsPolygons = (polygons: Position[][][]): Position[][][] => polygons.map((p) => p.map((r) => r.map(wgs)));
const minutes = (v: number) => (Number.isNaN(v) ? null : Math.round(v * 1e3) / 1e3);

/** A GeoJSON feature as the report writes it (WGS84). */
export interface GeoJsonFeature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: { type: "Point"; coordinates: Position } | { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };
}

// The features of each kind, as the GeoJSON report writes them: the one place their properties are
// named (the OGC API serves these very features).

/** Bands as features: level, its name, variant, threshold_min, from_min and the band's label. */
export function bandFeatures(bands: readonly BandShape[], thresholdsMin: readonly number[], lang: Lang): GeoJsonFeature[] {
  return bands.map((b) => ({
    type: "Feature",
    properties: { kind: "band", level: b.level, level_name: levelName(lang, b.level), variant: b.variant, threshold_min: b.thresholdMin, from_min: b.fromMin, label: bandLabel(lang, thresholdsMin, thresholdsMin.indexOf(b.thresholdMin)) },
    geometry: { type: "MultiPolygon", coordinates: wgsPolygons(b.polygons) },
  }));
}

/** Populated cells as square polygons: index, people, municipality, minutes per level (and a scenario's base minutes). */
export function cellFeatures(c: CellColumns): GeoJsonFeature[] {
  const out: GeoJsonFeature[] = [];
  for (let i = 0; i < c.cell.length; i++) {
    const ring = cellSquare(c.x[i], c.y[i], c.cellSizeM).map(wgs);
    const props: Record<string, unknown> = { kind: "cell", cell: c.cell[i], population: c.population[i], municipality: c.municipality[i] };
    for (const l of LEVELS) props[`${l}_min`] = minutes(c.minutes[l][i]);
    if (c.baseMinutes) for (const l of LEVELS) props[`base_${l}_min`] = minutes(c.baseMinutes[l][i]);
    out.push({ type: "Feature", properties: props, geometry: { type: "Polygon", coordinates: [ring] } });
  }
  return out;
}

/** Service points: level, id, names, open, municipality and what a scenario did to it (status). */
export function pointFeatures(points: readonly ReportPoint[], lang: Lang): GeoJsonFeature[] {
  return points.map((p) => ({
    type: "Feature",
    properties: { kind: "service_point", level: p.level, id: p.id, name: lang === "sv" ? p.name.sv : p.name.fi, name_fi: p.name.fi, name_sv: p.name.sv, open: p.open, municipality: p.municipality, status: p.status },
    geometry: { type: "Point", coordinates: [p.lon, p.lat] },
  }));
}

/** Municipalities: code and names. */
export function municipalityFeatures(list: readonly ReportMunicipality[], lang: Lang): GeoJsonFeature[] {
  return list.map((x) => ({
    type: "Feature",
    properties: { kind: "municipality", code: x.code, name: x.name[lang], name_fi: x.name.fi, name_sv: x.name.sv },
    geometry: { type: "MultiPolygon", coordinates: wgsPolygons(x.polygons) },
  }));
}

/** Tables with no geometry of their own (groups, a scenario's group changes, loads and moves, a comparison's groups), by id: rows as objects of the stable column keys, with the row's dimensions. */
const TABLES_WITHOUT_GEOMETRY = new Set(["groups", "group_changes", "group_groupings", "group_equality", "loads", "moves"]);

function tablesMember(m: ReportModel, lang: Lang): { tables?: Record<string, Record<string, unknown>[]> } {
  const tables = reportTables(m, lang).filter((x) => TABLES_WITHOUT_GEOMETRY.has(x.id));
  if (tables.length === 0) return {};
  return {
    tables: Object.fromEntries(tables.map((x) => [x.id, x.rows.map((r, i) => {
      const { id: _id, ...dims } = x.meta[i];
      const values = Object.fromEntries(x.columns.map((c, k) => [c.key, r[k]]));
      // As the GeoPackage's tables: a dimension's code beside its label when both would share a key.
      return { ...Object.fromEntries(Object.entries(dims).map(([d, v]) => [d in values ? `${d}_code` : d, v])), ...values };
    })])),
  };
}

/** The report as a GeoJSON FeatureCollection (text). */
export function renderGeoJson(m: ReportModel, lang: Lang): string {
  const g = m.geometry;
  const features = [...bandFeatures(g.bands, m.thresholdsMin, lang), ...cellFeatures(g.cells), ...pointFeatures(g.points, lang), ...municipalityFeatures(g.municipalities ?? [], lang)];
  const about = {
    title: reportTitle(m, lang),
    kind: m.kind,
    language: lang,
    date: m.date,
    region: m.region.name[lang],
    thresholds_min: m.thresholdsMin,
    sources: m.sources.map((s) => ({ role: s.role, text: describeSource(lang, s), licence: s.licence })),
    notes: m.notes.map((n) => ({ code: n.code, severity: n.severity, text: n.text[lang] })),
    ...tablesMember(m, lang),
  };
  return JSON.stringify({ type: "FeatureCollection", palveluverkko: about, features }) + "\n";
}
