/** data/store/: service sets and scenarios kept across restarts, in PGlite (a directory) or PostgreSQL + PostGIS. */
export { openStore } from "./open.ts";
export type { StoreOptions } from "./open.ts";
export { newScenarioSchema, scenarioUpdateSchema } from "./store.ts";
export type { Store, StoredScenario, ScenarioSummary, ServiceSetSummary, StoredServiceSet, ServicePointEdit, NewScenario, ScenarioUpdate, ChangeJson } from "./store.ts";
export { MIGRATIONS, migrate, schemaVersion } from "./migrations.ts";
export type { Migration } from "./migrations.ts";
export type { Db, Sql } from "./db.ts";
export { redactUrl } from "./postgres.ts";
