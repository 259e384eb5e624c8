/**
 * Owns the durable record of every session Maestro has seen, by tmux identity (host, session id,
 * creation time): its latest name, and when it vanished. Notes and mutes hang off a record
 * (foreign keys, cascading), so they follow the session through renames made anywhere, end with
 * it when Maestro kills it (after a short undo window), and never pass to a later session that is
 * given the same name.
 * Over 400 lines because observing lists, renames, kills with their undo window and restores all
 * move the same rows under the same stale-list rules, in one transaction each.
 */

import { UNDO_KILL_SECONDS } from "../../protocol/restorable.ts";
import type { WindowShape } from "../../tmux/mod.ts";
import type { Database } from "./database.ts";
import { adoptLegacy } from "./legacy_adoption.ts";

/**
 * Who a session is. tmux never gives one session's id to another while its server runs, but a
 * new server starts again at `$0`: the creation time (unix seconds) tells those apart.
 */
export interface SessionIdentity {
  readonly host: string;
  /** tmux's session id, `$3`. */
  readonly id: string;
  /** `#{session_created}`, unix seconds. */
  readonly created: number;
}

/** An identity with the name the session had when it was seen. */
export interface SessionRef extends SessionIdentity {
  readonly name: string;
}

/** One stored record. */
export interface SessionRecord extends SessionRef {
  /** The session's directory (its first pane's, as last recorded). */
  readonly cwd: string;
  /** The command Maestro started it with ("" when none, or made outside Maestro). */
  readonly command: string;
  /** Its windows and panes as last recorded (empty until first read). */
  readonly windows: WindowShape[];
  /** The agent it runs (`claude`, `codex`, `aider`…) when known. */
  readonly agent: string | null;
  /** Unix seconds when Maestro last saw the session live. */
  readonly seenAt: number;
  /** Unix seconds when it was first missing from its host's list; null while it lives. */
  readonly vanishedAt: number | null;
  /** Unix seconds when Maestro killed it (it can be undone for a moment); null otherwise. */
  readonly killedAt: number | null;
}

interface RecordRow {
  host: string;
  session_id: string;
  created: number;
  name: string;
  cwd: string;
  command: string;
  windows: string;
  agent: string | null;
  seen_at: number;
  vanished_at: number | null;
  killed_at: number | null;
}

const toRecord = (row: RecordRow): SessionRecord => ({
  host: row.host,
  id: row.session_id,
  created: row.created,
  name: row.name,
  cwd: row.cwd,
  command: row.command,
  windows: parseWindows(row.windows),
  agent: row.agent,
  seenAt: row.seen_at,
  vanishedAt: row.vanished_at,
  killedAt: row.killed_at,
});

/**
 * How long after Maestro renamed (or restored) a session a worker's list showing its old name (or
 * not showing it) is taken as stale; this machine's lists say when they were taken.
 */
const RENAME_GRACE_MS = 5000;

/** The id a vanished session's record is kept under: its tmux id, `~`, then something unique. */
function parkedId(id: string, nowSeconds: number): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  return `${id}~${nowSeconds}-${random.toString(36)}`;
}

/** A record's tmux id as tmux gave it (a vanished record's id is parked, see {@link observe}). */
export function tmuxId(id: string): string {
  return id.split("~")[0] ?? id;
}

const identityKey = (s: SessionIdentity) => `${s.host}\n${s.id}@${s.created}`;

function parseWindows(text: string): WindowShape[] {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value as WindowShape[] : [];
  } catch {
    return [];
  }
}

const KEY = "host = ? AND session_id = ? AND created = ?";
const keyOf = (s: SessionIdentity) => [s.host, s.id, s.created] as const;

/** Options for {@linkcode SessionRecords}. */
export interface SessionRecordsOptions {
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

/**
 * Session records, written as Maestro sees sessions (the monitor's lists, and any note or mute
 * set) and removed only when Maestro kills a session (once its undo window is over) or a
 * vanished one is forgotten.
 *
 * @example
 * ```ts
 * const records = new SessionRecords(db);
 * records.observe("local", [{ host: "local", id: "$0", created: 1700000000, name: "api" }], true);
 * records.named("local", "api")?.id; // "$0"
 * ```
 */
export class SessionRecords {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  /** What each host's last observation was, so an unchanged list costs no SQL. */
  readonly #lastSeen = new Map<string, string>();
  readonly #adopted = new Set<string>();
  /** Sessions Maestro just brought in (restored), by identity: when (ms), see {@link observe}. */
  readonly #arrived = new Map<string, number>();
  /** Renames Maestro made, by identity: name and when (ms), see {@link observe}. */
  readonly #renamed = new Map<string, { name: string; at: number }>();
  /** Sessions Maestro killed, by identity: when (ms), see {@link observe}. */
  readonly #killed = new Map<string, number>();
  /** When (ms) the oldest killed record's undo window ends; null when none is pending. */
  #purgeAt: number | null = null;

