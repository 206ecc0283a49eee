/**
 * The built web app (web/dist) served as static files beside the API. Its pages get their own
 * Content-Security-Policy: the API's "nothing at all" would stop the map's script, styles and
 * worker, so the page may load what comes from this server (and from the map origins the operator
 * names for an external style), and nothing else.
 */
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import express, { type RequestHandler } from "express";
import { NotFoundError, InvalidInputError, show } from "../../engine/index.ts";

/** The page's policy: own origin only; map origins may serve style, tiles, sprites and glyphs. */
export function webContentSecurityPolicy(mapOrigins: readonly string[] = []): string {
  for (const o of mapOrigins) {
    if (!/^https?:\/\/[^\s/;,']+$/.test(o)) throw new InvalidInputError(`map origin ${show(o)} is not an origin like https://tiles.example.org`, "mapOrigins", o);
  }
  const extra = mapOrigins.length > 0 ? " " + mapOrigins.join(" ") : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // MapLibre's control icons are data: SVGs in its stylesheet.
    `img-src 'self' data: blob:${extra}`,
    `connect-src 'self'${extra}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Serves a built web app folder; throws NotFoundError when it has no index.html (not built yet). */
export function webApp(root: string, mapOrigins: readonly string[] = []): RequestHandler {
  if (!existsSync(join(root, "index.html"))) {
    throw new NotFoundError(`no web app in ${root} (index.html is missing): build it first with \`npm run build:web\``, "webRoot", root);
  }
  const csp = webContentSecurityPolicy(mapOrigins);
  return express.static(root, {
    index: "index.html",
    redirect: false,
    setHeaders(res, path) {
      res.set("Content-Security-Policy", csp);
      // Vite names every asset by its content hash, so assets never change; the page itself always may.
      res.set("Cache-Control", path.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
}
