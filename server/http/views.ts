/**
 * The JSON of the API's listings (regions, municipalities, service points, bands) from the open
 * study's plain data. The figures' JSON (accessibility, scenario runs, comparisons) is the study
 * layer's own (study/views.ts), shared with the CLI.
 */
import type { z } from "zod";
import { hostableLevels, offeredTypes, type ServiceLevel, type ServicePoint } from "../../engine/index.ts";
import { servicePointProperties } from "../../data/services/index.ts";
import { REGIONS, groupingsOf, type Grouping } from "../../data/facts/index.ts";
import { coverageJson, noteJson, type Study } from "../../study/index.ts";
import type * as S from "./schemas.ts";

const groupingView = (g: Grouping) => ({
  id: g.id,
  name: g.name,
  source: g.source,
  units: g.units.map((u) => ({ id: u.id, name: u.name, municipalities: [...u.municipalities], hub: u.hub ?? null })),
});

/** The built-in regions (the 22 organisers and Uusimaa), and the study's own when it is not one of them. */
export function regionsView(ws: Study): z.output<typeof S.regionList> {
  const own = ws.region;
  const all = REGIONS.some((r) => r.id === own.id) ? REGIONS : [...REGIONS, own];
  return {
    active: own.id,
    grouping: ws.inputs.grouping?.id ?? null,
    regions: all.map((r) => ({
      id: r.id,
      name: { fi: r.name.fi, sv: r.name.sv, en: r.name.en },
      active: r.id === own.id,
      source: r.id === own.id ? own.source : r.source,
      municipalities: [...r.municipalities],
      groupings: (r.id === own.id ? ws.inputs.groupings : groupingsOf(r)).map(groupingView),
    })),
  };
}

export function municipalitiesView(ws: Study): z.output<typeof S.municipalityList> {
  const people = ws.areaPopulation();
  const unitOf = new Map<number, string>();
  ws.inputs.units?.forEach((u) => u.members.forEach((m) => unitOf.set(m, u.id)));
  return {
    areas: ws.inputs.areasSource,
    municipalities: ws.inputs.areas.map((a, i) => ({
      index: i,
      code: a.code,
      name: { fi: a.name, sv: a.nameSv },
      centre: a.centre ? { lon: a.centre.lon, lat: a.centre.lat } : null,
      population: people[i],
      unit: unitOf.get(i) ?? null,
      coverage: coverageJson(a.coverage),
    })),
  };
}

/** Snap distance (m) of each base point that is on the network. */
function snapDistances(ws: Study): Map<string, number> {
  return new Map(ws.base.placed.map((p) => [p.point.id, Math.round(p.target.snap.distanceM)]));
}

/** The types a point offers, by name, in each language: "terveysasema, äitiys- ja lastenneuvola, …". */
function offersText(ws: Study, p: ServicePoint): { fi: string; sv: string; en: string } {
  const names = offeredTypes(p, ws.inputs.catalogue).map((id) => ws.inputs.catalogue.types.find((t) => t.id === id)?.name ?? { fi: id, sv: id, en: id });
  return { fi: names.map((n) => n.fi).join(", "), sv: names.map((n) => n.sv).join(", "), en: names.map((n) => n.en).join(", ") };
}

export function servicePointsView(ws: Study): z.output<typeof S.servicePointList> {
  const snapM = snapDistances(ws);
  const set = ws.inputs.services;
  return {
    set: { id: set.id, name: set.name, source: set.source },
    points: set.points.map((p) => ({
      id: p.id, name: { fi: p.name.fi, sv: p.name.sv }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: p.open, snap_m: snapM.get(p.id) ?? null,
      offers: [...offeredTypes(p, ws.inputs.catalogue)], offers_text: offersText(ws, p), hostable_levels: hostableLevels(p, ws.inputs.catalogue), languages: p.languages ? [...p.languages] : null,
    })),
  };
}

/** GET /api/service-points/cross-border: the other organisers' points inside the extract, to add as a scenario. */
export function crossBorderView(ws: Study): z.output<typeof S.crossBorderPoints> {
  const { status, points } = ws.crossBorder();
  const snapM = new Map(ws.place(points).placed.map((p) => [p.point.id, Math.round(p.target.snap.distanceM)]));
  return { status, points: points.map((p) => ({ id: p.id, name: { fi: p.name.fi, sv: p.name.sv }, municipality: p.municipality, lon: p.lon, lat: p.lat, level: p.level, open: p.open, snap_m: snapM.get(p.id) ?? null })) };
}

export function servicePointsGeoJson(ws: Study): z.output<typeof S.servicePointCollection> {
  const snapM = snapDistances(ws);
  return {
    type: "FeatureCollection",
    features: ws.inputs.services.points.map((p) => ({
      type: "Feature" as const,
      properties: { ...servicePointProperties(p), snap_m: snapM.get(p.id) ?? null },
      geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] as [number, number] },
    })),
  };
}

export function isochronesView(ws: Study, level: ServiceLevel, thresholdsMin: readonly number[], crs: "EPSG:4326" | "EPSG:3067"): z.output<typeof S.isochroneCollection> {
  const bands = ws.isochrones(level, thresholdsMin, crs);
  return {
    ...bands,
    features: bands.features.map((f) => ({ ...f, properties: { level, threshold_min: f.properties.threshold_min } })),
    palveluverkko: { level, roads: ws.roads, generated: ws.generated, profile: ws.profile, thresholds_min: ws.thresholds(thresholdsMin), crs, notes: ws.notes(thresholdsMin).map(noteJson) },
  };
}

/** What the figure routes take per service and language: the catalogue's types and the languages the workspace has speakers of. */
export function servicesOffered(ws: Study): Pick<z.output<typeof S.health>, "service_types" | "languages"> {
  return {
    service_types: ws.inputs.catalogue.types.map((t) => ({ id: t.id, name: { fi: t.name.fi, sv: t.name.sv, en: t.name.en } })),
    languages: [...(ws.inputs.languages?.languages ?? [])],
  };
}
