/** Owns the live session list: polled from tmux only while someone listens, pushed on change. */

import type { SessionInfo } from "../tmux/mod.ts";
import type { Logger } from "./logger.ts";
import { type HostView, type SessionView, toSessionView } from "./session_view.ts";

export interface SessionLister {
  list(): Promise<SessionInfo[]>;
}

/** What listeners receive: the whole list, each time anything in it changed. */
export interface SessionsSnapshot {
  sessions: SessionView[];
  hosts: HostView[];
}

/** Sessions and host states from remote hosts, merged after the local ones. */
export interface RemoteSessions {
  sessions(): SessionView[];
  hosts(): HostView[];
}

export interface SessionMonitorOptions {
  lister: SessionLister;
  remotes?: RemoteSessions;
  hostName: string;
  logger: Logger;
  /** Poll interval while listeners exist, in ms. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Polls `list-panes` once per interval while at least one listener exists (no listener, no work),
 * and tells listeners when the list or any status changed. `refresh()` forces an immediate poll,
 * e.g. right after the API changed something.
 */
export class SessionMonitor implements Disposable {
  readonly #options: SessionMonitorOptions;
  readonly #listeners = new Set<(snapshot: SessionsSnapshot) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last: SessionsSnapshot | null = null;
  #local: SessionsSnapshot | null = null;
  #lastJson = "";
  #polling: Promise<SessionsSnapshot> | null = null;
  #disposed = false;

  constructor(options: SessionMonitorOptions) {
    this.#options = options;
  }

  /** The current list, fresh from tmux (concurrent callers share one poll). */
  current(): Promise<SessionsSnapshot> {
    return this.#poll();
  }

  /** The last list seen, if any, without asking tmux. */
  get last(): SessionsSnapshot | null {
    return this.#last;
  }

  /** Listen for changes; the listener gets the current list first. Returns an unsubscribe. */
  listen(listener: (snapshot: SessionsSnapshot) => void): () => void {
    this.#listeners.add(listener);
    this.#poll().then((snapshot) => {
      if (this.#listeners.has(listener)) listener(snapshot);
    }).catch(() => {});
    this.#schedule();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  /** Poll now and notify listeners if anything changed. */
  async refresh(): Promise<SessionsSnapshot> {
    return await this.#poll();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#listeners.size === 0 || this.#disposed) return;
    this.#timer = setTimeout(async () => {
      try {
        await this.#poll();
      } catch (error) {
        this.#options.logger.warn("Cannot list tmux sessions", { error: String(error) });
      }
      this.#timer = undefined;
      this.#schedule();
    }, this.#options.intervalMs ?? 1000);
  }

  #poll(): Promise<SessionsSnapshot> {
    if (this.#polling) return this.#polling;
    this.#polling = (async () => {
      try {
        const infos = await this.#options.lister.list();
        const now = Math.floor((this.#options.now?.() ?? Date.now()) / 1000);
        const sessions = infos.map((info) => toSessionView("local", info, now));
        this.#local = {
          sessions,
          hosts: [{
            id: "local",
            name: this.#options.hostName,
            status: "online",
            lastSeen: now,
            sessionCount: sessions.length,
          }],
        };
        return this.#publish();
      } finally {
        this.#polling = null;
      }
    })();
    return this.#polling;
  }

  /** Merge remote hosts into the list again (a host's state changed) and notify if it differs. */
  republish(): void {
    if (this.#local) this.#publish();
  }

  #publish(): SessionsSnapshot {
    const local = this.#local as SessionsSnapshot;
    const remotes = this.#options.remotes;
    const snapshot: SessionsSnapshot = remotes
      ? {
        sessions: [...local.sessions, ...remotes.sessions()],
        hosts: [...local.hosts, ...remotes.hosts()],
      }
      : local;
    this.#last = snapshot;
    // lastSeen changes every second; compare what a viewer would notice.
    const json = JSON.stringify([
      snapshot.sessions,
      snapshot.hosts.map((h) => [h.id, h.name, h.status, h.error, h.sessionCount]),
    ]);
    if (json === this.#lastJson) return snapshot;
    this.#lastJson = json;
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.#options.logger.warn("A sessions listener failed", { error: String(error) });
      }
    }
    return snapshot;
  }

  [Symbol.dispose](): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }
}
