/**
 * An open study: the road graph and its snap index, the study's inputs (services, people, areas,
 * units), the base analysis, and incremental level surfaces for scenarios. Opened once; then every
 * figure, scenario, comparison and report of every client (CLI, HTTP, job worker) is made from
 * it, so the same inputs give the same numbers and the same notes everywhere.
 */
import {
  SnapIndex, type RoadGraph, type GraphMeta, analyse, levelFigures, placeServices, oneLevelFiguresFrom, zeroCentresAtServices, type AnalysisResult,
  type FigureInput, type LevelFigures, type OneLevelFigures, normaliseThresholds, IncrementalLevels, type LevelState, applyChanges, changedPoints,
  type ScenarioChange, partitionDiffs, deltaDiffs, timeOrder, surfaceDelta, type TimeOrder, type SurfaceDelta, areaPartitions, peopleInAreas, type AreaDiff, type AreaStats, isochrones, type IsochroneCollection, linkPlaces, type Links, LEVELS,
  type ServiceLevel, type ServicePoint, type LevelSurfaces, InvalidInputError, show, DEFAULT_MAX_SNAP_M, DEFAULT_THRESHOLDS_MIN, DS_PER_MIN,
  type LocalText, isActiveProfile, type ActiveProfile, type RoadModel, checkRoadModel, Router,
} from "../engine/index.ts";
import { loadGraph } from "../data/cache.ts";
import { describeSource, roadsSource, type Lang } from "../data/export/index.ts";
import { readWater } from "../data/osm/index.ts";
import { crossBorderPoints } from "../data/services/index.ts";
import type { Region } from "../data/facts/index.ts";
import { noWater, waterLayer, type WaterLayer } from "./water.ts";
import { linkGrid, loadStudy, readStudyFiles, type StudyInputs, type StudyOptions } from "./inputs.ts";
import { resultNotes, roadNotes } from "./caveats.ts";
import { sortNotes, type Note } from "./notes.ts";
import { Subsets } from "./subsets.ts";

/** Roads already loaded: the graph, its meta, the OSM file it came from (for water), and its snap index when one was built. */
export interface LoadedRoads {
  graph: RoadGraph;
  meta: GraphMeta;
  osm?: string;
  snapIndex?: SnapIndex;
  /** The graph's cache file, when it has one: the grid's cell links are kept beside it. */
  cachePath?: string;
}

export interface OpenOptions extends Omit<StudyOptions, "signal"> {
  /**
   * An OSM extract or built graph (.pvg), loaded through the cache, or a graph already loaded
   * (with `osm`, the extract it was imported from: the map's water is read from it).
   */
  roads: string | LoadedRoads;
  /** Graph cache directory; false to neither read nor write it. */
  cacheDir?: string | false;
  /**
   * The profile the study opens under: a car profile, or `walk` or `bike` (their own graphs, built
   * from the same extract; the inputs are the car study's, so the people and areas are the same).
   */
  profile?: string;
  /**
   * Walking and cycling graphs to load besides, when the roads came from an OSM extract (their
   * profiles are then the study's too); with a built graph or GENERATED roads they are left out.
   */
  modes?: readonly ActiveProfile[];
  /** Road model (engine/road-model.ts): "plain" (default) or "turns". */
  model?: RoadModel;
  /** Farthest a service point or centre may lie from a road (m). */
  maxSnapM?: number;
  /** How far every search goes (min): the last threshold any figure may ask for. Default 180. */
  cutoffMin?: number;
  /** Memory (bytes) the kept per-location surfaces may take before they are dropped and rebuilt. */
  surfaceCacheBytes?: number;
  /** False: no water is read (the CLI's commands draw no map). */
  water?: boolean;
  /** Told what went wrong without stopping the opening (a graph cache that could not be written). */
  onWarning?: (message: string) => void;
}

export interface StudyParts {
  graph: RoadGraph;
  meta: GraphMeta;
  snapIndex: SnapIndex;
  inputs: StudyInputs;
  profile?: string;
  /** Road model; default "plain". */
  model?: RoadModel;
  maxSnapM?: number;
  cutoffMin?: number;
  surfaceCacheBytes?: number;
  /** The input files the study was read from: reports name their publishers and licences by file name. */
  files?: StudyFiles;
  /** The base analysis when already made over these very parts (a job worker's copy of a study); else it is made. */
  base?: AnalysisResult;
}

