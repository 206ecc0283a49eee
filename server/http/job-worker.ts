/**
 * The job worker (started by job-threads.ts): rebuilds the server's workspace from its parts,
 * then runs each job request it is sent, step by step, posting progress after each step and the
 * reply or the error at the end.
 */
import { parentPort, workerData } from "node:worker_threads";
import { deserializeGraph, SnapIndex } from "../../engine/index.ts";
import { Study } from "../../study/index.ts";
import { jobSteps, type JobRequest } from "./job-routes.ts";
import { errorFields, type JobWorkerInit, type WorkerMessage } from "./job-threads.ts";
import type { Reply } from "./routes.ts";

const { init } = workerData as { init: JobWorkerInit };
// The server checked the graph when it loaded it; this is the same bytes, read in place.
const { graph, meta } = deserializeGraph(new Uint8Array(init.graph), { verify: false });
const ws = new Study({ ...init.parts, graph, meta, snapIndex: new SnapIndex(graph) });
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

parentPort!.on("message", async (request: JobRequest) => {
  try {
    const steps = jobSteps(ws, request);
    let last: unknown;
    for (let i = 0; i < steps.length; i++) {
      last = await steps[i]();
      if (i < steps.length - 1) post({ type: "progress", done: i + 1, total: steps.length });
    }
    const { stream: _stream, ...reply } = last as Reply;
    post({ type: "done", reply });
  } catch (err) {
    post({ type: "failed", error: errorFields(err) });
  }
});
