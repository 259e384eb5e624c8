/**
 * Owns rebuilding a recorded session in tmux: the session under its name, each window with its
 * panes in their own directories, the recorded layouts, window names and the active window, and,
 * only when asked, the commands typed into the panes again.
 */

import { SessionExistsError, TmuxCommandError } from "./errors.ts";
import { escapeFormat } from "./format_escape.ts";
import type { WindowShape } from "./session_layout.ts";
import { untilDrawn } from "./prompt_wait.ts";
import type { ControlClient } from "./control_client.ts";
import { runOver, watchSession } from "./session_watch.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";

/** What to rebuild. */
export interface RestorePlan {
  name: string;
  /** Where a pane whose directory is unknown or gone starts. */
  cwd: string;
  /** The windows as recorded; none means one window in `cwd`. */
  windows: readonly WindowShape[];
  /** Per window, per pane: a command to type once its shell starts (null: the shell only). */
  commands?: readonly (readonly (string | null)[])[];
}

/** The rebuilt session's identity. */
export interface RestoredSession {
  id: string;
  created: number;
}

/** The size a layout string (`95e4,120x40,0,0{…}`) was made for, if it says. */
export function layoutSize(layout: string): { cols: number; rows: number } | null {
  const match = /^[0-9a-f]{4},(\d+)x(\d+),/.exec(layout);
  return match ? { cols: Number(match[1]), rows: Number(match[2]) } : null;
}

/**
 * Creates the session of `plan`. Panes are split in order, re-tiled as they come so none runs out
 * of room, then the recorded layout is applied. A directory that no longer exists falls back to
 * `plan.cwd` (and that to tmux's default), so a moved checkout does not stop the rest.
 *
 * @throws {SessionExistsError} when a session already has the name.
 */
export async function restoreSession(
  options: TmuxOptions,
  plan: RestorePlan,
  exists: (path: string) => Promise<boolean> = isDirectory,
): Promise<RestoredSession> {
  const windows: readonly WindowShape[] = plan.windows.length > 0 ? plan.windows : [{
    index: 0,
    name: null,
    layout: "",
    active: true,
    panes: [{ cwd: plan.cwd, command: "", startCommand: "" }],
  }];
  const fallback = (await exists(plan.cwd)) ? plan.cwd : null;
  const dir = async (cwd: string) => cwd !== "" && (await exists(cwd)) ? cwd : fallback;
  const run = async (args: string[]) => {
    const result = await execTmux(options, args);
    if (result.code !== 0) {
      if (/duplicate session/.test(result.stderr)) {
        throw new SessionExistsError(plan.name, "restore");
      }
      throw new TmuxCommandError(args[0] ?? "tmux", result.stderr);
    }
    return new TextDecoder().decode(result.stdout).trim();
  };
  const cwdArgs = (cwd: string | null) => cwd === null ? [] : ["-c", escapeFormat(cwd)];

  const first = windows[0] as WindowShape;
  const size = layoutSize(first.layout);
  const [id = "", firstWindow = "", firstPane = "", createdText = ""] = (await run([
    "new-session",
    "-d",
    "-P",
    "-F",
    "#{session_id},#{window_id},#{pane_id},#{session_created}",
    "-s",
    escapeFormat(plan.name),
    ...cwdArgs(await dir(first.panes[0]?.cwd ?? "")),
    ...(size ? ["-x", String(size.cols), "-y", String(size.rows)] : []),
  ])).split(",");
  const created = Number(createdText);
  // The prompt waits go over one control client, opened for the first (session_watch.ts).
  let watch: ControlClient | null | undefined;
  const untilPaneDrawn = async (pane: string) => {
    watch ??= await watchSession(options, id);
    await untilDrawn(runOver(options, watch), pane);
  };
  try {
    let activeWindow = firstWindow;
    for (const [w, window] of windows.entries()) {
      let windowId = firstWindow;
      const paneIds = [firstPane];
      if (w > 0) {
        const [newWindow = "", newPane = ""] = (await run([
          "new-window",
          "-d",
          "-P",
          "-F",
          "#{window_id},#{pane_id}",
          "-t",
          `${id}:`,
          ...cwdArgs(await dir(window.panes[0]?.cwd ?? "")),
        ])).split(",");
        windowId = newWindow;
        paneIds[0] = newPane;
      }
      for (const pane of window.panes.slice(1)) {
        paneIds.push(
          await run([
            "split-window",
            "-d",
            "-P",
            "-F",
            "#{pane_id}",
            // After the last pane, so the panes keep their order (a split goes after its target).
            "-t",
            paneIds.at(-1) ?? windowId,
            ...cwdArgs(await dir(pane.cwd)),
          ]),
        );
        await run(["select-layout", "-t", windowId, "tiled"]);
      }
      if (window.layout !== "") {
        // A layout that does not fit (another pane count) keeps the tiling rather than fail.
        await execTmux(options, ["select-layout", "-t", windowId, window.layout]);
      }
      if (window.name !== null) {
        await run(["rename-window", "-t", windowId, escapeFormat(window.name)]);
      }
      if (window.active) activeWindow = windowId;
      for (const [p, command] of (plan.commands?.[w] ?? []).entries()) {
        const pane = paneIds[p];
        if (command === null || pane === undefined || command.trim() === "") continue;
        // Typed before the shell has drawn its prompt, the line's echo would come first and the
        // prompt then the output after it, on one line: wait for the prompt, as creating does.
        await untilPaneDrawn(pane);
        await run(["send-keys", "-t", pane, "-l", "--", command]);
        await run(["send-keys", "-t", pane, "Enter"]);
      }
    }
    await run(["select-window", "-t", activeWindow]);
  } catch (error) {
    // Half a session is worse than none: the record stays restorable.
    await execTmux(options, ["kill-session", "-t", id]);
    throw error;
  } finally {
    await watch?.[Symbol.asyncDispose]();
  }
  return { id, created };
}

async function isDirectory(path: string): Promise<boolean> {
  if (path === "") return false;
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}
