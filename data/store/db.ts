/**
 * The little each back end provides (PGlite in-process, PostgreSQL through pg-promise): queries with
 * `$1` parameters, scripts, transactions, close. Everything else (schema, migrations, the store's
 * queries) is written once over this, so the two back ends cannot drift apart.
 */
import { ConflictError, InvalidInputError, NotFoundError, PalveluverkkoError, show } from "../../engine/index.ts";
import { OutOfSpaceError } from "../files.ts";

/** What runs inside or outside a transaction. */
export interface Sql {
  /** One statement with `$1`-style parameters; the rows. Pass JSON as text and cast it (`$1::text::jsonb`): the two drivers encode objects differently. */
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations, test fixtures). */
  exec(text: string): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: "pglite" | "postgres";
  /** Where the data lives, for messages: a directory, or the database URL without its password. */
  readonly location: string;
  /** Whether PostGIS is loaded, so the spatial parts of migrations can run. */
  readonly postgis: boolean;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (t: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE codes the store turns into typed errors (PostgreSQL Appendix A). */
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";
const CHECK_VIOLATION = "23514";
const NOT_NULL_VIOLATION = "23502";
const INVALID_TEXT = "22P02";
/** Text PostgreSQL cannot hold: a NUL character (in text, 22021; in jsonb, 22P05). */
const NOT_IN_REPERTOIRE = "22021";
const UNTRANSLATABLE = "22P05";
/** The server's disk is full (53100) or its storage otherwise short (53xxx: out of memory, too many connections aside). */
const DISK_FULL = "53100";

/** The SQLSTATE of a driver error (pg and PGlite both put it in `code`), else undefined. */
export function sqlState(err: unknown): string | undefined {
  if (err instanceof PalveluverkkoError) return undefined;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Which field and value to blame for each kind of violation. */
export interface Blame {
  /** A key taken already: ConflictError. */
  readonly unique?: readonly [field: string, value: unknown];
  /** A reference to a row that is not there: NotFoundError. */
  readonly reference?: readonly [field: string, value: unknown];
  /** A check, not-null or type refused: InvalidInputError. */
  readonly check?: readonly [field: string, value: unknown];
}

/**
 * A constraint violation as a typed error naming the field it concerns (`what` says what was being
 * written); any other error as it was. The database is the last line: inputs are checked with zod
 * before any write, so these fire on races (two creates of one id) and on bugs.
 */
export function typedDbError(err: unknown, what: string, blame: Blame): unknown {
  const detail = (err as Error).message;
  switch (sqlState(err)) {
    case UNIQUE_VIOLATION: {
      const [field, value] = blame.unique ?? ["id", undefined];
      return new ConflictError(`${what}: ${field} ${show(value)} is taken already`, field, value);
    }
    case FOREIGN_KEY_VIOLATION: {
      const [field, value] = blame.reference ?? ["id", undefined];
      return new NotFoundError(`${what}: ${field} ${show(value)} names nothing in the store`, field, value);
    }
    case CHECK_VIOLATION:
    case NOT_NULL_VIOLATION:
    case INVALID_TEXT:
    case NOT_IN_REPERTOIRE:
    case UNTRANSLATABLE: {
      const [field, value] = blame.check ?? ["(record)", undefined];
      return new InvalidInputError(`${what}: refused by the store (${detail})`, field, value);
    }
    case DISK_FULL:
      return new OutOfSpaceError(`${what}: the database server's disk is full; nothing was written (${detail}). Reading still works; writes work again once space is freed there`, "store", undefined);
    default:
      return err;
  }
}
