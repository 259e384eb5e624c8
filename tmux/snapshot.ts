/** Owns turning tmux captures of a pane into bytes that repaint a fresh terminal emulator. */

/** Pane state read with `display-message -p` in the same atomic batch as the captures. */
export interface PaneState {
  paneId: string;
  cols: number;
  rows: number;
  cursorX: number;
  cursorY: number;
  cursorVisible: boolean;
  alternate: boolean;
  historySize: number;
  keypadCursor: boolean;
  keypad: boolean;
  insert: boolean;
  origin: boolean;
  wrap: boolean;
  mouseStandard: boolean;
  mouseButton: boolean;
  mouseAny: boolean;
  mouseSgr: boolean;
  mouseUtf8: boolean;
  scrollUpper: number;
  scrollLower: number;
  title: string;
}

/** The `display-message -p` format whose output {@link parsePaneState} reads. Title last. */
export const PANE_STATE_FORMAT = [
  "#{pane_id}",
  "#{pane_width}",
  "#{pane_height}",
  "#{cursor_x}",
  "#{cursor_y}",
  "#{cursor_flag}",
  "#{alternate_on}",
  "#{history_size}",
  "#{keypad_cursor_flag}",
  "#{keypad_flag}",
  "#{insert_flag}",
  "#{origin_flag}",
  "#{wrap_flag}",
  "#{mouse_standard_flag}",
  "#{mouse_button_flag}",
  "#{mouse_any_flag}",
  "#{mouse_sgr_flag}",
  "#{mouse_utf8_flag}",
  "#{scroll_region_upper}",
  "#{scroll_region_lower}",
  "#{pane_title}",
].join(" ");

/** Parse one line produced by {@link PANE_STATE_FORMAT}. */
export function parsePaneState(line: string): PaneState {
  const parts = line.split(" ");
  const title = parts.slice(20).join(" ");
  const n = (i: number) => Number(parts[i] ?? 0) || 0;
  const flag = (i: number) => parts[i] === "1";
  return {
    paneId: parts[0] ?? "",
    cols: n(1),
    rows: n(2),
    cursorX: n(3),
    cursorY: n(4),
    cursorVisible: flag(5),
    alternate: flag(6),
    historySize: n(7),
    keypadCursor: flag(8),
    keypad: flag(9),
    insert: flag(10),
    origin: flag(11),
    wrap: flag(12),
    mouseStandard: flag(13),
    mouseButton: flag(14),
    mouseAny: flag(15),
    mouseSgr: flag(16),
    mouseUtf8: flag(17),
    scrollUpper: n(18),
    scrollLower: n(19),
    title,
  };
}

export interface SnapshotParts {
  state: PaneState;
  /** `capture-pane -e -J -S -N -E -1`: history above the screen (ignored when historySize is 0). */
  history: Uint8Array[];
  /** `capture-pane -e -N`: the visible screen, one line per row. */
  screen: Uint8Array[];
  /** `capture-pane -e -N -a`: the normal screen saved while the alternate screen is on. */
  savedScreen: Uint8Array[];
}

const encoder = new TextEncoder();
const CRLF = encoder.encode("\r\n");

/**
 * Bytes that, written into a freshly reset terminal of the pane's size, reproduce the pane:
 * history scrolls into the scrollback, then the screen, modes, scroll region and cursor.
 */
export function buildSnapshot(parts: SnapshotParts): Uint8Array {
  const { state } = parts;
  const chunks: Uint8Array[] = [];
  const history = state.historySize > 0 ? parts.history : [];
  const normalScreen = state.alternate ? parts.savedScreen : parts.screen;
  writeLines(chunks, [...history, ...trimScreen(normalScreen, state.rows)]);
  if (state.alternate) {
    chunks.push(encoder.encode("\x1b[0m\x1b[?1049h\x1b[H\x1b[2J"));
    writeLines(chunks, trimScreen(parts.screen, state.rows));
  }
  let tail = "\x1b[0m";
  if (!state.wrap) tail += "\x1b[?7l";
  if (state.insert) tail += "\x1b[4h";
  if (state.keypadCursor) tail += "\x1b[?1h";
  if (state.keypad) tail += "\x1b=";
  if (state.mouseStandard) tail += "\x1b[?1000h";
  if (state.mouseButton) tail += "\x1b[?1002h";
  if (state.mouseAny) tail += "\x1b[?1003h";
  if (state.mouseUtf8) tail += "\x1b[?1005h";
  if (state.mouseSgr) tail += "\x1b[?1006h";
  if (
    state.scrollUpper !== 0 || (state.scrollLower !== 0 && state.scrollLower !== state.rows - 1)
  ) {
    tail += `\x1b[${state.scrollUpper + 1};${state.scrollLower + 1}r`;
  }
  if (state.origin) tail += "\x1b[?6h";
  const row = state.origin ? state.cursorY - state.scrollUpper : state.cursorY;
  tail += `\x1b[${row + 1};${state.cursorX + 1}H`;
  if (!state.cursorVisible) tail += "\x1b[?25l";
  chunks.push(encoder.encode(tail));
  return concat(chunks);
}

/** The screen capture has one line per row; never write more rows than the pane has. */
function trimScreen(lines: Uint8Array[], rows: number): Uint8Array[] {
  return rows > 0 && lines.length > rows ? lines.slice(lines.length - rows) : lines;
}

function writeLines(chunks: Uint8Array[], lines: Uint8Array[]): void {
  lines.forEach((line, i) => {
    if (i > 0) chunks.push(CRLF);
    chunks.push(line);
  });
}

/** Concatenate byte arrays into one. */
export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
