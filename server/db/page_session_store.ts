/**
 * Owns the page sign-ins kept in `page_sessions`: one row per signed-in browser, holding only the
 * SHA-256 of its credential and of the token it was issued under, so a leaked database signs no
 * one in and a new token ends every sign-in made with the old one.
 */

import type { Database } from "./database.ts";

/** A stored sign-in (the credential itself is never stored). */
export interface PageSession {
  /** SHA-256 (hex) of the credential the browser holds. */
  readonly idHash: string;
  /** SHA-256 (hex) of the token it was issued under. */
  readonly tokenHash: string;
  readonly createdAt: number;
  readonly lastUsedAt: number;
}

/**
 * Page sign-ins, all read at start (there are a handful) and written through on every change.
 *
 * @example
 * ```ts
 * const store = new PageSessionStore(db);
 * store.add({ idHash, tokenHash, createdAt: Date.now(), lastUsedAt: Date.now() });
 * store.remove(idHash);
 * ```
 */
export class PageSessionStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  list(): PageSession[] {
    const rows = this.#db.prepare(
      "SELECT id_hash, token_hash, created_at, last_used_at FROM page_sessions",
    ).all() as { id_hash: string; token_hash: string; created_at: number; last_used_at: number }[];
    return rows.map((row) => ({
      idHash: row.id_hash,
      tokenHash: row.token_hash,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    }));
  }

  add(session: PageSession): void {
    this.#db.prepare(
      "INSERT INTO page_sessions (id_hash, token_hash, created_at, last_used_at) VALUES (?, ?, ?, ?)",
    ).run(session.idHash, session.tokenHash, session.createdAt, session.lastUsedAt);
  }

  touch(idHash: string, lastUsedAt: number): void {
    this.#db.prepare("UPDATE page_sessions SET last_used_at = ? WHERE id_hash = ?")
      .run(lastUsedAt, idHash);
  }

  remove(idHash: string): void {
    this.#db.prepare("DELETE FROM page_sessions WHERE id_hash = ?").run(idHash);
  }

  /** Removes every sign-in not issued under `tokenHash` or not used since `usedSince`. */
  prune(tokenHash: string, usedSince: number): number {
    const result = this.#db.prepare(
      "DELETE FROM page_sessions WHERE token_hash <> ? OR last_used_at < ?",
    ).run(tokenHash, usedSince);
    return Number(result.changes);
  }

  removeAll(): number {
    return Number(this.#db.prepare("DELETE FROM page_sessions").run().changes);
  }
}
