/** Owns a text WebSocket the page keeps open: reconnected with back-off, suspended, closed. */

import { Backoff } from "./backoff.ts";
import {
  browserSocket,
  realTimers,
  type SocketFactory,
  type SocketLike,
  type TimerId,
  type Timers,
} from "./socket.ts";

export type LiveState = "connecting" | "live" | "reconnecting" | "closed";

export interface LiveSocketOptions {
  url: string;
  /** A text frame arrived; return true when it shows the link is healthy (resets the back-off). */
  onText: (data: string) => boolean;
  onState?: (state: LiveState) => void;
  /** After a close: the next attempt is due in `delayMs`. */
  onRetry?: (delayMs: number) => void;
  createSocket?: SocketFactory;
  timers?: Timers;
  backoff?: Backoff;
}

/**
 * The shared life of the page's `/api/events` and `/api/overview` links: one socket at a time, a
 * new one after each close (waiting longer each time until a healthy message arrives), none after
 * {@link close}.
 */
export class LiveSocket implements Disposable {
  readonly #options: LiveSocketOptions;
  readonly #createSocket: SocketFactory;
  readonly #timers: Timers;
  readonly #backoff: Backoff;
  #socket: SocketLike | null = null;
  #retry: TimerId | null = null;
  #state: LiveState = "closed";
  #stopped = false;

  constructor(options: LiveSocketOptions) {
    this.#options = options;
    this.#createSocket = options.createSocket ?? browserSocket;
    this.#timers = options.timers ?? realTimers;
    this.#backoff = options.backoff ?? new Backoff();
  }

  get state(): LiveState {
    return this.#state;
  }

  /** Open the socket (again); a no-op while one is open or after `close()`. */
  connect(): void {
    if (this.#stopped || this.#socket !== null) return;
    this.#cancelRetry();
    this.#setState(this.#backoff.attempt === 0 ? "connecting" : "reconnecting");
    const socket = this.#createSocket(this.#options.url);
    this.#socket = socket;
    socket.onopen = () => this.#setState("live");
    socket.onmessage = (event) => {
      if (this.#socket !== socket || typeof event.data !== "string") return;
      if (this.#options.onText(event.data)) {
        this.#backoff.reset();
        this.#setState("live");
      }
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (this.#stopped) return;
      this.#setState("reconnecting");
      const delay = this.#backoff.next();
      this.#retry = this.#timers.setTimeout(() => {
        this.#retry = null;
        this.connect();
      }, delay);
      this.#options.onRetry?.(delay);
    };
    socket.onerror = () => {};
  }

  /** Reconnect now (e.g. after signing in again), skipping any back-off wait. */
  reconnectNow(): void {
    this.#backoff.reset();
    if (this.#socket === null) this.connect();
  }

  /** Close the socket until the next {@link connect} (e.g. while the page is hidden). */
  suspend(): void {
    if (this.#stopped) return;
    this.#drop();
    this.#backoff.reset();
  }

  /** Close for good. */
  close(): void {
    this.#stopped = true;
    this.#drop();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #drop(): void {
    this.#cancelRetry();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
    this.#setState("closed");
  }

  #cancelRetry(): void {
    if (this.#retry !== null) this.#timers.clearTimeout(this.#retry);
    this.#retry = null;
  }

  #setState(state: LiveState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onState?.(state);
  }
}
