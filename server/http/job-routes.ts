/** What the /api/jobs routes take and do: a job's body is a direct route's, checked before it is queued. */
import { z } from "zod";
import { toScenarioChange } from "../../data/scenario-file.ts";
import { HttpError } from "./problems.ts";
import type { Jobs, Step } from "./jobs.ts";
import { checkPer, checkReportGroups, type Study } from "../../study/index.ts";
import type { Reply, RouteContext } from "./routes.ts";
import type { ReportModel } from "../../data/export/index.ts";
import * as S from "./schemas.ts";
import * as R from "./report.ts";
import * as G from "./groupings.ts";
import * as V from "./views.ts";

const reportShape = R.reportBody.shape;

export const jobBody = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("report"), format: reportShape.format, lang: reportShape.lang, per: reportShape.per, changes: reportShape.changes.default([]), thresholds: reportShape.thresholds, name: reportShape.name,
      types: reportShape.types, language: reportShape.language,
    }),
    z.strictObject({ kind: z.literal("compare"), ...G.compareBody.shape }),
  ])
  .register(S.requestSchemas, { id: "JobRequest" });

export const jobIdParams = z.strictObject({ id: z.string().uuid().describe("The job's id, as POST /api/jobs gave it.") });

export const jobView = z
  .object({
    id: z.string(),
    kind: z.enum(["report", "compare"]),
    status: z.enum(["queued", "running", "done", "failed"]),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).describe("Steps done of all."),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    result: z.string().nullable().describe("Where the result is, once done."),
    error: z.object({ status: z.number().int(), detail: z.string(), code: z.string().nullable(), field: z.string().nullable() }).nullable().describe("Why it failed, as the direct route's problem would say."),
  })
  .register(S.responseSchemas, { id: "Job" });

export const eventStream = z.string().describe("text/event-stream: `event: progress|done|failed` lines with JSON `data`.");

/** The app's jobs; a 503 when it has none. */
export function requireJobs(ctx: RouteContext): Jobs {
  if (ctx.jobs) return ctx.jobs;
  throw new HttpError(503, "no-jobs", "this server runs no jobs", "jobs", null);
}

/** A job's request as checked: the body POST /api/jobs took. */
export type JobRequest = z.output<typeof jobBody>;

/** Checks what the body names against the workspace now (a 400 on the request, not a failed job). */
function checkRequest(ws: Study, body: JobRequest): void {
  if (body.kind === "report") {
    checkPer(ws, body.per ?? "municipality");
    body.changes.forEach(toScenarioChange);
    checkReportGroups(ws, body.types, body.language);
  } else G.resolveBodyGroupings(ws, body);
}

/**
 * The work of a job, in steps, on whichever thread holds `ws` (the server's worker, or the server
 * thread in-process): the last step returns the Reply, as the direct route would answer.
 */
export function jobSteps(ws: Study, body: JobRequest): Step[] {
  if (body.kind === "report") {
    const per = body.per ?? "municipality";
    const changes = body.changes.map(toScenarioChange);
    const thresholds = body.thresholds ?? ws.base.thresholdsMin;
    let model: ReportModel;
    return [
      () => void (model = changes.length > 0 ? R.scenarioReport(ws, per, changes, body.thresholds, body.name ?? null, { types: body.types, language: body.language }) : R.baseReport(ws, per, thresholds, { types: body.types, language: body.language })),
      () => R.reportReply(ws, model, body.format, body.lang),
    ];
  }
  const groupings = G.resolveBodyGroupings(ws, body);
  return [() => void ws.figures(body.thresholds ?? ws.base.thresholdsMin), () => ({ body: G.compareOnStudy(ws, groupings, body.thresholds) })];
}

/**
 * A direct route's heavy work (a report, a comparison) as a job: checked here (400 on the request),
 * then queued with the jobs and run on their worker thread, so the server thread only checks and
 * waits, and /healthz and small requests keep answering beside any number of reports. Past the
 * jobs' queue the request is a 503 "busy" with Retry-After; the route's time limit still holds.
 * Without jobs (a server made without them) the steps run here.
 */
export async function runAsJob(ws: Study, ctx: RouteContext, body: JobRequest): Promise<Reply> {
  checkRequest(ws, body);
  if (!ctx.jobs) {
    let last: unknown;
    for (const step of jobSteps(ws, body)) last = await step();
    return last as Reply;
  }
  return ctx.jobs.settled(ctx.jobs.request(ws, body));
}

/** Checks the body now (400 on the request), queues the work, answers 202 with the job and its Location. */
export function createJob(ws: Study, jobs: Jobs, body: JobRequest): Reply {
  checkRequest(ws, body);
  const job = jobs.request(ws, body);
  return { status: 202, headers: { Location: `/api/jobs/${job.id}` }, body: jobs.view(job) };
}
