/**
 * Long work as jobs: a report or a comparison is accepted at once (202 with the job's address) and
 * computed off the request path, one job at a time. By default the work runs in a worker thread
 * (job-threads.ts), so the server thread keeps answering (/healthz among others) while it
 * computes; with `threads: "server"` it runs on the server thread in steps chained with
 * setImmediate (answers come between steps only). Progress goes to GET /api/jobs/{id} and as
 * Server-Sent Events.
 *
 * Kept in memory only: at most `keep` (default 50) finished jobs, each for at most `ttlMs`
 * (default 1 hour), the oldest dropped first; at most `maxPending` (default 10) queued or running,
 * past which a new job is a 503. A restart forgets them all.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { ConflictError, NotFoundError, PalveluverkkoError, show } from "../../engine/index.ts";
import { HttpError, problemStatus } from "./problems.ts";
import { JobThreads } from "./job-threads.ts";
import { jobSteps, type JobRequest } from "./job-routes.ts";
import type { Reply } from "./routes.ts";
import type { Study } from "../../study/index.ts";

type JobStatus = "queued" | "running" | "done" | "failed";
export type JobKind = "report" | "compare";
/** One step of a job's work; what the last one returns is the job's result. */
export type Step = () => unknown;

/** A job's work: how many steps it reports, and the run that reports them and gives the reply. */
export interface JobWork {
  readonly total: number;
  run(progress: (done: number) => void): Promise<Reply>;
}

/** Work of these steps on the server thread, each in its own turn of the event loop. */
export function inThread(steps: readonly Step[]): JobWork {
  return {
    total: steps.length,
    async run(progress) {
      let last: unknown;
      for (let i = 0; i < steps.length; i++) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        last = await steps[i]();
        if (i < steps.length - 1) progress(i + 1);
      }
      return last as Reply;
    },
  };
}

export interface JobsOptions {
  keep?: number;
  ttlMs?: number;
  maxPending?: number;
  log?: (line: string) => void;
  /** Where the work runs: a worker thread per workspace (default), or the server thread between requests. */
  threads?: "worker" | "server";
  /** Start the workspace's worker with the app (createApp), not with the first job: loading it takes seconds. */
  eager?: boolean;
}

interface JobEvent {
  readonly event: "progress" | "done" | "failed";
  readonly data: unknown;
}

interface Job {
  readonly id: string;
  readonly kind: JobKind;
  status: JobStatus;
  readonly createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  done: number;
  readonly total: number;
  readonly work: JobWork;
  result: Reply | null;
  error: unknown;
  readonly listeners: Set<(e: JobEvent) => void>;
}

export class Jobs {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private readonly keep: number;
  private readonly ttlMs: number;
  /** Most jobs queued or running at once. */
  readonly maxPending: number;
  private readonly log: (line: string) => void;
  private readonly threads: JobThreads | null;

  constructor(options: JobsOptions = {}) {
    this.keep = options.keep ?? 50;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxPending = options.maxPending ?? 10;
    this.log = options.log ?? ((line) => process.stderr.write(line + "\n"));
    this.threads = options.threads === "server" ? null : new JobThreads();
  }

  /** Queues a checked request's work on the workspace (in its worker unless threads is "server"). */
  request(ws: Study, request: JobRequest): Job {
    const steps = jobSteps(ws, request);
    return this.submit(request.kind, this.threads ? this.threads.work(ws, request, steps.length) : inThread(steps));
  }

  /** Starts the workspace's worker now (nothing to do on the server thread). */
  prepare(ws: Study): void {
    this.threads?.prepare(ws);
  }

  /** Stops the workers; a job in flight fails. */
  close(): Promise<void> {
    return this.threads?.close() ?? Promise.resolve();
  }

  /** Queues a job of this work; 503 when too many are waiting. */
  submit(kind: JobKind, work: JobWork): Job {
    this.prune();
    const pending = this.queue.length + (this.running ? 1 : 0);
    if (pending >= this.maxPending) throw new HttpError(503, "busy", `${pending} jobs are queued or running; at most ${this.maxPending}: try again later`, "jobs", pending, { "Retry-After": "10" });
    const job: Job = { id: randomUUID(), kind, status: "queued", createdAt: new Date(), startedAt: null, finishedAt: null, done: 0, total: work.total, work, result: null, error: null, listeners: new Set() };
    this.jobs.set(job.id, job);
    this.queue.push(job);
    if (!this.running) setImmediate(() => this.next());
    return job;
  }

