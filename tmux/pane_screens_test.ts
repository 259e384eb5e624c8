import assert from "node:assert/strict";
import { parseScreens, screensArgs } from "./pane_screens.ts";

Deno.test("screensArgs reads each pane by id in one command list", () => {
  assert.deepEqual(screensArgs(["%1", "%22"]), [
    "display-message",
    "-p",
    "-t",
    "%1",
    "\x1emaestro-screen #{pane_id} #{cursor_x} #{cursor_y} #{pane_width} #{pane_height} " +
    "#{alternate_on} #{history_size}",
    ";",
    "capture-pane",
    "-p",
    "-t",
    "%1",
    ";",
    "display-message",
    "-p",
    "-t",
    "%22",
    "\x1emaestro-screen #{pane_id} #{cursor_x} #{cursor_y} #{pane_width} #{pane_height} " +
    "#{alternate_on} #{history_size}",
    ";",
    "capture-pane",
    "-p",
    "-t",
    "%22",
  ]);
});

Deno.test("screensArgs refuses anything but pane ids as targets", () => {
  for (const bad of ["=name", "%1;kill-server", "%", "1", "%1 "]) {
    assert.throws(() => screensArgs(["%1", bad]), /not a pane id/);
  }
});

Deno.test("parseScreens splits the output into each pane's screen and cursor", () => {
  const output = [
    "\x1emaestro-screen %1 2 1 80 24 0 120",
    "$ ls",
    "$",
    "",
    "",
    "\x1emaestro-screen %7 16 0 100 30 1 0",
    "Continue? [y/N]",
    "",
  ].join("\n");
  assert.deepEqual([...parseScreens(output)], [
    ["%1", {
      text: "$ ls\n$\n",
      cursorX: 2,
      cursorY: 1,
      cols: 80,
      rows: 24,
      alternate: false,
      historySize: 120,
    }],
    [
      "%7",
      {
        text: "Continue? [y/N]\n",
        cursorX: 16,
        cursorY: 0,
        cols: 100,
        rows: 30,
        alternate: true,
        historySize: 0,
      },
    ],
  ]);
  assert.equal(parseScreens("").size, 0);
  // A pane that is gone: display-message prints no id, and its screen is not read.
  assert.deepEqual([...parseScreens("\x1emaestro-screen  0 0 80 24 0\n").keys()], []);
});
