/**
 * Owns relaying one browser terminal socket to the same endpoint on a worker, frames unchanged.
 * Reads from the worker only while the browser keeps up, so a slow browser slows the worker's
 * socket (which then drops to stale and resyncs) instead of filling the manager's memory.
 */

import type { Logger } from "../logger.ts";
import { encodeControl, MAX_CLIENT_FRAME_BYTES } from "../terminal_protocol.ts";
import type { RemoteHost } from "./remote_host.ts";
import { type WsClient, WsHandshakeError } from "./ws_client.ts";

/** Stop reading from the worker while this much is queued for the browser. */
export const RELAY_HIGH_WATER_BYTES = 1024 * 1024;
const DRAIN_POLL_MS = 5;

/** Relay `browser` (already upgraded) to session `name` on `remote`. */
export function relayTerminal(
  browser: WebSocket,
  remote: RemoteHost,
  name: string,
  logger: Logger,
): void {
  const id = remote.record.id;
  const queued: Uint8Array[] = [];
  let upstream: WsClient | null = null;
  let done = false;

  const closeBrowser = (code: number, reason: string) => {
    if (browser.readyState === WebSocket.OPEN) browser.close(code, reason.slice(0, 120));
  };
  const fail = (code: string, message: string, closeCode: number) => {
    if (browser.readyState === WebSocket.OPEN) {
      browser.send(encodeControl({ type: "error", code, message }));
    }
    closeBrowser(closeCode, message);
  };
  const finish = () => {
    if (done) return;
    done = true;
    upstream?.close(1000, "viewer left").catch(() => {});
  };

  browser.binaryType = "arraybuffer";
  browser.onmessage = (event) => {
    if (typeof event.data === "string") {
      fail("bad_frame", "Text frames are not part of the protocol: send binary frames", 1003);
      return;
    }
    const frame = new Uint8Array(event.data as ArrayBuffer);
    if (frame.length > MAX_CLIENT_FRAME_BYTES + 1) {
      fail("too_large", `Frame of ${frame.length} bytes is over the limit`, 1009);
      return;
    }
    if (upstream) upstream.send(frame).catch(() => {});
    else if (queued.length < 64) queued.push(frame);
  };
  browser.onclose = finish;
  browser.onerror = finish;

  (async () => {
    try {
      upstream = await remote.connect(
        `/api/hosts/local/sessions/${encodeURIComponent(name)}/terminal`,
      );
    } catch (error) {
      if (error instanceof WsHandshakeError && error.status === 404) {
        fail("not_found", `On host "${id}": session "${name}" does not exist`, 4404);
      } else {
        const detail = error instanceof Error ? error.message : String(error);
        fail("host_offline", `Host "${id}" is unreachable: ${detail}`, 1011);
      }
      return;
    }
    if (done) {
      await upstream.close(1000, "viewer left");
      return;
    }
    for (const frame of queued.splice(0)) await upstream.send(frame).catch(() => {});
    while (!done) {
      const message = await upstream.next();
      if (!message) break;
      while (browser.bufferedAmount > RELAY_HIGH_WATER_BYTES && !done) {
        await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
      }
      if (done || browser.readyState !== WebSocket.OPEN) break;
      browser.send(message.binary ? message.data : new TextDecoder().decode(message.data));
    }
    if (!done) {
      const code = upstream.closeCode;
      if (code === 1000 || code === 4404 || code === 1003 || code === 1008 || code === 1009) {
        closeBrowser(code, upstream.closeReason);
      } else {
        fail("host_offline", `Host "${id}" went away`, 1011);
      }
      logger.debug("Relay ended", { host: id, session: name, code });
    }
  })().catch((error) => {
    logger.warn("Relay failed", { host: id, session: name, error: String(error) });
    fail("relay_failed", `Relay to host "${id}" failed`, 1011);
  });
}
