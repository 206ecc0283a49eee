// Regions and groupings (data/facts): the built-in regions (the 22 organisers and Uusimaa), a region
// taken from the roads, a user's region file; the seed groupings and each region's whole-county
// one, checked against Statistics Finland's 2025 key (../shared/data/municipalities, CC BY 4.0);
// finding municipalities by name. The 309 rows themselves are checked in facts-finland.test.ts.
import { describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import {
  COUNTIES,
  FINNISH_MUNICIPALITIES,
  GROUPINGS,
  LAPPI_2,
  REGIONS,
  UUSIMAA_5,
  UUSIMAA_6,
  findFinnishMunicipality as findMunicipality,
  findRegion,
  groupingsOf,
  inferRegion,
  municipalitiesOf,
  parseRegion,
  validateGrouping,
  type Grouping,
} from "../../data/facts/index.ts";
import { code3, sharedCsv } from "../fixtures/shared-data.ts";


const total = (region: string) => municipalitiesOf(region).reduce((s, m) => s + m.population, 0);
const popOf = (codes: readonly string[]) => codes.reduce((s, c) => s + findMunicipality(c).population, 0);

/** A copy of g with one unit's municipality list replaced. */
function withUnit(g: Grouping, unitId: string, municipalities: string[]): Grouping {
  return { ...g, units: g.units.map((u) => (u.id === unitId ? { ...u, municipalities } : u)) };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("regions", () => {
  it("are the 22 organisers and Uusimaa, each municipality of the mainland in exactly one organiser", () => {
    expect(REGIONS.map((r) => r.id)).toEqual([...COUNTIES.map((c) => c.id), "uusimaa"]);
    const counted = REGIONS.filter((r) => r.id !== "uusimaa").flatMap((r) => r.municipalities);
    expect(new Set(counted).size).toBe(counted.length);
    expect(counted.length).toBe(FINNISH_MUNICIPALITIES.filter((m) => m.county !== null).length);
    expect(municipalitiesOf("uusimaa")).toHaveLength(26);
    expect(municipalitiesOf("lappi")).toHaveLength(21);
    expect(total("uusimaa")).toBe(1_733_033); // 31 Dec 2022, as summed by hand from Sotkanet before
    expect(total("lappi")).toBe(175_795);
  });

  it("are found by id, by Finnish, Swedish or English name, short or official, folded or not", () => {
    expect(findRegion("pirkanmaa").id).toBe("pirkanmaa");
    expect(findRegion("Birkaland").id).toBe("pirkanmaa");
    expect(findRegion("päijät-häme").id).toBe("paijat-hame");
    expect(findRegion("Lapplands välfärdsområde").id).toBe("lappi");
    expect(findRegion("Nyland").id).toBe("uusimaa");
    expect(findRegion("Helsingfors").id).toBe("helsinki");
    const two = findRegion("pirkanmaa+kanta-hame");
    expect([two.id, two.name.fi, two.name.sv]).toEqual(["kanta-hame_pirkanmaa", "Kanta-Häme ja Pirkanmaa", "Egentliga Tavastland och Birkaland"]);
    expect(thrown(() => findRegion("Atlantis"))).toMatchObject({ code: "not-found", field: "region", value: "Atlantis" });
  });

  it("are taken from the roads: the organisers holding at least 1 % of the served cells; Uusimaa's five together are Uusimaa", () => {
    expect(inferRegion(new Map([["837", 900], ["536", 80], ["211", 5]]))!.id).toBe("pirkanmaa"); // Tampere, Nokia, Kangasala
    expect(inferRegion(new Map([["837", 900], ["109", 100]]))!.id).toBe("kanta-hame_pirkanmaa"); // and Hämeenlinna
    expect(inferRegion(new Map([["837", 990], ["109", 5]]))!.id).toBe("pirkanmaa"); // a sliver of Kanta-Häme does not count
    const uusimaa = new Map(UUSIMAA_5.units.map((u) => [u.municipalities[0], 10] as [string, number]));
    expect(inferRegion(uusimaa)!.id).toBe("uusimaa");
    expect(inferRegion(new Map([["478", 100]]))).toBeNull(); // Mariehamn: Åland has no organiser
  });

  it("reads a region file: municipalities by code or name, its own groupings checked against them", () => {
    const doc = { id: "tampereen-seutu", name: { fi: "Tampereen seutu", sv: "Tammerforsregionen" }, municipalities: ["837", "Nokia", "Birkala", "Ylöjärvi"],
      groupings: [{ id: "kaksi", name: "Kaksi", units: [{ id: "tre", name: "Tampere", municipalities: ["837"] }, { id: "muut", name: "Muut", municipalities: ["536", "604", "980"] }] }] };
    const r = parseRegion(doc, "file x.json", "/tmp");
    expect([r.region.id, r.region.municipalities, r.region.name.en]).toEqual(["tampereen-seutu", ["536", "604", "837", "980"], "Tampereen seutu"]);
    expect(r.groupings.map((g) => [g.id, g.region])).toEqual([["kaksi", "tampereen-seutu"]]);
    expect(thrown(() => parseRegion({ ...doc, municipalities: ["837", "Atlantis"] }, "file x.json", "/tmp"))).toMatchObject({ field: "municipalities[1]" });
    const bad = { ...doc, groupings: [{ ...doc.groupings[0], units: [doc.groupings[0].units[0]] }] };
    expect((thrown(() => parseRegion(bad, "file x.json", "/tmp")) as Error).message).toMatch(/Nokia \(536\) is in no unit/);
  });
});

describe("groupings", () => {
  it("all built-in groupings validate against their region: the seeds, and every region's whole-area one", () => {
    expect(GROUPINGS.filter((g) => !g.id.endsWith("-whole")).map((g) => g.id)).toEqual(["lappi-2", "uusimaa-6", "uusimaa-5"]);
    expect(GROUPINGS.filter((g) => g.id.endsWith("-whole"))).toHaveLength(22);
    for (const g of GROUPINGS) expect(() => validateGrouping(g), g.id).not.toThrow();
    // Uusimaa's organisers are uusimaa-5 already: not listed twice.
    expect(groupingsOf(findRegion("uusimaa")).map((g) => g.id)).toEqual(["uusimaa-6", "uusimaa-5"]);
    const pirkanmaa = groupingsOf(findRegion("pirkanmaa"));
    expect(pirkanmaa.map((g) => [g.id, g.units.length, g.units[0].hub])).toEqual([["pirkanmaa-whole", 1, "837"]]);
  });

  it("uusimaa-6 unit populations (2022) sum to the Uusimaa total", () => {
    const pops = Object.fromEntries(UUSIMAA_6.units.map((u) => [u.id, popOf(u.municipalities)]));
    expect(pops).toEqual({
      helsinki: 664_028,
      "vantaa-kerava": 280_495,
      "espoo-kirkkonummi-kauniainen": 356_280,
      "lohja-raasepori": 130_066,
      "keski-uusimaa": 203_192,
      "ita-uusimaa": 98_972,
    });
    expect(Object.values(pops).reduce((a, b) => a + b, 0)).toBe(total("uusimaa"));
  });

  it("uusimaa-5 merges Espoo–Kirkkonummi–Kauniainen into West Uusimaa, hub Espoo", () => {
    const west = UUSIMAA_5.units.find((u) => u.id === "lansi-uusimaa")!;
    expect(west.hub).toBe("049");
    expect(popOf(west.municipalities)).toBe(356_280 + 130_066);
    expect(UUSIMAA_5.units.reduce((s, u) => s + popOf(u.municipalities), 0)).toBe(1_733_033);
  });

  it("uusimaa-5 is exactly the 2023 wellbeing services counties plus Helsinki (Statistics Finland key)", () => {
    const key = sharedCsv("municipalities/geofi_municipality_key_2025.csv").filter((r) => r.maakunta_code === "1");
    const byCounty = new Map<string, string[]>();
    for (const r of key) byCounty.set(r.hyvinvointialue_code, [...(byCounty.get(r.hyvinvointialue_code) ?? []), code3(r.kunta)]);
    const sets = (lists: Iterable<readonly string[]>) => [...lists].map((l) => [...l].sort().join(",")).sort();
    expect(sets(UUSIMAA_5.units.map((u) => u.municipalities))).toEqual(sets(byCounty.values()));
  });

  it("lappi-2: Länsi-Pohja is the six former hospital-district members (not Pello), hubs Rovaniemi and Kemi", () => {
    const [lappi, lansiPohja] = LAPPI_2.units;
    expect(lansiPohja.municipalities.map((c) => findMunicipality(c).nameFi).sort()).toEqual(["Kemi", "Keminmaa", "Simo", "Tervola", "Tornio", "Ylitornio"]);
    expect(lappi.municipalities).toContain("854"); // Pello
    expect([lappi.hub, lansiPohja.hub]).toEqual(["698", "240"]);
    expect([popOf(lappi.municipalities), popOf(lansiPohja.municipalities)]).toEqual([117_770, 58_025]);
  });

  it("names a municipality left out of every unit", () => {
    const g = withUnit(UUSIMAA_6, "vantaa-kerava", ["092"]);
    const e = thrown(() => validateGrouping(g));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject({ field: "municipality", value: "245" });
    expect((e as Error).message).toContain("Kerava");
  });

  it("names a municipality placed in two units", () => {
    const g = withUnit(UUSIMAA_6, "helsinki", ["091", "245"]);
    const e = thrown(() => validateGrouping(g));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toMatchObject({ field: "municipality", value: "245" });
    expect((e as Error).message).toContain("Kerava");
  });

  it("rejects an unknown code, and a code from the other region", () => {
    expect(thrown(() => validateGrouping(withUnit(LAPPI_2, "lansi-pohja", [...LAPPI_2.units[1].municipalities, "999"])))).toMatchObject({
      code: "invalid-input",
      value: "999",
    });
    expect(thrown(() => validateGrouping(withUnit(LAPPI_2, "lansi-pohja", [...LAPPI_2.units[1].municipalities, "091"])))).toMatchObject({
      code: "invalid-input",
      value: "091",
    });
  });

  it("rejects a hub outside its unit", () => {
    const g: Grouping = { ...LAPPI_2, units: LAPPI_2.units.map((u) => (u.id === "lansi-pohja" ? { ...u, hub: "698" } : u)) };
    expect(thrown(() => validateGrouping(g))).toMatchObject({ code: "invalid-input", field: "hub", value: "698" });
  });
});

describe("findMunicipality", () => {
  it("finds by Swedish name, by name without diacritics, and by code", () => {
    expect(findMunicipality("Helsingfors").code).toBe("091");
    expect(findMunicipality("hyvinkaa").nameFi).toBe("Hyvinkää");
    expect(findMunicipality("091").nameFi).toBe("Helsinki");
    expect(findMunicipality("91").nameFi).toBe("Helsinki");
    expect(findMunicipality(" TORNEÅ ").code).toBe("851");
    expect(findMunicipality("Tusby").code).toBe("858");
    expect(findMunicipality("Tammerfors").code).toBe("837");
  });

  it("throws NotFoundError with the input and up to three suggestions for an unknown name", () => {
    const e = thrown(() => findMunicipality("Atlantis"));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toMatchObject({ field: "municipality", value: "Atlantis" });
    expect((e as Error).message).toMatch(/closest: [^,]+, [^,]+, [^,]+$/);
    // A near miss is not matched (folding is not fuzzy matching) but is the first suggestion.
    expect((thrown(() => findMunicipality("Hyvinkä")) as Error).message).toContain("closest: Hyvinkää,");
  });
});
