/** Owns the check every WebSocket route makes first: the request asks for a WebSocket. */

import type { Context } from "hono";
import { HttpError } from "../http_error.ts";

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
