import assert from "node:assert/strict";
import { fuzzyFilter, fuzzyScore } from "./fuzzy_match.ts";

Deno.test("fuzzyScore matches substrings and in-order characters, case-insensitively", () => {
  assert.notEqual(fuzzyScore("WEB", "acme-web-frontend"), null);
  assert.notEqual(fuzzyScore("awf", "acme-web-frontend"), null);
  assert.equal(fuzzyScore("fwa", "acme-web-frontend"), null);
  assert.equal(fuzzyScore("", "anything"), 0);
});

Deno.test("fuzzyFilter ranks substrings above scattered matches", () => {
  const names = ["alpha-beta", "beta", "b-e-t-a-x", "gamma"];
  assert.deepEqual(fuzzyFilter(names, "beta", (name) => name), ["beta", "alpha-beta", "b-e-t-a-x"]);
});

Deno.test("fuzzyFilter prefers word starts", () => {
  const names = ["xfront", "acme-front"];
  assert.deepEqual(fuzzyFilter(names, "front", (name) => name), ["acme-front", "xfront"]);
});
