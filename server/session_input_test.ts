import assert from "node:assert/strict";
import { isInterrupt, readSessionInput } from "./session_input.ts";

Deno.test("isInterrupt: only Escape or Ctrl+C, with no text and no Enter", () => {
  assert.equal(isInterrupt({ keys: ["Escape"] }), true);
  assert.equal(isInterrupt({ keys: ["C-c", "C-c"] }), true);
  assert.equal(isInterrupt({ keys: ["Escape"], enter: true }), false);
  assert.equal(isInterrupt({ text: "x", keys: ["C-c"] }), false);
  assert.equal(isInterrupt({ keys: ["Escape", "Up"] }), false);
  assert.equal(isInterrupt({ keys: [] }), false);
  assert.equal(isInterrupt({ enter: true }), false);
});

Deno.test("readSessionInput keeps what it checked and refuses what cannot be typed", () => {
  assert.deepEqual(readSessionInput({ text: "a\nb", enter: true }), { text: "a\nb", enter: true });
  assert.throws(() => readSessionInput({ keys: ["Enter; kill-server"] }), /not a tmux key name/);
  assert.throws(() => readSessionInput({}), /at least one of/);
});
