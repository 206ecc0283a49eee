// `palveluverkko start` (what `npm start` runs) on an extract of another county than Uusimaa: the region comes
// from the roads, the figures are that county's, and the partial coverage is said.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../fixtures/cli.ts";
import { scratchDir } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";

describe("palveluverkko start --osm tampere --no-serve", () => {
  it("takes Pirkanmaa from the roads, prints its figures and says what the extract leaves out", async () => {
    const r = await cli("start", "--osm", sharedData("osm/tampere.osm.pbf"), "--no-serve");
    expect(r.code).toBe(0);
    // Nothing of Uusimaa: not its name, its units or its hospitals.
    expect(r.stdout + r.stderr).not.toMatch(/Uusimaa|Nyland|HUS|Helsinki/);
    expect(r.stderr).toMatch(/region: Pirkanmaa \(taken from the roads/);
    expect(r.stderr).toMatch(/\[region-from-roads\]/);
    expect(r.stderr).toMatch(/pirkanmaa-default: 24 points/);
    // The municipalities the extract's roads reach, each with the unit's hub: Tampere's centre is the hub itself.
    const [hubTable, levelTable] = r.stdout.trim().split("\n\n");
    const rows = hubTable.split("\n").slice(1).map((l) => l.split(","));
    expect(rows.map((c) => c[1]).sort()).toEqual(["211", "418", "536", "604", "837", "980"]);
    expect(rows.find((c) => c[1] === "837")!.slice(4)).toEqual(["Tampere", "0"]);
    // Pirkkala's centre is in the extract, 10 km from Tampere's: 10–25 minutes by car.
    const pirkkala = Number(rows.find((c) => c[1] === "604")![5]);
    expect(pirkkala).toBeGreaterThan(10);
    expect(pirkkala).toBeLessThan(25);
    // Nokia's centre is off the extract: no time, rather than a wrong one.
    expect(rows.find((c) => c[1] === "536")![5]).toBe("");
    // Partial coverage named with each municipality's share of land inside; Kangasala's is under 1 %.
    expect(r.stderr).toMatch(/Kangasala \(211\) 0\.\d%.*\[partial-coverage\]/);
    // The level table's population is the sum of the hub table's: the same people in both.
    const placed = rows.reduce((a, c) => a + Number(c[3]), 0);
    const levels = levelTable.split("\n").slice(1).map((l) => l.split(","));
    expect(levels.map((c) => c[1])).toEqual(["L", "A", "E"]);
    for (const c of levels) expect(Number(c[2])).toBe(placed);
    // E includes A's menu, so nobody is nearer an E than an A; here the nearest A is the E (Tays).
    const mean = (lvl: string) => Number(levels.find((c) => c[1] === lvl)![3]);
    expect(mean("L")).toBeLessThanOrEqual(mean("A"));
    expect(mean("A")).toBeLessThanOrEqual(mean("E"));
  });
});

describe("palveluverkko start --offline with no extract at hand", () => {
  it("falls back to a GENERATED network over the named region, says so on every output, and says how to get real roads", async () => {
    const dataDir = join(scratchDir(), "start-offline");
    const r = await cli("start", "--region", "helsinki", "--offline", "--no-serve", "--data-dir", dataDir);
    expect(r.code).toBe(0);
    // The City of Helsinki's roads come in Uusimaa's extract: the hint names it and keeps the region.
    expect(r.stderr).toMatch(/GENERATED demo road network for Helsinki/);
    expect(r.stderr).toContain("uusimaa-latest.osm.pbf and run: npm start -- --osm FILE --region helsinki");
    expect(r.stderr).toMatch(/\[generated-roads\]/);
    expect(r.stderr).toMatch(/1 municipality on the grid/);
    // Every table on stdout is marked, and Helsinki's whole population (31 Dec 2022: 664,028) is counted.
    const tables = r.stdout.trim().split("\n\n");
    expect(tables).toHaveLength(2);
    for (const t of tables) expect(t.startsWith("# GENERATED road network")).toBe(true);
    expect(tables[0]).toContain("Helsinki,091,Helsinki,664028,Helsinki,0");
    expect(tables[1]).toMatch(/^Helsinki,L,664028,/m);
    expect(existsSync(join(dataDir, "generated-helsinki.pvg"))).toBe(true);
  });
});
