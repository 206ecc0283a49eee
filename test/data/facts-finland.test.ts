// Facts for all of Finland (data/facts/counties.ts, finland.ts, finland-lookup.ts, hospitals.ts),
// checked against the real files they come from (../shared/data/municipalities, CC BY 4.0):
// Statistics Finland's 2023 GeoPackage and 2025 key, NLS centre points and Sotkanet populations
// via rOpenGov/geofi, and Yleisradio's finland-hva-2021 layer for independent county totals.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinMunicipalityAreas, readMunicipalityAreas, type MunicipalityArea } from "../../data/areas/index.ts";
import {
  COUNTIES,
  FINNISH_MUNICIPALITIES,
  HOSPITALS,
  countyById,
  findFinnishMunicipality,
  municipalitiesOfCounty,
  namesOf,
  type CountyId,
} from "../../data/facts/index.ts";
import { InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { toEtrs } from "../../engine/projection.ts";
import { pointInRing } from "../../engine/rings.ts";
import { code3, sharedCsv, sharedData } from "../fixtures/shared-data.ts";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Statistics Finland's published population of Finland on 31.12.2022 (tilastokeskus.fi/tilasto/vaerak, "Suomen väkiluku 31.12."). */
const FINLAND_2022 = 5_563_970;
const ALAND_CODES = ["035", "043", "060", "062", "065", "076", "170", "295", "318", "417", "438", "478", "736", "766", "771", "941"];

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

/** Whether a WGS84 point lies in an area (even–odd over all its rings, as the rasteriser fills). */
function inside(area: MunicipalityArea, lon: number, lat: number): boolean {
  const [x, y] = toEtrs(lon, lat);
  return area.rings.filter((r) => pointInRing(x, y, r)).length % 2 === 1;
}

let source: Map<string, MunicipalityArea>;
let simplified: Map<string, MunicipalityArea>;
beforeAll(async () => {
  const byCode = (areas: MunicipalityArea[]) => new Map(areas.map((a) => [a.code, a]));
  source = byCode(await readMunicipalityAreas(sharedData("municipalities/statfi_municipalities_2023.gpkg")));
  simplified = byCode(await builtinMunicipalityAreas());
});

describe("FINNISH_MUNICIPALITIES", () => {
  it("holds the 309 municipalities of the 2023 GeoPackage, in code order", () => {
    const codes = FINNISH_MUNICIPALITIES.map((m) => m.code);
    expect(codes).toHaveLength(309);
    expect(codes).toEqual([...source.keys()].sort());
    expect(codes).toEqual([...codes].sort());
  });

  it("agrees with the 2025 key on names, county and language; Pertunmaa (merged 2025) with Yle's 2021 layer", () => {
    const key = new Map(sharedCsv("municipalities/geofi_municipality_key_2025.csv").map((r) => [code3(r.kunta), r]));
    const countyOfCode = new Map(COUNTIES.map((c) => [c.code, c.id]));
    const language = { "0": "fi", "1": "bilingual-fi", "2": "sv", "3": "bilingual-sv" } as Record<string, string>;
    for (const m of FINNISH_MUNICIPALITIES) {
      const r = key.get(m.code);
      if (!r) continue;
      expect({ code: m.code, fi: m.nameFi, sv: m.nameSv, county: m.county, language: m.language }).toEqual({
        code: m.code,
        fi: r.municipality_name_fi.trim(),
        sv: r.municipality_name_sv.trim(),
        county: r.hyvinvointialue_code === "91" ? null : countyOfCode.get(r.hyvinvointialue_code),
        language: language[r.kielisuhde_code],
      });
    }
    expect([...FINNISH_MUNICIPALITIES.map((m) => m.code)].filter((c) => !key.has(c))).toEqual(["588"]);
    expect(findFinnishMunicipality("588")).toMatchObject({ nameFi: "Pertunmaa", county: "etela-savo", language: "fi" });
  });

  it("puts each municipality in the same county as Yleisradio's independent 2021 layer", () => {
    const yle = JSON.parse(readFileSync(sharedData("municipalities/yle_finland-hva-2021.topo.json"), "utf8"));
    const yleCounty = new Map<string, string>(yle.objects.munis.geometries.map((g: { properties: { id: string; hva_id: string } }) => [g.properties.id, g.properties.hva_id]));
    // Yle's two-letter ids for our slugs; Helsinki and Åland share Yle's empty id.
    const letters = new Map<string, string>();
    for (const m of FINNISH_MUNICIPALITIES) {
      const id = yleCounty.get(m.code);
      expect({ code: m.code, known: id !== undefined }).toEqual({ code: m.code, known: true });
      const ours = m.county ?? "aland";
      if (!letters.has(ours)) letters.set(ours, id!);
      expect({ code: m.code, yle: id }).toEqual({ code: m.code, yle: letters.get(ours) });
    }
    expect(new Set(letters.values()).size).toBe(22); // 21 counties + Helsinki/Åland together
  });

  it("takes centres from the NLS points exactly, except Tuusula and Pertunmaa, which that layer lacks", () => {
    const points = new Map(sharedCsv("municipalities/geofi_municipality_central_localities.csv").map((r) => [code3(r.kuntatunnus), { lon: Number(r.X), lat: Number(r.Y) }]));
    for (const m of FINNISH_MUNICIPALITIES) {
      if (m.code === "858" || m.code === "588") expect(points.has(m.code)).toBe(false);
      else expect({ code: m.code, centre: m.centre }).toEqual({ code: m.code, centre: points.get(m.code) });
    }
    expect(findFinnishMunicipality("Tuusula").centre).toEqual({ lon: 25.0247, lat: 60.4033 });
  });

  it("puts every centre inside its own municipality, in the source and in the built-in boundaries", () => {
    for (const m of FINNISH_MUNICIPALITIES) {
      expect({ code: m.code, source: inside(source.get(m.code)!, m.centre.lon, m.centre.lat) }).toEqual({ code: m.code, source: true });
      expect({ code: m.code, simplified: inside(simplified.get(m.code)!, m.centre.lon, m.centre.lat) }).toEqual({ code: m.code, simplified: true });
    }
  });

  it("takes populations from Sotkanet for 2022, summing to Statistics Finland's published total for Finland", () => {
    const rows = sharedCsv("municipalities/geofi_sotkadata_population.csv");
    expect(Math.max(...rows.map((r) => Number(r.year)))).toBe(2022);
    const pop2022 = new Map(rows.filter((r) => r.year === "2022").map((r) => [code3(r.municipality_code), Number(r["primary.value"])]));
    for (const m of FINNISH_MUNICIPALITIES) expect([m.code, m.population, m.populationYear]).toEqual([m.code, pop2022.get(m.code), 2022]);
    expect(sum(FINNISH_MUNICIPALITIES.map((m) => m.population))).toBe(FINLAND_2022);
  });

  it("models Åland as its 16 municipalities with no county, all Swedish-speaking", () => {
    const aland = FINNISH_MUNICIPALITIES.filter((m) => m.county === null);
    expect(aland.map((m) => m.code)).toEqual(ALAND_CODES);
    expect(new Set(aland.map((m) => m.language))).toEqual(new Set(["sv"]));
    // The decree 2023–2032 leaves no monolingual Swedish municipality on the mainland.
    expect(FINNISH_MUNICIPALITIES.filter((m) => m.language === "sv").map((m) => m.code)).toEqual(ALAND_CODES);
  });

  it("counts the language statuses of the decree 2023–2032, with the four bilingual at their councils' request", () => {
    const count = (l: string) => FINNISH_MUNICIPALITIES.filter((m) => m.language === l).length;
    expect([count("fi"), count("bilingual-fi"), count("bilingual-sv"), count("sv")]).toEqual([260, 18, 15, 16]);
    // Kuntalehti on the decree: Korsnäs, Lohja, Luoto and Närpiö bilingual at their councils' request.
    expect(["Korsnäs", "Lohja", "Luoto", "Närpiö"].map((n) => findFinnishMunicipality(n).language)).toEqual(["bilingual-sv", "bilingual-fi", "bilingual-sv", "bilingual-sv"]);
  });

  it("marks the Sámi homeland: Enontekiö, Inari and Utsjoki whole, Sodankylä in part; Sámi names only there", () => {
    const homeland = FINNISH_MUNICIPALITIES.filter((m) => m.samiHomeland !== null).map((m) => [m.nameFi, m.samiHomeland]);
    expect(homeland).toEqual([["Enontekiö", "whole"], ["Inari", "whole"], ["Sodankylä", "part"], ["Utsjoki", "whole"]]);
    expect(FINNISH_MUNICIPALITIES.filter((m) => m.nameSami).map((m) => m.code)).toEqual(["047", "148", "758", "890"]);
    expect(findFinnishMunicipality("148").nameSami).toEqual({ se: "Anár", smn: "Aanaar", sms: "Aanar" });
  });
});

describe("COUNTIES", () => {
  it("are the 21 wellbeing services counties and the City of Helsinki, with the key's codes", () => {
    expect(COUNTIES).toHaveLength(22);
    expect(COUNTIES.filter((c) => c.kind === "county")).toHaveLength(21);
    expect(new Set(COUNTIES.map((c) => c.id)).size).toBe(22);
    const keyCodes = new Set(sharedCsv("municipalities/geofi_municipality_key_2025.csv").map((r) => r.hyvinvointialue_code));
    expect([...keyCodes].filter((c) => c !== "91").sort()).toEqual(COUNTIES.map((c) => c.code).sort());
    expect(countyById("helsinki")?.kind).toBe("city");
    expect(municipalitiesOfCounty("vantaa-kerava").map((m) => m.nameFi)).toEqual(["Vantaa", "Kerava"]);
    expect(() => municipalitiesOfCounty("uusimaa" as CountyId)).toThrow(InvalidInputError);
    // Every municipality but Åland's has an organiser.
    expect(sum(COUNTIES.map((c) => municipalitiesOfCounty(c.id).length))).toBe(309 - 16);
  });

  it("match Yleisradio's published 2020 totals, which equal the county sums of the Sotkanet 2020 values", () => {
    const yle = JSON.parse(readFileSync(sharedData("municipalities/yle_finland-hva-2021.topo.json"), "utf8"));
    const yleTotals = new Map<string, number>(yle.objects.hva.geometries.map((g: { properties: { name_fi: string | null; population: number } }) => [g.properties.name_fi, g.properties.population]));
    const yleHelsinki = yle.objects.munis.geometries.find((g: { properties: { id: string } }) => g.properties.id === "091").properties.population;
    const pop2020 = new Map(sharedCsv("municipalities/geofi_sotkadata_population.csv").filter((r) => r.year === "2020").map((r) => [code3(r.municipality_code), Number(r["primary.value"])]));
    for (const c of COUNTIES) {
      expect({ id: c.id, year: c.published.year }).toEqual({ id: c.id, year: 2020 });
      const published = c.kind === "city" ? yleHelsinki : yleTotals.get(c.name.fi);
      const summed = sum(municipalitiesOfCounty(c.id).map((m) => pop2020.get(m.code)!));
      expect({ id: c.id, table: c.published.population, yle: published, sotkanet: summed }).toEqual({ id: c.id, table: published, yle: published, sotkanet: published });
    }
    // Yle's one polygon for Helsinki and Åland together.
    expect(yleTotals.get(null as unknown as string)).toBe(656_920 + sum(ALAND_CODES.map((c) => pop2020.get(c)!)));
  });

  it("sum, with Åland, to Finland's published 2022 population", () => {
    const aland = sum(FINNISH_MUNICIPALITIES.filter((m) => m.county === null).map((m) => m.population));
    expect(sum(COUNTIES.map((c) => sum(municipalitiesOfCounty(c.id).map((m) => m.population)))) + aland).toBe(FINLAND_2022);
  });
});

describe("findFinnishMunicipality", () => {
  it("resolves every Finnish, Swedish and Sámi name, in any case and without diacritics, to its own municipality", () => {
    const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");
    const seen = new Map<string, string>();
    for (const m of FINNISH_MUNICIPALITIES) {
      for (const name of namesOf(m)) {
        const folded = fold(name).toLowerCase();
        expect({ name, owner: seen.get(folded) ?? m.code }).toEqual({ name, owner: m.code }); // unique even folded
        seen.set(folded, m.code);
        for (const typed of [name, name.toUpperCase(), fold(name)]) expect(findFinnishMunicipality(typed).code).toBe(m.code);
      }
    }
    expect(findFinnishMunicipality("Pedersöre").nameFi).toBe("Pedersören kunta");
    expect(findFinnishMunicipality("ohcejohka").code).toBe("890");
    expect(findFinnishMunicipality("91").nameSv).toBe("Helsingfors");
  });

  it("throws NotFoundError naming the input and the closest names", () => {
    expect(() => findFinnishMunicipality("Honkajoki")).toThrow(NotFoundError); // merged into Kankaanpää in 2021
    const e = thrown(() => findFinnishMunicipality("Jyvaskyl"));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toMatchObject({ field: "municipality", value: "Jyvaskyl" });
    expect((e as Error).message).toContain("closest: Jyväskylä,");
  });
});

describe("HOSPITALS", () => {
  it("give every organiser a central hospital (E); Uusimaa's five share HUS Meilahti", () => {
    for (const c of COUNTIES) {
      const e = HOSPITALS.filter((h) => h.level === "E" && h.serves.includes(c.id));
      expect({ id: c.id, e: e.length }).toEqual({ id: c.id, e: 1 });
    }
    expect(HOSPITALS.find((h) => h.id === "E-hus-meilahti")!.serves).toHaveLength(5);
    expect(HOSPITALS.filter((h) => h.level === "E")).toHaveLength(18);
    expect(HOSPITALS.filter((h) => h.level === "A").map((h) => h.id)).toEqual([
      "A-hus-jorvi", "A-hus-peijas", "A-hus-hyvinkaa", "A-hus-porvoo", "A-hus-lohja", "A-haartman", "A-malmi", "A-lpks", "A-savonlinna",
    ]);
    expect(new Set(HOSPITALS.map((h) => h.id)).size).toBe(HOSPITALS.length);
  });

  it("lie on land in a municipality of their own organiser, each with a source and a precision", () => {
    for (const h of HOSPITALS) {
      const m = findFinnishMunicipality(h.municipality);
      expect({ id: h.id, county: m.county, serves: h.serves.includes(h.organiser) }).toEqual({ id: h.id, county: h.organiser, serves: true });
      expect({ id: h.id, onLand: inside(source.get(h.municipality)!, h.lon, h.lat) }).toEqual({ id: h.id, onLand: true });
      expect(h.source.length).toBeGreaterThan(20);
      // A "town" point is the municipality's centre, and says so; other points lie within 10 km of it.
      if (h.precision === "town") expect({ id: h.id, at: [h.lon, h.lat], note: /centre point/.test(h.note ?? "") }).toEqual({ id: h.id, at: [m.centre.lon, m.centre.lat], note: true });
      else expect({ id: h.id, near: Math.hypot(...toEtrs(h.lon, h.lat).map((v, i) => v - toEtrs(m.centre.lon, m.centre.lat)[i])) < 10_000 }).toEqual({ id: h.id, near: true });
    }
  });
});
