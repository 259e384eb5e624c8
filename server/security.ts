/** Owns request security: Host allow-list, Origin check, token auth (cookie or Bearer), login. */

import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isIP } from "node:net";
import { HttpError, readJsonObject } from "./http_error.ts";
import { markAuthenticated } from "./listener/connection_env.ts";
import { tokensEqual } from "./token_store.ts";

export interface SecurityOptions {
  /** The token every request must carry; null only with --no-auth on loopback. */
  token: string | null;
  /** Extra host names the server answers to (besides IP literals and localhost). */
  allowedHostnames?: readonly string[];
}

/** The Host the client asked for (HTTP/2 carries it as :authority, which Deno puts in the URL). */
export function requestHost(c: Context): string {
  return c.req.header("host") ?? new URL(c.req.url).host;
}

/** Cookies ignore ports, so each instance on a machine gets its own cookie name. */
export function cookieName(c: Context): string {
  const host = requestHost(c);
  const port = /:(\d+)$/.exec(host)?.[1] ?? "80";
  return `maestro_token_${port}`;
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(1, hostHeader.indexOf("]"));
  const colon = hostHeader.lastIndexOf(":");
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}

/**
 * Refuse requests whose Host is not one this server answers to: IP literals, localhost, and the
 * configured names. A DNS-rebinding page reaches us under its own domain name, so it is refused.
 */
export function hostCheck(options: SecurityOptions): MiddlewareHandler {
  const allowed = new Set(
    ["localhost", ...(options.allowedHostnames ?? [])].map((h) => h.toLowerCase()),
  );
  return async (c, next) => {
    const host = requestHost(c);
    const hostname = host ? hostnameOf(host).toLowerCase() : "";
    if (!host || (!allowed.has(hostname) && isIP(hostname) === 0)) {
      throw new HttpError(
        403,
        "forbidden_host",
        `Host "${host ?? ""}" is not one this server answers to; use its IP address or localhost`,
      );
    }
    await next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** State-changing requests and WebSocket upgrades must come from our own origin (if from a page). */
export function originCheck(): MiddlewareHandler {
  return async (c, next) => {
    const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
    const origin = c.req.header("origin");
    if ((upgrade || !SAFE_METHODS.has(c.req.method)) && origin !== undefined) {
      let originHost = "";
      try {
        originHost = new URL(origin).host;
      } catch {
        // An unparsable origin never matches.
      }
      if (originHost !== requestHost(c)) {
        throw new HttpError(
          403,
          "forbidden_origin",
          `Origin "${origin}" may not use this server: requests must come from its own page`,
        );
      }
    }
    await next();
  };
}

/** The token a request carries: `Authorization: Bearer`, else this instance's cookie. */
function requestToken(c: Context): string | undefined {
  const authorization = c.req.header("authorization");
  if (authorization?.startsWith("Bearer ")) return authorization.slice(7).trim();
  return getCookie(c, cookieName(c));
}

export function isAuthorized(c: Context, options: SecurityOptions): boolean {
  if (options.token === null) return true;
  const token = requestToken(c);
  return token !== undefined && tokensEqual(token, options.token);
}

/** API routes need the token; the page and its assets load without it (they show a login). */
export function authCheck(options: SecurityOptions): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    const authorized = isAuthorized(c, options);
    if (authorized) markAuthenticated(c); // lifts the stranger timeouts and caps (listener/)
    if (path.startsWith("/api/") && path !== "/api/login" && !authorized) {
      throw new HttpError(
        401,
        "unauthorized",
        "Missing or invalid token: open the URL Maestro printed at start, or send " +
          '"Authorization: Bearer <token>" (`maestro token` prints it)',
      );
    }
    await next();
  };
}

function setTokenCookie(c: Context, token: string): void {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: 60 * 60 * 24 * 365,
  });
}

/** `GET /?token=…` trades the token for a cookie and drops it from the address bar. */
export function tokenLanding(options: SecurityOptions): MiddlewareHandler {
  return (c, next) => {
    const token = c.req.query("token");
    if (c.req.method === "GET" && c.req.path === "/" && token !== undefined) {
      if (options.token !== null && tokensEqual(token, options.token)) setTokenCookie(c, token);
      return Promise.resolve(c.redirect("/", 302));
    }
    return next();
  };
}

/** `POST /api/login {token}`: the page's "paste your token" form. */
export function loginHandler(options: SecurityOptions): (c: Context) => Promise<Response> {
  return async (c) => {
    const body = await readJsonObject(c);
    const token = body.token;
    if (options.token === null) return c.body(null, 204);
    if (typeof token !== "string" || !tokensEqual(token.trim(), options.token)) {
      throw new HttpError(401, "unauthorized", "That token is not valid for this server");
    }
    setTokenCookie(c, options.token);
    return c.body(null, 204);
  };
}
