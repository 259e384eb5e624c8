/**
 * Owns the one typed door to `Deno.serveHttp`, Deno's legacy HTTP server for a single connection.
 *
 * Why it is used: `Deno.serve` owns its accept loop and has no hook for header, body or idle
 * timeouts or for counting connections, which a server strangers can reach needs (DESIGN §6);
 * `node:http` in Deno ignores `headersTimeout`. Deno 2.9 still ships `Deno.serveHttp` at runtime
 * but no longer in its public typings, so the little of it Maestro uses is declared here, and
 * {@linkcode legacyServeHttp} fails at start with a clear message if a Deno lacks it. Measured on
 * 2.9.6: the same WebSocket echo latency as `Deno.serve`, +0.01 ms per HTTP request. Over TLS only
 * HTTP/1.1 is offered: its HTTP/2 path fails with "Http: connection error" after one request.
 */

/** One request on a connection, answered once with {@linkcode RequestEvent.respondWith}. */
export interface RequestEvent {
  readonly request: Request;
  /** Resolves when the response is written (its body included); rejects if the connection broke. */
  respondWith(response: Response | PromiseLike<Response>): Promise<void>;
}

/** The HTTP side of one accepted connection. */
export interface HttpConn {
  /** The next request whose head has arrived; null once the connection is closed or upgraded. */
  nextRequest(): Promise<RequestEvent | null>;
  /** Close the connection (its socket included); throws if it is already closed. */
  close(): void;
}

/** Serves HTTP on an accepted TCP or TLS connection. */
export type ServeHttp = (conn: Deno.Conn) => HttpConn;

/**
 * `Deno.serveHttp`, typed.
 *
 * @throws {Error} if this Deno has no `Deno.serveHttp`.
 *
 * @example
 * ```ts
 * const serveHttp = legacyServeHttp();
 * const http = serveHttp(await listener.accept());
 * const event = await http.nextRequest();
 * await event?.respondWith(new Response("hello"));
 * ```
 */
export function legacyServeHttp(): ServeHttp {
  const serveHttp = (Deno as unknown as { serveHttp?: unknown }).serveHttp;
  if (typeof serveHttp !== "function") {
    throw new Error(
      `Cannot start the HTTP listener on Deno ${Deno.version.deno}: it has no Deno.serveHttp, ` +
        "which Maestro needs for its connection timeouts; run it with Deno 2.9",
    );
  }
  return (conn) => serveHttp.call(Deno, conn) as HttpConn;
}
