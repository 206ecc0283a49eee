// `compare` run as the CLI runs it (compareCommand called directly): Uusimaa in six and five units,
// and a user's file, on a Uusimaa-sized GENERATED road graph with the real centres and 2022
// populations; then the real central Helsinki extract with the HSY grid and real boundaries.
// Checks exact people counts against the facts, figures against brute force over the same
// surfaces, hub times against the router, and what merging units may and may not change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareCommand, compareColumns, type CompareOptions } from "../../server/cli/compare.ts";
import { generateRoadGraph, UUSIMAA_BBOX } from "../../engine/generate.ts";
import { writeGraphFile } from "../../data/cache.ts";
import { loadGraph } from "../../data/cache.ts";
import { importOsm } from "../../data/osm/import.ts";
import { loadStudy } from "../../study/index.ts";
import { municipalitiesOf, UUSIMAA_6 } from "../../data/facts/index.ts";
import { SnapIndex } from "../../engine/snap.ts";
import { Router } from "../../engine/route.ts";
import { analyse } from "../../engine/analysis.ts";
import { weightedGini } from "../../engine/equality.ts";
import { LEVELS } from "../../engine/services.ts";
import { DS_PER_MIN } from "../../engine/units.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { rejection } from "../fixtures/errors.ts";
import { scratchDir, tempFile } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

const uusimaa = municipalitiesOf("uusimaa");
const people = (codes: readonly string[]) => uusimaa.filter((m) => codes.includes(m.code)).reduce((s, m) => s + m.population, 0);
const THRESHOLDS = [15, 30, 60, 90, 120, 150, 180];

/** Uusimaa in four: the five of 2023 with Helsinki and Vantaa–Kerava together (a user's file). */
const FOUR = {
  id: "uusimaa-4",
  name: "Uusimaa, neljä aluetta",
  region: "uusimaa",
  units: [
    { id: "paakaupunki", name: "Helsinki–Vantaa–Kerava", municipalities: ["091", "092", "245"], hub: "091" },
    ...UUSIMAA_6.units.filter((u) => ["keski-uusimaa", "ita-uusimaa"].includes(u.id)).map((u) => ({ id: u.id, name: u.name.fi, municipalities: u.municipalities, hub: u.hub })),
    { id: "lansi-uusimaa", name: "Länsi-Uusimaa", municipalities: ["049", "257", "235", "078", "149", "224", "444", "710", "755", "927"], hub: "049" },
  ],
};

type Row = Record<string, string>;
const parseCsv = (text: string): Row[] => {
  const [head, ...lines] = text.trim().split("\n");
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
};

