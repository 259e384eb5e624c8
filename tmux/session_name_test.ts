import assert from "node:assert/strict";
import fc from "fast-check";
import {
  groupPath,
  SESSION_NAME_MAX,
  SESSION_NAME_RULE,
  sessionNameProblem,
} from "./session_name.ts";

const BAD_NAMES: [unknown, RegExp][] = [
  ["", /must not be empty/],
  ["a;b", /may contain only/],
  [";", /may contain only/],
  ["a:b", /may contain only/],
  ["a.b", /may contain only/],
  [".", /may contain only/],
  ["=a", /may contain only/],
  ["a=b", /may contain only/],
  ["a b", /may contain only/],
  [" a", /may contain only/],
  ["a ", /may contain only/],
  ["a\tb", /may contain only/],
  ["a\nb", /may contain only/],
  ['a"b', /may contain only/],
  ["a'b", /may contain only/],
  ["$(rm)", /may contain only/],
  ["`id`", /may contain only/],
  ["$HOME", /may contain only/],
  ["a/b", /may contain only/],
  ["a\\b", /may contain only/],
  ["#{pane_id}", /may contain only/],
  ["%1", /may contain only/],
  ["@1", /may contain only/],
  ["a*", /may contain only/],
  ["[ab]", /may contain only/],
  ["{}", /may contain only/],
  ["~", /may contain only/],
  ["ünïcode", /may contain only/],
  ["漢字", /may contain only/],
  ["emoji-😀", /may contain only/],
  ["a\u200bb", /may contain only/],
  ["-a", /must not start with "-"/],
  ["-", /must not start with "-"/],
  ["--", /must not start with "-"/],
  ["a".repeat(SESSION_NAME_MAX + 1), /at most 64 characters \(got 65\)/],
  ["x".repeat(1000), /at most 64 characters \(got 1000\)/],
  [undefined, /must be a string/],
  [null, /must be a string/],
  [42, /must be a string/],
  [["a"], /must be a string/],
  [{ name: "a" }, /must be a string/],
];

for (const [name, message] of BAD_NAMES) {
  const label = typeof name === "string" ? JSON.stringify(name) : Deno.inspect(name);
  Deno.test(`sessionNameProblem rejects ${label.slice(0, 40)}`, () => {
    const problem = sessionNameProblem(name);
    assert.ok(problem !== null, "expected a problem");
    assert.match(problem, message);
  });
}

Deno.test("sessionNameProblem accepts letters, digits, _ and - up to 64 characters", () => {
  const good = [
    "a",
    "A",
    "0",
    "_",
    "main",
    "customers-zoom-backend",
    "agent_7",
    "a-",
    "a--b",
    "_-_",
    "007",
    "CamelCase",
    "a".repeat(SESSION_NAME_MAX),
  ];
  for (const name of good) assert.equal(sessionNameProblem(name), null, name);
});

Deno.test("sessionNameProblem agrees with the rule it states", () => {
  assert.match(SESSION_NAME_RULE, /1-64 letters, digits/);
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (name) => {
      const valid = name.length >= 1 && name.length <= SESSION_NAME_MAX &&
        /^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(name);
      assert.equal(sessionNameProblem(name) === null, valid, JSON.stringify(name));
    }),
    { numRuns: 500 },
  );
});

const GROUPS: [string, string[]][] = [
  ["main", ["main"]],
  ["customers-zoom", ["customers", "zoom"]],
  ["customers-zoom-backend", ["customers", "zoom", "backend"]],
  ["a-b-c-d-e", ["a", "b", "c-d-e"]],
  ["customers-zoom-backend-api-v2", ["customers", "zoom", "backend-api-v2"]],
  ["a-", ["a-"]],
  ["a--", ["a--"]],
  ["a--b", ["a", "b"]],
  ["a---b---c", ["a", "b", "c"]],
  ["a-b--c--d", ["a", "b", "c-d"]],
  ["a-b-", ["a", "b"]],
  ["-a", ["-a"]],
  ["-a-b", ["a", "b"]],
  ["-", ["-"]],
  ["_", ["_"]],
  ["under_score-x", ["under_score", "x"]],
];

for (const [name, path] of GROUPS) {
  Deno.test(`groupPath splits ${JSON.stringify(name)} into ${JSON.stringify(path)}`, () => {
    assert.deepEqual(groupPath(name), path);
  });
}

Deno.test("groupPath never gives more than three parts or an empty one", () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z_-]{1,20}$/), (name) => {
      const path = groupPath(name);
      assert.ok(path.length >= 1 && path.length <= 3);
      assert.ok(path.every((part) => part.length > 0));
    }),
    { numRuns: 500 },
  );
});
