import assert from "node:assert/strict";
import { nearestMatchRow } from "./nearest_match.ts";

Deno.test("nearestMatchRow finds the row at the expected place", () => {
  assert.equal(nearestMatchRow(["a", "needle", "b"], "NEEDLE", 1), 1);
});

Deno.test("nearestMatchRow takes the nearest occurrence, the lower one on a tie", () => {
  const lines = ["needle", "", "", "", "", "needle", "", "needle"];
  assert.equal(nearestMatchRow(lines, "needle", 2), 0);
  assert.equal(nearestMatchRow(lines, "needle", 4), 5);
  assert.equal(nearestMatchRow(lines, "needle", 6), 7);
  assert.equal(nearestMatchRow(lines, "needle", 3), 5);
  assert.equal(nearestMatchRow(["needle", "x", "needle"], "needle", 1), 2);
});

Deno.test("nearestMatchRow clamps an expected row outside the buffer", () => {
  assert.equal(nearestMatchRow(["needle", "x"], "needle", -50), 0);
  assert.equal(nearestMatchRow(["x", "needle"], "needle", 99), 1);
});

Deno.test("nearestMatchRow gives null when nothing matches", () => {
  assert.equal(nearestMatchRow(["a", "b"], "needle", 0), null);
  assert.equal(nearestMatchRow([], "needle", 0), null);
  assert.equal(nearestMatchRow(["a"], "", 0), null);
});

Deno.test("nearestMatchRow takes the query literally", () => {
  assert.equal(nearestMatchRow(["axb", "a.b"], "a.b", 0), 1);
});
