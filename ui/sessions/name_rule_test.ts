import assert from "node:assert/strict";
import { nameProblem } from "./name_rule.ts";

Deno.test("nameProblem accepts letters, digits, underscore and dash", () => {
  for (const name of ["a", "acme-web-frontend", "A_1", "_x", "9", "x".repeat(64)]) {
    assert.equal(nameProblem(name), null, name);
  }
});

Deno.test("nameProblem refuses empty, too long and leading dash", () => {
  assert.match(nameProblem("") ?? "", /empty/);
  assert.match(nameProblem("x".repeat(65)) ?? "", /at most 64/);
  assert.match(nameProblem("-x") ?? "", /start with "-"/);
});

Deno.test("nameProblem names the characters that are not allowed, dot included", () => {
  assert.match(nameProblem("a.b") ?? "", /Not allowed: "\."/);
  assert.match(nameProblem("a b:c") ?? "", /Not allowed: " " ":"/);
  assert.match(nameProblem("é") ?? "", /"é"/);
});