/** Paths of the study's input files (as given to open); absent ones were built-in defaults. */
export interface StudyFiles {
  services?: string;
  population?: string;
  totals?: string;
  municipalities?: string;
}

/** New service locations (adds, moves) one scenario may bring: each costs a search to the cutoff. */
export const MAX_NEW_LOCATIONS = 100;
/** Default memory for kept per-location surfaces (one Uint32 per cell and centre each). */
const SURFACE_CACHE_BYTES = 256 * 2 ** 20;
/** Threshold lists whose base figures are kept (the most recently computed). */
const FIGURE_CACHE_SIZE = 16;

/** Band crossings per area, per unit (when there are units) and over all areas, per level. */
export interface LevelDiffs {
  readonly perArea: Record<ServiceLevel, AreaDiff[]>;
  readonly perUnit: Record<ServiceLevel, AreaDiff[]> | null;
  readonly overall: Record<ServiceLevel, AreaDiff>;
}

/** Band crossings of one service (a level, a type) per area, per unit and over all areas. */
export interface OneDiff {
  readonly perArea: AreaDiff[];
  readonly perUnit: AreaDiff[] | null;
  readonly overall: AreaDiff;
}

export interface ScenarioRun {
  readonly changes: readonly ScenarioChange[];
  /** The service set after the changes. */
  readonly points: ServicePoint[];
  readonly changedPoints: string[];
  readonly figures: LevelFigures;
  readonly diff: LevelDiffs;
  /** The scenario's times per grid cell and level (ds), for its isochrones; read-only views. */
  readonly cells: LevelSurfaces;
  /** What a reader of the scenario's figures must know. */
  readonly notes: Note[];
}

/** A scenario's points and times, before figures: what its figures and its time grid both read. */
interface ScenarioTimes {
  /** The changes, as JSON. */
  readonly key: string;
  readonly points: ServicePoint[];
  /** The base state they were run against (a new one after the kept locations were dropped) and the scenario's. */
  readonly before: LevelState;
  readonly after: LevelState;
  /** Times per cell and level (ds): the base's and the scenario's; the scenario's times of the municipal centres. */
  readonly baseCells: LevelSurfaces;
  readonly scenCells: LevelSurfaces;
  readonly scenCentres: LevelSurfaces;
}

export class Study {
  /** Where the roads come from, for every output. */
  readonly roads: string;
  /** The same as a map's attribution line in each language (a GENERATED network in the reports' words). */
  readonly attribution: LocalText;
  readonly generated: boolean;
  readonly profile: string;
  /** How junctions are priced: "plain" free, "turns" with turn costs, node delays and restrictions. */
  readonly model: RoadModel;
  readonly maxSnapM: number;
  /** The extent of the roads (WGS84 [w, s, e, n]): a service point outside it is elsewhere, not off the roads. */
  readonly box: [number, number, number, number];
  /** The last threshold any figure may ask for (min): every search goes this far. */
  readonly cutoffMin: number;
  /** The base service set analysed at its cutoff. */
  readonly base: AnalysisResult;
  /** Cells of the grid, then the area centres: one search per location serves both. */
  private readonly links: Links;
  private readonly maxLocations: number;
  private incremental: IncrementalLevels;
  private baseState: LevelState | null = null;
  private readonly figureCache = new Map<string, LevelFigures>();
  private subsetFigures: Subsets | null = null;
  /** The last scenario's times (scenarioTimes): a client asks a scenario's figures and its times side by side (POST /api/scenarios/run, POST /api/grid), and one run serves both. */
  private lastTimes: ScenarioTimes | null = null;
  /** Per base state, its levels' cells in time order (timeOrder), which a scenario's figures are read against. */
  private readonly timeOrders = new WeakMap<LevelState, Partial<Record<ServiceLevel, TimeOrder>>>();
  private routerOf: Router | null = null;
  /** This study under each profile and model asked for so far (itself included), shared by all of them. */
  private siblings = new Map<string, Study>();

