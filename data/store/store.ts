/**
 * The store: service sets and scenarios, kept across restarts. One interface, two back ends sharing
 * one schema (migrations.ts): PGlite in a data directory by default, PostgreSQL + PostGIS when a
 * database URL is given. Every write is one transaction, checked with zod before it is tried: a
 * scenario is saved whole or not at all.
 */
import { z } from "zod";
import { changeSchema, regionField, scenarioSchema } from "../scenario-file.ts";
import { zodProblem } from "../input.ts";
import { safeNameSchema } from "../names.ts";
import { InvalidInputError, show, type ServicePoint, type ServiceSet } from "../../engine/index.ts";
import type { Db } from "./db.ts";

/** A scenario's change as scenario files and the API write it (`name_fi`, optional `open`). */
export type ChangeJson = z.output<typeof changeSchema>;

/** What a new scenario needs: the base service set must be in the store already. */
export const newScenarioSchema = z.strictObject({
  id: scenarioSchema.shape.id,
  name: scenarioSchema.shape.name,
  region: regionField,
  base: safeNameSchema.describe("Id of the base service set."),
  changes: scenarioSchema.shape.changes,
});
export type NewScenario = z.input<typeof newScenarioSchema>;

/** What may change in a stored scenario: its name and changes (its id, region and base stay). */
export const scenarioUpdateSchema = newScenarioSchema.pick({ name: true, changes: true });
export type ScenarioUpdate = z.input<typeof scenarioUpdateSchema>;

export interface StoredScenario {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  /** Id of the base service set. */
  readonly base: string;
  readonly changes: ChangeJson[];
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A list entry: everything but the changes, which are counted. */
export type ScenarioSummary = Omit<StoredScenario, "changes"> & { readonly changes: number };

export interface ServiceSetSummary {
  readonly id: string;
  readonly name: ServiceSet["name"];
  readonly source: string;
  readonly points: number;
  readonly updatedAt: string;
}

/** A set as stored, with when it was first saved and last changed (ISO 8601, UTC). */
export interface StoredServiceSet {
  readonly set: ServiceSet;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What an edit of one stored point may change; a field left out stays as it is. Its id and municipality stay. */
export interface ServicePointEdit {
  readonly name?: { readonly fi?: string; readonly sv?: string };
  readonly level?: ServicePoint["level"];
  readonly open?: boolean;
  /** WGS84 degrees, given together. */
  readonly lon?: number;
  readonly lat?: number;
}

export interface Store {
  readonly kind: "pglite" | "postgres";
  /** A directory, or the database URL without its password. */
  readonly location: string;
  /** Whether the spatial columns (PostGIS geometry, GiST) are there. */
  readonly postgis: boolean;
  /** Applies the migrations not yet applied; returns their versions (none when up to date). */
  migrate(): Promise<number[]>;
  schemaVersion(): Promise<number>;

  /** Saves a set under its id: created, unchanged (same content), or replaced whole. */
  saveServiceSet(set: ServiceSet): Promise<"created" | "unchanged" | "replaced">;
  /** Saves a new set; ConflictError when its id is taken. */
  createServiceSet(set: ServiceSet): Promise<StoredServiceSet>;
  getServiceSet(id: string): Promise<ServiceSet>;
  /** A set and its times, read in one statement (so never half of one version and half of another). */
  readServiceSet(id: string): Promise<StoredServiceSet>;
  /** By id. */
  listServiceSets(): Promise<ServiceSetSummary[]>;
  /** Changes one point of a stored set; NotFoundError naming `id` or `pointId`. */
  editServicePoint(setId: string, pointId: string, edit: ServicePointEdit): Promise<StoredServiceSet>;
  /** Deletes a set and its points; ConflictError while a scenario has it as its base. */
  deleteServiceSet(id: string): Promise<void>;

  /** Checks and saves a new scenario; ConflictError when its id is taken, NotFoundError when its base set is not stored. */
  createScenario(input: NewScenario): Promise<StoredScenario>;
  /** Replaces a scenario's name and changes. */
  updateScenario(id: string, update: ScenarioUpdate): Promise<StoredScenario>;
  /** Oldest first, optionally of one region. */
  listScenarios(filter?: { region?: string }): Promise<ScenarioSummary[]>;
  getScenario(id: string): Promise<StoredScenario>;
  deleteScenario(id: string): Promise<void>;

  close(): Promise<void>;
  /** The back end's SQL, for maintenance and tests. */
  readonly db: Db;
}

/** Parses with a schema; the first problem becomes an InvalidInputError naming the field. */
export function checked<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === "unrecognized_keys" && issue.path.length === 0) throw new InvalidInputError(`${what}: unknown field ${show(issue.keys[0])}`, issue.keys[0], issue.keys[0]);
  throw zodProblem(parsed.error, input, what);
}
