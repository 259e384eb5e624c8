/**
 * Owns the live session list: polled from tmux only while someone listens, pushed on change, with
 * each session's status decided from its list entry and, when it is quiet, its screen.
 */

import type { Capture, SessionInfo } from "../tmux/mod.ts";
import {
  detectStatus,
  screenFromText,
  screenMatters,
  type StatusInput,
  type StatusVerdict,
} from "./agent_status/mod.ts";
import type { Logger } from "./logger.ts";
import { type HostView, type SessionView, statusInput, toSessionView } from "./session_view.ts";

export interface SessionLister {
  list(): Promise<SessionInfo[]>;
}

/** Reads the visible screens of panes by id, many at once (`ScreenCapturer` over tmux). */
export interface ScreenReader {
  /** The screens read; a pane that could not be read is missing or null. */
  captureScreens(paneIds: readonly string[]): Promise<Map<string, Capture | null>>;
}

/** What the monitor remembers about one pane between polls. */
interface PaneWatch {
  /** What the cached verdict was decided on; a different key means the screen may have changed. */
  key: string;
  verdict: StatusVerdict | null;
  /** Activity when the bell flag was first seen set (null while it is not set). */
  bellActivity: number | null;
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
  /**
   * Reads screens so quiet sessions can be told apart (`waiting` for an answer, or `idle`). Without
   * it statuses come from the list alone (exited, working, idle).
   */
  screens?: ScreenReader;
  /** Poll interval while listeners exist, in ms. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Polls `list-panes` once per interval while at least one listener exists (no listener, no work),
 * and tells listeners when the list or any status changed. `refresh()` forces an immediate poll,
 * e.g. right after the API changed something.
 *
 * Screens are cheap to misuse: a session's screen is read only when it has been quiet for the
 * working window and something the list shows (activity, title, command, screen mode, size, bell)
 * changed since its last reading — once per quiet spell, never every session every poll — and all
 * the screens one poll needs are read together, a batch of panes per tmux command.
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
  readonly #watches = new Map<string, PaneWatch>();

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
        const now = this.#nowSeconds();
        const live = new Set(infos.map((info) => info.paneId));
        for (const pane of this.#watches.keys()) {
          if (!live.has(pane)) this.#watches.delete(pane);
        }
        const verdicts = await this.#decide(infos, now);
        const sessions = infos.map((info, index) =>
          toSessionView("local", info, now, verdicts[index])
        );
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

  /** One local session as the list would show it, its status decided the same way. */
  async view(info: SessionInfo): Promise<SessionView> {
    const now = this.#nowSeconds();
    const [verdict] = await this.#decide([info], now);
    return toSessionView("local", info, now, verdict);
  }

  #nowSeconds(): number {
    return Math.floor((this.#options.now?.() ?? Date.now()) / 1000);
  }

  /**
   * The status of each session: from its list entry, from the verdict cached for its pane, or from
   * its screen — read for all the sessions that need it in one go.
   */
  async #decide(infos: readonly SessionInfo[], now: number): Promise<StatusVerdict[]> {
    const verdicts: StatusVerdict[] = [];
    const unread: { index: number; watch: PaneWatch; key: string; input: StatusInput }[] = [];
    infos.forEach((info, index) => {
      let watch = this.#watches.get(info.paneId);
      if (!watch) {
        watch = { key: "", verdict: null, bellActivity: null };
        this.#watches.set(info.paneId, watch);
      }
      // tmux keeps the bell flag until a client attaches; a bell counts until the pane does
      // anything after it was seen.
      if (!info.bell) watch.bellActivity = null;
      else if (watch.bellActivity === null) watch.bellActivity = info.activity;
      const bell = watch.bellActivity !== null && info.activity <= watch.bellActivity;
      const input = statusInput(info, now, null, bell);
      verdicts[index] = detectStatus(input);
      if (!this.#options.screens || !screenMatters(input)) return;
      const key = JSON.stringify([
        info.activity,
        info.title,
        info.command,
        info.alternate,
        info.cols,
        info.rows,
        bell,
      ]);
      if (watch.key === key && watch.verdict) verdicts[index] = watch.verdict;
      else unread.push({ index, watch, key, input });
    });
    if (unread.length === 0) return verdicts;
    let screens = new Map<string, Capture | null>();
    try {
      screens = await (this.#options.screens as ScreenReader).captureScreens(
        unread.map(({ index }) => (infos[index] as SessionInfo).paneId),
      );
    } catch (error) {
      this.#options.logger.warn("Cannot read screens for statuses", { error: String(error) });
    }
    for (const { index, watch, key, input } of unread) {
      const capture = screens.get((infos[index] as SessionInfo).paneId);
      // Unread (gone since the list, most likely): keep the list's verdict and try again next time.
      if (!capture) continue;
      const screen = screenFromText(capture.text, capture.cursorX, capture.cursorY);
      const verdict = detectStatus({ ...input, screen });
      watch.key = key;
      watch.verdict = verdict;
      verdicts[index] = verdict;
    }
    return verdicts;
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
    this.#watches.clear();
  }
}
