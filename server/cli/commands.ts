/** The CLI's commands: thin wrappers that read input, call the engine, and write output. */
import { loadGraph, loadHierarchy, writeGraphFile, type LoadedGraph } from "../../data/cache.ts";
import { importOsm } from "../../data/osm/index.ts";
import { FINNISH_MUNICIPALITIES, findRegion, inferRegion, type Region } from "../../data/facts/index.ts";
import {
  Router, HIERARCHY_PAYS_AT, type Place, type RoadModel, bandIndex, normaliseThresholds, reachSummary, DS_PER_MIN, UNREACHED, gridForBbox, linkCells,
  modelTravelTimeSurface, modelReach, isochrones, InvalidInputError, isServiceLevel, pointsOffering,
  modeOf,
} from "../../engine/index.ts";
import { isochroneSvg } from "../../data/export/index.ts";
import { csvLine, emit, printNotes, progress, warner } from "./output.ts";
import { defaultServiceSet, readServiceSet } from "../../data/services/index.ts";
import { nearestPointInside, parsePlace, readPlacesCsv, type PlaceInput } from "./places.ts";
import { note, noteJson, roadNotes, doorToDoorJson, doorToDoorSeconds, doorToDoorNote, type Note } from "../../study/index.ts";

export interface CommonOptions {
  osm: string;
  cacheDir?: string;
  cache: boolean;
  quiet?: boolean;
  profile: string;
  maxSnap: number;
  format: string;
  out?: string;
}

/** Loads the graph named by --osm (the walking or cycling one for --profile walk or bike), with import progress when it has to be built. */
async function openGraph(opts: { osm: string; cacheDir?: string; cache: boolean; quiet?: boolean; profile?: string }): Promise<LoadedGraph> {
  const bar = progress(opts.quiet === true);
  try {
    return await loadGraph(opts.osm, {
      mode: modeOf(opts.profile ?? "car"),
      cacheDir: opts.cache === false ? false : opts.cacheDir,
      onProgress: (phase, done, total) => bar.update(phase, done, total),
      onWarning: warner(opts.quiet),
    });
  } finally {
    bar.stop();
  }
}

const minutes = (ds: number) => Math.round((ds / DS_PER_MIN) * 10) / 10;

function snapAll(router: Router, inputs: PlaceInput[], maxSnapM: number): Place[] {
  return inputs.map((p) => router.place(p.id, p.lon, p.lat, maxSnapM));
}

