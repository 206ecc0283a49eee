// One study layer, one set of figures: for the same inputs, `palveluverkko levels --format json`,
// GET /api/accessibility and the figures of the XLSX report (the CLI's `report` and the API's
// /api/report) are the same numbers with the same notes. Checked on the real central Helsinki
// extract with the HSY 250 m grid, and on the real Tampere extract with Sotkanet's 2022 municipal
// totals spread over the roads. The XLSX is read back by SheetJS, by the Finnish labels a planner
// sees, not by the code that wrote it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { Study, type StudyOptions } from "../../study/index.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { call, startApi, type Api } from "../fixtures/http.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const LEVELS = ["L", "A", "E"] as const;
const LEVEL_NAMES = { "L (lähipalvelu)": "L", "A (alueellinen palvelu)": "A", "E (erityistason palvelu)": "E" } as Record<string, (typeof LEVELS)[number]>;

interface Setup {
  name: string;
  osm: string;
  /** CLI arguments for the study's inputs, and the same as Study.open options. */
  args: string[];
  options: Omit<StudyOptions, "region">;
  thresholds: string;
}

const SETUPS: Setup[] = [
  {
    name: "central Helsinki, HSY grid",
    osm: sharedData("osm/helsinki-centre.osm.pbf"),
    args: ["--services", join(EXAMPLES, "helsinki-centre-services.csv"), "--population", sharedData("population/hsy_population_grid_2021_250m.gpkg"), "--municipalities", sharedData("municipalities/statfi_municipalities_2023.gpkg"), "--grouping", "none"],
    options: { services: join(EXAMPLES, "helsinki-centre-services.csv"), population: sharedData("population/hsy_population_grid_2021_250m.gpkg"), municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"), grouping: null },
    thresholds: "5,10,15",
  },
  {
    name: "Tampere, Sotkanet municipal totals",
    osm: sharedData("osm/tampere.osm.pbf"),
    args: ["--services", join(EXAMPLES, "tampere-services.csv"), "--totals", sharedData("municipalities/geofi_sotkadata_population.csv"), "--municipalities", sharedData("municipalities/statfi_municipalities_2023.gpkg"), "--grouping", "none"],
    options: { services: join(EXAMPLES, "tampere-services.csv"), totals: sharedData("municipalities/geofi_sotkadata_population.csv"), municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"), grouping: null },
    thresholds: "10,20,30",
  },
];

/** A row of the XLSX's Kunnat sheet as numbers by the Finnish column labels; minutes rounded to a tenth as the JSON has them. */
function xlsxFigures(bytes: Buffer, thresholds: number[]) {
  const wb = XLSX.read(bytes, { type: "buffer" });
  const rows = XLSX.utils.sheet_to_json<Record<string, string | number | null>>(wb.Sheets.Kunnat, { defval: null });
  const min = (v: string | number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  const bandLabels = [...thresholds.map((t, k) => `Asukkaita ${k === 0 ? 0 : thresholds[k - 1]}–${t} min`), `Asukkaita yli ${thresholds[thresholds.length - 1]} min`];
  const figures = rows.map((r) => ({
    level: LEVEL_NAMES[String(r["Taso"])],
    id: r["Kuntanumero"] === null ? "all" : String(r["Kuntanumero"]),
    population: r["Asukkaat"],
    reached: r[`Enintään ${thresholds[thresholds.length - 1]} min`],
    beyond: r[`Yli ${thresholds[thresholds.length - 1]} min tai ei tietä`],
    mean_min: min(r["Keskiarvo (min)"]),
    median_min: min(r["Mediaani (min)"]),
    p90_min: min(r["90 %:lla enintään (min)"]),
    max_min: min(r["Pisin (min)"]),
    centre_min: min(r["Kuntakeskuksesta (min)"]),
    coverage:
      r["Kuntanumero"] === null
        ? null
        : { inside_pct: min(r["Maa-alasta otteen sisällä (%)"]), land_pct: min(r["Maa-alasta tieverkon palvelemaa (%)"]), people_pct: min(r["Asukkaista tieverkon palvelemalla alueella (%)"]), partial: r["Osittain otteen ulkopuolella"] === "kyllä" },
    bands: bandLabels.map((b) => r[b]),
  }));
  const notes = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets.Huomautukset, { defval: null }).map((r) => ({ code: r["Koodi"], text: r["Huomautus"] }));
  return { figures, notes };
}

/** The JSON's rows in the XLSX's shape: per level, each municipality then "all". */
function jsonFigures(json: { levels: Record<string, { id: string; bands: { people: number }[] }[]> }) {
  return LEVELS.flatMap((level) =>
    json.levels[level].map(({ bands, ...r }) => {
      const { name: _name, ...rest } = r as typeof r & { name: string };
      return { level, ...rest, bands: bands.map((b) => b.people) };
    }),
  );
}

describe.each(SETUPS)("the same figures and notes from the CLI, the API and the XLSX report: $name", (setup) => {
  let api: Api;
  let cliJson: { levels: Record<string, { id: string; bands: { people: number }[] }[]>; notes: { code: string; text: { fi: string } }[] };
  const thresholds = setup.thresholds.split(",").map(Number);

  beforeAll(async () => {
    const [levels, report, study] = await Promise.all([
      cli("levels", "--osm", setup.osm, ...setup.args, "--thresholds", setup.thresholds, "--format", "json", "-q"),
      cli("report", "--osm", setup.osm, ...setup.args, "--thresholds", setup.thresholds, "--format", "xlsx", "--lang", "fi", "--out", join(scratchDir(), `same-${setup.thresholds}.xlsx`), "-q"),
      Study.open({ roads: setup.osm, cacheDir: join(scratchDir(), "cache"), ...setup.options }),
    ]);
    expect(levels.code, levels.stderr).toBe(0);
    expect(report.code, report.stderr).toBe(0);
    cliJson = JSON.parse(levels.stdout);
    api = await startApi({ workspace: study, rateLimitPerMinute: 0 });
  }, 180_000);
  afterAll(() => api?.close());

  it("GET /api/accessibility answers the very JSON `levels --format json` writes, notes included", async () => {
    const a = await call(api, `/api/accessibility?thresholds=${setup.thresholds}`);
    expect(a.status, a.text).toBe(200);
    expect(a.body).toEqual(cliJson);
    expect(cliJson.notes.length).toBeGreaterThan(0);
  });

  it("the CLI's XLSX report holds the same figures and the same notes", () => {
    const x = xlsxFigures(readFileSync(join(scratchDir(), `same-${setup.thresholds}.xlsx`)), thresholds);
    expect(x.figures.length).toBeGreaterThanOrEqual(6); // a municipality and "all" per level, at least
    expect(x.figures).toEqual(jsonFigures(cliJson));
    expect(x.notes).toEqual(cliJson.notes.map((n) => ({ code: n.code, text: n.text.fi })));
  });

  it("the API's XLSX report holds the same figures and the same notes", async () => {
    const res = await fetch(`${api.base}/api/report?format=xlsx&lang=fi&thresholds=${setup.thresholds}`);
    expect(res.status).toBe(200);
    const x = xlsxFigures(Buffer.from(await res.arrayBuffer()), thresholds);
    expect(x.figures).toEqual(jsonFigures(cliJson));
    expect(x.notes).toEqual(cliJson.notes.map((n) => ({ code: n.code, text: n.text.fi })));
  });
});
