// `palveluverkko scenario` as a user runs it, on the real Tampere extract with 2022 totals:
// closing a health station makes people worse off only near it, and never helps anyone.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readScenario, parseScenario } from "../../data/scenario-file.ts";
import { InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { scratchDir, tempFile } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { cli, EXAMPLES } from "../fixtures/cli.ts";



describe("palveluverkko scenario (real Tampere roads, Sotkanet 2022 totals)", () => {
  let scenario: string;
  let inputs: string[];
  beforeAll(() => {
    scenario = tempFile(
      "close-lielahti.json",
      JSON.stringify({
        id: "close-lielahti",
        name: "Lielahti health station closes",
        region: "pirkanmaa",
        services: join(EXAMPLES, "tampere-services.csv"),
        changes: [{ op: "close", id: "lielahti" }],
      }),
    );
    inputs = [
      "--osm", sharedData("osm/tampere.osm.pbf"),
      "--totals", sharedData("municipalities/geofi_sotkadata_population.csv"),
      "--municipalities", sharedData("municipalities/statfi_municipalities_2023.gpkg"),
      "--grouping", "none", "-q",
    ];
  });

  it("reports who loses L access by municipality, nobody gains, and A and E do not change", async () => {
    const r = await cli("scenario", "--scenario", scenario, ...inputs, "--format", "json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.changed_points).toEqual(["lielahti"]);
    // The diff rows per level, as POST /api/scenarios/run answers them.
    const rows = (["L", "A", "E"] as const).flatMap((level) => out.diff[level].map((x: object) => ({ ...x, level })));
    const row = (level: string, id: string) => rows.find((x: { level: string; id: string }) => x.level === level && x.id === id);
    // Lielahti is in western Tampere: Ylöjärvi, next to it, loses most; nobody anywhere gains.
    const tre = row("L", "837");
    const ylo = row("L", "980");
    expect(tre.worse).toBeGreaterThan(1000);
    expect(ylo.scenario.mean_min).toBeGreaterThan(ylo.base.mean_min + 2);
    for (const x of rows) {
      expect(x.better).toBe(0);
      expect(x.saved_minutes_at_least).toBe(0);
      if (x.level !== "L") expect([x.worse, x.changed]).toEqual([0, 0]);
      expect(x.transitions.flat().reduce((s: number, v: number) => s + v, 0)).toBe(x.population);
    }
    const all = row("L", "all");
    expect(all.population).toBe(rows.filter((x: { level: string; id: string }) => x.level === "L" && x.id !== "all").reduce((s: number, x: { population: number }) => s + x.population, 0));
  });

  it("writes the cells whose time changed as GeoJSON, only for level L", async () => {
    const r = await cli("scenario", "--scenario", scenario, ...inputs, "--format", "geojson");
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.stdout);
    const cells = fc.features.filter((f: { properties: { kind?: string } }) => f.properties.kind !== "service_point");
    expect(cells.length).toBeGreaterThan(50);
    for (const f of cells) {
      expect(f.properties.level).toBe("L");
      if (f.properties.change_min !== null) expect(f.properties.change_min).toBeGreaterThan(0);
    }
    const point = fc.features.find((f: { properties: { kind?: string } }) => f.properties.kind === "service_point");
    expect(point.properties).toMatchObject({ id: "lielahti", open: false, was: { open: true } });
  });

  it("refuses a scenario naming an unknown point, or a bad change, by field, with exit code 2", async () => {
    const bad = tempFile("bad.json", JSON.stringify({ id: "x", name: "x", services: join(EXAMPLES, "tampere-services.csv"), changes: [{ op: "close", id: "nowhere" }] }));
    const r = await cli("scenario", "--scenario", bad, ...inputs);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/changes\[0\].*"nowhere"/);
    expect(() => parseScenario('{"id":"x","name":"x","region":"uusimaa","changes":[{"op":"relevel","id":"a","level":"Q"}]}', "t.json")).toThrow(InvalidInputError);
    let err: unknown = null;
    try {
      parseScenario('{"id":"x","name":"x","region":"uusimaa","changes":[{"op":"move","id":"a","lon":24,"lat":"60"}]}', "t.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).field).toBe("changes[0].lat");
    expect((err as Error).message).toMatch(/"60"/);
    expect(() => parseScenario("{not json", "t.json")).toThrow(/not valid JSON/);
    await expect(readScenario(join(scratchDir(), "absent.json"))).rejects.toBeInstanceOf(NotFoundError);
  });
});