describe("compare on a Uusimaa-sized GENERATED road graph", () => {
  let osm: string;
  const base = (): CompareOptions => ({ osm, cache: false, quiet: true, profile: "car", maxSnap: 2000, region: "uusimaa", thresholds: THRESHOLDS, cellSize: 1000, maxConnector: 1000, format: "csv" });
  let rows: Row[];
  let json: { groupings: { id: string; population: number; units: { id: string; population: number; members: { code: string; hub_min: number | null }[] }[]; equality: Record<string, { gini: number; unit_mean_gini: number; mean_ratio: number; ranking: string[] }> }[]; findings: string[]; roads: string };
  beforeAll(async () => {
    const towns = uusimaa.map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
    const { graph, meta } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: 60_000, towns });
    osm = join(scratchDir(), "compare-uusimaa.pvg");
    await writeGraphFile(osm, graph, { ...meta, generated: true });
    const csvOut = join(scratchDir(), "compare.csv");
    await compareCommand({ ...base(), groupings: "uusimaa-6,uusimaa-5", out: csvOut });
    rows = parseCsv(readFileSync(csvOut, "utf8"));
    const jsonOut = join(scratchDir(), "compare.json");
    await compareCommand({ ...base(), groupings: "uusimaa-6", groupingFile: [tempFile("four.json", JSON.stringify(FOUR))], format: "json", out: jsonOut });
    json = JSON.parse(readFileSync(jsonOut, "utf8"));
  }, 120_000);

  it("writes a row per grouping, level and unit plus an 'all' row with the equality measures", () => {
    const head = readFileSync(join(scratchDir(), "compare.csv"), "utf8").split("\n")[0];
    expect(head.split(",")).toEqual(compareColumns([30, 60]));
    expect(head).toContain("within_30_pct,within_60_pct,beyond_cutoff_pct");
    expect(rows).toHaveLength(3 * (6 + 1) + 3 * (5 + 1));
    const all = rows.filter((r) => r.unit === "all");
    expect(all).toHaveLength(6);
    for (const r of all) expect(Number(r.gini)).toBeGreaterThan(0);
    for (const r of rows.filter((r) => r.unit !== "all")) expect(r.gini).toBe("");
  });

  it("counts Uusimaa's 2022 people exactly, and the merged West Uusimaa as the sum of its two parts", () => {
    const total = people(uusimaa.map((m) => m.code));
    for (const r of rows.filter((r) => r.unit === "all")) expect(Number(r.population)).toBe(total);
    const pop = (g: string, u: string) => Number(rows.find((r) => r.grouping === g && r.level === "E" && r.unit === u)!.population);
    expect(pop("uusimaa-6", "espoo-kirkkonummi-kauniainen")).toBe(people(["049", "257", "235"]));
    expect(pop("uusimaa-5", "lansi-uusimaa")).toBe(pop("uusimaa-6", "espoo-kirkkonummi-kauniainen") + pop("uusimaa-6", "lohja-raasepori"));
    expect(pop("uusimaa-5", "lansi-uusimaa")).toBe(486_346);
    const km2 = (g: string, u: string) => Number(rows.find((r) => r.grouping === g && r.level === "L" && r.unit === u)!.area_km2);
    expect(km2("uusimaa-5", "lansi-uusimaa")).toBeCloseTo(km2("uusimaa-6", "espoo-kirkkonummi-kauniainen") + km2("uusimaa-6", "lohja-raasepori"), 6);
  });

  it("gives region means and per-person Ginis equal to brute force over analyse()'s surfaces", async () => {
    const { graph } = await loadGraph(osm, { cacheDir: false });
    const snapIndex = new SnapIndex(graph);
    const study = await loadStudy(graph, snapIndex, { region: "uusimaa", grouping: null, cellSizeM: 1000, maxConnectorM: 1000 });
    const result = analyse({ graph, snapIndex, links: study.links, services: study.services.points, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, thresholdsMin: THRESHOLDS });
    for (const level of LEVELS) {
      const values: number[] = [];
      const weights: number[] = [];
      study.population.forEach((p, c) => {
        if (p === 0 || study.areaOfCell[c] < 0) return;
        values.push(Math.min(result.surfaces[level][c], 180 * DS_PER_MIN) / DS_PER_MIN);
        weights.push(p);
      });
      const mean = values.reduce((s, v, i) => s + v * weights[i], 0) / weights.reduce((s, w) => s + w, 0);
      for (const g of ["uusimaa-6", "uusimaa-5"]) {
        const all = rows.find((r) => r.grouping === g && r.level === level && r.unit === "all")!;
        expect(Number(all.censored_mean_min)).toBeCloseTo(mean, 1);
        expect(Number(all.gini)).toBeCloseTo(weightedGini(values, weights)!, 4);
      }
      // Helsinki is a unit of its own: its figures are the municipality's.
      const hki = study.areas.findIndex((a) => a.code === "091");
      const unit = rows.find((r) => r.grouping === "uusimaa-6" && r.level === level && r.unit === "helsinki")!;
      expect(Number(unit.mean_min)).toBeCloseTo(result.perArea[level][hki].meanMin!, 1);
    }
    // Hub times are the router's, centre to centre: Hanko to Lohja (six units) and to Espoo (five).
    const router = new Router(graph, snapIndex);
    const at = (code: string) => {
      const m = uusimaa.find((x) => x.code === code)!;
      return router.place(code, m.centre.lon, m.centre.lat);
    };
    const hankoToEspoo = router.route(at("078"), at("049"), "car")!.timeDs / DS_PER_MIN;
    const hankoToLohja = router.route(at("078"), at("444"), "car")!.timeDs / DS_PER_MIN;
    const hanko = (g: string) => json.groupings.find((x) => x.id === g)!.units.flatMap((u) => u.members).find((m) => m.code === "078")!.hub_min!;
    expect(hanko("uusimaa-4")).toBeCloseTo(hankoToEspoo, 1);
    expect(hanko("uusimaa-6")).toBeCloseTo(hankoToLohja, 1);
    expect(hankoToEspoo).toBeGreaterThan(hankoToLohja);
  });

  it("never lets merging units widen the spread between units, and never changes the per-person Gini", () => {
    const all = (g: string, level: string) => rows.find((r) => r.grouping === g && r.level === level && r.unit === "all")!;
    for (const level of LEVELS) {
      const [six, five] = [all("uusimaa-6", level), all("uusimaa-5", level)];
      expect(five.gini).toBe(six.gini);
      expect(Number(five.unit_mean_gini)).toBeLessThan(Number(six.unit_mean_gini));
      expect(Number(five.mean_ratio)).toBeLessThanOrEqual(Number(six.mean_ratio));
    }
    // Six units: West Uusimaa without Espoo is the farthest from the E hospitals, its worst member a western town.
    const worstE = rows.find((r) => r.grouping === "uusimaa-6" && r.level === "E" && r.rank === "1")!;
    expect(worstE.unit).toBe("lohja-raasepori");
    expect(["078", "224", "710"]).toContain(worstE.farthest_member);
    expect(Number(worstE.censored_mean_min)).toBeGreaterThan(2 * Number(all("uusimaa-6", "E").censored_mean_min));
  });

  it("reads a user's grouping file next to a built-in one, and words who is worst off", () => {
    expect(json.roads).toMatch(/GENERATED/);
    expect(json.groupings.map((g) => g.id)).toEqual(["uusimaa-6", "uusimaa-4"]);
    const four = json.groupings[1];
    expect(four.units.find((u) => u.id === "paakaupunki")!.population).toBe(people(["091", "092", "245"]));
    expect(four.population).toBe(json.groupings[0].population);
    expect(four.equality.E.ranking).toHaveLength(4);
    expect(json.findings.find((f) => f.startsWith("uusimaa-6, E:"))).toMatch(/Lohja–Raasepori \(7 kuntaa\) is worst off, [\d.]+ min on average .* beyond 60 min; its farthest member is/);
  });

  it("refuses unknown, foreign, repeated and malformed groupings before loading the roads", async () => {
    const missingOsm = { ...base(), osm: join(scratchDir(), "no-such.pvg") };
    expect(await rejection(compareCommand({ ...missingOsm, groupings: "uusimaa-7" }))).toBeInstanceOf(InvalidInputError);
    expect(await rejection(compareCommand({ ...missingOsm, groupings: "lappi-2" }))).toMatchObject({ field: "groupings", value: "lappi-2" });
    expect(await rejection(compareCommand({ ...missingOsm, groupings: "uusimaa-6,uusimaa-6" }))).toBeInstanceOf(InvalidInputError);
    const lappi = tempFile("lappi.json", JSON.stringify({ id: "l", name: "L", region: "lappi", units: [{ id: "all", name: "All", municipalities: municipalitiesOf("lappi").map((m) => m.code) }] }));
    expect(await rejection(compareCommand({ ...missingOsm, groupingFile: [lappi] }))).toMatchObject({ field: "region", value: "lappi" });
    const bad = tempFile("bad.json", JSON.stringify({ ...FOUR, units: [{ ...FOUR.units[0], municipalities: ["091", "91"] }] }));
    expect(await rejection(compareCommand({ ...missingOsm, groupingFile: [bad] }))).toMatchObject({ field: "units[0].municipalities[1]", value: "91" });
  });
});

