// Walking and cycling rules (engine/modes.ts): which ways each mode uses, which way round, how fast.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIKE_KMH, PATH_CLASSES, STEPS_KMH, WALK_KMH, WAY_CLASS_TAGS, bikeRule, modeOf, ruleOf, walkRule } from "../../engine/modes.ts";
import { ROAD_CLASSES, carRule } from "../../engine/profiles.ts";

const tagOf = (cls: number) => WAY_CLASS_TAGS[cls];

describe("speeds", () => {
  it("walks at the matrix's 70 m/min, cycles at four times that, climbs steps at half", () => {
    expect(WALK_KMH).toBeCloseTo(4.2, 10);
    expect(BIKE_KMH).toBeCloseTo(16.8, 10);
    expect(STEPS_KMH).toBeCloseTo(2.1, 10);
  });
});

describe("walkRule", () => {
  it("walks a footway no car may drive", () => {
    expect(carRule({ highway: "footway" })).toBeNull();
    const r = walkRule({ highway: "footway", footway: "sidewalk" })!;
    expect(tagOf(r.roadClass)).toBe("footway");
    expect(r.forwardKmh).toEqual([WALK_KMH]);
    expect(walkRule({ highway: "footway", footway: "crossing" })).not.toBeNull();
  });

  it("climbs steps at half speed; a cyclist may not, except pushed up a ramp", () => {
    expect(walkRule({ highway: "steps" })!.forwardKmh).toEqual([STEPS_KMH]);
    expect(bikeRule({ highway: "steps" })).toBeNull();
    expect(bikeRule({ highway: "steps", "ramp:bicycle": "yes" })!.forwardKmh).toEqual([STEPS_KMH]);
  });

  it("keeps off motorways, their ramps and motor roads, as cyclists do", () => {
    for (const tags of [{ highway: "motorway" }, { highway: "motorway_link" }, { highway: "trunk", motorroad: "yes" }]) {
      expect(carRule(tags)).not.toBeNull();
      expect(walkRule(tags)).toBeNull();
      expect(bikeRule(tags)).toBeNull();
    }
    expect(walkRule({ highway: "trunk" })).not.toBeNull();
  });

  it("obeys foot=* over access=*", () => {
    expect(walkRule({ highway: "residential", foot: "no" })).toBeNull();
    expect(walkRule({ highway: "cycleway", foot: "no" })).toBeNull();
    expect(walkRule({ highway: "service", access: "private" })).toBeNull();
    expect(walkRule({ highway: "service", access: "no", foot: "yes" })).not.toBeNull();
    expect(walkRule({ highway: "footway", foot: "use_sidepath" })).toBeNull();
  });

  it("walks a one-way street both ways", () => {
    expect(carRule({ highway: "residential", oneway: "yes" })!.backward).toBe(false);
    const r = walkRule({ highway: "residential", oneway: "yes" })!;
    expect([r.forward, r.backward]).toEqual([true, true]);
    const round = walkRule({ highway: "primary", junction: "roundabout" })!;
    expect([round.forward, round.backward]).toEqual([true, true]);
  });

  it("walks car roads at walking speed, whatever their limit, and takes ferries at their time", () => {
    expect(walkRule({ highway: "primary", maxspeed: "80" })!.forwardKmh).toEqual([WALK_KMH]);
    expect(tagOf(walkRule({ highway: "primary" })!.roadClass)).toBe("primary");
    const ferry = walkRule({ route: "ferry", duration: "00:15" })!;
    expect(ferry.durationS).toBe(900);
    expect(walkRule({ route: "ferry", foot: "no" })).toBeNull();
  });

  it("leaves out areas, buildings' outlines and non-ways", () => {
    expect(walkRule({ highway: "pedestrian", area: "yes" })).toBeNull();
    expect(walkRule({ building: "yes" })).toBeNull();
    expect(walkRule({ highway: "construction" })).toBeNull();
  });
});

