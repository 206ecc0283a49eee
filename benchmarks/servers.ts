/**
 * Servers the benchmarks start and drive: the announced port of a server command, and for the web
 * benchmarks, besides the in-process central Helsinki one: the CLI's own
 * `start --offline` on the GENERATED Uusimaa network (the demo `npm start` serves), each in a
 * process group of its own, and the bare scenario call the page's requests are replayed with.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { scratchDir } from "../test/fixtures/osm.ts";

const BIN = fileURLToPath(new URL("../bin/palveluverkko.js", import.meta.url));

/** The scenario request the page sent last, to replay from Node. */
export interface Replay {
  body: string;
  headers: Record<string, string>;
}

export interface ScenarioAnswer {
  figures: Record<string, { id: string }[]>;
  diff: Record<string, { id: string }[]>;
}

/** One bare POST /api/scenarios/run from Node: ms to the parsed answer, which is returned too. */
export async function bareRun(api: { base: string }, replay: Replay): Promise<{ ms: number; answer: ScenarioAnswer }> {
  const t0 = performance.now();
  const res = await fetch(`${api.base}/api/scenarios/run`, { method: "POST", headers: replay.headers, body: replay.body });
  const answer = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`POST /api/scenarios/run answered ${res.status}: ${JSON.stringify(answer)}`);
  return { ms, answer };
}

export interface CliServer {
  base: string;
  /** Seconds from the spawn to the address announced (the workspace loaded). */
  upS: number;
  close(): Promise<void>;
}

/** A data directory kept across runs in the scratch directory: the generated network and the caches made once. */
function uusimaaData(): string {
  const dir = join(scratchDir(), "bench-web-uusimaa");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * `palveluverkko start --offline` on Uusimaa (the GENERATED network, cached in the data directory),
 * on a free port of 127.0.0.1; resolves once it announces its address. Needs dist/ and web/dist built.
 */
export async function startUusimaa(dataDir?: string): Promise<CliServer> {
  const dir = uusimaaData();
  const data = dataDir ?? dir;
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, "start", "--offline", "--region", "uusimaa", "--port", "0", "--data-dir", data, "--cache-dir", join(dir, "cache"), "--quiet", "--rate-limit", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const port = await announcedPort(child, "palveluverkko start");
  return { base: `http://127.0.0.1:${port}`, upS: (performance.now() - t0) / 1000, close: () => stop(child) };
}

/** The port a server command announces ("serving http://127.0.0.1:PORT/", on stdout or stderr); rejects if it exits first. */
export function announcedPort(child: ChildProcess, name: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let text = "";
    const read = (b: Buffer) => {
      text += b.toString();
      const m = /serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => reject(new Error(`${name} exited ${code}: ${text.slice(-2000)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid!, "SIGTERM");
  return exited;
}

/** The cold peer on Uusimaa: a fresh server process on the same data (its caches warm, nothing run yet) answers the page's first request once. */
export async function uusimaaColdPeer(replay: Replay): Promise<{ ms: number; answer: ScenarioAnswer }> {
  // Its own data directory (the page's server holds the scenario store in the shared one), with the generated network linked in; the caches shared.
  const data = mkdtempSync(join(scratchDir(), "bench-web-uusimaa-peer-"));
  linkSync(join(uusimaaData(), "generated-uusimaa.pvg"), join(data, "generated-uusimaa.pvg"));
  const server = await startUusimaa(data);
  try {
    return await bareRun(server, replay);
  } finally {
    await server.close();
    rmSync(data, { recursive: true, force: true });
  }
}
