/**
 * Owns what the listener tells the app about the connection a request came on (the Hono env):
 * who sent it, and the two things the app reports back — "this connection has authenticated" and
 * "here is a WebSocket to close when the server stops".
 */

import type { Context } from "hono";

/** The Hono env of every request the listener hands to the app (`c.env`). */
export interface ConnectionEnv {
  /** The peer of the connection. */
  readonly remoteAddr: Deno.NetAddr;
  /** A request on this connection passed the token check: lift the stranger limits from it. */
  markAuthenticated(): void;
  /** The request became this WebSocket: the listener closes it when the server stops. */
  adoptWebSocket(socket: WebSocket): void;
}

/** The connection of `c`, if it came through the listener (not with `app.request()` in tests). */
function connectionOf(c: Context): Partial<ConnectionEnv> | undefined {
  return c.env as Partial<ConnectionEnv> | undefined;
}

/** Report that `c`'s connection has authenticated. */
export function markAuthenticated(c: Context): void {
  connectionOf(c)?.markAuthenticated?.();
}

/** Hand `socket`, upgraded from `c`, to its connection's owner. */
export function adoptWebSocket(c: Context, socket: WebSocket): void {
  connectionOf(c)?.adoptWebSocket?.(socket);
}
