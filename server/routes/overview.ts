/** Owns the `/api/overview` WebSocket: one socket ↔ one page's live thumbnails of every session. */

import type { Context } from "hono";
import { HttpError } from "../http_error.ts";
import type { OverviewService } from "../overview/overview_service.ts";
import { OverviewSender, type SenderOptions } from "../overview/overview_sender.ts";
import { requireWebSocketUpgrade, upgradeWebSocket } from "./upgrade.ts";
export { DEFAULT_MAX_OVERVIEW_SOCKETS } from "../../protocol/limits.ts";
import { DEFAULT_MAX_OVERVIEW_SOCKETS } from "../../protocol/limits.ts";

export interface OverviewRouteDeps {
  overview: OverviewService;
  /** Most overview sockets open at once (each costs a copy of every change). */
  maxSockets?: number;
  sender?: SenderOptions;
}

/**
 * Text frames of JSON `{type: "overview", thumbnails, removed, omitted, reset?, synced?}` (see
 * docs/PROTOCOL.md). The page sends nothing; anything it sends closes the socket (1003).
 */
export function overviewHandler(deps: OverviewRouteDeps): (c: Context) => Response {
  const max = deps.maxSockets ?? DEFAULT_MAX_OVERVIEW_SOCKETS;
  let open = 0;
  return (c) => {
    requireWebSocketUpgrade(c);
    if (open >= max) {
      throw new HttpError(
        429,
        "too_many_overviews",
        `The overview already has ${max} open sockets: close a dashboard tab and retry`,
      );
    }
    const { socket, response } = upgradeWebSocket(c);
    open++;
    let sender: OverviewSender | null = null;
    let unsubscribe: (() => void) | null = null;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      open--;
      unsubscribe?.();
      unsubscribe = null;
      sender?.[Symbol.dispose]();
      sender = null;
    };
    socket.onopen = () => {
      if (released) return;
      const s = new OverviewSender(socket, deps.sender);
      sender = s;
      unsubscribe = deps.overview.subscribe((update) => s.push(update));
    };
    socket.onmessage = () => {
      release();
      socket.close(1003, "The overview takes no messages: it only sends");
    };
    socket.onclose = release;
    socket.onerror = release;
    return response;
  };
}
