/**
 * `node --expose-gc --import tsx benchmarks/web.ts [--quick]`: what a planner waits for in the web app.
 * Serves the built app and the API in this process (127.0.0.1, a free port) over the real central
 * Helsinki workspace the browser tests use, opens it in Debian's Chromium (playwright-core, WebGL
 * from SwiftShader: software) and times in the page, from the click to the figures panel showing
 * the new state and to the bands drawn: the first closure (cold: the scenario engine builds its
 * per-point surfaces), then 20 cycles (--quick 5) of close, undo, re-level, undo. The peer is the
 * same scenario run as a bare API call from Node (the body the page sent), after each page run, so
 * the ratio says how much of the planner's wait is the server and how much the browser.
 * Writes the figures into benchmarks/RESULTS.md between <!-- web:start --> and <!-- web:end -->.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, CDPSession, Page, Request } from "playwright-core";
import { importOsm } from "../data/osm/import.ts";
import { sharedData } from "../test/fixtures/shared-data.ts";
import { openHelsinkiWorkspace, startApi } from "../test/fixtures/http.ts";
import { buildWebApp, CHROMIUM, expectedRow, figureRow, HAVE_CHROMIUM, launchChromium, waitReady, type Wanted } from "../test/fixtures/browser.ts";
import { machine, table, type Row } from "./harness.ts";
import { bareRun, startUusimaa, uusimaaColdPeer, type Replay, type ScenarioAnswer } from "./servers.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const quick = process.argv.includes("--quick");
/** Recorded cycles of close, undo, re-level, undo, after one unrecorded cycle. */
const CYCLES = quick ? 5 : 20;
/** The app marks itself ready this long after drawing if the map never goes idle (web/src/main.ts): such a "drawn" time is the fallback's. */
const READY_FALLBACK_MS = 3000;
const MB = 2 ** 20;

const pct = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
const sortedOf = (xs: number[]) => xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
const spread = (xs: number[]) => {
  const s = sortedOf(xs);
  return s.length === 0 ? "n/a" : `${pct(s, 0.5).toFixed(0)} / ${pct(s, 0.9).toFixed(0)} / ${s[s.length - 1].toFixed(0)}`;
};

/** One interaction as the page saw it (ms from the click or change event). */
interface PageTiming {
  figures: number;
  drawn: number;
  /** The scenario request as the page's Resource Timing saw it, from its start to the body's last byte; NaN with no request. */
  fetch: number;
  /** From the click to the request's start, and from the answer's last byte to the figures; NaN with no request. */
  beforeRequest: number;
  afterAnswer: number;
  /** Time in the page's long tasks (over 50 ms, the Long Tasks API) that started between the click and the figures. */
  longTasks: number;
  bytes: number;
}

/**
 * Arms the page for the next interaction: stamps the first click or change, then a MutationObserver
 * waits for the app to go busy (its status line), for a figures table newer than the one drawn then
 * in the wanted mode (the one drawn from the answer) and for the app to be ready (bands drawn).
 * Code sent to the page names no inner function: tsx (esbuild, keepNames) would wrap it in a
 * `__name` helper the page does not have.
 */
