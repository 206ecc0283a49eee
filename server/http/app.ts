/**
 * The HTTP API as an Express 5 app (not listening: serve.ts does that). JSON in and out, every
 * input checked with zod, every error application/problem+json, responses compressed, no CORS
 * unless asked for, and the headers a JSON API should send.
 */
import express, { type Express, type Request, type RequestHandler, type Response } from "express";
import { createHash } from "node:crypto";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import compression from "compression";
import helmet from "helmet";
import { rateLimit } from "express-rate-limit";
import type { IncomingMessage } from "node:http";
import { NotFoundError } from "../../engine/index.ts";
import { decodeUtf8, nfcJson } from "../../data/input.ts";
import type { Study } from "../../study/index.ts";
import { ROUTES, STORE_ROUTES, type Route, type RouteContext } from "./routes.ts";
import type { Store } from "../../data/store/index.ts";
import { openApiRoute } from "./openapi.ts";
import { OGC_ROUTES } from "./ogc.ts";
import { HttpError, isParserError, problemHandler } from "./problems.ts";
import { hostGuard } from "./hosts.ts";
import { webApp } from "./web.ts";
import { Jobs, type JobsOptions } from "./jobs.ts";
import { Turns } from "./turns.ts";
import { GRID_TYPE } from "./grid.ts";

export interface AppOptions {
  /** Origins allowed to call from a browser; none by default, when no Access-Control header is sent at all. */
  corsOrigins?: readonly string[] | "*";
  /** Host names besides the loopback names and IP addresses that the server answers to (a leading dot: and every name under it); "*" for any. */
  allowedHosts?: readonly string[] | "*";
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
  /** The jobs behind /api/jobs; default a new queue (JobsOptions: at most 50 finished jobs kept, for an hour). */
  jobs?: Jobs | JobsOptions;
  /** Longest a request may take (ms) before it is answered 503; default 30 s. Longer work goes through /api/jobs. */
  requestTimeoutMs?: number;
  /** Requests one client (IP address, IPv6 by /56) may make to /api per minute before a 429; default 1,000; 0 for no limit. */
  rateLimitPerMinute?: number;
  /** Proxies in front whose X-Forwarded-For names the client (Express's "trust proxy" as a hop count); default 0, the peer is the client. */
  trustProxyHops?: number;
  /** Refuse every route that changes the store (403); reading and computing still work. */
  readOnly?: boolean;
}

/** The default time limit of one request: 30 s. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The default body limit: 1 MiB. */
const BODY_LIMIT_BYTES = 1 << 20;

/** The default rate limit: requests per client per minute to /api. */
const RATE_LIMIT_PER_MINUTE = 1000;

/** Every route the app serves, the OpenAPI document's own included. */
export function appRoutes(): Route[] {
  const table = [...ROUTES, ...STORE_ROUTES, ...OGC_ROUTES];
  return [...table, openApiRoute(table)];
}

