/**
 * Owns which of a session's top-bar controls can work, pure: each control's reason for being
 * disabled, or null when it works.
 */

import type { SessionStatus } from "../shared/types.ts";

/** Why each control is disabled; null for one that works. */
export interface ControlReasons {
  mute: string | null;
  rename: string | null;
  kill: string | null;
  notes: string | null;
}

/** What decides the controls: the session's state as the page knows it. */
export interface ControlFacts {
  name: string;
  /** Its status, or null when the session is no longer listed (it ended, killed or gone). */
  status: SessionStatus | null;
  /** The host's name when it is offline, or null when it is reachable. */
  offlineHost: string | null;
}

/**
 * What works for a session: nothing when its host is offline or the session has ended (it is no
 * longer in tmux). An exited program whose pane tmux keeps can still be killed (that is how it goes
 * away) and its notes read, but renaming or muting what no longer runs is moot.
 */
export function controlReasons(facts: ControlFacts): ControlReasons {
  const all = (reason: string): ControlReasons => ({
    mute: reason,
    rename: reason,
    kill: reason,
    notes: reason,
  });
  if (facts.offlineHost !== null) {
    return all(`Unavailable: ${facts.offlineHost} is offline`);
  }
  if (facts.status === null) return all(`Unavailable: ${facts.name} has ended`);
  if (facts.status === "exited") {
    const reason = `Unavailable: ${facts.name}'s program has exited`;
    return { mute: reason, rename: reason, kill: null, notes: null };
  }
  return { mute: null, rename: null, kill: null, notes: null };
}
