/**
 * pgRouting's pgr_drivingDistance as a peer, on a throwaway PostgreSQL cluster this benchmark
 * starts and stops itself (Debian postgresql-15 + postgresql-15-pgrouting). Skipped, with the
 * reason, when they are not installed. The graph goes in as pgRouting's own examples and
 * osm2pgrouting lay it out: one row per road, a two-way road as one row with `cost` (source to
 * target) and `reverse_cost` (back), a one-way road with reverse_cost -1, times in deciseconds,
 * indexes on id, source and target. Each query is what a pgRouting user runs: the edges SQL, the
 * start vertex or an array of them (one call, per-start rows with equicost false), the 180-minute
 * distance. Answers are checked against ours (nodes reached and the sum of their times).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pgPromise from "pg-promise";
import type { Adjacency } from "../engine/graph.ts";

const BIN = "/usr/lib/postgresql/15/bin";
const PORT = 54391;

export interface Reach {
  /** Nodes reached, and the sum of their times (ds). */
  reached: number;
  sum: number;
}

export interface PgRouting {
  /** Loads a graph into table `edges_<name>`, one row per road; returns the row count. */
  load(name: string, adj: Adjacency): Promise<number>;
  /** One driving-distance query from one start vertex. */
  drivingDistance(name: string, source: number, cutoffDs: number): Promise<Reach>;
  /** One driving-distance query from all the start vertices at once (equicost false): the reach of each. */
  drivingDistanceMany(name: string, sources: readonly number[], cutoffDs: number): Promise<Map<number, Reach>>;
  /** Peak resident memory (VmHWM) of the server process answering our queries, MB. */
  backendPeakMb(): number;
  stop(): Promise<void>;
}

/** The edges SQL of a loaded graph, as pgRouting's docs write it. */
const edgesSql = (name: string) => `SELECT id, source, target, cost, reverse_cost FROM edges_${name}`;

/** Why pgRouting cannot run here, or null. */
export function pgRoutingProblem(): string | null {
  if (!existsSync(join(BIN, "initdb"))) return "pgRouting peer skipped: PostgreSQL 15 server not installed (apt-get install postgresql-15 postgresql-15-pgrouting)";
  if (!existsSync("/usr/share/postgresql/15/extension/pgrouting.control")) return "pgRouting peer skipped: postgresql-15-pgrouting not installed";
  return null;
}

/** Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root). */
function asPostgres(cmd: string, args: string[]): void {
  // stdio "ignore": a server started in the background must not hold our pipes open.
  const root = process.getuid?.() === 0;
  if (root) execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "ignore" });
  else execFileSync(cmd, args, { stdio: "ignore" });
}

/** Starts a cluster in a temporary directory; the caller must stop() it. */
export async function startPgRouting(): Promise<PgRouting> {
  const dir = mkdtempSync(join(tmpdir(), "palveluverkko-pgr-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  asPostgres(join(BIN, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres"]);
  asPostgres(join(BIN, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-o", `-p ${PORT} -k ${dir} -c listen_addresses='' -c shared_buffers=512MB -c work_mem=256MB`, "-w", "start"]);
  const pgp = pgPromise();
  const client = pgp({ host: dir, port: PORT, user: "postgres", database: "postgres", max: 1, idleTimeoutMillis: 0 });
  await client.none("CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE");
  // One pooled connection (max 1), so this is the backend every query runs in.
  const backendPid = (await client.one<{ pid: number }>("SELECT pg_backend_pid() AS pid")).pid;
  return {
    async load(name, adj) {
      const csv = join(dir, `${name}.csv`);
      const lines: string[] = [];
      const { firstOut, head, timeDs } = adj;
      // Pair each edge u → v with an unpaired twin v → u (parallel roads pair one by one); an
      // edge with no twin is a one-way road.
      const paired = new Uint8Array(head.length);
      let id = 0;
      for (let u = 0; u < adj.nodeCount; u++) {
        for (let e = firstOut[u]; e < firstOut[u + 1]; e++) {
          if (paired[e]) continue;
          paired[e] = 1;
          const v = head[e];
          let twin = -1;
          if (v !== u) {
            for (let f = firstOut[v]; f < firstOut[v + 1]; f++) {
              if (!paired[f] && head[f] === u) {
                twin = f;
                break;
              }
            }
          }
          if (twin >= 0) paired[twin] = 1;
          lines.push(`${++id},${u},${v},${timeDs[e]},${twin >= 0 ? timeDs[twin] : -1}`);
        }
      }
      writeFileSync(csv, lines.join("\n") + "\n");
      chmodSync(csv, 0o644);
      await client.none(`DROP TABLE IF EXISTS edges_${name}`);
      await client.none(`CREATE TABLE edges_${name} (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, cost double precision NOT NULL, reverse_cost double precision NOT NULL)`);
      await client.none(`COPY edges_${name} FROM '${csv}' WITH (FORMAT csv)`);
      await client.none(`CREATE INDEX ON edges_${name} (source)`);
      await client.none(`CREATE INDEX ON edges_${name} (target)`);
      await client.none(`ANALYZE edges_${name}`);
      return id;
    },
    async drivingDistance(name, source, cutoffDs) {
      const r = await client.one<Reach>(
        `SELECT count(*)::int AS reached, coalesce(sum(agg_cost), 0)::float8 AS sum
           FROM pgr_drivingDistance('${edgesSql(name)}', $1::bigint, $2::float8, directed => true)`,
        [source, cutoffDs],
      );
      return { reached: r.reached, sum: r.sum };
    },
    async drivingDistanceMany(name, sources, cutoffDs) {
      const rows = await client.any<Reach & { start: number }>(
        `SELECT from_v::int AS start, count(*)::int AS reached, sum(agg_cost)::float8 AS sum
           FROM pgr_drivingDistance('${edgesSql(name)}', $1::bigint[], $2::float8, directed => true, equicost => false)
          GROUP BY from_v`,
        [sources, cutoffDs],
      );
      return new Map(rows.map((r) => [r.start, { reached: r.reached, sum: r.sum }]));
    },
    backendPeakMb() {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${backendPid}/status`, "utf8"));
        return m ? Number(m[1]) / 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    async stop() {
      pgp.end();
      try {
        asPostgres(join(BIN, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