describe("compare with short thresholds on the GENERATED Uusimaa graph and real boundaries (issue 23's commands)", () => {
  type Member = { code: string; name: string; mean_min: number; lower_bound: boolean };
  type Level = { censored_mean_min: number; mean_is_lower_bound: boolean; rank: number | null; rank_range: [number, number]; farthest_member: Member | null; farthest_candidates: Member[] };
  type Out = { horizon_min: number; definitions: Record<string, { fi: string; sv: string; en: string }>; groupings: { id: string; units: { id: string; name: string; members: { code: string }[]; levels: Record<string, Level> }[]; equality: Record<string, { worst: { unit: string } | null; worst_candidates: string[] }> }[] };
  let short: Out;
  let tight: Out;
  let full: Out;
  let sideBySide: Out;
  let sideBySideCsv: string;
  beforeAll(async () => {
    const towns = uusimaa.map((m) => ({ lon: m.centre.lon, lat: m.centre.lat, weight: m.population }));
    const { graph, meta } = generateRoadGraph({ seed: 1, bbox: UUSIMAA_BBOX, targetNodes: 60_000, towns });
    const osm = join(scratchDir(), "compare-uusimaa-short.pvg");
    await writeGraphFile(osm, graph, { ...meta, generated: true });
    const municipalities = sharedData("municipalities/statfi_municipalities_2023.gpkg");
    const run = async (groupings: string, thresholds: number[], format: "json" | "csv" = "json") => {
      const out = join(scratchDir(), `short-${groupings}-${thresholds.join("-")}.${format}`);
      await compareCommand({ osm, cache: false, quiet: true, profile: "car", maxSnap: 2000, region: "uusimaa", municipalities, thresholds, cellSize: 1000, maxConnector: 1000, format, groupings, out });
      return readFileSync(out, "utf8");
    };
    short = JSON.parse(await run("uusimaa-5", [15, 30, 60]));
    tight = JSON.parse(await run("uusimaa-6", [15, 30, 45]));
    full = JSON.parse(await run("uusimaa-6,uusimaa-5", THRESHOLDS));
    sideBySide = full;
    sideBySideCsv = await run("uusimaa-6,uusimaa-5", [15, 30, 60], "csv");
  }, 240_000);

  const unitsOf = (o: Out, g: string) => o.groupings.find((x) => x.id === g)!.units;
  const trueMean = (g: string, unit: string, level: string) => unitsOf(full, g).find((u) => u.id === unit)!.levels[level];

  it("names the worst-off unit at every level as the 180-minute run does, or says the order is open and lists it", () => {
    expect(short.horizon_min).toBe(180);
    for (const level of LEVELS) {
      const units = unitsOf(short, "uusimaa-5");
      const truth = Math.max(...units.map((u) => trueMean("uusimaa-5", u.id, level).censored_mean_min));
      const e = short.groupings[0].equality[level];
      if (e.worst) expect(trueMean("uusimaa-5", e.worst.unit, level).censored_mean_min).toBe(truth);
      else expect(e.worst_candidates.some((id) => trueMean("uusimaa-5", id, level).censored_mean_min === truth)).toBe(true);
      // The means no longer depend on the thresholds shown: the same as with 180 min.
      for (const u of units) expect(u.levels[level].censored_mean_min).toBe(trueMean("uusimaa-5", u.id, level).censored_mean_min);
    }
    // At A, the merged West Uusimaa (7.4 % beyond 60 min in the issue) is worse off than Keski-Uusimaa.
    const a = (id: string) => unitsOf(short, "uusimaa-5").find((u) => u.id === id)!.levels.A;
    expect(a("lansi-uusimaa").censored_mean_min).toBeGreaterThan(a("keski-uusimaa").censored_mean_min);
    expect(a("lansi-uusimaa").rank).toBeLessThan(a("keski-uusimaa").rank!);
  });

  it("names Itä-Uusimaa's farthest member at E from the true means, not the first one tied at 45 min", () => {
    const ita = unitsOf(tight, "uusimaa-6").find((u) => u.id === "ita-uusimaa")!.levels.E;
    const truth = unitsOf(full, "uusimaa-6").find((u) => u.id === "ita-uusimaa")!.levels.E;
    expect(truth.farthest_member).not.toBeNull();
    if (ita.farthest_member) expect(ita.farthest_member.code).toBe(truth.farthest_member!.code);
    else expect(ita.farthest_candidates.map((m) => m.code)).toContain(truth.farthest_member!.code);
    // Every member's mean is above 45 min for some: they are still told apart.
    expect(ita.farthest_candidates.every((m) => !m.lower_bound)).toBe(true);
  });

  it("shows uusimaa-6 and uusimaa-5 side by side with no two different units under one id or one name", () => {
    const seen = new Map<string, string>();
    for (const g of sideBySide.groupings) {
      for (const u of g.units) {
        const members = u.members.map((m) => m.code).sort().join(",");
        for (const label of [`id:${u.id}`, `name:${u.name}`]) {
          if (seen.has(label)) expect(seen.get(label), label).toBe(members);
          seen.set(label, members);
        }
      }
    }
    expect(unitsOf(sideBySide, "uusimaa-6").map((u) => u.id)).toContain("lohja-raasepori");
    expect(unitsOf(sideBySide, "uusimaa-5").find((u) => u.id === "lansi-uusimaa")!.members).toHaveLength(10);
    const csvNames = new Map<string, Set<string>>();
    for (const r of parseCsv(sideBySideCsv).filter((r) => r.unit !== "all")) csvNames.set(r.name, (csvNames.get(r.name) ?? new Set()).add(`${r.grouping}/${r.unit}`));
    for (const [name, ids] of csvNames) expect(new Set([...ids].map((x) => x.split("/")[1])).size, name).toBe(1);
  });

  it("states what every measure means, in three languages", () => {
    expect(Object.keys(full.definitions)).toEqual(["mean", "p90", "within", "offRoad", "meanRatio", "gini", "unitMeanGini", "rank", "worst", "farthest"]);
    expect(full.definitions.unitMeanGini.en).toMatch(/weighted by its people with a road/);
    expect(full.definitions.mean.fi).toMatch(/180 minuuttiin/);
    expect(full.definitions.mean.sv).toMatch(/180 min/);
  });
});

