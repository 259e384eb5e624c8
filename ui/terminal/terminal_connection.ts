/**
 * Owns one terminal WebSocket (docs/PROTOCOL.md): hello with the viewer's size, snapshots and
 * output handed to a sink, input and control messages out, liveness pings, and reconnection with
 * back-off (never after the session ended). Every reconnect starts with a snapshot that resets
 * the terminal, so history is never duplicated.
 */

import {
  type ClientMessage,
  decodeFrame,
  encodeControl,
  encodeData,
  MAX_CLIENT_FRAME_BYTES,
  type ServerMessage,
} from "../../protocol/terminal_protocol.ts";
import { Backoff } from "../shared/backoff.ts";
import {
  browserSocket,
  OPEN,
  realTimers,
  type SocketFactory,
  type SocketLike,
  type TimerId,
  type Timers,
} from "../shared/socket.ts";

/**
 * `code` is the server's error code when it said why it closed (`host_offline` when the manager
 * cannot reach the session's worker: the page keeps trying, with back-off).
 */
export type TerminalState =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "reconnecting"; attempt: number; delayMs: number; reason: string; code?: string }
  | { kind: "ended"; reason: string; code?: string };

/** Where the connection delivers what the server sends. */
export interface TerminalSink {
  /** The viewer's current size, sent in `hello`. */
  size(): { cols: number; rows: number };
  /** `snapshot-begin`: clear the terminal; the following writes repaint it. */
  reset(snapshot: Extract<ServerMessage, { type: "snapshot-begin" }>): void;
  /** Pane output (or snapshot) bytes. */
  write(bytes: Uint8Array): void;
  snapshotEnd?(): void;
  title?(title: string): void;
  renamed?(session: string): void;
  /** Who sets the pane's size: this viewer, or another one at `cols`×`rows`. */
  sizing?(owner: boolean, cols: number, rows: number): void;
}

export interface TerminalConnectionOptions {
  /** The socket URL, asked again before each (re)connect: a renamed session has a new path. */
  url: () => string;
  sink: TerminalSink;
  onState?: (state: TerminalState) => void;
  /** The socket opened and `hello` went out: resend connection-scoped state (flow control). */
  onOpen?: () => void;
  createSocket?: SocketFactory;
  timers?: Timers;
  backoff?: Backoff;
  /** Send `ping` this often while open (0 disables); no traffic for 2.5× this reconnects. */
  pingIntervalMs?: number;
}

/**
 * Why a socket closed without saying so, in words: 1006 is what a browser reports for a server
 * that stopped, a network that dropped, or a server that cannot be reached at all.
 */
export function closeInWords(code: number): string {
  switch (code) {
    case 1006:
      return "the server cannot be reached";
    case 1001:
      return "the server is going away";
    case 1011:
    case 1012:
    case 1013:
      return "the server had a problem";
    default:
      return `the connection closed (code ${code})`;
  }
}

/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSE_CODES = new Set([1003, 1008, 1009, 4404]);

export class TerminalConnection implements Disposable {
  readonly #options: TerminalConnectionOptions;
  readonly #createSocket: SocketFactory;
  #focused = false;
  readonly #timers: Timers;
  readonly #backoff: Backoff;
  readonly #pingIntervalMs: number;
  #socket: SocketLike | null = null;
  #retry: TimerId | null = null;
  #ping: TimerId | null = null;
  #lastHeard = 0;
  #state: TerminalState = { kind: "connecting" };
  /** Why the server ended the stream (`exit`) or refused it (`error`), for the close handler. */
  #exitReason: string | null = null;
  #errorMessage: string | null = null;
  #errorCode: string | null = null;
  #stopped = false;

  constructor(options: TerminalConnectionOptions) {
    this.#options = options;
    this.#createSocket = options.createSocket ?? browserSocket;
    this.#timers = options.timers ?? realTimers;
    this.#backoff = options.backoff ?? new Backoff();
    this.#pingIntervalMs = options.pingIntervalMs ?? 20_000;
  }

  get state(): TerminalState {
    return this.#state;
  }

  /** Whether input can be sent now. */
  get open(): boolean {
    return this.#socket?.readyState === OPEN;
  }

