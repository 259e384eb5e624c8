import assert from "node:assert/strict";
import { AcceptBackoff } from "./accept_backoff.ts";

Deno.test("AcceptBackoff waits longer after each failure, up to 200 ms", () => {
  const backoff = new AcceptBackoff();
  const delays = Array.from({ length: 6 }, () => backoff.failed().delayMs);
  assert.deepEqual(delays, [50, 100, 200, 200, 200, 200]);
});

Deno.test("AcceptBackoff marks only the first failure of a burst for the log", () => {
  const backoff = new AcceptBackoff();
  assert.equal(backoff.failed().firstOfBurst, true);
  assert.equal(backoff.failed().firstOfBurst, false);
  assert.equal(backoff.failed().firstOfBurst, false);
  assert.equal(backoff.succeeded(), 3, "the burst had three failures");
  assert.equal(backoff.succeeded(), 0, "no burst since");
  assert.deepEqual(
    backoff.failed(),
    { delayMs: 50, firstOfBurst: true },
    "a new burst starts over",
  );
});
