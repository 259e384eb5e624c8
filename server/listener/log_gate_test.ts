import assert from "node:assert/strict";
import { LogGate } from "./log_gate.ts";

Deno.test("LogGate lets the first event through at once", () => {
  assert.equal(new LogGate(1000).pass(123), 1);
});

Deno.test("LogGate holds events back for an interval and then counts them", () => {
  const gate = new LogGate(1000);
  assert.equal(gate.pass(0), 1);
  assert.deepEqual([10, 500, 999].map((at) => gate.pass(at)), [0, 0, 0]);
  assert.equal(gate.pass(1000), 4, "itself and the three held back");
  assert.equal(gate.pass(1500), 0);
  assert.equal(gate.pass(5000), 2);
  assert.equal(gate.pass(9000), 1, "nothing was held back since");
});
