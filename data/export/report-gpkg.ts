/**
 * The report as a GeoPackage for QGIS, in EPSG:3067: layers `bands` (nested isochrones per level:
 * the area within threshold_min), `cells` (populated cells: people and minutes per level, NULL
 * beyond the last threshold), `service_points` and `municipalities` (when boundaries were given),
 * and the report's tables as attribute tables (`figures_municipalities`, `figures_units`,
 * `figures_changes`, `figures_groups` (service types, language groups), `figures_groupings`, `figures_equality`, and `about` with the sources and
 * licences). Column names are the stable keys; identifiers and descriptions are in the
 * report's language.
 */
import type { SqlValue } from "sql.js";
import { LEVELS } from "../../engine/index.ts";
import { bandLabel, levelName, t, type Lang } from "./i18n.ts";
import { writeGeoPackage, type GpkgAttributeTable, type GpkgColumn, type GpkgFeatureLayer, type XY } from "./gpkg-write.ts";
import type { ReportModel } from "./report-model.ts";
import { reportTables, reportTitle, type ReportTable } from "./report-tables.ts";

const SRS_ID = 3067;
const nullable = (v: number) => (Number.isNaN(v) ? null : v);

function bandsLayer(m: ReportModel, lang: Lang): GpkgFeatureLayer {
  return {
    table: "bands",
    identifier: t(lang, "layer_bands"),
    description: `${reportTitle(m, lang)}: ${t(lang, "layer_bands")}`,
    geometryType: "MULTIPOLYGON",
    srsId: SRS_ID,
    columns: [
      { name: "level", type: "TEXT" },
      { name: "level_name", type: "TEXT" },
      { name: "variant", type: "TEXT" },
      { name: "threshold_min", type: "REAL" },
      { name: "from_min", type: "REAL" },
      { name: "label", type: "TEXT" },
    ],
    features: m.geometry.bands.map((b) => ({
      geometry: { type: "MultiPolygon", coordinates: b.polygons },
      values: [b.level, levelName(lang, b.level), b.variant, b.thresholdMin, b.fromMin, bandLabel(lang, m.thresholdsMin, m.thresholdsMin.indexOf(b.thresholdMin))],
    })),
  };
}

function cellsLayer(m: ReportModel, lang: Lang): GpkgFeatureLayer {
  const c = m.geometry.cells;
  const half = c.cellSizeM / 2;
  const base = c.baseMinutes;
  const columns: GpkgColumn[] = [
    { name: "cell", type: "INTEGER" },
    { name: "population", type: "INTEGER" },
    { name: "municipality", type: "TEXT" },
    ...LEVELS.map((l): GpkgColumn => ({ name: `${l.toLowerCase()}_min`, type: "REAL" })),
    ...(base ? LEVELS.map((l): GpkgColumn => ({ name: `base_${l.toLowerCase()}_min`, type: "REAL" })) : []),
  ];
  const features = Array.from(c.cell, (cell, i) => {
    const [x, y] = [c.x[i], c.y[i]];
    const ring: XY[] = [[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]];
    const values: SqlValue[] = [cell, c.population[i], c.municipality[i], ...LEVELS.map((l) => nullable(c.minutes[l][i])), ...(base ? LEVELS.map((l) => nullable(base[l][i])) : [])];
    return { geometry: { type: "Polygon" as const, coordinates: [ring] }, values };
  });
  return { table: "cells", identifier: t(lang, "layer_cells"), description: `${reportTitle(m, lang)}: ${t(lang, "layer_cells")}`, geometryType: "POLYGON", srsId: SRS_ID, columns, features };
}

function pointsLayer(m: ReportModel, lang: Lang): GpkgFeatureLayer {
  const text = (name: string): GpkgColumn => ({ name, type: "TEXT" });
  return {
    table: "service_points",
    identifier: t(lang, "layer_service_points"),
    description: `${reportTitle(m, lang)}: ${t(lang, "layer_service_points")}`,
    geometryType: "POINT",
    srsId: SRS_ID,
    columns: [text("id"), text("name"), text("name_fi"), text("name_sv"), text("level"), { name: "open", type: "INTEGER" }, text("municipality"), text("status")],
    features: m.geometry.points.map((p) => ({
      geometry: { type: "Point", coordinates: [p.x, p.y] },
      values: [p.id, lang === "sv" ? p.name.sv : p.name.fi, p.name.fi, p.name.sv, p.level, p.open ? 1 : 0, p.municipality, p.status],
    })),
  };
}

function municipalitiesLayer(m: ReportModel, lang: Lang): GpkgFeatureLayer | null {
  const ms = m.geometry.municipalities;
  if (!ms) return null;
  return {
    table: "municipalities",
    identifier: t(lang, "layer_municipalities"),
    description: `${reportTitle(m, lang)}: ${t(lang, "layer_municipalities")}`,
    geometryType: "MULTIPOLYGON",
    srsId: SRS_ID,
    columns: [{ name: "code", type: "TEXT" }, { name: "name", type: "TEXT" }, { name: "name_fi", type: "TEXT" }, { name: "name_sv", type: "TEXT" }],
    features: ms.map((x) => ({ geometry: { type: "MultiPolygon", coordinates: x.polygons }, values: [x.code, x.name[lang], x.name.fi, x.name.sv] })),
  };
}

/** A report table as a GeoPackage attribute table: stable keys as columns, plus the row's stable level/scope/variant/grouping/id. */
function attributeTable(table: ReportTable, lang: Lang): GpkgAttributeTable {
  const dims = ["level", "service", "language", "scope", "variant", "grouping"].filter((d) => table.meta.some((x) => x[d as keyof typeof x] !== undefined));
  const taken = new Set(table.columns.map((c) => c.key));
  // The meta columns say "L", not "L (lähipalvelu)": a GIS user filters on them.
  const metaCols = ["row_id", ...dims.map((d) => (taken.has(d) ? `${d}_code` : d))];
  const columns: GpkgColumn[] = [
    ...metaCols.map((name): GpkgColumn => ({ name, type: "TEXT" })),
    ...table.columns.map((c): GpkgColumn => ({ name: c.key, type: c.type === "text" ? "TEXT" : c.type === "int" ? "INTEGER" : "REAL" })),
  ];
  const rows = table.rows.map((r, i) => {
    const meta = table.meta[i];
    return [meta.id, ...dims.map((d) => meta[d as keyof typeof meta] ?? null), ...r];
  });
  const name = table.id === "about" || table.id === "notes" ? table.id : `figures_${table.id}`;
  // Identifiers are unique in gpkg_contents, and "Kunnat" is a layer's name too.
  return { table: name, identifier: t(lang, "asTable", { name: table.sheet }), description: table.sheet, columns, rows };
}

/** The report as GeoPackage bytes. */
export async function renderGpkg(m: ReportModel, lang: Lang): Promise<Uint8Array> {
  const layers = [bandsLayer(m, lang), cellsLayer(m, lang), pointsLayer(m, lang), municipalitiesLayer(m, lang)].filter((l): l is GpkgFeatureLayer => l !== null);
  // The service points are a layer already; every other table goes in as attributes.
  return writeGeoPackage(layers, reportTables(m, lang).filter((x) => x.id !== "services").map((x) => attributeTable(x, lang)));
}