  /** Loads the roads, the map's water and the study inputs, then analyses the base set. */
  static async open(options: OpenOptions): Promise<Study> {
    const { roads } = options;
    const cutoffMin = checkCutoff(options.cutoffMin);
    // Every input file first, whole: a bad header or row is refused in a second, not after minutes of roads.
    const files = await readStudyFiles(options);
    const loaded = typeof roads === "string" ? await loadGraph(roads, { cacheDir: options.cacheDir, onProgress: options.onProgress, onWarning: options.onWarning }) : roads;
    const { graph, meta } = loaded;
    // The water needs the OSM file: one more pass over it (the graph may have come from the cache).
    const osm = typeof roads === "string" ? ("from" in loaded && loaded.from !== "cache-file" ? roads : null) : (roads.osm ?? null);
    const water =
      options.water === false
        ? noWater("No water was read for this study.")
        : meta.generated
          ? noWater("The roads are GENERATED (a demo network): there is no OSM file to draw water from.")
          : osm === null
            ? noWater(typeof roads === "string" ? "The roads were loaded from a built graph (.pvg), which keeps no water: serve the OSM extract to draw it." : "The roads were given as a graph without its OSM file: no water is drawn.")
            : waterLayer(osm, await readWater(osm, { onProgress: (d, t) => options.onProgress?.("water", d, t) }));
    // An index the caller already built over these roads (start routes with it first) is used as it is.
    const snapIndex = (typeof roads === "string" ? undefined : roads.snapIndex) ?? new SnapIndex(graph);
    const inputs = await loadStudy(graph, snapIndex, options, files, { graphFile: loaded.cachePath, cacheDir: options.cacheDir, onWarning: options.onWarning });
    // A walking or cycling study is the car study's sibling on its own graph: the car study is made first, for the inputs.
    const active = options.profile !== undefined && isActiveProfile(options.profile) ? options.profile : undefined;
    const study = new Study(
      {
        graph, meta, snapIndex, inputs, profile: active ? undefined : options.profile, model: options.model, maxSnapM: options.maxSnapM, cutoffMin, surfaceCacheBytes: options.surfaceCacheBytes,
        files: { services: options.services, population: options.population, totals: options.totals, municipalities: options.municipalities },
      },
      water,
    );
    const fromExtract = osm !== null && !meta.generated;
    for (const mode of new Set([...(fromExtract ? (options.modes ?? []) : []), ...(active ? [active] : [])])) {
      if (!fromExtract) {
        throw new InvalidInputError(`profile ${mode}: walking and cycling graphs are built from an OSM extract, and these roads ${meta.generated ? "are GENERATED" : "were given as a built graph"}; give the extract (.osm.pbf)`, "profile", mode);
      }
      const modeRoads = await loadGraph(osm!, { mode, cacheDir: options.cacheDir, onProgress: options.onProgress, onWarning: options.onWarning });
      const modeIndex = new SnapIndex(modeRoads.graph);
      const links = await linkGrid(modeRoads.graph, modeIndex, inputs.grid, options, { graphFile: modeRoads.cachePath, cacheDir: options.cacheDir, onWarning: options.onWarning });
      study.addSibling(new Study({ ...study.parts, graph: modeRoads.graph, meta: modeRoads.meta, snapIndex: modeIndex, inputs: { ...inputs, links }, profile: mode }, water));
    }
    return study.under({ profile: options.profile });
  }

  /** Makes `sibling` (this study on another graph: walking, cycling) one of this study's profiles, and this one of its. */
  private addSibling(sibling: Study): void {
    this.siblings.set(`${this.profile} ${this.model}`, this);
    this.siblings.set(`${sibling.profile} ${sibling.model}`, sibling);
    sibling.siblings = this.siblings;
  }

