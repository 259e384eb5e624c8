/**
 * Owns the overview's live state while at least one page listens: thumbnails of every local
 * session (captured in batches, only when changed, throttled) and of every online worker (read
 * from the worker's own overview). Nothing runs while nobody listens.
 */

import type { ScreenResults } from "../../tmux/mod.ts";
import type { Logger } from "../logger.ts";
import type { SessionsSnapshot } from "../session_monitor.ts";
import type { SessionView } from "../session_view.ts";
import { CaptureScheduler } from "./capture_scheduler.ts";
import type { MirrorChange, Thumbnail, ThumbnailRef } from "../../protocol/overview_protocol.ts";
import { thumbnailKey } from "../../protocol/overview_protocol.ts";
import type { OverviewUpdate } from "./overview_sender.ts";
import { type MessageLink, RemoteOverviewLink } from "./remote_overview_link.ts";
import { boundScreen, DEFAULT_SCREEN_LIMITS, type ScreenLimits } from "./screen_bounds.ts";
export { DEFAULT_MAX_OVERVIEW_SESSIONS } from "../../protocol/limits.ts";
import { DEFAULT_MAX_OVERVIEW_SESSIONS } from "../../protocol/limits.ts";

/** Where the session list comes from (the SessionMonitor fits). */
export interface SessionSource {
  listen(listener: (snapshot: SessionsSnapshot) => void): () => void;
}

/** Captures visible screens by session id (tmux's ScreenCapturer fits). */
export interface ScreenSource {
  captureScreens(sessionIds: readonly string[], ansi: boolean): Promise<ScreenResults>;
}

/** Opens a worker's `/api/overview` (absent on a machine without remote hosts). */
export type OpenRemoteOverview = (hostId: string) => Promise<MessageLink>;

export interface OverviewOptions {
  sessions: SessionSource;
  screens: ScreenSource;
  openRemote?: OpenRemoteOverview;
  logger: Logger;
  /** Least time between two captures of one session, ms. */
  minIntervalMs?: number;
  /** Most sessions captured by one tmux process; one such batch runs at a time. */
  maxBatch?: number;
  /** Most thumbnails held (all hosts); sessions past it have none. */
  maxSessions?: number;
  limits?: ScreenLimits;
  now?: () => number;
  /** Back-off bounds for a dropped worker link, ms. */
  remoteBackoffMs?: { min: number; max: number };
}

export const DEFAULT_MIN_INTERVAL_MS = 1000;
export const DEFAULT_MAX_BATCH = 16;

export type OverviewListener = (update: OverviewUpdate) => void;

function screenKey(session: SessionView): string {
  return [session.paneId, session.cols, session.rows, session.status === "exited", session.title]
    .join("\x1f");
}

export class OverviewService implements AsyncDisposable {
  readonly #options: OverviewOptions;
  readonly #listeners = new Set<OverviewListener>();
  readonly #thumbnails = new Map<string, Thumbnail>();
  readonly #scheduler: CaptureScheduler;
  /**
   * Each local session's tmux id by name, from the latest list: screens are captured by id, as
   * a name may read as another session's id, a pane id or a client's name.
   */
  #ids = new Map<string, string>();
  readonly #links = new Map<string, RemoteOverviewLink>();
  readonly #maxBatch: number;
  readonly #maxSessions: number;
  #unlisten: (() => void) | null = null;
  #haveList = false;
  #omitted = 0;
  #capturing: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;
  #disposed = false;
  /** Bumped each time the service stops, so late capture results of an earlier run are dropped. */
  #generation = 0;
  readonly #closing = new Set<Promise<void>>();
  /** Screens captured since start (for tests and metrics). */
  captures = 0;
  /** tmux batches run since start. */
  batches = 0;

