import assert from "node:assert/strict";
import { type InputTrial, minimumReliablePause } from "./input_probe.ts";

const trial = (pauseMs: number, submitted: boolean): InputTrial => ({
  method: "separate",
  pauseMs,
  submitted,
  received: null,
  latencyMs: null,
});

Deno.test("minimumReliablePause is the pause from which on every trial submitted", () => {
  assert.equal(minimumReliablePause([trial(0, false), trial(10, true), trial(20, true)]), 10);
  // A failure at 10 ms after a success at 5 ms: only 20 ms and up are reliable.
  assert.equal(
    minimumReliablePause([trial(5, true), trial(10, true), trial(10, false), trial(20, true)]),
    20,
  );
  assert.equal(minimumReliablePause([trial(0, true)]), 0);
  assert.equal(minimumReliablePause([trial(100, false)]), null);
});