  /**
   * `water` is the map's (water.ts), kept off `parts` so the job worker's copy does not carry it;
   * a study made from parts alone draws none.
   */
  constructor(
    readonly parts: StudyParts,
    readonly water: WaterLayer = noWater("The study was made from parts without its OSM file: no water is drawn."),
  ) {
    const { graph, meta, inputs } = parts;
    this.generated = meta.generated === true;
    this.box = graph.mainBbox();
    this.roads = this.generated ? "GENERATED road network, not real roads" : String(meta.attribution ?? "OpenStreetMap contributors, ODbL 1.0");
    const said = (lang: Lang) => (this.generated ? describeSource(lang, roadsSource(true)) : this.roads);
    this.attribution = { fi: said("fi"), sv: said("sv"), en: said("en") };
    this.profile = parts.profile ?? "car";
    this.model = checkRoadModel(parts.model ?? "plain");
    this.maxSnapM = parts.maxSnapM ?? DEFAULT_MAX_SNAP_M;
    this.cutoffMin = checkCutoff(parts.cutoffMin);
    this.base = parts.base ?? analyse({ ...this.figureInput, graph, snapIndex: parts.snapIndex, links: inputs.links, services: inputs.services.points, thresholdsMin: this.defaultThresholds, profile: this.profile, model: this.model, maxSnapM: this.maxSnapM });
    // Centres link with the snap cap, as analyse links them, so their times agree with its.
    const centres = linkPlaces(parts.snapIndex, inputs.areas.map((a) => a.centre ?? null), this.maxSnapM);
    const cells = inputs.links;
    this.links = {
      edge: concat(new Int32Array(cells.edge.length + centres.edge.length), cells.edge, centres.edge),
      twin: concat(new Int32Array(cells.twin.length + centres.twin.length), cells.twin, centres.twin),
      t: concat(new Float32Array(cells.t.length + centres.t.length), cells.t, centres.t),
      connectorDs: concat(new Uint32Array(cells.connectorDs.length + centres.connectorDs.length), cells.connectorDs, centres.connectorDs),
    };
    const locations = new Set(inputs.services.points.map((p) => `${p.lon},${p.lat}`)).size;
    this.maxLocations = Math.max(locations + MAX_NEW_LOCATIONS, Math.floor((parts.surfaceCacheBytes ?? SURFACE_CACHE_BYTES) / (4 * this.links.edge.length)));
    this.incremental = this.newIncremental();
  }

  /**
   * The same study under another of the roads' profiles (car-winter: winter speed limits; -midday
   * and -rush: the time of day, engine/time-of-day.ts) or another road model (plain, turns): the
   * same roads, inputs and limits, its own base analysis and scenario surfaces, made at the first
   * ask and kept. What is left undefined stays this study's. A profile the roads do not have is an
   * InvalidInputError naming `profile`; a model that is not one, naming `model`.
   */
  under(asked: { profile?: string; model?: string }): Study {
    const profile = asked.profile ?? this.profile;
    // Walking and cycling have no turn model: asked for one without naming the model, the plain one.
    const model = asked.model === undefined ? (asked.profile !== undefined && isActiveProfile(asked.profile) ? "plain" : this.model) : checkRoadModel(asked.model);
    if (profile === this.profile && model === this.model) return this;
    const key = `${profile} ${model}`;
    const known = this.siblings.get(key);
    if (known) return known;
    // Turn costs are a driver's: a walking or cycling graph has no turn model.
    if (model === "turns" && isActiveProfile(profile)) throw new InvalidInputError(`model "turns": turn costs and junction delays are a car's; profile ${profile} has none`, "model", model);
    // A profile of another graph (walking, cycling; or the car's asked of the walking study): that graph's study makes it.
    const holder = [...this.siblings.values()].find((s) => s.parts.graph !== this.parts.graph && s.parts.graph.allProfiles.includes(profile));
    if (holder) return holder.under({ profile, model });
    if (!this.parts.graph.allProfiles.includes(profile)) {
      const why = isActiveProfile(profile) ? ` (the ${profile} graph was not loaded: open the study with it${this.generated ? " from an OSM extract" : ""})` : "";
      throw new InvalidInputError(`profile ${show(profile)} is not one of the roads' profiles: ${this.profiles.join(", ")}${why}`, "profile", profile);
    }
    this.siblings.set(`${this.profile} ${this.model}`, this);
    const sibling = new Study({ ...this.parts, profile, model, base: undefined }, this.water);
    sibling.siblings = this.siblings;
    this.siblings.set(key, sibling);
    return sibling;
  }

  /** Point-to-point trips on the study's roads and road model (its snap index), made at the first ask and kept with their search buffers. */
  get router(): Router {
    return (this.routerOf ??= new Router(this.parts.graph, this.parts.snapIndex, this.model));
  }

