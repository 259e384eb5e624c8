/**
 * Owns reading the visible screens of many panes at once: one tmux command per batch of panes
 * instead of one process per pane (status detection reads every quiet session's screen).
 */

import type { Capture } from "./session_service.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";

/** Panes per tmux command (each adds a dozen arguments). */
export const SCREENS_PER_COMMAND = 50;

/**
 * Starts the line tmux prints before each pane's screen. Screen text cannot contain it: tmux
 * keeps no C0 control characters in cells, and `capture-pane` without `-e` prints none.
 */
const MARK = "\x1emaestro-screen ";
const PANE_ID = /^%\d+$/;

/** `display-message` + `capture-pane` for each pane, joined into one command list. */
export function screensArgs(paneIds: readonly string[]): string[] {
  const args: string[] = [];
  for (const pane of paneIds) {
    if (!PANE_ID.test(pane)) throw new Error(`Cannot read the screen of "${pane}": not a pane id`);
    if (args.length > 0) args.push(";");
    const format = `${MARK}#{pane_id} #{cursor_x} #{cursor_y} #{pane_width} #{pane_height} ` +
      "#{alternate_on} #{history_size}";
    args.push("display-message", "-p", "-t", pane, format, ";", "capture-pane", "-p", "-t", pane);
  }
  return args;
}

/** Split the output of {@link screensArgs} into each pane's capture. */
export function parseScreens(text: string): Map<string, Capture> {
  const screens = new Map<string, Capture>();
  let current: { pane: string; capture: Capture; lines: string[] } | null = null;
  const finish = () => {
    // A pane that is gone prints an empty id (display-message falls back to no pane).
    if (!current || !PANE_ID.test(current.pane)) return;
    current.capture.text = current.lines.join("\n").replace(/\n+$/, "") + "\n";
    screens.set(current.pane, current.capture);
  };
  for (const line of text.split("\n")) {
    if (line.startsWith(MARK)) {
      finish();
      const [pane, x, y, cols, rows, alternate, history] = line.slice(MARK.length).split(" ");
      current = {
        pane: pane ?? "",
        lines: [],
        capture: {
          text: "",
          cursorX: Number(x) || 0,
          cursorY: Number(y) || 0,
          cols: Number(cols) || 0,
          rows: Number(rows) || 0,
          alternate: alternate === "1",
          historySize: Number(history) || 0,
        },
      };
    } else if (current) {
      current.lines.push(line);
    }
  }
  finish();
  return screens;
}

/** Reads visible screens by pane id, {@link SCREENS_PER_COMMAND} panes per tmux command. */
export class PaneScreens {
  readonly #options: TmuxOptions;

  constructor(options: TmuxOptions) {
    this.#options = options;
  }

  /**
   * The visible screens of these panes. A pane that is gone is missing from the answer, and so are
   * the panes after it in its batch (tmux stops a command list at its first error); callers try
   * those again later.
   */
  async captureScreens(paneIds: readonly string[]): Promise<Map<string, Capture>> {
    const screens = new Map<string, Capture>();
    for (let start = 0; start < paneIds.length; start += SCREENS_PER_COMMAND) {
      const batch = paneIds.slice(start, start + SCREENS_PER_COMMAND);
      // tmux runs a command list in one go, so a screen read is complete; a pane that is gone
      // stops the list at its capture-pane (an error), and the panes after it are not read.
      const result = await execTmux(this.#options, screensArgs(batch));
      for (const [pane, capture] of parseScreens(new TextDecoder().decode(result.stdout))) {
        screens.set(pane, capture);
      }
    }
    return screens;
  }
}