  connect(): void {
    if (this.#stopped || this.#socket !== null) return;
    this.#clearRetry();
    if (this.#state.kind !== "reconnecting") this.#setState({ kind: "connecting" });
    this.#exitReason = null;
    this.#errorMessage = null;
    this.#errorCode = null;
    const socket = this.#createSocket(this.#options.url());
    socket.binaryType = "arraybuffer";
    this.#socket = socket;
    socket.onopen = () => {
      this.#lastHeard = Date.now();
      this.#sendControl({ type: "hello", ...this.#options.sink.size() });
      if (this.#focused) this.#sendControl({ type: "focus", focused: true });
      this.#options.onOpen?.();
      this.#schedulePing();
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      this.#lastHeard = Date.now();
      if (!(event.data instanceof ArrayBuffer)) return;
      this.#receive(new Uint8Array(event.data));
    };
    socket.onclose = (event) => this.#closed(socket, event.code, event.reason);
    socket.onerror = () => {};
  }

  /**
   * Keyboard or paste bytes for the pane (split into frames the server accepts). False when they
   * were not sent, for want of a connection (the page then says so: bytes held back and typed
   * later could land somewhere the person no longer means).
   */
  sendInput(bytes: Uint8Array): boolean {
    if (!this.open) return false;
    for (let offset = 0; offset < bytes.length; offset += MAX_CLIENT_FRAME_BYTES) {
      this.#socket?.send(encodeData(bytes.subarray(offset, offset + MAX_CLIENT_FRAME_BYTES)));
    }
    return true;
  }

  resize(cols: number, rows: number): void {
    this.#sendControl({ type: "resize", cols, rows });
  }

  /**
   * Whether a person looks at this terminal (the page's active one, in a visible tab). The server
   * counts a session someone looks at as seen; it is told again after every reconnect.
   */
  setFocused(focused: boolean): void {
    if (focused === this.#focused) return;
    this.#focused = focused;
    this.#sendControl({ type: "focus", focused });
  }

  pause(): void {
    this.#sendControl({ type: "pause" });
  }

  /** Set the pane's size from now on (another viewer set it). */
  takeSize(): void {
    this.#sendControl({ type: "take-size" });
  }

  resume(): void {
    this.#sendControl({ type: "resume" });
  }

  resync(): void {
    this.#sendControl({ type: "resync" });
  }

  /**
   * Drop the socket and reconnect at once, also after the stream ended (the user asked to retry,
   * or the page learnt that the session's host is back).
   */
  reconnectNow(): void {
    if (this.#stopped) return;
    this.#backoff.reset();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
    this.#clearPing();
    this.#setState({ kind: "connecting" });
    this.connect();
  }

  close(): void {
    this.#stopped = true;
    this.#clearRetry();
    this.#clearPing();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #receive(frame: Uint8Array): void {
    let decoded;
    try {
      decoded = decodeFrame<ServerMessage>(frame);
    } catch {
      return;
    }
    const sink = this.#options.sink;
    if (decoded.kind === "data") {
      sink.write(decoded.data);
      return;
    }
    const message = decoded.message;
    switch (message.type) {
      case "ready":
        this.#setState({ kind: "live" });
        break;
      case "snapshot-begin":
        sink.reset(message);
        break;
      case "snapshot-end":
        this.#backoff.reset();
        sink.snapshotEnd?.();
        break;
      case "title":
        sink.title?.(message.title);
        break;
      case "renamed":
        sink.renamed?.(message.session);
        break;
      case "sizing":
        sink.sizing?.(message.owner, message.cols, message.rows);
        break;
      case "exit":
        this.#exitReason = message.reason;
        break;
      case "error":
        this.#errorMessage = message.message;
        this.#errorCode = message.code;
        break;
    }
  }

  #closed(socket: SocketLike, code: number, reason: string): void {
    if (this.#socket !== socket) return;
    this.#socket = null;
    this.#clearPing();
    if (this.#stopped) return;
    if (this.#exitReason !== null) {
      this.#setState({ kind: "ended", reason: this.#exitReason });
      return;
    }
    const why = this.#errorMessage ?? (reason || closeInWords(code));
    const errorCode = this.#errorCode === null ? {} : { code: this.#errorCode };
    if (FINAL_CLOSE_CODES.has(code)) {
      this.#setState({ kind: "ended", reason: why, ...errorCode });
      return;
    }
    const attempt = this.#backoff.attempt + 1;
    const delayMs = this.#backoff.next();
    this.#setState({ kind: "reconnecting", attempt, delayMs, reason: why, ...errorCode });
    this.#retry = this.#timers.setTimeout(() => {
      this.#retry = null;
      this.connect();
    }, delayMs);
  }

  #sendControl(message: ClientMessage): void {
    if (this.open) this.#socket?.send(encodeControl(message));
  }

  #schedulePing(): void {
    if (this.#pingIntervalMs <= 0) return;
    this.#ping = this.#timers.setTimeout(() => {
      this.#ping = null;
      if (!this.open) return;
      if (Date.now() - this.#lastHeard > this.#pingIntervalMs * 2.5) {
        // Nothing heard for too long: the network dropped the connection without a close.
        const socket = this.#socket;
        if (socket !== null) {
          socket.close(4000, "no answer");
          this.#closed(socket, 4000, "no answer from the server");
        }
        return;
      }
      this.#sendControl({ type: "ping" });
      this.#schedulePing();
    }, this.#pingIntervalMs);
  }

  #clearPing(): void {
    if (this.#ping !== null) this.#timers.clearTimeout(this.#ping);
    this.#ping = null;
  }

  #clearRetry(): void {
    if (this.#retry !== null) this.#timers.clearTimeout(this.#retry);
    this.#retry = null;
  }

  #setState(state: TerminalState): void {
    this.#state = state;
    this.#options.onState?.(state);
  }
}