export async function importCommand(opts: { osm: string; out?: string; cacheDir?: string; cache: boolean; quiet?: boolean }): Promise<void> {
  const started = Date.now();
  let loaded: LoadedGraph;
  if (opts.out) {
    const bar = progress(opts.quiet === true);
    const { graph, meta, stats } = await importOsm(opts.osm, { onProgress: (p, d, t) => bar.update(p, d, t) }).finally(() => bar.stop());
    await writeGraphFile(opts.out, graph, meta);
    loaded = { graph, meta, from: "import", cachePath: opts.out, stats };
  } else {
    loaded = await openGraph(opts);
  }
  const g = loaded.graph;
  const share = ((100 * g.mainComponentSize()) / Math.max(1, g.nodeCount)).toFixed(1);
  process.stdout.write(
    `${loaded.from === "import" ? "built" : "loaded"} ${opts.osm}: ${g.nodeCount} nodes, ${g.edgeCount} edges, ` +
      `${share}% of nodes in the largest strongly connected component, profiles ${g.profiles.join(", ")}` +
      `${loaded.cachePath ? `\ngraph file: ${loaded.cachePath}` : ""}\n` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}

export async function routeCommand(from: string, to: string, opts: CommonOptions & { doorToDoor?: boolean; model: RoadModel }): Promise<void> {
  const a = parsePlace(from, "from");
  const b = parsePlace(to, "to");
  const { graph, meta } = await openGraph(opts);
  const notes = [...roadNotes(meta, opts.profile, opts.model), ...(opts.doorToDoor ? [doorToDoorNote()] : [])];
  printNotes(notes, opts.quiet);
  const router = new Router(graph, undefined, opts.model);
  // A municipality whose centre is off the extract: the part of it the roads reach, said so.
  const inside = async (p: PlaceInput) => {
    if (router.tryPlace(p.id, p.lon, p.lat, opts.maxSnap)) return { p, via: null };
    const near = await nearestPointInside(graph, p);
    return near ? { p: { ...p, lon: near.lon, lat: near.lat }, via: near.fromCentreM } : { p, via: null };
  };
  const [ia, ib] = [await inside(a), await inside(b)];
  const [pa, pb] = snapAll(router, [ia.p, ib.p], opts.maxSnap);
  const trip = router.route(pa, pb, opts.profile);
  const at = (x: typeof ia) => (x.via === null ? {} : { in_extract: { lon: x.p.lon, lat: x.p.lat, from_centre_m: Math.round(x.via) } });
  const result = {
    from: { id: a.id, lon: a.lon, lat: a.lat, snapDistanceM: Math.round(pa.snap.distanceM), ...at(ia) },
    to: { id: b.id, lon: b.lon, lat: b.lat, snapDistanceM: Math.round(pb.snap.distanceM), ...at(ib) },
    profile: opts.profile,
    model: opts.model,
    seconds: trip ? Math.round(trip.timeDs / 10) : null,
    minutes: trip ? minutes(trip.timeDs) : null,
    meters: trip ? Math.round(trip.lengthM) : null,
    ...(opts.doorToDoor ? { door_to_door: trip ? doorToDoorJson(trip.timeDs, pa, pb) : null } : {}),
    notes: notes.map(noteJson),
  };
  // The plain model is the default and goes unsaid; the turns model is named.
  const modelText = opts.model === "turns" ? ", turns model: R5's scheme, the posted limit and turn costs, turn restrictions" : "";
  if (opts.format === "json") {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  } else if (!trip) {
    process.stdout.write(`${a.id} → ${b.id}: not reachable by road (${opts.profile}${modelText})\n`);
  } else {
    const via = [ia, ib].flatMap((x) => (x.via === null ? [] : [`${x.p.id}'s centre is off the extract: to its nearest part the roads reach, ${(x.via / 1000).toFixed(1)} km from the centre`]));
    process.stdout.write(
      `${a.id} → ${b.id}: ${result.minutes} min, ${(trip.lengthM / 1000).toFixed(2)} km (${opts.profile}${modelText}; ` +
        `snapped ${result.from.snapDistanceM} m and ${result.to.snapDistanceM} m from the road${via.map((v) => `; ${v}`).join("")})\n`,
    );
    if (result.door_to_door) {
      const d = result.door_to_door;
      process.stdout.write(`  door to door, as the Helsinki Region Travel Time Matrix counts a car trip: ${d.minutes} min (drive ${d.drive_min}, walks ${d.walk_min}, parking search ${d.parking_min})\n`);
    }
  }
}

export async function reachCommand(opts: CommonOptions & { from: string[]; thresholds: number[]; per: string; direction: "from" | "to"; model: RoadModel }): Promise<void> {
  const sorted = normaliseThresholds(opts.thresholds);
  const inputs = opts.from.map((f, i) => parsePlace(f, `from[${i}]`));
  const { graph, meta } = await openGraph(opts);
  const notes = roadNotes(meta, opts.profile, opts.model);
  printNotes(notes, opts.quiet);
  const router = new Router(graph);
  const origins = snapAll(router, inputs, opts.maxSnap);
  const cutoffDs = sorted[sorted.length - 1] * DS_PER_MIN;
  // "from": leave each origin outwards. "to": reverse search, the time from each node to the nearest origin.
  const reach = modelReach(graph, origins, { profile: opts.profile, model: opts.model, direction: opts.direction, cutoffDs });
  const times = reach.nodeDs;
  let text: string;
  let json: unknown;
  if (opts.per === "band") {
    const rows = reachSummary(graph, times, sorted);
    json = rows;
    text = "threshold_min,nodes,road_km\n" + rows.map((r) => csvLine([r.thresholdMin, r.nodes, r.roadKm])).join("");
  } else if (opts.per === "node") {
    const rows: { node: number; lon: number; lat: number; minutes: number; band_min: number }[] = [];
    for (let u = 0; u < graph.nodeCount; u++) {
      const b = bandIndex(times[u], sorted);
      if (b >= 0) rows.push({ node: u, lon: graph.lon(u), lat: graph.lat(u), minutes: minutes(times[u]), band_min: sorted[b] });
    }
    json = rows;
    text = "node,lon,lat,minutes,band_min\n" + rows.map((r) => csvLine([r.node, r.lon, r.lat, r.minutes, r.band_min])).join("");
  } else {
    // The municipalities whose centres lie within the extract's roads or near them (~15 km): farther ones cannot be on them.
    const [w, s, e, n] = graph.mainBbox();
    const near = FINNISH_MUNICIPALITIES.filter((m) => m.centre.lon >= w - 0.3 && m.centre.lon <= e + 0.3 && m.centre.lat >= s - 0.15 && m.centre.lat <= n + 0.15);
    const rows = near.map((m) => {
      const centre = router.tryPlace(m.code, m.centre.lon, m.centre.lat, opts.maxSnap);
      const best = centre ? reach.placeDs(centre) : UNREACHED;
      const b = bandIndex(best, sorted);
      return {
        code: m.code,
        name_fi: m.nameFi,
        name_sv: m.nameSv,
        on_network: centre !== null,
        minutes: best === UNREACHED || b < 0 ? null : minutes(best),
        band_min: b >= 0 ? sorted[b] : null,
      };
    });
    json = rows;
    text =
      "code,name_fi,name_sv,on_network,minutes,band_min\n" +
      rows.map((r) => csvLine([r.code, r.name_fi, r.name_sv, r.on_network ? "yes" : "no", r.minutes, r.band_min])).join("");
  }
  const about = { roads: meta.generated ? "GENERATED road network, not real roads" : String(meta.attribution ?? "OpenStreetMap contributors, ODbL 1.0"), generated: meta.generated === true, notes: notes.map(noteJson) };
  await emit(opts.format === "json" ? JSON.stringify({ ...about, rows: json }, null, 2) + "\n" : text, opts.out);
}

export async function matrixCommand(opts: CommonOptions & { origins: string; destinations: string; doorToDoor?: boolean; model: RoadModel }): Promise<void> {
  const originsIn = await readPlacesCsv(opts.origins, "origins");
  const destsIn = await readPlacesCsv(opts.destinations, "destinations");
  const loaded = await openGraph(opts);
  const { graph, meta } = loaded;
  const notes = [...roadNotes(meta, opts.profile, opts.model), ...(opts.doorToDoor ? [doorToDoorNote()] : [])];
  printNotes(notes, opts.quiet);
  const router = new Router(graph, undefined, opts.model);
  const origins = snapAll(router, originsIn, opts.maxSnap);
  const dests = snapAll(router, destsIn, opts.maxSnap);
  // The contraction hierarchy when one is cached for this graph, or when the matrix is large enough
  // to pay for building it (then cached beside the graph); else one search per place of the smaller side.
  // The turns model runs one edge-based search per origin: the hierarchy holds no turn costs.
  const bar = progress(opts.quiet === true || Math.min(origins.length, dests.length) < 50);
  if (opts.model === "plain") {
    await loadHierarchy(loaded, opts.profile, {
      build: Math.min(origins.length, dests.length) >= HIERARCHY_PAYS_AT,
      cacheDir: opts.cache === false ? false : opts.cacheDir,
      onProgress: (done, total) => bar.update("hierarchy", done, total),
      onWarning: warner(opts.quiet),
    });
  }
  const trips = router.matrix(origins, dests, opts.profile, (done, total) => bar.update("matrix", done, total));
  bar.stop();
  const rows = origins.flatMap((o, i) =>
    dests.map((d, j) => ({
      origin_id: o.id,
      destination_id: d.id,
      seconds: trips[i][j] ? Math.round(trips[i][j]!.timeDs / 10) : null,
      meters: trips[i][j] ? Math.round(trips[i][j]!.lengthM) : null,
      // Only when asked: the drive read door to door as the Helsinki Region Travel Time Matrix counts it.
      ...(opts.doorToDoor ? { door_to_door_seconds: trips[i][j] ? doorToDoorSeconds(trips[i][j]!.timeDs, o, d) : null } : {}),
    })),
  );
  const header = ["origin_id", "destination_id", "seconds", "meters", ...(opts.doorToDoor ? ["door_to_door_seconds"] : [])];
  const text =
    opts.format === "json"
      ? JSON.stringify({ profile: opts.profile, model: opts.model, generated: meta.generated === true, notes: notes.map(noteJson), rows }, null, 2) + "\n"
      : header.join(",") + "\n" + rows.map((r) => csvLine(header.map((k) => r[k as keyof typeof r] ?? null))).join("");
  await emit(text, opts.out);
}

function parseBbox(text: string): [number, number, number, number] {
  const parts = text.split(",").map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) {
    throw new InvalidInputError(`--bbox: expected minLon,minLat,maxLon,maxLat, got ${JSON.stringify(text)}`, "bbox", text);
  }
  return parts as [number, number, number, number];
}

