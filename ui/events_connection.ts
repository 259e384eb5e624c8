/** Owns the live session list and mutes: `WS /api/events`, reconnected with back-off. */

import { Backoff } from "./backoff.ts";
import {
  browserSocket,
  realTimers,
  type SocketFactory,
  type SocketLike,
  type TimerId,
  type Timers,
} from "./socket.ts";
import type { SessionList, SessionRef } from "./types.ts";

export type EventsState = "connecting" | "live" | "reconnecting" | "closed";

export interface EventsOptions {
  url: string;
  onSessions: (list: SessionList) => void;
  /** The sessions muted on the server: on connect, before the first list, and on each change. */
  onMuted?: (muted: SessionRef[]) => void;
  onState?: (state: EventsState) => void;
  createSocket?: SocketFactory;
  timers?: Timers;
  backoff?: Backoff;
}

export class EventsConnection implements Disposable {
  readonly #options: EventsOptions;
  readonly #createSocket: SocketFactory;
  readonly #timers: Timers;
  readonly #backoff: Backoff;
  #socket: SocketLike | null = null;
  #retry: TimerId | null = null;
  #state: EventsState = "closed";
  #stopped = false;

  constructor(options: EventsOptions) {
    this.#options = options;
    this.#createSocket = options.createSocket ?? browserSocket;
    this.#timers = options.timers ?? realTimers;
    this.#backoff = options.backoff ?? new Backoff();
  }

  get state(): EventsState {
    return this.#state;
  }

  /** Open the socket (again); a no-op while one is open or after `close()`. */
  connect(): void {
    if (this.#stopped || this.#socket !== null) return;
    if (this.#retry !== null) {
      this.#timers.clearTimeout(this.#retry);
      this.#retry = null;
    }
    this.#setState(this.#backoff.attempt === 0 ? "connecting" : "reconnecting");
    const socket = this.#createSocket(this.#options.url);
    this.#socket = socket;
    socket.onmessage = (event) => {
      if (typeof event.data !== "string") return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      const m = message as Partial<SessionList> & { type?: unknown };
      if (m.type === "sessions" && Array.isArray(m.sessions)) {
        this.#backoff.reset();
        this.#setState("live");
        this.#options.onSessions({ sessions: m.sessions, hosts: m.hosts ?? [] });
      } else if (m.type === "muted" && Array.isArray((m as { muted?: unknown }).muted)) {
        this.#options.onMuted?.((m as { muted: SessionRef[] }).muted);
      }
    };
    socket.onopen = () => this.#setState("live");
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

  /** Reconnect now (e.g. after signing in again), skipping any back-off wait. */
  reconnectNow(): void {
    this.#backoff.reset();
    if (this.#socket === null) this.connect();
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

  #setState(state: EventsState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onState?.(state);
  }
}