  /** The profiles the roads have (the car's, then walking and cycling when their graphs were loaded), this study's first. */
  get profiles(): string[] {
    const graphs = [...new Set([this.parts.graph, ...[...this.siblings.values()].map((s) => s.parts.graph)])];
    const all = [...new Set(graphs.flatMap((g) => g.allProfiles))];
    return [this.profile, ...all.filter((p) => p !== this.profile)];
  }

  /** The planning thresholds up to the cutoff (the seven bands when it is 180 min). */
  get defaultThresholds(): number[] {
    const within = DEFAULT_THRESHOLDS_MIN.filter((t) => t <= this.cutoffMin);
    return within[within.length - 1] === this.cutoffMin ? within : [...within, this.cutoffMin];
  }

  /** Service locations whose surfaces are kept for scenarios (a closure adds none). */
  get cachedLocations(): number {
    return this.incremental.cachedLocations;
  }

  get inputs(): StudyInputs {
    return this.parts.inputs;
  }

  /** The region the study is of (named, or taken from the roads): its municipalities are the study's areas. */
  get region(): Region {
    return this.parts.inputs.region;
  }

  /** The region's name in every language. */
  get regionName(): LocalText {
    return this.parts.inputs.region.name;
  }

  /** People, areas and units of the grid: what every figure is computed over. */
  get figureInput(): FigureInput {
    const s = this.parts.inputs;
    return { population: s.population, areas: s.areas, areaOfCell: s.areaOfCell, units: s.units ?? undefined };
  }

  /** People on the grid per area (index of inputs.areas), as the figures count them. */
  areaPopulation(): number[] {
    const { population, areaOfCell, areas } = this.parts.inputs;
    const out = new Array<number>(areas.length).fill(0);
    for (let c = 0; c < population.length; c++) if (areaOfCell[c] >= 0) out[areaOfCell[c]] += population[c];
    return out;
  }

  /** Refuses thresholds past the study's cutoff (the searches went no farther), naming them. */
  thresholds(thresholdsMin: readonly number[] | undefined): number[] {
    const sorted = normaliseThresholds(thresholdsMin ?? this.base.thresholdsMin);
    const last = sorted[sorted.length - 1];
    if (last > this.cutoffMin) throw new InvalidInputError(`thresholds: ${show(last)} min is past this study's cutoff of ${this.cutoffMin} min`, "thresholds", last);
    return sorted;
  }

  /** The base set's figures for any thresholds up to the cutoff, from the base surfaces (no new search); kept per threshold list. */
  figures(thresholdsMin?: readonly number[]): LevelFigures {
    const thresholds = this.thresholds(thresholdsMin);
    const key = thresholds.join(",");
    let f = this.figureCache.get(key);
    if (!f) {
      f = levelFigures(this.figureInput, this.base.surfaces, this.base.centreDs, thresholds);
      if (this.figureCache.size >= FIGURE_CACHE_SIZE) this.figureCache.delete(this.figureCache.keys().next().value!);
      this.figureCache.set(key, f);
    }
    return f;
  }

  /** The base analysis at these thresholds: its surfaces with the figures for the thresholds. */
  baseAt(thresholdsMin?: readonly number[]): AnalysisResult {
    return { ...this.base, ...this.figures(thresholdsMin) };
  }

  /** Time (ds) from each grid cell to a point's place: its own search, kept for scenarios; null off the roads. */
  pointSurface(p: { readonly lon: number; readonly lat: number }): Uint32Array | null {
    const s = this.incremental.locationSurface(p);
    return s ? s.subarray(0, this.parts.inputs.population.length) : null;
  }

  /** Figures over subsets of the points or the people: service types, language groups, population groups (subsets.ts). */
  get subsets(): Subsets {
    this.subsetFigures ??= new Subsets(this, this.links, (before, after, population, thresholds) => this.diffOne(before, after, population, thresholds));
    return this.subsetFigures;
  }

  /** Bands to the nearest service of a level, from the base surfaces. */
  isochrones(level: ServiceLevel, thresholdsMin: readonly number[], crs: "EPSG:4326" | "EPSG:3067"): IsochroneCollection {
    return isochrones(this.parts.inputs.grid, this.base.surfaces[level], { thresholdsMin: this.thresholds(thresholdsMin), crs });
  }

