// The service catalogue: menus nest, a point offers its own list or its level's menu, it can take
// a level only when it could host the whole menu, and a re-level swaps the menus it lists.
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE, canHost, checkCatalogue, checkPointTypes, hostableLevels, offeredTypes, offersType, relevelledTypes, type Catalogue } from "../../engine/catalogue.ts";
import { applyChanges } from "../../engine/scenario.ts";
import { validateServicePoints, type ServicePoint } from "../../engine/services.ts";
import { InvalidInputError } from "../../engine/errors.ts";

const point = (id: string, level: ServicePoint["level"], extra: Partial<ServicePoint> = {}): ServicePoint => ({
  id, name: { fi: id, sv: id }, municipality: "091", lon: 24.94, lat: 60.17, level, open: true, ...extra,
});
const C = DEFAULT_CATALOGUE;

describe("the default catalogue", () => {
  it("nests E ⊇ A ⊇ L, names every type in three languages, and puts 24/7 emergency at A, the central hospital at E", () => {
    checkCatalogue(C);
    expect(C.menus.L.every((t) => C.menus.A.includes(t))).toBe(true);
    expect(C.menus.A.every((t) => C.menus.E.includes(t))).toBe(true);
    expect(C.menus.L).not.toContain("emergency-24-7");
    expect(C.menus.A).toContain("emergency-24-7");
    expect(C.menus.A).not.toContain("central-hospital");
    expect(C.types.find((t) => t.id === "emergency-24-7")?.roundTheClock).toBe(true);
    expect(C.types).toHaveLength(8);
  });

  it("refuses a menu that does not nest, an unknown type and a malformed id, naming the field", () => {
    const broken: Catalogue = { ...C, menus: { ...C.menus, A: C.menus.A.filter((t) => t !== "health-station") } };
    const err = (() => { try { checkCatalogue(broken); } catch (e) { return e; } })() as InvalidInputError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.field).toBe("menus.A");
    expect(err.value).toBe("health-station");
    expect(() => checkCatalogue({ ...C, menus: { ...C.menus, L: [...C.menus.L, "sauna"] } })).toThrow(/menus.L: "sauna" is not one of the catalogue's types/);
    expect(() => checkCatalogue({ ...C, types: [...C.types, { id: "Bad Id", name: { fi: "x", sv: "x", en: "x" } }] })).toThrow(/not a type id/);
  });
});

describe("what a point offers and could host", () => {
  it("offers its own list when it has one, else its level's menu; a closed point offers nothing", () => {
    expect(offeredTypes(point("a", "A"), C)).toEqual(C.menus.A);
    const dental = point("d", "L", { types: ["dental-care"] });
    expect(offeredTypes(dental, C)).toEqual(["dental-care"]);
    expect(offersType(dental, "dental-care", C)).toBe(true);
    expect(offersType(dental, "health-station", C)).toBe(false);
    expect(offersType({ ...dental, open: false }, "dental-care", C)).toBe(false);
  });

  it("can take a level only when what it offers and can_host cover the level's whole menu (a level letter standing for its menu)", () => {
    expect(hostableLevels(point("l", "L"), C)).toEqual(["L"]);
    expect(hostableLevels(point("e", "E"), C)).toEqual(["L", "A", "E"]);
    expect(hostableLevels(point("l", "L", { hosts: ["A"] }), C)).toEqual(["L", "A"]);
    // A's menu less one type: not enough for A.
    const almost = point("x", "L", { hosts: C.menus.A.filter((t) => t !== "emergency-24-7") });
    expect(canHost(almost, "A", C)).toBe(false);
    expect(canHost({ ...almost, hosts: [...almost.hosts!, "emergency-24-7"] }, "A", C)).toBe(true);
    // A dental clinic alone cannot take even L.
    expect(hostableLevels(point("d", "L", { types: ["dental-care"] }), C)).toEqual([]);
  });

  it("re-levels a point that lists its types by swapping the menus, keeping its other types", () => {
    const p = point("p", "L", { types: [...C.menus.L, "dental-care"] });
    expect(new Set(relevelledTypes(p, "E", C))).toEqual(new Set([...C.menus.E]));
    const up = applyChanges([p], [{ op: "relevel", id: "p", level: "A" }])[0];
    expect(up.level).toBe("A");
    expect(new Set(up.types)).toEqual(new Set(C.menus.A));
    const down = applyChanges([up], [{ op: "relevel", id: "p", level: "L" }])[0];
    expect(new Set(down.types)).toEqual(new Set(C.menus.L)); // dental care went with the A menu
    // A point without a list keeps following its level's menu.
    expect(applyChanges([point("q", "L")], [{ op: "relevel", id: "q", level: "E" }])[0].types).toBeUndefined();
  });

  it("refuses malformed lists on a point and types the catalogue does not have", () => {
    expect(() => validateServicePoints([point("a", "L", { types: ["dental care"] })])).toThrow(/types "dental care" is not a type id/);
    expect(() => validateServicePoints([point("a", "L", { languages: ["fi", "fi"] })])).toThrow(/languages lists "fi" twice/);
    expect(() => validateServicePoints([point("a", "L", { hosts: ["X"] })])).toThrow(/hosts "X" is not a type id .* or a level/);
    validateServicePoints([point("a", "L", { types: ["dental-care"], hosts: ["E"], languages: ["fi", "sv", "se"] })]);
    expect(() => checkPointTypes([point("a", "L", { types: ["sauna"] })], C)).toThrow(/service point "a": types "sauna" is not a service type/);
    checkPointTypes([point("a", "L", { hosts: ["A", "dental-care"] })], C);
  });
});
