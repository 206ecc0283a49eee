// data/osm/water.ts: water polygons from OSM extracts. Real extracts (../shared/data/osm): what
// each holds was checked first: helsinki-kluuvi has Töölönlahti as a closed natural=water way cut
// by the extract's box, helsinki-centre has the sea only as natural=coastline (110 ways, cut by the
// box) and ponds and basins, and no water multipolygon relation; tampere.osm.pbf holds roads only
// (no water or coastline tag at all), so Näsijärvi and Pyhäjärvi cannot be checked on it. The
// multipolygon assembly (split and reversed members, an island as a hole) is checked on XML built here.
import { describe, expect, it } from "vitest";
import { assembleRings, inWater, readWater, type WaterPolygon } from "../../data/osm/water.ts";
import { inFinlandWgs84 } from "../../engine/finland.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { tempFile } from "../fixtures/osm.ts";

const wet = (polygons: readonly WaterPolygon[], lon: number, lat: number) => polygons.filter((p) => inWater(p, lon, lat)).map((p) => p.source);

function expectValid(polygons: readonly WaterPolygon[]): void {
  for (const p of polygons) {
    for (const ring of p.rings) {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [lon, lat] of ring) expect(inFinlandWgs84(lon, lat)).toBe(true);
    }
  }
}

describe("readWater on the real extracts", () => {
  it("helsinki-kluuvi: a point in Töölönlahti is in water (the lake cut by the box is closed along it)", async () => {
    const { polygons, stats } = await readWater(sharedData("osm/helsinki-kluuvi.osm.pbf"));
    expectValid(polygons);
    expect(wet(polygons, 24.936, 60.178)).toContain("way/122872049");
    expect(stats.cut).toBeGreaterThan(0);
  });

  it("helsinki-centre: the sea from the coastline, with islands as holes; Kamppi is dry", async () => {
    const { polygons, stats } = await readWater(sharedData("osm/helsinki-centre.osm.pbf"));
    expectValid(polygons);
    expect(stats).toMatchObject({ relations: 0, coastlineWays: 110, openRings: 0, incomplete: 0, sea: "drawn" });
    expect(wet(polygons, 24.931, 60.168)).toEqual([]); // Kamppi
    expect(wet(polygons, 24.975, 60.16)).toEqual(["coastline"]); // between Katajanokka and Suomenlinna
    expect(wet(polygons, 24.954, 60.1665)).toEqual(["coastline"]); // the South Harbour off the market square
    expect(wet(polygons, 24.9505, 60.1734)).toEqual([]); // the cathedral
    // Valkosaari, a closed coastline way (an island), is a hole in the sea.
    const sea = polygons.filter((p) => p.source === "coastline");
    expect(sea.reduce((n, p) => n + p.rings.length - 1, 0)).toBeGreaterThan(10);
  });

  it("tampere: a roads-only extract gives no water and skips the nodes pass; Keskustori is dry", async () => {
    const { polygons, stats } = await readWater(sharedData("osm/tampere.osm.pbf"));
    expect(polygons).toEqual([]);
    expect(stats).toMatchObject({ ways: 0, relations: 0, coastlineWays: 0, sea: "no coastline" });
    expect(wet(polygons, 23.761, 61.498)).toEqual([]);
  });
});

/** A lake in two ways (the second drawn backwards) with an island way as its inner ring, and a broken relation. */
const LAKE_XML = `<?xml version="1.0"?>
<osm version="0.6">
  <node id="1" lon="25.00" lat="61.00"/><node id="2" lon="25.10" lat="61.00"/><node id="3" lon="25.10" lat="61.10"/><node id="4" lon="25.00" lat="61.10"/>
  <node id="5" lon="25.04" lat="61.04"/><node id="6" lon="25.06" lat="61.04"/><node id="7" lon="25.06" lat="61.06"/><node id="8" lon="25.04" lat="61.06"/>
  <node id="9" lon="25.20" lat="61.00"/><node id="10" lon="25.30" lat="61.00"/><node id="11" lon="25.30" lat="61.10"/>
  <node id="12" lon="25.40" lat="61.00"/><node id="13" lon="25.45" lat="61.00"/><node id="14" lon="25.45" lat="61.05"/>
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/></way>
  <way id="101"><nd ref="1"/><nd ref="4"/><nd ref="3"/></way>
  <way id="102"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="5"/></way>
  <way id="103"><nd ref="9"/><nd ref="10"/><nd ref="11"/></way>
  <way id="104"><tag k="landuse" v="reservoir"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="12"/></way>
  <relation id="200"><tag k="type" v="multipolygon"/><tag k="natural" v="water"/>
    <member type="way" ref="100" role="outer"/><member type="way" ref="101" role="outer"/><member type="way" ref="102" role="inner"/></relation>
  <relation id="201"><tag k="type" v="multipolygon"/><tag k="natural" v="water"/><member type="way" ref="103" role="outer"/></relation>
</osm>`;

describe("readWater on a built fixture", () => {
  it("joins split and reversed outer ways into a ring, keeps the island out, drops a ring that does not close", async () => {
    const { polygons, stats } = await readWater(tempFile("lake.osm", LAKE_XML));
    expect(polygons.map((p) => [p.source, p.rings.length])).toEqual([["way/104", 1], ["relation/200", 2]]);
    expect(wet(polygons, 25.02, 61.02)).toEqual(["relation/200"]); // the lake
    expect(wet(polygons, 25.05, 61.05)).toEqual([]); // the island
    expect(wet(polygons, 25.44, 61.01)).toEqual(["way/104"]); // the reservoir
    expect(wet(polygons, 25.28, 61.02)).toEqual([]); // inside the broken relation's open line
    expect(stats).toMatchObject({ ways: 1, relations: 2, openRings: 1, cut: 0, incomplete: 0, sea: "no coastline" });
  });

  it("assembleRings joins ways either way round and counts what does not close", () => {
    expect(assembleRings([[1, 2, 3], [5, 4, 3], [5, 1]])).toEqual({ rings: [[1, 2, 3, 4, 5, 1]], open: 0 });
    expect(assembleRings([[1, 2], [2, 3]])).toEqual({ rings: [], open: 1 });
    expect(assembleRings([[7, 8, 9, 7]])).toEqual({ rings: [[7, 8, 9, 7]], open: 0 });
  });
});
