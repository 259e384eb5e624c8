import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Database, DATABASE_FILE, DatabaseOpenError, openDatabase } from "./database.ts";
import { MigrationError, MIGRATIONS, SchemaTooNewError } from "./migrations.ts";

async function tempDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "maestro-db-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

function pragma(db: Database, name: string): unknown {
  return Object.values(db.prepare(`PRAGMA ${name}`).get() ?? {})[0];
}

Deno.test("openDatabase creates maestro.db with WAL, synchronous=FULL, busy_timeout and foreign keys", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  assert.equal(db.path, join(dir.path, DATABASE_FILE));
  assert.equal(pragma(db, "journal_mode"), "wal");
  assert.equal(pragma(db, "synchronous"), 2); // FULL
  assert.equal(pragma(db, "busy_timeout"), 5000);
  assert.equal(pragma(db, "foreign_keys"), 1);
});

Deno.test("openDatabase keeps the database file private (600)", async () => {
  await using dir = await tempDir();
  {
    using _db = openDatabase(dir.path);
  }
  const path = join(dir.path, DATABASE_FILE);
  assert.equal((Deno.statSync(path).mode ?? 0) & 0o777, 0o600);
  Deno.chmodSync(path, 0o644);
  using _again = openDatabase(dir.path);
  assert.equal((Deno.statSync(path).mode ?? 0) & 0o777, 0o600);
});

Deno.test("openDatabase applies every migration: notes, settings and hosts", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  assert.deepEqual(db.migration, { from: 0, to: MIGRATIONS.length });
  assert.equal(db.schemaVersion, MIGRATIONS.length);
  assert.equal(pragma(db, "user_version"), MIGRATIONS.length);
  const columns = (table: string): string[] =>
    db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).all()
      .map((row) => String(row.name));
  assert.deepEqual(columns("legacy_notes"), ["host", "session", "text", "updated_at"]);
  assert.deepEqual(columns("session_notes"), [
    "host",
    "session_id",
    "created",
    "text",
    "updated_at",
  ]);
  assert.deepEqual(columns("session_mutes"), ["host", "session_id", "created"]);
  assert.deepEqual(columns("settings"), ["key", "value"]);
  assert.deepEqual(columns("hosts"), [
    "id",
    "name",
    "url",
    "token",
    "enabled",
    "created_at",
    "ca_cert",
  ]);
});

Deno.test("openDatabase leaves an up-to-date database alone", async () => {
  await using dir = await tempDir();
  openDatabase(dir.path).close();
  using db = openDatabase(dir.path);
  assert.deepEqual(db.migration, { from: MIGRATIONS.length, to: MIGRATIONS.length });
});

Deno.test("openDatabase refuses a database from a newer Maestro", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, DATABASE_FILE);
  openDatabase(dir.path).close();
  {
    const raw = new DatabaseSync(path);
    raw.exec("PRAGMA user_version = 70");
    raw.close();
  }
  assert.throws(() => openDatabase(dir.path), (error: unknown) => {
    assert.ok(error instanceof SchemaTooNewError);
    assert.equal(error.found, 70);
    assert.equal(error.supported, MIGRATIONS.length);
    assert.match(
      error.message,
      /^Cannot open database ".*maestro\.db": it has schema version 70 but this Maestro knows only up to \d+; upgrade Maestro/,
    );
    return true;
  });
});

Deno.test("Database.open applies pending migrations in order and records the version", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "m.db");
  const first = [{ version: 1, description: "a", sql: "CREATE TABLE a (x INTEGER)" }];
  Database.open(path, { migrations: first }).close();
  const both = [...first, {
    version: 2,
    description: "b",
    sql: "CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (2);",
  }];
  using db = Database.open(path, { migrations: both });
  assert.deepEqual(db.migration, { from: 1, to: 2 });
  assert.deepEqual({ ...db.prepare("SELECT y FROM b").get() }, { y: 2 });
});

Deno.test("Database.open rolls back every step of a failed migration", async () => {
  await using dir = await tempDir();
  const path = join(dir.path, "m.db");
  const broken = [
    { version: 1, description: "good", sql: "CREATE TABLE good (x INTEGER)" },
    { version: 2, description: "bad", sql: "CREATE TABLE bad (y INTEGER); SELECT * FROM nowhere;" },
  ];
  assert.throws(() => Database.open(path, { migrations: broken }), (error: unknown) => {
    assert.ok(error instanceof MigrationError);
    assert.equal(error.version, 2);
    assert.match(error.message, /^Cannot migrate database ".*m\.db" to schema version 2: /);
    return true;
  });
  const raw = new DatabaseSync(path);
  try {
    assert.deepEqual({ ...raw.prepare("PRAGMA user_version").get() }, { user_version: 0 });
    assert.equal(
      raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all().length,
      0,
    );
  } finally {
    raw.close();
  }
});

Deno.test("Database.open refuses migrations that skip a version", async () => {
  await using dir = await tempDir();
  const gap = [{ version: 2, description: "gap", sql: "SELECT 1" }];
  assert.throws(
    () => Database.open(join(dir.path, "m.db"), { migrations: gap }),
    /Cannot use migration "gap": expected version 1, got 2/,
  );
});

Deno.test("Database.open reports a path it cannot open", async () => {
  await using dir = await tempDir();
  assert.throws(
    () => Database.open(join(dir.path, "missing", "x.db")),
    (error: unknown) =>
      error instanceof DatabaseOpenError && /^Cannot open database/.test(error.message),
  );
});

Deno.test("Database transaction commits on return and rolls back on throw", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const insert = (key: string): void => {
    db.prepare("INSERT INTO settings (key, value) VALUES (?, '1')").run(key);
  };
  assert.equal(db.transaction(() => (insert("kept"), "result")), "result");
  assert.throws(() =>
    db.transaction(() => {
      insert("dropped");
      throw new Error("boom");
    }), /boom/);
  const keys = db.prepare("SELECT key FROM settings ORDER BY key").all().map((row) => row.key);
  assert.deepEqual(keys, ["kept"]);
});

Deno.test("Database transaction nests into the outer transaction", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  assert.throws(() =>
    db.transaction(() => {
      db.transaction(() => db.prepare("INSERT INTO settings VALUES ('inner', '1')").run());
      throw new Error("outer fails");
    }), /outer fails/);
  assert.equal(db.prepare("SELECT count(*) AS n FROM settings").get()?.n, 0);
});

Deno.test("Database close is idempotent and later use fails clearly", async () => {
  await using dir = await tempDir();
  const db = openDatabase(dir.path);
  db.close();
  db.close();
  assert.ok(db.closed);
  assert.throws(() => db.prepare("SELECT 1"), /^Error: Cannot use database ".*": it is closed$/);
});

Deno.test("Database disposes its handle at the end of a using block", async () => {
  await using dir = await tempDir();
  let outer: Database | undefined;
  {
    using db = openDatabase(dir.path);
    outer = db;
    assert.ok(!db.closed);
  }
  assert.ok(outer.closed);
});
