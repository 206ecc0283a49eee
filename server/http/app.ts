/**
 * The HTTP API as an Express 5 app (not listening: serve.ts does that). JSON in and out, every
 * input checked with zod, every error application/problem+json, responses compressed, no CORS
 * unless asked for, and the headers a JSON API should send.
 */
import express, { type Express, type RequestHandler } from "express";
import compression from "compression";
import { NotFoundError } from "../../engine/errors.ts";
import type { Workspace } from "./workspace.ts";
import { ROUTES, type Route } from "./routes.ts";
import { openApiRoute } from "./openapi.ts";
import { HttpError, problemHandler } from "./problems.ts";

export interface AppOptions {
  /** Origins allowed to call from a browser; none by default, when no Access-Control header is sent at all. */
  corsOrigins?: readonly string[] | "*";
  /** Largest request body in bytes; default 1 MiB (10,000 changes fit in about 400 KB). */
  bodyLimitBytes?: number;
  /** Where internal errors are logged, with their stack; default stderr. */
  log?: (line: string) => void;
}

/** The default body limit: 1 MiB. */
export const BODY_LIMIT_BYTES = 1 << 20;

/** Every route the app serves, the OpenAPI document's own included. */
export function appRoutes(): Route[] {
  return [...ROUTES, openApiRoute(ROUTES)];
}

/** The API over a loaded workspace. */
export function createApp(ws: Workspace, options: AppOptions = {}): Express {
  const routes = appRoutes();
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders);
  if (options.corsOrigins) app.use(cors(options.corsOrigins));
  app.use(compression());
  const json = express.json({ limit: options.bodyLimitBytes ?? BODY_LIMIT_BYTES, type: "application/json" });
  for (const r of routes) {
    const answer: RequestHandler = (req, res) => {
      const reply = r.run(ws, req.query, req.body);
      res.type(reply.contentType ?? "application/json").send(JSON.stringify(reply.body));
    };
    if (r.body) app[r.method](r.path, requireJson, json, answer);
    else app[r.method](r.path, answer);
  }
  // Past every route: a known path asked with another method, or no such path.
  app.use((req, _res, next) => {
    const methods = routes.filter((r) => r.path === req.path).map((r) => r.method.toUpperCase());
    if (methods.length === 0) return next(new NotFoundError(`no route ${req.method} ${req.path}; the routes are listed at /api/openapi.json`, "path", req.path));
    if (methods.includes("GET")) methods.push("HEAD");
    next(new HttpError(405, "method-not-allowed", `${req.path} answers ${methods.join(", ")}, not ${req.method}`, "method", req.method, { Allow: methods.join(", ") }));
  });
  app.use(problemHandler(log));
  return app;
}

/** A JSON API has no page to frame, no script to run, and no type to guess. */
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
  });
  next();
};

/** Bodies must say they are JSON: anything else would be silently read as no body. */
const requireJson: RequestHandler = (req, _res, next) => {
  if (req.is("application/json")) return next();
  next(new HttpError(415, "unsupported-media-type", `the request body must be application/json, not ${req.get("content-type") ?? "(none)"}`, "content-type", req.get("content-type") ?? null));
};

/** Access-Control headers for the allowed origins only, and answers to their preflights. */
function cors(origins: readonly string[] | "*"): RequestHandler {
  return (req, res, next) => {
    const origin = req.get("origin");
    if (origins !== "*") res.vary("Origin");
    if (origin === undefined || (origins !== "*" && !origins.includes(origin))) return next();
    res.set("Access-Control-Allow-Origin", origins === "*" ? "*" : origin);
    if (req.method !== "OPTIONS" || !req.get("access-control-request-method")) return next();
    res.set({ "Access-Control-Allow-Methods": "GET, HEAD, POST", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600" });
    res.status(204).end();
  };
}
