/**
 * The shared back end: PostgreSQL with PostGIS, through pg-promise (a pool; each transaction on one
 * connection). Many processes may share one database: migrations take an advisory lock.
 */
import type { IDatabase, IMain } from "pg-promise";
import { InvalidInputError } from "../../engine/index.ts";
import type { Db, Sql } from "./db.ts";

export interface PostgresOptions {
  /**
   * A schema of its own (created when absent), searched before `public` where PostGIS usually
   * lives: several stores in one database, e.g. one per test run.
   */
  schema?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
}

/** pg-promise wants one instance per process. */
let pgp: IMain | null = null;

async function main(): Promise<IMain> {
  if (!pgp) {
    const { default: pgPromise } = await import("pg-promise");
    pgp = pgPromise({ capSQL: true });
  }
  return pgp;
}

/** The URL without its password, fit for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(a database URL that does not parse)";
  }
}

type Runner = Pick<IDatabase<object>, "any" | "none">;

function sqlOf(r: Runner): Sql {
  return {
    // pg-promise formats `$1` itself (as literals); no values means no formatting, so `$$` in scripts is safe.
    query: <T>(text: string, params?: readonly unknown[]) => r.any<T>(text, params ? [...params] : undefined),
    exec: async (text: string) => {
      await r.none(text);
    },
  };
}

/** Connects to PostgreSQL at `url` (postgres://user:password@host:port/db, or a socket URL). */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const { schema, poolSize = 10 } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new InvalidInputError(`schema ${JSON.stringify(schema)}: lower-case letters, digits and _, up to 63`, "schema", schema);
  }
  const connection: Record<string, unknown> = { connectionString: url, max: poolSize, application_name: "palveluverkko" };
  // A startup option, so every pooled connection searches the schema first.
  if (schema) connection.options = `-c search_path=${schema},public`;
  const db = (await main())(connection);
  try {
    if (schema) await db.none(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await db.one("SELECT 1");
  } catch (err) {
    await db.$pool.end();
    throw new InvalidInputError(`cannot use the database at ${redactUrl(url)}: ${(err as Error).message}`, "database", redactUrl(url));
  }
  return {
    kind: "postgres",
    location: redactUrl(url) + (schema ? ` (schema ${schema})` : ""),
    postgis: true,
    ...sqlOf(db),
    tx: (fn) => db.tx((t) => fn(sqlOf(t))),
    close: () => db.$pool.end(),
  };
}
