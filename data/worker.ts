/** Starting a worker thread on a TypeScript module, the same way under tsx, vitest, `node bin/` and the compiled bundle. */
import { Worker } from "node:worker_threads";
import { basename } from "node:path";
import { COMPILED } from "./project.ts";

/**
 * A worker running `entry` (a .ts module's URL beside its caller) with `data` as its workerData
 * (plus `entry`). From the sources it starts through worker-boot.mjs, which registers tsx; compiled,
 * the build makes each worker module an entry of its own in dist/, beside this code, run as it is.
 */
export function startWorker(entry: URL, data: Record<string, unknown>): Worker {
  if (COMPILED) return new Worker(new URL(`./${basename(entry.pathname, ".ts")}.js`, import.meta.url), { workerData: { ...data, entry: entry.href } });
  return new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { ...data, entry: entry.href } });
}
