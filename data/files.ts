/** File helpers: atomic writes (temp file, fsync, rename) so a crash never leaves half a file, and whole-file reads with typed errors. */
import { open, readFile, readdir, rename, rm, mkdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { InvalidInputError, NotFoundError, PalveluverkkoError } from "../engine/index.ts";

/** The disk (or quota) holding a file is full: nothing was written; it works again once space is freed. */
export class OutOfSpaceError extends PalveluverkkoError {
  constructor(message: string, field?: string, value?: unknown) {
    super("out-of-space", message, field, value);
  }
}

/**
 * A file-system error on `path` as a typed error that says what to do: out of space, a file where a
 * directory must be (or the other way), no permission, a read-only file system. Other errors as they are.
 */
export function fileSystemError(err: unknown, path: string, field: string, doing: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return new OutOfSpaceError(`${doing} ${path}: the disk is full (${code}); nothing was written. Free some space and try again`, field, path);
    case "EEXIST":
    case "ENOTDIR":
      return new InvalidInputError(`${doing} ${path}: a file stands where a directory must be (or a part of the path is a file); give a directory`, field, path);
    case "EISDIR":
      return new InvalidInputError(`${doing} ${path}: it is a directory; give a file name`, field, path);
    case "EACCES":
    case "EPERM":
      return new InvalidInputError(`${doing} ${path}: no permission (${code}); give a place this user may write to`, field, path);
    case "EROFS":
      return new InvalidInputError(`${doing} ${path}: the file system is read-only; give a writable place`, field, path);
    default:
      return err;
  }
}

/** Writes bytes to `path` atomically: readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, field = "out"): Promise<void> {
  try {
    await writeAtomically(path, data);
  } catch (err) {
    throw fileSystemError(err, path, field, "cannot write");
  }
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
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
