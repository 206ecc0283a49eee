// Worker entry: workers start without the main thread's TypeScript loader, so register tsx here
// (resolved from this file, inside the project) and then load the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./parallel-worker.ts");
