// The project's central Helsinki example with types, languages and capacities
// (docs/examples/helsinki-centre-services-capacity.csv) on the real roads and the HSY grid:
// per-municipality figures per service type and per language, each equal to a whole analysis of
// just the points offering it (serving in it); and closing the Kamppi health station moves exactly
// its catchment onto its neighbours, whose loads go up by what they receive, in the study and in
// `palveluverkko loads` alike. People by language come from a self-made file (round figures of the
// size Statistics Finland gives for Helsinki), labelled so.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Study, loads, loadsView } from "../../study/index.ts";
import { LEVELS, offersService, oneLevelFigures } from "../../engine/index.ts";
import { importOsm } from "../../data/osm/import.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";

const OSM = sharedData("osm/helsinki-centre.osm.pbf");
const HSY = sharedData("population/hsy_population_grid_2021_250m.gpkg");
const BOUNDARIES = sharedData("municipalities/statfi_municipalities_2023.gpkg");
const SERVICES = join(EXAMPLES, "helsinki-centre-services-capacity.csv");
let languages: string;
let study: Study;

beforeAll(async () => {
  languages = join(scratchDir(), "helsinki-people-by-language.csv");
  writeFileSync(languages, "kunta;yhteensä;suomi;ruotsi;saame\n091;664 000;500 000;36 000;80\n"); // self-made, round figures
  study = await Study.open({ roads: { ...(await importOsm(OSM)), osm: OSM }, region: "uusimaa", services: SERVICES, population: HSY, municipalities: BOUNDARIES, grouping: null, languages, water: false });
}, 180_000);

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const helsinki = () => study.inputs.areas.findIndex((a) => a.code === "091");

describe("the central Helsinki example with types, languages and capacities (real roads, HSY grid)", () => {
  it("gives Helsinki's figures per type, each a whole analysis of just the points offering it", () => {
    const points = study.inputs.services.points;
    for (const type of ["older-people", "dental-care", "maternity-child-clinic", "emergency-24-7"]) {
      const offering = points.filter((p) => offersService(p, { type }, study.inputs.catalogue));
      const f = study.subsets.typeFigures([type]);
      // The nearest of them, whatever its level: the L surface of an analysis of just those points (levels nest).
      const want = study.analysePoints(offering).result;
      const w = oneLevelFigures(study.figureInput, want.surfaces.L, want.centreDs.L, f.thresholdsMin);
      expect(f.types[type].perArea[helsinki()], type).toEqual(w.perArea[helsinki()]);
      expect(f.types[type].perArea[helsinki()].reached, type).toBeGreaterThan(0);
    }
    // Who offers what, as the file says: the service centre is the only L point for older people,
    // Kivelä and the hospital's E menu the others; only the E hospital has 24/7 emergency.
    const offering = (type: string) => points.filter((p) => offersService(p, { type }, study.inputs.catalogue)).map((p) => p.id).sort();
    expect(offering("older-people")).toEqual(["kampin-palvelukeskus", "kirurginen", "kivela"]);
    expect(offering("dental-care")).toEqual(["kamppi", "kirurginen"]);
    expect(offering("emergency-24-7")).toEqual(["kirurginen"]);
  });

  it("times Swedish speakers to the points serving in Swedish (all but Ruoholahti) over Helsinki's Swedish speakers", () => {
    const f = study.subsets.languageFigures("sv", []);
    const swedish = study.inputs.services.points.filter((p) => p.id !== "ruoholahti");
    const want = study.analysePoints(swedish).result;
    const input = { ...study.figureInput, population: study.subsets.languagePopulation("sv") };
    for (const level of LEVELS) {
      const w = oneLevelFigures(input, want.surfaces[level], want.centreDs[level], f.levels.thresholdsMin);
      expect(f.levels.perArea[level][helsinki()], level).toEqual(w.perArea[helsinki()]);
    }
    expect(f.levels.perArea.L[helsinki()].population).toBe(Math.round((study.areaPopulation()[helsinki()] * 36000) / 664000));
  });

  it("closing the Kamppi health station moves exactly its catchment onto its neighbours, in the study and the CLI", async () => {
    const r = loads(study, { service: { level: "L" }, changes: [{ op: "close", id: "kamppi" }] });
    const before = new Map(r.base.points.map((p) => [p.id, p]));
    const after = new Map(r.scenario!.points.map((p) => [p.id, p]));
    const out = r.moves.filter((m) => m.from === "kamppi");
    expect(before.get("kamppi")!.catchment).toBeGreaterThan(0);
    expect(sum(out.map((m) => m.people))).toBe(before.get("kamppi")!.catchment);
    expect(r.moves.every((m) => m.from === "kamppi")).toBe(true);
    expect(out.length).toBeGreaterThan(0);
    for (const m of out) {
      expect(after.get(m.to!)!.catchment).toBe(before.get(m.to!)!.catchment + m.people);
      expect(after.get(m.to!)!.load!).toBeCloseTo(after.get(m.to!)!.catchment / after.get(m.to!)!.capacity!, 12);
      expect(after.get(m.to!)!.load!).toBeGreaterThan(before.get(m.to!)!.load!);
    }

    const scenario = join(scratchDir(), "close-kamppi.json");
    writeFileSync(scenario, JSON.stringify({ id: "close-kamppi", name: "Kamppi closes", changes: [{ op: "close", id: "kamppi" }] }));
    const run = await cli("loads", "--osm", OSM, "--region", "uusimaa", "--services", SERVICES, "--population", HSY, "--municipalities", BOUNDARIES, "--scenario", scenario, "--format", "json", "-q");
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(loadsView(study, r))));
  });
});
