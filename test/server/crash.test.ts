// Crash safety of the store (issue #10): the real server (`palveluverkko serve`, a child process, on
// the small Kluuvi extract) saves scenarios and service sets, then is killed with SIGKILL while a
// large save is in flight (a scenario of 9,000 changes, an import of 12,000 points, a replace of a
// set by another 12,000), again and again: at fixed delays after the request's body is sent, at
// the moment the write is seen under way (PostgreSQL: the INSERT in pg_stat_activity; PGlite: its
// WAL written to), and the moment its reply arrives. Restarted on the same store (the PGlite
// directory, the same PostgreSQL database), every scenario and set saved before reads back byte for
// byte, and the one killed is absent or whole (a replaced set: the old version or the new, whole);
// one killed at the write is rolled back, one killed at its reply is there. Then, PGlite only, the
// states a directory is left in: a lock of a dead process or of an earlier process with this pid
// (a restarted container), a first start killed during initdb, and damage, refused with a
// CorruptDataError naming the directory rather than opened over.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS, openStore, type Store } from "../../data/store/index.ts";
import { CorruptDataError, InvalidInputError } from "../../engine/errors.ts";
import { rejection } from "../fixtures/errors.ts";
import { BIN } from "../fixtures/cli.ts";
import { scratchDir, tempFile } from "../fixtures/osm.ts";
import { sharedData } from "../fixtures/shared-data.ts";
import { PGLITE, POSTGRES, TEST_DATABASE_URL } from "../fixtures/store.ts";

const OSM = sharedData("osm/helsinki-kluuvi.osm.pbf");
const POPULATION = sharedData("population/r5py_helsinki_population_grid_2020.gpkg");
const HEADER = "id,name_fi,name_sv,municipality,lon,lat,level,open";
const BASE_CSV = [
  HEADER,
  "kluuvi-e,Kluuvin sairaala,Gloets sjukhus,091,24.945,60.171,E,true",
  "kluuvi-l,Kluuvin terveysasema,Gloets hälsostation,091,24.94,60.168,L,true",
  "kaisaniemi-a,Kaisaniemen asema,Kajsaniemi station,091,24.948,60.175,A,true",
].join("\n");

/** A minute is plenty for a start on this extract; the machine may be busy. */
const START_TIMEOUT_MS = 120_000;

// ---- the server as a child process ----

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
}

