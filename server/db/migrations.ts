/** Owns the schema: the numbered migrations and the runner that applies them (PRAGMA user_version). */

import type { DatabaseSync } from "node:sqlite";

/** One schema step. Versions start at 1 and go up by one; a released migration never changes. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every migration this build knows, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "notes, settings and hosts",
    sql: `
      CREATE TABLE notes (
        host TEXT NOT NULL,
        session TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (host, session)
      ) WITHOUT ROWID;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE hosts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        token TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "hosts: a certificate (PEM) to trust for https workers",
    sql: `ALTER TABLE hosts ADD COLUMN ca_cert TEXT;`,
  },
  {
    version: 3,
    description: "page sign-ins: one revocable credential per signed-in browser",
    sql: `
      CREATE TABLE page_sessions (
        id_hash TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description:
      "sessions by tmux identity: records, notes and mutes follow the session, not the name",
    // A session is (host, tmux id, creation time): tmux reuses ids after a server restart, so the
    // id alone could name a later session. Notes and mutes hang off the record and go with it.
    // The name-keyed notes stay as legacy_notes (and mutes in their setting) until the first list
    // of each host after this step adopts them for sessions that existed at migration time
    // (session_records.ts), so a session made later under an old name gets nothing.
    sql: `
      CREATE TABLE session_records (
        host TEXT NOT NULL,
        session_id TEXT NOT NULL,
        created INTEGER NOT NULL,
        name TEXT NOT NULL,
        cwd TEXT NOT NULL DEFAULT '',
        command TEXT NOT NULL DEFAULT '',
        windows TEXT NOT NULL DEFAULT '[]',
        agent TEXT,
        seen_at INTEGER NOT NULL,
        vanished_at INTEGER,
        PRIMARY KEY (host, session_id, created)
      ) WITHOUT ROWID;
      CREATE INDEX session_records_by_name ON session_records (host, name);
      CREATE TABLE session_notes (
        host TEXT NOT NULL,
        session_id TEXT NOT NULL,
        created INTEGER NOT NULL,
        text TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (host, session_id, created),
        FOREIGN KEY (host, session_id, created) REFERENCES session_records
          ON DELETE CASCADE ON UPDATE CASCADE
      ) WITHOUT ROWID;
      CREATE TABLE session_mutes (
        host TEXT NOT NULL,
        session_id TEXT NOT NULL,
        created INTEGER NOT NULL,
        PRIMARY KEY (host, session_id, created),
        FOREIGN KEY (host, session_id, created) REFERENCES session_records
          ON DELETE CASCADE ON UPDATE CASCADE
      ) WITHOUT ROWID;
      ALTER TABLE notes RENAME TO legacy_notes;
      INSERT INTO settings (key, value)
        SELECT 'legacy.migratedAt', CAST(unixepoch() AS TEXT)
        WHERE EXISTS (SELECT 1 FROM legacy_notes)
          OR EXISTS (SELECT 1 FROM settings WHERE key = 'notifications.muted');
    `,
  },
  {
    version: 5,
    description: "session records: when Maestro killed one (undoable for a moment, then forgotten)",
    sql: `ALTER TABLE session_records ADD COLUMN killed_at INTEGER;`,
  },
];

/** The database was written by a newer Maestro whose schema this build does not know. */
export class SchemaTooNewError extends Error {
  constructor(readonly path: string, readonly found: number, readonly supported: number) {
    super(
      `Cannot open database "${path}": it has schema version ${found} but this Maestro knows ` +
        `only up to ${supported}; upgrade Maestro or use another --home`,
    );
    this.name = "SchemaTooNewError";
  }
}

/** A migration failed; the database was left at its previous version. */
export class MigrationError extends Error {
  constructor(
    readonly path: string,
    readonly version: number,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot migrate database "${path}" to schema version ${version}: ${detail}`, options);
    this.name = "MigrationError";
  }
}

/** What {@linkcode migrate} did. */
export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

/** The schema version stored in the database file. */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/**
 * Brings the database up to the newest migration, all pending steps in one transaction.
 * `BEGIN IMMEDIATE` takes the write lock first, so two processes opening a new database at once
 * wait for each other (busy_timeout) and the second finds the work done.
 *
 * @throws {SchemaTooNewError} when the file is newer than `migrations`.
 * @throws {MigrationError} when a step fails (nothing is applied).
 */
export function migrate(
  db: DatabaseSync,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationResult {
  checkSequence(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  // Fail before taking the write lock when the answer is already clear.
  const before = schemaVersion(db);
  if (before > latest) throw new SchemaTooNewError(path, before, latest);
  if (before === latest) return { from: before, to: before };

  db.exec("BEGIN IMMEDIATE");
  let current = 0;
  try {
    const from = schemaVersion(db);
    if (from > latest) throw new SchemaTooNewError(path, from, latest);
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      current = migration.version;
      db.exec(migration.sql);
    }
    // PRAGMA takes no parameters; the value is an integer we computed.
    db.exec(`PRAGMA user_version = ${latest}`);
    db.exec("COMMIT");
    return { from, to: latest };
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    if (error instanceof SchemaTooNewError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new MigrationError(path, current, detail, { cause: error });
  }
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Cannot use migration "${migration.description}": expected version ${index + 1}, ` +
          `got ${migration.version}`,
      );
    }
  });
}
