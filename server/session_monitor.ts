/**
 * Owns the live session list: polled from tmux only while someone listens, pushed on change, with
 * each session's status decided from its list entry, its screen (read when it may have changed)
 * and its history (a turn that ended unseen is `done`).
 * Over 400 lines because the poll loop, each pane's watch (screen, bell, attention, prompt) and the
 * step that ties list, screens and history together share one state; the rules, the prompt reader
 * and the session records it feeds are pure modules of their own (agent_status/, session_recorder).
 */

import { type Capture, type SessionInfo, sessionShape } from "../tmux/mod.ts";
import {
  detectStatus,
  PaneAttention,
  type PaneObservation,
  type Screen,
  screenFromText,
  type StatusVerdict,
  textBeforeCursor,
} from "./agent_status/mod.ts";
import { PromptTracker, type TrackedPrompt } from "./agent_status/prompt_tracker.ts";
import type { SessionPrompt } from "../protocol/session.ts";
import type { AttentionLedger } from "./attention_ledger.ts";
import type { Logger } from "./logger.ts";
import { type HostView, type SessionView, toSessionView } from "./session_view.ts";

export interface SessionLister {
  list(): Promise<SessionInfo[]>;
  /**
   * {@link sessionShape} of what `list()` would return now, from a much cheaper read; without it,
   * {@link SessionMonitor.recent} always polls.
   */
  shape?(): Promise<string>;
}

/** Reads the visible screens of panes by id, many at once (`ScreenCapturer` over tmux). */
export interface ScreenReader {
  /** The screens read; a pane that could not be read is missing or null. */
  captureScreens(paneIds: readonly string[]): Promise<Map<string, Capture | null>>;
}

/** What the monitor remembers about one pane between polls. */
interface PaneWatch {
  /** What the screen was read with; a different key means the screen may have changed. */
  key: string;
  /** The screen as last read (null: never read). */
  screen: Screen | null;
  /** The poll in which it was last read (to share the reading budget fairly). */
  readAt: number;
  /** When it was last read, in whole seconds (tmux's activity has no finer grain). */
  readAtSeconds: number;
  /** Activity when the bell flag was first seen set (null while it is not set). */
  bellActivity: number | null;
  attention: PaneAttention;
  prompt: PromptTracker;
}

/**
 * How often the list is read while someone listens. 750 ms keeps a change on a worker within 1 s
 * of the manager's page (bench/scale.ts) at about 0.6 % of a core for 100 idle sessions.
 */
export const POLL_INTERVAL_MS = 750;

/**
 * How often the server reads the list while nobody listens, so the session records (layouts,
 * agents, conversation ids) stay current for a restore: one `list-panes` every 10 s.
 */
export const UNWATCHED_POLL_MS = 10_000;

/** Most screens read in one poll; panes over it are read in later polls, least recent first. */
export const MAX_SCREENS_PER_POLL = 48;

