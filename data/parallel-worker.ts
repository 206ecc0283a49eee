/**
 * A surface worker: the graph and the cell links arrive once as shared memory (no copy), then
 * each job is a list of snapped targets; the reply is the surface, its buffer transferred.
 */
import { parentPort, workerData } from "node:worker_threads";
import { deserializeGraph, CoreSearch, coreView, travelTimeSurface, type Links, type SurfaceTarget } from "../engine/index.ts";

interface Init {
  graph: SharedArrayBuffer;
  links: { edge: SharedArrayBuffer; twin: SharedArrayBuffer; t: SharedArrayBuffer; connectorDs: SharedArrayBuffer };
  profile: string;
  direction: "to" | "from";
  cutoffDs: number;
}

const init = workerData as Init;
const { graph } = deserializeGraph(new Uint8Array(init.graph), { verify: false });
const links: Links = {
  edge: new Int32Array(init.links.edge),
  twin: new Int32Array(init.links.twin),
  t: new Float32Array(init.links.t),
  connectorDs: new Uint32Array(init.links.connectorDs),
};
const search = new CoreSearch(coreView(graph, init.profile, init.direction === "to" ? "reverse" : "forward"));

parentPort!.on("message", (job: { id: number; targets: SurfaceTarget[] }) => {
  const surface = travelTimeSurface(graph, links, job.targets, { profile: init.profile, direction: init.direction, cutoffDs: init.cutoffDs, search });
  parentPort!.postMessage({ id: job.id, surface }, [surface.buffer as ArrayBuffer]);
});
parentPort!.postMessage({ ready: true });