  /** A job by id; 404 naming `id` when there is none (or it was dropped). */
  get(id: string): Job {
    this.prune();
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`no job ${show(id)} (finished jobs are kept for ${Math.round(this.ttlMs / 60_000)} min, at most ${this.keep})`, "id", id);
    return job;
  }

  /** The job's reply once it is done (its error once it fails): a direct route waits on this. */
  settled(job: Job): Promise<Reply> {
    const final = (): Reply => {
      if (job.status === "failed") throw job.error;
      return job.result!;
    };
    if (job.status === "done" || job.status === "failed") return Promise.resolve().then(final);
    return new Promise((resolve, reject) => {
      const listener = (e: JobEvent) => {
        if (e.event === "progress") return;
        job.listeners.delete(listener);
        try {
          resolve(final());
        } catch (err) {
          reject(err);
        }
      };
      job.listeners.add(listener);
    });
  }

  /** A job's state as the API shows it. */
  view(job: Job) {
    return {
      id: job.id,
      kind: job.kind,
      status: job.status,
      progress: { done: job.done, total: job.total },
      created_at: job.createdAt.toISOString(),
      started_at: job.startedAt?.toISOString() ?? null,
      finished_at: job.finishedAt?.toISOString() ?? null,
      result: job.status === "done" ? `/api/jobs/${job.id}/result` : null,
      error: job.status === "failed" ? errorView(job.error) : null,
    };
  }

  /** The finished job's reply; a failed job's error (the same problem the direct route gives); 409 while it runs. */
  result(id: string): Reply {
    const job = this.get(id);
    if (job.status === "failed") throw job.error;
    if (job.status !== "done" || !job.result) throw new ConflictError(`job ${id} is ${job.status} (${job.done}/${job.total}); its result is not ready`, "id", id);
    return job.result;
  }

  /** Server-Sent Events of a job: progress now and at every step, then done or failed, then the end. */
  stream(id: string): (res: ServerResponse) => void {
    const job = this.get(id);
    return (res) => {
      res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive" });
      const send = (e: JobEvent) => res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
      send({ event: "progress", data: { done: job.done, total: job.total } });
      const final = finalEvent(job);
      if (final) {
        send(final);
        res.end();
        return;
      }
      const listener = (e: JobEvent) => {
        send(e);
        if (e.event !== "progress") {
          job.listeners.delete(listener);
          res.end();
        }
      };
      job.listeners.add(listener);
      res.on("close", () => job.listeners.delete(listener));
    };
  }

  private emit(job: Job, e: JobEvent): void {
    for (const l of [...job.listeners]) l(e);
  }

  /** Runs the next queued job, reporting its steps as they are done. */
  private next(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    job.status = "running";
    job.startedAt = new Date();
    const progress = (done: number) => {
      job.done = done;
      this.emit(job, { event: "progress", data: { done, total: job.total } });
    };
    // A run that throws before its promise (a worker that cannot start) fails the job like one that rejects.
    Promise.resolve().then(() => job.work.run(progress)).then(
      (reply) => {
        progress(job.total);
        this.finish(job, reply, null);
      },
      (err: unknown) => this.finish(job, null, err),
    );
  }

  private finish(job: Job, result: Reply | null, error: unknown): void {
    job.finishedAt = new Date();
    job.status = error === null ? "done" : "failed";
    job.result = result;
    job.error = error;
    if (error !== null && problemStatus(error) === 500) this.log(`job ${job.id} (${job.kind}): internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    this.emit(job, finalEvent(job)!);
    job.listeners.clear();
    this.running = null;
    this.prune();
    setImmediate(() => this.next());
  }

  /** Drops finished jobs past their time, then the oldest past the count. */
  private prune(): void {
    const now = Date.now();
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null);
    for (const j of finished) if (now - j.finishedAt!.getTime() > this.ttlMs) this.jobs.delete(j.id);
    const left = finished.filter((j) => this.jobs.has(j.id)).sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
    for (const j of left.slice(0, Math.max(0, left.length - this.keep))) this.jobs.delete(j.id);
  }
}

function finalEvent(job: Job): JobEvent | null {
  if (job.status === "done") return { event: "done", data: { id: job.id, result: `/api/jobs/${job.id}/result` } };
  if (job.status === "failed") return { event: "failed", data: errorView(job.error) };
  return null;
}

/** A failed job's error as a problem's fields; an internal error says nothing of the inside. */
function errorView(err: unknown) {
  const status = problemStatus(err);
  if (status === 500 || !(err instanceof PalveluverkkoError)) return { status, detail: "The job failed. The error has been logged.", code: null, field: null };
  return { status, detail: err.message, code: err.code, field: err.field ?? null };
}
