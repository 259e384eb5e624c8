/** Owns the page's overview link: `WS /api/overview`, mirrored, reconnected with back-off. */

import {
  type MirrorChange,
  OverviewMirror,
  parseOverviewMessage,
  type Thumbnail,
  type ThumbnailRef,
} from "../../protocol/overview_protocol.ts";
import type { Backoff } from "../shared/backoff.ts";
import { LiveSocket, type LiveState } from "../shared/live_socket.ts";
import type { SocketFactory, Timers } from "../shared/socket.ts";

export type { Thumbnail, ThumbnailRef };

export type OverviewState = LiveState;

export interface OverviewConnectionOptions {
  url: string;
  /** What changed; read the rest from {@link OverviewConnection.get}. */
  onChange: (change: MirrorChange) => void;
  onState?: (state: OverviewState) => void;
  createSocket?: SocketFactory;
  timers?: Timers;
  backoff?: Backoff;
}

/**
 * The thumbnails the server sends, kept across reconnects until the server's state is complete
 * again (nothing flickers when the link drops for a moment).
 */
export class OverviewConnection implements Disposable {
  readonly #options: OverviewConnectionOptions;
  readonly #mirror = new OverviewMirror();
  readonly #socket: LiveSocket;

  constructor(options: OverviewConnectionOptions) {
    this.#options = options;
    this.#socket = new LiveSocket({ ...options, onText: (data) => this.#onText(data) });
  }

  get state(): OverviewState {
    return this.#socket.state;
  }

  /** Sessions the server has no thumbnail for because of its session limit. */
  get omitted(): number {
    return this.#mirror.omitted;
  }

  get(ref: ThumbnailRef): Thumbnail | undefined {
    return this.#mirror.get(ref);
  }

  connect(): void {
    this.#socket.connect();
  }

  /**
   * Close the socket but keep the thumbnails (the page is hidden: the server need not capture for
   * it); {@link resume} reconnects and the server's `reset`/`synced` bring them up to date.
   */
  suspend(): void {
    this.#socket.suspend();
  }

  /** Reconnect after {@link suspend}. */
  resume(): void {
    this.#socket.connect();
  }

  close(): void {
    this.#socket.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #onText(data: string): boolean {
    const message = parseOverviewMessage(data);
    if (message === null) return false;
    const omitted = this.#mirror.omitted;
    const change = this.#mirror.apply(message);
    if (change.updated.length > 0 || change.removed.length > 0 || omitted !== message.omitted) {
      this.#options.onChange(change);
    }
    return true;
  }
}
