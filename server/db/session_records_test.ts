import assert from "node:assert/strict";
import { UNDO_KILL_SECONDS } from "../../protocol/restorable.ts";
import { tempDir } from "../../tests/helpers/temp_dir.ts";
import { openDatabase } from "./database.ts";
import { NotesStore } from "./notes_store.ts";
import { SessionRecords, type SessionRef, tmuxId } from "./session_records.ts";

const ref = (name: string, id = `$${name}`): SessionRef => ({
  host: "local",
  id,
  created: 1_700_000_000,
  name,
});

/** A clock tests move by hand (milliseconds). */
function manualClock(start = 1_700_000_100_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

Deno.test("SessionRecords: a killed session is never restorable and can be undone for a while", async () => {
  await using dir = await tempDir("maestro-records-");
  using db = openDatabase(dir.path);
  const clock = manualClock();
  const records = new SessionRecords(db, { now: clock.now });
  const notes = new NotesStore(db, { records });
  const api = ref("api");
  const web = ref("web");
  records.observe("local", [api, web], true);
  notes.put(api, "keep me for the undo");

  assert.equal(records.kill(api), true);
  assert.equal(records.named("local", "api"), null, "no longer live");
  assert.deepEqual(records.restorable("local"), [], "killed is not vanished");
  const [killed] = records.killed("local");
  assert.ok(killed !== undefined);
  assert.equal(killed.name, "api");
  assert.equal(tmuxId(killed?.id ?? ""), "$api");
  assert.equal(typeof killed?.killedAt, "number");
  assert.equal(notes.get(killed).text, "keep me for the undo", "notes wait with it");

  // Lists after the kill, without it: nothing changes, and web vanishing is restorable.
  records.observe("local", [], true);
  assert.deepEqual(records.restorable("local").map((r) => r.name), ["web"]);
  assert.deepEqual(records.killed("local").map((r) => r.name), ["api"]);

  // Undone: the record moves to the rebuilt session, live, with its notes.
  const back = ref("api", "$9");
  records.moveTo(killed, back);
  assert.equal(records.get(back)?.killedAt, null);
  assert.equal(records.get(back)?.vanishedAt, null);
  assert.equal(notes.get(back).text, "keep me for the undo");
  assert.deepEqual(records.killed("local"), []);
});

Deno.test("SessionRecords: a killed session is forgotten with its notes once the undo window ends", async () => {
  await using dir = await tempDir("maestro-records-");
  using db = openDatabase(dir.path);
  const clock = manualClock();
  const records = new SessionRecords(db, { now: clock.now });
  const notes = new NotesStore(db, { records });
  const api = ref("api");
  records.observe("local", [api], true);
  notes.put(api, "goes with it");
  records.kill(api);
  const [parked] = records.killed("local");
  assert.ok(parked !== undefined);

  clock.advance((UNDO_KILL_SECONDS - 1) * 1000);
  assert.equal(records.killed("local").length, 1, "still undoable just before the end");
  clock.advance(2_000);
  let told = 0;
  records.listen(() => told++);
  // Any list takes it away, even one that changes nothing else.
  records.observe("local", [], true);
  assert.equal(records.get(parked), null);
  assert.deepEqual(notes.get(parked), { text: "", updatedAt: null });
  assert.equal(told, 1);
  assert.deepEqual(records.killed("local"), []);
});

Deno.test("SessionRecords: after a restart, a kill in its window stays undoable, never restorable, then goes", async () => {
  await using dir = await tempDir("maestro-records-");
  const clock = manualClock();
  {
    using db = openDatabase(dir.path);
    const records = new SessionRecords(db, { now: clock.now });
    records.observe("local", [ref("a"), ref("b")], true);
    records.kill(ref("a"));
    clock.advance(10_000);
    records.kill(ref("b"));
  }
  // Maestro crashed and came back 25 s after the first kill: `a` is still in its window.
  clock.advance(15_000);
  {
    using db = openDatabase(dir.path);
    const records = new SessionRecords(db, { now: clock.now });
    assert.deepEqual(records.restorable("local"), []);
    assert.deepEqual(records.killed("local").map((r) => r.name), ["b", "a"]);
  }
  clock.advance(10_000);
  {
    using db = openDatabase(dir.path);
    const records = new SessionRecords(db, { now: clock.now });
    assert.deepEqual(records.list("local").map((r) => r.name), ["b"], "a forgotten at start");
    assert.deepEqual(records.restorable("local"), []);
  }
});

Deno.test("SessionRecords: a list taken just before a kill does not bring the session back", async () => {
  await using dir = await tempDir("maestro-records-");
  using db = openDatabase(dir.path);
  const clock = manualClock();
  const records = new SessionRecords(db, { now: clock.now });
  const api = ref("api");
  records.observe("local", [api], true, clock.now());
  const listedBefore = clock.now();
  clock.advance(5);
  records.kill(api);
  clock.advance(5);
  // The list in flight when the kill happened still shows it.
  records.observe("local", [api], true, listedBefore);
  records.observe("local", [], true, clock.now());
  assert.deepEqual(records.list("local").filter((r) => r.killedAt === null), []);
  assert.deepEqual(records.restorable("local"), [], "a killed session never reads as vanished");
  assert.equal(records.killed("local").length, 1);
});

Deno.test("SessionRecords: a list taken just before Maestro created a session does not mark it vanished", async () => {
  await using dir = await tempDir("maestro-records-");
  using db = openDatabase(dir.path);
  const clock = manualClock();
  const records = new SessionRecords(db, { now: clock.now });
  const api = ref("api");
  records.observe("local", [api], true, clock.now());
  const listedBefore = clock.now();
  clock.advance(5);
  const other = ref("other");
  records.saveStart(other, { command: "", cwd: "/tmp" });
  clock.advance(5);
  // The list in flight when the session was created does not show it yet.
  records.observe("local", [api], true, listedBefore);
  assert.deepEqual(records.restorable("local"), [], "not vanished: it was only not listed yet");
  records.observe("local", [api, other], true, clock.now());
  assert.deepEqual(records.list("local").map((r) => r.name).sort(), ["api", "other"]);
  // A list taken after it was created that lacks it: gone for real.
  clock.advance(5);
  records.observe("local", [api], true, clock.now());
  assert.deepEqual(records.restorable("local").map((r) => r.name), ["other"]);
});
