import assert from "node:assert/strict";
import { RecentList } from "./recent_list.ts";

Deno.test("RecentList keeps the most recent keys and reports evictions", () => {
  const recent = new RecentList(3);
  assert.deepEqual(recent.touch("a"), []);
  recent.touch("b");
  recent.touch("c");
  assert.deepEqual(recent.touch("a"), []);
  assert.deepEqual(recent.keys, ["a", "c", "b"]);
  assert.deepEqual(recent.touch("d"), ["b"]);
  assert.deepEqual(recent.keys, ["d", "a", "c"]);
});

Deno.test("RecentList renames and removes keys in place", () => {
  const recent = new RecentList(3);
  recent.touch("a");
  recent.touch("b");
  recent.rename("a", "z");
  assert.deepEqual(recent.keys, ["b", "z"]);
  recent.remove("b");
  assert.deepEqual(recent.keys, ["z"]);
  assert.ok(recent.has("z"));
});
