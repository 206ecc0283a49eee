// Population groups (age bands) on the real central Helsinki roads: a SELF-MADE CSV grid written
// from the HSY grid's populated cells, each cell's people split into Statistics Finland's open-grid
// age columns (ika_0_14, ika_15_64, ika_65_) by fixed shares. Each group is placed as the people
// are, so per municipality and band the three groups add up exactly to everyone; the CLI, the API
// and --population-groups give the same figures, and a group the grid lacks is refused by name.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Study, accessibilityView, loads, loadsView } from "../../study/index.ts";
import { cellCentre } from "../../engine/index.ts";
import { importOsm } from "../../data/osm/import.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { call, documentChecker, expectProblem, openHelsinkiWorkspace, startApi, type Api } from "../fixtures/http.ts";

const OSM = sharedData("osm/helsinki-centre.osm.pbf");
const BOUNDARIES = sharedData("municipalities/statfi_municipalities_2023.gpkg");
const SERVICES = join(EXAMPLES, "helsinki-centre-services.csv");
const GROUPS = ["0-14", "15-64", "65+"];
let grid: string;
let study: Study;
let api: Api;
let check: ReturnType<typeof documentChecker>;
const fileSums = [0, 0, 0];

beforeAll(async () => {
  const roads = await importOsm(OSM);
  const hsy = await openHelsinkiWorkspace(roads);
  const lines = ["x,y,vaesto,ika_0_14,ika_15_64,ika_65_"];
  hsy.inputs.population.forEach((p, c) => {
    if (p === 0) return;
    const [x, y] = cellCentre(hsy.inputs.grid, c);
    const young = Math.floor(p * 0.15);
    const old = Math.floor(p * 0.2);
    const parts = [young, p - young - old, old];
    parts.forEach((n, g) => (fileSums[g] += n));
    lines.push(`${x},${y},${p},${parts.join(",")}`);
  });
  grid = join(scratchDir(), "helsinki-grid-with-ages.csv");
  writeFileSync(grid, lines.join("\n") + "\n");
  study = await Study.open({ roads: { ...roads, osm: OSM }, region: "uusimaa", services: SERVICES, population: grid, municipalities: BOUNDARIES, grouping: null, water: false });
  api = await startApi({ workspace: study, log: () => {} });
  check = documentChecker((await call(api, "/api/openapi.json")).body);
}, 180_000);

afterAll(() => api?.close());

describe("population groups (real central Helsinki roads, a self-made grid with age columns)", () => {
  it("reads Statistics Finland's age columns as groups and places each whole", () => {
    expect([...study.inputs.groups.keys()]).toEqual(GROUPS);
    GROUPS.forEach((g, i) => expect(study.subsets.groupPopulation(g).reduce((s, n) => s + n, 0)).toBe(fileSums[i]));
  });

  it("adds up, per municipality and band, to everyone's figures", () => {
    const all = study.figures();
    const parts = GROUPS.map((g) => study.subsets.groupFigures(g));
    for (const level of ["L", "A", "E"] as const) {
      all.perArea[level].forEach((a, i) => {
        a.bands.forEach((b, k) => expect(parts.reduce((s, f) => s + f.perArea[level][i].bands[k].people, 0)).toBe(b.people));
      });
    }
    // Same places, other people: the 65+ mean is a mean over the same times.
    expect(parts[2].overall.L.meanMin).toBeGreaterThan(0);
  });

  it("weighs a group's people by their need in catchments and loads, over HTTP too", async () => {
    const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);
    const plain = loads(study, { service: { level: "L" } });
    const weighted = loads(study, { service: { level: "L" }, need: { "65+": 2, "0-14": 0 } });
    const total = (r: typeof plain) => sum(r.base.points.map((p) => p.catchment)) + r.base.unreached;
    expect(total(plain)).toBe(sum(study.inputs.population));
    expect(total(weighted)).toBe(sum(study.inputs.population) + sum(study.subsets.groupPopulation("65+")) - sum(study.subsets.groupPopulation("0-14")));
    expect(weighted.need).toEqual({ "65+": 2, "0-14": 0 });
    const r = await call(api, "/api/loads?level=L&need=65%2B%3D2,0-14%3D0");
    expect(r.status, r.text).toBe(200);
    check("/api/loads", "get", 200, "application/json", r.body);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(loadsView(study, weighted))));
    expectProblem(await call(api, "/api/loads?need=75%2B%3D2"), 400, "need");
  });

  it("answers ?group= over HTTP and `levels --group` alike; --population-groups names its own; an unknown group is refused by field", async () => {
    const r = await call(api, "/api/accessibility?group=65%2B");
    expect(r.status, r.text).toBe(200);
    check("/api/accessibility", "get", 200, "application/json", r.body);
    expect(r.body.group).toEqual(JSON.parse(JSON.stringify(accessibilityView(study, "municipality", undefined, { group: "65+" }).group)));
    expectProblem(await call(api, "/api/accessibility?group=75%2B"), 400, "group");

    const args = ["--osm", OSM, "--region", "uusimaa", "--services", SERVICES, "--population", grid, "--municipalities", BOUNDARIES, "--grouping", "none", "-q"];
    const csv = await cli("levels", ...args, "--group", "65+");
    expect(csv.stderr).toBe("");
    const row = csv.stdout.split("\n").find((l) => l.startsWith("65+,L,091,"))!.split(",");
    expect(Number(row[4])).toBe(study.subsets.groupFigures("65+").perArea.L[0].population);
    const own = await cli("levels", ...args, "--population-groups", "seniors=ika_65_;children=ika_0_14", "--group", "seniors", "--format", "json");
    expect(own.stderr).toBe("");
    expect(JSON.parse(own.stdout).group.levels.L[0].population).toBe(study.subsets.groupFigures("65+").perArea.L[0].population);
    const bad = await cli("levels", ...args, "--group", "75+");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/group "75\+" is not one of the population grid's groups: 0-14, 15-64, 65\+/);
    const missing = await cli("levels", ...args, "--population-groups", "75+=ika_75_");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/group "75\+" needs column "ika_75_"/);
  });
});