/** `palveluverkko serve` on the Kluuvi extract and the given store; resolves when it says where it listens. */
function startServer(services: string, storeArgs: string[]): Promise<Server> {
  const args = [BIN, "serve", "--osm", OSM, "--services", services, "--population", POPULATION, "--grouping", "none", "--port", "0", "--no-web", "-q", ...storeArgs];
  const env: NodeJS.ProcessEnv = { ...process.env, PALVELUVERKKO_CACHE: join(scratchDir(), "cache") };
  delete env.DATABASE_URL;
  delete env.PALVELUVERKKO_READ_ONLY;
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`serve did not start in ${START_TIMEOUT_MS} ms: ${err}`));
    }, START_TIMEOUT_MS);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /serving (http:\/\/[^/\s]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1] });
      }
    });
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before it listened: ${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

async function kill(s: Server): Promise<void> {
  s.child.kill("SIGKILL");
  await exited(s.child);
}

/**
 * A graceful stop (SIGTERM: the server finishes its requests and closes the store), or SIGKILL
 * after 20 s: what follows must not hang on a server that does not exit.
 */
async function stop(s: Server): Promise<"exited" | "killed"> {
  s.child.kill("SIGTERM");
  const end = await Promise.race([exited(s.child).then(() => "exited" as const), sleep(20_000).then(() => "killed" as const)]);
  if (end === "killed") await kill(s);
  return end;
}

interface Reply {
  status: number;
  text: string;
}

async function http(s: Server, method: string, path: string, body?: string, type = "application/json"): Promise<Reply> {
  const res = await fetch(s.base + path, { method, body, headers: body === undefined ? {} : { "content-type": type } });
  return { status: res.status, text: await res.text() };
}

async function ok(s: Server, method: string, path: string, body?: string, type?: string): Promise<string> {
  const r = await http(s, method, path, body, type);
  expect(r.status, `${method} ${path}: ${r.text.slice(0, 500)}`).toBeLessThan(300);
  return r.text;
}

/**
 * Sends a request and kills the server once its body is sent and `trigger` resolves; resolves with
 * what the client saw: the reply's status, when the server answered before it died, or null.
 */
function sendAndKill(s: Server, method: string, path: string, body: string, type: string, trigger: (answered: () => boolean) => Promise<unknown>): Promise<{ status: number | null; fired: unknown }> {
  return new Promise((resolve) => {
    let status: number | null = null;
    let fired: unknown = null;
    const req = request(s.base + path, { method, headers: { "content-type": type, "content-length": Buffer.byteLength(body) } }, (res) => {
      status = res.statusCode ?? null;
      res.resume();
    });
    req.on("error", () => {}); // the connection dies with the server
    req.on("finish", async () => {
      fired = await trigger(() => status !== null);
      s.child.kill("SIGKILL");
    });
    req.end(body);
    s.child.once("exit", () => setTimeout(() => resolve({ status, fired }), 50));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `seen` every 2 ms until it is true (the write is under way) or `limitMs` pass; resolves with which. */
async function until(seen: () => Promise<boolean> | boolean, limitMs = 20_000): Promise<"seen" | "not seen"> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await seen()) return "seen";
    await sleep(2);
  }
  return "not seen";
}

// ---- the saves killed ----

/** 9,000 changes (about 500 KB): moves and adds over 50 places (at most 100 new places a run), relevels, closures. */
function bigScenario(id: string, salt: number): { id: string; name: string; changes: unknown[] } {
  const place = (i: number) => ({ lon: Number((24.936 + (i % 10) * 0.0015).toFixed(5)), lat: Number((60.165 + Math.floor(i / 10) * 0.002 + salt * 1e-5).toFixed(5)) });
  const changes: unknown[] = [];
  for (let i = 0; changes.length < 9_000; i++) {
    const k = i % 50;
    if (i < 50) changes.push({ op: "add", point: { id: `new-${k}`, name_fi: `Uusi ${k}`, municipality: "091", ...place(k), level: "L" } });
    else if (i % 3 === 0) changes.push({ op: "move", id: "kluuvi-l", ...place(k) });
    else if (i % 3 === 1) changes.push({ op: "relevel", id: "kaisaniemi-a", level: i % 2 ? "L" : "A" });
    else changes.push({ op: i % 2 ? "close" : "open", id: "kluuvi-e" });
  }
  return { id, name: `Large scenario ${id}`, changes };
}

/** 12,000 points as CSV (about 800 KB), in the Helsinki centre. */
function bigSetCsv(salt: number): string {
  const rows = [HEADER];
  for (let i = 0; i < 12_000; i++) {
    const lon = (24.93 + (i % 120) * 0.0002 + salt * 1e-6).toFixed(6);
    const lat = (60.16 + Math.floor(i / 120) * 0.0002).toFixed(6);
    rows.push(`p${salt}-${i},Piste ${i},Punkt ${i},091,${lon},${lat},${"LAE"[i % 3]},${i % 7 === 0 ? "false" : "true"}`);
  }
  return rows.join("\n");
}

interface Saved {
  /** GET path → its reply's text, as saved: it must read back byte for byte. */
  readonly texts: Map<string, string>;
  readonly lists: { scenarios: string; sets: string };
}

/** Reads every saved thing back but those `left` (the saves killed): each must be byte for byte as recorded. */
async function expectWhole(s: Server, saved: Saved, left: Set<string>): Promise<void> {
  for (const [path, text] of saved.texts) if (!left.has(decodeURIComponent(path.split("/").pop()!))) expect(await ok(s, "GET", path), path).toBe(text);
  // The lists hold what they held, and at most the killed saves besides.
  const without = (text: string, key: string) => JSON.parse(text)[key].filter((x: { id: string }) => !left.has(x.id));
  expect(without(await ok(s, "GET", "/api/scenarios"), "scenarios")).toEqual(without(saved.lists.scenarios, "scenarios"));
  expect(without(await ok(s, "GET", "/api/service-sets"), "service_sets")).toEqual(without(saved.lists.sets, "service_sets"));
}

async function record(s: Server, saved: Saved, path: string): Promise<void> {
  saved.texts.set(path, await ok(s, "GET", path));
  saved.lists.scenarios = await ok(s, "GET", "/api/scenarios");
  saved.lists.sets = await ok(s, "GET", "/api/service-sets");
}

type Target = "scenario" | "set import" | "set replace";
/** When to kill: a delay after the body is sent, the write seen under way, or the reply seen (the save committed). */
type Trigger = { delayMs: number } | "write" | "reply";

interface BackEndCase {
  readonly name: "pglite" | "postgres";
  readonly skip: string | null;
  /** The store arguments of `serve`, made fresh. */
  setUp(): Promise<string[]>;
  /** Resolves true once a write to the store is under way; `begin` is called when the body has been sent. */
  writing(): { begin(): Promise<void>; seen(): Promise<boolean> };
  tearDown(): Promise<void>;
}

let dataDir = "";
const pgliteCase: BackEndCase = {
  name: "pglite",
  skip: null,
  setUp: async () => {
    dataDir = PGLITE.fresh().dataDir!;
    return ["--data-dir", dataDir];
  },
  writing: () => {
    // PGlite writes its WAL into the directory's pg_wal as a transaction fills its buffers (512 kB
    // with 16 MB of shared buffers); the saves here write megabytes, so it is written to mid-transaction.
    const newest = () => Math.max(...readdirSync(join(dataDir, "pg_wal")).filter((f) => /^[0-9A-F]{24}$/.test(f)).map((f) => statSync(join(dataDir, "pg_wal", f)).mtimeMs));
    let before = 0;
    return { begin: async () => void (before = newest()), seen: async () => newest() > before };
  },
  tearDown: async () => {},
};

let admin: Store | null = null;
let database = "";
const postgresCase: BackEndCase = {
  name: "postgres",
  skip: POSTGRES.skip,
  setUp: async () => {
    // A database of its own: `serve` takes a URL, not a schema.
    database = `pv_crash_${process.pid}_${Date.now().toString(36)}`;
    admin = await openStore({ databaseUrl: TEST_DATABASE_URL, migrate: false });
    await admin.db.exec(`CREATE DATABASE ${database}`);
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${database}`;
    return ["--database-url", url.toString()];
  },
  writing: () => ({
    begin: async () => {},
    seen: async () => (await admin!.db.query("SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE 'INSERT INTO%'", [database])).length > 0,
  }),
  tearDown: async () => {
    if (!admin) return;
    await admin.db.exec(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.close();
    admin = null;
  },
};

for (const backEnd of [pgliteCase, postgresCase]) {
  describe.skipIf(backEnd.skip !== null)(`the store under SIGKILL on ${backEnd.name}${backEnd.skip ? ` (skipped: ${backEnd.skip})` : ""}`, () => {
    let services: string;
    let storeArgs: string[];

    beforeAll(async () => {
      services = tempFile("kluuvi-services.csv", BASE_CSV);
      storeArgs = await backEnd.setUp();
    }, 60_000);

    afterAll(() => backEnd.tearDown());

    it("keeps every saved scenario and set whole, and a save killed in flight is absent or whole", { timeout: 15 * 60_000 }, async () => {
      let server = await startServer(services, storeArgs);
      const saved: Saved = { texts: new Map(), lists: { scenarios: "", sets: "" } };
      try {
        // What is saved before any kill: scenarios of every kind of change (which save the base set), and three sets: one with a point edited, two replaced whole.
        const small = [
          { id: "close-e", name: "Close the hospital", changes: [{ op: "close", id: "kluuvi-e" }] },
          { id: "move-l", name: "Move the station", changes: [{ op: "move", id: "kluuvi-l", lon: 24.943, lat: 60.17 }, { op: "relevel", id: "kaisaniemi-a", level: "E" }] },
          { id: "add-one", name: "Lisää asema – ÅÄÖ", changes: [{ op: "add", point: { id: "rautatientori", name_fi: "Rautatientori", name_sv: "Järnvägstorget", municipality: "91", lon: 24.944, lat: 60.171, level: "A", open: false } }, { op: "open", id: "rautatientori" }] },
        ];
        for (const sc of small) {
          await ok(server, "POST", "/api/scenarios", JSON.stringify(sc));
          await record(server, saved, `/api/scenarios/${sc.id}`);
        }
        await ok(server, "POST", "/api/service-sets?id=small&name=Pieni", [HEADER, "a,A,,091,24.94,60.17,L,true", "b,B,,091,24.945,60.172,E,false"].join("\n"), "text/csv");
        await ok(server, "PUT", "/api/service-sets/small/points/b", JSON.stringify({ open: true, level: "A" }));
        await record(server, saved, "/api/service-sets/small");
        await ok(server, "POST", "/api/service-sets?id=big-before", bigSetCsv(0), "text/csv");
        await ok(server, "PUT", "/api/service-sets/big-before", bigSetCsv(1), "text/csv"); // replaced once, whole
        await record(server, saved, "/api/service-sets/big-before");
        await record(server, saved, `/api/service-sets/${encodeURIComponent(JSON.parse(await ok(server, "GET", "/api/scenarios/close-e")).base)}`);
        let replacedCsv = bigSetCsv(2);
        await ok(server, "PUT", "/api/service-sets/replaced?name=Korvattava", replacedCsv, "text/csv");
        await record(server, saved, "/api/service-sets/replaced");
        const points = (csv: string) => ok(server, "POST", "/api/service-points/check", csv, "text/csv").then((t) => JSON.parse(t).points);

        const rounds: [Target, Trigger][] = [
          ["scenario", { delayMs: 0 }],
          ["set import", { delayMs: 0 }],
          ["scenario", "write"],
          ["set import", "write"],
          ["set replace", "write"],
          ["scenario", { delayMs: 30 }],
          ["set import", { delayMs: 150 }],
          ["set replace", { delayMs: 60 }],
          ["scenario", "reply"],
          ["set import", "reply"],
          ["set replace", "reply"],
        ];
        const outcomes: string[] = [];
        const killed = new Set<string>();
        for (const [k, [target, trigger]] of rounds.entries()) {
          const id = `killed-${k}`;
          const csv = bigSetCsv(100 + k);
          const sent = target === "scenario" ? bigScenario(id, k) : null;
          const want = target === "scenario" ? null : await points(csv);
          const wasReplaced = target === "set replace" ? JSON.parse(await ok(server, "GET", "/api/service-sets/replaced")) : null;
          const watch = backEnd.writing();
          const fire = async (answered: () => boolean) => {
            if (trigger === "write") return until(async () => answered() || (await watch.seen()));
            if (trigger === "reply") return until(answered);
            await sleep(trigger.delayMs);
            return `after ${trigger.delayMs} ms`;
          };
          await watch.begin();
          const [method, path, body, type] =
            target === "scenario" ? ["POST", "/api/scenarios", JSON.stringify(sent), "application/json"] : target === "set import" ? ["POST", `/api/service-sets?id=${id}`, csv, "text/csv"] : ["PUT", "/api/service-sets/replaced?name=Korvattava", csv, "text/csv"];
          const { status, fired } = await sendAndKill(server, method, path, body, type, fire);
          if (backEnd.name === "pglite") expect(existsSync(join(dataDir, "palveluverkko.lock")), "a killed server leaves its lock").toBe(true);

          server = await startServer(services, storeArgs);
          await expectWhole(server, saved, new Set([...killed, target === "set replace" ? "replaced" : id]));
          // The save killed in flight: absent, or whole (a replaced set: the old version or the new, whole).
          let outcome: string;
          if (target === "scenario") {
            const r = await http(server, "GET", `/api/scenarios/${id}`);
            outcome = r.status === 404 ? "absent" : "whole";
            if (r.status !== 404) expect([r.status, JSON.parse(r.text).changes, JSON.parse(r.text).name]).toEqual([200, sent!.changes, sent!.name]);
          } else if (target === "set import") {
            const r = await http(server, "GET", `/api/service-sets/${id}`);
            outcome = r.status === 404 ? "absent" : "whole";
            if (r.status !== 404) expect([r.status, JSON.parse(r.text).points]).toEqual([200, want]);
          } else {
            const now = JSON.parse(await ok(server, "GET", "/api/service-sets/replaced"));
            outcome = now.set.updated_at === wasReplaced.set.updated_at ? "old" : "new";
            expect(now).toEqual(outcome === "old" ? wasReplaced : { set: { ...wasReplaced.set, updated_at: now.set.updated_at }, points: want });
          }
          // A set left whole is consistent within: its content hash is of what it holds, so writing the same file again changes nothing.
          if (outcome === "new") replacedCsv = csv;
          if (target === "set replace") expect(JSON.parse(await ok(server, "PUT", "/api/service-sets/replaced?name=Korvattava", replacedCsv, "text/csv")).saved).toBe("unchanged");
          if (target === "set import" && outcome === "whole") expect(JSON.parse(await ok(server, "PUT", `/api/service-sets/${id}`, csv, "text/csv")).saved).toBe("unchanged");
          if (trigger === "reply") expect([status, outcome], "a save answered is a save made, SIGKILL or not").toEqual([target === "set replace" ? 200 : 201, target === "set replace" ? "new" : "whole"]);
          const when = trigger === "write" ? `when the write was ${String(fired)}` : trigger === "reply" ? `when the reply was ${String(fired)}` : String(fired);
          outcomes.push(`${target} killed ${when} → ${outcome}${status === null ? "" : ` (answered ${status} first)`}`);
          console.log(`crash (${backEnd.name}) round ${k}: ${outcomes.at(-1)}`);
          // A save that was made is held to the same standard as the others from now on.
          if (outcome === "whole") await record(server, saved, target === "scenario" ? `/api/scenarios/${id}` : `/api/service-sets/${id}`);
          else if (target !== "set replace") killed.add(id);
          if (target === "set replace") await record(server, saved, "/api/service-sets/replaced");
          // The store takes writes after the restart.
          const after = { id: `after-${k}`, name: `Saved after kill ${k}`, changes: [{ op: "close", id: "kaisaniemi-a" }] };
          await ok(server, "POST", "/api/scenarios", JSON.stringify(after));
          await record(server, saved, `/api/scenarios/${after.id}`);
        }
        // The kills at the write did land on writes under way.
        const atWrite = outcomes.filter((o) => o.includes("when the write was"));
        expect(atWrite.filter((o) => o.includes("was seen")).length, atWrite.join("\n")).toBeGreaterThan(0);
        // And at least one of them was cut before its commit: the store rolled it back on restart.
        expect(outcomes.some((o) => o.includes("was seen") && (o.includes("→ absent") || o.includes("→ old")))).toBe(true);
      } finally {
        const end = await stop(server);
        if (end === "killed") console.log(`crash (${backEnd.name}): serve did not exit within 20 s of SIGTERM; killed`);
      }
      // Stopped cleanly, the store opens in this process and its derived rows agree with what they derive from.
      const store = await openStore(backEnd.name === "pglite" ? { dataDir } : { databaseUrl: storeArgs[1] });
      try {
        for (const s of await store.listScenarios()) {
          const { changes } = await store.getScenario(s.id);
          const [{ n }] = await store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM scenario_points WHERE scenario_id = $1", [s.id]);
          expect(n, s.id).toBe(changes.filter((c) => c.op === "add" || c.op === "move").length);
        }
        for (const s of await store.listServiceSets()) {
          const set = await store.getServiceSet(s.id);
          expect(set.points.length).toBe(s.points);
          expect(await store.saveServiceSet(set), s.id).toBe("unchanged"); // its content hash is of what it holds
        }
      } finally {
        await store.close();
      }
    });
  });
}

// ---- PGlite directories in the states a crash or damage leaves ----

/** Opens a PGlite store in a child process and kills it when `when` says (polled every ms); resolves when it is gone. */
function openKilled(dir: string, when: () => boolean): Promise<void> {
  const script = `import { openStore } from ${JSON.stringify(new URL("../../data/store/index.ts", import.meta.url).pathname)}; await openStore({ dataDir: process.env.DIR }); console.log("open"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, DIR: dir }, stdio: ["ignore", "pipe", "inherit"] });
  let opened = false;
  child.stdout!.on("data", () => (opened = true));
  const timer = setInterval(() => {
    if (opened || when()) {
      clearInterval(timer);
      child.kill("SIGKILL");
    }
  }, 1);
  return exited(child).then(() => clearInterval(timer));
}

