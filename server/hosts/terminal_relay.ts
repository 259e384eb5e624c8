/**
 * Owns relaying one browser terminal socket to the same endpoint on a worker, frames unchanged,
 * for as long as the worker's link is up. Reads from the worker only while the browser keeps up, so
 * a slow browser slows the worker's socket (which then drops to stale and resyncs) instead of
 * filling the manager's memory.
 */

import type { Logger } from "../logger.ts";
import { encodeControl, MAX_CLIENT_FRAME_BYTES } from "../../protocol/terminal_protocol.ts";
import type { RemoteHost } from "./remote_host.ts";
import { type WsClient, WsHandshakeError } from "./ws_client.ts";

/** Stop reading from the worker while this much is queued for the browser. */
export const RELAY_HIGH_WATER_BYTES = 1024 * 1024;
const DRAIN_POLL_MS = 5;

export interface TerminalRelayOptions {
  /** The browser's socket, already upgraded. */
  browser: WebSocket;
  remote: RemoteHost;
  /** The session's name, for messages. */
  session: string;
  /** The same terminal endpoint on the worker, the name already one exact path segment. */
  path: string;
  logger: Logger;
}

/**
 * Relay the browser's socket to `path` on the worker until either end closes or the host's link is
 * lost: a worker that went silent (no FIN, no pongs) ends its relays as soon as the manager marks
 * it offline, with `error` `host_offline` and close code 1011, which the page retries.
 */
export function relayTerminal(options: TerminalRelayOptions): void {
  const { browser, remote, session, path, logger } = options;
  const id = remote.record.id;
  const queued: Uint8Array[] = [];
  let upstream: WsClient | null = null;
  let done = false;

  /** Run `act` once the browser's socket is open (the relay may end before it is). */
  const whenOpen = (act: () => void) => {
    if (browser.readyState === WebSocket.OPEN) act();
    else if (browser.readyState === WebSocket.CONNECTING) {
      browser.addEventListener("open", act, { once: true });
    }
  };
  const closeBrowser = (code: number, reason: string) => {
    whenOpen(() => browser.close(code, reason.slice(0, 120)));
  };
  const fail = (code: string, message: string, closeCode: number) => {
    whenOpen(() => {
      browser.send(encodeControl({ type: "error", code, message }));
      browser.close(closeCode, message.slice(0, 120));
    });
  };
  const finish = (why: string) => {
    if (done) return;
    done = true;
    unwatch();
    upstream?.close(1000, why).catch(() => {});
  };
  const unwatch = remote.onLinkLost((reason) => {
    fail("host_offline", `Host "${id}" is unreachable: ${reason}`, 1011);
    finish("host offline");
  });

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
  browser.onclose = () => finish("viewer left");
  browser.onerror = () => finish("viewer left");

  (async () => {
    try {
      upstream = await remote.connect(path);
    } catch (error) {
      if (error instanceof WsHandshakeError && error.status === 404) {
        fail("not_found", `On host "${id}": session "${session}" does not exist`, 4404);
      } else {
        const detail = error instanceof Error ? error.message : String(error);
        fail("host_offline", `Host "${id}" is unreachable: ${detail}`, 1011);
      }
      finish("no upstream");
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
      logger.debug("Relay ended", { host: id, session, code });
    }
    finish("relay ended");
  })().catch((error) => {
    logger.warn("Relay failed", { host: id, session, error: String(error) });
    fail("relay_failed", `Relay to host "${id}" failed`, 1011);
    finish("relay failed");
  });
}
