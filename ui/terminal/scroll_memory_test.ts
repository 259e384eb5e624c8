import assert from "node:assert/strict";
import { ScrollMemory } from "./scroll_memory.ts";

Deno.test("ScrollMemory gives a remembered line back once and forgets what followed the output", () => {
  const memory = new ScrollMemory();
  memory.set("local/a", 120);
  memory.set("local/b", 7);
  memory.set("local/b", null);
  assert.equal(memory.take("local/a"), 120);
  assert.equal(memory.take("local/a"), null);
  assert.equal(memory.take("local/b"), null);
});

Deno.test("ScrollMemory forgets the oldest of more than 64 sessions", () => {
  const memory = new ScrollMemory();
  for (let i = 0; i < 65; i++) memory.set(`local/s${i}`, i);
  assert.equal(memory.take("local/s0"), null);
  assert.equal(memory.take("local/s1"), 1);
  assert.equal(memory.take("local/s64"), 64);
});
