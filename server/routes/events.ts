/** Owns the `/api/events` WebSocket: the session list, pushed whenever it changes. */

import type { Context } from "hono";
import { HttpError } from "../http_error.ts";
import type { SessionMonitor } from "../session_monitor.ts";

/** Text frames of JSON `{type: "sessions", sessions, hosts}`: on connect and on every change. */
export function eventsHandler(monitor: SessionMonitor): (c: Context) => Response {
  return (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new HttpError(
        426,
        "upgrade_required",
        "This endpoint is a WebSocket: connect with ws://",
      );
    }
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw, { idleTimeout: 60 });
    let unlisten: (() => void) | null = null;
    socket.onopen = () => {
      unlisten = monitor.listen((snapshot) => {
        if (socket.readyState !== WebSocket.OPEN) return;
        socket.send(JSON.stringify({ type: "sessions", ...snapshot }));
      });
    };
    const stop = () => {
      unlisten?.();
      unlisten = null;
    };
    socket.onclose = stop;
    socket.onerror = stop;
    socket.onmessage = () => {}; // Clients have nothing to say here yet.
    return response;
  };
}
