/**
 * `node --expose-gc --import tsx benchmarks/load.ts [--quick]`: the HTTP API under load on loopback.
 * Serves the real Tampere extract in this process (127.0.0.1, a free port), then drives it with
 * autocannon (50 connections, 20 s; --quick 5 s) on a mix of isochrones, accessibility and scenario
 * runs, and in a second run starts a PDF report job while polling /healthz every 100 ms.
 * Writes the figures into benchmarks/RESULTS.md between <!-- load:start --> and <!-- load:end -->.
 * Client and server share this process and its one JS thread: the figures are a lower bound of what
 * a server alone on the machine would give, and the RSS is the client's and the server's together.
 */
import autocannon from "autocannon";
import type { Server } from "node:http";
import { Worker } from "node:worker_threads";
import type { AddressInfo } from "node:net";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type JobsOptions } from "../server/http/index.ts";
import { Study } from "../study/index.ts";
import type { ServicePoint } from "../engine/services.ts";
import { machine, rng, rssSampler, table, type Row } from "./harness.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const data = join(here, "../../shared/data");
const quick = process.argv.includes("--quick");
const CONNECTIONS = 50;
const DURATION_S = quick ? 5 : 20;
const HEALTH_EVERY_MS = 100;
/** An unrecorded run first, so JIT compilation is not counted in the first recorded run. */
const WARMUP_S = quick ? 1 : 3;
/** One PDF report job takes well under 2 s on Tampere: jobs run one after another for this long. */
const JOB_WINDOW_S = quick ? 3 : 10;
const MAX_JOBS = 200;
/** Direct report requests sent at once (issue 17: /healthz p99 must stay under 100 ms). */
const REPORT_BURST = 60;
/** Bounds of the job phase: it stops polling after this long or this many polls, whichever first. */
const JOB_LIMIT_MS = 120_000;
const JOB_MAX_POLLS = JOB_LIMIT_MS / HEALTH_EVERY_MS;
const gc = (globalThis as { gc?: () => void }).gc;
const MB = 2 ** 20;

const ms = (t0: number) => performance.now() - t0;
const pct = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
const sleep = (t: number) => new Promise((resolve) => setTimeout(resolve, t));


async function openWorkspace(): Promise<{ ws: Study; openS: number; warmMs: number }> {
  let t0 = performance.now();
  const ws = await Study.open({
    roads: join(data, "osm/tampere.osm.pbf"),
    // The region (Pirkanmaa) comes from the roads, as `serve` takes it.
    services: join(here, "../docs/examples/tampere-services.csv"),
    totals: join(data, "municipalities/geofi_sotkadata_population.csv"),
    municipalities: join(data, "municipalities/statfi_municipalities_2023.gpkg"),
    grouping: null,
  });
  const openS = ms(t0) / 1000;
  t0 = performance.now();
  ws.runScenario([{ op: "close", id: ws.inputs.services.points[0].id }]); // keeps each location's surface
  return { ws, openS, warmMs: ms(t0) };
}

/** Answers and client-side latencies (ms) per kind of request. */
type Counts = Record<string, { statuses: Record<number, number>; ms: number[] }>;

/** The mix: each connection cycles isochrones (random level), accessibility, a scenario run (random closure or re-level). */
function mix(ws: Study, seed: number, counts: Counts): autocannon.Request[] {
  const r = rng(seed);
  const points = ws.inputs.services.points;
  const levels = ["L", "A", "E"] as const;
  // Connections do not pipeline: the request sent last on a connection is the one answered next.
  const stamp = (req: autocannon.Request, context: object) => ((context as { t0?: number }).t0 = performance.now(), req);
  const count = (kind: string) => (status: number, _body: string, context: object) => {
    const c = (counts[kind] ??= { statuses: {}, ms: [] });
    c.statuses[status] = (c.statuses[status] ?? 0) + 1;
    c.ms.push(ms((context as { t0: number }).t0));
  };
  return [
    {
      method: "GET",
      setupRequest: (req, context) => stamp({ ...req, path: `/api/isochrones?level=${levels[Math.floor(r() * 3)]}` }, context),
      onResponse: count("GET /api/isochrones"),
    },
    { method: "GET", path: "/api/accessibility", setupRequest: stamp, onResponse: count("GET /api/accessibility") },
    {
      method: "POST",
      path: "/api/scenarios/run",
      headers: { "content-type": "application/json" },
      setupRequest: (req, context) => {
        const p = points[Math.floor(r() * points.length)];
        const others = levels.filter((l) => l !== p.level);
        const change = r() < 0.5 ? { op: "close", id: p.id } : { op: "relevel", id: p.id, level: others[Math.floor(r() * others.length)] };
        return stamp({ ...req, body: JSON.stringify({ changes: [change] }) }, context);
      },
      onResponse: count("POST /api/scenarios/run"),
    },
  ];
}

