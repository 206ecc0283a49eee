// Figures per service type (engine/catalogue.ts) on the real Tampere roads, in the study, the CLI and
// the HTTP API alike. The set is the example's four points plus a dental clinic written here that
// lists its one type and its languages: for every type of the catalogue, the type's figures equal a
// whole analysis of just the points that offer it (their own list, else their level's menu), so
// the clinic counts for dental care alone and the health stations' A menu (can_host) changes nothing.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Study, accessibilityView } from "../../study/index.ts";
import { DEFAULT_CATALOGUE, offersType } from "../../engine/index.ts";
import { InvalidInputError } from "../../engine/errors.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { call, documentChecker, expectProblem, openTampereWorkspace, startApi, TAMPERE_INPUTS, type Api } from "../fixtures/http.ts";

const dir = mkdtempSync(join(tmpdir(), "pv-types-"));
const services = join(dir, "tampere-typed.csv");
// Keskustori, central Tampere: a dental clinic serving in Finnish and Swedish, nothing else.
const example = readFileSync(join(EXAMPLES, "tampere-services.csv"), "utf8").trim().split("\n");
writeFileSync(services, [`${example[0]},types,languages`, ...example.slice(1).map((l) => `${l},,`), 'hammas,Keskustan hammashoitola,Centrums tandklinik,837,23.7610,61.4978,L,true,,dental-care,"fi sv"'].join("\n") + "\n");
const inputs = TAMPERE_INPUTS;

let study: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;