  constructor(options: OverviewOptions) {
    this.#options = options;
    this.#scheduler = new CaptureScheduler({
      minIntervalMs: options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
    });
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#maxSessions = options.maxSessions ?? DEFAULT_MAX_OVERVIEW_SESSIONS;
  }

  /** Whether anything is running (someone listens). */
  get active(): boolean {
    return this.#unlisten !== null;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Listen for changes; the listener first gets every thumbnail held. Returns an unsubscribe. */
  subscribe(listener: OverviewListener): () => void {
    if (this.#disposed) return () => {};
    this.#listeners.add(listener);
    listener({
      thumbnails: [...this.#thumbnails.values()],
      removed: [],
      omitted: this.#omitted,
      settled: this.#settled(),
    });
    if (this.#unlisten === null) {
      this.#unlisten = this.#options.sessions.listen((snapshot) => this.#onList(snapshot));
    }
    return () => {
      if (!this.#listeners.delete(listener)) return;
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  #settled(): boolean {
    if (!this.#haveList || !this.#scheduler.settled) return false;
    for (const link of this.#links.values()) if (!link.settled) return false;
    return true;
  }

  #emit(thumbnails: Thumbnail[], removed: ThumbnailRef[], force = false): void {
    if (!force && thumbnails.length === 0 && removed.length === 0) return;
    const update: OverviewUpdate = {
      thumbnails,
      removed,
      omitted: this.#omitted,
      settled: this.#settled(),
    };
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch (error) {
        this.#options.logger.warn("An overview listener failed", { error: String(error) });
      }
    }
  }

  #onList(snapshot: SessionsSnapshot): void {
    if (this.#disposed || this.#listeners.size === 0) return;
    const wasSettled = this.#settled();
    this.#haveList = true;
    const local = snapshot.sessions.filter((s) => s.host === "local").slice(0, this.#maxSessions);
    this.#ids = new Map(local.map((s) => [s.name, s.id]));
    const removedNames = this.#scheduler.update(
      local.map((s) => ({ name: s.name, activity: s.activity, key: screenKey(s) })),
    );
    const removed: ThumbnailRef[] = [];
    for (const name of removedNames) {
      if (this.#thumbnails.delete(thumbnailKey({ host: "local", name }))) {
        removed.push({ host: "local", name });
      }
    }
    removed.push(...this.#reconcileRemotes(snapshot));
    const omitted = Math.max(0, snapshot.sessions.length - this.#maxSessions);
    const omittedChanged = omitted !== this.#omitted;
    this.#omitted = omitted;
    this.#emit([], removed, omittedChanged || wasSettled !== this.#settled());
    this.#pump();
  }

  /** Open links to online workers, close them for offline ones, forget removed hosts. */
  #reconcileRemotes(snapshot: SessionsSnapshot): ThumbnailRef[] {
    const removed: ThumbnailRef[] = [];
    const openRemote = this.#options.openRemote;
    const online = new Set<string>();
    const known = new Set<string>();
    for (const host of snapshot.hosts) {
      if (host.id === "local") continue;
      known.add(host.id);
      if (host.status === "online") online.add(host.id);
    }
    for (const [hostId, link] of this.#links) {
      if (online.has(hostId)) continue;
      this.#links.delete(hostId);
      this.#close(link);
    }
    for (const [key, thumbnail] of this.#thumbnails) {
      if (thumbnail.host !== "local" && !known.has(thumbnail.host)) {
        this.#thumbnails.delete(key);
        removed.push({ host: thumbnail.host, name: thumbnail.name });
      }
    }
    if (openRemote === undefined) return removed;
    for (const hostId of online) {
      if (this.#links.has(hostId)) continue;
      const link: RemoteOverviewLink = new RemoteOverviewLink({
        hostId,
        open: () => openRemote(hostId),
        onChange: (change) => {
          if (this.#links.get(hostId) === link) this.#onRemote(change);
        },
        onSettled: () => {
          if (this.#links.get(hostId) === link) this.#emit([], [], true);
        },
        logger: this.#options.logger,
        ...(this.#options.remoteBackoffMs
          ? {
            minBackoffMs: this.#options.remoteBackoffMs.min,
            maxBackoffMs: this.#options.remoteBackoffMs.max,
          }
          : {}),
      });
      this.#links.set(hostId, link);
      link.start();
    }
    return removed;
  }

  #onRemote(change: MirrorChange): void {
    const updated: Thumbnail[] = [];
    const removed: ThumbnailRef[] = [];
    for (const ref of change.removed) {
      if (this.#thumbnails.delete(thumbnailKey(ref))) removed.push(ref);
    }
    for (const thumbnail of change.updated) {
      const key = thumbnailKey(thumbnail);
      if (!this.#thumbnails.has(key) && this.#thumbnails.size >= this.#maxSessions) continue;
      const held = this.#thumbnails.get(key);
      if (held !== undefined && sameScreen(held, thumbnail)) continue;
      this.#thumbnails.set(key, thumbnail);
      updated.push(thumbnail);
    }
    this.#emit(updated, removed);
  }

  /** Start a batch of due captures unless one is running; then wait for the next due time. */
  #pump(): void {
    if (this.#disposed || this.#listeners.size === 0 || this.#capturing !== null) return;
    const now = this.#now();
    const due = this.#scheduler.due(now, this.#maxBatch);
    if (due.length === 0) {
      this.#wakeAt(this.#scheduler.nextDueAt());
      return;
    }
    this.#scheduler.started(due, now);
    this.batches++;
    const generation = this.#generation;
    const ids = due.map((name) => this.#ids.get(name) ?? "");
    this.#capturing = this.#options.screens.captureScreens(ids, true)
      .then((results) => {
        if (generation === this.#generation) this.#onScreens(due, ids, results);
      })
      .catch((error) => {
        if (generation !== this.#generation) return;
        for (const name of due) this.#scheduler.failed(name);
        this.#options.logger.warn("Cannot capture screens for the overview", {
          error: String(error),
        });
      })
      .finally(() => {
        this.#capturing = null;
        this.#pump();
      });
  }

  /** `results` of capturing `ids`, the sessions named `names` (in the same order). */
  #onScreens(names: readonly string[], ids: readonly string[], results: ScreenResults): void {
    const wasSettled = this.#settled();
    const updated: Thumbnail[] = [];
    for (const [index, name] of names.entries()) {
      const capture = results.get(ids[index] ?? "");
      if (capture === undefined || capture === null) {
        // Gone (killed meanwhile): the next list drops it.
        this.#scheduler.failed(name);
        continue;
      }
      this.captures++;
      // Not watched any more (removed from the list meanwhile): no thumbnail.
      if (!this.#scheduler.captured(name)) continue;
      const key = thumbnailKey({ host: "local", name });
      const bounded = boundScreen(capture, this.#options.limits ?? DEFAULT_SCREEN_LIMITS);
      const thumbnail: Thumbnail = { host: "local", name, ...bounded };
      const held = this.#thumbnails.get(key);
      if (held !== undefined && sameScreen(held, thumbnail)) continue;
      if (held === undefined && this.#thumbnails.size >= this.#maxSessions) continue;
      this.#thumbnails.set(key, thumbnail);
      updated.push(thumbnail);
    }
    this.#emit(updated, [], wasSettled !== this.#settled());
  }

  #wakeAt(at: number | null): void {
    if (at === null || this.#disposed) return;
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#pump();
    }, Math.max(0, at - this.#now()));
  }

  /** Nobody listens: stop everything and forget (the next listener starts fresh). */
  #stop(): void {
    this.#unlisten?.();
    this.#unlisten = null;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
    for (const link of this.#links.values()) this.#close(link);
    this.#links.clear();
    this.#generation++;
    this.#thumbnails.clear();
    this.#scheduler.clear();
    this.#ids.clear();
    this.#haveList = false;
    this.#omitted = 0;
  }

  #close(link: RemoteOverviewLink): void {
    const closing = link[Symbol.asyncDispose]().catch(() => {}).finally(() => {
      this.#closing.delete(closing);
    });
    this.#closing.add(closing);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    this.#listeners.clear();
    this.#stop();
    this.#disposed = true;
    await Promise.all([...this.#closing]);
    await this.#capturing;
  }
}

function sameScreen(a: Thumbnail, b: Thumbnail): boolean {
  return a.screen === b.screen && a.cols === b.cols && a.rows === b.rows;
}
