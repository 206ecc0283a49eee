/**
 * `palveluverkko start` (`npm start`), the main job: get a road graph for the region, whatever the
 * machine has, report how the region's municipal centres reach their regional unit's hub and how
 * far people are from the nearest L, A and E service per unit, then serve the API and the web app.
 * Order: --osm FILE; the region's extract in the data directory; a download of it; and when there
 * is no network, a GENERATED demo network over the region's real municipal centres, said loudly.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadGraph, readGraphFile, writeGraphFile, type LoadedGraph } from "../../data/cache.ts";
import { downloadExtract, HttpStatusError, NetworkError, REGIONS } from "../../data/download.ts";
import { CorruptDataError } from "../../engine/errors.ts";
import { GROUPINGS, MUNICIPALITIES } from "../../data/facts/index.ts";
import { Router } from "../../engine/route.ts";
import { DS_PER_MIN } from "../../engine/units.ts";
import { csvLine, progress } from "./output.ts";
import { loadStudy } from "../../data/study.ts";
import { analyse } from "../../engine/analysis.ts";
import { LEVELS } from "../../engine/services.ts";
import { DEFAULT_MAX_SNAP_M, DEFAULT_THRESHOLDS_MIN } from "../../engine/units.ts";
import { DEFAULT_MAX_CONNECTOR_M } from "../../engine/surface.ts";
import { serveRoads, type ServeOptions } from "./serve.ts";

interface StartOptions extends Pick<ServeOptions, "readOnly" | "rateLimit" | "trustProxy"> {
  /** False with --no-serve: print the figures and exit. */
  serve?: boolean;
  port: number;
  host: string;
  osm?: string;
  region: "uusimaa" | "lappi";
  dataDir: string;
  offline?: boolean;
  profile: string;
  cacheDir?: string;
  cache: boolean;
  quiet?: boolean;
}

/** Bounding boxes (WGS84) of the regions, for the generated demo network. */
const REGION_BBOX: Record<StartOptions["region"], [number, number, number, number]> = {
  uusimaa: [22.8, 59.8, 26.6, 60.85],
  lappi: [20.5, 65.6, 29.8, 70.1],
};

const log = (s: string) => process.stderr.write(`${s}\n`);

