/**
 * The panel's figures section as a view of the app's state: the figures of the level or service
 * type chosen (and of a language's speakers), base or scenario, with their notes.
 */
import type { Note } from "./api.ts";
import { app, data, shownFigures } from "./app-state.ts";
import { h } from "./dom.ts";
import { languageName, levelLabel, t } from "./i18n.ts";
import { figuresTable, notesList } from "./panel.ts";
import type { Lang } from "./state.ts";

/** What the bands and figures are of: the level or type chosen, and the language of service ("L (lähipalvelu) · ruotsi"). */
export function shownName(L: Lang): string {
  const type = app.serviceTypes.find((x) => x.id === app.type);
  return [type ? type.name[L] : levelLabel(L, app.level), ...(app.language ? [languageName(L, app.language)] : [])].join(" · ");
}

/** The figures of the level or type (and a language's speakers) chosen, base or scenario, with their notes. */
export function figuresSection(L: Lang, within: readonly number[], notes: readonly Note[]): HTMLElement {
  const shown = shownFigures(app.base, app.run);
  return h("section", { class: "figures-section" }, h("h2", {}, `${t(L, "figures")} · ${shownName(L)}`),
    shown?.scenario ? h("p", { class: "hint" }, t(L, "figuresNote")) : null,
    shown?.baseOnly ? h("p", { class: "hint", id: "figures-base-only" }, t(L, "typeScenarioBase")) : null,
    shown ? h("div", { class: "table-wrap" }, figuresTable(L, app.type ?? app.level, within, shown.base, shown.scenario, data.municipalities)) : null,
    notes.length > 0 ? notesList(L, notes) : null);
}
