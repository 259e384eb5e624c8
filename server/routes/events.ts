/** Owns the `/api/events` WebSocket: the session list and the muted sessions, pushed on change. */

import type { Context } from "hono";
import type { MutedSession, MuteStore } from "../db/mute_store.ts";
import type { SessionMonitor } from "../session_monitor.ts";
import { requireWebSocketUpgrade, upgradeWebSocket } from "./upgrade.ts";

/**
 * Text frames of JSON: `{type: "muted", muted}` on connect and whenever a mute changes, and
 * `{type: "sessions", sessions, hosts}` on connect and on every change. The muted list goes
 * first, so a page never counts a muted session as waiting.
 */
export function eventsHandler(monitor: SessionMonitor, mutes: MuteStore): (c: Context) => Response {
  return (c) => {
    requireWebSocketUpgrade(c);
    const { socket, response } = upgradeWebSocket(c, { idleTimeout: 60 });
    let unlisten: (() => void) | null = null;
    let unlistenMutes: (() => void) | null = null;
    const send = (message: unknown) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      try {
        socket.send(JSON.stringify(message));
      } catch {
        // Closing under us: onclose stops the listeners.
      }
    };
    const sendMuted = (muted: MutedSession[]) => send({ type: "muted", muted });
    socket.onopen = () => {
      sendMuted(mutes.list());
      unlistenMutes = mutes.listen(sendMuted);
      unlisten = monitor.listen((snapshot) => send({ type: "sessions", ...snapshot }));
    };
    const stop = () => {
      unlisten?.();
      unlisten = null;
      unlistenMutes?.();
      unlistenMutes = null;
    };
    socket.onclose = stop;
    socket.onerror = stop;
    socket.onmessage = () => {}; // Clients have nothing to say here yet.
    return response;
  };
}
