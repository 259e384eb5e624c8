/** Owns what every test WebSocket client shares: open and close tracking, waiting, disposal. */

import { Waker } from "./waker.ts";

/**
 * A WebSocket to a test server with the token headers; subclasses handle the messages (call
 * {@link wake} after recording one). `await using` closes it and waits for the close.
 */
export abstract class TestSocket implements AsyncDisposable {
  readonly socket: WebSocket;
  closeCode: number | null = null;
  closeReason = "";
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;
  readonly #waker = new Waker(100);

  constructor(url: string, headers: Record<string, string>, binaryType?: BinaryType) {
    this.socket = new WebSocket(url, { headers } as unknown as string[]);
    if (binaryType) this.socket.binaryType = binaryType;
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
        this.wake();
        resolve();
      });
    });
    this.socket.addEventListener("message", (event) => {
      this.onMessage(event);
      this.wake();
    });
  }

  /** One message arrived. */
  protected abstract onMessage(event: MessageEvent): void;

  /** Re-check what {@link waitFor} waits on. */
  protected wake(): void {
    this.#waker.wake();
  }

  waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    return this.#waker.waitFor(condition, what, timeoutMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (
      this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING
    ) {
      try {
        this.socket.close();
      } catch {
        // Already closing.
      }
    }
    await this.closed;
  }
}
