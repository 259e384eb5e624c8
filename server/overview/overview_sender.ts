/**
 * Owns sending the overview to one socket without ever buffering without bound: while the socket
 * is behind, changes are merged per session (latest screen wins) and sent once it drains.
 */

import {
  type OverviewMessage,
  type Thumbnail,
  thumbnailKey,
  type ThumbnailRef,
} from "../../protocol/overview_protocol.ts";

/** The part of a WebSocket the sender needs (a real WebSocket fits; tests pass fakes). */
export interface TextSocket {
  send(text: string): void;
  readonly bufferedAmount: number;
}

/** Changes from the overview service, and whether its state is complete. */
export interface OverviewUpdate {
  thumbnails: readonly Thumbnail[];
  removed: readonly ThumbnailRef[];
  omitted: number;
  /** Every known session has been captured (or tried) at least once. */
  settled: boolean;
}

export interface SenderOptions {
  /** Socket-buffered bytes above which nothing more is sent until it drains. */
  highWaterBytes?: number;
  /** Target size of one message; a bigger single thumbnail still goes alone. */
  maxMessageBytes?: number;
  /** How often a backed-up socket is checked, ms. */
  pollMs?: number;
}

export const SENDER_HIGH_WATER_BYTES = 256 * 1024;
export const MAX_MESSAGE_BYTES = 256 * 1024;
const POLL_MS = 50;

type Pending = { kind: "thumbnail"; thumbnail: Thumbnail } | { kind: "removed"; ref: ThumbnailRef };

/**
 * The first message carries `reset`; the one that completes the state carries `synced` (see
 * {@link OverviewMessage}). Memory is bounded by the number of sessions: a session changed ten
 * times while the socket was behind is sent once, as it is now.
 */
export class OverviewSender implements Disposable {
  readonly #socket: TextSocket;
  readonly #highWater: number;
  readonly #maxMessage: number;
  readonly #pollMs: number;
  readonly #pending = new Map<string, Pending>();
  #omitted = 0;
  #omittedSent = -1;
  #first = true;
  #needSynced = true;
  #upstreamSettled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** Messages sent (for tests and metrics). */
  messagesSent = 0;

  constructor(socket: TextSocket, options: SenderOptions = {}) {
    this.#socket = socket;
    this.#highWater = options.highWaterBytes ?? SENDER_HIGH_WATER_BYTES;
    this.#maxMessage = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.#pollMs = options.pollMs ?? POLL_MS;
  }

  /** Sessions with a change not yet sent. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  push(update: OverviewUpdate): void {
    if (this.#closed) return;
    for (const ref of update.removed) {
      const key = thumbnailKey(ref);
      this.#pending.delete(key);
      this.#pending.set(key, { kind: "removed", ref: { host: ref.host, name: ref.name } });
    }
    for (const thumbnail of update.thumbnails) {
      this.#pending.set(thumbnailKey(thumbnail), { kind: "thumbnail", thumbnail });
    }
    this.#omitted = update.omitted;
    this.#upstreamSettled ||= update.settled;
    this.#flush();
  }

  #hasNews(): boolean {
    return this.#pending.size > 0 || this.#first || this.#omitted !== this.#omittedSent ||
      (this.#needSynced && this.#upstreamSettled);
  }

  #flush(): void {
    if (this.#closed || this.#timer !== undefined || !this.#hasNews()) return;
    if (this.#socket.bufferedAmount > this.#highWater) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, this.#pollMs);
      return;
    }
    const message: OverviewMessage = {
      type: "overview",
      thumbnails: [],
      removed: [],
      omitted: this.#omitted,
    };
    let size = 0;
    for (const [key, item] of this.#pending) {
      const itemSize = item.kind === "thumbnail"
        ? item.thumbnail.screen.length + item.thumbnail.name.length + 80
        : item.ref.name.length + 40;
      if (size > 0 && size + itemSize > this.#maxMessage) break;
      size += itemSize;
      this.#pending.delete(key);
      if (item.kind === "thumbnail") message.thumbnails.push(item.thumbnail);
      else message.removed.push(item.ref);
    }
    if (this.#first) message.reset = true;
    if (this.#needSynced && this.#upstreamSettled && this.#pending.size === 0) {
      message.synced = true;
      this.#needSynced = false;
    }
    this.#first = false;
    this.#omittedSent = this.#omitted;
    try {
      this.#socket.send(JSON.stringify(message));
      this.messagesSent++;
    } catch {
      // The socket is closing; its close handler disposes this sender.
      return;
    }
    if (this.#pending.size > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, 0);
    }
  }

  [Symbol.dispose](): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }
}
