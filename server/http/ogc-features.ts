/**
 * The collections the OGC API – Features routes (ogc.ts) serve, and their features: the report's
 * own geometry (study geometryOf) as the GeoJSON report writes it (data/export bandFeatures,
 * cellFeatures, pointFeatures, municipalityFeatures), so a layer in QGIS shows what the report and
 * the app show, with no figure computed twice. The base's are built once per study, a stored
 * scenario's once per version (its updated_at), and kept, so paging through a collection never
 * recomputes it; bbox filtering reads each feature's extent, then its geometry.
 */
import { NotFoundError, polygonMeetsBox, show, toWgs, LEVELS } from "../../engine/index.ts";
import { bandFeatures, cellFeatures, municipalityFeatures, pointFeatures, wgsPolygons, type GeoJsonFeature, type Lang, type ReportModel } from "../../data/export/index.ts";
import { toScenarioChange } from "../../data/scenario-file.ts";
import type { Store } from "../../data/store/index.ts";
import { coverageJson, geometryOf, municipalityShapes, unitShapes, type Note, type Study } from "../../study/index.ts";
import { runnable } from "./stored.ts";

/** What a collection holds; a stored scenario has the first three. */
const KINDS = ["service-points", "bands", "cells", "municipalities", "units"] as const;
type Kind = (typeof KINDS)[number];
const SCENARIO_KINDS: readonly Kind[] = ["service-points", "bands", "cells"];

/** [west, south, east, north], WGS84 degrees. */
export type Box = [number, number, number, number];

/** A served feature: the report's, with an id that stays the same from page to page and run to run. */
export interface OgcFeature extends GeoJsonFeature {
  id: string | number;
}

/** One collection: the base's of a kind, or a stored scenario's. */
export interface CollectionRef {
  readonly id: string;
  readonly kind: Kind;
  readonly scenario: { readonly id: string; readonly name: string; readonly updatedAt: string } | null;
}

/** One state's geometry (the base's, or a scenario version's), its notes, and its collections per language, built when first asked. */
interface Built {
  readonly version: string;
  readonly geometry: ReportModel["geometry"];
  readonly thresholdsMin: readonly number[];
  readonly notes: readonly Note[];
  readonly served: Map<string, Served>;
}

/** A collection's features, each one's extent (west, south, east, north; NaN for an empty geometry), and what qualifies them. */
interface Served extends Pick<Built, "thresholdsMin" | "notes"> {
  readonly features: OgcFeature[];
  readonly boxes: Float64Array;
  readonly byId: ReadonlyMap<string, number>;
  readonly extent: Box | null;
}

/** Stored scenarios' geometry kept per study: the most recently used, each a few MB on a county's grid. */
const KEPT_SCENARIOS = 8;
const baseBuilt = new WeakMap<Study, Built>();
const scenarioBuilt = new WeakMap<Study, Map<string, Built>>();

const SCENARIO_ID = /^scenario-(.+)-(service-points|bands|cells)$/;

/** A scenario's collection id. */
const scenarioCollection = (id: string, kind: Kind) => `scenario-${id}-${kind}`;

/** The base's collections (units only with a grouping), then three per stored scenario this server can run, oldest first. */
export async function listCollections(ws: Study, store: Store | null): Promise<CollectionRef[]> {
  const base = KINDS.filter((k) => k !== "units" || ws.inputs.units !== null).map((kind): CollectionRef => ({ id: kind, kind, scenario: null }));
  if (!store) return base;
  const stored = (await store.listScenarios({ region: ws.region.id })).filter((s) => runnable(ws, s));
  return [...base, ...stored.flatMap((s) => SCENARIO_KINDS.map((kind) => ({ id: scenarioCollection(s.id, kind), kind, scenario: { id: s.id, name: s.name, updatedAt: s.updatedAt } })))];
}

