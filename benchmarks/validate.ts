/**
 * `npm run validate`: our car times on the real central Helsinki extract against the Helsinki Region
 * Travel Time Matrix 2015 (every cell inside the extract, door to door) and r5py's car regression
 * test, per model (benchmarks/validation/core.ts MODELS), and the models against each other. Writes
 * docs/validation.md and docs/validation-residuals.png (the residual map, an SVG drawn into a PNG in
 * Debian's Chromium through playwright-core; without Chromium the SVG is written beside it and said
 * so). Prints each model's verdict against the target.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { importOsm } from "../data/osm/import.ts";
import { Router } from "../engine/index.ts";
import { sharedData } from "../test/fixtures/shared-data.ts";
import { HAVE_CHROMIUM, launchChromium } from "../test/fixtures/browser.ts";
import { meetsTarget, readMatrixReference, readR5Reference, validate } from "./validation/core.ts";
import { residualSvg, validationMarkdown } from "./validation/report.ts";

const docs = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

const { graph } = await importOsm(sharedData("osm/helsinki-centre.osm.pbf"));
const router = new Router(graph);
const matrix = readMatrixReference();
const r5 = readR5Reference();
const results = validate(router, matrix, r5);

writeFileSync(docs("validation.md"), validationMarkdown(results, matrix, r5, new Date().toISOString().slice(0, 10), graph.bbox()));
const svg = residualSvg(results, matrix, graph);
if (HAVE_CHROMIUM) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 100, height: 100 } });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator("svg").screenshot({ path: docs("validation-residuals.png"), type: "png" });
  } finally {
    await browser.close();
  }
} else {
  writeFileSync(docs("validation-residuals.svg"), svg);
  process.stderr.write("Chromium not found: wrote docs/validation-residuals.svg; the PNG is not updated\n");
}

for (const r of results) {
  const d = r.doorToDoor;
  process.stdout.write(
    `${r.model.label}: door to door vs the 2015 matrix, ${d.n} cells: Spearman ${d.spearman.toFixed(3)}, median |residual| ${d.medianAbsResidualMin.toFixed(2)} min: ` +
      `${meetsTarget(d) ? "target met" : "target NOT met"}; r5py ${r.r5.n} trips: Spearman ${r.r5.spearman.toFixed(3)}, median |residual| ${r.r5.medianAbsResidualMin.toFixed(2)} min\n`,
  );
}
process.stdout.write("wrote docs/validation.md and docs/validation-residuals.png\n");
