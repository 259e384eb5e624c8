/** Owns one WebSocket viewer of a session: latency-first coalescing and bounded buffering. */

import { STREAM_CLOSED_REASON, type StreamSnapshot, type StreamViewer } from "../tmux/mod.ts";
import {
  encodeControl,
  encodeData,
  encodeDataChunks,
  type ServerMessage,
} from "../protocol/terminal_protocol.ts";

/** The part of a WebSocket a viewer needs (a real WebSocket fits; tests pass fakes). */
export interface FrameSocket {
  send(frame: Uint8Array): void;
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
}

/** Most output bytes one Data frame carries when output accumulated during a send. */
export const MAX_COALESCED_BYTES = 64 * 1024;
/** Queued bytes (socket buffer + pending) past which a viewer is dropped to stale. */
export const STALE_LIMIT_BYTES = 2 * 1024 * 1024;
/** How often a backlogged viewer's socket is checked for drain, in ms. */
const DRAIN_POLL_MS = 2;
const STALE_POLL_MS = 20;

type State = "live" | "paused" | "stale";

/**
 * The Data frame of the latest output chunk. A stream hands the same chunk to each of its viewers
 * in turn, so it is framed (copied) once, not once per viewer; sockets copy what they send, and
 * frames are never written to after they are made.
 */
let framedChunk: Uint8Array | null = null;
let framedFrame: Uint8Array = new Uint8Array(0);

/** A snapshot's Data frames, made once for all the viewers it goes to. */
const snapshotFrames = new WeakMap<StreamSnapshot, Uint8Array[]>();

function framesOf(snapshot: StreamSnapshot): Uint8Array[] {
  let frames = snapshotFrames.get(snapshot);
  if (frames === undefined) {
    frames = [];
    for (let offset = 0; offset < snapshot.data.length; offset += MAX_COALESCED_BYTES) {
      frames.push(encodeData(snapshot.data.subarray(offset, offset + MAX_COALESCED_BYTES)));
    }
    snapshotFrames.set(snapshot, frames);
  }
  return frames;
}

function sharedDataFrame(chunk: Uint8Array): Uint8Array {
  if (chunk !== framedChunk) {
    framedFrame = encodeData(chunk);
    framedChunk = chunk;
  }
  return framedFrame;
}

/**
 * Sends a session's snapshot and output to one socket. When the socket is idle, output goes out
 * at once; while a send is still queued, output accumulates into the next frame (Nagle without
 * the delay). A viewer that falls more than {@link STALE_LIMIT_BYTES} behind is marked stale:
 * its backlog is dropped and, once its socket drains, it asks for a fresh snapshot.
 */
export class TerminalViewer implements StreamViewer, Disposable {
  readonly #socket: FrameSocket;
  #state: State = "live";
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #snapshotSeen = false;
  #ready = false;
  #heldSizing: ServerMessage | null = null;
  /** The latest snapshot, not sent yet (the socket was busy or the page paused). */
  #held: StreamSnapshot | null = null;
  /** Asks the stream for a new snapshot (wired to the subscription after subscribe). */
  requestResync: () => void = () => {};
  /** Called when the stream ends, after the socket is told. */
  onEnd: (reason: string) => void = () => {};

  constructor(socket: FrameSocket) {
    this.#socket = socket;
  }

  /** Bytes held by this viewer, not yet handed to the socket (for tests and metrics). */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  get state(): State {
    return this.#state;
  }