describe("compare on the real central Helsinki extract with the HSY grid and real boundaries", () => {
  it("puts all the extract's people in the Helsinki unit, equal to the municipality's figures", async () => {
    const osm = sharedData("osm/helsinki-centre.osm.pbf");
    const population = sharedData("population/hsy_population_grid_2021_250m.gpkg");
    const municipalities = sharedData("municipalities/statfi_municipalities_2023.gpkg");
    const out = join(scratchDir(), "compare-helsinki.json");
    await compareCommand({ osm, cache: false, quiet: true, profile: "car", maxSnap: 300, region: "uusimaa", population, municipalities, thresholds: THRESHOLDS, cellSize: 250, maxConnector: 1000, format: "json", out });
    const json = JSON.parse(readFileSync(out, "utf8"));
    const { graph } = await importOsm(osm);
    const snapIndex = new SnapIndex(graph);
    const study = await loadStudy(graph, snapIndex, { region: "uusimaa", population, municipalities, grouping: null });
    const result = analyse({ graph, snapIndex, links: study.links, services: study.services.points, population: study.population, areas: study.areas, areaOfCell: study.areaOfCell, thresholdsMin: THRESHOLDS, maxSnapM: 300 });
    const L = result.perArea.L[study.areas.findIndex((a) => a.code === "091")];
    expect(L.population).toBeGreaterThan(40_000);
    for (const g of json.groupings) {
      const hki = g.units.find((u: { id: string }) => u.id === "helsinki");
      expect(hki.population).toBe(L.population);
      expect(hki.levels.L.mean_min).toBeCloseTo(L.meanMin!, 1);
      expect(g.population).toBe(L.population); // no other unit has a cell of the extract
      expect(g.equality.L.ranking).toEqual(["helsinki"]);
      expect(g.equality.L.worst).toBeNull(); // one unit with people is worse off than no one
      // A and E lie outside the extract: everyone beyond reach, censored at 180 min.
      expect(hki.levels.E.beyond_cutoff_pct).toBe(100);
      expect(hki.levels.E.censored_mean_min).toBe(180);
    }
    expect(json.notes.map((n: { text: { en: string } }) => n.text.en).join(" ")).toMatch(/outside the grid, counted for nothing/);
    expect(json.notes.map((n: { code: string }) => n.code)).toContain("unit-member-missing");
  });
});
