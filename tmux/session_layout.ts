/**
 * Owns reading a session's shape from tmux — its windows with their layouts and names, and each
 * pane's directory and command — so it can be recorded and later rebuilt (session_restore.ts).
 */

import { TmuxCommandError } from "./errors.ts";
import { type ListDelimiters, listDelimiters, listFormat, parseList } from "./list_format.ts";
import { execTmux, type TmuxOptions } from "./tmux_exec.ts";
import { isNoServer, isNoSession } from "./tmux_stderr.ts";

/** One pane as recorded. */
export interface PaneShape {
  /** The pane's working directory (its foreground process's). */
  cwd: string;
  /** The foreground program's name (`bash`, `vim`, `claude`). */
  command: string;
  /** The command the pane was started with, when it was started with one (not a plain shell). */
  startCommand: string;
  /** The pane's first process (its shell), as tmux reports it; 0 when unknown. */
  pid?: number;
  /** The agent running in the pane (`claude`, `codex`, `gemini`), when one was found. */
  agent?: string;
  /** That agent's own conversation id, when it could be read for its process. */
  conversation?: string;
  /**
   * The agent's command line as its process shows it, for relaunching an agent that was started
   * by hand in a shell (shell-quoted; "" when it was started through Maestro or is unknown).
   */
  launch?: string;
}

/** One window as recorded. */
export interface WindowShape {
  index: number;
  /** The name tmux shows; null while tmux names it after its program (automatic-rename). */
  name: string | null;
  /** tmux's layout string (`95e4,120x40,0,0{…}`), which `select-layout` takes back. */
  layout: string;
  active: boolean;
  panes: PaneShape[];
}

const FIELDS = [
  "#{session_id}",
  "#{session_created}",
  "#{window_index}",
  "#{window_name}",
  "#{automatic-rename}",
  "#{window_layout}",
  "#{window_active}",
  "#{pane_current_path}",
  "#{pane_current_command}",
  "#{pane_start_command}",
  "#{pane_pid}",
];

/** The `list-panes -a -F` format {@link parseLayouts} reads. */
export function layoutsFormat(delimiters: ListDelimiters): string {
  return listFormat(FIELDS, delimiters);
}

/**
 * Every session's windows (in index order) from `list-panes -a -F layoutsFormat(…)` output,
 * keyed `id@created` (a session's identity on its server). Pure.
 */
export function parseLayouts(text: string, delimiters: ListDelimiters): Map<string, WindowShape[]> {
  const sessions = new Map<string, Map<number, WindowShape>>();
  for (const row of parseList(text, delimiters, FIELDS.length)) {
    const key = `${row[0]}@${row[1]}`;
    const f = row.slice(2);
    let windows = sessions.get(key);
    if (windows === undefined) sessions.set(key, windows = new Map());
    const index = Number(f[0]);
    let window = windows.get(index);
    if (window === undefined) {
      window = {
        index,
        name: f[2] === "1" ? null : (f[1] as string),
        layout: f[3] as string,
        active: f[4] === "1",
        panes: [],
      };
      windows.set(index, window);
    }
    window.panes.push({
      cwd: f[5] as string,
      command: f[6] as string,
      startCommand: f[7] as string,
      pid: Number(f[8]) || 0,
    });
  }
  return new Map(
    [...sessions].map(([key, windows]) => [
      key,
      [...windows.values()].sort((a, b) => a.index - b.index),
    ]),
  );
}

/**
 * A fingerprint of every window's layout in a session, cheap enough for the session list's own
 * `list-sessions` format (no process is read): it changes when a window or a pane comes or goes
 * or is resized, which is when the whole shape is read again.
 */
export const LAYOUTS_FIELD = "#{W:#{window_index}.#{window_layout} }";

/**
 * Sessions' windows and panes, keyed `id@created`: of the sessions with the given ids (a few, one
 * `list-panes -s` each), or of every session (one `list-panes -a`). Empty when no server runs; a
 * session that is gone is left out.
 */
export async function readLayouts(
  options: TmuxOptions,
  ids?: readonly string[],
): Promise<Map<string, WindowShape[]>> {
  const delimiters = listDelimiters();
  const format = layoutsFormat(delimiters);
  const targets = ids === undefined ? [["-a"]] : ids.map((id) => ["-s", "-t", id]);
  let text = "";
  for (const target of targets) {
    const result = await execTmux(options, ["list-panes", ...target, "-F", format]);
    if (result.code !== 0) {
      if (isNoServer(result.stderr)) return new Map();
      if (ids !== undefined && isNoSession(result.stderr)) continue;
      throw new TmuxCommandError("list-panes", result.stderr);
    }
    text += new TextDecoder().decode(result.stdout);
  }
  return parseLayouts(text, delimiters);
}
