// User grouping files: a good one reads as a Grouping equal to the built-in; each kind of bad one
// fails with the error class, the field (path) and the value that tell the user what to fix.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGroupingFile } from "../../data/facts/grouping-file.ts";
import { findFinnishMunicipality, findRegion, UUSIMAA_5, UUSIMAA_6, type Grouping } from "../../data/facts/index.ts";
import ExcelJS from "exceljs";
import { InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { rejection } from "../fixtures/errors.ts";
import { scratchDir, tempFile } from "../fixtures/osm.ts";

/** Uusimaa in five units, as a user would write it (names as plain strings where they like). */
function five(): { id: string; name: unknown; region: unknown; units: Record<string, unknown>[] } {
  return {
    id: "my-uusimaa-5",
    name: { fi: "Oma jako", sv: "Egen indelning", en: "My division" },
    region: "uusimaa",
    units: UUSIMAA_5.units.map((u) => ({ id: u.id, name: u.name.fi, municipalities: [...u.municipalities], hub: u.hub })),
  };
}

const write = (doc: unknown) => tempFile("grouping.json", typeof doc === "string" ? doc : JSON.stringify(doc));

describe("readGroupingFile", () => {
  it("reads a good file: the same units as the built-in five, names filled in for every language", async () => {
    const g = await readGroupingFile(write(five()));
    expect(g.id).toBe("my-uusimaa-5");
    expect(g.region).toBe("uusimaa");
    expect(g.units.map((u) => [u.id, u.municipalities, u.hub])).toEqual(UUSIMAA_5.units.map((u) => [u.id, u.municipalities, u.hub]));
    expect(g.units[0].name).toEqual({ fi: "Helsinki", sv: "Helsinki", en: "Helsinki" });
    expect(g.name.sv).toBe("Egen indelning");
    expect(g.source).toMatch(/^file .*grouping\.json$/);
  });

  it("refuses a municipality in two units, naming it and both units", async () => {
    const doc = five();
    (doc.units[1].municipalities as string[]).push("091"); // Helsinki also in Vantaa–Kerava
    const err = await rejection(readGroupingFile(write(doc)));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: "municipality", value: "091" });
    expect(err.message).toMatch(/Helsinki \(091\) is in two units, helsinki and vantaa-kerava/);
  });

  it("refuses a grouping that leaves a municipality out", async () => {
    const doc = five();
    doc.units[4].municipalities = (doc.units[4].municipalities as string[]).filter((c) => c !== "638"); // Porvoo, the hub
    doc.units[4].hub = "018";
    const err = await rejection(readGroupingFile(write(doc)));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: "municipality", value: "638" });
    expect(err.message).toMatch(/Porvoo \(638\) is in no unit/);
  });

  it("refuses an unknown code and a code of the other region, naming the path", async () => {
    for (const [bad, pattern] of [
      ["999", /unknown municipality code/],
      ["698", /Rovaniemi \(698\) is not in the region uusimaa/],
      [91, /expected string/],
      ["91", /three-digit/],
    ] as const) {
      const doc = five();
      (doc.units[2].municipalities as unknown[])[0] = bad;
      const err = await rejection(readGroupingFile(write(doc)));
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err).toMatchObject({ field: "units[2].municipalities[0]", value: bad });
      expect(err.message).toMatch(pattern);
    }
  });

  it("refuses a hub outside its unit, and a hub that is no code", async () => {
    const doc = five();
    doc.units[0].hub = "092";
    const err = await rejection(readGroupingFile(write(doc)));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field: "hub", value: "092" });
    doc.units[0].hub = ["091"];
    expect(await rejection(readGroupingFile(write(doc)))).toMatchObject({ field: "units[0].hub", value: ["091"] });
  });

  it("refuses wrong types, naming the field path and the value", async () => {
    const cases: [(d: ReturnType<typeof five>) => void, string, unknown][] = [
      [(d) => (d.id = "" as never), "id", ""],
      [(d) => (d.name = 5), "name", 5],
      [(d) => (d.name = { sv: "x" }), "name", { sv: "x" }],
      [(d) => (d.units[0].name = { fi: "" }), "units[0].name.fi", ""],
      [(d) => (d.units[0].hub = 91), "units[0].hub", 91],
      [(d) => (d.region = "atlantis"), "region", "atlantis"],
      [(d) => (d.units = {} as never), "units", {}],
      [(d) => (d.units[3] = "keski" as never), "units[3]", "keski"],
      [(d) => (d.units[3].municipalities = "106"), "units[3].municipalities", "106"],
      [(d) => (d.units[3].municipalities = []), "units[3].municipalities", []],
      [(d) => (d.units[1].id = "helsinki"), "units[1].id", "helsinki"],
      [(d) => (d.units[1].name = null), "units[1].name", null],
    ];
    for (const [spoil, field, value] of cases) {
      const doc = five();
      spoil(doc);
      const err = await rejection(readGroupingFile(write(doc)));
      expect(err, field).toBeInstanceOf(InvalidInputError);
      expect(err, field).toMatchObject({ field, value });
      expect(err.message, field).toContain(field);
    }
  });

  it("gives NotFoundError for a missing file and InvalidInputError for invalid JSON", async () => {
    const missing = join(scratchDir(), "no-such-grouping.json");
    const err = await rejection(readGroupingFile(missing));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ value: missing });
    const bad = await rejection(readGroupingFile(write('{"id": "x", "units": [')));
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect(bad.message).toMatch(/grouping\.json: not valid JSON/);
  });
});

