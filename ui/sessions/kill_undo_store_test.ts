import assert from "node:assert/strict";
import { UNDO_KILL_SECONDS } from "../../protocol/restorable.ts";
import { fakeApi } from "../shared/_fake_api.ts";
import {
  KillUndoStore,
  MAX_KILLED_ENTRIES,
  UNDO_OFFER_MS,
  type UndoClock,
} from "./kill_undo_store.ts";

/** A clock moved by hand: `advance` runs the timers that come due. */
function manualClock(): UndoClock & { advance(ms: number): void; pending(): number } {
  let now = 1_000_000;
  let next = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout: (run, ms) => {
      timers.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now || !timers.has(id)) continue;
        timers.delete(id);
        timer.run();
      }
    },
    pending: () => timers.size,
  };
}

/** A store over a fake server and a hand-moved clock; every request is kept. */
function store(respond: (body: { names: string[] }) => Response) {
  const { api, calls } = fakeApi((_method, _path, body) => respond(body as { names: string[] }));
  const clock = manualClock();
  const undo = new KillUndoStore(api, () => {}, clock);
  return { undo, calls, clock, advance: (ms: number) => clock.advance(ms) };
}

const ok = ({ names }: { names: string[] }) =>
  Response.json({ results: [{ host: "local", name: names[0], ok: true, id: "$7", created: 1 }] });

Deno.test("KillUndoStore offers Undo a little less long than the server keeps a killed session", () => {
  assert.ok(UNDO_OFFER_MS < UNDO_KILL_SECONDS * 1000);
  assert.ok(UNDO_OFFER_MS >= (UNDO_KILL_SECONDS - 5) * 1000);
  const { undo } = store(ok);
  undo.killed({ host: "local", name: "api" });
  assert.deepEqual(undo.entries, [{
    ref: { host: "local", name: "api" },
    until: 1_000_000 + UNDO_OFFER_MS,
    busy: false,
    error: null,
  }]);
  undo.clear();
});

Deno.test("KillUndoStore brings a session back through POST /api/restore with undo, on its host", async () => {
  const { undo, calls } = store(ok);
  undo.killed({ host: "local", name: "api" });
  undo.killed({ host: "w1", name: "db" });
  assert.equal(await undo.undo({ host: "w1", name: "db" }), true);
  assert.deepEqual(calls, ['POST /api/restore {"names":["db"],"undo":true,"host":"w1"}']);
  assert.deepEqual(undo.entries.map((e) => e.ref.name), ["api"]);
  assert.equal(await undo.undo({ host: "local", name: "gone" }), false, "not offered");
  assert.equal(calls.length, 1);
  undo.clear();
});

Deno.test("KillUndoStore keeps a refused undo shown with the server's reason until dismissed", async () => {
  const { undo, advance } = store(() =>
    Response.json({
      results: [{
        host: "local",
        name: "api",
        ok: false,
        error: { code: "session_exists", message: 'Cannot restore session "api": it exists' },
      }],
    }, { status: 207 })
  );
  undo.killed({ host: "local", name: "api" });
  assert.equal(await undo.undo({ host: "local", name: "api" }), false);
  const [entry] = undo.entries;
  assert.equal(entry?.error, 'Cannot restore session "api": it exists');
  assert.equal(entry?.busy, false);
  advance(UNDO_OFFER_MS * 2);
  assert.equal(undo.entries.length, 1, "a failure outlives the window");
  undo.dismiss({ host: "local", name: "api" });
  assert.deepEqual(undo.entries, []);
});

Deno.test("KillUndoStore drops an offer when its time is up, and keeps only the latest few", () => {
  const { undo, advance, clock } = store(ok);
  for (let i = 0; i <= MAX_KILLED_ENTRIES; i++) undo.killed({ host: "local", name: `s${i}` });
  assert.deepEqual(
    undo.entries.map((e) => e.ref.name),
    Array.from({ length: MAX_KILLED_ENTRIES }, (_, i) => `s${i + 1}`),
  );
  // Killed again: one entry, its window starting again.
  advance(1000);
  undo.killed({ host: "local", name: "s1" });
  assert.deepEqual(undo.entries.map((e) => e.ref.name), ["s2", "s3", "s1"]);
  advance(UNDO_OFFER_MS - 500);
  assert.deepEqual(undo.entries.map((e) => e.ref.name), ["s1"]);
  advance(1000);
  assert.deepEqual(undo.entries, []);
  assert.equal(clock.pending(), 0, "no timer left behind");
});