function arm(page: Page, mode: "base" | "scenario"): Promise<void> {
  return page.evaluate((mode) => {
    type Bench = { t: Record<string, number>; observer: MutationObserver; long: PerformanceEntry[]; longObserver: PerformanceObserver };
    const w = window as unknown as { bench?: Bench };
    w.bench?.observer.disconnect();
    w.bench?.longObserver.disconnect();
    performance.clearResourceTimings();
    const t: Record<string, number> = {};
    let stale: Element | null | undefined;
    const listening = new AbortController();
    for (const type of ["click", "change"]) {
      document.addEventListener(type, () => ((t.click = performance.now()), listening.abort()), { capture: true, signal: listening.signal });
    }
    const observer = new MutationObserver(() => {
      if (t.click === undefined) return;
      const figures = document.querySelector<HTMLElement>("table.figures");
      // The app redraws the panel from the old figures on the click, then goes busy: that table is stale.
      if (stale === undefined) {
        if (document.body.dataset.state === "busy") stale = figures;
        return;
      }
      if (t.figures === undefined && figures && figures !== stale && figures.dataset.mode === mode) t.figures = performance.now();
      if (t.figures !== undefined && t.drawn === undefined && document.body.dataset.state === "ready") t.drawn = performance.now();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    const long: PerformanceEntry[] = [];
    const longObserver = new PerformanceObserver((list) => long.push(...list.getEntries()));
    longObserver.observe({ type: "longtask" });
    w.bench = { t, observer, long, longObserver };
  }, mode);
}

function readTiming(page: Page): Promise<PageTiming> {
  return page.evaluate(() => {
    const { t, observer, long, longObserver } = (window as unknown as { bench: { t: Record<string, number>; observer: MutationObserver; long: PerformanceEntry[]; longObserver: PerformanceObserver } }).bench;
    observer.disconnect();
    long.push(...longObserver.takeRecords());
    longObserver.disconnect();
    const run = performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/scenarios/run")).pop() as PerformanceResourceTiming | undefined;
    const click = t.click ?? NaN;
    return {
      figures: (t.figures ?? NaN) - click,
      drawn: (t.drawn ?? NaN) - click,
      fetch: run ? run.responseEnd - run.startTime : NaN,
      beforeRequest: run ? run.startTime - click : NaN,
      afterAnswer: run ? (t.figures ?? NaN) - run.responseEnd : NaN,
      longTasks: long.filter((e) => e.startTime >= click && e.startTime < (t.figures ?? NaN)).reduce((sum, e) => sum + e.duration, 0),
      bytes: run?.encodedBodySize ?? NaN,
    };
  });
}

/**
 * The cold peer, in a fresh Node process (this file with --cold-peer): the workspace opened, then the
 * page's first request (read from stdin) sent once to its own server, with nothing compiled or
 * kept yet, as on the page's first closure. Prints the time and the answer's figures as JSON.
 */
async function coldPeer(): Promise<void> {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const api = await startApi({ workspace: await openHelsinkiWorkspace(), rateLimitPerMinute: 0 });
  try {
    const { ms, answer } = await bareRun(api, JSON.parse(input) as Replay);
    process.stdout.write(JSON.stringify({ ms, figures: answer.figures, diff: answer.diff }));
  } finally {
    await api.close();
  }
}

function runColdPeer(replay: Replay): Promise<{ ms: number; answer: ScenarioAnswer }> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--cold-peer"], { stdio: ["pipe", "pipe", "inherit"] });
  child.stdin.end(JSON.stringify(replay));
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`the cold peer exited with ${code}`));
      const { ms, ...answer } = JSON.parse(out) as { ms: number } & ScenarioAnswer;
      resolve({ ms, answer });
    });
  });
}

/** Chromium's JS heap (CDP Performance.getMetrics, after a collection) and DOM nodes of the page. */
async function pageMemory(cdp: CDPSession): Promise<{ heapMb: number; nodes: number }> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { heapMb: m.JSHeapUsedSize / MB, nodes: m.Nodes };
}

/** RSS and PSS (MB) summed over this process's descendants (Chromium's browser, renderer, GPU and utility processes); PSS shares shared pages out. */
function childMemory(): { processes: number; rssMb: number; pssMb: number } {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      // The name in parentheses may hold spaces: the fields after its ")" are state, ppid, ...
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) if (p === process.pid) return true;
    return false;
  };
  let processes = 0, rss = 0, pss = 0;
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      processes++;
    } catch {
      // gone meanwhile, or not readable
    }
  }
  return { processes, rssMb: rss / 1024, pssMb: pss / 1024 };
}

