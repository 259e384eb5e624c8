/** Owns session notes: one text per session identity, ending with the session's record. */

import type { Database } from "./database.ts";
import { type SessionIdentity, SessionRecords, type SessionRef } from "./session_records.ts";
export { NOTE_MAX_BYTES } from "../../protocol/limits.ts";
import { NOTE_MAX_BYTES } from "../../protocol/limits.ts";

/** A session's note; `updatedAt` is null (and `text` empty) when none was ever written. */
export interface Note {
  readonly text: string;
  /** Milliseconds since the epoch of the last `put`. */
  readonly updatedAt: number | null;
}

/** A note that exists. */
export interface SavedNote extends Note {
  readonly updatedAt: number;
}

/** A note was over {@linkcode NOTE_MAX_BYTES}; nothing was saved. */
export class NotesTooLargeError extends Error {
  constructor(readonly session: string, readonly bytes: number, readonly limit: number) {
    super(
      `Cannot save the note for session "${session}": it is ${bytes} bytes and notes may be at ` +
        `most ${limit} bytes (${limit / 1024} KiB)`,
    );
    this.name = "NotesTooLargeError";
  }
}

/** Options for {@linkcode NotesStore}. */
export interface NotesStoreOptions {
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
  /** The records notes hang off (shared, so their listeners hear of sessions a note records). */
  records?: SessionRecords;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Deno's node:sqlite cuts TEXT columns at the first NUL when reading, though SQLite stores them
 * whole; reading the bytes as a BLOB and decoding here returns the note exactly as written.
 */
const TEXT_COLUMN = "CAST(text AS BLOB) AS text";
const KEY = "host = ? AND session_id = ? AND created = ?";

/**
 * Notes keyed by session identity (see {@link SessionRecords}): a rename made anywhere keeps
 * them, Maestro killing the session deletes them with its record, and a later session given the
 * same name starts without any.
 *
 * @example
 * ```ts
 * const notes = new NotesStore(db);
 * const api = { host: "local", id: "$0", created: 1700000000, name: "api" };
 * notes.put(api, "waiting on review");
 * notes.get(api).text; // "waiting on review"
 * ```
 */
export class NotesStore {
  #db: Database;
  #records: SessionRecords;
  #now: () => number;

  constructor(db: Database, options: NotesStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#records = options.records ?? new SessionRecords(db);
  }

  /** The note for a session, or `{ text: "", updatedAt: null }` when there is none. */
  get(session: SessionIdentity): Note {
    const row = this.#db.prepare(
      `SELECT ${TEXT_COLUMN}, updated_at FROM session_notes WHERE ${KEY}`,
    ).get(session.host, session.id, session.created) as
      | { text: Uint8Array; updated_at: number }
      | undefined;
    return row === undefined
      ? { text: "", updatedAt: null }
      : { text: decoder.decode(row.text), updatedAt: row.updated_at };
  }

  /**
   * Saves (creates or replaces) a session's note, recording the session if it was not yet;
   * durable when this returns. Empty text is kept as an empty note, not deleted.
   *
   * @throws {NotesTooLargeError} when `text` is over {@linkcode NOTE_MAX_BYTES} UTF-8 bytes.
   */
  put(session: SessionRef, text: string): SavedNote {
    const bytes = encoder.encode(text).length;
    if (bytes > NOTE_MAX_BYTES) throw new NotesTooLargeError(session.name, bytes, NOTE_MAX_BYTES);
    const updatedAt = this.#now();
    this.#db.transaction(() => {
      this.#records.ensure(session);
      this.#db.prepare(
        `INSERT INTO session_notes (host, session_id, created, text, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (host, session_id, created) DO UPDATE SET text = excluded.text,
           updated_at = excluded.updated_at`,
      ).run(session.host, session.id, session.created, text, updatedAt);
    });
    return { text, updatedAt };
  }

  /** Deletes a session's note; returns whether there was one. */
  delete(session: SessionIdentity): boolean {
    const result = this.#db.prepare(`DELETE FROM session_notes WHERE ${KEY}`)
      .run(session.host, session.id, session.created);
    return Number(result.changes) > 0;
  }
}
