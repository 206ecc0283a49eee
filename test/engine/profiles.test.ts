// The speed model's parsers, and the README's speed table, which must say what the code does.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROAD_CLASSES, SPEED_REDUCTION, FERRY_CLASS, carRule, parseDurationS, parseMaxspeed, winterLimitKmh } from "../../engine/profiles.ts";

describe("parseMaxspeed", () => {
  it("reads numbers, mph, Finnish zone values, and refuses the rest", () => {
    expect(parseMaxspeed("50")).toBe(50);
    expect(parseMaxspeed(" 80 km/h")).toBe(80);
    expect(parseMaxspeed("30 mph")).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed("FI:urban")).toBe(50);
    expect(parseMaxspeed("fi:rural")).toBe(80);
    expect(parseMaxspeed("FI:30")).toBe(30);
    expect(parseMaxspeed("FI:living_street")).toBe(20);
    for (const bad of ["none", "signals", "", "fast", "-20", "0", "900", undefined]) expect(parseMaxspeed(bad)).toBeUndefined();
  });
});

describe("parseDurationS", () => {
  it("reads HH:MM, HH:MM:SS, minutes and ISO 8601", () => {
    expect(parseDurationS("00:20")).toBe(1200);
    expect(parseDurationS("1:05:30")).toBe(3930);
    expect(parseDurationS("45")).toBe(2700);
    expect(parseDurationS("PT1H20M")).toBe(4800);
    expect(parseDurationS("PT")).toBeUndefined();
    expect(parseDurationS("soon")).toBeUndefined();
  });
});

describe("carRule", () => {
  it("applies winter limits only to the fast roads", () => {
    expect([120, 100, 80, 60].map(winterLimitKmh)).toEqual([100, 80, 80, 60]);
    const r = carRule({ highway: "primary", maxspeed: "100" })!;
    expect(r.forwardKmh).toEqual([100 * SPEED_REDUCTION, 80 * SPEED_REDUCTION]);
    expect(carRule({ highway: "primary", maxspeed: "100", "maxspeed:winter": "60" })!.forwardKmh[1]).toBe(60 * SPEED_REDUCTION);
  });

  it("reads direction-specific limits", () => {
    const r = carRule({ highway: "secondary", "maxspeed:forward": "60", "maxspeed:backward": "40" })!;
    expect(r.forwardKmh[0]).toBe(60 * SPEED_REDUCTION);
    expect(r.backwardKmh[0]).toBe(40 * SPEED_REDUCTION);
  });

  it("leaves out what a car may not use", () => {
    for (const tags of [{ highway: "footway" }, { highway: "track" }, { highway: "residential", area: "yes" }, { highway: "service", service: "emergency_access" }, { highway: "residential", oneway: "reversible" }, { highway: "ferry" }, { route: "ferry", motorcar: "no" }]) {
      expect(carRule(tags), JSON.stringify(tags)).toBeNull();
    }
  });

  it("keeps ways open only to start or end a trip (OSRM's restricted access) out of the through graph", () => {
    for (const v of ["destination", "customers", "delivery"]) {
      expect(carRule({ highway: "residential", access: v }), `access=${v}`).toBeNull();
      expect(carRule({ highway: "service", motor_vehicle: v }), `motor_vehicle=${v}`).toBeNull();
      // The most specific tag decides: a car may still use a way open to it where only others are restricted.
      expect(carRule({ highway: "residential", access: v, motorcar: "yes" }), `access=${v} motorcar=yes`).not.toBeNull();
      expect(carRule({ highway: "residential", vehicle: v, motor_vehicle: "designated" }), `vehicle=${v}`).not.toBeNull();
    }
    // A general `no` with restricted car access stays closed; an open car tag over a general `no` opens it.
    expect(carRule({ highway: "residential", access: "no", motor_vehicle: "destination" })).toBeNull();
    expect(carRule({ highway: "residential", access: "no", motor_vehicle: "permissive" })).not.toBeNull();
  });
});

describe("README speed table", () => {
  it("lists every class with the code's defaults and effective speeds", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const [i, c] of ROAD_CLASSES.entries()) {
      const factor = i === FERRY_CLASS ? 1 : SPEED_REDUCTION;
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${c.tag}\` |`));
      expect(row, c.tag).toBeDefined();
      const cells = row!.split("|").map((x) => x.trim());
      expect(cells.slice(2, 7), c.tag).toEqual([
        String(c.summerKmh),
        String(c.winterKmh),
        (c.summerKmh * factor).toFixed(0),
        (c.winterKmh * factor).toFixed(0),
        c.impliedOneway ? "yes" : "no",
      ]);
    }
  });
});
