// `route --model turns` and `matrix --model turns` as a user runs them: on a T junction written in
// code, the left turn costs R5's 30 s more than the plain model's time, and the matrix is the engine's.
import { describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { Router } from "../../engine/route.ts";
import { lonLat, osmXml, tempFile } from "../fixtures/osm.ts";
import { cli } from "../fixtures/cli.ts";

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
  it("route --model turns: from 4 north, left to 1 costs 30 s more than on the plain model, right to 3 10 s more", async () => {
    const run = async (to: string, model: string) => JSON.parse((await cli("route", at(500, -500), to, "--osm", osm, "--model", model, "--format", "json", "--quiet", "--no-cache")).stdout);
    const [plainLeft, turnsLeft] = [await run(at(0, 0), "plain"), await run(at(0, 0), "turns")];
    expect(turnsLeft.model).toBe("turns");
    expect(turnsLeft.seconds - plainLeft.seconds).toBe(30);
    expect(turnsLeft.meters).toBe(plainLeft.meters);
    const [plainRight, turnsRight] = [await run(at(1000, 0), "plain"), await run(at(1000, 0), "turns")];
    expect(turnsRight.seconds - plainRight.seconds).toBe(10);
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
