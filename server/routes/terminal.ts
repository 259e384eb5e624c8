/** Owns the terminal WebSocket route: one socket ↔ one viewer of a session stream. */

import type { Context } from "hono";
import { type PaneStreams, SessionNotFoundError, type Subscription } from "../../tmux/mod.ts";
import type { AttentionLedger } from "../attention_ledger.ts";
import type { Logger } from "../logger.ts";
import {
  decodeClientFrame,
  PROTOCOL_VERSION,
  ProtocolError,
} from "../../protocol/terminal_protocol.ts";
import { TerminalViewer } from "../terminal_viewer.ts";
import { HttpError } from "../http_error.ts";
import type { HostRegistry } from "../hosts/host_registry.ts";
import { relayTerminal } from "../hosts/terminal_relay.ts";
import { requireAddressable, workerPath } from "./session_address.ts";
import { resolveHost } from "./sessions.ts";
import { requireWebSocketUpgrade, upgradeWebSocket } from "./upgrade.ts";
export { DEFAULT_MAX_VIEWERS_PER_SESSION } from "../../protocol/limits.ts";
import { DEFAULT_MAX_VIEWERS_PER_SESSION } from "../../protocol/limits.ts";

export interface TerminalRouteDeps {
  /** Told of input, Maestro's own redraws and who looks (so statuses know). */
  ledger?: AttentionLedger;
  streams: PaneStreams;
  hosts?: HostRegistry;
  logger: Logger;
  /** Most simultaneous terminal sockets per session. */
  maxViewersPerSession?: number;
}

/** `GET /api/hosts/:host/sessions/:name/terminal` with `Upgrade: websocket`. */
export function terminalHandler(deps: TerminalRouteDeps): (c: Context) => Response {
  const viewersBySession = new Map<string, number>();
  const max = deps.maxViewersPerSession ?? DEFAULT_MAX_VIEWERS_PER_SESSION;
  return (c) => {
    const host = c.req.param("host") ?? "";
    const name = c.req.param("name") ?? "";
    const remote = resolveHost(deps.hosts, host);
    // Any name (a session made outside Maestro need not follow the name rule): the stream finds
    // it exactly, or the socket is told not_found.
    requireAddressable(name);
    const upstreamPath = remote ? workerPath(name, "/terminal") : "";
    requireWebSocketUpgrade(c);
    // Counted per host and session, relayed terminals included.
    const key = `${host}/${name}`;
    if ((viewersBySession.get(key) ?? 0) >= max) {
      throw new HttpError(429, "too_many_viewers", `Session "${name}" already has ${max} viewers`);
    }
    const { socket, response } = upgradeWebSocket(c);
    viewersBySession.set(key, (viewersBySession.get(key) ?? 0) + 1);
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      const left = (viewersBySession.get(key) ?? 1) - 1;
      if (left === 0) viewersBySession.delete(key);
      else viewersBySession.set(key, left);
    };
    if (remote) {
      socket.addEventListener("close", uncount);
      socket.addEventListener("error", uncount);
      relayTerminal({
        browser: socket,
        remote,
        session: name,
        path: upstreamPath,
        logger: deps.logger,
      });
      return response;
    }
    socket.binaryType = "arraybuffer";
    const viewer = new TerminalViewer(socket);
    let subscription: Subscription | null = null;
    let attaching = false;
    let closed = false;
    /** The page's last `focus`, kept for a subscription still on its way. */
    let focused = false;

    const release = () => {
      if (closed) return;
      closed = true;
      uncount();
      deps.ledger?.forget(viewer);
      subscription?.close();
      viewer[Symbol.dispose]();
    };

    const attach = async (cols: number, rows: number) => {
      attaching = true;
      try {
        const sub = await deps.streams.subscribe(name, viewer, { cols, rows });
        if (closed) {
          sub.close();
          return;
        }
        subscription = sub;
        if (focused) sub.focus(true);
        viewer.requestResync = () => sub.resync();
        viewer.send({
          type: "ready",
          protocol: PROTOCOL_VERSION,
          host,
          session: name,
          paneId: sub.paneId,
        });
      } catch (error) {
        if (error instanceof SessionNotFoundError) {
          viewer.fail("not_found", error.message, 4404);
        } else {
          deps.logger.warn("Cannot attach a terminal", { session: name, error: String(error) });
          viewer.fail(
            "attach_failed",
            `Cannot attach to session "${name}": ${String(error)}`,
            1011,
          );
        }
      }
    };

    socket.onmessage = (event) => {
      if (typeof event.data === "string") {
        viewer.fail(
          "bad_frame",
          "Text frames are not part of the protocol: send binary frames",
          1003,
        );
        return;
      }
      let frame;
      try {
        frame = decodeClientFrame(new Uint8Array(event.data as ArrayBuffer));
      } catch (error) {
        const tooLarge = error instanceof ProtocolError && /limit/.test(error.message);
        viewer.fail(
          tooLarge ? "too_large" : "bad_frame",
          error instanceof Error ? error.message : String(error),
          tooLarge ? 1009 : 1008,
        );
        return;
      }
      const current = subscription?.sessionName ?? name;
      if (frame.kind === "data") {
        // Escape or Ctrl+C alone stops a turn; anything else asks for one.
        const key = frame.data.length === 1 ? frame.data[0] : undefined;
        if (key === 0x1b || key === 0x03) deps.ledger?.interrupted(current);
        else deps.ledger?.input(current);
        subscription?.input(frame.data).catch((error) => {
          deps.logger.debug("Input failed", { session: name, error: String(error) });
        });
        return;
      }
      const message = frame.message;
      switch (message.type) {
        case "hello":
          deps.ledger?.redrew(current);
          if (!attaching) attach(message.cols, message.rows);
          return;
        case "resize":
          deps.ledger?.redrew(current);
          subscription?.resize(message.cols, message.rows);
          return;
        case "take-size":
          subscription?.takeSize();
          return;
        case "focus":
          deps.ledger?.focus(current, viewer, message.focused);
          focused = message.focused;
          subscription?.focus(message.focused);
          return;
        case "resync":
          subscription?.resync();
          return;
        case "pause":
          viewer.pause();
          return;
        case "resume":
          viewer.resume();
          return;
        case "ping":
          viewer.send({ type: "pong" });
          return;
      }
    };
    socket.onclose = release;
    socket.onerror = release;
    return response;
  };
}
