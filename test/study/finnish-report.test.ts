// A Finnish report a board can read: a scenario on the real central Helsinki extract (the web
// app's unsaved one, through POST /api/report, and a named one, through `palveluverkko report
// --scenario`), read back with pdftotext, holds no English word outside proper names and no
// internal id (service point ids, the set's id, note codes, the scenario's id).
//
// "English words" are every word of the project's English texts (the reports' labels, the shared
// terms, the notes) that none of its Finnish texts uses, plus common English words; proper names
// (the input files, the points, the municipality, OpenStreetMap…) are taken out of the text first.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL_KEYS, t } from "../../data/export/i18n.ts";
import { ALL_AREAS, LEVEL_NESTING, bandLabel, beyondLabel, changeText, countOf, levelName, unsavedScenarioName, upToLabel, type Lang } from "../../engine/terms.ts";
import { LEVELS } from "../../engine/services.ts";
import { CHANGE_OPS, type ScenarioChange } from "../../engine/scenario.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { call, openHelsinkiWorkspace, startApi, type Api } from "../fixtures/http.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { HAS_PDFTOTEXT, pdfText } from "../fixtures/report.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const SERVICES = join(EXAMPLES, "helsinki-centre-services.csv");
const CHANGES = [
  { op: "close", id: "kamppi" },
  { op: "add", point: { id: "toolo-uusi", name_fi: "Töölön terveysasema", name_sv: "Tölö hälsostation", municipality: "091", lon: 24.9238, lat: 60.1789, level: "L", open: true } },
];

/** Words of a text, lower-cased (letters only, so "E-pisteet" gives "e" and "pisteet"). */
const words = (text: string) => text.toLowerCase().match(/\p{L}+/gu) ?? [];

/** Every text of the project's tables in one language. */
function tables(lang: Lang, notes: string[]): string[] {
  const change = (op: ScenarioChange["op"]): ScenarioChange =>
    op === "add" ? { op, point: { id: "x", name: { fi: "Nimi", sv: "Namn" }, municipality: "091", lon: 25, lat: 60.2, level: "L", open: true } } : op === "relevel" ? { op, id: "x", level: "A" } : op === "move" ? { op, id: "x", lon: 25, lat: 60.2 } : op === "capacity" ? { op, id: "x", capacity: 12000 } : op === "languages" ? { op, id: "x", languages: ["sv"] } : { op, id: "x" };
  return [
    ...LABEL_KEYS.map((k) => t(lang, k)),
    ...LEVELS.map((l) => levelName(lang, l)),
    bandLabel(lang, [15, 30], 0), bandLabel(lang, [15, 30], 2), upToLabel(lang, 15), beyondLabel(lang, 180),
    ...(["change", "resident", "municipality", "unit", "servicePoint"] as const).flatMap((n) => [countOf(lang, 1, n), countOf(lang, 2, n)]),
    ...CHANGE_OPS.map((op) => changeText(lang, change(op), () => ({ fi: "Nimi", sv: "Namn" }))),
    unsavedScenarioName(lang, 2), ALL_AREAS[lang], LEVEL_NESTING[lang],
    ...notes,
  ];
}

/** Common English words a leak would carry, besides the project's own. */
const COMMON = ["the", "of", "and", "to", "in", "for", "with", "from", "by", "is", "are", "not", "or", "at", "on", "per", "all", "over", "within", "people", "residents", "service", "services", "point", "points", "change", "changes", "level", "levels", "note", "notes", "roads", "road", "generated", "unit", "units", "area", "areas", "municipality", "municipalities", "set", "scenario", "close", "closed", "open", "report", "mean", "minutes", "beyond", "left", "out", "far", "near", "time", "times", "travel"];

describe.skipIf(!HAS_PDFTOTEXT)("a Finnish scenario report of central Helsinki: Finnish only, names not ids", () => {
  let api: Api;
  let englishOnly: Set<string>;
  let ids: string[];
  let properNames: string[];

  beforeAll(async () => {
    const ws = await openHelsinkiWorkspace();
    api = await startApi({ workspace: ws, rateLimitPerMinute: 0 });
    const run = await call(api, "/api/scenarios/run", { body: { changes: CHANGES } });
    const base = await call(api, "/api/accessibility");
    const notes = [...run.body.notes, ...base.body.notes] as { code: string; text: Record<Lang, string> }[];
    const finnish = new Set(tables("fi", notes.map((n) => n.text.fi)).flatMap(words));
    englishOnly = new Set([...tables("en", notes.map((n) => n.text.en)).flatMap(words), ...COMMON].filter((w) => !finnish.has(w) && w.length > 1));
    ids = [...ws.inputs.services.points.map((p) => p.id), "toolo-uusi", ws.inputs.services.id, "kamppi-kiinni", ...notes.map((n) => n.code)];
    properNames = [
      ...ws.inputs.services.points.map((p) => p.name.fi), "Töölön terveysasema", ...ws.inputs.areas.map((a) => a.name),
      basename(SERVICES), "hsy_population_grid_2021_250m.gpkg", "statfi_municipalities_2023.gpkg", "OpenStreetMapin", "OpenStreetMap", "ODbL", "CC BY",
    ];
  }, 120_000);
  afterAll(() => api?.close());

  /** Checks a Finnish PDF's text: the English words and ids it holds (both lists must be empty). */
  function leaks(file: string): { english: string[]; ids: string[] } {
    let text = pdfText(file);
    // Names first, inflected forms before their base ("OpenStreetMapin tekijät").
    for (const name of properNames) text = text.split(name).join(" ");
    const english = [...new Set(words(text).filter((w) => englishOnly.has(w)))];
    const found = ids.filter((id) => new RegExp(`(^|[^\\p{L}\\d_-])${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\d_-])`, "u").test(text));
    return { english, ids: found };
  }

  it("the vocabulary it checks against is real: the English report of the same scenario is full of it", async () => {
    const res = await fetch(`${api.base}/api/report`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ format: "pdf", lang: "en", changes: CHANGES }) });
    const file = join(scratchDir(), "finnish-check-en.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(leaks(file).english.length).toBeGreaterThan(40);
  });

  it("the web app's unsaved scenario (POST /api/report): no English word, no id; named by its changes, points by their names", async () => {
    const res = await fetch(`${api.base}/api/report`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ format: "pdf", lang: "fi", changes: CHANGES }) });
    expect(res.status).toBe(200);
    const file = join(scratchDir(), "finnish-check-api.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = pdfText(file);
    for (const w of ["Skenaario: 2 muutosta palveluverkkoon", "Suljetaan: Kampin terveysasema", "Uusi palvelupiste, taso L: Töölön terveysasema", "Huomautukset"]) expect(text).toContain(w);
    expect(leaks(file)).toEqual({ english: [], ids: [] });
  });

  it("a named scenario file through the CLI: no English word, no id", async () => {
    const scenario = join(scratchDir(), "kamppi-kiinni.json");
    writeFileSync(scenario, JSON.stringify({ id: "kamppi-kiinni", name: "Kampin asema kiinni", region: "uusimaa", services: SERVICES, changes: CHANGES }));
    const file = join(scratchDir(), "finnish-check-cli.pdf");
    const r = await cli("report", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--scenario", scenario, "--population", sharedData("population/hsy_population_grid_2021_250m.gpkg"),
      "--municipalities", sharedData("municipalities/statfi_municipalities_2023.gpkg"), "--grouping", "none", "--format", "pdf", "--lang", "fi", "--out", file, "-q");
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdfText(file)).toContain("Skenaario: Kampin asema kiinni");
    expect(leaks(file)).toEqual({ english: [], ids: [] });
  });
});
