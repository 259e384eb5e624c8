/**
 * Owns which sessions are muted (no notification, not counted in the page's waiting badge): kept
 * in the settings table, so a mute holds in every browser, and told to listeners on change.
 */

import type { Database } from "./database.ts";
import { SettingCorruptError, SettingsStore } from "./settings_store.ts";
export { MAX_MUTED_SESSIONS } from "../../protocol/limits.ts";
import { MAX_MUTED_SESSIONS } from "../../protocol/limits.ts";

/** The setting that holds the list. */
export const MUTED_SETTING = "notifications.muted";

/** A muted session. */
export interface MutedSession {
  readonly host: string;
  readonly name: string;
}

/** Muting one more session would pass {@linkcode MAX_MUTED_SESSIONS}; nothing changed. */
export class MuteLimitError extends Error {
  constructor(readonly host: string, readonly session: string, readonly limit: number) {
    super(
      `Cannot mute session "${session}" on "${host}": at most ${limit} sessions may be muted; ` +
        "unmute some first",
    );
    this.name = "MuteLimitError";
  }
}

const same = (a: MutedSession, host: string, name: string) => a.host === host && a.name === name;

/** Entries that are well formed; anything else in a hand-edited setting is dropped. */
function wellFormed(value: unknown): MutedSession[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const { host, name } = (entry ?? {}) as Record<string, unknown>;
    return typeof host === "string" && typeof name === "string" ? [{ host, name }] : [];
  });
}

/**
 * Muted sessions by host and name. Like notes, a mute belongs to the name: `rename` carries it
 * along, and the session routes drop it when Maestro kills the session.
 *
 * @example
 * ```ts
 * const mutes = new MuteStore(db);
 * mutes.set("local", "api", true);
 * mutes.isMuted("local", "api"); // true
 * ```
 */
export class MuteStore {
  readonly #db: Database;
  readonly #settings: SettingsStore;
  readonly #listeners = new Set<(muted: MutedSession[]) => void>();

  constructor(db: Database) {
    this.#db = db;
    this.#settings = new SettingsStore(db);
  }

  /** Every muted session, sorted by host then name. */
  list(): MutedSession[] {
    let stored: unknown;
    try {
      stored = this.#settings.get(MUTED_SETTING);
    } catch (error) {
      // A hand-edited value that is not JSON mutes nothing; the next change rewrites it.
      if (error instanceof SettingCorruptError) return [];
      throw error;
    }
    return wellFormed(stored);
  }

  isMuted(host: string, name: string): boolean {
    return this.list().some((m) => same(m, host, name));
  }

  /**
   * Mutes or unmutes a session; returns whether anything changed.
   *
   * @throws {MuteLimitError} when muting would pass {@linkcode MAX_MUTED_SESSIONS}.
   */
  set(host: string, name: string, muted: boolean): boolean {
    return this.#change((list) => {
      const has = list.some((m) => same(m, host, name));
      if (has === muted) return null;
      if (!muted) return list.filter((m) => !same(m, host, name));
      if (list.length >= MAX_MUTED_SESSIONS) {
        throw new MuteLimitError(host, name, MAX_MUTED_SESSIONS);
      }
      return [...list, { host, name }];
    });
  }

  /**
   * Mutes or unmutes several sessions at once (a group, a selection), in one transaction; returns
   * whether anything changed.
   *
   * @throws {MuteLimitError} when muting would pass {@linkcode MAX_MUTED_SESSIONS}; nothing changes.
   */
  setMany(sessions: readonly MutedSession[], muted: boolean): boolean {
    return this.#change((list) => {
      const has = (s: MutedSession) => list.some((m) => same(m, s.host, s.name));
      if (!muted) {
        if (!sessions.some(has)) return null;
        return list.filter((m) => !sessions.some((s) => same(m, s.host, s.name)));
      }
      const adding = sessions.filter((s) => !has(s));
      if (adding.length === 0) return null;
      if (list.length + adding.length > MAX_MUTED_SESSIONS) {
        const first = adding[0] as MutedSession;
        throw new MuteLimitError(first.host, first.name, MAX_MUTED_SESSIONS);
      }
      return [...list, ...adding.map(({ host, name }) => ({ host, name }))];
    });
  }

  /**
   * Carries a mute along when a session is renamed from `from` to `to`. A stale mute at `to`
   * (left by an earlier session of that name) gives way to whatever `from` had. Returns whether
   * anything changed.
   */
  rename(host: string, from: string, to: string): boolean {
    if (from === to) return false;
    return this.#change((list) => {
      const moving = list.some((m) => same(m, host, from));
      const stale = list.some((m) => same(m, host, to));
      if (!moving && !stale) return null;
      const rest = list.filter((m) => !same(m, host, from) && !same(m, host, to));
      return moving ? [...rest, { host, name: to }] : rest;
    });
  }

  /** Called with the whole list after every change. Returns an unsubscribe. */
  listen(listener: (muted: MutedSession[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Read, edit (null: no change) and write the list in one transaction, then tell listeners. */
  #change(edit: (list: MutedSession[]) => MutedSession[] | null): boolean {
    const next = this.#db.transaction(() => {
      const edited = edit(this.list());
      if (edited === null) return null;
      const sorted = edited.toSorted((a, b) =>
        a.host === b.host ? (a.name < b.name ? -1 : 1) : (a.host < b.host ? -1 : 1)
      );
      this.#settings.set(MUTED_SETTING, sorted);
      return sorted;
    });
    if (next === null) return false;
    for (const listener of this.#listeners) listener(next);
    return true;
  }
}
