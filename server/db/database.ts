/** Owns the SQLite handle for `$home/maestro.db`: durable pragmas, migrations, transactions, close. */

import { join } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import {
  migrate,
  type Migration,
  MigrationError,
  type MigrationResult,
  MIGRATIONS,
  SchemaTooNewError,
} from "./migrations.ts";

/** The database file's name inside the home directory. */
export const DATABASE_FILE = "maestro.db";

/** How long a writer waits for another process's lock before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** Options for {@linkcode Database.open}. */
export interface DatabaseOptions {
  /** How long to wait for another process's lock; default {@linkcode DEFAULT_BUSY_TIMEOUT_MS}. */
  busyTimeoutMs?: number;
  /** Replaces the real migrations (tests of the runner). */
  migrations?: readonly Migration[];
}

/** The database could not be opened or configured. */
export class DatabaseOpenError extends Error {
  constructor(readonly path: string, detail: string, options?: ErrorOptions) {
    super(`Cannot open database "${path}": ${detail}`, options);
    this.name = "DatabaseOpenError";
  }
}

export type { SQLInputValue, StatementSync };

/**
 * An open, migrated database. WAL with `synchronous=FULL` makes every committed write durable
 * before the call returns, so an acknowledged write survives `kill -9` (and power loss).
 *
 * @example
 * ```ts
 * using db = openDatabase(config.home);
 * const notes = new NotesStore(db);
 * ```
 */
export class Database implements Disposable {
  readonly path: string;
  readonly migration: MigrationResult;
  #db: DatabaseSync | null;
  #statements = new Map<string, StatementSync>();

  private constructor(path: string, db: DatabaseSync, migration: MigrationResult) {
    this.path = path;
    this.#db = db;
    this.migration = migration;
  }

  /**
   * Opens (creating if needed) the SQLite file at `path` and migrates it.
   *
   * @throws {SchemaTooNewError} when a newer Maestro wrote the file.
   * @throws {MigrationError} when a migration fails (the file keeps its old version).
   * @throws {DatabaseOpenError} when the file cannot be opened or put into WAL mode.
   */
  static open(path: string, options: DatabaseOptions = {}): Database {
    let db: DatabaseSync;
    try {
      restrictFileMode(path);
      db = new DatabaseSync(path);
    } catch (error) {
      throw new DatabaseOpenError(path, describe(error), { cause: error });
    }
    try {
      // busy_timeout first: switching to WAL and migrating may wait for another process.
      const busy = Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
      db.exec(`PRAGMA busy_timeout = ${busy}`);
      const deadline = performance.now() + busy;
      const mode = retryWhileBusy(
        () => db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode?: string },
        deadline,
      );
      if (mode.journal_mode !== "wal") {
        throw new DatabaseOpenError(path, `journal mode is "${mode.journal_mode}", not WAL`);
      }
      db.exec("PRAGMA synchronous = FULL");
      db.exec("PRAGMA foreign_keys = ON");
      const migration = retryWhileBusy(
        () => migrate(db, path, options.migrations ?? MIGRATIONS),
        deadline,
      );
      return new Database(path, db, migration);
    } catch (error) {
      db.close();
      if (
        error instanceof SchemaTooNewError || error instanceof MigrationError ||
        error instanceof DatabaseOpenError
      ) {
        throw error;
      }
      throw new DatabaseOpenError(path, describe(error), { cause: error });
    }
  }

  /** The schema version after migrating. */
  get schemaVersion(): number {
    return this.migration.to;
  }

  /** Whether {@linkcode close} has run. */
  get closed(): boolean {
    return this.#db === null;
  }

  /** A prepared statement, cached per SQL text for the life of the handle. */
  prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#handle().prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs SQL without results (several statements allowed). */
  exec(sql: string): void {
    this.#handle().exec(sql);
  }

  /**
   * Runs `work` inside `BEGIN IMMEDIATE … COMMIT` (rolled back if it throws). IMMEDIATE takes the
   * write lock up front so a read-then-write cannot fail halfway with SQLITE_BUSY.
   */
  transaction<T>(work: () => T): T {
    const db = this.#handle();
    if (db.isTransaction) return work();
    db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      db.exec("COMMIT");
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Closes the handle; later calls fail. Closing twice is harmless. */
  close(): void {
    const db = this.#db;
    if (db === null) return;
    this.#db = null;
    this.#statements.clear();
    db.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #handle(): DatabaseSync {
    if (this.#db === null) throw new Error(`Cannot use database "${this.path}": it is closed`);
    return this.#db;
  }
}

/** Opens `$home/maestro.db`; the home must exist (`loadOrCreateToken` creates it, mode 700). */
export function openDatabase(home: string, options: DatabaseOptions = {}): Database {
  return Database.open(join(home, DATABASE_FILE), options);
}

/**
 * The file holds other hosts' tokens: create it 600, and take group/other access away from an
 * existing one. SQLite gives the -wal and -shm files the main file's mode.
 */
function restrictFileMode(path: string): void {
  try {
    const { mode } = Deno.statSync(path);
    if (mode !== null && (mode & 0o077) !== 0) Deno.chmodSync(path, mode & 0o700);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    try {
      Deno.openSync(path, { createNew: true, write: true, mode: 0o600 }).close();
    } catch (raced) {
      if (!(raced instanceof Deno.errors.AlreadyExists)) throw raced;
    }
  }
}

/**
 * Runs `work` again while SQLite answers SQLITE_BUSY without waiting. The busy handler does not
 * cover every lock: switching a new file to WAL while another process does the same fails at once,
 * so two servers (or a server and a CLI) starting on a fresh home would otherwise race.
 */
function retryWhileBusy<T>(work: () => T, deadline: number): T {
  for (let delayMs = 2;; delayMs = Math.min(delayMs * 2, 100)) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || performance.now() + delayMs > deadline) throw error;
      sleepSync(delayMs);
    }
  }
}

/** SQLITE_BUSY, or an error caused by it (extended codes keep 5 in their low byte). */
function isBusy(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { errcode?: unknown }).errcode;
    if (typeof code === "number" && (code & 0xff) === 5) return true;
  }
  return false;
}

/** Blocks the thread; only used while opening, where the caller is synchronous anyway. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
