// Population grids from files (data/population): the two real HSY GeoPackages in ../shared/data
// (CC BY 4.0, © HSY) checked against figures read independently, and small GeoPackage and CSV
// fixtures written here for every way a file can be wrong.
import { describe, expect, it } from "vitest";
import proj4 from "proj4";
import { readPopulationGrid } from "../../data/population/index.ts";
import { CorruptDataError, InvalidInputError, NotFoundError } from "../../engine/errors.ts";
import { populationOnGrid } from "../../engine/population.ts";
import { cellAt, type Grid } from "../../engine/grid.ts";
import { EPSG_3067, EPSG_3879, toWgs } from "../../engine/projection.ts";
import { gpBlob, polygonBlob, square, wkb, writeGeoPackage } from "../fixtures/gpkg.ts";
import { tempFile } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { rejection } from "../fixtures/errors.ts";


/** Expects an InvalidInputError with these field (and value) properties. */
async function expectInvalid(p: Promise<unknown>, props: { field: string; value?: unknown }): Promise<void> {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(InvalidInputError);
  expect(err).toMatchObject(props);
}

/**
 * Where the small fixtures sit: a south-west corner in Finland (EPSG:3067) on both the 250 m and
 * the 1 km national grid, as real cells must lie in Finland. Fixture coordinates are offsets from it.
 */
const X0 = 385_000;
const Y0 = 6_672_000;
/** A cell polygon blob (EPSG:3067) of rings given as offsets from (X0, Y0). */
const finBlob = (rings: readonly (readonly (readonly [number, number])[])[]) => polygonBlob(rings.map((r) => r.map(([x, y]): [number, number] => [x + X0, y + Y0])));

/** A one-layer EPSG:3067 GeoPackage of cells given as [south-west x, y, side, population]. */
function cellsGpkg(name: string, cells: [number, number, number, number | null | string][], columns: Record<string, string> = { inhabitants: "INTEGER" }) {
  const rows = cells.map(([x, y, size, pop]) => [polygonBlob([square(x, y, size)]), ...Object.keys(columns).map(() => pop)]);
  return writeGeoPackage(name, [{ table: "cells", srsId: 3067, columns, rows }]);
}

const mod250 = (v: number) => ((v % 250) + 250) % 250;

describe("readPopulationGrid on the real HSY grids", () => {
  // Counts and sums from python3's sqlite3 module, independently of sql.js:
  //   SELECT count(*), sum(inhabitants) FROM Population_grid_2021_HSY        → 5853, 1207168
  //   SELECT count(*), sum(population) FROM population_grid_2020 (r5py file) → 92, 71724
  it("reads HSY's 2021 250 m grid: 5,853 cells, 1,207,168 people, from EPSG:3879", async () => {
    const g = await readPopulationGrid(sharedData("population/hsy_population_grid_2021_250m.gpkg"));
    expect(g.cells).toHaveLength(5853);
    expect(g.total).toBe(1_207_168);
    expect(g.cells.reduce((s, c) => s + c.population, 0)).toBe(1_207_168);
    expect([g.cellSizeM, g.sourceCrs, g.suppressedCells]).toEqual([250, "EPSG:3879", 0]);
  });

  it("reads r5py's 2020 sample: 92 cells, 71,724 people, from EPSG:4326", async () => {
    const g = await readPopulationGrid(sharedData("population/r5py_helsinki_population_grid_2020.gpkg"));
    expect(g.cells).toHaveLength(92);
    expect(g.total).toBe(71_724);
    expect([g.cellSizeM, g.sourceCrs]).toEqual([250, "EPSG:4326"]);
  });

  it("finds HSY's cells square in EPSG:3879, not on the EPSG:3067 national grid, and loses no one on it", async () => {
    const g = await readPopulationGrid(sharedData("population/hsy_population_grid_2021_250m.gpkg"));
    // Back in EPSG:3879 every centre sits 125 m east and 124 m north of a multiple of 250 m (HSY's
    // corners are ~1 m south of GK25 round numbers; python3 over the raw corners agrees).
    const toGk = proj4(EPSG_3067, EPSG_3879);
    for (const c of g.cells) {
      const [x, y] = toGk.forward([c.x, c.y]);
      expect(Math.abs(mod250(x) - 125) < 0.02 && Math.abs(mod250(y) - 124) < 0.02, `${x}, ${y}`).toBe(true);
    }
    // In EPSG:3067 the grid is turned ~1.7°: centres fall anywhere in a national cell, so the
    // reader does not snap them. Only one of 5,853 lies within 1 m of a national cell centre.
    const onNational = g.cells.filter((c) => Math.abs(mod250(c.x) - 125) <= 1 && Math.abs(mod250(c.y) - 125) <= 1);
    expect(onNational).toHaveLength(1);
    // populationOnGrid puts each cell in the national cell containing its centre: five national
    // cells get two HSY cells, some get none, and the total is kept exactly.
    const grid: Grid = { x0: 361_500, y0: 6_658_250, cellSizeM: 250, cols: 168, rows: 159 };
    const pop = populationOnGrid(grid, g.cells, g.cellSizeM);
    expect([pop.total, pop.outside, pop.perCell.reduce((a, b) => a + b, 0)]).toEqual([1_207_168, 0, 1_207_168]);
    const perNational = new Map<number, number>();
    for (const c of g.cells) perNational.set(cellAt(grid, c.x, c.y), (perNational.get(cellAt(grid, c.x, c.y)) ?? 0) + 1);
    expect(perNational.size).toBe(5848);
    expect([...perNational.values()].filter((n) => n === 2)).toHaveLength(5);
  });
});

