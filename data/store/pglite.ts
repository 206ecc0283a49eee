/**
 * The embedded back end: PGlite (PostgreSQL compiled to WebAssembly, in this process) keeping its
 * data in a directory. One opener per directory, enforced by a lock file: PGlite is a single-user
 * server and opens a directory that is already open without a word (tried: 0.5.8), so two
 * processes on one directory would corrupt it.
 *
 * Crash safety (test/server/crash.test.ts kills a server with SIGKILL mid-write): PGlite recovers
 * its own WAL on the next open, so every committed transaction is there and a half-done one is not
 * (tried: 0.5.8). What it does not do, this file does:
 * - a lock left by a killed process is taken over, also when a new process has the same pid (a
 *   restarted container's server is pid 1 again): the lock records the holder's start time too;
 * - a first start killed during initdb leaves a directory PGlite cannot use; a marker written
 *   before initdb says so, and the next open starts it again from empty (it held no data yet);
 * - a directory that is neither empty nor a whole PostgreSQL data directory is refused: PGlite would
 *   run initdb over a store that has lost its PG_VERSION, silently dropping its data;
 * - PGlite failing to start (a damaged WAL is an Emscripten "Aborted()") becomes a CorruptDataError
 *   naming the directory, and the lock is released.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, statfs, writeFile } from "node:fs/promises";
import { fileSystemError, OutOfSpaceError } from "../files.ts";
import { join, resolve } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { CorruptDataError, InvalidInputError, PalveluverkkoError } from "../../engine/index.ts";
import type { Db, Sql } from "./db.ts";

const LOCK_FILE = "palveluverkko.lock";
/** Written before a new directory's initdb and removed once PGlite has made it: while it is there, the directory holds no data yet. */
const INIT_FILE = "palveluverkko.init";

/** Directories this process holds the lock of. */
const held = new Set<string>();

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** When a process started (clock ticks since boot, /proc/PID/stat field 22), or null where there is no /proc. */
async function startTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process a lock file names still holds the directory. */
async function holds(dir: string, pid: number, started: string | undefined): Promise<boolean> {
  // Our own pid: this process holds it, or an earlier process with the same pid left it (a container restarted).
  if (pid === process.pid) return held.has(dir);
  if (!alive(pid)) return false;
  // A live process under a reused pid is not the holder: its start time differs from the one recorded.
  const now = started ? await startTime(pid) : null;
  return now === null || now === started;
}

