/**
 * `node --import tsx benchmarks/start.ts [--quick]`: how fast the command line and the server
 * start, compiled (dist/, what `npm ci` builds and `palveluverkko` runs) beside today's path before
 * it (the TypeScript sources through tsx, PALVELUVERKKO_FROM_SOURCE=1; tsx's own disk cache warm),
 * each a fresh process, against a bare `node -e 0`. Also a part of `npm run bench`.
 * Writes its block into benchmarks/RESULTS.md between <!-- start:start --> and <!-- start:end -->.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { announcedPort } from "./servers.ts";
import { machine, median, table, type Row } from "./harness.ts";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const BIN = join(root, "bin", "palveluverkko.js");
const shared = join(root, "..", "shared", "data");
const quick = process.argv.includes("--quick");
const RUNS = quick ? 3 : 7;

type Path = "compiled" | "from source";
const START = "npm start, GENERATED Uusimaa (304k nodes, 250 m cells), warm, to /healthz";
const env = (path: Path, cache: string) => ({ ...process.env, PALVELUVERKKO_CACHE: cache, ...(path === "from source" ? { PALVELUVERKKO_FROM_SOURCE: "1" } : {}) });

/** Median wall time (ms) of a fresh process running `args`, after one run that is not counted. */
async function timed(args: string[], e: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    await run(process.execPath, args, { env: e, maxBuffer: 64 << 20 });
    if (i > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Median time (ms) from starting a server command to its first answer on /healthz (it listens once
 * its workspace is loaded). Each run is its own process group, killed whole (npm start's node too).
 */
async function serveUp(command: string, args: string[], e: NodeJS.ProcessEnv, runs = Math.min(RUNS, 3)): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const child = spawn(command, args, { env: e, cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const port = await announcedPort(child, command);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (!res.ok) throw new Error(`/healthz: ${res.status}`);
    if (i > 0) times.push(performance.now() - t0);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
  return median(times);
}

async function main(): Promise<void> {
  if (!existsSync(join(root, "dist", "build.json"))) throw new Error("dist/ is not built: run `npm run build` first");
  const cache = mkdtempSync(join(tmpdir(), "pv-bench-start-"));
  try {
    const tampere = join(shared, "osm", "tampere.osm.pbf");
    const helsinki = join(shared, "osm", "helsinki-centre.osm.pbf");
    const routeArgs = [BIN, "route", "23.7610,61.4978", "Nokia", "--osm", tampere];
    const serveArgs = ["--osm", helsinki, "--services", join(root, "docs", "examples", "helsinki-centre-services.csv"), "--grouping", "none"];
    // Fill the graph cache once, so that every timed run loads the graph from it (serve's first, uncounted run does the same for its extract).
    await run(process.execPath, routeArgs, { env: env("compiled", cache) });
    console.error("measuring node -e 0 ...");
    const bare = await timed(["-e", "0"], process.env);
    const rows: Row[] = [];
    const results: Record<string, Record<Path, number>> = {};
    for (const [what, args] of [
      ["palveluverkko --help", [BIN, "--help"]],
      ["route on Tampere, graph cached", routeArgs],
    ] as const) {
      results[what] = {} as Record<Path, number>;
      for (const path of ["compiled", "from source"] as const) {
        console.error(`measuring ${what} (${path}) ...`);
        results[what][path] = await timed([...args], env(path, cache));
      }
    }
    results["serve central Helsinki to /healthz, graph cached"] = {} as Record<Path, number>;
    for (const path of ["compiled", "from source"] as const) {
      console.error(`measuring serve (${path}) ...`);
      results["serve central Helsinki to /healthz, graph cached"][path] = await serveUp(process.execPath, [BIN, "serve", ...serveArgs, "--port", "0", "--no-store", "--quiet"], env(path, cache));
    }
    // npm start as the README runs it, offline: the GENERATED Uusimaa network (made by the first,
    // uncounted run, as are the cell links and the store), the figures printed, then the app served.
    const startData = join(cache, "data");
    results[START] = {} as Record<Path, number>;
    for (const path of ["compiled", "from source"] as const) {
      console.error(`measuring npm start (${path}) ...`);
      results[START][path] = await serveUp("npm", ["start", "--", "--offline", "--port", "0", "--data-dir", startData], env(path, cache));
    }
    rows.push({ what: "node -e 0 (bare Node.js)", "compiled ms": bare, "from source ms": "", "compiled / from source": "", "compiled / node -e 0": 1 });
    for (const [what, r] of Object.entries(results)) {
      rows.push({ what, "compiled ms": r.compiled, "from source ms": r["from source"], "compiled / from source": r.compiled / r["from source"], "compiled / node -e 0": r.compiled / bare });
    }
    const help = results["palveluverkko --help"].compiled / bare;
    const route = results["route on Tampere, graph cached"].compiled;
    const serveMs = results["serve central Helsinki to /healthz, graph cached"].compiled;
    const startMs = results[START].compiled;
    const block = `<!-- start:start -->
## Starting the command line and the server

Produced by \`npm run bench\` (benchmarks/start.ts) on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.
Each figure is the median wall time of ${RUNS} fresh processes (after one not counted) from
starting \`node bin/palveluverkko.js …\` to its exit, or, for \`serve\`, to the first answer on
\`/healthz\` (the server listens once its workspace is loaded). "compiled" runs dist/, which
\`npm ci\` builds (esbuild, 0.4 s); "from source" is the path before it, the TypeScript sources
through tsx (its disk cache warm, so the compile itself is mostly skipped: a cold first run is
slower). Targets (issue 18): \`--help\` within 8× \`node -e 0\`: ${help.toFixed(1)}×; \`route\` on a cached
graph within 1 s: ${(route / 1000).toFixed(2)} s; \`serve\` on central Helsinki with everything cached
within 5 s: ${(serveMs / 1000).toFixed(2)} s; \`npm start\` on the GENERATED Uusimaa network warm (graph, cell
links, store and both builds there from the first run) within 10 s: ${(startMs / 1000).toFixed(2)} s.

${table(rows)}
<!-- start:end -->`;
    const file = join(here, "RESULTS.md");
    const old = existsSync(file) ? await readFile(file, "utf8") : "";
    const marked = /<!-- start:start -->[\s\S]*?<!-- start:end -->/;
    await writeFile(file, marked.test(old) ? old.replace(marked, () => block) : `${old.replace(/\s*$/, "")}${old ? "\n\n" : ""}${block}\n`);
    process.stdout.write(block + "\n");
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

await main();
