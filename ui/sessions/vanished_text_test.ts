import assert from "node:assert/strict";
import { exactTime, vanishedText } from "./vanished_text.ts";

Deno.test("vanishedText says just now under a minute", () => {
  assert.equal(vanishedText(1000, 1000), "vanished just now");
  assert.equal(vanishedText(1000, 1059), "vanished just now");
  // A clock a little behind the server's never reads as the future.
  assert.equal(vanishedText(1010, 1000), "vanished just now");
});

Deno.test("vanishedText picks the largest whole unit, short for minutes and hours", () => {
  const now = 10_000_000;
  assert.equal(vanishedText(now - 60, now), "vanished 1 min ago");
  assert.equal(vanishedText(now - 12 * 60 - 30, now), "vanished 12 min ago");
  assert.equal(vanishedText(now - 3 * 3600 - 5, now), "vanished 3 h ago");
  assert.equal(vanishedText(now - 86400, now), "vanished 1 day ago");
  assert.equal(vanishedText(now - 2 * 86400, now), "vanished 2 days ago");
  assert.equal(vanishedText(now - 14 * 86400, now), "vanished 2 weeks ago");
});

Deno.test("exactTime writes the local date and time, zero-padded", () => {
  const seconds = new Date(2025, 2, 4, 9, 5, 7).getTime() / 1000;
  assert.equal(exactTime(seconds), "2025-03-04 09:05:07");
  assert.equal(
    exactTime(new Date(2024, 11, 31, 23, 59, 59).getTime() / 1000),
    "2024-12-31 23:59:59",
  );
});
