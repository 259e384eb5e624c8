/**
 * Owns bounding a captured screen before it becomes a thumbnail: at most so many rows (keeping the
 * cursor's row in view), columns and bytes, with colours still right. Pure.
 */

import { charWidth } from "../cell_width.ts";

export interface ScreenLimits {
  maxCols: number;
  maxRows: number;
  /** UTF-8 bytes of the screen text; over it colours are dropped, then rows from the top. */
  maxBytes: number;
}

export const DEFAULT_SCREEN_LIMITS: ScreenLimits = {
  maxCols: 240,
  maxRows: 80,
  maxBytes: 48 * 1024,
};

/** A capture's text and geometry, as `capture-pane -p [-e]` and `display-message` give them. */
export interface RawScreen {
  text: string;
  cols: number;
  rows: number;
  cursorY: number;
}

export interface BoundedScreen {
  screen: string;
  cols: number;
  rows: number;
}

// Terminal escapes are control characters by definition.
// SGR, other CSI sequences, OSC (ended by BEL or ST) and two-byte escapes.
// deno-lint-ignore no-control-regex
const ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
// deno-lint-ignore no-control-regex
const SGR = /^\x1b\[[0-9;:]*m$/;
// deno-lint-ignore no-control-regex
const RESET = /^\x1b\[0*m$/;

/** The SGR sequences in `text`, in order, from the last full reset on (what sets its end state). */
function sgrState(lines: readonly string[]): string {
  let state: string[] = [];
  for (const line of lines) {
    for (const match of line.matchAll(ESCAPE)) {
      const sequence = match[0];
      if (!SGR.test(sequence)) continue;
      if (RESET.test(sequence)) state = [];
      else state.push(sequence);
    }
  }
  return state.join("");
}

/**
 * The first `maxCols` columns of a line. Escape sequences after the cut are kept (tmux writes
 * colour changes relative to the previous cell, so the next line may depend on them).
 */
export function cropLine(line: string, maxCols: number): string {
  let out = "";
  let width = 0;
  let last = 0;
  const take = (text: string) => {
    for (const char of text) {
      const w = charWidth(char.codePointAt(0) as number);
      if (width + w > maxCols) return;
      width += w;
      out += char;
    }
  };
  for (const match of line.matchAll(ESCAPE)) {
    take(line.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  take(line.slice(last));
  return out;
}

const encoder = new TextEncoder();

/** Bound a captured screen to `limits` (see {@link ScreenLimits}). */
export function boundScreen(
  raw: RawScreen,
  limits: ScreenLimits = DEFAULT_SCREEN_LIMITS,
): BoundedScreen {
  let lines = raw.text.split("\n");
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  const rows = Math.max(0, Math.min(raw.rows, limits.maxRows));
  const cols = Math.max(0, Math.min(raw.cols, limits.maxCols));
  let prefix = "";
  if (raw.rows > limits.maxRows) {
    // Show the rows ending at the cursor's (where an agent asks its question), or the top ones.
    const start = Math.min(
      Math.max(0, raw.cursorY + 1 - limits.maxRows),
      raw.rows - limits.maxRows,
    );
    prefix = sgrState(lines.slice(0, start));
    lines = lines.slice(start, start + limits.maxRows);
  }
  if (raw.cols > limits.maxCols) lines = lines.map((line) => cropLine(line, limits.maxCols));
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  let screen = prefix + lines.join("\n");
  if (encoder.encode(screen).length > limits.maxBytes) {
    lines = lines.map((line) => line.replace(ESCAPE, "").trimEnd());
    // Still too big (wide characters on a huge pane): blank rows from the top, keeping positions.
    for (
      let i = 0;
      i < lines.length && encoder.encode(lines.join("\n")).length > limits.maxBytes;
      i++
    ) {
      lines[i] = "";
    }
    screen = lines.join("\n");
  }
  return { screen, cols, rows };
}
