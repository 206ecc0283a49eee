/**
 * Every limit the server puts on a request, in one reply (GET /api/limits), so a client can stay
 * within them rather than learn them from problems. The limits themselves are enforced where the
 * input is read: the body parser, the schemas, the workspace, the rate limiter, the job queue.
 */
import { z } from "zod";
import { MAX_GRID_CELLS, cellCount, MAX_CUTOFF_DS, DS_PER_MIN } from "../../engine/index.ts";
import { MAX_CHANGES, MAX_THRESHOLDS, responseSchemas } from "./schemas.ts";
import { MAX_GROUPINGS } from "./groupings.ts";
import { MAX_NEW_LOCATIONS, type Study } from "../../study/index.ts";
import type { RouteContext } from "./routes.ts";

/** The limits set when the app is made (AppOptions), as the app applies them. */
export interface ServerLimits {
  readonly bodyBytes: number;
  readonly requestTimeoutMs: number;
  /** 0: no limit. */
  readonly rateLimitPerMinute: number;
  readonly pendingJobs: number;
}

const count = (what: string) => z.number().int().describe(what);

export const limitsView = z
  .object({
    body_bytes: count("Largest request body (413 past it)."),
    request_timeout_ms: count("Longest a request may take (503 past it); longer work goes through POST /api/jobs."),
    rate_limit_per_minute: count("Requests to /api one client may make in a minute (429 past it); 0 when there is no limit."),
    changes_per_scenario: count("Most changes one scenario may hold."),
    new_locations_per_run: count("Most new service locations (adds and moves: each one a search origin) one scenario run may bring."),
    thresholds_per_request: count("Most thresholds one request may list."),
    threshold_max_min: z.number().describe("Largest threshold, minutes."),
    groupings_per_comparison: count("Most groupings one comparison may hold."),
    grid_cells: count("Cells of this server's grid: every figure is counted over them; no request chooses cells."),
    grid_cells_max: count("Largest grid a server may be started with."),
    pending_jobs: count("Most jobs queued or running at once (503 past it)."),
    read_only: z.boolean().describe("True when routes that change the store answer 403."),
  })
  .register(responseSchemas, { id: "Limits" });

export function limitsOf(ws: Study, ctx: RouteContext): z.output<typeof limitsView> {
  const l = ctx.limits;
  if (!l) throw new Error("the app passes its limits to every route");
  return {
    body_bytes: l.bodyBytes,
    request_timeout_ms: l.requestTimeoutMs,
    rate_limit_per_minute: l.rateLimitPerMinute,
    changes_per_scenario: MAX_CHANGES,
    new_locations_per_run: MAX_NEW_LOCATIONS,
    thresholds_per_request: MAX_THRESHOLDS,
    threshold_max_min: MAX_CUTOFF_DS / DS_PER_MIN,
    groupings_per_comparison: MAX_GROUPINGS,
    grid_cells: cellCount(ws.inputs.grid),
    grid_cells_max: MAX_GRID_CELLS,
    pending_jobs: l.pendingJobs,
    read_only: ctx.readOnly === true,
  };
}
