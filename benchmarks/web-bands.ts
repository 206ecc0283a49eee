/**
 * `node --expose-gc --import tsx benchmarks/web-bands.ts [--quick]` (part of `npm run bench:web`):
 * what a planner waits for when changing the level, the thresholds or the comparison with base,
 * the old path beside the new. Old: the app at e328ff1, main's last with GeoJSON bands (built from `git archive`),
 * which asks the server for GeoJSON bands (GET /api/isochrones, kept per level and band set; with
 * changes, POST /api/scenarios/run with the level's isochrones) and hands them to MapLibre. New:
 * this tree's app, which draws the bands in the page from the time grid it holds (GET/POST
 * /api/grid, fetched once per profile and change list). Both served by the same process over the
 * same real central Helsinki workspace, each in its own Chromium page, 1280 × 800; then the new app
 * alone on the GENERATED Uusimaa network (the CLI's own `start --offline`).
 * Writes the figures into benchmarks/RESULTS.md between <!-- web-bands:start --> and <!-- web-bands:end -->.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { importOsm } from "../data/osm/import.ts";
import { sharedData } from "../test/fixtures/shared-data.ts";
import { scratchDir } from "../test/fixtures/osm.ts";
import { openHelsinkiWorkspace, startApi } from "../test/fixtures/http.ts";
import { buildWebApp, CHROMIUM, HAVE_CHROMIUM, launchChromium, waitReady, type Wanted } from "../test/fixtures/browser.ts";
import { machine, table, type Row } from "./harness.ts";
import { startUusimaa } from "./servers.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../", import.meta.url));
const quick = process.argv.includes("--quick");
/** Recorded rounds of each interaction, after one unrecorded round. */
const ROUNDS = quick ? 4 : 12;
/** Targets: a new level or thresholds drawn, and the comparison with base shown. */
const TARGET_MS = { change: 100, compare: 300 };
/** The app before the bands were drawn in the page: the last commit of main with GeoJSON bands from the server. */
const OLD_APP = "e328ff1";

