/** Owns a test client for the terminal WebSocket: speaks the protocol, records what arrives. */

import { TestSocket } from "./test_socket.ts";
import {
  type ClientMessage,
  decodeFrame,
  encodeControl,
  encodeData,
  type ServerMessage,
} from "../../protocol/terminal_protocol.ts";

/** A terminal WebSocket client for tests; `await using` closes it. */
export class TerminalClient extends TestSocket {
  readonly messages: ServerMessage[] = [];
  #output: Uint8Array[] = [];
  #outputLength = 0;
  /** Index in #output where the output after the latest snapshot starts. */
  #sinceSnapshot = 0;
  #inSnapshot = false;
  /** The snapshot being received, until its snapshot-end. */
  #partial: Uint8Array[] = [];
  /** The latest complete snapshot, decoded (one still arriving does not replace it yet). */
  snapshotText = "";

  constructor(url: string, headers: Record<string, string>) {
    super(url, headers, "arraybuffer");
  }

  protected override onMessage(event: MessageEvent): void {
    const frame = decodeFrame<ServerMessage>(new Uint8Array(event.data as ArrayBuffer));
    if (frame.kind === "control") {
      this.messages.push(frame.message);
      if (frame.message.type === "snapshot-begin") {
        this.#inSnapshot = true;
        this.#partial = [];
      }
      if (frame.message.type === "snapshot-end" && this.#inSnapshot) {
        this.#inSnapshot = false;
        this.snapshotText = decodeAll(this.#partial);
        this.#sinceSnapshot = this.#output.length;
      }
    } else if (this.#inSnapshot) {
      this.#partial.push(frame.data);
    } else {
      this.#output.push(frame.data);
      this.#outputLength += frame.data.length;
    }
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
    return decodeAll(this.#output);
  }

  /** The latest snapshot plus the live output after it: what the terminal shows. */
  get screenText(): string {
    return this.snapshotText + decodeAll(this.#output.slice(this.#sinceSnapshot));
  }

  count(type: ServerMessage["type"]): number {
    return this.messages.filter((m) => m.type === type).length;
  }
}

function decodeAll(chunks: readonly Uint8Array[]): string {
  const decoder = new TextDecoder();
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join("") + decoder.decode();
}
