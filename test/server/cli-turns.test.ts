// `route --model turns` and `matrix --model turns` as a user runs them: on a T junction written in
// code, the turns model (R5's scheme) drives the same way at the posted limit and adds R5's 30 s for
// the left turn, 10 s for the right, and the matrix is the engine's. The analysing commands (levels,
// scenario, isochrones, reach) take it too, on the real central Helsinki extract: their figures are
// the turns model's, never below the plain model's at the posted limit (0.8 of its time), and they carry its note.
import { describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { Router } from "../../engine/route.ts";
import { lonLat, osmXml, tempFile } from "../fixtures/osm.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { join } from "node:path";

//  1 ──────── 2 ──────── 3      1 (0, 0), 2 (500, 0), 3 (1000, 0); 4 (500, -500)
//             |
//             4
const osm = tempFile(
  "t-junction.osm",
  osmXml({ 1: [0, 0], 2: [500, 0], 3: [1000, 0], 4: [500, -500] }, [
    { id: 1, nodes: [1, 2, 3], tags: { highway: "residential" } },
    { id: 2, nodes: [4, 2], tags: { highway: "residential" } },
  ]),
);
const at = (x: number, y: number) => lonLat(x, y).map((v) => v.toFixed(7)).join(",");

describe("the CLI's --model", () => {
  it("route --model turns: from 4 north, the same way at the posted limit plus 30 s for the left turn to 1, 10 s for the right turn to 3", async () => {
    const run = async (to: string, model: string) => JSON.parse((await cli("route", at(500, -500), to, "--osm", osm, "--model", model, "--format", "json", "--quiet", "--no-cache")).stdout);
    const [plainLeft, turnsLeft] = [await run(at(0, 0), "plain"), await run(at(0, 0), "turns")];
    expect(turnsLeft.model).toBe("turns");
    expect(turnsLeft.meters).toBe(plainLeft.meters);
    // 1000 m of residential street: 112.5 s at 0.8 × 40 km/h on plain, 90 s at 40 km/h on turns (each within a second's rounding).
    expect(Math.abs(turnsLeft.seconds - (plainLeft.seconds * 0.8 + 30))).toBeLessThanOrEqual(1);
    const [plainRight, turnsRight] = [await run(at(1000, 0), "plain"), await run(at(1000, 0), "turns")];
    expect(Math.abs(turnsRight.seconds - (plainRight.seconds * 0.8 + 10))).toBeLessThanOrEqual(1);
    expect(turnsLeft.seconds - turnsRight.seconds).toBe(20);
    const text = await cli("route", at(500, -500), at(0, 0), "--osm", osm, "--model", "turns", "--quiet", "--no-cache");
    expect(text.stdout).toMatch(/car, turns model/);
  });

  it("matrix --model turns gives the engine's turns trips", async () => {
    const csv = (rows: [string, number, number][]) => "id,lon,lat\n" + rows.map(([id, x, y]) => `${id},${at(x, y)}`).join("\n") + "\n";
    const origins = tempFile("o.csv", csv([["s", 500, -500], ["w", 0, 0]]));
    const dests = tempFile("d.csv", csv([["w", 0, 0], ["e", 1000, 0]]));
    const r = await cli("matrix", "--osm", osm, "--origins", origins, "--destinations", dests, "--model", "turns", "--format", "json", "--quiet", "--no-cache");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.model).toBe("turns");
    const router = new Router((await importOsm(osm)).graph, undefined, "turns");
    const place = (id: string, x: number, y: number) => router.place(id, ...(lonLat(x, y).map((v) => Number(v.toFixed(7))) as [number, number]));
    const trips = router.matrix([place("s", 500, -500), place("w", 0, 0)], [place("w", 0, 0), place("e", 1000, 0)], "car");
    expect(json.rows.map((row: { seconds: number }) => row.seconds)).toEqual(trips.flat().map((t) => Math.round(t!.timeDs / 10)));
  });

  it("refuses an unknown model with exit code 2, naming the choices", async () => {
    const r = await cli("route", at(0, 0), at(1000, 0), "--osm", osm, "--model", "edges", "--no-cache");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain, turns|plain", "turns/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("--model on the analysing commands (central Helsinki)", () => {
  const inputs = () => ["--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--services", join(EXAMPLES, "helsinki-centre-services.csv"), "--population", sharedData("population/hsy_population_grid_2021_250m.gpkg"), "--grouping", "none", "--no-cache"];
  const codesIn = (stderr: string) => [...stderr.matchAll(/^note: .* \[([a-z-]+)\]$/gm)].map((m) => m[1]);

  it("levels --model turns: the turns model's figures, slower than plain's here (the centre's many turns), with its note", async () => {
    const [plain, turns] = await Promise.all(["plain", "turns"].map((model) => cli("levels", ...inputs(), "--model", model, "--format", "json", "--thresholds", "5,10,15")));
    expect(turns.code, turns.stderr).toBe(0);
    const [p, t] = [JSON.parse(plain.stdout), JSON.parse(turns.stdout)];
    expect([p.model, t.model]).toEqual(["plain", "turns"]);
    expect(codesIn(turns.stderr)).toContain("turns-model");
    expect(codesIn(plain.stderr)).not.toContain("turns-model");
    const mean = (j: typeof p, level: string) => j.levels[level].find((r: { id: string }) => r.id === "all").mean_min;
    for (const level of ["L", "E"]) expect(mean(t, level)).toBeGreaterThan(mean(p, level));
  }, 120_000);

  it("reach --model turns: from and to the same places, every node's time at least plain's at the posted limit (most more), Helsinki's centre too, with the turns note", async () => {
    const osm = sharedData("osm/helsinki-centre.osm.pbf");
    const from = ["--from", "24.9486,60.1628", "--from", "24.9305,60.1680"];
    type NodeRow = { node: number; minutes: number };
    for (const direction of ["from", "to"]) {
      const run = (model: string, per: string) => cli("reach", "--osm", osm, ...from, "--direction", direction, "--thresholds", "3,6,9", "--per", per, "--model", model, "--format", "json", "--no-cache");
      const [plain, turns] = await Promise.all([run("plain", "node"), run("turns", "node")]);
      expect(turns.code, turns.stderr).toBe(0);
      expect(codesIn(turns.stderr)).toContain("turns-model");
      expect(codesIn(plain.stderr)).not.toContain("turns-model");
      const [p, t] = [JSON.parse(plain.stdout), JSON.parse(turns.stdout)];
      expect(t.notes.map((n: { code: string }) => n.code)).toContain("turns-model");
      const plainAt = new Map<number, number>(p.rows.map((r: NodeRow) => [r.node, r.minutes]));
      expect(t.rows.length).toBeGreaterThan(1000);
      let more = 0;
      for (const r of t.rows as NodeRow[]) {
        // Within 9 min on turns means within 9 / 0.8 min on plain, never sooner than 0.8 of plain's
        // (the same roads at the posted limit; the minutes are given to 0.1, edges rounded to a decisecond).
        const p = plainAt.get(r.node);
        if (p === undefined) {
          expect(r.minutes, `node ${r.node}`).toBeGreaterThan(9 * 0.8 - 0.1);
          continue;
        }
        expect(0.8 * p, `node ${r.node}`).toBeLessThanOrEqual(r.minutes + 0.1);
        if (r.minutes > 0.8 * p + 0.1) more++;
      }
      expect(more).toBeGreaterThan(t.rows.length / 2);

      const [pm, tm] = (await Promise.all([run("plain", "municipality"), run("turns", "municipality")])).map((x) => JSON.parse(x.stdout).rows.find((r: { code: string }) => r.code === "091"));
      expect(tm.on_network).toBe(true);
      expect(tm.minutes).toBeGreaterThan(pm.minutes);
    }
  }, 120_000);

  it("scenario and isochrones take it; a model that is not one is exit 2", async () => {
    // The scenario file names its service set.
    const scenario = tempFile("turns-scenario.json", JSON.stringify({ id: "kiinni", name: "Kamppi kiinni", services: join(EXAMPLES, "helsinki-centre-services.csv"), changes: [{ op: "close", id: "kamppi" }] }));
    const args = inputs().filter((_, i, a) => a[i] !== "--services" && a[i - 1] !== "--services");
    const s = await cli("scenario", "--scenario", scenario, ...args, "--model", "turns", "--format", "json", "--thresholds", "5,10,15");
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).model).toBe("turns");
    expect(codesIn(s.stderr)).toContain("turns-model");
    const iso = await cli("isochrones", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--from", "24.9486,60.1628", "--model", "turns", "--thresholds", "5,10", "--no-cache", "-q");
    expect(iso.code, iso.stderr).toBe(0);
    expect(JSON.parse(iso.stdout).palveluverkko.model).toBe("turns");
    const bad = await cli("levels", ...inputs(), "--model", "edges");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--model/);
  }, 120_000);
});
