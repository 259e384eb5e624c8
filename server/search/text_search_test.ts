import assert from "node:assert/strict";
import { findInPane, literalMatcher, mergeFound, paneText } from "./text_search.ts";

const pane = (lines: string[], firstLine = 0) => ({ host: "local", name: "a", lines, firstLine });

Deno.test("findInPane finds a line case-insensitively with its line and column", () => {
  const found = findInPane(pane(["$ make", "Build FAILED here", "$ "]), "failed", 10);
  assert.deepEqual(found, {
    matches: [{ host: "local", name: "a", line: 1, column: 6, text: "Build FAILED here" }],
    truncated: false,
  });
});

Deno.test("findInPane reports one match per line, at the first occurrence", () => {
  const found = findInPane(pane(["err err err"]), "ERR", 10);
  assert.equal(found.matches.length, 1);
  assert.equal(found.matches[0]?.column, 0);
});

Deno.test("findInPane numbers scrollback lines negatively", () => {
  const found = findInPane(pane(["old hit", "older", "screen hit"], -2), "hit", 10);
  assert.deepEqual(found.matches.map((m) => m.line), [-2, 0]);
});

Deno.test("findInPane takes the query literally, pattern characters included", () => {
  const lines = ["a.b", "axb", "(x)?", "[1] $HOME \\n", "back/slash"];
  assert.deepEqual(findInPane(pane(lines), "a.b", 10).matches.map((m) => m.text), ["a.b"]);
  assert.deepEqual(findInPane(pane(lines), "(x)?", 10).matches.map((m) => m.text), ["(x)?"]);
  assert.deepEqual(findInPane(pane(lines), "[1] $HOME \\n", 10).matches.length, 1);
  assert.deepEqual(findInPane(pane(lines), "k/s", 10).matches.length, 1);
  assert.equal(findInPane(pane(["x-y [a-b]"]), "x-y [A-B]", 10).matches.length, 1);
  for (
    const query of [
      "-",
      "\\",
      "^",
      "$",
      ".",
      "*",
      "+",
      "?",
      "(",
      ")",
      "[",
      "]",
      "{",
      "}",
      "|",
      "/",
      ",",
      ":",
      "!",
      "=",
      "<",
      "#",
      "'",
      '"',
      "`",
      "~",
      "@",
      "%",
      "&",
    ]
  ) {
    assert.ok(literalMatcher(query).test(`a${query}b`), query);
    assert.ok(!literalMatcher(query).test("ab"), query);
  }
  assert.ok(literalMatcher("a|b").test("a|b"));
  assert.ok(!literalMatcher("a|b").test("a"));
});

Deno.test("findInPane folds case beyond ASCII and keeps string indexes", () => {
  const found = findInPane(pane(["→ ÉCOLE Straße"]), "école", 10);
  assert.equal(found.matches[0]?.column, 2);
  assert.equal(findInPane(pane(["ΣΊΣΥΦΟΣ"]), "σίσυφοσ", 10).matches.length, 1);
});

Deno.test("findInPane keeps the lowest lines when over its cap, in order", () => {
  const lines = Array.from({ length: 10 }, (_, i) => `hit ${i}`);
  const found = findInPane(pane(lines, -5), "hit", 3);
  assert.deepEqual(found.matches.map((m) => m.text), ["hit 7", "hit 8", "hit 9"]);
  assert.deepEqual(found.matches.map((m) => m.line), [2, 3, 4]);
  assert.equal(found.truncated, true);
  assert.equal(findInPane(pane(lines.slice(0, 3)), "hit", 3).truncated, false);
});

Deno.test("findInPane trims trailing spaces and finds nothing in empty panes", () => {
  assert.equal(findInPane(pane(["x   "]), "x", 1).matches[0]?.text, "x");
  assert.deepEqual(findInPane(pane([]), "x", 5), { matches: [], truncated: false });
  assert.equal(findInPane(pane(["x   "]), "x  ", 1).matches.length, 0);
});

Deno.test("mergeFound keeps the order and cuts at the limit", () => {
  const a = findInPane(pane(["1 hit", "2 hit"]), "hit", 10);
  const b = findInPane({ ...pane(["3 hit"]), name: "b" }, "hit", 10);
  assert.deepEqual(mergeFound([a, b], 10).matches.map((m) => m.text), ["1 hit", "2 hit", "3 hit"]);
  assert.equal(mergeFound([a, b], 10).truncated, false);
  const cut = mergeFound([a, b], 2);
  assert.deepEqual(cut.matches.map((m) => m.text), ["1 hit", "2 hit"]);
  assert.equal(cut.truncated, true);
  assert.equal(mergeFound([a, b], 3).truncated, false);
  assert.equal(mergeFound([{ matches: [], truncated: true }], 3).truncated, true);
});

Deno.test("paneText splits a capture and numbers it from the scrollback it holds", () => {
  assert.deepEqual(paneText("h", "n", "old\n$ ls\nfile\n", 1), {
    host: "h",
    name: "n",
    lines: ["old", "$ ls", "file"],
    firstLine: -1,
  });
  assert.deepEqual(paneText("h", "n", "\n", 0).lines, []);
  assert.deepEqual(paneText("h", "n", "", 0).lines, []);
  assert.deepEqual(paneText("h", "n", "\nx\n", 0).lines, ["", "x"]);
});