  /** A scenario's bands to the nearest service of a level. */
  scenarioIsochrones(run: ScenarioRun, level: ServiceLevel, thresholdsMin: readonly number[], crs: "EPSG:4326" | "EPSG:3067" = "EPSG:4326"): IsochroneCollection {
    return isochrones(this.parts.inputs.grid, run.cells[level], { thresholdsMin: this.thresholds(thresholdsMin), crs });
  }

  /** What a reader of the base figures at these thresholds must know: the inputs' approximations, the roads, the points, the levels. */
  notes(thresholdsMin?: readonly number[]): Note[] {
    const f = this.figures(thresholdsMin);
    return sortNotes([...roadNotes(this.parts.meta, this.profile, this.model), ...this.parts.inputs.notes, ...resultNotes(this.base.placed, this.base.unplaced, this.inputs.services.points, f, this.maxSnapM, this.box)]);
  }

  /**
   * The base set with the changes applied, its figures and the band crossings against the base.
   * Only what the changes touch is recomputed: a closure re-reads the cells it was nearest to.
   */
  runScenario(changes: readonly ScenarioChange[], thresholdsMin?: readonly number[]): ScenarioRun {
    const thresholds = this.thresholds(thresholdsMin); // refuse bad thresholds before any work
    const { points, before, after, baseCells, scenCells, scenCentres } = this.scenarioTimes(changes);
    // A level the changes did not touch keeps its very array (IncrementalLevels.update), so its figures are the base's.
    const base = this.figures(thresholds);
    const same = (level: ServiceLevel) => after.surfaces[level] === before.surfaces[level];
    // A touched level's figures and band crossings are read from the base's cells in time order and the cells the changes touched.
    const deltas = Object.fromEntries(LEVELS.map((level) => [level, same(level) ? null : surfaceDelta(this.timeOrder(before, level, baseCells[level]), scenCells[level])])) as Record<ServiceLevel, SurfaceDelta | null>;
    const perLevel = LEVELS.map((level): OneLevelFigures => {
      const delta = deltas[level];
      return delta === null
        ? { perArea: base.perArea[level], perUnit: base.perUnit?.[level] ?? null, overall: base.overall[level], centreMin: base.centreMin[level] }
        : oneLevelFiguresFrom(this.figureInput, delta, scenCentres[level], thresholds);
    });
    const byLevel = <T>(pick: (f: OneLevelFigures) => T) => Object.fromEntries(LEVELS.map((l, i) => [l, pick(perLevel[i])])) as Record<ServiceLevel, T>;
    const figures: LevelFigures = {
      thresholdsMin: base.thresholdsMin,
      perArea: byLevel((f) => f.perArea),
      perUnit: base.perUnit ? byLevel((f) => f.perUnit!) : null,
      overall: byLevel((f) => f.overall),
      centreMin: byLevel((f) => f.centreMin),
    };
    const { placed, unplaced } = this.place(points);
    const notes = sortNotes([...roadNotes(this.parts.meta, this.profile, this.model), ...this.parts.inputs.notes, ...resultNotes(placed, unplaced, points, figures, this.maxSnapM, this.box)]);
    return { changes, points, changedPoints: changedPoints(this.parts.inputs.services.points, points), figures, diff: this.diffs(base, deltas), cells: scenCells, notes };
  }

  /**
   * A base state's cells of a level in time order (engine/surface-delta.ts), made at the first
   * scenario that touches the level and kept with the state.
   */
  private timeOrder(state: LevelState, level: ServiceLevel, cells: Uint32Array): TimeOrder {
    let orders = this.timeOrders.get(state);
    if (!orders) this.timeOrders.set(state, (orders = {}));
    const { population, areaOfCell, areas } = this.parts.inputs;
    return (orders[level] ??= timeOrder(cells, peopleInAreas(population, areaOfCell, areas.length)));
  }

  /** A scenario's times per cell and level (ds), as runScenario makes them; the last run's again when its changes were these. */
  scenarioCells(changes: readonly ScenarioChange[]): LevelSurfaces {
    return this.scenarioTimes(changes).scenCells;
  }