  /**
   * A snapshot replaces everything before it: pending output is dropped, and so is a snapshot
   * still held. It goes out at once when the socket is idle; otherwise it is held (only the
   * latest) until the socket drains or the page resumes, so a slow or paused viewer of a flood
   * gets the newest keyframe, never a growing queue of them.
   */
  snapshot(snapshot: StreamSnapshot): void {
    if (this.#closed) return;
    this.#clearPending();
    this.#state = this.#state === "paused" ? "paused" : "live";
    this.#snapshotSeen = true;
    this.#held = snapshot;
    if (this.#state !== "live") return;
    if (this.#socket.bufferedAmount === 0) this.#sendHeld();
    else this.#scheduleFlush();
  }

  output(data: Uint8Array): void {
    if (this.#closed || this.#state === "stale" || !this.#snapshotSeen) return;
    if (
      this.#state === "live" && this.#held === null && this.#pendingBytes === 0 &&
      this.#socket.bufferedAmount === 0
    ) {
      this.#socket.send(sharedDataFrame(data));
      return;
    }
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    if (this.#pendingBytes + this.#socket.bufferedAmount > STALE_LIMIT_BYTES) {
      this.#goStale();
      return;
    }
    if (this.#state === "live") this.#scheduleFlush();
  }

  title(title: string): void {
    this.send({ type: "title", title });
  }

  /** Who sizes the pane; held until `ready` has gone out (the stream tells it while joining). */
  sizing(owner: boolean, size: { cols: number; rows: number }): void {
    const message: ServerMessage = { type: "sizing", owner, cols: size.cols, rows: size.rows };
    if (this.#ready) this.send(message);
    else this.#heldSizing = message;
  }

  end(reason: string): void {
    if (this.#closed) return;
    this.#flushAll();
    if (reason === STREAM_CLOSED_REASON) {
      // Maestro is stopping, the session is not gone: "going away", so pages and relays retry.
      this.fail("server_stopping", "Maestro is stopping; the session is still there", 1001);
    } else {
      this.send({ type: "exit", reason });
      this.#close(1000, reason);
    }
    this.onEnd(reason);
  }

  /** The page's terminal is behind (client `pause`): hold output, within the bound. */
  pause(): void {
    if (this.#state === "live") this.#state = "paused";
  }

  /** The page caught up (client `resume`). */
  resume(): void {
    if (this.#state !== "paused") return;
    this.#state = "live";
    this.#scheduleFlush();
  }

  /** Send one control message (ignored once closed). */
  send(message: ServerMessage): void {
    if (this.#closed) return;
    try {
      this.#socket.send(encodeControl(message));
    } catch {
      // The socket is closing; its close handler cleans up.
    }
    if (message.type === "ready" && !this.#ready) {
      this.#ready = true;
      const held = this.#heldSizing;
      this.#heldSizing = null;
      if (held !== null) this.send(held);
    }
  }

  /** Send an error and close the socket. */
  fail(code: string, message: string, closeCode: number): void {
    this.send({ type: "error", code, message });
    this.#close(closeCode, message.slice(0, 120));
  }

  #scheduleFlush(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, this.#socket.bufferedAmount === 0 ? 0 : DRAIN_POLL_MS);
  }

  #flush(): void {
    if (this.#closed || this.#state !== "live") return;
    if (this.#pendingBytes === 0 && this.#held === null) return;
    if (this.#socket.bufferedAmount > 0) {
      this.#scheduleFlush();
      return;
    }
    this.#sendHeld();
    if (this.#pendingBytes > 0) this.#sendPending(MAX_COALESCED_BYTES);
    if (this.#pendingBytes > 0) this.#scheduleFlush();
  }

  #sendHeld(): void {
    const snapshot = this.#held;
    if (snapshot === null) return;
    this.#held = null;
    this.send({
      type: "snapshot-begin",
      cols: snapshot.cols,
      rows: snapshot.rows,
      alternate: snapshot.alternate,
      title: snapshot.title,
    });
    try {
      for (const frame of framesOf(snapshot)) this.#socket.send(frame);
    } catch {
      // The socket is closing; its close handler cleans up.
    }
    this.send({ type: "snapshot-end" });
  }

  /** Send pending output as one frame of at most `limit` bytes (more if one chunk is larger). */
  #sendPending(limit: number): void {
    let count = 0;
    let bytes = 0;
    for (const chunk of this.#pending) {
      if (count > 0 && bytes + chunk.length > limit) break;
      bytes += chunk.length;
      count++;
    }
    const chunks = this.#pending.splice(0, count);
    this.#pendingBytes -= bytes;
    this.#socket.send(
      chunks.length === 1 ? encodeData(chunks[0] as Uint8Array) : encodeDataChunks(chunks, bytes),
    );
  }

  #flushAll(): void {
    if (this.#state !== "live") return;
    this.#sendHeld();
    while (this.#pendingBytes > 0) this.#sendPending(MAX_COALESCED_BYTES);
  }

  #goStale(): void {
    this.#clearPending();
    this.#state = "stale";
    this.send({ type: "stale" });
    const waitForDrain = () => {
      this.#timer = undefined;
      if (this.#closed) return;
      if (this.#socket.bufferedAmount > 0) {
        this.#timer = setTimeout(waitForDrain, STALE_POLL_MS);
        return;
      }
      this.#state = "live";
      this.#snapshotSeen = false;
      this.requestResync();
    };
    clearTimeout(this.#timer);
    this.#timer = setTimeout(waitForDrain, STALE_POLL_MS);
  }

  /** Drop pending output and any held snapshot. */
  #clearPending(): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#held = null;
  }

  #close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#clearPending();
    try {
      this.#socket.close(code, reason);
    } catch {
      // Already closed.
    }
  }

  [Symbol.dispose](): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#clearPending();
  }
}