  constructor(db: Database, options: SessionRecordsOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    // Killed before a restart (even one in the undo window, a crash): forgotten once it is over.
    this.#purgeKilled();
  }

  /** The record of a session, live or vanished, or null. */
  get(identity: SessionIdentity): SessionRecord | null {
    const row = this.#db.prepare(`SELECT * FROM session_records WHERE ${KEY}`)
      .get(...keyOf(identity)) as RecordRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  /** The live record named `name` on `host`, or null. */
  named(host: string, name: string): SessionRecord | null {
    const row = this.#db.prepare(
      `SELECT * FROM session_records WHERE host = ? AND name = ? AND vanished_at IS NULL
       ORDER BY seen_at DESC LIMIT 1`,
    ).get(host, name) as RecordRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  /** Every record of `host`, by name (vanished ones included). */
  list(host: string): SessionRecord[] {
    const rows = this.#db.prepare("SELECT * FROM session_records WHERE host = ? ORDER BY name")
      .all(host) as unknown as RecordRow[];
    return rows.map(toRecord);
  }

  /** Records the session as live under `ref.name` (creating the record if needed). */
  ensure(ref: SessionRef): void {
    const before = this.get(ref);
    this.#db.prepare(
      `INSERT INTO session_records (host, session_id, created, name, seen_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (host, session_id, created) DO UPDATE SET name = excluded.name,
         seen_at = excluded.seen_at, vanished_at = NULL`,
    ).run(...keyOf(ref), ref.name, this.#seconds());
    // Recorded here before a list showed it (a session Maestro just created): a list taken
    // before now cannot show it yet, and must not park it as vanished.
    if (before === null || before.vanishedAt !== null) {
      this.#arrived.set(identityKey(ref), this.#now());
    }
    if (before !== null && (before.name !== ref.name || before.vanishedAt !== null)) this.#tell();
  }

  /** The session was renamed (by Maestro): its record, and so its notes and mute, follow. */
  rename(identity: SessionIdentity, name: string): void {
    const result = this.#db.prepare(`UPDATE session_records SET name = ? WHERE ${KEY}`)
      .run(name, ...keyOf(identity));
    this.#renamed.set(identityKey(identity), { name, at: this.#now() });
    if (Number(result.changes) > 0) this.#tell();
  }

  /**
   * Maestro killed the session: its record is parked as killed, never restorable, and can be
   * brought back with {@link killed} for {@link UNDO_KILL_SECONDS}; then it goes with its notes
   * and mute. Returns whether it had one.
   */
  kill(identity: SessionIdentity): boolean {
    const now = this.#seconds();
    const result = this.#db.prepare(
      `UPDATE session_records SET vanished_at = ?, killed_at = ?, session_id = ? WHERE ${KEY}`,
    ).run(now, now, parkedId(identity.id, now), ...keyOf(identity));
    this.#killed.set(identityKey(identity), this.#now());
    this.#lastSeen.delete(identity.host);
    this.#purgeKilled();
    if (Number(result.changes) === 0) return false;
    this.#tell();
    return true;
  }

  /** The sessions of `host` Maestro killed whose undo window is still open, latest first. */
  killed(host: string): SessionRecord[] {
    this.#purgeKilled();
    const rows = this.#db.prepare(
      `SELECT * FROM session_records WHERE host = ? AND killed_at IS NOT NULL
       ORDER BY killed_at DESC`,
    ).all(host) as unknown as RecordRow[];
    return rows.map(toRecord);
  }

