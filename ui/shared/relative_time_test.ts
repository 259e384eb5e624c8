import assert from "node:assert/strict";
import { agoText, relativeTime, relativeTimeLong } from "./relative_time.ts";

Deno.test("relativeTime picks the largest whole unit", () => {
  const now = 1_000_000;
  assert.equal(relativeTime(now, now), "now");
  assert.equal(relativeTime(now + 5, now), "now");
  assert.equal(relativeTime(now - 42, now), "42s");
  assert.equal(relativeTime(now - 300, now), "5m");
  assert.equal(relativeTime(now - 3 * 3600 - 5, now), "3h");
  assert.equal(relativeTime(now - 2 * 86400, now), "2d");
  assert.equal(relativeTime(now - 35 * 86400, now), "5w");
});

Deno.test("relativeTimeLong spells the unit out", () => {
  assert.equal(relativeTimeLong(0, 5), "active just now");
  assert.equal(relativeTimeLong(0, 60), "active 1 minute ago");
  assert.equal(relativeTimeLong(0, 7200), "active 2 hours ago");
});

Deno.test("agoText says how long ago in words", () => {
  assert.equal(agoText(100, 100), "just now");
  assert.equal(agoText(0, 1), "just now");
  assert.equal(agoText(0, 45), "45 seconds ago");
  assert.equal(agoText(0, 3 * 86400), "3 days ago");
});
