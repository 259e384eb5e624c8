/** Owns reading a captured screen: its lines, the text before the cursor, box borders. Pure. */

import { charWidth } from "../cell_width.ts";

/** The visible screen of a pane as `capture-pane -p` prints it, with the cursor position. */
export interface Screen {
  /** One entry per screen row from the top (trailing blank rows may be missing). */
  lines: readonly string[];
  /** Cursor column and row, 0-based, in cells. */
  cursorX: number;
  cursorY: number;
}

/** A screen from `capture-pane -p` output and the cursor position tmux reported with it. */
export function screenFromText(text: string, cursorX: number, cursorY: number): Screen {
  const lines = text.split("\n");
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return { lines, cursorX, cursorY };
}

/** A non-empty screen line with its row. */
export interface Row {
  row: number;
  text: string;
}

/** The last `count` rows that hold anything but spaces, top to bottom. */
export function lastNonEmpty(screen: Screen, count: number): Row[] {
  const rows: Row[] = [];
  for (let row = screen.lines.length - 1; row >= 0 && rows.length < count; row--) {
    const text = screen.lines[row] ?? "";
    if (text.trim() !== "") rows.push({ row, text });
  }
  return rows.reverse();
}

/**
 * The cursor row's text left of the cursor, without trailing spaces: where a program that reads a
 * line has left its prompt (`Continue? [y/N] `). Empty when the cursor sits at the start of a row,
 * which is where output that ended with a newline leaves it.
 */
export function textBeforeCursor(screen: Screen): string {
  const line = screen.lines[screen.cursorY] ?? "";
  return sliceCells(line, screen.cursorX).trimEnd();
}

/** The first `cells` terminal cells of `line` (wide characters such as CJK take two). */
export function sliceCells(line: string, cells: number): string {
  let used = 0;
  let end = 0;
  for (const char of line) {
    const width = charWidth(char.codePointAt(0) ?? 0);
    if (used + width > cells) break;
    used += width;
    end += char.length;
  }
  return line.slice(0, end);
}

/** The line without the vertical borders of a drawn box (`│ text │`) and surrounding spaces. */
export function unboxed(line: string): string {
  return line.replace(/^\s*[│┃║|]\s?/, "").replace(/\s*[│┃║|]\s*$/, "").trim();
}

/** A horizontal rule drawn across the screen (`────`), optionally a box's top or bottom edge. */
export function isRule(line: string): boolean {
  return /^\s*[╭╰┌└]?[─━═]{8,}[╮╯┐┘]?\s*$/.test(line);
}
