/** Owns the WebSocket routes' shared steps: the check that a request asks for one, the upgrade. */

import type { Context } from "hono";
import { HttpError } from "../http_error.ts";
import { adoptWebSocket } from "../listener/connection_env.ts";
import { offeredProtocols, WS_PROTOCOL } from "../security.ts";

/** 426 `upgrade_required` unless the request is a WebSocket upgrade. */
export function requireWebSocketUpgrade(c: Context): void {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(
      426,
      "upgrade_required",
      "This endpoint is a WebSocket: connect with ws://",
    );
  }
}

/**
 * Upgrades the request (426 when it is not an upgrade). A page offers the `maestro` subprotocol
 * beside its credential, and a browser fails the handshake unless one offered protocol is picked,
 * so `maestro` is picked when offered. The socket is tied to the request's principal (signing out
 * or rotating the token closes it) and handed to the listener (stopping the server closes it).
 */
export function upgradeWebSocket(c: Context): { socket: WebSocket; response: Response } {
  requireWebSocketUpgrade(c);
  const protocol = offeredProtocols(c).includes(WS_PROTOCOL) ? WS_PROTOCOL : undefined;
  const upgraded = Deno.upgradeWebSocket(c.req.raw, {
    idleTimeout: 60,
    ...(protocol !== undefined ? { protocol } : {}),
  });
  c.get("trackSocket")?.(upgraded.socket);
  adoptWebSocket(c, upgraded.socket);
  return upgraded;
}
