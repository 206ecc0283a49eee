/** File helpers: atomic writes (temp file, fsync, rename) so a crash never leaves half a file, and whole-file reads with typed errors. */
import { open, readFile, readdir, rename, rm, mkdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { NotFoundError } from "../engine/index.ts";

/** Writes bytes to `path` atomically: readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  const fh = await open(tmp, "w");
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** How old a writer's temp file must be before it counts as left by a crash: no write takes an hour. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Removes temp files writeFileAtomic left beside `path` when a process died mid-write (SIGKILL,
 * power loss): `path.<8 hex>.tmp` older than an hour, so a write under way elsewhere is spared.
 */
export async function sweepStaleTemps(path: string, now = Date.now()): Promise<string[]> {
  const dir = dirname(path);
  const pattern = new RegExp(`^${basename(path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.[0-9a-f]{8}\\.tmp$`);
  const swept: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!pattern.test(name)) continue;
    const file = join(dir, name);
    const st = await stat(file).catch(() => null);
    if (st && now - st.mtimeMs > STALE_TEMP_MS) {
      await rm(file, { force: true });
      swept.push(file);
    }
  }
  return swept;
}

/** Reads a whole input file; a missing or unreadable one becomes NotFoundError naming the path. */
export async function readInput(path: string, field = "file"): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NotFoundError(code === "ENOENT" ? `File not found: ${path}` : `Cannot read ${path} (${code})`, field, path);
  }
}
