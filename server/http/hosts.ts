/**
 * Host and Origin checks against DNS rebinding and cross-site writes (OWASP). A rebinding page
 * reaches this server under its own host name, so the server answers only to the names it serves:
 * the loopback names, any IP address literal (a rebinding attack cannot send one: the browser
 * sends the attacker's name), and the names given with --allowed-hosts. A write that a browser
 * sends with an Origin must come from this server's own origin or one allowed by --cors.
 */
import { isIP } from "node:net";
import type { RequestHandler } from "express";
import { HttpError } from "./problems.ts";

const LOOPBACK_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A host name as compared: lower case, without a trailing dot or IPv6 brackets. */
const plain = (host: string) => host.trim().toLowerCase().replace(/\.$/, "").replace(/^\[(.*)\]$/, "$1");

/** Whether a Host header's name (no port) is one this server answers to. */
export function hostAllowed(hostname: string, allowed: readonly string[] | "*"): boolean {
  if (allowed === "*") return true;
  const h = plain(hostname);
  if (h === "" ) return false;
  if (isIP(h) !== 0 || LOOPBACK_NAMES.has(h) || h.endsWith(".localhost")) return true;
  return allowed.some((a) => {
    const name = plain(a);
    // ".example.fi" allows example.fi and every name under it.
    return name.startsWith(".") ? h === name.slice(1) || h.endsWith(name) : h === name;
  });
}

/** Refuses requests to a host name this server does not serve, and browser writes from foreign origins. */
export function hostGuard(allowedHosts: readonly string[] | "*", corsOrigins: readonly string[] | "*" | undefined): RequestHandler {
  return (req, _res, next) => {
    const host = req.get("host");
    // HTTP/1.0 clients may send no Host: nothing for a rebinding page to abuse.
    if (host !== undefined && !hostAllowed(req.hostname ?? "", allowedHosts)) {
      return next(new HttpError(403, "host-not-allowed", `this server does not answer to the host name ${JSON.stringify(req.hostname)}; start it with --allowed-hosts ${req.hostname} to serve it under that name`, "host", req.hostname));
    }
    const origin = req.get("origin");
    if (origin !== undefined && !SAFE_METHODS.has(req.method) && !originAllowed(origin, host, req.protocol, corsOrigins)) {
      return next(new HttpError(403, "origin-not-allowed", `a write from the page at ${origin} is refused: only this server's own pages (and origins given with --cors) may change data`, "origin", origin));
    }
    next();
  };
}

function originAllowed(origin: string, host: string | undefined, protocol: string, corsOrigins: readonly string[] | "*" | undefined): boolean {
  if (corsOrigins === "*" || corsOrigins?.includes(origin)) return true;
  if (host === undefined) return false;
  try {
    const o = new URL(origin);
    return o.host.toLowerCase() === host.toLowerCase() && o.protocol === `${protocol}:`;
  } catch {
    return false; // "null" (a sandboxed page, a file) and anything else that is no origin
  }
}