async function load(base: string, ws: Study, seed: number, seconds = DURATION_S) {
  const counts: Counts = {};
  gc?.();
  const rss = rssSampler();
  const result = await autocannon({ url: base, connections: CONNECTIONS, duration: seconds, requests: mix(ws, seed, counts) });
  const peak = rss.stop();
  return { result, counts, peakRssMb: peak };
}

function loadRow(label: string, run: Awaited<ReturnType<typeof load>>): Row {
  const { result: r } = run;
  return {
    run: label,
    "duration s": r.duration,
    requests: r.requests.total,
    "req/s": r.requests.total / r.duration,
    "p50 ms": r.latency.p50,
    "p99 ms": r.latency.p99,
    "max ms": r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    "non-2xx": r.non2xx,
    "peak RSS MB (client + server)": run.peakRssMb,
  };
}

/** New service points per job: each is a search to 180 min in one step of the job, so the step is long. */
const ADDS_PER_JOB = 80;

/** A job's changes: close one point, add ADDS_PER_JOB at seeded places within a few km of the set's points (new places every job). */
function jobChanges(points: readonly ServicePoint[], n: number) {
  const r = rng(1000 + n);
  const adds = Array.from({ length: ADDS_PER_JOB }, (_, k) => {
    const near = points[Math.floor(r() * points.length)];
    const lon = Math.round((near.lon + (r() - 0.5) * 0.08) * 1e5) / 1e5;
    const lat = Math.round((near.lat + (r() - 0.5) * 0.04) * 1e5) / 1e5;
    return { op: "add" as const, point: { id: `bench-${n}-${k}`, name_fi: `Uusi ${n}.${k}`, municipality: near.municipality, lon, lat, level: "L" as const } };
  });
  return [{ op: "close" as const, id: points[n % points.length].id }, ...adds];
}

/**
 * Polls GET /healthz every HEALTH_EVERY_MS from a worker thread of its own, so the poller's timing
 * is not held up by this thread's client work (autocannon, the report requests and their bodies):
 * what it measures is the server's answer alone. stop() ends it and gives the sorted latencies.
 */
