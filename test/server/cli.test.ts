// The CLI as a user runs it: the real binary in a child process, on a fixture and the real extract.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { importOsm } from "../../data/osm/import.ts";
import { Router } from "../../engine/route.ts";
import { haversineM } from "../../engine/units.ts";
import { lonLat, osmXml, scratchDir, tempFile, type FixtureWay } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { BIN, cli, type Run } from "../fixtures/cli.ts";
import { execFile } from "node:child_process";




/** A clear failure: exit code 2 and one line on stderr, no stack trace. */
function expectCleanError(r: Run, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
}

// A 2 × 1 km block of two-way residential streets, with one slow street (maxspeed 20) across it.
//  4 ──── 5 ──── 6
//  │      │20    │
//  1 ──── 2 ──── 3
const nodes: Record<number, [number, number]> = { 1: [0, 0], 2: [1000, 0], 3: [2000, 0], 4: [0, 1000], 5: [1000, 1000], 6: [2000, 1000] };
const ways: FixtureWay[] = [
  { id: 1, nodes: [1, 2, 3, 6, 5, 4, 1], tags: { highway: "residential" } },
  { id: 2, nodes: [2, 5], tags: { highway: "residential", maxspeed: "20" } },
];

describe("palveluverkko CLI", () => {
  let osm: string;
  let origins: string;
  let dests: string;
  beforeAll(() => {
    osm = tempFile("block.osm", osmXml(nodes, ways));
    const csv = (rows: [string, number, number][]) =>
      "id,lon,lat\n" + rows.map(([id, x, y]) => [id, ...lonLat(x, y).map((v) => v.toFixed(7))].join(",")).join("\n") + "\n";
    origins = tempFile("o.csv", csv([["a", 0, 0], ["b", 2000, 1000]]));
    dests = tempFile("d.csv", csv([["c", 1000, 1000], ["d", 2000, 0], ["e", 500, 10]]));
  });

  it("runs compiled JavaScript (dist/, built by npm ci and before the tests), and the TypeScript sources only when asked or after an edit", async () => {
    const run = (env: Record<string, string>) =>
      new Promise<string>((resolve) => execFile(process.execPath, [BIN, "--help"], { env: { ...process.env, PALVELUVERKKO_DEBUG: "1", ...env } }, (_err, _out, stderr) => resolve(stderr)));
    expect(await run({}), "dist/ is missing or older than a source file: `npm test` builds it first (npm run build)").toMatch(/running dist\/cli\.js \(compiled\)/);
    expect(await run({ PALVELUVERKKO_FROM_SOURCE: "1" })).toMatch(/running the TypeScript sources through tsx/);
  });

  it("prints help for every command and exits 0", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    for (const c of ["import", "route", "reach", "matrix", "start"]) expect(r.stdout).toContain(c);
    const m = await cli("matrix", "--help");
    expect(m.stdout).toMatch(/--origins/);
  });

  it("matrix writes origin_id,destination_id,seconds,meters, matching the engine", async () => {
    const r = await cli("matrix", "--osm", osm, "--origins", origins, "--destinations", dests, "--quiet");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("origin_id,destination_id,seconds,meters");
    expect(lines).toHaveLength(1 + 2 * 3);
    const { graph } = await importOsm(osm);
    const router = new Router(graph);
    const place = (id: string, x: number, y: number) => router.place(id, ...lonLat(x, y));
    const trip = router.route(place("a", 0, 0), place("c", 1000, 1000), "car")!;
    expect(lines[1]).toBe(`a,c,${Math.round(trip.timeDs / 10)},${Math.round(trip.lengthM)}`);
    // a → c: 1 km east and 1 km north at 32 km/h beats the 20 km/h street: 225 s, 2000 m.
    expect(Math.round(trip.timeDs / 10)).toBeCloseTo(225, -1);
  });

  it("matrix reads a built graph file as well as an extract, with the same result", async () => {
    const out = join(scratchDir(), "block.pvg");
    expect((await cli("import", "--osm", osm, "--out", out, "--quiet")).code).toBe(0);
    const a = await cli("matrix", "--osm", osm, "--origins", origins, "--destinations", dests, "--quiet");
    const b = await cli("matrix", "--osm", out, "--origins", origins, "--destinations", dests, "--quiet");
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it("matrix of 300 × 300 places builds the contraction hierarchy, caches it beside the graph, and the next run reads it: the searches' answers each time", async () => {
    const dir = join(scratchDir(), `hierarchy-cli-${process.pid}`);
    const places = (seed: number) => {
      let s = seed;
      const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      return Array.from({ length: 300 }, (_, i) => [`p${seed}-${i}`, next() * 2000, next() * 1000] as [string, number, number]);
    };
    const csv = (rows: [string, number, number][]) => "id,lon,lat\n" + rows.map(([id, x, y]) => [id, ...lonLat(x, y).map((v) => v.toFixed(7))].join(",")).join("\n") + "\n";
    const [o, d] = [places(1), places(2)];
    const [oFile, dFile] = [tempFile("o300.csv", csv(o)), tempFile("d300.csv", csv(d))];
    const first = await cli("matrix", "--osm", osm, "--origins", oFile, "--destinations", dFile, "--cache-dir", dir, "--quiet");
    expect(first.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith(".pvh"))).toHaveLength(1);
    const second = await cli("matrix", "--osm", osm, "--origins", oFile, "--destinations", dFile, "--cache-dir", dir, "--quiet");
    expect(second.stdout).toBe(first.stdout);
    const { graph } = await importOsm(osm);
    const router = new Router(graph);
    // The places as the CSV gives them (7 decimals), as the CLI reads them.
    const [op, dp] = [o, d].map((rows) => rows.map(([id, x, y]) => router.place(id, ...(lonLat(x, y).map((v) => Number(v.toFixed(7))) as [number, number]))));
    const m = router.matrix(op, dp, "car", undefined, "searches");
    const want = op.flatMap((a, i) => dp.map((b, j) => `${a.id},${b.id},${Math.round(m[i][j]!.timeDs / 10)},${Math.round(m[i][j]!.lengthM)}`));
    expect(first.stdout.trim().split("\n").slice(1)).toEqual(want);
  });

  it("matrix --format json and --profile car-winter", async () => {
    const r = await cli("matrix", "--osm", osm, "--origins", origins, "--destinations", dests, "--format", "json", "--profile", "car-winter", "--quiet");
    const json = JSON.parse(r.stdout);
    expect(json.profile).toBe("car-winter");
    expect(json.rows[0]).toMatchObject({ origin_id: "a", destination_id: "c" });
  });

  it("matrix --door-to-door adds door_to_door_seconds beside the drive's seconds, which stay as they were", async () => {
    const plain = (await cli("matrix", "--osm", osm, "--origins", origins, "--destinations", dests, "--quiet")).stdout.trim().split("\n");
    const r = await cli("matrix", "--osm", osm, "--origins", origins, "--destinations", dests, "--door-to-door", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("origin_id,destination_id,seconds,meters,door_to_door_seconds");
    const { graph } = await importOsm(osm);
    const router = new Router(graph);
    const [a, c] = [router.place("a", ...lonLat(0, 0)), router.place("c", ...lonLat(1000, 1000))];
    const trip = router.route(a, c, "car")!;
    // Outside Helsinki's inner city: the connectors walked at 70 m/min instead, 135 m to and from the car, 0.42 min parking search.
    const want = trip.timeDs / 10 - (a.connectorDs + c.connectorDs) / 10 + ((a.snap.distanceM + 135 + 135 + c.snap.distanceM) / 70 + 0.42) * 60;
    expect(lines[1]).toBe(`${plain[1]},${Math.round(want)}`);
  });

  it("matrix output to --out is written whole", async () => {
    const out = join(scratchDir(), "m.csv");
    await cli("matrix", "--osm", osm, "--origins", origins, "--destinations", dests, "--out", out, "--quiet");
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe("origin_id,destination_id,seconds,meters");
  });

  it("reach counts nodes per band", async () => {
    const r = await cli("reach", "--osm", osm, "--from", lonLat(0, 0).join(","), "--thresholds", "1,2,3", "--quiet");
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split("\n");
    expect(rows[0]).toBe("threshold_min,nodes,road_km");
    // 1 min at 32 km/h is 533 m: only node 1; 2 min (1067 m): 1, 2 and 4; 3 min (1600 m): still those three.
    expect(rows.slice(1).map((l) => l.split(",")[1])).toEqual(["1", "3", "3"]);
  });

  it("bad input: missing file, corrupt file, bad CSV, unknown municipality, threshold over 180", async () => {
    expectCleanError(await cli("route", "0,0", "1,1", "--osm", "/nonexistent/x.osm.pbf"), /not found/i);
    const corrupt = tempFile("corrupt.osm.pbf", new Uint8Array([0, 0, 0, 9, 1, 2, 3]));
    expectCleanError(await cli("route", "24.9,60.2", "24.91,60.2", "--osm", corrupt, "--no-cache"), /not a valid OSM PBF|truncated/);
    const badCsv = tempFile("bad.csv", "id,lon,lat\nx,24.9,60.2\ny,abc,60.2\n");
    expectCleanError(await cli("matrix", "--osm", osm, "--origins", badCsv, "--destinations", dests), /line 3: lon "abc"/);
    const noHeader = tempFile("nohead.csv", "name,x,y\nx,24.9,60.2\n");
    expectCleanError(await cli("matrix", "--osm", osm, "--origins", noHeader, "--destinations", dests), /id,lon,lat/);
    expectCleanError(await cli("route", "Atlantis", "Helsinki", "--osm", osm), /Atlantis/);
    expectCleanError(await cli("reach", "--osm", osm, "--from", "24.9,60.2", "--thresholds", "30,240"), /240/);
    expectCleanError(await cli("route", "24.9,60.2", "--osm", osm), /missing required argument/);
  });

  it("a point in the sea is refused, naming it", async () => {
    // 24.95, 60.12 is open sea about 3 km south of the Helsinki peninsula.
    const r = await cli("route", "24.95,60.12", "24.94,60.17", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--quiet");
    expectCleanError(r, /24\.95,60\.12 \(24\.95000, 60\.12000\) lies outside the extract: its roads span 24\.8\d\d–24\.9\d\d E/);
    expect(r.stderr).not.toMatch(/other way round/); // swapped, it is no better: no hint
  });

  it("a place given latitude first gets a hint to swap, when the other order is on the roads", async () => {
    // Senate Square as a map shows it, "60.1694, 24.9525": latitude first.
    const r = await cli("route", "60.1694,24.9525", "24.94,60.17", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--quiet");
    expectCleanError(r, /with the two numbers the other way round \(lon 24\.9525, lat 60\.1694\) it is on the roads: give lon first, then lat/);
  });

  it("reach per municipality: Helsinki's centre is in the extract and near, Espoo's is outside it", async () => {
    const r = await cli("reach", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--from", "24.9526,60.1675", "--per", "municipality", "--quiet");
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split("\n");
    expect(rows[0]).toBe("code,name_fi,name_sv,on_network,minutes,band_min");
    // The municipalities whose centres lie within about 15 km of the extract's roads: Helsinki, Espoo, Vantaa, Kauniainen.
    expect(rows.slice(1).map((l) => l.slice(0, 3)).sort()).toEqual(["049", "091", "092", "235"]);
    const helsinki = rows.find((l) => l.startsWith("091,"))!.split(",");
    expect(helsinki.slice(1, 4)).toEqual(["Helsinki", "Helsingfors", "yes"]);
    expect(Number(helsinki[4])).toBeGreaterThan(0);
    expect(Number(helsinki[4])).toBeLessThan(10);
    expect(helsinki[5]).toBe("15");
    expect(rows.find((l) => l.startsWith("049,"))).toBe("049,Espoo,Esbo,no,,");
  });

  it("isochrones: nested GeoJSON bands in WGS84 with the roads' source, or an SVG picture", async () => {
    const out = join(scratchDir(), "iso.geojson");
    const r = await cli("isochrones", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--from", "24.9414,60.1719", "--thresholds", "2,4,8", "--out", out, "--quiet");
    expect(r.code).toBe(0);
    const fc = JSON.parse(readFileSync(out, "utf8"));
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features.map((f: { properties: { threshold_min: number } }) => f.properties.threshold_min)).toEqual([2, 4, 8]);
    const [lon, lat] = fc.features[0].geometry.coordinates[0][0][0];
    expect(lon).toBeGreaterThan(24.89);
    expect(lat).toBeGreaterThan(60.14);
    expect(fc.palveluverkko.roads).toMatch(/OpenStreetMap/);
    const svg = await cli("isochrones", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--from", "Helsinki", "--thresholds", "5,10", "--format", "svg", "--quiet");
    expect(svg.stdout.startsWith("<svg")).toBe(true);
    expect(svg.stdout).toContain("≤ 10 min");
    expectCleanError(await cli("isochrones", "--osm", osm, "--from", "24.9,60.2", "--bbox", "1,2,3"), /--bbox/);
  });

  it("routes to a municipality whose centre is off the extract: to the nearest part of it the roads reach, said so", async () => {
    const tampere = sharedData("osm/tampere.osm.pbf");
    const r = await cli("route", "Tampere", "Nokia", "--osm", tampere, "--format", "json", "--quiet");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    // Nokia's centre (23.505, 61.477) lies west of the extract's roads (23.518–23.915 E); its eastern part is inside.
    expect(j.from.in_extract).toBeUndefined();
    expect(j.to.in_extract.lon).toBeGreaterThan(23.518);
    expect(j.to.in_extract.from_centre_m).toBeGreaterThan(500);
    expect(j.to.in_extract.from_centre_m).toBeLessThan(5000);
    // The road is no shorter than the straight line to the point it reaches and not much longer (detour factor
    // 1.0–1.6, as between Finnish towns), at an average speed of 30–60 km/h through Tampere and along route 12/E12.
    const straightM = haversineM(j.from.lon, j.from.lat, j.to.in_extract.lon, j.to.in_extract.lat);
    expect(j.meters).toBeGreaterThanOrEqual(straightM);
    expect(j.meters).toBeLessThan(1.6 * straightM);
    const kmh = j.meters / 1000 / (j.seconds / 3600);
    expect(kmh).toBeGreaterThan(30);
    expect(kmh).toBeLessThan(60);
    const text = await cli("route", "Tampere", "Nokia", "--osm", tampere, "--quiet");
    expect(text.stdout).toMatch(/Nokia's centre is off the extract: to its nearest part the roads reach, \d+\.\d km from the centre/);
    // Helsinki has no land in the Tampere extract: refused, naming it.
    expectCleanError(await cli("route", "Tampere", "Helsinki", "--osm", tampere, "--quiet"), /Helsinki \(24\.95\d+, 60\.16\d+\) lies outside the extract/);
  });

  it("routes between two real places in central Helsinki", async () => {
    const r = await cli("route", "24.9414,60.1719", "24.9526,60.1675", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--format", "json", "--quiet");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.seconds).toBeGreaterThan(60);
    expect(j.meters).toBeGreaterThan(700);
    expect(j.door_to_door).toBeUndefined(); // drive times unless asked
    expect(j.notes.map((n: { code: string }) => n.code)).not.toContain("door-to-door");
  });

  it("route --door-to-door adds the matrix's walks and parking search (both ends in the inner city); --time rush is slower; text says which is which", async () => {
    const args = ["route", "24.9414,60.1719", "24.9526,60.1675", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--quiet"];
    const j = JSON.parse((await cli(...args, "--door-to-door", "--format", "json")).stdout);
    const { from, to, door_to_door: d } = j;
    // The connectors (20 km/h) give way to walks at 70 m/min: 180 m to and from the car each in the inner city.
    const connectorsMin = (from.snapDistanceM + to.snapDistanceM) / (20000 / 60);
    expect(d.drive_min).toBeCloseTo(j.seconds / 60 - connectorsMin, 0);
    expect(d.walk_min).toBeCloseTo((from.snapDistanceM + 180 + 180 + to.snapDistanceM) / 70, 1);
    expect(d.parking_min).toBe(0.42);
    expect(d.minutes).toBeCloseTo(d.drive_min + d.walk_min + 0.42, 1);
    // The note saying what door to door counts, as the API's trip and cell replies give it.
    expect(j.notes.find((n: { code: string }) => n.code === "door-to-door").text.en).toMatch(/as the Helsinki Region Travel Time Matrix counts a car trip .* Planning figures are drive times\.$/);
    const rush = JSON.parse((await cli(...args, "--door-to-door", "--time", "rush", "--format", "json")).stdout);
    expect(rush.profile).toBe("car-rush");
    expect(rush.door_to_door.minutes).toBeGreaterThan(d.minutes);
    const text = await cli(...args, "--door-to-door");
    expect(text.stdout).toMatch(/: \d+\.\d min, [\d.]+ km \(car; .*\n  door to door, as the Helsinki Region Travel Time Matrix counts a car trip: \d+\.\d min \(drive [\d.]+, walks [\d.]+, parking search 0\.42\)/);
  });

  it("route --profile walk and bike go on their own graphs, shorter than the car's one-way streets; the time of day, the turn model and door to door on foot are exit 2 naming the option", async () => {
    const args = ["route", "24.94215,60.17105", "24.95265,60.16765", "--osm", sharedData("osm/helsinki-centre.osm.pbf"), "--quiet", "--format", "json"];
    const [car, walk, bike] = await Promise.all(["car", "walk", "bike"].map(async (p) => JSON.parse((await cli(...args, "--profile", p)).stdout)));
    expect(walk.profile).toBe("walk");
    expect(walk.meters).toBeLessThan(car.meters);
    // 4.2 km/h along the path, but for the connectors at 20 km/h: within 3 %.
    expect(walk.seconds / (walk.meters / (4200 / 3600))).toBeGreaterThan(0.97);
    expect(walk.seconds / (walk.meters / (4200 / 3600))).toBeLessThan(1.03);
    expect(bike.seconds).toBeLessThan(walk.seconds / 2);
    for (const [extra, word] of [[["--time", "rush"], "--time"], [["--model", "turns"], "--model"], [["--door-to-door"], "--door-to-door"]] as const) {
      const r = await cli(...args, "--profile", "walk", ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(word);
    }
  });
});
