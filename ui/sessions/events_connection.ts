/** Owns the live session list and mutes: `WS /api/events`, reconnected with back-off. */

import type { Backoff } from "../shared/backoff.ts";
import { LiveSocket, type LiveState } from "../shared/live_socket.ts";
import type { SocketFactory, Timers } from "../shared/socket.ts";
import type { SessionList, SessionRef } from "../shared/types.ts";

export type EventsState = LiveState;

export interface EventsOptions {
  url: string;
  onSessions: (list: SessionList) => void;
  /** The sessions muted on the server: on connect, before the first list, and on each change. */
  onMuted?: (muted: SessionRef[]) => void;
  onState?: (state: EventsState) => void;
  /** After a drop: the next attempt is due in `delayMs`. */
  onRetry?: (delayMs: number) => void;
  createSocket?: SocketFactory;
  timers?: Timers;
  backoff?: Backoff;
}

export class EventsConnection implements Disposable {
  readonly #options: EventsOptions;
  readonly #socket: LiveSocket;

  constructor(options: EventsOptions) {
    this.#options = options;
    this.#socket = new LiveSocket({ ...options, onText: (data) => this.#onText(data) });
  }

  get state(): EventsState {
    return this.#socket.state;
  }

  /** Open the socket (again); a no-op while one is open or after `close()`. */
  connect(): void {
    this.#socket.connect();
  }

  /** Reconnect now (e.g. after signing in again), skipping any back-off wait. */
  reconnectNow(): void {
    this.#socket.reconnectNow();
  }

  close(): void {
    this.#socket.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** A session list proves the link healthy; a mute list is passed on. */
  #onText(data: string): boolean {
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return false;
    }
    const m = message as Partial<SessionList> & { type?: unknown; muted?: unknown };
    if (m.type === "sessions" && Array.isArray(m.sessions)) {
      this.#options.onSessions({ sessions: m.sessions, hosts: m.hosts ?? [] });
      return true;
    }
    if (m.type === "muted" && Array.isArray(m.muted)) {
      this.#options.onMuted?.(m.muted as SessionRef[]);
    }
    return false;
  }
}