/** A route path as a pattern: each `:name` segment matches one segment of a request path. */
function pathPattern(path: string): RegExp {
  const escaped = path.split(/(:\w+)/).map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${escaped.join("")}$`);
}

/** The API over a loaded workspace. */
export function createApp(ws: Study, options: AppOptions = {}): Express {
  const routes = appRoutes();
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxyHops ?? 0);
  app.use(securityHeaders);
  // Before anything else reads the request: a page rebound to this address, or writing from elsewhere, gets nothing.
  app.use(hostGuard(options.allowedHosts ?? [], options.corsOrigins));
  const perMinute = options.rateLimitPerMinute ?? RATE_LIMIT_PER_MINUTE;
  if (perMinute > 0) app.use("/api", perClientLimit(perMinute));
  if (options.corsOrigins) app.use(cors(options.corsOrigins));
  app.use(compression({ filter: compressible }));
  const json = express.json({ limit: options.bodyLimitBytes ?? BODY_LIMIT_BYTES, type: "application/json", verify: strictUtf8 });
  const jobs = options.jobs instanceof Jobs ? options.jobs : new Jobs({ log, ...options.jobs });
  if (!(options.jobs instanceof Jobs) && options.jobs?.eager) jobs.prepare(ws);
  // serve() closes these jobs' workers with the server; jobs given from outside are the giver's to close.
  if (!(options.jobs instanceof Jobs)) app.locals.ownJobs = jobs;
  const limitMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const limits = { bodyBytes: options.bodyLimitBytes ?? BODY_LIMIT_BYTES, requestTimeoutMs: limitMs, rateLimitPerMinute: perMinute, pendingJobs: jobs.maxPending };
  const ctx: RouteContext = { store: options.store ?? null, jobs, readOnly: options.readOnly === true, limits };
  // A path some route spells out (/api/scenarios/run) is that route's, never a parameter's value.
  const spelledOut = new Set(routes.filter((r) => !r.path.includes(":")).map((r) => r.path));
  const notSpelledOut: RequestHandler = (req, _res, next) => next(spelledOut.has(req.path) ? "route" : undefined);
  const replies = new ReplyCache();
  const turns = new Turns();
  for (const r of routes) {
    const answer: RequestHandler = async (req, res) => {
      if (r.cached && replies.send(req, res)) return;
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const overdue = () => new HttpError(503, "timeout", `the request took over ${limitMs} ms, this server's limit; long work goes through POST /api/jobs`, "timeout", limitMs);
      const timedOut = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(overdue()), limitMs)));
      timedOut.catch(() => {}); // answered through the race below, or not at all
      let reply;
      try {
        // Every text in Unicode NFC: ids and names that look alike are one, however they were typed.
        // (A file sent as bytes is its reader's to normalise, as it decodes it.)
        const [query, body, params] = [nfcJson({ ...req.query }), Buffer.isBuffer(req.body) ? req.body : nfcJson(req.body), nfcJson({ ...req.params })];
        const host = req.get("host"); // checked by hostGuard: a name this server answers to
        const url = host === undefined ? req.originalUrl : `${req.protocol}://${host}${req.originalUrl}`;
        if (!r.light) await turns.take();
        // A figure route under another profile or road model runs on the study under them (made at its first ask, then kept).
        const asked = (key: string) => (typeof query[key] === "string" ? (query[key] as string) : undefined);
        const study = r.profiled ? ws.under({ profile: asked("profile"), model: asked("model") }) : ws;
        reply = await Promise.race([Promise.resolve(r.run(study, query, body, params, { ...ctx, contentType: req.get("content-type"), url })), timedOut]);
      } finally {
        clearTimeout(timer);
      }
      // Work done in one synchronous stretch cannot be interrupted: it is refused once it is over the limit.
      if (Date.now() - started > limitMs) throw overdue();
      if (reply.stream) return reply.stream(res);
      if (r.cached && (reply.status ?? 200) === 200 && reply.body !== undefined && !reply.headers) {
        replies.keep(req, reply.contentType ?? (Buffer.isBuffer(reply.body) ? "application/octet-stream" : "application/json"), Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body));
        if (replies.send(req, res)) return;
      }
      if (reply.headers) res.set(reply.headers);
      res.status(reply.status ?? 200);
      if (reply.body === undefined) res.end();
      else if (Buffer.isBuffer(reply.body)) sendNow(req, res.type(reply.contentType ?? "application/octet-stream"), reply.body); // a file (reports), a time grid
      else sendNow(req, res.type(reply.contentType ?? "application/json"), JSON.stringify(reply.body));
    };
    const bodyParsers = r.bodyTypes ? [requireType(r.bodyTypes), decoding(express.raw({ limit: options.bodyLimitBytes ?? BODY_LIMIT_BYTES, type: [...r.bodyTypes] }))] : [requireJson, decoding(json)];
    const refuse = options.readOnly && r.writes ? [readOnly] : [];
    const before = [...(r.path.includes(":") ? [notSpelledOut] : []), ...refuse, ...(r.body ? bodyParsers : [])];
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

