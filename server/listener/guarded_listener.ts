/**
 * Owns the server's listening socket: the accept loop (which survives accept errors such as
 * EMFILE), admitting or refusing each connection under the stranger caps, and stopping — closing
 * the listener, every connection and every WebSocket that came through it.
 */

import type { Logger } from "../logger.ts";
import { AcceptBackoff } from "./accept_backoff.ts";
import { ConnectionLedger, type ConnectionLimits } from "./connection_policy.ts";
import { type ConnectionHandler, GuardedConnection } from "./guarded_connection.ts";
import { LogGate } from "./log_gate.ts";
import { connectionNoDelay, listenerNoDelay } from "./listener_nodelay.ts";
import { legacyServeHttp, type ServeHttp } from "./serve_http.ts";

/** How often, at most, refused connections are logged (with a count). */
const REFUSAL_LOG_INTERVAL_MS = 10_000;
/** How long stopping waits for WebSockets to finish their closing handshake. */
const WEBSOCKET_CLOSE_WAIT_MS = 1000;

/** Where and how to listen. */
export interface GuardedListenerOptions {
  hostname: string;
  port: number;
  /** PEM certificate and key: serve HTTPS (HTTP/1.1). */
  tls?: { cert: string; key: string } | null;
  limits: ConnectionLimits;
  handler: ConnectionHandler;
  logger: Logger;
}

/**
 * An HTTP(S) server on its own accept loop. `await using` (or `[Symbol.asyncDispose]()`) stops
 * it; {@linkcode GuardedListener.finished} resolves once it has stopped.
 *
 * @example
 * ```ts
 * await using listener = GuardedListener.listen({
 *   hostname: "127.0.0.1", port: 0, limits: DEFAULT_CONNECTION_LIMITS, logger,
 *   handler: (request, env) => app.fetch(request, env),
 * });
 * listener.addr.port; // the port picked
 * ```
 */
export class GuardedListener implements AsyncDisposable {
  readonly addr: Deno.NetAddr;
  readonly finished: Promise<void>;
  readonly #listener: Deno.Listener;
  readonly #serveHttp: ServeHttp;
  readonly #limits: ConnectionLimits;
  readonly #handler: ConnectionHandler;
  readonly #logger: Logger;
  readonly #ledger: ConnectionLedger;
  readonly #backoff = new AcceptBackoff();
  readonly #refusals = new LogGate(REFUSAL_LOG_INTERVAL_MS);
  readonly #connections = new Set<GuardedConnection>();
  /** Open connections that still count as a stranger's, by ledger ticket (to evict one). */
  readonly #byTicket = new Map<number, GuardedConnection>();
  readonly #sockets = new Set<WebSocket>();
  #pause: { timer: ReturnType<typeof setTimeout>; resolve: () => void } | null = null;
  #stopping = false;

  private constructor(
    listener: Deno.Listener,
    serveHttp: ServeHttp,
    options: GuardedListenerOptions,
  ) {
    this.#listener = listener;
    this.#serveHttp = serveHttp;
    this.addr = listener.addr as Deno.NetAddr;
    this.#limits = options.limits;
    this.#handler = options.handler;
    this.#logger = options.logger;
    this.#ledger = new ConnectionLedger(options.limits);
    this.finished = this.#acceptLoop();
  }

  /**
   * Listen and start accepting.
   *
   * @throws {Error} if this Deno has no `Deno.serveHttp`, or the address cannot be listened on.
   */
  static listen(options: GuardedListenerOptions): GuardedListener {
    const serveHttp = legacyServeHttp();
    const address = { hostname: options.hostname, port: options.port };
    const listener = options.tls
      ? Deno.listenTls({ ...address, ...options.tls, alpnProtocols: ["http/1.1"] })
      : Deno.listen(address);
    const noDelay = listenerNoDelay((listener.addr as Deno.NetAddr).port);
    if (noDelay !== null && options.tls) {
      // TCP connections still get setNoDelay one by one; a TlsConn has no such switch.
      options.logger.warn("HTTPS connections keep Nagle's algorithm: small frames may wait", {
        reason: noDelay,
      });
    }
    return new GuardedListener(listener, serveHttp, options);
  }

