/**
 * The HTTP API as an Express 5 app (not listening: serve.ts does that). JSON in and out, every
 * input checked with zod, every error application/problem+json, responses compressed, no CORS
 * unless asked for, and the headers a JSON API should send.
 */
import express, { type Express, type RequestHandler } from "express";
import compression from "compression";
import { NotFoundError } from "../../engine/errors.ts";
import type { Workspace } from "./workspace.ts";
import { ROUTES, STORE_ROUTES, type Route, type RouteContext } from "./routes.ts";
import type { Store } from "../../data/store/index.ts";
import { openApiRoute } from "./openapi.ts";
import { HttpError, problemHandler } from "./problems.ts";
import { webApp } from "./web.ts";

export interface AppOptions {
  /** Origins allowed to call from a browser; none by default, when no Access-Control header is sent at all. */
  corsOrigins?: readonly string[] | "*";
  /** Largest request body in bytes; default 1 MiB (10,000 changes fit in about 400 KB). */
  bodyLimitBytes?: number;
  /** Where internal errors are logged, with their stack; default stderr. */
  log?: (line: string) => void;
  /** Folder of the built web app (web/dist) to serve at /; none by default, when only the API is served. */
  webRoot?: string;
  /** Origins the web app may load an external map style and its tiles from (its Content-Security-Policy); none by default. */
  mapOrigins?: readonly string[];
  /** Where scenarios are kept (/api/scenarios...); without one those routes answer 503. The app never closes it. */
  store?: Store;
}

/** The default body limit: 1 MiB. */
export const BODY_LIMIT_BYTES = 1 << 20;

/** Every route the app serves, the OpenAPI document's own included. */
export function appRoutes(): Route[] {
  const table = [...ROUTES, ...STORE_ROUTES];
  return [...table, openApiRoute(table)];
}

/** A route path as a pattern: each `:name` segment matches one segment of a request path. */
function pathPattern(path: string): RegExp {
  const escaped = path.split(/(:\w+)/).map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${escaped.join("")}$`);
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
  const ctx: RouteContext = { store: options.store ?? null };
  // A path some route spells out (/api/scenarios/run) is that route's, never a parameter's value.
  const spelledOut = new Set(routes.filter((r) => !r.path.includes(":")).map((r) => r.path));
  const notSpelledOut: RequestHandler = (req, _res, next) => next(spelledOut.has(req.path) ? "route" : undefined);
  for (const r of routes) {
    const answer: RequestHandler = async (req, res) => {
      const reply = await r.run(ws, req.query, req.body, req.params, ctx);
      if (reply.headers) res.set(reply.headers);
      res.status(reply.status ?? 200);
      if (reply.body === undefined) res.end();
      else if (Buffer.isBuffer(reply.body)) res.type(reply.contentType ?? "application/octet-stream").send(reply.body); // a file (reports)
      else res.type(reply.contentType ?? "application/json").send(JSON.stringify(reply.body));
    };
    const before = [...(r.path.includes(":") ? [notSpelledOut] : []), ...(r.body ? [requireJson, json] : [])];
    app[r.method](r.path, ...before, answer);
  }
  const patterns = routes.map((r) => ({ route: r, pattern: pathPattern(r.path) }));
  if (options.webRoot) app.use(webApp(options.webRoot, options.mapOrigins));
  // Past every route: a known path asked with another method, or no such path.
  app.use((req, _res, next) => {
    const exact = routes.filter((r) => r.path === req.path);
    const methods = (exact.length > 0 ? exact : patterns.filter((p) => p.pattern.test(req.path)).map((p) => p.route)).map((r) => r.method.toUpperCase());
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
    res.set({ "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600" });
    res.status(204).end();
  };
}
