// A full disk, for real: a 2 MB tmpfs mounted for the test (as root, which CI is; skipped with a
// message where mounting is not allowed). A new PGlite store there says the disk is full (not
// "failed to start ([object Object])") and opens by itself once space returns; an atomic write
// fails whole, naming the cause, leaving the old file and no temp file; a graph whose cache cannot
// be written still loads, with a warning; and --data-dir naming a file is a clear error, exit 2.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutOfSpaceError, writeFileAtomic } from "../../data/files.ts";
import { openStore } from "../../data/store/index.ts";
import { loadGraph } from "../../data/cache.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { rejection } from "../fixtures/errors.ts";
import { cli } from "../fixtures/cli.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { call, expectProblem, openHelsinkiWorkspace, startApi } from "../fixtures/http.ts";

const mountPoint = join(scratchDir(), `full-disk-${process.pid}`);
let mounted = false;
let why = "";

function mount(sizeMb: number, remount = false): void {
  execFileSync("mount", ["-t", "tmpfs", "-o", `${remount ? "remount," : ""}size=${sizeMb}m`, "tmpfs", mountPoint], { stdio: "pipe" });
}

/** Back to an empty 2 MB disk for the next test. */
function emptyAndShrink(): void {
  for (const f of readdirSync(mountPoint)) rmSync(join(mountPoint, f), { recursive: true, force: true });
  mount(2, true);
}

/** Fills what is left of the tmpfs but `leaveBytes`. */
function fill(leaveBytes: number): void {
  const { bavail, bsize } = statfsSync(mountPoint);
  const free = bavail * bsize;
  if (free > leaveBytes) writeFileSync(join(mountPoint, `ballast-${Date.now()}`), Buffer.alloc(free - leaveBytes));
}

beforeAll(() => {
  mkdirSync(mountPoint, { recursive: true });
  try {
    mount(2);
    mounted = true;
  } catch (e) {
    why = (e as Error).message.split("\n")[0];
    console.log(`full-disk tests skipped: cannot mount a tmpfs here (${why}); CI runs them as root`);
  }
});

afterAll(() => {
  // Lazily: a file handle the runner still holds must not leave the mount behind.
  if (mounted) execFileSync("umount", ["-l", mountPoint]);
});

describe("a full disk", () => {
  it("a new PGlite store says the disk is full, and opens by itself once space returns", { timeout: 180_000 }, async (ctx) => {
    if (!mounted) return ctx.skip();
    const dir = join(mountPoint, "store");
    const err = await rejection(openStore({ dataDir: dir }));
    expect(err).toBeInstanceOf(OutOfSpaceError);
    expect(err).toMatchObject({ code: "out-of-space", field: "dataDir" });
    expect(err.message).toMatch(/disk is full/);
    expect(err.message).not.toMatch(/object Object|damaged/);
    mount(160, true); // the store's 40 MB, and the 64 MB free a write needs
    const store = await openStore({ dataDir: dir });
    try {
      expect(await store.listScenarios()).toEqual([]);
    } finally {
      await store.close();
      emptyAndShrink();
    }
  });

  it("an atomic write fails whole, naming the cause: the old file stays, no temp file is left", async (ctx) => {
    if (!mounted) return ctx.skip();
    const file = join(mountPoint, "report.csv");
    writeFileSync(file, "old\n");
    fill(64 * 1024);
    const err = await rejection(writeFileAtomic(file, new Uint8Array(512 * 1024)));
    expect(err).toBeInstanceOf(OutOfSpaceError);
    expect(err.message).toMatch(/disk is full \(ENOSPC\); nothing was written/);
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(readdirSync(mountPoint).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a graph whose cache cannot be written still loads, with a warning", async (ctx) => {
    if (!mounted) return ctx.skip();
    fill(16 * 1024);
    const warnings: string[] = [];
    const loaded = await loadGraph(sharedData("osm/helsinki-kluuvi.osm.pbf"), { cacheDir: join(mountPoint, "cache"), onWarning: (m) => warnings.push(m) });
    expect(loaded.graph.nodeCount).toBeGreaterThan(100);
    expect(loaded.cachePath).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not cached .*disk is full.*next start builds it again/);
  });
});

describe("the server's store filling up while it runs (over loopback)", () => {
  it("refuses writes with a 507 naming the disk, keeps answering everything else, loses nothing, and writes again once space returns", { timeout: 240_000 }, async (ctx) => {
    if (!mounted) return ctx.skip();
    mount(256, true);
    const dir = join(mountPoint, "served-store");
    const store = await openStore({ dataDir: dir });
    const ws = await openHelsinkiWorkspace();
    const api = await startApi({ workspace: ws, store, log: () => {} });
    try {
      const save = (id: string) => call(api, "/api/scenarios", { body: { id, name: `Save ${id}`, changes: [{ op: "close", id: "kamppi" }] } });
      expect((await save("before-full")).status).toBe(201);
      // Fill the disk but 24 MB: under what a write needs.
      fill(24 * 1024 * 1024);
      const refused = await save("while-full");
      expectProblem(refused, 507, "store");
      expect(refused.body.code).toBe("out-of-space");
      expect(refused.body.detail).toMatch(/MB free; a write needs 64 MB, so nothing was written/);
      // Everything else answers at once: reads of the store, runs, the health check.
      expect((await call(api, "/healthz")).status).toBe(200);
      expect((await call(api, "/api/scenarios")).body.scenarios.map((x: { id: string }) => x.id)).toEqual(["before-full"]);
      expect((await call(api, "/api/scenarios/run", { body: { changes: [{ op: "close", id: "kamppi" }] } })).status).toBe(200);
      expect((await call(api, "/api/scenarios/while-full")).status).toBe(404);
      // Space returns: writes work again by themselves, and nothing acknowledged was lost.
      for (const f of readdirSync(mountPoint).filter((x) => x.startsWith("ballast-"))) rmSync(join(mountPoint, f));
      expect((await save("after-full")).status).toBe(201);
      expect((await call(api, "/api/scenarios")).body.scenarios.map((x: { id: string }) => x.id).sort()).toEqual(["after-full", "before-full"]);
    } finally {
      await api.close();
      await store.close();
      emptyAndShrink();
    }
  });
});

describe("a data directory that is a file", () => {
  it("is refused by the store and by `serve`, naming it (exit 2), not an internal error", async () => {
    const file = join(scratchDir(), `not-a-dir-${process.pid}`);
    writeFileSync(file, "x");
    const err = await rejection(openStore({ dataDir: file }));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: "dataDir" });
    expect(err.message).toMatch(/a file stands where a directory must be/);
    const r = await cli("serve", "--osm", sharedData("osm/helsinki-kluuvi.osm.pbf"), "--region", "uusimaa", "--data-dir", file, "--port", "0", "--no-web");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot keep the store in .*a file stands where a directory must be/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(existsSync(file)).toBe(true);
  });
});
