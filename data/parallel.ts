/**
 * Independent travel-time surfaces (one per municipality, per scenario, per service point) in
 * worker threads. The graph's serialized buffer, the cell links and the surfaces' parts (core view
 * and cell index, built once here) are copied once into shared memory that every worker reads in
 * place; each job sends only its snapped targets and gets back its surface. With 2 cores, two
 * surfaces are computed at once. With `thisThread`, this thread takes jobs too, so one worker
 * fewer (its isolate's memory and start) gives the same parallelism; with no worker at all, the
 * pool is a plain loop in this thread and shares nothing.
 */
import type { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { type RoadGraph, CoreSearch, surfaceParts, travelTimeSurface, type GraphMeta, type Links, type SurfaceOptions, type SurfaceTarget, InvalidInputError, MAX_CUTOFF_DS } from "../engine/index.ts";
import { startWorker } from "./worker.ts";
import { sharedGraph, toShared } from "./shared-arrays.ts";

export interface PoolOptions {
  /** Worker threads; default one per core, less this thread's when it takes jobs. */
  workers?: number;
  /** This thread takes jobs too, between the workers' replies. */
  thisThread?: boolean;
  profile?: string;
  direction?: "to" | "from";
  cutoffDs?: number;
}

/** What this thread needs to take jobs itself. */
interface Local {
  graph: RoadGraph;
  links: Links;
  options: SurfaceOptions;
}

export class SurfacePool {
  private constructor(
    private readonly workers: Worker[],
    private readonly local: Local | null,
  ) {}

  /** Starts the workers; resolves when every one has its graph and search ready. */
  static async create(graph: RoadGraph, links: Links, options: PoolOptions = {}, meta: GraphMeta = {}): Promise<SurfacePool> {
    const thisThread = options.thisThread === true;
    const count = options.workers ?? Math.max(thisThread ? 0 : 1, availableParallelism() - (thisThread ? 1 : 0));
    if (!Number.isInteger(count) || count < (thisThread ? 0 : 1) || count > 64) throw new InvalidInputError(`workers ${count} is not in ${thisThread ? 0 : 1}..64`, "workers", count);
    const profile = options.profile ?? "car";
    const direction = options.direction ?? "to";
    const cutoffDs = options.cutoffDs ?? MAX_CUTOFF_DS;
    const parts = surfaceParts(graph, links, profile, direction);
    const local = thisThread ? { graph, links, options: { profile, direction, cutoffDs, search: new CoreSearch(parts.view) } } : null;
    if (count === 0) return new SurfacePool([], local);
    const workerData = {
      // Written straight into shared memory: a private copy first would hold the graph twice at the peak.
      graph: sharedGraph(graph, meta),
      links: toShared({ edge: links.edge, twin: links.twin, t: links.t, connectorDs: links.connectorDs }),
      parts: toShared(parts),
      profile,
      direction,
      cutoffDs,
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
    return new SurfacePool(workers, local);
  }

  /** Threads computing surfaces: the workers, and this one when it takes jobs. */
  get size(): number {
    return this.workers.length + (this.local ? 1 : 0);
  }

  /** Computes a surface per job, each on the next free thread; onResult sees them as they finish. */
  run(jobs: readonly (readonly SurfaceTarget[])[], onResult: (index: number, surface: Uint32Array) => void): Promise<void> {
    let next = 0;
    let done = 0;
    let failed = false;
    return new Promise((resolve, reject) => {
      if (jobs.length === 0) return resolve();
      const fail = (err: unknown) => {
        failed = true;
        reject(err);
      };
      // This thread's turn: one job, then back to the event loop so the workers' replies are
      // taken (and the workers fed) before the next.
      const local = this.local;
      const step = () => {
        if (failed || local === null || next >= jobs.length) return;
        const id = next++;
        try {
          onResult(id, travelTimeSurface(local.graph, local.links, jobs[id], local.options));
        } catch (err) {
          fail(err);
          return;
        }
        if (++done === jobs.length) resolve();
        else setImmediate(step);
      };
      const feed = (w: Worker) => {
        if (next >= jobs.length) return;
        const id = next++;
        const targets = jobs[id].map((t) => ({ snap: { ...t.snap }, connectorDs: t.connectorDs }));
        w.postMessage({ id, targets });
      };
      for (const w of this.workers) {
        w.removeAllListeners("message");
        w.removeAllListeners("error");
        w.on("error", fail);
        w.on("message", (msg: { id: number; surface: Uint32Array }) => {
          if (failed) return;
          try {
            onResult(msg.id, msg.surface);
          } catch (err) {
            fail(err);
            return;
          }
          if (++done === jobs.length) resolve();
          else feed(w);
        });
        feed(w);
      }
      setImmediate(step);
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
