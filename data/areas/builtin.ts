/**
 * Built-in municipal boundaries: all 309 municipalities of 2023, generalised, for use when the user
 * gives no boundary file. Same shape as readMunicipalityAreas (code, Finnish and Swedish names as
 * Statistics Finland spells them, rings in EPSG:3067 metres), so either can feed the rasteriser.
 *
 * Data: data/facts/boundaries-2023.json, built by scripts/build-boundaries.ts from Statistics
 * Finland's municipal division 2023 (statfi_municipalities_2023.gpkg, EPSG:3067), CC BY 4.0,
 * © Statistics Finland. TopoJSON (neighbours share one simplified border, so no slivers or gaps),
 * Visvalingam-simplified at a 10,000 m² triangle area, detached islands and holes under 2,000 m²
 * dropped, positions on a grid of at most 15 m, arcs written as polyline strings
 * (data/areas/arc-codec.ts); 290 kB.
 *
 * Measured when built (the file's `meta` has the figures; test/data/builtin-areas.test.ts
 * re-measures them against the GeoPackage): Helsinki 210.79 km² in the source, 210.60 km²
 * simplified; the largest relative area error over all 309 is Sottunga's −2.15 % (22.21 →
 * 21.74 km², an archipelago municipality of many islets, which simplification shrinks most); all
 * others are within 1.4 %, and all but the Åland and Turku archipelagos within 0.6 %.
 */
import { readFile } from "node:fs/promises";
import type { MultiPolygon, Polygon } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { CorruptDataError, InvalidInputError, NotFoundError, show, type Rings } from "../../engine/index.ts";
import { projectFile } from "../project.ts";
import { decodeArc, ENCODED_ARCS_FORMAT } from "./arc-codec.ts";
import type { MunicipalityArea } from "./boundaries.ts";

const FILE = projectFile("data", "facts", "boundaries-2023.json");

interface Props {
  code: string;
  nameFi: string;
  nameSv: string;
}

type Stored = Omit<Topology<{ municipalities: GeometryCollection<Props> }>, "arcs"> & { format?: string; encodedArcs?: string[] };

let cache: Promise<MunicipalityArea[]> | undefined;

/**
 * The built-in generalised boundaries, in code order; only `codes` (three digits each) when given,
 * in the order given. NotFoundError names codes that are not municipalities of 2023.
 */
export async function builtinMunicipalityAreas(codes?: readonly string[]): Promise<MunicipalityArea[]> {
  for (const c of codes ?? []) {
    if (!/^\d{3}$/.test(c)) throw new InvalidInputError(`municipality code ${show(c)} is not three digits`, "codes", c);
  }
  cache ??= load();
  const all = await cache;
  if (!codes) return all;
  const byCode = new Map(all.map((a) => [a.code, a]));
  const missing = codes.filter((c) => !byCode.has(c));
  if (missing.length > 0) throw new NotFoundError(`no municipality ${missing.join(", ")} in the 2023 division`, "codes", missing.join(","));
  return codes.map((c) => byCode.get(c)!);
}

async function load(): Promise<MunicipalityArea[]> {
  const where = FILE;
  const stored = JSON.parse(await readFile(FILE, "utf8")) as Stored;
  if (stored.format !== ENCODED_ARCS_FORMAT || !Array.isArray(stored.encodedArcs)) throw new CorruptDataError(`${where}: not a ${ENCODED_ARCS_FORMAT} file`, "format", stored.format);
  const { encodedArcs, format: _format, ...rest } = stored;
  const topo = { ...rest, arcs: encodedArcs.map((a, i) => decodeArc(a, `${where}, arc ${i}`)) } as Topology<{ municipalities: GeometryCollection<Props> }>;
  const features = feature(topo, topo.objects.municipalities).features;
  return features
    .map((f) => {
      const g = f.geometry as Polygon | MultiPolygon;
      // All rings of all parts together, as readMunicipalityAreas returns them (even-odd filling).
      const rings = (g.type === "Polygon" ? g.coordinates : g.coordinates.flat()) as unknown as Rings;
      return { code: f.properties.code, nameFi: f.properties.nameFi, nameSv: f.properties.nameSv, rings };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}