describe("bikeRule", () => {
  it("rides a cycleway and a path at cycling speed", () => {
    expect(carRule({ highway: "cycleway" })).toBeNull();
    expect(bikeRule({ highway: "cycleway" })!.forwardKmh).toEqual([BIKE_KMH]);
    expect(bikeRule({ highway: "path" })!.forwardKmh).toEqual([BIKE_KMH]);
    expect(bikeRule({ highway: "residential" })!.forwardKmh).toEqual([BIKE_KMH]);
  });

  it("walks the bike on a footway unless cycling is signed, and on bicycle=dismount", () => {
    expect(bikeRule({ highway: "footway" })!.forwardKmh).toEqual([WALK_KMH]);
    expect(bikeRule({ highway: "footway", bicycle: "yes" })!.forwardKmh).toEqual([BIKE_KMH]);
    expect(bikeRule({ highway: "pedestrian", bicycle: "designated" })!.forwardKmh).toEqual([BIKE_KMH]);
    expect(bikeRule({ highway: "residential", bicycle: "dismount" })!.forwardKmh).toEqual([WALK_KMH]);
  });

  it("obeys bicycle=* over vehicle=* over access=*", () => {
    expect(bikeRule({ highway: "cycleway", bicycle: "no" })).toBeNull();
    expect(bikeRule({ highway: "service", vehicle: "no" })).toBeNull();
    expect(bikeRule({ highway: "service", access: "no", bicycle: "yes" })).not.toBeNull();
    expect(bikeRule({ highway: "bridleway" })).toBeNull();
  });

  it("keeps a one-way street's direction unless oneway:bicycle=no or a contraflow lane", () => {
    const one = bikeRule({ highway: "residential", oneway: "yes" })!;
    expect([one.forward, one.backward]).toEqual([true, false]);
    const reverse = bikeRule({ highway: "residential", oneway: "-1" })!;
    expect([reverse.forward, reverse.backward]).toEqual([false, true]);
    for (const extra of [{ "oneway:bicycle": "no" }, { cycleway: "opposite_lane" }]) {
      const r = bikeRule({ highway: "residential", oneway: "yes", ...extra })!;
      expect([r.forward, r.backward]).toEqual([true, true]);
    }
    const own = bikeRule({ highway: "cycleway", "oneway:bicycle": "yes" })!;
    expect([own.forward, own.backward]).toEqual([true, false]);
    const round = bikeRule({ highway: "tertiary", junction: "roundabout" })!;
    expect([round.forward, round.backward]).toEqual([true, false]);
  });
});

describe("modes", () => {
  it("chooses the graph by profile: walk and bike their own, every car profile the car's", () => {
    expect(["walk", "bike", "car", "car-winter", "car-winter-rush"].map(modeOf)).toEqual(["walk", "bike", "car", "car", "car"]);
    expect(ruleOf("walk")).toBe(walkRule);
    expect(ruleOf("car")).toBe(carRule);
  });

  it("numbers the path classes after the car's, so a car graph's classes keep their meaning", () => {
    expect(WAY_CLASS_TAGS.slice(0, ROAD_CLASSES.length)).toEqual(ROAD_CLASSES.map((c) => c.tag));
    expect(WAY_CLASS_TAGS.length).toBe(ROAD_CLASSES.length + PATH_CLASSES.length);
    expect(WAY_CLASS_TAGS.length).toBeLessThan(256); // a Uint8 column
  });
});

describe("README walking and cycling table", () => {
  it("lists every path class with the code's rule and source", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const c of PATH_CLASSES) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${c.tag}\` | `) && l.split("|").length === 6);
      expect(row, c.tag).toBeDefined();
      const cells = row!.split("|").map((x) => x.trim());
      expect(cells.slice(2, 5), c.tag).toEqual([c.walkKmh > 0 ? "yes" : "no", { ride: "yes", push: "walked", no: "no" }[c.bike], c.source]);
    }
    for (const [what, kmh] of [["walking", WALK_KMH], ["cycling", BIKE_KMH], ["steps, on foot", STEPS_KMH]] as const) {
      const row = readme.split("\n").find((l) => l.startsWith(`| ${what} |`));
      expect(row?.split("|")[2].trim(), what).toBe(kmh.toFixed(1));
    }
  });
});
