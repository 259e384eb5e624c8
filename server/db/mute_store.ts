/**
 * Owns which sessions are muted (no notification, not counted in the page's waiting badge): kept
 * by session identity, so a mute holds in every browser, follows renames made anywhere and ends
 * with the session; listeners hear of every change, renames included.
 */

import type { Database } from "./database.ts";
import { type SessionIdentity, SessionRecords, type SessionRef } from "./session_records.ts";
export { LEGACY_MUTED_SETTING as MUTED_SETTING } from "./legacy_adoption.ts";
export { MAX_MUTED_SESSIONS } from "../../protocol/limits.ts";
import { MAX_MUTED_SESSIONS } from "../../protocol/limits.ts";

/** A muted session, by the name it has now. */
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

const KEY = "host = ? AND session_id = ? AND created = ?";

/**
 * Muted sessions by identity (see {@link SessionRecords}); listed by their current names. A mute
 * of a session that vanished is kept with its record (it may be restored) but not listed.
 *
 * @example
 * ```ts
 * const mutes = new MuteStore(db);
 * const api = { host: "local", id: "$0", created: 1700000000, name: "api" };
 * mutes.set(api, true);
 * mutes.isMuted(api); // true
 * ```
 */
export class MuteStore {
  readonly #db: Database;
  readonly #records: SessionRecords;
  readonly #listeners = new Set<(muted: MutedSession[]) => void>();
  #lastJson: string;

  constructor(db: Database, records: SessionRecords = new SessionRecords(db)) {
    this.#db = db;
    this.#records = records;
    this.#lastJson = JSON.stringify(this.list());
    // A rename or a vanishing seen anywhere changes what the list shows.
    records.listen(() => this.#told());
  }

  /** Every muted live session, sorted by host then name. */
  list(): MutedSession[] {
    const rows = this.#db.prepare(
      `SELECT r.host AS host, r.name AS name FROM session_mutes m JOIN session_records r
         ON r.host = m.host AND r.session_id = m.session_id AND r.created = m.created
       WHERE r.vanished_at IS NULL ORDER BY r.host, r.name`,
    ).all() as unknown as MutedSession[];
    return rows.map(({ host, name }) => ({ host, name }));
  }

  isMuted(session: SessionIdentity): boolean {
    return this.#db.prepare(`SELECT 1 FROM session_mutes WHERE ${KEY}`)
      .get(session.host, session.id, session.created) !== undefined;
  }

  /**
   * Mutes or unmutes a session; returns whether anything changed.
   *
   * @throws {MuteLimitError} when muting would pass {@linkcode MAX_MUTED_SESSIONS}.
   */
  set(session: SessionRef, muted: boolean): boolean {
    return this.setMany([session], muted);
  }

  /**
   * Mutes or unmutes several sessions at once (a group, a selection), in one transaction; returns
   * whether anything changed.
   *
   * @throws {MuteLimitError} when muting would pass {@linkcode MAX_MUTED_SESSIONS}; nothing changes.
   */
  setMany(sessions: readonly SessionRef[], muted: boolean): boolean {
    const changed = this.#db.transaction(() => {
      let changes = 0;
      for (const session of sessions) {
        if (muted) {
          this.#records.ensure(session);
          changes += Number(
            this.#db.prepare(
              "INSERT INTO session_mutes (host, session_id, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            ).run(session.host, session.id, session.created).changes,
          );
        } else {
          changes += Number(
            this.#db.prepare(`DELETE FROM session_mutes WHERE ${KEY}`)
              .run(session.host, session.id, session.created).changes,
          );
        }
      }
      if (muted && changes > 0) {
        const { count } = this.#db.prepare("SELECT count(*) AS count FROM session_mutes").get() as {
          count: number;
        };
        if (count > MAX_MUTED_SESSIONS) {
          const first = sessions[0] as SessionRef;
          throw new MuteLimitError(first.host, first.name, MAX_MUTED_SESSIONS);
        }
      }
      return changes > 0;
    });
    if (changed) this.#told();
    return changed;
  }

  /**
   * Lifts the mute of whatever session last had `name` on `host` though it is no longer listed
   * (it ended outside Maestro): any mute can be lifted. Returns whether one was.
   */
  unmuteNamed(host: string, name: string): boolean {
    const result = this.#db.prepare(
      `DELETE FROM session_mutes WHERE (host, session_id, created) IN
         (SELECT host, session_id, created FROM session_records WHERE host = ? AND name = ?)`,
    ).run(host, name);
    if (Number(result.changes) === 0) return false;
    this.#told();
    return true;
  }

  /** Called with the whole list after every change. Returns an unsubscribe. */
  listen(listener: (muted: MutedSession[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #told(): void {
    const list = this.list();
    const json = JSON.stringify(list);
    if (json === this.#lastJson) return;
    this.#lastJson = json;
    for (const listener of this.#listeners) listener(list);
  }
}
