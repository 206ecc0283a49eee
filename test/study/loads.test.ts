// Catchments and loads on the real Tampere roads, in the study, the HTTP API and the CLI alike: the
// example's four points with capacities written here. Every person on the grid is in exactly one
// catchment or unreached; nobody is assigned past a capacity; closing Lielahti moves exactly its
// catchment onto its neighbours, whose loads go up by what they receive.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Study, loads, loadsView } from "../../study/index.ts";
import { DS_PER_MIN } from "../../engine/index.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { call, documentChecker, expectProblem, openTampereWorkspace, startApi, TAMPERE_INPUTS, type Api } from "../fixtures/http.ts";

const dir = mkdtempSync(join(tmpdir(), "pv-loads-"));
const services = join(dir, "tampere-capacity.csv");
const CAPACITY: Record<string, number> = { tays: 60000, hatanpaa: 60000, hervanta: 40000, lielahti: 50000 };
const example = readFileSync(join(EXAMPLES, "tampere-services.csv"), "utf8").trim().split("\n");
writeFileSync(services, [`${example[0]},capacity`, ...example.slice(1).map((l) => `${l},${CAPACITY[l.split(",")[0]]}`)].join("\n") + "\n");
const scenario = join(dir, "close-lielahti.json");
writeFileSync(scenario, JSON.stringify({ id: "close-lielahti", name: "Lielahti closes", changes: [{ op: "close", id: "lielahti" }] }));
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

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe("catchments and loads (real Tampere roads)", () => {
  it("puts every person on the grid in one catchment or unreached, and nobody past a capacity", () => {
    const r = loads(study, { service: { level: "L" } });
    const total = sum([...study.inputs.population]);
    expect(sum(r.base.points.map((p) => p.catchment)) + r.base.unreached).toBe(total);
    // The catchments cover exactly the cells the L surface reaches within the cutoff.
    const cutoff = study.cutoffMin * DS_PER_MIN;
    const reached = sum([...study.inputs.population].map((p, c) => (study.base.surfaces.L[c] <= cutoff ? p : 0)));
    expect(sum(r.base.points.map((p) => p.catchment))).toBe(reached);
    for (const p of r.base.points) {
      expect(p.capacity).toBe(CAPACITY[p.id]);
      expect(p.assigned).toBeLessThanOrEqual(CAPACITY[p.id]);
      expect(p.load).toBeCloseTo(p.catchment / CAPACITY[p.id], 12);
    }
    expect(sum(r.base.points.map((p) => p.assigned)) + r.base.unserved + r.base.unreached).toBeCloseTo(total, 6);
    // 210,000 places for 293,658 people: someone must be unserved, and someone overflows.
    expect(r.base.unserved).toBeGreaterThan(0);
    expect(sum(r.base.points.map((p) => p.overflowIn))).toBeGreaterThan(0);
    // Every point has a capacity, so 2SFCA is there for every populated municipality.
    for (const a of r.base.areas) if (a.population > 0) expect(a.fcaIndex).toBeGreaterThan(0);
  });

  it("moves exactly Lielahti's catchment onto its neighbours when it closes, and says their loads after", () => {
    const r = loads(study, { service: { level: "L" }, changes: [{ op: "close", id: "lielahti" }] });
    const before = new Map(r.base.points.map((p) => [p.id, p]));
    const after = new Map(r.scenario!.points.map((p) => [p.id, p]));
    expect(after.has("lielahti")).toBe(false);
    const out = r.moves.filter((m) => m.from === "lielahti");
    expect(sum(out.map((m) => m.people))).toBe(before.get("lielahti")!.catchment);
    expect(r.moves.every((m) => m.from === "lielahti")).toBe(true); // a closure moves nobody else
    for (const m of out) {
      const to = m.to!;
      expect(after.get(to)!.catchment).toBe(before.get(to)!.catchment + m.people);
      expect(after.get(to)!.load!).toBeGreaterThan(before.get(to)!.load!);
    }
    expect(out.length).toBeGreaterThan(0);
  });

  it("answers GET and POST /api/loads with the study's figures, and refuses a bad request by field", async () => {
    const g = await call(api, "/api/loads?type=dental-care&catchment=20");
    expect(g.status, g.text).toBe(200);
    check("/api/loads", "get", 200, "application/json", g.body);
    expect(g.body).toEqual(JSON.parse(JSON.stringify(loadsView(study, loads(study, { service: { type: "dental-care" }, catchmentMin: 20 })))));
    const p = await call(api, "/api/loads", { body: { level: "L", changes: [{ op: "close", id: "lielahti" }] } });
    expect(p.status, p.text).toBe(200);
    check("/api/loads", "post", 200, "application/json", p.body);
    expect(p.body.moves[0].from).toBe("lielahti");
    expect(p.body.scenario.points.map((x: { id: string }) => x.id)).not.toContain("lielahti");
    expectProblem(await call(api, "/api/loads?level=L&type=dental-care"), 400, "type");
    expectProblem(await call(api, "/api/loads?type=sauna"), 400, "type");
    expectProblem(await call(api, "/api/loads", { body: { changes: [{ op: "close", id: "nowhere" }] } }), 404, "changes[0].id");
    expectProblem(await call(api, "/api/loads", { body: { changes: [{ op: "capacity", id: "tays", capacity: -3 }] } }), 400);
  });

  it("prints the same with `loads --scenario` (JSON), and CSV with the moves section", async () => {
    const args = ["--osm", sharedData("osm/tampere.osm.pbf"), "--services", services, "--totals", inputs.totals, "--municipalities", inputs.municipalities, "--scenario", scenario, "-q"];
    const json = await cli("loads", ...args, "--format", "json");
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(JSON.stringify(loadsView(study, loads(study, { service: { level: "L" }, changes: [{ op: "close", id: "lielahti" }] })))));
    const csv = await cli("loads", ...args);
    const sections = csv.stdout.trim().split("\n\n");
    expect(sections).toHaveLength(3);
    expect(sections[2].split("\n")[0]).toBe("from_id,to_id,people");
    expect(sections[0].split("\n").find((l) => l.startsWith("lielahti,"))!.split(",").slice(9).every((v) => v === "")).toBe(true);
    const bad = await cli("loads", ...args, "--level", "L", "--type", "dental-care");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/give --level or --type, not both/);
  });
});