interface Kind {
  label: string;
  /** What the app is asked to do, as a planner would. */
  act: (page: Page) => Promise<void>;
  want: Wanted & { mode: "base" | "scenario" };
  /** Whether the page asks the server (undo to the base reads what the page already holds). */
  asks: boolean;
}

const CLOSE: Kind = { label: "close Kamppi", act: (p) => p.click('#panel [data-point="kamppi"] button.toggle'), want: { mode: "scenario", hash: "close:kamppi" }, asks: true };
const RELEVEL: Kind = { label: "re-level Kirurginen E → A", act: (p) => p.selectOption('#panel [data-point="kirurginen"] select', "A").then(() => {}), want: { mode: "scenario", hash: "relevel:kirurginen:A" }, asks: true };
const UNDO: Kind = { label: "undo (back to the base)", act: (p) => p.click("#undo"), want: { mode: "base", notHash: "changes=" }, asks: false };
const U_CLOSE: Kind = { label: "close Vantaa's health station (L-092)", act: (p) => p.click('#panel [data-point="L-092"] button.toggle'), want: { mode: "scenario", hash: "close:L-092" }, asks: true };
const U_RELEVEL: Kind = { label: "re-level Jorvi A → L", act: (p) => p.selectOption('#panel [data-point="A-hus-jorvi"] select', "L").then(() => {}), want: { mode: "scenario", hash: "relevel:A-hus-jorvi:L" }, asks: true };

interface Samples {
  page: PageTiming[];
  api: number[];
}

/** Where a page is measured: a server with a workspace, the interactions, and a cold peer for the first closure. */
interface Site {
  name: string;
  hash: string;
  close: Kind;
  relevel: Kind;
  api: { base: string };
  coldPeer: (replay: Replay) => Promise<{ ms: number; answer: ScenarioAnswer }>;
}

/** What one site's measurement gives the results block. */
interface Measured {
  rows: Row[];
  memRows: Row[];
  firstReady: number;
  renderer: string;
  kb: number;
  fallbacks: number;
  timed: number;
  missed: number;
}

/** The panel's "all" row holds the answer's numbers: people, mean, P90, each band's share, worse and better. */
async function checkPanel(page: Page, answer: ScenarioAnswer): Promise<void> {
  type All = Parameters<typeof expectedRow>[0] & { worse: number; better: number };
  const all = (rows: { id: string }[]) => rows.find((r) => r.id === "all") as unknown as All;
  const fig = all(answer.figures.L);
  const diff = all(answer.diff.L);
  const shown = await figureRow(page, "all");
  const want: Record<string, number | null> = { population: fig.population, mean_min: fig.mean_min, p90_min: fig.p90_min, worse: diff.worse, better: diff.better };
  for (const b of fig.bands) if (`within_${b.threshold_min}` in shown) want[`within_${b.threshold_min}`] = b.cumulative;
  const wrong = Object.keys(want).filter((k) => shown[k] !== want[k]);
  if (wrong.length > 0) throw new Error(`the panel shows ${JSON.stringify(shown)}, the API ${JSON.stringify(want)}`);
}

