/**
 * The built-graph cache. `loadGraph` accepts an OSM extract or a cache file (.pvg); an extract is
 * imported once and its graph kept under the cache directory, keyed by the file's path, size,
 * mtime, the speed model and the format version, so a changed extract or model rebuilds it. The
 * walking and cycling graphs of an extract are kept beside its car graph, each under its own rules.
 */
import { readFile, stat, open } from "node:fs/promises";
import { createHash } from "node:crypto";
import { basename, join, resolve } from "node:path";
import { homedir } from "node:os";
import {
  InvalidInputError, NotFoundError, type RoadGraph, GRAPH_FORMAT_VERSION, GRAPH_MAGIC, deserializeGraph, serializeGraph, type GraphMeta, speedModelVersion, profileModelVersion, modeModelVersion, connectorKmh, type Mode,
  HIERARCHY_FORMAT_VERSION, deserializeHierarchy, serializeHierarchy, hierarchyFor, keepHierarchy, keptHierarchy,
  LINKS_FORMAT_VERSION, deserializeCellLinks, serializeCellLinks, type CellLinks, type Grid,
} from "../engine/index.ts";
import { importOsm, type ImportOptions, type ImportStats } from "./osm/index.ts";
import { OutOfSpaceError, sweepStaleTemps, writeFileAtomic } from "./files.ts";

/** Where built graphs are kept: $PALVELUVERKKO_CACHE, else ~/.cache/palveluverkko. */
export function defaultCacheDir(): string {
  return process.env.PALVELUVERKKO_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "palveluverkko");
}

export interface LoadOptions extends ImportOptions {
  /** Directory for built graphs; `false` to neither read nor write the cache. */
  cacheDir?: string | false;
  /** Told what went wrong but did not stop the load (the cache could not be written: a full disk). */
  onWarning?: (message: string) => void;
}

export interface LoadedGraph {
  graph: RoadGraph;
  meta: GraphMeta;
  /** How the graph was obtained. */
  from: "cache-file" | "cache" | "import";
  cachePath?: string;
  stats?: ImportStats;
}

/** True when the file starts with the graph cache's magic number. */
async function isGraphFile(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    return bytesRead === 4 && buf.readUInt32LE(0) === GRAPH_MAGIC;
  } finally {
    await fh.close();
  }
}

