import assert from "node:assert/strict";
import { clipAround, groupMatches, highlightParts, lineLabel } from "./search_results.ts";

const match = (host: string, name: string, line: number) => ({
  host,
  name,
  line,
  column: 0,
  text: "x",
});

Deno.test("groupMatches groups by host and name in first-seen order", () => {
  const groups = groupMatches([
    match("local", "b", 1),
    match("local", "a", 2),
    match("local", "b", 3),
    match("w1", "b", 4),
  ]);
  assert.deepEqual(groups.map((g) => [g.key, g.matches.map((m) => m.line)]), [
    ["local/b", [1, 3]],
    ["local/a", [2]],
    ["w1/b", [4]],
  ]);
  assert.deepEqual(groupMatches([]), []);
});

Deno.test("highlightParts marks every occurrence, any case, literally", () => {
  assert.deepEqual(highlightParts("Error: error.", "ERROR"), [
    { text: "Error", hit: true },
    { text: ": ", hit: false },
    { text: "error", hit: true },
    { text: ".", hit: false },
  ]);
  assert.deepEqual(highlightParts("a.b axb", "a.b"), [
    { text: "a.b", hit: true },
    { text: " axb", hit: false },
  ]);
  assert.deepEqual(highlightParts("none", "x"), [{ text: "none", hit: false }]);
  assert.deepEqual(highlightParts("", "x"), [{ text: "", hit: false }]);
  assert.deepEqual(highlightParts("abc", ""), [{ text: "abc", hit: false }]);
});

Deno.test("lineLabel counts screen lines from 1 and scrollback upwards", () => {
  assert.equal(lineLabel(0), "line 1");
  assert.equal(lineLabel(23), "line 24");
  assert.equal(lineLabel(-1), "1 line up");
  assert.equal(lineLabel(-40), "40 lines up");
});

Deno.test("clipAround cuts the start of a long line so the match shows", () => {
  assert.equal(clipAround("short hit", 6), "short hit");
  const long = "x".repeat(100) + "hit tail";
  assert.equal(clipAround(long, 100, 5), "…xxxxxhit tail");
  assert.equal(clipAround(long.slice(90), 10, 5), long.slice(90));
});
