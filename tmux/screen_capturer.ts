/**
 * Owns capturing the visible screens of many panes at once: one tmux process per batch instead of
 * one per pane. Status detection reads every quiet session's screen with it, and the overview its
 * live thumbnails.
 */

import type { Capture } from "./session_service.ts";
import { isSessionId } from "./session_lookup.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";

/** Most screens captured by one tmux invocation (keeps its command line short). */
export const MAX_SCREEN_BATCH = 32;

/** What a capture gives for each target: its screen, or null when it is gone. */
export type ScreenResults = Map<string, Capture | null>;

const MARK_FORMAT =
  "#{pane_width} #{pane_height} #{alternate_on} #{cursor_x} #{cursor_y} #{history_size}";
const PANE_ID = /^%\d+$/;

/**
 * Whether `target` is one {@link ScreenCapturer} asks tmux for: a pane id (`%12`) or a session id
 * (`$3`, its active pane). Nothing else is exact (a name may be read as an id, a client's name or
 * a pattern: see session_lookup.ts).
 */
export function isScreenTarget(target: string): boolean {
  return PANE_ID.test(target) || isSessionId(target);
}

/** The tmux target of a pane id, or of a session id's current window (its active pane). */
function tmuxTarget(target: string): string {
  return PANE_ID.test(target) ? target : `${target}:`;
}

/**
 * The argv (after tmux's own flags) that prints, for each target (each one
 * {@link isScreenTarget}), a marker line
 * `<nonce> <index> <cols> <rows> <alternate> <cursorX> <cursorY> <history>` and then its screen.
 */
export function screenBatchArgs(
  targets: readonly string[],
  nonce: string,
  ansi: boolean,
): string[] {
  const args: string[] = [];
  targets.forEach((name, index) => {
    const target = tmuxTarget(name);
    if (index > 0) args.push(";");
    args.push("display-message", "-p", "-t", target, `${nonce} ${index} ${MARK_FORMAT}`, ";");
    args.push("capture-pane", "-p", "-t", target);
    if (ansi) args.push("-e");
  });
  return args;
}

/**
 * Split a batch's output into captures, in order, with the text as `SessionService.capture`
 * gives it. Returns the targets whose record is complete: every record followed by another
 * marker, and the last one too when tmux exited cleanly (after a failure tmux stops the command
 * list, so the last record and everything after it are unknown).
 */
export function parseScreenBatch(
  output: string,
  nonce: string,
  targets: readonly string[],
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
    const target = targets[record.index];
    // Records come in order; anything else means the output is not what was asked for.
    if (target === undefined || record.index !== position) return;
    const [cols = 0, rows = 0, alternate = 0, cursorX = 0, cursorY = 0, history = 0] = record.head;
    captures.set(target, {
      text: (record.lines.join("\n") + "\n").replace(/\n+$/, "\n"),
      cols,
      rows,
      alternate: alternate === 1,
      cursorX,
      cursorY,
      historySize: history,
    });
  });
  return captures;
}

/** Captures many panes' visible screens, {@link MAX_SCREEN_BATCH} per tmux process. */
export class ScreenCapturer {
  readonly #options: TmuxOptions;

  constructor(options: TmuxOptions) {
    this.#options = options;
  }

  /**
   * The visible screen of each target — a pane id (`%12`) or a session id (`$3`, its active
   * pane) — with colours as SGR escapes when `ansi`. A target that does not exist maps to null,
   * and so does anything else (a session name is not exact: look its id up first).
   */
  async captureScreens(targets: readonly string[], ansi = false): Promise<ScreenResults> {
    const results: ScreenResults = new Map();
    for (const target of targets) if (!isScreenTarget(target)) results.set(target, null);
    let pending = targets.filter(isScreenTarget);
    while (pending.length > 0) {
      const batch = pending.slice(0, MAX_SCREEN_BATCH);
      const captures = await this.#run(batch, ansi);
      let done = 0;
      for (const target of batch) {
        const capture = captures.get(target);
        if (capture === undefined) break;
        results.set(target, capture);
        done++;
      }
      if (done < batch.length) {
        // tmux stopped the list at batch[done] (gone), or only its record is in doubt: ask alone.
        const target = batch[done] as string;
        results.set(target, (await this.#run([target], ansi)).get(target) ?? null);
        done++;
      }
      pending = pending.slice(done);
    }
    return results;
  }

  async #run(batch: readonly string[], ansi: boolean): Promise<Map<string, Capture>> {
    const nonce = `maestro-screen-${crypto.randomUUID()}`;
    const result = await execTmux(this.#options, screenBatchArgs(batch, nonce, ansi));
    const output = new TextDecoder().decode(result.stdout);
    return parseScreenBatch(output, nonce, batch, result.code === 0);
  }
}
