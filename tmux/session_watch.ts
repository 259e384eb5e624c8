/**
 * Owns the short-lived control client a new session's waits go over: tens of reads (is the prompt
 * drawn, has the command exited) cost one process instead of a spawned tmux each, and every spawn
 * keeps native memory in the server (docs/BENCHMARKS.md "Memory").
 */

import { ControlClient } from "./control_client.ts";
import { TmuxClosedError } from "./errors.ts";
import { execTmux, type TmuxOptions, type TmuxRun } from "./tmux_exec.ts";

/**
 * A control client attached to session `id` that neither sizes its windows nor gets their output;
 * null if it cannot attach (the reads are then spawned). While attached it counts in the session's
 * `session_attached` and hides bells in its current window (tmux flags bells only where no client
 * looks), so it is kept only for the waits and disposed before the caller answers.
 */
export async function watchSession(
  options: TmuxOptions,
  id: string,
): Promise<ControlClient | null> {
  try {
    return await ControlClient.start({
      ...options,
      start: ["attach-session", "-t", id, "-f", "ignore-size,no-output"],
    });
  } catch {
    return null;
  }
}

/**
 * Commands over `watch` while it lasts, spawned once it has ended (or without one). Only for
 * commands that name their target: a control client's own session would stand in for a missing
 * one, and a spawned tmux has none.
 */
export function runOver(options: TmuxOptions, watch: ControlClient | null): TmuxRun {
  const spawned: TmuxRun = (args) => execTmux(options, args);
  if (watch === null) return spawned;
  return async (args) => {
    if (watch.isClosed) return await spawned(args);
    try {
      return await watch.exec(args);
    } catch (error) {
      if (error instanceof TmuxClosedError) return await spawned(args);
      throw error;
    }
  };
}
