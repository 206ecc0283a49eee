/**
 * Every error becomes RFC 9457 problem details (application/problem+json) in one place: the typed
 * errors by class, the JSON body parser's by its error type, anything else a 500 whose detail says
 * nothing about the inside (the stack goes to the log, never to the client).
 *
 * Status policy: every InvalidInputError is a 400, shapes and meaning alike (a change adding an id
 * that exists, per=unit without a grouping). 422 would add nothing a client can act on that `type`
 * and `field` do not already say, and one rule is easier to rely on. The one exception is a
 * ConflictError (code `conflict`: an id that is taken, a stored scenario of another set), 409: the
 * input is well formed and the client's remedy differs (another id, another server).
 */
import { STATUS_CODES } from "node:http";
import type { ErrorRequestHandler, Response } from "express";
import { PalveluverkkoError } from "../../engine/index.ts";

/** Problem types are URNs: stable names to branch on, not pages to fetch. */
const PROBLEM_TYPE = "urn:palveluverkko:problem:";
export const PROBLEM_MEDIA_TYPE = "application/problem+json";

/** An HTTP-level refusal with no engine meaning: wrong method, wrong media type. */
export class HttpError extends PalveluverkkoError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    field?: string,
    value?: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, field, value);
  }
}

/** Status per engine error code; a code not listed is the server's fault (500). */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  "invalid-input": 400,
  "snap-failed": 400,
  "not-found": 404,
  conflict: 409,
  aborted: 503,
  "out-of-space": 507,
};

/** The status a problem reply for this error has: 500 for anything not typed. */
export function problemStatus(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof PalveluverkkoError && STATUS_OF_CODE[err.code] !== undefined) return STATUS_OF_CODE[err.code];
  return 500;
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  field?: string;
  value?: unknown;
  /** Every bad record of an input (service points), when the error lists them. */
  errors?: { where: string; field: string; value: unknown; message: string }[];
}

/** Most bad records a problem lists. */
const MAX_ERRORS = 100;

/** The records an error lists (RecordProblems), fit to send. */
function listedErrors(err: unknown): Problem["errors"] {
  const list = (err as { problems?: unknown }).problems;
  if (!Array.isArray(list)) return undefined;
  return (list as { where: string; field: string; value: unknown; message: string }[]).slice(0, MAX_ERRORS).map((p) => ({ where: p.where, field: p.field, value: echo(p.value) ?? null, message: p.message }));
}

/** A value fit to echo back: scalars as they are (long strings cut), anything else as short text. */
function echo(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return value.length > 200 ? value.slice(0, 197) + "..." : value;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = "(unprintable)";
  }
  return text.length > 80 ? text.slice(0, 77) + "..." : text;
}

/** Sends a problem; `instance` is the request path, so a log line and a reply can be matched. */
function sendProblem(res: Response, p: Problem): void {
  const body: Problem = { type: p.type, title: p.title, status: p.status, detail: p.detail, instance: res.req.path };
  if (p.code !== undefined) body.code = p.code;
  if (p.field !== undefined) body.field = p.field;
  if (p.value !== undefined) body.value = echo(p.value);
  if (p.errors !== undefined) body.errors = p.errors;
  res.status(p.status).type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(body));
}

/** Errors body-parser raises (http-errors with a `type`), by what they mean for the client. */
interface ParserError {
  status: number;
  type: string;
  expose?: boolean;
  message: string;
  limit?: number;
}

export function isParserError(err: unknown): err is ParserError {
  return typeof err === "object" && err !== null && typeof (err as ParserError).type === "string" && typeof (err as ParserError).status === "number";
}

/** The one error middleware: typed errors, parser errors, and the rest as a bare 500. */
export function problemHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const title = (status: number) => STATUS_CODES[status] ?? "Error";
    if (err instanceof HttpError) {
      res.set(err.headers);
      return sendProblem(res, { type: PROBLEM_TYPE + err.code, title: title(err.status), status: err.status, detail: err.message, code: err.code, field: err.field, value: err.value });
    }
    if (err instanceof PalveluverkkoError && STATUS_OF_CODE[err.code] !== undefined) {
      const status = STATUS_OF_CODE[err.code];
      return sendProblem(res, { type: PROBLEM_TYPE + err.code, title: title(status), status, detail: err.message, code: err.code, field: err.field, value: err.value, errors: listedErrors(err) });
    }
    // The router could not percent-decode a path parameter (/api/scenarios/%ZZ, %FF, a lone
    // surrogate's bytes): the client's path is malformed, a 400 rather than an internal error.
    if (err instanceof URIError && (err as URIError & { status?: number }).status === 400) {
      return sendProblem(res, { type: PROBLEM_TYPE + "malformed-path", title: title(400), status: 400, detail: "A segment of the request path is not valid percent-encoded UTF-8.", code: "malformed-path", field: "path", value: req.path });
    }
    if (isParserError(err) && err.status >= 400 && err.status < 500) {
      const code = err.type === "entity.parse.failed" ? "malformed-json" : err.type === "entity.too.large" ? "body-too-large" : err.type.replace(/[^a-z]+/g, "-");
      const detail =
        code === "malformed-json"
          ? `The request body is not valid JSON (${err.message}).`
          : code === "body-too-large"
            ? `The request body is larger than the limit of ${err.limit} bytes.`
            : err.expose
              ? err.message
              : title(err.status);
      return sendProblem(res, { type: PROBLEM_TYPE + code, title: title(err.status), status: err.status, detail, code, field: "body", value: code === "body-too-large" ? err.limit : undefined });
    }
    log(`${req.method} ${req.originalUrl}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendProblem(res, { type: "about:blank", title: title(500), status: 500, detail: "The server failed to answer this request. The error has been logged." });
  };
}
