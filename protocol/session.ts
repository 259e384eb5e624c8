/** Owns the shapes of sessions and hosts as the HTTP API, the events stream and the page see them. */

export type SessionStatus = "working" | "idle" | "waiting" | "exited";

/** A session as the API, the events stream and the page see it (DESIGN §5). */
export interface SessionView {
  host: string;
  name: string;
  id: string;
  windows: number;
  created: number;
  activity: number;
  attached: number;
  cwd: string;
  command: string;
  title: string;
  status: SessionStatus;
  /**
   * The detection rule that decided `status` (`claude-permission`, `shell-prompt`, `bell`…; see
   * docs/STATUS.md); null or absent when a worker did not say.
   */
  statusRule?: string | null;
  group: string[];
  paneId: string;
  cols: number;
  rows: number;
}

/** A host as listed with the sessions. */
export interface HostView {
  id: string;
  name: string;
  status: "online" | "offline";
  lastSeen: number | null;
  sessionCount: number;
  error?: string;
}

/** `GET /api/sessions` and the events stream's `sessions` message. */
export interface SessionList {
  sessions: SessionView[];
  hosts: HostView[];
}

/** `GET /api/health`. */
export interface Health {
  version: string;
  host: { id: string; name: string };
  tmux: string;
  protocol?: number;
}

/** `GET …/notes`. */
export interface Notes {
  text: string;
  updatedAt: number | string | null;
}

/** A session's identity across hosts: host plus name. */
export interface SessionRef {
  host: string;
  name: string;
}

/** A stable string key for a session (`local/acme-web`). */
export function sessionKey(ref: SessionRef): string {
  return `${ref.host}/${ref.name}`;
}
