/**
 * The built-graph cache. `loadGraph` accepts an OSM extract or a cache file (.pvg); an extract is
 * imported once and its graph kept under the cache directory, keyed by the file's path, size,
 * mtime, the speed model and the format version, so a changed extract or model rebuilds it.
 */
import { readFile, stat, open } from "node:fs/promises";
import { createHash } from "node:crypto";
import { basename, join, resolve } from "node:path";
import { homedir } from "node:os";
import {
  InvalidInputError, NotFoundError, type RoadGraph, GRAPH_FORMAT_VERSION, GRAPH_MAGIC, deserializeGraph, serializeGraph, type GraphMeta, speedModelVersion,
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

/** The cache path for an extract, from its identity and the model it was built under. */
async function cachePathFor(osmPath: string, cacheDir: string): Promise<string> {
  const abs = resolve(osmPath);
  const st = await stat(abs);
  const key = createHash("sha256")
    .update(`${abs}\0${st.size}\0${st.mtimeMs}\0${speedModelVersion()}\0${GRAPH_FORMAT_VERSION}`)
    .digest("hex")
    .slice(0, 12);
  return join(cacheDir, `${basename(abs).replace(/\.osm(\.pbf)?$|\.pbf$/, "")}-${key}.pvg`);
}

/** Loads a road graph from an OSM extract (through the cache) or from a cache file. */
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
  const cachePath = cacheDir === false ? undefined : await cachePathFor(path, cacheDir);
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
