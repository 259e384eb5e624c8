/**
 * Owns carrying notes and mutes kept by session name (schema versions 1–3) over to session
 * identities, once per host, at the first complete list of that host after the upgrade.
 *
 * A name-keyed note goes to the live session of that name only if that session already existed
 * when the schema was migrated: a session made later under an old name is another session and
 * starts with nothing. Whatever no such session takes is dropped, since no later session can be
 * the one it was written for.
 */

import type { Database } from "./database.ts";
import type { SessionRef } from "./session_records.ts";

/** Set by migration 4: when (unix seconds) notes stopped being keyed by name. */
export const LEGACY_MIGRATED_SETTING = "legacy.migratedAt";
/** Where mutes were kept by name, a JSON list of `{host, name}`. */
export const LEGACY_MUTED_SETTING = "notifications.muted";

/**
 * Adopts `host`'s legacy notes and mutes for the listed `sessions` (inside the caller's
 * transaction) and deletes the rest of them. Returns whether anything was adopted.
 */
export function adoptLegacy(
  db: Database,
  host: string,
  sessions: readonly SessionRef[],
  nowSeconds: number,
): boolean {
  const marker = db.prepare("SELECT value FROM settings WHERE key = ?")
    .get(LEGACY_MIGRATED_SETTING) as { value: string } | undefined;
  if (marker === undefined) return false;
  const migratedAt = Number(marker.value);
  const heir = (name: string) =>
    sessions.find((s) => s.name === name && Number.isFinite(migratedAt) && s.created <= migratedAt);
  const record = (s: SessionRef) =>
    db.prepare(
      `INSERT INTO session_records (host, session_id, created, name, seen_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ).run(s.host, s.id, s.created, s.name, nowSeconds);

  let adopted = false;
  const notes = db.prepare(
    "SELECT session, CAST(text AS BLOB) AS text, updated_at FROM legacy_notes WHERE host = ?",
  ).all(host) as unknown as { session: string; text: Uint8Array; updated_at: number }[];
  for (const note of notes) {
    const session = heir(note.session);
    if (session === undefined) continue;
    record(session);
    db.prepare(
      `INSERT INTO session_notes (host, session_id, created, text, updated_at)
       VALUES (?, ?, ?, CAST(? AS TEXT), ?) ON CONFLICT DO NOTHING`,
    ).run(host, session.id, session.created, note.text, note.updated_at);
    adopted = true;
  }
  db.prepare("DELETE FROM legacy_notes WHERE host = ?").run(host);

  const muted = readLegacyMutes(db);
  const kept = muted.filter((m) => m.host !== host);
  for (const mute of muted) {
    if (mute.host !== host) continue;
    const session = heir(mute.name);
    if (session === undefined) continue;
    record(session);
    db.prepare(
      "INSERT INTO session_mutes (host, session_id, created) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ).run(host, session.id, session.created);
    adopted = true;
  }
  if (kept.length !== muted.length) {
    db.prepare("UPDATE settings SET value = ? WHERE key = ?")
      .run(JSON.stringify(kept), LEGACY_MUTED_SETTING);
  }
  return adopted;
}

function readLegacyMutes(db: Database): { host: string; name: string }[] {
  const row = db.prepare("SELECT value FROM settings WHERE key = ?").get(LEGACY_MUTED_SETTING) as
    | { value: string }
    | undefined;
  if (row === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(row.value);
  } catch {
    return []; // A hand-edited value that is not JSON muted nothing.
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const { host, name } = (entry ?? {}) as Record<string, unknown>;
    return typeof host === "string" && typeof name === "string" ? [{ host, name }] : [];
  });
}