/** Takes the directory's lock (pid and start time in a file), taking over one whose process is gone; returns its release. */
async function lock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  const me = `${process.pid} ${(await startTime(process.pid)) ?? ""}`.trim();
  for (;;) {
    try {
      await writeFile(path, me, { flag: "wx" });
      held.add(dir);
      return async () => {
        held.delete(dir);
        await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const [pidText, started] = (await readFile(path, "utf8").catch(() => "")).trim().split(/\s+/);
    const pid = Number(pidText);
    if (await holds(dir, pid, started)) throw new InvalidInputError(`the store in ${dir} is open in process ${pid}${pid === process.pid ? " (this one)" : ""}: one process per directory (use PostgreSQL to share a store)`, "dataDir", dir);
    await rm(path, { force: true });
  }
}

/**
 * Readies the (locked) directory for PGlite: a new one gets the initdb marker; one whose first
 * start never finished is emptied to start again; anything else must be a whole data directory.
 */
async function prepare(dir: string): Promise<void> {
  const entries = (await readdir(dir)).filter((e) => e !== LOCK_FILE);
  if (entries.includes(INIT_FILE)) {
    for (const e of entries) if (e !== INIT_FILE) await rm(join(dir, e), { recursive: true, force: true });
    return;
  }
  if (entries.length === 0) {
    await writeFile(join(dir, INIT_FILE), "palveluverkko: PGlite's initdb has not finished in this directory; it holds no data yet\n");
    return;
  }
  if (!entries.includes("PG_VERSION") || !existsSync(join(dir, "global", "pg_control"))) {
    throw new CorruptDataError(
      `${dir} is not empty and is not a whole PGlite store (no PG_VERSION or global/pg_control): if it was a store, it is damaged (restore it from a backup); otherwise give an empty or new directory`,
      "dataDir",
      dir,
    );
  }
}

export interface PgliteOptions {
  /**
   * Load PostGIS (8-15 s the first time, 2-3 s per open after). A directory that has had it is
   * always opened with it, since its tables then hold geometry columns.
   */
  postgis?: boolean;
}

type Runner = Pick<PGlite | Transaction, "query" | "exec">;

function sqlOf(r: Runner): Sql {
  return {
    query: async <T>(text: string, params?: readonly unknown[]) => (await r.query<T>(text, params ? [...params] : undefined)).rows,
    exec: async (text: string) => {
      await r.exec(text);
    },
  };
}

/** A scenario store is small: PostgreSQL's default 128 MB of shared buffers would only cost memory (measured: ~130 MB of RSS). */
const CONF = ["shared_buffers=16MB"];

async function start(dataDir: string, postgis: boolean): Promise<PGlite> {
  if (!postgis) return PGlite.create({ dataDir, postgresqlconf: CONF });
  // Loaded only when wanted: the bundle is large.
  const { postgis: extension } = await import("@electric-sql/pglite-postgis");
  return PGlite.create({ dataDir, postgresqlconf: CONF, extensions: { postgis: extension } });
}

/** start, with PGlite's own failures (an Emscripten "Aborted()" says nothing) as a CorruptDataError naming the directory. */
async function startOrExplain(dir: string, postgis: boolean): Promise<PGlite> {
  try {
    return await start(dir, postgis);
  } catch (err) {
    if (err instanceof PalveluverkkoError) throw err;
    if (await outOfSpace(dir, err)) throw new OutOfSpaceError(`the store in ${dir} cannot be opened: the disk is full; nothing was changed. Free some space (a new store needs about 40 MB) and start again`, "dataDir", dir);
    throw new CorruptDataError(
      `the store in ${dir} cannot be opened: PGlite failed to start on it (${(err as Error)?.message ?? String(err)}); it may be damaged: restore it from a backup, or move it aside to start an empty store`,
      "dataDir",
      dir,
    );
  }
}

/** PGlite's file system reports errors as WASI errno numbers: 51 is ENOSPC, 19 EDQUOT. */
const WASI_OUT_OF_SPACE = new Set([51, 19]);
/** Below this much free space a failed start is put down to the disk, not to damage. */
const LOW_SPACE_BYTES = 16 * 1024 * 1024;

/** Whether a failure is the disk being full: PGlite's own errno, or too little space left where the store lies. */
async function outOfSpace(dir: string, err: unknown): Promise<boolean> {
  const errno = (err as { errno?: unknown })?.errno;
  if (typeof errno === "number" && WASI_OUT_OF_SPACE.has(errno) && (err as { name?: unknown }).name === "ErrnoError") return true;
  if ((err as NodeJS.ErrnoException)?.code === "ENOSPC") return true;
  const st = await statfs(dir).catch(() => null);
  return st !== null && st.bavail * st.bsize < LOW_SPACE_BYTES;
}

/**
 * Free space a write needs on the store's disk: well over what one transaction can add to the WAL
 * (a request body is at most a few MB, its rows and index entries some times that).
 */
const MIN_FREE_FOR_WRITE_BYTES = 64 * 1024 * 1024;

/** Refuses a write while the store's disk has less than MIN_FREE_FOR_WRITE_BYTES free. */
async function ensureSpace(dir: string): Promise<void> {
  const st = await statfs(dir).catch(() => null);
  if (st === null) return;
  const free = st.bavail * st.bsize;
  if (free >= MIN_FREE_FOR_WRITE_BYTES) return;
  const mb = (b: number) => Math.floor(b / (1024 * 1024));
  throw new OutOfSpaceError(
    `the store's disk (${dir}) has ${mb(free)} MB free; a write needs ${mb(MIN_FREE_FOR_WRITE_BYTES)} MB, so nothing was written. Reading still works; writes work again once space is freed`,
    "store",
    dir,
  );
}

/** Opens (creating when new) the PGlite database in `dataDir`. */
export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Db> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true }).catch((err) => {
    throw fileSystemError(err, dir, "dataDir", "cannot keep the store in");
  });
  const unlock = await lock(dir);
  let pg: PGlite;
  let postgis = options.postgis === true;
  try {
    await prepare(dir);
    pg = await startOrExplain(dir, postgis);
    await rm(join(dir, INIT_FILE), { force: true });
    if (!postgis) {
      const had = await pg.query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
      if (had.rows.length > 0) {
        await pg.close();
        pg = await startOrExplain(dir, true);
        postgis = true;
      }
    }
  } catch (err) {
    await unlock();
    throw err;
  }
  const plain = sqlOf(pg);
  return {
    kind: "pglite",
    location: dir,
    postgis,
    ...plain,
    // Every write first checks the disk: PGlite runs on this thread, and a WAL flush that meets a
    // full disk spins there for good (the server dead, /healthz too). Refused before it starts,
    // the write is a clear 507 and everything else keeps answering; it works again once space returns.
    tx: async (fn) => {
      await ensureSpace(dir);
      return pg.transaction((t) => fn(sqlOf(t)));
    },
    close: async () => {
      try {
        await pg.close();
      } finally {
        await unlock();
      }
    },
  };
}
