/**
 * Owns one accepted connection: serving its requests through the app, the one timer that closes
 * it (header, idle, lifetime or body deadline, as the connection policy says), and closing it.
 */

import type { Logger } from "../logger.ts";
import { BodyDeadline } from "./body_deadline.ts";
import type { ConnectionEnv } from "./connection_env.ts";
import {
  type CloseReason,
  connectionDeadline,
  type ConnectionLimits,
  type ConnectionState,
} from "./connection_policy.ts";
import type { HttpConn, RequestEvent } from "./serve_http.ts";

/** Answers one request; `env` describes its connection. */
export type ConnectionHandler = (
  request: Request,
  env: ConnectionEnv,
) => Response | Promise<Response>;

/** What a connection needs from the listener that accepted it. */
export interface GuardedConnectionOptions {
  http: HttpConn;
  remoteAddr: Deno.NetAddr;
  limits: ConnectionLimits;
  handler: ConnectionHandler;
  logger: Logger;
  /** The first request that passed the token check. */
  onAuthenticated: () => void;
  /** A request became this WebSocket. */
  onWebSocket: (socket: WebSocket) => void;
}

/**
 * Serves one connection until the peer goes, a deadline closes it, it becomes a WebSocket, or
 * {@linkcode GuardedConnection.close} is called; {@linkcode GuardedConnection.served} resolves
 * then, with every timer cleared and every handler finished.
 */
export class GuardedConnection {
  readonly served: Promise<void>;
  readonly #http: HttpConn;
  readonly #limits: ConnectionLimits;
  readonly #handler: ConnectionHandler;
  readonly #logger: Logger;
  readonly #env: ConnectionEnv;
  readonly #handlers = new Set<Promise<void>>();
  readonly #deadlines = new Set<BodyDeadline>();
  #state: ConnectionState;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: GuardedConnectionOptions) {
    this.#http = options.http;
    this.#limits = options.limits;
    this.#handler = options.handler;
    this.#logger = options.logger;
    const now = performance.now();
    this.#state = {
      acceptedAt: now,
      authenticated: false,
      upgraded: false,
      inFlight: 0,
      requests: 0,
      idleSince: now,
      bodyTimedOutAt: null,
    };
    this.#env = {
      remoteAddr: options.remoteAddr,
      markAuthenticated: () => {
        if (this.#state.authenticated) return;
        this.#update({ authenticated: true });
        options.onAuthenticated();
      },
      adoptWebSocket: options.onWebSocket,
    };
    this.#schedule();
    this.served = this.#serve();
  }

  /** Close the connection now (the server is stopping); `served` resolves once handlers end. */
  close(): void {
    this.#close(null);
  }

  async #serve(): Promise<void> {
    try {
      while (true) {
        let event: RequestEvent | null;
        try {
          event = await this.#http.nextRequest();
        } catch (error) {
          // A TLS handshake or HTTP parse error from this peer; nothing to answer.
          this.#logger.debug("Connection failed", {
            peer: this.#env.remoteAddr.hostname,
            error: error instanceof Error ? error.message : String(error),
          });
          break;
        }
        if (event === null) break;
        const handling = this.#handle(event);
        this.#handlers.add(handling);
        handling.finally(() => this.#handlers.delete(handling));
      }
    } finally {
      while (this.#handlers.size > 0) await Promise.all(this.#handlers);
      this.#close(null);
    }
  }

  async #handle(event: RequestEvent): Promise<void> {
    this.#update({ inFlight: this.#state.inFlight + 1, requests: this.#state.requests + 1 });
    const body = new BodyDeadline(event.request, this.#limits.bodyTimeoutMs, () => {
      this.#update({ bodyTimedOutAt: performance.now() });
    });
    this.#deadlines.add(body);
    let status = 0;
    try {
      let response = await this.#answer(body.request);
      status = response.status;
      // Closing the connection under a response can cut it short; this way it ends once sent.
      if (this.#state.bodyTimedOutAt !== null) response = withConnectionClose(response);
      await event.respondWith(response);
    } catch (error) {
      // The connection closed under the response (a deadline, the peer, or the server stopping).
      this.#logger.debug("Cannot send a response: the connection is gone", {
        peer: this.#env.remoteAddr.hostname,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      body.stop();
      this.#deadlines.delete(body);
      this.#update({
        inFlight: this.#state.inFlight - 1,
        idleSince: performance.now(),
        upgraded: this.#state.upgraded || status === 101,
      });
    }
  }

  async #answer(request: Request): Promise<Response> {
    try {
      return await this.#handler(request, this.#env);
    } catch (error) {
      this.#logger.error("Unhandled request error", { error: String(error) });
      return new Response("Internal server error", { status: 500 });
    }
  }

  #update(change: Partial<ConnectionState>): void {
    this.#state = { ...this.#state, ...change };
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    const deadline = connectionDeadline(this.#state, this.#limits);
    if (deadline === null) return;
    const delay = Math.max(0, deadline.at - performance.now());
    this.#timer = setTimeout(() => this.#close(deadline.reason), delay);
  }

  #close(reason: CloseReason | null): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    this.#closed = true;
    for (const body of this.#deadlines) body.stop();
    if (reason !== null) {
      this.#logger.debug("Closing a connection", {
        peer: this.#env.remoteAddr.hostname,
        reason,
        authenticated: this.#state.authenticated,
      });
    }
    try {
      this.#http.close();
    } catch {
      // Already closed by the peer or by an upgrade.
    }
  }
}

/** `response` with `Connection: close`, so the connection ends once it is written. */
function withConnectionClose(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("connection", "close");
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
