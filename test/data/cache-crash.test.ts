// Crash safety of the built-graph cache: `palveluverkko import` (a real child process, the real
// Tampere extract) killed with SIGKILL while importing and while writing its cache file, again
// and again. Afterwards every .pvg in the cache directory reads back whole (version and checksum
// checked), nothing half-written is taken for a graph, the next import completes with the same
// graph as an import in this process, and temp files a killed writer left are swept once stale.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, utimesSync, watch, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadGraph, readGraphFile } from "../../data/cache.ts";
import { importOsm } from "../../data/osm/import.ts";
import { serializeGraph } from "../../engine/serialize.ts";
import { BIN } from "../fixtures/cli.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const OSM = sharedData("osm/tampere.osm.pbf");

/** Runs `import` into `cacheDir`, killing it after `afterMs`, or as soon as a temp file appears (null). Resolves with how it ended. */
function importKilled(cacheDir: string, afterMs: number | null): Promise<"killed" | "finished"> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "import", "--osm", OSM, "--cache-dir", cacheDir, "--quiet"], { stdio: "ignore" });
    const kill = () => child.kill("SIGKILL");
    const watcher = afterMs === null ? watch(cacheDir, (_e, name) => name?.endsWith(".tmp") && kill()) : null;
    const timer = afterMs === null ? null : setTimeout(kill, afterMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      watcher?.close();
      if (timer) clearTimeout(timer);
      if (signal === "SIGKILL") resolve("killed");
      else if (code === 0) resolve("finished");
      else reject(new Error(`import exited with ${code}`));
    });
  });
}

/** Every graph file in the directory must read back whole; returns how many there are. */
async function wholeGraphs(dir: string): Promise<number> {
  const graphs = readdirSync(dir).filter((n) => n.endsWith(".pvg"));
  for (const g of graphs) await readGraphFile(join(dir, g)); // throws CorruptDataError on half a file
  return graphs.length;
}

describe("graph cache under SIGKILL", () => {
  it("never leaves half a graph: killed mid-import and mid-write, the cache holds whole graphs or none, and the next import completes", async () => {
    const dir = join(scratchDir(), `cache-crash-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const ends: string[] = [];
    // Killed while reading and building (fixed delays), then while the cache file is being written (on the temp file's appearance).
    const temps = () => readdirSync(dir).filter((n) => n.endsWith(".tmp")).length;
    for (const afterMs of [150, 400, 800, null, null, null, null, null, null, null, null]) {
      ends.push(await importKilled(dir, afterMs));
      await wholeGraphs(dir); // every graph there reads back whole
      if (temps() > 0) break;
      // On a quiet machine the kill can come after the write and its rename: a whole graph is there,
      // which later runs would read rather than write. Take it away, so the next kill meets a write.
      for (const g of readdirSync(dir).filter((n) => n.endsWith(".pvg"))) rmSync(join(dir, g));
    }
    expect(ends).toContain("killed");
    // At least one kill landed mid-write: its temp file is still there (inotify reports the file created well before its megabytes are written and synced).
    expect(temps()).toBeGreaterThan(0);
    // The next import, not killed, leaves one whole graph, the same as an import here.
    expect(await importKilled(dir, 60_000)).toBe("finished");
    expect(await wholeGraphs(dir)).toBe(1);
    const cached = await loadGraph(OSM, { cacheDir: dir });
    expect(cached.from).toBe("cache");
    const fresh = await importOsm(OSM);
    expect(Buffer.from(serializeGraph(cached.graph)).equals(Buffer.from(serializeGraph(fresh.graph)))).toBe(true);
  }, 180_000);

  it("a damaged cache file is rebuilt, and a killed writer's stale temp file is swept while a fresh one is spared", async () => {
    const dir = join(scratchDir(), `cache-damaged-${process.pid}`);
    const first = await loadGraph(OSM, { cacheDir: dir });
    expect(first.from).toBe("import");
    const path = first.cachePath!;
    writeFileSync(path, Buffer.from("PVG? half a graph"));
    const stale = `${path}.0badc0de.tmp`;
    const fresh = `${path}.0fee1600.tmp`;
    writeFileSync(stale, "left by a SIGKILL two hours ago");
    writeFileSync(fresh, "being written right now by another process");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const again = await loadGraph(OSM, { cacheDir: dir });
    expect(again.from).toBe("import"); // the damaged file was not taken for a graph
    expect(again.graph.nodeCount).toBe(first.graph.nodeCount);
    expect(await wholeGraphs(dir)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  }, 120_000);
});
