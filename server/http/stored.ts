/**
 * Stored scenarios over HTTP: what the routes in routes.ts's "stored scenarios" block do. A scenario
 * is checked against the workspace's base set before it is saved (an unknown point id is refused at
 * creation, not at the first run), and runs through Study.runScenario like an unsaved one.
 * The workspace knows nothing of the store: this file joins the two.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { toScenarioChange } from "../../data/scenario-file.ts";
import type { ChangeJson, ScenarioSummary, Store, StoredScenario } from "../../data/store/index.ts";
import { applyChanges, ConflictError, InvalidInputError, show } from "../../engine/index.ts";
import { checkNewLocations, checkPer, scenarioView, type Study } from "../../study/index.ts";
import { HttpError } from "./problems.ts";
import type { Reply, RouteContext } from "./routes.ts";
import type * as S from "./schemas.ts";
import * as V from "./views.ts";

type Per = "municipality" | "unit";
type CreateBody = z.output<typeof S.storedScenarioCreateBody>;
type UpdateBody = z.output<typeof S.storedScenarioUpdateBody>;

/** Ids that would read as another route's path (/api/scenarios/run), refused at creation. */
const RESERVED_IDS = new Set(["run"]);

/** The app's store; a 503 when it was started without one. */
export function requireStore(ctx: RouteContext): Store {
  if (ctx.store) return ctx.store;
  throw new HttpError(503, "no-store", "this server keeps no scenarios: start it with --data-dir (PGlite) or DATABASE_URL (PostgreSQL)", "store", null);
}

/** Whether this workspace can run a stored scenario: the same region and base set. */
export function runnable(ws: Study, s: { region: string; base: string }): boolean {
  return s.region === ws.region.id && s.base === ws.inputs.services.id;
}

function storedView(ws: Study, s: StoredScenario): z.output<typeof S.storedScenario> {
  return { id: s.id, name: s.name, region: s.region, base: s.base, changes: s.changes, created_at: s.createdAt, updated_at: s.updatedAt, runnable: runnable(ws, s) };
}

function summaryView(ws: Study, s: ScenarioSummary): z.output<typeof S.storedScenarioList>["scenarios"][number] {
  return { id: s.id, name: s.name, region: s.region, base: s.base, changes: s.changes, created_at: s.createdAt, updated_at: s.updatedAt, runnable: runnable(ws, s) };
}

/**
 * Refuses changes the workspace could not run: a point id it does not have (404 naming
 * `changes[i].id`), an added id it has, or more new locations than one run may search.
 */
function checkChanges(ws: Study, changes: readonly ChangeJson[]): void {
  checkNewLocations(ws, applyChanges(ws.inputs.services.points, changes.map(toScenarioChange)));
}

/** Region and base, when the body names them, must be the workspace's: a scenario is checked against the set it will run on. */
function checkBase(ws: Study, body: { region?: string; base?: string }): void {
  if (body.region !== undefined && body.region !== ws.region.id) throw new InvalidInputError(`region ${show(body.region)}: this server serves ${ws.region.id}`, "region", body.region);
  const set = ws.inputs.services.id;
  if (body.base !== undefined && body.base !== set) throw new InvalidInputError(`base ${show(body.base)}: this server's service set is ${show(set)}`, "base", body.base);
}

/** Saves the workspace's base set once per store, so scenarios can refer to it (and it can be read back). */
const savedSets = new WeakMap<Store, WeakMap<Study, Promise<unknown>>>();
async function saveBaseSet(store: Store, ws: Study): Promise<void> {
  let perWs = savedSets.get(store);
  if (!perWs) savedSets.set(store, (perWs = new WeakMap()));
  let saving = perWs.get(ws);
  if (!saving) {
    saving = store.saveServiceSet(ws.inputs.services);
    perWs.set(ws, saving);
    saving.catch(() => perWs.delete(ws)); // a failed save is tried again next time
  }
  await saving;
}

/** POST /api/scenarios: 201 with the stored scenario and its Location. */
export async function createStored(ws: Study, store: Store, body: CreateBody): Promise<Reply> {
  checkBase(ws, body);
  if (body.id !== undefined && RESERVED_IDS.has(body.id)) throw new InvalidInputError(`id ${show(body.id)} is reserved (it names a route)`, "id", body.id);
  checkChanges(ws, body.changes);
  await saveBaseSet(store, ws);
  const stored = await store.createScenario({ id: body.id ?? randomUUID(), name: body.name, region: ws.region.id, base: ws.inputs.services.id, changes: body.changes });
  return { status: 201, headers: { Location: `/api/scenarios/${encodeURIComponent(stored.id)}` }, body: storedView(ws, stored) };
}

/** GET /api/scenarios: every stored scenario, or one region's, oldest first. */
export async function listStored(ws: Study, store: Store, region: string | undefined): Promise<Reply> {
  const list = await store.listScenarios(region === undefined ? {} : { region });
  return { body: { scenarios: list.map((s) => summaryView(ws, s)) } };
}

/** GET /api/scenarios/{id}. */
export async function getStored(ws: Study, store: Store, id: string): Promise<Reply> {
  return { body: storedView(ws, await store.getScenario(id)) };
}

/** PUT /api/scenarios/{id}: new name and changes, checked like a new scenario's. */
export async function updateStored(ws: Study, store: Store, id: string, body: UpdateBody): Promise<Reply> {
  const s = await runnableScenario(ws, store, id);
  checkBase(ws, body);
  checkChanges(ws, body.changes);
  return { body: storedView(ws, await store.updateScenario(s.id, { name: body.name, changes: body.changes })) };
}

/** DELETE /api/scenarios/{id}: 204. */
export async function deleteStored(store: Store, id: string): Promise<Reply> {
  await store.deleteScenario(id);
  return { status: 204, body: undefined };
}

/** A stored scenario this workspace can run; 409 when it belongs to another region or base set. */
async function runnableScenario(ws: Study, store: Store, id: string): Promise<StoredScenario> {
  const s = await store.getScenario(id);
  if (!runnable(ws, s)) {
    throw new ConflictError(`scenario ${show(id)} changes the ${s.region} set ${show(s.base)}; this server serves the ${ws.region.id} set ${show(ws.inputs.services.id)}`, "id", id);
  }
  return s;
}

/** POST /api/scenarios/{id}/run: figures and diff against the base, as POST /api/scenarios/run gives them. */
export async function runStored(ws: Study, store: Store, id: string, per: Per, thresholds: readonly number[]): Promise<Reply> {
  checkPer(ws, per);
  const s = await runnableScenario(ws, store, id);
  const changes = s.changes.map(toScenarioChange);
  const view = scenarioView(ws, ws.runScenario(changes, thresholds), per);
  return { body: { scenario: { id: s.id, name: s.name, updated_at: s.updatedAt }, ...view } };
}

/** GET /api/scenarios/{id}/diff: only the band crossings, for a client that has the base figures. */
export async function diffStored(ws: Study, store: Store, id: string, per: Per, thresholds: readonly number[]): Promise<Reply> {
  const { body } = await runStored(ws, store, id, per, thresholds);
  const { figures: _f, isochrones: _i, ...rest } = body as z.output<typeof S.storedScenarioRun>;
  return { body: rest };
}
