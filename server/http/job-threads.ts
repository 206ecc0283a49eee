/**
 * Jobs off the server thread: one worker thread per workspace holds its own copy of the workspace
 * (the graph in shared memory, read in place; the study copied once) and runs each job's steps
 * there, so the server thread only checks bodies, queues and answers (/healthz among others)
 * while a surface or a report is computed. The worker starts with the first job (it analyses the
 * base set again, as the server did at start) and stays for the next; it does not keep the
 * process alive. A worker that dies fails its job (logged as an internal error) and is replaced
 * at the next one.
 */
import type { Worker } from "node:worker_threads";
import { PalveluverkkoError } from "../../engine/index.ts";
import { startWorker } from "../../data/worker.ts";
import { sharedGraph } from "../../data/shared-arrays.ts";
import { HttpError, problemStatus } from "./problems.ts";
import type { JobRequest } from "./job-routes.ts";
import type { JobWork } from "./jobs.ts";
import type { Reply } from "./routes.ts";
import type { Study } from "../../study/index.ts";

/** What the worker is started with: the workspace's parts that cross threads. */
export interface JobWorkerInit {
  graph: SharedArrayBuffer;
  parts: Omit<Study["parts"], "graph" | "meta" | "snapIndex">;
}

/** A job's outcome as it crosses back: the reply (a file's bytes as a Uint8Array), or the error's fields. */
export type WorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; reply: Omit<Reply, "stream"> }
  | { type: "failed"; error: ErrorFields };

export interface ErrorFields {
  /** The problem status the error has on the worker's side (500 for an untyped error). */
  status: number;
  code: string | null;
  message: string;
  field?: string;
  value?: unknown;
  stack?: string;
}

/** An error as fields that survive postMessage (class and prototype do not). */
export function errorFields(err: unknown): ErrorFields {
  const status = problemStatus(err);
  if (err instanceof PalveluverkkoError) return { status, code: err.code, message: err.message, field: err.field, value: scalar(err.value) };
  return { status, code: null, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined };
}

/** The error again on the server thread: typed errors as the problem they were, the rest as an internal error with the worker's stack. */
function errorOf(fields: ErrorFields): Error {
  if (fields.code !== null && fields.status !== 500) return new HttpError(fields.status, fields.code, fields.message, fields.field, fields.value);
  const err = new Error(`in the job worker: ${fields.message}`);
  if (fields.stack) err.stack = `in the job worker: ${fields.stack}`;
  return err;
}

function scalar(value: unknown): unknown {
  return value === null || ["string", "number", "boolean", "undefined"].includes(typeof value) ? value : String(value);
}

interface Running {
  readonly worker: Worker;
  /** Settles the job in flight, if any: one at a time (Jobs runs one job at a time). */
  current: ((m: WorkerMessage | { type: "died"; error: Error }) => void) | null;
}

export class JobThreads {
  private readonly workers = new WeakMap<Study, Running>();
  private readonly all = new Set<Running>();

  /** The job's work, to run on the workspace's worker; `total` is the steps the worker will report. */
  work(ws: Study, request: JobRequest, total: number): JobWork {
    return { total, run: (progress) => this.run(ws, request, progress) };
  }

  /** Starts the workspace's worker now, so the first job does not wait for it to load. */
  prepare(ws: Study): void {
    this.workerFor(ws);
  }

  /** Stops every worker (a job in flight fails). */
  async close(): Promise<void> {
    const running = [...this.all];
    this.all.clear();
    await Promise.all(running.map((r) => r.worker.terminate()));
  }

  private run(ws: Study, request: JobRequest, progress: (done: number) => void): Promise<Reply> {
    const running = this.workerFor(ws);
    return new Promise<Reply>((resolve, reject) => {
      running.current = (m) => {
        if (m.type === "progress") return progress(m.done);
        running.current = null;
        if (m.type === "done") resolve(replyOf(m.reply));
        else reject(m.type === "failed" ? errorOf(m.error) : m.error);
      };
      running.worker.postMessage(request);
    });
  }

  private workerFor(ws: Study): Running {
    const known = this.workers.get(ws);
    if (known) return known;
    const { graph, meta, snapIndex: _index, ...parts } = ws.parts;
    // The base analysis goes along: the worker need not search it all again.
    const init: JobWorkerInit = { graph: sharedGraph(graph, meta), parts: { ...parts, base: ws.base } };
    const worker = startWorker(new URL("./job-worker.ts", import.meta.url), { init });
    worker.unref();
    const running: Running = { worker, current: null };
    const died = (error: Error) => {
      this.workers.delete(ws);
      this.all.delete(running);
      running.current?.({ type: "died", error });
    };
    worker.on("message", (m: WorkerMessage) => running.current?.(m));
    worker.on("error", (err) => died(err instanceof Error ? err : new Error(String(err))));
    worker.on("exit", (code) => died(new Error(`the job worker stopped (exit code ${code})`)));
    this.workers.set(ws, running);
    this.all.add(running);
    return running;
  }
}

/** A reply as it came over: a file's bytes back into a Buffer. */
function replyOf(reply: Omit<Reply, "stream">): Reply {
  const body = reply.body instanceof Uint8Array ? Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength) : reply.body;
  return { ...reply, body };
}
