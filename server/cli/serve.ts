/** `palveluverkko serve`: load the region once, then answer the HTTP API until SIGINT or SIGTERM. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { serve } from "../http/index.ts";
import { Study, type LoadedRoads } from "../../study/index.ts";
import type { ActiveProfile } from "../../engine/index.ts";
import { openStore, type Store } from "../../data/store/index.ts";
import { projectFile } from "../../data/project.ts";
import { DEFAULT_STORE_DIR } from "./defaults.ts";
import { progress } from "./output.ts";
import { studyOpenOptions, type StudyCliOptions } from "./study.ts";

/** The study options (as for `levels`, without thresholds, box or output), and the server's own. */
export interface ServeOptions extends Omit<StudyCliOptions, "thresholds" | "bbox" | "out"> {
  port: number;
  host: string;
  cors?: string;
  /** PGlite store directory; wins over a database URL when given. */
  dataDir?: string;
  /** PostgreSQL URL (--database-url, default $DATABASE_URL), used when no --data-dir is given. */
  databaseUrl?: string;
  /** False with --no-store: no stored scenarios (their routes answer 503). */
  store?: boolean;
  /** The built web app to serve at / (--web DIR), false for the API only; default web/dist when built. */
  web?: string | boolean;
  /** Origins the web app may load an external map style and its tiles from. */
  mapOrigin?: string;
  /** Longest a request may take (s) before a 503; longer work goes through /api/jobs. */
  requestTimeout?: number;
  /** Refuse changes to the store (--read-only). */
  readOnly?: boolean;
  /** Walking and cycling graphs offered besides the car's (--modes), when the roads are an extract. */
  modes?: ActiveProfile[];
  /** Requests per client per minute to /api (--rate-limit; 0 for none). */
  rateLimit?: number;
  /** Proxies trusted to name the client (--trust-proxy). */
  trustProxy?: number;
  /** Host names besides localhost and IP addresses to answer to, comma-separated, or * (--allowed-hosts). */
  allowedHosts?: string;
}

/** An option that is "*" (any) or a comma-separated list (--cors, --allowed-hosts); undefined when not given. */
function anyOrList(text: string | undefined): "*" | string[] | undefined {
  if (text === undefined) return undefined;
  return text.trim() === "*" ? "*" : text.split(",").map((s) => s.trim()).filter(Boolean);
}

/** How long requests under way may take to finish after SIGTERM or SIGINT before they are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

const DEFAULT_WEB_ROOT = projectFile("web", "dist");

/** The web app's folder: the one given, else web/dist when it has been built (npm run build:web). */
function webRootOf(web: string | boolean | undefined, quiet?: boolean): string | undefined {
  if (web === false) return undefined;
  if (typeof web === "string") return web;
  if (existsSync(join(DEFAULT_WEB_ROOT, "index.html"))) return DEFAULT_WEB_ROOT;
  if (!quiet) process.stderr.write("palveluverkko: the web app is not built (npm run build:web); serving the API only\n");
  return undefined;
}

/** Where scenarios are kept when neither --data-dir nor a database URL says. */

/** The store the options name: an explicit directory, else the database URL, else the default directory; none with --no-store. */
async function openServeStore(opts: Pick<ServeOptions, "dataDir" | "databaseUrl" | "store">): Promise<Store | undefined> {
  if (opts.store === false) return undefined;
  if (opts.dataDir === undefined && opts.databaseUrl) return openStore({ databaseUrl: opts.databaseUrl });
  return openStore({ dataDir: opts.dataDir ?? DEFAULT_STORE_DIR });
}

export async function serveCommand(opts: ServeOptions): Promise<void> {
  await serveRoads(opts, opts.osm);
}

/**
 * Serves the API (and the web app) over roads from a file, a graph already loaded (`osm`: the
 * extract it came from, for the map's water), or a study already open, until a signal.
 */
export async function serveRoads(opts: Omit<ServeOptions, "osm">, roads: string | LoadedRoads | Study): Promise<void> {
  // The store first: a bad URL or a directory in use should fail before minutes of loading.
  const store = await openServeStore(opts);
  try {
    await serveWith(opts, roads, store);
  } finally {
    await store?.close();
  }
}

async function serveWith(opts: Omit<ServeOptions, "osm">, roads: string | LoadedRoads | Study, store: Store | undefined): Promise<void> {
  if (store && opts.quiet !== true) process.stderr.write(`palveluverkko: scenarios are kept in ${store.location} (${store.kind})\n`);
  const bar = progress(opts.quiet === true);
  const workspace = roads instanceof Study ? roads : await Study.open({ ...(await studyOpenOptions(opts, roads)), modes: opts.modes, onProgress: (phase, done, total) => bar.update(phase, done, total) }).finally(() => bar.stop());
  bar.stop();
  const corsOrigins = anyOrList(opts.cors);
  const server = await serve({
    port: opts.port,
    host: opts.host,
    workspace,
    corsOrigins,
    store,
    webRoot: webRootOf(opts.web, opts.quiet),
    mapOrigins: opts.mapOrigin?.split(",").map((o) => o.trim()).filter(Boolean),
    requestTimeoutMs: opts.requestTimeout === undefined ? undefined : opts.requestTimeout * 1000,
    // The job worker loads while the server starts answering, not when the first report is asked for.
    jobs: { eager: true },
    readOnly: opts.readOnly,
    rateLimitPerMinute: opts.rateLimit,
    trustProxyHops: opts.trustProxy,
    allowedHosts: anyOrList(opts.allowedHosts),
  });
  if (opts.readOnly && opts.quiet !== true) process.stderr.write("palveluverkko: read-only: scenarios can be run and reported, not saved or deleted\n");
  // On a signal: take no new connections, close the idle ones, give the requests under way
  // SHUTDOWN_GRACE_MS to finish, then cut what is left (a client trickling a body cannot hold the
  // process); a second signal cuts at once. The command's promise settles when the server closes.
  let stopping = false;
  const shutdown = () => {
    if (stopping) return server.closeAllConnections();
    stopping = true;
    if (opts.quiet !== true) process.stderr.write(`palveluverkko: stopping: finishing the requests under way (at most ${SHUTDOWN_GRACE_MS / 1000} s)\n`);
    server.close();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, shutdown);
  await new Promise((resolve) => server.once("close", resolve));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.off(signal, shutdown);
}