  /**
   * The changes applied to the base set and its times re-run incrementally: only what the changes
   * touch is recomputed. The last one is kept, so the app's two requests for one change (its
   * figures, POST /api/scenarios/run, and its times, POST /api/grid) cost one run. Its arrays are
   * its own (IncrementalLevels.update copies what it changes), so they may be kept.
   */
  private scenarioTimes(changes: readonly ScenarioChange[]): ScenarioTimes {
    const key = JSON.stringify(changes);
    if (this.lastTimes?.key === key && this.lastTimes.before === this.baseState) return this.lastTimes;
    const points = applyChanges(this.parts.inputs.services.points, changes, this.parts.inputs.catalogue);
    const fresh = checkNewLocations(this, points);
    if (this.incremental.cachedLocations + fresh > this.maxLocations) {
      this.incremental = this.newIncremental();
      this.baseState = null;
    }
    const before = this.state();
    const after = this.incremental.update(before, points);
    const cells = this.parts.inputs.population.length;
    const scenCentres = split(after.surfaces, cells, this.links.edge.length, true);
    // Only placed points stand on a centre: analyse zeroes a centre for those alone.
    const onCentre = points.filter((p) => this.parts.inputs.areas.some((a) => a.centre?.lon === p.lon && a.centre?.lat === p.lat));
    zeroCentresAtServices(this.parts.inputs.areas, onCentre.filter((p) => this.parts.snapIndex.snap(p.lon, p.lat, this.maxSnapM) !== null), scenCentres);
    this.lastTimes = { key, points, before, after, baseCells: split(before.surfaces, 0, cells), scenCells: split(after.surfaces, 0, cells), scenCentres };
    return this.lastTimes;
  }

  /** A whole analysis of another point set on the study's inputs (level assignment's proposals), with its notes. */
  analysePoints(points: readonly ServicePoint[], thresholdsMin?: readonly number[]): { result: AnalysisResult; notes: Note[] } {
    const { inputs, graph, snapIndex } = this.parts;
    const result = analyse({ ...this.figureInput, graph, snapIndex, links: inputs.links, services: points, thresholdsMin: this.thresholds(thresholdsMin), profile: this.profile, model: this.model, maxSnapM: this.maxSnapM });
    return { result, notes: sortNotes([...roadNotes(this.parts.meta, this.profile, this.model), ...inputs.notes, ...resultNotes(result.placed, result.unplaced, points, result, this.maxSnapM, this.box)]) };
  }

  /** Which of these points lie on the roads (within the snap cap), as an analysis places them. */
  place(points: readonly ServicePoint[]): Pick<AnalysisResult, "placed" | "unplaced"> {
    return placeServices(this.parts.snapIndex, points, this.maxSnapM);
  }

  /**
   * The other organisers' service points inside the extract (their hospitals and their municipalities'
   * health stations), which people near a border use: what `--cross-border` adds to a region's default
   * set, offered for a scenario to add. "included" when the set already holds them, "own-set" when the
   * set is the user's (whose points are theirs to choose); points not on the roads are left out.
   */
  crossBorder(): { status: "available" | "included" | "own-set"; points: ServicePoint[] } {
    const { region, services } = this.inputs;
    if (services.id === `${region.id}-default-cross-border`) return { status: "included", points: [] };
    if (services.id !== `${region.id}-default`) return { status: "own-set", points: [] };
    const have = new Set(services.points.map((p) => p.id));
    const candidates = crossBorderPoints(region, this.box).filter((p) => !have.has(p.id));
    return { status: "available", points: this.place(candidates).placed.map((p) => p.point) };
  }

  /**
   * Band crossings per level: a level the changes left alone (no delta) is read off the base
   * figures, a touched one from its delta (the base's cells in time order and the changed cells).
   */
  private diffs(base: LevelFigures, deltas: Record<ServiceLevel, SurfaceDelta | null>): LevelDiffs {
    const perArea = {} as Record<ServiceLevel, AreaDiff[]>;
    const perUnit = this.parts.inputs.units ? ({} as Record<ServiceLevel, AreaDiff[]>) : null;
    const overall = {} as Record<ServiceLevel, AreaDiff>;
    const { areas, units } = this.parts.inputs;
    for (const level of LEVELS) {
      const delta = deltas[level];
      const d =
        delta === null
          ? { perArea: base.perArea[level].map(noChange), perUnit: base.perUnit?.[level].map(noChange) ?? null, overall: noChange(base.overall[level]) }
          : oneDiff(deltaDiffs(delta, areaPartitions(areas.length, units), base.thresholdsMin), Boolean(units));
      perArea[level] = d.perArea;
      if (perUnit) perUnit[level] = d.perUnit!;
      overall[level] = d.overall;
    }
    return { perArea, perUnit, overall };
  }