/** The app of another commit, built into the scratch directory (its web/ and engine/, this tree's node_modules). */
async function buildAppAt(commit: string): Promise<string> {
  const dir = join(scratchDir(), `web-${commit}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("sh", ["-c", `git -C "${root}" archive "${commit}" web engine tsconfig.json package.json | tar -x -C "${dir}"`]);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  const { build } = await import("vite");
  const outDir = join(dir, "dist");
  await build({ configFile: join(dir, "web/vite.config.ts"), build: { outDir, emptyOutDir: true }, logLevel: "warn" });
  return outDir;
}

/** Stamps the next click or change in the page and the first bands drawn (`data-drawn`, new app) and ready state after it. */
function arm(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { bandsBench?: { t: Record<string, number>; observer: MutationObserver } };
    w.bandsBench?.observer.disconnect();
    const t: Record<string, number> = {};
    const drawnBefore = document.body.dataset.drawn;
    let busy = false;
    const listening = new AbortController();
    for (const type of ["click", "change"]) document.addEventListener(type, () => ((t.click ??= performance.now()), listening.abort()), { capture: true, signal: listening.signal });
    const observer = new MutationObserver(() => {
      if (t.click === undefined) return;
      if (t.drawn === undefined && document.body.dataset.drawn !== drawnBefore) t.drawn = performance.now();
      if (document.body.dataset.state === "busy") busy = true;
      if (busy && t.ready === undefined && document.body.dataset.state === "ready") t.ready = performance.now();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-state", "data-drawn"] });
    w.bandsBench = { t, observer };
  });
}

/** ms from the click to the bands drawn (the old app draws them when ready) and to ready (figures and bands). */
function timing(page: Page): Promise<{ drawn: number; ready: number }> {
  return page.evaluate(() => {
    const { t, observer } = (window as unknown as { bandsBench: { t: Record<string, number>; observer: MutationObserver } }).bandsBench;
    observer.disconnect();
    return { drawn: (t.drawn ?? t.ready ?? NaN) - t.click, ready: (t.ready ?? NaN) - t.click };
  });
}

interface Step {
  act: (page: Page) => Promise<unknown>;
  want: Wanted;
}
interface Interaction {
  label: string;
  /** The state it starts from (a URL hash), loaded before the rounds. */
  hash: string;
  /** Steps of one round; the first is recorded, the others put the state back. */
  steps: Step[];
  target: number;
}

const level = (l: string): Step => ({ act: (p) => p.click(`#level-${l}`), want: { level: l } });
const bands = (b: string): Step => ({ act: (p) => p.selectOption("#bands", b), want: { hash: `bands=${b}` } });
const compare: Step = { act: (p) => p.click("#compare"), want: { mode: "scenario" } };

const INTERACTIONS: Interaction[] = [
  { label: "level L → E, base", hash: "#lang=en&bands=short&level=L", steps: [level("E"), level("L")], target: TARGET_MS.change },
  { label: "thresholds 5–30 → 15–180 min, base", hash: "#lang=en&bands=short&level=L", steps: [bands("planning"), bands("short")], target: TARGET_MS.change },
  { label: "level L → E, scenario (Kamppi closed)", hash: "#lang=en&bands=short&level=L&changes=close:kamppi", steps: [level("E"), level("L")], target: TARGET_MS.change },
  { label: "thresholds 5–30 → 15–180 min, scenario", hash: "#lang=en&bands=short&level=L&changes=close:kamppi", steps: [bands("planning"), bands("short")], target: TARGET_MS.change },
  { label: "compare with base on, scenario", hash: "#lang=en&bands=short&level=L&changes=close:kamppi", steps: [compare, compare], target: TARGET_MS.compare },
];

/** The same on the GENERATED Uusimaa network, with Vantaa's health station closed; planning bands to short ones and back. */
const UUSIMAA: Interaction[] = [
  { label: "level L → E, base", hash: "#lang=en&bands=planning&level=L", steps: [level("E"), level("L")], target: TARGET_MS.change },
  { label: "thresholds 15–180 → 5–30 min, base", hash: "#lang=en&bands=planning&level=L", steps: [bands("short"), bands("planning")], target: TARGET_MS.change },
  { label: "level L → E, scenario (L-092 closed)", hash: "#lang=en&bands=planning&level=L&changes=close:L-092", steps: [level("E"), level("L")], target: TARGET_MS.change },
  { label: "thresholds 15–180 → 5–30 min, scenario", hash: "#lang=en&bands=planning&level=L&changes=close:L-092", steps: [bands("short"), bands("planning")], target: TARGET_MS.change },
  { label: "compare with base on, scenario", hash: "#lang=en&bands=planning&level=L&changes=close:L-092", steps: [compare, compare], target: TARGET_MS.compare },
];

const pct = (xs: number[], p: number) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const spread = (xs: number[]) => `${pct(xs, 0.5).toFixed(0)} / ${pct(xs, 0.9).toFixed(0)} / ${Math.max(...xs).toFixed(0)}`;

async function main(): Promise<void> {
  if (!HAVE_CHROMIUM) {
    process.stderr.write(`web-bands: no Chromium at ${CHROMIUM}; nothing measured\n`);
    process.exitCode = 1;
    return;
  }
  // The old app: main's last before the bands were drawn in the page (GeoJSON bands from the server).
  const mainCommit = OLD_APP;
  const [oldRoot, newRoot, roads] = await Promise.all([buildAppAt(mainCommit), buildWebApp(), importOsm(sharedData("osm/helsinki-centre.osm.pbf"))]);
  const ws = await openHelsinkiWorkspace(roads);
  const sides = [
    { name: `old (${mainCommit}): GeoJSON bands from the server`, api: await startApi({ workspace: ws, webRoot: oldRoot, rateLimitPerMinute: 0 }) },
    { name: "new: bands drawn in the page from the time grid", api: await startApi({ workspace: ws, webRoot: newRoot, rateLimitPerMinute: 0 }) },
  ];
  const browser = await launchChromium();
  const problems: string[] = [];
  const rows: Row[] = [];
  try {
    /** One interaction on one side: a fresh page at the interaction's state, a first round and the recorded ones. */
    const measure = async (it: Interaction, side: { name: string; api: { base: string } }, into: Row[]): Promise<void> => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on("pageerror", (e) => problems.push(e.message));
      let requests: string[] = [];
      page.on("request", (r) => /\/api\/(grid|isochrones|scenarios\/run|accessibility)/.test(r.url()) && requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
      await page.goto(`${side.api.base}/${it.hash}`);
      await waitReady(page);
      const drawn: number[] = [];
      const ready: number[] = [];
      let first = NaN;
      let asked: string[] = [];
      for (let round = 0; round <= ROUNDS; round++) {
        for (const [i, step] of it.steps.entries()) {
          requests = [];
          await arm(page);
          await step.act(page);
          await waitReady(page, step.want);
          // The bands drawn may come after ready in no case; wait a little for the stamp all the same.
          await page.waitForTimeout(20);
          const t = await timing(page);
          if (i === 0 && round === 0) first = t.drawn;
          if (i === 0 && round > 0) {
            drawn.push(t.drawn);
            ready.push(t.ready);
            asked = requests;
          }
        }
      }
      const p50 = pct(drawn, 0.5);
      into.push({
        interaction: it.label,
        side: side.name,
        n: drawn.length,
        "first time, right after load: bands drawn ms": first,
        "click → bands drawn ms (p50 / p90 / max)": spread(drawn),
        "click → figures and bands ready ms (p50 / p90 / max)": spread(ready),
        "requests (last round)": asked.length === 0 ? "none" : [...new Set(asked)].map((r) => `${asked.filter((x) => x === r).length}× ${r}`).join(", "),
        [`target ≤ ms`]: it.target,
        "met (p50)": p50 <= it.target ? "yes" : "no",
      });
      process.stderr.write(`web-bands: ${it.label}, ${side.name}: ${spread(drawn)} ms\n`);
      await page.close();
    };
    for (const it of INTERACTIONS) for (const side of sides) await measure(it, side, rows);
    process.stderr.write("web-bands: the GENERATED Uusimaa network (the CLI's start --offline)\n");
    const uusimaa = await startUusimaa();
    const uusimaaRows: Row[] = [];
    try {
      for (const it of UUSIMAA) await measure(it, { name: "new: bands drawn in the page from the time grid", api: uusimaa }, uusimaaRows);
    } finally {
      await uusimaa.close();
    }
    const renderer = await (async () => {
      const page = await browser.newPage();
      const r = await page.evaluate(() => {
        const gl = document.createElement("canvas").getContext("webgl");
        const info = gl?.getExtension("WEBGL_debug_renderer_info");
        return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "no WebGL";
      });
      await page.close();
      return r;
    })();
    const block = `<!-- web-bands:start -->
## The web app in Chromium: level, thresholds and comparison with base, old path beside new

Produced by \`node --expose-gc --import tsx benchmarks/web-bands.ts${quick ? " --quick" : ""}\` (part of \`npm run bench:web\`) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}; load average at the end ${(await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(", ")}.

Both apps served by this process over the same real central Helsinki workspace (the browser
tests'), each in its own page of Debian's Chromium, 1280 × 800. **WebGL is software here**
(${renderer}): every frame MapLibre draws costs CPU shared with the server on 2 cores.
Old: the app at ${mainCommit}, main's last commit with GeoJSON bands (built from \`git archive\`): a level or thresholds change asks
GET /api/isochrones (kept per level and band set after the first ask, so the base rows are its
warm case) or, with changes, POST /api/scenarios/run with the level's isochrones (every time), and
hands the GeoJSON to MapLibre, which tiles it in its worker. New: this tree's app: the base's and
the scenario's times per cell (GET/POST /api/grid) are in the page; a WebGL layer colours each
pixel from its cell's time (a layer's times go to the GPU once; thresholds and colours are uniforms),
no request for bands. New thresholds
still ask the figures counted at them (GET /api/accessibility, kept per band set; with changes
POST /api/scenarios/run without isochrones), after the bands are drawn. The comparison with base
needs a second MapLibre map (the base side, its basemap tiled again): the old app made it at every
showing and fetched the base's bands for it; the new one paints them from the base's times.

Timed in the page: from the click (or the select's change) to the bands drawn (new app: its
\`data-drawn\` stamp, set when MapLibre is idle after the repaint; old app: its \`data-state="ready"\`,
set when MapLibre is idle after the GeoJSON) and to ready (figures and bands). A first round right
after the page is ready (its own column: the old app's first ask of a level's or band set's bands; for
the comparison, both apps making its map), then ${ROUNDS} recorded rounds of the interaction and its way
back (only the first of the two is recorded). The new app keeps the comparison's base map once made,
hidden when the comparison is off, and makes it ahead in a quiet moment 5 s after its first drawing
(or at the first comparison asked before then): showing the comparison is then a repaint of its bands
(the old app made a new map each time).
Targets: ${TARGET_MS.change} ms for a level or thresholds change, ${TARGET_MS.compare} ms for the comparison with base.
${problems.length > 0 ? `**${problems.length} page errors**: ${problems.slice(0, 3).join(" | ")}\n` : ""}
${table(rows)}

The new app on the GENERATED Uusimaa network (not real roads: the demo \`npm start --offline\` serves, 26
municipalities, 250 m cells, the default set of 34 points; the CLI's own server in a process of its
own), Vantaa's health station (L-092) closed for the scenario rows; the band sets the other way
round (planning first, as the app picks for a region):

${table(uusimaaRows)}
<!-- web-bands:end -->`;
    const file = join(here, "RESULTS.md");
    const old = existsSync(file) ? await readFile(file, "utf8") : "";
    const marked = /<!-- web-bands:start -->[\s\S]*?<!-- web-bands:end -->/;
    const md = marked.test(old) ? old.replace(marked, () => block) : `${old.replace(/\s*$/, "")}${old ? "\n\n" : ""}${block}\n`;
    await writeFile(file, md);
    process.stdout.write(block + "\n");
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    for (const s of sides) await s.api.close();
  }
}

await main();
