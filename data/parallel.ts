/**
 * Independent travel-time surfaces (one per municipality, per scenario, per service point) in
 * worker threads. The graph's serialized buffer, the cell links and the surfaces' parts (core view
 * and cell index, built once here) are copied once into shared memory that every worker reads in
 * place; each job sends only its snapped targets and gets back its surface. With 2 cores, two
 * surfaces are computed at once.
 */
import type { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { type RoadGraph, serializeGraph, surfaceParts, type GraphMeta, type Links, type SurfaceTarget, InvalidInputError, MAX_CUTOFF_DS } from "../engine/index.ts";
import { startWorker } from "./worker.ts";
import { toShared } from "./shared-arrays.ts";

export interface PoolOptions {
  workers?: number;
  profile?: string;
  direction?: "to" | "from";
  cutoffDs?: number;
}

export class SurfacePool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts the workers; resolves when every one has its graph and search ready. */
  static async create(graph: RoadGraph, links: Links, options: PoolOptions = {}, meta: GraphMeta = {}): Promise<SurfacePool> {
    const count = options.workers ?? Math.max(1, availableParallelism());
    if (!Number.isInteger(count) || count < 1 || count > 64) throw new InvalidInputError(`workers ${count} is not in 1..64`, "workers", count);
    const profile = options.profile ?? "car";
    const direction = options.direction ?? "to";
    const workerData = {
      // Written straight into shared memory: a private copy first would hold the graph twice at the peak.
      graph: serializeGraph(graph, meta, (bytes) => new Uint8Array(new SharedArrayBuffer(bytes))).buffer as SharedArrayBuffer,
      links: toShared({ edge: links.edge, twin: links.twin, t: links.t, connectorDs: links.connectorDs }),
      parts: toShared(surfaceParts(graph, links, profile, direction)),
      profile,
      direction,
      cutoffDs: options.cutoffDs ?? MAX_CUTOFF_DS,
    };
    const workers = Array.from({ length: count }, () => startWorker(new URL("./parallel-worker.ts", import.meta.url), workerData));
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once("error", reject);
            w.once("message", () => resolve());
          }),
      ),
    );
    return new SurfacePool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Computes a surface per job, each on the next free worker; onResult sees them as they finish. */
  run(jobs: readonly (readonly SurfaceTarget[])[], onResult: (index: number, surface: Uint32Array) => void): Promise<void> {
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      if (jobs.length === 0) return resolve();
      const feed = (w: Worker) => {
        if (next >= jobs.length) return;
        const id = next++;
        const targets = jobs[id].map((t) => ({ snap: { ...t.snap }, connectorDs: t.connectorDs }));
        w.postMessage({ id, targets });
      };
      for (const w of this.workers) {
        w.removeAllListeners("message");
        w.removeAllListeners("error");
        w.on("error", reject);
        w.on("message", (msg: { id: number; surface: Uint32Array }) => {
          try {
            onResult(msg.id, msg.surface);
          } catch (err) {
            reject(err);
            return;
          }
          if (++done === jobs.length) resolve();
          else feed(w);
        });
        feed(w);
      }
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
