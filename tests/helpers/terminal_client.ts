/** Owns a test client for the terminal WebSocket: speaks the protocol, records what arrives. */

import { Waker } from "./waker.ts";
import {
  type ClientMessage,
  decodeFrame,
  encodeControl,
  encodeData,
  type ServerMessage,
} from "../../server/terminal_protocol.ts";

/** A terminal WebSocket client for tests; `await using` closes it. */
export class TerminalClient implements AsyncDisposable {
  readonly socket: WebSocket;
  readonly messages: ServerMessage[] = [];
  #output: Uint8Array[] = [];
  #outputLength = 0;
  /** Index in #output where the output after the latest snapshot starts. */
  #sinceSnapshot = 0;
  #inSnapshot = false;
  snapshotText = "";
  closeCode: number | null = null;
  closeReason = "";
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;
  readonly #waker = new Waker(100);

  constructor(url: string, headers: Record<string, string>) {
    this.socket = new WebSocket(url, { headers } as unknown as string[]);
    this.socket.binaryType = "arraybuffer";
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
      const frame = decodeFrame<ServerMessage>(new Uint8Array(event.data as ArrayBuffer));
      if (frame.kind === "control") {
        this.messages.push(frame.message);
        if (frame.message.type === "snapshot-begin") {
          this.#inSnapshot = true;
          this.snapshotText = "";
          this.#sinceSnapshot = this.#output.length;
        }
        if (frame.message.type === "snapshot-end") this.#inSnapshot = false;
      } else if (this.#inSnapshot) {
        this.snapshotText += new TextDecoder().decode(frame.data);
      } else {
        this.#output.push(frame.data);
        this.#outputLength += frame.data.length;
      }
      this.#waker.wake();
    });
  }

  send(message: ClientMessage): void {
    this.socket.send(encodeControl(message));
  }

  type(text: string): void {
    this.socket.send(encodeData(new TextEncoder().encode(text)));
  }

  get outputLength(): number {
    return this.#outputLength;
  }

  /** Live output received after snapshots, decoded. */
  get text(): string {
    const all = new Uint8Array(this.#outputLength);
    let offset = 0;
    for (const chunk of this.#output) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return new TextDecoder().decode(all);
  }

  /** The latest snapshot plus the live output after it: what the terminal shows. */
  get screenText(): string {
    const decoder = new TextDecoder();
    let text = this.snapshotText;
    for (const chunk of this.#output.slice(this.#sinceSnapshot)) {
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  }

  count(type: ServerMessage["type"]): number {
    return this.messages.filter((m) => m.type === type).length;
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
