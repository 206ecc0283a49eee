// A grouping comparison report with figures per service type and per language group, on the real
// Tampere roads with the Tampere region file of docs/examples (its grouping "Tampere and its
// neighbours", and a three-unit grouping written here), the example capacities' service set, and
// a SELF-MADE languages file (illustrative shares; no table of speakers ships with the project).
// A type's comparison must be the comparison of just the points offering it: `compare` on a file
// of those points (as L points) gives every unit's figures and every equality measure exactly.
// The written XLSX (SheetJS) and PDF (pdftotext) carry them.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as XLSX from "xlsx";
import { DEFAULT_CATALOGUE, offersType, type ServicePoint } from "../../engine/index.ts";
import { readServicePoints } from "../../data/services/index.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { TAMPERE_INPUTS } from "../fixtures/http.ts";
import { HAS_PDFTOTEXT, pdfText } from "../fixtures/report.ts";

const dir = scratchDir();
const file = (name: string) => join(dir, `comparison-groups-${process.pid}-${name}`);
const SERVICES = join(EXAMPLES, "tampere-services-capacity.csv");
const OWN = file("kolme.json");
const LANGUAGES = file("languages-self-made.csv");
const DENTAL = file("dental-only.csv");
const STUDY = ["--osm", sharedData("osm/tampere.osm.pbf"), "--region", join(EXAMPLES, "tampereen-seutu.json"), "--totals", TAMPERE_INPUTS.totals, "--municipalities", TAMPERE_INPUTS.municipalities, "--groupings", "tampere-ja-kehys", "--grouping-file", OWN, "-q"];

type Row = Record<string, unknown>;
let sheets: Record<string, Row[]>;
let dental: { groupings: { id: string; units: Row[]; equality: Record<string, Row> }[] };

beforeAll(async () => {
  writeFileSync(OWN, JSON.stringify({
    id: "kolme", name: { fi: "Kolme aluetta", sv: "Tre områden", en: "Three units" }, region: "tampereen-seutu",
    units: [
      { id: "tampere", name: { fi: "Tampere", sv: "Tammerfors", en: "Tampere" }, municipalities: ["837"], hub: "837" },
      { id: "lansi", name: { fi: "Länsi", sv: "Väst", en: "West" }, municipalities: ["536", "980", "604"], hub: "604" },
      { id: "ita", name: { fi: "Itä ja etelä", sv: "Öst och syd", en: "East and south" }, municipalities: ["211", "418"], hub: "211" },
    ],
  }));
  writeFileSync(LANGUAGES, "code,total,fi,sv\n837,244000,230000,14000\n604,20000,19000,1000\n");
  // The points offering dental care (their own list, else their level's menu), as plain L points.
  const offering = (await readServicePoints(SERVICES)).filter((p: ServicePoint) => offersType(p, "dental-care", DEFAULT_CATALOGUE));
  writeFileSync(DENTAL, "id,name_fi,name_sv,municipality,lon,lat,level,open\n" + offering.map((p) => [p.id, p.name.fi, p.name.sv, p.municipality, p.lon, p.lat, "L", "true"].join(",")).join("\n") + "\n");
  const out = file("fi.xlsx");
  const [report, cmp] = await Promise.all([
    cli("report", ...STUDY, "--services", SERVICES, "--languages", LANGUAGES, "--language", "sv", "--types", "dental-care", "--format", "xlsx", "--lang", "fi", "--out", out),
    cli("compare", ...STUDY, "--services", DENTAL, "--format", "json"),
  ]);
  expect(report.code, report.stderr).toBe(0);
  expect(cmp.code, cmp.stderr).toBe(0);
  const wb = XLSX.read(readFileSync(out), { type: "buffer" });
  sheets = Object.fromEntries(wb.SheetNames.map((n) => [n, XLSX.utils.sheet_to_json<Row>(wb.Sheets[n])]));
  dental = JSON.parse(cmp.stdout);
  for (const lang of ["fi", "sv", "en"] as const) {
    const r = await cli("report", ...STUDY, "--services", SERVICES, "--languages", LANGUAGES, "--language", "sv", "--types", "dental-care", "--format", "pdf", "--lang", lang, "--out", file(`${lang}.pdf`));
    expect(r.code, r.stderr).toBe(0);
  }
}, 240_000);