describe("readPopulationGrid on GeoPackage fixtures", () => {
  it("takes each square's centre and its people, and detects 250 and 1000 m cells", async () => {
    const small = await readPopulationGrid(await cellsGpkg("small.gpkg", [[385_000, 6_672_000, 250, 12], [385_250, 6_672_000, 250, 0], [385_000, 6_672_500, 250, 30]]));
    expect(small.cells).toEqual([
      { x: 385_125, y: 6_672_125, population: 12 },
      { x: 385_375, y: 6_672_125, population: 0 },
      { x: 385_125, y: 6_672_625, population: 30 },
    ]);
    expect([small.total, small.cellSizeM, small.sourceCrs]).toEqual([42, 250, "EPSG:3067"]);
    const km = await readPopulationGrid(await cellsGpkg("km.gpkg", [[385_000, 6_672_000, 1000, 7]]));
    expect([km.cells[0].x, km.cells[0].y, km.cellSizeM]).toEqual([385_500, 6_672_500, 1000]);
  });

  it("projects EPSG:4326 cells to EPSG:3067 before taking centres and sides", async () => {
    const ring = square(385_000, 6_672_000, 250).map(([x, y]) => toWgs(x, y));
    const path = await writeGeoPackage("wgs.gpkg", [{ table: "cells", srsId: 4326, columns: { vaesto: "INTEGER" }, rows: [[polygonBlob([ring], 4326), 9]] }]);
    const g = await readPopulationGrid(path);
    expect(g.cells[0].x).toBeCloseTo(385_125, 3);
    expect(g.cells[0].y).toBeCloseTo(6_672_125, 3);
    expect([g.cellSizeM, g.sourceCrs, g.total]).toEqual([250, "EPSG:4326", 9]);
  });

  it("picks the column option, else the first known population column", async () => {
    const path = await writeGeoPackage("cols.gpkg", [
      { table: "cells", srsId: 3067, columns: { pop: "INTEGER", VAESTO: "INTEGER" }, rows: [[finBlob([square(0, 0, 250)]), 1, 2]] },
    ]);
    expect((await readPopulationGrid(path)).total).toBe(2);
    expect((await readPopulationGrid(path, { column: "pop" })).total).toBe(1);
    const missing = await rejection(readPopulationGrid(path, { column: "asukkaat" }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.field).toBe("column");
    const none = await rejection(readPopulationGrid(await cellsGpkg("nocol.gpkg", [[X0, Y0, 250, 1]], { people: "INTEGER" })));
    expect(none).toBeInstanceOf(InvalidInputError);
    expect(none.field).toBe("column");
  });

  it("refuses negative, fractional, text and NULL populations, naming fid, column and value", async () => {
    for (const bad of [-5, 2.5, "many", null]) {
      const err = await rejection(readPopulationGrid(await cellsGpkg("bad-pop.gpkg", [[X0, Y0, 250, 3], [X0 + 250, Y0, 250, bad]], { inhabitants: "" })));
      expect(err, String(bad)).toBeInstanceOf(InvalidInputError);
      expect([err.field, err.value]).toEqual(["inhabitants", bad]);
      expect(err.message).toMatch(/table cells, fid 2/);
    }
  });

  it("reads -1 (suppressed) as 0 only when asked, and counts such cells", async () => {
    const path = await cellsGpkg("suppressed.gpkg", [[X0, Y0, 1000, 40], [X0 + 1000, Y0, 1000, -1]], { vaesto: "INTEGER" });
    const err = await rejection(readPopulationGrid(path));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect([err.field, err.value]).toEqual(["vaesto", -1]);
    expect(err.message).toMatch(/suppressedAsZero/);
    const g = await readPopulationGrid(path, { suppressedAsZero: true });
    expect([g.total, g.suppressedCells, g.cells[1].population]).toEqual([40, 1, 0]);
  });

  it("refuses a corrupt geometry blob with CorruptDataError naming file, table, fid and field", async () => {
    const broken = finBlob([square(0, 0, 250)]).subarray(0, 60);
    const path = await writeGeoPackage("corrupt.gpkg", [{ table: "cells", srsId: 3067, columns: { inhabitants: "INTEGER" }, rows: [[finBlob([square(0, 0, 250)]), 1], [broken, 2]] }]);
    const err = await rejection(readPopulationGrid(path));
    expect(err).toBeInstanceOf(CorruptDataError);
    expect([err.field, err.value]).toEqual(["geom", 2]);
    expect(err.message).toContain(`${path}, table cells, fid 2, field geom`);
  });

  it("refuses cells that are not squares of 250 or 1000 m, mixed sizes, duplicates and other shapes", async () => {
    const cases: [string, unknown[][], string][] = [
      ["rectangle", [[finBlob([[[0, 0], [0, 300], [250, 300], [250, 0], [0, 0]]]), 1]], "geom"],
      ["500 m", [[finBlob([square(0, 0, 500)]), 1]], "geom"],
      ["pentagon", [[finBlob([[[0, 0], [0, 250], [125, 300], [250, 250], [250, 0], [0, 0]]]), 1]], "geom"],
      ["with hole", [[finBlob([square(0, 0, 250), square(10, 10, 5)]), 1]], "geom"],
      ["point", [[gpBlob(wkb({ type: "Point", coordinates: [0, 0] })), 1]], "geom"],
      ["mixed", [[finBlob([square(0, 0, 250)]), 1], [finBlob([square(1000, 0, 1000)]), 1]], "cellSizeM"],
      ["duplicate", [[finBlob([square(0, 0, 250)]), 1], [finBlob([square(0, 0, 250)]), 1]], "cell"],
    ];
    for (const [name, rows, field] of cases) {
      const path = await writeGeoPackage(`${name}.gpkg`, [{ table: "cells", srsId: 3067, columns: { inhabitants: "INTEGER" }, rows: rows as never }]);
      const err = await rejection(readPopulationGrid(path));
      expect(err, name).toBeInstanceOf(InvalidInputError);
      expect(err.field, name).toBe(field);
    }
  });

  it("refuses an unsupported CRS, an empty layer, a missing file and a non-GeoPackage .gpkg", async () => {
    const local = await writeGeoPackage("local.gpkg", [{ table: "cells", srsId: 99, columns: { inhabitants: "INTEGER" }, rows: [] }]);
    await expectInvalid(readPopulationGrid(local), { field: "crs", value: "srs_id:99" });
    const empty = await writeGeoPackage("empty.gpkg", [{ table: "cells", srsId: 3067, columns: { inhabitants: "INTEGER" }, rows: [] }]);
    expect(await rejection(readPopulationGrid(empty))).toBeInstanceOf(InvalidInputError);
    const missing = await rejection(readPopulationGrid("/nonexistent/grid.gpkg"));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.value).toBe("/nonexistent/grid.gpkg");
    const text = await rejection(readPopulationGrid(tempFile("fake.gpkg", "not sqlite")));
    expect(text).toBeInstanceOf(InvalidInputError);
    expect(text.field).toBe("file");
  });
});

