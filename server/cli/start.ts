/**
 * `palveluverkko start` (`npm start`), the main job: get a road graph for the region, whatever the
 * machine has, report how the region's municipal centres reach their regional unit's hub and how
 * far people are from the nearest L, A and E service per unit, then serve the API and the web app.
 * Order: --osm FILE (the region then comes from its roads, unless --region names one); the
 * region's extract in the data directory; a download of it (Uusimaa and Lapland have one); and
 * when there is none, a GENERATED demo network over the region's real municipal centres, said loudly.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadGraph, readGraphFile, writeGraphFile, type LoadedGraph } from "../../data/cache.ts";
import { downloadExtract, HttpStatusError, NetworkError, REGIONS } from "../../data/download.ts";
import { CorruptDataError, DEFAULT_MAX_SNAP_M, DEFAULT_MAX_CONNECTOR_M, type ActiveProfile, type RoadModel } from "../../engine/index.ts";
import { FINNISH_MUNICIPALITIES, findRegion, type Region } from "../../data/facts/index.ts";
import { csvLine, printNotes, progress, warner } from "./output.ts";
import { compare, figureRows, Study } from "../../study/index.ts";
import { serveRoads, type ServeOptions } from "./serve.ts";

interface StartOptions extends Pick<ServeOptions, "readOnly" | "rateLimit" | "trustProxy" | "allowedHosts"> {
  /** False with --no-serve: print the figures and exit. */
  serve?: boolean;
  port: number;
  host: string;
  osm?: string;
  /** The region: with --osm, default taken from the roads; else the one to fetch or generate (default $PALVELUVERKKO_REGION or uusimaa). */
  region?: string;
  dataDir: string;
  offline?: boolean;
  profile: string;
  /** Walking and cycling graphs offered besides the car's (--modes), when the roads are an extract. */
  modes?: ActiveProfile[];
  model: RoadModel;
  cacheDir?: string;
  cache: boolean;
  quiet?: boolean;
}

/** Bounding boxes (WGS84) for the generated demo network: Uusimaa's and Lapland's by hand, others around their municipal centres. */
const REGION_BBOX: Readonly<Record<string, [number, number, number, number]>> = {
  uusimaa: [22.8, 59.8, 26.6, 60.85],
  lappi: [20.5, 65.6, 29.8, 70.1],
};

function demoBbox(region: Region): [number, number, number, number] {
  const known = REGION_BBOX[region.id];
  if (known) return known;
  const centres = FINNISH_MUNICIPALITIES.filter((m) => region.municipalities.includes(m.code)).map((m) => m.centre);
  const lons = centres.map((c) => c.lon);
  const lats = centres.map((c) => c.lat);
  return [Math.min(...lons) - 0.4, Math.min(...lats) - 0.2, Math.max(...lons) + 0.4, Math.max(...lats) + 0.2];
}

