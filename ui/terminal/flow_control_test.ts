import assert from "node:assert/strict";
import { FlowControl, type FlowSignal } from "./flow_control.ts";

Deno.test("FlowControl pauses above the high mark and resumes below the low mark, once each", () => {
  const signals: FlowSignal[] = [];
  const flow = new FlowControl((signal) => signals.push(signal), 100, 20);
  flow.written(60);
  flow.written(60);
  assert.deepEqual(signals, ["pause"]);
  flow.written(60);
  assert.deepEqual(signals, ["pause"]);
  flow.parsed(60);
  flow.parsed(60);
  assert.deepEqual(signals, ["pause"]);
  assert.equal(flow.pending, 60);
  flow.parsed(50);
  assert.deepEqual(signals, ["pause", "resume"]);
  assert.equal(flow.paused, false);
});

Deno.test("FlowControl tells a new connection to pause while still behind", () => {
  const flow = new FlowControl(() => {}, 10, 5);
  assert.equal(flow.reconnected(), null);
  flow.written(11);
  assert.equal(flow.reconnected(), "pause");
});
