/**
 * Builds data/facts/boundaries-2023.json: generalised municipal boundaries of all 309 municipalities
 * of 2023 as TopoJSON in EPSG:3067 metres, from Statistics Finland's 2023 division (CC BY 4.0,
 * © Statistics Finland) in ../shared/data/municipalities/statfi_municipalities_2023.gpkg.
 *
 *   node --import tsx scripts/build-boundaries.ts [--check]
 *
 * Topology first (topojson-server: borders become arcs shared by both neighbours), then Visvalingam
 * simplification on those arcs (topojson-simplify, planar triangle areas in m²), so neighbours keep
 * one common edge: no slivers or gaps can appear between them. Rings whose simplified area falls
 * under MIN_RING_M2 are dropped only when they are detached islands or holes (filterAttachedWeight
 * keeps any ring that shares an arc), then coordinates are quantised to a QUANTUM_M grid and
 * delta-encoded (topojson-client), and each arc is written as one polyline string
 * (data/areas/arc-codec.ts) instead of a JSON array, which halves the file. The measured area errors are written into the file's `meta`
 * and printed; `--check` only measures and writes nothing.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { feature, quantize } from "topojson-client";
import { topology } from "topojson-server";
import { filter, filterAttachedWeight, planarRingArea, presimplify, simplify } from "topojson-simplify";
import type { GeometryCollection, Topology } from "topojson-specification";
import { ENCODED_ARCS_FORMAT, encodeArc } from "../data/areas/arc-codec.ts";
import { decodeGeometry, withGeoPackage } from "../data/gpkg.ts";
import { signedArea } from "../engine/rings.ts";

const SOURCE = fileURLToPath(new URL("../../shared/data/municipalities/statfi_municipalities_2023.gpkg", import.meta.url));
const TARGET = fileURLToPath(new URL("../data/facts/boundaries-2023.json", import.meta.url));

/** Visvalingam effective-area threshold: a vertex whose triangle is smaller goes (m²). */
const MIN_TRIANGLE_M2 = 10_000;
/** Detached islands and holes smaller than this after simplification go (m²). */
const MIN_RING_M2 = 2_000;
/** Output grid: coordinates are rounded to multiples of about this many metres. */
const QUANTUM_M = 15;

interface Props {
  code: string;
  nameFi: string;
  nameSv: string;
}

type Poly = Polygon | MultiPolygon;

/** The 2023 municipalities as GeoJSON features in EPSG:3067 metres, polygon structure kept. */
async function readSource(): Promise<Feature<Poly, Props>[]> {
  return withGeoPackage(SOURCE, (gpkg) => {
    const layer = gpkg.featureTable();
    if (layer.crs !== "EPSG:3067") throw new Error(`${SOURCE}: expected EPSG:3067, found ${layer.crs}`);
    const out: Feature<Poly, Props>[] = [];
    gpkg.each(layer.table, [layer.geometryColumn, "kunta", "nimi", "namn"], (fid, [blob, code, nimi, namn]) => {
      const g = decodeGeometry(blob, { file: SOURCE, table: layer.table, fid, field: layer.geometryColumn });
      if (g.type !== "Polygon" && g.type !== "MultiPolygon") throw new Error(`${SOURCE}, fid ${fid}: a ${g.type}`);
      const geometry: Poly = g.type === "Polygon" ? { type: "Polygon", coordinates: g.coordinates } : { type: "MultiPolygon", coordinates: g.coordinates };
      out.push({ type: "Feature", properties: { code: String(code), nameFi: String(nimi).trim(), nameSv: String(namn).trim() }, geometry });
    });
    return out;
  });
}

/** Area of a polygon or multipolygon in m²: outer rings minus holes, whatever their winding. */
function polygonAreaM2(g: Poly): number {
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  let sum = 0;
  for (const rings of polys) rings.forEach((ring, i) => (sum += (i === 0 ? 1 : -1) * Math.abs(signedArea(ring as [number, number][]))));
  return sum;
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const source = await readSource();
  const sourceArea = new Map(source.map((f) => [f.properties.code, polygonAreaM2(f.geometry)]));
  const fc: FeatureCollection<Poly, Props> = { type: "FeatureCollection", features: source };

  // No quantisation while building the topology: shared borders must match vertex for vertex.
  let topo = topology({ municipalities: fc }) as unknown as Topology<{ municipalities: GeometryCollection<Props> }>;
  topo = presimplify(topo);
  topo = simplify(topo, MIN_TRIANGLE_M2);
  topo = filter(topo, filterAttachedWeight(topo, MIN_RING_M2, planarRingArea)) as typeof topo;
  // quantize takes the number of grid steps across the extent's larger side.
  const [x0, y0, x1, y1] = topo.bbox ?? [0, 0, 0, 0];
  const steps = Math.ceil(Math.max(x1 - x0, y1 - y0) / QUANTUM_M) + 1;
  const quantised = quantize(topo, steps);

  // Measure: every code present, and each municipality's simplified area against the source.
  const decoded = feature(quantised, quantised.objects.municipalities) as FeatureCollection<Poly, Props>;
  const errors = decoded.features.map((f) => {
    const before = sourceArea.get(f.properties.code)!;
    const after = polygonAreaM2(f.geometry);
    return { code: f.properties.code, name: f.properties.nameFi, before, after, rel: (after - before) / before };
  });
  if (errors.length !== source.length) throw new Error(`${errors.length} municipalities out, ${source.length} in`);
  const worst = [...errors].sort((a, b) => Math.abs(b.rel) - Math.abs(a.rel));
  const helsinki = errors.find((e) => e.code === "091")!;
  const km2 = (m2: number) => Math.round(m2 / 1e4) / 100;
  const meta = {
    source: "Statistics Finland, municipal division 2023 (statfi_municipalities_2023.gpkg, via Python-GIS-book/site), EPSG:3067",
    licence: "CC BY 4.0, © Statistics Finland",
    builtBy: "scripts/build-boundaries.ts (topojson-server, topojson-simplify, topojson-client)",
    crs: "EPSG:3067",
    minTriangleM2: MIN_TRIANGLE_M2,
    minRingM2: MIN_RING_M2,
    quantumM: Math.round(((Math.max(x1 - x0, y1 - y0) / (steps - 1)) * 100)) / 100,
    helsinkiKm2: { source: km2(helsinki.before), simplified: km2(helsinki.after) },
    largestRelativeAreaError: { code: worst[0].code, name: worst[0].name, sourceKm2: km2(worst[0].before), simplifiedKm2: km2(worst[0].after), relative: Number(worst[0].rel.toFixed(5)) },
    totalKm2: { source: km2(errors.reduce((s, e) => s + e.before, 0)), simplified: km2(errors.reduce((s, e) => s + e.after, 0)) },
  };
  // The arcs as polyline strings (data/areas/arc-codec.ts); everything else is plain TopoJSON.
  const { arcs, ...rest } = quantised;
  const json = JSON.stringify({ ...rest, format: ENCODED_ARCS_FORMAT, encodedArcs: arcs.map((a) => encodeArc(a as [number, number][])), meta });
  console.log(JSON.stringify(meta, null, 2));
  console.log("ten largest relative area errors:");
  for (const e of worst.slice(0, 10)) console.log(`  ${e.code} ${e.name}: ${km2(e.before)} → ${km2(e.after)} km² (${(e.rel * 100).toFixed(2)} %)`);
  console.log(`${json.length} bytes${check ? " (not written: --check)" : ` → ${TARGET}`}`);
  if (!check) writeFileSync(TARGET, json + "\n");
}

await main();
