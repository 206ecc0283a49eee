// Every input file is read and checked before the roads are loaded (issue 21): a bad service file,
// population grid, totals or boundary file is refused at once, not after minutes of importing an
// extract. Shown by giving roads that do not exist: the input's error comes first, by its field.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Study } from "../../study/index.ts";
import { rejection } from "../fixtures/errors.ts";
import { scratchDir } from "../fixtures/osm.ts";

describe("Study.open reads its input files before the roads", () => {
  const file = (name: string, text: string) => {
    const path = join(scratchDir(), `inputs-first-${process.pid}-${name}`);
    writeFileSync(path, text);
    return path;
  };
  const noRoads = join(scratchDir(), "no-such-extract.osm.pbf");

  it("refuses a bad service file, population grid or totals file before it looks for the roads", async () => {
    const cases: [Parameters<typeof Study.open>[0], RegExp][] = [
      [{ roads: noRoads, region: "uusimaa", services: file("services.csv", "id;nimi;kunta\n1;x;091\n") }, /the header lacks "name_fi"/],
      [{ roads: noRoads, region: "uusimaa", population: file("grid.csv", "id;nimi\n1;x\n") }, /header needs columns x and y/],
      [{ roads: noRoads, region: "uusimaa", totals: file("totals.csv", "kunta,väki\nx,y\n") }, /totals/i],
    ];
    for (const [options, message] of cases) {
      const err = await rejection(Study.open(options));
      expect(err.message).toMatch(message);
      expect(err.message).not.toMatch(/no-such-extract/);
    }
    // With good inputs, the missing roads are what is said.
    expect((await rejection(Study.open({ roads: noRoads, region: "uusimaa" }))).message).toMatch(/no-such-extract/);
  });
});