  /** Forgets killed records whose undo window is over; notes when the next one ends. */
  #purgeKilled(): void {
    if (this.#purgeAt !== null && this.#now() < this.#purgeAt) return;
    const oldest = this.#seconds() - UNDO_KILL_SECONDS;
    const result = this.#db.prepare(
      "DELETE FROM session_records WHERE killed_at IS NOT NULL AND killed_at < ?",
    ).run(oldest);
    const next = this.#db.prepare(
      "SELECT min(killed_at) AS at FROM session_records WHERE killed_at IS NOT NULL",
    ).get() as { at: number | null } | undefined;
    this.#purgeAt = next?.at === undefined || next.at === null
      ? null
      : (next.at + UNDO_KILL_SECONDS + 1) * 1000;
    if (Number(result.changes) > 0) this.#tell();
  }

  /** Forgets the session's record, with its notes and mute. Returns whether it had one. */
  forget(identity: SessionIdentity): boolean {
    const result = this.#db.prepare(`DELETE FROM session_records WHERE ${KEY}`)
      .run(...keyOf(identity));
    this.#lastSeen.delete(identity.host);
    if (Number(result.changes) === 0) return false;
    this.#tell();
    return true;
  }

  /**
   * Takes in a list of `host`'s sessions: names follow renames made anywhere, and with
   * `complete` (the whole list of a host that answered), records missing from it are marked
   * vanished and a live one that is back is live again. The first list of a host (a whole one:
   * only lists of hosts that answered are observed) also adopts notes and mutes kept by name
   * before schema version 4. A complete list records every
   * session in it; a partial one (a remote host's, as the manager sees it) only renames records
   * that a note or a mute started.
   */
  observe(
    host: string,
    sessions: readonly SessionRef[],
    complete: boolean,
    listedAtMs?: number,
  ): void {
    if (this.#purgeAt !== null) this.#purgeKilled();
    const key = JSON.stringify([complete, sessions.map((s) => [s.id, s.created, s.name])]);
    if (this.#lastSeen.get(host) === key) return;
    let changed = false;
    let sawStale = false;
    const now = this.#seconds();
    this.#db.transaction(() => {
      if (!this.#adopted.has(host)) {
        changed = adoptLegacy(this.#db, host, sessions, now) || changed;
      }
      const stored = this.#db.prepare("SELECT * FROM session_records WHERE host = ?")
        .all(host) as unknown as RecordRow[];
      const listed = new Map(sessions.map((s) => [`${s.id}@${s.created}`, s]));
      const known = new Set(stored.map((row) => `${row.session_id}@${row.created}`));
      if (complete) {
        for (const [key, seen] of listed) {
          if (known.has(key)) continue;
          // A list taken just before Maestro killed it still shows it: not a new session.
          if (this.#justKilled(seen, listedAtMs)) {
            sawStale = true;
            continue;
          }
          this.#db.prepare(
            `INSERT INTO session_records (host, session_id, created, name, seen_at)
             VALUES (?, ?, ?, ?, ?)`,
          ).run(...keyOf(seen), seen.name, now);
        }
      }
      for (const row of stored) {
        const seen = listed.get(`${row.session_id}@${row.created}`);
        if (seen !== undefined) {
          // Listed: no later list can be one taken before it arrived.
          this.#arrived.delete(identityKey(seen));
          // A list taken just before Maestro renamed the session may still carry the old name.
          const renamed = this.#renamed.get(identityKey(seen));
          const stale = renamed !== undefined && renamed.name !== seen.name &&
            this.#after(renamed.at, listedAtMs);
          if (stale) sawStale = true;
          const name = stale ? row.name : seen.name;
          if (name === row.name && row.vanished_at === null) continue;
          this.#db.prepare(
            `UPDATE session_records SET name = ?, seen_at = ?, vanished_at = NULL WHERE ${KEY}`,
          ).run(name, now, ...keyOf(seen));
          changed = true;
        } else if (complete && row.vanished_at === null && this.#justArrived(row, listedAtMs)) {
          // A list taken before Maestro restored it cannot show it yet.
          sawStale = true;
        } else if (complete && row.vanished_at === null) {
          // Parked under an id no live session can have: a tmux server started again hands out
          // `$0`, `$1`… anew, within the same second too, and a new session must not pass for
          // this one. Its notes and mute move along (the keys cascade).
          this.#db.prepare(
            `UPDATE session_records SET vanished_at = ?, session_id = ? WHERE ${KEY}`,
          ).run(now, parkedId(row.session_id, now), row.host, row.session_id, row.created);
          changed = true;
        }
      }
    });
    this.#adopted.add(host);
    // A stale list is read again when it comes again: by then it may be the truth.
    if (sawStale) this.#lastSeen.delete(host);
    else this.#lastSeen.set(host, key);
    if (changed) this.#tell();
  }

  /** Records what a session looks like now: its directory, windows and panes, agent. */
  saveShape(
    identity: SessionIdentity,
    shape: { cwd: string; windows: readonly WindowShape[]; agent: string | null },
  ): void {
    this.#db.prepare(
      `UPDATE session_records SET cwd = ?, windows = ?, agent = coalesce(?, agent) WHERE ${KEY}`,
    ).run(shape.cwd, JSON.stringify(shape.windows), shape.agent, ...keyOf(identity));
  }

  /** Records the command and directory Maestro created the session with. */
  saveStart(ref: SessionRef, start: { command: string; cwd: string }): void {
    this.#db.transaction(() => {
      this.ensure(ref);
      this.#db.prepare(
        `UPDATE session_records SET command = ?, cwd = CASE WHEN cwd = '' THEN ? ELSE cwd END
         WHERE ${KEY}`,
      ).run(start.command, start.cwd, ...keyOf(ref));
    });
  }

  /** The sessions of `host` that vanished without Maestro killing them, by name. */
  restorable(host: string): SessionRecord[] {
    const rows = this.#db.prepare(
      `SELECT * FROM session_records WHERE host = ? AND vanished_at IS NOT NULL
         AND killed_at IS NULL
       ORDER BY name, vanished_at DESC`,
    ).all(host) as unknown as RecordRow[];
    return rows.map(toRecord);
  }

  /**
   * The session was rebuilt as `next` (a new tmux identity): its record, notes and mute move
   * there (the keys cascade), live again.
   */
  moveTo(previous: SessionIdentity, next: SessionRef): void {
    this.#db.transaction(() => {
      // The list may have seen the new session first, and recorded it bare.
      this.#db.prepare(`DELETE FROM session_records WHERE ${KEY}`).run(...keyOf(next));
      this.#db.prepare(
        `UPDATE session_records SET session_id = ?, created = ?, name = ?, vanished_at = NULL,
           killed_at = NULL, seen_at = ? WHERE ${KEY}`,
      ).run(next.id, next.created, next.name, this.#seconds(), ...keyOf(previous));
    });
    this.#arrived.set(identityKey(next), this.#now());
    this.#lastSeen.delete(previous.host);
    this.#tell();
  }

  /**
   * A worker rebuilt its session `next.name` as `next`: the record this machine keeps for it
   * (notes and mute of a worker's session live on the manager) moves along — the latest vanished
   * one of that name (with `undo`, the latest killed one), or, when this machine has not yet
   * heard that it vanished, the live one.
   */
  restoredElsewhere(next: SessionRef, undo = false): void {
    const gone = undo ? this.killed(next.host) : this.restorable(next.host);
    const vanished = gone.find((r) => r.name === next.name);
    const live = this.named(next.host, next.name);
    const previous = vanished ??
      (live && (live.id !== next.id || live.created !== next.created) ? live : null);
    if (previous) this.moveTo(previous, next);
  }

  /** Called after any record's name or liveness changed. Returns an unsubscribe. */
  listen(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #justKilled(seen: SessionIdentity, listedAtMs: number | undefined): boolean {
    const key = identityKey(seen);
    const at = this.#killed.get(key);
    if (at === undefined) return false;
    if (this.#after(at, listedAtMs)) return true;
    this.#killed.delete(key);
    return false;
  }

  #justArrived(row: RecordRow, listedAtMs: number | undefined): boolean {
    const key = identityKey({ host: row.host, id: row.session_id, created: row.created });
    const at = this.#arrived.get(key);
    if (at === undefined) return false;
    if (this.#after(at, listedAtMs)) return true;
    this.#arrived.delete(key);
    return false;
  }

  /**
   * Whether what Maestro did at `atMs` is newer than a list: one taken at `listedAtMs` (this
   * machine's), or, when that is unknown (a worker's report), one of the last few seconds.
   */
  #after(atMs: number, listedAtMs: number | undefined): boolean {
    return listedAtMs !== undefined ? atMs > listedAtMs : this.#now() - atMs < RENAME_GRACE_MS;
  }

  #tell(): void {
    for (const listener of this.#listeners) listener();
  }

  #seconds(): number {
    return Math.floor(this.#now() / 1000);
  }
}
