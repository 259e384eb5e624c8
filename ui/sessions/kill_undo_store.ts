/**
 * Owns the page's just-killed sessions: each can be brought back (Undo) until a moment before the
 * server forgets it ({@link UNDO_KILL_SECONDS} after the kill), then its entry goes by itself.
 */

import { UNDO_KILL_SECONDS } from "../../protocol/restorable.ts";
import type { ApiClient } from "../shared/api_client.ts";
import { sessionKey, type SessionRef } from "../shared/types.ts";

/** Offered this long less than the server keeps it, so a late click is not refused. */
export const UNDO_OFFER_MS = (UNDO_KILL_SECONDS - 2) * 1000;

/** One killed session the page offers to bring back. */
export interface KilledEntry {
  readonly ref: SessionRef;
  /** Until when (ms since the epoch) Undo is offered. */
  readonly until: number;
  /** An undo is under way. */
  readonly busy: boolean;
  /** Why the undo failed, until dismissed. */
  readonly error: string | null;
}

/** Most entries shown at once; an older one gives way to a newer kill. */
export const MAX_KILLED_ENTRIES = 3;

/** Time as the store sees it (tests pass one they move by hand). */
export interface UndoClock {
  now(): number;
  /** Returns the timer's handle, for `clearTimeout`. */
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: UndoClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

export class KillUndoStore {
  entries: readonly KilledEntry[] = [];

  readonly #api: ApiClient;
  readonly #onChange: () => void;
  readonly #clock: UndoClock;
  #timer: unknown;

  constructor(api: ApiClient, onChange: () => void, clock: UndoClock = REAL_CLOCK) {
    this.#api = api;
    this.#onChange = onChange;
    this.#clock = clock;
  }

  /** The page killed `ref`: offer to bring it back. */
  killed(ref: SessionRef): void {
    const key = sessionKey(ref);
    const entry = { ref, until: this.#clock.now() + UNDO_OFFER_MS, busy: false, error: null };
    this.#set([...this.entries.filter((e) => sessionKey(e.ref) !== key), entry]
      .slice(-MAX_KILLED_ENTRIES));
  }

  /** Bring it back. Resolves true when the session is back, false when it failed (kept shown). */
  async undo(ref: SessionRef): Promise<boolean> {
    const key = sessionKey(ref);
    const entry = this.entries.find((e) => sessionKey(e.ref) === key);
    if (entry === undefined || entry.busy) return false;
    this.#update(key, { busy: true, error: null });
    let error: string;
    try {
      const [result] = await this.#api.restore(ref.host, [ref.name], { undo: true });
      if (result?.ok) {
        this.dismiss(ref);
        return true;
      }
      error = result?.error?.message ?? `Cannot undo killing session "${ref.name}"`;
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    // A failed undo stays shown after its window, until dismissed.
    this.#update(key, { busy: false, error, until: Infinity });
    return false;
  }

  /** Stop offering it. */
  dismiss(ref: SessionRef): void {
    const key = sessionKey(ref);
    this.#set(this.entries.filter((e) => sessionKey(e.ref) !== key));
  }

  /** Signed out, or gone from the page: nothing offered, no timer left. */
  clear(): void {
    this.#set([]);
  }

  #update(key: string, change: Partial<KilledEntry>): void {
    this.#set(this.entries.map((e) => sessionKey(e.ref) === key ? { ...e, ...change } : e));
  }

  #set(entries: readonly KilledEntry[]): void {
    this.entries = entries;
    this.#schedule();
    this.#onChange();
  }

  /** Wakes when the soonest offer ends, and drops every ended one (a busy one waits). */
  #schedule(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const ends = this.entries.filter((e) => !e.busy && Number.isFinite(e.until)).map((e) =>
      e.until
    );
    if (ends.length === 0) return;
    this.#timer = this.#clock.setTimeout(() => {
      const now = this.#clock.now();
      this.#set(this.entries.filter((e) => e.busy || e.until > now));
    }, Math.max(0, Math.min(...ends) - this.#clock.now()));
  }
}
