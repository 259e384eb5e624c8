import assert from "node:assert/strict";
import { tempDir } from "../../tests/helpers/temp_dir.ts";
import { openDatabase } from "./database.ts";
import { MIGRATIONS } from "./migrations.ts";
import { MuteStore } from "./mute_store.ts";
import { NotesStore } from "./notes_store.ts";
import { SessionRecords } from "./session_records.ts";
import { LEGACY_MIGRATED_SETTING, LEGACY_MUTED_SETTING } from "./legacy_adoption.ts";

Deno.test("Legacy adoption carries name-keyed notes and mutes to the sessions that had them", async () => {
  await using dir = await tempDir("maestro-legacy-");
  {
    // A database as Maestro left it before notes were kept by identity.
    using old = openDatabase(dir.path, { migrations: MIGRATIONS.slice(0, 3) });
    const note = old.prepare(
      "INSERT INTO notes (host, session, text, updated_at) VALUES (?, ?, ?, ?)",
    );
    note.run("local", "api", "api note", 5);
    note.run("local", "gone", "nobody's", 6);
    note.run("w1", "api", "remote note", 7);
    old.prepare("INSERT INTO settings (key, value) VALUES (?, ?)").run(
      LEGACY_MUTED_SETTING,
      JSON.stringify([{ host: "local", name: "api" }, { host: "local", name: "late" }]),
    );
  }
  using db = openDatabase(dir.path);
  const migratedAt = Number(
    (db.prepare("SELECT value FROM settings WHERE key = ?").get(LEGACY_MIGRATED_SETTING) as {
      value: string;
    }).value,
  );
  const records = new SessionRecords(db);
  const notes = new NotesStore(db, { records });
  const mutes = new MuteStore(db, records);
  const api = { host: "local", id: "$0", created: migratedAt - 10, name: "api" };
  // Made after the upgrade under an old name: another session.
  const late = { host: "local", id: "$1", created: migratedAt + 10, name: "late" };
  records.observe("local", [api, late], true);

  assert.deepEqual(notes.get(api), { text: "api note", updatedAt: 5 });
  assert.equal(mutes.isMuted(api), true);
  assert.equal(mutes.isMuted(late), false);
  assert.deepEqual(mutes.list(), [{ host: "local", name: "api" }]);
  // What no session took is dropped; another host's waits for that host's first list.
  const left = db.prepare("SELECT host, session FROM legacy_notes").all()
    .map((row) => `${row.host}/${row.session}`);
  assert.deepEqual(left, ["w1/api"]);
  const remote = { host: "w1", id: "$4", created: migratedAt - 1, name: "api" };
  records.observe("w1", [remote], false);
  assert.equal(notes.get(remote).text, "remote note");
  assert.equal(db.prepare("SELECT count(*) AS n FROM legacy_notes").get()?.n, 0);
});

Deno.test("Legacy adoption has nothing to do on a new database", async () => {
  await using dir = await tempDir("maestro-legacy-");
  using db = openDatabase(dir.path);
  assert.equal(
    db.prepare("SELECT value FROM settings WHERE key = ?").get(LEGACY_MIGRATED_SETTING),
    undefined,
  );
  const records = new SessionRecords(db);
  records.observe("local", [{ host: "local", id: "$0", created: 1, name: "a" }], true);
  assert.equal(records.named("local", "a")?.id, "$0");
});
