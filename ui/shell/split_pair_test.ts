import assert from "node:assert/strict";
import {
  inPair,
  otherPane,
  pairAfterClose,
  pairAfterOpen,
  pairBeside,
  splitDirection,
} from "./split_pair.ts";

const pair = { first: "t1", second: "t2" };

Deno.test("Split pair opens a session beside the focused one, or replaces the pane beside it", () => {
  assert.deepEqual(pairBeside(null, "t1", "t2"), pair);
  assert.deepEqual(pairBeside(pair, "t1", "t3"), { first: "t1", second: "t3" });
  assert.deepEqual(pairBeside(pair, "t2", "t3"), { first: "t3", second: "t2" });
  assert.deepEqual(pairBeside(pair, "t1", "t2"), pair, "already beside: only focused");
});

Deno.test("Split pair refuses the same session twice and needs a focused terminal", () => {
  assert.equal(pairBeside(null, "t1", "t1"), null);
  assert.deepEqual(pairBeside(pair, "t1", "t1"), pair);
  assert.equal(pairBeside(null, null, "t1"), null);
});

Deno.test("Split pair: an ordinary open focuses a pane or replaces the focused pane's session", () => {
  assert.deepEqual(pairAfterOpen(pair, "t1", "t2"), pair);
  assert.deepEqual(pairAfterOpen(pair, "t1", "t3"), { first: "t3", second: "t2" });
  assert.deepEqual(pairAfterOpen(pair, "t2", "t3"), { first: "t1", second: "t3" });
  assert.equal(pairAfterOpen(pair, "t9", "t3"), null, "focus was elsewhere: no split");
  assert.equal(pairAfterOpen(null, "t1", "t3"), null);
});

Deno.test("Split pair ends when a pane's terminal is gone and names the survivor", () => {
  assert.deepEqual(pairAfterClose(pair, ["t1", "t2", "t3"]), { pair, survivor: null });
  assert.deepEqual(pairAfterClose(pair, ["t2"]), { pair: null, survivor: "t2" });
  assert.deepEqual(pairAfterClose(pair, ["t1"]), { pair: null, survivor: "t1" });
  assert.deepEqual(pairAfterClose(pair, []), { pair: null, survivor: null });
  assert.deepEqual(pairAfterClose(null, []), { pair: null, survivor: null });
});

Deno.test("Split pair finds the other pane", () => {
  assert.equal(otherPane(pair, "t1"), "t2");
  assert.equal(otherPane(pair, "t2"), "t1");
  assert.equal(otherPane(pair, "t3"), null);
  assert.equal(inPair(pair, "t2"), true);
  assert.equal(inPair(null, "t2"), false);
});

Deno.test("Split direction is side by side on wide landscape screens, stacked otherwise", () => {
  assert.equal(splitDirection(1280, 800), "row");
  assert.equal(splitDirection(900, 700), "row");
  assert.equal(splitDirection(899, 700), "column");
  assert.equal(splitDirection(1000, 1400), "column", "portrait");
  assert.equal(splitDirection(390, 844), "column", "phone");
});
