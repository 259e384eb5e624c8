import assert from "node:assert/strict";
import { Backoff } from "./backoff.ts";

Deno.test("Backoff doubles up to the ceiling and resets", () => {
  const backoff = new Backoff({ initial: 100, max: 1000, jitter: 0 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => backoff.next()), [100, 200, 400, 800, 1000, 1000]);
  assert.equal(backoff.attempt, 6);
  backoff.reset();
  assert.equal(backoff.next(), 100);
});

Deno.test("Backoff jitter stays within its fraction", () => {
  assert.equal(new Backoff({ initial: 100, jitter: 0.5, random: () => 0 }).next(), 50);
  assert.equal(new Backoff({ initial: 100, jitter: 0.5, random: () => 1 }).next(), 150);
});