function healthPoller(base: string) {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { base, every, limit } = workerData;
    const out = [];
    let bad = 0;
    let stop = false;
    parentPort.on("message", () => (stop = true));
    (async () => {
      // One unrecorded call: a worker's first fetch loads and compiles its HTTP client (~100 ms).
      await (await fetch(base + "/healthz")).arrayBuffer();
      parentPort.postMessage("ready");
      while (!stop && out.length < limit) {
        const tick = performance.now();
        const h = await fetch(base + "/healthz");
        await h.arrayBuffer();
        out.push(performance.now() - tick);
        if (h.status !== 200) bad++;
        await new Promise((r) => setTimeout(r, Math.max(0, every - (performance.now() - tick))));
      }
      parentPort.postMessage({ out, bad });
    })();`;
  const worker = new Worker(code, { eval: true, workerData: { base, every: HEALTH_EVERY_MS, limit: JOB_MAX_POLLS } });
  let ready: () => void = () => {};
  const started = new Promise<void>((resolve) => (ready = resolve));
  const result = new Promise<{ out: number[]; bad: number }>((resolve) => worker.on("message", (m) => (m === "ready" ? ready() : resolve(m))));
  return {
    started,
    stop: async () => {
      worker.postMessage("stop");
      const r = await result;
      await worker.terminate();
      return { health: r.out.sort((a, b) => a - b), healthBad: r.bad };
    },
  };
}

/** PDF report jobs one after another for `seconds` (at most MAX_JOBS), polling /healthz every 100 ms throughout. */
async function jobsWhilePolling(base: string, points: readonly ServicePoint[], seconds: number) {
  const poller = healthPoller(base);
  let polled: Awaited<ReturnType<typeof poller.stop>>;
  await poller.started;
  const t0 = performance.now();
  const jobMs: number[] = [];
  let bytes = 0;
  try {
    for (let n = 0; n < MAX_JOBS && ms(t0) < seconds * 1000; n++) {
      const j0 = performance.now();
      const res = await fetch(`${base}/api/jobs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: "report", format: "pdf", lang: ["fi", "sv", "en"][n % 3], changes: jobChanges(points, n) }),
      });
      if (res.status !== 202) throw new Error(`POST /api/jobs answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      let status = "queued";
      while (status === "queued" || status === "running") {
        if (ms(t0) > JOB_LIMIT_MS) throw new Error(`job ${id} still ${status} after ${JOB_LIMIT_MS} ms`);
        await sleep(HEALTH_EVERY_MS / 2);
        status = ((await (await fetch(`${base}/api/jobs/${id}`)).json()) as { status: string }).status;
      }
      const pdf = await fetch(`${base}/api/jobs/${id}/result`);
      const size = (await pdf.arrayBuffer()).byteLength;
      if (status !== "done" || pdf.status !== 200 || size === 0) throw new Error(`job ${id}: ${status}, result ${pdf.status}, ${size} bytes`);
      bytes += size;
      jobMs.push(ms(j0));
    }
  } finally {
    polled = await poller.stop();
  }
  const { health, healthBad } = polled;
  jobMs.sort((a, b) => a - b);
  return { jobs: jobMs.length, jobP50: pct(jobMs, 0.5) / 1000, pdfKb: bytes / jobMs.length / 1024, polls: health.length, healthBad, p50: pct(health, 0.5), p99: pct(health, 0.99), max: health[health.length - 1] };
}

/** `count` direct report requests at once (GET /api/report, PDF; fi, sv, en in turn): their statuses, counted. */
async function reportBurst(base: string, count: number): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const res = await fetch(`${base}/api/report?format=pdf&lang=${["fi", "sv", "en"][n % 3]}`);
      const body = await res.arrayBuffer();
      const key = res.status === 200 ? (body.byteLength > 0 ? "200" : "200 empty") : `${res.status} ${res.status >= 400 ? (JSON.parse(new TextDecoder().decode(body)) as { code?: string }).code : ""}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }),
  );
  return statuses;
}

/** Parallel direct report requests at once (GET /api/report, PDF), polling /healthz every 100 ms until all are answered. */
async function reportBurstWhilePolling(base: string, count: number) {
  const poller = healthPoller(base);
  let polled: Awaited<ReturnType<typeof poller.stop>>;
  await poller.started;
  const t0 = performance.now();
  let statuses: Record<string, number> = {};
  try {
    statuses = await reportBurst(base, count);
  } finally {
    polled = await poller.stop();
  }
  const { health, healthBad } = polled;
  return { count, seconds: ms(t0) / 1000, statuses, polls: health.length, healthBad, p50: pct(health, 0.5), p99: pct(health, 0.99), max: health[health.length - 1] };
}

/**
 * The issue's case: the autocannon mix for a whole run, and beside it bursts of REPORT_BURST direct
 * report requests at once (1 s in, then every 4 s while the run lasts), with /healthz polled every
 * 100 ms from its own thread throughout the run.
 */
async function burstsBesideMix(base: string, ws: Study) {
  const poller = healthPoller(base);
  let polled: Awaited<ReturnType<typeof poller.stop>>;
  await poller.started;
  const statuses: Record<string, number> = {};
  let bursts = 0;
  const run = load(base, ws, 3);
  try {
    await sleep(1000);
    const t0 = performance.now();
    while (ms(t0) < (DURATION_S - 4) * 1000) {
      const b0 = performance.now();
      const burst = await reportBurst(base, REPORT_BURST);
      for (const [k, n] of Object.entries(burst)) statuses[k] = (statuses[k] ?? 0) + n;
      bursts++;
      await sleep(Math.max(0, 4000 - ms(b0)));
    }
  } finally {
    // Polled to the end of the run, bursts or not.
    await run.catch(() => undefined);
    polled = await poller.stop();
  }
  const mix = await run;
  const { health, healthBad } = polled;
  return { mix, bursts, statuses, polls: health.length, healthBad, p50: pct(health, 0.5), p99: pct(health, 0.99), max: health[health.length - 1] };
}

function jobRow(label: string, j: Awaited<ReturnType<typeof jobsWhilePolling>>): Row {
  return { while: label, "PDF jobs, in turn": j.jobs, "job s (p50, from POST to done)": j.jobP50, "PDF KB": j.pdfKb, "/healthz polls": j.polls, "not 200": j.healthBad, "/healthz p50 ms": j.p50, "/healthz p99 ms": j.p99, "/healthz max ms": j.max };
}

