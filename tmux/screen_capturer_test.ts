import assert from "node:assert/strict";
import { isScreenTarget, parseScreenBatch, screenBatchArgs } from "./screen_capturer.ts";

const NONCE = "maestro-screen-n0";

Deno.test("screenBatchArgs asks for a marker and the screen of each target: session or pane id", () => {
  assert.deepEqual(screenBatchArgs(["$1", "$20"], NONCE, true), [
    "display-message",
    "-p",
    "-t",
    "$1:",
    `${NONCE} 0 #{pane_width} #{pane_height} #{alternate_on} #{cursor_x} #{cursor_y} #{history_size}`,
    ";",
    "capture-pane",
    "-p",
    "-t",
    "$1:",
    "-e",
    ";",
    "display-message",
    "-p",
    "-t",
    "$20:",
    `${NONCE} 1 #{pane_width} #{pane_height} #{alternate_on} #{cursor_x} #{cursor_y} #{history_size}`,
    ";",
    "capture-pane",
    "-p",
    "-t",
    "$20:",
    "-e",
  ]);
  assert.ok(!screenBatchArgs(["$1"], NONCE, false).includes("-e"));
  assert.deepEqual(screenBatchArgs(["%12"], NONCE, false).filter((arg) => arg.startsWith("%")), [
    "%12",
    "%12",
  ]);
});

Deno.test("isScreenTarget takes pane and session ids only, never a name", () => {
  for (const target of ["%0", "%12", "$0", "$305"]) assert.equal(isScreenTarget(target), true);
  for (const target of ["main", "=main", "$0x", "$", "%", "%1:", "$1:", "@1", "ba*", "", " $1"]) {
    assert.equal(isScreenTarget(target), false, target);
  }
});

Deno.test("parseScreenBatch splits the output into one capture per session", () => {
  const output = `${NONCE} 0 80 3 0 2 1 7\n$ ls\nfile\n\n${NONCE} 1 40 2 1 0 0 0\n\x1b[31mred\n\n`;
  const captures = parseScreenBatch(output, NONCE, ["a", "b"], true);
  assert.deepEqual(captures.get("a"), {
    text: "$ ls\nfile\n",
    cols: 80,
    rows: 3,
    alternate: false,
    cursorX: 2,
    cursorY: 1,
    historySize: 7,
  });
  assert.deepEqual(captures.get("b"), {
    text: "\x1b[31mred\n",
    cols: 40,
    rows: 2,
    alternate: true,
    cursorX: 0,
    cursorY: 0,
    historySize: 0,
  });
});

Deno.test("parseScreenBatch trusts no record at or after a failure", () => {
  // tmux stopped at the second session (gone): its marker printed, its screen did not.
  const output = `${NONCE} 0 80 1 0 0 0\nfirst\n${NONCE} 1 80 1 0 0 0\n`;
  const captures = parseScreenBatch(output, NONCE, ["a", "gone", "c"], false);
  assert.deepEqual([...captures.keys()], ["a"]);
  // A screen line that merely contains the nonce later in the line is text, not a marker.
  const tricky = `${NONCE} 0 80 2 0 0 0\necho ${NONCE} 1\nx\n`;
  assert.equal(parseScreenBatch(tricky, NONCE, ["a"], true).get("a")?.text, `echo ${NONCE} 1\nx\n`);
  // Records out of order are not what was asked for.
  assert.equal(parseScreenBatch(`${NONCE} 1 80 1 0 0 0\nx\n`, NONCE, ["a", "b"], true).size, 0);
});
