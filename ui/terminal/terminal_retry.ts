/**
 * Owns when a terminal of a remote host tries again on its own: at once when its host comes back,
 * and when its stream ended just as its host went away (a worker that shuts down cleanly ends its
 * streams with `exit` before the manager marks it offline; the session itself is probably fine).
 */

import type { TerminalState } from "./terminal_connection.ts";

/** An `exit` this close to the host going offline counts as the host's doing, not the session's. */
export const HOST_LOSS_WINDOW_MS = 10_000;

export interface RetryCheck {
  state: TerminalState;
  /** The host's status now and before the change being looked at (equal when the state changed). */
  hostOnline: boolean;
  wasOnline: boolean;
  /** How long ago the stream ended (Infinity if it has not). */
  endedAgoMs: number;
}

/** Whether to reconnect now rather than wait (or give up). */
export function shouldRetryNow(check: RetryCheck): boolean {
  const { state, hostOnline, wasOnline } = check;
  if (state.kind === "reconnecting") return hostOnline && !wasOnline;
  if (state.kind === "ended") {
    // A refusal with a code (not found, bad frame…) stands; a plain exit may be the host's.
    return state.code === undefined && !hostOnline && check.endedAgoMs <= HOST_LOSS_WINDOW_MS;
  }
  return false;
}