/** The collection an id names; a 404 naming `collectionId` when there is none. */
export async function findCollection(ws: Study, store: Store | null, collectionId: string): Promise<CollectionRef> {
  const missing = (why: string) => new NotFoundError(`no collection ${show(collectionId)}: ${why}; the collections are listed at /ogc/collections`, "collectionId", collectionId);
  if ((KINDS as readonly string[]).includes(collectionId)) {
    if (collectionId === "units" && ws.inputs.units === null) throw missing("this study has no grouping into units");
    return { id: collectionId, kind: collectionId as Kind, scenario: null };
  }
  const m = SCENARIO_ID.exec(collectionId);
  if (!m) throw missing(`it is neither a base collection (${KINDS.join(", ")}) nor scenario-{id}-service-points, -bands or -cells`);
  if (!store) throw missing("this server keeps no scenarios");
  const s = await store.getScenario(m[1]).catch((err: unknown) => {
    throw err instanceof NotFoundError ? missing(`no stored scenario ${show(m[1])}`) : err;
  });
  if (!runnable(ws, s)) throw missing(`scenario ${show(s.id)} changes the ${s.region} set ${show(s.base)}, not this server's`);
  return { id: collectionId, kind: m[2] as Kind, scenario: { id: s.id, name: s.name, updatedAt: s.updatedAt } };
}

/** The base's geometry, or a stored scenario's at its current version (run once per version). */
async function built(ws: Study, store: Store | null, ref: CollectionRef): Promise<Built> {
  if (!ref.scenario) {
    let b = baseBuilt.get(ws);
    if (!b) {
      const thresholdsMin = ws.thresholds(undefined);
      b = { version: "base", geometry: geometryOf(ws, null, thresholdsMin), thresholdsMin, notes: ws.notes(thresholdsMin), served: new Map() };
      baseBuilt.set(ws, b);
    }
    return b;
  }
  let kept = scenarioBuilt.get(ws);
  if (!kept) scenarioBuilt.set(ws, (kept = new Map()));
  const { id, updatedAt } = ref.scenario;
  let b = kept.get(id);
  if (!b || b.version !== updatedAt) {
    // The changes as stored now: the scenario may have been edited since the collections were listed.
    const s = await store!.getScenario(id);
    b = kept.get(id); // another request may have built it meanwhile
    if (!b || b.version !== s.updatedAt) {
      const run = ws.runScenario(s.changes.map(toScenarioChange));
      b = { version: s.updatedAt, geometry: geometryOf(ws, run, run.figures.thresholdsMin), thresholdsMin: run.figures.thresholdsMin, notes: run.notes, served: new Map() };
    }
  }
  kept.delete(id); // re-inserted last: the map's order is the order of use
  kept.set(id, b);
  if (kept.size > KEPT_SCENARIOS) kept.delete(kept.keys().next().value!);
  return b;
}

/** A collection's features in a language (labels and names), built once per version and language. */
export async function servedFeatures(ws: Study, store: Store | null, ref: CollectionRef, lang: Lang): Promise<Served> {
  const b = await built(ws, store, ref);
  const key = `${ref.kind}:${lang}`;
  let served = b.served.get(key);
  if (!served) {
    served = serve(featuresOf(ws, b, ref, lang), b);
    b.served.set(key, served);
  }
  return served;
}

/** A report feature with its id, written after its type as GeoJSON has it. */
const withId = (f: GeoJsonFeature, id: string | number): OgcFeature => ({ type: f.type, id, properties: f.properties, geometry: f.geometry });

function featuresOf(ws: Study, b: Built, ref: CollectionRef, lang: Lang): OgcFeature[] {
  const { geometry, thresholdsMin } = b;
  switch (ref.kind) {
    case "service-points":
      return pointFeatures(geometry.points, lang).map((f) => withId(f, String(f.properties.id)));
    case "bands":
      // A scenario's geometry holds the base's bands too (the report maps both): those are the base's collection.
      return bandFeatures(geometry.bands.filter((x) => x.variant !== "base"), thresholdsMin, lang).map((f) => withId(f, `${String(f.properties.level)}-${String(f.properties.threshold_min)}`));
    case "cells":
      return cellFeatures(geometry.cells).map((f) => withId(f, Number(f.properties.cell)));
    case "municipalities":
      return municipalities(ws, lang);
    case "units":
      return units(ws, lang);
  }
}

