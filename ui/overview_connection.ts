/** Owns the page's overview link: `WS /api/overview`, mirrored, reconnected with back-off. */

import {
  type MirrorChange,
  OverviewMirror,
  parseOverviewMessage,
  type Thumbnail,
  type ThumbnailRef,
} from "../server/overview/overview_protocol.ts";
import { Backoff } from "./backoff.ts";
import {
  browserSocket,
  realTimers,
  type SocketFactory,
  type SocketLike,
  type TimerId,
  type Timers,
} from "./socket.ts";

export type { Thumbnail, ThumbnailRef };

export type OverviewState = "connecting" | "live" | "reconnecting" | "closed";

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
  readonly #createSocket: SocketFactory;
  readonly #timers: Timers;
  readonly #backoff: Backoff;
  readonly #mirror = new OverviewMirror();
  #socket: SocketLike | null = null;
  #retry: TimerId | null = null;
  #state: OverviewState = "closed";
  #stopped = false;

  constructor(options: OverviewConnectionOptions) {
    this.#options = options;
    this.#createSocket = options.createSocket ?? browserSocket;
    this.#timers = options.timers ?? realTimers;
    this.#backoff = options.backoff ?? new Backoff();
  }

  get state(): OverviewState {
    return this.#state;
  }

  /** Sessions the server has no thumbnail for because of its session limit. */
  get omitted(): number {
    return this.#mirror.omitted;
  }

  get(ref: ThumbnailRef): Thumbnail | undefined {
    return this.#mirror.get(ref);
  }

  connect(): void {
    if (this.#stopped || this.#socket !== null) return;
    if (this.#retry !== null) {
      this.#timers.clearTimeout(this.#retry);
      this.#retry = null;
    }
    this.#setState(this.#backoff.attempt === 0 ? "connecting" : "reconnecting");
    const socket = this.#createSocket(this.#options.url);
    this.#socket = socket;
    socket.onopen = () => this.#setState("live");
    socket.onmessage = (event) => {
      if (this.#socket !== socket || typeof event.data !== "string") return;
      const message = parseOverviewMessage(event.data);
      if (message === null) return;
      this.#backoff.reset();
      const omitted = this.#mirror.omitted;
      const change = this.#mirror.apply(message);
      if (change.updated.length > 0 || change.removed.length > 0 || omitted !== message.omitted) {
        this.#options.onChange(change);
      }
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (this.#stopped) return;
      this.#setState("reconnecting");
      this.#retry = this.#timers.setTimeout(() => {
        this.#retry = null;
        this.connect();
      }, this.#backoff.next());
    };
    socket.onerror = () => {};
  }

  /**
   * Close the socket but keep the thumbnails (the page is hidden: the server need not capture for
   * it); {@link resume} reconnects and the server's `reset`/`synced` bring them up to date.
   */
  suspend(): void {
    if (this.#stopped) return;
    if (this.#retry !== null) this.#timers.clearTimeout(this.#retry);
    this.#retry = null;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
    this.#backoff.reset();
    this.#setState("closed");
  }

  /** Reconnect after {@link suspend}. */
  resume(): void {
    this.connect();
  }

  close(): void {
    this.#stopped = true;
    if (this.#retry !== null) this.#timers.clearTimeout(this.#retry);
    this.#retry = null;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
    this.#setState("closed");
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #setState(state: OverviewState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onState?.(state);
  }
}
