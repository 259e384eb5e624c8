/** Owns a test client for the overview WebSocket: records every message and mirrors the state. */

import {
  type OverviewMessage,
  OverviewMirror,
  parseOverviewMessage,
  type Thumbnail,
} from "../../server/overview/overview_protocol.ts";
import { Waker } from "./waker.ts";

/** An `/api/overview` client for tests; `await using` closes it. */
export class OverviewClient implements AsyncDisposable {
  readonly socket: WebSocket;
  readonly messages: OverviewMessage[] = [];
  readonly mirror = new OverviewMirror();
  /** Every thumbnail received, in order (to count re-sends). */
  readonly received: Thumbnail[] = [];
  closeCode: number | null = null;
  closeReason = "";
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;
  readonly #waker = new Waker(100);

  constructor(url: string, headers: Record<string, string>) {
    this.socket = new WebSocket(url, { headers } as unknown as string[]);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener("open", () => resolve(), { once: true });
      this.socket.addEventListener("error", () => reject(new Error(`Cannot open ${url}`)), {
        once: true,
      });
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.socket.addEventListener("close", (event) => {
        this.closeCode = event.code;
        this.closeReason = event.reason;
        this.#waker.wake();
        resolve();
      });
    });
    this.socket.addEventListener("message", (event) => {
      const message = parseOverviewMessage(String(event.data));
      if (message === null) throw new Error(`Not an overview message: ${event.data}`);
      this.messages.push(message);
      this.received.push(...message.thumbnails);
      this.mirror.apply(message);
      this.#waker.wake();
    });
  }

  /** The current thumbnail of a session, if any. */
  thumbnail(name: string, host = "local"): Thumbnail | undefined {
    return this.mirror.get({ host, name });
  }

  /** How many times a session's thumbnail was sent. */
  sends(name: string, host = "local"): number {
    return this.received.filter((t) => t.host === host && t.name === name).length;
  }

  get synced(): boolean {
    return this.messages.some((m) => m.synced);
  }

  waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    return this.#waker.waitFor(condition, what, timeoutMs);
  }

  /** Wait until a session's screen satisfies `predicate`. */
  async waitForScreen(
    name: string,
    predicate: (screen: string) => boolean,
    what: string,
    host = "local",
  ): Promise<Thumbnail> {
    await this.waitFor(() => {
      const t = this.thumbnail(name, host);
      return t !== undefined && predicate(t.screen);
    }, `${host}/${name} to show ${what}`);
    return this.thumbnail(name, host) as Thumbnail;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (
      this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING
    ) {
      this.socket.close();
    }
    await this.closed;
  }
}