/** Runs `body` against a second server on the same workspace with these job options, then closes it. */
async function withServer<T>(ws: Study, jobs: JobsOptions, body: (base: string) => Promise<T>): Promise<T> {
  const server: Server = await serve({ port: 0, host: "127.0.0.1", workspace: ws, rateLimitPerMinute: 0, jobs, announce: () => {} });
  try {
    return await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

async function main(): Promise<void> {
  const { ws, openS, warmMs } = await openWorkspace();
  // All 50 connections come from one address, which the default rate limit would count as one client.
  // Its job worker loads at start, as under `serve`.
  const server: Server = await serve({ port: 0, host: "127.0.0.1", workspace: ws, rateLimitPerMinute: 0, jobs: { eager: true }, announce: () => {} });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const points = ws.inputs.services.points;
  try {
    process.stderr.write(`load: serving ${base}; ${DURATION_S} s runs with ${CONNECTIONS} connections\n`);
    await load(base, ws, 0, WARMUP_S); // JIT and first-use caches; not recorded
    const first = await load(base, ws, 1);
    process.stderr.write("load: first run done; PDF jobs with no other traffic\n");
    const quiet = await jobsWhilePolling(base, points, JOB_WINDOW_S);
    process.stderr.write("load: the same jobs on the server thread (the peer: no worker)\n");
    const inThread = await withServer(ws, { threads: "server" }, (b) => jobsWhilePolling(b, points, JOB_WINDOW_S));
    process.stderr.write("load: second run, with PDF jobs from 1 s in\n");
    const secondRun = load(base, ws, 2);
    await sleep(1000);
    const busy = await jobsWhilePolling(base, points, JOB_WINDOW_S);
    const second = await secondRun;
    process.stderr.write(`load: ${REPORT_BURST} direct PDF reports at once\n`);
    const burst = await reportBurstWhilePolling(base, REPORT_BURST);
    process.stderr.write(`load: third run, with bursts of ${REPORT_BURST} direct PDF reports beside it\n`);
    const beside = await burstsBesideMix(base, ws);
    const third = beside.mix;
    const bad = [first, second, third].reduce((n, r) => n + r.result.non2xx + r.result.errors, 0);
    const kindRows: Row[] = Object.entries(first.counts).map(([kind, c]) => {
      const sorted = [...c.ms].sort((a, b) => a - b);
      return { "request (first run)": kind, answers: c.ms.length, statuses: Object.entries(c.statuses).map(([s, n]) => `${s}: ${n}`).join(", "), "p50 ms": pct(sorted, 0.5), "p99 ms": pct(sorted, 0.99), "max ms": sorted[sorted.length - 1] };
    });
    const block = `<!-- load:start -->
## Load on loopback (autocannon)

Produced by \`node --expose-gc --import tsx benchmarks/load.ts${quick ? " --quick" : ""}\` on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}.

The API in-process on 127.0.0.1 over the real Tampere extract (\`tampere.osm.pbf\`), the four
points of \`docs/examples/tampere-services.csv\`, Sotkanet municipal totals and Statistics Finland
2023 boundaries, grouping none (${ws.inputs.areas.length} municipalities, ${ws.base.surfaces.L.length} cells). Study opened in
${openS.toFixed(1)} s; scenario engine warmed once (${warmMs.toFixed(0)} ms). autocannon, ${CONNECTIONS} connections for
${DURATION_S} s; each connection cycles through: \`GET /api/isochrones?level=L|A|E\` (level at random),
\`GET /api/accessibility\`, \`POST /api/scenarios/run\` with one random closure or re-level of one
of the set's points (seeded). Responses uncompressed (autocannon sends no Accept-Encoding).
autocannon runs in the same process as the server, on the same JS thread: the client's work is
counted against the server, and the RSS is the two together (peak sampled every 50 ms). (A
client in a process of its own loads the server harder on these 2 cores: /healthz then waits
longer behind the 50 connections, not less.) The server thread computes one request at a time,
each in a turn of the event loop of its own (server/http/turns.ts), reading the sockets between two:
a cached reply or /healthz waits for at most one computing request, and the scenario runs wait
for each other (with ${CONNECTIONS} connections most of them are waiting on one: their p50 is the queue).
${bad === 0 ? "No errors and no non-2xx answers in any run." : `**${bad} errors or non-2xx answers**: see the tables.`}

${table([loadRow("mix", first), loadRow(`mix, with PDF jobs from 1 s to ${1 + JOB_WINDOW_S} s`, second), loadRow(`mix, with ${beside.bursts} bursts of ${REPORT_BURST} direct PDF reports`, third)])}

Per kind of request (client-side times, stamped when autocannon builds the request):

${table(kindRows)}

### /healthz while a job runs

\`POST /api/jobs\` report jobs (PDF; fi, sv, en in turn; each closes one point and adds
${ADDS_PER_JOB} at new seeded places, so its scenario step makes ${ADDS_PER_JOB} searches to 180 min in one go), each started when the
previous is done (its status read every 50 ms), for ${JOB_WINDOW_S} s; meanwhile \`GET /healthz\` every 100 ms
(one at a time, from a worker thread of its own so this process's client work does not delay it; a late answer delays the next poll). Jobs run in a worker thread (the server's default): the server
thread only queues them and answers. The peer row runs the same jobs on a second server started
with \`threads: "server"\`, where they run in \`setImmediate\` steps on the server's thread and
/healthz is answered only between steps (its latency bounded by the longest step: the scenario
run, building the report, rendering the PDF). In the last row the worker's jobs start 1 s into
the second autocannon run, and /healthz also queues behind the ${CONNECTIONS} connections' requests.

${table([jobRow("no other traffic (worker thread)", quiet), jobRow("no other traffic (server thread, peer)", inThread), jobRow("the second autocannon run (worker thread)", busy)])}

/healthz p99 while jobs run, no other traffic: worker thread ${quiet.p99.toFixed(1)} ms, server thread ${inThread.p99.toFixed(1)} ms (${(inThread.p99 / Math.max(0.1, quiet.p99)).toFixed(1)}× the worker's); the max of ~100 polls is one sample and noisy (${quiet.max.toFixed(0)} and ${inThread.max.toFixed(0)} ms).

### /healthz beside ${REPORT_BURST} direct report requests at once

\`GET /api/report?format=pdf\` ${REPORT_BURST} times at once (fi, sv, en in turn), no other traffic, while \`GET /healthz\` is polled every
100 ms. A direct report is run as a job on the worker thread (the server thread only checks and
waits); past the jobs' queue (${"10"} waiting) a request is answered at once with a 503 \`busy\` and Retry-After.
Beside the autocannon mix, /healthz also waits for the computing request in its turn, if any.

${table([{ requests: burst.count, "answered in s": burst.seconds, statuses: Object.entries(burst.statuses).map(([k, n]) => `${k}: ${n}`).join(", "), "/healthz polls": burst.polls, "not 200": burst.healthBad, "/healthz p50 ms": burst.p50, "/healthz p99 ms": burst.p99, "/healthz max ms": burst.max }])}

### /healthz beside the mix and ${REPORT_BURST} direct report requests at once (issue 17)

The third autocannon run, and beside it ${beside.bursts} bursts of ${REPORT_BURST} direct \`GET /api/report?format=pdf\` at once
(1 s in, then every 4 s), while \`GET /healthz\` is polled every 100 ms from its own thread for the
whole run. Target: /healthz p99 under 100 ms. Since 2026-12-05 the mix's base replies (bands,
figures) are kept serialized and compressed (server/http/app.ts ReplyCache), which took the
server thread's work per repeat from serialising megabytes to a lookup, and /healthz p99 to
105 ms; since the turns (server/http/turns.ts), which stopped a crowd of requests read in one poll
running back to back ahead of it, it waits for one computing request at most.

${table([{ bursts: beside.bursts, "report requests": Object.values(beside.statuses).reduce((a, b) => a + b, 0), statuses: Object.entries(beside.statuses).map(([k, n]) => `${k}: ${n}`).join(", "), "/healthz polls": beside.polls, "not 200": beside.healthBad, "/healthz p50 ms": beside.p50, "/healthz p99 ms": beside.p99, "/healthz max ms": beside.max }])}

Process max RSS over the whole script (getrusage): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.
<!-- load:end -->`;
    const file = join(here, "RESULTS.md");
    const old = existsSync(file) ? await readFile(file, "utf8") : "";
    const marked = /<!-- load:start -->[\s\S]*?<!-- load:end -->/;
    const md = marked.test(old) ? old.replace(marked, () => block) : `${old.replace(/\s*$/, "")}${old ? "\n\n" : ""}${block}\n`;
    await writeFile(file, md);
    process.stdout.write(block + "\n");
    if (bad > 0) process.exitCode = 1;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

await main();
