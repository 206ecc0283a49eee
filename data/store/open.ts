/** Opening a store: PostgreSQL when a database URL is given, else PGlite in a directory. */
import { InvalidInputError } from "../../engine/index.ts";
import type { Db } from "./db.ts";
import { SqlStore } from "./sql-store.ts";
import type { Store } from "./store.ts";

export interface StoreOptions {
  /** PostgreSQL URL; when set, the store is PostgreSQL + PostGIS and `dataDir` is not used. */
  databaseUrl?: string;
  /** PostgreSQL only: a schema of the store's own, searched before public. */
  schema?: string;
  /** PGlite's directory (created when absent). */
  dataDir?: string;
  /** PGlite only: load PostGIS too (slow; see migrations.ts). */
  postgis?: boolean;
  /** Apply pending migrations on open; default true. */
  migrate?: boolean;
}

/** Opens the store the options name, migrated to the latest schema unless told not to. */
export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Db;
  // The drivers load only when used: a PGlite user never loads pg, and the reverse.
  if (options.databaseUrl) {
    const { openPostgres } = await import("./postgres.ts");
    db = await openPostgres(options.databaseUrl, { schema: options.schema });
  } else if (options.dataDir) {
    const { openPglite } = await import("./pglite.ts");
    db = await openPglite(options.dataDir, { postgis: options.postgis });
  } else {
    throw new InvalidInputError("a store needs a data directory (PGlite) or a database URL (PostgreSQL)", "dataDir");
  }
  const store = new SqlStore(db);
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return store;
}
