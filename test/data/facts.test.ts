// Municipality facts and groupings (data/facts). The table is checked row by row against the real
// files it was generated from (../shared/data/municipalities, CC BY 4.0): NLS centre points and
// Sotkanet 2022 populations via rOpenGov/geofi, and Statistics Finland's 2025 classification for
// regions, names and the wellbeing services counties that uusimaa-5 reproduces.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import {
  GROUPINGS,
  LAPPI_2,
  MUNICIPALITIES,
  UUSIMAA_5,
  UUSIMAA_6,
  findMunicipality,
  municipalitiesOf,
  validateGrouping,
  type Grouping,
  type RegionId,
} from "../../data/facts/index.ts";
import { sharedData } from "../fixtures/shared-data.ts";

type Row = Record<string, string>;
const csv = (rel: string): Row[] => parse(readFileSync(sharedData(rel)), { columns: true, bom: true, skip_empty_lines: true });
const code3 = (raw: string) => String(Number(raw)).padStart(3, "0");

const total = (region: RegionId) => municipalitiesOf(region).reduce((s, m) => s + m.population, 0);
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

describe("MUNICIPALITIES", () => {
  it("holds Uusimaa's 26 and Lapland's 21 municipalities, codes unique and three digits", () => {
    expect(municipalitiesOf("uusimaa")).toHaveLength(26);
    expect(municipalitiesOf("lappi")).toHaveLength(21);
    expect(MUNICIPALITIES).toHaveLength(47);
    expect(new Set(MUNICIPALITIES.map((m) => m.code)).size).toBe(47);
    for (const m of MUNICIPALITIES) expect(m.code).toMatch(/^\d{3}$/);
  });

  it("puts every centre inside mainland Finland's bounding box, Uusimaa south of 61° N, Lapland north of 65.5° N", () => {
    for (const { code, region, centre } of MUNICIPALITIES) {
      expect({ code, inBox: centre.lon > 19.0 && centre.lon < 31.6 && centre.lat > 59.7 && centre.lat < 70.1 }).toEqual({ code, inBox: true });
      expect({ code, ok: region === "uusimaa" ? centre.lat < 61 : centre.lat > 65.5 }).toEqual({ code, ok: true });
    }
  });

  it("takes centres from the NLS points exactly, except Tuusula, which the NLS layer lacks", () => {
    const points = new Map(csv("municipalities/geofi_municipality_central_localities.csv").map((r) => [code3(r.kuntatunnus), r]));
    expect(points.has("858")).toBe(false);
    for (const m of MUNICIPALITIES) {
      if (m.code === "858") continue;
      const p = points.get(m.code)!;
      expect({ code: m.code, lon: m.centre.lon, lat: m.centre.lat }).toEqual({ code: m.code, lon: Number(p.X), lat: Number(p.Y) });
    }
    // Set by hand to Hyrylä, the administrative centre (see data/facts/municipalities.ts).
    expect(findMunicipality("858").centre).toEqual({ lon: 25.0247, lat: 60.4033 });
  });

  it("takes populations from Sotkanet for 2022, the latest year in the file", () => {
    const rows = csv("municipalities/geofi_sotkadata_population.csv");
    expect(Math.max(...rows.map((r) => Number(r.year)))).toBe(2022);
    const pop2022 = new Map(rows.filter((r) => r.year === "2022").map((r) => [code3(r.municipality_code), Number(r["primary.value"])]));
    for (const m of MUNICIPALITIES) {
      expect({ code: m.code, population: m.population, year: m.populationYear }).toEqual({ code: m.code, population: pop2022.get(m.code), year: 2022 });
    }
    // Region totals on 31 Dec 2022, summed from the file once by hand.
    expect(total("uusimaa")).toBe(1_733_033);
    expect(total("lappi")).toBe(175_795);
  });

  it("agrees with Statistics Finland's 2025 key on region and Finnish and Swedish names", () => {
    const key = new Map(csv("municipalities/geofi_municipality_key_2025.csv").map((r) => [code3(r.kunta), r]));
    const inKey = [...key.values()].filter((r) => r.maakunta_code === "1" || r.maakunta_code === "19");
    expect(inKey.map((r) => code3(r.kunta)).sort()).toEqual(MUNICIPALITIES.map((m) => m.code).sort());
    for (const m of MUNICIPALITIES) {
      const r = key.get(m.code)!;
      expect({ code: m.code, fi: m.nameFi, sv: m.nameSv, region: m.region }).toEqual({
        code: m.code,
        fi: r.municipality_name_fi,
        sv: r.municipality_name_sv,
        region: r.maakunta_code === "1" ? "uusimaa" : "lappi",
      });
    }
  });
});

describe("groupings", () => {
  it("all seed groupings validate against their region", () => {
    expect(GROUPINGS.map((g) => g.id)).toEqual(["uusimaa-6", "uusimaa-5", "lappi-2"]);
    for (const g of GROUPINGS) expect(() => validateGrouping(g)).not.toThrow();
  });

  it("uusimaa-6 unit populations (2022) sum to the Uusimaa total", () => {
    const pops = Object.fromEntries(UUSIMAA_6.units.map((u) => [u.id, popOf(u.municipalities)]));
    expect(pops).toEqual({
      helsinki: 664_028,
      "vantaa-kerava": 280_495,
      "espoo-kirkkonummi-kauniainen": 356_280,
      "lansi-uusimaa": 130_066,
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
    const key = csv("municipalities/geofi_municipality_key_2025.csv").filter((r) => r.maakunta_code === "1");
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
  });

  it("resolves every Finnish and Swedish name, folded or not, to its own municipality", () => {
    const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");
    for (const m of MUNICIPALITIES) {
      for (const name of [m.nameFi, m.nameSv, fold(m.nameSv).toUpperCase()]) expect(findMunicipality(name).code).toBe(m.code);
    }
  });

  it("throws NotFoundError with the input and up to three suggestions for an unknown name", () => {
    const e = thrown(() => findMunicipality("Atlantis"));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toMatchObject({ field: "municipality", value: "Atlantis" });
    expect((e as Error).message).toMatch(/closest: [^,]+, [^,]+, [^,]+$/);
    // A near miss is not matched (folding is not fuzzy matching) but is the first suggestion.
    expect((thrown(() => findMunicipality("Hyvinkä")) as Error).message).toContain("closest: Hyvinkää,");
  });

  it("rejects an unknown region", () => {
    expect(thrown(() => municipalitiesOf("ahvenanmaa" as RegionId))).toMatchObject({ code: "invalid-input", field: "region" });
  });
});
