/**
 * Owns deciding which sessions' screens to capture for the overview, and when: only sessions
 * that changed since their last capture, at most once per interval each, a bounded number at a
 * time. Pure: the caller passes the clock and does the capturing.
 */

/** A session as the scheduler sees it. */
export interface WatchedSession {
  name: string;
  /** Unix seconds of its latest output (tmux `session_activity`/`window_activity`). */
  activity: number;
  /** Anything else whose change means the screen may differ (pane, size, title, exited). */
  key: string;
}

export interface SchedulerOptions {
  /** Least time between two captures of one session, ms. */
  minIntervalMs: number;
  /**
   * Margin after the end of an activity second before a capture counts as having seen all of
   * that second's output (output still in the pane's pty buffer reaches tmux a little later).
   */
  settleMs?: number;
}

interface Seen {
  at: number;
  activity: number;
  key: string;
}

interface Entry {
  activity: number;
  key: string;
  /** Start of the latest capture (done, failed or in flight), ms. */
  lastStartedAt: number | null;
  /** What the latest successful capture saw when it started. */
  captured: Seen | null;
  inFlight: Seen | null;
  /** A capture finished (or failed) at least once. */
  attempted: boolean;
}

/**
 * Activity is known to the second only, so a capture made within the second of the latest
 * output may have missed the rest of it: such a session stays due until a capture starts after
 * that second (plus a margin) has ended — at most one more capture once it goes quiet.
 */
export class CaptureScheduler {
  readonly #entries = new Map<string, Entry>();
  readonly #minInterval: number;
  readonly #settle: number;

  constructor(options: SchedulerOptions) {
    this.#minInterval = options.minIntervalMs;
    this.#settle = options.settleMs ?? 250;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Whether every watched session was captured (or tried) at least once. */
  get settled(): boolean {
    for (const entry of this.#entries.values()) if (!entry.attempted) return false;
    return true;
  }

  /** Replace the watched list; returns the names no longer watched. */
  update(sessions: readonly WatchedSession[]): string[] {
    const seen = new Set<string>();
    for (const session of sessions) {
      seen.add(session.name);
      const entry = this.#entries.get(session.name);
      if (entry === undefined) {
        this.#entries.set(session.name, {
          activity: session.activity,
          key: session.key,
          lastStartedAt: null,
          captured: null,
          inFlight: null,
          attempted: false,
        });
      } else {
        entry.activity = session.activity;
        entry.key = session.key;
      }
    }
    const removed: string[] = [];
    for (const name of this.#entries.keys()) {
      if (!seen.has(name)) {
        this.#entries.delete(name);
        removed.push(name);
      }
    }
    return removed;
  }

  /** When `name` should next be captured (ms), or null when its screen is known to be current. */
  dueAt(name: string): number | null {
    const entry = this.#entries.get(name);
    if (entry === undefined || entry.inFlight !== null) return null;
    const throttle = entry.lastStartedAt === null ? 0 : entry.lastStartedAt + this.#minInterval;
    const last = entry.captured;
    if (last === null || last.key !== entry.key || entry.activity > last.activity) return throttle;
    const secondEnded = (entry.activity + 1) * 1000 + this.#settle;
    return last.at < secondEnded ? Math.max(throttle, secondEnded) : null;
  }

  /** Up to `limit` sessions due at `now`: never captured first, then the longest waiting. */
  due(now: number, limit: number): string[] {
    const due: { name: string; entry: Entry }[] = [];
    for (const [name, entry] of this.#entries) {
      const at = this.dueAt(name);
      if (at !== null && at <= now) due.push({ name, entry });
    }
    due.sort((a, b) =>
      (a.entry.lastStartedAt ?? -Infinity) - (b.entry.lastStartedAt ?? -Infinity) ||
      a.name.localeCompare(b.name)
    );
    return due.slice(0, limit).map((d) => d.name);
  }

  /** Captures of `names` start now. */
  started(names: readonly string[], now: number): void {
    for (const name of names) {
      const entry = this.#entries.get(name);
      if (entry === undefined) continue;
      entry.lastStartedAt = now;
      entry.inFlight = { at: now, activity: entry.activity, key: entry.key };
    }
  }

  /**
   * The capture of `name` succeeded: its screen is current as of when the capture started.
   * False when `name` is not watched any more (or had no capture in flight).
   */
  captured(name: string): boolean {
    const entry = this.#entries.get(name);
    if (entry === undefined || entry.inFlight === null) return false;
    entry.captured = entry.inFlight;
    entry.inFlight = null;
    entry.attempted = true;
    return true;
  }

  /** The capture of `name` failed; it is tried again after the interval. */
  failed(name: string): void {
    const entry = this.#entries.get(name);
    if (entry === undefined) return;
    entry.inFlight = null;
    entry.attempted = true;
  }

  /** The earliest time any session is due, or null when none is. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const name of this.#entries.keys()) {
      const at = this.dueAt(name);
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  clear(): void {
    this.#entries.clear();
  }
}