  /** Band crossings between two surfaces of one service over some people: per area, per unit (when there are units) and over all areas. */
  private diffOne(before: Uint32Array, after: Uint32Array, population: Uint32Array, thresholds: readonly number[]): OneDiff {
    const { areaOfCell, areas, units } = this.parts.inputs;
    return oneDiff(partitionDiffs(before, after, peopleInAreas(population, areaOfCell, areas.length), areaPartitions(areas.length, units), thresholds), Boolean(units));
  }


  /** The base set's incremental state, computed on first use (one search per service location). */
  private state(): LevelState {
    this.baseState ??= this.incremental.full(this.parts.inputs.services.points);
    return this.baseState;
  }

  private newIncremental(): IncrementalLevels {
    return new IncrementalLevels(this.parts.graph, this.parts.snapIndex, this.links, { profile: this.profile, model: this.model, cutoffDs: this.cutoffMin * DS_PER_MIN, maxSnapM: this.maxSnapM });
  }
}

/** The longest cutoff a study may have (the last planning threshold), and its default. */
/** The new locations of a scenario's points (newLocations); a 400 naming `changes` past MAX_NEW_LOCATIONS, so a scenario that could not run is refused wherever it is checked. */
export function checkNewLocations(study: Study, points: readonly ServicePoint[]): number {
  const fresh = newLocations(study, points);
  if (fresh > MAX_NEW_LOCATIONS) throw new InvalidInputError(`the changes bring ${fresh} new service locations; at most ${MAX_NEW_LOCATIONS} per run`, "changes", fresh);
  return fresh;
}

/** Places where some of `points` stand open and no point of the study's base set stands: the new search origins a scenario run of them needs (at most MAX_NEW_LOCATIONS). */
export function newLocations(study: Study, points: readonly ServicePoint[]): number {
  const known = new Set(study.inputs.services.points.map((p) => `${p.lon},${p.lat}`));
  return new Set(points.filter((p) => p.open && !known.has(`${p.lon},${p.lat}`)).map((p) => `${p.lon},${p.lat}`)).size;
}

export const MAX_CUTOFF_MIN = DEFAULT_THRESHOLDS_MIN[DEFAULT_THRESHOLDS_MIN.length - 1];

/** The cutoff (min) as given, checked: a whole number of minutes in (0, 180]; default 180. */
function checkCutoff(cutoffMin: number | undefined): number {
  const c = cutoffMin ?? MAX_CUTOFF_MIN;
  normaliseThresholds([c]);
  return c;
}

/** One service's crossings from its partitions' (areas, units, the region); per unit null when the study has no units. */
function oneDiff([perArea, perUnit, overall]: AreaDiff[][], hasUnits: boolean): OneDiff {
  return { perArea, perUnit: hasUnits ? perUnit : null, overall: overall[0] };
}

/** The diff of an area whose times did not change: nobody crosses a band, each band's people stay in it. */
function noChange(s: AreaStats): AreaDiff {
  const k = s.bands.length;
  const transitions = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? s.bands[i].people : 0)));
  return { population: s.population, worse: 0, better: 0, changed: 0, addedMinutesAtLeast: 0, savedMinutesAtLeast: 0, transitions };
}

/** Each level's [from, to) part of combined surfaces: views, or copies when they are to be changed. */
function split(s: LevelSurfaces, from: number, to: number, copy = false): LevelSurfaces {
  const part = (a: Uint32Array) => (copy ? a.slice(from, to) : a.subarray(from, to));
  return { L: part(s.L), A: part(s.A), E: part(s.E) };
}

function concat<T extends Int32Array | Float32Array | Uint32Array>(out: T, a: T, b: T): T {
  out.set(a);
  out.set(b, a.length);
  return out;
}
