import assert from "node:assert/strict";
import { tempDir } from "../../tests/helpers/temp_dir.ts";
import { openDatabase } from "./database.ts";
import { MAX_MUTED_SESSIONS, type MutedSession, MuteLimitError, MuteStore } from "./mute_store.ts";
import { SessionRecords, type SessionRef } from "./session_records.ts";

const ref = (host: string, name: string, created = 1): SessionRef => ({
  host,
  id: `$${name}`,
  created,
  name,
});

Deno.test("MuteStore starts with nothing muted", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  assert.deepEqual(mutes.list(), []);
  assert.equal(mutes.isMuted(ref("local", "api")), false);
});

Deno.test("MuteStore set mutes and unmutes, reporting whether anything changed", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  assert.equal(mutes.set(ref("local", "web"), true), true);
  assert.equal(mutes.set(ref("local", "web"), true), false);
  assert.equal(mutes.set(ref("mini", "api"), true), true);
  assert.equal(mutes.set(ref("local", "api"), true), true);
  assert.deepEqual(mutes.list(), [
    { host: "local", name: "api" },
    { host: "local", name: "web" },
    { host: "mini", name: "api" },
  ]);
  assert.equal(mutes.isMuted(ref("mini", "api")), true);
  assert.equal(mutes.isMuted(ref("mini", "web")), false);
  // Same id and name, later tmux server: another session, not muted.
  assert.equal(mutes.isMuted(ref("mini", "api", 2)), false);
  assert.equal(mutes.set(ref("local", "web"), false), true);
  assert.equal(mutes.set(ref("local", "web"), false), false);
  assert.equal(mutes.isMuted(ref("local", "web")), false);
});

Deno.test("MuteStore follows its record: renamed anywhere, hidden when vanished, gone when forgotten", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const records = new SessionRecords(db);
  const mutes = new MuteStore(db, records);
  const seen: MutedSession[][] = [];
  mutes.listen((list) => seen.push(list));
  const old = ref("local", "old");
  mutes.set(old, true);
  // A rename made in tmux, seen in the next list.
  records.observe("local", [{ ...old, name: "new" }], true);
  assert.deepEqual(mutes.list(), [{ host: "local", name: "new" }]);
  assert.equal(mutes.isMuted(old), true);
  // Gone from the list (tmux server killed): kept with its record, parked under another id so a
  // new session that tmux gives the same id is not taken for it, and not listed.
  records.observe("local", [], true);
  assert.deepEqual(mutes.list(), []);
  assert.equal(mutes.isMuted(old), false);
  const [parked] = records.restorable("local");
  assert.ok(parked && parked.id.startsWith(`${old.id}~`) && parked.name === "new");
  assert.equal(mutes.isMuted(parked), true);
  assert.equal(records.forget(parked), true);
  assert.equal(mutes.isMuted(parked), false);
  assert.deepEqual(seen, [
    [{ host: "local", name: "old" }],
    [{ host: "local", name: "new" }],
    [],
  ]);
});

Deno.test("MuteStore unmuteNamed lifts the mute of a session that is no longer listed", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  mutes.set(ref("local", "gone"), true);
  assert.equal(mutes.unmuteNamed("local", "gone"), true);
  assert.equal(mutes.unmuteNamed("local", "gone"), false);
  assert.equal(mutes.isMuted(ref("local", "gone")), false);
});

Deno.test("MuteStore refuses to mute past the limit and changes nothing", async () => {
  await using dir = await tempDir("maestro-mutes-");
  using db = openDatabase(dir.path);
  const mutes = new MuteStore(db);
  const full = Array.from(
    { length: MAX_MUTED_SESSIONS },
    (_, i) => ref("local", `s${String(i).padStart(5, "0")}`),
  );
  assert.equal(mutes.setMany(full, true), true);
  assert.throws(() => mutes.set(ref("local", "one-more"), true), (error: unknown) => {
    assert.ok(error instanceof MuteLimitError);
    assert.equal(
      error.message,
      `Cannot mute session "one-more" on "local": at most ${MAX_MUTED_SESSIONS} sessions may ` +
        "be muted; unmute some first",
    );
    return true;
  });
  assert.equal(mutes.list().length, MAX_MUTED_SESSIONS);
  assert.equal(mutes.isMuted(ref("local", "one-more")), false);
  // Unmuting still works at the limit, and makes room.
  assert.equal(mutes.set(full[0] as SessionRef, false), true);
  assert.equal(mutes.set(ref("local", "one-more"), true), true);
});

Deno.test("MuteStore mutes survive reopening the database", async () => {
  await using dir = await tempDir("maestro-mutes-");
  {
    using db = openDatabase(dir.path);
    new MuteStore(db).set(ref("local", "kept"), true);
  }
  using db = openDatabase(dir.path);
  assert.equal(new MuteStore(db).isMuted(ref("local", "kept")), true);
});
