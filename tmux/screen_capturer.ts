/**
 * Owns capturing the visible screens of many sessions at once (the overview's thumbnails): one
 * tmux process per batch instead of one per session, which is what makes 50 live thumbnails cheap.
 */

import { SessionNotFoundError } from "./errors.ts";
import { sessionTarget } from "./session_name.ts";
import type { Capture, SessionService } from "./session_service.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";

/** Most sessions captured by one tmux invocation (keeps its command line short). */
export const MAX_SCREEN_BATCH = 32;

/** What a screen batch gives for each session: its screen, or null when the session is gone. */
export type ScreenResults = Map<string, Capture | null>;

const MARK_FORMAT = "#{pane_width} #{pane_height} #{alternate_on} #{cursor_x} #{cursor_y}";

/**
 * The argv (after tmux's own flags) that prints, for each session, a marker line
 * `<nonce> <index> <cols> <rows> <alternate> <cursorX> <cursorY>` and then its visible screen.
 */
export function screenBatchArgs(names: readonly string[], nonce: string, ansi: boolean): string[] {
  const args: string[] = [];
  names.forEach((name, index) => {
    const target = `${sessionTarget(name)}:`;
    if (index > 0) args.push(";");
    args.push("display-message", "-p", "-t", target, `${nonce} ${index} ${MARK_FORMAT}`, ";");
    args.push("capture-pane", "-p", "-t", target);
    if (ansi) args.push("-e");
  });
  return args;
}

/**
 * Split a batch's output into captures, in order. Returns the sessions whose record is complete:
 * every record followed by another marker, and the last one too when tmux exited cleanly (after
 * a failure tmux stops the command list, so the last record and everything after it are unknown).
 */
export function parseScreenBatch(
  output: string,
  nonce: string,
  names: readonly string[],
  exitedCleanly: boolean,
): Map<string, Capture> {
  const records: { index: number; head: number[]; lines: string[] }[] = [];
  const lines = output.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const prefix = `${nonce} `;
  for (const line of lines) {
    if (line.startsWith(prefix)) {
      const [index, ...head] = line.slice(prefix.length).split(" ").map(Number);
      records.push({ index: index ?? -1, head, lines: [] });
    } else {
      records.at(-1)?.lines.push(line);
    }
  }
  const complete = exitedCleanly ? records : records.slice(0, -1);
  const captures = new Map<string, Capture>();
  complete.forEach((record, position) => {
    const name = names[record.index];
    // Records come in order; anything else means the output is not what was asked for.
    if (name === undefined || record.index !== position) return;
    const [cols = 0, rows = 0, alternate = 0, cursorX = 0, cursorY = 0] = record.head;
    captures.set(name, {
      text: record.lines.length === 0 ? "" : record.lines.join("\n") + "\n",
      cols,
      rows,
      alternate: alternate === 1,
      cursorX,
      cursorY,
      historySize: 0,
    });
  });
  return captures;
}

/** Captures many sessions' visible screens with one tmux process. */
export class ScreenCapturer {
  readonly #options: TmuxOptions;
  readonly #sessions: Pick<SessionService, "capture">;

  /** `sessions` captures one session at a time when a batch fails part-way (a session was gone). */
  constructor(options: TmuxOptions, sessions: Pick<SessionService, "capture">) {
    this.#options = options;
    this.#sessions = sessions;
  }

  /**
   * The visible screen of each named session (with colours as SGR escapes when `ansi`), at most
   * {@link MAX_SCREEN_BATCH} per tmux process. A session that does not exist maps to null.
   */
  async captureScreens(names: readonly string[], ansi = true): Promise<ScreenResults> {
    const results: ScreenResults = new Map();
    for (let start = 0; start < names.length; start += MAX_SCREEN_BATCH) {
      const batch = names.slice(start, start + MAX_SCREEN_BATCH);
      const nonce = `maestro-screen-${crypto.randomUUID()}`;
      const result = await execTmux(this.#options, screenBatchArgs(batch, nonce, ansi));
      const output = new TextDecoder().decode(result.stdout);
      const captures = parseScreenBatch(output, nonce, batch, result.code === 0);
      for (const name of batch) {
        const capture = captures.get(name);
        if (capture !== undefined) {
          results.set(name, capture);
          continue;
        }
        // Rare: the batch stopped at a session killed meanwhile. Ask for the rest one by one.
        try {
          results.set(name, await this.#sessions.capture(name, { ansi }));
        } catch (error) {
          if (!(error instanceof SessionNotFoundError)) throw error;
          results.set(name, null);
        }
      }
    }
    return results;
  }
}
