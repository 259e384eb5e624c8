/** Owns the shapes of restorable sessions and of restoring, as the API and the CLI see them. */

/**
 * How long after Maestro killed a session it can still be brought back (`POST /api/restore`
 * with `undo: true`, `maestro restore --undo NAME`, the page's Undo); then it is forgotten with
 * its notes and mute.
 */
export const UNDO_KILL_SECONDS = 30;

/** One pane of a recorded window. */
export interface RestorablePane {
  cwd: string;
  /** The program it was running (`bash`, `vim`, `claude`). */
  command: string;
  /** The command it was started with, re-run only on request ("" for a plain shell). */
  startCommand: string;
  /** The agent it ran (`claude`, `codex`, `gemini`), when one was found in its processes. */
  agent?: string;
  /** That agent's own conversation id; absent when it could not be told ("unknown"). */
  conversation?: string;
  /** The agent's command line as its process showed it (for one started by hand). */
  launch?: string;
}

/** One recorded window. */
export interface RestorableWindow {
  index: number;
  /** null while tmux named it after its program. */
  name: string | null;
  layout: string;
  active: boolean;
  panes: RestorablePane[];
}

/** A session that vanished without being killed through Maestro (`GET /api/restorable`). */
export interface RestorableSession {
  host: string;
  name: string;
  /** Its tmux identity when it vanished. */
  id: string;
  created: number;
  cwd: string;
  /** The command Maestro started it with ("" for none). */
  command: string;
  agent: string | null;
  /** Unix seconds when Maestro first found it gone. */
  vanishedAt: number;
  windows: RestorableWindow[];
  /** Its note, if it has one (it comes back with the session). */
  note: string | null;
}

/** One result of `POST /api/restore`, in the order asked. */
export interface RestoreResult {
  host: string;
  name: string;
  ok: boolean;
  /** The new session's tmux id and creation time when restored. */
  id?: string;
  created?: number;
  /** The agents started again in their own conversations. */
  resumed?: { agent: string; conversation: string }[];
  error?: { code: string; message: string };
}
