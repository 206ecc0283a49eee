// Worker entry: workers start without the main thread's TypeScript loader, so register tsx here
// (resolved from this file, inside the project) and then load the TypeScript module the worker
// was started for (workerData.entry, a file URL; see startWorker in data/worker.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
