import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { openDatabase } from "./database.ts";
import { NOTE_MAX_BYTES, NotesStore, NotesTooLargeError } from "./notes_store.ts";
import { SessionRecords } from "./session_records.ts";
import { SettingsStore } from "./settings_store.ts";
import { noteRef as ref } from "./_note_writer_ref.ts";

const WRITER = fileURLToPath(new URL("./_note_writer.ts", import.meta.url));

async function tempDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "maestro-notes-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/** A clock that advances one millisecond per call, starting at 1000. */
function tickingClock(): () => number {
  let now = 999;
  return () => ++now;
}

Deno.test("NotesStore get returns an empty note when none exists", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  assert.deepEqual(new NotesStore(db).get(ref("local", "api")), { text: "", updatedAt: null });
});

Deno.test("NotesStore put saves, replaces and stamps the note", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db, { now: tickingClock() });
  assert.deepEqual(notes.put(ref("local", "api"), "first"), { text: "first", updatedAt: 1000 });
  assert.deepEqual(notes.put(ref("local", "api"), "second"), { text: "second", updatedAt: 1001 });
  assert.deepEqual(notes.get(ref("local", "api")), { text: "second", updatedAt: 1001 });
});

Deno.test("NotesStore keeps an empty note rather than deleting it", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db, { now: tickingClock() });
  notes.put(ref("local", "api"), "something");
  assert.deepEqual(notes.put(ref("local", "api"), ""), { text: "", updatedAt: 1001 });
  assert.deepEqual(notes.get(ref("local", "api")), { text: "", updatedAt: 1001 });
});

Deno.test("NotesStore keeps unicode text exactly", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db);
  const text = "héllo 👋\nline two\ttab";
  notes.put(ref("local", "api"), text);
  assert.equal(notes.get(ref("local", "api")).text, text);
});

Deno.test("NotesStore returns text after a NUL character", async () => {
  // Regression: node:sqlite in Deno cut TEXT at the first NUL when reading.
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db);
  const text = "before\u0000after";
  notes.put(ref("local", "api"), text);
  assert.equal(notes.get(ref("local", "api")).text, text);
});

Deno.test("NotesStore put accepts exactly 64 KiB and refuses one byte more", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db);
  assert.equal(NOTE_MAX_BYTES, 65536);
  notes.put(ref("local", "api"), "a".repeat(NOTE_MAX_BYTES));
  assert.throws(
    () => notes.put(ref("local", "api"), "a".repeat(NOTE_MAX_BYTES + 1)),
    (error: unknown) => {
      assert.ok(error instanceof NotesTooLargeError);
      assert.equal(error.bytes, NOTE_MAX_BYTES + 1);
      assert.equal(error.limit, NOTE_MAX_BYTES);
      assert.equal(
        error.message,
        'Cannot save the note for session "api": it is 65537 bytes and notes may be at most 65536 bytes (64 KiB)',
      );
      return true;
    },
  );
  assert.equal(notes.get(ref("local", "api")).text.length, NOTE_MAX_BYTES);
});

Deno.test("NotesStore measures the limit in UTF-8 bytes, not characters", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db);
  const euros = "€".repeat(Math.floor(NOTE_MAX_BYTES / 3) + 1); // 3 bytes each
  assert.ok(euros.length < NOTE_MAX_BYTES);
  assert.throws(() => notes.put(ref("local", "api"), euros), NotesTooLargeError);
});

Deno.test("NotesStore delete removes only that note", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db);
  notes.put(ref("local", "a"), "1");
  notes.put(ref("local", "b"), "2");
  assert.equal(notes.delete(ref("local", "a")), true);
  assert.equal(notes.delete(ref("local", "a")), false);
  assert.equal(notes.get(ref("local", "a")).updatedAt, null);
  assert.equal(notes.get(ref("local", "b")).text, "2");
});

Deno.test("NotesStore notes survive closing and reopening the database", async () => {
  await using dir = await tempDir();
  {
    using db = openDatabase(dir.path);
    new NotesStore(db).put(ref("local", "api"), "persisted");
  }
  using db = openDatabase(dir.path);
  assert.equal(new NotesStore(db).get(ref("local", "api")).text, "persisted");
});