beforeAll(async () => {
  study = await openTampereWorkspace(services);
  api = await startApi({ workspace: study, log: () => {} });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 120_000);

afterAll(() => api?.close());

describe("figures per service type (real Tampere roads)", () => {
  it("reads the lists from the file as written", () => {
    const clinic = study.inputs.services.points.find((p) => p.id === "hammas")!;
    expect(clinic.types).toEqual(["dental-care"]);
    expect(clinic.languages).toEqual(["fi", "sv"]);
    expect(study.inputs.services.points.find((p) => p.id === "hervanta")!.hosts).toEqual(["A"]);
  });

  it("equal, for every type, a whole analysis of the points that offer it", () => {
    const ids = DEFAULT_CATALOGUE.types.map((t) => t.id);
    const got = study.subsets.typeFigures(ids);
    for (const type of ids) {
      const offering = study.inputs.services.points.filter((p) => offersType(p, type, DEFAULT_CATALOGUE)).map((p) => ({ ...p, level: "L" as const, types: undefined }));
      const want = study.analysePoints(offering).result;
      const f = got.types[type];
      expect(f.perArea, type).toEqual(want.perArea.L);
      expect(f.overall, type).toEqual(want.overall.L);
      expect(f.centreMin, type).toEqual(want.centreMin.L);
    }
    // The clinic is nearer than the A points for central Tampere: dental care is faster than the A level there, health stations not.
    const all = (f: { overall: { meanMin: number | null } }) => f.overall.meanMin!;
    expect(all(got.types["dental-care"])).toBeLessThan(all({ overall: study.figures().overall.A }));
    expect(got.types["health-station"].overall).toEqual(study.analysePoints(study.inputs.services.points.filter((p) => p.id !== "hammas")).result.overall.L);
  });

  it("refuses a type the catalogue does not have, naming `types`", () => {
    let err: unknown;
    try {
      accessibilityView(study, "municipality", undefined, { types: ["sauna"] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe("types");
  });

  it("answers GET /api/accessibility?types= with the study's rows, and a 400 naming `types` for an unknown one", async () => {
    const r = await call(api, "/api/accessibility?types=dental-care,central-hospital");
    expect(r.status, r.text).toBe(200);
    check("/api/accessibility", "get", 200, "application/json", r.body);
    expect(Object.keys(r.body.types)).toEqual(["dental-care", "central-hospital"]);
    expect(r.body.types["dental-care"].name).toEqual({ fi: "suun terveydenhuolto", sv: "munhälsovård", en: "dental care" });
    // The clinic, and TAYS and Hatanpää by their E and A menus; Hervanta could host A but offers L.
    expect(r.body.types["dental-care"].open_points).toBe(3);
    expect(r.body.types).toEqual(JSON.parse(JSON.stringify(accessibilityView(study, "municipality", undefined, { types: ["dental-care", "central-hospital"] }).types)));
    expectProblem(await call(api, "/api/accessibility?types=sauna"), 400, "types");
    expectProblem(await call(api, "/api/accessibility?types=Dental"), 400, "types");
  });

  it("equal, under a scenario, a whole analysis of its points that offer the type, with band crossings against the base (POST /api/scenarios/run types)", async () => {
    // The clinic closes and Hervanta, which could host A, is raised to A: dental care moves from the centre to Hervanta.
    const changes = [{ op: "close" as const, id: "hammas" }, { op: "relevel" as const, id: "hervanta", level: "A" as const }];
    const run = study.runScenario(changes);
    const r = study.subsets.typeRun("dental-care", run);
    const offering = run.points.filter((p) => offersType(p, "dental-care", DEFAULT_CATALOGUE)).map((p) => ({ ...p, level: "L" as const, types: undefined }));
    expect(offering.map((p) => p.id).sort()).toEqual(["hatanpaa", "hervanta", "tays"]);
    const want = study.analysePoints(offering).result;
    expect(r.scenario.perArea.L).toEqual(want.perArea.L);
    expect(r.scenario.overall.L).toEqual(want.overall.L);
    expect(r.base.overall.L).toEqual(study.subsets.typeFigures(["dental-care"]).types["dental-care"].overall);
    // Crossings: counted cell by cell from the two surfaces, over everyone.
    const before = study.subsets.typeSurface("dental-care").cells;
    const after = study.subsets.pointsSurface(run.points, { type: "dental-care" }, null).cells;
    const th = study.figures().thresholdsMin;
    // A cell's band: the first threshold its time is within; past the last (or unreached) beyond them all.
    const k = (ds: number) => {
      const i = th.findIndex((t) => ds <= t * 600);
      return i < 0 ? Infinity : i;
    };
    let worse = 0, better = 0;
    for (let c = 0; c < before.length; c++) {
      if (k(after[c]) > k(before[c])) worse += study.inputs.population[c];
      else if (k(after[c]) < k(before[c])) better += study.inputs.population[c];
    }
    expect(r.diff.overall.L.worse).toBeCloseTo(worse, 6);
    expect(r.diff.overall.L.better).toBeCloseTo(better, 6);
    expect(worse).toBeGreaterThan(0); // the centre lost its clinic
    expect(better).toBeGreaterThan(0); // Hervanta gained dental care

    const res = await call(api, "/api/scenarios/run", { body: { changes, types: ["dental-care"] } });
    expect(res.status, res.text).toBe(200);
    check("/api/scenarios/run", "post", 200, "application/json", res.body);
    const all = res.body.types["dental-care"].figures.find((x: { id: string }) => x.id === "all");
    expect(all.mean_min).toBe(Math.round(want.overall.L.meanMin! * 10) / 10);
    expect(res.body.types["dental-care"].diff.find((x: { id: string }) => x.id === "all").worse).toBe(Math.round(worse));
    expectProblem(await call(api, "/api/scenarios/run", { body: { changes, types: ["sauna"] } }), 400, "types");
  });

  it("prints the same rows with `levels --types` (CSV: a type column; exit 2 for an unknown type)", async () => {
    const args = ["--osm", sharedData("osm/tampere.osm.pbf"), "--services", services, "--totals", inputs.totals, "--municipalities", inputs.municipalities, "--grouping", "none", "-q"];
    const json = await cli("levels", ...args, "--types", "dental-care", "--format", "json");
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout).types).toEqual(JSON.parse(JSON.stringify(accessibilityView(study, "municipality", undefined, { types: ["dental-care"] }).types)));
    const csv = await cli("levels", ...args, "--types", "all");
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0].startsWith("level,type,code,name,")).toBe(true);
    const dentalAll = lines.find((l) => l.startsWith(",dental-care,all,"))!.split(",");
    expect(Number(dentalAll[7])).toBe(Math.round(study.subsets.typeFigures(["dental-care"]).types["dental-care"].overall.meanMin! * 10) / 10);
    expect(lines.filter((l) => /^,[a-z0-9-]+,all,/.test(l))).toHaveLength(DEFAULT_CATALOGUE.types.length);
    const bad = await cli("levels", ...args, "--types", "sauna");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/types: "sauna" is not a service type/);
  });
});