/** A session's status and when it last really changed (seconds since the epoch). */
interface Decided {
  verdict: StatusVerdict;
  activity: number;
  prompt: SessionPrompt | null;
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

/** Told of every list: keeps the durable session records (`SessionRecorder`). */
export interface SessionObserver {
  /**
   * `snapshot` as published; `localInfos` is this machine's list behind it, which tmux began
   * taking at `listedAtMs`.
   */
  observeLists(
    snapshot: SessionsSnapshot,
    localInfos: readonly SessionInfo[],
    listedAtMs: number,
  ): void;
}

export interface SessionMonitorOptions {
  lister: SessionLister;
  /** Keeps the session records up to date from the lists the monitor takes anyway. */
  records?: SessionObserver;
  remotes?: RemoteSessions;
  hostName: string;
  logger: Logger;
  /**
   * Reads screens, so decisions on screen are found and a title that changes alone is not taken
   * for work. Without it statuses come from the list alone (exited, working, idle).
   */
  screens?: ScreenReader;
  /** What Maestro itself knows: input it typed, its own redraws, who looks (none: nothing). */
  ledger?: AttentionLedger;
  /** Poll interval while listeners exist, in ms. */
  intervalMs?: number;
  /**
   * Poll interval while nobody listens, in ms (the server passes {@link UNWATCHED_POLL_MS});
   * without it, no listener means no polling.
   */
  unwatchedIntervalMs?: number;
  now?: () => number;
}

/**
 * Polls `list-panes` once per interval while at least one listener exists, and otherwise only
 * every `unwatchedIntervalMs` if given (for the records; no option, no listener: no work),
 * and tells listeners when the list or any status changed. `refresh()` forces an immediate poll,
 * e.g. right after the API changed something.
 *
 * Screens are cheap to misuse: a pane's screen is read only when something the list shows
 * (activity, title, command, screen mode, size, bell) changed since its last reading — a quiet
 * pane costs nothing, a busy one one reading per poll — at most {@link MAX_SCREENS_PER_POLL} per
 * poll, all read together, a batch of panes per tmux command.
 */
export class SessionMonitor implements Disposable {
  readonly #options: SessionMonitorOptions;
  readonly #listeners = new Set<(snapshot: SessionsSnapshot) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last: SessionsSnapshot | null = null;
  #local: SessionsSnapshot | null = null;
  #localInfos: readonly SessionInfo[] = [];
  #localListedAt = 0;
  /** {@link sessionShape} of `#localInfos` (null before the first poll). */
  #localShape: string | null = null;
  #lastJson = "";
  #polling: Promise<SessionsSnapshot> | null = null;
  /** When the last poll started (performance.now()), whoever asked for it. */
  #lastPollStart = 0;
  #disposed = false;
  readonly #watches = new Map<string, PaneWatch>();
  #polls = 0;

  constructor(options: SessionMonitorOptions) {
    this.#options = options;
    this.#schedule();
  }

  /**
   * The current list, fresh from tmux: from a poll that began after this call (one under way may
   * have begun before a change the caller must see, such as tmux's server killed just now).
   * Callers waiting for the same poll to end share the next one.
   */
  async current(): Promise<SessionsSnapshot> {
    await this.#polling?.catch(() => {});
    return await this.#poll();
  }

  /**
   * The list for a reader who asks often (`GET /api/sessions`), without waiting for a poll: the
   * last poll's, if that poll began under two intervals ago and tmux's sessions still have its
   * shape (one cheap command: sessions made, killed, renamed, given windows or attached to outside
   * Maestro show at once). Past one interval, a poll starts behind the answer. Otherwise a fresh
   * list, as {@link current}. Activity, titles, panes, processes and statuses are then those of
   * that poll: under two intervals old (1.5 s), under one while someone listens.
   */
  async recent(): Promise<SessionsSnapshot> {
    const lister = this.#options.lister;
    const intervalMs = this.#options.intervalMs ?? POLL_INTERVAL_MS;
    const ageMs = Date.now() - this.#localListedAt;
    if (
      lister.shape === undefined || this.#last === null || this.#localShape === null ||
      ageMs > 2 * intervalMs
    ) {
      return await this.current();
    }
    const shape = await lister.shape();
    // Compared with the newest poll's, should one have ended meanwhile: the shape was read after
    // the caller asked, so a change made before that is in both or the list is taken afresh.
    if (shape !== this.#localShape || this.#last === null) return await this.current();
    if (ageMs > intervalMs && this.#polling === null) {
      this.#poll().catch((error) => {
        this.#options.logger.warn("Cannot list tmux sessions", { error: String(error) });
      });
    }
    return this.#last;
  }

  /** The last list seen, if any, without asking tmux. */
  get last(): SessionsSnapshot | null {
    return this.#last;
  }