/** The region's roads; `osm` is the extract they were imported from (not a built graph given as --osm), for the map's water. */
async function regionGraph(opts: StartOptions): Promise<LoadedGraph & { generated: boolean; osm?: string }> {
  const bar = progress(opts.quiet === true);
  const loadOpts = { cacheDir: opts.cache === false ? (false as const) : opts.cacheDir, onProgress: bar.update };
  try {
    if (opts.osm) {
      const loaded = await loadGraph(opts.osm, loadOpts);
      return { ...loaded, generated: false, osm: loaded.from === "cache-file" ? undefined : opts.osm };
    }
    const extract = join(opts.dataDir, `${opts.region}-latest.osm.pbf`);
    if (!existsSync(extract) && !opts.offline) {
      log(`No road extract at ${extract}; downloading ${REGIONS[opts.region].url} (${REGIONS[opts.region].licence}) ...`);
      try {
        await downloadExtract({ region: opts.region, dest: extract, onProgress: (done, total) => bar.update("download", done, total ?? done) });
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
  const file = join(opts.dataDir, `generated-${opts.region}.pvg`);
  log(
    `NOTE: using a GENERATED demo road network for ${opts.region}, not real roads. ` +
      `Times below are illustrative only. For real roads, download ${REGIONS[opts.region].url} and run: npm start -- --osm FILE`,
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
  const towns = MUNICIPALITIES.filter((m) => m.region === opts.region).map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
  const { graph, meta } = generateRoadGraph({ seed: 1, bbox: REGION_BBOX[opts.region], targetNodes: 300_000, towns });
  await writeGraphFile(file, graph, { ...meta, generated: true });
  return { graph, meta, from: "import", cachePath: file, generated: true };
}

export async function startCommand(opts: StartOptions): Promise<void> {
  const loaded = await regionGraph(opts);
  const g = loaded.graph;
  log(`road graph: ${g.nodeCount} nodes, ${g.edgeCount} edges${loaded.generated ? " (GENERATED)" : ""}${loaded.cachePath ? `, ${loaded.cachePath}` : ""}`);
  const router = new Router(g);
  const grouping = GROUPINGS.find((gr) => gr.region === opts.region)!;
  const byCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));
  const header = loaded.generated ? "# GENERATED road network: illustrative times, not real roads\n" : "";
  let out = header + "unit,code,municipality,population,hub,minutes_to_hub,km_to_hub\n";
  for (const unit of grouping.units) {
    const hub = byCode.get(unit.hub ?? unit.municipalities[0])!;
    const hubPlace = router.tryPlace(hub.code, hub.centre.lon, hub.centre.lat);
    for (const code of unit.municipalities) {
      const m = byCode.get(code)!;
      const centre = router.tryPlace(m.code, m.centre.lon, m.centre.lat);
      const trip = centre && hubPlace ? router.route(centre, hubPlace, opts.profile) : null;
      const minutes = trip ? Math.round((trip.timeDs / DS_PER_MIN) * 10) / 10 : "";
      const km = trip ? Math.round(trip.lengthM / 100) / 10 : "";
      out += csvLine([unit.name.en, m.code, m.nameFi, m.population, hub.nameFi, minutes, km]);
    }
  }
  process.stdout.write(out);
  log(`Municipal centres' travel time to their regional unit's hub (${grouping.id}, profile ${opts.profile}); empty where the centre lies outside the road data.`);

  // The planners' figures per unit: people's time to the nearest L, A and E service of the
  // region's default set, on a 1 km grid (Statistics Finland's coarser standard: quick for a summary).
  const study = await loadStudy(g, router.snapIndex, { region: opts.region, grouping: grouping.id, cellSizeM: 1000 });
  const result = analyse({
    graph: g,
    snapIndex: router.snapIndex,
    links: study.links,
    services: study.services.points,
    population: study.population,
    areas: study.areas,
    areaOfCell: study.areaOfCell,
    units: study.units ?? undefined,
    thresholdsMin: DEFAULT_THRESHOLDS_MIN,
    profile: opts.profile,
  });
  const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : "");
  const min1 = (v: number | null) => (v === null ? "" : Math.round(v * 10) / 10);
  let table = `\n${header}unit,level,population,mean_min,p90_min,max_min,within_30_min_pct,within_60_min_pct\n`;
  study.units!.forEach((u, i) => {
    for (const level of LEVELS) {
      const st = result.perUnit![level][i];
      const within = (m: number) => st.bands.find((b) => b.thresholdMin === m)?.cumulative ?? 0;
      table += csvLine([u.name, level, st.population, min1(st.meanMin), min1(st.p90Min), min1(st.maxMin), pct(within(30), st.population), pct(within(60), st.population)]);
    }
  });
  process.stdout.write(table);
  log(
    `People's time to the nearest L, A and E service (${study.services.id}: ${study.services.points.length} points) per unit; ` +
      `people from ${study.populationSource}; 1 km cells.${loaded.generated ? " GENERATED roads: illustrative only." : ""}\n` +
      `Per municipality, other service sets, population grids and boundaries: npx palveluverkko levels --help`,
  );
  if (opts.serve === false) return;
  // The app: the same roads, 250 m cells, scenarios kept in the data directory.
  await serveRoads(
    {
      region: opts.region,
      profile: opts.profile,
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
    },
    // The summary's snap index serves the app too: building another over the same roads takes ~0.2 s at Uusimaa size.
    { graph: loaded.graph, meta: loaded.generated ? { ...loaded.meta, generated: true } : loaded.meta, osm: loaded.osm, snapIndex: router.snapIndex },
  );
}
