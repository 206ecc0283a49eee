// Scenario changes to a point's capacity: applied in order, null for no limit, read back by
// changesBetween, and refused when the number is not a number of people.
import { describe, expect, it } from "vitest";
import { applyChanges, changedPoints, changesBetween } from "../../engine/scenario.ts";
import type { ServicePoint } from "../../engine/services.ts";

const p = (id: string, capacity?: number): ServicePoint => ({ id, name: { fi: id, sv: id }, municipality: "837", lon: 23.76, lat: 61.5, level: "L", open: true, ...(capacity !== undefined ? { capacity } : {}) });

describe("capacity changes", () => {
  it("sets, replaces and removes a capacity, leaving the base as it was", () => {
    const base = [p("a", 1000), p("b")];
    const after = applyChanges(base, [{ op: "capacity", id: "b", capacity: 2500 }, { op: "capacity", id: "a", capacity: null }]);
    expect(after[0].capacity).toBeUndefined();
    expect("capacity" in after[0]).toBe(false);
    expect(after[1].capacity).toBe(2500);
    expect(base[0].capacity).toBe(1000);
    expect(changedPoints(base, after)).toEqual(["a", "b"]);
    expect(changesBetween(base, after)).toEqual([{ op: "capacity", id: "a", capacity: null }, { op: "capacity", id: "b", capacity: 2500 }]);
  });

  it("refuses a capacity that is not a number of people, naming the field", () => {
    expect(() => applyChanges([p("a")], [{ op: "capacity", id: "a", capacity: -1 }])).toThrow(/capacity -1 is not a number of people/);
    expect(() => applyChanges([p("a")], [{ op: "capacity", id: "a", capacity: Infinity }])).toThrow(/capacity/);
  });
});

describe("language changes", () => {
  it("sets and clears a point's languages, read back by changesBetween", () => {
    const base = [p("a"), { ...p("b"), languages: ["fi"] }];
    const after = applyChanges(base, [{ op: "languages", id: "a", languages: ["fi", "sv"] }, { op: "languages", id: "b", languages: null }]);
    expect(after[0].languages).toEqual(["fi", "sv"]);
    expect("languages" in after[1]).toBe(false);
    expect(changesBetween(base, after)).toEqual([{ op: "languages", id: "a", languages: ["fi", "sv"] }, { op: "languages", id: "b", languages: null }]);
    expect(() => applyChanges(base, [{ op: "languages", id: "a", languages: ["Finnish"] }])).toThrow(/languages "Finnish" is not a language code/);
  });
});
