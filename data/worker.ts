/** Starting a worker thread on a TypeScript module, the same way under tsx, vitest and `node bin/`. */
import { Worker } from "node:worker_threads";

/** A worker running `entry` (a .ts module's URL) with `data` as its workerData (plus `entry`). */
export function startWorker(entry: URL, data: Record<string, unknown>): Worker {
  return new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { ...data, entry: entry.href } });
}
