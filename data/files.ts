/** File helpers: atomic writes (temp file, fsync, rename) so a crash never leaves half a file, and whole-file reads with typed errors. */
import { open, readFile, rename, rm, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";
import { NotFoundError } from "../engine/errors.ts";

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

/** Reads a whole input file; a missing or unreadable one becomes NotFoundError naming the path. */
export async function readInput(path: string, field = "file"): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NotFoundError(code === "ENOENT" ? `File not found: ${path}` : `Cannot read ${path} (${code})`, field, path);
  }
}
