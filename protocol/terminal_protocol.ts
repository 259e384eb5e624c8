/**
 * Owns the terminal WebSocket frame format shared by the server, the relay, the page and the
 * tests. Pure: no I/O, no DOM. See docs/PROTOCOL.md.
 */

/** Protocol version sent in `ready`; bump on incompatible change. */
export const PROTOCOL_VERSION = 2;

/** First byte of every binary frame. */
export const FrameType = {
  /** Raw bytes: pane output (server → client) or keyboard input (client → server). */
  Data: 0x00,
  /** A UTF-8 JSON control message (see the message types below). */
  Control: 0x01,
} as const;

/** Largest frame a client may send (a big paste is split by the client). */
export const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;

/** Terminal sizes accepted in hello/resize. */
export const MIN_COLS = 2, MAX_COLS = 1000, MIN_ROWS = 1, MAX_ROWS = 500;

/** Messages a client sends. */
export type ClientMessage =
  /** First message: the viewer's terminal size. */
  | { type: "hello"; cols: number; rows: number }
  | { type: "resize"; cols: number; rows: number }
  /** Ask for a fresh snapshot (e.g. after the page dropped output). */
  | { type: "resync" }
  /** Flow control: the page's terminal is behind; stop sending output until `resume`. */
  | { type: "pause" }
  | { type: "resume" }
  | { type: "ping" }
  /**
   * Whether a person is looking at this viewer's terminal (the page's active terminal in a visible
   * tab). A session someone looks at is "seen": its `done` clears. Viewers start unfocused.
   */
  | { type: "focus"; focused: boolean }
  /** Set the pane's size from now on (typing does the same): "take over" from another viewer. */
  | { type: "take-size" };

/** Messages the server sends. */
export type ServerMessage =
  /** After hello: the stream is attached. */
  | { type: "ready"; protocol: number; host: string; session: string; paneId: string }
  /** Reset the terminal; the Data frames up to `snapshot-end` repaint it at `cols`×`rows`. */
  | {
    type: "snapshot-begin";
    cols: number;
    rows: number;
    alternate: boolean;
    title: string;
  }
  | { type: "snapshot-end" }
  /** The pane title changed. */
  | { type: "title"; title: string }
  /** The session was renamed; the stream goes on. */
  | { type: "renamed"; session: string }
  /** The viewer fell behind; output is dropped until it drains, then a snapshot follows. */
  | { type: "stale" }
  /** The session (or its tmux server, or the host) ended; the socket closes next. */
  | { type: "exit"; reason: string }
  | { type: "error"; code: string; message: string }
  /**
   * Who sets the pane's size: this viewer (`owner`), or another viewer whose size is
   * `cols`×`rows` (this one then shows the pane at that size, scaled or letterboxed, until it
   * types or sends `take-size`). Sent after `ready` and whenever the owner changes.
   */
  | { type: "sizing"; owner: boolean; cols: number; rows: number }
  | { type: "pong" };

/** A malformed frame from a peer. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtocolError";
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A Data frame around `bytes`. */
export function encodeData(bytes: Uint8Array): Uint8Array {
  const frame = new Uint8Array(bytes.length + 1);
  frame[0] = FrameType.Data;
  frame.set(bytes, 1);
  return frame;
}

/** A Data frame holding several chunks, copied once. */
export function encodeDataChunks(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const frame = new Uint8Array(length + 1);
  frame[0] = FrameType.Data;
  let offset = 1;
  for (const chunk of chunks) {
    frame.set(chunk, offset);
    offset += chunk.length;
  }
  return frame;
}

/** A Control frame holding `message` as JSON. */
export function encodeControl(message: ClientMessage | ServerMessage): Uint8Array {
  const json = encoder.encode(JSON.stringify(message));
  const frame = new Uint8Array(json.length + 1);
  frame[0] = FrameType.Control;
  frame.set(json, 1);
  return frame;
}

export type DecodedFrame<M> =
  | { kind: "data"; data: Uint8Array }
  | { kind: "control"; message: M };

/** Split a frame into its type and payload (no validation of the JSON's shape). */
export function decodeFrame<M = unknown>(frame: Uint8Array): DecodedFrame<M> {
  if (frame.length === 0) throw new ProtocolError("Empty frame");
  const type = frame[0];
  if (type === FrameType.Data) return { kind: "data", data: frame.subarray(1) };
  if (type === FrameType.Control) {
    let message: unknown;
    try {
      message = JSON.parse(decoder.decode(frame.subarray(1)));
    } catch {
      throw new ProtocolError("Control frame is not valid JSON");
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      throw new ProtocolError("Control frame must hold a JSON object");
    }
    return { kind: "control", message: message as M };
  }
  throw new ProtocolError(`Unknown frame type 0x${(type as number).toString(16).padStart(2, "0")}`);
}

/** Decode and validate a frame sent by a client. */
export function decodeClientFrame(frame: Uint8Array): DecodedFrame<ClientMessage> {
  if (frame.length > MAX_CLIENT_FRAME_BYTES + 1) {
    throw new ProtocolError(
      `Frame of ${frame.length} bytes is over the ${MAX_CLIENT_FRAME_BYTES} byte limit`,
    );
  }
  const decoded = decodeFrame<Record<string, unknown>>(frame);
  if (decoded.kind === "data") return decoded;
  const message = decoded.message;
  switch (message.type) {
    case "hello":
    case "resize": {
      const { cols, rows } = message;
      if (!isSize(cols, MIN_COLS, MAX_COLS) || !isSize(rows, MIN_ROWS, MAX_ROWS)) {
        throw new ProtocolError(
          `${message.type} needs integer cols ${MIN_COLS}-${MAX_COLS} and rows ${MIN_ROWS}-${MAX_ROWS}`,
        );
      }
      return { kind: "control", message: { type: message.type, cols, rows } };
    }
    case "resync":
    case "pause":
    case "resume":
    case "ping":
    case "take-size":
      return { kind: "control", message: { type: message.type } };
    case "focus":
      if (typeof message.focused !== "boolean") {
        throw new ProtocolError("focus needs focused: true or false");
      }
      return { kind: "control", message: { type: "focus", focused: message.focused } };
    default:
      throw new ProtocolError(`Unknown control message type ${JSON.stringify(message.type)}`);
  }
}

function isSize(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}