/** The extract the downloader knows that holds the region (Uusimaa's for any of its five organisers), or null. */
function extractOf(region: Region): { id: "uusimaa" | "lappi"; url: string; licence: string } | null {
  const within = (id: "uusimaa" | "lappi") => region.counties.length > 0 && region.counties.every((c) => findRegion(id).counties.includes(c));
  const id = within("uusimaa") ? "uusimaa" : within("lappi") ? "lappi" : null;
  return id === null ? null : { id, ...REGIONS[id] };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

/** The region's roads; `osm` is the extract they were imported from (not a built graph given as --osm), for the map's water. */
async function regionGraph(opts: StartOptions, region: Region | null): Promise<LoadedGraph & { generated: boolean; osm?: string }> {
  const bar = progress(opts.quiet === true);
  const loadOpts = { cacheDir: opts.cache === false ? (false as const) : opts.cacheDir, onProgress: bar.update, onWarning: warner(opts.quiet) };
  try {
    if (opts.osm) {
      const loaded = await loadGraph(opts.osm, loadOpts);
      return { ...loaded, generated: false, osm: loaded.from === "cache-file" ? undefined : opts.osm };
    }
    const source = extractOf(region!);
    const extract = join(opts.dataDir, `${source?.id ?? region!.id}-latest.osm.pbf`);
    if (!existsSync(extract) && !opts.offline && source) {
      log(`No road extract at ${extract}; downloading ${source.url} (${source.licence}) ...`);
      try {
        await downloadExtract({ region: source.id, dest: extract, onProgress: (done, total) => bar.update("download", done, total ?? done) });
      } catch (err) {
        // No network, a proxy's error page, or a refusal: carry on with what can be had offline.
        if (!(err instanceof NetworkError || err instanceof HttpStatusError || err instanceof CorruptDataError)) throw err;
        bar.stop();
        log(`Download failed: ${err.message}`);
      }
    }
    if (existsSync(extract)) return { ...(await loadGraph(extract, loadOpts)), generated: false, osm: extract };
  } finally {
    bar.stop();
  }
  // No real roads to be had: a generated network, cached, with towns at the real municipal centres.
  // The generator is loaded only here: the other commands never need it.
  const r = region!;
  const file = join(opts.dataDir, `generated-${r.id}.pvg`);
  const source = extractOf(r);
  log(
    `NOTE: using a GENERATED demo road network for ${r.name.en}, not real roads. Times below are illustrative only. ` +
      `For real roads, ${source ? `download ${source.url} and run` : "get an OSM extract of the region (e.g. from Geofabrik's Finland extract) and run"}: npm start -- --osm FILE` +
        (source?.id === r.id ? "" : ` --region ${r.id}`),
  );
  const { generateRoadGraph, GENERATOR_VERSION } = await import("../../engine/generate.ts");
  if (existsSync(file)) {
    try {
      const cached = await readGraphFile(file);
      if (cached.meta.generatorVersion === GENERATOR_VERSION) return { ...cached, from: "cache-file", cachePath: file, generated: true };
    } catch {
      // Damaged: generate again.
    }
  }
  const towns = FINNISH_MUNICIPALITIES.filter((m) => r.municipalities.includes(m.code)).map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
  const { graph, meta } = generateRoadGraph({ seed: 1, bbox: demoBbox(r), targetNodes: 300_000, towns });
  await writeGraphFile(file, graph, { ...meta, generated: true });
  return { graph, meta, from: "import", cachePath: file, generated: true };
}

export async function startCommand(opts: StartOptions): Promise<void> {
  // With --osm the region comes from the roads unless named; without, it names what to fetch or generate.
  const named = opts.region ?? (opts.osm ? undefined : (process.env.PALVELUVERKKO_REGION ?? "uusimaa"));
  const region = named === undefined ? null : findRegion(named);
  const loaded = await regionGraph(opts, region);
  const g = loaded.graph;
  log(`road graph: ${g.nodeCount} nodes, ${g.edgeCount} edges${loaded.generated ? " (GENERATED)" : ""}${loaded.cachePath ? `, ${loaded.cachePath}` : ""}`);
  // One study serves the summary printed here and the app: the same cells, the same numbers.
  const bar = progress(opts.quiet === true);
  const study = await Study.open({
    roads: { graph: g, meta: loaded.generated ? { ...loaded.meta, generated: true } : loaded.meta, osm: loaded.osm, cachePath: loaded.cachePath },
    region: region ?? undefined,
    cellSizeM: 250,
    profile: opts.profile,
    modes: opts.modes,
    model: opts.model,
    cacheDir: opts.cache === false ? false : opts.cacheDir,
    onProgress: (phase, done, total) => bar.update(phase, done, total),
  }).finally(() => bar.stop());
  printNotes(study.notes(), opts.quiet);

  // Municipal centres to their unit's hub, routed on the roads as the grouping comparison routes them.
  const header = loaded.generated ? "# GENERATED road network: illustrative times, not real roads\n" : "";
  const min1 = (v: number | null) => (v === null ? "" : Math.round(v * 10) / 10);
  const grouping = study.inputs.grouping;
  log(`region: ${study.region.name.en} (${study.region.source}); ${study.inputs.areas.length} ${study.inputs.areas.length === 1 ? "municipality" : "municipalities"} on the grid; grouping ${grouping?.id ?? "none"}`);
  if (grouping) {
    const cmp = compare(study, [grouping]).comparison.groupings[0].figures;
    const byCode = new Map(FINNISH_MUNICIPALITIES.map((m) => [m.code, m]));
    let out = header + "unit,code,municipality,population,hub,minutes_to_hub\n";
    for (const unit of cmp.units) {
      for (const m of unit.members) out += csvLine([grouping.units.find((u) => u.id === unit.id)?.name.en ?? unit.name, m.code, byCode.get(m.code)?.nameFi ?? m.name, m.population, unit.hub?.name ?? "", min1(m.hubMin)]);
    }
    process.stdout.write(out);
    log(`Municipal centres' travel time to their regional unit's hub (${grouping.id}, profile ${opts.profile}, ${opts.model} model); empty where the centre lies outside the road data.`);
  } else {
    log(`${study.region.name.en} has no regional grouping built in; give one with --grouping to compare (see palveluverkko compare --help).`);
  }

  // The planners' figures per unit: people's time to the nearest L, A and E service of the region's default set.
  const f = study.figures();
  const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : "");
  let table = `\n${header}unit,level,population,mean_min,p90_min,max_min,within_30_min_pct,within_60_min_pct\n`;
  for (const r of figureRows(study.inputs, f, "unit")) {
    if (r.scope !== "unit") continue;
    const within = (m: number) => r.bands.slice(0, f.thresholdsMin.indexOf(m) + 1).reduce((a, b) => a + b, 0);
    table += csvLine([r.name.fi, r.level, r.population, min1(r.meanMin), min1(r.p90Min), min1(r.maxMin), pct(within(30), r.population), pct(within(60), r.population)]);
  }
  process.stdout.write(table);
  const services = study.inputs.services;
  log(
    `People's time to the nearest L, A and E service (${services.id}: ${services.points.length} points) per unit; ` +
      `people from ${study.inputs.populationSource}; ${study.inputs.grid.cellSizeM} m cells.${loaded.generated ? " GENERATED roads: illustrative only." : ""}\n` +
      `Per municipality, other service sets, population grids and boundaries: npx palveluverkko levels --help`,
  );
  if (opts.serve === false) return;
  // The app: the same study, scenarios kept in the data directory.
  await serveRoads(
    {
      region: study.region.id,
      profile: opts.profile,
      model: opts.model,
      cellSize: 250,
      maxConnector: DEFAULT_MAX_CONNECTOR_M,
      maxSnap: DEFAULT_MAX_SNAP_M,
      port: opts.port,
      host: opts.host,
      dataDir: join(opts.dataDir, "store"),
      cache: opts.cache,
      cacheDir: opts.cacheDir,
      quiet: opts.quiet,
      readOnly: opts.readOnly,
      rateLimit: opts.rateLimit,
      trustProxy: opts.trustProxy,
      allowedHosts: opts.allowedHosts,
    },
    study,
  );
}
