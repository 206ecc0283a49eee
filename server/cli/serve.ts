/** `palveluverkko serve`: load the region once, then answer the HTTP API until SIGINT or SIGTERM. */
import { Workspace, serve } from "../http/index.ts";
import type { RegionId } from "../../data/facts/index.ts";
import { progress } from "./output.ts";

export interface ServeOptions {
  osm: string;
  cacheDir?: string;
  cache: boolean;
  quiet?: boolean;
  region: RegionId;
  services?: string;
  population?: string;
  populationColumn?: string;
  totals?: string;
  totalsYear?: number;
  municipalities?: string;
  grouping?: string;
  profile: string;
  cellSize: number;
  maxConnector: number;
  maxSnap: number;
  port: number;
  host: string;
  cors?: string;
}

export async function serveCommand(opts: ServeOptions): Promise<void> {
  const bar = progress(opts.quiet === true);
  const workspace = await Workspace.open({
    roads: opts.osm,
    cacheDir: opts.cache === false ? false : opts.cacheDir,
    region: opts.region,
    services: opts.services,
    population: opts.population,
    populationColumn: opts.populationColumn,
    totals: opts.totals,
    totalsYear: opts.totalsYear,
    municipalities: opts.municipalities,
    grouping: opts.grouping,
    cellSizeM: opts.cellSize,
    maxConnectorM: opts.maxConnector,
    profile: opts.profile,
    maxSnapM: opts.maxSnap,
    onProgress: (phase, done, total) => bar.update(phase, done, total),
  }).finally(() => bar.stop());
  const corsOrigins = opts.cors === undefined ? undefined : opts.cors.trim() === "*" ? ("*" as const) : opts.cors.split(",").map((s) => s.trim()).filter(Boolean);
  const server = await serve({ port: opts.port, host: opts.host, workspace, corsOrigins });
  // Finish the requests under way, then exit; the command's promise settles when the server closes.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close());
  await new Promise((resolve) => server.once("close", resolve));
}
