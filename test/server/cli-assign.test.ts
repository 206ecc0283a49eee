// `palveluverkko assign-levels` as a user runs it on the real Tampere extract: tight targets make
// the choice matter; locks hold; suggestions shrink the people beyond step by step.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedData } from "../fixtures/shared-data.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";



const inputs = () => [
  "--osm", sharedData("osm/tampere.osm.pbf"),
  "--services", join(EXAMPLES, "tampere-services.csv"),
  "--candidates", join(EXAMPLES, "tampere-candidates.csv"),
  "--totals", sharedData("municipalities/geofi_sotkadata_population.csv"),
  "--municipalities", sharedData("municipalities/statfi_municipalities_2023.gpkg"),
  "-q",
];

describe("palveluverkko assign-levels (real Tampere roads)", () => {
  it("proposes levels that honour locks and nesting, with the minimum proven exact, and suggestions that add up", async () => {
    const r = await cli("assign-levels", ...inputs(), "--targets", "L=8,A=12,E=15", "--lock", "tays=E", "--lock", "hervanta=L", "--budget", "2", "--level", "A", "--format", "json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const level = (id: string) => out.sites.find((s: { id: string }) => s.id === id).proposed_level;
    expect(level("tays")).toBe("E");
    expect(level("hervanta")).toBe("L");
    expect(out.sites).toHaveLength(8);
    const e = out.sites.filter((s: { proposed_level: string }) => s.proposed_level === "E").length;
    const a = out.sites.filter((s: { proposed_level: string }) => s.proposed_level === "A").length;
    expect(out.coverage.E.sites).toBe(e);
    expect(out.coverage.A.sites).toBe(e + a); // E sites offer A too
    expect(out.coverage.E.optimal).toBe(true);
    expect(out.coverage.A.optimal).toBe(true);
    // Per municipality, nobody is counted beyond a target the coverage says everyone meets.
    const beyondA = out.municipalities.reduce((s: number, m: { beyond_A: number }) => s + m.beyond_A, 0);
    expect(beyondA).toBe(out.coverage.A.beyond);
    const steps = out.suggestions.add_or_upgrade;
    expect(steps.length).toBeGreaterThan(0);
    let beyond = out.suggestions.beyond_now;
    for (const s of steps) {
      expect(s.beyond_after).toBe(beyond - s.gain_people);
      beyond = s.beyond_after;
    }
    expect(out.suggestions.closures_least_harmful_first.map((c: { id: string }) => c.id).sort()).toEqual(["hatanpaa", "tays"]);
  });

  it("never proposes a site for a level whose menu it cannot host; each row says what it could take", async () => {
    // Targets no site meets alone, so the cover would gladly raise anyone; only the can_host column lets it.
    const r = await cli("assign-levels", ...inputs(), "--targets", "L=8,A=10,E=10", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const expected: Record<string, string> = { tays: "L A E", hatanpaa: "L A", hervanta: "L A", lielahti: "L", kauppi: "L A", linnainmaa: "L A", tesoma: "L A", pirkkala: "L A" };
    for (const site of out.sites) {
      expect(site.can_host).toBe(expected[site.id]);
      expect(site.can_host.split(" ")).toContain(site.proposed_level);
    }
    expect(out.sites.filter((s: { proposed_level: string }) => s.proposed_level === "E").map((s: { id: string }) => s.id)).toEqual(["tays"]);
    const lock = await cli("assign-levels", ...inputs(), "--lock", "lielahti=A");
    expect(lock.code).toBe(2);
    expect(lock.stderr).toMatch(/--lock: "lielahti" cannot host the A menu \(it could take L\)/);
  });

  it("refuses a lock on an unknown point and a malformed target, with exit code 2", async () => {
    const bad = await cli("assign-levels", ...inputs(), "--lock", "nowhere=E");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lock: no service point or candidate with id "nowhere"/);
    const target = await cli("assign-levels", ...inputs(), "--targets", "A=sixty");
    expect(target.code).toBe(2);
    expect(target.stderr).toMatch(/--targets: "A=sixty"/);
  });

  it("with the example capacities, raises eligible sites to relieve overloaded ones; loads equal `loads` on the proposed set", async () => {
    // The example's capacities, and 60,000 for each candidate (written here).
    const dir = mkdtempSync(join(tmpdir(), "pv-assign-capacity-"));
    const candidates = join(dir, "candidates-capacity.csv");
    const lines = readFileSync(join(EXAMPLES, "tampere-candidates.csv"), "utf8").trim().split("\n");
    writeFileSync(candidates, [`${lines[0]},capacity`, ...lines.slice(1).map((l) => `${l},60000`)].join("\n") + "\n");
    const args = (...extra: string[]) => [...inputs().map((a) => (a.endsWith("tampere-services.csv") ? join(EXAMPLES, "tampere-services-capacity.csv") : a.endsWith("tampere-candidates.csv") ? candidates : a)), ...extra, "--format", "json"];
    const [withLoads, loose] = await Promise.all([cli("assign-levels", ...args()), cli("assign-levels", ...args("--max-load", "10"))]);
    expect(withLoads.code, withLoads.stderr).toBe(0);
    const out = JSON.parse(withLoads.stdout);
    const free = JSON.parse(loose.stdout);
    type Site = { id: string; proposed_level: string; can_host: string; capacity: number; catchment_people: number; load_pct: number; raised_for_capacity: boolean };
    const sites: Site[] = out.sites;
    // 10 × capacity holds every catchment but TAYS's E one: nothing is raised, and the levels are the reach cover's alone.
    expect([free.coverage.A.raised_for_capacity, free.coverage.E.raised_for_capacity]).toEqual([[], []]);
    const raised = out.coverage.A.raised_for_capacity as string[];
    expect(raised.length).toBeGreaterThan(0);
    for (const s of sites) {
      const before = free.sites.find((x: Site) => x.id === s.id).proposed_level;
      // Only raised, never lowered; reach stays what the cover gave.
      expect(s.proposed_level).toBe(raised.includes(s.id) ? "A" : before);
      if (raised.includes(s.id)) expect(s.can_host.split(" ")).toContain("A");
      // Every proposed A or E site not reported as over carries at most its capacity.
      if (s.proposed_level !== "L" && !out.coverage[s.proposed_level].overloaded.includes(s.id)) expect(s.catchment_people).toBeLessThanOrEqual(s.capacity);
    }
    for (const l of ["L", "A", "E"]) expect([out.coverage[l].within, out.coverage[l].beyond]).toEqual([free.coverage[l].within, free.coverage[l].beyond]);
    // TAYS is the one site that could host E: nothing can relieve it, and it is said.
    expect(out.coverage.E.overloaded).toEqual(["tays"]);

    // The proposed set as a services file: `loads` per level gives the same catchments and the same unserved.
    const proposed = join(dir, "proposed.csv");
    const points = [...readFileSync(join(EXAMPLES, "tampere-services-capacity.csv"), "utf8").trim().split("\n").slice(1), ...lines.slice(1)].map((l) => l.split(","));
    writeFileSync(proposed, "id,name_fi,name_sv,municipality,lon,lat,level,open,capacity\n" + points.map((f) => [...f.slice(0, 6), sites.find((s) => s.id === f[0])!.proposed_level, "true", sites.find((s) => s.id === f[0])!.capacity].join(",")).join("\n") + "\n");
    for (const level of ["E", "A", "L"]) {
      const r = await cli("loads", "--osm", sharedData("osm/tampere.osm.pbf"), "--totals", sharedData("municipalities/geofi_sotkadata_population.csv"), "--municipalities", sharedData("municipalities/statfi_municipalities_2023.gpkg"), "-q", "--services", proposed, "--level", level, "--format", "json");
      expect(r.code, r.stderr).toBe(0);
      const l = JSON.parse(r.stdout);
      for (const s of sites.filter((x) => x.proposed_level === level)) expect(l.base.points.find((p: { id: string }) => p.id === s.id).catchment_people, `${level} ${s.id}`).toBe(s.catchment_people);
      expect(l.base.unserved_people, level).toBe(out.coverage[level].unserved_under_capacity);
    }
  }, 120_000);
});