describe("readPopulationGrid on CSV", () => {
  const csv = (name: string, text: string) => tempFile(name, text);

  it("reads centres, infers 250 m from the spacing, and shifts corners by half a cell with corner", async () => {
    const g = await readPopulationGrid(csv("centres.csv", "x,y,population\n385125,6672125,10\n385375,6672125,5\n385125,6672875,1\n"));
    expect(g.cells).toEqual([
      { x: 385_125, y: 6_672_125, population: 10 },
      { x: 385_375, y: 6_672_125, population: 5 },
      { x: 385_125, y: 6_672_875, population: 1 },
    ]);
    expect([g.total, g.cellSizeM, g.sourceCrs]).toEqual([16, 250, "EPSG:3067"]);
    const c = await readPopulationGrid(csv("corners.csv", "\uFEFFX,Y,vaesto\n385000,6672000,4\n386000,6672000,6\n"), { corner: true });
    expect(c.cells.map((p) => [p.x, p.y])).toEqual([[385_500, 6_672_500], [386_500, 6_672_500]]);
    expect([c.cellSizeM, c.total]).toEqual([1000, 10]);
    const one = await readPopulationGrid(csv("one.csv", "x,y,pop\n385000,6672000,3\n"), { corner: true, cellSizeM: 250 });
    expect([one.cells[0].x, one.cells[0].y, one.cellSizeM]).toEqual([385_125, 6_672_125, 250]);
  });

  it("reports the first bad row by line number and field, returning nothing", async () => {
    const cases: [string, string, string, unknown][] = [
      ["x,y,population\n385125,6672125,1\n385375,6672125,abc\n", "population", "line 3", "abc"],
      ["x,y,population\n385125,6672125,1\n\n385375,6672125,-3\n", "population", "line 4", "-3"],
      ["x,y,population\n385125,6672125,1\n,6672125,2\n", "x", "line 3", ""],
      ["x,y,population\n385125,6672125,1\n385375,1e999,2\n", "y", "line 3", "1e999"],
      ["x,y,population\n385125,6672125,1\n385375,6672125\n", "line", "line 3", 3],
      ["x,y,population\n385125,6672125,1\n385375,6672125,1\n385125,6672400,1\n", "y", "line 4", 6672400],
      ["x,y,population\n385125,6672125,1\n385375,6672125,1\n385125,6672125,2\n", "cell", "line 4", "385125,6672125"],
    ];
    for (const [text, field, line, value] of cases) {
      const err = await rejection(readPopulationGrid(csv("bad.csv", text)));
      expect(err, text).toBeInstanceOf(InvalidInputError);
      expect([err.field, err.value], text).toEqual([field, value]);
      expect(err.message, text).toContain(line);
    }
  });

  it("catches corners read as centres and the reverse, and spacing it cannot infer", async () => {
    const corners = csv("c.csv", "x,y,population\n385000,6672000,1\n385250,6672000,1\n");
    await expectInvalid(readPopulationGrid(corners), { field: "corner", value: false });
    expect((await readPopulationGrid(corners, { corner: true })).cells[0]).toEqual({ x: 385_125, y: 6_672_125, population: 1 });
    const centres = csv("m.csv", "x,y,population\n385125,6672125,1\n385375,6672125,1\n");
    await expectInvalid(readPopulationGrid(centres, { corner: true }), { field: "corner", value: true });
    await expectInvalid(readPopulationGrid(csv("s.csv", "x,y,population\n385150,6672150,1\n385450,6672150,1\n")), { field: "cellSizeM", value: 300 });
    await expectInvalid(readPopulationGrid(csv("1.csv", "x,y,population\n385125,6672125,1\n")), { field: "cellSizeM" });
  });

  it("reads -1 only with suppressedAsZero, and refuses a missing header column or non-UTF-8 text", async () => {
    const path = csv("sup.csv", "x,y,vaki\n385125,6672125,-1\n385375,6672125,8\n");
    await expectInvalid(readPopulationGrid(path), { field: "vaki", value: "-1" });
    const g = await readPopulationGrid(path, { suppressedAsZero: true });
    expect([g.total, g.suppressedCells]).toEqual([8, 1]);
    await expectInvalid(readPopulationGrid(csv("noy.csv", "x,north,population\n385125,6672125,1\n")), { field: "y" });
    await expectInvalid(readPopulationGrid(csv("nopop.csv", "x,y,people\n385125,6672125,1\n")), { field: "column" });
    const latin1 = tempFile("latin1.csv", Buffer.from("x,y,v\xe4est\xf6\n385125,6672125,1\n", "latin1"));
    await expectInvalid(readPopulationGrid(latin1), { field: "file" });
  });
});