describe("PGlite store directories after a crash, a restart, or damage", () => {
  let made: string;
  const copy = (name: string) => {
    const dir = join(scratchDir(), `crash-${name}-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(made, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    // One whole store (migrated, one set), closed cleanly, copied for each case below.
    made = PGLITE.fresh().dataDir!;
    const store = await openStore({ dataDir: made });
    await store.saveServiceSet({ id: "kept", name: { fi: "K", sv: "K", en: "K" }, source: "test", points: [{ id: "a", name: { fi: "A", sv: "A" }, municipality: "091", lon: 24.94, lat: 60.17, level: "L", open: true }] });
    await store.close();
  }, 120_000);

  const reopens = async (dir: string) => {
    const store = await openStore({ dataDir: dir });
    try {
      expect((await store.getServiceSet("kept")).points.map((p) => p.id)).toEqual(["a"]);
    } finally {
      await store.close();
    }
  };

  it("takes over a lock whose holder is gone: a dead pid, this very pid left by an earlier process (a restarted container), a reused pid", { timeout: 120_000 }, async () => {
    const dir = copy("locks");
    const lockFile = join(dir, "palveluverkko.lock");
    // This process's pid, in a lock this process does not hold: what a container's pid 1 finds after a restart.
    writeFileSync(lockFile, `${process.pid} 1`);
    await reopens(dir);
    expect(existsSync(lockFile)).toBe(false);
    const live = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const started = readFileSync(`/proc/${live.pid}/stat`, "utf8").split(") ")[1].split(" ")[19];
      // A live process that started at another time than the holder did: its pid was reused.
      writeFileSync(lockFile, `${live.pid} ${Number(started) - 1}`);
      await reopens(dir);
      // The live holder itself: refused, naming the directory, and its lock left alone.
      writeFileSync(lockFile, `${live.pid} ${started}`);
      const err = await rejection(openStore({ dataDir: dir }));
      expect([err instanceof InvalidInputError, err.field, err.message]).toEqual([true, "dataDir", expect.stringContaining(`process ${live.pid}`)]);
      expect(readFileSync(lockFile, "utf8")).toBe(`${live.pid} ${started}`);
      // A lock of the older form (a pid alone) still names a live holder.
      writeFileSync(lockFile, String(live.pid));
      expect((await rejection(openStore({ dataDir: dir }))).field).toBe("dataDir");
    } finally {
      live.kill("SIGKILL");
      await exited(live);
    }
    await reopens(dir);
  });

  it("starts a new store again from empty when its first start was killed during initdb", { timeout: 300_000 }, async () => {
    const dir = join(scratchDir(), `crash-initdb-${process.pid}`);
    const files = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f !== "palveluverkko.lock" && f !== "palveluverkko.init").length : 0);
    for (const when of [() => files() > 0, () => existsSync(join(dir, "PG_VERSION"))]) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      await openKilled(dir, when);
      expect(existsSync(join(dir, "palveluverkko.init")), "the first start had not finished").toBe(true);
      const store = await openStore({ dataDir: dir });
      try {
        expect([await store.schemaVersion(), await store.listServiceSets()]).toEqual([MIGRATIONS[MIGRATIONS.length - 1].version, []]);
      } finally {
        await store.close();
      }
      expect(existsSync(join(dir, "palveluverkko.init"))).toBe(false);
    }
  });

  it("refuses a damaged store, or a directory that is no store, with a CorruptDataError naming it, and opens nothing over it", { timeout: 120_000 }, async () => {
    const refused = async (dir: string, pattern: RegExp) => {
      for (let i = 0; i < 2; i++) {
        // Twice: the first refusal released the lock, so the second is the same error, not "in use".
        const err = await rejection(openStore({ dataDir: dir }));
        expect(err, err.message).toBeInstanceOf(CorruptDataError);
        expect([err.field, err.value, err.message]).toEqual(["dataDir", dir, expect.stringMatching(pattern)]);
      }
      expect(existsSync(join(dir, "palveluverkko.lock"))).toBe(false);
    };
    // Its WAL lost (the checkpoint it starts from is in there): PGlite's bare "Aborted()", explained.
    const wal = copy("wal");
    for (const f of readdirSync(join(wal, "pg_wal")).filter((f) => /^[0-9A-F]{24}$/.test(f))) truncateSync(join(wal, "pg_wal", f), 0);
    await refused(wal, /cannot be opened.*damaged/);
    // PG_VERSION lost: PGlite would run initdb over the store's files; refused, and its data left alone.
    const noVersion = copy("no-version");
    rmSync(join(noVersion, "PG_VERSION"));
    const before = readdirSync(join(noVersion, "base"), { recursive: true }).length;
    await refused(noVersion, /not a whole PGlite store/);
    expect(readdirSync(join(noVersion, "base"), { recursive: true }).length).toBe(before);
    // Not a store at all: the directory is left as it was.
    const other = join(scratchDir(), `crash-other-${process.pid}`);
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, "notes.txt"), "mine");
    await refused(other, /not a whole PGlite store/);
    expect(readdirSync(other)).toEqual(["notes.txt"]);
  });
});

describe("shutdown on SIGTERM", () => {
  it("exits within its grace of 10 s while a slow client trickles a body and another holds an idle connection", { timeout: 180_000 }, async () => {
    const s = await startServer(tempFile("shutdown-services.csv", BASE_CSV), ["--data-dir", PGLITE.fresh().dataDir!]);
    const url = new URL(s.base);
    // A client that announces a large body and sends one byte every 200 ms (a slowloris writer).
    const slow = request({ host: url.hostname, port: url.port, path: "/api/scenarios/run", method: "POST", headers: { "content-type": "application/json", "content-length": "100000" } });
    slow.on("error", () => {});
    slow.write("{");
    const trickle = setInterval(() => slow.write(" "), 200);
    // A keep-alive connection left idle after one answer.
    const agentReply = await fetch(s.base + "/healthz", { keepalive: true });
    expect(agentReply.status).toBe(200);
    await sleep(1_000);
    const t0 = Date.now();
    s.child.kill("SIGTERM");
    const end = await Promise.race([exited(s.child).then(() => "exited" as const), sleep(20_000).then(() => "still running" as const)]);
    clearInterval(trickle);
    slow.destroy();
    if (end !== "exited") await kill(s);
    expect(end).toBe("exited");
    const took = Date.now() - t0;
    console.log(`shutdown: exited ${took} ms after SIGTERM with a body still trickling (code ${s.child.exitCode})`);
    expect(took).toBeLessThan(15_000);
    expect(s.child.exitCode).toBe(0);
  });
});
