/**
 * The stored scenarios the panel lists: listing them when the section is first opened, saving the
 * planner's changes under a name, loading one (its changes replace the planner's, as one undoable
 * step) and deleting one. The list lives in the app's state (app.saved); requests go through api.ts.
 */
import { api, ApiError } from "./api.ts";
import { app } from "./app-state.ts";
import type { Change } from "./state.ts";

/** What the saved scenarios need of main.ts. */
interface SavedContext {
  rerender(): void;
  fail(err: unknown): void;
  /** A loaded scenario's changes, as the planner's new change list. */
  useChanges(changes: Change[]): void;
}

/** The saved scenarios' section handlers (panel.ts savedScenarios), and `load` for the stored list. */
export function savedScenarioHandlers(ctx: SavedContext) {
  async function load(): Promise<void> {
    try {
      const [health, saved] = await Promise.all([api.health(), api.scenarios()]);
      app.saved.readOnly = health.read_only;
      app.saved.list = saved.scenarios;
    } catch (err) {
      if (err instanceof ApiError && err.status === 503) app.saved.list = "none";
      else ctx.fail(err);
    }
    ctx.rerender();
  }

  async function act(action: () => Promise<void>): Promise<void> {
    app.saved.busy = true;
    ctx.rerender();
    try {
      await action();
      await load();
    } catch (err) {
      ctx.fail(err);
    } finally {
      app.saved.busy = false;
      ctx.rerender();
    }
  }

  let listing = false;
  return {
    open: (v: boolean) => {
      if (app.saved.open === v) return;
      app.saved.open = v;
      if (v && app.saved.list === null && !listing) {
        listing = true;
        void load().finally(() => (listing = false));
      }
    },
    name: (v: string) => void (app.saved.name = v),
    save: () =>
      void act(async () => {
        await api.saveScenario(app.saved.name.trim(), app.history.present);
        app.saved.name = "";
      }),
    /** Loading replaces the change list, as one undoable step. */
    load: (id: string) =>
      void act(async () => {
        const s = await api.scenario(id);
        ctx.useChanges(s.changes.map((c): Change => (c.op === "add" ? { op: "add", point: { id: c.point.id, name_fi: c.point.name_fi, municipality: c.point.municipality, lon: c.point.lon, lat: c.point.lat, level: c.point.level } } : c)));
      }),
    remove: (id: string) =>
      void act(async () => {
        await api.deleteScenario(id);
      }),
  };
}