  /** Unauthenticated connections open now (all peers, or one). */
  unauthenticated(peer?: string): number {
    return this.#ledger.unauthenticated(peer);
  }

  async #acceptLoop(): Promise<void> {
    while (!this.#stopping) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch (error) {
        if (this.#stopping) break;
        const { delayMs, firstOfBurst } = this.#backoff.failed();
        if (firstOfBurst) {
          this.#logger.warn("Cannot accept a connection; retrying", {
            error: error instanceof Error ? error.message : String(error),
            retryMs: delayMs,
          });
        }
        await this.#sleep(delayMs);
        continue;
      }
      connectionNoDelay(conn);
      const failed = this.#backoff.succeeded();
      if (failed > 0) this.#logger.info("Accepting connections again", { failedAccepts: failed });
      this.#admit(conn);
    }
    // Stopping: every connection closes; wait until their handlers are done.
    while (this.#connections.size > 0) {
      await Promise.all([...this.#connections].map((connection) => connection.served));
    }
  }

  #admit(conn: Deno.Conn): void {
    if (this.#stopping) {
      closeQuietly(conn);
      return;
    }
    const remoteAddr = conn.remoteAddr as Deno.NetAddr;
    const admission = this.#ledger.admit(remoteAddr.hostname);
    if (!admission.admitted) {
      closeQuietly(conn);
      const refused = this.#refusals.pass(performance.now());
      if (refused > 0) {
        this.#logger.warn("Refusing connections: too many unauthenticated ones are open", {
          peer: remoteAddr.hostname,
          cap: admission.reason === "peer" ? "per peer" : "total",
          limit: admission.limit,
          refused,
        });
      }
      return;
    }
    let http;
    try {
      http = this.#serveHttp(conn);
    } catch (error) {
      this.#ledger.release(admission.ticket);
      closeQuietly(conn);
      this.#logger.debug("Cannot serve a connection", { error: String(error) });
      return;
    }
    const connection = new GuardedConnection({
      http,
      remoteAddr,
      limits: this.#limits,
      handler: this.#handler,
      logger: this.#logger,
      onAuthenticated: () => {
        this.#ledger.authenticate(admission.ticket);
        this.#byTicket.delete(admission.ticket);
      },
      onWebSocket: (socket) => this.#adopt(socket),
    });
    this.#connections.add(connection);
    this.#byTicket.set(admission.ticket, connection);
    connection.served.finally(() => {
      this.#connections.delete(connection);
      this.#byTicket.delete(admission.ticket);
      this.#ledger.release(admission.ticket);
    });
    if (admission.evict !== undefined) {
      // The stranger cap is full of another peer's connections: its oldest makes room.
      this.#byTicket.get(admission.evict)?.close();
      this.#byTicket.delete(admission.evict);
    }
  }

  #adopt(socket: WebSocket): void {
    if (this.#stopping) {
      socket.close(1001, "Maestro is stopping");
      return;
    }
    this.#sockets.add(socket);
    socket.addEventListener("close", () => this.#sockets.delete(socket), { once: true });
  }

  /** Resolves after `ms`, or at once when the listener stops. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pause = null;
        resolve();
      }, ms);
      this.#pause = { timer, resolve };
    });
  }

  async #closeWebSockets(): Promise<void> {
    const sockets = [...this.#sockets];
    if (sockets.length === 0) return;
    const closed = Promise.all(
      sockets.map((socket) =>
        socket.readyState === WebSocket.CLOSED
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
            socket.addEventListener("close", () => resolve(), { once: true });
            try {
              socket.close(1001, "Maestro is stopping");
            } catch {
              resolve(); // Already closing.
            }
          })
      ),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      closed,
      new Promise((resolve) => (timer = setTimeout(resolve, WEBSOCKET_CLOSE_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      closeQuietly(this.#listener);
      if (this.#pause !== null) {
        clearTimeout(this.#pause.timer);
        this.#pause.resolve();
        this.#pause = null;
      }
      for (const connection of this.#connections) connection.close();
    }
    await Promise.all([this.finished, this.#closeWebSockets()]);
  }
}

function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch {
    // Already closed.
  }
}
