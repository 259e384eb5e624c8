import assert from "node:assert/strict";
import { CaptureScheduler } from "./capture_scheduler.ts";

const S = 1000;

function scheduler() {
  return new CaptureScheduler({ minIntervalMs: 1000, settleMs: 250 });
}

/** Capture everything due at `now`; returns what was captured. */
function run(s: CaptureScheduler, now: number, limit = 100): string[] {
  const due = s.due(now, limit);
  s.started(due, now);
  for (const name of due) s.captured(name);
  return due;
}

Deno.test("CaptureScheduler captures new sessions at once, then only after a change", () => {
  const s = scheduler();
  s.update([{ name: "a", activity: 100, key: "k" }, { name: "b", activity: 50, key: "k" }]);
  assert.equal(s.settled, false);
  assert.deepEqual(run(s, 110 * S), ["a", "b"]);
  assert.equal(s.settled, true);
  // Nothing changed: nothing is due, ever.
  assert.deepEqual(run(s, 200 * S), []);
  assert.equal(s.nextDueAt(), null);
  // New output in a: due again (throttle long past).
  s.update([{ name: "a", activity: 201, key: "k" }, { name: "b", activity: 50, key: "k" }]);
  assert.deepEqual(run(s, 201.5 * S), ["a"]);
  // A title or size change counts as a change too.
  s.update([{ name: "a", activity: 201, key: "k" }, { name: "b", activity: 50, key: "k2" }]);
  // (a is due too: its capture at 201.5 s may have missed the rest of second 201.)
  assert.deepEqual(s.due(203 * S, 10), ["b", "a"]);
});

Deno.test("CaptureScheduler captures a session at most once per interval while it prints", () => {
  const s = scheduler();
  let captures = 0;
  // A session printing continuously: activity follows the clock second by second; polled 10×/s.
  for (let now = 1000 * S; now < 1010 * S; now += 100) {
    s.update([{ name: "busy", activity: Math.floor(now / S), key: "k" }]);
    captures += run(s, now).length;
  }
  assert.ok(captures <= 10 && captures >= 9, `${captures} captures in 10 s`);
});

Deno.test("CaptureScheduler captures once more after the last output's second has ended", () => {
  const s = scheduler();
  s.update([{ name: "a", activity: 100, key: "k" }]);
  // Captured at 100.2 s: output later in second 100 would not show (activity stays 100).
  assert.deepEqual(run(s, 100.2 * S), ["a"]);
  assert.equal(s.dueAt("a"), 101.25 * S);
  assert.deepEqual(run(s, 101 * S), []);
  assert.deepEqual(run(s, 101.25 * S), ["a"]);
  // That capture saw all of second 100: done.
  assert.equal(s.dueAt("a"), null);
});

Deno.test("CaptureScheduler bounds a batch, oldest first, and retries failures after the interval", () => {
  const s = scheduler();
  s.update(["a", "b", "c"].map((name) => ({ name, activity: 1, key: "k" })));
  assert.deepEqual(run(s, 10 * S, 2), ["a", "b"]);
  assert.deepEqual(s.due(10 * S, 2), ["c"]);
  s.started(["c"], 10 * S);
  // In flight: not due again until it ends.
  assert.deepEqual(s.due(20 * S, 5), []);
  s.failed("c");
  assert.equal(s.settled, true, "a failed capture counts as tried");
  assert.equal(s.dueAt("c"), 11 * S);
  // A session removed while its capture was in flight gets no thumbnail.
  s.update([{ name: "a", activity: 30, key: "k" }]);
  s.started(["a"], 31 * S);
  assert.deepEqual(s.update([]), ["a"]);
  assert.equal(s.captured("a"), false);
  assert.equal(s.size, 0);
});