describe("a comparison report per service type and language group (real Tampere, the Tampere region's groupings)", () => {
  it("gives a type exactly the comparison of the points offering it (`compare` on those points alone)", () => {
    const units = sheets["Aluejaot, palvelut ja kielet"].filter((r) => r["Palvelu"] === "suun terveydenhuolto" && r["Kieliryhmä"] === "kaikki");
    const equality = sheets["Tasa-arvo, palvelut ja kielet"].filter((r) => r["Palvelu"] === "suun terveydenhuolto" && r["Kieliryhmä"] === "kaikki");
    expect(new Set(units.map((r) => r["Aluejako"]))).toEqual(new Set(["Tampere ja kehyskunnat", "Kolme aluetta"]));
    const byGrouping = new Map(dental.groupings.map((g) => [g.id, g]));
    const names: Record<string, string> = { "Tampere ja kehyskunnat": "tampere-ja-kehys", "Kolme aluetta": "kolme" };
    for (const r of units) {
      if (r["Alueen tunnus"] === undefined) continue; // the all-units row
      const want = byGrouping.get(names[r["Aluejako"] as string])!.units.find((u) => u.id === r["Alueen tunnus"])! as Record<string, Record<string, Record<string, unknown>>>;
      const l = want.levels.L;
      expect([r["Asukkaat"], r["Keskiarvo, tieyhteydelliset (min)"], r["90 % enintään, tieyhteydelliset (min)"]].map((v) => (typeof v === "number" ? Math.round(v * 10) / 10 : (v ?? null))), `${r["Aluejako"]} ${r["Alueen tunnus"]}`)
        .toEqual([want.population, l.censored_mean_min, l.censored_p90_min]);
    }
    for (const e of equality) {
      const want = byGrouping.get(names[e["Aluejako"] as string])!.equality.L as Record<string, number>;
      expect(Math.round((e["Keskiarvojen suhde (suurin/pienin)"] as number) * 1000) / 1000).toBe(want.mean_ratio);
    }
    expect(units.length).toBe(2 + 1 + 3 + 1);
    expect(equality.length).toBe(2);
  });

  it("gives the language group's levels over its speakers: every unit of both groupings, the speakers on the grid in all", () => {
    const sv = sheets["Aluejaot, palvelut ja kielet"].filter((r) => r["Kieliryhmä"] === "sv" && r["Palvelu"] === "L (lähipalvelu)");
    expect(sv.length).toBe(2 + 1 + 3 + 1);
    const all = sv.filter((r) => r["Alueen tunnus"] === undefined);
    expect(all.length).toBe(2);
    // Both groupings' "all units" rows count the same speakers; Tampere's unit holds most of them.
    expect(new Set(all.map((r) => r["Asukkaat"])).size).toBe(1);
    const tampere = sv.filter((r) => r["Alueen tunnus"] === "tampere").map((r) => r["Asukkaat"] as number);
    expect(tampere[0]).toBe(tampere[1]);
    expect(tampere[0]).toBeGreaterThan(10_000);
    expect(sheets["Tasa-arvo, palvelut ja kielet"].filter((r) => r["Kieliryhmä"] === "sv").length).toBe(2 * (3 + 1));
  });

  it.runIf(HAS_PDFTOTEXT)("prints the groups' equality and units in fi, sv and en", () => {
    const want = {
      fi: ["Tasa-arvo: Aika lähimpään palveluun: suun terveydenhuolto", "Kolme aluetta: Ruotsinkieliset: aika lähimpään palveluun, jota saa ruotsiksi"],
      sv: ["Jämlikhet: Tid till närmaste tjänst: munhälsovård", "Tre områden: Svenskspråkiga: tid till närmaste tjänst som ges på svenska"],
      en: ["Equality: Time to the nearest service: dental care", "Three units: Swedish speakers: time to the nearest service given in Swedish"],
    };
    for (const lang of ["fi", "sv", "en"] as const) {
      const text = pdfText(file(`${lang}.pdf`));
      for (const w of want[lang]) expect(text, `${lang}: ${w}`).toContain(w);
    }
  });
});
