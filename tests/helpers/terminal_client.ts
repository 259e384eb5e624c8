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
}
