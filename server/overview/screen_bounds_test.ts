import assert from "node:assert/strict";
import { charWidth } from "../cell_width.ts";
import { boundScreen, cropLine } from "./screen_bounds.ts";

const limits = { maxCols: 10, maxRows: 3, maxBytes: 1000 };

Deno.test("boundScreen keeps a screen within the limits as it is, without trailing blank rows", () => {
  assert.deepEqual(
    boundScreen({ text: "$ ls\n\x1b[1mfile\x1b[0m\n\n", cols: 10, rows: 3, cursorY: 0 }, limits),
    { screen: "$ ls\n\x1b[1mfile\x1b[0m", cols: 10, rows: 3 },
  );
});

Deno.test("boundScreen keeps the cursor's row in view and carries colours set above the cut", () => {
  const text = "\x1b[31mr0\nr1\x1b[0m\n\x1b[32mr2\nr3\nr4\nr5\n";
  // Cursor on row 4: rows 2–4 are shown, with the green set on row 2 (the red was reset).
  assert.deepEqual(boundScreen({ text, cols: 10, rows: 6, cursorY: 4 }, limits), {
    screen: "\x1b[32mr2\nr3\nr4",
    cols: 10,
    rows: 3,
  });
  // Cursor on row 3: rows 1–3, starting red, as row 0 left it.
  assert.equal(
    boundScreen({ text, cols: 10, rows: 6, cursorY: 3 }, limits).screen,
    "\x1b[31mr1\x1b[0m\n\x1b[32mr2\nr3",
  );
  // Cursor at the top: the top rows.
  assert.equal(
    boundScreen({ text, cols: 10, rows: 6, cursorY: 0 }, limits).screen,
    "\x1b[31mr0\nr1\x1b[0m\n\x1b[32mr2",
  );
});

Deno.test("boundScreen cuts wide panes by columns, counting wide characters as two", () => {
  const bounded = boundScreen(
    { text: "0123456789abcdef\n日本語日本語x\n", cols: 16, rows: 2, cursorY: 0 },
    limits,
  );
  assert.deepEqual(bounded, { screen: "0123456789\n日本語日本", cols: 10, rows: 2 });
});

Deno.test("boundScreen drops colours, then blanks top rows, to stay under the byte limit", () => {
  const line = "\x1b[38;2;1;2;3mx".repeat(5);
  const text = `${line}\n${line}\n${line}\n`;
  const small = { maxCols: 10, maxRows: 3, maxBytes: 20 };
  assert.deepEqual(boundScreen({ text, cols: 5, rows: 3, cursorY: 0 }, small), {
    screen: "xxxxx\nxxxxx\nxxxxx",
    cols: 5,
    rows: 3,
  });
  const tiny = { maxCols: 10, maxRows: 3, maxBytes: 12 };
  const cut = boundScreen({ text, cols: 5, rows: 3, cursorY: 0 }, tiny);
  assert.equal(cut.screen, "\nxxxxx\nxxxxx");
  assert.ok(new TextEncoder().encode(cut.screen).length <= 12);
});

Deno.test("cropLine keeps escapes after the cut so the next line's colours stay right", () => {
  assert.equal(cropLine("abc\x1b[31mdef\x1b[0m", 4), "abc\x1b[31md\x1b[0m");
  assert.equal(cropLine("ab", 4), "ab");
});

Deno.test("charWidth: combining marks 0, East Asian wide and emoji 2, others 1", () => {
  assert.equal(charWidth("a".codePointAt(0) as number), 1);
  assert.equal(charWidth("é".codePointAt(0) as number), 1);
  assert.equal(charWidth(0x301), 0);
  assert.equal(charWidth("日".codePointAt(0) as number), 2);
  assert.equal(charWidth("😀".codePointAt(0) as number), 2);
  assert.equal(charWidth("─".codePointAt(0) as number), 1);
});
