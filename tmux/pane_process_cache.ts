/**
 * Owns what is remembered of each listed pane's foreground process (command, working directory),
 * and of its session's window layouts, between lists, and when they must be asked again. Pure:
 * times are passed in.
 */

import type { PaneProcess, SessionInfo, SessionRow } from "./session_list.ts";

interface Entry extends PaneProcess {
  pid: number;
  /** The session's windows' layouts (`LAYOUTS_FIELD`), and how many windows it had then. */
  layouts: string;
  windows: number;
  /** Unix ms at which the value was known to be right. */
  validAsOf: number;
}

/** How often every pane's process is read again, for changes that printed nothing. */
export const PROCESS_REFRESH_MS = 10_000;

/**
 * A pane's foreground process changes when a program starts or ends or the shell changes
 * directory, and those print something (an echo, a prompt), which moves the window's activity
 * time. So a list only needs the process of panes whose window had activity since their value
 * was last known; the rest come from here. The session's layouts ride along: a split or a new
 * window starts a shell that prints, and a window count other than the one remembered is asked
 * again at once. Every {@link refreshMs} every pane is read again, so a change that printed
 * nothing (a layout changed in a window in the background) shows within that time. The condition itself costs tmux about as
 * much as a field, so while most panes are active every pane is simply read.
 *
 * @example
 * ```ts
 * const cache = new PaneProcessCache();
 * const started = Date.now();
 * const since = cache.since(started); // 0: ask tmux for every pane
 * const sessions = cache.resolve(rowsFromTmux(since), since, started); // null: ask for all
 * ```
 */
export class PaneProcessCache {
  readonly #entries = new Map<string, Entry>();
  readonly #refreshMs: number;
  #lastFull = Number.NEGATIVE_INFINITY;
  /** Most panes had activity since their value was known, in the last list. */
  #busy = false;

  constructor(refreshMs = PROCESS_REFRESH_MS) {
    this.#refreshMs = refreshMs;
  }

  /**
   * The activity threshold (unix seconds) for a list starting at `nowMs`: tmux must read the
   * process of windows active at or after it. 0 means every pane.
   */
  since(nowMs: number): number {
    if (this.#entries.size === 0 || this.#busy || nowMs - this.#lastFull >= this.#refreshMs) {
      return 0;
    }
    let oldest = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries.values()) oldest = Math.min(oldest, entry.validAsOf);
    // Activity is in whole seconds: a change in the same second as the last read is caught.
    return Math.max(1, Math.floor(oldest / 1000));
  }

  /**
   * Complete rows listed with threshold `since` by a list started at `startedMs`. Returns null
   * when a row has no process and none is known for it (a pane that became active without
   * printing): the caller lists again with `since` 0.
   */
  resolve(rows: readonly SessionRow[], since: number, startedMs: number): SessionInfo[] | null {
    const sessions: SessionInfo[] = [];
    const seen = new Set<string>();
    let active = 0;
    for (const { info, hasProcess } of rows) {
      seen.add(info.paneId);
      const entry = this.#entries.get(info.paneId);
      if (hasProcess) {
        // Would a threshold have asked for this pane? (A pane never seen does not count.)
        const known = entry !== undefined && entry.pid === info.panePid;
        if (known && (since > 0 || info.activity >= Math.floor(entry.validAsOf / 1000))) active++;
        // A list that started later may already have stored a newer value: keep it.
        if (!entry || entry.pid !== info.panePid || entry.validAsOf <= startedMs) {
          this.#entries.set(info.paneId, {
            command: info.command,
            cwd: info.cwd,
            layouts: info.layouts ?? "",
            windows: info.windows,
            pid: info.panePid,
            validAsOf: startedMs,
          });
        }
      } else {
        // No activity since `since`: a value known right at or after `since` is still right.
        if (
          !entry || entry.pid !== info.panePid || entry.windows !== info.windows ||
          entry.validAsOf < since * 1000
        ) {
          return null;
        }
        entry.validAsOf = Math.max(entry.validAsOf, startedMs);
        info.command = entry.command;
        info.cwd = entry.cwd;
        info.layouts = entry.layouts;
      }
      sessions.push(info);
    }
    for (const paneId of this.#entries.keys()) {
      if (!seen.has(paneId)) this.#entries.delete(paneId);
    }
    if (since === 0) this.#lastFull = Math.max(this.#lastFull, startedMs);
    this.#busy = active * 2 > rows.length;
    return sessions;
  }

  /** Forget everything (the tmux server is gone; a new one reuses pane ids). */
  clear(): void {
    this.#entries.clear();
    this.#lastFull = Number.NEGATIVE_INFINITY;
    this.#busy = false;
  }
}
