/** Owns the WebSocket routes' shared steps: the check that a request asks for one, the upgrade. */

import type { Context } from "hono";
import { HttpError } from "../http_error.ts";
import { adoptWebSocket } from "../listener/connection_env.ts";

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

/** Upgrade `c` to a WebSocket that the listener closes when the server stops. */
export function upgradeWebSocket(
  c: Context,
  options: Deno.UpgradeWebSocketOptions,
): { socket: WebSocket; response: Response } {
  const upgraded = Deno.upgradeWebSocket(c.req.raw, options);
  adoptWebSocket(c, upgraded.socket);
  return upgraded;
}
