/**
 * Owns request security: the Host allow-list, the Origin check, authentication (a Bearer token or
 * page credential, which a browser's WebSocket sends as a subprotocol), sign-in and sign-out.
 */

import type { Context, MiddlewareHandler } from "hono";
import { isIP } from "node:net";
import type { Access, Principal } from "./access.ts";
import type { Logger } from "./logger.ts";
import { HttpError, readJsonObject } from "./http_error.ts";
import { markAuthenticated } from "./listener/connection_env.ts";

export interface SecurityOptions {
  /** Who may use the server (the token and the page sign-ins). */
  access: Access;
  /** Extra host names the server answers to (besides IP literals and localhost). */
  allowedHostnames?: readonly string[];
}

declare module "hono" {
  interface ContextVariableMap {
    /** Who made the request; set by {@linkcode authCheck} on every `/api/` request it lets in. */
    principal: Principal;
    /** Ties an upgraded WebSocket to the request's principal, so its sign-out closes it. */
    trackSocket: (socket: WebSocket) => void;
  }
}

/** The subprotocol a page's WebSocket offers (and the server picks): the protocol's name. */
export const WS_PROTOCOL = "maestro";

/** A page's WebSocket offers its credential as a second subprotocol `maestro-auth.<credential>`. */
export const WS_AUTH_PREFIX = "maestro-auth.";

/** The Host the client asked for (HTTP/2 carries it as :authority, which Deno puts in the URL). */
export function requestHost(c: Context): string {
  return c.req.header("host") ?? new URL(c.req.url).host;
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
        `Host "${host ?? ""}" is not one this server answers to: use its IP address or ` +
          `localhost, or start it with --allow-host ${hostname || "NAME"}`,
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

/** The subprotocols a WebSocket upgrade offers (`Sec-WebSocket-Protocol`), in order. */
export function offeredProtocols(c: Context): string[] {
  return (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim())
    .filter((p) => p !== "");
}

/**
 * The secret a request carries: `Authorization: Bearer …` (the CLI, scripts, workers' managers and
 * the page's fetches), else, on a WebSocket upgrade, the `maestro-auth.` subprotocol (a browser's
 * WebSocket cannot send headers). Never a cookie and never the query string: both leak.
 */
function requestSecret(c: Context): string | undefined {
  const authorization = c.req.header("authorization");
  if (authorization?.startsWith("Bearer ")) return authorization.slice(7).trim();
  const offered = offeredProtocols(c).find((p) => p.startsWith(WS_AUTH_PREFIX));
  return offered?.slice(WS_AUTH_PREFIX.length);
}

/** Who made the request, or null when it carries no valid credential. */
export function requestPrincipal(c: Context, options: SecurityOptions): Principal | null {
  return options.access.identify(requestSecret(c));
}

/** API routes need a credential; the page and its assets load without one (they show a login). */
export function authCheck(options: SecurityOptions): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    const principal = requestPrincipal(c, options);
    // A connection that has shown a credential is no stranger: its timeouts and caps lift.
    if (principal !== null) markAuthenticated(c);
    if (path.startsWith("/api/") && path !== "/api/login") {
      if (principal === null) {
        throw new HttpError(
          401,
          "unauthorized",
          "Missing or invalid token: open the URL Maestro printed at start, or send " +
            '"Authorization: Bearer <token>" (`maestro token` prints it)',
        );
      }
      c.set("principal", principal);
      c.set("trackSocket", (socket) => {
        const untrack = options.access.track(principal, socket);
        socket.addEventListener("close", untrack);
      });
    }
    await next();
  };
}

/** Names of the cookies older Maestros set; each held the token itself. */
const LEGACY_COOKIE = /(?:^|;\s*)(maestro_token_\d+)=/g;

/**
 * Older versions kept the token in a cookie, which every port of the host received. Such cookies
 * are no longer accepted; this deletes them from the browser and warns once, without the value.
 */
export function legacyCookieSweep(logger: Logger): MiddlewareHandler {
  let warned = false;
  return async (c, next) => {
    const names = [...(c.req.header("cookie") ?? "").matchAll(LEGACY_COOKIE)].map((m) => m[1]);
    await next();
    // A WebSocket's 101 answer cannot carry them; the page's next fetch will.
    if (names.length === 0 || c.res.status === 101) return;
    for (const name of names) {
      c.res.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`);
    }
    if (!warned) {
      warned = true;
      logger.warn(
        "A browser sent a sign-in cookie from an older Maestro; it held the token and other " +
          "local ports could read it: it is deleted now, and `maestro token --rotate` replaces " +
          "the token",
      );
    }
  };
}

/**
 * `POST /api/login {token}`: the page trades the token (from the printed URL or pasted) for a
 * credential of its own, `{credential}`, which it keeps in its own storage. With `--no-auth` the
 * answer is `{credential: null}`.
 */
export function loginHandler(options: SecurityOptions): (c: Context) => Promise<Response> {
  return async (c) => {
    const body = await readJsonObject(c);
    if (options.access.open) return c.json({ credential: null });
    const token = body.token;
    const credential = typeof token === "string" ? options.access.signIn(token.trim()) : null;
    if (credential === null) {
      throw new HttpError(401, "unauthorized", "That token is not valid for this server");
    }
    c.header("cache-control", "no-store");
    return c.json({ credential });
  };
}

/**
 * `POST /api/logout {everywhere?}`: ends this page's sign-in (its sockets close), or every page's
 * with `everywhere: true`. Answers `{ended}`, how many sign-ins ended.
 */
export function logoutHandler(options: SecurityOptions): (c: Context) => Promise<Response> {
  return async (c) => {
    const body = await readJsonObject(c);
    const everywhere = body.everywhere ?? false;
    if (typeof everywhere !== "boolean") {
      throw new HttpError(400, "invalid_input", '"everywhere" must be true or false');
    }
    const ended = options.access.signOut(c.get("principal"), { everywhere });
    return c.json({ ended });
  };
}
