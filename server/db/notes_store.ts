/** Owns session notes: one text per (host, session), kept after the session dies. */

import type { Database } from "./database.ts";
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

/** One entry of {@linkcode NotesStore.list}. */
export interface NoteEntry extends SavedNote {
  readonly session: string;
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
}

interface NoteRow {
  session: string;
  text: Uint8Array;
  updated_at: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Deno's node:sqlite cuts TEXT columns at the first NUL when reading, though SQLite stores them
 * whole; reading the bytes as a BLOB and decoding here returns the note exactly as written.
 */
const TEXT_COLUMN = "CAST(text AS BLOB) AS text";

/**
 * Notes keyed by host and session name. Nothing deletes a note except {@linkcode delete}: a note
 * outlives its session, so re-creating a session with the same name brings its note back.
 *
 * @example
 * ```ts
 * const notes = new NotesStore(db);
 * notes.put("local", "api", "waiting on review");
 * notes.get("local", "api").text; // "waiting on review"
 * ```
 */
export class NotesStore {
  #db: Database;
  #now: () => number;

  constructor(db: Database, options: NotesStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
  }

  /** The note for a session, or `{ text: "", updatedAt: null }` when there is none. */
  get(host: string, session: string): Note {
    const row = this.#db.prepare(
      `SELECT ${TEXT_COLUMN}, updated_at FROM notes WHERE host = ? AND session = ?`,
    ).get(host, session) as Omit<NoteRow, "session"> | undefined;
    return row === undefined
      ? { text: "", updatedAt: null }
      : { text: decoder.decode(row.text), updatedAt: row.updated_at };
  }

  /**
   * Saves (creates or replaces) a session's note; durable when this returns. Empty text is kept
   * as an empty note, not deleted.
   *
   * @throws {NotesTooLargeError} when `text` is over {@linkcode NOTE_MAX_BYTES} UTF-8 bytes.
   */
  put(host: string, session: string, text: string): SavedNote {
    const bytes = encoder.encode(text).length;
    if (bytes > NOTE_MAX_BYTES) throw new NotesTooLargeError(session, bytes, NOTE_MAX_BYTES);
    const updatedAt = this.#now();
    this.#db.prepare(
      `INSERT INTO notes (host, session, text, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (host, session) DO UPDATE SET text = excluded.text,
         updated_at = excluded.updated_at`,
    ).run(host, session, text, updatedAt);
    return { text, updatedAt };
  }

  /**
   * Moves a note along when its session is renamed from `from` to `to`. A note already stored at
   * `to` (left by an earlier session of that name) is overwritten: the renamed session's note
   * wins. When `from` has no note nothing changes, and a note at `to` stays. Returns whether a
   * note moved.
   */
  rename(host: string, from: string, to: string): boolean {
    if (from === to) return this.get(host, from).updatedAt !== null;
    return this.#db.transaction(() => {
      const moving = this.#db.prepare("SELECT 1 FROM notes WHERE host = ? AND session = ?")
        .get(host, from);
      if (moving === undefined) return false;
      this.#db.prepare("DELETE FROM notes WHERE host = ? AND session = ?").run(host, to);
      this.#db.prepare("UPDATE notes SET session = ? WHERE host = ? AND session = ?")
        .run(to, host, from);
      return true;
    });
  }

  /** Every note on a host, sorted by session name (including notes of sessions that ended). */
  list(host: string): NoteEntry[] {
    const rows = this.#db.prepare(
      `SELECT session, ${TEXT_COLUMN}, updated_at FROM notes WHERE host = ? ORDER BY session`,
    ).all(host) as unknown as NoteRow[];
    return rows.map((row) => ({
      session: row.session,
      text: decoder.decode(row.text),
      updatedAt: row.updated_at,
    }));
  }

  /** Deletes a session's note; returns whether there was one. */
  delete(host: string, session: string): boolean {
    const result = this.#db.prepare("DELETE FROM notes WHERE host = ? AND session = ?")
      .run(host, session);
    return Number(result.changes) > 0;
  }
}