describe("readGroupingFile: a table as offices keep one (.csv or .xlsx)", () => {
  // Uusimaa in six, one row per municipality, by Finnish or Swedish name or code, hubs marked with x.
  const six = UUSIMAA_6.units.flatMap((u) => u.municipalities.map((c, i) => [i % 2 === 0 ? findFinnishMunicipality(c).nameFi : i % 3 === 0 ? c : findFinnishMunicipality(c).nameSv, u.name.fi, c === u.hub ? "x" : ""]));
  const table = (sep: string, rows = six) => ["Kunta;Alue;Keskus".replaceAll(";", sep), ...rows.map((r) => r.join(sep))].join("\n") + "\n";
  const units = (g: Grouping) => g.units.map((u) => [u.name.fi, [...u.municipalities].sort(), u.hub]);
  const want = UUSIMAA_6.units.map((u) => [u.name.fi, [...u.municipalities].sort(), u.hub]);

  it("reads a semicolon CSV: municipalities by name or code, the region found from them, hubs marked", async () => {
    const g = await readGroupingFile(tempFile("kuusi-aluetta.csv", table(";")));
    expect(g.region).toBe("uusimaa");
    expect(g.name.fi).toMatch(/kuusi-aluetta$/);
    expect(units(g)).toEqual(want);
    expect(g.units.map((u) => u.id)).toContain("lohja-raasepori-7-kuntaa");
  });

  it("reads the first sheet of an XLSX workbook the same way", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Taul1");
    ws.addRow(["kunta", "alue", "keskus"]);
    for (const r of six) ws.addRow(r);
    const g = await readGroupingFile(tempFile("kuusi.xlsx", new Uint8Array(await wb.xlsx.writeBuffer())));
    expect(units(g)).toEqual(want);
  });

  it("refuses an unknown name, a missing column, two hubs in a unit and a municipality left out, naming the row", async () => {
    const typo = six.map((r, i) => (i === 3 ? ["Helsinkii", r[1], r[2]] : r));
    expect((await rejection(readGroupingFile(tempFile("typo.csv", table(",", typo))))).message).toMatch(/line 5: kunta "Helsinkii" is neither a municipality code nor a municipality's name: closest: Helsinki/);
    expect((await rejection(readGroupingFile(tempFile("cols.csv", "kunta,nimi\n091,x\n")))).message).toMatch(/needs a municipality column .* and a unit column/);
    const twoHubs = six.map((r) => (r[1] === UUSIMAA_6.units[1].name.fi ? [r[0], r[1], "x"] : r));
    expect((await rejection(readGroupingFile(tempFile("hubs.csv", table(",", twoHubs))))).message).toMatch(/has two hubs/);
    const short = six.slice(1);
    const err = await rejection(readGroupingFile(tempFile("short.csv", table(",", short)), findRegion("uusimaa")));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toMatch(/is in no unit/);
    expect((await rejection(readGroupingFile(tempFile("short2.csv", table(",", short))))).message).toMatch(/no built-in region's; name the region/);
  });
});