/** The study's municipalities as the report names them, with their boundaries (else the outline of their cells), people on the grid, unit and coverage. */
function municipalities(ws: Study, lang: Lang): OgcFeature[] {
  const { areas, units } = ws.inputs;
  const shapes = municipalityShapes(ws.inputs);
  const people = ws.areaPopulation();
  const unitOf = new Map<number, string>();
  units?.forEach((u) => u.members.forEach((m) => unitOf.set(m, u.id)));
  const list = areas.map((a, i) => ({ code: a.code, name: { fi: a.name, sv: a.nameSv, en: a.name }, polygons: shapes.polygons[i] }));
  return municipalityFeatures(list, lang).map((f, i) =>
    withId({ ...f, properties: { ...f.properties, population: people[i], unit: unitOf.get(i) ?? null, ...coverageJson(areas[i].coverage), approximate: shapes.approximate } }, areas[i].code),
  );
}

/** The grouping's units as the outline of the cells their figures count. */
function units(ws: Study, lang: Lang): OgcFeature[] {
  const { areas, units, grouping } = ws.inputs;
  const shapes = unitShapes(ws.inputs) ?? [];
  const people = ws.areaPopulation();
  return (units ?? []).map((u, i) => {
    const name = grouping?.units.find((g) => g.id === u.id)?.name ?? { fi: u.name, sv: u.name, en: u.name };
    return {
      type: "Feature",
      id: u.id,
      properties: {
        kind: "unit", id: u.id, name: name[lang], name_fi: name.fi, name_sv: name.sv,
        municipalities: u.members.map((m) => areas[m].code).join(","),
        population: u.members.reduce((sum, m) => sum + people[m], 0),
        approximate: true,
      },
      geometry: { type: "MultiPolygon", coordinates: wgsPolygons(shapes[i]) },
    };
  });
}

/** Each feature's extent, and the collection's. */
function serve(features: OgcFeature[], b: Built): Served {
  const boxes = new Float64Array(features.length * 4).fill(NaN);
  const all: Box = [Infinity, Infinity, -Infinity, -Infinity];
  features.forEach((f, i) => {
    const g = f.geometry;
    const positions = g.type === "Point" ? [g.coordinates] : g.type === "Polygon" ? g.coordinates.flat() : g.coordinates.flat(2);
    for (const [lon, lat] of positions) {
      // NaN until the first position: a comparison with NaN is false, so the first one is taken.
      if (!(boxes[4 * i] <= lon)) boxes[4 * i] = lon;
      if (!(boxes[4 * i + 1] <= lat)) boxes[4 * i + 1] = lat;
      if (!(boxes[4 * i + 2] >= lon)) boxes[4 * i + 2] = lon;
      if (!(boxes[4 * i + 3] >= lat)) boxes[4 * i + 3] = lat;
    }
    if (positions.length > 0) for (let k = 0; k < 4; k++) all[k] = k < 2 ? Math.min(all[k], boxes[4 * i + k]) : Math.max(all[k], boxes[4 * i + k]);
  });
  const byId = new Map(features.map((f, i) => [String(f.id), i]));
  return { features, boxes, byId, extent: Number.isFinite(all[0]) ? all : null, thresholdsMin: b.thresholdsMin, notes: b.notes };
}

/** A feature by its id; a 404 naming `featureId` when the collection has none. */
export function featureById(served: Served, featureId: string): OgcFeature {
  const i = served.byId.get(featureId);
  if (i === undefined) throw new NotFoundError(`no feature ${show(featureId)} in this collection`, "featureId", featureId);
  return served.features[i];
}

