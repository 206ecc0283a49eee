/**
 * What a click on the map off the service points shows: the grid cell there, its municipality and
 * people, and the minutes by car to the nearest L, A and E service (with a scenario, the scenario's
 * beside the base's). The figures are the server's (POST /api/cells/at); this only lays them out.
 * With a service type or language chosen, one more row: its minutes from the time grid the page holds.
 * With door to door asked (a car profile's), two more columns: per level the drive to the nearest
 * point read door to door as the Helsinki Region Travel Time Matrix counts a car trip, and that
 * point; under the table the API's note on what door to door counts.
 */
import type { CellInfo } from "./api.ts";
import { h } from "./dom.ts";
import { LOCALE, levelLabel, t } from "./i18n.ts";
import { LEVELS, type Lang } from "./state.ts";

/** The minutes to the service type or in the language chosen, from the time grid the page holds (the API's cell gives L, A and E only). */
export interface ChosenMinutes {
  /** What they are to ("suun terveydenhuolto", "L (lähipalvelu) · ruotsi"). */
  readonly label: string;
  readonly minutes: number | null;
  /** The base's, with changes. */
  readonly base: number | null;
}

export function cellPopup(L: Lang, c: CellInfo, chosen: ChosenMinutes | null = null): HTMLElement {
  const people = new Intl.NumberFormat(LOCALE[L], { maximumFractionDigits: 0 });
  const minutes = new Intl.NumberFormat(LOCALE[L], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const min = (v: number | null) => (v === null ? t(L, "cellBeyond", { max: c.horizon_min }) : `${minutes.format(v)} min`);
  const scenario = c.base_minutes !== null;
  const doors = c.door_to_door;
  const col = (key: Parameters<typeof t>[1]) => h("th", { scope: "col" }, t(L, key));
  // Door to door: the minutes of the drive to the nearest point read door to door, and the point (none reached: a dash).
  const doorCells = (l: (typeof LEVELS)[number] | null) => {
    if (!doors) return null;
    const d = l === null ? null : doors[l];
    return [
      h("td", { "data-field": "door_to_door" }, d ? `${minutes.format(d.minutes)} min` : "–"),
      h("td", { "data-field": "nearest", class: "nearest", "data-point": d?.point.id ?? "" }, d ? d.point.name[L === "sv" ? "sv" : "fi"] : "–"),
    ];
  };
  return h("div", { class: "cell", "data-cell": c.cell },
    h("h3", {}, c.municipality ? c.municipality.name[L === "sv" ? "sv" : "fi"] : t(L, "cellNoMunicipality")),
    h("p", { class: "hint" }, t(L, "cellPeople", { people: people.format(c.population), size: c.cell_size_m })),
    h("table", {},
      h("thead", {}, h("tr", {}, col("level"), scenario ? [col("cellBase"), col("cellScenario")] : col("cellMinutes"), doors ? [col("cellDoorToDoor"), col("cellNearest")] : null)),
      h("tbody", {}, LEVELS.map((l) => h("tr", { "data-level": l },
        h("th", { scope: "row" }, levelLabel(L, l)),
        scenario ? h("td", { "data-field": "base" }, min(c.base_minutes![l])) : null,
        h("td", { "data-field": "minutes" }, min(c.minutes[l])),
        doorCells(l))),
        chosen ? h("tr", { "data-level": "chosen" },
          h("th", { scope: "row" }, chosen.label),
          scenario ? h("td", { "data-field": "base" }, min(chosen.base)) : null,
          h("td", { "data-field": "minutes" }, min(chosen.minutes)),
          doorCells(null)) : null)),
    (c.notes ?? []).map((n) => h("p", { class: `hint note note-${n.severity}`, "data-code": n.code }, n.text[L])));
}