/** Spawns the note writer; its stdout yields one acknowledged write number per line. */
function spawnWriter(home: string, prefix: string, count: number): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", WRITER, home, prefix, String(count)],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Complete lines of a stream, as they arrive. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    buffered += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
    }
  }
}

Deno.test("NotesStore loses no acknowledged note when the writer is killed with SIGKILL", async () => {
  await using dir = await tempDir();
  openDatabase(dir.path).close(); // migrate first so the writer starts writing at once
  const child = spawnWriter(dir.path, "crash", 0);
  const stderr = new Response(child.stderr).text();
  const acknowledged: number[] = [];
  const wanted = 200;
  let killed = false;
  // Keep reading after the kill: lines already in the pipe are acknowledgements too.
  for await (const line of lines(child.stdout)) {
    acknowledged.push(Number(line));
    if (!killed && acknowledged.length >= wanted) {
      child.kill("SIGKILL");
      killed = true;
    }
  }
  const status = await child.status;
  const diagnostics = await stderr;
  assert.ok(killed, `the writer stopped after ${acknowledged.length} writes: ${diagnostics}`);
  assert.equal(status.signal, "SIGKILL", diagnostics);

  using db = openDatabase(dir.path);
  const notes = new NotesStore(db);
  for (const i of acknowledged) {
    assert.equal(notes.get(ref("local", `crash-${i}`)).text, `note ${i} from crash`, `write ${i}`);
  }
  const writes = new SettingsStore(db).get("writes");
  assert.ok(typeof writes === "number" && writes >= acknowledged.length);
  const { count } = db.prepare("SELECT count(*) AS count FROM session_notes").get() as {
    count: number;
  };
  assert.equal(count, writes);
});

Deno.test("NotesStore writes from two processes at once all land", async () => {
  await using dir = await tempDir();
  const count = 150;
  // Both start on a home without a database: they also race to create and migrate it.
  const writers = ["left", "right"].map((prefix) => spawnWriter(dir.path, prefix, count));
  const outcomes = await Promise.all(writers.map((child) => child.output()));
  for (const outcome of outcomes) {
    const diagnostics = new TextDecoder().decode(outcome.stderr);
    assert.equal(outcome.code, 0, diagnostics);
    assert.equal(new TextDecoder().decode(outcome.stdout).trim().split("\n").length, count);
  }

  using db = openDatabase(dir.path);
  const notes = new NotesStore(db);
  for (const prefix of ["left", "right"]) {
    for (let i = 0; i < count; i++) {
      assert.equal(notes.get(ref("local", `${prefix}-${i}`)).text, `note ${i} from ${prefix}`);
    }
  }
  // Read-modify-write inside transactions: no update lost between the processes.
  assert.equal(new SettingsStore(db).get("writes"), 2 * count);
});

Deno.test("NotesStore keeps notes apart per host and session identity", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const notes = new NotesStore(db, { now: tickingClock() });
  notes.put(ref("local", "api"), "local api");
  notes.put(ref("worker-1", "api"), "remote api");
  // The same id and name in a later tmux server (another creation time) is another session.
  const later = { ...ref("local", "api"), created: 2 };
  assert.equal(notes.get(ref("local", "api")).text, "local api");
  assert.equal(notes.get(ref("worker-1", "api")).text, "remote api");
  assert.deepEqual(notes.get(later), { text: "", updatedAt: null });
});

Deno.test("NotesStore notes follow their record: renamed kept, forgotten gone", async () => {
  await using dir = await tempDir();
  using db = openDatabase(dir.path);
  const records = new SessionRecords(db);
  const notes = new NotesStore(db, { records });
  const api = ref("local", "api");
  notes.put(api, "carry me");
  records.rename(api, "api-2");
  assert.equal(records.get(api)?.name, "api-2");
  assert.equal(notes.get(api).text, "carry me");
  assert.equal(records.forget(api), true);
  assert.deepEqual(notes.get(api), { text: "", updatedAt: null });
  assert.equal(records.forget(api), false);
});