async function measure(browser: Browser, site: Site, problems: string[]): Promise<Measured> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("console", (m) => m.type() === "error" && problems.push(`${site.name}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`${site.name}: ${e.message}`));
  let sent: Request | null = null;
  page.on("request", (r) => r.url().includes("/api/scenarios/run") && (sent = r));
  const replay = async (): Promise<Replay> => {
    const r = sent as Request | null;
    if (!r) throw new Error("the page sent no scenario request");
    const headers = await r.allHeaders();
    return { body: r.postData() ?? "", headers: { "content-type": headers["content-type"], "accept-encoding": headers["accept-encoding"] ?? "gzip" } };
  };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  // The first load, navigation to the first "ready" (base bands drawn), stamped in the page.
  await page.addInitScript(() => {
    new MutationObserver((_, o) => {
      if (document.body?.dataset.state !== "ready") return;
      (window as unknown as { firstReady: number }).firstReady = performance.now();
      o.disconnect();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] }); // no <html> yet when this runs
  });
  await page.goto(`${site.api.base}/${site.hash}`);
  await waitReady(page);
  const firstReady = await page.evaluate(() => (window as unknown as { firstReady: number }).firstReady);
  const renderer = await page.evaluate(() => {
    const gl = document.createElement("canvas").getContext("webgl");
    const info = gl?.getExtension("WEBGL_debug_renderer_info");
    return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "no WebGL";
  });
  const memBase = await pageMemory(cdp);

  const interact = async (kind: Kind): Promise<PageTiming> => {
    sent = null;
    await arm(page, kind.want.mode);
    await kind.act(page);
    await waitReady(page, kind.want);
    return readTiming(page);
  };

  process.stderr.write(`web: ${site.name}: serving ${site.api.base}; cold closure\n`);
  const cold = await interact(site.close);
  const coldReplay = await replay();
  const coldApi = await site.coldPeer(coldReplay);
  const warmAnswer = await bareRun(site.api, coldReplay);
  // The peer answers what the page shows: the cold and warm answers agree, and the panel holds their numbers.
  if (JSON.stringify(coldApi.answer.figures) !== JSON.stringify(warmAnswer.answer.figures)) throw new Error("the cold and the warm workspace answer the closure differently");
  await checkPanel(page, coldApi.answer);
  const memCold = await pageMemory(cdp);
  await interact(UNDO);

  const samples = new Map<Kind, Samples>([site.close, UNDO, site.relevel].map((k) => [k, { page: [], api: [] }]));
  const cycle = async (record: boolean) => {
    for (const kind of [site.close, UNDO, site.relevel, UNDO]) {
      const timing = await interact(kind);
      // The peer right after, on the same server and workspace, with the page idle.
      const apiMs = kind.asks ? (await bareRun(site.api, await replay())).ms : NaN;
      if (!record) continue;
      samples.get(kind)!.page.push(timing);
      if (kind.asks) samples.get(kind)!.api.push(apiMs);
    }
  };
  process.stderr.write(`web: ${site.name}: one unrecorded cycle, then the recorded ones\n`);
  await cycle(false);
  for (let i = 0; i < CYCLES; i++) {
    await cycle(true);
    process.stderr.write(`web: ${site.name}: cycle ${i + 1}/${CYCLES}\n`);
  }
  const memWarm = await pageMemory(cdp);
  await page.close();

  const p50 = (xs: number[]) => pct(sortedOf(xs), 0.5);
  const row = (label: string, page: PageTiming[], apiMs: number[]): Row => {
    const figures = page.map((t) => t.figures);
    const apiP50 = p50(apiMs);
    return {
      interaction: label,
      n: page.length,
      "click → figures ms (p50 / p90 / max)": spread(figures),
      "click → bands drawn ms (p50 / p90 / max)": spread(page.map((t) => t.drawn)),
      "long tasks, click → figures ms (p50)": p50(page.map((t) => t.longTasks)),
      "in the page, p50 ms: click → request / request / answer → figures": apiMs.length > 0 ? [p50(page.map((t) => t.beforeRequest)), p50(page.map((t) => t.fetch)), p50(page.map((t) => t.afterAnswer))].map((x) => x.toFixed(0)).join(" / ") : "no request",
      "bare API call ms (p50 / p90 / max)": apiMs.length > 0 ? spread(apiMs) : "none: the page holds the base",
      "figures ÷ API (p50)": apiMs.length > 0 ? p50(figures) / apiP50 : NaN,
      "server's share of the figures wait": apiMs.length > 0 ? `${Math.round((100 * apiP50) / p50(figures))} %` : "0 %",
    };
  };
  const warm = [site.close, site.relevel, UNDO].map((k) => ({ k, s: samples.get(k)! }));
  const rows = [row(`${site.close.label}, cold (first run after start)`, [cold], [coldApi.ms]), ...warm.map(({ k, s }) => row(k.label, s.page, s.api))];
  const allTimings = [cold, ...warm.flatMap(({ s }) => s.page)];
  return {
    rows,
    memRows: [
      { when: "base drawn", "JS heap MB (after GC)": memBase.heapMb, "DOM nodes": memBase.nodes },
      { when: "after the cold closure", "JS heap MB (after GC)": memCold.heapMb, "DOM nodes": memCold.nodes },
      { when: `after ${CYCLES} cycles`, "JS heap MB (after GC)": memWarm.heapMb, "DOM nodes": memWarm.nodes },
    ],
    firstReady,
    renderer,
    kb: p50(samples.get(site.close)!.page.map((t) => t.bytes)) / 1024,
    fallbacks: allTimings.filter((t) => t.drawn - t.figures >= READY_FALLBACK_MS - 50).length,
    timed: allTimings.length,
    missed: allTimings.filter((t) => Number.isNaN(t.figures) || Number.isNaN(t.drawn)).length,
  };
}

async function main(): Promise<void> {
  if (!HAVE_CHROMIUM) {
    process.stderr.write(`web: no Chromium at ${CHROMIUM} (apt-get install chromium, or set PALVELUVERKKO_CHROMIUM); nothing measured\n`);
    process.exitCode = 1;
    return;
  }
  const t0 = performance.now();
  const [webRoot, roads] = await Promise.all([buildWebApp(), importOsm(sharedData("osm/helsinki-centre.osm.pbf"))]);
  const ws = await openHelsinkiWorkspace(roads);
  const setupS = (performance.now() - t0) / 1000;
  const api = await startApi({ workspace: ws, webRoot, rateLimitPerMinute: 0 });
  process.stderr.write("web: starting the CLI's server on the GENERATED Uusimaa network (npm start --offline)\n");
  const uusimaa = await startUusimaa();
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    const helsinki = await measure(browser, { name: "central Helsinki", hash: "#lang=en&bands=short", close: CLOSE, relevel: RELEVEL, api, coldPeer: runColdPeer }, problems);
    const generated = await measure(browser, { name: "GENERATED Uusimaa", hash: "#lang=en", close: U_CLOSE, relevel: U_RELEVEL, api: uusimaa, coldPeer: uusimaaColdPeer }, problems);
    const chromium = childMemory();
    const nodeRssMb = process.memoryUsage().rss / MB;
    const fallbacks = helsinki.fallbacks + generated.fallbacks;
    const timed = helsinki.timed + generated.timed;
    const missed = helsinki.missed + generated.missed;
    const block = `<!-- web:start -->
## The web app in Chromium: click to figures and to bands drawn

Produced by \`node --expose-gc --import tsx benchmarks/web.ts${quick ? " --quick" : ""}\` (\`npm run bench:web\`) on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}; load average at the end ${(await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(", ")}.

Two workspaces, each in its own page of Debian's Chromium (${CHROMIUM}) through playwright-core, 1280 × 800, level L:
central Helsinki, the built app (\`web/\`, Vite) and the API in this process on 127.0.0.1 over the real
workspace of the browser tests (\`helsinki-centre.osm.pbf\`, the HSY 250 m grid, Statistics Finland
2023 boundaries, the two points of \`docs/examples/helsinki-centre-services.csv\`, grouping none;
set up in ${setupS.toFixed(1)} s), \`#lang=en&bands=short\`; and the GENERATED Uusimaa network (not real
roads: the demo \`npm start --offline\` serves, 26 municipalities, 250 m cells, the default set of 34 points),
served by the CLI's own \`start --offline\` in a process of its own (started warm, as a planner's
server runs), \`#lang=en\` (the planning bands). **WebGL is software here** (${helsinki.renderer}): MapLibre draws on the
CPU, sharing the 2 cores with the server and everything else, so "bands drawn" is far slower than
on any machine with a GPU; "figures" does not wait for the map.

Timed in the page (\`performance.now\`): from the click (or the select's change) to the figures
panel redrawn from the answer (a MutationObserver: a new \`table.figures\` in the wanted mode,
after the app went busy), and to the bands drawn (the app's \`data-state="ready"\`, set when
MapLibre is idle after the bands are repainted (with software WebGL the composited frame, a readback of the canvas, comes after)${fallbacks > 0 ? `; **${fallbacks} of ${timed}** hit the app's ${READY_FALLBACK_MS} ms fallback instead` : `; none hit the app's ${READY_FALLBACK_MS} ms fallback`}).
Playwright's own clicking and polling are outside these times. "In the page" splits the wait
for the figures with the scenario request's Resource Timing: click to the request's start (the
app redrawing the panel from the old figures first), the request (start to last byte; ${helsinki.kb.toFixed(0)} KB in central Helsinki,
${generated.kb.toFixed(0)} KB on Uusimaa, compressed, for a closure: figures and band crossings; the scenario's times per cell come beside it
in POST /api/grid), and the answer's last byte to the figures (parsing it, redrawing the panel, and waiting
for whatever else holds the page's one thread). "Long tasks" sums the Long Tasks API's entries
(tasks over 50 ms on the page's main thread) that start between the click and the figures. The peer,
"bare API call", is the body the page sent (\`POST /api/scenarios/run\`, the same
Accept-Encoding) sent from Node right after each page run, timed to the parsed JSON. The cold
row's peer is the same request as the first one to a fresh server process that opened the same
workspace (nothing compiled or kept yet, as for the page's first closure; its answer checked
equal to the warm one's, and the panel's "all" row to both); that process had answered nothing
before, while the page's server had already served the base, so the page's own cold request (the
middle "in the page" figure) is the closer measure of the server's part. Warm rows:
one unrecorded cycle, then ${CYCLES} cycles of close, undo, re-level, undo. Undo to the base asks the
server nothing (the page keeps the base figures and bands). The map's points change with the bands,
not at the click (a frame of software WebGL at the click held the figures back). Targets (issue 18):
figures ≤ 150 ms, bands drawn ≤ 300 ms.
${missed > 0 ? `**${missed} interactions were not timed** (the observer missed a step).\n` : ""}${problems.length > 0 ? `**${problems.length} console errors**: ${problems.slice(0, 3).join(" | ")}\n` : ""}
Central Helsinki (real OSM):

${table(helsinki.rows)}

GENERATED Uusimaa (the demo network, not real roads):

${table(generated.rows)}

Memory: Chromium's page heap (CDP \`Performance.getMetrics\` JSHeapUsedSize, after
\`HeapProfiler.collectGarbage\`), central Helsinki, then GENERATED Uusimaa:

${table(helsinki.memRows)}

${table(generated.memRows)}

At the end Chromium's ${chromium.processes} processes held ${chromium.rssMb.toFixed(0)} MB RSS summed (${chromium.pssMb.toFixed(0)} MB PSS, shared pages
shared out); this Node process (central Helsinki's server, workspace, driver) ${nodeRssMb.toFixed(0)} MB RSS, at most ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB over the run.
First load, navigation to the base bands drawn: ${helsinki.firstReady.toFixed(0)} ms central Helsinki, ${generated.firstReady.toFixed(0)} ms GENERATED Uusimaa.
<!-- web:end -->`;
    const file = join(here, "RESULTS.md");
    const old = existsSync(file) ? await readFile(file, "utf8") : "";
    const marked = /<!-- web:start -->[\s\S]*?<!-- web:end -->/;
    const md = marked.test(old) ? old.replace(marked, () => block) : `${old.replace(/\s*$/, "")}${old ? "\n\n" : ""}${block}\n`;
    await writeFile(file, md);
    process.stdout.write(block + "\n");
    if (problems.length > 0 || missed > 0) process.exitCode = 1;
  } finally {
    await browser.close();
    await api.close();
    await uusimaa.close();
  }
}

await (process.argv.includes("--cold-peer") ? coldPeer() : main());
