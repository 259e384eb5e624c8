import assert from "node:assert/strict";
import fc from "fast-check";
import { compareNames } from "./name_order.ts";

Deno.test("compareNames puts numbers in number order", () => {
  const sorted = ["scratch-10", "scratch-2", "scratch-1", "scratch", "scratch-100", "scratch-9"]
    .sort(compareNames);
  assert.deepEqual(sorted, [
    "scratch",
    "scratch-1",
    "scratch-2",
    "scratch-9",
    "scratch-10",
    "scratch-100",
  ]);
  assert.deepEqual(["job10", "job9", "job1"].sort(compareNames), ["job1", "job9", "job10"]);
  assert.deepEqual(["v1-10-a", "v1-9-b", "v1-9-a"].sort(compareNames), [
    "v1-9-a",
    "v1-9-b",
    "v1-10-a",
  ]);
});

Deno.test("compareNames ignores case, then breaks ties by code units", () => {
  assert.deepEqual(["beta", "Alpha", "alpha", "Beta"].sort(compareNames), [
    "Alpha",
    "alpha",
    "Beta",
    "beta",
  ]);
  assert.ok(compareNames("a01", "a1") !== 0, "reads alike, still one order");
  assert.equal(compareNames("same", "same"), 0);
});

Deno.test("compareNames is a total order: any list sorts to one order from any start", () => {
  fc.assert(
    fc.property(fc.array(fc.string()), (names) => {
      const once = [...names].sort(compareNames);
      assert.deepEqual([...names].reverse().sort(compareNames), once);
      for (let i = 1; i < once.length; i++) {
        assert.ok(compareNames(once[i - 1] as string, once[i] as string) <= 0);
      }
      for (const a of names) {
        for (const b of names) {
          assert.equal(Math.sign(compareNames(a, b)) + Math.sign(compareNames(b, a)), 0);
        }
      }
    }),
  );
});
