import assert from "node:assert/strict";
import { tempDir } from "../../tests/helpers/temp_dir.ts";
import { openDatabase } from "./database.ts";
import {
  MAX_MUTED_SESSIONS,
  MUTED_SETTING,
  type MutedSession,
  MuteLimitError,
  MuteStore,
} from "./mute_store.ts";
import { SettingsStore } from "./settings_store.ts";

Deno.test("MuteStore starts with nothing muted", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  assert.deepEqual(mutes.list(), []);
  assert.equal(mutes.isMuted("local", "api"), false);
});

Deno.test("MuteStore set mutes and unmutes, reporting whether anything changed", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  assert.equal(mutes.set("local", "web", true), true);
  assert.equal(mutes.set("local", "web", true), false);
  assert.equal(mutes.set("mini", "api", true), true);
  assert.equal(mutes.set("local", "api", true), true);
  assert.deepEqual(mutes.list(), [
    { host: "local", name: "api" },
    { host: "local", name: "web" },
    { host: "mini", name: "api" },
  ]);
  assert.equal(mutes.isMuted("mini", "api"), true);
  assert.equal(mutes.isMuted("mini", "web"), false);
  assert.equal(mutes.set("local", "web", false), true);
  assert.equal(mutes.set("local", "web", false), false);
  assert.equal(mutes.isMuted("local", "web"), false);
});

Deno.test("MuteStore rename carries the mute and replaces a stale one at the new name", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  mutes.set("local", "old", true);
  assert.equal(mutes.rename("local", "old", "new"), true);
  assert.deepEqual(mutes.list(), [{ host: "local", name: "new" }]);
  // Another host's session of the same name is not touched.
  mutes.set("mini", "new", true);
  assert.equal(mutes.rename("local", "new", "newer"), true);
  assert.deepEqual(mutes.list(), [{ host: "local", name: "newer" }, { host: "mini", name: "new" }]);
  // Renaming an unmuted session onto a muted name leaves it unmuted (the old mute was stale).
  mutes.set("local", "taken", true);
  assert.equal(mutes.rename("local", "plain", "taken"), true);
  assert.equal(mutes.isMuted("local", "taken"), false);
  assert.equal(mutes.rename("local", "nothing", "else"), false);
  assert.equal(mutes.rename("local", "newer", "newer"), false);
  assert.equal(mutes.isMuted("local", "newer"), true);
});

Deno.test("MuteStore tells listeners the new list after each change, not after no-ops", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  const seen: MutedSession[][] = [];
  const unlisten = mutes.listen((list) => seen.push(list));
  mutes.set("local", "a", true);
  mutes.set("local", "a", true);
  mutes.rename("local", "a", "b");
  mutes.set("local", "b", false);
  unlisten();
  mutes.set("local", "c", true);
  assert.deepEqual(seen, [[{ host: "local", name: "a" }], [{ host: "local", name: "b" }], []]);
});

Deno.test("MuteStore refuses to mute past the limit and changes nothing", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const full = Array.from({ length: MAX_MUTED_SESSIONS }, (_, i) => ({
    host: "local",
    name: `s${String(i).padStart(5, "0")}`,
  }));
  new SettingsStore(db).set(MUTED_SETTING, full);
  const mutes = new MuteStore(db);
  assert.throws(() => mutes.set("local", "one-more", true), (error: unknown) => {
    assert.ok(error instanceof MuteLimitError);
    assert.equal(
      error.message,
      `Cannot mute session "one-more" on "local": at most ${MAX_MUTED_SESSIONS} sessions may ` +
        "be muted; unmute some first",
    );
    return true;
  });
  assert.equal(mutes.list().length, MAX_MUTED_SESSIONS);
  assert.equal(mutes.isMuted("local", "one-more"), false);
  // Unmuting and renaming still work at the limit.
  assert.equal(mutes.rename("local", "s00000", "renamed"), true);
  assert.equal(mutes.set("local", "renamed", false), true);
  assert.equal(mutes.set("local", "one-more", true), true);
});

Deno.test("MuteStore reads a hand-edited setting leniently and rewrites it on the next change", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const settings = new SettingsStore(db);
  const mutes = new MuteStore(db);
  settings.set(MUTED_SETTING, [{ host: "local", name: "ok" }, { host: 1 }, "junk", null]);
  assert.deepEqual(mutes.list(), [{ host: "local", name: "ok" }]);
  settings.set(MUTED_SETTING, { not: "a list" });
  assert.deepEqual(mutes.list(), []);
  db.prepare("UPDATE settings SET value = 'not json' WHERE key = ?").run(MUTED_SETTING);
  assert.deepEqual(mutes.list(), []);
  mutes.set("local", "fresh", true);
  assert.deepEqual(settings.get(MUTED_SETTING), [{ host: "local", name: "fresh" }]);
});

Deno.test("MuteStore mutes survive reopening the database", async () => {
  await using dir = await tempDir("maestro-mutes-");
  {
    using db = openDatabase(dir.path);
    new MuteStore(db).set("local", "kept", true);
  }
  using db = openDatabase(dir.path);
  assert.equal(new MuteStore(db).isMuted("local", "kept"), true);
});