  /** Listen for changes; the listener gets the current list first. Returns an unsubscribe. */
  listen(listener: (snapshot: SessionsSnapshot) => void): () => void {
    const first = this.#listeners.size === 0;
    this.#listeners.add(listener);
    this.#poll().then((snapshot) => {
      if (this.#listeners.has(listener)) listener(snapshot);
    }).catch(() => {});
    // The first listener replaces the slow unwatched cadence with the normal one.
    if (first) this.#unschedule();
    this.#schedule();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#unschedule();
        this.#schedule();
      }
    };
  }

  /**
   * Poll now and notify listeners if anything changed. The poll begins after this call: one
   * already under way may have begun before the change the caller made (and the records would not
   * see the session Maestro just made listed after it recorded it).
   */
  async refresh(): Promise<SessionsSnapshot> {
    return await this.current();
  }

  #unschedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#disposed) return;
    const watched = this.#listeners.size > 0;
    if (!watched && this.#options.unwatchedIntervalMs === undefined) return;
    // A fixed cadence: the next poll is due one interval after this one started, however long it
    // took, so a change shows within one interval (plus the poll itself) even under load.
    const interval = watched
      ? this.#options.intervalMs ?? POLL_INTERVAL_MS
      : this.#options.unwatchedIntervalMs ?? 0;
    const wait = Math.max(0, interval - (performance.now() - this.#lastPollStart));
    const timer = setTimeout(async () => {
      try {
        await this.#poll();
      } catch (error) {
        this.#options.logger.warn("Cannot list tmux sessions", { error: String(error) });
      }
      // A listener coming or going meanwhile has scheduled the next poll already.
      if (this.#timer !== timer) return;
      this.#timer = undefined;
      this.#schedule();
    }, wait);
    this.#timer = timer;
  }

  #poll(): Promise<SessionsSnapshot> {
    if (this.#polling) return this.#polling;
    this.#lastPollStart = performance.now();
    this.#polling = (async () => {
      try {
        const listedAt = Date.now();
        const infos = await this.#options.lister.list();
        this.#localListedAt = listedAt;
        const now = this.#nowSeconds();
        const live = new Set(infos.map((info) => info.paneId));
        for (const pane of this.#watches.keys()) {
          if (!live.has(pane)) this.#watches.delete(pane);
        }
        this.#localInfos = infos;
        this.#localShape = sessionShape(infos);
        const decided = await this.#decide(infos);
        const sessions = infos.map((info, index) => {
          const { verdict, activity, prompt } = decided[index] as Decided;
          const view = toSessionView("local", { ...info, activity }, now, verdict);
          return prompt === null ? view : { ...view, prompt };
        });
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

  /**
   * One local session as the list shows it: from a fresh poll (a session's status depends on its
   * history, which only polls move on), or, if the poll has not seen it yet, from its entry alone.
   */
  async view(info: SessionInfo): Promise<SessionView> {
    const snapshot = await this.#poll();
    const listed = snapshot.sessions.find((s) => s.host === "local" && s.id === info.id);
    return listed ?? toSessionView("local", info, this.#nowSeconds());
  }

  #nowSeconds(): number {
    return Math.floor((this.#options.now?.() ?? Date.now()) / 1000);
  }

  /**
   * The status and real activity of each session: the screens that may have changed are read
   * (together), each pane's history is moved on, and the rules decide.
   */
  async #decide(infos: readonly SessionInfo[]): Promise<Decided[]> {
    const nowMs = this.#options.now?.() ?? Date.now();
    const poll = ++this.#polls;
    const watches = infos.map((info) => {
      let watch = this.#watches.get(info.paneId);
      if (!watch) {
        watch = {
          key: "",
          screen: null,
          readAt: 0,
          readAtSeconds: 0,
          bellActivity: null,
          attention: new PaneAttention(),
          prompt: new PromptTracker(info.paneId),
        };
        this.#watches.set(info.paneId, watch);
      }
      // tmux keeps the bell flag until a client attaches; a bell counts until the pane does
      // anything after it was seen.
      if (!info.bell) watch.bellActivity = null;
      else if (watch.bellActivity === null) watch.bellActivity = info.activity;
      return watch;
    });
    const bells = infos.map((info, index) => {
      const watch = watches[index] as PaneWatch;
      return watch.bellActivity !== null && info.activity <= watch.bellActivity;
    });
    const keys = infos.map((info, index) =>
      JSON.stringify([
        info.activity,
        info.title,
        info.command,
        info.alternate,
        info.cols,
        info.rows,
        bells[index],
      ])
    );
    const read = await this.#readScreens(infos, watches, keys);
    return infos.map((info, index) => {
      const watch = watches[index] as PaneWatch;
      const capture = read.get(info.paneId) ?? null;
      if (capture) {
        watch.screen = screenFromText(capture.text, capture.cursorX, capture.cursorY);
        watch.key = keys[index] as string;
        watch.readAt = poll;
        watch.readAtSeconds = Math.floor(nowMs / 1000);
      }
      const ledger = this.#options.ledger;
      const observation: PaneObservation = {
        nowMs,
        activity: info.activity,
        screenText: capture ? capture.text : null,
        redrawUntilMs: ledger?.redrawUntil(info.name) ?? 0,
        inputAtMs: ledger?.inputAt(info.name) ?? 0,
        launchAtMs: ledger?.launchAt(info.name) ?? 0,
        interruptAtMs: ledger?.interruptAt(info.name) ?? 0,
        seen: ledger?.seen(info.name) ?? false,
        command: info.command,
        promptShown: watch.screen === null || textBeforeCursor(watch.screen) !== "",
      };
      const changedAtMs = watch.attention.observe(observation);
      const verdict = detectStatus({
        dead: info.paneDead,
        idleSeconds: Math.max(0, (nowMs - changedAtMs) / 1000),
        title: info.title,
        command: info.command,
        alternate: info.alternate,
        bell: bells[index] as boolean,
        screen: info.paneDead ? null : watch.screen,
        restCommand: watch.attention.restCommand,
        restAtPrompt: watch.attention.restAtPrompt,
        typedSinceRest: this.#options.ledger ? watch.attention.typedSinceRest(observation) : true,
      });
      const settled = watch.attention.settle(verdict, observation);
      return {
        verdict: settled,
        activity: Math.floor(changedAtMs / 1000),
        prompt: watch.prompt.observe(settled, info.paneDead ? null : watch.screen, nowMs),
      };
    });
  }

  /** Read the screens that may have changed, at most the budget's worth, least recent first. */
  async #readScreens(
    infos: readonly SessionInfo[],
    watches: readonly PaneWatch[],
    keys: readonly string[],
  ): Promise<Map<string, Capture | null>> {
    const screens = this.#options.screens;
    if (!screens) return new Map();
    const due = infos.flatMap((info, index) => {
      const watch = watches[index] as PaneWatch;
      // tmux's activity counts whole seconds: output later in the second of the last reading
      // leaves the key as it was, so a pane active since that second is read again.
      const stale = watch.screen === null || watch.key !== keys[index] ||
        info.activity >= watch.readAtSeconds;
      return !info.paneDead && stale ? [{ paneId: info.paneId, readAt: watch.readAt }] : [];
    });
    if (due.length === 0) return new Map();
    due.sort((a, b) => a.readAt - b.readAt);
    const chosen = due.slice(0, MAX_SCREENS_PER_POLL).map((d) => d.paneId);
    try {
      return await screens.captureScreens(chosen);
    } catch (error) {
      this.#options.logger.warn("Cannot read screens for statuses", { error: String(error) });
      return new Map();
    }
  }

  /**
   * The prompt on a local pane's screen right now, if it is still the one the list shows: the
   * screen is read afresh, so an answer is typed only into the prompt it was meant for. Null when
   * the pane shows no prompt, another one, or cannot be read.
   */
  async confirmPrompt(paneId: string): Promise<TrackedPrompt | null> {
    const watch = this.#watches.get(paneId);
    const screens = this.#options.screens;
    if (!watch || !screens || watch.prompt.current === null) return null;
    const capture = (await screens.captureScreens([paneId])).get(paneId);
    if (!capture) return null;
    return watch.prompt.confirm(screenFromText(capture.text, capture.cursorX, capture.cursorY));
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
    this.#observe(snapshot);
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

  /** Hands the lists to the records (a failure there never stops the list). */
  #observe(snapshot: SessionsSnapshot): void {
    try {
      this.#options.records?.observeLists(snapshot, this.#localInfos, this.#localListedAt);
    } catch (error) {
      this.#options.logger.warn("Cannot record sessions", { error: String(error) });
    }
  }

  [Symbol.dispose](): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
    this.#watches.clear();
  }
}