/** The indices of the features that share a point with the box (CRS84), in collection order; every one without a box. */
export function selected(served: Served, box: Box | null): number[] {
  const { features, boxes } = served;
  const out: number[] = [];
  for (let i = 0; i < features.length; i++) {
    // Disjoint extents (or an empty geometry, whose extent is NaN) cannot meet; else the geometry decides.
    if (box && !(boxes[4 * i] <= box[2] && boxes[4 * i + 2] >= box[0] && boxes[4 * i + 1] <= box[3] && boxes[4 * i + 3] >= box[1])) continue;
    if (box && !meets(features[i].geometry, box)) continue;
    out.push(i);
  }
  return out;
}

function meets(g: GeoJsonFeature["geometry"], box: Box): boolean {
  if (g.type === "Point") return g.coordinates[0] >= box[0] && g.coordinates[0] <= box[2] && g.coordinates[1] >= box[1] && g.coordinates[1] <= box[3];
  if (g.type === "Polygon") return polygonMeetsBox(g.coordinates, box);
  return g.coordinates.some((p) => polygonMeetsBox(p, box));
}

/** Samples per side of the grid when its extent is taken to WGS84 (the grid's edges are straight in EPSG:3067, not in degrees). */
const EDGE_SAMPLES = 16;

/**
 * A collection's extent: a base collection's from its features; a scenario's is the study's
 * (the grid and the base's points), known without running the scenario.
 */
export async function extentOf(ws: Study, store: Store | null, ref: CollectionRef): Promise<Box | null> {
  if (!ref.scenario) return (await servedFeatures(ws, store, ref, "fi")).extent;
  const g = ws.inputs.grid;
  const [w, s, e, n] = [g.x0, g.y0, g.x0 + g.cols * g.cellSizeM, g.y0 + g.rows * g.cellSizeM];
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (lon: number, lat: number) => {
    box[0] = Math.min(box[0], lon);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon);
    box[3] = Math.max(box[3], lat);
  };
  for (let k = 0; k <= EDGE_SAMPLES; k++) {
    const t = k / EDGE_SAMPLES;
    for (const [x, y] of [[w + t * (e - w), s], [w + t * (e - w), n], [w, s + t * (n - s)], [e, s + t * (n - s)]]) add(...toWgs(x, y));
  }
  for (const p of ws.inputs.services.points) add(p.lon, p.lat);
  return box;
}

/** What a collection holds, in words: its title and description. */
export function describeCollection(ws: Study, ref: CollectionRef): { title: string; description: string } {
  const region = ws.regionName.en;
  const levels = LEVELS.join(", ");
  const scenario = ref.scenario ? ` Stored scenario "${ref.scenario.name}" (${ref.scenario.id}, version ${ref.scenario.updatedAt}).` : "";
  const of = ref.scenario ? `scenario "${ref.scenario.name}"` : region;
  switch (ref.kind) {
    case "service-points":
      return { title: `Service points: ${of}`, description: `The ${ref.scenario ? "scenario's" : "base"} service set, one point per service point (closed ones too, open false); status says what a scenario did to it.${scenario}` };
    case "bands":
      return {
        title: `Travel-time bands: ${of}`,
        description: `Nested isochrones per level (${levels}) and threshold: a band is the area within threshold_min of the nearest open point of the level, so draw the farthest first. Id: level-threshold, e.g. L-30.${scenario}`,
      };
    case "cells":
      return {
        title: `Populated cells: ${of}`,
        description: `The ${ws.inputs.grid.cellSizeM} m grid cells where people live, with people and minutes to the nearest ${levels} service (null beyond the last threshold)${ref.scenario ? ", the scenario's and the base's (base_*_min)" : ""}. Id: the cell index.${scenario}`,
      };
    case "municipalities":
      return { title: `Municipalities: ${region}`, description: "The study's municipalities: their boundaries, or where none were given the outline of their cells (approximate true); people on the grid, unit and the extract's coverage." };
    case "units":
      return { title: `Regional units: ${ws.inputs.grouping?.name.en ?? region}`, description: "The grouping's units as the outline of the grid cells their figures count (approximate: along the 250 m cells, not the municipal boundaries)." };
  }
}
