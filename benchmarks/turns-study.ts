/**
 * `npm run bench:turns-study` (node --expose-gc --import tsx benchmarks/turns-study.ts): what a
 * study costs on the turns model against the plain one, side by side on the same parts (roads,
 * grid, people, service set) of the real central Helsinki (HSY grid) and Tampere (Sotkanet totals)
 * extracts: the base analysis (three level surfaces for cells and centres), a scenario's first run
 * (one surface per service location, then the closure), and a closure on the kept surfaces. Each
 * side's scenario answer is checked against a fresh whole run of its points before any time is
 * written. Writes its block into benchmarks/RESULTS.md between <!-- turns-study:start --> and
 * <!-- turns-study:end -->.
 */
import os from "node:os";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Study } from "../study/index.ts";
import { LEVELS, type RoadModel, type ScenarioChange } from "../engine/index.ts";
import { machine, table, type Row } from "./harness.ts";
import { sharedData } from "../test/fixtures/shared-data.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const RUNS = 3;

/** The median of `runs` timings (ms) of a fresh call each. */
function median(fn: () => void, runs = RUNS): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const rows: Row[] = [];

function measure(name: string, study: Study, closure: ScenarioChange[]): void {
  const parts: Study["parts"] = { ...study.parts, base: undefined };
  const side = (model: RoadModel) => {
    const analysis = median(() => new Study({ ...parts, model }));
    const firstRun = median(() => new Study({ ...parts, model }).runScenario(closure), 1);
    const s = new Study({ ...parts, model });
    s.runScenario(closure);
    const keptRun = median(() => s.runScenario(closure));
    // The answer first: the scenario is a fresh whole run of its points, cell for cell.
    const run = s.runScenario(closure);
    const fresh = s.analysePoints(run.points).result;
    const cells = s.inputs.population.length;
    for (const level of LEVELS) {
      const a = run.cells[level], b = fresh.surfaces[level].subarray(0, cells);
      if (a.length !== b.length || a.some((v, i) => v !== b[i])) throw new Error(`${name} ${model}: the scenario's ${level} times are not a fresh run's`);
    }
    return { analysis, firstRun, keptRun, locations: s.cachedLocations };
  };
  // Side by side in one process: plain, then turns, under the same load.
  const plain = side("plain");
  const turns = side("turns");
  const r = (x: number) => Math.round(x);
  const ratio = (a: number, b: number) => (Math.round((a / b) * 10) / 10).toString() + "×";
  rows.push({
    study: name,
    cells: study.inputs.population.length,
    "service locations": plain.locations,
    "analysis plain ms": r(plain.analysis),
    "analysis turns ms": r(turns.analysis),
    "analysis turns / plain": ratio(turns.analysis, plain.analysis),
    "first scenario plain ms": r(plain.firstRun),
    "first scenario turns ms": r(turns.firstRun),
    "first scenario turns / plain": ratio(turns.firstRun, plain.firstRun),
    "closure on kept surfaces plain ms": r(plain.keptRun),
    "closure on kept surfaces turns ms": r(turns.keptRun),
  });
}

const helsinki = await Study.open({
  roads: sharedData("osm/helsinki-centre.osm.pbf"), cacheDir: false, water: false, services: fileURLToPath(new URL("../docs/examples/helsinki-centre-services.csv", import.meta.url)),
  population: sharedData("population/hsy_population_grid_2021_250m.gpkg"), municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"), grouping: null,
});
measure("central Helsinki (HSY 250 m grid)", helsinki, [{ op: "close", id: "kamppi" }]);
const tampere = await Study.open({
  roads: sharedData("osm/tampere.osm.pbf"), cacheDir: false, water: false, services: fileURLToPath(new URL("../docs/examples/tampere-services.csv", import.meta.url)),
  totals: sharedData("municipalities/geofi_sotkadata_population.csv"), municipalities: sharedData("municipalities/statfi_municipalities_2023.gpkg"), grouping: null,
});
measure("Tampere (Sotkanet totals on the roads)", tampere, [{ op: "close", id: "hervanta" }]);

const load = os.loadavg().map((x) => x.toFixed(1)).join(", ");
const block = [
  "<!-- turns-study:start -->",
  "## A study on the turns model against the plain one (issue 19)",
  "",
  `Produced by \`npm run bench:turns-study\` (benchmarks/turns-study.ts) on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}. Load average at the end: ${load}.`,
  "",
  "Both sides run the same study code on the same parts; only the search under the surfaces differs",
  "(engine/road-model.ts: travelTimeSurface on the node core, or turnTravelTimeSurface on the turn",
  "core). Analysis: a new Study from parts (three level surfaces over cells and centres), median of",
  `${RUNS}. First scenario: a new Study's first closure (a surface per service location, then the`,
  `closure), one run. Closure on kept surfaces: the same closure again, median of ${RUNS}. Each side's`,
  "scenario is checked equal to a fresh whole run of its points before any time is written.",
  "",
  table(rows),
  "<!-- turns-study:end -->",
].join("\n");

const file = join(here, "RESULTS.md");
const text = await readFile(file, "utf8");
const re = /<!-- turns-study:start -->[\s\S]*?<!-- turns-study:end -->/;
await writeFile(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`);
process.stdout.write(block + "\n");