/** Reads a graph cache file. Throws CorruptDataError when it is damaged or of another version. */
export async function readGraphFile(path: string): Promise<{ graph: RoadGraph; meta: GraphMeta }> {
  const bytes = await readFile(path);
  return deserializeGraph(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Writes a graph cache file atomically. */
export async function writeGraphFile(path: string, graph: RoadGraph, meta: GraphMeta): Promise<void> {
  await writeFileAtomic(path, serializeGraph(graph, meta));
}

/** A short key for a file's identity (absolute path, size, mtime) and what else the cached thing depends on. */
async function fileKey(path: string, ...rest: (string | number)[]): Promise<{ abs: string; key: string }> {
  const abs = resolve(path);
  const st = await stat(abs);
  const key = createHash("sha256").update([abs, st.size, st.mtimeMs, ...rest].join("\0")).digest("hex").slice(0, 12);
  return { abs, key };
}

/** The cache path for an extract's graph of a mode, from its identity and the model it was built under (the car's file keeps its name). */
async function cachePathFor(osmPath: string, cacheDir: string, mode: Mode): Promise<string> {
  const model = mode === "car" ? speedModelVersion() : modeModelVersion(mode);
  const { abs, key } = await fileKey(osmPath, model, GRAPH_FORMAT_VERSION, ...(mode === "car" ? [] : [mode]));
  return join(cacheDir, `${basename(abs).replace(/\.osm(\.pbf)?$|\.pbf$/, "")}${mode === "car" ? "" : `-${mode}`}-${key}.pvg`);
}

/** Loads a road graph (the car's, or `options.mode`'s) from an OSM extract (through the cache) or from a cache file. */
export async function loadGraph(path: string, options: LoadOptions = {}): Promise<LoadedGraph> {
  try {
    await stat(path);
  } catch {
    throw new NotFoundError(`File not found: ${path}`, "osm", path);
  }
  if (await isGraphFile(path)) {
    const { graph, meta } = await readGraphFile(path);
    return { graph, meta, from: "cache-file", cachePath: path };
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cachePath = cacheDir === false ? undefined : await cachePathFor(path, cacheDir, options.mode ?? "car");
  if (cachePath) {
    await sweepStaleTemps(cachePath); // what an import killed mid-write left
    try {
      const { graph, meta } = await readGraphFile(cachePath);
      return { graph, meta, from: "cache", cachePath };
    } catch {
      // Missing or damaged: rebuild below and overwrite.
    }
  }
  const { graph, meta, stats } = await importOsm(path, options);
  if (cachePath) {
    try {
      await writeGraphFile(cachePath, graph, meta);
    } catch (err) {
      // The graph is built: a cache that cannot be written (disk full, no permission) costs the next
      // start a rebuild, not this one its roads. Anything else is a fault, and stops the load.
      if (!(err instanceof OutOfSpaceError || err instanceof InvalidInputError)) throw err;
      options.onWarning?.(`the built graph was not cached (${err.message}); the next start builds it again`);
      return { graph, meta, from: "import", stats };
    }
  }
  return { graph, meta, from: "import", cachePath, stats };
}

/**
 * Where a file made from a cached graph is kept: beside the graph's, in the cache directory, keyed
 * by the graph file's identity and `parts` (what else it depends on), named `<graph>-<label>-<key><ext>`.
 * Undefined when nothing is cached (no cache directory, or a graph without a file). A killed writer's
 * stale temp files are swept first.
 */
async function besideGraph(graphFile: string | undefined, cacheDir: string | false | undefined, label: string, ext: string, ...parts: (string | number)[]): Promise<string | undefined> {
  const dir = cacheDir ?? defaultCacheDir();
  if (dir === false || !graphFile) return undefined;
  const { abs, key } = await fileKey(graphFile, ...parts);
  const path = join(dir, `${basename(abs).replace(/\.pvg$/, "")}-${label}-${key}${ext}`);
  await sweepStaleTemps(path);
  return path;
}

/** What `decode` makes of the file at `path`; null when there is none, or it is damaged or another graph's. */
async function readBeside<T>(path: string | undefined, decode: (bytes: Uint8Array) => T): Promise<T | null> {
  if (!path) return null;
  try {
    const bytes = await readFile(path);
    return decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return null; // made again by the caller, and overwritten
  }
}

/** Writes `bytes` to `path` atomically; a full disk or a refused path only warns (the next run makes it again). */
async function writeBeside(path: string | undefined, bytes: () => Uint8Array, onWarning: ((message: string) => void) | undefined, notCached: string, next: string): Promise<void> {
  if (!path) return;
  try {
    await writeFileAtomic(path, bytes());
  } catch (err) {
    if (!(err instanceof OutOfSpaceError || err instanceof InvalidInputError)) throw err;
    onWarning?.(`${notCached} (${err.message}); ${next}`);
  }
}

export interface HierarchyLoadOptions {
  /** Build the hierarchy when no cached one fits (seconds at region size); else leave it unbuilt. */
  build: boolean;
  /** Directory for cached hierarchies (beside the graphs); `false` to neither read nor write them. */
  cacheDir?: string | false;
  /** Told the build's progress (nodes contracted). */
  onProgress?: (done: number, total: number) => void;
  onWarning?: (message: string) => void;
}

/**
 * Makes the contraction hierarchy of a loaded graph for a profile ready for its Router (the engine
 * keeps it with the graph): read from the cache directory when this graph file's is there (keyed by
 * the graph file's identity, the profile, its time-of-day tables and the format version, and checked against the graph
 * itself), else, when `build`, built and written there atomically. Says where it came from;
 * "none" when it was neither cached nor built.
 */
export async function loadHierarchy(loaded: LoadedGraph, profile: string, options: HierarchyLoadOptions): Promise<"memory" | "cache" | "built" | "none"> {
  if (keptHierarchy(loaded.graph, profile)) return "memory";
  const path = await besideGraph(loaded.cachePath, options.cacheDir, profile, ".pvh", profile, profileModelVersion(profile), HIERARCHY_FORMAT_VERSION);
  const cached = await readBeside(path, deserializeHierarchy);
  if (cached) {
    keepHierarchy(loaded.graph, profile, cached);
    return "cache";
  }
  if (!options.build) return "none";
  const h = hierarchyFor(loaded.graph, profile, { onProgress: options.onProgress });
  await writeBeside(path, () => serializeHierarchy(h), options.onWarning, "the contraction hierarchy was not cached", "the next large matrix builds it again");
  return "built";
}

export interface CellLinksCache {
  /** The graph's cache file (.pvg): the links are kept beside it, keyed by its identity. None: not cached. */
  graphFile?: string;
  /** Directory for cached links (beside the graphs); `false` to neither read nor write them. */
  cacheDir?: string | false;
  onWarning?: (message: string) => void;
}

/**
 * A grid's cell links on a graph: read from the cache directory when this graph file's links for
 * this grid and cap are there (keyed by the graph file's identity, the grid, the cap, the speed
 * model and the format version, and checked against the graph's counts), else made by `link` and
 * written there atomically. Says where they came from.
 */
export async function loadCellLinks(
  graph: RoadGraph, grid: Grid, maxConnectorM: number, link: () => CellLinks, options: CellLinksCache,
): Promise<{ links: CellLinks; from: "cache" | "built" }> {
  const path = await besideGraph(options.graphFile, options.cacheDir, `cells-${grid.cellSizeM}m`, ".pvc",
    grid.x0, grid.y0, grid.cellSizeM, grid.cols, grid.rows, maxConnectorM, connectorKmh(graph), speedModelVersion(), LINKS_FORMAT_VERSION);
  const cached = await readBeside(path, (bytes) => deserializeCellLinks(bytes, grid, graph));
  if (cached) return { links: cached, from: "cache" };
  const links = link();
  await writeBeside(path, () => serializeCellLinks(links, graph), options.onWarning, "the cell links were not cached", "the next start links the cells again");
  return { links, from: "built" };
}