/**
 * Helmet's headers, set for a JSON API: nothing to run, frame or guess. The web app's pages set
 * their own Content-Security-Policy (web.ts). No Strict-Transport-Security: this server speaks
 * plain HTTP on loopback by default; the TLS proxy in front of a shared one sets it.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: "deny" },
  strictTransportSecurity: false,
});

/** At most `perMinute` requests a minute from one client, then 429 problems saying when to come back. */
function perClientLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (req, _res, next) => {
      const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000));
      next(new HttpError(429, "rate-limited", `more than ${perMinute} requests in a minute from this client; try again in ${seconds} s`, "client", req.ip ?? null, { "Retry-After": String(seconds) }));
    },
  });
}

/** What is worth compressing: what the compression middleware compresses, and our time grid and its delta (GRID_TYPE's prefix), binary of our own that compress well (times change little from cell to cell). */
const compressible = (req: Request, res: Response) => String(res.getHeader("Content-Type") ?? "").startsWith(GRID_TYPE) || compression.filter(req, res);

/** Smaller replies are sent plain, as the compression middleware's threshold does. */
const COMPRESS_MIN_BYTES = 1024;

/** The largest reply compressed in the route's own stretch (sendNow): about 4 ms of brotli at quality 4; larger ones stream through the middleware. */
const SYNC_COMPRESS_MAX_BYTES = 512 << 10;

const gzip = (identity: Buffer) => gzipSync(identity, { level: 6 });
const brotli = (identity: Buffer, quality: number) => brotliCompressSync(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length } });

/**
 * Sends a reply (its type set), compressed here when it is compressible and not large, so its bytes
 * are on the socket within the route's own synchronous stretch, before another request's turn
 * (Turns). Through the middleware's zlib stream they waited for a callback on this thread, behind
 * whatever ran first: on Uusimaa a planner's figures (96 KB of JSON) waited for the encoding of the
 * time grid the app asks beside them. Brotli at the middleware's quality 4 (under 1 ms for those
 * figures), else gzip, else plain; larger replies stream through the middleware as before.
 */
function sendNow(req: Request, res: Response, body: string | Buffer): void {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  if (bytes.length < COMPRESS_MIN_BYTES || bytes.length > SYNC_COMPRESS_MAX_BYTES || !compressible(req, res)) {
    res.send(bytes);
    return;
  }
  res.vary("Accept-Encoding");
  const encoding = req.acceptsEncodings("br", "gzip", "identity");
  if (encoding !== "br" && encoding !== "gzip") {
    res.send(bytes);
    return;
  }
  // A Content-Encoding already set tells the compression middleware to leave the body alone.
  res.set("Content-Encoding", encoding).send(encoding === "br" ? brotli(bytes, 4) : gzip(bytes));
}

/** A route that would change the store, on a read-only server. */
const readOnly: RequestHandler = (req, _res, next) =>
  next(new HttpError(403, "read-only", `this server is read-only: ${req.method} ${req.path} would change the store`, "method", req.method));

/**
 * A body that says (or leaves to the default) it is UTF-8 must be: the parsers would otherwise put
 * U+FFFD where a Latin-1 file had ä, silently. A 400 naming the byte; another declared charset is
 * the parser's to decode.
 */
function strictUtf8(req: IncomingMessage, _res: unknown, body: Buffer): void {
  const charset = /;\s*charset="?([^";\s]+)/i.exec(req.headers["content-type"] ?? "")?.[1]?.toLowerCase();
  if (charset === undefined || charset === "utf-8" || charset === "utf8") decodeUtf8(body, "the request body", "body");
}

/** Bodies must say they are JSON: anything else would be silently read as no body. */
const requireJson: RequestHandler = (req, _res, next) => {
  if (req.is("application/json")) return next();
  next(new HttpError(415, "unsupported-media-type", `the request body must be application/json, not ${req.get("content-type") ?? "(none)"}`, "content-type", req.get("content-type") ?? null));
};

