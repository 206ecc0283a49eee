/**
 * A surface worker: the graph, the cell links and the surfaces' parts (the core view and the cell
 * index, built once by the pool) arrive once as shared memory (no copy), then each job is a list of
 * snapped targets; the reply is the surface, its buffer transferred.
 */
import { parentPort, workerData } from "node:worker_threads";
import { deserializeGraph, CoreSearch, adoptSurfaceParts, travelTimeSurface, type Links, type SurfaceParts, type SurfaceTarget } from "../engine/index.ts";
import { fromShared } from "./shared-arrays.ts";

interface Init {
  graph: SharedArrayBuffer;
  /** Links and parts as toShared made them. */
  links: unknown;
  parts: unknown;
  profile: string;
  direction: "to" | "from";
  cutoffDs: number;
}

const init = workerData as Init;
const { graph } = deserializeGraph(new Uint8Array(init.graph), { verify: false });
const links = fromShared<Links>(init.links);
const parts = fromShared<SurfaceParts>(init.parts);
adoptSurfaceParts(links, parts, init.direction);
const search = new CoreSearch(parts.view);

parentPort!.on("message", (job: { id: number; targets: SurfaceTarget[] }) => {
  const surface = travelTimeSurface(graph, links, job.targets, { profile: init.profile, direction: init.direction, cutoffDs: init.cutoffDs, search });
  parentPort!.postMessage({ id: job.id, surface }, [surface.buffer as ArrayBuffer]);
});
parentPort!.postMessage({ ready: true });