export async function isochronesCommand(
  opts: CommonOptions & {
    from: string[];
    level?: string;
    services?: string;
    region?: string;
    thresholds: number[];
    direction?: "from" | "to";
    cellSize: number;
    bbox?: string;
    maxConnector: number;
    crs: "EPSG:4326" | "EPSG:3067";
    format: string;
    model: RoadModel;
  },
): Promise<void> {
  const sorted = normaliseThresholds(opts.thresholds);
  if (opts.from.length === 0 && !opts.level) throw new InvalidInputError("give --from (places) or --level (service points of a level)", "from", "");
  if (opts.from.length > 0 && opts.level) throw new InvalidInputError("give either --from or --level, not both", "level", opts.level);
  const level = opts.level?.toUpperCase();
  if (level !== undefined && !isServiceLevel(level)) throw new InvalidInputError(`--level: ${JSON.stringify(opts.level)} is not L, A or E`, "level", opts.level);
  // Service points answer "how far is the nearest service": people travel to them by default.
  const direction = opts.direction ?? (level ? "to" : "from");
  const inputs = opts.from.map((f, i) => parsePlace(f, `from[${i}]`));
  const bbox = opts.bbox ? parseBbox(opts.bbox) : undefined;
  // A bad file or region fails before the roads are loaded.
  const fromFile = level && opts.services ? await readServiceSet(opts.services) : null;
  const named = opts.region !== undefined ? findRegion(opts.region) : null;
  const { graph, meta } = await openGraph(opts);
  const serviceSet = level ? (fromFile ?? defaultServiceSet(named ?? regionOfRoads(graph.mainBbox()))) : null;
  const notes: Note[] = roadNotes(meta, opts.profile, opts.model);
  const router = new Router(graph, undefined, opts.model);
  let places: Place[];
  if (serviceSet && level) {
    const offering = pointsOffering(serviceSet.points, level);
    places = offering.flatMap((p) => router.tryPlace(`${p.level} ${p.name.fi}`, p.lon, p.lat, opts.maxSnap) ?? []);
    const missing = offering.filter((p) => router.tryPlace(p.id, p.lon, p.lat, opts.maxSnap) === null);
    if (missing.length > 0) notes.push(note("points-left-out", { maxSnapM: opts.maxSnap, points: missing.map((p) => ({ id: p.id, name: { fi: p.name.fi, sv: p.name.sv } })) }));
    if (places.length === 0) throw new InvalidInputError(`no open service point offering ${level} lies on this road network (set ${serviceSet.id})`, "level", level);
  } else {
    places = snapAll(router, inputs, opts.maxSnap);
  }
  printNotes(notes, opts.quiet);
  const grid = gridForBbox(bbox ?? graph.mainBbox(), opts.cellSize);
  const bar = progress(opts.quiet === true);
  const links = linkCells(router.snapIndex, grid, { maxConnectorM: opts.maxConnector, onProgress: (d, t) => bar.update("cells", d, t) });
  bar.stop();
  const surface = modelTravelTimeSurface(graph, links, places, {
    profile: opts.profile,
    model: opts.model,
    direction,
    cutoffDs: sorted[sorted.length - 1] * DS_PER_MIN,
  });
  const roads = meta.generated ? "GENERATED road network, not real roads" : String(meta.attribution ?? "OpenStreetMap");
  if (opts.format === "svg") {
    const fc = isochrones(grid, surface, { thresholdsMin: sorted });
    const what = level ? `the nearest ${level} service (${places.length} points${level !== "E" ? `, levels ${level === "L" ? "L, A and E" : "A and E"}` : ""})` : places.map((p) => p.id).join(", ");
    const by = { walk: "on foot", bike: "by bike", car: "by car" }[modeOf(opts.profile)];
    const title = `Travel time ${by}, profile ${opts.profile}${opts.model === "turns" ? ", turns model" : ""}, ${direction === "from" ? "from" : "to"} ${what}`;
    await emit(isochroneSvg(graph, fc, { title, places, credit: `Roads: ${roads}. Grid ${grid.cellSizeM} m, EPSG:3067. palveluverkko.` }), opts.out);
    return;
  }
  const fc = isochrones(grid, surface, { thresholdsMin: sorted, crs: opts.crs });
  const out = {
    ...fc,
    // Foreign members (RFC 7946 § 6.1): what was computed, and whether the roads are real.
    palveluverkko: {
      profile: opts.profile,
      model: opts.model,
      direction,
      level: level ?? null,
      places: places.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat })),
      cellSizeM: grid.cellSizeM,
      roads,
      notes: notes.map(noteJson),
    },
  };
  await emit(JSON.stringify(out) + "\n", opts.out);
}

/** The region of the organisers whose municipal centres lie within the roads' box (for a default service set). */
function regionOfRoads([w, s, e, n]: readonly [number, number, number, number]): Region {
  const inside = new Map(FINNISH_MUNICIPALITIES.filter((m) => m.centre.lon >= w && m.centre.lon <= e && m.centre.lat >= s && m.centre.lat <= n).map((m) => [m.code, 1]));
  const region = inferRegion(inside);
  if (!region) throw new InvalidInputError("no municipal centre lies within the extract's roads: name the region (--region) or the services (--services)", "region", "");
  return region;
}
