/**
 * The embedded back end: PGlite (PostgreSQL compiled to WebAssembly, in this process) keeping its
 * data in a directory. One opener per directory, enforced by a lock file: PGlite is a single-user
 * server and opens a directory that is already open without a word (tried: 0.5.8), so two
 * processes on one directory would corrupt it.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { InvalidInputError } from "../../engine/errors.ts";
import type { Db, Sql } from "./db.ts";

const LOCK_FILE = "palveluverkko.lock";

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory's lock (the pid in a file), taking over one whose process is gone; returns its release. */
async function lock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  for (;;) {
    try {
      await writeFile(path, String(process.pid), { flag: "wx" });
      return () => rm(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const pid = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (alive(pid)) throw new InvalidInputError(`the store in ${dir} is open in process ${pid}${pid === process.pid ? " (this one)" : ""}: one process per directory (use PostgreSQL to share a store)`, "dataDir", dir);
    await rm(path, { force: true });
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

/** Opens (creating when new) the PGlite database in `dataDir`. */
export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Db> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const unlock = await lock(dir);
  let pg: PGlite;
  let postgis = options.postgis === true;
  try {
    pg = await start(dir, postgis);
    if (!postgis) {
      const had = await pg.query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
      if (had.rows.length > 0) {
        await pg.close();
        pg = await start(dir, true);
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
    tx: (fn) => pg.transaction((t) => fn(sqlOf(t))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        await unlock();
      }
    },
  };
}