/**
 * A body parser whose failures are all the client's: a body that does not inflate as its
 * Content-Encoding says (zlib's and brotli's own errors, which carry no HTTP status) is a 400
 * naming the encoding, never a 500; the parser's own 4xx errors pass as they are.
 */
function decoding(parser: RequestHandler): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      if (err === undefined || err === null || (isParserError(err) && err.status < 500)) return next(err);
      const encoding = req.get("content-encoding") ?? "identity";
      const reason = err instanceof Error ? err.message : String(err);
      next(new HttpError(400, "malformed-body", `the request body could not be read as Content-Encoding ${encoding} says (${reason}); send it plain, or compressed with gzip, deflate or br`, "content-encoding", encoding));
    });
}

/** Bodies of a route that takes more than JSON (files) must be one of its types. */
function requireType(types: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (req.is([...types])) return next();
    next(new HttpError(415, "unsupported-media-type", `the request body must be ${types.join(", ")}, not ${req.get("content-type") ?? "(none)"}`, "content-type", req.get("content-type") ?? null));
  };
}

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

interface Kept {
  readonly type: string;
  readonly etag: string;
  readonly identity: Buffer;
  readonly gzip: Buffer;
  readonly br: Buffer;
}

/** A kept reply's bytes, all three encodings. */
const sizeOf = (k: Kept) => k.identity.length + k.gzip.length + k.br.length;

/** Most bytes the kept replies may take (all three encodings): the base's bands of a large region are some MB each. */
const REPLY_CACHE_BYTES = 128 << 20;

/**
 * Replies of the `cached` routes (the base's figures, bands, basemap layers), kept per path and
 * query as JSON bytes, gzip and brotli: a repeat costs the server thread a lookup and a write,
 * not a serialisation and a compression of megabytes, so /healthz and the planners' own clicks are
 * not kept waiting behind a crowd loading the map. An ETag answers a browser's revalidation with
 * 304. The least recently used go first past REPLY_CACHE_BYTES.
 */
class ReplyCache {
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;

  /** Answers from the cache when the request's reply is kept; false when it is not. */
  send(req: Request, res: Response): boolean {
    const key = req.originalUrl;
    const k = this.kept.get(key);
    if (!k) return false;
    this.kept.delete(key);
    this.kept.set(key, k); // most recently used last
    res.set({ ETag: k.etag, Vary: "Accept-Encoding", "Cache-Control": "no-cache" });
    if (req.fresh) {
      res.status(304).end();
      return true;
    }
    const encoding = req.acceptsEncodings("br", "gzip", "identity");
    const body = encoding === "br" ? k.br : encoding === "gzip" ? k.gzip : k.identity;
    // A Content-Encoding already set tells the compression middleware to leave the body alone.
    if (encoding === "br" || encoding === "gzip") res.set("Content-Encoding", encoding);
    res.status(200).type(k.type).send(body);
    return true;
  }

  /** Keeps a reply's JSON text (or bytes: a time grid), compressed both ways once. */
  keep(req: Request, type: string, body: string | Buffer): void {
    const identity = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const k: Kept = {
      type,
      etag: `"${createHash("sha256").update(identity).digest("base64url").slice(0, 27)}"`,
      identity,
      gzip: gzip(identity),
      br: brotli(identity, 5),
    };
    const size = sizeOf(k);
    if (size > REPLY_CACHE_BYTES / 4) return; // one huge reply does not push out everything else
    const earlier = this.kept.get(req.originalUrl); // two first requests at once
    if (earlier) this.bytes -= sizeOf(earlier);
    this.kept.delete(req.originalUrl);
    this.kept.set(req.originalUrl, k);
    this.bytes += size;
    for (const [key, old] of this.kept) {
      if (this.bytes <= REPLY_CACHE_BYTES) break;
      this.kept.delete(key);
      this.bytes -= sizeOf(old);
    }
  }
}
