/**
 * The map's load layer as the state asks: off, or each point's catchment (the people whose nearest
 * point it is) and load against capacity for the chosen level or type, the scenario's with
 * changes (GET/POST /api/loads), asked again only when the profile, service or changes differ from
 * those shown; drawn at the points' places (a moved point where it now is).
 */
import { api } from "./api.ts";
import { allPoints, app, loadsKey, loadsService } from "./app-state.ts";
import { LOCALE, t } from "./i18n.ts";
import type { PlannerMap } from "./map.ts";

export class LoadLayer {
  private request: AbortController | null = null;

  constructor(
    private readonly map: PlannerMap,
    /** Says a failed request in the status line. */
    private readonly fail: (err: unknown) => void,
  ) {}

  /** Draws the layer the state asks for, after asking for its loads when they are not the ones shown. */
  async draw(): Promise<void> {
    if (!app.loads) return this.map.setLoads(null);
    const key = loadsKey();
    if (app.loadsShown?.key !== key) {
      this.request?.abort();
      const controller = (this.request = new AbortController());
      try {
        const reply = await api.loads(loadsService(), app.history.present, controller.signal);
        if (controller.signal.aborted || key !== loadsKey()) return;
        app.loadsShown = { key, reply };
      } catch (err) {
        if (!controller.signal.aborted) this.fail(err);
        return;
      }
    }
    if (!app.loads) return this.map.setLoads(null);
    const { reply } = app.loadsShown!;
    const at = new Map(allPoints().map((p) => [p.id, p]));
    const nf = new Intl.NumberFormat(LOCALE[app.lang], { maximumFractionDigits: 0 });
    this.map.setLoads((reply.scenario ?? reply.base).points.flatMap((p) => {
      const place = at.get(p.id);
      const label = `${nf.format(p.catchment_people)} ${t(app.lang, "peopleShort")}${p.load_pct === null ? "" : ` · ${nf.format(p.load_pct)} %`}`;
      return place ? [{ id: p.id, lon: place.lon, lat: place.lat, people: p.catchment_people, loadPct: p.load_pct, label }] : [];
    }));
  }
}
