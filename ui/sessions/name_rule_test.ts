import assert from "node:assert/strict";
import { nameProblem, suggestedName } from "./name_rule.ts";

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

Deno.test("suggestedName makes a valid name from any name tmux allows", () => {
  assert.equal(suggestedName("my thing"), "my-thing");
  assert.equal(suggestedName("acme-web"), "acme-web", "a valid name stays");
  assert.equal(suggestedName("x".repeat(65)), "x".repeat(64));
  assert.equal(suggestedName(`${"a".repeat(63)} b`), "a".repeat(63), "no dash left at the end");
  assert.equal(suggestedName("-lead"), "lead");
  assert.equal(suggestedName("a.b:c  d"), "a-b-c-d");
  assert.equal(suggestedName("é名🤖"), "session");
  assert.equal(suggestedName(""), "session");
  for (const name of ["my thing", "#{x}", "--", " x ", "a--b", "é-x", "x".repeat(200)]) {
    assert.equal(nameProblem(suggestedName(name)), null, name);
  }
});
