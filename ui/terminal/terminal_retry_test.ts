import assert from "node:assert/strict";
import type { TerminalState } from "./terminal_connection.ts";
import { HOST_LOSS_WINDOW_MS, shouldRetryNow } from "./terminal_retry.ts";

const reconnecting: TerminalState = {
  kind: "reconnecting",
  attempt: 3,
  delayMs: 4000,
  reason: 'Host "w1" went away',
  code: "host_offline",
};
const exited: TerminalState = { kind: "ended", reason: "closed" };

Deno.test("shouldRetryNow skips the back-off wait when the host comes back", () => {
  const base = { state: reconnecting, endedAgoMs: Infinity };
  assert.equal(shouldRetryNow({ ...base, hostOnline: true, wasOnline: false }), true);
  assert.equal(shouldRetryNow({ ...base, hostOnline: false, wasOnline: false }), false);
  assert.equal(shouldRetryNow({ ...base, hostOnline: true, wasOnline: true }), false);
  assert.equal(shouldRetryNow({ ...base, hostOnline: false, wasOnline: true }), false);
});

Deno.test("shouldRetryNow keeps a stream that ended as its host went away", () => {
  // The host went offline right after the exit, or was already offline when it came.
  assert.equal(
    shouldRetryNow({ state: exited, hostOnline: false, wasOnline: true, endedAgoMs: 20 }),
    true,
  );
  assert.equal(
    shouldRetryNow({ state: exited, hostOnline: false, wasOnline: false, endedAgoMs: 0 }),
    true,
  );
  // Long after the session ended, or with the host still up: the session really ended.
  assert.equal(
    shouldRetryNow({
      state: exited,
      hostOnline: false,
      wasOnline: true,
      endedAgoMs: HOST_LOSS_WINDOW_MS + 1,
    }),
    false,
  );
  assert.equal(
    shouldRetryNow({ state: exited, hostOnline: true, wasOnline: true, endedAgoMs: 0 }),
    false,
  );
  // A refusal stands.
  assert.equal(
    shouldRetryNow({
      state: { kind: "ended", reason: "not found", code: "not_found" },
      hostOnline: false,
      wasOnline: true,
      endedAgoMs: 0,
    }),
    false,
  );
});

Deno.test("shouldRetryNow leaves live and connecting terminals alone", () => {
  for (const state of [{ kind: "live" }, { kind: "connecting" }] as TerminalState[]) {
    assert.equal(
      shouldRetryNow({ state, hostOnline: true, wasOnline: false, endedAgoMs: 0 }),
      false,
    );
  }
});
